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
>>> lookup("31")["name"]
'Thành phố Hải Phòng'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from vn_egov.errors import ConfigurationError, InvalidFormat, InvalidLength, UnknownCode
from vn_egov.units._text import normalize_code

__all__ = [
    "COMMUNE_WIDTH",
    "PROVINCE_WIDTH",
    "SYSTEM_START",
    "Division",
    "Level",
    "compact",
    "data_version",
    "format",
    "get",
    "is_valid",
    "level_of",
    "list_codes",
    "lookup",
    "provinces",
    "search",
    "validate",
    "wards_of",
]

PROVINCE_WIDTH = 2
SYSTEM_START = "2025-07-01"
"""First day of the two-tier system (NQ 202/2025/QH15); the installed data describes it."""
COMMUNE_WIDTH = 5
Level = Literal["province", "commune"]
_WIDTHS: dict[str, int] = {"province": PROVINCE_WIDTH, "commune": COMMUNE_WIDTH}
_SHAPE_HINT = "a province code has 2 digits (e.g. 31), a commune code 5 digits (e.g. 11824)"
_INSTALL_HINT = 'pip install "vn-egov[divisions]" (installs vietnam-provinces, GPL-3.0-or-later)'


@dataclass(frozen=True)
class Division:
    """A province or commune-level unit as the installed data describes it.

    >>> unit = get("11824")
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
        return "province" if len(self.code) == PROVINCE_WIDTH else "commune"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: code, name, type, province_code, parent, level, validity, source.

        >>> get("31").to_dict()["type"]
        'thành phố trung ương'
        """
        return {"code": self.code, "name": self.name, "type": self.type,
                "province_code": self.province_code,
                "parent": None if self.level == "province" else self.province_code,
                "level": self.level, "codename": self.codename, "verified": True,
                "valid_from": SYSTEM_START, "valid_to": None, "source": data_version()}


def compact(code: str | int) -> str:
    """Lenient clean-up: whitespace removed, full-width digits folded; ints become text.

    >>> compact(" 3 1 "), compact("１１８２４"), compact(4)
    ('31', '11824', '4')
    """
    if isinstance(code, bool) or not isinstance(code, str | int):
        raise InvalidFormat(f"division code must be text or an integer, got "
                            f"{type(code).__name__}", hint=_SHAPE_HINT)
    return str(code) if isinstance(code, int) else normalize_code(code)


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
    vn_egov.errors.InvalidLength: division code '311' has 3 digits; ...
    """
    text = compact(code)
    if level is not None and level not in _WIDTHS:
        raise InvalidFormat(f"level must be 'province' or 'commune', not {level!r}")
    if not text:
        raise InvalidLength("division code is empty", hint=_SHAPE_HINT)
    if not text.isascii() or not text.isdigit():
        bad = next((c for c in text if not ("0" <= c <= "9")), text[:1])
        raise InvalidFormat(f"division code {text!r} contains {bad!r}; only digits 0-9 are "
                            "allowed", hint=_SHAPE_HINT)
    if isinstance(code, int):
        if int(text) < 0:  # pragma: no cover - '-' is caught above
            raise InvalidFormat("division code cannot be negative")
        if level is None and int(text) < 100:
            raise InvalidFormat(f"integer division code {code} is ambiguous: province "
                                f"{code:02d} or commune {code:05d}?",
                                hint="pass level='province' or level='commune', or a "
                                     "zero-padded string")
        text = text.zfill(_WIDTHS[level] if level else COMMUNE_WIDTH)
    widths = (_WIDTHS[level],) if level else (PROVINCE_WIDTH, COMMUNE_WIDTH)
    if len(text) not in widths:
        expected = " or ".join(str(w) for w in widths)
        count = f"{len(text)} digit" + ("" if len(text) == 1 else "s")
        raise InvalidLength(f"division code {text!r} has {count}; {expected} expected",
                            hint=_SHAPE_HINT)
    if int(text) == 0:
        raise InvalidFormat(f"division code {text!r} is all zeros; codes start at 1",
                            hint=_SHAPE_HINT)
    return text


def is_valid(code: str | int, level: Level | None = None) -> bool:
    """True if :func:`validate` accepts *code* (shape only, no data needed).

    >>> is_valid("31"), is_valid("00004"), is_valid("3l")
    (True, True, False)
    """
    from vn_egov.errors import CodeError

    try:
        validate(code, level)
    except CodeError:
        return False
    return True


def format(code: str | int) -> str:
    """Canonical spelling (same as :func:`validate`).

    >>> format("０１")
    '01'
    """
    return validate(code)


def level_of(code: str | int) -> Level:
    """``"province"`` for 2 digits, ``"commune"`` for 5.

    >>> level_of("31"), level_of("11824")
    ('province', 'commune')
    """
    return "province" if len(validate(code)) == PROVINCE_WIDTH else "commune"


def _provider() -> Any:
    try:
        import vietnam_provinces
    except ImportError as exc:
        raise ConfigurationError("administrative-division lookups need the optional package "
                                 "vietnam-provinces, which is not installed",
                                 hint=_INSTALL_HINT) from exc
    return vietnam_provinces


def data_version() -> str:
    """Which data answers lookups: package version and data date.

    >>> data_version()
    'vietnam-provinces 2025.10.1 (data 2025-10-18)'
    """
    provider = _provider()
    version = getattr(provider, "__version__", "unknown")
    data_date = getattr(provider, "__data_version__", "unknown")
    return f"vietnam-provinces {version} (data {data_date})"


def _from_province(province: Any) -> Division:
    code = f"{int(province.code):0{PROVINCE_WIDTH}d}"
    return Division(code, province.name, str(province.division_type.value), code,
                    province.codename)


def _from_ward(ward: Any) -> Division:
    return Division(f"{int(ward.code):0{COMMUNE_WIDTH}d}", ward.name,
                    str(ward.division_type.value),
                    f"{int(ward.province_code):0{PROVINCE_WIDTH}d}", ward.codename)


def get(code: str | int) -> Division:
    """The :class:`Division` for *code*; :class:`~vn_egov.errors.UnknownCode` if not listed.

    >>> get("30")
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnknownCode: province code '30' is not in vietnam-provinces ...
    """
    text = validate(code)
    provider = _provider()
    level = level_of(text)
    try:
        if level == "province":
            return _from_province(provider.Province.from_code(provider.ProvinceCode(int(text))))
        return _from_ward(provider.Ward.from_code(provider.WardCode(int(text))))
    except ValueError as exc:
        raise UnknownCode(f"{level} code {text!r} is not in {data_version()}",
                          hint="codes closed by the 1/7/2025 reorganisation (e.g. Hải Dương 30, "
                               "now part of Hải Phòng 31) are not listed") from exc


def lookup(code: str | int) -> dict[str, Any]:
    """JSON-ready description of *code* (see :meth:`Division.to_dict`).

    >>> entry = lookup("31")
    >>> entry["name"], entry["type"], entry["province_code"]
    ('Thành phố Hải Phòng', 'thành phố trung ương', '31')
    """
    return get(code).to_dict()


def provinces() -> list[Division]:
    """The provinces and centrally-run cities, by code.

    >>> len(provinces()), provinces()[0].name
    (34, 'Thành phố Hà Nội')
    """
    provider = _provider()
    return sorted((_from_province(p) for p in provider.Province.iter_all()),
                  key=lambda d: d.code)


def wards_of(province_code: str | int) -> list[Division]:
    """Commune-level units (xã, phường, đặc khu) of a province, by code.

    >>> wards = wards_of("31")
    >>> len(wards), wards[0].province_code
    (114, '31')
    """
    province = get(validate(province_code, level="province"))
    provider = _provider()
    wards = provider.Ward.iter_by_province(provider.ProvinceCode(int(province.code)))
    return sorted((_from_ward(w) for w in wards), key=lambda d: d.code)


def _fold(text: str) -> str:
    # Drop diacritics for accent-insensitive matching; Đ/đ has no decomposition, map it.
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def _exact(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def search(query: str, *, province: str | int | None = None,
           level: Level | None = None) -> list[Division]:
    """Units whose name contains *query*, case-insensitively, by code.

    A query without diacritics matches any diacritics (``hai phong`` finds ``Hải Phòng``); a
    query with diacritics must match them (``Hài`` does not find ``Hải``).

    >>> [d.code for d in search("hai phong", level="province")]
    ['31']
    >>> [d.name for d in search("Vĩnh Bảo", province="31")]
    ['Xã Vĩnh Bảo']
    """
    needle = _exact(query)
    if not needle:
        raise InvalidFormat("search query is empty", hint="give part of a name, e.g. 'Hải Phòng'")
    accentless = _fold(needle) == needle
    normalise = _fold if accentless else _exact
    needle = normalise(needle)
    candidates: list[Division] = []
    if level in (None, "province") and province is None:
        candidates += provinces()
    if level in (None, "commune"):
        if province is not None:
            candidates += wards_of(province)
        else:
            provider = _provider()
            candidates += sorted((_from_ward(w) for w in provider.Ward.iter_all()),
                                 key=lambda d: d.code)
    return [d for d in candidates if needle in normalise(d.name)]


def list_codes(parent: str | None = None) -> list[dict[str, Any]]:
    """Provinces (no *parent*) or the communes of province *parent*, as dicts.

    >>> [d["code"] for d in list_codes()][:3]
    ['01', '04', '08']
    """
    units = provinces() if parent is None else wards_of(parent)
    return [unit.to_dict() for unit in units]
