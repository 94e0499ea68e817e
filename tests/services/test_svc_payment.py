"""Online payment through the national payment platform (INIT, QUERY, confirmation, GET_BILL).

Field orders of ``MaXacThuc`` as the Thanh Hóa one-stop system computes them
(``DvcPaymentService.InitPayment``, ``CheckPaymentStatus``, ``GetBienLaiDvcPayment``,
``ConfirmDvcPaymentCommandHandler``); INIT also as OpenCPS (``PayGateIntegrationActionImpl``).
The test vectors below were computed with ``printf '%s' '<fields>|<key>' | sha256sum``, not
with the library.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from svc_helpers import at

from vn_egov.errors import InputError
from vn_egov.services.catalogue.models import FeeKind
from vn_egov.services.payment.flow import (
    Partner,
    apply_confirmation,
    bill_request,
    query_request,
    start_payment,
)
from vn_egov.services.payment.messages import (
    BillInfo,
    ChecksumMismatch,
    Confirmation,
    InitRequest,
    InitResponse,
    QueryRequest,
    QueryResult,
    checksum,
    parse_message,
)
from vn_egov.services.payment.records import (
    Collection,
    FeeLine,
    PaymentMethod,
    PaymentRequest,
    PaymentStatus,
    TransactionStatus,
    online_payment_flag,
)

PARTNER = Partner(code="000.00.00.H56", secret="khoa-bi-mat")
CODE = "000.00.06.H56-250303-0001"
REFERENCE = "dvc0000006H56250303000120250303090000"
INIT_VECTOR = "94a350d2c6d3e16b4648fe3b8b7fc3005a2d750ffd8b60d4c5d52e4d9955ef6b"
QUERY_VECTOR = "58096a9126b87188b970b83938c28e4459755d9a3d35959a71db520513d773a4"
BILL_VECTOR = "0afff7aef12583760aa6b6b9dca638648f84cb06b2bdcaaeb3a8239a3b83eebd"
CONFIRM_VECTOR = "fbde47014953734d57b4ce673a6b0fe363650cf682b1264e98a2c32c6dd4fa7d"


def request() -> PaymentRequest:
    return PaymentRequest(id="YC1", requested_at=at(2025, 3, 3, 8),
                          lines=[FeeLine(name="Lệ phí đăng ký khai sinh", amount=Decimal(8000),
                                         kind=FeeKind.LE_PHI, code="LP01")])


def confirmation(**changes: object) -> Confirmation:
    fields = {"LoaiBanTin": "CONFIRM", "MaLoi": "00", "MaDoiTac": "000.00.00.H56",
              "MaThamChieu": REFERENCE, "SoTien": 8000, "MaTienTe": "VND",
              "MaGiaoDich": "GD123456", "MaNganHang": "VCB", "ThoiGianGD": "20250303091500",
              "ThongTinGiaoDich": f"THANH TOAN HO SO {CODE}", "MaXacThuc": CONFIRM_VECTOR,
              **changes}
    return Confirmation.model_validate(fields)


def test_init_message_and_checksum_vector() -> None:
    payments = request()
    init = start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1")
    assert init.checksum_input() == [
        "INIT", "1.0.6", "000.00.00.H56", REFERENCE, "8000", "PAY", "1", "1", "vi-VN", "VND",
        "PAYMENT", f"THANH TOAN HO SO {CODE}", "20250303090000", "10.0.0.1"]
    assert init.auth_code == INIT_VECTOR
    wire = init.to_wire()
    assert (wire["LoaiBanTin"], wire["PhienBan"], wire["SoTien"], wire["MaXacThuc"]) == (
        "INIT", "1.0.6", "8000", INIT_VECTOR)
    assert wire["ThongTinBienLai"]["MaDichVu"] == "2"
    assert wire["ThongTinBienLai"]["MaHoSo"] == CODE
    assert InitRequest.model_validate(wire) == init      # the wire shape reads back
    transaction = payments.transactions[0]
    assert (transaction.reference, transaction.status) == (REFERENCE,
                                                           TransactionStatus.INITIATED)


def test_query_and_bill_vectors() -> None:
    payments = request()
    start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1")
    transaction = payments.transactions[0]
    query = query_request(transaction, PARTNER, at(2025, 3, 3, 10))
    assert query.to_wire() == {"MaXacThuc": QUERY_VECTOR, "LoaiBanTin": "QUERY",
                               "PhienBan": "1.0.6", "MaDoiTac": "000.00.00.H56",
                               "MaThamChieu": REFERENCE, "ThoiGianGD": "20250303100000"}
    bill = bill_request(transaction, PARTNER, at(2025, 3, 3, 11))
    assert (bill.message_type, bill.auth_code) == ("GET_BILL", BILL_VECTOR)


def test_confirmation_is_verified_and_recorded() -> None:
    payments = request()
    start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1")
    message = confirmation()
    assert message.checksum_input()[4] == "8000"   # SoTien sent as a number, read as text
    transaction = apply_confirmation([payments], message, PARTNER, at(2025, 3, 3, 9, 16))
    assert (transaction.status, transaction.transaction_id, transaction.bank) == (
        TransactionStatus.SUCCEEDED, "GD123456", "VCB")
    assert (payments.status, payments.method, payments.paid_at) == (
        PaymentStatus.PAID, PaymentMethod.ONLINE, at(2025, 3, 3, 9, 16))
    assert online_payment_flag([payments]) == "1"
    answer = message.answer()
    assert answer.to_wire() == {"MaLoi": "00", "MoTaLoi": "Thành công",
                                "MaDoiTac": "000.00.00.H56", "MaThamChieu": REFERENCE,
                                "ThoiGianGD": "20250303091500", "MaXacThuc": CONFIRM_VECTOR}


@pytest.mark.parametrize("change", [
    {"MaXacThuc": "0" * 64}, {"SoTien": 80000}, {"MaLoi": "99"}, {"ThoiGianGD": "20250303091501"},
    {"MaXacThuc": ""},
])
def test_wrong_checksum_is_refused_and_nothing_recorded(change: dict[str, object]) -> None:
    payments = request()
    start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1")
    with pytest.raises(ChecksumMismatch, match="MaXacThuc of the Confirmation message"):
        apply_confirmation([payments], confirmation(**change), PARTNER, at(2025, 3, 3, 10))
    assert payments.status is PaymentStatus.PENDING
    assert payments.transactions[0].status is TransactionStatus.INITIATED


def test_other_key_is_refused() -> None:
    with pytest.raises(ChecksumMismatch):
        confirmation().verify("another-key")


def test_failed_payment_and_unknown_reference() -> None:
    payments = request()
    start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1")
    failed = confirmation(MaLoi="99")
    failed = failed.signed(PARTNER.secret)
    transaction = apply_confirmation([payments], failed, PARTNER, at(2025, 3, 3, 10))
    assert (transaction.status, payments.status) == (TransactionStatus.FAILED,
                                                     PaymentStatus.PENDING)
    assert failed.answer(ok=False).error_code == "99"
    stranger = confirmation(MaThamChieu="dvc-unknown").signed(PARTNER.secret)
    with pytest.raises(InputError, match="no transaction with reference dvc-unknown"):
        apply_confirmation([payments], stranger, PARTNER, at(2025, 3, 3, 10))


def test_confirmed_amount_must_match() -> None:
    payments = request()
    start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1")
    cheaper = confirmation(SoTien="800").signed(PARTNER.secret)
    with pytest.raises(InputError, match="confirmed amount 800 differs"):
        apply_confirmation([payments], cheaper, PARTNER, at(2025, 3, 3, 10))


def test_nothing_to_pay_or_already_paid() -> None:
    exempt = PaymentRequest(id="YC2", requested_at=at(2025, 3, 3), collection=Collection.EXEMPT,
                            lines=[FeeLine(name="Lệ phí", amount=Decimal(8000))])
    with pytest.raises(InputError, match="nothing to pay"):
        start_payment(exempt, CODE, PARTNER, at(2025, 3, 3, 9))
    assert online_payment_flag([exempt]) == "0"
    done = request()
    done.status = PaymentStatus.PAID
    with pytest.raises(InputError, match="is paid, not pending"):
        start_payment(done, CODE, PARTNER, at(2025, 3, 3, 9))


def test_responses() -> None:
    init = InitResponse.model_validate(
        {"error_code": "0", "message": json.dumps({"UrlThanhToan": "https://pay.invalid/t1"})})
    assert (init.ok, init.payment_url) == (True, "https://pay.invalid/t1")
    assert InitResponse.model_validate({"error_code": "1", "message": "Lỗi"}).payment_url is None
    result = parse_message(QueryResult, '{"MaLoi": "00", "TrangThaiGD": "1", "SoTien": 8000}')
    assert (result.paid, result.amount) == (True, "8000")
    assert not parse_message(QueryResult, {"MaLoi": "00", "TrangThaiGD": "0"}).paid
    with pytest.raises(InputError, match="not JSON"):
        parse_message(QueryResult, "{")
    with pytest.raises(InputError, match=r"QueryRequest\.MaDoiTac"):
        parse_message(QueryRequest, {"MaThamChieu": "x", "ThoiGianGD": "20250303090000"})


def test_bill_info_fields() -> None:
    wire = BillInfo(procedure_code="1.001193", service_code="1.001193.01",
                    payer_name="Nguyễn Văn A").to_wire()
    assert list(wire)[:8] == ["MaDichVu", "MaDVC", "TenDVC", "MaTTHC", "TenTTHC", "MaDonVi",
                              "TenDonVi", "MaHoSo"]
    assert wire["MaLoaiHinhThuPhat"] == ""
    assert (wire["PhiLePhi"], wire["DSKhoanNop"]) == ([], [])


def test_secret_is_not_shown() -> None:
    assert "khoa-bi-mat" not in repr(PARTNER)


@given(st.lists(st.text(max_size=20), min_size=1, max_size=8), st.text(max_size=20))
def test_checksum_is_the_pipe_joined_sha256(fields: list[str], secret: str) -> None:
    import hashlib

    expected = hashlib.sha256(("|".join(fields) + "|" + secret).encode()).hexdigest()
    assert checksum(fields, secret) == expected


def test_bill_information_from_the_dossier() -> None:
    from vn_egov.services.catalogue.models import ChannelKind
    from vn_egov.services.dossier.models import Dossier, Person
    from vn_egov.services.payment.flow import Beneficiary, bill_for

    dossier = Dossier(code=CODE, procedure_code="1.001193", procedure_name="Đăng ký khai sinh",
                      agency_code="000.00.06.H56", agency_name="UBND xã Vĩnh Bảo",
                      channel=ChannelKind.ONLINE,
                      applicant=Person(name="Nguyễn Văn A", id_number="031090001234",
                                       address="Vĩnh Bảo, Hải Phòng"))
    payments = request()
    payments.lines.append(FeeLine(name="Phí cấp bản sao", amount=Decimal(3000),
                                  kind=FeeKind.PHI))
    bill = bill_for(dossier, payments, Beneficiary("0123456789", "970415", "UBND xã Vĩnh Bảo"))
    wire = bill.to_wire()
    assert {k: wire[k] for k in ("MaDichVu", "MaDVC", "MaTTHC", "MaDonVi", "MaHoSo",
                                 "TKThuHuong", "MaNHThuHuong", "HoTenNguoiNop",
                                 "SoCMNDNguoiNop")} == {
        "MaDichVu": "2", "MaDVC": "1.001193.01", "MaTTHC": "1.001193",
        "MaDonVi": "000.00.06.H56", "MaHoSo": CODE, "TKThuHuong": "0123456789",
        "MaNHThuHuong": "970415", "HoTenNguoiNop": "Nguyễn Văn A",
        "SoCMNDNguoiNop": "031090001234"}
    assert wire["PhiLePhi"] == [
        {"LoaiPhiLePhi": "2", "MaPhiLePhi": "LP01", "TenPhiLePhi": "Lệ phí đăng ký khai sinh",
         "SoTien": "8000"},
        {"LoaiPhiLePhi": "1", "MaPhiLePhi": "", "TenPhiLePhi": "Phí cấp bản sao",
         "SoTien": "3000"}]
    assert wire["DSKhoanNop"] == [{"NoiDung": f"THANH TOAN HO SO {CODE}", "SoTien": "11000"}]
    init = start_payment(payments, CODE, PARTNER, at(2025, 3, 3, 9), ip="10.0.0.1", bill=bill)
    assert (init.amount, init.to_wire()["ThongTinBienLai"]["MaDVC"]) == ("11000", "1.001193.01")
