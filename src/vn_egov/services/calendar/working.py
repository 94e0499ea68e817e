"""The working-day calendar of Vietnamese state agencies (``WorkingCalendar``).

Sources, in increasing precedence (services.md §8):

1. weekly rest days (Saturday, Sunday by default; QĐ 188/1999/QĐ-TTg, *unverified*);
2. public holidays and compensatory days from the ``holidays`` package
   (``holidays.country_holidays("VN")``, lunar Tết and Giỗ Tổ Hùng Vương included). 24/11
   *Ngày Văn hóa Việt Nam* is dropped unless ``include_culture_day=True`` (conflicting sources);
3. the bundled annual notices (``services/data/calendar_vn.json``): swap days off and the
   make-up working Saturdays the package lacks, each marked ``verified`` or not;
4. user additions (a province's own days, a newer notice) from a TOML or JSON file.

>>> import datetime as dt
>>> cal = WorkingCalendar()
>>> cal.is_working_day(dt.date(2026, 2, 17))          # Tết
False
>>> cal.is_working_day(dt.date(2026, 8, 22))          # make-up Saturday
True
>>> cal.day_info(dt.date(2026, 8, 22)).verified
False
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import holidays

from vn_egov.errors import ConfigurationError

__all__ = [
    "VN_TZ",
    "CalendarEntry",
    "DayInfo",
    "DayKind",
    "OfficeHours",
    "WorkingCalendar",
    "load_entries",
]

#: Asia/Ho_Chi_Minh: UTC+7 without daylight saving since 1975, so a fixed offset is exact for
#: every date the library handles and needs no tz database.
VN_TZ: Final = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
_CULTURE_DAY: Final = (11, 24)


class DayKind(StrEnum):
    """What a calendar entry declares a date to be.

    >>> DayKind("working_day") is DayKind.WORKING_DAY
    True
    """

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One declared date: a day off or an extra working day, with its source.

    >>> CalendarEntry(dt.date(2026, 8, 22), DayKind.WORKING_DAY, "Làm bù").verified
    True
    """

    day: dt.date
    kind: DayKind
    name: str
    source: str = ""
    verified: bool = True


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Why a date is (not) a working day.

    ``reason`` is one of ``weekday``, ``weekly rest day``, ``public holiday``, ``day off``
    (declared) or ``make-up working day``.

    >>> WorkingCalendar().day_info(dt.date(2025, 4, 7)).reason
    'public holiday'
    """

    day: dt.date
    working: bool
    reason: str
    name: str | None = None
    source: str | None = None
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        >>> WorkingCalendar().day_info(dt.date(2025, 1, 1)).to_dict()["working"]
        False
        """
        return {"date": self.day.isoformat(), "working": self.working, "reason": self.reason,
                "name": self.name, "source": self.source, "verified": self.verified}


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Office periods of a working day; the default (07:00–11:30, 13:30–17:00) is 8 hours.

    Source: the Thanh Hóa one-stop system (services.md §8.2, configurable there too).

    >>> OfficeHours().hours_per_day
    8.0
    """

    periods: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 0), dt.time(11, 30)),
        (dt.time(13, 30), dt.time(17, 0)),
    )

    def __post_init__(self) -> None:
        previous = dt.time.min
        if not self.periods:
            raise ConfigurationError("office hours need at least one period")
        for start, end in self.periods:
            if not previous <= start < end:
                raise ConfigurationError(
                    f"office period {start}-{end} is empty or overlaps the previous one",
                    hint="give ordered, non-overlapping (start, end) pairs")
            previous = end

    @property
    def opening(self) -> dt.time:
        """Start of the first period."""
        return self.periods[0][0]

    @property
    def closing(self) -> dt.time:
        """End of the last period."""
        return self.periods[-1][1]

    @property
    def hours_per_day(self) -> float:
        """Total office hours of one working day."""
        seconds = sum(_seconds(end) - _seconds(start) for start, end in self.periods)
        return seconds / 3600


def _seconds(moment: dt.time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass
class WorkingCalendar:
    """Working days and office hours of Vietnamese state agencies.

    >>> cal = WorkingCalendar()
    >>> cal.add_working_days(dt.date(2026, 2, 13), 1)   # Friday before Tết 2026
    datetime.date(2026, 2, 23)
    """

    office_hours: OfficeHours = field(default_factory=OfficeHours)
    weekend: frozenset[int] = frozenset({5, 6})
    include_culture_day: bool = False
    use_bundled_notices: bool = True
    entries: tuple[CalendarEntry, ...] = ()
    _holiday_cache: dict[int, dict[dt.date, str]] = field(default_factory=dict, repr=False)
    _declared: dict[dt.date, CalendarEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        declared: list[CalendarEntry] = []
        if self.use_bundled_notices:
            declared.extend(bundled_entries())
        declared.extend(self.entries)
        # later entries win: user additions override the bundled notices
        self._declared = {entry.day: entry for entry in declared}

    @classmethod
    def from_file(cls, path: str | Path, **options: Any) -> WorkingCalendar:
        """A calendar with the entries of a TOML or JSON file added (see :func:`load_entries`).

        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "hp.toml"
        >>> _ = p.write_text('[[entries]]\\ndate = 2025-05-13\\nkind = "day_off"\\n'
        ...                  'name = "Ngày giải phóng Hải Phòng"\\n', encoding="utf-8")
        >>> WorkingCalendar.from_file(p).is_working_day(dt.date(2025, 5, 13))
        False
        """
        extra = tuple(options.pop("entries", ()))
        return cls(entries=extra + tuple(load_entries(path)), **options)

    def public_holidays(self, year: int) -> dict[dt.date, str]:
        """Public holidays and compensatory days of *year* (Vietnamese names).

        >>> WorkingCalendar().public_holidays(2026)[dt.date(2026, 4, 27)]
        'Ngày Giỗ Tổ Hùng Vương (nghỉ bù)'
        """
        cached = self._holiday_cache.get(year)
        if cached is None:
            found = holidays.country_holidays("VN", years=year, language="vi")
            cached = {}
            for day, name in sorted(found.items()):
                if (day.month, day.day) == _CULTURE_DAY and not self.include_culture_day:
                    continue
                cached[day] = name
            self._holiday_cache[year] = cached
        return cached

    def day_info(self, day: dt.date) -> DayInfo:
        """Classify *day*, naming the rule and source that decided it.

        >>> WorkingCalendar().day_info(dt.date(2025, 4, 26)).reason
        'make-up working day'
        """
        entry = self._declared.get(day)
        if entry is not None:
            working = entry.kind is DayKind.WORKING_DAY
            return DayInfo(day, working, "make-up working day" if working else "day off",
                           entry.name, entry.source or None, entry.verified)
        name = self.public_holidays(day.year).get(day)
        if name is not None:
            return DayInfo(day, False, "public holiday", name, "holidays (python-holidays)")
        if day.weekday() in self.weekend:
            return DayInfo(day, False, "weekly rest day")
        return DayInfo(day, True, "weekday")

    def is_working_day(self, day: dt.date) -> bool:
        """True when state agencies work on *day*.

        >>> WorkingCalendar().is_working_day(dt.date(2025, 5, 2))   # swap day off
        False
        """
        return self.day_info(day).working

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after *day*.

        >>> WorkingCalendar().next_working_day(dt.date(2025, 4, 25))   # Fri -> make-up Sat
        datetime.date(2025, 4, 26)
        """
        candidate = day + dt.timedelta(days=1)
        for _ in range(400):  # a year never has 400 consecutive days off
            if self.is_working_day(candidate):
                return candidate
            candidate += dt.timedelta(days=1)
        raise ConfigurationError(f"no working day within 400 days after {day}",
                                 hint="check the calendar entries: everything is a day off")

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        """*day* itself when it is a working day, else the next one.

        >>> WorkingCalendar().working_day_on_or_after(dt.date(2026, 4, 26))
        datetime.date(2026, 4, 28)
        """
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The *count*-th working day after *day* (``count`` 0 gives *day* unchanged).

        >>> WorkingCalendar().add_working_days(dt.date(2025, 4, 4), 1)  # Fri; Mon 7/4 Giỗ Tổ
        datetime.date(2025, 4, 8)
        """
        if count < 0:
            raise ConfigurationError(f"cannot add {count} working days", hint="use 0 or more")
        current = day
        for _ in range(count):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in the half-open range (start, end].

        >>> WorkingCalendar().working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 23))
        1
        """
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def exceptions(self, year: int) -> list[DayInfo]:
        """Dates of *year* that differ from a plain week: holidays, days off, make-up days.

        Holidays falling on a weekly rest day are listed too (their compensatory day follows).

        >>> [i.day.isoformat() for i in WorkingCalendar().exceptions(2026) if i.working]
        ['2026-08-22']
        """
        days = set(self.public_holidays(year))
        days.update(day for day in self._declared if day.year == year)
        return [self.day_info(day) for day in sorted(days)]


def _entry_from_mapping(raw: Mapping[str, Any], where: str) -> CalendarEntry:
    try:
        day = raw["date"]
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValueError("date must be an ISO date")
        kind = DayKind(raw["kind"])
        name = str(raw.get("name", ""))
        verified = raw.get("verified", True)
        if not isinstance(verified, bool):
            raise ValueError("verified must be true or false")
    except KeyError as exc:
        raise ConfigurationError(f"{where}: missing key {exc.args[0]!r}",
                                 hint="each entry needs 'date' and 'kind'") from None
    except ValueError as exc:
        raise ConfigurationError(f"{where}: {exc}",
                                 hint="date as YYYY-MM-DD; kind 'day_off' or 'working_day'"
                                 ) from None
    return CalendarEntry(day, kind, name, str(raw.get("source", "")), verified)


def load_entries(path: str | Path) -> list[CalendarEntry]:
    """Read calendar entries from a ``.toml`` or ``.json`` file with a list ``entries``.

    Each entry has ``date`` (ISO), ``kind`` (``day_off`` or ``working_day``), and optionally
    ``name``, ``source`` and ``verified`` (default true).

    >>> load_entries("missing.json")
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: missing.json: cannot read calendar file missing.json: ...
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        data: Any = tomllib.loads(text) if file.suffix == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigurationError(f"cannot read calendar file {file}: {exc}",
                                 source=str(file)) from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigurationError(f"calendar file {file} has no list 'entries'", source=str(file))
    result = []
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise ConfigurationError(f"{file}: entries[{index}] is not a table/object")
        result.append(_entry_from_mapping(raw, f"{file}: entries[{index}]"))
    return result


def bundled_entries() -> list[CalendarEntry]:
    """The official annual notices shipped with the library (see ``data/SOURCES.md``).

    >>> [(e.day.isoformat(), e.kind.value) for e in bundled_entries()][:2]
    [('2025-05-02', 'day_off'), ('2025-04-26', 'working_day')]
    """
    return list(_bundled())


@cache
def _bundled() -> tuple[CalendarEntry, ...]:
    # Read once per process: every WorkingCalendar() (e.g. each default deadline) uses it.
    text = resources.files("vn_egov.services.calendar").joinpath("data/calendar_vn.json").read_text(
        encoding="utf-8")
    return tuple(_entry_from_mapping(raw, f"calendar_vn.json entries[{index}]")
                 for index, raw in enumerate(json.loads(text)["entries"]))
