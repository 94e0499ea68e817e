"""Reports: JUnit counts, well-formed self-contained HTML with every case, JSON, text."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from lxml import etree

from vn_egov.conformance import render, run_library
from vn_egov.conformance.manifest import Manifest
from vn_egov.conformance.results import CaseResult, RunResult
from vn_egov.errors import ConfigurationError

VOID = {"meta", "br", "link", "img", "hr", "input"}


class _Checker(HTMLParser):
    """Checks that every non-void element is closed in order; collects ids and external refs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.references: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        self.references += [str(v) for k, v in attrs if k in ("src", "href") and v]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _mixed_run() -> RunResult:
    return RunResult("consumer (edxml, expect valid)", 'parser --x "<&>"', "1.0.0", (
        CaseResult(case_id="a-pass", title="Văn bản <mới>", type="edxml", spec="§4",
                   status="pass", duration=0.01),
        CaseResult(case_id="b-fail", title="Sai & lỗi", type="edxml", spec="§5", status="fail",
                   expected={"valid": False}, actual={"valid": True, "exit_code": 0},
                   diffs=("valid: expected False (exit status non-zero), got exit status 0",),
                   command=("parser", "b.edxml"), exit_code=0, stdout="<script>x</script>",
                   stderr="cảnh báo\x01"),
        CaseResult(case_id="c-error", title="Chậm", type="signature", spec="§7",
                   status="error", message="no answer within 1 s"),
        CaseResult(case_id="d-skip", title="Bỏ qua", type="unit-code", spec="§1",
                   status="skip", message="not applicable"),
    ), "0.1.0")


def test_junit_parses_with_the_expected_counts() -> None:
    suite = etree.fromstring(render(_mixed_run(), "junit").encode("utf-8"))
    assert suite.tag == "testsuite"
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4", "failures": "1", "errors": "1", "skipped": "1"}
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["a-pass", "b-fail", "c-error", "d-skip"]
    assert cases[1].get("classname") == "conformance.edxml"
    failure = cases[1].find("failure")
    assert failure.get("message") == "valid: expected False (exit status non-zero), got exit " \
                                     "status 0"
    assert "Sai & lỗi" in failure.text
    assert cases[1].find("system-err").text == "cảnh báo\\x01"  # control char shown, XML-safe
    assert cases[2].find("error").get("message") == "no answer within 1 s"
    assert cases[3].find("skipped").get("message") == "not applicable"
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["target"] == 'parser --x "<&>"'


def test_junit_of_the_full_self_test(manifest: Manifest) -> None:
    suite = etree.fromstring(render(run_library(manifest), "junit").encode("utf-8"))
    assert suite.get("tests") == str(len(manifest.cases))
    assert (suite.get("failures"), suite.get("errors")) == ("0", "0")


def test_html_is_well_formed_self_contained_and_escaped() -> None:
    page = render(_mixed_run(), "html")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    assert {"case-a-pass", "case-b-fail", "case-c-error", "case-d-skip"} <= checker.ids
    assert checker.references == []  # no external assets
    assert "script" not in checker.tags
    assert "style" in checker.tags
    text = "".join(checker.text)
    assert "<script>x</script>" in text  # the consumer's output, shown as text
    assert "Văn bản <mới>" in text
    assert 'parser --x "<&>"' in text
    assert "valid: expected False (exit status non-zero), got exit status 0" in text
    assert "1 failed, 1 errors" in text


def test_html_of_the_full_self_test_lists_every_case(manifest: Manifest) -> None:
    page = render(run_library(manifest), "html")
    checker = _Checker()
    checker.feed(page)
    assert checker.errors == []
    assert {f"case-{c.id}" for c in manifest.cases} <= checker.ids
    assert "All cases passed" in page


def test_json_report() -> None:
    data = json.loads(render(_mixed_run(), "json"))
    assert data["format"] == "vn-egov-conformance-result"
    assert data["format_version"] == 1
    assert data["passed"] is False
    assert data["counts"] == {"total": 4, "pass": 1, "fail": 1, "error": 1, "skip": 1}
    assert data["cases"][1]["diffs"] == [
        "valid: expected False (exit status non-zero), got exit status 0"]
    assert data["cases"][0]["title"] == "Văn bản <mới>"


def test_text_report() -> None:
    lines = render(_mixed_run(), "text").splitlines()
    assert lines[0] == "PASS a-pass  Văn bản <mới>"
    assert lines[1:4] == [
        "FAIL b-fail  Sai & lỗi",
        "     - valid: expected False (exit status non-zero), got exit status 0",
        "     stderr: cảnh báo\x01"]
    assert lines[-1] == ('consumer (edxml, expect valid) run of parser --x "<&>" on corpus '
                         "1.0.0: 4 cases, 1 passed, 1 failed, 1 errors, 1 skipped")


def test_unknown_format() -> None:
    with pytest.raises(ConfigurationError, match="unknown report format 'pdf'"):
        render(_mixed_run(), "pdf")
