"""``vn-egov build SPEC.json [--attach FILE]... -o OUT.edxml``: write a document package."""

from __future__ import annotations

from pathlib import Path

import click

from vn_egov.cli._common import EXIT_FINDINGS, cli_source, fail, handle_errors


@click.command()
@click.argument("spec", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--attach", "attachments", multiple=True, type=click.Path(path_type=Path),
              help="A file to attach (repeatable).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--print-schema", is_flag=True, help="Print the JSON Schema of SPEC and exit.")
@click.option("--no-validate", is_flag=True,
              help="Do not validate the written package (validation parses the whole file; "
                   "writing itself streams the attachments).")
@handle_errors
def command(spec: Path, attachments: tuple[Path, ...], output: Path, print_schema: bool,
            no_validate: bool) -> None:
    """Build an edXML document package from the JSON specification SPEC ('-': standard input).

    Attachments are encoded into the output in chunks, so their size does not matter; the
    written package is then validated unless --no-validate is given.
    """
    from pydantic import ValidationError

    from vn_egov.cli._common import echo_json
    from vn_egov.edoc.spec import BuildSpec, build_spec_schema
    from vn_egov.edoc.streaming import LargeFile, stream_write
    from vn_egov.validation import check

    if print_schema:
        echo_json(build_spec_schema())
        return
    from vn_egov.errors import InputError, MalformedJSONError, UnsafeJSONError
    from vn_egov.safejson import load_json

    # The specification is untrusted input: the input gate (a FIFO or device is refused
    # unopened) and the JSON limits (depth, number sizes) apply before pydantic sees it.
    try:
        data = load_json(cli_source(spec))
    except InputError as exc:
        fail(f"cannot read {exc}")
    except (MalformedJSONError, UnsafeJSONError) as exc:
        fail(f"{spec} is not a valid build specification: {exc}", EXIT_FINDINGS)
    try:
        model = BuildSpec.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        fail(f"{spec} is not a valid build specification: {problems}", EXIT_FINDINGS)
    missing = [path for path in attachments if not path.is_file()]
    if missing:
        fail(f"cannot attach {missing[0]}: not a readable file")
    # Attachments are encoded into the output in chunks: memory does not grow with them.
    with output.open("wb") as handle:
        stream_write(model.to_package(), [LargeFile(path) for path in attachments], handle)
    if no_validate:
        click.echo(f"wrote {output} (not validated)")
        return
    report = check(output)
    for issue in report.issues:
        click.echo(issue.format(str(output)), err=True)
    click.echo(f"wrote {output} ({'valid' if report.valid else 'INVALID'})")
    if not report.valid:
        raise SystemExit(EXIT_FINDINGS)
