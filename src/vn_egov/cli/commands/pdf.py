"""``vn-egov pdf``: verify and sign PAdES signatures of PDF documents (needs the ``pdf`` extra).

>>> from click.testing import CliRunner
>>> CliRunner().invoke(command, ["--help"]).exit_code
0
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    cli_source,
    echo_json,
    examples,
    fail,
    format_option,
    handle_errors,
    judging,
    writable_file,
)
from vn_egov.i18n import tr

__all__ = ["command", "quiet_pdf_logging"]

_EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _require_extra() -> None:
    try:
        importlib.import_module("pyhanko")
    except ImportError:
        fail(tr("PDF signatures need the pdf extra: pip install \"vn-egov[pdf]\""), EXIT_ERROR)
    quiet_pdf_logging()


def quiet_pdf_logging() -> None:
    """pyHanko logs every validation problem with a traceback; on the command line the findings
    say it already."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        fail(tr("--at {value!r} is not an ISO 8601 time (e.g. 2025-03-12T09:00:00+07:00)",
                value=value), EXIT_ERROR)


def _password(variable: str | None) -> bytes | None:
    if not variable:
        return None
    value = os.environ.get(variable)
    if value is None:
        fail(tr("environment variable {name} is not set", name=variable), EXIT_ERROR)
    return value.encode("utf-8")


def _read_pdf(pdf: Path) -> tuple[bytes, str]:
    """The bytes of *pdf* ('-': standard input) through the input gate, and its name."""
    from vn_egov.inputs import read_input
    from vn_egov.signature.pdf.verify import DEFAULT_MAX_BYTES

    data, name = read_input(cli_source(pdf), max_bytes=DEFAULT_MAX_BYTES)
    return data, name or str(pdf)


@examples("vn-egov pdf verify signed.pdf --trust ca.pem --agency-document",
          "vn-egov pdf sign plan.pdf --pkcs12 person.p12 --password-env PW -o s.pdf")
@click.group(name="pdf")
def command() -> None:
    """PAdES signatures of PDF documents: verify every signature, sign as a person or an agency."""


@examples("vn-egov pdf verify signed.pdf --trust ca.pem --crl crl.pem",
          "vn-egov pdf verify signed.pdf --trust ca.pem --agency-document --format json")
@command.command(name="verify")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--trust", type=click.Path(exists=True, path_type=Path), required=True,
              help="Trust anchors: PEM bundle, DER file or directory of certificates.")
@click.option("--intermediates", type=_EXISTING_FILE,
              help="Intermediate CA certificates (PEM bundle).")
@click.option("--crl", "crls", multiple=True, type=_EXISTING_FILE,
              help="CRL file (PEM or DER); repeat for several.")
@click.option("--at", "at", metavar="ISO-TIME", help="Judge certificates at this time.")
@click.option("--allow-sha1", is_flag=True, help="Accept SHA-1 (legacy documents) as a warning.")
@click.option("--allow-weak-keys", is_flag=True,
              help="Accept RSA keys under 2048 bits and EC keys under 256 bits as a warning.")
@click.option("--agency-document", is_flag=True,
              help="The PDF is issued by an agency: require a personal signature and the "
                   "agency seal.")
@click.option("--no-appearance-checks", is_flag=True,
              help="Do not report the visible-appearance findings (PDF050, PDF051).")
@format_option("text", "json")
@handle_errors
def verify(*, pdf: Path, trust: Path, intermediates: Path | None, crls: tuple[Path, ...],
           at: str | None, allow_sha1: bool, allow_weak_keys: bool, agency_document: bool,
           no_appearance_checks: bool, output_format: str) -> None:
    """Verify every signature of PDF ('-': standard input).

    Exit 0 all valid and trusted, 1 otherwise (unsigned, invalid, untrusted, not a PDF), 2
    usage error.
    """
    _require_extra()
    from vn_egov.signature.pdf.report import render_text
    from vn_egov.signature.pdf.verify import PdfVerifier
    from vn_egov.signature.policy import SignaturePolicy

    policy = SignaturePolicy.from_files(
        trust=str(trust), intermediates=str(intermediates) if intermediates else None,
        crls=[str(path) for path in crls], allow_sha1=allow_sha1,
        allow_weak_keys=allow_weak_keys, at=_time(at))
    data, name = _read_pdf(pdf)
    result = PdfVerifier(policy, agency_document=agency_document,
                         appearance_checks=not no_appearance_checks).verify(data, name=name)
    if output_format == "json":
        echo_json(result.to_dict())
    else:
        click.echo("\n".join(render_text(result)))
    raise SystemExit(EXIT_OK if result.trusted else EXIT_FINDINGS)


def _box(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        x1, y1, x2, y2 = (float(part) for part in value.split(","))
    except ValueError:
        fail(tr("--box {value!r} is not four numbers x1,y1,x2,y2 (points)", value=value),
             EXIT_ERROR)
    return (x1, y1, x2, y2)


def _plugin(spec: str) -> Any:
    module_name, _, attribute = spec.partition(":")
    try:
        target = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        fail(tr("cannot load the external signer {spec!r}: {error}", spec=spec, error=exc),
             EXIT_ERROR)
    return target() if isinstance(target, type) else target


@examples("vn-egov pdf sign plan.pdf --pkcs12 person.p12 --password-env PW -o s.pdf",
          "vn-egov pdf sign s.pdf --pkcs12 seal.p12 --password-env PW --visible -o o.pdf")
@command.command(name="sign")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Where to write the signed PDF.")
@click.option("--key", "key_path", type=_EXISTING_FILE, help="Private key (PEM or DER).")
@click.option("--cert", "cert_path", type=_EXISTING_FILE,
              help="Signer certificate (PEM; may include the chain).")
@click.option("--chain", "chain_path", type=_EXISTING_FILE,
              help="Intermediate CA certificates (PEM bundle) to embed after the signer.")
@click.option("--pkcs12", "pkcs12_path", type=_EXISTING_FILE,
              help="PKCS#12 file (.p12/.pfx) with key and certificates, instead of --key/--cert.")
@click.option("--external", metavar="MODULE:NAME",
              help="External signer (HSM, USB token, remote service): an object or class "
                   "implementing vn_egov.signature.ExternalSigner; with --cert.")
@click.option("--password-env", metavar="VAR",
              help="Environment variable holding the key or PKCS#12 password.")
@click.option("--role", type=click.Choice(["personal", "agency-seal"]),
              help="Sign as the competent person or as the agency seal (default: from the "
                   "certificate).")
@click.option("--level", type=click.Choice(["B-B", "B-T", "B-LT", "B-LTA"]), default="B-B",
              show_default=True, help="PAdES baseline level.")
@click.option("--tsa", "tsa_url", metavar="URL",
              help="RFC 3161 timestamp authority (needed from B-T on).")
@click.option("--trust", type=click.Path(exists=True, path_type=Path),
              help="Trust anchors of the signer's path (needed for B-LT and B-LTA).")
@click.option("--crl", "crls", multiple=True, type=_EXISTING_FILE,
              help="CRL to embed for B-LT (PEM or DER); repeat for several.")
@click.option("--fetch-revocation", is_flag=True,
              help="B-LT: fetch CRLs and OCSP responses from the certificates' addresses.")
@click.option("--visible", is_flag=True, help="Show the signature on the page (NĐ 30/2020).")
@click.option("--page", type=int, default=-1, show_default=True,
              help="Page of the visible signature (1 = first, -1 = last).")
@click.option("--box", metavar="X1,Y1,X2,Y2",
              help="Rectangle of the visible signature in points (default: NĐ 30/2020 place).")
@click.option("--image", type=_EXISTING_FILE,
              help="PNG image: the handwritten signature or the agency seal.")
@click.option("--text", help="Text block of the appearance; {time} is the signing time "
                             "(default for a seal: agency name and time).")
@click.option("--agency-name", help="Agency name in the seal's text (default: the certificate "
                                    "organisation).")
@click.option("--digitised", is_flag=True,
              help="Digitised paper document: the seal goes top right on the first page.")
@click.option("--field", "field_name", help="Signature field name (default: a new field).")
@click.option("--reason", help="Reason recorded in the signature.")
@click.option("--location", help="Place recorded in the signature.")
@handle_errors
def sign(*, pdf: Path, output: Path, key_path: Path | None, cert_path: Path | None,
         chain_path: Path | None, pkcs12_path: Path | None, external: str | None,
         password_env: str | None, role: str | None, level: str, tsa_url: str | None,
         trust: Path | None, crls: tuple[Path, ...], fetch_revocation: bool, visible: bool,
         page: int, box: str | None, image: Path | None, text: str | None,
         agency_name: str | None, digitised: bool, field_name: str | None,
         reason: str | None, location: str | None) -> None:
    """Sign PDF ('-': standard input) as PAdES and write OUTPUT.

    Exit 0 signed, 1 PDF is not a readable PDF document, 2 usage, key or certificate error.
    """
    _require_extra()
    writable_file(output)
    from vn_egov.signature.certificates import load_certificates
    from vn_egov.signature.pdf.appearance import VisibleSignature
    from vn_egov.signature.pdf.result import SignerRole
    from vn_egov.signature.pdf.sign import PdfSigner
    from vn_egov.signature.policy import SignaturePolicy

    options: dict[str, Any] = {
        "level": level, "tsa_url": tsa_url, "fetch_revocation": fetch_revocation,
        "role": SignerRole(role.replace("-", "_")) if role else None,
        "policy": SignaturePolicy.from_files(trust=str(trust), crls=[str(c) for c in crls])
        if trust else None}
    password = _password(password_env)
    if sum(bool(choice) for choice in (pkcs12_path, key_path, external)) != 1:
        fail(tr("give exactly one of --key (with --cert), --pkcs12 or --external"), EXIT_ERROR)
    if pkcs12_path is not None:
        signer = PdfSigner.from_pkcs12(pkcs12_path, password, **options)
    elif cert_path is None:
        fail(tr("--key and --external need --cert"), EXIT_ERROR)
    elif key_path is not None:
        signer = PdfSigner.from_pem(key_path, cert_path, chain_path, password=password,
                                    **options)
    else:
        chain = (*load_certificates(cert_path),
                 *(load_certificates(chain_path) if chain_path else ()))
        signer = PdfSigner(_plugin(str(external)), chain, **options)
    appearance = VisibleSignature(page=page, box=_box(box), image=image, text=text,
                                  digitised=digitised) if visible else None
    data, name = _read_pdf(pdf)
    if b"%PDF-" not in data[:1024]:  # ISO 32000: the header, within the first 1024 bytes
        fail(tr("{path}: not a PDF document (no %PDF- header at its start)", path=name),
             EXIT_FINDINGS)
    with judging(name):
        signed = signer.sign(data, field_name=field_name, visible=appearance, reason=reason,
                             location=location, agency_name=agency_name)
    output.write_bytes(signed)
    click.echo(tr("signed {source} -> {target} (PAdES {level}, {role})", source=pdf,
                  target=output, level=level, role=signer.signer_role().value), err=True)
