"""Portal payloads: what real systems send is read, what the portal refuses is reported.

Each real-system fixture reproduces the structure sent by one integrator of the national
portal (Cổng DVCQG): OpenCPS (``DVCQGIntegrationActionImpl.createSyncDossierBodyRequest``, an
envelope with session and madonvi), the Thanh Hóa one-stop system
(``SyncLocalDataToDVCQGService``, a bare array, every field a string, the 2021+ flags) and a Hà
Giang one-stop system (``HsDongBo``, a bare array with ``SoBienNhan`` and ``NgayHenTra: ""``).
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from svc_helpers import DATA, at

from vn_egov.errors import InputError
from vn_egov.services.catalogue.models import ChannelKind, FeeKind, TimeLimit, TimeUnit
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import (
    Dossier,
    DossierFee,
    Person,
    ResultDocument,
    SubmittedDocument,
)
from vn_egov.services.dossier.status_map import PAUSES_AS_RESOLVED
from vn_egov.services.payment.records import (
    FeeLine,
    PaymentMethod,
    PaymentRequest,
    PaymentStatus,
)
from vn_egov.services.portal.builders import (
    PortalOptions,
    build_dossier_payload,
    build_progress_payloads,
    dossier_record,
    lookup_payload,
    progress_events,
)
from vn_egov.services.portal.checks import (
    check_dossier_record,
    check_progress_event,
    read_dossier_payload,
    read_progress_payload,
)
from vn_egov.services.portal.models import DossierRecord, PortalResponse

PORTAL = DATA / "portal"


def load(name: str) -> Any:
    return json.loads((PORTAL / name).read_text(encoding="utf-8"))


def rules(issues: list[Any]) -> list[str]:
    return [issue.rule for issue in issues]


def errors(issues: list[Any]) -> list[Any]:
    return [issue for issue in issues if issue.severity.value == "error"]


# -- real systems' payloads are accepted ---------------------------------------------------


def test_opencps_envelope_is_accepted() -> None:
    # D19 (OpenCPS): {session, madonvi, service, isUpdating, data}; D21: "" for empty fields;
    # D18: every scalar a string. OpenCPS does not send KenhThucHien (a newer field): warned.
    records, issues = read_dossier_payload(load("opencps_envelope.json"))
    assert errors(issues) == []
    assert rules(issues) == ["SVC512"]
    assert issues[0].xpath == "DongBoHoSoMC.data[0].KenhThucHien"
    record = records[0]
    assert (record.code, record.status, record.due, record.files[0].deleted) == (
        "000.00.06.H56-231027-0361", "4", "20231030170000", "False")


def test_thanh_hoa_array_with_new_flags_is_accepted() -> None:
    # D18/D24/D25 (Thanh Hóa SyncLocalDataToDVCQGService): bare array, IsDeleted "0",
    # DuocTaiSuDung "2", NoiNopHoSo "2", DSKetNoiCSDL [{"MaCSDL": "7"}]; D27: HoSoBoSungId is a
    # number and TrangThaiBoSung a boolean.
    records, issues = read_dossier_payload(load("thanhhoa_array.json"))
    assert issues == []
    record = records[0]
    assert (record.channel, record.paid_online, record.has_digitised_documents) == ("2", "1", "1")
    assert record.files[0].reuse == "2"
    assert record.database_links[0].code == "7"
    assert (record.supplements[0].id, record.supplements[0].done) == (1, True)


def test_ha_giang_array_with_empty_due_date_and_receipt_number() -> None:
    # D20 (Hà Giang HsDongBo): SoBienNhan "" is sent; D21: NgayHenTra "" with status 2.
    records, issues = read_dossier_payload(load("hagiang_array.json"))
    assert errors(issues) == []
    assert sorted(set(rules(issues))) == ["SVC512"]  # no KenhThucHien, no TrichYeuHoSo
    assert (records[0].receipt_number, records[0].due) == ("", "")


@pytest.mark.parametrize("name", ["opencps_envelope.json", "thanhhoa_array.json",
                                  "hagiang_array.json"])
def test_real_payloads_round_trip(name: str) -> None:
    records, _ = read_dossier_payload(load(name))
    for record in records:
        wire = record.to_wire()
        assert DossierRecord.model_validate(wire) == record
        assert errors(check_dossier_record(wire)) == []


def test_json_numbers_read_to_the_same_model_as_strings() -> None:
    # D18: the library used to send numbers and refuse "KenhThucHien": "2"; both now read
    # to the same record, the numbers noted (SVC511).
    strings = load("thanhhoa_array.json")[0]
    numbers = {**strings, "KenhThucHien": 2, "LoaiDoiTuong": 1, "TrangThaiHoSo": 10,
               "HinhThuc": 0}
    numbers["TaiLieuNop"] = [{**strings["TaiLieuNop"][0], "IsDeleted": False}]
    numbers["DanhSachLePhi"] = [{**strings["DanhSachLePhi"][0], "Gia": 8000}]
    record_numbers, issues = read_dossier_payload([numbers])
    assert set(rules(issues)) == {"SVC511"}
    assert "DongBoHoSoMC[0].KenhThucHien" in [i.xpath for i in issues]
    record_strings, _ = read_dossier_payload([strings])
    expected = record_strings[0].model_copy(update={
        "files": [record_strings[0].files[0].model_copy(update={"deleted": "False"})]})
    assert record_numbers[0] == expected


# -- what the portal refuses -------------------------------------------------------------------


@pytest.mark.parametrize(("change", "rule", "path"), [
    ({"MaHoSo": None}, "SVC501", "MaHoSo"),
    ({"TrangThaiHoSo": ""}, "SVC501", "TrangThaiHoSo"),
    ({"MaHoSo": "00352112000539"}, "SVC502", "MaHoSo"),        # D32 legacy code
    ({"MaHoSo": "000.00.06.H56-251303-0001"}, "SVC502", "MaHoSo"),
    ({"MaTTHC": "TS_lop1.000.00.00.H22"}, "SVC503", "MaTTHC"),
    ({"KenhThucHien": "4"}, "SVC504", "KenhThucHien"),
    ({"LoaiDoiTuong": "5"}, "SVC504", "LoaiDoiTuong"),
    ({"TrangThaiHoSo": "0"}, "SVC504", "TrangThaiHoSo"),
    ({"HinhThuc": "2"}, "SVC504", "HinhThuc"),                  # D31: 0 direct, 1 postal
    ({"NgayTiepNhan": "2025-03-03 08:05"}, "SVC505", "NgayTiepNhan"),
    ({"NgayHenTra": "20250230170000"}, "SVC505", "NgayHenTra"),
    ({"NgayTiepNhan": ""}, "SVC506", "NgayTiepNhan"),
    ({"NgayHenTra": None}, "SVC506", "NgayHenTra"),
    ({"TrichYeuHoSo": "x" * 1001}, "SVC507", "TrichYeuHoSo"),   # D23
    ({"MaCoQuan": "x"}, "SVC508", "MaCoQuan"),
    ({"DinhDanhCHS": [{"LoaiDinhDanh": "2", "SoDinhDanh": "000000001"}]}, "SVC509",
     "DinhDanhCHS[0].SoDinhDanh"),
    ({"DinhDanhCHS": [{"LoaiDinhDanh": "1", "SoDinhDanh": "12345"}]}, "SVC509",
     "DinhDanhCHS[0].SoDinhDanh"),
    ({"DinhDanhCHS": [{"LoaiDinhDanh": "3", "SoDinhDanh": "12345"}]}, "SVC504",
     "DinhDanhCHS[0].LoaiDinhDanh"),
    ({"TaiLieuNop": [{"TenTepDinhKem": "x" * 4001}]}, "SVC507", "TaiLieuNop[0].TenTepDinhKem"),
    ({"TaiLieuNop": [{"DuocTaiSuDung": "3"}]}, "SVC504", "TaiLieuNop[0].DuocTaiSuDung"),
    ({"DanhSachGiayToKetQua": [{"TenGiayTo": "x" * 2001}]}, "SVC507",
     "DanhSachGiayToKetQua[0].TenGiayTo"),
    ({"DanhSachHoSoBoSung": [{"NgayBoSung": "hôm qua"}]}, "SVC505",
     "DanhSachHoSoBoSung[0].NgayBoSung"),
    ({"TaiLieuNop": "none"}, "SVC504", "TaiLieuNop"),
    ({"TrangThaiHoSo": "8"}, "SVC510", "TrangThaiHoSo"),         # D28
    ({"ChuHoSo": {"ten": "A"}}, "SVC504", "ChuHoSo"),
])
def test_refusals_name_the_field(change: dict[str, Any], rule: str, path: str) -> None:
    record = copy.deepcopy(load("thanhhoa_array.json")[0])
    for key, value in change.items():
        if value is None:
            record.pop(key)
        else:
            record[key] = value
    issues = check_dossier_record(record, "DongBoHoSoMC[0]")
    found = [(i.rule, i.xpath) for i in issues]
    assert (rule, f"DongBoHoSoMC[0].{path}") in found, found


@pytest.mark.parametrize("payload", ["[1, 2]", json.dumps([{"MaHoSo": ["a"]}]),
                                     json.dumps({"data": [{"TaiLieuNop": [3]}]})])
def test_hostile_entries_are_findings(payload: str) -> None:
    _, issues = read_dossier_payload(payload)
    assert issues
    assert {i.rule for i in issues} <= {"SVC501", "SVC504", "SVC512"}


@pytest.mark.parametrize(("payload", "message"), [
    ("{", "not JSON"), ('"x"', "expected a DongBoHoSoMC envelope"),
    (json.dumps({"service": "X", "data": []}), "for service 'X'")])
def test_unreadable_payloads_raise_input_errors(payload: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_dossier_payload(payload)


# -- the builders -----------------------------------------------------------------------------


def dossier(**changes: Any) -> Dossier:
    changes.setdefault("channel", ChannelKind.ONLINE)
    d = Dossier(
        code="000.00.06.H56-250303-0001", procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh", field_code="G15-TP07", field_name="Hộ tịch",
        summary="Đăng ký khai sinh cho con",
        agency_name="UBND xã Vĩnh Bảo", return_method=1,
        applicant=Person(name="Nguyễn Văn A", id_number="031090001234", id_type=1,
                         phone="0912345678", email="a@example.invalid", vneid_verified=True),
        time_limit=TimeLimit(value=Decimal(1), unit=TimeUnit.WORKING_DAY),
        submitted_at=at(2025, 3, 2, 20, 15),
        documents=[SubmittedDocument(name="Tờ khai", file_id="f1", component_code="c1",
                                     url="https://files.invalid/f1.pdf", digitised=True,
                                     reuse=2)],
        fees=[DossierFee(name="Lệ phí đăng ký khai sinh", amount=Decimal(8000),
                         kind=FeeKind.LE_PHI)],
        results=[ResultDocument(name="Giấy khai sinh", code="KQ.G15.000031",
                                url="https://files.invalid/kq.pdf")], **changes)
    d.accept(at(2025, 3, 3, 8, 5, 9), actor="Phạm Thị D", unit="Bộ phận Một cửa")
    return d


def test_built_record_has_every_field_as_text() -> None:
    record = build_dossier_payload(dossier(), bare=True)[0]
    assert list(record)[:10] == ["MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc",
                                 "SoBienNhan", "KenhThucHien", "ChuHoSo", "SoGiayToChuHoSo",
                                 "LoaiDoiTuong"]
    scalars = {k: v for k, v in record.items() if not isinstance(v, list)}
    assert all(isinstance(v, str) for v in scalars.values())
    assert {k: record[k] for k in ("KenhThucHien", "LoaiDoiTuong", "TrangThaiHoSo",
                                   "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayTra",
                                   "HinhThuc", "NoiNopHoSo", "HoSoCoThanhPhanSoHoa",
                                   "TaiKhoanDuocXacThucVoiVNeID",
                                   "DuocThanhToanTrucTuyen")} == {
        "KenhThucHien": "2", "LoaiDoiTuong": "1", "TrangThaiHoSo": "2",
        "NgayNopHoSo": "20250302201500", "NgayTiepNhan": "20250303080509",
        "NgayHenTra": "20250304170000", "NgayTra": "", "HinhThuc": "1", "NoiNopHoSo": "2",
        "HoSoCoThanhPhanSoHoa": "1", "TaiKhoanDuocXacThucVoiVNeID": "1",
        "DuocThanhToanTrucTuyen": "0"}
    assert record["TaiLieuNop"][0] == {
        "TepDinhKemId": "f1", "TenTepDinhKem": "Tờ khai", "IsDeleted": "False",
        "MaThanhPhanHoSo": "c1", "DuongDanTaiTepTin": "https://files.invalid/f1.pdf",
        "DuocSoHoa": "1", "DuocTaiSuDung": "2", "DuocLayTuKhoDMQG": "",
        "MaKetQuaThayThe": ""}
    # D26: phí/lệ phí codes are a configurable, unverified choice
    assert record["DanhSachLePhi"] == [{"TenPhiLePhi": "Lệ phí đăng ký khai sinh",
                                        "MaPhiLePhi": "", "HinhThucThu": "", "Gia": "8000",
                                        "LoaiPhiLePhi": "2"}]
    other = PortalOptions(fee_kind_codes={FeeKind.LE_PHI: "LePhi"}, database_links=("7",))
    custom = dossier_record(dossier(), other).to_wire()
    assert custom["DanhSachLePhi"][0]["LoaiPhiLePhi"] == "LePhi"
    assert custom["DSKetNoiCSDL"] == [{"MaCSDL": "7"}]
    assert record["DinhDanhCHS"] == [{"LoaiDinhDanh": "1", "SoDinhDanh": "031090001234"}]


def test_built_payload_round_trips_through_the_checks() -> None:
    d = dossier()
    d.start_processing(at(2025, 3, 3, 9))
    d.request_supplement(at(2025, 3, 3, 10), "Thiếu giấy chứng sinh", actor="Cán bộ B")
    for body in (build_dossier_payload(d), build_dossier_payload(d, bare=True)):
        records, issues = read_dossier_payload(body)
        assert errors(issues) == []
        assert records == [dossier_record(d)]
    # D27: one bổ sung round with the Thanh Hóa shape
    assert dossier_record(d).to_wire()["DanhSachHoSoBoSung"] == [{
        "HoSoBoSungId": 1, "NguoiYeuCauBoSung": "Cán bộ B",
        "NoiDungBoSung": "Thiếu giấy chứng sinh", "NgayBoSung": "20250303100000",
        "NguoiTiepNhanBoSung": "", "ThongTinTiepNhan": "", "NgayTiepNhanBoSung": "",
        "TrangThaiBoSung": False, "DanhSachGiayToBoSung": [], "DanhSachLePhiBoSung": [],
        "NgayHenTraTruoc": "20250304170000", "NgayHenTraMoi": ""}]


def test_envelope_variants() -> None:
    # D19: OpenCPS envelope with session and madonvi; a bare array for a provincial gateway.
    body = build_dossier_payload(dossier(), updating=True, session="s", unit_code="000.00.06.H56")
    assert list(body) == ["session", "madonvi", "service", "isUpdating", "data"]
    assert (body["session"], body["madonvi"], body["isUpdating"]) == ("s", "000.00.06.H56",
                                                                       "True")
    assert isinstance(build_dossier_payload(dossier(), bare=True), list)
    assert lookup_payload("000.00.06.H56-250303-0001", session="s") == {
        "session": "s", "service": "TraCuuHoSo", "mahoso": "000.00.06.H56-250303-0001"}


def test_status_map_for_pauses() -> None:
    # D28: the true code by default (with a warning); 5/6/8 as 9 when configured so.
    d = dossier()
    d.start_processing(at(2025, 3, 3, 9))
    d.stop(at(2025, 3, 3, 10), "Chờ ý kiến cơ quan phối hợp")
    record = dossier_record(d).to_wire()
    assert record["TrangThaiHoSo"] == "8"
    assert rules(check_dossier_record(record)) == ["SVC510"]
    mapped = dossier_record(d, PortalOptions(status_map=PAUSES_AS_RESOLVED)).to_wire()
    assert mapped["TrangThaiHoSo"] == "9"
    assert check_dossier_record(mapped) == []


def test_online_payment_flag_follows_the_payment_requests() -> None:
    # D24: DuocThanhToanTrucTuyen "0" nothing due, "1" paid online, "3" otherwise.
    request = PaymentRequest(id="YC1", requested_at=at(2025, 3, 3, 9),
                             lines=[FeeLine(name="Lệ phí", amount=Decimal(8000))])
    d = dossier(payments=[request])
    assert dossier_record(d).paid_online == "3"
    request.status, request.method = PaymentStatus.PAID, PaymentMethod.ONLINE
    assert dossier_record(d).paid_online == "1"
    request.method = PaymentMethod.CASH
    assert dossier_record(d).paid_online == "3"


def test_legacy_codes_are_carried_but_not_sent() -> None:
    # D32: Gia Lai's 14-digit legacy code can be represented; the portal would refuse it.
    d = Dossier(code="00352112000539", code_format="legacy", other_code="00352112000539",
                procedure_code="1.001193", channel=ChannelKind.DIRECT,
                applicant=Person(name="A"))
    with pytest.raises(InputError, match="MaHoSo '00352112000539' is not OrganId-YYMMDD-NNNN") \
            as info:
        build_dossier_payload(d)
    assert info.value.xpath == "DongBoHoSoMC.data[0].MaHoSo"
    with pytest.raises(ValueError, match="does not have the shape"):
        Dossier(code="00352112000539", procedure_code="1.001193", channel=ChannelKind.DIRECT,
                applicant=Person(name="A"))


def test_received_dossier_needs_a_due_time_or_no_appointment() -> None:
    d = Dossier(code="000.00.06.H56-250303-0002", procedure_code="1.001193",
                channel=ChannelKind.DIRECT, applicant=Person(name="B"))
    d.accept(at(2025, 3, 3, 9))
    with pytest.raises(InputError, match="received but has no due time"):
        build_dossier_payload(d)
    # D21: a procedure without an appointment date sends NgayHenTra "" and the event
    free = Dossier(code="000.00.06.H56-250303-0003", procedure_code="1.001193",
                   channel=ChannelKind.DIRECT, applicant=Person(name="B"), no_appointment=True,
                   time_limit=TimeLimit(value=Decimal(1), unit=TimeUnit.WORKING_DAY))
    free.accept(at(2025, 3, 3, 9))
    assert free.due_at is None
    assert build_dossier_payload(free, bare=True)[0]["NgayHenTra"] == ""
    assert [e.content for e in progress_events(free)] == ["Tiếp nhận hồ sơ",
                                                           "Hồ sơ không có ngày hẹn trả"]


def test_progress_payloads() -> None:
    d = dossier()
    d.start_processing(at(2025, 3, 3, 9))
    for day in range(4, 9):
        d.request_supplement(at(2025, 3, day, 9), f"Bổ sung lần {day}")
        d.receive_supplement(at(2025, 3, day, 14))
    d.finish(at(2025, 3, 10, 9), actor="Lãnh đạo")
    assert len(d.history) == 13
    bodies = build_progress_payloads(d)
    assert [len(b["data"]) for b in bodies] == [10, 3]
    assert {b["service"] for b in bodies} == {"CapNhatTienDoHoSoMC"}
    # D29: NgayBatDau "" when the start is unknown (the library used to invent it)
    assert bodies[0]["data"][0] == {
        "MaHoSo": "000.00.06.H56-250303-0001", "NguoiXuLy": "Phạm Thị D", "ChucDanh": "",
        "ThoiDiemXuLy": "20250303080509", "PhongBanXuLy": "Bộ phận Một cửa",
        "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": "2", "NgayBatDau": "",
        "NgayKetThucTheoQuyDinh": "20250304170000"}
    assert bodies[1]["data"][-1]["TrangThai"] == "9"
    events, issues = read_progress_payload(bodies[0])
    assert (len(events), issues) == (10, [])
    assert isinstance(build_progress_payloads(d, bare=True)[0], list)
    with pytest.raises(InputError, match="chunk size 0"):
        build_progress_payloads(d, 0)


@pytest.mark.parametrize(("change", "rule", "path"), [
    ({"TrangThai": True}, "SVC504", "TrangThai"),
    ({"ThoiDiemXuLy": "20251301000000"}, "SVC505", "ThoiDiemXuLy"),
    ({"NoiDungXuLy": ""}, "SVC501", "NoiDungXuLy"),
    ({"Extra": "1"}, "SVC508", "Extra"),
    ({"NguoiXuLy": "x" * 51}, "SVC507", "NguoiXuLy"),   # D23
])
def test_progress_checks(change: dict[str, Any], rule: str, path: str) -> None:
    event = {"MaHoSo": "000.00.06.H56-250303-0001", "ThoiDiemXuLy": "20250303080509",
             "NoiDungXuLy": "Tiếp nhận", "TrangThai": "2", **change}
    assert (rule, f"CapNhatTienDoHoSoMC.{path}") in [
        (i.rule, i.xpath) for i in check_progress_event(event)]


@pytest.mark.parametrize(("body", "ok", "exists"), [
    ({"error_code": "0", "message": "OK"}, True, False),
    ({"error_code": "00"}, True, False),        # D30: OpenCPS compares with "00"
    ({"error_code": 0}, True, False),           # and with 0
    ('{"error_code": "-3", "message": "Mã hồ sơ đã tồn tại"}', False, True),
    ({"error_code": "3", "message": "Hồ sơ đã tồn tại trên hệ thống"}, False, True),
    ({"error_code": "3", "message": "Sai định dạng"}, False, False),
    ("Đồng bộ tiến độ thành công", True, False),   # Thanh Hóa reads plain text
    (b"<html>502</html>", False, False),
])
def test_portal_responses(body: Any, ok: bool, exists: bool) -> None:
    response = PortalResponse.parse(body)
    assert (response.ok, response.already_exists) == (ok, exists)
    assert rules(response.issues()) == ([] if ok else ["SVC513"])


def test_status_codes_are_the_true_ones_by_default() -> None:
    d = dossier()
    d.start_processing(at(2025, 3, 3, 9))
    d.request_supplement(at(2025, 3, 3, 10), "x")
    assert dossier_record(d).status == str(int(Status.SUPPLEMENT_REQUESTED))


def test_required_and_expected_fields() -> None:
    # D22 — source: OpenCPS createSyncDossierBodyRequest marks ChuHoSo, MaDoiTuong,
    # ThongTinKhac, Fax, NgayTra, ThongTinTra, NgayKetThucXuLy, GhiChu and the lists "ko bb"
    # (optional) and sends everything else every time: those are now reported when empty.
    minimal = {"MaHoSo": "000.00.06.H56-231027-0361", "MaTTHC": "1.001193",
               "LoaiDoiTuong": "1", "TrangThaiHoSo": "1"}
    issues = check_dossier_record(minimal)
    assert errors(issues) == []
    assert sorted(i.xpath.rsplit(".", 1)[1] for i in issues if i.rule == "SVC512") == sorted(
        ["TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo", "TrichYeuHoSo",
         "HinhThuc", "DonViXuLy"])
    for key in minimal:
        assert ("SVC501", f"DongBoHoSoMC.{key}") in [
            (i.rule, i.xpath) for i in check_dossier_record(
                {k: v for k, v in minimal.items() if k != key})]


OPERATIONS = ("start", "supplement", "receive", "pay", "stop", "resume", "recall", "finish",
              "send_back", "return", "withdraw", "extend")


def _apply(d: Dossier, operation: str, moment: Any) -> None:
    from vn_egov.services.dossier.lifecycle import LifecycleError

    actions = {
        "start": lambda: d.start_processing(moment, actor="Cán bộ"),
        "supplement": lambda: d.request_supplement(moment, "Bổ sung giấy tờ"),
        "receive": lambda: d.receive_supplement(moment),
        "pay": lambda: d.request_payment(moment),
        "stop": lambda: d.stop(moment, "Chờ phối hợp"),
        "resume": lambda: d.resume(moment),
        "recall": lambda: d.recall(moment, "Thu hồi"),
        "finish": lambda: d.finish(moment),
        "send_back": lambda: d.send_back(moment, "Làm lại"),
        "return": lambda: d.return_result(moment),
        "withdraw": lambda: d.withdraw(moment, "Rút"),
        "extend": lambda: d.extend(d.appointment + dt.timedelta(days=3), moment, "Xác minh")
        if d.appointment else None,
    }
    # an operation not allowed from the current state leaves the dossier unchanged
    with contextlib.suppress(LifecycleError, InputError):
        actions[operation]()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(OPERATIONS), max_size=12),
       st.sampled_from(list(ChannelKind)))
def test_any_lifecycle_builds_payloads_the_checks_accept(operations: list[str],
                                                         channel: ChannelKind) -> None:
    d = dossier(channel=channel)
    moment = at(2025, 3, 3, 9)
    for operation in operations:
        moment += dt.timedelta(hours=5)
        _apply(d, operation, moment)
    body = build_dossier_payload(d)
    records, issues = read_dossier_payload(body)
    assert errors(issues) == []
    assert records == [dossier_record(d)]
    for chunk in build_progress_payloads(d):
        events, event_issues = read_progress_payload(chunk)
        assert errors(event_issues) == []
        assert len(events) == len(chunk["data"])
