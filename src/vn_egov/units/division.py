"""Administrative-division codes (mã đơn vị hành chính) of the system in force since 1/7/2025.

Codes are fixed-width digit strings: a province (tỉnh, thành phố trung ương) has 2 digits, a
commune-level unit (xã, phường, đặc khu) 5 digits, unique nationally (QĐ 124/2004/QĐ-TTg rules;
list of QĐ 19/2025/QĐ-TTg). :func:`validate`, :func:`is_valid` and :func:`format` check the shape
and need nothing else. Names, types and membership come from the optional package
``vietnam-provinces`` (GPL-3.0-or-later, never bundled; ``pip install "vn-egov[divisions]"``),
imported only when a lookup runs. Sources disagree on a few codes, so :func:`data_version` says
which data answered. Codes are unrelated to agency H codes (Hải Phòng is 31 here).

>>> validate(" 31 "), validate(11824)
('31', '11824')
>>> lookup("31").name
'Thành phố Hải Phòng'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from vn_egov.errors import (
    CodeError,
    ConfigurationError,
    InvalidFormat,
    InvalidLength,
    UnknownCode,
)
from vn_egov.i18n import N_, tr
from vn_egov.units._search import rank
from vn_egov.units.system import BaseCodeSystem

__all__ = [
    "DIVISION",
    "DivisionCode",
    "Level",
    "compact",
    "data_version",
    "format",
    "is_valid",
    "lookup",
    "parse",
    "provinces",
    "search",
    "validate",
    "wards_of",
]

_PROVINCE_WIDTH = 2
_COMMUNE_WIDTH = 5
# First day of the two-tier system (NQ 202/2025/QH15); the installed data describes it.
_SYSTEM_START = "2025-07-01"
Level = Literal["province", "commune"]
_WIDTHS: dict[str, int] = {"province": _PROVINCE_WIDTH, "commune": _COMMUNE_WIDTH}
_TITLE = N_("division code")


def _shape_hint() -> str:
    return tr("a province code has 2 digits (e.g. 31), a commune code 5 digits (e.g. 11824)")


def _install_hint() -> str:
    return tr('pip install "vn-egov[divisions]" (installs vietnam-provinces, '
              'GPL-3.0-or-later)')


@dataclass(frozen=True)
class DivisionCode:
    """A well-formed division code (shape only; whether it exists needs :func:`lookup`).

    >>> parse("11824")
    DivisionCode(code='11824')
    >>> parse("31").level
    'province'
    """

    code: str

    @property
    def level(self) -> Level:
        """``"province"`` for 2 digits, ``"commune"`` for 5."""
        return "province" if len(self.code) == _PROVINCE_WIDTH else "commune"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready parts.

        >>> parse("00004").to_dict()
        {'code': '00004', 'level': 'commune'}
        """
        return {"code": self.code, "level": self.level}

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Division:
    """A province or commune-level unit as the installed data describes it.

    >>> unit = lookup("11824")
    >>> unit.name, unit.type, unit.province_code, unit.level
    ('Xã Vĩnh Bảo', 'xã', '31', 'commune')
    """

    code: str
    name: str
    type: str
    province_code: str
    codename: str

    @property
    def level(self) -> Level:
        """``"province"`` or ``"commune"``, from the width of the code."""
        return "province" if len(self.code) == _PROVINCE_WIDTH else "commune"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: code, name, type, province_code, parent, level, validity, source.

        >>> lookup("31").to_dict()["type"]
        'thành phố trung ương'
        """
        return {"code": self.code, "name": self.name, "type": self.type,
                "province_code": self.province_code,
                "parent": None if self.level == "province" else self.province_code,
                "level": self.level, "codename": self.codename, "verified": True,
                "valid_from": _SYSTEM_START, "valid_to": None, "source": data_version()}


def _provider() -> Any:
    try:
        import vietnam_provinces
    except ImportError as exc:
        raise ConfigurationError(tr("administrative-division lookups need the optional package "
                                    "vietnam-provinces, which is not installed"),
                                 hint=_install_hint()) from exc
    return vietnam_provinces


def data_version() -> str:
    """Which data answers lookups: package version and data date.

    >>> data_version()
    'vietnam-provinces ... (data ...)'
    """
    provider = _provider()
    version = getattr(provider, "__version__", "unknown")
    data_date = getattr(provider, "__data_version__", "unknown")
    return f"vietnam-provinces {version} (data {data_date})"


def _from_province(province: Any) -> Division:
    code = f"{int(province.code):0{_PROVINCE_WIDTH}d}"
    return Division(code, province.name, str(province.division_type.value), code,
                    province.codename)


def _from_ward(ward: Any) -> Division:
    return Division(f"{int(ward.code):0{_COMMUNE_WIDTH}d}", ward.name,
                    str(ward.division_type.value),
                    f"{int(ward.province_code):0{_PROVINCE_WIDTH}d}", ward.codename)


def _require_str_or_int(code: object) -> str | int:
    if isinstance(code, bool) or not isinstance(code, str | int):
        raise InvalidFormat(tr("division code must be text or an integer, got {kind}",
                               kind=type(code).__name__), hint=_shape_hint())
    return code


class DivisionSystem(BaseCodeSystem[DivisionCode]):
    """Division codes: shape checks with no extra package, lookups through vietnam-provinces.

    Accepts an integer wherever a code is expected (zero-padded when the level is known).
    """

    name = "division"
    title = _TITLE

    def example(self) -> str:
        """A valid code for hints."""
        return "31"

    def parse(self, text: str | int, level: Level | None = None) -> DivisionCode:
        """Parse *text* (or an integer) into a :class:`DivisionCode`; see :func:`validate`."""
        if level is not None and level not in _WIDTHS:
            raise InvalidFormat(tr("level must be 'province' or 'commune', not {level!r}",
                                   level=level))
        value = _require_str_or_int(text)
        if isinstance(value, int):
            return self._check(self._from_int(value, level), level)
        return self._check(self._cleaned(value), level)

    def _parse(self, code: str, original: str) -> DivisionCode:
        return self._check(code, None)

    @staticmethod
    def _from_int(number: int, level: Level | None) -> str:
        if number < 1:
            raise InvalidFormat(tr("division code {number} is not a positive integer",
                                   number=number), hint=_shape_hint())
        if level is None and number < 100:
            raise InvalidFormat(tr("integer division code {number} is ambiguous: province "
                                   "{number:02d} or commune {number:05d}?", number=number),
                                hint=tr("pass level='province' or level='commune', or a "
                                        "zero-padded string"))
        return str(number).zfill(_WIDTHS[level] if level else _COMMUNE_WIDTH)

    @staticmethod
    def _check(text: str, level: Level | None) -> DivisionCode:
        if not text.isascii() or not text.isdigit():
            bad = next((c for c in text if not "0" <= c <= "9"), text[:1])
            raise InvalidFormat(tr("division code {code!r} contains {char!r}; only digits 0-9 "
                                   "are allowed", code=text, char=bad), hint=_shape_hint())
        widths = (_WIDTHS[level],) if level else (_PROVINCE_WIDTH, _COMMUNE_WIDTH)
        if len(text) not in widths:
            expected = " or ".join(str(w) for w in widths)
            raise InvalidLength(tr("division code {code!r} has {count} digit(s); {expected} "
                                   "expected", code=text, count=len(text), expected=expected),
                                hint=_shape_hint())
        if int(text) == 0:
            raise InvalidFormat(tr("division code {code!r} is all zeros; codes start at 1",
                                   code=text), hint=_shape_hint())
        return DivisionCode(text)

    def validate(self, text: str | int, level: Level | None = None) -> str:
        """The canonical code; see :func:`validate`."""
        return self.parse(text, level).code

    def is_valid(self, text: str | int, level: Level | None = None) -> bool:
        """True if :meth:`validate` accepts *text*."""
        try:
            self.validate(text, level)
        except CodeError:
            return False
        return True

    def canonical(self, value: DivisionCode) -> str:
        """The canonical spelling."""
        return value.code

    def parts(self, value: DivisionCode) -> dict[str, Any]:
        """See :meth:`DivisionCode.to_dict`."""
        return value.to_dict()

    # -- directory (needs vietnam-provinces) ---------------------------------------------

    def lookup(self, text: str | int) -> Division:
        """The :class:`Division` of code *text*; :class:`~vn_egov.errors.UnknownCode` if absent."""
        value = self.parse(text)
        provider = _provider()
        try:
            if value.level == "province":
                return _from_province(provider.Province.from_code(
                    provider.ProvinceCode(int(value.code))))
            return _from_ward(provider.Ward.from_code(provider.WardCode(int(value.code))))
        except ValueError as exc:
            message = (tr("province code {code!r} is not in {data}", code=value.code,
                          data=data_version()) if value.level == "province" else
                       tr("commune code {code!r} is not in {data}", code=value.code,
                          data=data_version()))
            raise UnknownCode(message,
                              hint=tr("codes closed by the 1/7/2025 reorganisation (e.g. Hải "
                                      "Dương 30, now part of Hải Phòng 31) are not listed")
                              ) from exc

    def provinces(self) -> list[Division]:
        """The provinces and centrally-run cities, by code."""
        provider = _provider()
        return sorted((_from_province(p) for p in provider.Province.iter_all()),
                      key=lambda d: d.code)

    def wards_of(self, province: str | int) -> list[Division]:
        """Commune-level units (xã, phường, đặc khu) of *province*, by code."""
        found = self.lookup(self.validate(province, level="province"))
        provider = _provider()
        wards = provider.Ward.iter_by_province(provider.ProvinceCode(int(found.code)))
        return sorted((_from_ward(w) for w in wards), key=lambda d: d.code)

    def children(self, parent: str | None = None) -> list[Division]:
        """The provinces (no *parent*) or the communes of province *parent*."""
        return self.provinces() if parent is None else self.wards_of(parent)

    def search(self, query: str, *, limit: int | None = None, province: str | int | None = None,
               level: Level | None = None) -> list[Division]:
        """Units whose name matches *query*, best first; see :func:`search`."""
        candidates: list[Division] = []
        if level in (None, "province") and province is None:
            candidates += self.provinces()
        if level in (None, "commune"):
            if province is not None:
                candidates += self.wards_of(province)
            else:
                provider = _provider()
                candidates += sorted((_from_ward(w) for w in provider.Ward.iter_all()),
                                     key=lambda d: d.code)
        return [match.item for match in rank(query, candidates, lambda d: d.name, limit)]


DIVISION = DivisionSystem()
"""The division code system (entry point ``division`` of ``vn_egov.codes``)."""


def compact(code: str | int) -> str:
    """Lenient clean-up (NFKC, spaces at the ends dropped); an integer becomes its digits.

    >>> compact(" 31 "), compact("１１８２４"), compact(4)
    ('31', '11824', '4')
    """
    if isinstance(code, str):
        return DIVISION.compact(code)
    return str(_require_str_or_int(code))


def parse(code: str | int, level: Level | None = None) -> DivisionCode:
    """The :class:`DivisionCode` of *code* (see :func:`validate`).

    >>> parse(4, level="commune").code
    '00004'
    """
    return DIVISION.parse(code, level)


def validate(code: str | int, level: Level | None = None) -> str:
    """Canonical code (2 or 5 digits) or a :class:`~vn_egov.errors.CodeError`.

    An integer is zero-padded: to the width of *level* if given, else to 5 digits when it is
    100 or more; a smaller integer without *level* is ambiguous (``4`` could be ``04`` or
    ``00004``) and is refused. Strings are never padded.

    >>> validate(4, level="commune"), validate(31, level="province")
    ('00004', '31')
    >>> validate("311")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidLength: division code '311' has 3 digit(s); 2 or 5 expected ...
    """
    return DIVISION.validate(code, level)


def is_valid(code: str | int, level: Level | None = None) -> bool:
    """True if :func:`validate` accepts *code* (shape only, no data needed).

    >>> is_valid("31"), is_valid("00004"), is_valid("3l")
    (True, True, False)
    """
    return DIVISION.is_valid(code, level)


def format(code: str | int) -> str:
    """Canonical spelling (same as :func:`validate`).

    >>> format("０１")
    '01'
    """
    return DIVISION.validate(code)


def lookup(code: str | int) -> Division:
    """The :class:`Division` for *code*; :class:`~vn_egov.errors.UnknownCode` if not listed.

    >>> lookup("31").name, lookup("31").type
    ('Thành phố Hải Phòng', 'thành phố trung ương')
    >>> lookup("30")
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnknownCode: province code '30' is not in vietnam-provinces ...
    """
    return DIVISION.lookup(code)


def provinces() -> list[Division]:
    """The provinces and centrally-run cities, by code.

    >>> len(provinces()), provinces()[0].code
    (34, '01')
    """
    return DIVISION.provinces()


def wards_of(province_code: str | int) -> list[Division]:
    """Commune-level units (xã, phường, đặc khu) of a province, by code.

    >>> wards = wards_of("31")
    >>> len(wards) > 100, {w.province_code for w in wards}
    (True, {'31'})
    """
    return DIVISION.wards_of(province_code)


def search(query: str, *, limit: int | None = None, province: str | int | None = None,
           level: Level | None = None) -> list[Division]:
    """Units whose name matches *query*, best first, accent-aware.

    Names are compared NFC and case-folded; a query also matches without diacritics
    (``hai phong`` finds ``Hải Phòng``), ranked after matches with the diacritics as typed.

    >>> [d.code for d in search("hai phong", level="province")]
    ['31']
    >>> [d.name for d in search("Vĩnh Bảo", province="31")]
    ['Xã Vĩnh Bảo']
    """
    return DIVISION.search(query, limit=limit, province=province, level=level)
