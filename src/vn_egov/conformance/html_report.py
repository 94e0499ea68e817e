"""A self-contained HTML conformance report (inline CSS, no scripts, no external assets).

Made to be handed to a buyer: what was tested (target, corpus and library versions), the
totals, then every case with its status; failed and errored cases open to show the
differences and the expected and actual outcomes side by side. Everything is escaped. The
page is in the current language (``<html lang="vi">`` or ``"en"``); statuses keep their
English keys in the CSS classes and in the JSON report.

>>> from vn_egov.conformance.results import CaseResult, RunResult
>>> page = render_html(RunResult("consumer", "parser <b>", "1.0.0", (
...     CaseResult(case_id="doc-1", title="Văn bản & <x>", type="edxml", spec="QCVN 102",
...                status="pass"),)))
>>> "parser &lt;b&gt;" in page and "Văn bản &amp; &lt;x&gt;" in page and "<script" not in page
True
>>> '<html lang="en">' in page
True
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from vn_egov.conformance.reporters import mode_label, status_label
from vn_egov.conformance.results import CaseResult, RunResult
from vn_egov.i18n import current_language, tr

__all__ = ["render_html"]

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1f24}
h1{font-size:1.5rem;margin:0 0 .3rem}
.meta{color:#57606a;margin:0 0 1rem}
.meta dt{font-weight:600;display:inline}.meta dd{display:inline;margin:0 1.2rem 0 .3rem}
.totals span{display:inline-block;padding:.25rem .7rem;margin-right:.4rem;border-radius:1rem;
 font-weight:600}
.verdict{font-size:1.1rem;font-weight:700;margin:1rem 0}
.ok{color:#1a7f37}.bad{color:#cf222e}
table{border-collapse:collapse;width:100%;margin-top:1rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.s-pass{background:#dafbe1;color:#1a7f37}.s-fail{background:#ffebe9;color:#cf222e}
.s-error{background:#fff8c5;color:#9a6700}.s-skip{background:#eaeef2;color:#57606a}
td.status{font-weight:700;text-transform:uppercase;white-space:nowrap}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Consolas,monospace}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;margin:.3rem 0;white-space:pre-wrap}
details summary{cursor:pointer;color:#0969da}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
ul.diffs{margin:.3rem 0;padding-left:1.2rem;color:#cf222e}
"""


def _json(data: Any) -> str:
    return escape(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _details(result: CaseResult) -> str:
    parts: list[str] = []
    if result.diffs:
        items = "".join(f"<li><code>{escape(d)}</code></li>" for d in result.diffs)
        parts.append(f'<ul class="diffs">{items}</ul>')
    if result.message:
        parts.append(f"<p>{escape(result.message)}</p>")
    expected, actual = escape(tr("Expected")), escape(tr("Actual"))
    parts.append(f'<div class="cols"><div><strong>{expected}</strong>'
                 f"<pre>{_json(result.expected)}</pre></div>"
                 f"<div><strong>{actual}</strong>"
                 f"<pre>{_json(result.actual)}</pre></div></div>")
    if result.command:
        command = f"<code>{escape(' '.join(result.command))}</code>"
        parts.append("<p>" + tr("Command: {command} (exit status {code})", command=command,
                                code=escape(str(result.exit_code))) + "</p>")
    for label, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if text:
            parts.append(f"<p>{label}:</p><pre>{escape(text)}</pre>")
    is_open = " open" if result.status in ("fail", "error") else ""
    summary = escape(tr("details"))
    return f"<details{is_open}><summary>{summary}</summary>{''.join(parts)}</details>"


def _row(result: CaseResult) -> str:
    status = escape(result.status)
    return (f'<tr id="case-{escape(result.case_id)}"><td class="status s-{status}">'
            f"{escape(status_label(result.status))}</td>"
            f"<td><code>{escape(result.case_id)}</code></td><td>{escape(result.type)}</td>"
            f"<td>{escape(result.title)}<br><small>{escape(result.spec)}</small>"
            f"{_details(result)}</td></tr>")


def render_html(run: RunResult) -> str:
    """The report page for *run* (UTF-8 text of a complete HTML5 document)."""
    counts = run.counts
    verdict = (tr("All cases passed") if run.passed
               else tr("{failed} failed, {errors} errors", failed=counts["fail"],
                       errors=counts["error"]))
    totals = "".join(f'<span class="s-{key}">{escape(status_label(key))}: {counts[key]}</span>'
                     for key in ("pass", "fail", "error", "skip"))
    meta = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in (
        (tr("mode"), mode_label(run.mode)), (tr("target"), run.target),
        (tr("corpus"), run.corpus_version), ("vn_egov", run.library_version)))
    rows = "\n".join(_row(result) for result in run.results)
    heading = escape(tr("vn_egov conformance report"))
    total = escape(tr("{count} cases", count=counts["total"]))
    columns = "".join(f"<th>{escape(name)}</th>" for name in (
        tr("Status"), tr("Case"), tr("Type"), tr("Title and specification")))
    return f"""<!DOCTYPE html>
<html lang="{current_language()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading} - {escape(run.target)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{heading}</h1>
<dl class="meta">{meta}</dl>
<p class="verdict {'ok' if run.passed else 'bad'}">{escape(verdict)}
 ({total})</p>
<p class="totals">{totals}</p>
<table>
<thead><tr>{columns}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""
