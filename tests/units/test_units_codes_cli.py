"""``vn-egov codes validate|lookup|list`` through click's test runner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from vn_egov.cli.commands import codes
from vn_egov.cli.main import cli


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


def test_validate_json() -> None:
    result = run("validate", "notation", "Số: 4547/KH-UBND", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"system": "notation", "input": "Số: 4547/KH-UBND",
                                         "valid": True, "value": "4547/KH-UBND", "warnings": []}


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
    assert data["error"] == "division code '311' has 3 digits; 2 or 5 expected"
    assert data["error_type"] == "InvalidLength"
    assert data["hint"].startswith("a province code has 2 digits")
    assert (data["system"], data["input"]) == ("division", "311")


def test_lookup_agency_json() -> None:
    result = run("lookup", "agency", "000.00.00.G22", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["code"], data["name"], data["verified"], data["parent"]) == (
        "G22", "Văn phòng Chính phủ", True, "G")
    assert data["confidence"] == "medium"


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
    assert (data["code"], data["name"], data["type"], data["province_code"]) == (
        "11824", "Xã Vĩnh Bảo", "xã", "31")


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
    assert result.stderr == ("vn-egov: error: code system 'notation' does not support lookup "
                             "(vn_egov.edoc.notation has no lookup())\n")


def test_missing_module_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(codes.SYSTEMS, "procedure", "vn_egov.services.codes.not_there")
    result = run("validate", "procedure", "1.000001")
    assert result.exit_code == 2
    assert result.stderr == ("vn-egov: error: code system 'procedure' is not available in this "
                             "installation (module vn_egov.services.codes.not_there not "
                             "found)\n")


def test_module_without_protocol_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(codes.SYSTEMS, "field", "vn_egov.units.registry")
    result = run("validate", "field", "G15-TP07")
    assert result.exit_code == 2
    assert "lacks compact, validate, is_valid, format" in result.stderr


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
    assert [row["code"] for row in json.loads(listed.stdout)] == ["000.00.01.H24"]
    wrong = run("validate", "division", "31", "--registry", str(path))
    assert wrong.exit_code == 2
    assert "--registry applies to the agency system only" in wrong.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("x = 1\n", encoding="utf-8")
    broken = run("lookup", "agency", "G22", "--registry", str(bad))
    assert broken.exit_code == 2
    assert "unknown top-level keys ['x']" in broken.stderr
