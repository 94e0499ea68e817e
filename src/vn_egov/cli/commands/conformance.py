"""``vn-egov conformance``: run the conformance corpus against the library or a vendor command.

* ``run``: self-test of the installed library.
* ``check --consumer "CMD {file}"``: a vendor's parser or validator; exit status 0 = valid.
* ``check --producer "CMD {input} {output}"``: a vendor's producer; what it writes is validated.
* ``connector --receive "CMD" --send "CMD {file}"``: a vendor's hub connector, through the
  local hub (needs the extra ``hub``).
* ``list``: the cases of the corpus.

Exit status: 0 every case passed, 1 some case failed or errored, 2 usage or configuration
error.

>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(command, ["list", "--type", "signature"])
>>> result.exit_code, result.output.splitlines()[-1]
(0, '9 case(s), corpus ...')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import (
    EXIT_FINDINGS,
    echo_json,
    examples,
    fail,
    format_option,
    handle_errors,
    writable_file,
)
from vn_egov.i18n import tr

__all__ = ["command"]

_REPORT_FORMATS = ("text", "json", "junit", "html")
_TYPES = click.Choice(["edxml", "signature", "unit-code"])


def _corpus_option(func: Any) -> Any:
    return click.option("--corpus", type=click.Path(path_type=Path, file_okay=False),
                        default=None, help="Corpus folder (default: the shipped corpus).")(func)


def _case_option(func: Any) -> Any:
    return click.option("--case", "case_ids", multiple=True, metavar="ID",
                        help="Run only this case (repeatable).")(func)


def _output_option(func: Any) -> Any:
    return click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                        default=None, help="Write the report to FILE (summary on stdout).")(func)


def _emit(run: Any, output_format: str, output: Path | None) -> None:
    from vn_egov.conformance.reporters import render, summary_line

    if output is not None:
        writable_file(output)
    text = render(run, output_format)
    if output is None:
        click.echo(text)
    else:
        try:
            output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        except OSError as exc:
            fail(tr("cannot write the report {path}: {error}", path=output, error=exc.strerror))
        click.echo(summary_line(run))
    if not run.passed:
        raise SystemExit(EXIT_FINDINGS)


@examples("vn-egov conformance run", 'vn-egov conformance check --consumer "my-parser {file}"')
@click.group(name="conformance")
def command() -> None:
    """Conformance kit: test the library, a consumer or a producer against the corpus."""


@examples("vn-egov conformance run", "vn-egov conformance run --format junit -o report.xml")
@command.command(name="run")
@format_option(*_REPORT_FORMATS)
@_output_option
@_case_option
@click.option("--type", "types", type=_TYPES, multiple=True, help="Only cases of this type.")
@_corpus_option
@handle_errors
def run_command(output_format: str, output: Path | None, case_ids: tuple[str, ...],
                types: tuple[str, ...], corpus: Path | None) -> None:
    """Self-test: run every case through the installed vn_egov."""
    from vn_egov.conformance import load_manifest, run_library

    manifest = load_manifest(corpus)
    _emit(run_library(manifest, ids=case_ids, types=types), output_format, output)


@examples('vn-egov conformance check --consumer "java -jar parser.jar {file}"',
          'vn-egov conformance check --producer "my-builder {input} {output}"')
@command.command(name="check")
@click.option("--consumer", metavar='"CMD {file}"', default=None,
              help="Consumer command; placeholders {file}, {trust}, {at}, {value}, {system}, "
                   "{kind}, {profile}, {id}.")
@click.option("--producer", metavar='"CMD {input} {output}"', default=None,
              help="Producer command: reads the input description, writes the package.")
@click.option("--expect", type=click.Choice(["valid", "readable"]), default="valid",
              show_default=True,
              help="Consumer verdict for edXML cases: a validator (valid) or a tolerant "
                   "parser (readable).")
@click.option("--type", "case_type", type=_TYPES, default=None,
              help="Consumer case type (default: from the placeholders).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds allowed per case.")
@click.option("--keep-outputs", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Producer: keep the written packages in this folder.")
@format_option(*_REPORT_FORMATS)
@_output_option
@_case_option
@_corpus_option
@handle_errors
def check_command(  # noqa: PLR0917 - click passes one parameter per option
        consumer: str | None, producer: str | None, expect: str,
        case_type: str | None, timeout: float, keep_outputs: Path | None,
        output_format: str, output: Path | None, case_ids: tuple[str, ...],
        corpus: Path | None) -> None:
    """Check a vendor's consumer or producer command against the corpus."""
    from vn_egov.conformance import load_manifest, run_consumer, run_producer

    if (consumer is None) == (producer is None):
        fail(tr("give exactly one of --consumer or --producer"))
    manifest = load_manifest(corpus)
    if consumer is not None:
        run = run_consumer(manifest, consumer, expect="readable" if expect == "readable"
                           else "valid", timeout=timeout, ids=case_ids, case_type=case_type)
    else:
        assert producer is not None  # exactly one was given
        run = run_producer(manifest, producer, timeout=timeout, ids=case_ids,
                           keep=keep_outputs)
    _emit(run, output_format, output)


@examples('vn-egov conformance connector --receive "cx receive" --send "cx send {file}"',)
@command.command(name="connector")
@click.option("--receive", default=None, metavar='"CMD"',
              help="One receive cycle of the connector; placeholders {endpoint}, {system_id}, "
                   "{organ}, {workdir}; the secret is in VN_EGOV_HUB_SECRET.")
@click.option("--send", default=None, metavar='"CMD {file}"',
              help="Make the connector send {file} (a {messagetype} package).")
@click.option("--scenario", "scenario_ids", multiple=True, metavar="ID",
              help="Run only this scenario (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds allowed per command run.")
@format_option(*_REPORT_FORMATS)
@_output_option
@handle_errors
def connector_command(receive: str | None, send: str | None,  # noqa: PLR0917
                      scenario_ids: tuple[str, ...],
                      timeout: float, output_format: str, output: Path | None) -> None:
    """Check a vendor's hub connector through the local hub: the hub delivers packages and
    expects valid answers; the connector sends and the hub judges."""
    from vn_egov.conformance.connector import run_connector

    _emit(run_connector(receive=receive, send=send, timeout=timeout, ids=scenario_ids),
          output_format, output)


@examples("vn-egov conformance list", "vn-egov conformance list --type signature --lang vi")
@command.command(name="list")
@format_option("text", "json")
@click.option("--type", "types", type=_TYPES, multiple=True, help="Only cases of this type.")
@_corpus_option
@handle_errors
def list_command(output_format: str, types: tuple[str, ...], corpus: Path | None) -> None:
    """List the cases of the corpus (id, type, expected verdict, rules, title)."""
    from vn_egov.conformance import load_manifest

    manifest = load_manifest(corpus)
    cases = manifest.select((), types)
    if output_format == "json":
        echo_json({"corpus_version": manifest.corpus_version,
                   "cases": [case.model_dump(mode="json", exclude_defaults=True)
                             for case in cases]})
        return
    verdicts = {True: tr("valid"), False: tr("invalid")}
    width = max(len(text) for text in verdicts.values()) + 1
    for case in cases:
        verdict = verdicts[case.expected.valid]
        rules = ",".join(case.expected.rules) or "-"
        click.echo(f"{case.id:<44} {case.type:<10} {verdict:<{width}} {rules:<28} {case.title}")
    click.echo(tr("{count} case(s), corpus {version}", count=len(cases),
                  version=manifest.corpus_version))
