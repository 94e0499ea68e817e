"""Public services: procedure catalogues, one-stop dossiers, deadlines and portal payloads.

>>> import datetime as dt
>>> from vn_egov.services import TimeLimit, TimeUnit, due_time, VN_TZ
>>> due_time(dt.datetime(2025, 4, 25, 9, tzinfo=VN_TZ),        # Friday; Sat 26/4 is worked
...          TimeLimit(value=1, unit=TimeUnit.WORKING_DAY)).date()
datetime.date(2025, 4, 26)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports
from vn_egov.services import rules as _rules  # noqa: F401 - registers the rule ids (light)

if TYPE_CHECKING:
    from vn_egov.services.calendar import (
        VN_TZ,
        CalendarEntry,
        DayKind,
        OfficeHours,
        WorkingCalendar,
    )
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

# Imported on first use: loading the rule ids (every `vn-egov validate`) must not pull
# in the whole package and its dependencies.
_EXPORTS = {
    "CalendarEntry": "calendar",
    "Catalogue": "models",
    "Channel": "models",
    "ChannelKind": "models",
    "DayKind": "calendar",
    "DeadlinePolicy": "deadlines",
    "Dossier": "dossier",
    "InvalidTransition": "lifecycle",
    "LifecycleError": "lifecycle",
    "OfficeHours": "calendar",
    "OnlineLevel": "models",
    "Person": "dossier",
    "Procedure": "models",
    "Publisher": "models",
    "Status": "lifecycle",
    "TimeLimit": "models",
    "TimeUnit": "models",
    "Timeliness": "deadlines",
    "VN_TZ": "calendar",
    "WorkingCalendar": "calendar",
    "classify": "deadlines",
    "compute_deadline": "deadlines",
    "due_time": "deadlines",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

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
