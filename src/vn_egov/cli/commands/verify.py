"""``vn-egov verify``: verify the XML-DSig signature of a package against trust anchors.

>>> from click.testing import CliRunner
>>> CliRunner().invoke(command, ["--help"]).exit_code
0
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vn_egov.cli._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    check_input_files,
    echo_json,
    fail,
    format_option,
    handle_errors,
)

if TYPE_CHECKING:
    from vn_egov.signature import VerificationResult

__all__ = ["command"]


@click.command(name="verify")
@click.argument("package", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True))
@click.option("--trust", "trust", type=click.Path(exists=True, path_type=Path), required=True,
              help="Trust anchors: PEM bundle, DER file or directory of certificates.")
@click.option("--intermediates", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Intermediate CA certificates (PEM bundle).")
@click.option("--crl", "crls", multiple=True, type=click.Path(exists=True, dir_okay=False,
              path_type=Path), help="CRL file (PEM or DER); repeat for several.")
@click.option("--allow-sha1", is_flag=True, help="Accept SHA-1 (legacy packages) as a warning.")
@click.option("--allow-vpcp-quirks", is_flag=True,
              help="Accept the VPCP non-standard exc-c14n URI as a warning.")
@click.option("--at", "at", metavar="ISO-TIME", help="Judge certificates at this time.")
@format_option("text", "json")
@handle_errors
def command(*, package: Path, trust: Path, intermediates: Path | None, crls: tuple[Path, ...],
            allow_sha1: bool, allow_vpcp_quirks: bool, at: str | None,
            output_format: str) -> None:
    """Verify PACKAGE. Exit 0 valid and trusted, 1 invalid/untrusted/policy, 2 usage error."""
    from vn_egov.signature import SignaturePolicy, Verifier

    when = None
    if at:
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            fail(f"--at {at!r} is not an ISO 8601 time (e.g. 2025-03-12T09:00:00+07:00)",
                 EXIT_ERROR)
    check_input_files(trust, intermediates, *crls)
    policy = SignaturePolicy.from_files(
        trust=str(trust), intermediates=str(intermediates) if intermediates else None,
        crls=[str(c) for c in crls], allow_sha1=allow_sha1,
        allow_vpcp_quirks=allow_vpcp_quirks, at=when)
    result = Verifier(policy).verify(str(package))
    if output_format == "json":
        echo_json(result.to_dict())
    else:
        _print_text(result, str(package))
    raise SystemExit(EXIT_OK if result.trusted else EXIT_FINDINGS)


def _print_text(result: VerificationResult, source: str) -> None:
    verdict = "VALID and TRUSTED" if result.trusted else "NOT ACCEPTED"
    click.echo(f"{source}: {verdict} (signature {result.crypto.value}, "
               f"certificate {result.trust.value})")
    if result.identity is not None:
        who = result.identity
        click.echo(f"  signer: {who.common_name or who.rfc4514}")
        if who.organization:
            click.echo(f"  organisation: {who.organization}")
        for kind, value in who.identifiers:
            click.echo(f"  {kind}: {value}")
    if result.algorithms is not None:
        click.echo(f"  algorithms: {result.algorithms.signature}, digests "
                   f"{', '.join(result.algorithms.digests)}")
    if result.signed_at:
        covered = "signed" if result.signed_at_covered else "claimed, not covered"
        click.echo(f"  signing time: {result.signed_at} ({covered})")
    for issue in result.issues:
        click.echo(issue.format(source))
