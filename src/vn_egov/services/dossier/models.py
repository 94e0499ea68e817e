"""The one-stop-shop dossier (hồ sơ) and its lifecycle operations.

Fields follow the Thanh Hóa ``HoSo`` entity and the portal payloads (services.md §5.3, §6.2).
Times are timezone-aware. Operations check the transition table of
:mod:`vn_egov.services.dossier.lifecycle`, append a history event and keep the due time right: a
supplement request restarts the clock from zero when the complete dossier arrives
(NĐ 61/2018 Điều 19 k4), the appointment can be moved only once (k9). Whether a dossier is
early, on time or overdue is derived by :meth:`Dossier.timeliness`, never stored.

>>> import datetime as dt
>>> from vn_egov.services.calendar.working import VN_TZ
>>> from vn_egov.services.catalogue.models import TimeUnit
>>> d = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
...             channel=ChannelKind.DIRECT, applicant=Person(name="Nguyễn Văn A"),
...             time_limit=TimeLimit(value=3, unit=TimeUnit.WORKING_DAY))
>>> _ = d.accept(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ), actor="Cán bộ một cửa")
>>> d.status.describe(), d.due_at.isoformat()
('2 (Được tiếp nhận)', '2025-03-06T17:00:00+07:00')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from vn_egov.errors import InputError
from vn_egov.services.calendar.deadlines import DEFAULT_POLICY, DeadlinePolicy, Timeliness, classify
from vn_egov.services.calendar.deadlines import due_time as compute_due
from vn_egov.services.calendar.working import WorkingCalendar
from vn_egov.services.catalogue.models import ChannelKind, FeeKind, TimeLimit
from vn_egov.services.codes import dossier as dossier_code
from vn_egov.services.dossier.lifecycle import (
    DEFAULT_TABLE,
    InvalidTransition,
    LifecycleError,
    Status,
    TransitionTable,
)

__all__ = [
    "Dossier",
    "DossierFee",
    "Extension",
    "HistoryEvent",
    "Person",
    "ResultDocument",
    "SubmittedDocument",
    "SupplementRequest",
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
    phone: str | None = None
    email: str | None = None
    fax: str | None = None
    address: str | None = None
    birth_date: dt.date | None = None


class SubmittedDocument(BaseModel):
    """A submitted file (passed by URL, never inline).

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
    reusable: bool | None = None
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


class Dossier(BaseModel):
    """A dossier with its current status and full history.

    >>> Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
    ...         channel=ChannelKind.ONLINE, applicant=Person(name="A")).status
    <Status.SUBMITTED: 1>
    """

    model_config = _CONFIG
    code: str
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
    submitted_at: AwareDatetime | None = None
    received_at: AwareDatetime | None = None
    due_at: AwareDatetime | None = None
    finished_at: AwareDatetime | None = None
    returned_at: AwareDatetime | None = None
    refused_at: AwareDatetime | None = None
    return_method: int | None = Field(default=None, ge=0, le=1)
    documents: list[SubmittedDocument] = Field(default_factory=list)
    fees: list[DossierFee] = Field(default_factory=list)
    status: Status = Status.SUBMITTED
    history: list[HistoryEvent] = Field(default_factory=list)
    supplements: list[SupplementRequest] = Field(default_factory=list)
    extension: Extension | None = None
    results: list[ResultDocument] = Field(default_factory=list)
    refusal_reason: str | None = None
    withdrawal_reason: str | None = None
    note: str | None = None

    @field_validator("code")
    @classmethod
    def _check_code(cls, value: str) -> str:
        return dossier_code.validate(value)

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
        self.history.append(HistoryEvent(at=at, action=action or target.label_vi, status=target,
                                         actor=actor, unit=unit, due_at=self.due_at))
        self.status = target
        return self

    def accept(self, at: dt.datetime, *, actor: str | None = None, unit: str | None = None,
               calendar: WorkingCalendar | None = None,
               policy: DeadlinePolicy = DEFAULT_POLICY) -> Dossier:
        """Tiếp nhận (1 → 2): set the receipt time and compute the due time from the limit."""
        self.transition(Status.ACCEPTED, at=at, action="Tiếp nhận hồ sơ", actor=actor, unit=unit)
        self.received_at = at
        if self.time_limit is not None:
            self.due_at = compute_due(at, self.time_limit, calendar, policy)
            self.history[-1].due_at = self.due_at
        return self

    def start_processing(self, at: dt.datetime, *, actor: str | None = None,
                         unit: str | None = None) -> Dossier:
        """Chuyển xử lý (2 → 4, or back to 4 after a financial obligation)."""
        return self.transition(Status.PROCESSING, at=at, actor=actor, unit=unit)

    def request_supplement(self, at: dt.datetime, reason: str, *, actor: str | None = None,
                           unit: str | None = None) -> Dossier:
        """Yêu cầu bổ sung (4 → 5); the clock will restart when the dossier is complete."""
        self.transition(Status.SUPPLEMENT_REQUESTED, at=at, action=f"Yêu cầu bổ sung: {reason}",
                        actor=actor, unit=unit)
        self.supplements.append(SupplementRequest(requested_at=at, reason=reason,
                                                  requested_by=actor, previous_due=self.due_at))
        return self

    def receive_supplement(self, at: dt.datetime, *, actor: str | None = None,
                           unit: str | None = None, calendar: WorkingCalendar | None = None,
                           policy: DeadlinePolicy = DEFAULT_POLICY) -> Dossier:
        """Complete dossier received (5 → 4): the time limit restarts from zero (Đ19 k4)."""
        self.transition(Status.PROCESSING, at=at, action="Tiếp nhận hồ sơ bổ sung", actor=actor,
                        unit=unit)
        request = self.supplements[-1]
        request.received_at = at
        request.received_by = actor
        if self.time_limit is not None:
            self.due_at = compute_due(at, self.time_limit, calendar, policy)
            request.new_due = self.due_at
            self.history[-1].due_at = self.due_at
        return self

    def request_payment(self, at: dt.datetime, *, actor: str | None = None,
                        unit: str | None = None) -> Dossier:
        """Yêu cầu thực hiện nghĩa vụ tài chính (4 → 6)."""
        return self.transition(Status.FINANCIAL_OBLIGATION, at=at, actor=actor, unit=unit)

    def extend(self, new_due: dt.datetime, at: dt.datetime, reason: str, *,
               actor: str | None = None) -> Dossier:
        """Move the appointment once (Đ19 k9); a second extension raises.

        >>> d = Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...             channel=ChannelKind.ONLINE, applicant=Person(name="A"))
        >>> d.extend(dt.datetime(2024, 9, 3, tzinfo=dt.UTC),
        ...          dt.datetime(2024, 8, 26, tzinfo=dt.UTC), "x")
        Traceback (most recent call last):
        ...
        vn_egov.services.dossier.lifecycle.LifecycleError: dossier H56.14-240823-0001 ...
        """
        if self.extension is not None:
            raise LifecycleError(
                f"dossier {self.code} was already extended on {self.extension.at.isoformat()}",
                hint="NĐ 61/2018 Điều 19 k9 allows the appointment to be moved only once")
        if self.due_at is None:
            raise LifecycleError(f"dossier {self.code} has no due time to extend",
                                 hint="accept the dossier with a time limit first")
        if self.status not in (Status.ACCEPTED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED,
                               Status.FINANCIAL_OBLIGATION):
            raise LifecycleError(f"dossier {self.code} in status {self.status.describe()} "
                                 "cannot be extended", hint="only dossiers being handled can")
        if new_due <= self.due_at:
            raise InputError(f"new appointment {new_due.isoformat()} is not after the current "
                             f"one {self.due_at.isoformat()}", hint="give a later time")
        self.extension = Extension(at=at, reason=reason, previous_due=self.due_at,
                                   new_due=new_due)
        self.history.append(HistoryEvent(at=at, action=f"Gia hạn: {reason}", status=self.status,
                                         actor=actor, due_at=new_due))
        self.due_at = new_due
        return self

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
        self.transition(Status.WITHDRAWN, at=at, action=f"Rút hồ sơ: {reason}", actor=actor)
        self.withdrawal_reason = reason
        return self

    def refuse(self, at: dt.datetime, reason: str, *, actor: str | None = None,
               unit: str | None = None) -> Dossier:
        """Refuse with a reason: at reception 1 → 3; after appraisal 4 → 8 (Đ19 k8, derived).

        >>> d = Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...             channel=ChannelKind.ONLINE, applicant=Person(name="A"))
        >>> d.refuse(dt.datetime(2024, 8, 23, tzinfo=dt.UTC), "Không thuộc thẩm quyền").status
        <Status.NOT_ACCEPTED: 3>
        """
        if not reason.strip():
            raise InputError("a refusal needs a reason", hint="state why (Phiếu từ chối, Mẫu 03)")
        if self.status is Status.SUBMITTED:
            target = Status.NOT_ACCEPTED
        elif self.status is Status.PROCESSING:
            target = Status.STOPPED
        else:
            raise InvalidTransition(self.status, Status.NOT_ACCEPTED,
                                    DEFAULT_TABLE.allowed_next(self.status))
        self.transition(target, at=at, action=f"Từ chối: {reason}", actor=actor, unit=unit)
        self.refusal_reason = reason
        self.refused_at = at
        return self

    def timeliness(self, now: dt.datetime | None = None) -> Timeliness | None:
        """Early / on time / overdue / in progress; ``None`` without a due time.

        >>> Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
        ...         channel=ChannelKind.ONLINE, applicant=Person(name="A")).timeliness() is None
        True
        """
        if self.due_at is None:
            return None
        if self.finished_at is None and now is None:
            now = dt.datetime.now(dt.UTC)
        return classify(self.due_at, self.finished_at, now)
