"""Lenient clean-up of code input, shared by the code systems of :mod:`vn_egov.units`.

Only *codes* are normalised here, never names or other content: NFKC folds full-width digits and
letters (``０００``, ``Ｇ``) and the ideographic full stop variants to ASCII, whitespace anywhere is
removed and ASCII letters are upper-cased. Anything still outside ASCII is left in place so that
the strict validation that follows can name it.

>>> normalize_code(" ０００.00.00.g２２ ")
'000.00.00.G22'
"""

from __future__ import annotations

import unicodedata

from vn_egov.errors import InvalidFormat

__all__ = ["normalize_code", "require_str"]

_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def require_str(value: object, what: str) -> str:
    """Return *value* if it is a ``str``, else raise :class:`InvalidFormat` naming *what*.

    >>> require_str("G22", "agency code")
    'G22'
    >>> require_str(22, "agency code")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidFormat: agency code must be text (str), got int ...
    """
    if not isinstance(value, str):
        raise InvalidFormat(f"{what} must be text (str), got {type(value).__name__}",
                            hint="pass the code as a string, e.g. '000.00.00.G22'")
    return value


def normalize_code(text: str) -> str:
    """NFKC-normalise *text*, drop all whitespace and upper-case ASCII letters.

    Non-ASCII letters are *not* upper-cased (``str.upper`` would turn ``ß`` into ``SS``); they
    stay so that validation reports them.

    >>> normalize_code("h56 . 14")
    'H56.14'
    >>> normalize_code("ｈ５６")
    'H56'
    """
    folded = unicodedata.normalize("NFKC", text)
    joined = "".join(folded.split()).translate(_ASCII_UPPER)
    # NFKC can turn a spacing mark into space + combining mark (U+00A8 -> ' \u0308'); once the
    # space is gone the mark may compose with its new neighbour, so normalise again (idempotence).
    return unicodedata.normalize("NFKC", joined)
