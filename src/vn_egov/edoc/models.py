"""Typed models of edXML packages (QCVN 102:2016/BTTTT): the public API of :mod:`vn_egov.edoc`.

Field names are English snake_case; each model's ``XML`` table records, once, the element
name of every field in canonical (emitted) order, and the tolerated spellings.

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

import hashlib
from datetime import date, datetime
from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from vn_egov.edoc.codes import BusinessDocType, Priority, StatusCode
from vn_egov.edoc.mapping import XmlField
from vn_egov.edoc.names import DATE_FORMAT
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

    model_config = ConfigDict(frozen=True)

    anchor: str | None
    xml: str


class EdxmlModel(BaseModel):
    """Base of every edXML model: strict fields, unknown children kept in ``extras``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True,
                              ser_json_bytes="base64", val_json_bytes="base64")
    XML: ClassVar[tuple[XmlField, ...]] = ()

    extras: list[ExtraElement] = Field(
        default_factory=list, description="Unknown child elements, written back where they were.")


class Organization(EdxmlModel):
    """An agency (cơ quan, tổ chức): ``From``, ``To`` and the status ``From`` (spec §4.1)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("organ_id", "OrganId"),
        XmlField("organization_in_charge", "OrganizationInCharge",
                 aliases=(("OrganInCharge", "EDX112"),)),
        XmlField("organ_name", "OrganName"),
        XmlField("organ_add", "OrganAdd"),
        XmlField("email", "Email"),
        XmlField("telephone", "Telephone"),
        XmlField("fax", "Fax"),
        XmlField("website", "Website"),
    )
    organ_id: str = Field(description="Mã định danh (OrganId), e.g. 000.00.00.G22 or H56.14.")
    organization_in_charge: str | None = Field(None, description="Cơ quan chủ quản (free text).")
    organ_name: str | None = Field(None, description="Tên cơ quan.")
    organ_add: str | None = Field(None, description="Địa chỉ.")
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


class Code(EdxmlModel):
    """Số và ký hiệu: ``CodeNumber`` (kept as text: ``01/2020`` occurs) and ``CodeNotation``."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("number", "CodeNumber"), XmlField("notation", "CodeNotation"))
    number: str
    notation: str

    def __str__(self) -> str:
        return f"{self.number}/{self.notation}"


class PromulgationInfo(EdxmlModel):
    """Place (địa danh) and date of promulgation (ngày ban hành)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("place", "Place"), XmlField("date", "PromulgationDate"))
    place: str | None = None
    date: date


class DocumentType(EdxmlModel):
    """Loại văn bản. ``type``/``type_detail`` are raw integers (their meaning is disputed, §9.3)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("type", "Type"), XmlField("type_detail", "TypeDetail"),
        XmlField("type_name", "TypeName"))
    type: int | None = None
    type_detail: int | None = Field(None, description="EdXML102 extension; meaning unverified.")
    type_name: str | None = Field(None, description="Human name, e.g. 'Công văn'.")


class SignerInfo(EdxmlModel):
    """Người ký: thẩm quyền (``TL. BỘ TRƯỞNG``), chức vụ, họ tên."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("competence", "Competence"), XmlField("position", "Position"),
        XmlField("full_name", "FullName"))
    competence: str | None = None
    position: str | None = None
    full_name: str | None = None


class OtherInfo(EdxmlModel):
    """Độ khẩn, phạm vi, số bản, số trang, phụ lục (spec §4, 1.11)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("priority", "Priority"),
        XmlField("sphere_of_promulgation", "SphereOfPromulgation"),
        XmlField("typer_notation", "TyperNotation"),
        XmlField("promulgation_amount", "PromulgationAmount"),
        XmlField("page_amount", "PageAmount"),
        XmlField("appendixes", "Appendixes", item="Appendix"),
    )
    priority: int | None = Field(None, description="Raw code; see priority_level (0-4).")
    sphere_of_promulgation: str | None = None
    typer_notation: str | None = None
    promulgation_amount: int | None = None
    page_amount: int | None = None
    appendixes: list[str] = Field(default_factory=list)

    @property
    def priority_level(self) -> Priority | None:
        """The priority as an enum, ``None`` when absent or outside 0-4."""
        return Priority(self.priority) if self.priority in set(Priority) else None


class ResponseFor(EdxmlModel):
    """An earlier document this package answers (văn bản phúc đáp / status target)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("organ_id", "OrganId"), XmlField("code", "Code"),
        XmlField("promulgation_date", "PromulgationDate"), XmlField("document_id", "DocumentId"))
    organ_id: str
    code: str = Field(description="'CodeNumber/CodeNotation' of the earlier document.")
    promulgation_date: date | None = None
    document_id: str | None = None


def build_document_id(organ_id: str, promulgation_date: date, code: Code) -> str:
    """The conventional DocumentId ``OrganId,yyyy/MM/dd,Number/Notation`` (spec §4.2).

    >>> build_document_id("000.00.00.G22", date(2015, 9, 30), Code(number="7816",
    ...                   notation="VPCP-TTĐT"))
    '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT'
    """
    return f"{organ_id},{promulgation_date.strftime(DATE_FORMAT)},{code.number}/{code.notation}"


class DocumentHeader(EdxmlModel):
    """``MessageHeader`` of a document package: the 14 parts of QCVN numbering (variant A order).

    ``document_id`` defaults to the conventional formula when not given.
    """

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("sender", "From"),
        XmlField("recipients", "To"),
        XmlField("code", "Code"),
        XmlField("promulgation_info", "PromulgationInfo"),
        XmlField("document_type", "DocumentType"),
        XmlField("subject", "Subject"),
        XmlField("content", "Content"),
        XmlField("signer_info", "SignerInfo"),
        XmlField("due_date", "DueDate"),
        XmlField("to_places", "ToPlaces", item="Place"),
        XmlField("other_info", "OtherInfo"),
        XmlField("response_for", "ResponseFor"),
        XmlField("steering_type", "SteeringType"),
        XmlField("document_id", "DocumentId"),
    )
    sender: Organization = Field(description="Cơ quan gửi (From).")
    recipients: list[Organization] = Field(min_length=1, description="Nơi nhận chính (To).")
    code: Code
    promulgation_info: PromulgationInfo
    document_type: DocumentType | None = None
    subject: str = Field(description="Trích yếu.")
    content: str | None = None
    signer_info: SignerInfo | None = None
    due_date: date | None = Field(None, description="Hạn xử lý / trả lời.")
    to_places: list[str] = Field(default_factory=list, description="Nơi nhận (free text).")
    other_info: OtherInfo | None = None
    response_for: list[ResponseFor] = Field(default_factory=list)
    steering_type: int = Field(description="Raw SteeringType; meaning depends on the hub (§9.2).")
    document_id: str = Field("", description="DocumentId; the §4.2 formula when left empty.")

    @model_validator(mode="after")
    def _default_document_id(self) -> Self:
        if not self.document_id:
            object.__setattr__(self, "document_id", build_document_id(
                self.sender.organ_id, self.promulgation_info.date, self.code))
        return self


class TraceHeader(EdxmlModel):
    """One hop of the package: agency and time (local time, no zone)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("organ_id", "OrganId"),
        XmlField("timestamp", "Timestamp", aliases=(("TimeStamp", "EDX302"),)))
    organ_id: str | None = Field(None, description="Missing in hub-added entries (EDX203).")
    timestamp: datetime | None = None


class StaffInfo(EdxmlModel):
    """Clerk who acted: department, name, mobile, e-mail."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("department", "Department"), XmlField("staff", "Staff"),
        XmlField("mobile", "Mobile"), XmlField("email", "Email"))
    department: str | None = None
    staff: str | None = None
    mobile: str | None = None
    email: str | None = None


class Receiver(EdxmlModel):
    """A recipient change in an update package: 0 removed, 1 added (raw, see ReceiverType)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("organ_id", "OrganId"), XmlField("receiver_type", "ReceiverType"))
    organ_id: str
    receiver_type: int


class BusinessDocumentInfo(EdxmlModel):
    """What an update (BussinessDocType 2) changes: metadata flag, recipient flag, receivers."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("document_info", "DocumentInfo"),
        XmlField("document_receiver", "DocumentReceiver"),
        XmlField("receivers", "ReceiverList", item="Receiver"),
    )
    document_info: int | None = None
    document_receiver: int | None = None
    receivers: list[Receiver] = Field(default_factory=list)


class ReplacementInfo(EdxmlModel):
    """A replaced document and the recipients concerned (BussinessDocType 3)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("document_id", "DocumentId"),
        XmlField("organ_ids", "OrganIdList", item="OrganId"))
    document_id: str
    organ_ids: list[str] = Field(default_factory=list)


class Business(EdxmlModel):
    """The ``Bussiness`` block (official double-s spelling): the business action (spec §5)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("document_id", "DocumentId"),
        XmlField("doc_type", "BussinessDocType", aliases=(("BusinessDocType", "EDX201"),)),
        XmlField("reason", "BussinessDocReason", aliases=(("BusinessDocReason", "EDX201"),)),
        XmlField("paper", "Paper"),
        XmlField("document_info", "BussinessDocumentInfo",
                 aliases=(("BusinessDocumentInfo", "EDX201"),)),
        XmlField("replacements", "ReplacementInfoList", item="ReplacementInfo"),
        XmlField("staff_info", "StaffInfo"),
    )
    document_id: str | None = Field(None, description="Target document (revoke/update/replace).")
    doc_type: BusinessDocType = BusinessDocType.NEW
    reason: str | None = None
    paper: int | None = Field(None, description="0/1: a paper copy is also sent (medium).")
    document_info: BusinessDocumentInfo | None = None
    replacements: list[ReplacementInfo] = Field(default_factory=list)
    staff_info: StaffInfo | None = None


class TraceHeaderList(EdxmlModel):
    """Hop log plus the business block; ebXML attributes are kept in ``attributes``."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("trace_headers", "TraceHeader"),
        XmlField("business", "Bussiness", aliases=(("Business", "EDX201"),)),
    )
    trace_headers: list[TraceHeader] = Field(default_factory=list)
    business: Business | None = None
    attributes: dict[str, str] = Field(default_factory=dict,
                                       description="Attributes in Clark notation, kept verbatim.")


class ManifestReference(EdxmlModel):
    """An ``edXMLManifest/Reference`` entry; ``content_id`` is stored without ``cid:``."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("content_id", "ContentId"), XmlField("content_type", "ContentType"),
        XmlField("description", "Description"), XmlField("name", "AttachmentName"))
    content_id: str
    content_type: str | None = None
    description: str | None = None
    name: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)


class Attachment(EdxmlModel):
    """An attached file: metadata and decoded bytes (``content_id`` without ``cid:``).

    >>> a = Attachment(content_id="1", name="a.txt", content_type="text/plain", data=b"abc")
    >>> a.size, a.sha256[:8]
    (3, 'ba7816bf')
    """

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("content_id", "ContentId"), XmlField("name", "AttachmentName"),
        XmlField("description", "Description"), XmlField("content_type", "ContentType"),
        XmlField("data", "ContentTransferEncoded"))
    content_id: str
    name: str | None = None
    description: str | None = None
    content_type: str | None = None
    data: bytes = Field(repr=False)

    @property
    def size(self) -> int:
        """Size of the decoded content in bytes."""
        return len(self.data)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the decoded content."""
        return hashlib.sha256(self.data).hexdigest()


class SignatureBlock(EdxmlModel):
    """The ``Signature`` (or ``DigitalSignature``) element of ``edXMLHeader``, kept verbatim.

    ``kind`` is ``xmldsig`` (in the XML-DSig namespace), ``placeholder`` (namespace-less, as the
    official library writes it) or ``digital-signature`` (LGSP ``DigitalSignature``).
    """

    kind: str
    xml: str


class _PackageBase(EdxmlModel):
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


class DocumentPackage(_PackageBase):
    """A document package (gói tin văn bản): header, trace list, manifest, attachments."""

    header: DocumentHeader
    trace: TraceHeaderList | None = Field(default_factory=TraceHeaderList)
    manifest: list[ManifestReference] = Field(default_factory=list)
    manifest_version: str = "1.0"
    attachments: list[Attachment] = Field(default_factory=list)
    signature: SignatureBlock | None = None

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
        raise KeyError(f"no attachment with ContentId {content_id!r}")


class StatusHeader(EdxmlModel):
    """``MessageHeader`` of a status package (spec §6)."""

    XML: ClassVar[tuple[XmlField, ...]] = (
        XmlField("sender", "From"),
        XmlField("response_for", "ResponseFor"),
        XmlField("staff_info", "StaffInfo"),
        XmlField("status_code", "StatusCode"),
        XmlField("description", "Description"),
        XmlField("timestamp", "Timestamp",
                 aliases=(("TimeStamp", "EDX302"), ("timestamp", "EDX302"),
                          ("TIMESTAMP", "EDX302"), ("timeStamp", "EDX302"))),
    )
    sender: Organization
    response_for: ResponseFor
    staff_info: StaffInfo | None = None
    status_code: str = Field(description="Two-digit code; see status (01-06, 13, 15, 16).")
    description: str | None = None
    timestamp: datetime | None = None

    @property
    def status(self) -> StatusCode | None:
        """The status code as an enum, ``None`` when it is not a known code."""
        try:
            return StatusCode(self.status_code)
        except ValueError:
            return None


class StatusPackage(_PackageBase):
    """A status package (gói tin trạng thái): the receiver's processing state of a document."""

    header: StatusHeader
    signature: SignatureBlock | None = None
