"""The CLI over the real edXML profiles and the project's edXML fixture corpus.

Skipped until ``vn_egov.edoc.profiles`` is importable. These tests check that the CLI
reports exactly what the library reports, in every format and with several jobs; the
corpus's expected rule ids are checked by the edoc tests themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from cli_support import invoke

from vn_egov.validation import check

pytest.importorskip("vn_egov.edoc.profiles")

CORPUS = Path(__file__).parents[1] / "data" / "edxml"
SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> Path:
    if not any(CORPUS.rglob("*.edxml")):
        pytest.skip("no edXML fixtures yet")
    monkeypatch.chdir(CORPUS)
    return CORPUS


def test_json_agrees_with_library(corpus: Path) -> None:
    run = invoke("validate", "--format", "json", "--exit-zero", ".")
    assert run.exit_code == 0
    files = json.loads(run.stdout)["files"]
    assert [f["path"] for f in files] == sorted(p.relative_to(corpus).as_posix()
                                                for p in corpus.rglob("*.edxml"))
    for entry in files:
        report = check(corpus / entry["path"])
        assert entry["profile"] == report.profile_id, entry["path"]
        assert entry["valid"] == report.valid, entry["path"]
        assert [i["rule"] for i in entry["issues"]] == [i.rule for i in report.issues]
    any_invalid = not all(entry["valid"] for entry in files)
    assert invoke("validate", ".").exit_code == (1 if any_invalid else 0)


def test_jobs_two_same_output_on_corpus(corpus: Path) -> None:
    one = invoke("validate", "--format", "sarif", "--jobs", "1", ".")
    two = invoke("validate", "--format", "sarif", "--jobs", "2", ".")
    assert (one.exit_code, one.stdout) == (two.exit_code, two.stdout)
    log = json.loads(two.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    rule_ids = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"EDX001", "EDX101", "XSD001"} <= rule_ids


def test_profile_per_glob_and_explicit_profile(corpus: Path, tmp_path: Path) -> None:
    status = sorted((corpus / "status").glob("*.edxml"))
    if not status:
        pytest.skip("no status fixtures yet")
    target = status[0].relative_to(corpus).as_posix()
    config = tmp_path / "vn-egov.toml"
    config.write_text('[profiles]\n"status/*" = "edxml-document"\n', encoding="utf-8")
    forced = json.loads(invoke("validate", "--config", str(config), "--format", "json",
                               "--exit-zero", target).stdout)
    assert forced["files"][0]["profile"] == "edxml-document"
    detected = json.loads(invoke("validate", "--format", "json", "--exit-zero",
                                 target).stdout)
    assert detected["files"][0]["profile"] == "edxml-status"
