"""Helpers shared by the commands: exit codes, error reporting, outputs, JSON printing.

One exit-code story for every command:

* 0: the input is fine (valid, trusted, written);
* 1: the input was judged and found wanting: invalid, malformed, empty, unsafe, untrusted,
  tampered, an invalid code (:func:`exit_code_for`);
* 2: the tool could not do its job: a usage error, a missing file, a folder where a file was
  expected, a configuration, key or certificate file it cannot use, an output it cannot
  write, a hub it cannot reach.

>>> from vn_egov.errors import ConfigurationError, MalformedXMLError
>>> exit_code_for(MalformedXMLError("not well-formed")), exit_code_for(ConfigurationError("x"))
(1, 2)
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Final, NoReturn, ParamSpec, TypeVar

import click

from vn_egov.errors import (
    CodeError,
    DocumentInvalid,
    EmptyInput,
    InputError,
    InvalidSignature,
    MalformedJSONError,
    MalformedXMLError,
    PackageRejected,
    UnsafeJSONError,
    UnsafeXMLError,
    UntrustedCertificate,
    VnEgovError,
)
from vn_egov.i18n import N_, tr, translate
from vn_egov.inputs import STDIN, check_path

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "check_input_files", "cli_source",
           "echo_json", "error_message", "examples", "exit_code_for", "fail", "format_option",
           "handle_errors", "judging", "writable_file", "writable_folder"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")

#: Errors that judge the input itself: it was read and found wanting (exit 1). Every other
#: library error means the tool could not do its job (exit 2): a :class:`PolicyViolation`
#: too, which the signer raises for an algorithm or key the options asked for.
JUDGED: Final = (EmptyInput, MalformedXMLError, UnsafeXMLError, MalformedJSONError,
                 UnsafeJSONError, DocumentInvalid, InvalidSignature, UntrustedCertificate,
                 CodeError, PackageRejected)

#: What an operating-system error means, in words the reader's language has (``strerror`` is
#: the C library's English).
_OS_REASONS: Final = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.EEXIST: N_("already exists"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ENOSPC: N_("no space left on the device"),
    errno.ENAMETOOLONG: N_("the name is too long"),
}


def exit_code_for(error: BaseException) -> int:
    """1 when *error* judges the input (see :data:`JUDGED`), else 2."""
    return EXIT_FINDINGS if isinstance(error, JUDGED) else EXIT_ERROR


@contextmanager
def judging(name: str) -> Iterator[None]:
    """Around code that interprets bytes already read from *name*: an input error it raises
    (a record of the wrong shape, a payload that is not JSON) judges those bytes, so it exits
    1, and every error names *name* when it named nothing.

    >>> from click.testing import CliRunner
    >>> @click.command()
    ... def read_one() -> None:
    ...     with judging("records.json"):
    ...         raise InputError("record has no code")
    >>> result = CliRunner().invoke(read_one)
    >>> result.exit_code, result.output
    (1, 'vn-egov: error: records.json: record has no code\\n')
    """
    try:
        yield
    except VnEgovError as exc:
        exc.source = exc.source or name
        fail(error_message(exc), EXIT_FINDINGS if isinstance(exc, InputError) else
             exit_code_for(exc))


def error_message(error: BaseException) -> str:
    """One line saying what is wrong and where, without a traceback or a library's internals.

    >>> error_message(FileNotFoundError(errno.ENOENT, "No such file", "out/x.edxml"))
    'out/x.edxml: no such file or folder'
    """
    if isinstance(error, VnEgovError):
        return str(error)
    if isinstance(error, OSError):
        reason = _OS_REASONS.get(error.errno or 0)
        text = translate(reason) if reason else (error.strerror or type(error).__name__)
        return f"{error.filename}: {text}" if error.filename else text
    return str(error)


C = TypeVar("C", bound=click.Command)


def examples(*lines: str) -> Callable[[C], C]:
    """Give a command one or two example command lines, shown under "Examples" at the end of
    its ``--help`` (never wrapped, the same in every language; see
    :func:`vn_egov.cli.i18n.localize`). Apply it above ``@click.command``.

    >>> @examples("vn-egov rules --lang vi")
    ... @click.command()
    ... def rules() -> None: ...
    >>> rules.examples
    ('vn-egov rules --lang vi',)
    """

    def decorate(command: C) -> C:
        command.examples = lines  # type: ignore[attr-defined]
        return command

    return decorate


def format_option(
    *choices: str, default: str = "text"
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A ``--format`` option limited to *choices*."""
    return click.option("--format", "output_format", type=click.Choice(list(choices)),
                        default=default, show_default=True, help="Output format.")


def cli_source(path: Path) -> str | Path:
    """The source to give the input gate for a PATH argument: ``"-"`` (standard input) when
    the user typed a dash, else the path (see :mod:`vn_egov.inputs`)."""
    return STDIN if str(path) == STDIN else path


def check_input_files(*paths: Path | None) -> None:
    """Refuse a FIFO, a device, a socket or a link loop given as a file option (keys,
    certificates, CRLs) before a library reader opens it and blocks; folders are left to
    their readers."""
    for path in paths:
        if path is not None and str(path) != STDIN and not path.is_dir():
            check_path(path)


def writable_file(path: Path, option: str = "-o") -> Path:
    """*path* as the output file of *option*, checked before any work is done: not a folder,
    in a folder that exists (``-`` is standard output). Exits 2 saying how to fix it.

    >>> writable_file(Path("-"))
    PosixPath('-')
    """
    if str(path) == STDIN:
        return path
    if path.is_dir():
        fail(tr("{option} {path}: is a folder; give the name of the file to write, e.g. "
                "{example}", option=option, path=path, example=path / "out.edxml"))
    parent = path.parent
    if not parent.exists():
        fail(tr("{option} {path}: the folder {folder} does not exist; create it first or "
                "choose another", option=option, path=path, folder=parent))
    if not parent.is_dir():
        fail(tr("{option} {path}: {folder} is a file, not a folder", option=option, path=path,
                folder=parent))
    if (path.exists() and not os.access(path, os.W_OK)) or not os.access(parent, os.W_OK):
        fail(tr("{option} {path}: permission denied; choose a folder you can write to",
                option=option, path=path))
    return path


def writable_folder(path: Path, option: str = "-o", *, create: bool = True) -> Path:
    """*path* as the output folder of *option*, created when missing (with ``create=False``
    only checked, for a command that creates it once its input was accepted); exits 2 when
    it, or a folder on its way, is a file, or when it cannot be created.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     writable_folder(Path(tmp, "new", "folder")).is_dir()
    True
    """
    if path.exists() and not path.is_dir():
        fail(tr("{option} {path}: is a file, not a folder; give a folder (it is created when "
                "missing)", option=option, path=path))
    if not create:
        existing = next((folder for folder in path.parents if folder.exists()), None)
        if existing is not None and not existing.is_dir():
            fail(tr("{option} {path}: {folder} is a file, not a folder", option=option,
                    path=path, folder=existing))
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(tr("{option} {path}: cannot create the folder: {reason}", option=option,
                path=path, reason=error_message(exc)))
    return path


def echo_json(data: Any) -> None:
    """Print *data* as indented UTF-8 JSON (Vietnamese kept readable, not escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print ``vn-egov: error: message`` on stderr and exit with *code*."""
    click.echo(tr("vn-egov: error: {error}", error=message), err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library and operating-system errors into one line on stderr and the exit code of
    :func:`exit_code_for`: never a traceback for a user's mistake."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except VnEgovError as exc:
            fail(error_message(exc), exit_code_for(exc))
        except BrokenPipeError:  # the reader went away (| head): nothing to say to it
            raise
        except OSError as exc:  # an output that cannot be written, a file that vanished
            fail(error_message(exc), EXIT_ERROR)

    return wrapper
