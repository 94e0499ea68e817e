"""The one-stop-shop dossier (hồ sơ) and its lifecycle operations, as production uses them.

Fields follow the Thanh Hóa ``HoSo`` entity and the portal payloads. Times are
timezone-aware. Each operation checks the transition table of
:mod:`vn_egov.services.dossier.lifecycle`, appends a history event and keeps the clock right
under the dossier's regime (:func:`~vn_egov.services.calendar.regime.policy_for` of its
receipt date unless a policy is given):

* 5 (bổ sung), 6 (nghĩa vụ tài chính) and 8 (dừng xử lý) stop the clock. Leaving 6 or 8, the
  due time moves later by the office time spent there; leaving 5, the limit restarts from zero
  (NĐ 61/2018 Điều 19 k4) or, under the production convention, shifts like the others;
* :attr:`Dossier.due_at` is the legal due time and judges timeliness; an extension (phiếu xin
  lỗi và hẹn lại) only moves :attr:`Dossier.appointment_at`, once;
* a supplement request later than 3 working days after receipt (SVC301) and an extension less
  than 1 day before the deadline (SVC302) are recorded in :attr:`Dossier.warnings`.

>>> import datetime as dt
>>> from vn_egov.services.calendar.working import VN_TZ
>>> from vn_egov.services.catalogue.models import TimeUnit
>>> d = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
...             channel=ChannelKind.DIRECT, applicant=Person(name="Nguyễn Văn A"),
...             time_limit=TimeLimit(value=3, unit=TimeUnit.WORKING_DAY))
>>> _ = d.accept(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ), actor="Cán bộ một cửa")
>>> d.status.describe(), d.due_at.isoformat(), d.regime
('2 (Được tiếp nhận)', '2025-03-06T17:00:00+07:00', 'NĐ 61/2018/NĐ-CP')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.services import rules as _rules  # noqa: F401 - registers the SVC3xx rules
from vn_egov.services.calendar.deadlines import (
    Timeliness,
    classify,
    compute_deadline,
    shift_due,
    working_hours_between,
)
from vn_egov.services.calendar.regime import DeadlinePolicy, SupplementClock, policy_for
from vn_egov.services.calendar.working import WorkingCalendar
from vn_egov.services.catalogue.models import ChannelKind, FeeKind, TimeLimit
from vn_egov.services.codes import dossier as dossier_code
from vn_egov.services.dossier.lifecycle import (
    DEFAULT_TABLE,
    PAUSED_STATUSES,
    InvalidTransition,
    LifecycleError,
    Status,
    TransitionTable,
)
from vn_egov.services.forms.formio import EForm, validate_data
from vn_egov.services.payment.records import PaymentRequest
from vn_egov.validation import Issue, issue_for

__all__ = [
    "Dossier",
    "DossierFee",
    "Extension",
    "HistoryEvent",
    "Pause",
    "Person",
    "ResultDocument",
    "SubmittedDocument",
]

_CONFIG = ConfigDict(extra="forbid", validate_assignment=True)


class Person(BaseModel):
    """The applicant (chủ hồ sơ) or the authorised person (người được ủy quyền).

    ``id_type``: ``LoaiDinhDanh`` 1 = 12-digit personal number, 2 = 9-digit legacy ID card;
    ``subject_type``: ``LoaiDoiTuong`` 1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước,
    4 tổ chức/khác (3 and 4 low confidence).

    >>> Person(name="Trần Thị B", id_number="001199000001", id_type=1).id_type
    1
    """

    model_config = _CONFIG
    name: str = Field(min_length=1)
    id_number: str | None = None
    id_type: int | None = Field(default=None, ge=1, le=2)
    subject_type: int = Field(default=1, ge=1, le=4)
    portal_account: str | None = None
    vneid_verified: bool | None = None
    phone: str | None = None
    email: str | None = None
    fax: str | None = None
    address: str | None = None
    birth_date: dt.date | None = None


class SubmittedDocument(BaseModel):
    """A submitted file (passed by URL, never inline).

    ``reuse`` is ``DuocTaiSuDung``: 0 not re-used, 1 re-usable, 2 re-used.

    >>> SubmittedDocument(name="Tờ khai", url="https://x.invalid/a.pdf").deleted
    False
    """

    model_config = _CONFIG
    name: str
    file_id: str | None = None
    component_code: str | None = None
    url: str | None = None
    deleted: bool = False
    digitised: bool | None = None
    #: ``DuocTaiSuDung``: 0 not re-used, 1 re-usable, 2 re-used (three values in production)
    reuse: int | None = Field(default=None, ge=0, le=2)
    from_national_store: bool | None = None
    replacing_result_code: str | None = None


class DossierFee(BaseModel):
    """A fee charged for the dossier.

    >>> DossierFee(name="Lệ phí", amount=Decimal(8000)).kind
    <FeeKind.UNKNOWN: 'UNKNOWN'>
    """

    model_config = _CONFIG
    name: str
    code: str | None = None
    amount: Decimal = Field(ge=0)
    kind: FeeKind = FeeKind.UNKNOWN
    payment_method: str | None = None


class HistoryEvent(BaseModel):
    """One processing step: who, which unit, when, what, resulting status.

    >>> HistoryEvent(at=dt.datetime(2025, 3, 3, 9, tzinfo=dt.timezone.utc),
    ...              action="Tiếp nhận hồ sơ", status=Status.ACCEPTED).status
    <Status.ACCEPTED: 2>
    """

    model_config = _CONFIG
    at: AwareDatetime
    action: str
    status: Status
    actor: str | None = None
    title: str | None = None
    unit: str | None = None
    started_at: AwareDatetime | None = None
    due_at: AwareDatetime | None = None


class SupplementRequest(BaseModel):
    """A bổ sung request and, once answered, when the complete dossier arrived.

    >>> SupplementRequest(requested_at=dt.datetime(2025, 3, 4, tzinfo=dt.timezone.utc),
    ...                   reason="Thiếu bản sao").received_at is None
    True
    """

    model_config = _CONFIG
    requested_at: AwareDatetime
    reason: str = Field(min_length=1)
    requested_by: str | None = None
    received_at: AwareDatetime | None = None
    received_by: str | None = None
    previous_due: AwareDatetime | None = None
    new_due: AwareDatetime | None = None


class Extension(BaseModel):
    """The single allowed move of the appointment (phiếu xin lỗi và hẹn lại, Mẫu 04).

    ``previous_due`` stays the reference for timeliness; ``new_due`` is the new appointment.

    >>> Extension(at=dt.datetime(2025, 3, 5, tzinfo=dt.timezone.utc), reason="Cần xác minh",
    ...           previous_due=dt.datetime(2025, 3, 6, tzinfo=dt.timezone.utc),
    ...           new_due=dt.datetime(2025, 3, 10, tzinfo=dt.timezone.utc)).reason
    'Cần xác minh'
    """

    model_config = _CONFIG
    at: AwareDatetime
    reason: str = Field(min_length=1)
    previous_due: AwareDatetime
    new_due: AwareDatetime


class ResultDocument(BaseModel):
    """A result document (giấy tờ kết quả), passed by URL.

    >>> ResultDocument(name="Giấy khai sinh", code="KQ.G15.000031").code
    'KQ.G15.000031'
    """

    model_config = _CONFIG
    name: str
    code: str | None = None
    component_code: str | None = None
    file_id: str | None = None
    url: str | None = None
    notation: str | None = None


class Pause(BaseModel):
    """A stop of the clock: while the dossier was in 5, 6 or 8.

    >>> Pause(status=Status.STOPPED, started_at=dt.datetime(2025, 3, 4, tzinfo=dt.UTC)).ended_at
    """

    model_config = _CONFIG
    status: Status
    started_at: AwareDatetime
    reason: str | None = None
    ended_at: AwareDatetime | None = None
    working_hours: Decimal | None = None
    previous_due: AwareDatetime | None = None
    new_due: AwareDatetime | None = None


class LifecycleWarning(BaseModel):
    """A rule the dossier's handling broke (SVC3xx), recorded when it happened.

    >>> LifecycleWarning(rule="SVC301", message="x",
    ...                  at=dt.datetime(2025, 3, 7, tzinfo=dt.UTC)).to_issue().rule
    'SVC301'
    """

    model_config = _CONFIG
    rule: str
    message: str
    at: AwareDatetime

    def to_issue(self) -> Issue:
        """As a validation :class:`~vn_egov.validation.Issue`."""
        return issue_for(self.rule, self.message)


class Dossier(BaseModel):
    """A dossier with its current status and full history.

    ``code`` follows TT 01/2018/TT-VPCP Điều 19 unless ``code_format="legacy"`` (a code of an
    older system, e.g. a 14-digit one; the portal will refuse it, see rule SVC502);
    ``other_code`` is ``MaHoSoKhac``. ``no_appointment`` marks a procedure without an
    appointment date (no due time is set).

    >>> Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
    ...         channel=ChannelKind.ONLINE, applicant=Person(name="A")).status
    <Status.SUBMITTED: 1>
    >>> Dossier(code="00352112000539", code_format="legacy", procedure_code="1.001193",
    ...         channel=ChannelKind.DIRECT, applicant=Person(name="A")).code
    '00352112000539'
    """

    model_config = _CONFIG
    code: str = Field(min_length=1, max_length=100)
    code_format: Literal["tt01", "legacy"] = "tt01"
    other_code: str | None = None
    procedure_code: str
    procedure_name: str | None = None
    field_code: str | None = None
    field_name: str | None = None
    case_code: str | None = None
    channel: ChannelKind
    summary: str | None = None
    agency_code: str | None = None
    agency_name: str | None = None
    applicant: Person
    authorised: Person | None = None
    time_limit: TimeLimit | None = None
    no_appointment: bool = False
    regime: str | None = None
    submitted_at: AwareDatetime | None = None
    received_at: AwareDatetime | None = None
    due_at: AwareDatetime | None = None
    appointment_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    returned_at: AwareDatetime | None = None
    refused_at: AwareDatetime | None = None
    return_method: int | None = Field(default=None, ge=0, le=1)
    documents: list[SubmittedDocument] = Field(default_factory=list)
    fees: list[DossierFee] = Field(default_factory=list)
    payments: list[PaymentRequest] = Field(default_factory=list)
    form_data: dict[str, Any] | None = None
    status: Status = Status.SUBMITTED
    history: list[HistoryEvent] = Field(default_factory=list)
    supplements: list[SupplementRequest] = Field(default_factory=list)
    pauses: list[Pause] = Field(default_factory=list)
    extension: Extension | None = None
    results: list[ResultDocument] = Field(default_factory=list)
    warnings: list[LifecycleWarning] = Field(default_factory=list)
    refusal_reason: str | None = None
    withdrawal_reason: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check_code(self) -> Dossier:
        if self.code_format == "tt01":
            canonical = dossier_code.validate(self.code)
            if canonical != self.code:
                object.__setattr__(self, "code", canonical)
        return self

    # -- helpers ---------------------------------------------------------------------------

    def _policy(self, policy: DeadlinePolicy | None) -> DeadlinePolicy:
        if policy is not None:
            return policy
        return policy_for(self.received_at or dt.datetime.now(dt.UTC))

    def _warn(self, rule: str, message: str, at: dt.datetime) -> None:
        self.warnings.append(LifecycleWarning(rule=rule, message=message, at=at))

    def _log(self, action: str, at: dt.datetime, actor: str | None, unit: str | None) -> None:
        # Actions are data in the portal's language (NoiDungXuLy), not interface messages.
        self.history.append(HistoryEvent(at=at, action=action, status=self.status,
                                         actor=actor, unit=unit, due_at=self.due_at))

    def _require(self, *statuses: Status) -> None:
        """Operations that resume or return a dossier only apply from these statuses."""
        if self.status not in statuses:
            raise InvalidTransition(self.status, Status.PROCESSING,
                                    DEFAULT_TABLE.allowed_next(self.status))

    @property
    def is_paused(self) -> bool:
        """True while the clock is stopped (status 5, 6 or 8)."""
        return self.status in PAUSED_STATUSES

    @property
    def appointment(self) -> dt.datetime | None:
        """The appointment given to the applicant: the extension's, else the due time."""
        return self.appointment_at or self.due_at

    # -- lifecycle -------------------------------------------------------------------------

    def transition(self, target: Status, *, at: dt.datetime, action: str | None = None,
                   actor: str | None = None, unit: str | None = None,
                   table: TransitionTable = DEFAULT_TABLE) -> Dossier:
        """Move to *target* (checked against *table*) and log it in :attr:`history`.

        >>> d = Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...             channel=ChannelKind.ONLINE, applicant=Person(name="A"))
        >>> d.transition(Status.RESOLVED, at=dt.datetime(2024, 8, 23, tzinfo=dt.UTC))
        Traceback (most recent call last):
        ...
        vn_egov.services.dossier.lifecycle.InvalidTransition: dossier status 1 ...
        """
        table.check(self.status, target)
        self.status = target
        self._log(action or target.label_vi, at, actor, unit)
        return self

    def accept(self, at: dt.datetime, *, actor: str | None = None, unit: str | None = None,
               calendar: WorkingCalendar | None = None,
               policy: DeadlinePolicy | None = None) -> Dossier:
        """Tiếp nhận (1 → 2): set the receipt time and the due time under the regime."""
        rules = policy or policy_for(at)
        due = None
        if self.time_limit is not None and not self.no_appointment:
            due = compute_deadline(at, self.time_limit, calendar, rules, channel=self.channel,
                                   procedure_code=self.procedure_code).due
        self.transition(Status.ACCEPTED, at=at, action="Tiếp nhận hồ sơ", actor=actor,
                        unit=unit)
        self.received_at, self.regime, self.due_at = at, rules.name, due
        self.history[-1].due_at = due
        return self

    def start_processing(self, at: dt.datetime, *, actor: str | None = None,
                         unit: str | None = None) -> Dossier:
        """Chuyển xử lý (2 → 4)."""
        return self.transition(Status.PROCESSING, at=at, actor=actor, unit=unit)

    def _pause(self, target: Status, at: dt.datetime, *, reason: str | None, action: str,
               actor: str | None, unit: str | None) -> Dossier:
        self.transition(target, at=at, action=action, actor=actor, unit=unit)
        self.pauses.append(Pause(status=target, started_at=at, reason=reason,
                                 previous_due=self.due_at))
        return self

    def _resume(self, at: dt.datetime, *, action: str, actor: str | None, unit: str | None,
                calendar: WorkingCalendar | None, policy: DeadlinePolicy | None,
                shift: bool = True) -> Dossier:
        self.transition(Status.PROCESSING, at=at, action=action, actor=actor, unit=unit)
        pause = self.pauses[-1] if self.pauses and self.pauses[-1].ended_at is None else None
        if pause is None:
            return self
        cal, rules = calendar or WorkingCalendar(), self._policy(policy)
        pause.ended_at = at
        pause.working_hours = max(working_hours_between(pause.started_at, at, cal),
                                  Decimal(0))
        if shift and self.due_at is not None:
            self.due_at = shift_due(self.due_at, pause.working_hours, cal, rules)
        pause.new_due = self.due_at
        self.history[-1].due_at = self.due_at
        return self

    def request_supplement(self, at: dt.datetime, reason: str, *, actor: str | None = None,
                           unit: str | None = None, calendar: WorkingCalendar | None = None,
                           policy: DeadlinePolicy | None = None) -> Dossier:
        """Yêu cầu bổ sung (2|4 → 5): the clock stops; SVC301 when later than the window."""
        self._pause(Status.SUPPLEMENT_REQUESTED, at, reason=reason,
                    action=f"Yêu cầu bổ sung: {reason}", actor=actor,
                    unit=unit)
        self.supplements.append(SupplementRequest(requested_at=at, reason=reason,
                                                  requested_by=actor, previous_due=self.due_at))
        self._check_supplement_window(at, calendar or WorkingCalendar(), self._policy(policy))
        return self

    def _check_supplement_window(self, at: dt.datetime, cal: WorkingCalendar,
                                 rules: DeadlinePolicy) -> None:
        if self.received_at is None:
            return
        from vn_egov.services.calendar.deadlines import receipt_day, to_local

        start = receipt_day(self.received_at, cal, rules, channel=self.channel)
        days = cal.working_days_between(start, to_local(at).date())
        if days > rules.supplement_window_days:
            self._warn("SVC301", tr("supplement requested {days} working days after receipt; "
                                    "the limit is {limit} ({basis})", days=days,
                                    limit=rules.supplement_window_days,
                                    basis=rules.supplement_basis), at)

    def receive_supplement(self, at: dt.datetime, *, actor: str | None = None,
                           unit: str | None = None, calendar: WorkingCalendar | None = None,
                           policy: DeadlinePolicy | None = None) -> Dossier:
        """Complete dossier received (5 → 4): restart from zero, or shift (production)."""
        self._require(Status.SUPPLEMENT_REQUESTED)
        rules = self._policy(policy)
        restart = rules.supplement_clock is SupplementClock.RESTART
        self._resume(at, action="Tiếp nhận hồ sơ bổ sung", actor=actor, unit=unit,
                     calendar=calendar, policy=rules, shift=not restart)
        request = self.supplements[-1]
        request.received_at, request.received_by = at, actor
        if restart and self.time_limit is not None and not self.no_appointment:
            self.due_at = compute_deadline(at, self.time_limit, calendar, rules,
                                           channel=self.channel,
                                           procedure_code=self.procedure_code).due
            self.pauses[-1].new_due = self.history[-1].due_at = self.due_at
        request.new_due = self.due_at
        return self

    def request_payment(self, at: dt.datetime, *, payment: PaymentRequest | None = None,
                        actor: str | None = None, unit: str | None = None) -> Dossier:
        """Yêu cầu thực hiện nghĩa vụ tài chính (4 → 6); the clock stops."""
        self._pause(Status.FINANCIAL_OBLIGATION, at, reason=None,
                    action=Status.FINANCIAL_OBLIGATION.label_vi, actor=actor, unit=unit)
        if payment is not None:
            self.payments.append(payment)
        return self

    def stop(self, at: dt.datetime, reason: str, *, actor: str | None = None,
             unit: str | None = None) -> Dossier:
        """Dừng xử lý (4 → 8): a pause of the handling; the clock stops until :meth:`resume`."""
        return self._pause(Status.STOPPED, at, reason=reason,
                           action=f"Dừng xử lý: {reason}", actor=actor,
                           unit=unit)

    def resume(self, at: dt.datetime, *, actor: str | None = None, unit: str | None = None,
               calendar: WorkingCalendar | None = None,
               policy: DeadlinePolicy | None = None) -> Dossier:
        """Resume handling (6|8 → 4): the due time moves by the office time paused."""
        self._require(*PAUSED_STATUSES)
        if self.status is Status.SUPPLEMENT_REQUESTED:
            return self.receive_supplement(at, actor=actor, unit=unit, calendar=calendar,
                                           policy=policy)
        return self._resume(at, action="Tiếp tục xử lý", actor=actor, unit=unit,
                            calendar=calendar, policy=policy)

    def recall(self, at: dt.datetime, reason: str, *, actor: str | None = None,
               unit: str | None = None, calendar: WorkingCalendar | None = None,
               policy: DeadlinePolicy | None = None) -> Dossier:
        """Thu hồi (5|6|8 → 4): the officer withdraws the request or stop; the clock resumes."""
        self._require(*PAUSED_STATUSES)
        return self._resume(at, action=f"Thu hồi: {reason}", actor=actor,
                            unit=unit, calendar=calendar, policy=policy)

    def send_back(self, at: dt.datetime, reason: str, *, actor: str | None = None,
                  unit: str | None = None) -> Dossier:
        """Trả lại (9 → 4): a finished dossier goes back to the previous handler."""
        self._require(Status.RESOLVED)
        self.transition(Status.PROCESSING, at=at, actor=actor, unit=unit,
                        action=f"Trả lại: {reason}")
        self.finished_at = None
        return self

    def extend(self, new_due: dt.datetime, at: dt.datetime, reason: str, *,
               actor: str | None = None, policy: DeadlinePolicy | None = None) -> Dossier:
        """Move the appointment once; :attr:`due_at` stays the reference for timeliness.

        >>> d = Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...             channel=ChannelKind.ONLINE, applicant=Person(name="A"))
        >>> d.extend(dt.datetime(2024, 9, 3, tzinfo=dt.UTC),
        ...          dt.datetime(2024, 8, 26, tzinfo=dt.UTC), "x")
        Traceback (most recent call last):
        ...
        vn_egov.services.dossier.lifecycle.LifecycleError: dossier H56.14-240823-0001 ...
        """
        due = self._check_extension(new_due)
        rules = self._policy(policy)
        self.extension = Extension(at=at, reason=reason, previous_due=due, new_due=new_due)
        self.appointment_at = new_due
        self.history.append(HistoryEvent(at=at, action=f"Gia hạn: {reason}",
                                         status=self.status, actor=actor, due_at=new_due))
        if at > due - dt.timedelta(days=rules.extension_notice_days):
            self._warn("SVC302", tr("the new appointment was given on {at}, less than {days} "
                                    "day(s) before the due time {due} ({basis})",
                                    at=at.isoformat(), days=rules.extension_notice_days,
                                    due=due.isoformat(), basis=rules.extension_basis), at)
        return self

    def _check_extension(self, new_due: dt.datetime) -> dt.datetime:
        if self.extension is not None:
            raise LifecycleError(
                tr("dossier {code} was already extended on {at}", code=self.code,
                   at=self.extension.at.isoformat()),
                hint=tr("the appointment can be moved only once"))
        if self.due_at is None:
            raise LifecycleError(tr("dossier {code} has no due time to extend", code=self.code),
                                 hint=tr("accept the dossier with a time limit first"))
        if self.status not in (Status.ACCEPTED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED,
                               Status.FINANCIAL_OBLIGATION, Status.STOPPED):
            raise LifecycleError(tr("dossier {code} in status {status} cannot be extended",
                                    code=self.code, status=self.status.describe()),
                                 hint=tr("only dossiers being handled can"))
        if new_due <= self.due_at:
            raise InputError(tr("new appointment {new} is not after the current one {current}",
                                new=new_due.isoformat(), current=self.due_at.isoformat()),
                             hint=tr("give a later time"))
        return self.due_at

    def finish(self, at: dt.datetime, *, actor: str | None = None,
               unit: str | None = None) -> Dossier:
        """Đã xử lý xong (4|6 → 9)."""
        self.transition(Status.RESOLVED, at=at, actor=actor, unit=unit)
        self.finished_at = at
        return self

    def return_result(self, at: dt.datetime, *, actor: str | None = None,
                      unit: str | None = None) -> Dossier:
        """Đã trả kết quả (9 → 10)."""
        self.transition(Status.RETURNED, at=at, actor=actor, unit=unit)
        self.returned_at = at
        return self

    def withdraw(self, at: dt.datetime, reason: str, *, actor: str | None = None) -> Dossier:
        """Công dân yêu cầu rút hồ sơ (any non-final → 7)."""
        self.transition(Status.WITHDRAWN, at=at, action=f"Rút hồ sơ: {reason}",
                        actor=actor)
        self.withdrawal_reason = reason
        return self

    def refuse(self, at: dt.datetime, reason: str, *, actor: str | None = None,
               unit: str | None = None) -> Dossier:
        """Refuse with a reason (Phiếu từ chối): at reception 1 → 3; after appraisal 4 → 9.

        After appraisal the refusal is the result: the dossier is finished (9) and its result
        is returned like any other.

        >>> d = Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...             channel=ChannelKind.ONLINE, applicant=Person(name="A"))
        >>> d.refuse(dt.datetime(2024, 8, 23, tzinfo=dt.UTC), "Không thuộc thẩm quyền").status
        <Status.NOT_ACCEPTED: 3>
        """
        if not reason.strip():
            raise InputError(tr("a refusal needs a reason"),
                             hint=tr("state why (Phiếu từ chối, Mẫu 03)"))
        target = Status.NOT_ACCEPTED if self.status is Status.SUBMITTED else Status.RESOLVED
        if self.status not in (Status.SUBMITTED, Status.PROCESSING):
            raise InvalidTransition(self.status, target, DEFAULT_TABLE.allowed_next(self.status))
        self.transition(target, at=at, action=f"Từ chối: {reason}",
                        actor=actor, unit=unit)
        self.refusal_reason = reason
        self.refused_at = at
        if target is Status.RESOLVED:
            self.finished_at = at
        return self

    def check_form(self, form: EForm) -> list[Issue]:
        """Findings (SVC4xx) on :attr:`form_data` against the case's *form*.

        >>> from vn_egov.services.forms.formio import EForm
        >>> form = EForm.model_validate({"components": [{"type": "textfield", "key": "hoTen",
        ...     "validate": {"required": True}}]})
        >>> Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...         channel=ChannelKind.ONLINE, applicant=Person(name="A"),
        ...         form_data={"hoTen": ""}).check_form(form)[0].rule
        'SVC401'
        """
        return validate_data(form, self.form_data or {})

    def timeliness(self, now: dt.datetime | None = None,
                   policy: DeadlinePolicy | None = None) -> Timeliness | None:
        """Early / on time / overdue / in progress against :attr:`due_at`; ``None`` without one.

        The regime's rule decides how dates are compared (by date by default). A dossier
        paused in 5, 6 or 8 is judged against its due time as it stands.

        >>> Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...         channel=ChannelKind.ONLINE, applicant=Person(name="A")).timeliness() is None
        True
        """
        if self.due_at is None:
            return None
        if self.finished_at is None and now is None:
            now = dt.datetime.now(dt.UTC)
        return classify(self.due_at, self.finished_at, now, self._policy(policy).timeliness)
