"""``vn-egov build SPEC.json [--attach FILE]... -o OUT.edxml``: write a document package.

``--example`` prints a specification to start from and ``--print-schema`` its JSON Schema;
neither needs SPEC or ``-o``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from vn_egov.cli._common import (
    EXIT_FINDINGS,
    cli_source,
    echo_json,
    examples,
    fail,
    handle_errors,
    writable_file,
)
from vn_egov.i18n import N_, tr, translate

if TYPE_CHECKING:
    from vn_egov.edoc.models import DocumentPackage

#: Where a reader of an error learns what a specification must hold.
_SCHEMA_HINT = N_("'vn-egov build --example' prints a valid specification, "
                  "'vn-egov build --print-schema' its JSON Schema")


@examples("vn-egov build --example > spec.json",
          "vn-egov build spec.json --attach 4547-KH-UBND.pdf -o plan.edxml")
@click.command()
@click.argument("spec", type=click.Path(path_type=Path, allow_dash=True), required=False)
@click.option("--attach", "attachments", multiple=True, type=click.Path(path_type=Path),
              help="A file to attach (repeatable).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the package.")
@click.option("--example", is_flag=True, help="Print an example specification and exit.")
@click.option("--print-schema", is_flag=True, help="Print the JSON Schema of SPEC and exit.")
@click.option("--compress", is_flag=True,
              help="Compress attachments as the official EdXML102 builder does (every file but "
                   "pdf, doc, docx and zip is zipped and declared application/zip).")
@click.option("--no-validate", is_flag=True,
              help="Do not validate the written package (validation parses the whole file; "
                   "writing itself streams the attachments).")
@handle_errors
def command(*, spec: Path | None, attachments: tuple[Path, ...], output: Path | None,
            example: bool, print_schema: bool, compress: bool, no_validate: bool) -> None:
    """Build an edXML document package from the JSON specification SPEC ('-': standard input).

    Attachments are encoded into the output in chunks, so their size does not matter; the
    written package is then validated unless --no-validate is given. Exit 0 written and
    valid, 1 the specification or the package is invalid, 2 usage error.
    """
    from vn_egov.edoc.spec import build_spec_schema, example_spec

    if print_schema or example:
        echo_json(build_spec_schema() if print_schema else example_spec())
        return
    if spec is None or output is None:
        fail(tr("give the specification SPEC and the output file -o (an example: "
                "'vn-egov build --example')"))
    writable_file(output)
    missing = [path for path in attachments if not path.is_file()]
    if missing:
        fail(tr("--attach {path}: not a readable file", path=missing[0]))
    package = _package(spec)
    _write(package, attachments, output, compress=compress, validate=not no_validate)


def _package(spec: Path) -> DocumentPackage:
    """The package SPEC describes; a specification that is not one exits 1, each problem on
    its own line with the JSON path of the value."""
    from pydantic import ValidationError

    from vn_egov.cli._problems import problems
    from vn_egov.edoc.builders import BuildError
    from vn_egov.edoc.spec import BuildSpec
    from vn_egov.errors import EmptyInput, MalformedJSONError, UnsafeJSONError

    # The specification is untrusted input: the input gate (a FIFO or device is refused
    # unopened) and the JSON limits (depth, number sizes) apply before pydantic sees it.
    try:
        model = BuildSpec.load(cli_source(spec))
    except (EmptyInput, MalformedJSONError, UnsafeJSONError) as exc:
        _not_a_spec(spec, [str(exc)])
    except ValidationError as exc:
        _not_a_spec(spec, problems(exc))
    try:
        return model.to_package()
    except BuildError as exc:
        _not_a_spec(spec, exc.problems)


def _not_a_spec(spec: Path, lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(f"{spec}: {line}", err=True)
    fail(tr("{path} is not a valid build specification: {count} problem(s) (hint: {hint})",
            path=spec, count=len(lines), hint=translate(_SCHEMA_HINT)), EXIT_FINDINGS)


def _write(package: DocumentPackage, attachments: tuple[Path, ...], output: Path, *, compress: bool,
           validate: bool) -> None:
    from vn_egov.edoc.streaming import LargeFile, stream_write
    from vn_egov.validation import check

    # Attachments are encoded into the output in chunks: memory does not grow with them.
    with output.open("wb") as handle:
        stream_write(package, [LargeFile(path) for path in attachments], handle,
                     compress=compress)
    if not validate:
        click.echo(tr("wrote {path} (not validated)", path=output))
        return
    report = check(output)
    for issue in report.issues:
        click.echo(issue.format(str(output)), err=True)
    click.echo(tr("wrote {path} (valid)", path=output) if report.valid
               else tr("wrote {path} (INVALID)", path=output))
    if not report.valid:
        raise SystemExit(EXIT_FINDINGS)
