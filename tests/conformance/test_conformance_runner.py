"""Runners: the library self-test, consumers (ours and broken ones), producers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conformance_support import CLI, PYTHON
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_egov.conformance import load_manifest, run_consumer, run_library, run_producer
from vn_egov.conformance.external import CommandTemplate
from vn_egov.conformance.keyfields import compare
from vn_egov.conformance.manifest import Manifest
from vn_egov.errors import ConfigurationError

Script = Callable[[str, str], str]


def _statuses(run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {r.case_id: r.status for r in run.results}


# -- library self-test -------------------------------------------------------------------------

def test_library_self_test_passes_every_case(manifest: Manifest) -> None:
    run = run_library(manifest)
    assert run.passed, [(r.case_id, r.diffs) for r in run.results if r.status != "pass"]
    assert run.counts == {"total": len(manifest.cases), "pass": len(manifest.cases), "fail": 0,
                          "error": 0, "skip": 0}
    assert run.mode == "library"
    assert run.corpus_version == manifest.corpus_version


def test_library_self_test_reports_a_changed_expectation(manifest: Manifest,
                                                          tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(manifest.directory, copy)
    data = json.loads((copy / "manifest.json").read_text("utf-8"))
    for case in data["cases"]:
        if case["id"] == "rule-edx109":
            case["expected"]["rules"] = ["EDX501", "EDX110"]
        if case["id"] == "doc-new-basic":
            case["expected"]["fields"]["document_id"] = "sai"
    (copy / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    run = run_library(load_manifest(copy), ids=("rule-edx109", "doc-new-basic"))
    diffs = {r.case_id: r.diffs for r in run.results}
    assert diffs["rule-edx109"] == ("rules: missing EDX110", "rules: unexpected EDX109")
    assert diffs["doc-new-basic"] == (
        "fields.document_id: expected 'sai', got '000.00.12.H99,2025/03/12,215/SKHCN-VP'",)
    assert not run.passed


def test_selection_by_type_and_unknown_id(manifest: Manifest) -> None:
    run = run_library(manifest, types=("unit-code",))
    assert {r.type for r in run.results} == {"unit-code"}
    with pytest.raises(ConfigurationError, match="no conformance case 'missing'"):
        run_library(manifest, ids=("missing",))


# -- consumers ---------------------------------------------------------------------------------

def test_our_inspect_command_is_a_conforming_tolerant_parser(manifest: Manifest) -> None:
    run = run_consumer(manifest, f"{CLI} inspect {{file}} --format json", expect="readable")
    assert run.passed, [(r.case_id, r.diffs, r.stderr) for r in run.results if r.status != "pass"]
    assert run.counts["total"] == sum(c.type == "edxml" for c in manifest.cases)
    compared = [r for r in run.results if "fields" in r.actual]
    # Key fields were compared for every readable package (inspect prints JSON).
    assert len(compared) == sum(1 for c in manifest.cases if c.type == "edxml"
                                and c.expected.readable)
    basic = next(r for r in compared if r.case_id == "doc-new-basic")
    assert basic.actual["fields"]["document_id"] == "000.00.12.H99,2025/03/12,215/SKHCN-VP"


def test_our_validate_command_is_a_conforming_validator(manifest: Manifest) -> None:
    ids = ("doc-new-basic", "status-13-take-back", "fx-dialect-business-spelling",
           "fx-dialect-prefix-1212", "fx-invalid-missing-subject", "rule-edx115", "rule-edx109")
    run = run_consumer(manifest, f"{CLI} validate {{file}}", ids=ids)
    assert _statuses(run) == dict.fromkeys(ids, "pass")
    assert {r.case_id: r.exit_code for r in run.results} == dict(zip(ids, [0, 0, 1, 1, 1, 1, 0],
                                                                      strict=True))


def test_a_consumer_that_accepts_everything_fails_the_invalid_cases(
        manifest: Manifest, script: Script) -> None:
    command = script("accept_all.py", "import sys\nsys.exit(0)\n") + " {file}"
    run = run_consumer(manifest, command)
    failed = {r.case_id for r in run.results if r.status == "fail"}
    invalid = {c.id for c in manifest.cases if c.type == "edxml" and not c.expected.valid}
    assert failed == invalid
    assert len(failed) >= 20
    result = next(r for r in run.results if r.case_id == "rule-edx001")
    assert result.diffs == ("valid: expected False (exit status non-zero), got exit status 0",)
    assert result.command[-1].endswith("rule-edx001.edxml")


def test_a_consumer_printing_wrong_fields_fails_on_them(manifest: Manifest,
                                                        script: Script) -> None:
    source = ('import json\nprint(json.dumps({"kind": "document", '
              '"document_id": "000.00.12.H99,2025/03/12,215/SKHCN-VP", "subject": "Sai"}))\n')
    run = run_consumer(manifest, script("liar.py", source) + " {file}",
                       ids=("doc-new-basic",))
    diffs = run.results[0].diffs
    assert run.results[0].status == "fail"
    assert not any(d.startswith("fields.document_id") for d in diffs)  # that one was right
    assert any(d.startswith("fields.subject: expected 'V/v báo cáo") for d in diffs)
    assert "fields.from: missing (expected {'organ_id': '000.00.12.H99'})" in diffs


def test_a_slow_consumer_is_an_error_not_a_pass(manifest: Manifest, script: Script) -> None:
    command = script("slow.py", "import time\ntime.sleep(5)\n") + " {file}"
    run = run_consumer(manifest, command, ids=("doc-new-basic",), timeout=0.5)
    assert run.results[0].status == "error"
    assert run.results[0].message == "no answer within 0.5 s"
    assert not run.passed


def test_signature_consumer_gets_trust_and_time(manifest: Manifest) -> None:
    command = (f"{CLI} verify {{file}} --trust {{trust}} --intermediates {{intermediates}} "
               "--at {at}")
    run = run_consumer(manifest, command)
    assert run.mode == "consumer (signature, expect valid)"
    assert run.passed, [(r.case_id, r.diffs, r.stderr) for r in run.results if r.status != "pass"]
    assert {r.case_id: r.exit_code for r in run.results}["sig-valid"] == 0
    assert run.counts["total"] == 9


def test_code_consumer(manifest: Manifest) -> None:
    run = run_consumer(manifest, f"{CLI} codes validate {{system}} {{value}}")
    assert run.mode == "consumer (unit-code, expect valid)"
    assert run.passed, [(r.case_id, r.diffs) for r in run.results if r.status != "pass"]
    assert run.counts["total"] == 16


def test_consumer_command_errors_are_configuration_errors(manifest: Manifest) -> None:
    with pytest.raises(ConfigurationError, match=r"must contain \{file\}"):
        run_consumer(manifest, "cat")
    with pytest.raises(ConfigurationError, match="unknown placeholder"):
        run_consumer(manifest, "cat {fiel}")
    with pytest.raises(ConfigurationError, match="cannot run 'no-such-program-vn-egov'"):
        run_consumer(manifest, "no-such-program-vn-egov {file}", ids=("doc-new-basic",))
    with pytest.raises(ConfigurationError, match="cannot split"):
        CommandTemplate('parser "{file}')


# -- producers ---------------------------------------------------------------------------------

def test_the_reference_producer_conforms(manifest: Manifest, tmp_path: Path) -> None:
    command = f"{PYTHON} -m vn_egov.conformance.producer {{input}} {{output}}"
    run = run_producer(manifest, command, keep=tmp_path)
    assert run.passed, [(r.case_id, r.diffs, r.stderr) for r in run.results if r.status != "pass"]
    producible = [c for c in manifest.cases if c.producer_input]
    assert run.counts["total"] == len(producible) == 18
    for case in producible:  # the canonical writer reproduces each case byte for byte
        assert (tmp_path / f"{case.id}.edxml").read_bytes() == manifest.path(
            case.input).read_bytes()


def test_broken_producers_fail(manifest: Manifest, script: Script) -> None:
    nothing = script("nothing.py", "pass\n") + " {input} {output}"
    run = run_producer(manifest, nothing, ids=("doc-new-basic",))
    assert run.results[0].diffs == ("output: exit status 0 but no output file was written",)
    garbage = script("garbage.py", "import sys\nopen(sys.argv[2], 'w').write('<x/>')\n")
    run = run_producer(manifest, garbage + " {input} {output}", ids=("status-03-acceptance",))
    assert run.results[0].status == "fail"
    assert "valid: expected True, got False" in run.results[0].diffs
    crash = script("crash.py", "import sys\nsys.exit(3)\n") + " {input} {output}"
    run = run_producer(manifest, crash, ids=("doc-revoke",))
    assert run.results[0].diffs == ("output: exit status 3",)


def test_producer_needs_both_placeholders(manifest: Manifest) -> None:
    with pytest.raises(ConfigurationError, match=r"must contain \{output\}"):
        run_producer(manifest, "producer {input}")


# -- properties --------------------------------------------------------------------------------

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=12)


@settings(max_examples=60)
@given(_JSON)
def test_compare_finds_no_difference_with_itself(value: object) -> None:
    assert compare(value, value) == []


@settings(max_examples=60)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
               max_size=30))
def test_placeholders_fill_one_argument_whatever_the_path(path: str) -> None:
    argv = CommandTemplate("parser --strict {file}").render({"file": path})
    assert argv == ("parser", "--strict", path)
