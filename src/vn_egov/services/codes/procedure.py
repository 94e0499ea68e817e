"""Procedure codes (mã thủ tục hành chính, TTHC).

National form ``D.NNNNNN`` (e.g. ``1.001193`` đăng ký khai sinh), local long form
``<procedure>.<OrganId Form A>`` (``2.000815.000.00.00.H55``) and local short form
``<procedure>.Hnn`` (``2.002622.H56``), as the national procedure database and the portal's
links use them (the local forms are less well attested). The leading digit is opaque: no source
documents its meaning, so it is not interpreted. There is no check digit.

>>> validate("1.001193")
'1.001193'
>>> parse("2.000815.000.00.00.H55")
ProcedureCode(national='2.000815', organ='000.00.00.H55')
>>> is_valid("1.001193.01")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from vn_egov.errors import InvalidFormat
from vn_egov.i18n import tr
from vn_egov.services.codes._organ import FORM_A, check_organ, compact_code

__all__ = ["NAME", "compact", "format", "is_valid", "parse", "validate"]

NAME: Final = "procedure"
NATIONAL: Final = r"[0-9]\.[0-9]{6}"
_CODE_RE = re.compile(f"^(?P<national>{NATIONAL})(?:\\.(?P<organ>{FORM_A}|[A-Y][0-9]{{2}}))?$")
_CASE_LIKE = re.compile(f"^{NATIONAL}\\.[0-9]{{2}}$")


@dataclass(frozen=True, slots=True)
class ProcedureCode:
    """A parsed procedure code: the national part and the optional local agency suffix.

    >>> ProcedureCode("1.001612", None).is_local
    False
    """

    national: str
    organ: str | None

    @property
    def is_local(self) -> bool:
        """True for the local forms (with an agency suffix)."""
        return self.organ is not None

    def __str__(self) -> str:
        return self.national if self.organ is None else f"{self.national}.{self.organ}"


def compact(code: str) -> str:
    """Strip whitespace and upper-case the agency letter.

    >>> compact(" 2.002622.h56 ")
    '2.002622.H56'
    """
    return compact_code(code)


def parse(code: str) -> ProcedureCode:
    """Split a valid code into its parts; :class:`InvalidFormat` says what is wrong.

    >>> parse("2.002622.H56").organ
    'H56'
    """
    text = compact(code)
    match = _CODE_RE.match(text)
    if match is None:
        hint = tr("use D.NNNNNN, optionally followed by .<OrganId> (e.g. 1.001193 or "
                  "2.002622.H56)")
        if _CASE_LIKE.match(text):
            hint = tr("this looks like a case or service code (<procedure>.NN); check it with "
                      "the 'service' code system")
        raise InvalidFormat(tr("procedure code {code} does not have the shape "
                               "D.NNNNNN[.OrganId]", code=repr(code)), hint=hint)
    check_organ(match["organ"], code, "procedure")
    return ProcedureCode(match["national"], match["organ"])


def validate(code: str) -> str:
    """Return the canonical code or raise :class:`~vn_egov.errors.InvalidFormat`.

    >>> validate("1.00119")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: procedure code '1.00119' does not have the shape ...
    """
    return str(parse(code))


def is_valid(code: str) -> bool:
    """True when :func:`validate` accepts *code*.

    >>> is_valid("1.001612")
    True
    """
    try:
        validate(code)
    except InvalidFormat:
        return False
    return True


def format(code: str) -> str:
    """The canonical spelling (same as :func:`validate`).

    >>> format("1.000894 ")
    '1.000894'
    """
    return validate(code)
