"""The corpus keeps its promises: coverage, size, completeness, determinism, fictional data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conformance_support import REPO

from vn_egov._resources import conformance_dir
from vn_egov.conformance.manifest import Manifest, load_manifest
from vn_egov.errors import ConfigurationError
from vn_egov.validation import all_rules


def _edxml(manifest: Manifest, kind: str) -> list:  # type: ignore[type-arg]
    return [c for c in manifest.cases if c.type == "edxml" and c.kind == kind]


def test_the_shipped_corpus_is_the_checkout_folder(manifest: Manifest) -> None:
    assert manifest.directory == REPO / "conformance" == conformance_dir()
    assert manifest.corpus_version == "1.2.0"


def test_at_least_80_cases_of_every_type(manifest: Manifest) -> None:
    by_type = {t: sum(c.type == t for c in manifest.cases)
               for t in ("edxml", "signature", "unit-code")}
    assert len(manifest.cases) >= 80
    assert by_type["edxml"] >= 80
    assert by_type["signature"] >= 5
    assert by_type["unit-code"] >= 10


def test_every_business_type_has_a_valid_case(manifest: Manifest) -> None:
    types = {c.expected.fields["business"]["doc_type"] for c in _edxml(manifest, "document")
             if c.expected.valid and c.producer_input}
    assert types == {0, 1, 2, 3}


def test_every_status_code_has_a_valid_producible_case(manifest: Manifest) -> None:
    codes = sorted(c.expected.fields["status_code"] for c in _edxml(manifest, "status")
                   if c.expected.valid and c.producer_input)
    assert codes == ["01", "02", "03", "04", "05", "06", "13", "15", "16"]


def test_every_dialect_fixture_is_a_case(manifest: Manifest) -> None:
    fixtures = json.loads((REPO / "tests/data/edxml/MANIFEST.json").read_text("utf-8"))
    dialects = {Path(f["path"]).name for f in fixtures["files"]
                if f["path"].startswith("dialect/")}
    cases = {Path(c.input).name for c in manifest.cases if "dialect" in c.tags and c.input}
    assert dialects == cases
    # Dialects the reader tolerates are readable even when the strict schema refuses them.
    tolerated = [c for c in manifest.cases if "dialect" in c.tags and c.expected.readable]
    assert any(not c.expected.valid for c in tolerated)


def test_every_triggerable_edx_rule_has_a_case(manifest: Manifest) -> None:
    import vn_egov.edoc  # noqa: F401 - registers the EDX rules

    registered = {r.id for r in all_rules() if r.id.startswith("EDX")}
    covered = {rule for c in manifest.cases for rule in c.expected.rules}
    untriggerable = set(manifest.untriggerable_rules)
    assert registered - covered == untriggerable == {"EDX504", "EDX410"}
    assert "only when signature verification is requested" in manifest.untriggerable_rules["EDX504"]


def test_each_rule_case_reports_its_rule(manifest: Manifest) -> None:
    rule_cases = [c for c in manifest.cases if "rule" in c.tags]
    assert len(rule_cases) >= 20
    for case in rule_cases:
        rule = next(t for t in case.tags if t.startswith("EDX"))
        assert rule in case.expected.rules, case.id


def test_signature_cases_cover_the_attacks(manifest: Manifest) -> None:
    signature = {c.id: c for c in manifest.cases if c.type == "signature"}
    assert signature["sig-valid"].expected.valid is True
    assert signature["sig-valid"].expected.fields == {"crypto": "valid", "trust": "trusted"}
    expected_rule = {"sig-tampered-subject": "SIG013", "sig-tampered-attachment": "SIG013",
                     "sig-wrapped": "SIG013", "sig-weak-sha1": "SIG006",
                     "sig-untrusted": "SIG017", "sig-expired": "SIG018",
                     "sig-placeholder": "SIG015"}
    for case_id, rule in expected_rule.items():
        assert signature[case_id].expected.valid is False
        assert rule in signature[case_id].expected.rules, case_id


def test_code_cases_cover_each_system_both_ways(manifest: Manifest) -> None:
    seen = {(c.code_system, c.expected.valid) for c in manifest.cases if c.type == "unit-code"}
    assert seen == {(s, v) for s in ("agency", "division", "notation") for v in (True, False)}
    invalid = [c for c in manifest.cases if c.type == "unit-code" and not c.expected.valid]
    assert all(c.expected.fields["error"] in {"InvalidFormat", "InvalidLength"} for c in invalid)


def test_valid_edxml_cases_carry_key_fields(manifest: Manifest) -> None:
    for case in manifest.cases:
        if case.type == "edxml" and case.expected.readable:
            assert case.expected.fields["kind"] == case.kind, case.id
    basic = manifest.case("doc-new-basic").expected.fields
    assert basic["document_id"] == "000.00.12.H99,2025/03/12,215/SKHCN-VP"
    assert basic["subject"].startswith("V/v báo cáo tình hình kết nối")
    assert len(basic["attachments"][0]["sha256"]) == 64


def test_every_corpus_file_is_used_and_the_corpus_is_small(manifest: Manifest) -> None:
    used = {name for c in manifest.cases for name in c.files} | {"manifest.json", "README.md"}
    present = {p.relative_to(manifest.directory).as_posix()
               for p in manifest.directory.rglob("*") if p.is_file()}
    assert present == used
    assert sum((manifest.directory / n).stat().st_size for n in present) < 1_500_000


def test_identifiers_are_fictional(manifest: Manifest) -> None:
    # Only the fictional province H99 and the illustrative demo codes occur in organ ids.
    for case in manifest.cases:
        if case.type == "edxml" and case.expected.readable:
            organ = case.expected.fields["from"]["organ_id"]
            assert organ.endswith(("H99", "H24", "H17")) or "." not in organ, case.id


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.pop("corpus_version"), "corpus_version: Field required"),
    (lambda d: d["cases"].append(dict(d["cases"][0])), "duplicate case ids: doc-new-basic"),
    (lambda d: d["cases"][0].update(type="edxml", kind=None), "a edxml case needs kind"),
    (lambda d: d["cases"][0].update(surprise=1), "surprise: Extra inputs are not permitted"),
])
def test_a_broken_manifest_is_refused_with_the_reason(tmp_path: Path, edit, message) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((conformance_dir() / "manifest.json").read_text("utf-8"))
    edit(data)
    (tmp_path / "manifest.json").write_text(json.dumps(data), "utf-8")
    with pytest.raises(ConfigurationError, match=message):
        load_manifest(tmp_path)


def test_a_missing_case_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_bytes((conformance_dir() / "manifest.json").read_bytes())
    with pytest.raises(ConfigurationError) as caught:
        load_manifest(tmp_path)
    assert "case doc-new-basic: file cases/edxml/document/doc-new-basic.edxml is missing" in str(
        caught.value)


def test_no_manifest_and_not_json(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot read the conformance manifest"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text("{", "utf-8")
    with pytest.raises(ConfigurationError, match="invalid JSON: the JSON ends early"):
        load_manifest(tmp_path)


def test_the_generator_reproduces_the_committed_corpus() -> None:
    done = subprocess.run([sys.executable, str(REPO / "tools/build_conformance_corpus.py"),
                           "--check"], capture_output=True, text=True, check=False, cwd=REPO)
    assert (done.returncode, done.stdout.strip()) == (0, "corpus up to date"), done.stderr
