"""External commands: a vendor's consumer or producer, run without a shell, with a timeout.

A command template is split with :func:`shlex.split` first and the placeholders are replaced
inside each argument afterwards, so a path with spaces stays one argument.

>>> template = CommandTemplate("my-parser --json {file}")
>>> template.placeholders
frozenset({'file'})
>>> template.render({"file": "/tmp/a b.edxml"})
('my-parser', '--json', '/tmp/a b.edxml')
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr

__all__ = ["CommandRun", "CommandTemplate", "run_command"]

#: Every placeholder a template may use.
PLACEHOLDERS = frozenset({"file", "input", "output", "trust", "intermediates", "at", "value",
                          "system", "kind", "profile", "id",
                          # connector scenarios (vn-egov conformance connector)
                          "endpoint", "system_id", "organ", "messagetype", "workdir"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: Captured output kept in results (characters).
MAX_CAPTURE = 8000


def _braced(names: list[str]) -> str:
    return ", ".join("{" + name + "}" for name in names)


@dataclass(frozen=True)
class CommandTemplate:
    """A command line with ``{placeholder}`` fields (see :data:`PLACEHOLDERS`)."""

    text: str

    def __post_init__(self) -> None:
        try:
            parts = shlex.split(self.text)
        except ValueError as exc:
            raise ConfigurationError(tr("cannot split the command {command!r}: {error}",
                                        command=self.text, error=exc),
                                     hint=tr("check the quotes in the command")) from exc
        if not parts:
            raise ConfigurationError(tr("the command is empty"),
                                     hint=tr('give a command, e.g. "my-parser {example}"',
                                             example="{file}"))
        unknown = sorted(self.placeholders - PLACEHOLDERS)
        if unknown:
            raise ConfigurationError(
                tr("unknown placeholder(s) in the command: {names}", names=_braced(unknown)),
                hint=tr("known placeholders: {names}", names=_braced(sorted(PLACEHOLDERS))))

    @property
    def placeholders(self) -> frozenset[str]:
        """The placeholder names the template uses."""
        return frozenset(_PLACEHOLDER.findall(self.text))

    def require(self, *names: str) -> None:
        """Raise :class:`ConfigurationError` unless every placeholder in *names* is used.

        >>> CommandTemplate("cat").require("file")
        Traceback (most recent call last):
        ...
        vn_egov.errors.ConfigurationError: the command must contain {file}...
        """
        missing = [name for name in names if name not in self.placeholders]
        if missing:
            raise ConfigurationError(
                tr("the command must contain {names}: {command!r}", names=_braced(missing),
                   command=self.text),
                hint=tr('e.g. --consumer "my-parser {example}"', example="{file}"))

    def render(self, values: Mapping[str, str]) -> tuple[str, ...]:
        """The argument vector with the placeholders replaced (unknown ones left as is)."""
        def fill(match: re.Match[str]) -> str:
            return values.get(match.group(1), match.group(0))

        return tuple(_PLACEHOLDER.sub(fill, part) for part in shlex.split(self.text))


@dataclass(frozen=True)
class CommandRun:
    """What a command did: exit code (``None`` on timeout), captured output, duration."""

    argv: tuple[str, ...]
    exit_code: int | None
    stdout: str
    stderr: str
    duration: float
    timed_out: bool = False


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return text if len(text) <= MAX_CAPTURE else text[:MAX_CAPTURE] + "\n[... truncated]"


def run_command(argv: tuple[str, ...], timeout: float,
                env: Mapping[str, str] | None = None) -> CommandRun:
    """Run *argv* (no shell, no stdin) and capture its output; :class:`ConfigurationError`
    when the program cannot be started at all. *env* adds environment variables.

    >>> import sys
    >>> run = run_command((sys.executable, "-c", "print('xin chào')"), timeout=30)
    >>> run.exit_code, run.stdout.strip()
    (0, 'xin chào')
    """
    started = time.perf_counter()
    try:
        completed = subprocess.run(argv, capture_output=True, timeout=timeout, check=False,
                                   stdin=subprocess.DEVNULL,
                                   env={**os.environ, **env} if env is not None else None)
    except subprocess.TimeoutExpired as exc:
        return CommandRun(argv, None, _text(exc.stdout), _text(exc.stderr),
                          time.perf_counter() - started, timed_out=True)
    except OSError as exc:
        raise ConfigurationError(tr("cannot run {program!r}: {error}", program=argv[0],
                                    error=exc.strerror or exc),
                                 hint=tr("check the program name and that it is on PATH")
                                 ) from exc
    return CommandRun(argv, completed.returncode, _text(completed.stdout),
                      _text(completed.stderr), time.perf_counter() - started)
