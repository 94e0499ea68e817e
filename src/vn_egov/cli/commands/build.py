"""``vn-egov build SPEC.json [--attach FILE]... -o OUT.edxml``: write a document package."""

from __future__ import annotations

from pathlib import Path

import click

from vn_egov.cli._common import EXIT_FINDINGS, cli_source, fail, handle_errors
from vn_egov.i18n import tr


@click.command()
@click.argument("spec", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--attach", "attachments", multiple=True, type=click.Path(path_type=Path),
              help="A file to attach (repeatable).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--print-schema", is_flag=True, help="Print the JSON Schema of SPEC and exit.")
@click.option("--compress", is_flag=True,
              help="Compress attachments as the official EdXML102 builder does (every file but "
                   "pdf, doc, docx and zip is zipped and declared application/zip).")
@click.option("--no-validate", is_flag=True,
              help="Do not validate the written package (validation parses the whole file; "
                   "writing itself streams the attachments).")
@handle_errors
def command(*, spec: Path, attachments: tuple[Path, ...], output: Path, print_schema: bool,
            compress: bool, no_validate: bool) -> None:
    """Build an edXML document package from the JSON specification SPEC ('-': standard input).

    Attachments are encoded into the output in chunks, so their size does not matter; the
    written package is then validated unless --no-validate is given.
    """
    from pydantic import ValidationError

    from vn_egov.cli._common import echo_json
    from vn_egov.edoc.builders import BuildError
    from vn_egov.edoc.spec import BuildSpec, build_spec_schema
    from vn_egov.edoc.streaming import LargeFile, stream_write
    from vn_egov.validation import check

    if print_schema:
        echo_json(build_spec_schema())
        return
    from vn_egov.errors import InputError, MalformedJSONError, UnsafeJSONError

    # The specification is untrusted input: the input gate (a FIFO or device is refused
    # unopened) and the JSON limits (depth, number sizes) apply before pydantic sees it.
    try:
        model = BuildSpec.load(cli_source(spec))
    except InputError as exc:
        fail(tr("cannot read {error}", error=exc))
    except (MalformedJSONError, UnsafeJSONError) as exc:
        fail(tr("{path} is not a valid build specification: {problems}", path=spec,
                problems=exc), EXIT_FINDINGS)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        fail(tr("{path} is not a valid build specification: {problems}", path=spec,
                problems=problems), EXIT_FINDINGS)
    missing = [path for path in attachments if not path.is_file()]
    if missing:
        fail(tr("cannot attach {path}: not a readable file", path=missing[0]))
    try:
        package = model.to_package()
    except BuildError as exc:
        fail(tr("{path}: {error}", path=spec, error=exc.message), EXIT_FINDINGS)
    # Attachments are encoded into the output in chunks: memory does not grow with them.
    with output.open("wb") as handle:
        stream_write(package, [LargeFile(path) for path in attachments], handle,
                     compress=compress)
    if no_validate:
        click.echo(tr("wrote {path} (not validated)", path=output))
        return
    report = check(output)
    for issue in report.issues:
        click.echo(issue.format(str(output)), err=True)
    click.echo(tr("wrote {path} (valid)", path=output) if report.valid
               else tr("wrote {path} (INVALID)", path=output))
    if not report.valid:
        raise SystemExit(EXIT_FINDINGS)
