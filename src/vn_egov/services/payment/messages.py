"""Messages of the national payment platform (Nền tảng thanh toán trên Cổng DVCQG).

Four exchanges, version ``PhienBan`` 1.0.6, as two independent integrators send them (the
Thanh Hóa one-stop system and OpenCPS): **INIT** opens a transaction and returns the payment
page; **QUERY** asks for its status; the platform **confirms** the result to the agency's
callback; **GET_BILL** fetches the e-receipt (biên lai điện tử, a PDF).

``MaXacThuc`` is the SHA-256 hex digest of the message's fields in a fixed order, joined by
``|``, followed by ``|`` and the partner's secret key (:func:`checksum`). The orders:

* INIT: LoaiBanTin|PhienBan|MaDoiTac|MaThamChieu|SoTien|LoaiHinhThanhToan|MaKenhThanhToan|
  MaThietBi|NgonNgu|MaTienTe|MaNganHang|ThongTinGiaoDich|ThoiGianGD|Ip (both integrators agree);
* QUERY and GET_BILL: LoaiBanTin|PhienBan|MaDoiTac|MaThamChieu|ThoiGianGD;
* confirmation: LoaiBanTin|MaLoi|MaDoiTac|MaThamChieu|SoTien|MaTienTe|MaGiaoDich|MaNganHang|
  ThoiGianGD|ThongTinGiaoDich (the Thanh Hóa system, which refuses a wrong code; OpenCPS swaps
  the last two fields and never checks).

>>> q = QueryRequest(partner="000.00.00.H56", reference="dvc00000H5625030300012025",
...                  time="20250303090000").signed("secret")
>>> q.verify("secret") is None, len(q.auth_code)
(True, 64)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from typing import Any, ClassVar, Final, Self

from pydantic import Field

from vn_egov.errors import InputError, VnEgovError
from vn_egov.i18n import tr
from vn_egov.services._wire import WireModel

__all__ = [
    "BillInfo",
    "BillLine",
    "BillRequest",
    "ChecksumMismatch",
    "Confirmation",
    "InitRequest",
    "InitResponse",
    "PaymentItem",
    "QueryRequest",
    "QueryResult",
    "checksum",
    "parse_message",
]

#: ``PhienBan`` sent by current integrators.
PROTOCOL_VERSION: Final = "1.0.6"
#: ``MaLoi`` of a successful payment.
SUCCESS: Final = "00"


class ChecksumMismatch(VnEgovError):
    """A payment-platform message whose ``MaXacThuc`` does not match its fields."""


def checksum(fields: Sequence[str], secret: str) -> str:
    """``MaXacThuc``: SHA-256 hex of the fields and the secret key joined by ``|``.

    >>> checksum(["QUERY", "1.0.6", "P", "R", "20250303090000"], "k") == hashlib.sha256(
    ...     b"QUERY|1.0.6|P|R|20250303090000|k").hexdigest()
    True
    """
    return hashlib.sha256("|".join([*fields, secret]).encode("utf-8")).hexdigest()


class SignedMessage(WireModel):
    """A message carrying ``MaXacThuc`` over :attr:`CHECKSUM_FIELDS` (aliases, in order)."""

    CHECKSUM_FIELDS: ClassVar[tuple[str, ...]] = ()
    auth_code: str = Field(default="", alias="MaXacThuc", max_length=255)

    def checksum_input(self) -> list[str]:
        """The field values the checksum covers, in the platform's order."""
        wire = self.model_dump(by_alias=True)
        return [str(wire.get(name) or "") for name in self.CHECKSUM_FIELDS]

    def signed(self, secret: str) -> Self:
        """A copy with ``MaXacThuc`` computed with *secret*."""
        return self.model_copy(update={"auth_code": checksum(self.checksum_input(), secret)})

    def verify(self, secret: str) -> None:
        """Raise :class:`ChecksumMismatch` unless ``MaXacThuc`` matches (constant time)."""
        expected = checksum(self.checksum_input(), secret)
        if not hmac.compare_digest(expected, self.auth_code.strip().lower()):
            raise ChecksumMismatch(
                tr("MaXacThuc of the {kind} message does not match its fields",
                   kind=type(self).__name__),
                hint=tr("the message was altered or signed with another key; refuse it"))


class BillLine(WireModel):
    """One fee line of the e-receipt (``PhiLePhi``).

    >>> BillLine(kind="1", code="2", name="Lệ phí", amount=8000).to_wire()["SoTien"]
    '8000'
    """

    kind: str = Field(default="", alias="LoaiPhiLePhi")
    code: str = Field(default="", alias="MaPhiLePhi")
    name: str = Field(default="", alias="TenPhiLePhi")
    amount: str = Field(default="", alias="SoTien")


class PaymentItem(WireModel):
    """One item paid (``DSKhoanNop``).

    >>> PaymentItem(content="Lệ phí", amount="8000").to_wire()
    {'NoiDung': 'Lệ phí', 'SoTien': '8000'}
    """

    content: str = Field(default="", alias="NoiDung")
    amount: str = Field(default="", alias="SoTien")


class BillInfo(WireModel):
    """``ThongTinBienLai``: the data printed on the e-receipt.

    ``MaDichVu`` "2" is a public-service fee (the penalty fields stay empty); ``MaDVC`` is the
    service code (the procedure code + ``.01`` in one integrator).

    >>> BillInfo(procedure_code="1.001193").to_wire()["MaDichVu"]
    '2'
    """

    service_type: str = Field(default="2", alias="MaDichVu")
    service_code: str = Field(default="", alias="MaDVC")
    service_name: str = Field(default="", alias="TenDVC")
    procedure_code: str = Field(default="", alias="MaTTHC")
    procedure_name: str = Field(default="", alias="TenTTHC")
    agency_code: str = Field(default="", alias="MaDonVi")
    agency_name: str = Field(default="", alias="TenDonVi")
    dossier_code: str = Field(default="", alias="MaHoSo")
    beneficiary_account: str = Field(default="", alias="TKThuHuong")
    beneficiary_bank: str = Field(default="", alias="MaNHThuHuong")
    beneficiary_name: str = Field(default="", alias="TenTKThuHuong")
    penalty_type_code: str = Field(default="", alias="MaLoaiHinhThuPhat")
    penalty_type_name: str = Field(default="", alias="TenLoaiHinhThuPhat")
    deciding_agency_code: str = Field(default="", alias="MaCoQuanQD")
    deciding_agency_name: str = Field(default="", alias="TenCoQuanQD")
    treasury: str = Field(default="", alias="KhoBac")
    decision_date: str = Field(default="", alias="NgayQD")
    decision_number: str = Field(default="", alias="SoQD")
    violation_time: str = Field(default="", alias="ThoiGianViPham")
    violation_place: str = Field(default="", alias="DiaDiemViPham")
    violator_name: str = Field(default="", alias="TenNguoiViPham")
    budget_account: str = Field(default="", alias="TaiKhoanThuNSNN")
    payment_content: str = Field(default="", alias="NoiDungThanhToan")
    payer_name: str = Field(default="", alias="HoTenNguoiNop")
    payer_id: str = Field(default="", alias="SoCMNDNguoiNop")
    payer_address: str = Field(default="", alias="DiaChiNguoiNop")
    payer_district: str = Field(default="", alias="HuyenNguoiNop")
    payer_province: str = Field(default="", alias="TinhNguoiNop")
    lines: tuple[BillLine, ...] = Field(default=(), alias="PhiLePhi")
    items: tuple[PaymentItem, ...] = Field(default=(), alias="DSKhoanNop")


class InitRequest(SignedMessage):
    """INIT: open a transaction; the answer carries the payment page (``UrlThanhToan``)."""

    CHECKSUM_FIELDS: ClassVar[tuple[str, ...]] = (
        "LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien", "LoaiHinhThanhToan",
        "MaKenhThanhToan", "MaThietBi", "NgonNgu", "MaTienTe", "MaNganHang",
        "ThongTinGiaoDich", "ThoiGianGD", "Ip")
    message_type: str = Field(default="INIT", alias="LoaiBanTin")
    version: str = Field(default=PROTOCOL_VERSION, alias="PhienBan")
    partner: str = Field(alias="MaDoiTac", min_length=1, max_length=50)
    reference: str = Field(alias="MaThamChieu", min_length=1, max_length=255)
    amount: str = Field(alias="SoTien", pattern=r"^[0-9]+$")
    payment_kind: str = Field(default="PAY", alias="LoaiHinhThanhToan")
    channel: str = Field(default="1", alias="MaKenhThanhToan")
    device: str = Field(default="1", alias="MaThietBi")
    language: str = Field(default="vi-VN", alias="NgonNgu")
    currency: str = Field(default="VND", alias="MaTienTe")
    bank: str = Field(default="PAYMENT", alias="MaNganHang")
    description: str = Field(default="", alias="ThongTinGiaoDich")
    time: str = Field(alias="ThoiGianGD", pattern=r"^[0-9]{14}$")
    ip: str = Field(default="", alias="Ip")
    bill: BillInfo = Field(default_factory=BillInfo, alias="ThongTinBienLai")


class InitResponse(WireModel):
    """The answer to INIT: ``error_code`` "0" and a JSON text ``message`` with the page.

    >>> InitResponse.model_validate({"error_code": 0, "message":
    ...     '{"UrlThanhToan": "https://pay.invalid/x"}'}).payment_url
    'https://pay.invalid/x'
    """

    model_config = WireModel.model_config | {"extra": "ignore"}
    error_code: str = Field(alias="error_code")
    message: str = Field(default="", alias="message")

    @property
    def ok(self) -> bool:
        """True when the platform accepted the transaction."""
        return self.error_code.strip() in ("0", "00")

    @property
    def payment_url(self) -> str | None:
        """``UrlThanhToan`` from the JSON text of ``message`` (``None`` when absent)."""
        try:
            content: Any = json.loads(self.message)
        except ValueError:
            return None
        url = content.get("UrlThanhToan") if isinstance(content, dict) else None
        return url if isinstance(url, str) and url else None


class QueryRequest(SignedMessage):
    """QUERY: the status of a transaction."""

    CHECKSUM_FIELDS: ClassVar[tuple[str, ...]] = (
        "LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
    message_type: str = Field(default="QUERY", alias="LoaiBanTin")
    version: str = Field(default=PROTOCOL_VERSION, alias="PhienBan")
    partner: str = Field(alias="MaDoiTac", min_length=1, max_length=50)
    reference: str = Field(alias="MaThamChieu", min_length=1, max_length=255)
    time: str = Field(alias="ThoiGianGD", pattern=r"^[0-9]{14}$")


class BillRequest(QueryRequest):
    """GET_BILL: the e-receipt (the platform answers with a PDF)."""

    message_type: str = Field(default="GET_BILL", alias="LoaiBanTin")


class Confirmation(SignedMessage):
    """The platform's confirmation of a transaction, posted to the agency's callback.

    ``MaLoi`` "00" is success; ``SoTien`` is read as text whether it arrives as a number or a
    string (one integrator declares it an integer).
    """

    CHECKSUM_FIELDS: ClassVar[tuple[str, ...]] = (
        "LoaiBanTin", "MaLoi", "MaDoiTac", "MaThamChieu", "SoTien", "MaTienTe", "MaGiaoDich",
        "MaNganHang", "ThoiGianGD", "ThongTinGiaoDich")
    model_config = WireModel.model_config | {"extra": "ignore"}
    message_type: str = Field(default="", alias="LoaiBanTin")
    error_code: str = Field(alias="MaLoi")
    partner: str = Field(default="", alias="MaDoiTac")
    reference: str = Field(alias="MaThamChieu", min_length=1)
    amount: str = Field(default="", alias="SoTien")
    currency: str = Field(default="", alias="MaTienTe")
    transaction_id: str = Field(default="", alias="MaGiaoDich")
    bank: str = Field(default="", alias="MaNganHang")
    time: str = Field(default="", alias="ThoiGianGD")
    description: str = Field(default="", alias="ThongTinGiaoDich")

    @property
    def succeeded(self) -> bool:
        """True when ``MaLoi`` is "00"."""
        return self.error_code.strip() == SUCCESS

    def answer(self, *, ok: bool = True, text: str = "") -> ConfirmationAnswer:
        """The agency's reply: the platform's fields echoed with ``MaLoi`` "00" or "99"."""
        return ConfirmationAnswer(error_code=SUCCESS if ok else "99",
                                  error_text=text or ("Thành công" if ok else "Các lỗi khác"),
                                  partner=self.partner, reference=self.reference,
                                  time=self.time, auth_code=self.auth_code)


class ConfirmationAnswer(WireModel):
    """The agency's reply to a confirmation.

    >>> ConfirmationAnswer(error_code="00").to_wire()["MaLoi"]
    '00'
    """

    error_code: str = Field(alias="MaLoi")
    error_text: str = Field(default="", alias="MoTaLoi")
    partner: str = Field(default="", alias="MaDoiTac")
    reference: str = Field(default="", alias="MaThamChieu")
    time: str = Field(default="", alias="ThoiGianGD")
    auth_code: str = Field(default="", alias="MaXacThuc")


class QueryResult(WireModel):
    """The answer to QUERY; ``TrangThaiGD`` "1" with ``MaLoi`` "00" means paid."""

    model_config = WireModel.model_config | {"extra": "ignore"}
    error_code: str = Field(default="", alias="MaLoi")
    error_text: str = Field(default="", alias="MoTaLoi")
    partner: str = Field(default="", alias="MaDoiTac")
    reference: str = Field(default="", alias="MaThamChieu")
    time: str = Field(default="", alias="ThoiGianGD")
    auth_code: str = Field(default="", alias="MaXacThuc")
    message_type: str = Field(default="", alias="LoaiBanTin")
    amount: str = Field(default="", alias="SoTien")
    currency: str = Field(default="", alias="MaTienTe")
    transaction_id: str = Field(default="", alias="MaGiaoDich")
    bank: str = Field(default="", alias="MaNganHang")
    description: str = Field(default="", alias="ThongTinGiaoDich")
    state: str = Field(default="", alias="TrangThaiGD")

    @property
    def paid(self) -> bool:
        """True when the platform reports the transaction paid.

        >>> QueryResult(error_code="00", state="1").paid
        True
        """
        return self.error_code.strip() == SUCCESS and self.state.strip() == "1"


def parse_message(kind: type[WireModel], data: Any) -> Any:
    """Read a platform message from JSON text, bytes or a parsed object.

    >>> parse_message(QueryResult, '{"MaLoi": "00", "TrangThaiGD": 1}').paid
    True
    """
    from pydantic import ValidationError

    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise InputError(tr("payment message is not JSON: {error}", error=exc)) from None
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or kind.__name__
        raise InputError(tr("{kind}.{field}: {problem}", kind=kind.__name__, field=where,
                            problem=first["msg"]),
                         hint=tr("give the message as the payment platform sends it")) from None

