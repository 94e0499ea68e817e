"""The working-day calendar of Vietnamese state agencies (``WorkingCalendar``).

Sources, in increasing precedence:

1. weekly rest days (Saturday, Sunday by default);
2. public holidays and compensatory days from the ``holidays`` package
   (``holidays.country_holidays("VN")``). Days the law fixes (1/1, Giỗ Tổ Hùng Vương 10/3
   lunar, 30/4, 1/5, 2/9, compensatory days of Bộ luật Lao động 2019 Điều 111 k3) are
   *verified*. The Tết days, the day next to 2/9 and swapped days are fixed by the Prime
   Minister every year (Điều 112 k3): for a year without a decision in the data, the package's
   days are an *estimate* (``verified=False``). Swaps the package knows also yield their
   make-up working Saturday (the package records only the day off);
3. the bundled decisions (``calendar/data/calendar_vn.json``), each naming its instrument. A
   verified decision on an occasion (Tết, Quốc khánh, a swap) of a year replaces the package's
   estimate of that occasion for that year;
4. user additions (a province's own days, next year's notice) from a TOML or JSON file.

24/11 *Ngày Văn hóa Việt Nam* is pending (Nghị quyết 80-NQ/TW and 30/NQ-CP decided it; the
Labour Code is not yet amended): off only with ``include_culture_day=True``.

>>> import datetime as dt
>>> cal = WorkingCalendar()
>>> cal.is_working_day(dt.date(2026, 1, 2)), cal.is_working_day(dt.date(2026, 1, 10))
(False, True)
>>> cal.day_info(dt.date(2026, 1, 10)).instrument
'12729/VPCP-KGVX'
>>> cal.day_info(dt.date(2027, 2, 5)).verified          # Tết 2027: no decision yet
False
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import holidays

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import N_, tr

__all__ = [
    "VN_TZ",
    "CalendarEntry",
    "DayKind",
    "Occasion",
    "OfficeHours",
    "WorkingCalendar",
    "load_entries",
]

#: Asia/Ho_Chi_Minh: UTC+7 without daylight saving since 1975, so a fixed offset is exact for
#: every date the library handles and needs no tz database.
VN_TZ: Final = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")
_PACKAGE: Final = "holidays (python-holidays)"
_SWAP_TARGET = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")

# Reasons are machine values (JSON) marked for translation where they are shown.
REASON_WEEKDAY: Final = N_("weekday")
REASON_REST_DAY: Final = N_("weekly rest day")
REASON_HOLIDAY: Final = N_("public holiday")
REASON_DAY_OFF: Final = N_("day off")
REASON_MAKE_UP: Final = N_("make-up working day")


class DayKind(StrEnum):
    """What a calendar entry declares a date to be.

    >>> DayKind("working_day") is DayKind.WORKING_DAY
    True
    """

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


class Occasion(StrEnum):
    """Why a date differs from a plain week.

    >>> Occasion.LUNAR_NEW_YEAR in DECIDED_EACH_YEAR, Occasion.NEW_YEAR in DECIDED_EACH_YEAR
    (True, False)
    """

    NEW_YEAR = "new_year"
    LUNAR_NEW_YEAR = "lunar_new_year"
    HUNG_KINGS = "hung_kings"
    REUNIFICATION = "reunification"
    LABOUR_DAY = "labour_day"
    NATIONAL_DAY = "national_day"
    SWAP = "swap"
    CULTURE_DAY = "culture_day"
    LOCAL = "local"


#: Occasions the Prime Minister fixes every year (BLLĐ 2019 Điều 112 k3) or swaps by notice.
DECIDED_EACH_YEAR: Final = frozenset({Occasion.LUNAR_NEW_YEAR, Occasion.NATIONAL_DAY,
                                      Occasion.SWAP})
#: The occasions every year needs a decision on before its calendar is fully verified.
REQUIRED_DECISIONS: Final = (Occasion.LUNAR_NEW_YEAR, Occasion.NATIONAL_DAY)


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One declared date: a day off or an extra working day, with its instrument.

    >>> CalendarEntry(dt.date(2026, 8, 22), DayKind.WORKING_DAY, "Làm bù").verified
    True
    """

    day: dt.date
    kind: DayKind
    name: str
    source: str = ""
    verified: bool = True
    occasion: Occasion = Occasion.LOCAL
    instrument: str | None = None


@dataclass(frozen=True, slots=True)
class DayInfo:
    """Why a date is (not) a working day.

    ``reason`` is one of ``weekday``, ``weekly rest day``, ``public holiday``, ``day off``
    (declared) or ``make-up working day``; ``verified`` is false for an estimate.

    >>> WorkingCalendar().day_info(dt.date(2025, 4, 7)).reason
    'public holiday'
    """

    day: dt.date
    working: bool
    reason: str
    name: str | None = None
    source: str | None = None
    verified: bool = True
    occasion: Occasion | None = None
    instrument: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        >>> WorkingCalendar().day_info(dt.date(2025, 1, 1)).to_dict()["working"]
        False
        """
        return {"date": self.day.isoformat(), "working": self.working, "reason": self.reason,
                "name": self.name, "occasion": self.occasion.value if self.occasion else None,
                "instrument": self.instrument, "source": self.source,
                "verified": self.verified}


@dataclass(frozen=True, slots=True)
class PendingHoliday:
    """A day off decided politically but not yet in the Labour Code (e.g. 24/11).

    >>> pending_holidays()[0].name
    'Ngày Văn hóa Việt Nam'
    """

    month: int
    day: int
    name: str
    instruments: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class YearCoverage:
    """What a year's calendar rests on: decisions found, estimates used, pending days.

    >>> WorkingCalendar().year_coverage(2027).verified
    False
    """

    year: int
    decided: Mapping[Occasion, tuple[str, ...]]
    missing: tuple[Occasion, ...]
    estimates: tuple[DayInfo, ...]
    pending: tuple[PendingHoliday, ...] = ()

    @property
    def verified(self) -> bool:
        """True when every yearly decision is in the data and nothing is estimated."""
        return not self.missing and not self.estimates

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        >>> WorkingCalendar().year_coverage(2026).to_dict()["verified"]
        True
        """
        return {"year": self.year, "verified": self.verified,
                "decided": {occasion.value: list(instruments)
                            for occasion, instruments in sorted(self.decided.items())},
                "missing": [occasion.value for occasion in self.missing],
                "estimates": [info.to_dict() for info in self.estimates],
                "pending": [{"date": f"{self.year}-{p.month:02d}-{p.day:02d}", "name": p.name,
                             "instruments": list(p.instruments), "note": p.note}
                            for p in self.pending]}


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Office periods of a working day; the default (07:00–11:30, 13:30–17:00) is 8 hours.

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
            raise ConfigurationError(tr("office hours need at least one period"))
        for start, end in self.periods:
            if not previous <= start < end:
                raise ConfigurationError(
                    tr("office period {start}-{end} is empty or overlaps the previous one",
                       start=start, end=end),
                    hint=tr("give ordered, non-overlapping (start, end) pairs"))
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


def _occasion_of(day: dt.date, name: str) -> Occasion:
    """The occasion of a python-holidays entry, read from its Vietnamese name."""
    if "thay cho" in name:
        return Occasion.SWAP
    for marker, occasion in (("Tết Dương lịch", Occasion.NEW_YEAR),
                             ("Tết Nguyên Đán", Occasion.LUNAR_NEW_YEAR),
                             ("29 Tết", Occasion.LUNAR_NEW_YEAR),
                             ("Giao thừa", Occasion.LUNAR_NEW_YEAR),
                             ("Giỗ Tổ", Occasion.HUNG_KINGS),
                             ("Chiến thắng", Occasion.REUNIFICATION),
                             ("Lao động", Occasion.LABOUR_DAY),
                             ("Quốc khánh", Occasion.NATIONAL_DAY),
                             ("Văn hóa", Occasion.CULTURE_DAY)):
        if marker in name:
            return occasion
    return Occasion.LOCAL


def _is_estimate(day: dt.date, name: str, occasion: Occasion) -> bool:
    """True when the package guessed a day the Prime Minister fixes each year."""
    if occasion not in DECIDED_EACH_YEAR or "nghỉ bù" in name:
        return False
    # 2/9 itself is fixed by law; only the adjacent day is decided each year
    return not (occasion is Occasion.NATIONAL_DAY and (day.month, day.day) == (9, 2))


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
    _years: dict[int, dict[dt.date, DayInfo]] = field(default_factory=dict, repr=False)
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

    def decided(self, year: int) -> dict[Occasion, tuple[str, ...]]:
        """Occasions of *year* with a verified decision, and the instruments behind them.

        >>> WorkingCalendar().decided(2026)[Occasion.SWAP]
        ('12729/VPCP-KGVX', 'VPCP 10/2025')
        """
        found: dict[Occasion, list[str]] = {}
        for entry in sorted(self._declared.values(), key=lambda e: e.day):
            if entry.day.year == year and entry.verified and entry.occasion in DECIDED_EACH_YEAR:
                instruments = found.setdefault(entry.occasion, [])
                label = entry.instrument or entry.source or entry.name
                if label not in instruments:
                    instruments.append(label)
        return {occasion: tuple(labels) for occasion, labels in found.items()}

    def _package_days(self, year: int) -> dict[dt.date, DayInfo]:
        """The package's days of *year*, estimates flagged, decided occasions left out."""
        decided = self.decided(year)
        days: dict[dt.date, DayInfo] = {}
        for day, name in _package_holidays(year):
            occasion = _occasion_of(day, name)
            if occasion is Occasion.CULTURE_DAY and not self.include_culture_day:
                continue
            estimate = _is_estimate(day, name, occasion)
            if estimate and occasion in decided:
                continue  # the decision's own entries replace the estimate
            if occasion is Occasion.CULTURE_DAY:
                estimate = True  # pending amendment of the Labour Code
            reason = REASON_DAY_OFF if occasion is Occasion.SWAP else REASON_HOLIDAY
            days[day] = DayInfo(day, False, reason, name, _PACKAGE, not estimate, occasion)
        return days

    def _make_up_days(self, year: int) -> dict[dt.date, DayInfo]:
        """Make-up Saturdays of swaps the package knows (it records only the day off)."""
        days: dict[dt.date, DayInfo] = {}
        for source_year in (year - 1, year, year + 1):
            if Occasion.SWAP in self.decided(source_year):
                continue
            for day_off, name in _package_holidays(source_year):
                match = _SWAP_TARGET.search(name)
                if match is None:
                    continue
                target = dt.date(int(match[3]), int(match[2]), int(match[1]))
                if target.year == year:
                    days[target] = DayInfo(
                        target, True, REASON_MAKE_UP, f"Làm bù cho ngày nghỉ {day_off:%d/%m/%Y}",
                        _PACKAGE, False, Occasion.SWAP)
        return days

    def _year(self, year: int) -> dict[dt.date, DayInfo]:
        table = self._years.get(year)
        if table is None:
            table = {**self._package_days(year), **self._make_up_days(year)}
            for day, entry in self._declared.items():
                if day.year == year:
                    table[day] = _declared_info(entry)
            self._years[year] = table
        return table

    def public_holidays(self, year: int) -> dict[dt.date, str]:
        """Days off of *year* other than weekly rest days (Vietnamese names).

        >>> WorkingCalendar().public_holidays(2026)[dt.date(2026, 4, 27)]
        'Ngày Giỗ Tổ Hùng Vương (nghỉ bù)'
        """
        return {day: info.name or "" for day, info in sorted(self._year(year).items())
                if not info.working}

    def day_info(self, day: dt.date) -> DayInfo:
        """Classify *day*, naming the rule and source that decided it.

        >>> WorkingCalendar().day_info(dt.date(2025, 4, 26)).reason
        'make-up working day'
        """
        info = self._year(day.year).get(day)
        if info is not None:
            return info
        if day.weekday() in self.weekend:
            return DayInfo(day, False, REASON_REST_DAY)
        return DayInfo(day, True, REASON_WEEKDAY)

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
        raise ConfigurationError(tr("no working day within 400 days after {day}", day=day),
                                 hint=tr("check the calendar entries: everything is a day off"))

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
            raise ConfigurationError(tr("cannot add {count} working days", count=count),
                                     hint=tr("use 0 or more"))
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
        ['2026-01-10', '2026-08-22']
        """
        return [info for _, info in sorted(self._year(year).items())]

    def year_coverage(self, year: int) -> YearCoverage:
        """Which yearly decisions *year* has, which are missing and which days are estimated.

        >>> cover = WorkingCalendar().year_coverage(2027)
        >>> [o.value for o in cover.missing], len(cover.estimates) > 0
        (['lunar_new_year', 'national_day'], True)
        """
        decided = self.decided(year)
        return YearCoverage(
            year, decided, tuple(o for o in REQUIRED_DECISIONS if o not in decided),
            tuple(info for info in self.exceptions(year) if not info.verified),
            tuple(p for p in pending_holidays() if year >= 2026))


def _declared_info(entry: CalendarEntry) -> DayInfo:
    if entry.kind is DayKind.WORKING_DAY:
        reason = REASON_MAKE_UP
    elif entry.occasion in (Occasion.SWAP, Occasion.LOCAL):
        reason = REASON_DAY_OFF
    else:
        reason = REASON_HOLIDAY
    return DayInfo(entry.day, entry.kind is DayKind.WORKING_DAY, reason, entry.name,
                   entry.source or None, entry.verified, entry.occasion, entry.instrument)


@cache
def _package_holidays(year: int) -> tuple[tuple[dt.date, str], ...]:
    # The package computes lunar dates: cache per process, not per calendar instance.
    found = holidays.country_holidays("VN", years=year, language="vi")
    return tuple(sorted(found.items()))


def _entry_from_mapping(raw: Mapping[str, Any], where: str) -> CalendarEntry:
    try:
        day = raw["date"]
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise ValueError(tr("date must be an ISO date"))
        kind = DayKind(raw["kind"])
        occasion = Occasion(raw.get("occasion", Occasion.LOCAL.value))
        verified = raw.get("verified", True)
        if not isinstance(verified, bool):
            raise ValueError(tr("verified must be true or false"))
    except KeyError as exc:
        raise ConfigurationError(tr("{where}: missing key {key}", where=where,
                                    key=repr(exc.args[0])),
                                 hint=tr("each entry needs 'date' and 'kind'")) from None
    except ValueError as exc:
        raise ConfigurationError(
            tr("{where}: {problem}", where=where, problem=exc),
            hint=tr("date as YYYY-MM-DD; kind 'day_off' or 'working_day'; occasion one of "
                    "{occasions}", occasions=", ".join(o.value for o in Occasion))) from None
    instrument = raw.get("instrument")
    return CalendarEntry(day, kind, str(raw.get("name", "")), str(raw.get("source", "")),
                         verified, occasion, None if instrument is None else str(instrument))


def load_entries(path: str | Path) -> list[CalendarEntry]:
    """Read calendar entries from a ``.toml`` or ``.json`` file with a list ``entries``.

    Each entry has ``date`` (ISO), ``kind`` (``day_off`` or ``working_day``), and optionally
    ``name``, ``occasion`` (``lunar_new_year``, ``national_day``, ``swap``, ``local``…),
    ``instrument`` (the notice's number), ``source`` and ``verified`` (default true).

    >>> load_entries("missing.json")
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: missing.json: cannot read calendar file missing.json: ...
    """
    from vn_egov.errors import VnEgovError
    from vn_egov.inputs import JSON_MAX_BYTES, read_input
    from vn_egov.safejson import load_json

    file = Path(path)
    try:  # through the input gate and, for JSON, the safe loader
        if file.suffix == ".toml":
            data: Any = tomllib.loads(read_input(file, max_bytes=JSON_MAX_BYTES).data
                                      .decode("utf-8"))
        else:
            data = load_json(file)
    except (VnEgovError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.message if isinstance(exc, VnEgovError) else exc
        raise ConfigurationError(tr("cannot read calendar file {file}: {error}", file=file,
                                    error=reason), source=str(file)) from None
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigurationError(tr("calendar file {file} has no list 'entries'", file=file),
                                 source=str(file))
    return list(_entries(entries, str(file)))


def _entries(raw_entries: Iterable[Any], where: str) -> Iterable[CalendarEntry]:
    for index, raw in enumerate(raw_entries):
        place = f"{where}: entries[{index}]"
        if not isinstance(raw, dict):
            raise ConfigurationError(tr("{where} is not a table/object", where=place))
        yield _entry_from_mapping(raw, place)


def bundled_entries() -> list[CalendarEntry]:
    """The official decisions shipped with the library (see ``data/SOURCES.md``).

    >>> [(e.day.isoformat(), e.kind.value, e.instrument) for e in bundled_entries()][:1]
    [('2024-04-29', 'day_off', '2450/VPCP-KGVX')]
    """
    return list(_bundled()[0])


def pending_holidays() -> list[PendingHoliday]:
    """Days off decided politically whose legal basis is not yet amended (24/11).

    >>> pending_holidays()[0].instruments[0]
    'Nghị quyết 80-NQ/TW ngày 07/01/2026'
    """
    return list(_bundled()[1])


@cache
def _bundled() -> tuple[tuple[CalendarEntry, ...], tuple[PendingHoliday, ...]]:
    # Read once per process: every WorkingCalendar() (e.g. each default deadline) uses it.
    text = resources.files("vn_egov.services.calendar").joinpath(
        "data/calendar_vn.json").read_text(encoding="utf-8")
    data = json.loads(text)
    entries = tuple(_entries(data["entries"], "calendar_vn.json"))
    pending = tuple(PendingHoliday(int(p["month_day"][:2]), int(p["month_day"][3:]), p["name"],
                                   tuple(p["instruments"]), p["note"])
                    for p in data.get("pending", ()))
    return entries, pending
