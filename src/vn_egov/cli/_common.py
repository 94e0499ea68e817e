"""Helpers shared by the commands: output formats, error reporting, JSON printing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from vn_egov.errors import CodeError, VnEgovError
from vn_egov.i18n import tr
from vn_egov.inputs import STDIN, check_path

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "check_input_files", "cli_source",
           "echo_json", "fail", "format_option", "handle_errors"]

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


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


def echo_json(data: Any) -> None:
    """Print *data* as indented UTF-8 JSON (Vietnamese kept readable, not escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print ``vn-egov: error: message`` on stderr and exit with *code*."""
    click.echo(tr("vn-egov: error: {error}", error=message), err=True)
    sys.exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors into messages: code errors exit 1, every other error exits 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CodeError as exc:
            fail(str(exc), EXIT_FINDINGS)
        except VnEgovError as exc:
            fail(str(exc), EXIT_ERROR)

    return wrapper
