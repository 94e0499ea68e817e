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
mapped to ``Đ`` (U+0110), missing or extra zero padding, full-width characters and spaces around
separators. Input goes through the clean-up rule every code system shares (NFKC, a leading
``Số:`` and the spaces around separators dropped; :mod:`vn_egov.units.system`) but is never
case-mapped: group text is kept exactly (``QyĐ``, ``TTg``).

>>> n = parse("Số: 4547/KH-UBND")
>>> n.number, n.doc_type.vietnamese_name, n.issuer, n.format(prefix=True)
(4547, 'Kế hoạch', 'UBND', 'Số: 4547/KH-UBND')
>>> validate("9/2025/QĐ-TTg")
'09/2025/QĐ-TTg'
>>> NOTATION.describe("4547/KH-UBND")["doc_type"]
{'abbreviation': 'KH', 'name': 'Kế hoạch', 'source': 'NĐ 30/2020/NĐ-CP Phụ lục III'}
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from vn_egov.edoc.doctypes import DocType, from_abbreviation, from_abbreviation_casefold
from vn_egov.errors import InvalidFormat
from vn_egov.i18n import N_, tr
from vn_egov.units.system import BaseCodeSystem

__all__ = ["DocumentNotation", "compact", "format", "is_valid", "parse", "validate",
           "warnings_for"]

_GROUP = re.compile(r"[A-Za-zĐđ0-9]+")
_NUMBER = re.compile(r"[0-9]+")
_SUB_NUMBER = re.compile(r"([0-9]+)\.([0-9]+)")
_YEAR = re.compile(r"[0-9]{4}")
_PREFIX = re.compile(r"^(?:số\s*:?\s*)+", re.IGNORECASE)
_SPACED_SEPARATOR = re.compile(r"\s[/-]|[/-]\s")
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_TYPE_SOURCE = "NĐ 30/2020/NĐ-CP Phụ lục III"


def _hint() -> str:
    return tr("write number/KÝHIỆU-ISSUER, e.g. 05/GM-UBND, 15/UBND-VP or 123/2020/NĐ-CP")


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
            raise InvalidFormat(tr("document number {number!r} must be an integer >= 1",
                                   number=self.number),
                                hint=tr("numbering starts at 01 on 1 January"))
        if self.sub_number is not None and not _NUMBER.fullmatch(self.sub_number):
            raise InvalidFormat(tr("sub-number {value!r} must be digits", value=self.sub_number))
        if self.year is not None and not 1000 <= self.year <= 9999:
            raise InvalidFormat(tr("year {year!r} must have 4 digits", year=self.year))
        if self.doc_type is not None and self.doc_type.abbreviation is None:
            raise InvalidFormat(tr("{name} has no abbreviation; use doc_type=None for it",
                                   name=self.doc_type.vietnamese_name),
                                hint=_TYPE_SOURCE)
        for position, group in enumerate((self.issuer, *self.units), start=1):
            if not isinstance(group, str) or not _GROUP.fullmatch(group):
                raise InvalidFormat(tr("ký hiệu group {position} {group!r} must be letters "
                                       "A-Z, a-z, Đ, đ or digits", position=position,
                                       group=group), hint=_hint())
        expected_copy = self.doc_type is not None and self.doc_type.is_copy
        if self.is_copy != expected_copy:
            raise InvalidFormat(tr("is_copy={flag} contradicts doc_type {doc_type}",
                                   flag=self.is_copy, doc_type=self.doc_type))

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

    def to_dict(self) -> dict[str, Any]:
        """The parsed parts as JSON-ready data (type names from NĐ 30/2020/NĐ-CP Phụ lục III).

        >>> parts = parse("Số: 4547/KH-UBND").to_dict()
        >>> parts["number"], parts["year"], parts["issuer"], parts["units"], parts["ky_hieu"]
        (4547, None, 'UBND', [], 'KH-UBND')
        >>> parts["doc_type"]
        {'abbreviation': 'KH', 'name': 'Kế hoạch', 'source': 'NĐ 30/2020/NĐ-CP Phụ lục III'}
        """
        doc_type = None if self.doc_type is None else {
            "abbreviation": self.doc_type.abbreviation, "name": self.doc_type.vietnamese_name,
            "source": _TYPE_SOURCE}
        return {"notation": self.format(), "number": self.number,
                "number_text": self.number_text, "sub_number": self.sub_number,
                "year": self.year, "doc_type": doc_type, "is_copy": self.is_copy,
                "is_cong_van": self.is_cong_van, "ky_hieu": self.ky_hieu,
                "issuer": self.issuer, "units": list(self.units)}

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


def _parse_number(part: str, lenient: bool, warnings: list[str]) -> tuple[int, str | None]:
    sub = _SUB_NUMBER.fullmatch(part)
    if sub and lenient:
        main, sub_number = sub.group(1), sub.group(2)
    elif _NUMBER.fullmatch(part):
        main, sub_number = part, None
    else:
        hint = (tr("sub-numbers such as 66.7 are accepted with lenient=True") if sub else
                tr("Party documents such as 80-NQ/TW are outside NĐ 30/2020 and not parsed")
                if "-" in part else _hint())
        raise InvalidFormat(tr("number {part!r} must be Arabic digits 0-9", part=part),
                            hint=hint)
    number = int(main)
    if number == 0:
        raise InvalidFormat(tr("number {part!r} is zero; numbering starts at 01", part=part),
                            hint=_hint())
    if main != _pad(number) and len(main) < 2:
        warnings.append(tr("number {written!r} below 10 is written with a leading zero "
                           "({padded!r})", written=main, padded=_pad(number)))
    elif main != _pad(number) and main != str(number):
        warnings.append(tr("number {written!r} has extra leading zeros; written {padded!r}",
                           written=main, padded=_pad(number)))
    return number, sub_number


def _resolve_type(groups: list[str], warnings: list[str]) -> DocType | None:
    doc_type = from_abbreviation(groups[0])
    if doc_type is None:
        doc_type = from_abbreviation_casefold(groups[0])
        if doc_type is not None:
            warnings.append(tr("type {written!r} matched {abbreviation!r} ({name}) only ignoring "
                               "case", written=groups[0], abbreviation=doc_type.abbreviation,
                               name=doc_type.vietnamese_name))
    return doc_type


def _check_groups(ky_hieu: str) -> list[str]:
    groups = ky_hieu.split("-")
    for position, group in enumerate(groups, start=1):
        if not group:
            raise InvalidFormat(tr("ký hiệu group {position} of {ky_hieu!r} is empty",
                                   position=position, ky_hieu=ky_hieu), hint=_hint())
        bad = next((c for c in group if not _GROUP.fullmatch(c)), None)
        if bad is not None:
            raise InvalidFormat(tr("character {char!r} (U+{codepoint:04X}) in ký hiệu group "
                                   "{group!r} is not allowed; use A-Z, a-z, Đ, đ, 0-9",
                                   char=bad, codepoint=ord(bad), group=group), hint=_hint())
    return groups


def _tolerated(original: str, stripped: str, work: str) -> list[str]:
    """Warnings for what the clean-up and the eth mapping changed in *original*."""
    warnings = []
    if work != stripped:
        warnings.append(tr("U+00D0 (Latin capital eth) replaced by U+0110 'Đ'"))
    nfc = unicodedata.normalize("NFC", original)
    if unicodedata.normalize("NFKC", original) != nfc:
        warnings.append(tr("full-width or other compatibility characters replaced by their "
                           "plain forms"))
    if _SPACED_SEPARATOR.search(_PREFIX.sub("", nfc.strip())):
        warnings.append(tr("spaces around '/' or '-' removed"))
    return warnings


class NotationSystem(BaseCodeSystem[DocumentNotation]):
    """Document numbers and notations as a code system (case-sensitive, ``Số:`` dropped).

    ``lenient=True`` also accepts sub-numbers such as ``66.7/2025/NQ-CP``.
    """

    name = "notation"
    title = N_("document notation")
    case_sensitive = True
    labels = ("Số",)

    def __init__(self, lenient: bool = False) -> None:
        self.lenient = lenient

    def example(self) -> str:
        """A valid notation for hints."""
        return "05/GM-UBND"

    def _parse(self, code: str, original: str) -> DocumentNotation:
        work = code.translate(_ETH)
        warnings = _tolerated(original, code, work)
        parts = work.split("/")
        if len(parts) == 1:
            raise InvalidFormat(tr("no '/' between the number and the ký hiệu in {text!r}",
                                   text=work), hint=_hint())
        if len(parts) > 3:
            raise InvalidFormat(tr("{text!r} has {count} '/' separators; at most 2 "
                                   "(number/year/ký hiệu)", text=work, count=len(parts) - 1),
                                hint=_hint())
        number, sub_number = _parse_number(parts[0], self.lenient, warnings)
        year: int | None = None
        if len(parts) == 3:
            if not _YEAR.fullmatch(parts[1]):
                raise InvalidFormat(tr("year {year!r} must be 4 digits", year=parts[1]),
                                    hint=_hint())
            year = int(parts[1])
        groups = _check_groups(parts[-1])
        doc_type = _resolve_type(groups, warnings)
        if doc_type is not None:
            if len(groups) == 1:
                raise InvalidFormat(tr("type {written!r} must be followed by the issuer "
                                       "abbreviation (e.g. {abbreviation}-UBND)",
                                       written=groups[0], abbreviation=doc_type.abbreviation),
                                    hint=_hint())
            groups = groups[1:]
        return DocumentNotation(number=number, number_text=parts[0], year=year,
                                doc_type=doc_type, issuer=groups[0], units=tuple(groups[1:]),
                                is_copy=doc_type is not None and doc_type.is_copy,
                                sub_number=sub_number, warnings=tuple(warnings), text=original)

    def canonical(self, value: DocumentNotation) -> str:
        """The canonical text (numbers 1-9 padded, casing kept)."""
        return value.format()

    def parts(self, value: DocumentNotation) -> dict[str, Any]:
        """See :meth:`DocumentNotation.to_dict`."""
        return value.to_dict()

    def warnings(self, text: str) -> tuple[str, ...]:
        """What validation changed or tolerated in *text*."""
        return self.parse(text).warnings


NOTATION = NotationSystem()
"""The strict notation code system (entry point ``notation`` of ``vn_egov.codes``)."""
_LENIENT = NotationSystem(lenient=True)


def compact(text: str) -> str:
    """Drop a leading ``Số:``, NFKC-normalise, remove spaces around separators and at the ends.

    >>> compact("  Số:  4547 / KH - UBND ")
    '4547/KH-UBND'
    """
    return NOTATION.compact(text)


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
    return (_LENIENT if lenient else NOTATION).parse(text)


def validate(text: str) -> str:
    """Canonical notation (strict grammar), or a :class:`~vn_egov.errors.CodeError`.

    >>> validate("Số: 4547/KH-UBND")
    '4547/KH-UBND'
    """
    return NOTATION.validate(text)


def is_valid(text: str) -> bool:
    """True if :func:`validate` accepts *text*.

    >>> is_valid("05/GM-UBND"), is_valid("05/GM UBND")
    (True, False)
    """
    return NOTATION.is_valid(text)


def format(text: str) -> str:
    """Canonical spelling (same as :func:`validate`).

    >>> format("7/tb-VPCP")
    '07/TB-VPCP'
    """
    return NOTATION.format(text)


def warnings_for(text: str) -> tuple[str, ...]:
    """What :func:`validate` changed or tolerated in *text* (empty when nothing).

    >>> for warning in warnings_for("7/tb-VPCP"):
    ...     print(warning)
    number '7' below 10 is written with a leading zero ('07')
    type 'tb' matched 'TB' (Thông báo) only ignoring case
    """
    return NOTATION.warnings(text)
