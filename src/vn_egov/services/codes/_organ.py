"""Private shape check of agency identifiers (OrganId) embedded in service codes.

The regular expressions below only *locate* the OrganId inside a compound code (a dossier
code ``OrganId-YYMMDD-NNNN``, a local procedure code); whether the located text is a valid
agency identifier is decided by :mod:`vn_egov.units.agency`, the one authority on OrganIds.

>>> organ_form("000.00.06.H56"), organ_form("H56.14"), organ_form("H5")
('QCVN102', 'TOP_DOWN', None)
"""

from __future__ import annotations

import re
from typing import Final

from vn_egov.errors import CodeError, InvalidFormat
from vn_egov.i18n import tr
from vn_egov.units import agency

__all__ = ["FORM_A", "ORGAN_PATTERN", "check_organ", "compact_code", "organ_form"]

#: Form A, QCVN 102:2016: ``NNN.NN.NN.XNN`` (13 characters, read right to left).
FORM_A: Final = r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}"
#: Form B, top-down (QĐ 20/2020/QĐ-TTg as amended; permissive).
FORM_B: Final = r"[A-Y][0-9]{2}(?:\.[0-9]{1,3}){0,3}"
ORGAN_PATTERN: Final = f"(?:{FORM_A}|{FORM_B})"

_FORM_A_RE = re.compile(f"^{FORM_A}$")
_FORM_B_RE = re.compile(f"^{FORM_B}$")
_SPACES = re.compile(r"\s+")


def organ_form(text: str) -> str | None:
    """``"QCVN102"`` for Form A, ``"TOP_DOWN"`` for Form B, ``None`` when it is not a valid
    agency identifier according to :func:`vn_egov.units.agency.parse`.

    >>> organ_form("000.17.22.H56"), organ_form("000.17.00.H56")
    ('QCVN102', None)
    """
    if not (_FORM_A_RE.match(text) or _FORM_B_RE.match(text)):
        return None
    try:
        return str(agency.parse(text).form.value)
    except CodeError:
        return None


def compact_code(text: str) -> str:
    """Remove all whitespace and upper-case ASCII letters (codes are ASCII; ``Đ`` is not touched).

    >>> compact_code(" 1.001193. 01 ")
    '1.001193.01'
    """
    return "".join(ch.upper() if ch.isascii() else ch for ch in _SPACES.sub("", text))


def check_organ(organ: str | None, code: str, kind: str) -> None:
    """Raise :class:`~vn_egov.errors.InvalidFormat` when the OrganId located in *code* is not
    a valid agency identifier (the reason comes from :mod:`vn_egov.units.agency`).

    >>> check_organ("000.17.00.H56", "000.17.00.H56-231027-0361", "dossier")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: dossier code '000.17.00.H56-231027-0361': agency part ...
    """
    if organ is None:
        return
    try:
        agency.validate(organ)
    except CodeError as exc:
        raise InvalidFormat(tr("{kind} code {code}: agency part {organ} is not valid: {reason}",
                               kind=kind, code=repr(code), organ=repr(organ),
                               reason=exc.message), hint=exc.hint) from None
