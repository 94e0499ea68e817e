"""Rules the XSD cannot express: codes, identifiers, cross-field consistency, linkage.

Each check receives the :class:`~vn_egov.edoc.fields.FieldReader` (to report, located) and the
element it concerns, plus the model when it could be built. Settings come from
``ValidationOptions.settings["edxml"]``: ``steering`` (a CodeMapping), ``document_types``
(a set of accepted ``Type`` values), ``today`` (a date, for EDX106), ``max_lengths``
({element name: max characters}, EDX107), ``agency_registry`` (a
:class:`vn_egov.units.registry.Registry`: OrganIds must be listed in it).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from lxml import etree

from vn_egov.edoc.codes import VPCP_STEERING, BusinessDocType, CodeMapping, StatusCode
from vn_egov.edoc.fields import FieldReader
from vn_egov.edoc.models import (
    Attachment,
    DocumentHeader,
    EdxmlModel,
    ManifestReference,
    StatusHeader,
    TraceHeaderList,
    build_document_id,
)
from vn_egov.errors import CodeError
from vn_egov.units import agency
from vn_egov.xml import local_name

__all__ = [
    "check_attachments",
    "check_document_header",
    "check_status",
    "check_trace",
    "organ_id_problem",
]

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_ZIP_MAGIC = b"PK\x03\x04"
_ODD_MIME = frozenset({"application/doc", "application/docx"})


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
        canonical = agency.validate(text)
        if registry is not None:
            registry.validate(canonical)
    except CodeError as exc:
        return exc.message
    if canonical != text:
        return f"{text!r} is not written canonically; expected {canonical!r}"
    return None


def _settings(fields: FieldReader) -> dict[str, Any]:
    settings = fields.context.options.settings.get("edxml", {})
    return dict(settings) if isinstance(settings, dict) else {}


def _find(element: etree._Element, *path: str) -> list[etree._Element]:
    found = [element]
    for name in path:
        found = [c for parent in found for c in parent if local_name(c) == name]
    return found


def _check_organ_ids(fields: FieldReader, element: etree._Element) -> None:
    registry = _settings(fields).get("agency_registry")
    for node in element.iter():
        if local_name(node) != "OrganId" or not node.text:
            continue
        problem = organ_id_problem(node.text, registry)
        if problem:
            fields.report("EDX108", f"OrganId: {problem}", node)


def _check_emails(fields: FieldReader, element: etree._Element) -> None:
    for node in element.iter():
        if local_name(node) == "Email" and node.text and not _EMAIL.match(node.text.strip()):
            fields.report("EDX114", f"e-mail address {node.text!r} is not valid", node)


def _check_lengths(fields: FieldReader, element: etree._Element) -> None:
    limits = _settings(fields).get("max_lengths") or {}
    if not limits:
        return
    for node in element.iter():
        limit = limits.get(local_name(node))
        if limit is not None and node.text and len(node.text) > limit:
            fields.report("EDX107", f"<{local_name(node)}> has {len(node.text)} characters, "
                          f"above the observed limit {limit}", node)


def _check_empty_response_for(fields: FieldReader, message: etree._Element) -> None:
    for node in _find(message, "ResponseFor"):
        if not any(isinstance(c.tag, str) for c in node) and not (node.text or "").strip():
            fields.report("EDX113", "empty <ResponseFor> ignored", node)


def check_document_header(fields: FieldReader, message: etree._Element,
                          model: EdxmlModel | None) -> None:
    """Checks on a document ``MessageHeader`` (EDX008, EDX102-EDX114)."""
    _check_organ_ids(fields, message)
    _check_emails(fields, message)
    _check_lengths(fields, message)
    _check_empty_response_for(fields, message)
    _check_order(fields, message)
    if not _find(message, "DocumentId"):
        # The model would fill in the §4.2 formula; a received package must carry its own id.
        fields.report("EDX101", "MessageHeader/DocumentId is missing", message)
    if isinstance(model, DocumentHeader):
        _check_header_values(fields, message, model)


def _check_order(fields: FieldReader, message: etree._Element) -> None:
    order = [spec.name for spec in DocumentHeader.XML]
    seen = [name for c in message if (name := local_name(c)) in order]
    if seen != sorted(seen, key=order.index):
        fields.report("EDX008", "MessageHeader children are not in QCVN order (variant B or "
                      "other); the writer emits variant A", message)


def _check_header_values(fields: FieldReader, message: etree._Element,
                         header: DocumentHeader) -> None:
    settings = _settings(fields)
    recipients = [r.organ_id for r in header.recipients]
    to_elements = _find(message, "To")
    for index, organ_id in enumerate(recipients):
        if organ_id in recipients[:index]:
            fields.report("EDX102", f"recipient {organ_id} is listed more than once",
                          to_elements[index] if index < len(to_elements) else message)
    expected = build_document_id(header.sender.organ_id, header.promulgation_info.date,
                                 header.code)
    if header.document_id != expected:
        fields.report("EDX104", f"DocumentId {header.document_id!r} differs from the "
                      f"conventional {expected!r}", _first(message, "DocumentId"))
    today = settings.get("today") or date.today()
    if header.promulgation_info.date > today:
        fields.report("EDX106", f"PromulgationDate {header.promulgation_info.date:%Y/%m/%d} is "
                      "in the future", _first(message, "PromulgationInfo"))
    other = header.other_info
    if other is not None and other.priority is not None and other.priority_level is None:
        fields.report("EDX109", f"Priority {other.priority} is outside 0-4",
                      _first(message, "OtherInfo"))
    steering: CodeMapping = settings.get("steering") or VPCP_STEERING
    if header.steering_type not in steering:
        fields.report("EDX110", f"SteeringType {header.steering_type} is not in the "
                      f"{steering.name} mapping", _first(message, "SteeringType"))
    _check_document_type(fields, message, header, settings)


def _check_document_type(fields: FieldReader, message: etree._Element, header: DocumentHeader,
                         settings: dict[str, Any]) -> None:
    document_type = header.document_type
    if document_type is None or not document_type.type_name:
        fields.report("EDX111", "DocumentType/TypeName is missing; receivers display it",
                      _first(message, "DocumentType") if document_type else message)
        return
    accepted = settings.get("document_types")
    if accepted is not None and document_type.type not in accepted:
        fields.report("EDX111", f"DocumentType/Type {document_type.type} is not in the "
                      "configured mapping", _first(message, "DocumentType"))


def _first(element: etree._Element, name: str) -> etree._Element:
    return next((c for c in element if local_name(c) == name), element)


def check_trace(fields: FieldReader, element: etree._Element, model: EdxmlModel | None) -> None:
    """Checks on ``TraceHeaderList`` and the business block (EDX203-EDX206)."""
    _check_organ_ids(fields, element)
    _check_emails(fields, element)
    for node in _find(element, "TraceHeader"):
        if not any(local_name(c) == "OrganId" for c in node):
            fields.report("EDX203", "TraceHeader without OrganId (added by a hub)", node)
    if not isinstance(model, TraceHeaderList) or model.business is None:
        return
    business = model.business
    block = _first(element, "Bussiness")
    if block is element:
        block = _first(element, "Business")
    _check_business(fields, block, business)


def _check_business(fields: FieldReader, block: etree._Element, business: Any) -> None:
    doc_type = business.doc_type
    if doc_type is not BusinessDocType.NEW and not business.document_id:
        fields.report("EDX205", f"BussinessDocType {doc_type.value} ({doc_type.label}) without "
                      "Bussiness/DocumentId naming the target document", block)
    if doc_type is BusinessDocType.UPDATE and business.document_info is None:
        fields.report("EDX205", "update package (type 2) without BussinessDocumentInfo", block)
    if doc_type is BusinessDocType.REPLACE and not business.replacements:
        fields.report("EDX205", "replace package (type 3) without ReplacementInfoList", block)
    flags = [("Paper", business.paper)]
    if business.document_info is not None:
        info = business.document_info
        flags += [("DocumentInfo", info.document_info),
                  ("DocumentReceiver", info.document_receiver)]
        flags += [("ReceiverType", r.receiver_type) for r in info.receivers]
    for name, value in flags:
        if value is not None and value not in (0, 1):
            fields.report("EDX206", f"{name} is {value}; expected 0 or 1", block)


def check_status(fields: FieldReader, message: etree._Element, model: EdxmlModel | None) -> None:
    """Checks on a status ``MessageHeader`` (EDX101 parts, EDX303, identifiers, e-mail)."""
    _check_organ_ids(fields, message)
    _check_emails(fields, message)
    _check_lengths(fields, message)
    _check_empty_response_for(fields, message)
    if not isinstance(model, StatusHeader):
        return
    if model.status is None:
        allowed = ", ".join(code.value for code in StatusCode)
        fields.report("EDX303", f"StatusCode {model.status_code!r} is not one of {allowed}",
                      _first(message, "StatusCode"))
    if not model.response_for.document_id:
        fields.report("EDX101", "MessageHeader/ResponseFor/DocumentId is missing",
                      _first(message, "ResponseFor"))


def check_attachments(fields: FieldReader,
                      manifest: list[tuple[ManifestReference, bool, etree._Element]],
                      attachments: list[tuple[Attachment, bool, etree._Element]],
                      unreadable: frozenset[str] = frozenset()) -> None:
    """Manifest <-> payload linkage (EDX401, EDX402) and content sniffing (EDX403, EDX405).

    *unreadable* are the ContentIds of payloads that exist but could not be read (EDX404 was
    reported for them): their manifest entries are not reported again as EDX401.
    """
    by_id = {model.content_id: (had_cid, element) for model, had_cid, element in manifest}
    payload_ids = {model.content_id for model, _, _ in attachments} | unreadable
    for model, had_cid, element in attachments:
        entry = by_id.get(model.content_id)
        if entry is None:
            fields.report("EDX401", f"attachment {model.content_id!r} has no manifest entry",
                          element)
        elif entry[0] != had_cid:
            fields.report("EDX402", f"ContentId {model.content_id!r} has cid: in one place and "
                          "not in the other", element)
        _sniff(fields, model, element)
    for reference, _, element in manifest:
        if reference.content_id not in payload_ids:
            fields.report("EDX401", f"manifest entry {reference.content_id!r} has no attachment",
                          element)


def _sniff(fields: FieldReader, attachment: Attachment, element: etree._Element) -> None:
    content_type = (attachment.content_type or "").lower()
    name = (attachment.name or "").lower()
    if attachment.data.startswith(_ZIP_MAGIC) and not (
            "zip" in content_type and name.endswith(".zip")):
        fields.report("EDX403", f"attachment {attachment.name!r} is a ZIP archive although "
                      f"declared as {attachment.content_type!r}", element)
    if content_type in _ODD_MIME:
        fields.report("EDX405", f"non-standard MIME type {attachment.content_type!r}", element)
