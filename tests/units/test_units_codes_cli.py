"""``vn-egov codes validate|lookup|list`` through click's test runner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from vn_egov.cli.commands import codes
from vn_egov.cli.main import cli
from vn_egov.errors import ConfigurationError
from vn_egov.units import system as system_module
from vn_egov.units.system import (
    CodeSystem,
    Directory,
    get_system,
    register_system,
    system_names,
)


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str) -> Run:
    result = CliRunner().invoke(cli, ["codes", *args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def test_validate_text() -> None:
    result = run("validate", "agency", " 000.00.00.g22 ")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "000.00.00.G22\n", "")


def test_validate_json_shows_the_parsed_parts() -> None:
    result = run("validate", "notation", "Số: 4547/KH-UBND", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {key: data[key] for key in ("system", "input", "valid", "value", "warnings")} == {
        "system": "notation", "input": "Số: 4547/KH-UBND", "valid": True,
        "value": "4547/KH-UBND", "warnings": []}
    parts = data["parts"]
    # Kế hoạch is KH in NĐ 30/2020/NĐ-CP Phụ lục III; UBND issues it; no year (not a VBQPPL).
    assert (parts["number"], parts["year"], parts["issuer"], parts["units"]) == (
        4547, None, "UBND", [])
    assert parts["doc_type"] == {"abbreviation": "KH", "name": "Kế hoạch",
                                 "source": "NĐ 30/2020/NĐ-CP Phụ lục III"}
    law = json.loads(run("validate", "notation", "9/2025/QĐ-TTg", "--format", "json").stdout)
    assert (law["value"], law["parts"]["year"], law["parts"]["doc_type"]["name"],
            law["parts"]["issuer"]) == ("09/2025/QĐ-TTg", 2025, "Quyết định", "TTg")
    assert law["warnings"] == ["number '9' below 10 is written with a leading zero ('09')"]
    cong_van = json.loads(run("validate", "notation", "7816/VPCP-TTĐT", "--format",
                              "json").stdout)["parts"]
    assert (cong_van["doc_type"], cong_van["is_cong_van"], cong_van["issuer"],
            cong_van["units"]) == (None, True, "VPCP", ["TTĐT"])


def test_validate_json_parts_of_every_system() -> None:
    cases = {
        "agency": ("000.17.22.h56", {"form": "QCVN102", "level1": "H56", "level": 3,
                                     "lower_levels": ["22", "17"], "parent": "000.00.22.H56"}),
        "division": ("11824", {"code": "11824", "level": "commune"}),
        "dossier": ("H56.14-240823-0001", {"organ": "H56.14", "received_on": "2024-08-23",
                                           "sequence": "0001"}),
        "field": ("g15-tp07", {"ministry": "G15", "field": "TP07"}),
        "procedure": ("2.000815.000.00.00.H55", {"national": "2.000815",
                                                  "organ": "000.00.00.H55"}),
    }
    for system, (value, expected) in cases.items():
        result = run("validate", system, value, "--format", "json")
        assert result.exit_code == 0, (system, result.stdout)
        parts = json.loads(result.stdout)["parts"]
        assert {key: parts[key] for key in expected} == expected, system


def test_validate_reports_tolerated_input() -> None:
    result = run("validate", "notation", "7/tb-VPCP")
    assert result.exit_code == 0
    assert result.stdout == "07/TB-VPCP\n"
    assert "warning: type 'tb' matched 'TB' (Thông báo) only ignoring case" in result.stderr


def test_validate_invalid_text() -> None:
    result = run("validate", "agency", "000.00.00.Z22")
    assert result.exit_code == 1
    assert result.stdout == ("invalid agency code '000.00.00.Z22': level-1 group 'Z22': the "
                             "letter must be A-Y\nhint: QĐ 20/2020/QĐ-TTg Điều 4 reserves "
                             "letters A to Y\n")


def test_validate_invalid_json() -> None:
    result = run("validate", "division", "311", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["error"] == "division code '311' has 3 digit(s); 2 or 5 expected"
    assert data["error_type"] == "InvalidLength"
    assert data["hint"].startswith("a province code has 2 digits")
    assert (data["system"], data["input"]) == ("division", "311")


def test_lookup_agency_json() -> None:
    result = run("lookup", "agency", "000.00.00.G22", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["system"], data["input"], data["matched_by"]) == (
        "agency", "000.00.00.G22", "code")
    [entry] = data["matches"]
    assert (entry["code"], entry["name"], entry["verified"], entry["parent"]) == (
        "G22", "Văn phòng Chính phủ", True, "G")
    assert entry["confidence"] == "medium"


def test_lookup_agency_by_name() -> None:
    # The reported bug: the name went through the code clean-up ('VăNPHòNGCHíNHPHủ').
    result = run("lookup", "agency", "Văn phòng Chính phủ")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "G22\tVăn phòng Chính phủ\n", "")
    data = json.loads(run("lookup", "agency", "chinh phu", "--format", "json").stdout)
    assert data["matched_by"] == "name"
    assert [m["code"] for m in data["matches"]] == ["G20", "G22", "G"]
    unverified = run("lookup", "agency", "thai nguyen")
    assert unverified.stdout == "H55\tUBND tỉnh Thái Nguyên  [unverified]\n"


def test_lookup_name_without_match_exits_1() -> None:
    result = run("lookup", "agency", "Bộ Ngoại thương")
    assert result.exit_code == 1
    assert result.stdout.startswith("unknown agency code 'Bộ Ngoại thương': no agency entry "
                                    "has a name like 'Bộ Ngoại thương'\nhint: search ignores "
                                    "case and diacritics")
    # Digits make it a mistyped code: its own error explains more than "no such name".
    typo = run("lookup", "agency", "000.00.00.Ğ22")
    assert typo.exit_code == 1
    assert "character 'Ğ' at position 11" in typo.stdout


def test_lookup_unverified_agency_text() -> None:
    result = run("lookup", "agency", "000.00.00.H55")
    assert result.exit_code == 0
    assert "name: UBND tỉnh Thái Nguyên\n" in result.stdout
    assert "verified: no\n" in result.stdout
    assert "confidence: low\n" in result.stdout


def test_lookup_division() -> None:
    result = run("lookup", "division", "31")
    assert result.exit_code == 0
    assert "name: Thành phố Hải Phòng\n" in result.stdout
    assert "type: thành phố trung ương\n" in result.stdout
    data = json.loads(run("lookup", "division", "11824", "--format", "json").stdout)
    [entry] = data["matches"]
    assert (entry["code"], entry["name"], entry["type"], entry["province_code"]) == (
        "11824", "Xã Vĩnh Bảo", "xã", "31")
    by_name = run("lookup", "division", "Vĩnh Bảo")
    assert by_name.exit_code == 0
    assert by_name.stdout.splitlines()[0] == "11824\tXã Vĩnh Bảo"


def test_lookup_unknown_code_exits_1() -> None:
    result = run("lookup", "agency", "000.00.04.G14")
    assert result.exit_code == 1
    assert result.stdout.startswith("unknown agency code '000.00.04.G14': agency code "
                                    "'000.00.04.G14' is not in the built-in agency registry\n")
    data = json.loads(run("lookup", "division", "30", "--format", "json").stdout)
    assert data["error_type"] == "UnknownCode"


def test_lookup_unsupported_exits_2() -> None:
    result = run("lookup", "notation", "05/GM-UBND")
    assert result.exit_code == 2
    assert result.stderr == ("vn-egov: error: code system 'notation' has no list of known "
                             "codes, so it does not support lookup; use 'vn-egov codes "
                             "validate'\n")


def test_unknown_system_is_a_usage_error() -> None:
    result = run("validate", "passport", "X")
    assert result.exit_code == 2
    assert "Invalid value for '{agency|division|" in result.stderr


def test_list_agency() -> None:
    result = run("list", "agency", "--parent", "G")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 22
    assert lines[0] == "G01\tBộ Công an"
    assert lines[4] == "G05\tBộ Kế hoạch và Đầu tư  [not current]"
    assert lines[12] == "G13\tBộ Tài nguyên và Môi trường  [unverified]  [not current]"


def test_list_division_json() -> None:
    result = run("list", "division", "--parent", "31", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 114
    assert {row["province_code"] for row in rows} == {"31"}


def test_list_bad_parent_exits_1() -> None:
    result = run("list", "division", "--parent", "3")
    assert result.exit_code == 1
    assert "division code '3' has 1 digit" in result.stdout


def test_registry_option(tmp_path: Path) -> None:
    path = tmp_path / "hp.toml"
    path.write_text('source = "own list"\n[[agencies]]\ncode = "000.00.01.H24"\n'
                    'name = "Sở A"\n', encoding="utf-8")
    ok = run("validate", "agency", "000.00.01.h24", "--registry", str(path))
    assert (ok.exit_code, ok.stdout) == (0, "000.00.01.H24\n")
    unknown = run("validate", "agency", "000.00.02.H24", "--registry", str(path))
    assert unknown.exit_code == 1
    assert "is not in the own list" not in unknown.stdout
    assert f"'000.00.02.H24' is not in the {path}" in unknown.stdout
    listed = run("list", "agency", "--registry", str(path), "--format", "json")
    # Its top level: rows whose parent (H24) is not in the file.
    assert [row["code"] for row in json.loads(listed.stdout)] == ["000.00.01.H24"]
    children = run("list", "agency", "--parent", "H24", "--registry", str(path))
    assert children.stdout == "000.00.01.H24\tSở A\n"
    found = run("lookup", "agency", "so a", "--registry", str(path))
    assert found.stdout == "000.00.01.H24\tSở A\n"
    wrong = run("validate", "division", "31", "--registry", str(path))
    assert wrong.exit_code == 2
    assert "--registry applies to the agency system only" in wrong.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("x = 1\n", encoding="utf-8")
    broken = run("lookup", "agency", "G22", "--registry", str(bad))
    assert broken.exit_code == 2
    assert "unknown top-level keys ['x']" in broken.stderr
    missing = run("lookup", "agency", "G22", "--registry", str(tmp_path / "absent.toml"))
    assert missing.exit_code == 2
    assert "cannot read registry file" in missing.stderr


def test_every_system_is_registered_through_the_entry_point_group() -> None:
    # One declaration: pyproject's [project.entry-points."vn_egov.codes"].
    assert codes.SYSTEMS == ("agency", "division", "dossier", "field", "notation", "procedure",
                             "service")
    for name in codes.SYSTEMS:
        system = get_system(name)
        assert isinstance(system, CodeSystem)
        assert system.name == name
    assert {name for name in codes.SYSTEMS if isinstance(get_system(name), Directory)} == {
        "agency", "division"}


def test_a_broken_plugin_is_a_configuration_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # A real (if minimal) installed distribution whose entry point cannot be imported.
    dist = tmp_path / "broken_codes-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-codes\nVersion: 1.0\n",
                                   encoding="utf-8")
    (dist / "entry_points.txt").write_text("[vn_egov.codes]\nbroken = no_such_module:SYSTEM\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    system_module._entry_point_names.cache_clear()
    try:
        assert "broken" in system_names()
        with pytest.raises(ConfigurationError, match="code system 'broken' is installed but "
                                                      "cannot be loaded"):
            get_system("broken")
    finally:
        system_module._entry_point_names.cache_clear()


def test_register_system_checks_the_protocol() -> None:
    with pytest.raises(ConfigurationError, match="does not implement the CodeSystem protocol"):
        register_system(object())  # type: ignore[arg-type]
