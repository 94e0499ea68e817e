"""``vn-egov extract PACKAGE -d DIR``: write the attachments of a package to a folder.

Attachments are decoded while the file is parsed, so memory stays bounded whatever their size.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

import click

from vn_egov.cli._common import EXIT_FINDINGS, fail, handle_errors
from vn_egov.cli.commands.verify import trust_options, verified_package


@click.command()
@click.argument("package", type=click.Path(path_type=Path))
@click.option("-d", "--directory", type=click.Path(path_type=Path), required=True,
              help="Folder to write the attachments to (created if missing).")
@click.option("--unzip", is_flag=True, help="Also unpack attachments whose content is a ZIP.")
@click.option("--verify", is_flag=True,
              help="Verify the signature first (with the trust options) and extract only "
                   "what was signed; exit 1 when it is not valid and trusted.")
@trust_options
@handle_errors
def command(package: Path, directory: Path, unzip: bool, verify: bool, **trust: Any) -> None:
    """Extract the attachments of PACKAGE into DIRECTORY (safe names, never overwriting).

    Prints one line per file: path, size in bytes, SHA-256 of the content.
    """
    from vn_egov.edoc.attachments import sniff, unpack
    from vn_egov.edoc.streaming import extract_attachments, free_path

    chosen = verified_package(package, trust, verify)
    source: Path | IO[bytes] = io.BytesIO(chosen) if isinstance(chosen, bytes) else chosen
    written = extract_attachments(source, directory)
    if not written:
        _explain_empty(package, source)
    for target, record in written:
        click.echo(f"{target}\t{record.size}\t{record.sha256}")
        if not unzip:
            continue
        with target.open("rb") as handle:  # sniff; never load a large file just to look
            if sniff(handle.read(16)) != "zip":
                continue
        folder = free_path(directory, target.stem + ".unzipped")
        folder.mkdir()
        for member in unpack(target):
            inner = free_path(folder, member.name)
            inner.write_bytes(member.data)
            click.echo(f"{inner}\t{len(member.data)}")


def _explain_empty(package: Path, source: Path | IO[bytes]) -> None:
    # No attachment was streamed, so the file is small: reading it whole tells why.
    from vn_egov.edoc import StatusPackage, read

    if isinstance(source, io.BytesIO):
        source.seek(0)
    if isinstance(read(source), StatusPackage):
        fail(f"{package} is a status package; it has no attachments", EXIT_FINDINGS)
    click.echo(f"{package}: the document package has no attachments", err=True)
