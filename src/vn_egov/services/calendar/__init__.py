"""The working calendar of state agencies, the legal regime and due times.

>>> import datetime as dt
>>> from vn_egov.services.calendar import WorkingCalendar
>>> WorkingCalendar().is_working_day(dt.date(2026, 8, 22))    # make-up Saturday
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.calendar.deadlines import (
        DEFAULT_POLICY,
        Deadline,
        DeadlinePolicy,
        Timeliness,
        add_working_hours,
        classify,
        compute_deadline,
        due_time,
        receipt_day,
        to_local,
        working_hours_between,
    )
    from vn_egov.services.calendar.working import (
        VN_TZ,
        CalendarEntry,
        DayInfo,
        DayKind,
        OfficeHours,
        WorkingCalendar,
        load_entries,
    )

_EXPORTS = {
    "CalendarEntry": "working",
    "DEFAULT_POLICY": "deadlines",
    "DayInfo": "working",
    "DayKind": "working",
    "Deadline": "deadlines",
    "DeadlinePolicy": "deadlines",
    "OfficeHours": "working",
    "Timeliness": "deadlines",
    "VN_TZ": "working",
    "WorkingCalendar": "working",
    "add_working_hours": "deadlines",
    "classify": "deadlines",
    "compute_deadline": "deadlines",
    "due_time": "deadlines",
    "load_entries": "working",
    "receipt_day": "deadlines",
    "to_local": "deadlines",
    "working_hours_between": "deadlines",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DEFAULT_POLICY",
    "VN_TZ",
    "CalendarEntry",
    "DayInfo",
    "DayKind",
    "Deadline",
    "DeadlinePolicy",
    "OfficeHours",
    "Timeliness",
    "WorkingCalendar",
    "add_working_hours",
    "classify",
    "compute_deadline",
    "due_time",
    "load_entries",
    "receipt_day",
    "to_local",
    "working_hours_between",
]
