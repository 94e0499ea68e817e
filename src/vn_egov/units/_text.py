"""The one clean-up rule of every code system, and the text folding used by name search.

:func:`clean` is applied to a *code* before it is checked, never to a name:

1. NFKC normalisation: full-width digits and letters (``０``, ``Ｇ``), full-width full stops and
   other compatibility forms become their plain equivalents; composed Vietnamese letters stay
   as they are (``Đ`` is U+0110 before and after).
2. A leading label the system declares is dropped (``Số:`` before a document number).
3. Whitespace at both ends and next to a separator (``.``, ``/``, ``-``) is dropped. Whitespace
   *inside* a group is kept, so that validation names it instead of joining two groups.
4. ASCII letters are upper-cased, unless the system is case-sensitive (document notations:
   ``QyĐ``, ``TTg``). Other letters are never case-mapped (``str.upper`` turns ``ß`` into
   ``SS``); validation names them.

>>> clean(" ０００ . 00 . 00 . g２２ ", "agency code")
'000.00.00.G22'
>>> clean("Số:  05 / QyĐ - UBND", "document notation", case_sensitive=True, labels=("Số",))
'05/QyĐ-UBND'
>>> clean("H56 14", "agency code")
'H56 14'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from vn_egov.errors import InvalidFormat
from vn_egov.i18n import tr, translate

__all__ = ["clean", "fold", "normalize_name", "reject_inner_space", "require_str"]

SEPARATORS = "./-"
_AROUND_SEPARATOR = re.compile(r"\s*([./\-])\s*")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def require_str(value: object, what: str) -> str:
    """Return *value* if it is a ``str``, else raise :class:`InvalidFormat` naming *what*.

    *what* is an English noun marked with ``N_`` (translated here).

    >>> require_str("G22", "agency code")
    'G22'
    >>> require_str(22, "agency code")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: agency code must be text (str), got int ...
    """
    if not isinstance(value, str):
        raise InvalidFormat(tr("{what} must be text (str), got {kind}", what=translate(what),
                               kind=type(value).__name__),
                            hint=tr("pass the code as a string, e.g. '000.00.00.G22'"))
    return value


@cache
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    # Repeated labels are all dropped so that clean() is idempotent.
    names = "|".join(re.escape(unicodedata.normalize("NFKC", label)) for label in labels)
    return re.compile(rf"^(?:(?:{names})\s*:?\s*)+", re.IGNORECASE)


def clean(text: object, what: str, *, case_sensitive: bool = False,
          labels: tuple[str, ...] = ()) -> str:
    """Apply the clean-up rule (see the module docstring) to the code *text*.

    >>> clean("h56.14", "agency code"), clean("7/tb-VPCP", "notation", case_sensitive=True)
    ('H56.14', '7/tb-VPCP')
    """
    folded = unicodedata.normalize("NFKC", require_str(text, what)).strip()
    if labels:
        folded = _label_pattern(labels).sub("", folded)
    joined = _AROUND_SEPARATOR.sub(r"\1", folded)
    if not case_sensitive:
        joined = joined.translate(_ASCII_UPPER)
    # NFKC can turn a spacing mark into space + combining mark (U+00A8 -> ' \u0308'); once the
    # space is gone the mark may compose with its new neighbour, so normalise again (idempotence).
    return unicodedata.normalize("NFKC", joined)


def reject_inner_space(code: str, what: str) -> None:
    """Raise :class:`InvalidFormat` when the cleaned *code* still contains whitespace.

    >>> reject_inner_space("H56 14", "agency code")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: space at position 4 of 'H56 14' (agency code): a code has no ...
    """
    for position, char in enumerate(code, start=1):
        if char.isspace():
            raise InvalidFormat(tr("space at position {position} of {code!r} ({what}): a code "
                                   "has no spaces inside its groups", position=position,
                                   code=code, what=translate(what)),
                                hint=tr("remove the space, or write the separator that belongs "
                                        "there ('.', '/' or '-')"))


def normalize_name(text: str) -> str:
    """NFC, case-folded, runs of whitespace collapsed: how names are compared.

    >>> normalize_name("  Văn  phòng CHÍNH phủ ")
    'văn phòng chính phủ'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold(text: str) -> str:
    """:func:`normalize_name` without diacritics (``Đ``/``đ`` become ``d``).

    >>> fold("Văn phòng Chính phủ"), fold("Đồng Tháp")
    ('van phong chinh phu', 'dong thap')
    """
    decomposed = unicodedata.normalize("NFD", normalize_name(text).replace("đ", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed
                                                if not unicodedata.combining(c)))
