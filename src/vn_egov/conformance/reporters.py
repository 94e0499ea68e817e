"""Render a :class:`~vn_egov.conformance.results.RunResult` as text, JSON, JUnit XML or HTML.

>>> from vn_egov.conformance.results import CaseResult, RunResult
>>> run = RunResult("library", "vn_egov 0.1", "1.0.0", (
...     CaseResult(case_id="a-1", title="Văn bản", type="edxml", spec="QCVN 102", status="pass"),
...     CaseResult(case_id="a-2", title="Lỗi", type="edxml", spec="QCVN 102", status="fail",
...                diffs=("valid: expected True, got False",))))
>>> print(render(run, "text"))
PASS a-1  Văn bản
FAIL a-2  Lỗi
     - valid: expected True, got False
<BLANKLINE>
library run of vn_egov 0.1 on corpus 1.0.0: 2 cases, 1 passed, 1 failed, 0 errors, 0 skipped

Texts follow the current language; statuses, modes and JSON keys stay as they are in JSON.

>>> from vn_egov.i18n import language
>>> with language("vi"):
...     print(render(run, "text").splitlines()[1])
KHÔNG ĐẠT a-2  Lỗi
"""

from __future__ import annotations

import json
import re
from typing import Final

from lxml import etree

from vn_egov.conformance.results import CaseResult, RunResult
from vn_egov.errors import ConfigurationError
from vn_egov.i18n import N_, tr, translate
from vn_egov.xml.text import xml_safe

__all__ = ["mode_label", "render", "render_json", "render_text", "status_label", "summary_line"]

FORMATS = ("text", "json", "junit", "html")

_STATUS_LABELS: Final = {"pass": N_("PASS"), "fail": N_("FAIL"), "error": N_("ERROR"),
                         "skip": N_("SKIP")}
_MODE_LABELS: Final = {"library": N_("library"), "producer": N_("producer"),
                       "connector": N_("connector")}
_CONSUMER_MODE: Final = re.compile(r"consumer \((?P<type>[\w-]+), expect (?P<expect>\w+)\)")


def status_label(status: str) -> str:
    """The status of a case as readers see it (``PASS`` ...; ``ĐẠT`` ... in Vietnamese).

    >>> status_label("skip")
    'SKIP'
    """
    return translate(_STATUS_LABELS[status]) if status in _STATUS_LABELS else status


def mode_label(mode: str) -> str:
    """What a run checked, as readers see it (the JSON keeps :attr:`RunResult.mode`).

    >>> from vn_egov.i18n import language
    >>> with language("vi"):
    ...     mode_label("consumer (edxml, expect valid)")
    'phần mềm đọc gói tin (edxml, yêu cầu valid)'
    """
    if mode in _MODE_LABELS:
        return translate(_MODE_LABELS[mode])
    consumer = _CONSUMER_MODE.fullmatch(mode)
    if consumer is not None:
        return tr("consumer ({type}, expect {expect})", type=consumer["type"],
                  expect=consumer["expect"])
    return mode


def summary_line(run: RunResult) -> str:
    """One line with the counts."""
    c = run.counts
    return tr("{mode} run of {target} on corpus {version}: {total} cases, {passed} passed, "
              "{failed} failed, {errors} errors, {skipped} skipped", mode=mode_label(run.mode),
              target=run.target, version=run.corpus_version, total=c["total"],
              passed=c["pass"], failed=c["fail"], errors=c["error"], skipped=c["skip"])


def _detail_lines(result: CaseResult) -> list[str]:
    lines = [f"     - {diff}" for diff in result.diffs]
    if result.message:
        lines.append(f"     ! {result.message}")
    if result.status in ("fail", "error") and result.stderr.strip():
        lines.append("     " + tr("stderr: {line}",
                                  line=result.stderr.strip().splitlines()[-1]))
    return lines


def render_text(run: RunResult) -> str:
    """One line per case, the differences below failures, then the summary line."""
    lines: list[str] = []
    for result in run.results:
        lines.append(f"{status_label(result.status):<4} {result.case_id}  {result.title}")
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
    suite = etree.Element("testsuite", name=f"vn-egov conformance ({run.mode})",  # an id
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
        body = "\n".join([result.title, tr("spec: {spec}", spec=result.spec),
                          *result.diffs,
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
            etree.SubElement(case, "skipped",
                             message=result.message or tr("not applicable"))
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
    raise ConfigurationError(tr("unknown report format {format!r}", format=output_format),
                             hint=tr("use one of {formats}", formats=", ".join(FORMATS)))
