"""``vn-egov demo [-o DIR]``: the library's main job on built-in data, step by step.

The steps are numbered 1..N in the order they run, whichever optional extras are installed
(:class:`Steps`); the library's demo flows (signing, the hub exchange) announce their steps
through it. The output folder holds a ``.gitignore`` that ignores it, so a demo run inside a
repository leaves nothing to commit.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vn_egov.cli._common import EXIT_FINDINGS, examples, handle_errors, writable_folder
from vn_egov.i18n import tr

if TYPE_CHECKING:
    from vn_egov.edoc.models import DocumentPackage
    from vn_egov.signature.pdf.demo import SigningMaterial
    from vn_egov.signature.pki import DemoPKI
    from vn_egov.validation import Report

#: The folder the demo writes to by default (ignored by the project's ``.gitignore``).
DEFAULT_OUTPUT = Path("vn-egov-demo")


class Steps:
    """Numbered headlines: each call prints ``N. text`` with the next number.

    >>> lines = []
    >>> step = Steps(lines.append)
    >>> step("first"); step("second")
    >>> lines
    ['1. first', '2. second']
    """

    def __init__(self, echo: Any = click.echo) -> None:
        self.echo = echo
        self.number = 0

    def __call__(self, text: str) -> None:
        self.number += 1
        self.echo(f"{self.number}. {text}")


@examples("vn-egov demo", "vn-egov demo -o /tmp/demo --lang vi")
@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="Folder for the files the demo writes.")
@handle_errors
def command(output: Path) -> None:
    """Build, write, validate, answer, sign and verify the edXML package of Hải Phòng's
    2016-2020 IT plan (Kế hoạch số 4547/KH-UBND), then exchange it for real through a local
    hub: the departments receive, validate and answer 03."""
    from vn_egov.edoc import read_document, write_file
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.demo import ILLUSTRATIVE_IDS, plan_package
    from vn_egov.signature.demo_flow import sign_and_verify
    from vn_egov.validation import check

    _prepare(output)
    step = Steps()
    pki, material = _pki(output, step)
    package = _signed_pdf(output, plan_package(), material, step)
    header = package.header
    step(tr("Built the document package of Kế hoạch số {code} ({date}), signed by {signer}",
            code=header.code, date=header.promulgation_info.date.strftime("%d/%m/%Y"),
            signer=header.signer_info.full_name if header.signer_info else "?"))
    click.echo(tr("   {sender} -> {count} departments; attachment {name} ({size} bytes)",
                  sender=header.sender.organ_name, count=len(header.recipients),
                  name=package.attachments[0].name, size=package.attachments[0].size))
    click.echo(tr("   note: agency codes {codes} are illustrative, not verified (Hải Phòng's "
                  "QCVN 102 code is unknown; see docs/codes.md)",
                  codes=", ".join(ILLUSTRATIVE_IDS)))
    document_path = write_file(package, output / "kh-4547-ubnd.edxml")
    ok = _validated(check(document_path), tr("Wrote {path}", path=document_path), step)
    reply = answer(read_document(document_path), "03",
                   description="Văn thư Sở: đã tiếp nhận, vào sổ văn bản đến",
                   timestamp=datetime(2015, 12, 28, 8, 30))
    status_path = write_file(reply, output / "status-03.edxml")
    ok &= _validated(check(status_path),
                     tr("Answered with status 03 (Đã tiếp nhận): {path}", path=status_path),
                     step)
    ok &= sign_and_verify(document_path, output, echo=click.echo, step=step, pki=pki)
    ok &= _exchange(document_path, output, step)
    click.echo(tr("Done.") if ok else tr("Done, with failures."))
    if not ok:
        raise SystemExit(EXIT_FINDINGS)


def _prepare(output: Path) -> None:
    """Create *output* (a file there exits 2); a folder the demo creates ignores itself."""
    created = not output.exists()
    writable_folder(output)
    if created:
        (output / ".gitignore").write_text(
            "# " + tr("written by 'vn-egov demo'; nothing here is meant to be committed")
            + "\n*\n", encoding="utf-8")


def _pki(output: Path, step: Steps) -> tuple[DemoPKI, SigningMaterial]:
    """The demo PKI: CAs, a CRL, the XML signer and the PDF signers (person, agency seal)."""
    from vn_egov.signature.pdf.demo import signing_material, write_signing_material
    from vn_egov.signature.pki import make_demo_pki

    pki = make_demo_pki(output / "pki")
    material = signing_material(pki)
    write_signing_material(material, output / "pki")
    step(tr("Created a demo PKI in {folder} (root CA, issuing CA, signers, CRL; "
            "demonstration material only, not a real CA)", folder=output / "pki"))
    return pki, material


def _signed_pdf(output: Path, package: DocumentPackage, material: SigningMaterial,
                step: Steps) -> DocumentPackage:
    """The plan's PDF, signed by the signer then by the agency seal (needs the pdf extra)."""
    from vn_egov.signature.pdf.package import pdf_available

    if not pdf_available():
        step(tr('PDF signing skipped: install the pdf extra (pip install "{extra}")',
                extra="vn-egov[pdf]"))
        return package
    from vn_egov.cli.commands.pdf import quiet_pdf_logging
    from vn_egov.signature.pdf.demo import sign_plan_attachment

    quiet_pdf_logging()
    signed = sign_plan_attachment(package, material)
    pdf_path = output / "4547-KH-UBND.signed.pdf"
    pdf_path.write_bytes(next(a.data for a in signed.attachments
                              if (a.name or "").endswith(".pdf")))
    step(tr("Generated the plan's PDF and signed it (PAdES) by the competent person, then by "
            "the agency seal: {path}", path=pdf_path))
    return signed


def _exchange(document_path: Path, output: Path, step: Steps) -> bool:
    """The hub steps, when the optional extra ``hub`` is installed."""
    try:
        from vn_egov.hub.demo_flow import exchange
    except ImportError:
        step(tr("Skipped the exchange through a hub: install vn-egov[hub]"))
        return True
    signed = output / f"{document_path.stem}.signed{document_path.suffix}"
    return exchange(signed if signed.exists() else document_path, output, echo=click.echo,
                    step=step)


def _validated(report: Report, headline: str, step: Steps) -> bool:
    from vn_egov.cli.reporters.base import plural

    verdict = tr("valid") if report.valid else tr("INVALID")
    step(headline)
    click.echo(tr("   validated with profile {profile}: {verdict}, {errors}, {warnings}",
                  profile=report.profile_id, verdict=verdict,
                  errors=plural(len(report.errors), "error"),
                  warnings=plural(len(report.warnings), "warning")))
    for issue in report.issues:
        click.echo(f"   {issue.format()}")
    return report.valid
