"""Hostile ZIP archives, written byte by byte (PKWARE APPNOTE 6.3), so that every field can lie.

:func:`archive` writes local headers, data and a central directory from :class:`Entry`
values; each field of the central directory and of the local header can be set on its own
(a name that differs, a size that lies, an offset outside the file, flags, a method, a
"version needed"). :data:`HOSTILE_ARCHIVES` names the archives of the corpus with the
message fragment the safe reader must give. Nothing binary is committed.
"""

from __future__ import annotations

import bz2
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Entry:
    """One member. ``data`` is what it unpacks to; the other fields default to the truth."""

    name: bytes
    data: bytes = b""
    method: int = 8
    flags: int = 0
    version: int = 20
    packed: bytes | None = None  # the compressed bytes (default: compress data)
    crc: int | None = None
    size: int | None = None  # declared unpacked size
    packed_size: int | None = None  # declared compressed size
    offset: int | None = None  # central directory: where the local header is
    local_name: bytes | None = None
    local_method: int | None = None
    local_flags: int | None = None

    def compressed(self) -> bytes:
        if self.packed is not None:
            return self.packed
        if self.method == 8:
            engine = zlib.compressobj(9, zlib.DEFLATED, -15)
            return engine.compress(self.data) + engine.flush()
        if self.method == 12:
            return bz2.compress(self.data)
        return self.data


def archive(entries: list[Entry], *, local: list[Entry] | None = None,
            comment: bytes = b"", prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """A ZIP archive of *entries*; *local* writes other local entries (default: the same)."""
    out = bytearray(prefix)
    offsets = []
    for entry in local or entries:
        packed = entry.compressed()
        offsets.append(len(out))
        name = entry.local_name if entry.local_name is not None else entry.name
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", entry.version,
            entry.local_flags if entry.local_flags is not None else entry.flags,
            entry.local_method if entry.local_method is not None else entry.method, 0, 0x21,
            entry.crc if entry.crc is not None else zlib.crc32(entry.data),
            entry.packed_size if entry.packed_size is not None else len(packed),
            entry.size if entry.size is not None else len(entry.data), len(name), 0)
        out += name + packed
    directory = bytearray()
    for index, entry in enumerate(entries):
        packed = entry.compressed()
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, entry.version, entry.flags, entry.method,
            0, 0x21, entry.crc if entry.crc is not None else zlib.crc32(entry.data),
            entry.packed_size if entry.packed_size is not None else len(packed),
            entry.size if entry.size is not None else len(entry.data), len(entry.name), 0, 0, 0,
            0, 0, entry.offset if entry.offset is not None else offsets[min(index,
                                                                            len(offsets) - 1)])
        directory += entry.name
    start = len(out)
    out += directory
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                       len(directory), start, len(comment)) + comment
    return bytes(out + suffix)


def _local_header(name: bytes, data: bytes) -> bytes:
    return struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0x21, zlib.crc32(data),
                       len(data), len(data), len(name), 0) + name + data


def _overlapping() -> bytes:
    """The second member lies inside the data of the first (a stored member holding a whole
    local entry): the same bytes counted twice, the quoted-overlap zip bomb's trick."""
    inner = _local_header(b"b.txt", b"B" * 1000)
    first = Entry(b"a.txt", inner, method=0)
    second = Entry(b"b.txt", b"B" * 1000, method=0, offset=30 + len(b"a.txt"))
    return archive([first, second], local=[first])


def _reordered() -> bytes:
    """The central directory lists the second file first: a reader of local headers (the
    official parser's java.util.zip) and a reader of the central directory would each take
    another "first member"."""
    first, second = Entry(b"a.txt", b"hello"), Entry(b"b.exe", b"MZ")
    second_at = 30 + len(first.name) + len(first.compressed())
    return archive([replace(second, offset=second_at), replace(first, offset=0)],
                   local=[first, second])


def _lying_larger() -> bytes:
    """Declares 100 bytes, holds 5000 (deflate of 5000 'A')."""
    return archive([Entry(b"a.txt", b"A" * 5000, size=100)])


def _lying_smaller() -> bytes:
    """Declares 5000 bytes, holds 100."""
    return archive([Entry(b"a.txt", b"A" * 100, size=5000)])


def _broken_bzip2() -> bytes:
    good = bz2.compress(b"hello" * 100)
    return archive([Entry(b"a.txt", b"hello" * 100, method=12, version=46,
                          packed=good[:10] + bytes(10) + good[20:])])


def _bomb() -> bytes:
    """20 MB of zeros in about 20 KB."""
    return archive([Entry(b"zeros.bin", bytes(20_000_000))])


#: name -> (builder, fragment of the refusal). The first member of each is what transport
#: compression would hand over.
HOSTILE_ARCHIVES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty-name": (lambda: archive([Entry(b"", b"x")]), "entry 1 has an empty name"),
    "long-name": (lambda: archive([Entry(b"n" * 5000 + b".txt", b"x")]),
                  "entry 1 has a name of 5004 bytes, above the limit of 1024"),
    "absolute-name": (lambda: archive([Entry(b"/etc/cron.d/x", b"x")]),
                      "member name '/etc/cron.d/x': it is an absolute path"),
    "windows-absolute-name": (lambda: archive([Entry(b"C:\\Windows\\x.dll", b"MZ")]),
                              "it is an absolute path"),
    "traversal-name": (lambda: archive([Entry(b"../../home/x/.bashrc", b"x")]),
                       "member name '../../home/x/.bashrc': it has a '..' part"),
    "control-name": (lambda: archive([Entry(b"a\nb.txt", b"x")]),
                     "it holds a control character"),
    "bad-utf8-flag": (lambda: archive([Entry(b"t\xe9p.txt", b"x", flags=0x800)]),
                      "entry 1 is flagged as a UTF-8 name, but its name is not valid UTF-8"),
    "duplicate-name": (lambda: archive([Entry(b"a.txt", b"1"), Entry(b"a.txt", b"2")]),
                       "the name 'a.txt' occurs twice in the archive"),
    "version-25": (lambda: archive([Entry(b"a.txt", b"x", version=25)]),
                   "member 'a.txt' needs ZIP version 2.5 to be extracted"),
    "unknown-method": (lambda: archive([Entry(b"a.txt", b"x", method=25)]),
                       "uses compression method 25 (unknown), which is not supported here"),
    "implode-method": (lambda: archive([Entry(b"a.txt", b"x", method=6)]),
                       "uses compression method 6 (imploded)"),
    "encrypted": (lambda: archive([Entry(b"a.txt", b"x", flags=1)]),
                  "member 'a.txt' is encrypted"),
    "broken-bzip2": (_broken_bzip2, "the data of member 'a.txt' cannot be decompressed"),
    "negative-seek": (lambda: archive([Entry(b"a.txt", b"hello", offset=0xFFFFFF00)]),
                      "member 'a.txt' starts outside the data part of the archive"),
    "local-name-differs": (lambda: archive([Entry(b"a.txt", b"x", local_name=b"b.exe")]),
                           "the local header of member 'a.txt' disagrees with the central "
                           "directory"),
    "overlapping": (_overlapping, "overlap in the archive"),
    "lying-size-larger": (_lying_larger, "unpacks to more than the 100 bytes it declares"),
    "lying-size-smaller": (_lying_smaller, "unpacks to 100 bytes, not the 5000 it declares"),
    "bad-crc": (lambda: archive([Entry(b"a.txt", b"hello", crc=1)]),
                "member 'a.txt' fails its CRC-32 check"),
    "bomb-ratio": (_bomb, "times its packed size, above the limit of 500 (a ZIP bomb?)"),
    "truncated": (lambda: archive([Entry(b"a.txt", b"hello")])[:-10],
                  "the ZIP archive has no end of central directory record"),
    "data-after-end": (lambda: archive([Entry(b"a.txt", b"hello")], suffix=b"junk"),
                       "the ZIP archive has no end of central directory record"),
    "data-before": (lambda: archive([Entry(b"a.txt", b"hello")], prefix=b"MZ" + bytes(100)),
                    "the archive does not start with its first member"),
    "reordered-directory": (_reordered, "the central directory lists the members in another "
                            "order than the archive holds them"),
}
