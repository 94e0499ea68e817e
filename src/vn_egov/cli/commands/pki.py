"""``vn-egov pki``: demonstration PKI material for tests and tutorials.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(command, ["--help"]).exit_code
0
"""

from __future__ import annotations

from pathlib import Path

import click

from vn_egov.cli._common import examples, handle_errors, writable_folder
from vn_egov.i18n import tr

__all__ = ["command"]


@examples("vn-egov pki demo -o demo-pki",)
@click.group(name="pki")
def command() -> None:
    """Demonstration PKI (fictional; never use for real signatures)."""


@examples("vn-egov pki demo -o demo-pki", "vn-egov pki demo -o demo-pki --key-type ec-p256")
@command.command(name="demo")
@click.option("-o", "--output", "directory", type=click.Path(path_type=Path),
              required=True, help="Directory to write the files into (created if needed).")
@click.option("--key-type", type=click.Choice(["rsa", "ec-p256", "ec-p384"]), default="rsa",
              show_default=True, help="Key algorithm for every certificate.")
@handle_errors
def demo(directory: Path, key_type: str) -> None:
    """Write ca.pem, chain.pem, signer-key.pem, signer-cert.pem, signer.p12, revoked-key.pem,
    revoked-cert.pem and crl.pem into DIRECTORY, and the PDF signing material: person-*.pem,
    person.p12 (the competent person) and seal-*.pem, seal.p12 (the agency seal)."""
    from vn_egov.signature.pdf.demo import signing_material, write_signing_material
    from vn_egov.signature.pki import DEMO_P12_PASSWORD, make_demo_pki

    writable_folder(directory)
    pki = make_demo_pki(directory, key_spec=key_type)  # type: ignore[arg-type]
    write_signing_material(signing_material(pki), directory)
    click.echo(tr("demo PKI written to {folder} (FICTIONAL, for tests only)", folder=directory))
    click.echo(tr("  root CA: ca.pem ({subject})", subject=pki.root.subject.rfc4514_string()))
    click.echo(tr("  issuing CA: chain.pem ({subject})",
                  subject=pki.issuing.subject.rfc4514_string()))
    click.echo(tr("  signer: signer-key.pem, signer-cert.pem, signer.p12 (password {password})",
                  password=DEMO_P12_PASSWORD.decode()))
    click.echo(tr("  revoked signer: revoked-key.pem, revoked-cert.pem (listed in crl.pem)"))
    click.echo(tr("  CRLs: crl.pem (the issuing CA's and the root's; give it with --crl)"))
    click.echo(tr("  PDF signers: person-key.pem, person-cert.pem, person.p12 (the competent "
                  "person); seal-key.pem, seal-cert.pem, seal.p12 (the agency seal); password "
                  "{password}", password=DEMO_P12_PASSWORD.decode()))
