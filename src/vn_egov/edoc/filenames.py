"""File names from packages, and writing files into a folder without escaping or lying.

``AttachmentName`` and ZIP member names are written by the sender. :func:`safe_file_name`
turns one into a name that is one file in one folder, on Linux, macOS and Windows alike, and
that shows what it is:

* it is never a path: ``/`` and ``\\`` (and the other characters Windows forbids,
  ``<>:"|?*``) are replaced by ``_``, visibly (``12/2025/QĐ-UBND.pdf`` becomes
  ``12_2025_QĐ-UBND.pdf``, never ``QĐ-UBND.pdf`` in two folders);
* invisible characters (controls, tabs, newlines, bidirectional overrides, zero-width
  characters: :func:`vn_egov.xml.text.invisible`) become ``_``: ``invoice\\u202efdp.exe``
  cannot pass for a PDF;
* leading dots (hidden files, ``..``), trailing dots and spaces (dropped by Windows) are
  removed; Windows device names (``CON``, ``NUL.pdf``, ``COM1``...) get a ``_`` in front;
* a name longer than the file system allows (measured in bytes of the file-system encoding:
  a 212-character Vietnamese title is about 290 bytes in UTF-8) is shortened
  deterministically: the start of the name, ``~`` and 8 hexadecimal digits of its SHA-256,
  then the extension.

:class:`TargetFolder` writes files into a folder the way extraction must: every file is
written to a new temporary file in that folder (``O_CREAT | O_EXCL | O_NOFOLLOW``: never
through a link), then linked under its final name, which never replaces anything (an
existing file, folder or symbolic link, dangling or not, keeps its name and the new file gets
``name (1).ext``); one file is open at a time; a temporary file is removed on every error.

>>> safe_file_name("12/2025/QĐ-UBND.pdf"), safe_file_name("CON.pdf"), safe_file_name("a.pdf. ")
('12_2025_QĐ-UBND.pdf', '_CON.pdf', 'a.pdf')
>>> long = safe_file_name("Quyết định " * 30 + ".pdf")
>>> len(long.encode()) <= 255, long[-13:]
(True, '~498b4d1f.pdf')
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Final

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.xml.text import invisible, printable

__all__ = ["NAME_MAX", "TargetFolder", "safe_file_name"]

#: The longest file name, in bytes, when the file system does not say (Linux, macOS, NTFS).
NAME_MAX: Final = 255
_FORBIDDEN: Final = frozenset('/\\<>:"|?*')
_DEVICES: Final = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"})
_DEFAULT_NAME: Final = "attachment"
_EXTENSION_MAX: Final = 16  # a longer "extension" is part of the name, not a type
_OPEN_NEW: Final = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
_OPEN_FOLDER: Final = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
_TEMPORARY_PREFIX: Final = ".vn-egov-"
_MAX_TRIES: Final = 10_000


def _fs_length(text: str) -> int:
    return len(os.fsencode(text))


def _split_extension(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    if dot <= 0 or len(name) - dot > _EXTENSION_MAX:
        return name, ""
    return name[:dot], name[dot:]


def _cut(text: str, budget: int) -> str:
    """The longest start of *text* within *budget* bytes, never splitting a character from
    the combining marks that follow it."""
    if _fs_length(text) <= budget:
        return text
    end = 0
    used = 0
    for index, character in enumerate(text):
        used += _fs_length(character)
        if used > budget:
            break
        if not unicodedata.combining(character):
            end = index  # a cut before this character keeps its marks with it
    else:  # pragma: no cover - the whole text fits, handled above
        return text
    return text[:end]


def _fit(name: str, max_bytes: int, *, original: str) -> str:
    """*name* shortened to *max_bytes*: its start, ``~``, 8 hex digits of the SHA-256 of
    *original*, its extension."""
    if _fs_length(name) <= max_bytes:
        return name
    stem, extension = _split_extension(name)
    digest = hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    tail = f"~{digest}{extension}"
    if _fs_length(tail) >= max_bytes:
        tail = f"~{digest}"
    return _cut(stem, max_bytes - _fs_length(tail)).rstrip(" .") + tail


def safe_file_name(name: str | None, *, max_bytes: int = NAME_MAX) -> str:
    """*name* as one safe file name of at most *max_bytes* bytes (see the module text).

    >>> safe_file_name("../../etc/passwd"), safe_file_name("invoice\\u202efdp.exe")
    ('_.._etc_passwd', 'invoice_fdp.exe')
    >>> safe_file_name("a\\tb\\nc.pdf"), safe_file_name(".."), safe_file_name(None)
    ('a_b_c.pdf', 'attachment', 'attachment')
    """
    text = name or ""
    cleaned = "".join("_" if c in _FORBIDDEN or invisible(c) else c for c in text)
    cleaned = cleaned.lstrip(". ").rstrip(". ")
    if not cleaned:
        cleaned = _DEFAULT_NAME
    if cleaned.partition(".")[0].rstrip(" ").upper() in _DEVICES:
        cleaned = "_" + cleaned
    return _fit(cleaned, max_bytes, original=text)


def numbered_name(name: str, number: int, *, max_bytes: int = NAME_MAX) -> str:
    """*name* with `` (number)`` before its extension, within *max_bytes*.

    >>> numbered_name("Tờ trình.pdf", 2)
    'Tờ trình (2).pdf'
    """
    if number == 0:
        return name
    stem, extension = _split_extension(name)
    marker = f" ({number}){extension}"
    return _cut(stem, max_bytes - _fs_length(marker)) + marker


class TargetFolder:
    """A folder to write files into safely (see the module text). The folder itself may be
    reached through a symbolic link (the caller chose it); nothing inside it is followed.

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str], *, _fd: int | None = None) -> None:
        self.path = Path(path)
        try:
            if _fd is None:
                self.path.mkdir(parents=True, exist_ok=True)
            self._fd: int | None = (_fd if _fd is not None else
                                    os.open(self.path, _OPEN_FOLDER) if _USE_DIR_FD else None)
        except OSError as exc:
            raise InputError(tr("cannot use the folder: {reason}",
                                reason=exc.strerror or exc), source=str(self.path)) from None
        self.max_bytes = self._name_max()
        #: Names that were taken by a symbolic link and therefore not used.
        self.links_met: list[str] = []

    def __enter__(self) -> TargetFolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the folder."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _name_max(self) -> int:
        try:
            found = (os.fpathconf(self._fd, "PC_NAME_MAX") if self._fd is not None
                     else os.pathconf(self.path, "PC_NAME_MAX"))
        except (OSError, ValueError, AttributeError):
            return NAME_MAX
        return min(found, NAME_MAX) if found and found > 0 else NAME_MAX

    def _dir(self) -> dict[str, int]:
        return {"dir_fd": self._fd} if self._fd is not None else {}

    def _at(self, name: str) -> str:
        return name if self._fd is not None else str(self.path / name)

    def safe_name(self, name: str | None) -> str:
        """:func:`safe_file_name` within this folder's file-system limit."""
        return safe_file_name(name, max_bytes=self.max_bytes)

    @contextmanager
    def temporary(self) -> Iterator[tuple[str, IO[bytes]]]:
        """A new, empty temporary file in the folder, open for writing: ``(name, file)``.
        It is closed on exit; on an error it is removed too."""
        name, handle = self.create_temporary()
        try:
            with handle:
                yield name, handle
        except BaseException:
            self.discard(name)
            raise

    def create_temporary(self) -> tuple[str, IO[bytes]]:
        """A new, empty temporary file in the folder, open for writing: ``(name, file)``;
        the caller closes it and :meth:`place` or :meth:`discard` it."""
        for _ in range(100):
            name = f"{_TEMPORARY_PREFIX}{secrets.token_hex(8)}.part"
            try:
                fd = os.open(self._at(name), _OPEN_NEW, 0o666, **self._dir())
            except FileExistsError:
                continue
            except OSError as exc:
                raise InputError(tr("cannot write in the folder: {reason}",
                                    reason=exc.strerror or exc), source=str(self.path)) from None
            return name, open(fd, "wb", closefd=True)
        raise InputError(tr("cannot create a temporary file in the folder"),  # pragma: no cover
                         source=str(self.path))

    @contextmanager
    def open_temporary(self, temporary: str) -> Iterator[IO[bytes]]:
        """The temporary file *temporary*, open for reading (never through a link)."""
        fd = os.open(self._at(temporary), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0), **self._dir())
        with open(fd, "rb", closefd=True) as handle:
            yield handle

    def discard(self, temporary: str) -> None:
        """Remove the temporary file *temporary* (it may be gone already)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._at(temporary), **self._dir())

    def place(self, temporary: str, name: str) -> Path:
        """Give the temporary file the first free name among *name*, ``name (1)``...; never
        replace or follow anything that exists. Returns the path written."""
        try:
            for number in range(_MAX_TRIES):
                candidate = numbered_name(name, number, max_bytes=self.max_bytes)
                if self._claim(temporary, candidate):
                    return self.path / candidate
        except OSError as exc:
            self.discard(temporary)
            raise InputError(tr("cannot write {name!r} in the folder: {reason}",
                                name=printable(name), reason=exc.strerror or exc),
                             source=str(self.path)) from None
        self.discard(temporary)  # pragma: no cover - 10,000 files of one name
        raise InputError(tr("no free name for {name!r} in the folder", name=printable(name)),
                         source=str(self.path))

    def _claim(self, temporary: str, candidate: str) -> bool:
        """Move *temporary* to *candidate* unless something has that name; True when done."""
        try:
            os.link(self._at(temporary), self._at(candidate), follow_symlinks=False,
                    **_link_dirs(self._fd))
        except FileExistsError:
            self._note_link(candidate)
            return False
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK, errno.ENOSYS):
                raise
            return self._rename_if_free(temporary, candidate)  # no hard links here (FAT...)
        os.unlink(self._at(temporary), **self._dir())
        return True

    def _rename_if_free(self, temporary: str, candidate: str) -> bool:
        if self.exists(candidate):
            self._note_link(candidate)
            return False
        os.rename(self._at(temporary), self._at(candidate), **_rename_dirs(self._fd))
        return True

    def exists(self, name: str) -> bool:
        """True when something (a file, a folder, a link, even a dangling one) is *name*."""
        try:
            os.stat(self._at(name), follow_symlinks=False, **self._dir())
        except FileNotFoundError:
            return False
        return True

    def _note_link(self, name: str) -> None:
        try:
            info = os.stat(self._at(name), follow_symlinks=False, **self._dir())
        except OSError:
            return
        if stat.S_ISLNK(info.st_mode):
            self.links_met.append(name)

    def subfolder(self, name: str) -> TargetFolder:
        """A new folder in this one, under the first free name among *name*, ``name (1)``..."""
        for number in range(_MAX_TRIES):
            candidate = numbered_name(name, number, max_bytes=self.max_bytes)
            try:
                os.mkdir(self._at(candidate), 0o777, **self._dir())
            except FileExistsError:
                self._note_link(candidate)
                continue
            except OSError as exc:
                raise InputError(tr("cannot create a folder: {reason}",
                                    reason=exc.strerror or exc), source=str(self.path)) from None
            if self._fd is None:
                return TargetFolder(self.path / candidate)
            fd = os.open(candidate, _OPEN_FOLDER | getattr(os, "O_NOFOLLOW", 0),
                         dir_fd=self._fd)  # the folder just made, never a link put there
            return TargetFolder(self.path / candidate, _fd=fd)
        raise InputError(tr("no free name for {name!r} in the folder",  # pragma: no cover
                            name=printable(name)), source=str(self.path))

    def remove_tree(self) -> None:
        """Remove this folder and what was written in it (an archive refused half-way)."""
        import shutil

        self.close()
        shutil.rmtree(self.path, ignore_errors=True)


_USE_DIR_FD: Final = os.open in os.supports_dir_fd and os.link in os.supports_dir_fd


def _link_dirs(fd: int | None) -> dict[str, int]:
    return {"src_dir_fd": fd, "dst_dir_fd": fd} if fd is not None else {}


def _rename_dirs(fd: int | None) -> dict[str, int]:
    return {"src_dir_fd": fd, "dst_dir_fd": fd} if fd is not None else {}
