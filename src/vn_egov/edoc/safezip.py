"""The one ZIP reader of the library: every archive it opens is attacker input.

Transport-compressed attachments (:mod:`vn_egov.edoc.compression`), ``unpack`` and
``vn-egov extract --unzip`` all read ZIP archives through :class:`SafeZip`, which reads the
structure itself (PKWARE APPNOTE 6.3) instead of trusting :mod:`zipfile` with hostile bytes,
and refuses, with an :class:`~vn_egov.errors.ArchiveError` that names the member and the rule,
anything it cannot unpack safely and exactly:

* **structure**: the end record must end the file and point at a central directory that
  ends where it says; multi-disk archives, encrypted entries and local headers that disagree
  with the central directory (another name, another method) are refused; every offset is
  checked against the archive before any seek (no negative or outside seek);
* **overlapping entries**: the data of two members may not share a byte (the "overlapping
  files" zip bomb, and a way to show two readers two different files);
* **names**: empty, absolute (``/x``, ``C:\\x``, ``\\\\server``), with a ``..`` part, with a
  control character, longer than :attr:`ZipLimits.max_name_bytes`, flagged UTF-8 but not
  UTF-8, or twice in the archive;
* **methods**: stored and deflate, plus bzip2 and LZMA when the caller allows them (LZMA only
  with a dictionary within :attr:`ZipLimits.max_lzma_dictionary`); any other method, and a
  "version needed to extract" asking for a feature not supported here (2.5 PKWARE implode,
  5.x encryption...), is refused;
* **sizes**: members above :attr:`ZipLimits.max_member_bytes`, an archive above
  :attr:`ZipLimits.max_total_bytes` or :attr:`ZipLimits.max_members`, a compression ratio
  above :attr:`ZipLimits.max_ratio` (for members above 1 MiB); while unpacking, a member that
  produces more or fewer bytes than it declares, or whose CRC-32 differs, is refused. Members
  are decompressed in chunks of 1 MiB into the caller's sink (a spooled buffer, a file):
  never a whole member in memory.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as made:
...     made.writestr("Tờ trình.txt", "Kính gửi")
>>> archive = SafeZip(buffer)
>>> [member.name for member in archive.members]
['Tờ trình.txt']
>>> sink = io.BytesIO()
>>> archive.unpack(archive.members[0], sink).size
11
>>> SafeZip(io.BytesIO(b"PK\\x03\\x04 not an archive"))
Traceback (most recent call last):
...
vn_egov.errors.ArchiveError: the ZIP archive has no end of central directory record
"""

from __future__ import annotations

import bz2
import hashlib
import itertools
import lzma
import struct
import zlib
from dataclasses import dataclass, field
from typing import IO, Final, Protocol

from vn_egov.errors import ArchiveError
from vn_egov.i18n import tr
from vn_egov.inputs import check_bounds

__all__ = [
    "BZIP2",
    "DEFLATED",
    "LZMA",
    "STORED",
    "TRANSPORT_METHODS",
    "SafeZip",
    "Unpacked",
    "ZipLimits",
    "ZipMember",
    "is_zip",
]

STORED: Final = 0
DEFLATED: Final = 8
BZIP2: Final = 12
LZMA: Final = 14
#: What the official parser (java.util.zip) can read: transport compression allows no more.
TRANSPORT_METHODS: Final = frozenset({STORED, DEFLATED})
_METHOD_NAMES: Final = {0: "stored", 1: "shrunk", 2: "reduced", 3: "reduced", 4: "reduced",
                        5: "reduced", 6: "imploded", 8: "deflate", 9: "deflate64",
                        10: "PKWARE DCL implode", 12: "bzip2", 14: "LZMA", 18: "IBM TERSE",
                        19: "IBM LZ77", 93: "zstd", 95: "xz", 96: "JPEG", 97: "WavPack",
                        98: "PPMd", 99: "AE-x encryption"}
#: The "version needed to extract" (x 10) each supported feature requires; other values ask
#: for features this reader does not have (2.1 deflate64, 2.5/2.7 implode, 5.x encryption).
_VERSIONS: Final = {STORED: frozenset({0, 10, 11, 20, 45}),
                    DEFLATED: frozenset({0, 10, 11, 20, 45}),
                    BZIP2: frozenset({0, 10, 11, 20, 45, 46}),
                    LZMA: frozenset({0, 10, 11, 20, 45, 46, 63})}
_FLAG_ENCRYPTED: Final = 0x0001
_FLAG_STRONG_ENCRYPTION: Final = 0x0040
_FLAG_UTF8: Final = 0x0800
_FLAG_MASKED_HEADERS: Final = 0x2000
_EOCD: Final = struct.Struct("<4sHHHHIIH")
_ZIP64_LOCATOR: Final = struct.Struct("<4sIQI")
_ZIP64_EOCD: Final = struct.Struct("<4sQHHIIQQQQ")
_CENTRAL: Final = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL: Final = struct.Struct("<4sHHHHHIIIHH")
_MAX_COMMENT: Final = 0xFFFF
_CHUNK: Final = 1024 * 1024
_MiB: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Bounds of :class:`SafeZip`; raise one by passing your own.

    ``max_members``: entries in the archive (folders included). ``max_member_bytes``: the
    unpacked size of one member. ``max_total_bytes``: of all members together.
    ``max_ratio``: unpacked / packed size of one member, and of the whole archive, checked
    above ``ratio_floor`` unpacked bytes (small files may compress extremely well,
    harmlessly; deflate itself cannot pass about 1032).
    ``max_name_bytes``: a member name, in bytes. ``methods``: the compression methods
    accepted. ``max_lzma_dictionary``: the dictionary an LZMA member may ask for (the
    decoder allocates it).

    >>> ZipLimits().max_ratio, ZipLimits(methods=TRANSPORT_METHODS).methods == {0, 8}
    (500, True)
    >>> ZipLimits(max_members=0)
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: ZipLimits.max_members must be a positive integer, not 0
    """

    max_members: int = 10_000
    max_member_bytes: int = 512 * _MiB
    max_total_bytes: int = 1024 * _MiB
    max_ratio: int = 500
    ratio_floor: int = _MiB
    max_name_bytes: int = 1024
    max_lzma_dictionary: int = 64 * _MiB
    methods: frozenset[int] = field(default_factory=lambda: frozenset({STORED, DEFLATED, BZIP2,
                                                                       LZMA}))

    def __post_init__(self) -> None:
        check_bounds(self)


DEFAULT_ZIP_LIMITS: Final = ZipLimits()


@dataclass(frozen=True, slots=True)
class ZipMember:
    """One entry of the central directory, checked against its local header.

    ``name`` is the decoded name (UTF-8 when flagged, else code page 437, as the format
    says); ``data_offset`` is where its compressed bytes start.
    """

    index: int
    name: str
    method: int
    flags: int
    crc: int
    compressed_size: int
    size: int
    header_offset: int
    data_offset: int

    @property
    def is_dir(self) -> bool:
        """True for a folder entry (a name ending in ``/``)."""
        return self.name.endswith("/")


@dataclass(frozen=True, slots=True)
class Unpacked:
    """What unpacking one member produced: its size and SHA-256 (the bytes are in the sink)."""

    size: int
    sha256: str


class _Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


def is_zip(head: bytes) -> bool:
    """True when *head* starts like a ZIP archive (a local header or an empty archive).

    >>> is_zip(b"PK\\x03\\x04..."), is_zip(b"%PDF-1.4")
    (True, False)
    """
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06"))


class SafeZip:
    """A ZIP archive read from a seekable binary stream, checked completely when opened.

    Opening reads the end record and the central directory, checks every entry and its
    local header, and raises :class:`~vn_egov.errors.ArchiveError` at the first problem;
    :meth:`unpack` then streams one member into a sink, with its sizes and CRC checked.
    The stream stays the caller's (never closed here).
    """

    def __init__(self, stream: IO[bytes], *, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> None:
        self.stream = stream
        self.limits = limits
        self.size = stream.seek(0, 2)
        self.members: list[ZipMember] = []
        start, length, count = self._end_record()
        self._central_directory(start, length, count)
        self._check_layout(start)

    # -- reading the structure ---------------------------------------------------------------

    def _read_at(self, offset: int, length: int) -> bytes:
        """*length* bytes at *offset*, both checked against the archive first."""
        if offset < 0 or length < 0 or offset + length > self.size:
            raise _damaged(tr("a record lies outside the archive (offset {offset}, {length} "
                              "bytes, archive of {size} bytes)", offset=offset, length=length,
                              size=self.size))
        self.stream.seek(offset)
        data = self.stream.read(length)
        if len(data) != length:
            raise _damaged(tr("the archive ends early"))
        return data

    def _end_record(self) -> tuple[int, int, int]:
        """Offset, size and entry count of the central directory, from the end record."""
        if self.size < _EOCD.size:
            raise _not_zip(tr("the ZIP archive has no end of central directory record"))
        tail_length = min(self.size, _EOCD.size + _MAX_COMMENT)
        tail = self._read_at(self.size - tail_length, tail_length)
        last = tail_length - _EOCD.size + 4  # a record needs 22 bytes
        position = tail.rfind(b"PK\x05\x06", 0, last)
        while position >= 0:
            record = _EOCD.unpack_from(tail, position)
            if position + _EOCD.size + record[7] == tail_length:
                break  # the comment length agrees: this record ends the file
            position = tail.rfind(b"PK\x05\x06", 0, position + 3)
        if position < 0:
            raise _not_zip(tr("the ZIP archive has no end of central directory record"),
                           tr("the bytes are not a complete ZIP archive (truncated, or "
                              "something else)"))
        _sig, disk, cd_disk, here, total, length, start, _comment = record
        end = self.size - tail_length + position
        if disk or cd_disk or here != total:
            raise _refused(tr("multi-volume (split) ZIP archives are not supported"))
        if 0xFFFF in (here, total) or 0xFFFFFFFF in (length, start):
            return self._zip64_end(end)
        if start + length != end:
            raise _damaged(tr("the central directory is not where the end record says (it "
                              "says {start} + {length}, the record is at {end}): data was "
                              "added to or removed from the archive", start=start,
                              length=length, end=end))
        return start, length, total

    def _zip64_end(self, end: int) -> tuple[int, int, int]:
        locator_at = end - _ZIP64_LOCATOR.size
        locator = _ZIP64_LOCATOR.unpack(self._read_at(locator_at, _ZIP64_LOCATOR.size))
        if locator[0] != b"PK\x06\x07" or locator[1] != 0 or locator[3] not in (0, 1):
            raise _damaged(tr("the ZIP64 end record locator is missing or invalid"))
        record_at = locator[2]
        record = _ZIP64_EOCD.unpack(self._read_at(record_at, _ZIP64_EOCD.size))
        sig, _size, _made, _needed, disk, cd_disk, here, total, length, start = record
        if sig != b"PK\x06\x06":
            raise _damaged(tr("the ZIP64 end record is missing"))
        if disk or cd_disk or here != total:
            raise _refused(tr("multi-volume (split) ZIP archives are not supported"))
        if start + length != record_at:
            raise _damaged(tr("the central directory is not where the ZIP64 end record says"))
        return start, length, total

    def _central_directory(self, start: int, length: int, count: int) -> None:
        limits = self.limits
        if count > limits.max_members:
            raise _refused(tr("the ZIP archive holds {count} entries, above the limit of "
                              "{limit}", count=count, limit=limits.max_members),
                           hint=_raise("max_members"))
        if length > count * (_CENTRAL.size + 3 * 0xFFFF):
            raise _damaged(tr("the central directory is larger than its entries can be"))
        directory = self._read_at(start, length)
        position = 0
        names: set[str] = set()
        total = 0
        for index in range(count):
            member, position = self._entry(directory, position, index, start)
            if member.name in names:
                raise _refused(tr("the name {name!r} occurs twice in the archive; which one "
                                  "a reader takes is ambiguous", name=member.name),
                               member.name)
            names.add(member.name)
            total += member.size
            if total > limits.max_total_bytes:
                raise _refused(tr("the archive unpacks to more than {limit} bytes",
                                  limit=limits.max_total_bytes), hint=_raise("max_total_bytes"))
            self.members.append(member)
        if position != length:
            raise _damaged(tr("the central directory holds more bytes than its {count} "
                              "entries", count=count))
        if total > limits.ratio_floor and total > self.size * limits.max_ratio:
            raise _refused(tr("the archive unpacks {ratio} times its size, above the limit "
                              "of {limit} (a ZIP bomb?)", ratio=total // max(self.size, 1),
                              limit=limits.max_ratio), hint=_raise("max_ratio"))

    def _entry(self, directory: bytes, position: int, index: int,
               directory_start: int) -> tuple[ZipMember, int]:
        if position + _CENTRAL.size > len(directory):
            raise _damaged(tr("the central directory ends inside entry {index}",
                              index=index + 1))
        (sig, _made, needed, flags, method, _time, _date, crc, packed, size, name_length,
         extra_length, comment_length, disk, _internal, _external,
         offset) = _CENTRAL.unpack_from(directory, position)
        if sig != b"PK\x01\x02":
            raise _damaged(tr("entry {index} of the central directory has no signature",
                              index=index + 1))
        cursor = position + _CENTRAL.size
        end = cursor + name_length + extra_length + comment_length
        if end > len(directory):
            raise _damaged(tr("the central directory ends inside entry {index}",
                              index=index + 1))
        raw_name = directory[cursor:cursor + name_length]
        extra = directory[cursor + name_length:cursor + name_length + extra_length]
        name = self._name(raw_name, flags, index)
        size, packed, offset, disk = _zip64_values(extra, size=size, packed=packed,
                                                   offset=offset, disk=disk, name=name)
        if disk != 0:
            raise _refused(tr("multi-volume (split) ZIP archives are not supported"), name)
        self._check_entry(name, needed=needed, flags=flags, method=method, size=size,
                          packed=packed)
        if offset + _LOCAL.size > directory_start:
            raise _damaged(tr("member {name!r} starts outside the data part of the archive "
                              "(offset {offset})", name=name, offset=offset), name)
        data_offset = self._local_header(name, raw_name, offset, method, flags)
        if data_offset + packed > directory_start:
            raise _damaged(tr("the data of member {name!r} runs into the central directory "
                              "(its packed size lies)", name=name), name)
        return ZipMember(index, name, method, flags, crc, packed, size, offset,
                         data_offset), end

    def _name(self, raw: bytes, flags: int, index: int) -> str:
        limits = self.limits
        if not raw:
            raise _refused(tr("entry {index} has an empty name", index=index + 1))
        if len(raw) > limits.max_name_bytes:
            raise _refused(tr("entry {index} has a name of {length} bytes, above the limit of "
                              "{limit}", index=index + 1, length=len(raw),
                              limit=limits.max_name_bytes), hint=_raise("max_name_bytes"))
        if flags & _FLAG_UTF8:
            try:
                name = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _refused(tr("entry {index} is flagged as a UTF-8 name, but its name is "
                                  "not valid UTF-8", index=index + 1)) from None
        else:
            name = raw.decode("cp437")  # the format's default; never fails
        problem = _name_problem(name)
        if problem:
            raise _refused(tr("member name {name!r}: {problem}", name=name, problem=problem),
                           name, hint=tr("such names can write outside the target folder, or "
                                         "mean different files to different programs"))
        return name

    def _check_entry(self, name: str, *, needed: int, flags: int, method: int, size: int,
                     packed: int) -> None:
        limits = self.limits
        if flags & (_FLAG_ENCRYPTED | _FLAG_STRONG_ENCRYPTION | _FLAG_MASKED_HEADERS):
            raise _refused(tr("member {name!r} is encrypted", name=name), name,
                           hint=tr("send the file without a password"))
        if method not in limits.methods:
            label = _METHOD_NAMES.get(method, tr("unknown"))
            raise _refused(tr("member {name!r} uses compression method {method} ({label}), "
                              "which is not supported here", name=name, method=method,
                              label=label), name,
                           hint=tr("compress with deflate (the common ZIP method)"))
        if needed & 0xFF not in _VERSIONS[method]:
            version = needed & 0xFF
            raise _refused(tr("member {name!r} needs ZIP version {major}.{minor} to be "
                              "extracted, a feature that is not supported here", name=name,
                              major=version // 10, minor=version % 10), name)
        if name.endswith("/") and size:
            raise _refused(tr("folder entry {name!r} has content", name=name), name)
        if size > limits.max_member_bytes:
            raise _refused(tr("member {name!r} unpacks to {size} bytes, above the limit of "
                              "{limit}", name=name, size=size, limit=limits.max_member_bytes),
                           name, hint=_raise("max_member_bytes"))
        if method == STORED and packed != size:
            raise _damaged(tr("stored member {name!r} declares {packed} bytes packed and "
                              "{size} unpacked", name=name, packed=packed, size=size), name)
        if size > limits.ratio_floor and size > packed * limits.max_ratio:
            raise _refused(tr("member {name!r} unpacks {ratio} times its packed size, above "
                              "the limit of {limit} (a ZIP bomb?)", name=name,
                              ratio=size // max(packed, 1), limit=limits.max_ratio), name,
                           hint=_raise("max_ratio"))

    def _local_header(self, name: str, raw_name: bytes, offset: int, method: int,
                      flags: int) -> int:
        """Check the local header of a member against its central entry; return where its
        data starts."""
        (sig, _needed, local_flags, local_method, _time, _date, _crc, _packed, _size,
         name_length, extra_length) = _LOCAL.unpack(self._read_at(offset, _LOCAL.size))
        if sig != b"PK\x03\x04":
            raise _damaged(tr("member {name!r} has no local header where the central "
                              "directory says", name=name), name)
        local_name = self._read_at(offset + _LOCAL.size, name_length)
        if (local_name != raw_name or local_method != method
                or (local_flags ^ flags) & (_FLAG_ENCRYPTED | _FLAG_UTF8)):
            raise _refused(tr("the local header of member {name!r} disagrees with the central "
                              "directory (name, method or flags): readers that take one or "
                              "the other see different files", name=name), name)
        return int(offset + _LOCAL.size + name_length + extra_length)

    def _check_layout(self, directory_start: int) -> None:
        """The archive starts with its first member, holds the members in the order of the
        central directory (so that a reader of local headers, such as java.util.zip's
        ZipInputStream, and a reader of the central directory see the same first file),
        and no two members share a byte."""
        spans = [(m.header_offset, m.data_offset + m.compressed_size, m.name)
                 for m in self.members]
        if spans != sorted(spans):
            raise _refused(tr("the central directory lists the members in another order than "
                              "the archive holds them: readers of either see different "
                              "files"))
        if spans and spans[0][0] != 0:
            raise _refused(tr("the archive does not start with its first member (data before "
                              "it: a self-extracting archive, or a file that is two formats "
                              "at once)"))
        for (_start, end, name), (start, _end, other) in itertools.pairwise(spans):
            if start < end:
                raise _refused(tr("members {first!r} and {second!r} overlap in the archive "
                                  "(the same bytes counted twice: a ZIP bomb, or two views "
                                  "of one file)", first=name, second=other), other)
        if spans and spans[-1][1] > directory_start:  # pragma: no cover - checked per entry
            raise _damaged(tr("member data runs into the central directory"))

    # -- unpacking ---------------------------------------------------------------------------

    def unpack(self, member: ZipMember, sink: _Sink) -> Unpacked:
        """Decompress *member* into *sink* in chunks; check its size and CRC-32."""
        if member.is_dir:
            return Unpacked(0, hashlib.sha256().hexdigest())
        self.stream.seek(member.data_offset)
        decoder = _decoder(member, self.stream, self.limits)
        digest = hashlib.sha256()
        crc = 0
        produced = 0
        # What is left of the packed data (an LZMA decoder has read its header already).
        left = member.compressed_size - (self.stream.tell() - member.data_offset)
        while True:
            if decoder.needs_input:
                if not left:
                    break
                data = self.stream.read(min(_CHUNK, left))
                if not data:
                    raise _damaged(tr("the archive ends inside member {name!r}",
                                      name=member.name), member.name)
                left -= len(data)
            else:
                data = b""
            try:
                chunk = decoder.decompress(data, _CHUNK)
            except (OSError, EOFError, ValueError, lzma.LZMAError, zlib.error) as exc:
                raise _damaged(tr("the data of member {name!r} cannot be decompressed: "
                                  "{error}", name=member.name, error=exc), member.name) from None
            produced += len(chunk)
            if produced > member.size:
                raise _refused(tr("member {name!r} unpacks to more than the {size} bytes it "
                                  "declares", name=member.name, size=member.size), member.name)
            crc = zlib.crc32(chunk, crc)
            digest.update(chunk)
            sink.write(chunk)
            if decoder.eof:
                break
        if not decoder.eof or left or decoder.unused_data:
            raise _damaged(tr("the compressed data of member {name!r} does not end where its "
                              "packed size says", name=member.name), member.name)
        if produced != member.size:
            raise _refused(tr("member {name!r} unpacks to {real} bytes, not the {size} it "
                              "declares", name=member.name, real=produced, size=member.size),
                           member.name)
        if crc != member.crc:
            raise _damaged(tr("member {name!r} fails its CRC-32 check", name=member.name),
                           member.name)
        return Unpacked(produced, digest.hexdigest())


# -- decoders ----------------------------------------------------------------------------------


class _Decoder(Protocol):
    @property
    def eof(self) -> bool: ...

    @property
    def needs_input(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int) -> bytes: ...


class _Stored:
    """Stored data passes through; it ends when its packed size is used up."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.eof = size == 0
        self.needs_input = True
        self.unused_data = b""

    def decompress(self, data: bytes, max_length: int) -> bytes:
        self.left -= len(data)
        self.eof = self.left <= 0
        return data


class _Inflate:
    """zlib's raw deflate behind the interface of the bz2 and lzma decompressors."""

    def __init__(self) -> None:
        self.engine = zlib.decompressobj(-zlib.MAX_WBITS)

    @property
    def eof(self) -> bool:
        return self.engine.eof

    @property
    def needs_input(self) -> bool:
        return not self.engine.unconsumed_tail

    @property
    def unused_data(self) -> bytes:
        return self.engine.unused_data

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return self.engine.decompress(data or self.engine.unconsumed_tail, max_length)


def _decoder(member: ZipMember, stream: IO[bytes], limits: ZipLimits) -> _Decoder:
    if member.method == STORED:
        return _Stored(member.compressed_size)
    if member.method == DEFLATED:
        return _Inflate()
    if member.method == BZIP2:
        return bz2.BZ2Decompressor()
    return _lzma_decoder(member, stream, limits)


def _lzma_decoder(member: ZipMember, stream: IO[bytes], limits: ZipLimits) -> _Decoder:
    """LZMA in ZIP (APPNOTE 5.8.8): a 4-byte header, 5 bytes of properties, a raw stream.
    The dictionary size is read from the properties and bounded before the decoder, which
    allocates it, is made."""
    header = stream.read(9) if member.compressed_size >= 9 else b""
    if len(header) != 9 or header[2:4] != b"\x05\x00":
        raise _damaged(tr("member {name!r} has an invalid LZMA header", name=member.name),
                       member.name)
    properties, dictionary = header[4], int.from_bytes(header[5:9], "little")
    if properties >= 9 * 5 * 5:
        raise _damaged(tr("member {name!r} has an invalid LZMA header", name=member.name),
                       member.name)
    if dictionary > limits.max_lzma_dictionary:
        raise _refused(tr("member {name!r} asks for an LZMA dictionary of {size} bytes, above "
                          "the limit of {limit}", name=member.name, size=dictionary,
                          limit=limits.max_lzma_dictionary), member.name,
                       hint=_raise("max_lzma_dictionary"))
    literal, rest = properties % 9, properties // 9
    position, bits = rest // 5, rest % 5
    lzma_filter = {"id": lzma.FILTER_LZMA1, "dict_size": dictionary, "lc": literal,
                   "lp": bits, "pb": position}
    return _LzmaDecoder(lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter]),
                        member.compressed_size - 9)


class _LzmaDecoder:
    """A raw LZMA stream ends either with an end marker or when its packed bytes are used."""

    def __init__(self, engine: lzma.LZMADecompressor, packed: int) -> None:
        self.engine = engine
        self.left = packed
        self._eof = packed <= 0

    @property
    def eof(self) -> bool:
        return self.engine.eof or (self._eof and self.engine.needs_input)

    @property
    def needs_input(self) -> bool:
        return self.engine.needs_input

    @property
    def unused_data(self) -> bytes:
        return self.engine.unused_data

    def decompress(self, data: bytes, max_length: int) -> bytes:
        self.left -= len(data)
        self._eof = self.left <= 0
        return self.engine.decompress(data, max_length)


# -- helpers ---------------------------------------------------------------------------------


def _zip64_values(extra: bytes, *, size: int, packed: int, offset: int, disk: int,
                  name: str) -> tuple[int, int, int, int]:
    """Sizes, offset and disk from the ZIP64 extra field, for the values marked 0xFFFFFFFF."""
    if 0xFFFFFFFF not in (size, packed, offset) and disk != 0xFFFF:
        return size, packed, offset, disk
    position = 0
    while position + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, position)
        body = extra[position + 4:position + 4 + length]
        position += 4 + length
        if tag != 0x0001:
            continue
        values = []
        for wanted in (size == 0xFFFFFFFF, packed == 0xFFFFFFFF, offset == 0xFFFFFFFF):
            if wanted:
                if len(body) < 8:
                    raise _damaged(tr("the ZIP64 field of member {name!r} is too short",
                                      name=name), name)
                values.append(struct.unpack_from("<Q", body)[0])
                body = body[8:]
            else:
                values.append(None)
        if disk == 0xFFFF:
            disk = struct.unpack_from("<I", body)[0] if len(body) >= 4 else disk
        size = values[0] if values[0] is not None else size
        packed = values[1] if values[1] is not None else packed
        offset = values[2] if values[2] is not None else offset
        return size, packed, offset, disk
    raise _damaged(tr("member {name!r} needs a ZIP64 field and has none", name=name), name)


_WINDOWS_DRIVE: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _name_problem(name: str) -> str | None:
    """Why a member name is refused, or ``None``.

    >>> _name_problem("thư mục/Tờ trình.pdf") is None
    True
    >>> _name_problem("../../etc/passwd"), _name_problem("C:\\\\x")
    ("it has a '..' part", 'it is an absolute path')
    """
    if any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in name):
        return tr("it holds a control character")
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) >= 2 and unified[1] == ":"
                                   and unified[0] in _WINDOWS_DRIVE):
        return tr("it is an absolute path")
    parts = unified.rstrip("/").split("/")
    if any(part == ".." for part in parts):
        return tr("it has a '..' part")
    if any(part in ("", ".") for part in parts):
        return tr("it has an empty or '.' part")
    return None


def _raise(field_name: str) -> str:
    return tr("raise ZipLimits.{field} if such an archive is expected", field=field_name)


def _damaged(message: str, member: str | None = None) -> ArchiveError:
    return ArchiveError(message, member=member,
                        hint=tr("the archive is damaged or was altered; ask for it again"))


def _refused(message: str, member: str | None = None, *, hint: str | None = None
             ) -> ArchiveError:
    return ArchiveError(message, member=member, hint=hint)


def _not_zip(message: str, hint: str | None = None) -> ArchiveError:
    return ArchiveError(message, rule="EDX403", hint=hint)
