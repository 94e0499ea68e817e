"""Service codes (MaDVC) and case codes: ``<procedure or local procedure code>.NN``.

Examples ``2.000815.000.00.00.H55.02``, ``1.013229.01`` (seen in portal links and payment
messages). The meaning of the ``.NN`` suffix (per channel, level or case) is **unknown**, and
``1.001193.01`` is also the shape of a case code (trường hợp): the code is parsed into
(procedure, organ, suffix) and interpreted by the caller's context.

>>> parse("2.000815.000.00.00.H55.02")
ServiceCode(procedure='2.000815', organ='000.00.00.H55', suffix='02')
>>> validate("1.013229.1")
Traceback (most recent call last):
...
vn_egov.errors.InvalidFormat: service code '1.013229.1' does not have the shape ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from vn_egov.errors import InvalidFormat
from vn_egov.i18n import tr
from vn_egov.services.codes._organ import FORM_A, check_organ, compact_code
from vn_egov.services.codes.procedure import NATIONAL

__all__ = ["NAME", "compact", "format", "is_valid", "parse", "validate"]

NAME: Final = "service"
_CODE_RE = re.compile(
    f"^(?P<procedure>{NATIONAL})(?:\\.(?P<organ>{FORM_A}|[A-Y][0-9]{{2}}))?\\.(?P<suffix>[0-9]{{2}})$"
)


@dataclass(frozen=True, slots=True)
class ServiceCode:
    """A parsed service or case code.

    >>> str(ServiceCode("1.001193", None, "01"))
    '1.001193.01'
    """

    procedure: str
    organ: str | None
    suffix: str

    def __str__(self) -> str:
        middle = f".{self.organ}" if self.organ else ""
        return f"{self.procedure}{middle}.{self.suffix}"


def compact(code: str) -> str:
    """Strip whitespace and upper-case ASCII letters.

    >>> compact("2.002622.h56.01")
    '2.002622.H56.01'
    """
    return compact_code(code)


def parse(code: str) -> ServiceCode:
    """Split a valid code into (procedure, organ, suffix).

    >>> parse("1.013229.01").organ is None
    True
    """
    text = compact(code)
    match = _CODE_RE.match(text)
    if match is None:
        raise InvalidFormat(
            tr("service code {code} does not have the shape <procedure>[.<OrganId>].NN",
               code=repr(code)),
            hint=tr("append a two-digit suffix to a procedure code, e.g. 1.001193.01"))
    check_organ(match["organ"], code, "service")
    return ServiceCode(match["procedure"], match["organ"], match["suffix"])


def validate(code: str) -> str:
    """Return the canonical code or raise :class:`~vn_egov.errors.InvalidFormat`.

    >>> validate(" 1.001193.01")
    '1.001193.01'
    """
    return str(parse(code))


def is_valid(code: str) -> bool:
    """True when :func:`validate` accepts *code*.

    >>> is_valid("1.001193")
    False
    """
    try:
        validate(code)
    except InvalidFormat:
        return False
    return True


def format(code: str) -> str:
    """The canonical spelling.

    >>> format("1.001193.01")
    '1.001193.01'
    """
    return validate(code)
