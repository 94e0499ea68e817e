"""Render a :class:`~vn_egov.conformance.results.RunResult` as text, JSON, JUnit XML or HTML.

>>> from vn_egov.conformance.results import CaseResult, RunResult
>>> run = RunResult("library", "vn_egov 0.1", "1.0.0", (
...     CaseResult(case_id="a-1", title="Văn bản", type="edxml", spec="§4", status="pass"),
...     CaseResult(case_id="a-2", title="Lỗi", type="edxml", spec="§4", status="fail",
...                diffs=("valid: expected True, got False",))))
>>> print(render(run, "text"))
PASS a-1  Văn bản
FAIL a-2  Lỗi
     - valid: expected True, got False
<BLANKLINE>
library run of vn_egov 0.1 on corpus 1.0.0: 2 cases, 1 passed, 1 failed, 0 errors, 0 skipped
"""

from __future__ import annotations

import json

from lxml import etree

from vn_egov.conformance.results import CaseResult, RunResult
from vn_egov.errors import ConfigurationError
from vn_egov.xml.text import xml_safe

__all__ = ["FORMATS", "render", "render_json", "render_junit", "render_text", "summary_line"]

FORMATS = ("text", "json", "junit", "html")
# Characters XML 1.0 cannot carry (a consumer may print anything).


def summary_line(run: RunResult) -> str:
    """One line with the counts."""
    c = run.counts
    return (f"{run.mode} run of {run.target} on corpus {run.corpus_version}: {c['total']} "
            f"cases, {c['pass']} passed, {c['fail']} failed, {c['error']} errors, "
            f"{c['skip']} skipped")


def _detail_lines(result: CaseResult) -> list[str]:
    lines = [f"     - {diff}" for diff in result.diffs]
    if result.message:
        lines.append(f"     ! {result.message}")
    if result.status in ("fail", "error") and result.stderr.strip():
        lines.append(f"     stderr: {result.stderr.strip().splitlines()[-1]}")
    return lines


def render_text(run: RunResult) -> str:
    """One line per case, the differences below failures, then the summary line."""
    lines: list[str] = []
    for result in run.results:
        lines.append(f"{result.status.upper():<4} {result.case_id}  {result.title}")
        lines += _detail_lines(result)
    lines += ["", summary_line(run)]
    return "\n".join(lines)


def render_json(run: RunResult) -> str:
    """The :meth:`RunResult.to_dict` document, UTF-8 text (Vietnamese kept readable)."""
    return json.dumps(run.to_dict(), ensure_ascii=False, indent=2)


def render_junit(run: RunResult) -> str:
    """JUnit XML: one ``testsuite``, one ``testcase`` per case (classname = case type).

    >>> from vn_egov.conformance.results import CaseResult, RunResult
    >>> xml = render_junit(RunResult("library", "x", "1.0.0", (
    ...     CaseResult(case_id="a", title="t", type="edxml", spec="s", status="skip"),)))
    >>> 'skipped="1"' in xml and "<skipped" in xml
    True
    """
    counts = run.counts
    suite = etree.Element("testsuite", name=f"vn-egov conformance ({run.mode})",
                          tests=str(counts["total"]), failures=str(counts["fail"]),
                          errors=str(counts["error"]), skipped=str(counts["skip"]),
                          time=f"{sum(r.duration for r in run.results):.3f}")
    properties = etree.SubElement(suite, "properties")
    for name, value in (("target", run.target), ("corpus_version", run.corpus_version),
                        ("library_version", run.library_version)):
        etree.SubElement(properties, "property", name=name, value=xml_safe(value))
    for result in run.results:
        case = etree.SubElement(suite, "testcase", classname=f"conformance.{result.type}",
                                name=result.case_id, time=f"{result.duration:.3f}")
        body = "\n".join([result.title, f"spec: {result.spec}", *result.diffs,
                          *([result.message] if result.message else [])])
        if result.status == "fail":
            failure = etree.SubElement(case, "failure",
                                       message=xml_safe("; ".join(result.diffs)[:500]),
                                       type="ConformanceFailure")
            failure.text = xml_safe(body)
        elif result.status == "error":
            error = etree.SubElement(case, "error",
                                     message=xml_safe((result.message or "")[:500]),
                                     type="ConformanceError")
            error.text = xml_safe(body)
        elif result.status == "skip":
            etree.SubElement(case, "skipped", message=result.message or "not applicable")
        if result.stdout:
            etree.SubElement(case, "system-out").text = xml_safe(result.stdout)
        if result.stderr:
            etree.SubElement(case, "system-err").text = xml_safe(result.stderr)
    return etree.tostring(suite, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")


def render(run: RunResult, output_format: str) -> str:
    """Render *run* in one of :data:`FORMATS`."""
    if output_format == "text":
        return render_text(run)
    if output_format == "json":
        return render_json(run)
    if output_format == "junit":
        return render_junit(run)
    if output_format == "html":
        from vn_egov.conformance.html_report import render_html

        return render_html(run)
    raise ConfigurationError(f"unknown report format {output_format!r}",
                             hint=f"use one of {', '.join(FORMATS)}")
