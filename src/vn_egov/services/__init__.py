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
    from vn_egov.services.calendar.deadlines import (
        Timeliness,
        classify,
        compute_deadline,
        due_time,
    )
    from vn_egov.services.calendar.regime import DeadlinePolicy
    from vn_egov.services.calendar.working import (
        VN_TZ,
        CalendarEntry,
        DayKind,
        OfficeHours,
        WorkingCalendar,
    )
    from vn_egov.services.catalogue.models import (
        Catalogue,
        Channel,
        ChannelKind,
        OnlineLevel,
        Procedure,
        Publisher,
        TimeLimit,
        TimeUnit,
    )
    from vn_egov.services.dossier.lifecycle import InvalidTransition, LifecycleError, Status
    from vn_egov.services.dossier.models import Dossier, Person

# Imported on first use: loading the rule ids (every `vn-egov validate`) must not pull
# in the whole package and its dependencies.
_EXPORTS = {
    "CalendarEntry": "calendar.working",
    "Catalogue": "catalogue.models",
    "Channel": "catalogue.models",
    "ChannelKind": "catalogue.models",
    "DayKind": "calendar.working",
    "DeadlinePolicy": "calendar.regime",
    "Dossier": "dossier.models",
    "InvalidTransition": "dossier.lifecycle",
    "LifecycleError": "dossier.lifecycle",
    "OfficeHours": "calendar.working",
    "OnlineLevel": "catalogue.models",
    "Person": "dossier.models",
    "Procedure": "catalogue.models",
    "Publisher": "catalogue.models",
    "Status": "dossier.lifecycle",
    "TimeLimit": "catalogue.models",
    "TimeUnit": "catalogue.models",
    "Timeliness": "calendar.deadlines",
    "VN_TZ": "calendar.working",
    "WorkingCalendar": "calendar.working",
    "classify": "calendar.deadlines",
    "compute_deadline": "calendar.deadlines",
    "due_time": "calendar.deadlines",
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
