"""``vn-egov inspect PATH``: a readable summary of an edXML package, or its JSON form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import cli_source, echo_json, examples, format_option, handle_errors
from vn_egov.cli.commands.verify import trust_options, verified_package
from vn_egov.i18n import tr
from vn_egov.xml.text import printable


@examples("vn-egov inspect incoming.edxml",
          "vn-egov inspect incoming.edxml --verify --trust ca.pem --format json")
@click.command()
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
@format_option("text", "json")
@click.option("--verify", is_flag=True,
              help="Verify the signature first (with the trust options) and show only what "
                   "was signed; exit 1 when it is not valid and trusted.")
@trust_options
@handle_errors
def command(path: Path, output_format: str, verify: bool, **trust: Any) -> None:
    """Summarise the edXML package at PATH (document or status; '-': standard input).

    Attachments show the file the official parser hands over (size, SHA-256) and, when it
    was transport-compressed, the bytes as transferred. Exit 0 read, 1 PATH is not a
    readable edXML package (or, with --verify, its signature is not accepted), 2 usage error.
    """
    from vn_egov.edoc import read
    from vn_egov.edoc.summary import summarize

    package = read(verified_package(cli_source(path), trust, verify))
    summary = summarize(package)
    if output_format == "json":
        from vn_egov.signature.pdf.package import with_attachment_signatures

        echo_json(with_attachment_signatures(summary, package))
    else:
        click.echo(render_text(summary))


def _organization(label: str, organization: dict[str, Any]) -> str:
    return f"{label}: {organization['organ_id']} {organization['organ_name'] or ''}".rstrip()


def _attachment(attachment: dict[str, Any]) -> str:
    line = tr("attachment: {name} ({content_type}, {size} bytes, sha256 {sha256})",
              name=attachment["name"], content_type=attachment["content_type"],
              size=attachment["size"], sha256=attachment["sha256"])
    if attachment["compressed"]:
        line += "; " + tr("compressed for transfer: {size} bytes, sha256 {sha256}",
                          size=attachment["encoded_size"], sha256=attachment["encoded_sha256"])
    return line


def render_text(summary: dict[str, Any]) -> str:
    """Human-readable lines for a summary made by :func:`vn_egov.edoc.summary.summarize`."""
    lines = [tr("kind: {kind}", kind=summary["kind"]),
             _organization(tr("from"), summary["from"])]
    if summary["kind"] == "document":
        lines += [_organization(tr("to"), o) for o in summary["to"]]
        code = "{number}/{notation}".format(**summary["code"])
        lines += [tr("code: {code}", code=code),
                  tr("promulgation date: {date}", date=summary["promulgation_date"]),
                  tr("subject: {subject}", subject=summary["subject"]),
                  tr("document id: {document_id}", document_id=summary["document_id"]),
                  tr("business type: {code}", code=summary["business"]["doc_type"])]
        lines += [_attachment(a) for a in summary["attachments"]]
    else:
        lines += [tr("status: {code} {label}", code=summary["status_code"],
                     label=summary["status_label"] or "").rstrip(),
                  tr("response for: {document_id}",
                     document_id=summary["response_for"]["document_id"]),
                  tr("timestamp: {timestamp}", timestamp=summary["timestamp"]),
                  tr("description: {description}", description=summary["description"])]
    lines.append(tr("signature: {kind}", kind=summary["signature"] or tr("none")))
    lines += [f"{i['severity']} {i['rule']} {i['message']}" for i in summary["issues"]]
    # Values come from the package: a control or bidi character must not forge or hide text.
    return "\n".join(printable(line) for line in lines)
