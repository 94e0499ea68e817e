"""WorkingCalendar: holidays, compensatory days, swaps, make-up Saturdays, user additions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from svc_helpers import CALENDAR

from vn_egov.errors import ConfigurationError
from vn_egov.services.calendar.working import (
    CalendarEntry,
    DayKind,
    OfficeHours,
    WorkingCalendar,
    bundled_entries,
    load_entries,
)

D = dt.date


@pytest.mark.parametrize(("day", "reason"), [
    (D(2025, 1, 1), "public holiday"),
    (D(2025, 1, 27), "public holiday"),   # 29 Tết
    (D(2025, 1, 31), "public holiday"),   # mùng 3
    (D(2025, 4, 7), "public holiday"),    # Giỗ Tổ (10/3 lunar)
    (D(2025, 4, 30), "public holiday"),
    (D(2025, 5, 1), "public holiday"),
    (D(2025, 5, 2), "day off"),           # swap
    (D(2025, 9, 1), "public holiday"),
    (D(2025, 9, 2), "public holiday"),
    (D(2026, 2, 16), "public holiday"),   # Tết 2026
    (D(2026, 2, 20), "public holiday"),
    (D(2026, 4, 27), "public holiday"),   # Giỗ Tổ on Sunday 26/4 -> compensatory Monday
    (D(2026, 8, 31), "day off"),          # swap
    (D(2026, 9, 1), "public holiday"),
    (D(2026, 3, 7), "weekly rest day"),
])
def test_days_off(day: dt.date, reason: str) -> None:
    info = CALENDAR.day_info(day)
    assert (info.working, info.reason) == (False, reason)


@pytest.mark.parametrize(("day", "reason"), [
    (D(2025, 4, 26), "make-up working day"),
    (D(2026, 8, 22), "make-up working day"),
    (D(2026, 2, 23), "weekday"),
    (D(2026, 11, 24), "weekday"),         # 24/11 off by default (conflicting sources)
])
def test_working_days(day: dt.date, reason: str) -> None:
    info = CALENDAR.day_info(day)
    assert (info.working, info.reason) == (True, reason)


def test_holiday_names_are_vietnamese() -> None:
    assert CALENDAR.day_info(D(2026, 4, 27)).name == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert CALENDAR.day_info(D(2025, 1, 29)).name == "Tết Nguyên Đán"


def test_bundled_swaps_are_marked_unverified() -> None:
    entries = bundled_entries()
    assert {(e.day, e.kind) for e in entries} == {
        (D(2025, 5, 2), DayKind.DAY_OFF), (D(2025, 4, 26), DayKind.WORKING_DAY),
        (D(2026, 8, 31), DayKind.DAY_OFF), (D(2026, 8, 22), DayKind.WORKING_DAY)}
    assert all(not e.verified for e in entries)
    assert CALENDAR.day_info(D(2026, 8, 22)).verified is False
    assert CALENDAR.day_info(D(2026, 2, 17)).verified is True


def test_culture_day_toggle() -> None:
    assert not WorkingCalendar(include_culture_day=True).is_working_day(D(2026, 11, 24))
    assert D(2026, 11, 24) not in CALENDAR.public_holidays(2026)


def test_without_bundled_notices_the_make_up_saturday_is_a_rest_day() -> None:
    plain = WorkingCalendar(use_bundled_notices=False)
    assert not plain.is_working_day(D(2026, 8, 22))
    assert not plain.is_working_day(D(2026, 8, 31))  # the package has the swap day off


def test_exceptions_of_2025() -> None:
    listed = {(i.day, i.working) for i in CALENDAR.exceptions(2025)}
    assert (D(2025, 4, 26), True) in listed
    assert (D(2025, 2, 1), False) in listed   # Tết day on a Saturday, listed for information
    assert all(day.year == 2025 for day, _ in listed)


def test_user_additions_override_bundled(tmp_path: Path) -> None:
    file = tmp_path / "hp.json"
    file.write_text(json.dumps({"entries": [
        {"date": "2025-05-13", "kind": "day_off", "name": "Ngày giải phóng Hải Phòng",
         "source": "QĐ UBND (example)", "verified": False},
        {"date": "2025-04-26", "kind": "day_off", "name": "Không làm bù"},
    ]}), encoding="utf-8")
    cal = WorkingCalendar.from_file(file)
    assert cal.day_info(D(2025, 5, 13)).name == "Ngày giải phóng Hải Phòng"
    assert not cal.is_working_day(D(2025, 4, 26))


def test_toml_additions(tmp_path: Path) -> None:
    file = tmp_path / "extra.toml"
    file.write_text('[[entries]]\ndate = 2026-11-28\nkind = "working_day"\nname = "Làm bù"\n',
                    encoding="utf-8")
    assert load_entries(file) == [CalendarEntry(D(2026, 11, 28), DayKind.WORKING_DAY, "Làm bù")]
    assert WorkingCalendar.from_file(file).is_working_day(D(2026, 11, 28))


@pytest.mark.parametrize(("content", "message"), [
    ('{"entries": [{"kind": "day_off"}]}', "entries[0]: missing key 'date'"),
    ('{"entries": [{"date": "2025-13-01", "kind": "day_off"}]}', "entries[0]: month must be"),
    ('{"entries": [{"date": "2025-01-02", "kind": "holiday"}]}', "entries[0]: 'holiday'"),
    ('{"days": []}', "has no list 'entries'"),
    ("{", "cannot read calendar file"),
])
def test_bad_calendar_files(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "bad.json"
    file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_entries(file)


def test_office_hours() -> None:
    assert OfficeHours().hours_per_day == 8.0
    with pytest.raises(ConfigurationError, match="overlaps"):
        OfficeHours(((dt.time(8), dt.time(12)), (dt.time(11), dt.time(17))))


def test_working_day_arithmetic() -> None:
    assert CALENDAR.add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    assert CALENDAR.add_working_days(D(2025, 4, 29), 0) == D(2025, 4, 29)
    assert CALENDAR.working_days_between(D(2025, 4, 25), D(2025, 4, 28)) == 2
    with pytest.raises(ConfigurationError):
        CALENDAR.add_working_days(D(2025, 1, 1), -1)
