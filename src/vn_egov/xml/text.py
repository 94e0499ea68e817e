"""Text that must become XML (reports we write) or be printed: characters XML 1.0 cannot
hold, and characters that would change how a line looks.

>>> xml_safe("a\\x01b\\udcff")
'a\\\\x01b\\\\udcff'
>>> display_path("/in/h\\udcffa.edxml")
'/in/h�a.edxml'
>>> print(printable("invoice\\u202efdp.exe\\tx"))
invoice\\u202efdp.exe\\tx
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cache
from typing import Final

__all__ = ["display_path", "invisible", "printable", "xml_safe"]


@cache
def _not_xml() -> re.Pattern[str]:
    # Everything outside the XML 1.0 Char production, lone surrogates included. Compiled on
    # first use: its Unicode ranges take 4 ms to compile, a cost every command would pay.
    return re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    r"""*text* with each character XML 1.0 forbids shown as a visible escape (``\xNN``)."""
    return _not_xml().sub(lambda m: repr(m.group())[1:-1], text)


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as text for reports: bytes that are not UTF-8 become U+FFFD.

    File systems may hold names that are not UTF-8; Python keeps them as lone surrogates,
    which no encoder (JSON, XML, a terminal) accepts.
    """
    return os.fsencode(path).decode("utf-8", errors="replace")


_NAMED_ESCAPES: Final = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def invisible(character: str) -> bool:
    """True for a character that is not shown as itself: controls (C0, C1, DEL), format
    characters (bidirectional overrides and isolates, zero-width ones, the soft hyphen),
    line and paragraph separators, surrogates, private-use and unassigned code points.
    Visible spaces (U+0020, no-break and other ``Zs`` spaces) are not invisible.

    >>> invisible("\\u202e"), invisible("\\x85"), invisible("\\u00a0"), invisible("ệ")
    (True, True, False, False)
    """
    return not character.isprintable() and unicodedata.category(character) != "Zs"


def printable(text: str) -> str:
    """*text* with every :func:`invisible` character shown as an escape (``\\t``, ``\\x85``,
    ``\\u202e``), so that a line printed for a person shows what the text really holds: a
    tab or a newline in a name cannot forge another output line, a right-to-left override
    cannot make ``invoice\\u202efdp.exe`` look like ``invoiceexe.pdf``.

    >>> printable("Kế hoạch 4547.pdf")
    'Kế hoạch 4547.pdf'
    >>> printable("a\\nb\\x85c\\ud800")
    'a\\\\nb\\\\x85c\\\\ud800'
    """
    if text.isprintable():  # the common case, in C
        return text
    return "".join(_escape(c) if invisible(c) else c for c in text)


def _escape(character: str) -> str:
    named = _NAMED_ESCAPES.get(character)
    if named:
        return named
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
