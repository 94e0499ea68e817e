"""The command line in Vietnamese or English: language choice, translated help, click's texts.

The language of a run comes from, in order: ``--lang``, ``lang`` in the configuration file
(``[tool.vn-egov]`` or ``vn-egov.toml``), the ``VN_EGOV_LANG`` environment variable, the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), and English.

Help texts are written in English in the command modules and translated when they are shown:
:func:`localize` gives every command and option a translating subclass of its click class, so a
command added later cannot forget it.

>>> resolve_language(None, environ={"LANG": "vi_VN.UTF-8"})
'vi'
>>> resolve_language("en", environ={"VN_EGOV_LANG": "vi"})
'en'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import click

from vn_egov.i18n import ENV_VAR, N_, Language, normalize_language, translate

__all__ = ["help_texts", "language_from_argv", "localize", "localize_click", "resolve_language"]

_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


def resolve_language(explicit: str | None, *, environ: Mapping[str, str] | None = None,
                     start: Path | None = None) -> Language:
    """The language of a CLI run (see the module docstring for the order)."""
    env = os.environ if environ is None else environ
    if explicit:
        chosen = normalize_language(explicit)
        if chosen is None:
            raise click.BadParameter(translate("{value!r}; choose vi or en", None,
                                               value=explicit), param_hint="--lang")
        return chosen
    configured = _configured_language(start)
    if configured:
        return configured
    from_env = normalize_language(env.get(ENV_VAR, ""))
    if from_env:
        return from_env
    for name in _LOCALE_VARS:
        value = env.get(name)
        if value:  # the first one set decides, as in POSIX
            return normalize_language(value) or "en"
    return "en"


def _configured_language(start: Path | None) -> Language | None:
    from vn_egov.cli.config import find_config
    from vn_egov.errors import VnEgovError

    try:
        found = find_config(start or Path.cwd())
    except VnEgovError:
        return None  # reported by the command that reads the configuration
    if found is None:
        return None
    value = found[1].get("lang")
    return normalize_language(value) if isinstance(value, str) else None


# -- translated help -------------------------------------------------------------------------


class _translated:  # noqa: N801 - used as a context manager, reads like one
    """Temporarily replace ``obj.<attribute>`` by its translation."""

    def __init__(self, obj: object, attribute: str) -> None:
        self.obj, self.attribute = obj, attribute
        self.original: str | None = getattr(obj, attribute, None)

    def __enter__(self) -> None:
        if self.original:
            setattr(self.obj, self.attribute, _translate_help(self.original))

    def __exit__(self, *_exc: object) -> None:
        setattr(self.obj, self.attribute, self.original)


def _translate_help(text: str) -> str:
    import inspect

    return translate(inspect.cleandoc(text))


def _with_translated(base: type, method: str, *attributes: str) -> Callable[..., Any]:
    original = getattr(base, method)

    def translated(self: object, *args: Any, **kwargs: Any) -> Any:
        with contextlib.ExitStack() as stack:
            for attribute in attributes:
                stack.enter_context(_translated(self, attribute))
            return original(self, *args, **kwargs)

    translated.__name__ = method
    return translated


#: The heading of the example command lines at the end of a command's help.
EXAMPLES_HEADING = N_("Examples")


def _with_examples(format_epilog: Callable[..., Any]) -> Callable[..., Any]:
    """``format_epilog`` that then writes the command's ``examples`` (see
    :func:`vn_egov.cli._common.examples`): a translated heading, the lines as they are."""

    def with_examples(self: click.Command, ctx: click.Context,
                      formatter: click.HelpFormatter) -> None:
        format_epilog(self, ctx, formatter)
        lines = getattr(self, "examples", ())
        if lines:
            with formatter.section(translate(EXAMPLES_HEADING)):
                for line in lines:
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")

    with_examples.__name__ = "format_epilog"
    return with_examples


_LOCALIZED: dict[type, type] = {}


def _localized_class(base: type) -> type:
    """A subclass of a click class whose help texts are translated when shown.

    The subclass adds methods only (no new instance layout), so an existing object can be
    given it by ``__class__`` assignment.
    """
    known = _LOCALIZED.get(base)
    if known is not None:
        return known
    namespace: dict[str, Any]
    if issubclass(base, click.Command):
        namespace = {
            "format_help_text": _with_translated(base, "format_help_text", "help"),
            "format_epilog": _with_examples(_with_translated(base, "format_epilog", "epilog")),
            "get_short_help_str": _with_translated(base, "get_short_help_str", "short_help",
                                                   "help"),
        }
    else:
        namespace = {"get_help_record": _with_translated(base, "get_help_record", "help")}
    namespace["localized"] = True
    localized = _LOCALIZED[base] = type(f"Localized{base.__name__}", (base,), namespace)
    return localized


def localize(command: click.Command) -> click.Command:
    """Give *command* and its parameters translating subclasses (idempotent); returns it."""
    if not getattr(command, "localized", False):
        command.__class__ = _localized_class(type(command))
    if not any(param.name == "lang" for param in command.params):
        command.params.append(lang_option())
    for param in command.params:
        if not getattr(param, "localized", False):
            param.__class__ = _localized_class(type(param))
    if isinstance(command, click.Group) and not hasattr(command, "lazy_commands"):
        for sub in command.commands.values():
            localize(sub)
    return command


def _set_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        from vn_egov.i18n import reset_language, set_language

        token = set_language(resolve_language(value))
        ctx.call_on_close(lambda: reset_language(token))


def lang_option() -> click.Option:
    """The ``--lang vi|en`` option every command accepts (eager: applies to its own errors)."""
    return click.Option(["--lang"], type=click.Choice(["vi", "en"]), is_eager=True,
                        expose_value=False, callback=_set_language,
                        help="Language of messages and reports (default: configuration, "
                             "VN_EGOV_LANG, then the locale).")


def language_from_argv(argv: list[str]) -> str | None:
    """The value of the last ``--lang`` before ``--`` in *argv* (applied before parsing).

    >>> language_from_argv(["validate", "--lang", "vi", "a.edxml"])
    'vi'
    """
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def help_texts(command: click.Command, ctx: click.Context,
               prefix: str = "vn-egov") -> Iterator[tuple[str, str]]:
    """Every help text of *command* and its subcommands, as ``(command path, text)``."""
    import inspect

    for text in (command.help, command.short_help, command.epilog):
        if text:
            yield prefix, inspect.cleandoc(text)
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield prefix, inspect.cleandoc(text)
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from help_texts(sub, click.Context(sub, parent=ctx), f"{prefix} {name}")


# -- click's own texts ("Usage:", "Missing argument" ...) ------------------------------------

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
                  "shell_completion", "utils")


def _click_gettext(message: str) -> str:
    return translate(message)


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


def localize_click() -> None:
    """Route click's own messages through the catalogue (CLI process only, idempotent)."""
    import importlib

    patches: dict[str, Callable[..., Any]] = {"_": _click_gettext, "ngettext": _click_ngettext}
    for name in _CLICK_MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a module of another click version
            continue
        for attribute, replacement in patches.items():
            if hasattr(module, attribute):
                setattr(module, attribute, replacement)
