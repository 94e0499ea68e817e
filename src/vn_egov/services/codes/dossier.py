"""Dossier codes (mã hồ sơ): receiving agency OrganId + receipt date YYMMDD + sequence.

``V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`` (TT 01/2018/TT-VPCP Điều 19; NĐ 61/2018/NĐ-CP Điều 26;
high), e.g. ``000.00.06.H56-231027-0361``; the top-down variant ``H56.14-240823-0001`` is
medium. Sequences of 4–5 digits are accepted (one vendor re-keys with 5 random digits),
:func:`generate` writes 4. The date must exist: ``231332`` raises
:class:`~vn_egov.errors.InvalidChecksum` naming the date part. YY is read as 20YY.

>>> parse("000.00.06.H56-231027-0361")
DossierCode(organ='000.00.06.H56', received_on=datetime.date(2023, 10, 27), sequence='0361')
>>> validate("H56.14-240230-0001")
Traceback (most recent call last):
...
vn_egov.errors.InvalidChecksum: dossier code 'H56.14-240230-0001': date part '240230' ...
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from vn_egov.errors import InvalidChecksum, InvalidFormat
from vn_egov.i18n import tr
from vn_egov.services.codes._organ import ORGAN_PATTERN, check_organ, compact_code, organ_form

__all__ = ["NAME", "compact", "format", "generate", "is_valid", "parse", "validate"]

NAME: Final = "dossier"
_CODE_RE = re.compile(
    f"^(?P<organ>{ORGAN_PATTERN})-(?P<date>[0-9]{{6}})-(?P<seq>[0-9]{{4,5}})$"
)


@dataclass(frozen=True, slots=True)
class DossierCode:
    """A parsed dossier code.

    >>> DossierCode("H56.14", dt.date(2024, 8, 23), "0001").organ_form
    'TOP_DOWN'
    """

    organ: str
    received_on: dt.date
    sequence: str

    @property
    def organ_form(self) -> str:
        """``QCVN102`` (Form A) or ``TOP_DOWN`` (Form B) spelling of the agency."""
        return organ_form(self.organ) or "UNKNOWN"

    def __str__(self) -> str:
        return f"{self.organ}-{self.received_on:%y%m%d}-{self.sequence}"


def compact(code: str) -> str:
    """Strip whitespace and upper-case the agency letter.

    >>> compact(" h56.14-240823-0001")
    'H56.14-240823-0001'
    """
    return compact_code(code)


def parse(code: str) -> DossierCode:
    """Split a valid code into agency, receipt date and sequence.

    >>> parse("000.17.22.H56-210531-0001").received_on.isoformat()
    '2021-05-31'
    """
    text = compact(code)
    match = _CODE_RE.match(text)
    if match is None:
        raise InvalidFormat(
            tr("dossier code {code} does not have the shape OrganId-YYMMDD-NNNN",
               code=repr(code)),
            hint=tr("e.g. 000.00.06.H56-231027-0361: agency code, receipt date, 4-digit "
                    "sequence"))
    date_part = match["date"]
    try:
        received = dt.date(2000 + int(date_part[:2]), int(date_part[2:4]), int(date_part[4:]))
    except ValueError:
        raise InvalidChecksum(
            tr("dossier code {code}: date part {part} is not a real date (YYMMDD)",
               code=repr(code), part=repr(date_part)),
            hint=tr("the middle part is the receipt date, year-month-day")) from None
    check_organ(match["organ"], code, "dossier")
    return DossierCode(match["organ"], received, match["seq"])


def validate(code: str) -> str:
    """Return the canonical code or raise :class:`~vn_egov.errors.InvalidFormat`.

    >>> validate("000.00.06.h56-231027-0361")
    '000.00.06.H56-231027-0361'
    """
    return str(parse(code))


def is_valid(code: str) -> bool:
    """True when :func:`validate` accepts *code*.

    >>> is_valid("000.00.06.H56-231327-0361")
    False
    """
    try:
        validate(code)
    except InvalidFormat:
        return False
    return True


def format(code: str) -> str:
    """The canonical spelling.

    >>> format("H56.14-240823-0001")
    'H56.14-240823-0001'
    """
    return validate(code)


def generate(organ: str, received_on: dt.date, sequence: int) -> str:
    """Build a code from the receiving agency, the receipt date and a daily counter (1–9999).

    >>> generate("000.00.06.H56", dt.date(2023, 10, 27), 361)
    '000.00.06.H56-231027-0361'
    """
    if not 1 <= sequence <= 9999:
        raise InvalidFormat(tr("dossier sequence {sequence} is outside 1-9999",
                               sequence=sequence),
                            hint=tr("the per-agency counter restarts at 1 each day"))
    if organ_form(compact_code(organ)) is None:
        raise InvalidFormat(tr("agency code {organ} is neither NNN.NN.NN.XNN nor top-down",
                               organ=repr(organ)),
                            hint=tr("use e.g. 000.00.06.H56 or H56.14"))
    if not 2000 <= received_on.year <= 2099:
        raise InvalidFormat(tr("receipt year {year} cannot be written as YY",
                               year=received_on.year),
                            hint=tr("dossier codes carry years 2000-2099"))
    return validate(f"{organ}-{received_on:%y%m%d}-{sequence:04d}")
