"""Registries of agency identifiers: the built-in table and user-supplied TOML/JSON files.

A registry maps codes to :class:`RegistryEntry` rows (code, name, parent, validity period,
source, confidence, verified). Letter groups are keyed by their letter (``"G"``); level-1 bodies
by their level-1 group (``"G22"``), which both written forms share, so ``000.00.00.G22`` and
``G22`` find the same row; lower units only by their exact canonical spelling (no conversion
between the forms is verified, see :mod:`vn_egov.units.agency`).

The built-in table is read from ``data/agencies.json`` on first use, never at import time. Its
rows carry the confidence of ``docs/codes.md``; ``verified`` is false for every low-confidence
row. Validity bounds are a :class:`datetime.date`, ``None`` (no bound) or ``"unknown"``.

User file (TOML shown; JSON has the same keys, or is a bare list of rows)::

    name = "Hải Phòng departments"
    source = "QĐ .../QĐ-UBND"          # default source of the rows
    [[agencies]]
    code = "000.00.01.H24"
    name = "Sở Tư pháp"
    valid_from = 2020-01-01

>>> Registry.builtin().lookup("000.00.00.H41").name
'UBND tỉnh Nghệ An'
>>> [e.code for e in Registry.builtin().children(None)][:3]
['A', 'B', 'C']
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from vn_egov.errors import CodeError, ConfigurationError, InputError, UnknownCode
from vn_egov.i18n import N_, tr, translate
from vn_egov.units._search import rank
from vn_egov.units._text import clean, require_str
from vn_egov.units.agency import AgencyCode, AgencySystem, parse

__all__ = ["AGENCY", "AgencyDirectory", "Confidence", "Registry", "RegistryEntry"]

Bound = date | Literal["unknown"] | None
"""A validity bound: a date, ``None`` (no bound: open-ended) or ``"unknown"``."""

_LETTER = re.compile(r"[A-Y]")
_ROW_FIELDS = frozenset({"code", "name", "parent", "valid_from", "valid_to", "source",
                         "confidence", "verified", "current", "note"})
_FILE_FIELDS = frozenset({"name", "data_version", "source", "agencies"})


class Confidence(StrEnum):
    """How well a row is supported (see ``docs/codes.md``): high, medium or low.

    >>> Confidence("low").verified
    False
    """

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def verified(self) -> bool:
        """Only high and medium rows count as verified; low rows are hypotheses."""
        return self is not Confidence.LOW


def _key(code: AgencyCode | str) -> str:
    """The key a registry files *code* under: a letter, a level-1 group, or the full code.

    >>> _key("000.00.00.G22"), _key("H56.14"), _key("g")
    ('G22', 'H56.14', 'G')
    """
    if isinstance(code, AgencyCode):
        value = code
    else:
        text = clean(code, "agency code")
        if _LETTER.fullmatch(text):
            return text
        value = parse(text)
    return value.level1 if value.level == 1 else value.code


@dataclass(frozen=True)
class RegistryEntry:
    """One known body.

    ``current`` is ``True``/``False`` when it is known whether the body still exists under this
    code, ``None`` when that is unknown (e.g. every G row after the 2025 reorganisation).

    >>> entry = Registry.builtin().lookup("G05")
    >>> entry.name, entry.current, entry.valid_to
    ('Bộ Kế hoạch và Đầu tư', False, 'unknown')
    """

    code: str
    name: str
    parent: str | None
    valid_from: Bound
    valid_to: Bound
    source: str
    confidence: Confidence
    verified: bool
    current: bool | None = None
    note: str = ""

    def in_force_on(self, day: date) -> bool | None:
        """True/False if the row's period decides it, ``None`` when a bound is unknown.

        >>> Registry.builtin().lookup("G22").in_force_on(date(2020, 1, 1)) is None
        True
        """
        if isinstance(self.valid_from, date) and day < self.valid_from:
            return False
        if isinstance(self.valid_to, date) and day > self.valid_to:
            return False
        if self.valid_from == "unknown" or self.valid_to == "unknown":
            return None
        return True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (dates as ISO strings).

        >>> Registry.builtin().lookup("H14").to_dict()["confidence"]
        'medium'
        """
        def bound(value: Bound) -> str | None:
            return value.isoformat() if isinstance(value, date) else value

        return {"code": self.code, "name": self.name, "parent": self.parent,
                "verified": self.verified, "confidence": self.confidence.value,
                "valid_from": bound(self.valid_from), "valid_to": bound(self.valid_to),
                "current": self.current, "source": self.source, "note": self.note}


class Registry:
    """An immutable set of :class:`RegistryEntry` rows with lookup, children and validation.

    >>> reg = Registry([RegistryEntry("H56.14", "Sở X", "H56", None, None, "own list",
    ...                               Confidence.HIGH, True)], name="demo")
    >>> reg.validate(" h56.14 "), len(reg), "H56.14" in reg
    ('H56.14', 1, True)
    """

    def __init__(self, entries: Iterable[RegistryEntry], *, name: str = "registry",
                 data_version: str | None = None, source: str | None = None) -> None:
        self.name = name
        self.data_version = data_version
        self.source = source
        self._entries: dict[str, RegistryEntry] = {}
        for entry in entries:
            if entry.code in self._entries:
                raise ConfigurationError(tr("{registry}: code {code!r} appears twice",
                                            registry=name, code=entry.code),
                                         hint=tr("keep one row per code"))
            self._entries[entry.code] = entry

    @classmethod
    def builtin(cls) -> Registry:
        """The registry shipped with vn_egov (loaded once, on first use).

        >>> Registry.builtin().lookup("G22").verified
        True
        """
        return _builtin()

    @classmethod
    def load(cls, path: str | Path) -> Registry:
        """Read a user registry from a ``.toml`` or ``.json`` file.

        Rows need ``code`` and ``name``; ``source`` comes from the row or the file. Missing
        ``confidence`` means ``high`` (you vouch for your own list); ``parent`` defaults to the
        code one level up. Unknown keys, bad codes and duplicates raise
        :class:`~vn_egov.errors.ConfigurationError` naming the row.

        >>> import tempfile, os
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     file = os.path.join(tmp, "units.toml")
        ...     _ = open(file, "w", encoding="utf-8").write(
        ...         'source = "own list"\\n[[agencies]]\\ncode = "H56.14"\\nname = "Sở X"\\n')
        ...     Registry.load(file).lookup("H56.14").parent
        'H56'
        """
        from vn_egov.errors import MalformedJSONError, UnsafeJSONError
        from vn_egov.inputs import JSON_MAX_BYTES, read_input
        from vn_egov.safejson import load_json

        file = Path(path)
        try:  # the input gate: a FIFO or a device is refused unopened, the size bounded
            raw = read_input(file, max_bytes=JSON_MAX_BYTES,
                             limit_name="JSONLimits.max_bytes").data
        except InputError as exc:
            raise InputError(tr("cannot read registry file: {reason}", reason=exc.message),
                             source=str(file), hint=exc.hint) from None
        suffix = file.suffix.lower()
        try:
            if suffix == ".toml":
                data: Any = tomllib.loads(raw.decode("utf-8"))
            elif suffix == ".json":
                data = load_json(raw, source_name=str(file))  # limits, exact numbers
            else:
                raise ConfigurationError(tr("registry file must end in .toml or .json, not "
                                            "{suffix!r}", suffix=suffix or "(none)"),
                                         source=str(file))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, MalformedJSONError,
                UnsafeJSONError) as exc:
            detail = str(exc) if isinstance(exc, MalformedJSONError | UnsafeJSONError) else exc
            raise ConfigurationError(tr("registry file is not valid {syntax}: {error}",
                                        syntax=suffix[1:].upper(), error=detail),
                                     source=str(file), hint=tr("fix the syntax")) from exc
        return cls.from_data(data, source_name=str(file))

    @classmethod
    def from_data(cls, data: Any, *, source_name: str = "registry") -> Registry:
        """Build a registry from parsed JSON/TOML data (a mapping with ``agencies``, or a list).

        >>> Registry.from_data([{"code": "G22", "name": "VPCP", "source": "x"}]).lookup(
        ...     "000.00.00.G22").name
        'VPCP'
        """
        meta: Mapping[str, Any]
        if isinstance(data, list):
            meta, rows = {}, data
        elif isinstance(data, Mapping):
            unknown = sorted(set(data) - _FILE_FIELDS)
            if unknown:
                raise ConfigurationError(tr("unknown top-level keys {keys}", keys=unknown),
                                         source=source_name,
                                         hint=tr("allowed: {keys}", keys=sorted(_FILE_FIELDS)))
            meta, rows = data, data.get("agencies", [])
        else:
            raise ConfigurationError(tr("registry data must be a table/object or a list of rows"),
                                     source=source_name)
        if not isinstance(rows, list):
            raise ConfigurationError(tr("'agencies' must be a list of rows"), source=source_name)
        default_source = meta.get("source")
        entries = [_entry_from_row(row, index, default_source, source_name)
                   for index, row in enumerate(rows, start=1)]
        return cls(entries, name=str(meta.get("name", source_name)),
                   data_version=meta.get("data_version"), source=default_source)

    def merged(self, other: Registry) -> Registry:
        """A new registry with the rows of both; rows of *other* win on the same code.

        >>> extra = Registry.from_data([{"code": "H24", "name": "Mine", "source": "own"}])
        >>> Registry.builtin().merged(extra).lookup("H24").name
        'Mine'
        """
        rows = dict(self._entries)
        rows.update(other._entries)
        return Registry(rows.values(), name=f"{self.name}+{other.name}",
                        data_version=other.data_version or self.data_version,
                        source=other.source or self.source)

    def lookup(self, code: AgencyCode | str) -> RegistryEntry:
        """The entry for *code*; :class:`~vn_egov.errors.UnknownCode` when absent.

        >>> Registry.builtin().lookup("000.00.04.G14")
        Traceback (most recent call last):
        ...
        vn_egov.errors.UnknownCode: agency code '000.00.04.G14' is not in the built-in ...
        """
        key = _key(code)
        entry = self._entries.get(key)
        if entry is None:
            hint = (tr("the built-in registry holds only level-1 bodies whose identity a "
                       "source confirms; load your own list with Registry.load(path)")
                    if self.name == _BUILTIN_NAME else tr("add the code to the registry file"))
            raise UnknownCode(tr("agency code {code!r} is not in the {registry}", code=key,
                                 registry=translate(self.name)), hint=hint)
        return entry

    def validate(self, code: AgencyCode | str, *, on: date | None = None) -> str:
        """Canonical *code* if present (and, with *on*, not outside its validity period).

        >>> Registry.builtin().validate("000.00.00.G22")
        '000.00.00.G22'
        """
        value = code if isinstance(code, AgencyCode) else None
        text = value.code if value is not None else clean(code, "agency code")
        entry = self.lookup(code)
        if on is not None and entry.in_force_on(on) is False:
            raise UnknownCode(tr("agency code {code!r} ({name}) is not in force on {day}: valid "
                                 "{start} to {end}", code=text, name=entry.name,
                                 day=on.isoformat(), start=_day(entry.valid_from),
                                 end=_day(entry.valid_to)),
                              hint=tr("check the date or the registry row"))
        return text if _LETTER.fullmatch(text) else (value or parse(text)).code

    def children(self, code: AgencyCode | str | None) -> list[RegistryEntry]:
        """Entries whose parent is *code*, sorted by code. ``None`` gives the top-level rows:
        those without a parent or whose parent is not in this registry (a user list of
        departments whose province row lives elsewhere).

        >>> [e.code for e in Registry.builtin().children("H")][:2]
        ['H14', 'H19']
        >>> [e.code for e in Registry.builtin().children(None)][-3:]
        ['G', 'H', 'K']
        """
        if code is None:
            rows = (e for e in self._entries.values()
                    if e.parent is None or e.parent not in self._entries)
        else:
            key = _key(code)
            rows = (e for e in self._entries.values() if e.parent == key)
        return sorted(rows, key=lambda e: e.code)

    def search(self, query: str, *, limit: int | None = None) -> list[RegistryEntry]:
        """Entries whose name matches *query*, best first (NFC, case-insensitive; a query
        without diacritics, or with wrong ones, also matches, ranked after exact ones).

        >>> [e.code for e in Registry.builtin().search("Văn phòng Chính phủ")]
        ['G22']
        >>> [e.code for e in Registry.builtin().search("chinh phu")]
        ['G20', 'G22', 'G']
        """
        return [match.item for match in rank(query, self, lambda e: e.name, limit)]

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, AgencyCode | str):
            return False
        try:
            return _key(code) in self._entries
        except CodeError:
            return False

    def __iter__(self) -> Iterator[RegistryEntry]:
        return iter(sorted(self._entries.values(), key=lambda e: e.code))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry(name={self.name!r}, entries={len(self)})"


_BUILTIN_NAME = N_("built-in agency registry")


def _bound(value: Any, what: str, where: str) -> Bound:
    if value is None or value == "unknown" or isinstance(value, date):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigurationError(tr("{where}: {field} {value!r} is not an ISO date (YYYY-MM-DD), "
                                "'unknown' or empty", where=where, field=what, value=value),
                             hint=tr("e.g. valid_from = 2025-07-01"))


def _entry_from_row(row: Any, index: int, default_source: Any, source_name: str) -> RegistryEntry:
    where = tr("{source}: row {index}", source=source_name, index=index)
    if not isinstance(row, Mapping):
        raise ConfigurationError(tr("{where} is not a table/object", where=where))
    unknown = sorted(set(row) - _ROW_FIELDS)
    if unknown:
        raise ConfigurationError(tr("{where}: unknown keys {keys}", where=where, keys=unknown),
                                 hint=tr("allowed: {keys}", keys=sorted(_ROW_FIELDS)))
    for required in ("code", "name"):
        if not isinstance(row.get(required), str) or not row[required].strip():
            raise ConfigurationError(tr("{where}: {field!r} is missing or not text", where=where,
                                        field=required))
    source = row.get("source", default_source)
    if not isinstance(source, str) or not source.strip():
        raise ConfigurationError(tr("{where}: no 'source' (give it per row or for the file)",
                                    where=where),
                                 hint=tr("name the instrument or list the data comes from"))
    try:
        key = _key(row["code"])
        given = row.get("parent")
        parent = (_default_parent(key) if given is None
                  else _key(require_str(given, N_("parent"))))
        confidence = Confidence(row.get("confidence", "high"))
    except CodeError as exc:
        raise ConfigurationError(tr("{where}: {error}", where=where, error=exc),
                                 hint=tr("fix the code")) from exc
    except ValueError as exc:
        raise ConfigurationError(tr("{where}: confidence must be high, medium or low",
                                    where=where)) from exc
    verified = row.get("verified", confidence.verified)
    current = row.get("current")
    if not isinstance(verified, bool) or (current is not None and not isinstance(current, bool)):
        raise ConfigurationError(tr("{where}: 'verified' and 'current' must be true or false",
                                    where=where))
    if verified and not confidence.verified:
        raise ConfigurationError(tr("{where}: a low-confidence row cannot be verified",
                                    where=where),
                                 hint=tr("set verified = false or raise the confidence"))
    valid_from = _bound(row.get("valid_from"), "valid_from", where)
    valid_to = _bound(row.get("valid_to"), "valid_to", where)
    if isinstance(valid_from, date) and isinstance(valid_to, date) and valid_to < valid_from:
        raise ConfigurationError(tr("{where}: valid_to {end} is before valid_from {start}",
                                    where=where, end=valid_to, start=valid_from))
    return RegistryEntry(code=key, name=row["name"], parent=parent, valid_from=valid_from,
                         valid_to=valid_to, source=source, confidence=confidence,
                         verified=verified, current=current, note=str(row.get("note", "")))


def _default_parent(key: str) -> str | None:
    if _LETTER.fullmatch(key):
        return None
    value = parse(key)
    up = value.parent()
    return value.group_letter if up is None else _key(up)


@cache
def _builtin() -> Registry:
    data_file = resources.files("vn_egov.units").joinpath("data/agencies.json")
    data = json.loads(data_file.read_text(encoding="utf-8"))
    return Registry.from_data(data, source_name="vn_egov/units/data/agencies.json")


class AgencyDirectory(AgencySystem):
    """The agency code system with a registry behind it: lookup, name search, children.

    This is the ``agency`` entry of the ``vn_egov.codes`` entry-point group (:data:`AGENCY`,
    over the built-in registry); build one over your own list with
    ``AgencyDirectory(Registry.load(path))``.

    >>> AGENCY.lookup("000.00.00.G22").name
    'Văn phòng Chính phủ'
    >>> [e.code for e in AGENCY.children("G")][:2]
    ['G01', 'G02']
    """

    def __init__(self, registry: Registry | None = None) -> None:
        self._registry = registry

    @property
    def registry(self) -> Registry:
        """The registry consulted (the built-in one unless another was given)."""
        return self._registry if self._registry is not None else Registry.builtin()

    def with_registry(self, registry: Registry) -> AgencyDirectory:
        """The same system over *registry*."""
        return AgencyDirectory(registry)

    def lookup(self, text: str) -> RegistryEntry:
        """The registry entry of code *text* (a letter group, a level-1 body in either form, or
        a lower unit in its exact form); :class:`~vn_egov.errors.UnknownCode` when absent."""
        return self.registry.lookup(text)

    def search(self, query: str, *, limit: int | None = None) -> list[RegistryEntry]:
        """Entries whose name matches *query*, best first (see :meth:`Registry.search`)."""
        return self.registry.search(query, limit=limit)

    def children(self, parent: str | None = None) -> list[RegistryEntry]:
        """Entries whose parent is *parent* (``None``: the top-level rows), by code."""
        return self.registry.children(parent)


AGENCY = AgencyDirectory()
"""The agency code system over the built-in registry (entry point ``agency``)."""


def _day(day: Bound) -> str:
    """A validity bound for a message: the ISO date, "unknown", or an ellipsis when open.

    >>> _day(date(2025, 3, 1)), _day("unknown"), _day(None)
    ('2025-03-01', 'unknown', '…')
    """
    if isinstance(day, date):
        return day.isoformat()
    return tr("unknown") if day == "unknown" else "…"
