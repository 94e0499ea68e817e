"""Helpers that build the packages a document-management system sends.

>>> from datetime import date, datetime
>>> doc = new_document(sender="000.00.00.H99", recipients=["000.00.05.H99"], number="4547",
...     notation="KH-UBND", promulgation_date=date(2015, 12, 25), subject="Kế hoạch",
...     timestamp=datetime(2015, 12, 25, 9, 0))
>>> doc.header.document_id
'000.00.00.H99,2015/12/25,4547/KH-UBND'
>>> reply = answer(doc, "03", timestamp=datetime(2015, 12, 26, 8, 0))
>>> reply.header.sender.organ_id, reply.header.response_for.code, reply.header.description
('000.00.05.H99', '4547/KH-UBND', 'Đã tiếp nhận')
>>> revoke(doc, timestamp=datetime(2016, 1, 4)).business.doc_type.label
'Thu hồi văn bản điện tử'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any

from vn_egov.edoc.codes import BusinessDocType, ReceiverType, StatusCode
from vn_egov.edoc.models import (
    Attachment,
    Business,
    BusinessDocumentInfo,
    Code,
    DocumentHeader,
    DocumentPackage,
    DocumentType,
    ManifestReference,
    Organization,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    StaffInfo,
    StatusHeader,
    StatusPackage,
    TraceHeader,
    TraceHeaderList,
)

__all__ = ["answer", "new_document", "now_in_vietnam", "replace", "revoke", "update"]

VIETNAM = timezone(timedelta(hours=7), "ICT")
_UNSET: Any = object()


def now_in_vietnam() -> datetime:
    """Current Vietnam local time without offset, as edXML timestamps are written (spec §11)."""
    return datetime.now(VIETNAM).replace(tzinfo=None, microsecond=0)


def _organization(value: Organization | str) -> Organization:
    return value if isinstance(value, Organization) else Organization(organ_id=value)


def new_document(*, sender: Organization | str, recipients: Sequence[Organization | str],
                 number: str, notation: str, promulgation_date: date, subject: str,
                 place: str | None = None, type_name: str | None = None,
                 document_type: int | None = None, steering_type: int = 1,
                 attachments: Sequence[Attachment] = (), staff: StaffInfo | None = None,
                 timestamp: datetime | None = _UNSET, **header: Any) -> DocumentPackage:
    """A new document package (BussinessDocType 0) with its own TraceHeader.

    Extra keyword arguments are :class:`DocumentHeader` fields (``content``, ``signer_info``,
    ``due_date``, ``to_places``, ``other_info``, ``response_for``, ``document_id``).
    ``timestamp`` defaults to now (Vietnam time); ``None`` writes no TraceHeader.
    """
    origin = _organization(sender)
    kind = DocumentType(type=document_type, type_name=type_name) if (
        type_name or document_type is not None) else None
    head = DocumentHeader(
        sender=origin, recipients=[_organization(r) for r in recipients],
        code=Code(number=number, notation=notation),
        promulgation_info=PromulgationInfo(place=place, date=promulgation_date),
        document_type=kind, subject=subject, steering_type=steering_type, **header)
    when = now_in_vietnam() if timestamp is _UNSET else timestamp
    traces = [] if when is None else [TraceHeader(organ_id=origin.organ_id, timestamp=when)]
    business = Business(doc_type=BusinessDocType.NEW, reason=BusinessDocType.NEW.label, paper=0,
                        staff_info=staff)
    manifest = [ManifestReference(content_id=a.content_id, content_type=a.content_type,
                                  description=a.description, name=a.name) for a in attachments]
    return DocumentPackage(header=head, trace=TraceHeaderList(trace_headers=traces,
                                                               business=business),
                           manifest=manifest, attachments=list(attachments))


def answer(document: DocumentPackage, status_code: StatusCode | str, *,
           sender: Organization | str | None = None, description: str | None = None,
           staff: StaffInfo | None = None,
           timestamp: datetime | None = _UNSET) -> StatusPackage:
    """The status package that answers *document* (spec §6).

    The default sender is the first recipient; for code 13 (take back) it is the issuer, and
    ``ResponseFor/OrganId`` names the recipient instead (the addressee of the status).
    """
    code = StatusCode(status_code)
    header = document.header
    if code.sent_by_issuer:
        origin, addressee = header.sender, header.recipients[0].organ_id
    else:
        origin, addressee = header.recipients[0], header.sender.organ_id
    if sender is not None:
        origin = _organization(sender)
    target = ResponseFor(organ_id=addressee, code=str(header.code),
                         promulgation_date=header.promulgation_info.date,
                         document_id=header.document_id)
    when = now_in_vietnam() if timestamp is _UNSET else timestamp
    return StatusPackage(header=StatusHeader(
        sender=origin, response_for=target, staff_info=staff, status_code=code.value,
        description=description if description is not None else code.label, timestamp=when))


def _follow_up(document: DocumentPackage, business: Business,
               timestamp: datetime | None) -> DocumentPackage:
    when = now_in_vietnam() if timestamp is _UNSET else timestamp
    traces = [] if when is None else [TraceHeader(organ_id=document.header.sender.organ_id,
                                                  timestamp=when)]
    return document.model_copy(update={
        "trace": TraceHeaderList(trace_headers=traces, business=business), "signature": None})


def revoke(document: DocumentPackage, *, reason: str | None = None,
           staff: StaffInfo | None = None, timestamp: datetime | None = _UNSET) -> DocumentPackage:
    """Revocation package (BussinessDocType 1): the full document, marked revoked."""
    business = Business(document_id=document.header.document_id, doc_type=BusinessDocType.REVOKE,
                        reason=reason or BusinessDocType.REVOKE.label, paper=0, staff_info=staff)
    return _follow_up(document, business, timestamp)


def update(document: DocumentPackage, *, metadata_changed: bool = True,
           added: Sequence[str] = (), removed: Sequence[str] = (), reason: str | None = None,
           staff: StaffInfo | None = None, timestamp: datetime | None = _UNSET) -> DocumentPackage:
    """Update package (BussinessDocType 2) for *document* as it now stands.

    *added*/*removed* are OrganIds whose recipient status changed.
    """
    receivers = ([Receiver(organ_id=o, receiver_type=ReceiverType.ADDED) for o in added]
                 + [Receiver(organ_id=o, receiver_type=ReceiverType.REMOVED) for o in removed])
    info = BusinessDocumentInfo(document_info=int(metadata_changed),
                                document_receiver=int(bool(receivers)), receivers=receivers)
    business = Business(document_id=document.header.document_id, doc_type=BusinessDocType.UPDATE,
                        reason=reason or BusinessDocType.UPDATE.label, paper=0,
                        document_info=info, staff_info=staff)
    return _follow_up(document, business, timestamp)


def replace(old: DocumentPackage, new: DocumentPackage, *, reason: str | None = None,
            staff: StaffInfo | None = None, timestamp: datetime | None = _UNSET) -> DocumentPackage:
    """Replacement package (BussinessDocType 3): *new* replaces *old* for old's recipients."""
    info = ReplacementInfo(document_id=old.header.document_id,
                           organ_ids=[r.organ_id for r in old.header.recipients])
    business = Business(document_id=old.header.document_id, doc_type=BusinessDocType.REPLACE,
                        reason=reason or BusinessDocType.REPLACE.label, paper=0,
                        replacements=[info], staff_info=staff)
    return _follow_up(new, business, timestamp)
