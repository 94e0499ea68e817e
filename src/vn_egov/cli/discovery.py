"""Turn command-line PATH arguments into a sorted list of files to validate.

Each argument is a file (always taken, whatever its name), a directory (searched
recursively for names matching the *include* patterns) or a glob, expanded here so that
quoted patterns work the same as ones the shell expanded (``**`` crosses folders).
*exclude* patterns drop files found in directories or by globs; they match the file name,
any folder name on the way, or the whole path. An argument that names nothing readable,
or matches no file, is an :class:`~vn_egov.errors.InputError`: a CI job that silently
validates nothing would always be green.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     for name in ("b.edxml", "a.xml", "sub/c.edxml", "notes.txt"):
...         path = Path(tmp, name)
...         path.parent.mkdir(exist_ok=True)
...         _ = path.write_text("<x/>")
...     [p.relative_to(tmp).as_posix() for p in discover([tmp])]
['a.xml', 'b.edxml', 'sub/c.edxml']
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from fnmatch import fnmatch
from pathlib import Path, PurePath

from vn_egov.cli.config import DEFAULT_INCLUDE
from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.inputs import check_path

__all__ = ["discover", "is_excluded"]

_GLOB_CHARS = frozenset("*?[")


def is_glob(argument: str) -> bool:
    """True when *argument* contains a glob metacharacter (``*``, ``?`` or ``[``).

    >>> is_glob("in/**/*.edxml"), is_glob("in/a.edxml")
    (True, False)
    """
    return any(char in _GLOB_CHARS for char in argument)


def is_excluded(path: PurePath, patterns: Iterable[str]) -> bool:
    """True when a pattern matches the whole path, the file name or a folder name.

    >>> is_excluded(PurePath("out/build/a.xml"), ["build"])
    True
    >>> is_excluded(PurePath("in/a.xml"), ["*.tmp.xml", "out/*"])
    False
    """
    text = path.as_posix()
    return any(fnmatch(text, pattern) or any(fnmatch(part, pattern) for part in path.parts)
               for pattern in patterns)


def discover(arguments: Sequence[str], *, include: Sequence[str] = DEFAULT_INCLUDE,
             exclude: Sequence[str] = ()) -> list[Path]:
    """The files named by *arguments*, de-duplicated and sorted by path.

    >>> discover(["/nonexistent/x.edxml"])
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: /nonexistent/x.edxml: path does not exist ...
    """
    found: set[Path] = set()
    for argument in arguments:
        matches = _expand(argument, include, exclude)
        if not matches:
            raise InputError(tr("no files matched {argument!r}", argument=argument),
                             hint=tr("files are searched with the patterns {patterns}; check "
                                     "include/exclude", patterns=", ".join(include)))
        found.update(matches)
    return sorted(found, key=lambda path: path.as_posix())


def _expand(argument: str, include: Sequence[str], exclude: Sequence[str]) -> list[Path]:
    path = Path(argument)
    if path.is_file():
        _check_readable(path)
        return [path]
    if path.is_dir():
        _check_readable(path)
        return _walk(path, include, exclude)
    if path.exists():
        raise InputError(tr("not a regular file or directory"), source=argument,
                         hint=tr("give files, directories or glob patterns"))
    if os.path.lexists(path):
        check_path(path)  # a dangling link or a link loop: the gate says which
    if not is_glob(argument):
        raise InputError(tr("path does not exist"), source=argument,
                         hint=tr("check the spelling, or quote a glob pattern"))
    files: list[Path] = []
    for match in sorted(glob.glob(argument, recursive=True)):
        candidate = Path(match)
        if candidate.is_dir():
            files.extend(_walk(candidate, include, exclude))
        elif candidate.is_file() and not is_excluded(candidate, exclude):
            _check_readable(candidate)
            files.append(candidate)
    return files


def _walk(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=_raise_walk_error):
        here = Path(root)
        # Pruning excluded folders keeps large output trees (e.g. build/) from being walked.
        dirs[:] = sorted(d for d in dirs if not is_excluded(here / d, exclude))
        for name in sorted(names):
            candidate = here / name
            if (any(fnmatch(name, pattern) for pattern in include)
                    and not is_excluded(candidate, exclude)):
                _check_readable(candidate)
                files.append(candidate)
    return files


def _raise_walk_error(error: OSError) -> None:
    raise InputError(tr("cannot read directory: {reason}", reason=error.strerror),
                     source=error.filename, hint=tr("check its permissions"))


def _check_readable(path: Path) -> None:
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        raise InputError(tr("permission denied"), source=str(path),
                         hint=tr("make it readable for the user running vn-egov"))
