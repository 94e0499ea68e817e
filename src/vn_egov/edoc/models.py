"""Typed models of edXML packages (QCVN 102:2016/BTTTT): the public API of :mod:`vn_egov.edoc`.

Field names are English snake_case; each field declares, once, the element that carries it
(:func:`~vn_egov.edoc.mapping.element`): name, tolerated spellings, structure, what a missing
element means. The canonical order is the order of declaration. The reader, the writer, the
streaming reader and kind detection are all derived from these declarations.

>>> from datetime import date
>>> org = Organization(organ_id="000.00.00.H99", organ_name="UBND tỉnh Mẫu")
>>> header = DocumentHeader(
...     sender=org, recipients=[Organization(organ_id="000.00.05.H99")],
...     code=Code(number="215", notation="SKHCN-VP"),
...     promulgation_info=PromulgationInfo(date=date(2025, 3, 12)),
...     subject="V/v báo cáo", steering_type=1)
>>> header.document_id
'000.00.00.H99,2025/03/12,215/SKHCN-VP'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Mapping
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from vn_egov.edoc.codes import BusinessDocType, Priority, StatusCode
from vn_egov.edoc.compression import compress, first_member, is_transport_compressed
from vn_egov.edoc.mapping import attribute, element, mapping_of
from vn_egov.edoc.names import DATE_FORMAT, PREFIX, XML_SPACE
from vn_egov.i18n import tr
from vn_egov.validation.issue import Issue

__all__ = [
    "Attachment",
    "Business",
    "BusinessDocumentInfo",
    "Code",
    "DocumentHeader",
    "DocumentPackage",
    "DocumentType",
    "EdxmlModel",
    "ExtraElement",
    "ManifestReference",
    "Organization",
    "OtherInfo",
    "PromulgationInfo",
    "Receiver",
    "ReplacementInfo",
    "ResponseFor",
    "SignatureBlock",
    "SignerInfo",
    "StaffInfo",
    "StatusHeader",
    "StatusPackage",
    "TraceHeader",
    "TraceHeaderList",
    "build_document_id",
]


class ExtraElement(BaseModel):
    """An element (or comment) the models do not know, kept verbatim for a lossless round trip.

    ``anchor`` is the canonical name of the known sibling it followed (``None``: first child).
    """

    # defer_build: validators are built on first validation, not at import (start-up); the
    # reader never validates (it builds models from values of the right types).
    model_config = ConfigDict(frozen=True, defer_build=True)

    anchor: str | None
    xml: str


class EdxmlModel(BaseModel):
    """Base of every edXML model: strict fields, unknown children kept in ``extras``.

    Fields declared with ``trim=True`` are stripped of surrounding XML white space (space,
    tab, carriage return, line feed), as the official parser does; an optional one left empty
    becomes ``None``.
    """

    # defer_build: as for ExtraElement, validators are built when first needed.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True,
                              ser_json_bytes="base64", val_json_bytes="base64")

    extras: list[ExtraElement] = Field(
        default_factory=list, description="Unknown child elements, written back where they were.")

    @model_validator(mode="before")
    @classmethod
    def _trim(cls, values: Any) -> Any:
        trimmed = mapping_of(cls).trimmed
        if not trimmed or not isinstance(values, Mapping):
            return values
        result = dict(values)
        optional = mapping_of(cls).optional_trimmed
        for name in trimmed & result.keys():
            value = result[name]
            if isinstance(value, str):
                value = value.strip(XML_SPACE)
                result[name] = None if not value and name in optional else value
        return result


class Organization(EdxmlModel):
    """An agency (cơ quan, tổ chức): ``From``, ``To`` and the status ``From``.

    Every field is trimmed, as the official parser reads them.
    """

    organ_id: str = element("OrganId", trim=True,
                            description="Mã định danh (OrganId), e.g. 000.00.00.G22 or H56.14.")
    organization_in_charge: str | None = element(
        "OrganizationInCharge", None, aliases={"OrganInCharge": "EDX112"}, trim=True,
        description="Cơ quan chủ quản (free text).")
    organ_name: str | None = element("OrganName", None, trim=True, description="Tên cơ quan.")
    organ_add: str | None = element("OrganAdd", None, trim=True, description="Địa chỉ.")
    email: str | None = element("Email", None, trim=True)
    telephone: str | None = element("Telephone", None, trim=True)
    fax: str | None = element("Fax", None, trim=True)
    website: str | None = element("Website", None, trim=True)


class Code(EdxmlModel):
    """Số và ký hiệu: ``CodeNumber`` (kept as text: ``01/2020`` occurs) and ``CodeNotation``."""

    number: str = element("CodeNumber")
    notation: str = element("CodeNotation")

    def __str__(self) -> str:
        return f"{self.number}/{self.notation}"


class PromulgationInfo(EdxmlModel):
    """Place (địa danh) and date of promulgation (ngày ban hành)."""

    place: str | None = element("Place", None)
    date: dt.date = element("PromulgationDate")


class DocumentType(EdxmlModel):
    """Loại văn bản. ``type``/``type_detail`` are raw integers (their meaning is disputed)."""

    type: int | None = element("Type", None)
    type_detail: int | None = element("TypeDetail", None, extension=True,
                                      description="EdXML102 extension; meaning unverified.")
    type_name: str | None = element("TypeName", None,
                                    description="Human name, e.g. 'Công văn'.")


class SignerInfo(EdxmlModel):
    """Người ký: thẩm quyền (``TL. BỘ TRƯỞNG``), chức vụ, họ tên."""

    competence: str | None = element("Competence", None)
    position: str | None = element("Position", None)
    full_name: str | None = element("FullName", None)


class OtherInfo(EdxmlModel):
    """Độ khẩn, phạm vi, số bản, số trang, phụ lục (QCVN numbering 1.11), and the EdXML102
    extensions ``ReplyFors``, ``Direction`` and ``ReferenceCodes`` (written where EdXML102
    writes them: after PageAmount, before Appendixes)."""

    priority: int | None = element("Priority", None,
                                   description="Raw code; see priority_level (0-4).")
    sphere_of_promulgation: str | None = element("SphereOfPromulgation", None)
    typer_notation: str | None = element("TyperNotation", None)
    promulgation_amount: int | None = element("PromulgationAmount", None)
    page_amount: int | None = element("PageAmount", None)
    reply_fors: str | None = element("ReplyFors", None, extension=True,
                                     description="EdXML102 extension (text); meaning unknown.")
    direction: bool | None = element("Direction", None, extension=True,
                                     description="EdXML102 extension (true/false).")
    reference_codes: str | None = element("ReferenceCodes", None, extension=True,
                                          description="EdXML102 extension (text).")
    appendixes: list[str] = element("Appendixes", item="Appendix", default_factory=list)

    @property
    def priority_level(self) -> Priority | None:
        """The priority as an enum, ``None`` when absent or outside 0-4."""
        return Priority(self.priority) if self.priority in set(Priority) else None


class ResponseFor(EdxmlModel):
    """An earlier document this package answers (văn bản phúc đáp / status target)."""

    organ_id: str = element("OrganId")
    code: str = element("Code", description="'CodeNumber/CodeNotation' of the earlier document.")
    promulgation_date: date | None = element("PromulgationDate", None)
    document_id: str | None = element("DocumentId", None)


def build_document_id(organ_id: str, promulgation_date: date, code: Code) -> str:
    """The conventional DocumentId ``OrganId,yyyy/MM/dd,Number/Notation``.

    >>> build_document_id("000.00.00.G22", date(2015, 9, 30), Code(number="7816",
    ...                   notation="VPCP-TTĐT"))
    '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT'
    """
    return f"{organ_id},{promulgation_date.strftime(DATE_FORMAT)},{code.number}/{code.notation}"


class DocumentHeader(EdxmlModel):
    """``MessageHeader`` of a document package: the 14 parts of QCVN numbering (variant A
    order), plus the EdXML102 extensions ``ResponseForTask`` and ``ApplicationType``.

    ``document_id`` defaults to the conventional formula when not given; a received package
    must carry its own (EDX101). A missing ``SteeringType`` is read as 0, as the official
    parser does (EDX116). Children in another order are reported as EDX008 (info).
    """

    XML_ORDER_RULE: ClassVar[str | None] = "EDX008"

    sender: Organization = element("From", description="Cơ quan gửi (From).")
    recipients: list[Organization] = element("To", min_length=1,
                                             description="Nơi nhận chính (To).")
    code: Code = element("Code")
    promulgation_info: PromulgationInfo = element("PromulgationInfo")
    document_type: DocumentType | None = element("DocumentType", None)
    subject: str = element("Subject", description="Trích yếu.")
    content: str | None = element("Content", None)
    signer_info: SignerInfo | None = element("SignerInfo", None)
    due_date: date | None = element("DueDate", None, description="Hạn xử lý / trả lời.")
    to_places: list[str] = element("ToPlaces", item="Place", repeated="EDX103",
                                   default_factory=list, description="Nơi nhận (free text).")
    other_info: OtherInfo | None = element("OtherInfo", None)
    response_for: list[ResponseFor] = element("ResponseFor", empty="EDX113",
                                              default_factory=list)
    steering_type: int = element("SteeringType", missing="EDX116", missing_value=0,
                                 description="Raw SteeringType; meaning depends on the hub "
                                             "(docs/reference/edxml-format.md: SteeringType).")
    response_for_task: list[str] = element(
        "ResponseForTask", item="TaskCode", extension=True, default_factory=list,
        description="EdXML102 extension: TaskCode values; meaning unknown.")
    application_type: str | None = element("ApplicationType", None, extension=True,
                                           description="EdXML102 extension; meaning unknown.")
    document_id: str = element("DocumentId", "", missing="EDX101", repeated="EDX103",
                               description="DocumentId; the conventional formula when left empty.")

    @model_validator(mode="after")
    def _default_document_id(self) -> Self:
        if not self.document_id:
            object.__setattr__(self, "document_id", build_document_id(
                self.sender.organ_id, self.promulgation_info.date, self.code))
        return self


class TraceHeader(EdxmlModel):
    """One hop of the package: agency and time (local time, no zone)."""

    organ_id: str | None = element("OrganId", None,
                                   description="Missing in hub-added entries (EDX203).")
    timestamp: datetime | None = element("Timestamp", None, aliases={
        "TimeStamp": "EDX302", "timestamp": "EDX302", "TIMESTAMP": "EDX302",
        "timeStamp": "EDX302"})


class StaffInfo(EdxmlModel):
    """Clerk who acted, in EdXML102 order: department (and its id), name (and id), e-mail,
    mobile. ``department_id`` and ``staff_id`` are EdXML102 extensions."""

    department: str | None = element("Department", None)
    department_id: str | None = element("DepartmentId", None, extension=True)
    staff: str | None = element("Staff", None)
    staff_id: str | None = element("StaffId", None, extension=True)
    email: str | None = element("Email", None)
    mobile: str | None = element("Mobile", None)


class Receiver(EdxmlModel):
    """A recipient change in an update package: 0 removed, 1 added (raw, see ReceiverType)."""

    organ_id: str = element("OrganId")
    receiver_type: int = element("ReceiverType")


class BusinessDocumentInfo(EdxmlModel):
    """What an update (BussinessDocType 2) changes: metadata flag, recipient flag, receivers."""

    document_info: int | None = element("DocumentInfo", None)
    document_receiver: int | None = element("DocumentReceiver", None)
    receivers: list[Receiver] = element("ReceiverList", item="Receiver", default_factory=list)


class ReplacementInfo(EdxmlModel):
    """A replaced document and the recipients concerned (BussinessDocType 3)."""

    document_id: str = element("DocumentId")
    organ_ids: list[str] = element("OrganIdList", item="OrganId", default_factory=list)


class Business(EdxmlModel):
    """The ``Bussiness`` block (official double-s spelling): the business action.

    ``document_infos`` and ``staff_infos`` are lists: the official model repeats them.
    """

    document_id: str | None = element("DocumentId", None,
                                      description="Target document (revoke/update/replace).")
    doc_type: BusinessDocType = element(
        "BussinessDocType", BusinessDocType.NEW, aliases={"BusinessDocType": "EDX201"},
        missing="EDX116", missing_value=BusinessDocType.NEW, invalid="EDX204")
    reason: str | None = element("BussinessDocReason", None,
                                 aliases={"BusinessDocReason": "EDX201"})
    paper: int | None = element("Paper", None,
                                description="0/1: a paper copy is also sent (medium).")
    document_infos: list[BusinessDocumentInfo] = element(
        "BussinessDocumentInfo", aliases={"BusinessDocumentInfo": "EDX201"},
        default_factory=list)
    replacements: list[ReplacementInfo] = element("ReplacementInfoList", item="ReplacementInfo",
                                                  default_factory=list)
    staff_infos: list[StaffInfo] = element("StaffInfo", default_factory=list)


class TraceHeaderList(EdxmlModel):
    """Hop log plus the business block; ebXML attributes are kept in ``attributes``.

    The official builder writes ``Bussiness`` before the TraceHeaders, the official samples
    after them: both are read without a finding; the writer emits TraceHeaders first.
    ``paper`` is the EdXML102 extension ``TraceHeaderList/Paper``.
    """

    trace_headers: list[TraceHeader] = element("TraceHeader", default_factory=list)
    business: Business | None = element("Bussiness", None, aliases={"Business": "EDX201"})
    paper: int | None = element("Paper", None, extension=True)
    attributes: dict[str, str] = Field(default_factory=dict,
                                       description="Attributes in Clark notation, kept verbatim.")


class ManifestReference(EdxmlModel):
    """An ``edXMLManifest/Reference`` entry; ``content_id`` is stored without ``cid:``."""

    content_id: str = element("ContentId", value_prefix="cid:")
    content_type: str | None = element("ContentType", None)
    description: str | None = element("Description", None)
    name: str | None = element("AttachmentName", None)
    attributes: dict[str, str] = Field(default_factory=dict)


class Attachment(EdxmlModel):
    """An attached file. ``data``, ``size`` and ``sha256`` are **the file** the official parser
    hands the application, under ``name``; ``transfer_data`` (and ``encoded_size``,
    ``encoded_sha256``) are the bytes as transferred, base64-decoded, kept for signatures and
    round trips. They differ only for transport compression (``compressed``): ContentType
    ``application/zip`` with a name that does not end in ``.zip``, where the file is the first
    ZIP member.

    ``Attachment(data=...)`` takes the file: it is zipped when the declaration says the
    attachment is compressed. ``transfer_data=...`` takes the bytes as they are sent.

    >>> a = Attachment(content_id="1", name="a.txt", content_type="text/plain", data=b"abc")
    >>> a.size, a.sha256[:8], a.compressed
    (3, 'ba7816bf', False)
    >>> z = Attachment(content_id="2", name="a.txt", content_type="application/zip", data=b"abc")
    >>> z.compressed, z.data, z.transfer_data[:2], z.encoded_size > z.size
    (True, b'abc', b'PK', True)
    """

    content_id: str = element("ContentId", value_prefix="cid:")
    name: str | None = element("AttachmentName", None)
    description: str | None = element("Description", None)
    field_name: str | None = element("FieldName", None, extension=True)
    mime_type: str | None = element("MimeType", None, extension=True)
    content_type: str | None = element("ContentType", None)
    transfer_data: bytes = element("ContentTransferEncoded", prefix=PREFIX, missing="EDX407",
                                   repeated="EDX407", invalid="EDX404", repr=False,
                                   description="The bytes as transferred (base64-decoded).")
    _file: tuple[bytes, bytes] | None = PrivateAttr(default=None)

    if TYPE_CHECKING:  # the accepted keywords, ``data`` (the file) included, for type checkers
        # Values are validated at run time, as for every model (the plugin's untyped init).
        def __init__(self, *, content_id: Any, name: Any = None,
                     description: Any = None, field_name: Any = None, mime_type: Any = None,
                     content_type: Any = None, transfer_data: Any = ..., data: Any = ...,
                     extras: Any = ...) -> None: ...

    @model_validator(mode="before")
    @classmethod
    def _file_bytes(cls, values: Any) -> Any:
        if not isinstance(values, Mapping) or "data" not in values:
            return values
        result = dict(values)
        data = result.pop("data")
        if "transfer_data" in result:
            raise ValueError(tr("give either data (the file) or transfer_data (as sent), not both"))
        compressed = is_transport_compressed(result.get("content_type"), result.get("name"))
        result["transfer_data"] = (compress(data, result.get("name"))
                                   if compressed and isinstance(data, bytes) else data)
        return result

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; ``update={"data": ...}`` replaces the file (compressed when declared so)."""
        if update is None or "data" not in update:
            return super().model_copy(update=update, deep=deep)
        values = {name: getattr(self, name) for name in type(self).model_fields
                  if name != "transfer_data"}
        return type(self).model_validate({**values, **update})

    def __eq__(self, other: object) -> bool:
        # Equal content; the unzipped file kept in a private cache does not count.
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.__dict__ == other.__dict__)

    __hash__ = None  # type: ignore[assignment]

    @property
    def compressed(self) -> bool:
        """True for official transport compression (the file is the first ZIP member)."""
        return is_transport_compressed(self.content_type, self.name)

    @property
    def data(self) -> bytes:
        """The file, as the official parser hands it over (raises
        :class:`~vn_egov.errors.ArchiveError` when a compressed attachment is not a ZIP the
        safe reader accepts; a package read by :func:`vn_egov.edoc.read` never has one:
        EDX403, EDX409)."""
        if not self.compressed:
            return self.transfer_data
        cached = self._file
        if cached is not None and cached[0] is self.transfer_data:
            return cached[1]
        _name, data = first_member(self.transfer_data)
        self._file = (self.transfer_data, data)
        return data

    def open(self) -> IO[bytes]:
        """The file (:attr:`data`) as a binary stream, positioned at its start."""
        return io.BytesIO(self.data)

    def open_transferred(self) -> IO[bytes]:
        """The bytes as transferred (:attr:`transfer_data`) as a binary stream."""
        return io.BytesIO(self.transfer_data)

    @property
    def size(self) -> int:
        """Size of the file in bytes."""
        return len(self.data)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the file."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def encoded_size(self) -> int:
        """Size of the bytes as transferred."""
        return len(self.transfer_data)

    @property
    def encoded_sha256(self) -> str:
        """Hex SHA-256 of the bytes as transferred."""
        return hashlib.sha256(self.transfer_data).hexdigest()


class SignatureBlock(EdxmlModel):
    """The ``Signature`` (or ``DigitalSignature``) element of ``edXMLHeader``, kept verbatim.

    ``kind`` is ``xmldsig`` (in the XML-DSig namespace), ``placeholder`` (namespace-less, as the
    official library writes it) or ``digital-signature`` (LGSP ``DigitalSignature``).
    """

    XML_VERBATIM: ClassVar[bool] = True

    kind: str
    xml: str


class _PackageBase(EdxmlModel):
    XML_ROOT: ClassVar[str] = "edXML"
    XML_PREFIX: ClassVar[str | None] = None
    #: Rule for unknown children of the root (elsewhere: EDX007).
    XML_ROOT_UNKNOWN_RULE: ClassVar[str] = "EDX006"

    _issues: list[Issue] = PrivateAttr(default_factory=list)

    @property
    def issues(self) -> list[Issue]:
        """Deviations found when the package was read (empty for packages built in code)."""
        return self._issues

    unknown: dict[str, list[ExtraElement]] = Field(
        default_factory=dict,
        description="Unknown children of the envelope containers, by container name.")

    def __eq__(self, other: object) -> bool:
        # Equal content, whatever was reported while reading it.
        if type(other) is not type(self):
            return NotImplemented
        return bool(self.__dict__ == other.__dict__)

    __hash__ = None  # type: ignore[assignment]


_HEADER = "edXMLEnvelope/edXMLHeader"


class DocumentPackage(_PackageBase):
    """A document package (gói tin văn bản): header, trace list, manifest, attachments."""

    header: DocumentHeader = element("MessageHeader", at=_HEADER, prefix=PREFIX,
                                     missing="EDX003")
    trace: TraceHeaderList | None = element("TraceHeaderList", at=_HEADER, missing="EDX202",
                                            missing_value=None, default_factory=TraceHeaderList)
    signature: SignatureBlock | None = element(
        "Signature", None, at=_HEADER, aliases={"DigitalSignature": "EDX502"}, missing="EDX501")
    manifest: list[ManifestReference] = element(
        "edXMLManifest", at="edXMLEnvelope/edXMLBody", item="Reference", default_factory=list)
    manifest_version: str = attribute("version", "1.0", of="manifest")
    attachments: list[Attachment] = element("AttachmentEncoded", item="Attachment", prefix=None,
                                            repeated="EDX408", default_factory=list)

    @property
    def business(self) -> Business | None:
        """The business block, when the trace list has one."""
        return self.trace.business if self.trace else None

    def attachment(self, content_id: str) -> Attachment:
        """The attachment with *content_id* (``cid:`` optional); ``KeyError`` when absent."""
        wanted = content_id.removeprefix("cid:")
        for attachment in self.attachments:
            if attachment.content_id == wanted:
                return attachment
        raise KeyError(tr("no attachment with ContentId {content_id!r}", content_id=content_id))


class StatusHeader(EdxmlModel):
    """``MessageHeader`` of a status package. ``StatusCode`` is trimmed, as the
    official parser reads it."""

    sender: Organization = element("From")
    response_for: ResponseFor = element("ResponseFor", empty="EDX113")
    staff_info: StaffInfo | None = element("StaffInfo", None)
    status_code: str = element("StatusCode", trim=True,
                               description="Two-digit code; see status (01-06, 13, 15, 16).")
    description: str | None = element("Description", None)
    timestamp: datetime | None = element("Timestamp", None, aliases={
        "TimeStamp": "EDX302", "timestamp": "EDX302", "TIMESTAMP": "EDX302",
        "timeStamp": "EDX302"})

    @property
    def status(self) -> StatusCode | None:
        """The status code as an enum, ``None`` when it is not a known code."""
        try:
            return StatusCode(self.status_code)
        except ValueError:
            return None


class StatusPackage(_PackageBase):
    """A status package (gói tin trạng thái): the receiver's processing state of a document."""

    header: StatusHeader = element("MessageHeader", at=_HEADER, prefix=PREFIX,
                                   aliases={"Status": "EDX301"}, missing="EDX003")
    signature: SignatureBlock | None = element(
        "Signature", None, at=_HEADER, aliases={"DigitalSignature": "EDX502"}, missing="EDX501")
