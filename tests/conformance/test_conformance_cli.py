"""``vn-egov conformance run|check|list``: output, files, exit statuses 0/1/2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conformance_support import PYTHON
from lxml import etree

from vn_egov.cli.main import cli
from vn_egov.conformance.manifest import Manifest

Script = Callable[[str, str], str]


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["conformance", *args], catch_exceptions=False)


def test_run_passes_and_exits_0(manifest: Manifest) -> None:
    result = _invoke("run")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        f"library run of vn_egov {result.output.split('vn_egov ')[1].split()[0]} on corpus "
        f"1.2.0: {len(manifest.cases)} cases, {len(manifest.cases)} passed, 0 failed, "
        "0 errors, 0 skipped")
    assert "PASS doc-new-basic  Văn bản mới" in result.output


def test_run_writes_a_junit_file(tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    result = _invoke("run", "--type", "unit-code", "--format", "junit", "-o", str(out))
    assert result.exit_code == 0
    assert result.output.strip().endswith("16 cases, 16 passed, 0 failed, 0 errors, 0 skipped")
    suite = etree.parse(str(out)).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("16", "0")


def test_run_json_for_chosen_cases() -> None:
    result = _invoke("run", "--case", "sig-valid", "--case", "code-notation-12",
                     "--format", "json")
    data = json.loads(result.output)
    assert [c["id"] for c in data["cases"]] == ["sig-valid", "code-notation-12"]
    assert data["cases"][0]["actual"]["fields"] == {"crypto": "valid", "trust": "trusted"}


def test_check_with_a_failing_consumer_exits_1_and_writes_html(tmp_path: Path,
                                                              script: Script) -> None:
    accept_all = script("accept.py", "pass\n")
    out = tmp_path / "report.html"
    result = _invoke("check", "--consumer", f"{accept_all} {{file}}", "--case", "rule-edx001",
                     "--case", "doc-new-basic", "--format", "html", "-o", str(out))
    assert result.exit_code == 1
    assert "2 cases, 1 passed, 1 failed" in result.output
    page = out.read_text("utf-8")
    assert 'id="case-rule-edx001"' in page
    assert "s-fail" in page


def test_check_producer(script: Script) -> None:
    command = f"{PYTHON} -m vn_egov.conformance.producer {{input}} {{output}}"
    result = _invoke("check", "--producer", command, "--case", "doc-update")
    assert result.exit_code == 0, result.output
    assert "PASS doc-update" in result.output


def test_usage_errors_exit_2() -> None:
    both = _invoke("check", "--consumer", "a {file}", "--producer", "b {input} {output}")
    assert both.exit_code == 2
    assert "give exactly one of --consumer or --producer" in both.output
    assert _invoke("check").exit_code == 2
    missing = _invoke("check", "--consumer", "parser")
    assert missing.exit_code == 2
    assert "must contain {file}" in missing.output
    unknown = _invoke("run", "--case", "khong-co")
    assert unknown.exit_code == 2
    assert "no conformance case 'khong-co'" in unknown.output
    assert _invoke("run", "--format", "pdf").exit_code == 2
    no_corpus = _invoke("run", "--corpus", "/nonexistent/corpus")
    assert no_corpus.exit_code == 2
    assert "cannot read the conformance manifest" in no_corpus.output


def test_list(manifest: Manifest) -> None:
    result = _invoke("list", "--type", "signature")
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert lines[0].split()[:4] == ["sig-valid", "signature", "valid", "SIG019"]
    assert lines[-1] == "9 case(s), corpus 1.2.0"
    data = json.loads(_invoke("list", "--format", "json").output)
    assert len(data["cases"]) == len(manifest.cases)
    assert data["cases"][0]["id"] == "doc-new-basic"
