"""The input gate: every file, stream, byte string or standard input the library reads.

Packages, JSON catalogues, build specifications and configuration files arrive from outside,
so each one is checked before a byte is read:

* a path is examined with ``os.stat`` first: a directory, a named pipe (FIFO), a device, a
  socket, a symbolic-link loop or a dangling link is refused with a clear
  :class:`~vn_egov.errors.InputError` *without opening it* (opening a FIFO would block);
* a regular file larger than the limit is refused from its size alone (a 1 GB sparse file
  is never read); the file is then opened with ``O_NONBLOCK`` and checked again with
  ``fstat``, so a file swapped for a FIFO in between cannot block either;
* reads are bounded: never more than ``max_bytes`` (+1 to detect overflow), in one buffer
  (the file size is known, so the bytes are read once, without a second copy);
* ``"-"`` is standard input, read with the same bound (a terminal is allowed; a device such
  as ``/dev/zero`` redirected to it is refused).

The bound fits the use: :data:`PACKAGE_MAX_BYTES` for packages (the XML parser's
``ParseLimits.max_bytes``) and :data:`JSON_MAX_BYTES` for JSON
(``vn_egov.safejson.JSONLimits.max_bytes``); both are configurable where they are used.

>>> read_input(b"<a/>", max_bytes=10)
InputData(data=b'<a/>', name=None)
>>> read_input("/dev/zero", max_bytes=10)
Traceback (most recent call last):
...
vn_egov.errors.InputError: /dev/zero: is a character device, not a regular file ...
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import IO, Final, NamedTuple, TypeAlias

from vn_egov.errors import ConfigurationError, InputError, VnEgovError
from vn_egov.i18n import tr

__all__ = [
    "JSON_MAX_BYTES",
    "PACKAGE_MAX_BYTES",
    "STDIN",
    "STDIN_NAME",
    "BoundedReader",
    "InputSource",
    "MiB",
    "check_bounds",
    "check_path",
    "open_input",
    "read_input",
    "size_error",
]

MiB: Final = 1024 * 1024
#: Default bound for edXML packages and other XML documents (base64 attachments included).
PACKAGE_MAX_BYTES: Final = 300 * MiB
#: Default bound for JSON documents (catalogues, build specifications).
JSON_MAX_BYTES: Final = 50 * MiB
#: The source name that means standard input.
STDIN: Final = "-"
#: The display name of standard input in messages.
STDIN_NAME: Final = "<stdin>"

InputSource: TypeAlias = "bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]"

_CHUNK: Final = 1024 * 1024
# O_NONBLOCK: opening a FIFO or a device never waits; O_NOCTTY: a terminal never becomes ours.
_OPEN_FLAGS: Final = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                      | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def check_bounds(limits: object) -> None:
    """Refuse a limits dataclass (``ParseLimits``, ``JSONLimits``, ``ZipLimits``) whose
    whole-number fields are not all positive integers: call it from ``__post_init__``.

    >>> from dataclasses import dataclass
    >>> @dataclass
    ... class Limits:
    ...     max_items: int = 10
    >>> check_bounds(Limits(max_items=True))
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: Limits.max_items must be a positive integer, not True
    """
    for bound in fields(limits):  # type: ignore[arg-type]
        if bound.type not in ("int", int):
            continue
        value = getattr(limits, bound.name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigurationError(tr("{limits}.{name} must be a positive integer, not "
                                        "{value}", limits=type(limits).__name__,
                                        name=bound.name, value=repr(value)))


class InputData(NamedTuple):
    """The bytes read and the display name of their source (``None`` for bytes given)."""

    data: bytes
    name: str | None


def size_error(error: type[VnEgovError], name: str | None, max_bytes: int,
               limit_name: str | None, size: int | None = None) -> VnEgovError:
    """The refusal of an input above *max_bytes*: the size found when it is known (bytes, a
    file), the limit's value and name, and how to raise it (*limit_name* ``None``: a fixed
    bound, such as that of configuration files).

    >>> print(size_error(InputError, "a.json", 10, "JSONLimits.max_bytes", 12))
    a.json: input has 12 bytes, above the limit of 10 (JSONLimits.max_bytes) (hint: raise ...
    >>> print(size_error(InputError, "vn-egov.toml", 10, None))
    vn-egov.toml: input is larger than 10 bytes (hint: check that it is the right file: ...
    """
    if limit_name is None:
        message = (tr("input is larger than {limit} bytes", limit=max_bytes) if size is None
                   else tr("input has {size} bytes, above the limit of {limit}", size=size,
                           limit=max_bytes))
        return error(message, source=name,
                     hint=tr("check that it is the right file: no input of this kind is "
                             "that large"))
    if size is None:
        message = tr("input is larger than {limit} bytes, the limit of {name}",
                     limit=max_bytes, name=limit_name)
    else:
        message = tr("input has {size} bytes, above the limit of {limit} ({name})",
                     size=size, limit=max_bytes, name=limit_name)
    return error(message, source=name,
                 hint=tr("raise {limit} if this size is expected", limit=limit_name))


def check_path(path: str | os.PathLike[str], *, max_bytes: int | None = None,
               limit_name: str | None = None,
               too_large: type[VnEgovError] = InputError) -> os.stat_result:
    """Return ``os.stat(path)`` for a regular file within *max_bytes*, or raise.

    Nothing is opened: a FIFO, a device, a socket, a directory, a symbolic-link loop or a
    dangling link is an :class:`~vn_egov.errors.InputError`; a file above *max_bytes* is a
    *too_large* error whose hint names *limit_name*.

    >>> check_path("/")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: /: is a directory, not a file ...
    """
    name = os.fsdecode(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise _stat_error(path, name, exc) from None
    _require_regular(info.st_mode, name)
    if max_bytes is not None and info.st_size > max_bytes:
        raise size_error(too_large, name, max_bytes, limit_name, info.st_size)
    return info


def read_input(source: InputSource, *, max_bytes: int, limit_name: str | None = None,
               too_large: type[VnEgovError] = InputError) -> InputData:
    """Read *source* whole through the gate: at most *max_bytes*, special files refused.

    *source* is bytes (returned as they are), a path (``str`` or ``os.PathLike``), ``"-"``
    for standard input, or a binary stream. Above *max_bytes* a *too_large* error is raised
    (the caller's error class: ``UnsafeXMLError`` for XML, ``UnsafeJSONError`` for JSON)
    whose hint says to raise *limit_name*.

    >>> read_input(b"12345", max_bytes=4, limit_name="ParseLimits.max_bytes")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: input has 5 bytes, above the limit of 4 (ParseLimits.max_bytes) ...
    """
    if isinstance(source, bytes | bytearray | memoryview):
        size = memoryview(source).nbytes
        if size > max_bytes:
            raise size_error(too_large, None, max_bytes, limit_name, size)
        return InputData(source if isinstance(source, bytes) else bytes(source), None)
    if isinstance(source, str) and source == STDIN:
        return InputData(_read_stdin(max_bytes, limit_name, too_large), STDIN_NAME)
    if isinstance(source, str | os.PathLike):
        return InputData(_read_path(source, max_bytes, limit_name, too_large),
                         os.fsdecode(source))
    name = _stream_name(source)
    return InputData(_read_stream(source, name, max_bytes, limit_name, too_large), name)


@contextmanager
def open_input(source: InputSource, *, max_bytes: int, limit_name: str | None = None,
               too_large: type[VnEgovError] = InputError) -> Iterator[BoundedReader]:
    """Open *source* for reading in chunks, with the checks and the bound of :func:`read_input`.

    Yields a :class:`BoundedReader`; a path is closed on exit, a stream given by the caller
    is left open.

    >>> with open_input(b"<a/>", max_bytes=100) as reader:
    ...     reader.read(2), reader.read(10), reader.name
    (b'<a', b'/>', None)
    """
    if isinstance(source, bytes | bytearray | memoryview):
        size = memoryview(source).nbytes
        if size > max_bytes:
            raise size_error(too_large, None, max_bytes, limit_name, size)
        yield BoundedReader(io.BytesIO(source), None, max_bytes, limit_name, too_large,
                            size=size)
    elif isinstance(source, str) and source == STDIN:
        _check_stdin()
        yield BoundedReader(sys.stdin.buffer, STDIN_NAME, max_bytes, limit_name, too_large)
    elif isinstance(source, str | os.PathLike):
        with _open_path(source, max_bytes, limit_name, too_large) as stream:
            yield BoundedReader(stream, os.fsdecode(source), max_bytes, limit_name, too_large,
                                size=os.fstat(stream.fileno()).st_size or None)
    else:
        name = _stream_name(source)
        _check_stream(source, name)
        yield BoundedReader(source, name, max_bytes, limit_name, too_large)


class BoundedReader:
    """A binary stream that raises once more than ``max_bytes`` were read from it.

    The bound may be tightened while reading, once the first bytes told what the input is
    (:meth:`limit`).

    >>> reader = BoundedReader(io.BytesIO(b"abcdef"), "x", 4, "limit", InputError)
    >>> reader.read(3)
    b'abc'
    >>> reader.read(3)
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: x: input is larger than 4 bytes, the limit of limit (hint: ...
    """

    def __init__(self, stream: IO[bytes], name: str | None, max_bytes: int, limit_name: str | None,
                 too_large: type[VnEgovError], *, size: int | None = None) -> None:
        self.stream = stream
        self.name = name
        self.max_bytes = max_bytes
        self.limit_name = limit_name
        self.too_large = too_large
        self.size = size  # when known (a file, bytes): named in the refusal
        self.total = 0

    def limit(self, max_bytes: int, limit_name: str | None, too_large: type[VnEgovError]) -> None:
        """Hold the rest of the input to another bound; refuse at once when the size is
        known to be above it.

        >>> reader = BoundedReader(io.BytesIO(b"{}" * 50), "x", 1000, "a", InputError, size=100)
        >>> reader.limit(10, "JSONLimits.max_bytes", InputError)
        Traceback (most recent call last):
        ...
        vn_egov.errors.InputError: x: input has 100 bytes, above the limit of 10 ...
        """
        self.max_bytes, self.limit_name, self.too_large = max_bytes, limit_name, too_large
        if self.size is not None and self.size > max_bytes:
            raise size_error(too_large, self.name, max_bytes, limit_name, self.size)
        if self.total > max_bytes:
            raise size_error(too_large, self.name, max_bytes, limit_name)

    def read_all(self, start: bytes = b"") -> bytes:
        """*start* (bytes already read) and everything left, within the bound (gathered in
        one growing buffer: no second copy)."""
        buffer = io.BytesIO()
        buffer.write(start)
        while chunk := self.read():
            buffer.write(chunk)
        return buffer.getvalue()

    def read(self, size: int = _CHUNK) -> bytes:
        """At most *size* bytes (a negative size reads a chunk); ``b""`` at the end."""
        chunk = self.stream.read(size if size >= 0 else _CHUNK)
        if not isinstance(chunk, bytes):
            raise _text_stream_error(self.name)
        self.total += len(chunk)
        if self.total > self.max_bytes:
            raise size_error(self.too_large, self.name, self.max_bytes, self.limit_name,
                             self.size if self.size is not None and self.size >= self.total
                             else None)
        return chunk


def _stream_name(stream: object) -> str | None:
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else None


def _text_stream_error(name: str | None) -> InputError:
    return InputError(tr("stream must be opened in binary mode"), source=name,
                      hint=tr("open the file with 'rb'"))


# -- paths ----------------------------------------------------------------------------------


def _stat_error(path: str | os.PathLike[str], name: str, exc: OSError) -> InputError:
    code = exc.errno
    if code == errno.ENOENT and os.path.lexists(path):
        return InputError(tr("is a symbolic link to a file that does not exist"), source=name,
                          hint=tr("fix or remove the link"))
    messages = {
        errno.ENOENT: (tr("no such file"), tr("check the path")),
        errno.ELOOP: (tr("symbolic link loop (too many levels of links)"),
                      tr("fix the link: it points back to itself")),
        errno.EACCES: (tr("permission denied"), tr("make it readable for this user")),
        errno.ENAMETOOLONG: (tr("file name too long"), tr("give a shorter path")),
        errno.ENOTDIR: (tr("a part of the path is not a folder"), tr("check the path")),
    }
    message, hint = messages.get(code or 0, (tr("cannot be read: {reason}",
                                                reason=exc.strerror or exc), None))
    return InputError(message, source=name, hint=hint)


def _require_regular(mode: int, name: str | None) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError(tr("is a directory, not a file"), source=name,
                         hint=tr("give a file, or use 'vn-egov validate DIR' to walk a folder"))
    if stat.S_ISFIFO(mode):
        kind = tr("is a named pipe (FIFO), not a regular file")
    elif stat.S_ISCHR(mode):
        kind = tr("is a character device, not a regular file")
    elif stat.S_ISBLK(mode):
        kind = tr("is a block device, not a regular file")
    elif stat.S_ISSOCK(mode):
        kind = tr("is a socket, not a regular file")
    else:
        kind = tr("is not a regular file")
    raise InputError(kind, source=name,
                     hint=tr("give a regular file; to read a stream, use '-' (standard input)"))


@contextmanager
def _open_path(path: str | os.PathLike[str], max_bytes: int, limit_name: str | None,
               too_large: type[VnEgovError]) -> Iterator[IO[bytes]]:
    name = os.fsdecode(path)
    before = check_path(path, max_bytes=max_bytes, limit_name=limit_name, too_large=too_large)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _stat_error(path, name, exc) from None
    try:
        after = os.fstat(fd)
        # The path may have been replaced between stat and open (a FIFO swapped in: opened
        # without blocking thanks to O_NONBLOCK, refused here).
        _require_regular(after.st_mode, name)
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            raise InputError(tr("the file changed while it was being opened"), source=name,
                             hint=tr("try again when nothing else writes to it"))
        if after.st_size > max_bytes:
            raise size_error(too_large, name, max_bytes, limit_name, after.st_size)
        stream = open(fd, "rb", closefd=True)  # noqa: SIM115 - closed below
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream


def _read_path(path: str | os.PathLike[str], max_bytes: int, limit_name: str | None,
               too_large: type[VnEgovError]) -> bytes:
    name = os.fsdecode(path)
    with _open_path(path, max_bytes, limit_name, too_large) as stream:
        size = os.fstat(stream.fileno()).st_size
        try:
            return _read_sized(stream, size, name, max_bytes=max_bytes, limit_name=limit_name,
                               too_large=too_large)
        except OSError as exc:
            raise InputError(tr("cannot be read: {reason}", reason=exc.strerror or exc),
                             source=name) from None


def _read_sized(stream: IO[bytes], size: int | None, name: str | None, *, max_bytes: int,
                limit_name: str | None, too_large: type[VnEgovError]) -> bytes:
    """Read a stream whose remaining size is probably *size*: one exact read, no copy.

    Files that hold more than announced (growing files, ``/proc``) are read on in chunks,
    still bounded.
    """
    buffer = io.BytesIO()  # grows in place; getvalue() hands its bytes over without a copy
    if size is not None:
        want = min(size, max_bytes) + 1
        data = stream.read(want)
        if not isinstance(data, bytes):
            raise _text_stream_error(name)
        if len(data) < want:
            return data
        buffer.write(data)
        del data
    while buffer.tell() <= max_bytes:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - buffer.tell()))
        if not isinstance(chunk, bytes):
            raise _text_stream_error(name)
        if not chunk:
            return buffer.getvalue()
        buffer.write(chunk)
    raise size_error(too_large, name, max_bytes, limit_name)


# -- streams and standard input -----------------------------------------------------------


def _check_stream(stream: IO[bytes], name: str | None) -> os.stat_result | None:
    """Refuse a stream on a device other than a terminal (``/dev/zero``, ``/dev/urandom``)."""
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None  # BytesIO and other in-memory streams
    if (stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)) and not _isatty(stream):
        _require_regular(info.st_mode, name)
    return info


def _isatty(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _remaining(stream: IO[bytes], info: os.stat_result | None) -> int | None:
    """Bytes left in *stream* when that can be known without reading (regular file, BytesIO)."""
    if isinstance(stream, io.BytesIO):
        return stream.getbuffer().nbytes - stream.tell()
    if info is None or not stat.S_ISREG(info.st_mode):
        return None
    try:
        return max(info.st_size - stream.tell(), 0)
    except (OSError, ValueError):
        return None


def _read_stream(stream: IO[bytes], name: str | None, max_bytes: int, limit_name: str | None,
                 too_large: type[VnEgovError]) -> bytes:
    info = _check_stream(stream, name)
    remaining = _remaining(stream, info)
    if remaining is not None and remaining > max_bytes:
        raise size_error(too_large, name, max_bytes, limit_name, remaining)
    return _read_sized(stream, remaining, name, max_bytes=max_bytes, limit_name=limit_name,
                       too_large=too_large)


def _check_stdin() -> os.stat_result | None:
    stdin = sys.stdin
    if stdin is None or not hasattr(stdin, "buffer"):
        raise InputError(tr("standard input is not available"), source=STDIN_NAME,
                         hint=tr("give a file instead of '-'"))
    return _check_stream(stdin.buffer, STDIN_NAME)


def _read_stdin(max_bytes: int, limit_name: str | None, too_large: type[VnEgovError]) -> bytes:
    _check_stdin()
    return _read_stream(sys.stdin.buffer, STDIN_NAME, max_bytes, limit_name, too_large)
