"""``vn-egov status PACKAGE --code 03 -o OUT``: answer a document package with a status package."""

from __future__ import annotations

from pathlib import Path

import click

from vn_egov.cli._common import (
    EXIT_FINDINGS,
    cli_source,
    examples,
    fail,
    handle_errors,
    writable_file,
)
from vn_egov.edoc.codes import StatusCode
from vn_egov.i18n import tr


@examples("vn-egov status incoming.edxml --code 03 -o status-03.edxml",
          "vn-egov status in.edxml --code 02 --description \"Sai thể thức\" -o s.edxml")
@click.command()
@click.argument("package", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--code", "status_code", required=True,
              type=click.Choice([code.value for code in StatusCode]), help="Status code.")
@click.option("--description", help="Free text; defaults to the code's Vietnamese label.")
@click.option("--sender", help="OrganId of the sender; defaults to the first recipient.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write the status package.")
@handle_errors
def command(package: Path, status_code: str, description: str | None, sender: str | None,
            output: Path) -> None:
    """Write the status package that answers the document PACKAGE ('-': standard input).

    Exit 0 written, 1 PACKAGE is not a valid document package, 2 usage error.
    """
    from vn_egov.edoc import DocumentPackage, read, write_file
    from vn_egov.edoc.builders import BuildError, answer

    writable_file(output)
    document = read(cli_source(package))
    if not isinstance(document, DocumentPackage):
        fail(tr("{path} is a status package; give the document package to answer",
                path=package), EXIT_FINDINGS)
    try:
        reply = answer(document, status_code, sender=sender, description=description)
    except BuildError as exc:
        fail(exc.message, EXIT_FINDINGS)
    write_file(reply, output)
    click.echo(tr("wrote {path}: status {code} for {document_id}", path=output,
                  code=status_code, document_id=document.header.document_id))
