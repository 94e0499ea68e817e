"""``vn-egov extract PACKAGE -d DIR``: write the attachments of a package to a folder.

Attachments are decoded while the file is parsed, so memory stays bounded whatever their size.
Each file is written as the official parser hands it to the application: under its
``AttachmentName``, unzipped when it was transport-compressed (``application/zip`` with a
name that is not ``.zip``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

import click

from vn_egov.cli._common import (
    EXIT_FINDINGS,
    cli_source,
    examples,
    fail,
    handle_errors,
    writable_folder,
)
from vn_egov.cli.commands.verify import trust_options, verified_package
from vn_egov.i18n import tr


@examples("vn-egov extract incoming.edxml -d attachments/",
          "vn-egov extract incoming.edxml -d out/ --verify --trust ca.pem")
@click.command()
@click.argument("package", type=click.Path(path_type=Path, allow_dash=True))
@click.option("-d", "--directory", type=click.Path(path_type=Path), required=True,
              help="Folder to write the attachments to (created if missing).")
@click.option("--raw", is_flag=True,
              help="Keep transport-compressed attachments as transferred (the ZIP, written as "
                   "NAME.zip) instead of writing the file they hold.")
@click.option("--unzip", is_flag=True,
              help="Also unpack attachments that are ZIP archives (.zip). Documents that are "
                   "ZIP containers (.docx, .xlsx, .odt) are never unpacked.")
@click.option("--verify", is_flag=True,
              help="Verify the signature first (with the trust options) and extract only "
                   "what was signed; exit 1 when it is not valid and trusted.")
@trust_options
@handle_errors
def command(package: Path, directory: Path, raw: bool, unzip: bool, verify: bool,
            **trust: Any) -> None:
    """Extract the attachments of PACKAGE ('-': standard input) into DIRECTORY (safe names,
    never overwriting).

    Prints one line per file: path, size in bytes, SHA-256 of the content. Problems with an
    attachment are printed on standard error with their rule id, and the exit code is 1.
    """
    from vn_egov.edoc.streaming import extract_attachments
    from vn_egov.xml.text import printable

    writable_folder(directory, "-d", create=False)  # created once the package is accepted
    chosen = verified_package(cli_source(package), trust, verify)
    source: Path | str | IO[bytes] = io.BytesIO(chosen) if isinstance(chosen, bytes) else chosen
    written = extract_attachments(source, directory, raw=raw)
    if not written:
        _explain_empty(package, source)
    shown = printable(str(package))
    problems = 0
    for target, record in written:
        for rule, message in record.findings:
            click.echo(f"{shown}: {rule} {printable(message)}", err=True)
            problems += 1
        for note in record.notes:
            click.echo(f"{shown}: {printable(note)}", err=True)
        if target is None:
            continue
        as_sent = raw or not record.compressed
        size = record.encoded_size if as_sent else record.size
        digest = record.encoded_sha256 if as_sent else record.sha256
        click.echo(f"{printable(str(target))}\t{size}\t{digest}")
        if unzip and _is_archive(target):
            problems += _unpack(shown, directory, target)
    if problems:
        raise SystemExit(EXIT_FINDINGS)


def _is_archive(target: Path) -> bool:
    """A ZIP archive by name (``.zip``); never a document format that happens to be a ZIP."""
    from vn_egov.edoc.compression import extension

    return extension(target.name).lower() == "zip"


def _unpack(shown: str, directory: Path, target: Path) -> int:
    """Unpack the archive *target* through the safe ZIP reader; a refused one is a finding
    (returns 1) and leaves no folder behind."""
    from vn_egov.edoc.attachments import unpack_to
    from vn_egov.errors import ArchiveError
    from vn_egov.xml.text import printable

    try:
        _folder, members = unpack_to(target, directory)
    except ArchiveError as exc:
        click.echo(tr("{path}: {rule} {name} cannot be unpacked: {error}", path=shown,
                      rule=exc.rule, name=printable(target.name),
                      error=printable(exc.message)), err=True)
        return 1
    for path, unpacked in members:
        click.echo(f"{printable(str(path))}\t{unpacked.size}\t{unpacked.sha256}")
    return 0


def _explain_empty(package: Path, source: Path | str | IO[bytes]) -> None:
    # No attachment was streamed, so the file is small: reading it whole tells why.
    from vn_egov.edoc import StatusPackage, read

    if isinstance(source, io.BytesIO):
        source.seek(0)
    if isinstance(read(source), StatusPackage):
        fail(tr("{path} is a status package; it has no attachments", path=package), EXIT_FINDINGS)
    click.echo(tr("{path}: the document package has no attachments", path=package), err=True)
