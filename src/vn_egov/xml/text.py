"""Text that must become XML (reports we write): characters XML 1.0 cannot hold.

>>> xml_safe("a\\x01b\\udcff")
'a\\\\x01b\\\\udcff'
>>> display_path("/in/h\\udcffa.edxml")
'/in/h�a.edxml'
"""

from __future__ import annotations

import os
import re
from functools import cache

__all__ = ["display_path", "xml_safe"]


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
