"""DongBoHoSoMC and CapNhatTienDoHoSoMC payloads."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from svc_helpers import at

from vn_egov.errors import InputError
from vn_egov.services.catalogue.models import ChannelKind, FeeKind, TimeLimit, TimeUnit
from vn_egov.services.dossier.models import (
    Dossier,
    DossierFee,
    Person,
    ResultDocument,
    SubmittedDocument,
)
from vn_egov.services.portal.payloads import (
    DOSSIER_FIELDS,
    PROGRESS_FIELDS,
    build_dossier_payload,
    build_progress_payloads,
    dossier_record,
    format_portal_time,
    parse_portal_time,
    validate_dossier_record,
    validate_progress_event,
)


def dossier() -> Dossier:
    d = Dossier(
        code="000.00.06.H56-250303-0001", procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh", field_code="G15-TP07", field_name="Hộ tịch",
        channel=ChannelKind.ONLINE, summary="Đăng ký khai sinh cho con",
        agency_name="UBND xã Vĩnh Bảo",
        applicant=Person(name="Nguyễn Văn A", id_number="031090001234", id_type=1,
                         phone="0912345678", email="a@example.invalid"),
        time_limit=TimeLimit(value=Decimal(1), unit=TimeUnit.WORKING_DAY),
        submitted_at=at(2025, 3, 2, 20, 15),
        documents=[SubmittedDocument(name="Tờ khai", file_id="f1", component_code="c1",
                                     url="https://files.invalid/f1.pdf", digitised=True)],
        fees=[DossierFee(name="Lệ phí đăng ký khai sinh", amount=Decimal(8000),
                         kind=FeeKind.LE_PHI)],
        results=[ResultDocument(name="Giấy khai sinh", code="KQ.G15.000031",
                                url="https://files.invalid/kq.pdf")])
    d.accept(at(2025, 3, 3, 8, 5, 9), actor="Phạm Thị D", unit="Bộ phận Một cửa")
    return d


def test_portal_time_format() -> None:
    assert format_portal_time(dt.datetime(2025, 3, 3, 1, 5, 9, tzinfo=dt.UTC)) == "20250303080509"
    assert parse_portal_time("20250303080509") == at(2025, 3, 3, 8, 5, 9)
    with pytest.raises(InputError, match="not a real date"):
        parse_portal_time("20250230080509")
    with pytest.raises(InputError, match="14 digits"):
        parse_portal_time("2025-03-03")


def test_dossier_payload() -> None:
    body = build_dossier_payload(dossier())
    assert (body["service"], body["isUpdating"]) == ("DongBoHoSoMC", "False")
    record = body["data"][0]
    assert set(record) <= set(DOSSIER_FIELDS)
    assert {k: record[k] for k in ("MaHoSo", "MaTTHC", "KenhThucHien", "LoaiDoiTuong",
                                   "TrangThaiHoSo", "NgayNopHoSo", "NgayTiepNhan",
                                   "NgayHenTra")} == {
        "MaHoSo": "000.00.06.H56-250303-0001", "MaTTHC": "1.001193", "KenhThucHien": 2,
        "LoaiDoiTuong": 1, "TrangThaiHoSo": 2, "NgayNopHoSo": "20250302201500",
        "NgayTiepNhan": "20250303080509", "NgayHenTra": "20250304170000"}
    assert record["DinhDanhCHS"] == [{"LoaiDinhDanh": 1, "SoDinhDanh": "031090001234"}]
    assert record["DanhSachLePhi"] == [{"TenPhiLePhi": "Lệ phí đăng ký khai sinh", "Gia": 8000,
                                        "LoaiPhiLePhi": 2}]
    assert record["TaiLieuNop"][0]["DuongDanTaiTepTin"] == "https://files.invalid/f1.pdf"
    assert record["DanhSachGiayToKetQua"][0]["MaGiayToKetQua"] == "KQ.G15.000031"
    assert record["ChuHoSo"] == "Nguyễn Văn A"
    json.dumps(body, ensure_ascii=False)
    assert build_dossier_payload([dossier()], updating=True)["isUpdating"] == "True"


def test_true_status_is_sent_for_supplement() -> None:
    d = dossier()
    d.start_processing(at(2025, 3, 3, 9))
    d.request_supplement(at(2025, 3, 3, 10), "Thiếu giấy chứng sinh", actor="Cán bộ B")
    record = dossier_record(d)
    assert record["TrangThaiHoSo"] == 5
    assert record["DanhSachHoSoBoSung"] == [{
        "HoSoBoSungId": "000.00.06.H56-250303-0001-BS1", "NguoiYeuCauBoSung": "Cán bộ B",
        "NoiDungBoSung": "Thiếu giấy chứng sinh", "NgayBoSung": "20250303100000",
        "NgayHenTraTruoc": "20250304170000"}]


def good_record() -> dict[str, Any]:
    return dossier_record(dossier())


@pytest.mark.parametrize(("change", "message"), [
    ({"MaHoSo": None}, "DongBoHoSoMC.MaHoSo is missing"),
    ({"MaHoSo": "000.00.06.H56-251303-0001"}, "DongBoHoSoMC.MaHoSo"),
    ({"MaTTHC": "1.0011"}, "DongBoHoSoMC.MaTTHC '1.0011'"),
    ({"KenhThucHien": 4}, "DongBoHoSoMC.KenhThucHien = 4 is not in 1-3"),
    ({"LoaiDoiTuong": 5}, "DongBoHoSoMC.LoaiDoiTuong = 5 is not in 1-4"),
    ({"TrangThaiHoSo": 0}, "DongBoHoSoMC.TrangThaiHoSo = 0 is not in 1-10"),
    ({"NgayTiepNhan": "2025-03-03 08:05"}, "DongBoHoSoMC.NgayTiepNhan"),
    ({"NgayHenTra": None}, "DongBoHoSoMC.NgayHenTra is missing for a received dossier"),
    ({"HinhThuc": 2}, "DongBoHoSoMC.HinhThuc = 2"),
    ({"MaCoQuan": "x"}, "outside the interface: MaCoQuan"),
    ({"DinhDanhCHS": [{"LoaiDinhDanh": 2, "SoDinhDanh": "000000001"}]},
     "DongBoHoSoMC.DinhDanhCHS[0].SoDinhDanh '000000001'"),
    ({"DinhDanhCHS": [{"LoaiDinhDanh": 1, "SoDinhDanh": "12345"}]}, "12-digit"),
    ({"DinhDanhCHS": [{"LoaiDinhDanh": 3, "SoDinhDanh": "12345"}]}, "is not 1 or 2"),
])
def test_record_validation_names_the_field(change: dict[str, Any], message: str) -> None:
    record = {**good_record(), **change}
    record = {k: v for k, v in record.items() if v is not None}
    with pytest.raises(InputError) as info:
        validate_dossier_record(record)
    assert message in str(info.value)


def test_accepted_dossier_without_time_limit_is_refused() -> None:
    d = Dossier(code="000.00.06.H56-250303-0002", procedure_code="1.001193",
                channel=ChannelKind.DIRECT, applicant=Person(name="B"))
    d.accept(at(2025, 3, 3, 9))
    with pytest.raises(InputError, match="NgayHenTra is missing"):
        build_dossier_payload(d)


def test_progress_payloads_in_chunks_of_ten() -> None:
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
    first = bodies[0]["data"][0]
    assert set(first) <= set(PROGRESS_FIELDS)
    assert first == {"MaHoSo": "000.00.06.H56-250303-0001", "NguoiXuLy": "Phạm Thị D",
                     "ThoiDiemXuLy": "20250303080509", "PhongBanXuLy": "Bộ phận Một cửa",
                     "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": 2,
                     "NgayBatDau": "20250303080509", "NgayKetThucTheoQuyDinh": "20250304170000"}
    assert bodies[1]["data"][-1]["TrangThai"] == 9
    with pytest.raises(InputError, match="chunk size 0"):
        build_progress_payloads(d, 0)


@pytest.mark.parametrize(("change", "message"), [
    ({"TrangThai": True}, "TrangThai = True"),
    ({"ThoiDiemXuLy": "20251301000000"}, "CapNhatTienDoHoSoMC.ThoiDiemXuLy"),
    ({"NoiDungXuLy": ""}, "NoiDungXuLy is missing"),
    ({"Extra": 1}, "outside the interface: Extra"),
])
def test_progress_validation(change: dict[str, Any], message: str) -> None:
    event = {"MaHoSo": "000.00.06.H56-250303-0001", "ThoiDiemXuLy": "20250303080509",
             "NoiDungXuLy": "Tiếp nhận", "TrangThai": 2, **change}
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        validate_progress_event(event)
