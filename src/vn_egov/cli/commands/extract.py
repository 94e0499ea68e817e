"""``vn-egov extract PACKAGE -d DIR``: write the attachments of a package to a folder."""

from __future__ import annotations

from pathlib import Path

import click

from vn_egov.cli._common import fail, handle_errors


@click.command()
@click.argument("package", type=click.Path(path_type=Path))
@click.option("-d", "--directory", type=click.Path(path_type=Path), required=True,
              help="Folder to write the attachments to (created if missing).")
@click.option("--unzip", is_flag=True, help="Also unpack attachments whose content is a ZIP.")
@handle_errors
def command(package: Path, directory: Path, unzip: bool) -> None:
    """Extract the attachments of PACKAGE into DIRECTORY (safe names, never overwriting)."""
    from vn_egov.edoc import DocumentPackage, read
    from vn_egov.edoc.attachments import content_kind, safe_file_name, unpack

    document = read(package)
    if not isinstance(document, DocumentPackage):
        fail(f"{package} is a status package; it has no attachments", 1)
    directory.mkdir(parents=True, exist_ok=True)
    for attachment in document.attachments:
        target = _free_path(directory, safe_file_name(attachment.name or attachment.content_id))
        target.write_bytes(attachment.data)
        click.echo(f"{target}\t{attachment.size}\t{attachment.sha256}")
        if unzip and content_kind(attachment) == "zip":
            folder = _free_path(directory, target.stem + ".unzipped")
            folder.mkdir()
            for member in unpack(attachment):
                inner = _free_path(folder, member.name)
                inner.write_bytes(member.data)
                click.echo(f"{inner}\t{len(member.data)}")


def _free_path(directory: Path, name: str) -> Path:
    candidate = directory / name
    stem, suffix, index = candidate.stem, candidate.suffix, 1
    while candidate.exists():
        candidate = directory / f"{stem} ({index}){suffix}"
        index += 1
    return candidate
