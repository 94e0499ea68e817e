"""``vn-egov demo [-o DIR]``: the library's main job on built-in data, step by step."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vn_egov.cli._common import EXIT_FINDINGS, handle_errors
from vn_egov.i18n import tr

if TYPE_CHECKING:
    from vn_egov.validation import Report


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("vn-egov-demo"),
              show_default=True, help="Folder for the files the demo writes.")
@handle_errors
def command(output: Path) -> None:
    """Build, write, validate, answer, sign and verify the edXML package of Hải Phòng's
    2016-2020 IT plan (Kế hoạch số 4547/KH-UBND), then exchange it for real through a local
    hub: the departments receive, validate and answer 03."""
    from vn_egov.edoc import read_document, write_file
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.demo import ILLUSTRATIVE_IDS, plan_package
    from vn_egov.validation import check

    output.mkdir(parents=True, exist_ok=True)
    package = plan_package()
    pki = _signed_pdf_step(output, package)
    if pki is not None:
        package = pki[1]
    header = package.header
    click.echo(tr("1. Built the document package of Kế hoạch số {code} ({date}), signed by "
                  "{signer}", code=header.code,
                  date=header.promulgation_info.date.strftime("%d/%m/%Y"),
                  signer=header.signer_info.full_name if header.signer_info else "?"))
    click.echo(tr("   {sender} -> {count} departments; attachment {name} ({size} bytes)",
                  sender=header.sender.organ_name, count=len(header.recipients),
                  name=package.attachments[0].name, size=package.attachments[0].size))
    click.echo(tr("   note: agency codes {codes} are illustrative, not verified (Hải Phòng's "
                  "QCVN 102 code is unknown; see docs/codes.md)",
                  codes=", ".join(ILLUSTRATIVE_IDS)))
    document_path = write_file(package, output / "kh-4547-ubnd.edxml")
    ok = _validated(check(document_path), tr("2. Wrote {path}", path=document_path))
    reply = answer(read_document(document_path), "03",
                   description="Văn thư Sở: đã tiếp nhận, vào sổ văn bản đến",
                   timestamp=datetime(2015, 12, 28, 8, 30))
    status_path = write_file(reply, output / "status-03.edxml")
    ok &= _validated(check(status_path),
                     tr("3. Answered with status 03 (Đã tiếp nhận): {path}", path=status_path))
    from vn_egov.signature.demo_flow import sign_and_verify

    ok &= sign_and_verify(document_path, output, echo=click.echo,
                          pki=pki[0].pki if pki is not None else None)
    ok &= _exchange(document_path, output)
    click.echo(tr("Done.") if ok else tr("Done, with failures."))
    if not ok:
        raise SystemExit(EXIT_FINDINGS)


def _exchange(document_path: Path, output: Path) -> bool:
    """The hub steps (7-10), when the optional extra ``hub`` is installed."""
    try:
        from vn_egov.hub.demo_flow import exchange
    except ImportError:
        click.echo(tr("7. Skipped the exchange through a hub: install vn-egov[hub]"))
        return True
    signed = output / f"{document_path.stem}.signed{document_path.suffix}"
    return exchange(signed if signed.exists() else document_path, output, echo=click.echo,
                    first_step=7)


def _signed_pdf_step(output: Path, package: Any) -> tuple[Any, Any] | None:
    """0. The plan's PDF, signed by the signer then by the agency seal (needs the pdf extra)."""
    from vn_egov.signature.pdf.package import pdf_available

    if not pdf_available():
        click.echo(tr('0. PDF signing skipped: install the pdf extra (pip install "{extra}")',
                      extra="vn-egov[pdf]"))
        return None
    from vn_egov.cli.commands.pdf import quiet_pdf_logging
    from vn_egov.signature.pdf.demo import sign_plan_attachment, signing_material
    from vn_egov.signature.pki import make_demo_pki

    quiet_pdf_logging()
    material = signing_material(make_demo_pki(output / "pki"))
    signed = sign_plan_attachment(package, material)
    pdf_path = output / "4547-KH-UBND.signed.pdf"
    pdf_path.write_bytes(next(a.data for a in signed.attachments
                              if (a.name or "").endswith(".pdf")))
    click.echo(tr("0. Generated the plan's PDF and signed it (PAdES) by the competent person, "
                  "then by the agency seal: {path}", path=pdf_path))
    return material, signed


def _validated(report: Report, headline: str) -> bool:
    from vn_egov.cli.reporters.base import plural

    verdict = tr("valid") if report.valid else tr("INVALID")
    click.echo(headline)
    click.echo(tr("   validated with profile {profile}: {verdict}, {errors}, {warnings}",
                  profile=report.profile_id, verdict=verdict,
                  errors=plural(len(report.errors), "error"),
                  warnings=plural(len(report.warnings), "warning")))
    for issue in report.issues:
        click.echo(f"   {issue.format()}")
    return report.valid
