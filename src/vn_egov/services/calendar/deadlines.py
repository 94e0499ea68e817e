"""Due times of dossiers: from a receipt time and a time limit, on a :class:`WorkingCalendar`.

The rules come from a :class:`~vn_egov.services.calendar.regime.DeadlinePolicy` (by default
the regime in force on the receipt date, :func:`~vn_egov.services.calendar.regime.policy_for`):

1. **Receipt day.** The receipt instant is read in Asia/Ho_Chi_Minh. A receipt on a
   non-working day, or at/after the **cut-off** of its channel (15:00 for direct, paper
   submissions; none online), counts as received on the next working day.
2. **Working days, civil-code convention** (default). Counting starts the **next working day**
   after the receipt day (Bộ luật Dân sự 2015 Điều 147); day *N* is the *N*-th working day
   after it and the dossier is due at the **close of office hours** of that day, or at 24:00
   with ``end_of_day="midnight"`` (Điều 148). Fractional days run in office hours at 8 h a day
   from the opening of the first counted day.
3. **Working days, production convention.** The limit runs in office hours (days × 8 h) from
   the receipt instant: 3 days from Monday 09:00 is Thursday 09:00.
4. **Calendar days.** Due on the receipt day + *N* days; a last day that is not a working day
   moves to the next working day (Điều 148).
5. **Working hours.** Run through office periods from the receipt instant: before opening
   snaps to opening, at lunch to 13:30, after closing or on a day off to the next working
   morning. The cut-off does not apply.

>>> import datetime as dt
>>> from vn_egov.services.catalogue.models import TimeLimit, TimeUnit
>>> monday = dt.datetime(2025, 3, 3, 9, 0, tzinfo=VN_TZ)
>>> due_time(monday, TimeLimit(value=3, unit=TimeUnit.WORKING_DAY)).isoformat()
'2025-03-06T17:00:00+07:00'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.services.calendar.regime import (
    DayConvention,
    DeadlinePolicy,
    TimelinessRule,
    policy_for,
)
from vn_egov.services.calendar.working import VN_TZ, WorkingCalendar
from vn_egov.services.catalogue.models import ChannelKind, TimeLimit, TimeUnit

__all__ = [
    "Deadline",
    "Timeliness",
    "add_working_hours",
    "classify",
    "compute_deadline",
    "due_date_of",
    "due_time",
    "receipt_day",
    "shift_due",
    "to_local",
    "working_hours_between",
]


class Timeliness(StrEnum):
    """Derived, never stored: trước hạn, đúng hạn, quá hạn, or still within the limit.

    >>> Timeliness.OVERDUE.label_vi
    'Quá hạn'
    """

    EARLY = "early"
    ON_TIME = "on_time"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "overdue": "Quá hạn",
                "in_progress": "Trong hạn"}[self.value]


def to_local(moment: dt.datetime, what: str = "time") -> dt.datetime:
    """*moment* in Asia/Ho_Chi_Minh; a naive datetime is refused.

    >>> to_local(dt.datetime(2025, 1, 1, 2, 0, tzinfo=dt.timezone.utc)).isoformat()
    '2025-01-01T09:00:00+07:00'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(tr("{what} {moment} has no time zone", what=what,
                            moment=moment.isoformat()),
                         hint=tr("give an aware datetime, e.g. with +07:00"))
    return moment.astimezone(VN_TZ)


def receipt_day(received: dt.datetime, calendar: WorkingCalendar,
                policy: DeadlinePolicy | None = None, *, channel: ChannelKind | None = None,
                procedure_code: str | None = None) -> dt.date:
    """The working day a receipt counts on (cut-off of the channel and days off applied).

    >>> cal = WorkingCalendar()
    >>> receipt_day(dt.datetime(2025, 3, 3, 15, 30, tzinfo=VN_TZ), cal)
    datetime.date(2025, 3, 4)
    >>> receipt_day(dt.datetime(2025, 3, 3, 15, 30, tzinfo=VN_TZ), cal,
    ...             channel=ChannelKind.ONLINE)
    datetime.date(2025, 3, 3)
    """
    local = to_local(received, tr("receipt time"))
    rules = policy or policy_for(local)
    day = local.date()
    if not calendar.is_working_day(day):
        return calendar.next_working_day(day)
    cutoff = rules.cutoff_for(channel, procedure_code)
    if cutoff is not None and local.time() >= cutoff:
        return calendar.next_working_day(day)
    return day


def _at(day: dt.date, moment: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, moment, tzinfo=VN_TZ)


def _end_of(day: dt.date, calendar: WorkingCalendar, policy: DeadlinePolicy) -> dt.datetime:
    if policy.end_of_day == "midnight":
        return _at(day + dt.timedelta(days=1), dt.time(0, 0))
    return _at(day, calendar.office_hours.closing)


def due_date_of(due: dt.datetime) -> dt.date:
    """The appointment date of a due time (24:00 belongs to the day that ends).

    >>> due_date_of(dt.datetime(2025, 3, 7, 0, 0, tzinfo=VN_TZ))
    datetime.date(2025, 3, 6)
    """
    local = to_local(due, tr("due time"))
    if local.time() == dt.time(0, 0):
        return local.date() - dt.timedelta(days=1)
    return local.date()


def add_working_hours(start: dt.datetime, hours: Decimal | int,
                      calendar: WorkingCalendar) -> dt.datetime:
    """*start* plus *hours* of office time (lunch, nights and days off skipped).

    >>> cal = WorkingCalendar()
    >>> add_working_hours(dt.datetime(2025, 3, 3, 10, 0, tzinfo=VN_TZ), 4, cal).isoformat()
    '2025-03-03T16:00:00+07:00'
    """
    remaining = dt.timedelta(seconds=int(Decimal(hours) * 3600))
    if remaining < dt.timedelta(0):
        raise InputError(tr("cannot add {hours} working hours", hours=hours),
                         hint=tr("use 0 or more"))
    moment = to_local(start, tr("start time"))
    if not calendar.is_working_day(moment.date()):
        moment = _at(calendar.next_working_day(moment.date()), calendar.office_hours.opening)
    while True:
        day = moment.date()
        for period_start, period_end in calendar.office_hours.periods:
            begin, end = _at(day, period_start), _at(day, period_end)
            if moment >= end:
                continue
            moment = max(moment, begin)
            available = end - moment
            if remaining <= available:
                return moment + remaining
            remaining -= available
            moment = end
        moment = _at(calendar.next_working_day(day), calendar.office_hours.opening)


def working_hours_between(start: dt.datetime, end: dt.datetime,
                          calendar: WorkingCalendar) -> Decimal:
    """Office hours from *start* to *end*; negative when *end* is before *start*.

    >>> cal = WorkingCalendar()
    >>> a = dt.datetime(2025, 3, 3, 16, 0, tzinfo=VN_TZ)
    >>> working_hours_between(a, a + dt.timedelta(days=1), cal)
    Decimal('8')
    """
    first, last = to_local(start), to_local(end)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    total = dt.timedelta(0)
    day = first.date()
    while day <= last.date():
        if calendar.is_working_day(day):
            for period_start, period_end in calendar.office_hours.periods:
                begin = max(first, _at(day, period_start))
                finish = min(last, _at(day, period_end))
                if finish > begin:
                    total += finish - begin
        day += dt.timedelta(days=1)
    return sign * Decimal(int(total.total_seconds())) / 3600


def shift_due(due: dt.datetime, hours: Decimal, calendar: WorkingCalendar,
              policy: DeadlinePolicy) -> dt.datetime:
    """*due* moved later by *hours* of office time (a pause of the clock).

    A due time at the end of a day (office close or 24:00) stays at the end of a day.

    >>> cal, policy = WorkingCalendar(), DeadlinePolicy()
    >>> shift_due(dt.datetime(2025, 3, 6, 17, tzinfo=VN_TZ), Decimal(8), cal, policy)
    datetime.datetime(2025, 3, 7, 17, 0, tzinfo=...)
    """
    local = to_local(due, tr("due time"))
    closing = calendar.office_hours.closing
    at_end = local.time() == dt.time(0, 0) or local.time() == closing
    base = _at(due_date_of(local), closing) if at_end else local
    moved = add_working_hours(base, hours, calendar) if hours > 0 else base
    if at_end and moved.time() == closing:
        return _end_of(moved.date(), calendar, policy)
    return moved


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed due time and how it was obtained.

    >>> d = compute_deadline(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ),
    ...                      TimeLimit(value=1, unit=TimeUnit.WORKING_DAY))
    >>> d.due_date.isoformat(), d.receipt_day.isoformat()
    ('2025-03-04', '2025-03-03')
    """

    received: dt.datetime
    limit: TimeLimit
    receipt_day: dt.date
    due: dt.datetime
    policy: DeadlinePolicy
    channel: ChannelKind | None = None

    @property
    def due_date(self) -> dt.date:
        """The appointment date (ngày hẹn trả)."""
        return due_date_of(self.due)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with ``due`` (ISO datetime) and ``due_date`` (ISO date).

        >>> sorted(compute_deadline(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ),
        ...        TimeLimit(value=1, unit=TimeUnit.WORKING_DAY)).to_dict())
        ['channel', 'due', 'due_date', 'limit', 'policy', 'receipt_day', 'received']
        """
        return {
            "received": self.received.isoformat(),
            "receipt_day": self.receipt_day.isoformat(),
            "channel": self.channel.value if self.channel else None,
            "due": self.due.isoformat(),
            "due_date": self.due_date.isoformat(),
            "limit": {"value": str(self.limit.value), "unit": self.limit.unit.value},
            "policy": self.policy.to_dict(),
        }


def _working_days_due(local: dt.datetime, day: dt.date, value: Decimal,
                      cal: WorkingCalendar, policy: DeadlinePolicy) -> dt.datetime:
    hours_per_day = Decimal(str(cal.office_hours.hours_per_day))
    if policy.convention is DayConvention.PRODUCTION:
        start = local if day == local.date() else _at(day, cal.office_hours.opening)
        return add_working_hours(start, value * hours_per_day, cal)
    if value == value.to_integral_value():
        return _end_of(cal.add_working_days(day, int(value)), cal, policy)
    counting = cal.next_working_day(day)
    return add_working_hours(_at(counting, cal.office_hours.opening), value * hours_per_day,
                             cal)


def _check_arguments(received: object, limit: object) -> None:
    """Refuse a receipt date without its time, or a bare number as the limit, naming the
    types expected (a date would be read as midnight; a number has no unit).

    >>> _check_arguments(dt.date(2025, 3, 3), TimeLimit(value=1, unit=TimeUnit.WORKING_DAY))
    Traceback (most recent call last):
    ...
    TypeError: received must be the receipt date and time, a datetime with its time zone ...
    """
    if not isinstance(received, dt.datetime):
        raise TypeError("received must be the receipt date and time, a datetime with its time "
                        "zone (e.g. datetime(2025, 3, 3, 9, 0, tzinfo=VN_TZ)), not "
                        f"{type(received).__name__}: a date alone would be read as midnight")
    if not isinstance(limit, TimeLimit):
        raise TypeError("limit must be a TimeLimit (e.g. TimeLimit(value=3, "
                        f"unit=TimeUnit.WORKING_DAY)), not {type(limit).__name__}: a number "
                        "alone has no unit")


def compute_deadline(received: dt.datetime, limit: TimeLimit,
                     calendar: WorkingCalendar | None = None,
                     policy: DeadlinePolicy | None = None, *,
                     channel: ChannelKind | None = None,
                     procedure_code: str | None = None) -> Deadline:
    """Apply the policy (default: the regime of the receipt date); see :func:`due_time`.

    >>> compute_deadline(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ),
    ...                  TimeLimit(value=1, unit=TimeUnit.OTHER))
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: cannot compute a due time for a limit in unit OTHER ...
    """
    _check_arguments(received, limit)
    cal = calendar or WorkingCalendar()
    local = to_local(received, tr("receipt time"))
    rules = policy or policy_for(local)
    day = receipt_day(local, cal, rules, channel=channel, procedure_code=procedure_code)
    value = limit.value
    if limit.unit is TimeUnit.WORKING_HOUR:
        due = add_working_hours(local, value, cal)
    elif limit.unit is TimeUnit.WORKING_DAY:
        due = _working_days_due(local, day, value, cal, rules)
    elif limit.unit is TimeUnit.CALENDAR_DAY:
        last = day + dt.timedelta(days=int(value.to_integral_value(rounding="ROUND_CEILING")))
        due = _end_of(cal.working_day_on_or_after(last), cal, rules)
    else:
        raise InputError(tr("cannot compute a due time for a limit in unit {unit} ({text})",
                            unit=limit.unit.value, text=limit.unit_text or tr("no unit text")),
                         hint=tr("give the limit in WORKING_DAY, CALENDAR_DAY or WORKING_HOUR"))
    return Deadline(local, limit, day, due, rules, channel)


def due_time(received: dt.datetime, limit: TimeLimit, calendar: WorkingCalendar | None = None,
             policy: DeadlinePolicy | None = None, *, channel: ChannelKind | None = None,
             procedure_code: str | None = None) -> dt.datetime:
    """The due time (thời hạn trả kết quả) of a dossier received at *received*.

    >>> friday = dt.datetime(2026, 2, 13, 10, 0, tzinfo=VN_TZ)        # before Tết 2026
    >>> due_time(friday, TimeLimit(value=1, unit=TimeUnit.WORKING_DAY)).isoformat()
    '2026-02-23T17:00:00+07:00'
    """
    return compute_deadline(received, limit, calendar, policy, channel=channel,
                            procedure_code=procedure_code).due


def classify(due: dt.datetime, finished: dt.datetime | None = None,
             now: dt.datetime | None = None,
             rule: TimelinessRule = TimelinessRule.DATE) -> Timeliness:
    """Early / on time / overdue, derived from the due time.

    ``TimelinessRule.DATE`` (default, as national reports compute it): finished on an earlier
    date than the due date is early, on the due date on time (whatever the hour), later
    overdue; an unfinished dossier is overdue once the reference date is after the due date.
    ``TimelinessRule.INSTANT`` compares to the second.

    >>> due = dt.datetime(2025, 3, 6, 17, tzinfo=VN_TZ)
    >>> classify(due, finished=dt.datetime(2025, 3, 6, 18, tzinfo=VN_TZ))
    <Timeliness.ON_TIME: 'on_time'>
    >>> classify(due, finished=dt.datetime(2025, 3, 6, 18, tzinfo=VN_TZ),
    ...          rule=TimelinessRule.INSTANT)
    <Timeliness.OVERDUE: 'overdue'>
    >>> classify(due, now=dt.datetime(2025, 3, 6, 18, tzinfo=VN_TZ))
    <Timeliness.IN_PROGRESS: 'in_progress'>
    """
    due_local = to_local(due, tr("due time"))
    due_day = due_date_of(due_local)
    if finished is not None:
        done = to_local(finished, tr("finish time"))
        late = done > due_local if rule is TimelinessRule.INSTANT else done.date() > due_day
        if late:
            return Timeliness.OVERDUE
        return Timeliness.EARLY if done.date() < due_day else Timeliness.ON_TIME
    if now is None:
        raise InputError(tr("classify needs the finish time or the reference time 'now'"))
    reference = to_local(now, tr("reference time"))
    late = reference > due_local if rule is TimelinessRule.INSTANT else (
        reference.date() > due_day)
    return Timeliness.OVERDUE if late else Timeliness.IN_PROGRESS
