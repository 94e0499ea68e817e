"""Field-of-activity codes (mã lĩnh vực): ``MX1X2-LV``, the ministry's level-1 code and a field.

Examples ``G15-TP07`` Hộ tịch, ``G15-TP03`` Chứng thực, ``G03-GD10`` Giáo dục Trung học
(TT 01/2018/TT-VPCP Điều 20). The width of the field part is not fixed by
the sources seen, so 1–4 letters and 1–3 digits are accepted.

>>> parse("G15-TP07")
FieldCode(ministry='G15', field='TP07')
>>> is_valid("G15TP07")
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from vn_egov.errors import InvalidFormat
from vn_egov.i18n import tr
from vn_egov.services.codes._organ import compact_code

__all__ = ["NAME", "compact", "format", "is_valid", "parse", "validate"]

NAME: Final = "field"
_CODE_RE = re.compile(r"^(?P<ministry>[A-Y][0-9]{2})-(?P<field>[A-Z]{1,4}[0-9]{1,3})$")


@dataclass(frozen=True, slots=True)
class FieldCode:
    """A parsed field code.

    >>> str(FieldCode("G03", "GD10"))
    'G03-GD10'
    """

    ministry: str
    field: str

    def __str__(self) -> str:
        return f"{self.ministry}-{self.field}"


def compact(code: str) -> str:
    """Strip whitespace and upper-case ASCII letters.

    >>> compact(" g15-tp07 ")
    'G15-TP07'
    """
    return compact_code(code)


def parse(code: str) -> FieldCode:
    """Split a valid code into ministry and field.

    >>> parse("G03-GD10").ministry
    'G03'
    """
    match = _CODE_RE.match(compact(code))
    if match is None:
        raise InvalidFormat(tr("field code {code} does not have the shape MX1X2-LV",
                               code=repr(code)),
                            hint=tr("write the ministry code, a hyphen and the field, e.g. "
                                    "G15-TP07"))
    return FieldCode(match["ministry"], match["field"])


def validate(code: str) -> str:
    """Return the canonical code or raise :class:`~vn_egov.errors.InvalidFormat`.

    >>> validate("g15-tp03")
    'G15-TP03'
    """
    return str(parse(code))


def is_valid(code: str) -> bool:
    """True when :func:`validate` accepts *code*.

    >>> is_valid("G15-TP07")
    True
    """
    try:
        validate(code)
    except InvalidFormat:
        return False
    return True


def format(code: str) -> str:
    """The canonical spelling.

    >>> format("G15-TP07")
    'G15-TP07'
    """
    return validate(code)
