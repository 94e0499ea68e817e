"""``vn-egov inspect PATH``: a readable summary of an edXML package, or its JSON form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vn_egov.cli._common import cli_source, echo_json, format_option, handle_errors


@click.command()
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
@format_option("text", "json")
@handle_errors
def command(path: Path, output_format: str) -> None:
    """Summarise the edXML package at PATH (document or status; '-': standard input)."""
    from vn_egov.edoc import read
    from vn_egov.edoc.summary import summarize

    summary = summarize(read(cli_source(path)))
    if output_format == "json":
        echo_json(summary)
    else:
        click.echo(render_text(summary))


def render_text(summary: dict[str, Any]) -> str:
    """Human-readable lines for a summary made by :func:`vn_egov.edoc.summary.summarize`."""
    lines = [f"kind: {summary['kind']}",
             f"from: {summary['from']['organ_id']} {summary['from']['organ_name'] or ''}".rstrip()]
    if summary["kind"] == "document":
        lines += [f"to: {o['organ_id']} {o['organ_name'] or ''}".rstrip() for o in summary["to"]]
        lines += [f"code: {summary['code']['number']}/{summary['code']['notation']}",
                  f"promulgation date: {summary['promulgation_date']}",
                  f"subject: {summary['subject']}",
                  f"document id: {summary['document_id']}",
                  f"business type: {summary['business']['doc_type']}"]
        lines += [f"attachment: {a['name']} ({a['content_type']}, {a['size']} bytes, "
                  f"sha256 {a['sha256']})" for a in summary["attachments"]]
    else:
        lines += [f"status: {summary['status_code']} {summary['status_label'] or ''}".rstrip(),
                  f"response for: {summary['response_for']['document_id']}",
                  f"timestamp: {summary['timestamp']}",
                  f"description: {summary['description']}"]
    lines.append(f"signature: {summary['signature'] or 'none'}")
    lines += [f"{i['severity']} {i['rule']} {i['message']}" for i in summary["issues"]]
    return "\n".join(lines)
