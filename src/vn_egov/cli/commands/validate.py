"""``vn-egov validate``: validate files, folders and globs, for people and for CI.

Exit codes: 0 when no finding reaches the failing severity, 1 when one does, 2 for usage,
configuration, input-discovery or internal errors. ``--exit-zero`` turns 1 into 0 only.
Command-line options override the configuration file (see :mod:`vn_egov.cli.config`).

>>> overrides = parse_severity_overrides(["EDX009=error"])
>>> overrides
{'EDX009': <Severity.ERROR: 'error'>}
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import EXIT_FINDINGS, EXIT_OK, examples, handle_errors
from vn_egov.cli.batch import FileResult, Plan, run_batch
from vn_egov.cli.commands.rules import load_rules
from vn_egov.cli.config import Config, SignatureConfig, load_config
from vn_egov.cli.discovery import discover
from vn_egov.cli.reporters import RunInfo, get_reporter, summary_line
from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr
from vn_egov.inputs import STDIN
from vn_egov.validation import Rule, Severity, ValidationOptions, get_profile

__all__ = ["PROGRESS_MIN_FILES", "CommandLine", "build_plan", "command", "exit_code"]

#: A progress bar is drawn (on a terminal only) from this many files on.
PROGRESS_MIN_FILES = 20
_FORMATS = ("text", "json", "junit", "sarif", "github")
_SUMMARY_FORMATS = ("text", "github")


@dataclass(frozen=True)
class CommandLine:
    """The policy options given on the command line (``None``: not given)."""

    profile: str | None = None
    strict: bool | None = None
    fail_on: Severity | None = None
    disable: tuple[str, ...] = ()
    severity: Mapping[str, Severity] | None = None
    plugins: tuple[str, ...] = ()
    verify_signature: bool = False
    trust: tuple[Path, ...] = ()
    crl: tuple[Path, ...] = ()
    allow_sha1: bool = False


def parse_severity_overrides(values: Iterable[str]) -> dict[str, Severity]:
    """Read ``RULE=LEVEL`` pairs; :class:`click.BadParameter` explains a malformed one.

    >>> parse_severity_overrides(["EDX005"])
    Traceback (most recent call last):
    ...
    click.exceptions.BadParameter: 'EDX005' is not RULE=LEVEL (e.g. EDX105=error)
    """
    result: dict[str, Severity] = {}
    for value in values:
        rule, sep, level = value.partition("=")
        if not sep or not rule.strip():
            raise click.BadParameter(tr("{value!r} is not RULE=LEVEL (e.g. EDX105=error)",
                                        value=value), param_hint="--severity")
        try:
            result[rule.strip()] = Severity.parse(level)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--severity") from None
    return result


def _signature_settings(config: SignatureConfig, cli: CommandLine) -> dict[str, Any] | None:
    verify = cli.verify_signature or config.verify
    given = [name for name, value in (("--trust", cli.trust), ("--crl", cli.crl),
                                      ("--allow-sha1", cli.allow_sha1)) if value]
    if given and not cli.verify_signature:
        raise click.UsageError(tr("{options} only apply with --verify-signature",
                                  options=", ".join(given)))
    if not verify:
        return None
    chosen = SignatureConfig(verify=True, trust=cli.trust or config.trust,
                             crl=cli.crl or config.crl,
                             allow_sha1=cli.allow_sha1 or config.allow_sha1,
                             intermediates=config.intermediates,
                             revocation=config.revocation, sender_map=config.sender_map)
    if not chosen.trust:
        raise click.UsageError(tr("--verify-signature needs at least one --trust CA.pem (or "
                                  "trust = [...] in the [signature] configuration table)"))
    for path in chosen.files():
        if not path.is_file():
            raise ConfigurationError(
                tr("signature trust anchor, CRL or sender map file not found"),
                source=str(path),
                hint=tr("check the path in the configuration (relative to the file) or on the "
                        "command line"))
    return chosen.as_settings()


def _check_rule_ids(rule_ids: Iterable[str], known: Sequence[Rule], where: str) -> None:
    ids = {rule.id for rule in known}
    unknown = sorted(set(rule_ids) - ids)
    if unknown:
        raise ConfigurationError(tr("unknown rule id(s) in {where}: {rules}", where=where,
                                    rules=", ".join(unknown)),
                                 hint=tr("'vn-egov rules' lists every rule id"))


def build_plan(config: Config, cli: CommandLine) -> tuple[Plan, list[Rule]]:
    """Merge configuration and command line into a :class:`Plan`; check every id it names.

    >>> plan, rules = build_plan(Config(), CommandLine(strict=True, disable=("XML003",)))
    >>> plan.options.threshold, sorted(plan.options.disabled_rules)
    (<Severity.WARNING: 'warning'>, ['XML003'])
    """
    plugins = tuple(dict.fromkeys((*config.plugins, *cli.plugins)))
    rules = load_rules(plugins)
    severity = {**config.severity, **(cli.severity or {})}
    disabled = frozenset((*config.disable, *cli.disable))
    _check_rule_ids(config.disable, rules, tr("'{key}' of {path}", key="disable",
                                              path=config.source))
    _check_rule_ids(config.severity, rules, tr("'{key}' of {path}", key="severity",
                                               path=config.source))
    _check_rule_ids(cli.disable, rules, "--disable")
    _check_rule_ids(cli.severity or {}, rules, "--severity")
    profile = cli.profile or config.profile
    for profile_id in {profile, *config.profiles.values()} - {None}:
        get_profile(str(profile_id))
    strict = cli.strict if cli.strict is not None else bool(config.strict)
    fail_on = cli.fail_on or (None if cli.strict is not None else config.fail_on)
    settings: dict[str, Any] = {}
    signature = _signature_settings(config.signature, cli)
    if signature is not None:
        settings["signature"] = signature
    options = ValidationOptions(strict=strict, fail_on=fail_on, severity_overrides=severity,
                                disabled_rules=disabled, settings=settings)
    # An explicit --profile applies to every file; otherwise per-glob profiles come first.
    profiles = {} if cli.profile else dict(config.profiles)
    return Plan(options=options, profile=profile, profiles=profiles, plugins=plugins), rules


def exit_code(results: Sequence[FileResult], *, exit_zero: bool = False) -> int:
    """0 when every file is valid (or *exit_zero*), else 1 — never a count.

    >>> exit_code([])
    0
    """
    if exit_zero or all(result.valid for result in results):
        return EXIT_OK
    return EXIT_FINDINGS


def _run(files: list[Path], plan: Plan, jobs: int) -> list[FileResult]:
    if len(files) >= PROGRESS_MIN_FILES and sys.stderr.isatty():
        with click.progressbar(length=len(files), label=tr("Validating"),
                               file=sys.stderr) as bar:
            return run_batch(files, plan, jobs=jobs, on_progress=bar.update)
    return run_batch(files, plan, jobs=jobs)


def _validate_stdin(paths: tuple[str, ...], plan: Plan) -> FileResult:
    """Validate standard input ('-', which must then be the only PATH)."""
    from vn_egov.errors import UnsafeXMLError
    from vn_egov.inputs import PACKAGE_MAX_BYTES, STDIN_NAME, read_input
    from vn_egov.validation import check

    if paths != (STDIN,):
        raise click.UsageError(tr("'-' (standard input) must be the only PATH"))
    data = read_input(STDIN, max_bytes=PACKAGE_MAX_BYTES, limit_name="ParseLimits.max_bytes",
                      too_large=UnsafeXMLError).data
    report = check(data, plan.profile_for(STDIN_NAME), options=plan.options,
                   source_name=STDIN_NAME)
    return FileResult.from_report(STDIN_NAME, report)


@examples("vn-egov validate incoming/ --format github",
          "vn-egov validate \"out/**/*.edxml\" --strict --format sarif > vn-egov.sarif")
@click.command(name="validate")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--profile", help="Validation profile id for every file (default: detected, "
              "or the configured glob -> profile table).")
@click.option("--format", "output_format", type=click.Choice(_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--strict/--no-strict", default=None, help="Warnings fail too.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None,
              help="Lowest failing severity (overrides --strict).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail (errors of "
              "usage or configuration still exit 2).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes (0: one per CPU; default 1).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (vn-egov.toml, or pyproject.toml with [tool.vn-egov]).")
@click.option("--disable", multiple=True, metavar="RULE", help="Do not report RULE. Repeatable.")
@click.option("--severity", "severity_values", multiple=True, metavar="RULE=LEVEL",
              help="Report RULE with another severity. Repeatable.")
@click.option("--plugin", "plugins", multiple=True, metavar="MODULE",
              help="Import MODULE first (it registers profiles or rules). Repeatable.")
@click.option("--verify-signature", is_flag=True, help="Verify XML signatures (needs --trust).")
@click.option("--trust", multiple=True, metavar="CA.pem",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trusted CA certificate (PEM). Repeatable.")
@click.option("--crl", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Certificate revocation list. Repeatable.")
@click.option("--allow-sha1", is_flag=True, help="Accept SHA-1 signatures (legacy packages; "
              "reported as a warning).")
@handle_errors
def command(*, paths: tuple[str, ...], profile: str | None, output_format: str,
            strict: bool | None, fail_on: str | None, exit_zero: bool, jobs: int | None,
            config_file: Path | None, disable: tuple[str, ...], severity_values: tuple[str, ...],
            plugins: tuple[str, ...], verify_signature: bool, trust: tuple[Path, ...],
            crl: tuple[Path, ...], allow_sha1: bool) -> None:
    """Validate PATH... (files, folders searched recursively, glob patterns, or '-' alone for
    standard input).

    Prints one finding per line (text), or a JSON, JUnit, SARIF or GitHub-annotation
    report. Exit 0: no failing finding; 1: findings fail; 2: usage or configuration error.
    """
    config = load_config(config_file)
    cli = CommandLine(profile=profile, strict=strict,
                      fail_on=Severity(fail_on) if fail_on else None, disable=disable,
                      severity=parse_severity_overrides(severity_values), plugins=plugins,
                      verify_signature=verify_signature, trust=trust, crl=crl,
                      allow_sha1=allow_sha1)
    plan, rules = build_plan(config, cli)
    if STDIN in paths:
        results = [_validate_stdin(paths, plan)]
    else:
        files = discover(paths, include=config.include, exclude=config.exclude)
        workers = jobs if jobs is not None else (config.jobs or 1)
        results = _run(files, plan, workers or os.cpu_count() or 1)
    run = RunInfo(fail_on=plan.options.threshold, rules=rules)
    click.echo(get_reporter(output_format).render(results, run), nl=False)
    if output_format in _SUMMARY_FORMATS:
        click.echo(summary_line(results), err=True)
    sys.exit(exit_code(results, exit_zero=exit_zero))
