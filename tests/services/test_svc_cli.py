"""``vn-egov services``: deadline, calendar, report, import, export."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from svc_helpers import DATA, at

from vn_egov.cli.main import cli
from vn_egov.services.catalogue.models import ChannelKind, TimeLimit, TimeUnit
from vn_egov.services.dossier.models import Dossier, Person


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["services", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_deadline_json() -> None:
    code, out, _ = run("deadline", "--start", "2026-02-13T10:00:00+07:00", "--days", "1",
                       "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["due"], data["due_date"]) == ("2026-02-23T17:00:00+07:00", "2026-02-23")


def test_deadline_text_after_cutoff_and_naive_start() -> None:
    code, out, _ = run("deadline", "--start", "2025-03-03T16:00", "--days", "3")
    assert code == 0
    assert "receipt day: 2025-03-04" in out
    assert "due:         2025-03-07T17:00:00+07:00" in out
    assert "regime:      NĐ 61/2018/NĐ-CP" in out
    code, out, _ = run("deadline", "--start", "2025-07-03T16:00", "--days", "3",
                       "--channel", "online", "--format", "json")
    data = json.loads(out)
    assert (data["due"], data["channel"], data["policy"]["name"]) == (
        "2025-07-08T17:00:00+07:00", "ONLINE",
        "NĐ 118/2025/NĐ-CP (sửa đổi bởi NĐ 367/2025/NĐ-CP)")
    code, out, _ = run("deadline", "--start", "2025-03-03T09:00", "--days", "0.5",
                       "--convention", "production", "--format", "json")
    assert json.loads(out)["due"] == "2025-03-03T15:00:00+07:00"


def test_deadline_hours_and_no_cutoff() -> None:
    code, out, _ = run("deadline", "--start", "2025-03-03T16:00+07:00", "--hours", "4",
                       "--cutoff", "none", "--format", "json")
    assert (code, json.loads(out)["due"]) == (0, "2025-03-04T10:00:00+07:00")
    code, out, _ = run("deadline", "--start", "2025-03-03T09:00+07:00", "--days", "1",
                       "--hours", "2", "--format", "json")
    assert json.loads(out)["limit"] == {"value": "10", "unit": "WORKING_HOUR"}


def test_deadline_errors() -> None:
    code, _, err = run("deadline", "--start", "soon", "--days", "1")
    assert code == 2
    assert "--start 'soon' is not an ISO date-time" in err
    code, _, err = run("deadline", "--start", "2025-03-03T09:00")
    assert (code, err.strip()) == (2, "vn-egov: error: give --days, --hours or both")
    code, _, err = run("deadline", "--start", "2025-03-03T09:00", "--days", "x")
    assert code == 2
    assert "'x' is not a number" in err


def test_calendar(tmp_path: Path) -> None:
    code, out, _ = run("calendar", "2025")
    assert code == 0
    assert "2025-04-26 Sat working  make-up working day: Làm bù cho ngày nghỉ 02/05/2025 " \
           "(8726/VPCP-KGVX)" in out
    assert "[unverified]" not in out
    assert "2025-04-07 Mon off      public holiday: Ngày Giỗ Tổ Hùng Vương" in out
    code, out, _ = run("calendar", "2027")
    assert "2027-02-04 Thu off      public holiday: 29 Tết  [unverified]" in out
    code, out, _ = run("calendar", "2026", "--format", "json", "--culture-day")
    days = {d["date"]: d for d in json.loads(out)["days"]}
    assert days["2026-11-24"]["working"] is False
    assert days["2026-01-10"] == {
        "date": "2026-01-10", "working": True, "reason": "make-up working day",
        "name": "Làm bù cho ngày nghỉ 02/01/2026", "occasion": "swap",
        "instrument": "12729/VPCP-KGVX", "source": days["2026-01-10"]["source"],
        "verified": True}
    extra = tmp_path / "extra.json"
    extra.write_text('{"entries": [{"date": "2026-05-13", "kind": "day_off", '
                     '"name": "Ngày giải phóng Hải Phòng"}]}', encoding="utf-8")
    code, out, _ = run("calendar", "2026", "--calendar-file", str(extra))
    assert "2026-05-13 Wed off      day off: Ngày giải phóng Hải Phòng" in out
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run("calendar", "2026", "--calendar-file", str(bad))
    assert code == 2
    assert "cannot read calendar file" in err


def test_import_export_and_report(tmp_path: Path) -> None:
    code, out, err = run("import", str(DATA / "legacy_lay_thu_tuc_1.001193.json"), "--id", "vb",
                         "--title", "Danh mục TTHC", "--publisher", "UBND xã Vĩnh Bảo")
    assert code == 0
    assert "warning SVC103 channel '9' is not 1, 2 or 3" in err
    xml_file = tmp_path / "catalogue.xml"
    xml_file.write_text(out, encoding="utf-8")
    code, out, _ = run("report", str(xml_file), "--format", "json")
    report = json.loads(out)
    assert (code, report["kind"], report["overall"]["total"]) == (0, "catalogue", 1)
    code, out, err = run("export", str(xml_file), "--format", "cpsv")
    assert json.loads(out)["@graph"][0]["dct:identifier"] == "1.001193"
    assert "not mapped: 1.001193:" in err
    code, out, _ = run("export", str(xml_file), "--format", "json")
    json_file = tmp_path / "catalogue.json"
    json_file.write_text(out, encoding="utf-8")
    code, out, _ = run("report", str(json_file))
    assert code == 0
    assert "  overall: total=1" in out


def test_report_dossiers(tmp_path: Path) -> None:
    d = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
                channel=ChannelKind.DIRECT, applicant=Person(name="Nguyễn Văn A"),
                time_limit=TimeLimit(value=1, unit=TimeUnit.WORKING_DAY))
    d.accept(at(2025, 3, 3, 9))
    file = tmp_path / "dossiers.json"
    file.write_text(json.dumps({"dossiers": [d.model_dump(mode="json")]}, ensure_ascii=False),
                    encoding="utf-8")
    code, out, _ = run("report", str(file), "--from", "2025-03-01", "--to", "2025-03-31",
                       "--format", "json")
    data = json.loads(out)
    assert (code, data["kind"], data["period"]) == (
        0, "dossiers", {"start": "2025-03-01", "end": "2025-03-31"})
    assert (data["overall"]["received"], data["overall"]["in_progress_overdue"]) == (1, 1)
    code, out, _ = run("report", str(file), "--from", "2025-03-01", "--to", "2025-03-31")
    lines = out.splitlines()
    assert lines[0].startswith("QĐ 766/QĐ-TTg indicators, 2025-03-01 to 2025-03-31: ")
    assert lines[1].split() == ["overall", "000.00.06.H56"]
    assert lines[2].split() == ["carried", "over", "0", "0"]
    assert "on-time rate" in out
    assert "0.00%" in out
    code, _, err = run("report", str(file))
    assert (code, err.strip()) == (2, "vn-egov: error: a dossier report needs the period: "
                                      "--from DATE --to DATE")
    code, _, err = run("report", str(file), "--from", "march", "--to", "2025-03-31")
    assert "--from 'march' is not an ISO date" in err
    bad = tmp_path / "bad.json"
    bad.write_text('[{"code": "x"}]', encoding="utf-8")
    code, _, err = run("report", str(bad))
    assert code == 1
    assert "invalid content" in err
    # Regression: "export" turned the same problem into an internal error.
    catalogue = tmp_path / "bad-catalogue.json"
    catalogue.write_text('{"procedures": [{"bad": 1}]}', encoding="utf-8")
    code, _, err = run("export", str(catalogue), "--format", "json")
    assert code == 1
    assert "invalid content (7 problem(s)): $.id: a value is required" in err
    assert "internal error" not in err


def test_calendar_check(tmp_path: Path) -> None:
    code, out, _ = run("calendar", "--check", "2025", "2026")
    assert code == 0
    assert out.splitlines()[0] == (
        "2025: verified (lunar_new_year 8726/VPCP-KGVX; national_day 8726/VPCP-KGVX; "
        "swap 8726/VPCP-KGVX)")
    assert "  pending: Ngày Văn hóa Việt Nam (Nghị quyết 80-NQ/TW ngày 07/01/2026; " \
           "Nghị quyết 30/NQ-CP tháng 02/2026)" in out
    code, out, _ = run("calendar", "--check", "2027", "--format", "json")
    assert code == 1
    year = json.loads(out)["years"][0]
    assert (year["year"], year["verified"], year["missing"]) == (
        2027, False, ["lunar_new_year", "national_day"])
    notice = tmp_path / "2027.toml"
    notice.write_text("".join(
        f'[[entries]]\ndate = {day}\nkind = "day_off"\noccasion = "{occasion}"\n'
        'instrument = "1/VPCP-KGVX"\n' for day, occasion in (
            ("2027-02-05", "lunar_new_year"), ("2027-02-08", "lunar_new_year"),
            ("2027-02-09", "lunar_new_year"), ("2027-02-10", "lunar_new_year"),
            ("2027-02-11", "lunar_new_year"), ("2027-09-03", "national_day"))),
        encoding="utf-8")
    code, out, _ = run("calendar", "--check", "2027", "--calendar-file", str(notice))
    assert (code, out.splitlines()[0]) == (
        0, "2027: verified (lunar_new_year 1/VPCP-KGVX; national_day 1/VPCP-KGVX)")
    code, _, err = run("calendar")
    assert (code, err.strip()) == (2, "vn-egov: error: give one YEAR, or --check with any "
                                      "number of years")


def test_check_payload(tmp_path: Path) -> None:
    code, out, _ = run("check-payload", str(DATA / "portal" / "thanhhoa_array.json"))
    assert (code, out.strip()) == (0, "1 record(s), 0 finding(s)")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"service": "DongBoHoSoMC", "isUpdating": "False", "data": [
        {"MaHoSo": "00352112000539", "MaTTHC": "1.001193", "LoaiDoiTuong": "1",
         "TrangThaiHoSo": "1"}]}), encoding="utf-8")
    code, out, _ = run("check-payload", str(bad), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert ("SVC502", "DongBoHoSoMC.data[0].MaHoSo") in [
        (i["rule"], i["xpath"]) for i in data["issues"]]
    progress = tmp_path / "progress.json"
    progress.write_text(json.dumps([{"MaHoSo": "000.00.06.H56-250303-0001",
                                     "ThoiDiemXuLy": "20250303080509", "NoiDungXuLy": "x",
                                     "TrangThai": "2"}]), encoding="utf-8")
    code, out, _ = run("check-payload", str(progress), "--progress")
    assert (code, out.strip()) == (0, "1 record(s), 0 finding(s)")
