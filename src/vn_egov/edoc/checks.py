"""Rules the XSD cannot express: codes, identifiers, cross-field consistency, linkage.

:func:`check_package` receives the :class:`~vn_egov.edoc.fields.FieldReader` (to report,
located at the element each model was read from), the package kind, the root element and the
parts read (models, possibly partial when the package could not be built). Settings come
from ``ValidationOptions.settings["edxml"]``: ``steering`` (a CodeMapping),
``document_types`` (a set of accepted ``Type`` values), ``today`` (a date, for EDX106),
``max_lengths`` ({element name: max characters}, EDX107), ``agency_registry`` (a
:class:`vn_egov.units.registry.Registry`: OrganIds must be listed in it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from typing import Any

from lxml import etree

from vn_egov.edoc.codes import VPCP_STEERING, BusinessDocType, CodeMapping, StatusCode
from vn_egov.edoc.compression import ZIP_MIME, is_transport_compressed, zip_problem
from vn_egov.edoc.fields import FieldReader
from vn_egov.edoc.models import (
    Attachment,
    Business,
    DocumentHeader,
    ManifestReference,
    SignatureBlock,
    StatusHeader,
    TraceHeaderList,
    build_document_id,
)
from vn_egov.edoc.transfer import decode_base64
from vn_egov.errors import ArchiveError, CodeError, InvalidBase64
from vn_egov.i18n import tr
from vn_egov.units import agency
from vn_egov.validation.issue import Severity
from vn_egov.xml import local_name

__all__ = ["check_package", "organ_id_problem"]

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ODD_MIME = frozenset({"application/doc", "application/docx"})
#: Declarations that say nothing about the content: ZIP bytes under them are no finding.
_GENERIC_MIME = frozenset({"application/octet-stream", "binary/octet-stream"})
#: Other names of the ZIP archive type.
_ZIP_ALIASES = frozenset({ZIP_MIME, "application/x-zip-compressed", "application/x-zip",
                          "multipart/x-zip"})
#: File formats that are ZIP containers by design (OOXML, ODF, EPUB, JAR, ...).
_CONTAINER_PREFIXES = ("application/vnd.openxmlformats-officedocument.",
                       "application/vnd.oasis.opendocument.", "application/vnd.ms-xpsdocument",
                       "application/java-archive")
#: The EdXML102 builder's own labels for ZIP container formats: it declares a .docx file it
#: sends uncompressed as ``application/docx`` (EDX405 notes the non-standard string).
_CONTAINER_LABELS = frozenset({"application/docx"})


def organ_id_problem(text: str, registry: Any = None) -> str | None:
    """Why *text* is not a well-formed OrganId on the wire, or ``None`` (rule EDX108).

    Uses :mod:`vn_egov.units.agency`; on the wire the value must already be canonical (no
    spaces, upper case), and known to *registry* when one is configured.

    >>> organ_id_problem("000.00.00.G22") is None, organ_id_problem("H56.14") is None
    (True, True)
    >>> organ_id_problem("28.22.H17")
    "the 13-character form has 4 groups (NNN.NN.NN.XNN); '28.22.H17' has 3"
    >>> organ_id_problem("h56.14")
    "'h56.14' is not written canonically; expected 'H56.14'"
    """
    try:
        canonical = _canonical_organ_id(text) if len(text) <= 64 else None
        if canonical is None:  # not a code (the error says why, in the current language)
            canonical = agency.validate(text)
        if registry is not None:
            registry.validate(canonical)
    except CodeError as exc:
        return exc.message
    if canonical != text:
        return tr("{value!r} is not written canonically; expected {canonical!r}", value=text,
                  canonical=canonical)
    return None


@lru_cache(maxsize=4096)
def _canonical_organ_id(text: str) -> str | None:
    """The canonical form of a valid OrganId, ``None`` otherwise; a package names the same
    few agencies many times, a hub the same few hundred in every package (cached)."""
    try:
        return agency.validate(text)
    except CodeError:
        return None


def _settings(fields: FieldReader) -> dict[str, Any]:
    settings = fields.context.options.settings.get("edxml", {})
    return dict(settings) if isinstance(settings, dict) else {}


def check_package(fields: FieldReader, kind: str, root: etree._Element,
                  parts: Mapping[str, Any]) -> None:
    """Every rule on a package after reading (*parts*: the package fields that were read)."""
    header = parts.get("header")
    message = fields.where(header) if header is not None else None
    if message is None:
        from vn_egov.edoc.reader import message_header

        message = message_header(root)
    if message is not None:
        _check_elements(fields, message)
    signature = parts.get("signature")
    if isinstance(signature, SignatureBlock):
        _check_signature(fields, signature)
    if kind == "status":
        if isinstance(header, StatusHeader):
            _check_status(fields, header)
        return
    if isinstance(header, DocumentHeader):
        _check_header_values(fields, header)
    trace = parts.get("trace")
    if isinstance(trace, TraceHeaderList):
        _check_trace(fields, trace, header if isinstance(header, DocumentHeader) else None)
    _check_attachments(fields, parts.get("manifest") or [], parts.get("attachments") or [])


# -- element-level checks (any text, even in parts the models could not read) --------------


def _check_elements(fields: FieldReader, element: etree._Element) -> None:
    """OrganId shapes (EDX108), e-mail syntax (EDX114) and configured lengths (EDX107) of
    every element below *element*, whatever its place (libxml2 finds them by name)."""
    registry = _settings(fields).get("agency_registry")
    for node in element.iter("{*}OrganId"):
        problem = organ_id_problem(node.text.strip(), registry) if node.text else None
        if problem:
            fields.report("EDX108", tr("OrganId: {problem}", problem=problem), node)
    for node in element.iter("{*}Email"):
        if node.text and not _EMAIL.match(node.text.strip()):
            fields.report("EDX114", tr("e-mail address {value!r} is not valid", value=node.text),
                          node)
    limits: dict[str, int] = _settings(fields).get("max_lengths") or {}
    for node in element.iter(*(f"{{*}}{name}" for name in limits)) if limits else ():
        name, text = local_name(node), node.text or ""
        if len(text) > limits[name]:
            fields.report("EDX107", tr("<{name}> has {length} characters, above the observed "
                                       "limit {limit}", name=name, length=len(text),
                                       limit=limits[name]), node)


# -- document header ------------------------------------------------------------------------


def _check_header_values(fields: FieldReader, header: DocumentHeader) -> None:
    settings = _settings(fields)
    recipients = [r.organ_id for r in header.recipients]
    for index, organ_id in enumerate(recipients):
        if organ_id in recipients[:index]:
            fields.report("EDX102", tr("recipient {organ_id} is listed more than once",
                                       organ_id=organ_id), fields.where(header.recipients[index]))
    expected = build_document_id(header.sender.organ_id, header.promulgation_info.date,
                                 header.code)
    if header.document_id != expected:
        fields.report("EDX104", tr("DocumentId {value!r} differs from the conventional "
                                   "{expected!r}", value=header.document_id, expected=expected),
                      fields.where(header, "document_id"))
    today = settings.get("today") or date.today()
    if header.promulgation_info.date > today:
        issued = header.promulgation_info.date.strftime("%Y/%m/%d")
        fields.report("EDX106", tr("PromulgationDate {date} is in the future", date=issued),
                      fields.where(header, "promulgation_info"))
    other = header.other_info
    if other is not None and other.priority is not None and other.priority_level is None:
        fields.report("EDX109", tr("Priority {value} is outside 0-4", value=other.priority),
                      fields.where(header, "other_info"))
    steering: CodeMapping = settings.get("steering") or VPCP_STEERING
    if header.steering_type not in steering and fields.present(header, "steering_type"):
        fields.report("EDX110", tr("SteeringType {value} is not in the {mapping} mapping",
                                   value=header.steering_type, mapping=steering.name),
                      fields.where(header, "steering_type"))
    _check_document_type(fields, header, settings)


def _check_document_type(fields: FieldReader, header: DocumentHeader,
                         settings: dict[str, Any]) -> None:
    document_type = header.document_type
    if document_type is None or not document_type.type_name:
        fields.report("EDX111", tr("DocumentType/TypeName is missing; receivers display it"),
                      fields.where(header, "document_type"))
        return
    accepted = settings.get("document_types")
    if accepted is not None and document_type.type not in accepted:
        fields.report("EDX111", tr("DocumentType/Type {value} is not in the configured mapping",
                                   value=document_type.type),
                      fields.where(header, "document_type"))


# -- trace and business ---------------------------------------------------------------------


def _check_trace(fields: FieldReader, trace: TraceHeaderList,
                 header: DocumentHeader | None) -> None:
    element = fields.where(trace)
    if element is not None:
        _check_elements(fields, element)
        for node in element:
            if isinstance(node.tag, str) and local_name(node) == "TraceHeader" and not any(
                    isinstance(c.tag, str) and local_name(c) == "OrganId" for c in node):
                fields.report("EDX203", tr("TraceHeader without OrganId (added by a hub)"), node)
    flags = [("Paper", trace.paper, trace)]
    if trace.business is not None:
        _check_business(fields, trace.business, header)
        flags += _business_flags(trace.business)
    for name, value, owner in flags:
        if value is not None and value not in (0, 1):
            fields.report("EDX206", tr("{name} is {value}; expected 0 or 1", name=name,
                                       value=value), fields.where(owner))


def _business_flags(business: Business) -> list[tuple[str, int | None, Any]]:
    flags: list[tuple[str, int | None, Any]] = [("Paper", business.paper, business)]
    for info in business.document_infos:
        flags += [("DocumentInfo", info.document_info, info),
                  ("DocumentReceiver", info.document_receiver, info)]
        flags += [("ReceiverType", r.receiver_type, r) for r in info.receivers]
    return flags


def _check_business(fields: FieldReader, business: Business,
                    header: DocumentHeader | None) -> None:
    doc_type = business.doc_type
    where = fields.where(business)
    if doc_type is BusinessDocType.UPDATE:
        if not business.document_id:
            fields.report("EDX205", tr("update package (type 2) without Bussiness/DocumentId "
                                       "naming the updated document"), where)
        if not business.document_infos:
            fields.report("EDX205", tr("update package (type 2) without BussinessDocumentInfo"),
                          where)
    if doc_type is BusinessDocType.REPLACE and not business.replacements:
        fields.report("EDX205", tr("replace package (type 3) without ReplacementInfoList"),
                      where)
    if doc_type in (BusinessDocType.REVOKE, BusinessDocType.REPLACE) and not business.document_id:
        # Official output (the official samples and example code omit it): information only.
        target = _target(business, header)
        fields.report("EDX205", tr("BussinessDocType {code} ({label}) without "
                                   "Bussiness/DocumentId, as the official library writes it; "
                                   "target document: {target}", code=doc_type.value,
                                   label=doc_type.label, target=target), where,
                      severity=Severity.INFO)


def _target(business: Business, header: DocumentHeader | None) -> str:
    """The document a revoke/replace package concerns, from the parts that name it."""
    if business.doc_type is BusinessDocType.REPLACE and business.replacements:
        return tr("{value} (ReplacementInfo/DocumentId)",
                  value=business.replacements[0].document_id)
    if header is not None:
        named = [r.document_id for r in header.response_for if r.document_id]
        if named:
            return tr("{value} (ResponseFor/DocumentId)", value=named[0])
        return tr("{value} (MessageHeader/DocumentId)", value=header.document_id)
    return tr("not named")


# -- status ---------------------------------------------------------------------------------


def _check_status(fields: FieldReader, header: StatusHeader) -> None:
    if header.status is None:
        allowed = ", ".join(code.value for code in StatusCode)
        fields.report("EDX303", tr("StatusCode {value!r} is not one of {allowed}",
                                   value=header.status_code, allowed=allowed),
                      fields.where(header, "status_code"))
    if not header.response_for.document_id:
        fields.report("EDX101", tr("MessageHeader/ResponseFor/DocumentId is missing"),
                      fields.where(header.response_for))


# -- signature ------------------------------------------------------------------------------


def _check_signature(fields: FieldReader, signature: SignatureBlock) -> None:
    element = fields.where(signature)
    if signature.kind == "placeholder":
        fields.report("EDX503", tr("<Signature> is not in the XML-DSig namespace; it cannot be "
                                   "verified (the official library writes such placeholders)"),
                      element)
    parent = element.getparent() if element is not None else None
    if parent is not None:
        last = [c for c in parent if isinstance(c.tag, str)][-1]
        if last is not element:
            fields.report("EDX505", tr("<Signature> is not the last child of <edXMLHeader>"),
                          element)


# -- attachments ----------------------------------------------------------------------------


def _had_prefix(fields: FieldReader, model: object) -> bool:
    element = fields.where(model, "content_id")
    return element is not None and (element.text or "").strip().startswith("cid:")


def _check_attachments(fields: FieldReader, manifest: Iterable[ManifestReference],
                       attachments: Iterable[Attachment]) -> None:
    """Manifest <-> payload linkage (EDX401, EDX402) and content (EDX403, EDX405).

    Payloads that exist but could not be read (EDX404, EDX407 reported for them) do not make
    their manifest entries EDX401 again.
    """
    entries = {reference.content_id: reference for reference in manifest}
    unreadable = {str(values["content_id"]).removeprefix("cid:")
                  for cls, _, values in fields.unreadable
                  if cls is Attachment and isinstance(values.get("content_id"), str)}
    payload_ids = unreadable.copy()
    for attachment in attachments:
        payload_ids.add(attachment.content_id)
        element = fields.where(attachment)
        entry = entries.get(attachment.content_id)
        if entry is None:
            fields.report("EDX401", tr("attachment {content_id!r} has no manifest entry",
                                       content_id=attachment.content_id), element)
        elif _had_prefix(fields, entry) != _had_prefix(fields, attachment):
            fields.report("EDX402", tr("ContentId {content_id!r} has cid: in one place and not "
                                       "in the other", content_id=attachment.content_id), element)
        _check_content(fields, attachment, element)
    for reference in manifest:
        if reference.content_id not in payload_ids:
            fields.report("EDX401", tr("manifest entry {content_id!r} has no attachment",
                                       content_id=reference.content_id), fields.where(reference))


def _transfer_bytes(fields: FieldReader, attachment: Attachment) -> bytes:
    """All the transferred bytes, also when only their start was decoded (validation)."""
    if not fields.sniff_attachments:
        return attachment.transfer_data
    element = fields.where(attachment, "transfer_data")
    if element is None:
        return attachment.transfer_data
    text = (element.text or "") + "".join(node.tail or "" for node in element)
    try:
        return decode_base64(text)
    except InvalidBase64:  # the reader reported it (EDX404) and kept no attachment
        return attachment.transfer_data


class _JudgedArchives:
    """ZIP verdicts given on whole attachments before validation, by the order of their
    ``ContentTransferEncoded`` element in the document, with the (shortened) text that
    validation sees in it."""

    def __init__(self, verdicts: Mapping[int, tuple[str, ArchiveError | None]]) -> None:
        self.verdicts = verdicts
        self.order: dict[etree._Element, int] | None = None

    def verdict(self, element: etree._Element) -> tuple[bool, ArchiveError | None]:
        """(judged, problem) for the ``ContentTransferEncoded`` *element*."""
        if self.order is None:  # one pass over the document, whatever the attachment count
            self.order = {node: index for index, node in enumerate(
                element.getroottree().iter("{*}ContentTransferEncoded"))}
        judged = self.verdicts.get(self.order.get(element, -1))
        # The text must be the one that was judged: never a verdict for another element.
        if judged is None or len(element) or (element.text or "") != judged[0]:
            return False, None
        return True, judged[1]


_JUDGED: ContextVar[_JudgedArchives | None] = ContextVar("vn_egov_judged_archives",
                                                         default=None)


@contextmanager
def judged_archives(verdicts: Mapping[int, tuple[str, ArchiveError | None]]
                    ) -> Iterator[None]:
    """Within the block, validation takes the ZIP verdict of a transport-compressed
    attachment from *verdicts* (its order among the ``ContentTransferEncoded`` elements ->
    (the text validation sees, the problem or ``None``)) when the text matches: the reduced
    validation of large packages judged the whole archive while streaming, and validates a
    copy whose attachments are cut.

    >>> with judged_archives({}):
    ...     _JUDGED.get() is not None
    True
    """
    token = _JUDGED.set(_JudgedArchives(verdicts))
    try:
        yield
    finally:
        _JUDGED.reset(token)


def _archive_problem(fields: FieldReader, attachment: Attachment) -> ArchiveError | None:
    judged = _JUDGED.get()
    element = fields.where(attachment, "transfer_data") if judged is not None else None
    if judged is not None and element is not None:
        known, problem = judged.verdict(element)
        if known:
            return problem
    return zip_problem(_transfer_bytes(fields, attachment))


def _is_container_type(content_type: str) -> bool:
    return (content_type.startswith(_CONTAINER_PREFIXES) or content_type.endswith("+zip")
            or content_type in _CONTAINER_LABELS)


def _check_content(fields: FieldReader, attachment: Attachment,
                   element: etree._Element | None) -> None:
    """EDX403: declaration and bytes disagree; EDX405: non-standard MIME string."""
    declared = attachment.content_type or ""
    lowered = declared.lower()
    head = attachment.transfer_data[:4]
    is_zip = head.startswith(_ZIP_MAGIC)
    name = attachment.name
    if is_transport_compressed(attachment.content_type, name):
        problem = _archive_problem(fields, attachment)
        if problem is not None and problem.rule == "EDX403":
            fields.report("EDX403", tr("attachment {name!r} is declared application/zip "
                                       "(transport compression), but {problem}; the official "
                                       "parser rejects the whole package", name=name,
                                       problem=problem.message), element,
                          severity=Severity.ERROR)
        elif problem is not None:
            fields.report(problem.rule, tr("attachment {name!r} is transport-compressed, but "
                                           "its ZIP archive is refused: {problem}", name=name,
                                           problem=problem.message), element,
                          hint=problem.hint)
    elif lowered in _ZIP_ALIASES or _is_container_type(lowered):
        if not is_zip:
            fields.report("EDX403", tr("attachment {name!r} is declared as {declared!r}, a ZIP "
                                       "format, but its content is not a ZIP", name=name,
                                       declared=declared), element)
    elif is_zip and declared and lowered not in _GENERIC_MIME:
        fields.report("EDX403", tr("attachment {name!r} is a ZIP archive although declared as "
                                   "{declared!r}", name=name, declared=declared), element)
    if lowered in _ODD_MIME:
        fields.report("EDX405", tr("non-standard MIME type {declared!r}", declared=declared),
                      element)
