"""Helpers that build the packages a document-management system sends.

Builders refuse nonsense: every argument is checked (agency codes, number and notation, dates,
recipients, status codes) and one :class:`BuildError` lists every problem found.

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
>>> new_document(sender="abc", recipients=["000.00.05.H99"], number="1", notation="UBND",
...     promulgation_date=date(2025, 1, 2), subject="V/v", timestamp=None)
Traceback (most recent call last):
...
vn_egov.edoc.builders.BuildError: cannot build the package: 1 problem(s): sender OrganId 'abc': ...
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vn_egov._sentinel import Sentinel
from vn_egov.edoc import notation as notations
from vn_egov.edoc.checks import organ_id_problem
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
from vn_egov.errors import CodeError, VnEgovError
from vn_egov.i18n import tr

__all__ = ["BuildError", "answer", "header_problems", "new_document", "now_in_vietnam",
           "replace", "revoke", "update"]

VIETNAM = timezone(timedelta(hours=7), "ICT")
#: The default timestamp: the time of the call (Vietnam); ``None`` writes no timestamp.
_UNSET: Any = Sentinel("now")


class BuildError(VnEgovError, ValueError):
    """A builder was given arguments that make no valid package; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(tr("cannot build the package: {count} problem(s): {problems}",
                            count=len(self.problems), problems="; ".join(self.problems)),
                         hint=tr("correct every argument listed, then build again"))


def now_in_vietnam() -> datetime:
    """Current Vietnam local time without offset, as edXML timestamps are written."""
    return datetime.now(VIETNAM).replace(tzinfo=None, microsecond=0)


def _today() -> date:
    return datetime.now(VIETNAM).date()


def _organization(value: Organization | str) -> Organization:
    return value if isinstance(value, Organization) else Organization(organ_id=value)


def _agency_problems(role: str, organizations: Sequence[Organization]) -> list[str]:
    problems = []
    for org in organizations:
        problem = organ_id_problem(org.organ_id)
        if problem:
            problems.append(tr("{role} OrganId {value!r}: {problem}", role=role,
                               value=org.organ_id, problem=problem))
    return problems


def _code_problems(code: Code) -> list[str]:
    """Number and notation must make one số/ký hiệu of NĐ 30/2020 (never the notation twice)."""
    number, notation = code.number.strip(), code.notation.strip()
    if notation and notation in number:
        return [tr("number {number!r} already contains the notation {notation!r}; give the "
                   "number alone (e.g. 12)", number=code.number, notation=code.notation)]
    combined = f"{number}/{notation}"
    try:
        notations.parse(combined)
    except CodeError as exc:
        return [tr("number and notation {code!r}: {problem}", code=combined,
                   problem=exc.message)]
    return []


def _timestamp_problems(when: datetime | None) -> list[str]:
    if when is not None and when.tzinfo is not None:
        return [tr("timestamp {value} carries a UTC offset; edXML timestamps are Vietnam local "
                   "time without offset", value=when.isoformat())]
    return []


def header_problems(header: DocumentHeader, *, today: date | None = None) -> list[str]:
    """Everything that makes *header* nonsense for a new package (empty when it is sound).

    >>> from datetime import date
    >>> header = DocumentHeader(sender=Organization(organ_id="000.00.00.H99"),
    ...     recipients=[Organization(organ_id="000.00.05.H99")],
    ...     code=Code(number="12/SKHCN-VP", notation="SKHCN-VP"),
    ...     promulgation_info=PromulgationInfo(date=date(2025, 1, 2)), subject="V/v",
    ...     steering_type=1)
    >>> header_problems(header)[0]
    "number '12/SKHCN-VP' already contains the notation 'SKHCN-VP'; give the number alone ..."
    """
    problems = _agency_problems(tr("sender"), [header.sender])
    problems += _agency_problems(tr("recipient"), header.recipients)
    seen: set[str] = set()
    for recipient in header.recipients:
        if recipient.organ_id in seen:
            problems.append(tr("recipient {organ_id} is listed more than once",
                               organ_id=recipient.organ_id))
        seen.add(recipient.organ_id)
    problems += _code_problems(header.code)
    issued = header.promulgation_info.date
    if issued > (today or _today()):
        problems.append(tr("promulgation date {date} is in the future",
                           date=issued.strftime("%Y/%m/%d")))
    if header.due_date is not None and header.due_date < issued:
        problems.append(tr("due date {due} is before the promulgation date {date}",
                           due=header.due_date.strftime("%Y/%m/%d"),
                           date=issued.strftime("%Y/%m/%d")))
    if not header.subject.strip():
        problems.append(tr("the subject (trích yếu) is empty"))
    return problems


def _built(problems: list[str]) -> None:
    if problems:
        raise BuildError(problems)


def new_document(*, sender: Organization | str, recipients: Sequence[Organization | str],
                 number: str, notation: str, promulgation_date: date, subject: str,
                 place: str | None = None, type_name: str | None = None,
                 document_type: int | None = None, steering_type: int = 1,
                 attachments: Sequence[Attachment] = (), staff: StaffInfo | None = None,
                 timestamp: datetime | None = _UNSET, **header: Any) -> DocumentPackage:
    """A new document package (BussinessDocType 0) with its own TraceHeader.

    Extra keyword arguments are :class:`DocumentHeader` fields (``content``, ``signer_info``,
    ``due_date``, ``to_places``, ``other_info``, ``response_for``, ``document_id``).
    ``timestamp`` defaults to now (Vietnam time); ``None`` writes no TraceHeader. Raises
    :class:`BuildError` listing every problem of the arguments.
    """
    origin = _organization(sender)
    addressees = [_organization(r) for r in recipients]
    if not addressees:
        raise BuildError([tr("a document package needs at least one recipient")])
    kind = DocumentType(type=document_type, type_name=type_name) if (
        type_name or document_type is not None) else None
    try:
        head = DocumentHeader(
            sender=origin, recipients=addressees, code=Code(number=number, notation=notation),
            promulgation_info=PromulgationInfo(place=place, date=promulgation_date),
            document_type=kind, subject=subject, steering_type=steering_type, **header)
    except ValidationError as exc:
        raise BuildError([f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                          for e in exc.errors()]) from None
    when = now_in_vietnam() if timestamp is _UNSET else timestamp
    _built(header_problems(head) + _timestamp_problems(when) + _attachment_problems(attachments))
    traces = [] if when is None else [TraceHeader(organ_id=origin.organ_id, timestamp=when)]
    business = Business(doc_type=BusinessDocType.NEW, reason=BusinessDocType.NEW.label, paper=0,
                        staff_infos=[staff] if staff else [])
    manifest = [ManifestReference(content_id=a.content_id, content_type=a.content_type,
                                  description=a.description, name=a.name) for a in attachments]
    return DocumentPackage(header=head, trace=TraceHeaderList(trace_headers=traces,
                                                               business=business),
                           manifest=manifest, attachments=list(attachments))


def _attachment_problems(attachments: Sequence[Attachment]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for attachment in attachments:
        if attachment.content_id in seen:
            problems.append(tr("ContentId {content_id!r} is already used",
                               content_id=attachment.content_id))
        seen.add(attachment.content_id)
        if not attachment.name:
            problems.append(tr("attachment {content_id!r} has no file name",
                               content_id=attachment.content_id))
    return problems


def answer(document: DocumentPackage, status_code: StatusCode | str | int, *,
           sender: Organization | str | None = None, description: str | None = None,
           staff: StaffInfo | None = None,
           timestamp: datetime | None = _UNSET) -> StatusPackage:
    """The status package that answers *document* (QCVN 102:2016/BTTTT).

    The default sender is the first recipient; for code 13 (take back) it is the issuer, and
    ``ResponseFor/OrganId`` names the recipient instead (the addressee of the status). A
    *sender* given here must be a valid agency code; codes taken from *document* are answered
    as they were received (the reader reports odd ones, EDX108). *status_code* is a
    :class:`StatusCode`, its two-digit text (``"03"``) or a number (``3``).

    >>> from vn_egov.edoc.demo import plan_package
    >>> answer(plan_package(), 3).header.status_code
    '03'
    >>> answer("plan.edxml", "03")
    Traceback (most recent call last):
    ...
    TypeError: answer() takes the DocumentPackage to answer, not str (read it first: ...
    """
    if not isinstance(document, DocumentPackage):
        hint = (" (read it first: answer(read_document(path), ...))"
                if isinstance(document, str | bytes | Path) else "")
        raise TypeError(f"answer() takes the DocumentPackage to answer, not "
                        f"{type(document).__name__}{hint}")
    if isinstance(status_code, int) and not isinstance(status_code, bool):
        status_code = f"{status_code:02d}"
    try:
        code = StatusCode(str(status_code) if isinstance(status_code, bool) else status_code)
    except ValueError:
        allowed = ", ".join(c.value for c in StatusCode)
        raise BuildError([tr("status code {value!r} is not one of {allowed}",
                             value=status_code, allowed=allowed)]) from None
    header = document.header
    if code.sent_by_issuer:
        origin, addressee = header.sender, header.recipients[0].organ_id
    else:
        origin, addressee = header.recipients[0], header.sender.organ_id
    problems = []
    if sender is not None:  # a given sender is checked; ids taken from the document are not
        origin = _organization(sender)
        problems = _agency_problems(tr("sender"), [origin])
    when = now_in_vietnam() if timestamp is _UNSET else timestamp
    _built(problems + _timestamp_problems(when))
    target = ResponseFor(organ_id=addressee, code=str(header.code),
                         promulgation_date=header.promulgation_info.date,
                         document_id=header.document_id)
    return StatusPackage(header=StatusHeader(
        sender=origin, response_for=target, staff_info=staff, status_code=code.value,
        description=description if description is not None else code.label, timestamp=when))


def _follow_up(document: DocumentPackage, business: Business,
               timestamp: datetime | None) -> DocumentPackage:
    when = now_in_vietnam() if timestamp is _UNSET else timestamp
    _built(_timestamp_problems(when))
    traces = [] if when is None else [TraceHeader(organ_id=document.header.sender.organ_id,
                                                  timestamp=when)]
    return document.model_copy(update={
        "trace": TraceHeaderList(trace_headers=traces, business=business), "signature": None})


def revoke(document: DocumentPackage, *, reason: str | None = None,
           staff: StaffInfo | None = None, timestamp: datetime | None = _UNSET) -> DocumentPackage:
    """Revocation package (BussinessDocType 1): the full document, marked revoked."""
    business = Business(document_id=document.header.document_id, doc_type=BusinessDocType.REVOKE,
                        reason=reason or BusinessDocType.REVOKE.label, paper=0,
                        staff_infos=[staff] if staff else [])
    return _follow_up(document, business, timestamp)


def update(document: DocumentPackage, *, metadata_changed: bool = True,
           added: Sequence[str] = (), removed: Sequence[str] = (), reason: str | None = None,
           staff: StaffInfo | None = None, timestamp: datetime | None = _UNSET) -> DocumentPackage:
    """Update package (BussinessDocType 2) for *document* as it now stands.

    *added*/*removed* are OrganIds whose recipient status changed.
    """
    problems = _agency_problems(tr("added recipient"), [Organization(organ_id=o) for o in added])
    problems += _agency_problems(tr("removed recipient"),
                                 [Organization(organ_id=o) for o in removed])
    problems += [tr("OrganId {organ_id} is both added and removed", organ_id=o)
                 for o in sorted(set(added) & set(removed))]
    _built(problems)
    receivers = ([Receiver(organ_id=o, receiver_type=ReceiverType.ADDED) for o in added]
                 + [Receiver(organ_id=o, receiver_type=ReceiverType.REMOVED) for o in removed])
    info = BusinessDocumentInfo(document_info=int(metadata_changed),
                                document_receiver=int(bool(receivers)), receivers=receivers)
    business = Business(document_id=document.header.document_id, doc_type=BusinessDocType.UPDATE,
                        reason=reason or BusinessDocType.UPDATE.label, paper=0,
                        document_infos=[info], staff_infos=[staff] if staff else [])
    return _follow_up(document, business, timestamp)


def replace(old: DocumentPackage, new: DocumentPackage, *, reason: str | None = None,
            staff: StaffInfo | None = None, timestamp: datetime | None = _UNSET) -> DocumentPackage:
    """Replacement package (BussinessDocType 3): *new* replaces *old* for old's recipients."""
    if old.header.document_id == new.header.document_id:
        raise BuildError([tr("the new document has the same DocumentId as the one it replaces "
                             "({document_id})", document_id=old.header.document_id)])
    info = ReplacementInfo(document_id=old.header.document_id,
                           organ_ids=[r.organ_id for r in old.header.recipients])
    business = Business(document_id=old.header.document_id, doc_type=BusinessDocType.REPLACE,
                        reason=reason or BusinessDocType.REPLACE.label, paper=0,
                        replacements=[info], staff_infos=[staff] if staff else [])
    return _follow_up(new, business, timestamp)
