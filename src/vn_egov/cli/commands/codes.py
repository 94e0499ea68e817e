"""``vn-egov codes``: validate, look up and list codes of the supported code systems.

A code system is a module with ``compact``, ``validate``, ``is_valid`` and ``format``, and
optionally ``lookup(value) -> dict`` and ``list_codes(parent) -> list[dict]`` (and
``warnings_for(value)`` for what validation tolerated). :data:`SYSTEMS` maps the names accepted on
the command line to those modules; a module is imported only when its system is used.

>>> sorted(SYSTEMS)[:3]
['agency', 'division', 'dossier']
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any, NoReturn

import click

from vn_egov.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    echo_json,
    fail,
    format_option,
    handle_errors,
)
from vn_egov.errors import CodeError, UnknownCode

__all__ = ["SYSTEMS", "command", "load_system"]

SYSTEMS: dict[str, str] = {
    "agency": "vn_egov.units.agency",
    "division": "vn_egov.units.division",
    "notation": "vn_egov.edoc.notation",
    "procedure": "vn_egov.services.codes.procedure",
    "service": "vn_egov.services.codes.service",
    "field": "vn_egov.services.codes.field",
    "dossier": "vn_egov.services.codes.dossier",
}
"""Code-system name -> module implementing the code-system protocol."""

_REQUIRED = ("compact", "validate", "is_valid", "format")


def load_system(system: str) -> ModuleType:
    """Import the module of *system*; exit 2 with a message if it is unavailable.

    >>> load_system("agency").__name__
    'vn_egov.units.agency'
    """
    module_name = SYSTEMS[system]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module_name.startswith(exc.name):
            fail(f"code system {system!r} is not available in this installation "
                 f"(module {module_name} not found)", EXIT_ERROR)
        fail(f"code system {system!r} cannot be loaded: {exc}", EXIT_ERROR)
    missing = [name for name in _REQUIRED if not callable(getattr(module, name, None))]
    if missing:
        fail(f"code system {system!r} ({module_name}) lacks {', '.join(missing)}", EXIT_ERROR)
    return module


def _optional(module: ModuleType, system: str, name: str, action: str) -> Any:
    function = getattr(module, name, None)
    if not callable(function):
        fail(f"code system {system!r} does not support {action} "
             f"({module.__name__} has no {name}())", EXIT_ERROR)
    return function


def _report_error(system: str, value: str, exc: CodeError, output_format: str) -> NoReturn:
    if output_format == "json":
        echo_json({"system": system, "input": value, "valid": False,
                   "error": exc.message, "error_type": type(exc).__name__, "hint": exc.hint})
    else:
        verdict = "unknown" if isinstance(exc, UnknownCode) else "invalid"
        click.echo(f"{verdict} {system} code {value!r}: {exc.message}")
        if exc.hint:
            click.echo(f"hint: {exc.hint}")
    raise SystemExit(EXIT_FINDINGS)


_system_argument = click.argument("system", type=click.Choice(sorted(SYSTEMS)))
_registry_option = click.option(
    "--registry", "registry_path", default=None, type=click.Path(dir_okay=False),
    help="agency only: TOML/JSON registry file to check against (instead of the built-in table).")


def _registry_kwargs(system: str, registry_path: str | None) -> dict[str, Any]:
    if registry_path is None:
        return {}
    if system != "agency":
        fail(f"--registry applies to the agency system only, not {system!r}", EXIT_ERROR)
    from vn_egov.units.registry import Registry

    return {"registry": Registry.load(registry_path)}


@click.group(name="codes")
def command() -> None:
    """Validate, look up and list agency, division, notation and service codes.

    Exit codes: 0 valid/found, 1 invalid or unknown code, 2 usage error or system unavailable.
    """


@command.command("validate")
@_system_argument
@click.argument("value")
@format_option("text", "json")
@_registry_option
@handle_errors
def validate_command(system: str, value: str, output_format: str,
                     registry_path: str | None) -> None:
    """Print the canonical form of VALUE, or why it is invalid (exit 1)."""
    module = load_system(system)
    extra = _registry_kwargs(system, registry_path)
    try:
        canonical = module.validate(value, **extra)
    except CodeError as exc:
        _report_error(system, value, exc, output_format)
    warnings_for = getattr(module, "warnings_for", None)
    warnings = list(warnings_for(value)) if callable(warnings_for) else []
    if output_format == "json":
        echo_json({"system": system, "input": value, "valid": True, "value": canonical,
                   "warnings": warnings})
        return
    click.echo(canonical)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


@command.command("lookup")
@_system_argument
@click.argument("value")
@format_option("text", "json")
@_registry_option
@handle_errors
def lookup_command(system: str, value: str, output_format: str,
                   registry_path: str | None) -> None:
    """Show what VALUE denotes (name, parent, verified flag...); exit 1 if unknown."""
    module = load_system(system)
    lookup = _optional(module, system, "lookup", "lookup")
    extra = _registry_kwargs(system, registry_path)
    try:
        entry = lookup(value, **extra)
    except CodeError as exc:
        _report_error(system, value, exc, output_format)
    if output_format == "json":
        echo_json(entry)
        return
    for key, item in entry.items():
        if item is not None and item != "":
            click.echo(f"{key}: {_text(item)}")


@command.command("list")
@_system_argument
@click.option("--parent", default=None, help="Only the children of this code.")
@format_option("text", "json")
@_registry_option
@handle_errors
def list_command(system: str, parent: str | None, output_format: str,
                 registry_path: str | None) -> None:
    """List the known codes of SYSTEM (or the children of --parent)."""
    module = load_system(system)
    list_codes = _optional(module, system, "list_codes", "listing")
    extra = _registry_kwargs(system, registry_path)
    try:
        entries = list_codes(parent, **extra)
    except CodeError as exc:
        _report_error(system, parent or "", exc, output_format)
    if output_format == "json":
        echo_json(entries)
        return
    for entry in entries:
        flags = "".join(("" if entry.get("verified", True) else "  [unverified]",
                         "  [not current]" if entry.get("current") is False else ""))
        click.echo(f"{entry['code']}\t{entry.get('name', '')}{flags}")


def _text(item: Any) -> str:
    if isinstance(item, bool):
        return "yes" if item else "no"
    return str(item)
