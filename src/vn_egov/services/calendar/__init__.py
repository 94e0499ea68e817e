"""The working calendar of state agencies, the legal regime and due times.

>>> import datetime as dt
>>> from vn_egov.services.calendar import WorkingCalendar
>>> WorkingCalendar().is_working_day(dt.date(2026, 1, 10))    # make-up Saturday
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.calendar.deadlines import (
        Deadline,
        Timeliness,
        add_working_hours,
        classify,
        compute_deadline,
        due_date_of,
        due_time,
        receipt_day,
        shift_due,
        to_local,
        working_hours_between,
    )
    from vn_egov.services.calendar.regime import (
        DEFAULT_POLICY,
        ND_61_2018,
        ND_118_2025,
        PRODUCTION_POLICY,
        REGIME_CHANGE,
        DayConvention,
        DeadlinePolicy,
        SupplementClock,
        TimelinessRule,
        policy_for,
    )
    from vn_egov.services.calendar.working import (
        DECIDED_EACH_YEAR,
        VN_TZ,
        CalendarEntry,
        DayInfo,
        DayKind,
        Occasion,
        OfficeHours,
        PendingHoliday,
        WorkingCalendar,
        YearCoverage,
        bundled_entries,
        load_entries,
        pending_holidays,
    )

_EXPORTS = {
    "CalendarEntry": "working",
    "DECIDED_EACH_YEAR": "working",
    "DEFAULT_POLICY": "regime",
    "DayConvention": "regime",
    "DayInfo": "working",
    "DayKind": "working",
    "Deadline": "deadlines",
    "DeadlinePolicy": "regime",
    "ND_118_2025": "regime",
    "ND_61_2018": "regime",
    "Occasion": "working",
    "OfficeHours": "working",
    "PRODUCTION_POLICY": "regime",
    "PendingHoliday": "working",
    "REGIME_CHANGE": "regime",
    "SupplementClock": "regime",
    "Timeliness": "deadlines",
    "TimelinessRule": "regime",
    "VN_TZ": "working",
    "WorkingCalendar": "working",
    "YearCoverage": "working",
    "add_working_hours": "deadlines",
    "bundled_entries": "working",
    "classify": "deadlines",
    "compute_deadline": "deadlines",
    "due_date_of": "deadlines",
    "due_time": "deadlines",
    "load_entries": "working",
    "pending_holidays": "working",
    "policy_for": "regime",
    "receipt_day": "deadlines",
    "shift_due": "deadlines",
    "to_local": "deadlines",
    "working_hours_between": "deadlines",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DECIDED_EACH_YEAR",
    "DEFAULT_POLICY",
    "ND_61_2018",
    "ND_118_2025",
    "PRODUCTION_POLICY",
    "REGIME_CHANGE",
    "VN_TZ",
    "CalendarEntry",
    "DayConvention",
    "DayInfo",
    "DayKind",
    "Deadline",
    "DeadlinePolicy",
    "Occasion",
    "OfficeHours",
    "PendingHoliday",
    "SupplementClock",
    "Timeliness",
    "TimelinessRule",
    "WorkingCalendar",
    "YearCoverage",
    "add_working_hours",
    "bundled_entries",
    "classify",
    "compute_deadline",
    "due_date_of",
    "due_time",
    "load_entries",
    "pending_holidays",
    "policy_for",
    "receipt_day",
    "shift_due",
    "to_local",
    "working_hours_between",
]
