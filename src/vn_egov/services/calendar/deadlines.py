"""Due times of dossiers: from a receipt time and a time limit, on a :class:`WorkingCalendar`.

Convention (services.md §5.1, §8; documented in ``docs/services.md``):

1. **Receipt day.** The receipt instant is read in Asia/Ho_Chi_Minh. A receipt on a
   non-working day, or at/after the afternoon **cut-off** (15:00 by default, NĐ 61/2018 Điều 18:
   later receipts are handled from the next working day), counts as received on the next
   working day. ``DeadlinePolicy(cutoff=None)`` disables the cut-off.
2. **Working days.** Counting starts the **next working day** after the receipt day (Bộ luật
   Dân sự 2015 Điều 147: a limit in days starts the day after the event); day *N* is the *N*-th
   working day after it, and the dossier is due at the **close of office hours** of that day
   (17:00 by default) or at 24:00 with ``end_of_day="midnight"`` (Điều 148). Fractional days
   run in working hours at 8 h a day from the opening of the first counted day.
3. **Calendar days.** Due on the receipt day + *N* days; a last day that is not a working day
   moves to the next working day (Điều 148).
4. **Working hours.** Run through office periods from the receipt instant, as the Thanh Hóa
   system does (§8.2): before opening snaps to opening, at lunch to 13:30, after closing or on
   a day off to the next working morning. The cut-off does not apply.

>>> import datetime as dt
>>> from vn_egov.services.catalogue.models import TimeLimit, TimeUnit
>>> monday = dt.datetime(2025, 3, 3, 9, 0, tzinfo=VN_TZ)
>>> due_time(monday, TimeLimit(value=3, unit=TimeUnit.WORKING_DAY)).isoformat()
'2025-03-06T17:00:00+07:00'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from vn_egov.errors import InputError
from vn_egov.services.calendar.working import VN_TZ, WorkingCalendar
from vn_egov.services.catalogue.models import TimeLimit, TimeUnit

__all__ = [
    "DEFAULT_POLICY",
    "Deadline",
    "DeadlinePolicy",
    "Timeliness",
    "add_working_hours",
    "classify",
    "compute_deadline",
    "due_time",
    "receipt_day",
    "to_local",
    "working_hours_between",
]


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """Clock rules, versioned because the regime may change (NĐ 118/2025 is unverified).

    >>> DeadlinePolicy().cutoff
    datetime.time(15, 0)
    """

    cutoff: dt.time | None = dt.time(15, 0)
    end_of_day: Literal["office_close", "midnight"] = "office_close"
    name: str = "NĐ 61/2018/NĐ-CP"


DEFAULT_POLICY = DeadlinePolicy()


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
        raise InputError(f"{what} {moment.isoformat()} has no time zone",
                         hint="give an aware datetime, e.g. with +07:00")
    return moment.astimezone(VN_TZ)


def receipt_day(received: dt.datetime, calendar: WorkingCalendar,
                policy: DeadlinePolicy = DEFAULT_POLICY) -> dt.date:
    """The working day a receipt counts on (cut-off and days off applied).

    >>> cal = WorkingCalendar()
    >>> receipt_day(dt.datetime(2025, 3, 3, 15, 30, tzinfo=VN_TZ), cal)
    datetime.date(2025, 3, 4)
    """
    local = to_local(received, "receipt time")
    day = local.date()
    if not calendar.is_working_day(day):
        return calendar.next_working_day(day)
    if policy.cutoff is not None and local.time() >= policy.cutoff:
        return calendar.next_working_day(day)
    return day


def _at(day: dt.date, moment: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, moment, tzinfo=VN_TZ)


def _end_of(day: dt.date, calendar: WorkingCalendar, policy: DeadlinePolicy) -> dt.datetime:
    if policy.end_of_day == "midnight":
        return _at(day + dt.timedelta(days=1), dt.time(0, 0))
    return _at(day, calendar.office_hours.closing)


def add_working_hours(start: dt.datetime, hours: Decimal | int,
                      calendar: WorkingCalendar) -> dt.datetime:
    """*start* plus *hours* of office time (lunch, nights and days off skipped).

    >>> cal = WorkingCalendar()
    >>> add_working_hours(dt.datetime(2025, 3, 3, 10, 0, tzinfo=VN_TZ), 4, cal).isoformat()
    '2025-03-03T16:00:00+07:00'
    """
    remaining = dt.timedelta(seconds=int(Decimal(hours) * 3600))
    if remaining < dt.timedelta(0):
        raise InputError(f"cannot add {hours} working hours", hint="use 0 or more")
    moment = to_local(start, "start time")
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
    policy: DeadlinePolicy = field(default=DEFAULT_POLICY)

    @property
    def due_date(self) -> dt.date:
        """The appointment date (ngày hẹn trả)."""
        return self.due.date() if self.due.time() != dt.time(0, 0) else (
            self.due.date() - dt.timedelta(days=1))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with ``due`` (ISO datetime) and ``due_date`` (ISO date).

        >>> sorted(compute_deadline(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ),
        ...        TimeLimit(value=1, unit=TimeUnit.WORKING_DAY)).to_dict())
        ['due', 'due_date', 'limit', 'policy', 'receipt_day', 'received']
        """
        return {
            "received": self.received.isoformat(),
            "receipt_day": self.receipt_day.isoformat(),
            "due": self.due.isoformat(),
            "due_date": self.due_date.isoformat(),
            "limit": {"value": str(self.limit.value), "unit": self.limit.unit.value},
            "policy": {"name": self.policy.name,
                       "cutoff": self.policy.cutoff.isoformat() if self.policy.cutoff else None,
                       "end_of_day": self.policy.end_of_day},
        }


def compute_deadline(received: dt.datetime, limit: TimeLimit,
                     calendar: WorkingCalendar | None = None,
                     policy: DeadlinePolicy = DEFAULT_POLICY) -> Deadline:
    """Apply the module's convention; see :func:`due_time` for examples.

    >>> compute_deadline(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ),
    ...                  TimeLimit(value=1, unit=TimeUnit.OTHER))
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: cannot compute a due time for a limit in unit OTHER ...
    """
    cal = calendar or WorkingCalendar()
    local = to_local(received, "receipt time")
    day = receipt_day(local, cal, policy)
    value = limit.value
    if limit.unit is TimeUnit.WORKING_HOUR:
        due = add_working_hours(local, value, cal)
    elif limit.unit is TimeUnit.WORKING_DAY and value == value.to_integral_value():
        due = _end_of(cal.add_working_days(day, int(value)), cal, policy)
    elif limit.unit is TimeUnit.WORKING_DAY:
        counting = cal.next_working_day(day)
        hours = value * Decimal(str(cal.office_hours.hours_per_day))
        due = add_working_hours(_at(counting, cal.office_hours.opening), hours, cal)
    elif limit.unit is TimeUnit.CALENDAR_DAY:
        last = day + dt.timedelta(days=int(value.to_integral_value(rounding="ROUND_CEILING")))
        due = _end_of(cal.working_day_on_or_after(last), cal, policy)
    else:
        raise InputError(f"cannot compute a due time for a limit in unit {limit.unit.value} "
                         f"({limit.unit_text or 'no unit text'})",
                         hint="give the limit in WORKING_DAY, CALENDAR_DAY or WORKING_HOUR")
    return Deadline(local, limit, day, due, policy)


def due_time(received: dt.datetime, limit: TimeLimit, calendar: WorkingCalendar | None = None,
             policy: DeadlinePolicy = DEFAULT_POLICY) -> dt.datetime:
    """The due time (thời hạn trả kết quả) of a dossier received at *received*.

    >>> friday = dt.datetime(2026, 2, 13, 10, 0, tzinfo=VN_TZ)        # before Tết 2026
    >>> due_time(friday, TimeLimit(value=1, unit=TimeUnit.WORKING_DAY)).isoformat()
    '2026-02-23T17:00:00+07:00'
    """
    return compute_deadline(received, limit, calendar, policy).due


def classify(due: dt.datetime, finished: dt.datetime | None = None,
             now: dt.datetime | None = None) -> Timeliness:
    """Early / on time / overdue, derived from the due time (services.md §5.2).

    Finished on an earlier *date* than the due date: early; later that date but not after the
    due time: on time; after the due time: overdue. Unfinished: overdue once *now* is past
    the due time, else in progress.

    >>> due = dt.datetime(2025, 3, 6, 17, tzinfo=VN_TZ)
    >>> classify(due, finished=dt.datetime(2025, 3, 6, 9, tzinfo=VN_TZ))
    <Timeliness.ON_TIME: 'on_time'>
    >>> classify(due, now=dt.datetime(2025, 3, 7, 8, tzinfo=VN_TZ))
    <Timeliness.OVERDUE: 'overdue'>
    """
    due_local = to_local(due, "due time")
    if finished is not None:
        done = to_local(finished, "finish time")
        if done > due_local:
            return Timeliness.OVERDUE
        return Timeliness.EARLY if done.date() < due_local.date() else Timeliness.ON_TIME
    if now is None:
        raise InputError("classify needs the finish time or the reference time 'now'")
    return Timeliness.OVERDUE if to_local(now, "reference time") > due_local else (
        Timeliness.IN_PROGRESS)
