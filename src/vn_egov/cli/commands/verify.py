"""``vn-egov verify``: verify the XML-DSig signature of a package against trust anchors.

The trust options (:func:`trust_options`) and :func:`verified_package` are shared with
``inspect --verify`` and ``extract --verify``: every tool verifies the same way and then reads
the package from the signed content only.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(command, ["--help"]).exit_code
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

import click

from vn_egov.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    check_input_files,
    echo_json,
    examples,
    fail,
    format_option,
    handle_errors,
)
from vn_egov.i18n import tr
from vn_egov.inputs import STDIN, STDIN_NAME

if TYPE_CHECKING:
    from vn_egov.signature import SignaturePolicy, VerificationResult

__all__ = ["command", "policy_from_options", "require_verify", "trust_options",
           "verified_package"]

F = TypeVar("F", bound=Callable[..., Any])
_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_REVOCATION = ("auto", "require", "soft-fail", "off")
#: The trust options that name whom to trust: meaningless with ``--no-trust``.
_TRUST_SOURCES = {"trust": "--trust", "intermediates": "--intermediates", "crls": "--crl",
                  "sender_map": "--sender-map", "expected_sender": "--expected-sender",
                  "bind_sender": "--bind-sender"}


@overload
def trust_options(func: F, *, sender: bool = True) -> F: ...


@overload
def trust_options(func: None = None, *, sender: bool = True) -> Callable[[F], F]: ...


def trust_options(func: F | None = None, *, sender: bool = True) -> F | Callable[[F], F]:
    """The trust options of ``verify`` (``--trust`` ... ``--sender-map``), for any command;
    ``sender=False`` leaves out ``--expected-sender`` and ``--bind-sender`` (for a command
    that binds each package to its own sender)."""
    options = [
        click.option("--trust", "trust", type=click.Path(exists=True, path_type=Path),
                     help="Trust anchors: PEM bundle, DER file or directory of certificates."),
        click.option("--intermediates", type=_FILE,
                     help="Intermediate CA certificates (PEM bundle)."),
        click.option("--crl", "crls", multiple=True, type=_FILE,
                     help="CRL file (PEM or DER); repeat for several."),
        click.option("--revocation", type=click.Choice(_REVOCATION), default="auto",
                     show_default=True,
                     help="auto: check when CRLs are given; require: always; soft-fail: an "
                          "unknown status is only a warning; off: never."),
        click.option("--allow-sha1", is_flag=True,
                     help="Accept SHA-1 (legacy packages) as a warning."),
        click.option("--allow-vpcp-quirks", is_flag=True,
                     help="Accept the VPCP non-standard exc-c14n URI as a warning."),
        click.option("--at", "at", metavar="ISO-TIME", help="Judge certificates at this time."),
    ]
    if sender:
        options += [
            click.option("--expected-sender", metavar="ORGAN-ID",
                         help="The agency the package must come from: the signed From must "
                              "name it and the signer must belong to it."),
            click.option("--bind-sender", is_flag=True,
                         help="The signer must belong to the agency in the signed From."),
        ]
    options.append(click.option(
        "--sender-map", type=_FILE,
        help="TOML or JSON file mapping OrganId to certificate identifiers (MST:...) or "
             "organisation names."))

    def decorate(target: F) -> F:
        for option in reversed(options):
            target = option(target)
        return target

    return decorate(func) if func is not None else decorate


def require_verify(options: dict[str, Any], verify: bool, flag: str = "--verify") -> None:
    """Exit 2 when trust *options* are given without *verify*: they would look like a
    verification that never ran."""
    given = [name for name, value in options.items() if value not in (None, False, (), "auto")]
    if given and not verify:
        fail(tr("the trust options ({names}) only apply with {flag}",
                names=", ".join("--" + name.replace("_", "-") for name in given), flag=flag),
             EXIT_ERROR)


def policy_from_options(*, trust: Path | None, intermediates: Path | None,
                        crls: tuple[Path, ...], revocation: str, allow_sha1: bool,
                        allow_vpcp_quirks: bool, at: str | None, sender_map: Path | None,
                        bind_sender: bool = False, **_: object) -> SignaturePolicy:
    """The :class:`SignaturePolicy` the trust options describe (usage errors exit 2)."""
    from vn_egov.signature import SignaturePolicy
    from vn_egov.signature.sender import load_sender_map

    if trust is None:
        fail(tr("give the trust anchors with --trust (a CA certificate, bundle or directory), "
                "or check the signature alone with --no-trust"), EXIT_ERROR)
    when = _time(at)
    check_input_files(trust, intermediates, *crls, sender_map)
    return SignaturePolicy.from_files(
        trust=str(trust), intermediates=str(intermediates) if intermediates else None,
        crls=[str(c) for c in crls], allow_sha1=allow_sha1,
        allow_vpcp_quirks=allow_vpcp_quirks, at=when, revocation=revocation,
        bind_sender=bind_sender or sender_map is not None,
        sender_map=load_sender_map(sender_map) if sender_map is not None else {})


def _time(at: str | None) -> dt.datetime | None:
    if not at:
        return None
    try:
        return dt.datetime.fromisoformat(at)
    except ValueError:
        fail(tr("--at {value!r} is not an ISO 8601 time (e.g. 2025-03-12T09:00:00+07:00)",
                value=at), EXIT_ERROR)


def verified_package(package: Path | str, options: dict[str, Any], verify: bool
                     ) -> Path | str | bytes:
    """*package* itself without *verify*; with it, the package's signed content, after the
    trust *options* accepted its signature and signer.

    When the verdict is negative, the verification is printed and the command exits 1: the
    caller never sees content whose signature or signer the policy rejects. Trust options
    without *verify* are a usage error (they would look like a verification that never ran).
    """
    from vn_egov.signature import Verifier

    require_verify(options, verify)
    if not verify:
        return package

    result = Verifier(policy_from_options(**options)).verify(
        str(package), expected_sender=options.get("expected_sender"))
    content = result.signed_xml
    if content is None:
        _print_text(result, str(package), err=True)
        raise SystemExit(EXIT_FINDINGS)
    return content


@examples("vn-egov verify signed.edxml --trust ca.pem --crl crl.pem",
          "vn-egov verify signed.edxml --no-trust")
@click.command(name="verify")
@click.argument("package", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@trust_options
@click.option("--no-trust", is_flag=True,
              help="Check the signature alone, without trust anchors: reported as 'signature "
                   "valid, certificate not checked' (exit 0 only with this flag).")
@format_option("text", "json")
@handle_errors
def command(*, package: Path, output_format: str, no_trust: bool, **options: Any) -> None:
    """Verify the signature of PACKAGE ('-': standard input) and its signer's certificate.

    Exit 0 valid and trusted (with --no-trust: the signature is intact), 1 invalid,
    untrusted, tampered or malformed, 2 usage error.
    """
    from vn_egov.signature import Verifier

    policy = _no_trust_policy(options) if no_trust else policy_from_options(**options)
    source = _read_once(package)
    result = Verifier(policy).verify(source, expected_sender=options.get("expected_sender"))
    from vn_egov.cli.commands.pdf import quiet_pdf_logging
    from vn_egov.signature.pdf.package import verify_package_file

    quiet_pdf_logging()
    # The signed PDF attachments carry the legally binding signatures (person, agency seal),
    # read from what the XML signature covers when it was accepted.
    # With --no-trust, what an intact signature covers (its signer unknown); the file itself
    # when the signature fails, so that its attachments are still reported.
    content = result.signed_content(accept_untrusted=no_trust)
    if content is None and isinstance(source, bytes):
        content = source
    attachments = verify_package_file(package, policy, verified_xml=content)
    signed = [pdf for pdf in attachments if pdf.signatures]
    accepted = (result.signature_intact and all(pdf.intact for pdf in signed) if no_trust
                else result.trusted_valid and all(pdf.trusted for pdf in signed))
    if output_format == "json":
        echo_json({**result.to_dict(), "accepted": accepted, "trust_checked": not no_trust,
                   "attachments": [pdf.to_dict() for pdf in attachments]})
    else:
        _print_text(result, STDIN_NAME if isinstance(source, bytes) else str(package),
                    no_trust=no_trust)
        from vn_egov.signature.pdf.report import render_text

        for pdf in attachments:
            click.echo("\n".join(render_text(pdf)))
    raise SystemExit(EXIT_OK if accepted else EXIT_FINDINGS)


def _read_once(package: Path) -> Path | bytes:
    """The package path, or the bytes of standard input (read once: the XML signature and
    the PDF attachments are both verified from them)."""
    if str(package) != STDIN:
        return package
    from vn_egov.inputs import PACKAGE_MAX_BYTES, read_input

    return read_input(STDIN, max_bytes=PACKAGE_MAX_BYTES, limit_name="ParseLimits.max_bytes").data


def _no_trust_policy(options: dict[str, Any]) -> SignaturePolicy:
    """The policy of ``--no-trust``: the algorithms and keys are judged, no certificate path."""
    from vn_egov.signature import SignaturePolicy

    given = [option for name, option in _TRUST_SOURCES.items() if options.get(name)]
    if given:
        fail(tr("--no-trust checks the signature alone; it cannot be combined with {names}",
                names=", ".join(given)), EXIT_ERROR)
    return SignaturePolicy(allow_sha1=options["allow_sha1"],
                           allow_vpcp_quirks=options["allow_vpcp_quirks"],
                           at=_time(options.get("at")), revocation="off")


def _print_text(result: VerificationResult, source: str, *, err: bool = False,
                no_trust: bool = False) -> None:
    from vn_egov.signature.result import state_label

    def echo(text: str) -> None:
        click.echo(text, err=err)

    if no_trust and result.signature_intact:
        echo(tr("{source}: signature valid, certificate not checked", source=source))
    else:
        verdict = tr("VALID and TRUSTED") if result.trusted_valid else tr("NOT ACCEPTED")
        echo(tr("{source}: {verdict} (signature {crypto}, certificate {trust})", source=source,
                verdict=verdict, crypto=state_label(result.crypto.value),
                trust=state_label(result.trust.value)))
    if result.identity is not None:
        who = result.identity
        echo(tr("  signer: {name}", name=who.common_name or who.rfc4514))
        if who.organization:
            echo(tr("  organisation: {name}", name=who.organization))
        for kind, value in who.identifiers:
            echo(f"  {kind}: {value}")
    if result.sender_bound is not None:
        echo(tr("  sender: {organ} ({state})", organ=result.sender or "?",
                state=tr("the signer belongs to it") if result.sender_bound
                else tr("the signer does not belong to it")))
    if result.algorithms is not None:
        echo(tr("  algorithms: {signature}, digests {digests}",
                signature=result.algorithms.signature,
                digests=", ".join(result.algorithms.digests)))
    if result.signed_at:
        covered = (tr("covered by the signature") if result.signed_at_covered
                   else tr("claimed, not covered by the signature"))
        echo(tr("  signing time: {time} ({covered})", time=result.signed_at, covered=covered))
    for issue in result.issues:
        echo(issue.format(source))

