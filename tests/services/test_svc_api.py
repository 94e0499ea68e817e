"""The public names users imported from ``vn_egov.services`` before the split still work."""

from __future__ import annotations

import importlib

import pytest

from vn_egov import services

# The names exported by vn_egov.services before the restructure (commit 6e42c4e).
BEFORE = ["VN_TZ", "CalendarEntry", "Catalogue", "Channel", "ChannelKind", "DayKind",
          "DeadlinePolicy", "Dossier", "InvalidTransition", "LifecycleError", "OfficeHours",
          "OnlineLevel", "Person", "Procedure", "Publisher", "Status", "TimeLimit", "TimeUnit",
          "Timeliness", "WorkingCalendar", "classify", "compute_deadline", "due_time"]


@pytest.mark.parametrize("name", BEFORE)
def test_old_names_still_import(name: str) -> None:
    assert getattr(services, name) is not None
    assert name in services.__all__


@pytest.mark.parametrize("package", ["catalogue", "calendar", "dossier", "portal", "payment",
                                     "forms", "indicators"])
def test_subpackages_export_what_they_declare(package: str) -> None:
    module = importlib.import_module(f"vn_egov.services.{package}")
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError):
        module.__getattr__("no_such_name")


def test_names_are_the_same_objects() -> None:
    from vn_egov.services.calendar.regime import DeadlinePolicy
    from vn_egov.services.dossier.models import Dossier

    assert services.Dossier is Dossier
    assert services.DeadlinePolicy is DeadlinePolicy
