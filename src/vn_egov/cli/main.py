"""Entry point of ``vn-egov``: a click group that imports a command only when it runs.

Exit codes, the same for every command: 0 the input is fine; 1 the input was judged and found
wanting (invalid, malformed, untrusted, tampered, an invalid code); 2 the tool could not do its
job (usage, a missing file, configuration, an internal error). Never a count.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from typing import Any

import click

from vn_egov._version import __version__
from vn_egov.cli._common import EXIT_ERROR, error_message, examples, exit_code_for
from vn_egov.cli.i18n import language_from_argv, localize, localize_click, resolve_language
from vn_egov.errors import VnEgovError
from vn_egov.i18n import language, tr

__all__ = ["cli", "main"]


def _command_modules() -> dict[str, str]:
    import vn_egov.cli.commands as package

    return {info.name.replace("_", "-"): f"{package.__name__}.{info.name}"
            for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")}


class LazyGroup(click.Group):
    """Discovers commands by module name; imports one only when it is invoked or listed."""

    lazy_commands = True

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_command_modules())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = _command_modules().get(cmd_name)
        if module_name is None:
            return None
        command = importlib.import_module(module_name).command
        if not isinstance(command, click.Command):  # pragma: no cover - programming error
            raise TypeError(f"{module_name}.command is not a click command")
        return localize(command)


@examples("vn-egov demo", "vn-egov validate incoming/ --format github --lang vi")
@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="vn-egov")
def cli() -> None:
    """vn-egov: edXML packages, signatures, codes and public services for Vietnamese e-government.

    Exit codes: 0 the input is fine; 1 the input was judged and found wanting (invalid,
    malformed, untrusted, tampered); 2 the tool could not do its job (usage, missing file,
    configuration).
    """


localize(cli)


def _run_language(args: list[str]) -> str:
    try:
        return resolve_language(language_from_argv(args))
    except click.BadParameter:
        return resolve_language(None)  # click's own check of --lang reports the bad value


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn library errors into a message and exit 2, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    localize_click()
    with language(_run_language(args)):
        try:
            return cli.main(args=args, prog_name="vn-egov", standalone_mode=True)
        except VnEgovError as exc:
            click.echo(tr("vn-egov: error: {error}", error=error_message(exc)), err=True)
            sys.exit(exit_code_for(exc))
        except KeyboardInterrupt:  # pragma: no cover - interactive
            sys.exit(EXIT_ERROR)
        except BrokenPipeError:
            # The reader of standard output went away (``| head``): stop quietly, and keep
            # Python from failing again when it flushes standard output at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_ERROR)
        except OSError as exc:  # a file the command could not read or write
            click.echo(tr("vn-egov: error: {error}", error=error_message(exc)), err=True)
            sys.exit(EXIT_ERROR)
        except Exception as exc:
            if os.environ.get("VN_EGOV_DEBUG"):
                raise
            click.echo(tr("vn-egov: internal error: {kind}: {error}\nPlease report this with "
                          "the input that caused it (set VN_EGOV_DEBUG=1 for a traceback).",
                          kind=type(exc).__name__, error=exc), err=True)
            sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
