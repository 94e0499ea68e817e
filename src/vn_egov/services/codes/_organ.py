"""Private shape check of agency identifiers (OrganId) embedded in service codes.

This duplicates the two regexes of ``units.md`` §1 on purpose, so that the services codes do
not depend on :mod:`vn_egov.units.agency` being present; the lead may switch to it later.

>>> organ_form("000.00.06.H56"), organ_form("H56.14"), organ_form("H5")
('QCVN102', 'TOP_DOWN', None)
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["FORM_A", "FORM_B", "ORGAN_PATTERN", "compact_code", "organ_form"]

#: Form A, QCVN 102:2016: ``NNN.NN.NN.XNN`` (13 characters, read right to left).
FORM_A: Final = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}"
#: Form B, top-down (QĐ 20/2020 as amended, permissive; units.md §1.3).
FORM_B: Final = r"[A-Y][0-9]{2}(?:\.[0-9]{1,3}){0,3}"
ORGAN_PATTERN: Final = f"(?:{FORM_A}|{FORM_B})"

_FORM_A_RE = re.compile(f"^{FORM_A}$")
_FORM_B_RE = re.compile(f"^{FORM_B}$")
_SPACES = re.compile(r"\s+")


def organ_form(text: str) -> str | None:
    """``"QCVN102"`` for Form A, ``"TOP_DOWN"`` for Form B, ``None`` when neither shape fits.

    >>> organ_form("000.17.22.H56")
    'QCVN102'
    """
    if _FORM_A_RE.match(text):
        return "QCVN102"
    if _FORM_B_RE.match(text):
        return "TOP_DOWN"
    return None


def compact_code(text: str) -> str:
    """Remove all whitespace and upper-case ASCII letters (codes are ASCII; ``Đ`` is not touched).

    >>> compact_code(" 1.001193. 01 ")
    '1.001193.01'
    """
    return "".join(ch.upper() if ch.isascii() else ch for ch in _SPACES.sub("", text))
