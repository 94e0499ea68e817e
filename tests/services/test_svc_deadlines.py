"""Due times across weekends, Tết, Giỗ Tổ, compensatory days, swaps and the cut-off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from svc_helpers import CALENDAR, at

from vn_egov.errors import InputError
from vn_egov.services.calendar.deadlines import (
    Timeliness,
    add_working_hours,
    classify,
    compute_deadline,
    due_time,
    receipt_day,
    working_hours_between,
)
from vn_egov.services.calendar.regime import (
    DEFAULT_POLICY,
    ND_61_2018,
    ND_118_2025,
    PRODUCTION_POLICY,
    DeadlinePolicy,
    TimelinessRule,
    policy_for,
)
from vn_egov.services.catalogue.models import ChannelKind, TimeLimit, TimeUnit


def wd(n: float | int) -> TimeLimit:
    return TimeLimit(value=Decimal(str(n)), unit=TimeUnit.WORKING_DAY)


@pytest.mark.parametrize(("received", "days", "due"), [
    # plain week and weekend
    (at(2025, 3, 3, 9), 3, at(2025, 3, 6, 17)),
    (at(2025, 3, 7, 9), 1, at(2025, 3, 10, 17)),
    (at(2025, 3, 8, 10), 1, at(2025, 3, 11, 17)),        # Saturday receipt counts Monday
    # Tết 2025 (27/1-31/1 off on weekdays)
    (at(2025, 1, 24, 10), 1, at(2025, 2, 3, 17)),
    # Giỗ Tổ 2025: Monday 7/4
    (at(2025, 4, 4, 9), 1, at(2025, 4, 8, 17)),
    # swap 2025: Saturday 26/4 worked, Friday 2/5 off
    (at(2025, 4, 25, 9), 1, at(2025, 4, 26, 17)),
    (at(2025, 4, 25, 9), 2, at(2025, 4, 28, 17)),
    (at(2025, 4, 26, 9), 1, at(2025, 4, 28, 17)),        # receipt on the make-up Saturday
    (at(2025, 4, 29, 9), 1, at(2025, 5, 5, 17)),
    # Quốc khánh 2025: 1/9 and 2/9
    (at(2025, 8, 29, 9), 1, at(2025, 9, 3, 17)),
    # Tết 2026 (16/2-20/2)
    (at(2026, 2, 13, 10), 1, at(2026, 2, 23, 17)),
    (at(2026, 2, 12, 10), 2, at(2026, 2, 23, 17)),
    # Giỗ Tổ 2026 on Sunday 26/4 -> compensatory Monday 27/4; then 30/4, 1/5
    (at(2026, 4, 24, 9), 1, at(2026, 4, 28, 17)),
    (at(2026, 4, 24, 9), 3, at(2026, 5, 4, 17)),
    # swap 2026: Saturday 22/8 worked, Monday 31/8 off, then 1/9 and 2/9
    (at(2026, 8, 21, 9), 1, at(2026, 8, 22, 17)),
    (at(2026, 8, 28, 9), 1, at(2026, 9, 3, 17)),
    # same-day procedure
    (at(2025, 3, 3, 9), 0, at(2025, 3, 3, 17)),
])
def test_working_day_due_times(received: dt.datetime, days: int, due: dt.datetime) -> None:
    assert due_time(received, wd(days), CALENDAR) == due


@pytest.mark.parametrize(("received", "day"), [
    (at(2025, 3, 3, 14, 59, 59), dt.date(2025, 3, 3)),
    (at(2025, 3, 3, 15, 0), dt.date(2025, 3, 4)),
    (at(2025, 3, 3, 16, 30), dt.date(2025, 3, 4)),
    (at(2025, 3, 7, 15, 30), dt.date(2025, 3, 10)),     # Friday after cut-off -> Monday
    (at(2026, 2, 13, 15, 5), dt.date(2026, 2, 23)),     # after cut-off before Tết
    (at(2025, 3, 3, 6, 0), dt.date(2025, 3, 3)),        # before opening, same day
])
def test_receipt_after_cutoff(received: dt.datetime, day: dt.date) -> None:
    assert receipt_day(received, CALENDAR) == day


def test_cutoff_moves_the_due_date() -> None:
    assert due_time(at(2025, 3, 3, 15, 30), wd(3), CALENDAR) == at(2025, 3, 7, 17)
    no_cutoff = DeadlinePolicy(cutoff=None)
    assert due_time(at(2025, 3, 3, 15, 30), wd(3), CALENDAR, no_cutoff) == at(2025, 3, 6, 17)


def test_receipt_time_in_another_zone_is_converted() -> None:
    utc = dt.datetime(2025, 3, 3, 8, 30, tzinfo=dt.UTC)   # 15:30 in Hà Nội: after cut-off
    assert receipt_day(utc, CALENDAR) == dt.date(2025, 3, 4)


def test_midnight_end_of_day() -> None:
    policy = DeadlinePolicy(end_of_day="midnight")
    result = compute_deadline(at(2025, 3, 3, 9), wd(3), CALENDAR, policy)
    assert result.due == at(2025, 3, 7, 0)
    assert result.due_date == dt.date(2025, 3, 6)


@pytest.mark.parametrize(("start", "hours", "due"), [
    (at(2025, 3, 3, 16), 4, at(2025, 3, 4, 10)),
    (at(2025, 3, 3, 12), 1, at(2025, 3, 3, 14, 30)),    # lunch snaps to 13:30
    (at(2025, 3, 3, 6), 1, at(2025, 3, 3, 8)),          # before opening snaps to 07:00
    (at(2025, 3, 8, 10), 2, at(2025, 3, 10, 9)),        # Saturday -> Monday morning
    (at(2026, 2, 13, 16), 8, at(2026, 2, 23, 16)),      # across Tết
    (at(2025, 3, 3, 9), 0, at(2025, 3, 3, 9)),
])
def test_working_hours(start: dt.datetime, hours: int, due: dt.datetime) -> None:
    assert add_working_hours(start, hours, CALENDAR) == due
    assert due_time(start, TimeLimit(value=hours, unit=TimeUnit.WORKING_HOUR), CALENDAR) == due


def test_fractional_working_days_run_in_hours() -> None:
    assert due_time(at(2025, 3, 3, 9), wd(0.5), CALENDAR) == at(2025, 3, 4, 11)
    assert due_time(at(2025, 3, 3, 9), wd(1.5), CALENDAR) == at(2025, 3, 5, 11)


def test_calendar_days_end_on_a_working_day() -> None:
    limit = TimeLimit(value=3, unit=TimeUnit.CALENDAR_DAY)
    # 24/4/2026 + 3 days = Monday 27/4, the compensatory Giỗ Tổ day -> Tuesday 28/4
    assert due_time(at(2026, 4, 24, 9), limit, CALENDAR) == at(2026, 4, 28, 17)
    assert due_time(at(2025, 3, 3, 9), limit, CALENDAR) == at(2025, 3, 6, 17)


def test_unit_other_and_naive_times_are_refused() -> None:
    with pytest.raises(InputError, match="unit OTHER"):
        due_time(at(2025, 3, 3, 9), TimeLimit(value=1, unit=TimeUnit.OTHER, unit_text="Khác"))
    with pytest.raises(InputError, match="has no time zone"):
        due_time(dt.datetime(2025, 3, 3, 9), wd(1))


def test_working_hours_between() -> None:
    assert working_hours_between(at(2025, 3, 3, 9), at(2025, 3, 6, 17), CALENDAR) == 30
    assert working_hours_between(at(2025, 3, 6, 17), at(2025, 3, 6, 16), CALENDAR) == -1
    assert working_hours_between(at(2026, 2, 13, 16), at(2026, 2, 23, 8), CALENDAR) == 2


@pytest.mark.parametrize(("finished", "now", "expected"), [
    (at(2025, 3, 5, 10), None, Timeliness.EARLY),
    (at(2025, 3, 6, 16, 59), None, Timeliness.ON_TIME),
    (at(2025, 3, 6, 17, 0), None, Timeliness.ON_TIME),
    # D9 — source: the Thanh Hóa QĐ 766 report builders compare
    # CONVERT(DATE, NgayKetThucXuLy) = CONVERT(DATE, NgayHenTra): after hours is on time.
    (at(2025, 3, 6, 17, 1), None, Timeliness.ON_TIME),
    (at(2025, 3, 6, 23, 59), None, Timeliness.ON_TIME),
    (at(2025, 3, 7, 0, 0), None, Timeliness.OVERDUE),
    (None, at(2025, 3, 6, 12), Timeliness.IN_PROGRESS),
    # D10 — same source: overdue in progress only once DATE(NgayHenTra) < reference date.
    (None, at(2025, 3, 6, 18), Timeliness.IN_PROGRESS),
    (None, at(2025, 3, 7, 8), Timeliness.OVERDUE),
])
def test_classify_by_date(finished: dt.datetime | None, now: dt.datetime | None,
                          expected: Timeliness) -> None:
    assert classify(at(2025, 3, 6, 17), finished, now) is expected


@pytest.mark.parametrize(("finished", "now", "expected"), [
    (at(2025, 3, 6, 17, 0), None, Timeliness.ON_TIME),
    (at(2025, 3, 6, 17, 1), None, Timeliness.OVERDUE),
    (None, at(2025, 3, 6, 18), Timeliness.OVERDUE),
])
def test_classify_to_the_second(finished: dt.datetime | None, now: dt.datetime | None,
                                expected: Timeliness) -> None:
    assert classify(at(2025, 3, 6, 17), finished, now, TimelinessRule.INSTANT) is expected


def test_midnight_due_time_belongs_to_the_day_that_ends() -> None:
    due = at(2025, 3, 7, 0, 0)   # 24:00 on 6/3 (Bộ luật Dân sự 2015 Điều 148)
    assert classify(due, at(2025, 3, 6, 23)) is Timeliness.ON_TIME
    assert classify(due, at(2025, 3, 7, 8)) is Timeliness.OVERDUE


def test_classify_needs_a_reference() -> None:
    with pytest.raises(InputError, match="reference time"):
        classify(at(2025, 3, 6, 17))


def test_deadline_json_shape() -> None:
    data = compute_deadline(at(2025, 3, 3, 15, 30), wd(1), CALENDAR).to_dict()
    assert data["due"] == "2025-03-05T17:00:00+07:00"
    assert data["due_date"] == "2025-03-05"
    assert data["receipt_day"] == "2025-03-04"
    assert data["policy"]["name"] == "NĐ 61/2018/NĐ-CP"
    assert (data["policy"]["cutoff"], data["policy"]["cutoff_channels"]) == ("15:00:00",
                                                                               ["DIRECT"])


def test_regime_by_receipt_date() -> None:
    # D8 — source: NĐ 118/2025/NĐ-CP (9/6/2025, in force 1/7/2025), amended by
    # NĐ 367/2025/NĐ-CP, replaced NĐ 61/2018/NĐ-CP; earlier receipts keep NĐ 61/2018.
    assert DEFAULT_POLICY.name == "NĐ 118/2025/NĐ-CP (sửa đổi bởi NĐ 367/2025/NĐ-CP)"
    assert policy_for(dt.date(2025, 6, 30)) is ND_61_2018
    assert policy_for(dt.date(2025, 7, 1)) is ND_118_2025
    # 30/6 23:30 in Hà Nội is 16:30 UTC: the local date decides
    assert policy_for(dt.datetime(2025, 6, 30, 16, 30, tzinfo=dt.UTC)) is ND_61_2018
    assert policy_for(dt.datetime(2025, 6, 30, 17, 30, tzinfo=dt.UTC)) is ND_118_2025
    assert compute_deadline(at(2025, 7, 1, 9), wd(1)).policy is ND_118_2025


@pytest.mark.parametrize(("channel", "due"), [
    (ChannelKind.DIRECT, at(2025, 3, 5, 17)),   # paper after 15:00 counts from Tuesday
    (ChannelKind.ONLINE, at(2025, 3, 4, 17)),   # forwarded by the system: no cut-off
    (ChannelKind.POSTAL, at(2025, 3, 4, 17)),
    (None, at(2025, 3, 5, 17)),                 # unknown channel: the cautious reading
])
def test_cutoff_per_channel(channel: ChannelKind | None, due: dt.datetime) -> None:
    # D33 — source: NĐ 61/2018/NĐ-CP Điều 18 k2 applies the 15:00 rule to paper (direct)
    # dossiers; online dossiers are forwarded through the system (k1).
    assert due_time(at(2025, 3, 3, 15, 30), wd(1), CALENDAR, channel=channel) == due


def test_cutoff_per_procedure() -> None:
    # D33: a procedure text may restate its own cut-off for every channel
    policy = ND_118_2025.replace(procedure_cutoffs={"1.001193": dt.time(15)})
    assert due_time(at(2025, 3, 3, 15, 30), wd(1), CALENDAR, policy,
                    channel=ChannelKind.ONLINE, procedure_code="1.001193") == at(2025, 3, 5, 17)
    assert due_time(at(2025, 3, 3, 15, 30), wd(1), CALENDAR, policy,
                    channel=ChannelKind.ONLINE, procedure_code="1.001612") == at(2025, 3, 4, 17)


@pytest.mark.parametrize(("received", "limit", "due"), [
    # D34 — source: the Thanh Hóa system's CaculateTime.TinhNgayHenTra counts days × 8 office
    # hours from the receipt instant.
    (at(2025, 3, 3, 9), Decimal("0.5"), at(2025, 3, 3, 15)),
    (at(2025, 3, 3, 9), Decimal(3), at(2025, 3, 6, 9)),
    (at(2025, 3, 3, 6, 0), Decimal(1), at(2025, 3, 3, 17)),      # before opening
    (at(2025, 3, 3, 12, 0), Decimal(1), at(2025, 3, 4, 11, 30)),  # lunch -> 13:30, + 3.5 + 4.5 h
    (at(2025, 4, 25, 9), Decimal(1), at(2025, 4, 26, 9)),         # make-up Saturday counted
])
def test_production_convention(received: dt.datetime, limit: Decimal,
                               due: dt.datetime) -> None:
    assert due_time(received, wd(limit), CALENDAR, PRODUCTION_POLICY,
                    channel=ChannelKind.ONLINE) == due


def test_civil_code_convention_for_the_same_limits() -> None:
    # The default reading (Bộ luật Dân sự 2015 Điều 147-148): counted from the next day.
    assert due_time(at(2025, 3, 3, 9), wd(Decimal("0.5")), CALENDAR) == at(2025, 3, 4, 11)
    assert due_time(at(2025, 3, 3, 9), wd(3), CALENDAR) == at(2025, 3, 6, 17)


# Every swap day off and make-up working day of 2025 and 2026 (8726/VPCP-KGVX;
# 12729/VPCP-KGVX; the VPCP decision of 10/2025), one working day from the day before.
@pytest.mark.parametrize(("received", "due"), [
    (at(2025, 4, 25, 9), at(2025, 4, 26, 17)),   # Sat 26/4/2025 worked
    (at(2025, 4, 26, 9), at(2025, 4, 28, 17)),   # receipt on the make-up Saturday
    (at(2025, 4, 29, 9), at(2025, 5, 5, 17)),    # 30/4, 1/5 holidays, Fri 2/5 swapped off
    (at(2025, 12, 31, 9), at(2026, 1, 5, 17)),   # 1/1 holiday, Fri 2/1/2026 swapped off
    (at(2026, 1, 9, 9), at(2026, 1, 10, 17)),    # Sat 10/1/2026 worked
    (at(2026, 1, 10, 9), at(2026, 1, 12, 17)),
    (at(2026, 8, 21, 9), at(2026, 8, 22, 17)),   # Sat 22/8/2026 worked
    (at(2026, 8, 28, 9), at(2026, 9, 3, 17)),    # Mon 31/8 swapped off, 1/9 and 2/9
])
def test_every_swap_and_make_up_day(received: dt.datetime, due: dt.datetime) -> None:
    assert due_time(received, wd(1), CALENDAR) == due
