"""``vn-egov sign``: sign an edXML package (or any XML) with an enveloped XML-DSig signature.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(command, ["missing.edxml", "-o", "out.edxml"]).exit_code
2
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from vn_egov.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    check_input_files,
    cli_source,
    examples,
    fail,
    handle_errors,
    writable_file,
)
from vn_egov.errors import VnEgovError
from vn_egov.i18n import tr

__all__ = ["command"]


@examples("vn-egov sign plan.edxml --pkcs12 signer.p12 --password-env PW -o signed.edxml",
          "vn-egov sign plan.edxml --key key.pem --cert cert.pem -o signed.edxml")
@click.command(name="sign")
@click.argument("package", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Private key (PEM or DER).")
@click.option("--cert", "cert_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Signer certificate (PEM; may include the chain).")
@click.option("--chain", "chain_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Intermediate CA certificates (PEM bundle) to embed after the signer.")
@click.option("--pkcs12", "pkcs12_path", type=click.Path(dir_okay=False, path_type=Path),
              help="PKCS#12 file (.p12/.pfx) with key and certificates, instead of --key/--cert.")
@click.option("--password-env", metavar="VAR",
              help="Environment variable holding the key or PKCS#12 password.")
@click.option("--signature-method", default=None, metavar="URI",
              help="Signature method URI (default: RSA-SHA256, or ECDSA for EC keys).")
@click.option("--digest-method", default=None, metavar="URI",
              help="Digest method URI (default: SHA-256).")
@click.option("--prefix", type=click.Choice(["none", "ds"]), default="none", show_default=True,
              help="Write <Signature xmlns=...> (none) or <ds:Signature>.")
@click.option("--location", default=None,
              help="'root' or an XPath to the parent element (default: edXMLHeader).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write the signed package ('-' for standard output).")
@click.option("--no-validate", is_flag=True,
              help="Sign even when the package fails validation (by default a package that "
                   "fails its profile, e.g. edXML, is refused).")
@handle_errors
def command(*, package: Path, key_path: Path | None, cert_path: Path | None,
            chain_path: Path | None, pkcs12_path: Path | None, password_env: str | None,
            signature_method: str | None, digest_method: str | None, prefix: str,
            location: str | None, output: Path, no_validate: bool) -> None:
    """Sign PACKAGE (whole document, URI=""; '-': standard input) and write it to OUTPUT.

    The package is validated first (its profile is detected, e.g. edXML); one that fails is
    not signed unless --no-validate is given. XML that no profile describes is signed as is.

    Exit codes: 0 signed, 1 the package fails validation, 2 usage, key or input error.
    """
    from vn_egov.inputs import PACKAGE_MAX_BYTES, read_input
    from vn_egov.signature import Signer

    writable_file(output)
    check_input_files(key_path, cert_path, chain_path, pkcs12_path)
    data, name = read_input(cli_source(package), max_bytes=PACKAGE_MAX_BYTES,
                            limit_name="ParseLimits.max_bytes")
    if not no_validate:
        _refuse_invalid(data, name or str(package))

    password: bytes | None = None
    if password_env:
        value = os.environ.get(password_env)
        if value is None:
            fail(tr("environment variable {name} is not set", name=password_env), EXIT_ERROR)
        password = value.encode("utf-8")
    from vn_egov.signature.algorithms import SHA256

    digest, written_prefix = digest_method or SHA256, None if prefix == "none" else prefix
    if pkcs12_path is not None:
        if key_path or cert_path:
            fail(tr("give either --pkcs12 or --key/--cert, not both"), EXIT_ERROR)
        signer = Signer.from_pkcs12(pkcs12_path, password, signature_method=signature_method,
                                    digest_method=digest, prefix=written_prefix)
    elif key_path is not None and cert_path is not None:
        signer = Signer.from_pem(key_path, cert_path, chain_path, password=password,
                                 signature_method=signature_method, digest_method=digest,
                                 prefix=written_prefix)
    else:
        fail(tr("give --key and --cert, or --pkcs12"), EXIT_ERROR)
    try:
        signed = signer.sign(data, location=location)
    except VnEgovError as exc:  # the bytes were read here: say which file they came from
        exc.source = exc.source or name or str(package)
        raise
    if str(output) == "-":
        sys.stdout.buffer.write(signed)
    else:
        output.write_bytes(signed)
        click.echo(tr("signed {package} -> {output}", package=package, output=output), err=True)


def _refuse_invalid(data: bytes, name: str) -> None:
    """Exit 1, listing the errors, when the package fails the validation of its profile."""
    from vn_egov.validation import Severity, check

    report = check(data, source_name=name)
    if report.valid or any(issue.layer == "well-formed" for issue in report.issues):
        return  # valid; or unreadable, unsafe or without a profile: the signer says why
    errors = [issue for issue in report.issues if issue.severity is Severity.ERROR]
    for issue in errors:
        click.echo(issue.format(name), err=True)
    fail(tr("refusing to sign {path}: it fails validation ({count} error(s)); correct it, or "
            "sign anyway with --no-validate", path=name, count=len(errors)), EXIT_FINDINGS)
