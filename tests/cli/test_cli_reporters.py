"""Output formats: JSON (own schema), JUnit (XML counts), SARIF (official schema), GitHub."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_support import PLUGIN, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from vn_egov._resources import schema_path
from vn_egov._version import __version__
from vn_egov.cli.batch import FileResult
from vn_egov.cli.reporters import RunInfo
from vn_egov.cli.reporters.github import GithubReporter, escape_data, escape_property
from vn_egov.cli.reporters.json import SCHEMA_RELATIVE_PATH
from vn_egov.cli.reporters.junit import JunitReporter
from vn_egov.validation import Issue, Severity

SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif" / "sarif-2.1.0-rtm.5.json"


def _run(fmt: str, *args: str) -> tuple[int, str]:
    run = invoke("validate", *PLUGIN, "--format", fmt, *args, "in")
    return run.exit_code, run.stdout


def test_json_matches_published_schema_and_values(sample_tree: Path) -> None:
    code, out = _run("json")
    data = json.loads(out)
    schema = json.loads(schema_path(SCHEMA_RELATIVE_PATH).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert code == 1
    assert data["format_version"] == "1.0"
    assert data["tool"] == {"name": "vn-egov", "version": __version__}
    assert data["totals"] == {"files": 5, "valid": 3, "invalid": 2, "error": 2, "warning": 1,
                              "info": 1}
    assert [f["path"] for f in data["files"]] == ["in/broken.edxml", "in/good.xml",
                                                  "in/info.edxml", "in/sub/bad.xml",
                                                  "in/sub/warn.xml"]
    bad = data["files"][3]
    assert bad["profile"] == "test-sample"
    assert bad["valid"] is False
    assert bad["issues"] == [{"rule": "TST001", "severity": "error", "message": "title is empty",
                              "hint": "write a title", "xpath": "/sample/title", "line": 2,
                              "column": 3, "layer": "rules"}]
    assert data["files"][0]["profile"] is None  # malformed: nothing detected


def test_json_keeps_vietnamese_bytes(sample_tree: Path) -> None:
    title = "Ủy ban nhân dân thành phố Hải Phòng"
    (sample_tree / "in/vi.xml").write_bytes(
        f'<sample xmlns="urn:vn-egov:test:sample"><title>{title}</title><note/></sample>'
        .encode())
    run = invoke("validate", *PLUGIN, "--format", "json", "in/vi.xml")
    assert json.loads(run.stdout)["files"][0]["issues"][0]["rule"] == "TST002"
    assert "\\u" not in run.stdout


def test_junit_counts(sample_tree: Path) -> None:
    code, out = _run("junit")
    root = etree.fromstring(out.encode())
    assert code == 1
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "2", "0")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["in/broken.edxml", "in/good.xml",
                                             "in/info.edxml", "in/sub/bad.xml",
                                             "in/sub/warn.xml"]
    failures = {c.get("name"): [f.get("type") for f in c.findall("failure")] for c in cases}
    assert failures == {"in/broken.edxml": ["XML001"], "in/good.xml": [], "in/info.edxml": [],
                        "in/sub/bad.xml": ["TST001"], "in/sub/warn.xml": []}
    warn_out = cases[4].findtext("system-out")
    assert warn_out is not None
    assert "warning TST002 note element present" in warn_out


def test_junit_strict_makes_warnings_failures(sample_tree: Path) -> None:
    _, out = _run("junit", "--strict")
    suite = etree.fromstring(out.encode()).find("testsuite")
    assert suite is not None
    assert suite.get("failures") == "3"


def test_junit_survives_control_characters() -> None:
    result = FileResult("a.xml", None, None, False, Severity.ERROR, None,
                        (Issue("XML001", Severity.ERROR, "bad byte \x01 here"),))
    root = etree.fromstring(JunitReporter().render([result], RunInfo()).encode())
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "bad byte \\x01 here"


def _sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_validates_against_official_schema(sample_tree: Path) -> None:
    code, out = _run("sarif")
    log = json.loads(out)
    _sarif_validator().validate(log)
    assert code == 1
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["TST002"] == {
        "id": "TST002", "shortDescription": {"text": "Note present"},
        "fullDescription": {"text": "Note present (reference: test spec §2)"},
        "help": {"text": "drop the note"}, "defaultConfiguration": {"level": "warning"},
        "properties": {"layer": "rules", "profiles": ["test-sample"],
                       "reference": "test spec §2"}}
    assert by_id["TST003"]["defaultConfiguration"] == {"level": "note"}
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("XML001", "error"), ("TST003", "note"), ("TST001", "error"), ("TST002", "warning")]
    located = results[2]["locations"][0]
    assert located["physicalLocation"] == {
        "artifactLocation": {"uri": "in/sub/bad.xml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 3}}
    assert located["logicalLocations"] == [{"fullyQualifiedName": "/sample/title",
                                            "kind": "element"}]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The schema file is real: a log without runs' tool is refused."""
    with pytest.raises(jsonschema.ValidationError):
        _sarif_validator().validate({"version": "2.1.0", "runs": [{"results": []}]})


def test_sarif_without_line_has_no_region(sample_tree: Path) -> None:
    (sample_tree / "in/other.xml").write_bytes(b"<other/>")
    run = invoke("validate", *PLUGIN, "--format", "sarif", "in/other.xml")
    log = json.loads(run.stdout)
    _sarif_validator().validate(log)
    [result] = log["runs"][0]["results"]
    assert result["ruleId"] == "VAL001"
    assert "region" not in result["locations"][0]["physicalLocation"]


def test_github_annotations(sample_tree: Path) -> None:
    code, out = _run("github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("::error file=in/broken.edxml,line=3,col=1,title=XML001::")
    assert lines[1:] == [
        "::notice file=in/info.edxml,line=1,col=1,title=TST003::sample has no lang attribute"
        " [/sample]",
        "::error file=in/sub/bad.xml,line=2,col=3,title=TST001::title is empty [/sample/title]",
        "::warning file=in/sub/warn.xml,line=3,col=3,title=TST002::note element present"
        " [/sample/note]",
    ]


def test_github_escaping_of_file_and_message() -> None:
    issue = Issue("XSD001", Severity.ERROR, "100% wrong\r\nnext: a, b", line=7)
    line = GithubReporter.command("dir,x/a:b.xml", issue)
    assert line == ("::error file=dir%2Cx/a%3Ab.xml,line=7,title=XSD001::"
                    "100%25 wrong%0D%0Anext: a, b")


def _unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","),
                         ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_github_escaping_round_trip(text: str) -> None:
    prop = escape_property(text)
    data = escape_data(text)
    assert not any(char in prop for char in "\r\n:,")
    assert not any(char in data for char in "\r\n")
    assert _unescape(prop) == text
    assert _unescape(data) == text


def _issue_strategy() -> st.SearchStrategy[Issue]:
    return st.builds(Issue, rule=st.from_regex(r"[A-Z]{3}[0-9]{3}", fullmatch=True),
                     severity=st.sampled_from(list(Severity)), message=st.text(),
                     hint=st.none() | st.text(), xpath=st.none() | st.text(min_size=1),
                     line=st.none() | st.integers(1, 10**6),
                     column=st.none() | st.integers(1, 10**4), layer=st.text())


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_issue_strategy(), max_size=4), st.text(min_size=1))
def test_file_result_round_trip_and_json_schema(issues: list[Issue], path: str) -> None:
    from vn_egov.cli.reporters.json import JsonReporter

    result = FileResult(path, "p", "1", not issues, Severity.ERROR, None, tuple(issues))
    assert FileResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    schema: dict[str, Any] = json.loads(schema_path(SCHEMA_RELATIVE_PATH).read_text("utf-8"))
    document = json.loads(JsonReporter().render([result], RunInfo()))
    jsonschema.Draft202012Validator(schema).validate(document)


@pytest.mark.parametrize("output_format", ["text", "json", "junit", "sarif", "github"])
def test_file_names_that_are_not_utf8(tmp_path: Path, output_format: str) -> None:
    # Regression: a name with a non-UTF-8 byte became an "internal error" in junit/sarif.
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"g\xf3i-tin.edxml")
    with open(name, "wb") as handle:
        handle.write(b"<broken")
    result = invoke("validate", os.fsdecode(name), "--format", output_format)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr
    shown = "g%EF%BF%BDi-tin.edxml" if output_format == "sarif" else "g\ufffdi-tin.edxml"
    assert shown in result.stdout  # SARIF URIs are percent-encoded
