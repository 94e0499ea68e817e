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
    Occasion,
    OfficeHours,
    WorkingCalendar,
    load_entries,
)

D = dt.date


@pytest.mark.parametrize(("day", "reason"), [
    (D(2025, 1, 1), "public holiday"),
    (D(2025, 1, 27), "public holiday"),   # 28 tháng Chạp (8726/VPCP-KGVX)
    (D(2025, 1, 31), "public holiday"),   # mùng 3
    (D(2025, 4, 7), "public holiday"),    # Giỗ Tổ (10/3 lunar)
    (D(2025, 4, 30), "public holiday"),
    (D(2025, 5, 1), "public holiday"),
    (D(2025, 5, 2), "day off"),           # swap
    (D(2025, 9, 1), "public holiday"),
    (D(2025, 9, 2), "public holiday"),
    (D(2026, 1, 2), "day off"),           # swap (12729/VPCP-KGVX)
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


@pytest.mark.parametrize("day", [D(2025, 4, 26), D(2026, 1, 10), D(2026, 8, 22),
                                 D(2025, 3, 3), D(2026, 12, 31)])
def test_working_days(day: dt.date) -> None:
    assert CALENDAR.is_working_day(day)


def test_new_year_2026_swap() -> None:
    # D1/D2 — source: Công văn 12729/VPCP-KGVX ngày 25/12/2025 (Tết Dương lịch 2026: nghỉ
    # Thứ Năm 01/01 đến Chủ nhật 04/01; Thứ Sáu 02/01 nghỉ, làm bù Thứ Bảy 10/01).
    off, made_up = CALENDAR.day_info(D(2026, 1, 2)), CALENDAR.day_info(D(2026, 1, 10))
    assert (off.working, off.instrument, off.verified) == (False, "12729/VPCP-KGVX", True)
    assert (made_up.working, made_up.reason, made_up.instrument) == (
        True, "make-up working day", "12729/VPCP-KGVX")
    # the package (python-holidays 0.109) has neither day
    plain = WorkingCalendar(use_bundled_notices=False)
    assert plain.is_working_day(D(2026, 1, 2))
    assert not plain.is_working_day(D(2026, 1, 10))


def test_decided_days_are_verified_with_their_instrument() -> None:
    # D3 — sources: Công văn 8726/VPCP-KGVX ngày 26/11/2024 and Thông báo 6150/TB-LĐTBXH
    # (2025); the VPCP decision of 10/2025 on Tết Bính Ngọ and Quốc khánh 2026.
    for day in (D(2025, 5, 2), D(2025, 4, 26), D(2025, 1, 27), D(2025, 9, 1)):
        info = CALENDAR.day_info(day)
        assert (info.verified, info.instrument) == (True, "8726/VPCP-KGVX"), day
    for day in (D(2026, 8, 31), D(2026, 8, 22), D(2026, 2, 17), D(2026, 9, 1)):
        info = CALENDAR.day_info(day)
        assert (info.verified, info.instrument) == (True, "VPCP 10/2025"), day
    assert CALENDAR.year_coverage(2025).verified
    assert CALENDAR.year_coverage(2026).verified


def test_years_without_a_decision_are_estimates() -> None:
    # D4 — source: Bộ luật Lao động 2019 Điều 112 k3 (the Prime Minister fixes the Tết days
    # and the day next to 2/9 every year); no 2027 notice exists yet.
    for day in (D(2027, 2, 4), D(2027, 2, 10), D(2027, 9, 3)):
        info = CALENDAR.day_info(day)
        assert (info.working, info.verified, info.source) == (
            False, False, "holidays (python-holidays)"), day
    # days the law itself fixes stay verified
    for day in (D(2027, 1, 1), D(2027, 4, 30), D(2027, 9, 2), D(2027, 5, 3)):
        assert CALENDAR.day_info(day).verified, day
    coverage = CALENDAR.year_coverage(2027)
    assert not coverage.verified
    assert [o.value for o in coverage.missing] == ["lunar_new_year", "national_day"]
    assert {i.day for i in coverage.estimates} == {
        D(2027, 2, 4), D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8),
        D(2027, 2, 9), D(2027, 2, 10), D(2027, 9, 3)}


def test_make_up_saturdays_of_earlier_years() -> None:
    # D5 — sources: Công văn 2450/VPCP-KGVX (2024: nghỉ 29/4, làm bù Thứ Bảy 04/5);
    # the 2019 swap (31/12/2018 off, Saturday 05/01/2019 worked) comes from the package's
    # swap table, so it is an unverified estimate.
    info = CALENDAR.day_info(D(2024, 5, 4))
    assert (info.working, info.instrument, info.verified) == (True, "2450/VPCP-KGVX", True)
    old = CALENDAR.day_info(D(2019, 1, 5))
    assert (old.working, old.reason, old.verified) == (True, "make-up working day", False)
    assert not CALENDAR.is_working_day(D(2018, 12, 31))
    assert CALENDAR.is_working_day(D(2019, 5, 4))  # 2019 Labour Day swap, Saturday worked


def test_culture_day_is_pending() -> None:
    # D6 — sources: Nghị quyết 80-NQ/TW (07/01/2026), Nghị quyết 30/NQ-CP (02/2026); the
    # amendment of Bộ luật Lao động Điều 112 k1 is pending.
    assert CALENDAR.is_working_day(D(2026, 11, 24))
    assert D(2026, 11, 24) not in CALENDAR.public_holidays(2026)
    with_day = WorkingCalendar(include_culture_day=True).day_info(D(2026, 11, 24))
    assert (with_day.working, with_day.verified) == (False, False)
    pending = CALENDAR.year_coverage(2026).pending
    assert [p.instruments for p in pending] == [
        ("Nghị quyết 80-NQ/TW ngày 07/01/2026", "Nghị quyết 30/NQ-CP tháng 02/2026")]
    assert CALENDAR.year_coverage(2025).pending == ()


def test_tet_2025_day_names() -> None:
    # D7 — source: Công văn 8726/VPCP-KGVX (25/1/2025 is 26 tháng Chạp): 27/1 is 28 Chạp,
    # 28/1 is 29 Chạp (giao thừa), 29/1 is mùng Một.
    assert CALENDAR.day_info(D(2025, 1, 27)).name == "Tết Nguyên đán Ất Tỵ (28 tháng Chạp)"
    assert CALENDAR.day_info(D(2025, 1, 28)).name == (
        "Tết Nguyên đán Ất Tỵ (29 tháng Chạp, giao thừa)")
    assert CALENDAR.day_info(D(2025, 1, 29)).name == "Tết Nguyên đán Ất Tỵ (mùng Một)"
    # Saturday 1/2/2025 is a weekend day inside the break, not a fifth Tết weekday
    assert CALENDAR.day_info(D(2025, 2, 1)).reason == "weekly rest day"


def test_holiday_names_are_vietnamese() -> None:
    assert CALENDAR.day_info(D(2025, 4, 7)).name == "Ngày Giỗ Tổ Hùng Vương"


def test_without_bundled_notices_the_make_up_saturday_is_an_estimate() -> None:
    plain = WorkingCalendar(use_bundled_notices=False)
    assert plain.day_info(D(2026, 8, 22)).verified is False
    assert plain.is_working_day(D(2026, 8, 22))  # derived from the package's swap
    assert not plain.is_working_day(D(2026, 8, 31))


def test_exceptions_of_2025() -> None:
    listed = {(i.day, i.working) for i in CALENDAR.exceptions(2025)}
    assert {d for d, working in listed if working} == {D(2025, 4, 26)}
    assert {d for d, working in listed if not working} == {
        D(2025, 1, 1), D(2025, 1, 27), D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30),
        D(2025, 1, 31), D(2025, 4, 7), D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2),
        D(2025, 9, 1), D(2025, 9, 2)}


def test_next_year_notice_from_a_user_file(tmp_path: Path) -> None:
    file = tmp_path / "2027.toml"
    days = "".join(f'[[entries]]\ndate = 2027-02-{d:02d}\nkind = "day_off"\n'
                   f'occasion = "lunar_new_year"\ninstrument = "9999/VPCP-KGVX"\n'
                   for d in (5, 8, 9, 10, 11))
    days += ('[[entries]]\ndate = 2027-09-03\nkind = "day_off"\noccasion = "national_day"\n'
             'instrument = "9999/VPCP-KGVX"\n')
    file.write_text(days, encoding="utf-8")
    cal = WorkingCalendar.from_file(file)
    coverage = cal.year_coverage(2027)
    assert coverage.verified, coverage.to_dict()
    assert coverage.decided[Occasion.LUNAR_NEW_YEAR] == ("9999/VPCP-KGVX",)
    # the decision replaces the package's estimate: 4/2 (Thursday) is worked, 11/2 is off
    assert cal.is_working_day(D(2027, 2, 4))
    assert not cal.is_working_day(D(2027, 2, 11))


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
    ('{"entries": [{"date": "2025-01-02", "kind": "day_off", "occasion": "x"}]}',
     "entries[0]: 'x' is not a valid Occasion"),
    ('{"entries": [{"date": "2025-01-02", "kind": "day_off", "verified": "yes"}]}',
     "entries[0]: verified must be true or false"),
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
