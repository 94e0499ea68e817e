"""The pytest plugin, as a vendor uses it: run in a separate pytest process on a tiny suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vn_egov.conformance.manifest import Manifest
from vn_egov.conformance.pytest_plugin import ConformanceCase

VENDOR_SUITE = '''
import pytest
from vn_egov.units import agency, division
from vn_egov.edoc import notation

SYSTEMS = {"agency": agency, "division": division, "notation": notation}


@pytest.mark.vn_egov_conformance(types=["unit-code"])
def test_codes(vn_egov_case):
    module = SYSTEMS[vn_egov_case.case.code_system]
    vn_egov_case.check_verdict(module.is_valid(vn_egov_case.case.value))


@pytest.mark.vn_egov_conformance(producer=True)
def test_producer(vn_egov_case):
    from vn_egov.conformance.producer import produce
    vn_egov_case.check_produced(produce(vn_egov_case.producer_input))


@pytest.mark.vn_egov_conformance(ids=["doc-new-basic", "rule-edx001"])
def test_lying_parser(vn_egov_case):
    vn_egov_case.check_verdict(True)


def test_unrelated():
    assert 1 + 1 == 2
'''


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(folder), *args], cwd=folder, capture_output=True,
                          text=True, check=False)


def test_vendor_suite_runs_one_test_per_case(tmp_path: Path) -> None:
    (tmp_path / "test_vendor.py").write_text(VENDOR_SUITE, encoding="utf-8")
    done = _pytest(tmp_path, "-rf")
    # 16 codes + 18 producible packages + doc-new-basic + the unrelated test pass; the
    # lying parser fails on the invalid case.
    assert done.stdout.strip().splitlines()[-1].startswith("1 failed, 36 passed"), done.stdout
    assert "FAILED test_vendor.py::test_lying_parser[rule-edx001]" in done.stdout
    assert "rule-edx001: expected valid=False, got True" in done.stdout


def test_case_option_narrows_the_selection(tmp_path: Path) -> None:
    (tmp_path / "test_vendor.py").write_text(VENDOR_SUITE, encoding="utf-8")
    done = _pytest(tmp_path, "--vn-egov-case", "code-agency-01", "-k", "test_codes",
                   "--collect-only")
    assert "test_codes[code-agency-01]" in done.stdout
    assert "code-agency-02" not in done.stdout


def test_inert_without_the_fixture(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text("def test_x():\n    assert True\n", "utf-8")
    done = _pytest(tmp_path)
    assert done.stdout.strip().splitlines()[-1].startswith("1 passed")


def test_plugin_module_import_loads_nothing_heavy() -> None:
    # vn_egov.i18n is the standard library's gettext; no catalogue is read until a message
    # is shown in Vietnamese.
    code = ("import sys, vn_egov.conformance.pytest_plugin, vn_egov.i18n\n"
            "print(sorted(m for m in sys.modules if m.startswith('vn_egov.')))\n"
            "print(vn_egov.i18n._catalogue.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split("\n")[:2] == [
        "['vn_egov._lazy', 'vn_egov._version', 'vn_egov.conformance', "
        "'vn_egov.conformance.pytest_plugin', 'vn_egov.i18n']", "0"]


def test_helpers_explain_failures(manifest: Manifest) -> None:
    case = ConformanceCase(manifest, manifest.case("doc-new-basic"))
    case.check_fields({**case.expected.fields, "extra": 1})
    with pytest.raises(AssertionError) as caught:
        case.check_fields({**case.expected.fields, "subject": "Khác"})
    assert "doc-new-basic: key fields differ" in str(caught.value)
    assert "fields" not in str(caught.value).split("\n")[1]
    assert str(caught.value).split("\n")[1].strip().startswith("subject: expected 'V/v báo cáo")
    with pytest.raises(AssertionError, match="does not conform"):
        case.check_produced(b"<edXML/>")
    assert case.producer_input is not None
    assert case.producer_input["kind"] == "document"
    assert case.input_path == manifest.path("cases/edxml/document/doc-new-basic.edxml")
