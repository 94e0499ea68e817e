"""What users read, in Vietnamese and in English: the validate reports, the conformance
reports, the demo, the rule catalogue and a matrix of command-line errors.

The Vietnamese expectations are written here from the glossary (docs/glossary.md), not copied
from a run: a wrong or missing catalogue entry fails these tests. Rule ids, JSON keys,
statuses and severities must stay the same in both languages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from vn_egov.cli.main import cli, main
from vn_egov.conformance import load_manifest, render, run_library
from vn_egov.conformance.results import CaseResult, RunResult, diff_outcome
from vn_egov.i18n import language

UNKNOWN_ROOT_VI = "không có bộ quy tắc kiểm tra nào nhận biết phần tử gốc <a>"
UNKNOWN_ROOT_EN = "no profile recognises the root element <a>"
PROFILE_HINT_VI = "chỉ định bằng --profile (xem 'vn-egov rules')"


@pytest.fixture
def unknown_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A well-formed XML file no profile recognises (finding VAL001), in a clean folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VN_EGOV_LANG", raising=False)
    path = tmp_path / "a.xml"
    path.write_text("<a/>", encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``vn-egov ARGS`` in-process through the real entry point (exit code, out, err)."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


# -- vn-egov validate reports ------------------------------------------------------------------


def test_text_report_and_summary_in_vietnamese(
        unknown_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "validate", "--lang", "vi", "a.xml")
    assert code == 1
    assert out == f"a.xml: error VAL001 {UNKNOWN_ROOT_VI}\n"  # severity and rule id stay
    assert err == "1 tệp, 1 không hợp lệ: 1 lỗi\n"


def test_json_report_keeps_its_keys_and_translates_the_text(
        unknown_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    documents = {}
    for lang in ("en", "vi"):
        code, out, _err = _run(capsys, "validate", "--lang", lang, "--format", "json", "a.xml")
        assert code == 1
        documents[lang] = json.loads(out)
    english, vietnamese = documents["en"], documents["vi"]
    [issue_en] = english["files"][0]["issues"]
    [issue_vi] = vietnamese["files"][0]["issues"]
    assert issue_en.keys() == issue_vi.keys()
    assert (issue_vi["rule"], issue_vi["severity"]) == (issue_en["rule"], issue_en["severity"])
    assert (issue_en["message"], issue_vi["message"]) == (UNKNOWN_ROOT_EN, UNKNOWN_ROOT_VI)
    assert issue_vi["hint"] == PROFILE_HINT_VI
    english["files"][0]["issues"] = vietnamese["files"][0]["issues"] = []
    assert english == vietnamese  # nothing else differs


def test_junit_report_in_vietnamese(unknown_root: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = _run(capsys, "validate", "--lang", "vi", "--format", "junit", "a.xml")
    failure = etree.fromstring(out.encode("utf-8")).find("testsuite/testcase/failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == ("VAL001", UNKNOWN_ROOT_VI)
    assert failure.text == f"a.xml: error VAL001 {UNKNOWN_ROOT_VI}\ngợi ý: {PROFILE_HINT_VI}"


def test_sarif_report_in_vietnamese(unknown_root: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = _run(capsys, "validate", "--lang", "vi", "--format", "sarif", "a.xml")
    run = json.loads(out)["runs"][0]
    [result] = run["results"]
    assert result["ruleId"] == "VAL001"
    assert result["message"]["text"] == f"{UNKNOWN_ROOT_VI} (gợi ý: {PROFILE_HINT_VI})"
    [rule] = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "VAL001"]
    assert rule["shortDescription"]["text"] == \
        "Không có bộ quy tắc kiểm tra nào phù hợp với tài liệu"


def test_github_annotations_in_vietnamese(unknown_root: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, err = _run(capsys, "validate", "--lang", "vi", "--format", "github", "a.xml")
    assert out == f"::error file=a.xml,title=VAL001::{UNKNOWN_ROOT_VI}\n"
    assert err == "1 tệp, 1 không hợp lệ: 1 lỗi\n"


def test_worker_processes_write_in_the_language_of_the_run(
        unknown_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (unknown_root.parent / "b.xml").write_text("<a/>", encoding="utf-8")
    _code, out, _err = _run(capsys, "validate", "--lang", "vi", "--jobs", "2", "a.xml", "b.xml")
    assert out.splitlines() == [f"a.xml: error VAL001 {UNKNOWN_ROOT_VI}",
                                f"b.xml: error VAL001 {UNKNOWN_ROOT_VI}"]


# -- conformance reports -----------------------------------------------------------------------


@pytest.fixture
def failing_run() -> RunResult:
    """A run with one passing and one failing case; the differences made in Vietnamese."""
    with language("vi"):
        diffs = diff_outcome({"valid": True, "rules": ["EDX501"]},
                             {"valid": False, "rules": ["EDX101"]})
    return RunResult("library", "vn_egov 0.1", "1.0.0", (
        CaseResult(case_id="a-ok", title="Văn bản mới", type="edxml", spec="QCVN 102:2016",
                   status="pass"),
        CaseResult(case_id="b-bad", title="Thiếu trích yếu", type="edxml",
                   spec="QCVN 102:2016", status="fail", expected={"valid": True},
                   actual={"valid": False}, diffs=diffs)), "0.1")


def test_conformance_differences_in_vietnamese(failing_run: RunResult) -> None:
    assert failing_run.results[1].diffs == ("valid: cần True, nhận được False",
                                            "rules: thiếu EDX501",
                                            "rules: có thêm ngoài mong đợi EDX101")


def test_conformance_text_report_in_vietnamese(failing_run: RunResult) -> None:
    with language("vi"):
        lines = render(failing_run, "text").splitlines()
    assert lines[0] == "ĐẠT  a-ok  Văn bản mới"
    assert lines[1:3] == ["KHÔNG ĐẠT b-bad  Thiếu trích yếu",
                          "     - valid: cần True, nhận được False"]
    assert lines[-1] == ("Kiểm thử thư viện vn_egov 0.1 trên bộ ca kiểm thử 1.0.0: 2 ca, 1 đạt, "
                         "1 không đạt, 0 lỗi, 0 bỏ qua")


def test_conformance_json_keeps_keys_and_statuses(failing_run: RunResult) -> None:
    with language("vi"):
        data = json.loads(render(failing_run, "json"))
    english = json.loads(render(failing_run, "json"))
    assert data == english  # the texts were made before; the document itself has none
    assert [case["status"] for case in data["cases"]] == ["pass", "fail"]
    assert data["mode"] == "library"


def test_conformance_junit_in_vietnamese(failing_run: RunResult) -> None:
    with language("vi"):
        suite = etree.fromstring(render(failing_run, "junit").encode("utf-8"))
    failure = suite.find("testcase[@name='b-bad']/failure")
    assert failure is not None
    assert failure.text.splitlines()[:2] == ["Thiếu trích yếu", "căn cứ: QCVN 102:2016"]


@pytest.mark.parametrize(("lang", "heading", "column", "status"), [
    ("vi", "Báo cáo kiểm thử sự phù hợp vn_egov", "Ca kiểm thử", "KHÔNG ĐẠT"),
    ("en", "vn_egov conformance report", "Case", "FAIL"),
])
def test_conformance_html_page_has_the_language_and_its_headings(
        failing_run: RunResult, lang: str, heading: str, column: str, status: str) -> None:
    with language(lang):
        page = render(failing_run, "html")
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert f"<th>{column}</th>" in page
    assert f'<td class="status s-fail">{status}</td>' in page  # the CSS key stays English


def test_conformance_self_test_summary_in_vietnamese() -> None:
    with language("vi"):
        run = run_library(load_manifest(), ids=("status-03-acceptance",))
        text = render(run, "text")
    assert text.splitlines()[0].startswith("ĐẠT  status-03-acceptance  ")
    assert ": 1 ca, 1 đạt, 0 không đạt, 0 lỗi, 0 bỏ qua" in text


def test_conformance_list_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "conformance", "list", "--lang", "vi", "--type", "signature")
    assert code == 0
    assert out.splitlines()[-1] == "9 ca kiểm thử, bộ ca kiểm thử phiên bản 1.2.0"
    assert " hợp lệ " in out
    assert " không hợp lệ " in out


# -- the demo ----------------------------------------------------------------------------------

DEMO_LINES = {
    "vi": ["3. Đã lập gói tin văn bản Kế hoạch số 4547/KH-UBND (25/12/2015), người ký: "
           "Lê Khắc Nam",
           "   Ủy ban nhân dân thành phố Hải Phòng -> 4 sở, ngành; tệp đính kèm 4547-KH-UBND.pdf",
           "   kiểm tra theo bộ quy tắc edxml-document: hợp lệ, 0 lỗi, 0 cảnh báo",
           "5. Đã trả lời bằng gói tin trạng thái 03 (Đã tiếp nhận): ",
           "8. Đã khởi động trục liên thông cục bộ tại http://127.0.0.1:",
           "   4/4 sở đã trả lời 03 (Đã tiếp nhận); mọi gói tin trạng thái đều khớp với văn bản "
           "đã gửi"],
    "en": ["3. Built the document package of Kế hoạch số 4547/KH-UBND (25/12/2015), signed by "
           "Lê Khắc Nam",
           "   validated with profile edxml-document: valid, 0 errors, 0 warnings",
           "5. Answered with status 03 (Đã tiếp nhận): ",
           "8. Started a local hub at http://127.0.0.1:",
           "   4 of 4 departments answered 03 (Đã tiếp nhận); every status matched"],
}
DEMO_END = {"vi": "Hoàn tất.", "en": "Done."}
PKI_STEP = {"vi": "1. Đã tạo hạ tầng khóa công khai mẫu tại ",
            "en": "1. Created a demo PKI in "}
PDF_STEP = {"vi": "2. Đã tạo tệp PDF của kế hoạch và ký số (PAdES)",
            "en": "2. Generated the plan's PDF and signed it (PAdES)"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_demo_narrates_in_the_chosen_language(lang: str, tmp_path: Path) -> None:
    from vn_egov.signature.pdf.package import pdf_available

    result = CliRunner().invoke(cli, ["demo", "--lang", lang, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for expected in DEMO_LINES[lang]:
        assert any(line.startswith(expected) for line in lines), expected
    assert lines[-1] == DEMO_END[lang]
    assert lines[0].startswith(PKI_STEP[lang])
    if pdf_available():
        assert lines[1].startswith(PDF_STEP[lang])
    other = "en" if lang == "vi" else "vi"
    assert DEMO_END[other] not in result.output


# -- the rule catalogue ------------------------------------------------------------------------


def test_rules_print_the_vietnamese_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "rules", "--lang", "vi")
    assert code == 0
    lines = out.splitlines()
    for expected in (
            "VAL001  error  well-formed  (mọi bộ quy tắc)  Không có bộ quy tắc kiểm tra nào phù "
            "hợp với tài liệu",
            "XSD001  error  xsd  (mọi bộ quy tắc)  Tài liệu không tuân thủ lược đồ XML (XSD) của "
            "bộ quy tắc kiểm tra",
            "XML003  error  well-formed  (mọi bộ quy tắc)  Không đọc được dữ liệu đầu vào",
            "SVC501  error  portal  (mọi bộ quy tắc)  Thiếu hoặc để trống trường bắt buộc của "
            "Cổng"):
        assert expected in lines
    hint = next(index for index, line in enumerate(lines) if line.startswith("VAL001")) + 1
    assert lines[hint] == f"    gợi ý: {PROFILE_HINT_VI}"
    assert any(line.startswith("    căn cứ: ") for line in lines)


def test_rules_json_keeps_keys_and_ids(capsys: pytest.CaptureFixture[str]) -> None:
    catalogues = {}
    for lang in ("en", "vi"):
        _code, out, _err = _run(capsys, "rules", "--lang", lang, "--format", "json")
        catalogues[lang] = {rule["id"]: rule for rule in json.loads(out)}
    assert catalogues["en"].keys() == catalogues["vi"].keys()
    english, vietnamese = catalogues["en"]["XSD001"], catalogues["vi"]["XSD001"]
    assert english.keys() == vietnamese.keys()
    assert vietnamese["title"] == ("Tài liệu không tuân thủ lược đồ XML (XSD) của bộ quy tắc "
                                   "kiểm tra")
    assert (vietnamese["severity"], vietnamese["reference"]) == (english["severity"],
                                                                 english["reference"])


# -- command-line errors -----------------------------------------------------------------------

#: (arguments, exit code, English text, Vietnamese text) of the error matrix.
ERRORS = [
    (["validate", "/nonexistent/x.edxml"], 2, "path does not exist",
     "đường dẫn không tồn tại"),
    (["validate", "/nonexistent/*.edxml"], 2, "no files matched", "không có tệp nào khớp"),
    (["validate", "--bogus", "a.xml"], 2, "No such option '--bogus'",
     "Không có tùy chọn '--bogus'"),
    (["validate", "--format", "xml", "a.xml"], 2, "Invalid value for '--format'",
     "Giá trị không hợp lệ cho '--format'"),
    (["validate", "a.xml"], 1, UNKNOWN_ROOT_EN, UNKNOWN_ROOT_VI),
    (["validate", "bad.edxml"], 1, "error XSD001 schema: Element 'Subjekt': This element is "
     "not expected. Expected is ( Subject ).", "error XSD001 lược đồ: Phần tử 'Subjekt': "
     "phần tử này không được phép ở vị trí này. Cần có ( Subject )."),
    (["validate", "--disable", "NOPE001", "a.xml"], 2, "unknown rule id(s) in --disable",
     "--disable có mã quy tắc không tồn tại: NOPE001"),
    (["validate", "--severity", "XML001=fatal", "a.xml"], 2, "unknown severity 'fatal'",
     "mức độ 'fatal' không hợp lệ"),
    (["validate", "--config", "bad.toml", "a.xml"], 2, "unknown configuration key 'failon'",
     "khóa cấu hình 'failon' không được hỗ trợ"),
    (["validate", "--trust", "a.xml", "a.xml"], 2, "only apply with --verify-signature",
     "chỉ dùng được cùng --verify-signature"),
    (["conformance", "check", "--consumer", "parser"], 2, "the command must contain {file}",
     "lệnh phải chứa {file}"),
    (["conformance", "run", "--case", "nope"], 2, "no conformance case 'nope'",
     "không có ca kiểm thử 'nope'"),
    (["services", "deadline", "--start", "yesterday", "--days", "1"], 2,
     "is not an ISO date-time", "không phải ngày giờ ISO"),
    (["services", "deadline", "--start", "2025-03-03T09:00"], 2, "give --days, --hours or both",
     "hãy nêu --days, --hours hoặc cả hai"),
    (["codes", "validate", "agency", "G22.xx"], 1, "must contain only digits 0-9",
     "chỉ được chứa chữ số 0-9"),
    (["hub", "send", "a.xml"], 2, "no hub endpoint", "chưa có địa chỉ trục liên thông"),
]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(("args", "exit_code", "english", "vietnamese"), ERRORS,
                         ids=[" ".join(case[0][:2]) + f" #{i}" for i, case in enumerate(ERRORS)])
def test_command_line_errors_in_both_languages(  # noqa: PLR0917 - one parameter per column
        unknown_root: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, lang: str, args: list[str], exit_code: int,
        english: str, vietnamese: str) -> None:
    from vn_egov.edoc.demo import plan_package
    from vn_egov.edoc.writer import write

    monkeypatch.delenv("VN_EGOV_HUB_SECRET", raising=False)
    (unknown_root.parent / "bad.toml").write_text('failon = "error"\n', encoding="utf-8")
    # An edXML package whose Subject element is misspelt: the schema refuses it.
    (unknown_root.parent / "bad.edxml").write_bytes(
        write(plan_package()).replace(b"edXML:Subject>", b"edXML:Subjekt>"))
    code, out, err = _run(capsys, *args, "--lang", lang)
    assert code == exit_code
    shown = out + err
    assert (vietnamese if lang == "vi" else english) in shown
    assert (english if lang == "vi" else vietnamese) not in shown
    assert "Traceback" not in shown
