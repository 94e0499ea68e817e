"""The documentation stands alone: nothing the project ships or prints cites files outside the
repository (design notes, reference specifications, sibling folders), and the conformance
corpus cites sections that exist."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from doc_examples import ROOT

#: Citations of material that is not in the repository.
OUTSIDE = re.compile(
    r"spec/[\w-]+\.md"                       # the reference specifications
    r"|\bdesign\.md\b"                       # the house plan
    r"|\.\./shared\b|/work/|shared/(?:spec|samples|interop)"   # the folder beside the repo
    r"|\b(?:edxml|units|signature|services|services-practice|hub-wire)\.md\s*§"  # their sections
)
#: What the project ships, documents or prints. Tests are left out: they may read the reference
#: samples beside the repository when they exist, and skip otherwise.
SCANNED = ("src", "docs", "conformance", "schemas", "tools", "benchmarks", "README.md",
           "CHANGELOG.md", "mkdocs.yml", "pyproject.toml")
TEXT_SUFFIXES = {".py", ".md", ".json", ".toml", ".yml", ".yaml", ".xsd", ".po", ".txt", ".html",
                 ".xml", ".edxml", ".cfg", ".ini"}


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [file for file in path.rglob("*") if file.is_file()
                      and file.suffix in TEXT_SUFFIXES and "__pycache__" not in file.parts]
    return found


def test_pattern_catches_what_it_must() -> None:
    for cited in ("see spec/edxml.md §4", "design.md principle 3", "../shared/samples/vpcp",
                  "units.md §1", "edxml.md §13.5"):
        assert OUTSIDE.search(cited), cited
    for allowed in ("docs/edxml.md: MessageHeader", "QCVN 102:2016/BTTTT", "RFC 5280 §6.1",
                    "NĐ 30/2020/NĐ-CP Phụ lục I", "docs/codes.md: agency identifiers"):
        assert not OUTSIDE.search(allowed), allowed


def test_nothing_cites_files_outside_the_repository() -> None:
    hits = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for path in _files()
            for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace")
                                          .splitlines(), start=1)
            if OUTSIDE.search(line)]
    assert not hits, "\n".join(hits)


def test_rule_references_stand_alone() -> None:
    """Every rule the installed library registers (as SARIF and JSON reports show them)."""
    code = ("import json; from vn_egov.cli.commands.rules import load_rules; "
            "print(json.dumps([[r.id, r.reference] for r in load_rules()]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, encoding="utf-8")
    rules = json.loads(done.stdout)
    assert len(rules) > 100
    bad = [(rule, reference) for rule, reference in rules if OUTSIDE.search(reference)]
    assert not bad


def _headings(page: Path) -> set[str]:
    return {line.lstrip("#").strip().lower()
            for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


def test_conformance_cases_cite_existing_sections() -> None:
    """``spec`` is "instruments; docs/<page>.md: topic, topic": each topic is a heading there."""
    manifest = json.loads((ROOT / "conformance" / "manifest.json").read_text(encoding="utf-8"))
    missing = []
    for case in manifest["cases"]:
        match = re.search(r"(docs/[\w/-]+\.md): (.+)$", case["spec"])
        assert match, case["spec"]
        page = ROOT / match.group(1)
        headings = _headings(page)
        missing += [(case["id"], page.name, topic) for topic in match.group(2).split(", ")
                    if not any(topic.lower() in heading for heading in headings)]
    assert not missing


@pytest.mark.parametrize("page", ["vi/index.md", "vi/edxml.md", "vi/chu-ky-so.md",
                                  "vi/dich-vu-cong.md", "vi/rules.md"])
def test_vietnamese_pages_exist_in_nfc(page: str) -> None:
    import unicodedata

    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text)


def test_vietnamese_rule_catalogue_is_generated_text() -> None:
    """docs/vi/rules.md equals ``vn-egov rules --lang vi --format markdown``."""
    code = ("import sys; from vn_egov.cli.main import main; "
            "main(['rules', '--lang', 'vi', '--format', 'markdown'])")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                          check=False, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    if (ROOT / "docs" / "vi" / "rules.md").read_text(encoding="utf-8") != done.stdout:
        pytest.fail("docs/vi/rules.md is out of date: run "
                    "`vn-egov rules --lang vi --format markdown > docs/vi/rules.md`")
