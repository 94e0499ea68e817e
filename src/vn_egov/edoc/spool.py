"""Spooled buffers: attachment bytes in memory while small, in a temporary file above that.

Every place that decodes or unpacks a file of unknown size (attachment content while a
package is parsed, ZIP members) writes it into a spool instead of growing a ``bytes`` object,
so a 300 MB attachment costs disk, not resident memory.

>>> spool = new_spool()
>>> _ = spool.write(b"%PDF-1.4")
>>> _ = spool.seek(0)
>>> spool.read()
b'%PDF-1.4'
"""

from __future__ import annotations

import tempfile
from typing import IO, Final

__all__ = ["SPOOL_MAX_MEMORY", "new_spool"]

#: Above this many bytes a spool moves from memory to a temporary file (deleted on close).
SPOOL_MAX_MEMORY: Final = 8 * 1024 * 1024


def new_spool(max_memory: int = SPOOL_MAX_MEMORY) -> IO[bytes]:
    """A binary read/write buffer kept in memory up to *max_memory* bytes, then on disk."""
    return tempfile.SpooledTemporaryFile(
        max_size=max_memory, mode="w+b", prefix="vn-egov-")


def spool_size(spool: IO[bytes]) -> int:
    """The size of *spool* in bytes (its position is left at the end).

    >>> spool = new_spool()
    >>> _ = spool.write(b"abc")
    >>> spool_size(spool)
    3
    """
    return spool.seek(0, 2)
