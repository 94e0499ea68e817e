"""``vn-egov codes``: validate, look up (by code or by name) and list codes of any code system.

Every system is a :class:`vn_egov.units.system.CodeSystem` registered in the ``vn_egov.codes``
entry-point group; systems with names (agencies, divisions) are also a
:class:`~vn_egov.units.system.Directory`. Nothing here knows a particular system except
``--registry``, which any system with a ``with_registry`` method accepts (agencies).

>>> sorted(SYSTEMS)[:3]
['agency', 'division', 'dossier']
"""

from __future__ import annotations

from typing import Any, NoReturn, Protocol, runtime_checkable

import click

from vn_egov.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    echo_json,
    examples,
    fail,
    format_option,
    handle_errors,
)
from vn_egov.errors import CodeError, UnknownCode, VnEgovError
from vn_egov.i18n import tr
from vn_egov.units.system import CodeSystem, Directory, Entry, get_system, system_names

__all__ = ["SYSTEMS", "command"]

SYSTEMS: tuple[str, ...] = tuple(system_names())
"""Names of the installed code systems (entry-point group ``vn_egov.codes``)."""


@runtime_checkable
class _RegistryBacked(Protocol):
    def with_registry(self, registry: Any) -> CodeSystem[Any]: ...


def _load(system: str, registry_path: str | None) -> CodeSystem[Any]:
    try:
        chosen = get_system(system)
        if registry_path is None:
            return chosen
        if not isinstance(chosen, _RegistryBacked):
            fail(tr("--registry applies to the agency system only, not {system!r}",
                    system=system), EXIT_ERROR)
        from vn_egov.units.registry import Registry

        return chosen.with_registry(Registry.load(registry_path))
    except VnEgovError as exc:
        fail(str(exc), EXIT_ERROR)


def _directory(chosen: CodeSystem[Any], action: str) -> Directory:
    if not isinstance(chosen, Directory):
        fail(tr("code system {system!r} has no list of known codes, so it does not support "
                "{action}; use 'vn-egov codes validate'", system=chosen.name, action=action),
             EXIT_ERROR)
    return chosen


def _report_error(system: str, value: str, exc: CodeError, output_format: str) -> NoReturn:
    if output_format == "json":
        echo_json({"system": system, "input": value, "valid": False,
                   "error": exc.message, "error_type": type(exc).__name__, "hint": exc.hint})
    elif isinstance(exc, UnknownCode):
        click.echo(tr("unknown {system} code {value!r}: {error}", system=system, value=value,
                      error=exc.message))
    else:
        click.echo(tr("invalid {system} code {value!r}: {error}", system=system, value=value,
                      error=exc.message))
    if output_format != "json" and exc.hint:
        click.echo(tr("hint: {hint}", hint=exc.hint))
    raise SystemExit(EXIT_FINDINGS)


def _text(item: Any) -> str:
    if isinstance(item, bool):
        return tr("yes") if item else tr("no")
    if isinstance(item, list):
        return ", ".join(str(part) for part in item) or "-"
    return str(item)


def _flags(data: dict[str, Any]) -> str:
    flags = []
    if data.get("verified", True) is False:
        flags.append(tr("[unverified]"))
    if data.get("current") is False:
        flags.append(tr("[not current]"))
    return "".join(f"  {flag}" for flag in flags)


def _echo_entries(entries: list[dict[str, Any]]) -> None:
    for data in entries:
        click.echo(f"{data['code']}\t{data.get('name', '')}{_flags(data)}")


_system_argument = click.argument("system", type=click.Choice(SYSTEMS))
_registry_option = click.option(
    "--registry", "registry_path", default=None, type=click.Path(dir_okay=False),
    help="agency only: TOML/JSON registry file to use instead of the built-in table.")


@examples("vn-egov codes validate notation 4547/KH-UBND --format json",
          'vn-egov codes lookup agency "Văn phòng Chính phủ"')
@click.group(name="codes")
def command() -> None:
    """Validate, look up and list agency, division, notation and service codes.

    Exit codes: 0 valid/found, 1 invalid or unknown code, 2 usage error or system unavailable.
    """


@examples("vn-egov codes validate agency 000.00.00.G22",
          "vn-egov codes validate notation 4547/KH-UBND --format json")
@command.command("validate")
@_system_argument
@click.argument("value")
@format_option("text", "json")
@_registry_option
@handle_errors
def validate_command(system: str, value: str, output_format: str,
                     registry_path: str | None) -> None:
    """Print the canonical form of VALUE (JSON: with its parsed parts), or why it is invalid.

    With --registry the code must also be listed in that registry.
    """
    chosen = _load(system, registry_path)
    try:
        canonical = chosen.validate(value)
        parts = chosen.describe(value)
        warnings = list(chosen.warnings(value))
        if registry_path is not None:
            _directory(chosen, "--registry").lookup(value)
    except CodeError as exc:
        _report_error(system, value, exc, output_format)
    if output_format == "json":
        echo_json({"system": system, "input": value, "valid": True, "value": canonical,
                   "parts": parts, "warnings": warnings})
        return
    click.echo(canonical)
    for warning in warnings:
        click.echo(tr("warning: {warning}", warning=warning), err=True)


def _find(directory: Directory, chosen: CodeSystem[Any], value: str) -> tuple[str, list[Entry]]:
    """Look *value* up as a code; if it is not a code but contains letters, search names."""
    try:
        chosen.parse(value)
    except CodeError as code_error:
        if not any(char.isalpha() for char in value):
            raise
        matches = directory.search(value)
        if matches:
            return "name", matches
        if any(char.isdigit() for char in value):
            raise  # most likely a mistyped code: its error explains more than "no name"
        raise UnknownCode(tr("no {system} entry has a name like {query!r}",
                             system=chosen.name, query=value),
                          hint=tr("search ignores case and diacritics; try part of the name, "
                                  "or list the codes with 'vn-egov codes list {system}'",
                                  system=chosen.name)) from code_error
    return "code", [directory.lookup(value)]


@examples("vn-egov codes lookup agency 000.00.00.G22",
          'vn-egov codes lookup agency "Văn phòng Chính phủ"')
@command.command("lookup")
@_system_argument
@click.argument("value")
@format_option("text", "json")
@_registry_option
@handle_errors
def lookup_command(system: str, value: str, output_format: str,
                   registry_path: str | None) -> None:
    """Show what VALUE denotes: a code, or a name to search (ranked, accent-aware)."""
    chosen = _load(system, registry_path)
    directory = _directory(chosen, "lookup")
    try:
        matched_by, found = _find(directory, chosen, value)
    except CodeError as exc:
        _report_error(system, value, exc, output_format)
    entries = [entry.to_dict() for entry in found]
    if output_format == "json":
        echo_json({"system": system, "input": value, "matched_by": matched_by,
                   "matches": entries})
        return
    if matched_by == "name":
        _echo_entries(entries)
        return
    for key, item in entries[0].items():
        if item is not None and item != "":
            click.echo(f"{key}: {_text(item)}")


@examples("vn-egov codes list agency", "vn-egov codes list division --parent 31")
@command.command("list")
@_system_argument
@click.option("--parent", default=None, help="Only the children of this code.")
@format_option("text", "json")
@_registry_option
@handle_errors
def list_command(system: str, parent: str | None, output_format: str,
                 registry_path: str | None) -> None:
    """List the top-level codes of SYSTEM, or the children of --parent."""
    chosen = _load(system, registry_path)
    directory = _directory(chosen, "listing")
    try:
        entries = [entry.to_dict() for entry in directory.children(parent)]
    except CodeError as exc:
        _report_error(system, parent or "", exc, output_format)
    if output_format == "json":
        echo_json(entries)
        return
    _echo_entries(entries)
