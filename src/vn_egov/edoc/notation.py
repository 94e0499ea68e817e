"""Document number and notation (số, ký hiệu văn bản) of NĐ 30/2020/NĐ-CP, Phụ lục I.

Grammar (ASCII digit classes; ``/`` between number, year and ký hiệu, ``-`` between groups, no
spaces)::

    notation := number "/" [ year "/" ] group ( "-" group )*
    number   := [0-9]+          (lenient: also [0-9]+ "." [0-9]+, e.g. 66.7/2025/NQ-CP)
    year     := [0-9]{4}        (legal normative documents only: 123/2020/NĐ-CP)
    group    := [A-Za-zĐđ0-9]+

If the first group is exactly one of the 27 official abbreviations or a copy form (SY, TrS, SL)
it is the type and the next group the issuer; otherwise the document is a công văn (or, with a
year, a law such as ``64/2025/QH15``) and the first group is the issuer. A type found only
case-insensitively is accepted and reported in ``warnings``; so are ``Ð`` (U+00D0, Latin eth)
mapped to ``Đ`` (U+0110), missing or extra zero padding, and spaces around separators. Input is
NFC-normalised for matching; group text is otherwise kept exactly (never upper-cased).

>>> n = parse("Số: 4547/KH-UBND")
>>> n.number, n.doc_type.vietnamese_name, n.issuer, n.format(prefix=True)
(4547, 'Kế hoạch', 'UBND', 'Số: 4547/KH-UBND')
>>> validate("9/2025/QĐ-TTg")
'09/2025/QĐ-TTg'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from vn_egov.edoc.doctypes import DocType, from_abbreviation, from_abbreviation_casefold
from vn_egov.errors import CodeError, InvalidFormat, InvalidLength

__all__ = ["DocumentNotation", "compact", "format", "is_valid", "parse", "validate",
           "warnings_for"]

_GROUP = re.compile(r"[A-Za-zĐđ0-9]+")
_NUMBER = re.compile(r"[0-9]+")
_SUB_NUMBER = re.compile(r"([0-9]+)\.([0-9]+)")
_YEAR = re.compile(r"[0-9]{4}")
# Repeated prefixes are all dropped so that compact() is idempotent.
_PREFIX = re.compile(r"^(?:số\s*:?\s*)+", re.IGNORECASE)
_SPACED_SEPARATOR = re.compile(r"\s*([/-])\s*")
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_HINT = "write number/KÝHIỆU-ISSUER, e.g. 05/GM-UBND, 15/UBND-VP or 123/2020/NĐ-CP"


def _pad(number: int) -> str:
    # NĐ 30/2020: numbers below 10 take one leading zero (05), never more (never 005).
    return f"{number:02d}"


@dataclass(frozen=True)
class DocumentNotation:
    """A parsed số/ký hiệu. Build it with :func:`parse` or directly (fields are checked).

    ``number_text`` keeps the number as written (``"9"``, ``"09"``); it, ``warnings`` and
    ``text`` (the original input) are not compared. ``sub_number`` holds the part after the
    dot of a lenient ``66.7``.

    >>> n = DocumentNotation(5, "5", None, DocType.GIAY_MOI, "UBND", (), False)
    >>> n.format(), n.ky_hieu
    ('05/GM-UBND', 'GM-UBND')
    >>> parse("05/GM-UBND") == n
    True
    """

    number: int
    number_text: str = field(compare=False)
    year: int | None
    doc_type: DocType | None
    issuer: str
    units: tuple[str, ...]
    is_copy: bool
    sub_number: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise InvalidFormat(f"document number {self.number!r} must be an integer >= 1",
                                hint="numbering starts at 01 on 1 January")
        if self.sub_number is not None and not _NUMBER.fullmatch(self.sub_number):
            raise InvalidFormat(f"sub-number {self.sub_number!r} must be digits")
        if self.year is not None and not 1000 <= self.year <= 9999:
            raise InvalidFormat(f"year {self.year!r} must have 4 digits")
        if self.doc_type is not None and self.doc_type.abbreviation is None:
            raise InvalidFormat(f"{self.doc_type.vietnamese_name} has no abbreviation; use "
                                "doc_type=None for it", hint="NĐ 30/2020 Phụ lục III")
        for position, group in enumerate((self.issuer, *self.units), start=1):
            if not isinstance(group, str) or not _GROUP.fullmatch(group):
                raise InvalidFormat(f"ký hiệu group {position} {group!r} must be letters A-Z, "
                                    "a-z, Đ, đ or digits", hint=_HINT)
        expected_copy = self.doc_type is not None and self.doc_type.is_copy
        if self.is_copy != expected_copy:
            raise InvalidFormat(f"is_copy={self.is_copy} contradicts doc_type {self.doc_type}")

    @property
    def ky_hieu(self) -> str:
        """The ký hiệu: type abbreviation (if any), issuer and unit groups joined by ``-``.

        >>> parse("267/VPCP-TTĐT").ky_hieu
        'VPCP-TTĐT'
        """
        head = [] if self.doc_type is None else [str(self.doc_type.abbreviation)]
        return "-".join((*head, self.issuer, *self.units))

    @property
    def is_cong_van(self) -> bool:
        """True for a công văn: no type group and no year.

        >>> parse("15/UBND-VP").is_cong_van, parse("64/2025/QH15").is_cong_van
        (True, False)
        """
        return self.doc_type is None and self.year is None

    def format(self, prefix: bool = False) -> str:
        """Canonical text: numbers 1-9 padded to two digits, casing exactly as stored.

        >>> parse("số 5 / QĐ - UBND").format(prefix=True)
        'Số: 05/QĐ-UBND'
        """
        number = _pad(self.number)
        if self.sub_number is not None:
            number = f"{number}.{self.sub_number}"
        year = "" if self.year is None else f"/{self.year:04d}"
        return f"{'Số: ' if prefix else ''}{number}{year}/{self.ky_hieu}"

    def __str__(self) -> str:
        return self.format()


def compact(text: str) -> str:
    """Drop a leading ``Số:``, NFC-normalise, remove spaces around ``/`` and ``-`` and at the ends.

    >>> compact("  Số:  4547 / KH - UBND ")
    '4547/KH-UBND'
    """
    if not isinstance(text, str):
        raise InvalidFormat(f"document notation must be text (str), got {type(text).__name__}")
    work = unicodedata.normalize("NFC", text).strip()
    work = _PREFIX.sub("", work)
    return _SPACED_SEPARATOR.sub(r"\1", work)


def _parse_number(part: str, lenient: bool, warnings: list[str]) -> tuple[int, str | None]:
    sub = _SUB_NUMBER.fullmatch(part)
    if sub and lenient:
        main, sub_number = sub.group(1), sub.group(2)
    elif _NUMBER.fullmatch(part):
        main, sub_number = part, None
    else:
        hint = ("sub-numbers such as 66.7 are accepted with lenient=True" if sub else
                "Party documents such as 80-NQ/TW are outside NĐ 30/2020 and not parsed"
                if "-" in part else _HINT)
        raise InvalidFormat(f"number {part!r} must be Arabic digits 0-9", hint=hint)
    number = int(main)
    if number == 0:
        raise InvalidFormat(f"number {part!r} is zero; numbering starts at 01", hint=_HINT)
    if main != _pad(number) and len(main) < 2:
        warnings.append(f"number {main!r} below 10 is written with a leading zero "
                        f"({_pad(number)!r})")
    elif main != _pad(number) and main != str(number):
        warnings.append(f"number {main!r} has extra leading zeros; written {_pad(number)!r}")
    return number, sub_number


def _resolve_type(groups: list[str], warnings: list[str]) -> DocType | None:
    doc_type = from_abbreviation(groups[0])
    if doc_type is None:
        doc_type = from_abbreviation_casefold(groups[0])
        if doc_type is not None:
            warnings.append(f"type {groups[0]!r} matched {doc_type.abbreviation!r} "
                            f"({doc_type.vietnamese_name}) only ignoring case")
    return doc_type


def parse(text: str, lenient: bool = False) -> DocumentNotation:
    """Parse a số/ký hiệu; raises :class:`~vn_egov.errors.InvalidFormat` naming the bad part.

    >>> n = parse("Số: 05/QyĐ-UBND")
    >>> n.doc_type, n.issuer, n.number_text
    (<DocType.QUY_DINH: ('Quy định', 'QyĐ', 5)>, 'UBND', '05')
    >>> parse("64/2025/QH15").issuer, parse("64/2025/QH15").doc_type is None
    ('QH15', True)
    >>> parse("05/QÐ-UBND").warnings
    ("U+00D0 (Latin capital eth) replaced by U+0110 'Đ'",)
    >>> parse("66.7/2025/NQ-CP", lenient=True).format()
    '66.7/2025/NQ-CP'
    >>> parse("4547-KH-UBND")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: no '/' between the number and the ký hiệu in '4547-KH-UBND' ...
    """
    warnings: list[str] = []
    original = text
    stripped = compact(text)
    work = stripped.translate(_ETH)
    if work != stripped:
        warnings.append("U+00D0 (Latin capital eth) replaced by U+0110 'Đ'")
    spaced = unicodedata.normalize("NFC", original).strip()
    spaced = _PREFIX.sub("", spaced)
    if spaced != stripped:
        warnings.append("spaces around '/' or '-' removed")
    if not work:
        raise InvalidLength("document notation is empty", hint=_HINT)
    for position, char in enumerate(work, start=1):
        if char.isspace():
            raise InvalidFormat(f"space at position {position} of {work!r}; a notation has no "
                                "spaces", hint=_HINT)
    parts = work.split("/")
    if len(parts) == 1:
        raise InvalidFormat(f"no '/' between the number and the ký hiệu in {work!r}", hint=_HINT)
    if len(parts) > 3:
        raise InvalidFormat(f"{work!r} has {len(parts) - 1} '/' separators; at most 2 "
                            "(number/year/ký hiệu)", hint=_HINT)
    number, sub_number = _parse_number(parts[0], lenient, warnings)
    year: int | None = None
    if len(parts) == 3:
        if not _YEAR.fullmatch(parts[1]):
            raise InvalidFormat(f"year {parts[1]!r} must be 4 digits", hint=_HINT)
        year = int(parts[1])
    groups = parts[-1].split("-")
    for position, group in enumerate(groups, start=1):
        if not group:
            raise InvalidFormat(f"ký hiệu group {position} of {parts[-1]!r} is empty",
                                hint=_HINT)
        bad = next((c for c in group if not _GROUP.fullmatch(c)), None)
        if bad is not None:
            raise InvalidFormat(f"character {bad!r} (U+{ord(bad):04X}) in ký hiệu group "
                                f"{group!r} is not allowed; use A-Z, a-z, Đ, đ, 0-9",
                                hint=_HINT)
    doc_type = _resolve_type(groups, warnings)
    if doc_type is not None:
        if len(groups) == 1:
            raise InvalidFormat(f"type {groups[0]!r} must be followed by the issuer "
                                f"abbreviation (e.g. {doc_type.abbreviation}-UBND)", hint=_HINT)
        groups = groups[1:]
    return DocumentNotation(number=number, number_text=parts[0], year=year, doc_type=doc_type,
                            issuer=groups[0], units=tuple(groups[1:]),
                            is_copy=doc_type is not None and doc_type.is_copy,
                            sub_number=sub_number, warnings=tuple(warnings), text=original)


def validate(text: str) -> str:
    """Canonical notation (strict grammar), or a :class:`~vn_egov.errors.CodeError`.

    >>> validate("Số: 4547/KH-UBND")
    '4547/KH-UBND'
    """
    return parse(text).format()


def is_valid(text: str) -> bool:
    """True if :func:`validate` accepts *text*.

    >>> is_valid("05/GM-UBND"), is_valid("05/GM UBND")
    (True, False)
    """
    try:
        validate(text)
    except CodeError:
        return False
    return True


def format(text: str) -> str:
    """Canonical spelling (same as :func:`validate`).

    >>> format("7/tb-VPCP")
    '07/TB-VPCP'
    """
    return validate(text)


def warnings_for(text: str) -> tuple[str, ...]:
    """What :func:`validate` changed or tolerated in *text* (empty when nothing).

    >>> for warning in warnings_for("7/tb-VPCP"):
    ...     print(warning)
    number '7' below 10 is written with a leading zero ('07')
    type 'tb' matched 'TB' (Thông báo) only ignoring case
    """
    return parse(text).warnings
