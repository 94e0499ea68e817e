"""E-forms: a Form.io schema on a procedure case, submitted data checked and rendered.

The fixture reproduces the structure one-stop systems store (the Thanh Hóa system keeps a
Form.io 4 schema per procedure case, ``TruongHopThuTuc.EForm``, and the submission as
``eFormData``): panels, columns, a container, a data grid, selects, radios, select boxes.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from svc_helpers import DATA, at

from vn_egov.errors import InputError
from vn_egov.services.catalogue.models import Case, ChannelKind, TimeLimit, TimeUnit
from vn_egov.services.dossier.models import Dossier, Person
from vn_egov.services.dossier.receipt import Receipt
from vn_egov.services.forms.formio import EForm, load_form, render_lines, validate_data

FORM_TEXT = (DATA / "forms" / "to_khai_khai_sinh.json").read_text(encoding="utf-8")
FORM = load_form(FORM_TEXT)
GOOD: dict[str, Any] = {"data": {
    "hoTenNguoiYeuCau": "Nguyễn Văn A", "soDinhDanh": "031090001234", "email": "a@b.vn",
    "quanHe": "cha", "hoTenTre": "Nguyễn Văn B", "ngaySinh": "01/03/2025",
    "gioiTinh": "nam", "soBanSao": 2, "nhanQuaBuuChinh": True,
    "giayToKemTheo": {"chungSinh": True, "uyQuyen": False},
    "noiSinh": {"tinh": "Hải Phòng", "xa": "Vĩnh Bảo"},
    "nguoiLamChung": [{"hoTen": "Trần C", "ngayKy": "2025-03-02T09:00:00+07:00"}],
    "submit": True}}


def findings(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(issue.rule, issue.xpath or "") for issue in validate_data(FORM, data)]


def test_form_fields_in_order() -> None:
    assert FORM.fields() == ["hoTenNguoiYeuCau", "soDinhDanh", "email", "quanHe", "hoTenTre",
                             "ngaySinh", "gioiTinh", "soBanSao", "nhanQuaBuuChinh",
                             "giayToKemTheo", "noiSinh", "nguoiLamChung"]
    assert not FORM.uses_logic()


def test_good_submission_passes() -> None:
    assert validate_data(FORM, GOOD) == []
    assert validate_data(FORM, GOOD["data"]) == []     # bare data object


@pytest.mark.parametrize(("path", "value", "rule"), [
    ("hoTenNguoiYeuCau", "", "SVC401"),
    ("hoTenNguoiYeuCau", None, "SVC401"),
    ("hoTenNguoiYeuCau", 12, "SVC402"),
    ("hoTenNguoiYeuCau", "x" * 101, "SVC405"),
    ("soDinhDanh", "03109000123", "SVC403"),
    ("soDinhDanh", "031090001234x", "SVC403"),    # the pattern matches the whole value
    ("email", "không-phải-thư", "SVC403"),
    ("quanHe", "ong", "SVC404"),
    ("gioiTinh", "khac", "SVC404"),
    ("ngaySinh", "2025-03-01", "SVC402"),
    ("ngaySinh", "31/02/2025", "SVC402"),
    ("soBanSao", 11, "SVC405"),
    ("soBanSao", "hai", "SVC402"),
    ("soBanSao", True, "SVC402"),
    ("nhanQuaBuuChinh", "có", "SVC402"),
    ("giayToKemTheo", {"chungSinh": True, "khac": True}, "SVC404"),
    ("giayToKemTheo", ["chungSinh"], "SVC402"),
    ("noiSinh", "Hải Phòng", "SVC402"),
    ("nguoiLamChung", {"hoTen": "x"}, "SVC402"),
    ("thuaRa", "x", "SVC406"),
])
def test_each_problem_points_to_its_field(path: str, value: Any, rule: str) -> None:
    data = copy.deepcopy(GOOD)
    data["data"][path] = value
    found = findings(data)
    assert next(entry for entry in found if entry[1].startswith(f"data.{path}"))[0] == rule, found


def test_nested_paths() -> None:
    data = copy.deepcopy(GOOD)
    data["data"]["noiSinh"] = {"xa": "Vĩnh Bảo"}
    data["data"]["nguoiLamChung"] = [{"hoTen": "A"}, {"hoTen": "", "ngayKy": "hôm qua"}]
    assert findings(data) == [("SVC401", "data.noiSinh.tinh"),
                              ("SVC401", "data.nguoiLamChung[1].hoTen"),
                              ("SVC402", "data.nguoiLamChung[1].ngayKy")]
    messages = [i.message for i in validate_data(FORM, data)]
    assert messages[0] == "Tỉnh is required"


def test_logic_and_bad_patterns_are_reported_not_ignored() -> None:
    form = EForm.model_validate({"components": [
        {"type": "textfield", "key": "a", "label": "A",
         "conditional": {"show": True, "when": "b", "eq": "x"}},
        {"type": "textfield", "key": "b", "label": "B", "validate": {"pattern": "(unclosed"}}]})
    assert form.uses_logic()
    assert [(i.rule, i.xpath) for i in validate_data(form, {"a": "x", "b": "y"})] == [
        ("SVC407", "data"), ("SVC407", "data.b")]


def test_hostile_forms_and_data() -> None:
    with pytest.raises(InputError, match=r"not a Form\.io schema"):
        load_form('{"components": [{"type": 1, "validate": []}]}')
    with pytest.raises(InputError, match="not JSON"):
        load_form(b"\xff")
    with pytest.raises(InputError, match="not an object"):
        validate_data(FORM, [1, 2])
    deep: dict[str, Any] = {"type": "textfield", "key": "leaf"}
    for level in range(60):
        deep = {"type": "container", "key": f"c{level}", "components": [deep]}
    nested = EForm.model_validate({"components": [deep]})
    data: dict[str, Any] = {"leaf": "x"}
    for level in range(60):
        data = {f"c{level}": data}
    assert ("SVC407") in [i.rule for i in validate_data(nested, data)]


def test_case_carries_its_form_and_the_dossier_its_data() -> None:
    case = Case(code="1.001193.01", name="Đăng ký khai sinh", eform=FORM_TEXT)
    assert case.form == FORM
    with pytest.raises(ValueError, match=r"not a Form\.io schema"):
        Case(name="x", eform='{"components": "none"}')
    dossier = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
                      case_code="1.001193.01", channel=ChannelKind.ONLINE,
                      applicant=Person(name="Nguyễn Văn A"), form_data=GOOD,
                      time_limit=TimeLimit(value=1, unit=TimeUnit.WORKING_DAY))
    assert dossier.check_form(FORM) == []
    assert Dossier.model_validate_json(dossier.model_dump_json()).form_data == GOOD


def test_form_data_rendered_into_the_receipt() -> None:
    assert render_lines(FORM, GOOD, "vi")[:4] == [
        ("Họ, chữ đệm, tên người yêu cầu", "Nguyễn Văn A"),
        ("Số định danh cá nhân", "031090001234"), ("Thư điện tử", "a@b.vn"),
        ("Quan hệ với người được khai sinh", "Cha")]
    dossier = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
                      channel=ChannelKind.ONLINE, applicant=Person(name="Nguyễn Văn A"),
                      form_data=GOOD, time_limit=TimeLimit(value=1, unit=TimeUnit.WORKING_DAY))
    dossier.accept(at(2025, 3, 3, 9), actor="Phạm Thị D")
    receipt = Receipt.from_dossier(dossier, FORM)
    text = receipt.render_text()
    assert "Tờ khai điện tử:\n  Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn A" in text
    assert "  Giới tính: Nam" in text
    assert "  Nhận kết quả qua bưu chính: có" in text
    assert "  Giấy tờ kèm theo: Giấy chứng sinh" in text
    assert "  Nơi sinh › Tỉnh: Hải Phòng" in text
    assert "  Người làm chứng [1] › Họ tên: Trần C" in text
    assert receipt.to_dict()["form"][0] == {"label": "Họ, chữ đệm, tên người yêu cầu",
                                            "value": "Nguyễn Văn A"}
    english = Receipt.from_dossier(dossier, FORM, lang="en").render_text("en")
    assert "Electronic form:" in english
    assert "  Nhận kết quả qua bưu chính: yes" in english


@settings(max_examples=60)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=20))
def test_any_json_data_gives_findings_not_tracebacks(data: Any) -> None:
    payload = {"data": data} if isinstance(data, dict) else {"data": {"hoTenTre": data}}
    for issue in validate_data(FORM, payload):
        assert issue.rule.startswith("SVC4")
    json.dumps(render_lines(FORM, payload), ensure_ascii=False)


def test_hostile_pattern_is_bounded() -> None:
    import time

    form = EForm.model_validate({"components": [
        {"type": "textfield", "key": "a", "label": "A",
         "validate": {"pattern": "(x+x+)+y"}}]})
    started = time.monotonic()
    issues = validate_data(form, {"a": "x" * 5000})
    assert time.monotonic() - started < 10   # generous: the engine stops after 0.5 s
    assert [i.rule for i in issues] in (["SVC403"], ["SVC407"])


def test_long_email_is_refused_quickly() -> None:
    form = EForm.model_validate({"components": [{"type": "email", "key": "e", "label": "E"}]})
    assert [i.rule for i in validate_data(form, {"e": "a@" + "b" * 200_000})] == ["SVC403"]
