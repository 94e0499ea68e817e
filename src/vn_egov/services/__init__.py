"""Public services: procedure catalogues, one-stop dossiers, deadlines and portal payloads.

>>> import datetime as dt
>>> from vn_egov.services import TimeLimit, TimeUnit, due_time, VN_TZ
>>> due_time(dt.datetime(2025, 4, 25, 9, tzinfo=VN_TZ),        # Friday; Sat 26/4 is worked
...          TimeLimit(value=1, unit=TimeUnit.WORKING_DAY)).date()
datetime.date(2025, 4, 26)
"""

from __future__ import annotations

from vn_egov.services import rules as _rules  # noqa: F401 - registers the SVC rule ids
from vn_egov.services.calendar import VN_TZ, CalendarEntry, DayKind, OfficeHours, WorkingCalendar
from vn_egov.services.deadlines import (
    DeadlinePolicy,
    Timeliness,
    classify,
    compute_deadline,
    due_time,
)
from vn_egov.services.dossier import Dossier, Person
from vn_egov.services.lifecycle import InvalidTransition, LifecycleError, Status
from vn_egov.services.models import (
    Catalogue,
    Channel,
    ChannelKind,
    OnlineLevel,
    Procedure,
    Publisher,
    TimeLimit,
    TimeUnit,
)

__all__ = [
    "VN_TZ",
    "CalendarEntry",
    "Catalogue",
    "Channel",
    "ChannelKind",
    "DayKind",
    "DeadlinePolicy",
    "Dossier",
    "InvalidTransition",
    "LifecycleError",
    "OfficeHours",
    "OnlineLevel",
    "Person",
    "Procedure",
    "Publisher",
    "Status",
    "TimeLimit",
    "TimeUnit",
    "Timeliness",
    "WorkingCalendar",
    "classify",
    "compute_deadline",
    "due_time",
]
