"""The wire shapes of the national public-service portal (Cổng DVCQG), as real systems send them.

``DongBoHoSoMC`` creates or updates dossiers, ``CapNhatTienDoHoSoMC`` appends processing
history, ``TraCuuHoSo`` looks a dossier up. Field names are the portal's; every scalar is a
JSON string, ``""`` when empty (the Thanh Hóa one-stop system, OpenCPS and a Hà Giang system all
send them so). Dates are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh without a zone suffix.

The records accept what those systems send — numbers or booleans where others send text (read
as text), ``"True"``/``"0"`` spellings of flags, fields outside the published list (kept) —
and :mod:`vn_egov.services.portal.checks` says what the portal will refuse.

>>> record = DossierRecord.model_validate({"MaHoSo": "000.00.06.H56-231027-0361",
...     "MaTTHC": "1.001193", "KenhThucHien": 2, "TrangThaiHoSo": "2", "NgayHenTra": ""})
>>> record.channel, record.status, record.due
('2', '2', '')
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Final

from pydantic import ConfigDict, Field

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.services._wire import WireModel
from vn_egov.services.calendar.working import VN_TZ
from vn_egov.validation import Issue, issue_for

__all__ = [
    "DatabaseLink",
    "DossierEnvelope",
    "DossierRecord",
    "FeeEntry",
    "LookupRequest",
    "OwnerId",
    "PortalResponse",
    "ProgressEnvelope",
    "ProgressEvent",
    "ResultFile",
    "SubmittedFile",
    "SupplementEntry",
    "format_portal_time",
    "parse_portal_time",
]

PORTAL_TIME_FORMAT: Final = "%Y%m%d%H%M%S"
_PORTAL_TIME = re.compile(r"^[0-9]{14}$")
#: ``error_code`` values that, with "đã tồn tại" in the message, mean "send as an update".
ALREADY_EXISTS: Final = frozenset({"3", "-3"})


def format_portal_time(moment: dt.datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh, ``""`` for ``None``; naive datetimes refused.

    >>> format_portal_time(dt.datetime(2025, 3, 3, 2, 5, 9, tzinfo=dt.UTC))
    '20250303090509'
    >>> format_portal_time(None)
    ''
    """
    if moment is None:
        return ""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(tr("portal time {moment} has no time zone",
                            moment=moment.isoformat()),
                         hint=tr("use aware datetimes; they are converted to Asia/Ho_Chi_Minh"))
    return moment.astimezone(VN_TZ).strftime(PORTAL_TIME_FORMAT)


def parse_portal_time(text: str) -> dt.datetime:
    """Read ``yyyyMMddHHmmss`` as Asia/Ho_Chi_Minh time.

    >>> parse_portal_time("20231027143000").isoformat()
    '2023-10-27T14:30:00+07:00'
    """
    if not _PORTAL_TIME.match(text):
        raise InputError(tr("portal time {text} is not yyyyMMddHHmmss (14 digits)",
                            text=repr(text)))
    try:  # slicing the 14 digits is exact for this fixed format and far faster than strptime
        return dt.datetime(int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[8:10]),
                           int(text[10:12]), int(text[12:14]), tzinfo=VN_TZ)
    except ValueError:
        raise InputError(tr("portal time {text} is not a real date and time",
                            text=repr(text))) from None


class _Item(WireModel):
    """List entries: fields outside the published list are kept, not dropped."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True)


class SubmittedFile(_Item):
    """``TaiLieuNop``: a submitted file, passed by URL.

    >>> SubmittedFile(name="Tờ khai", deleted="False").to_wire()["IsDeleted"]
    'False'
    """

    file_id: str = Field(default="", alias="TepDinhKemId")
    name: str = Field(default="", alias="TenTepDinhKem")
    deleted: str = Field(default="False", alias="IsDeleted")
    component_code: str = Field(default="", alias="MaThanhPhanHoSo")
    url: str = Field(default="", alias="DuongDanTaiTepTin")
    digitised: str = Field(default="", alias="DuocSoHoa")
    reuse: str = Field(default="", alias="DuocTaiSuDung")
    from_national_store: str = Field(default="", alias="DuocLayTuKhoDMQG")
    replacing_result_code: str = Field(default="", alias="MaKetQuaThayThe")


class FeeEntry(_Item):
    """``DanhSachLePhi``: a fee paid.

    >>> FeeEntry(name="Lệ phí", amount=8000).amount
    '8000'
    """

    name: str = Field(default="", alias="TenPhiLePhi")
    code: str = Field(default="", alias="MaPhiLePhi")
    collection: str = Field(default="", alias="HinhThucThu")
    amount: str = Field(default="", alias="Gia")
    kind: str = Field(default="", alias="LoaiPhiLePhi")


class OtherAttachment(_Item):
    """``DanhSachTepDinhKemKhac``: other papers handed in."""

    name: str = Field(default="", alias="TenGiayTo")
    count: str = Field(default="", alias="SoLuong")
    kind: str = Field(default="", alias="LoaiGiayTo")


class SupplementEntry(_Item):
    """``DanhSachHoSoBoSung``: one bổ sung round (``HoSoBoSungId`` a number, as sent)."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True)
    id: int | str = Field(default="", alias="HoSoBoSungId")
    requested_by: str = Field(default="", alias="NguoiYeuCauBoSung")
    content: str = Field(default="", alias="NoiDungBoSung")
    requested_at: str = Field(default="", alias="NgayBoSung")
    received_by: str = Field(default="", alias="NguoiTiepNhanBoSung")
    reception_note: str = Field(default="", alias="ThongTinTiepNhan")
    received_at: str = Field(default="", alias="NgayTiepNhanBoSung")
    done: bool | str = Field(default=False, alias="TrangThaiBoSung")
    documents: list[dict[str, Any]] = Field(default_factory=list, alias="DanhSachGiayToBoSung")
    fees: list[dict[str, Any]] = Field(default_factory=list, alias="DanhSachLePhiBoSung")
    previous_due: str = Field(default="", alias="NgayHenTraTruoc")
    new_due: str = Field(default="", alias="NgayHenTraMoi")


class ResultFile(_Item):
    """``DanhSachGiayToKetQua``: a result document, passed by URL."""

    name: str = Field(default="", alias="TenGiayTo")
    component_code: str = Field(default="", alias="MaThanhPhanHoSo")
    file_id: str = Field(default="", alias="GiayToId")
    url: str = Field(default="", alias="DuongDanTepTinKetQua")
    result_code: str = Field(default="", alias="MaGiayToKetQua")


class OwnerId(_Item):
    """``DinhDanhCHS``: 1 = 12-digit personal identification number, 2 = 9-digit ID card."""

    kind: str = Field(default="", alias="LoaiDinhDanh")
    number: str = Field(default="", alias="SoDinhDanh")


class DatabaseLink(_Item):
    """``DSKetNoiCSDL``: a national database the dossier was checked against (``MaCSDL``)."""

    code: str = Field(default="", alias="MaCSDL")


class DossierRecord(WireModel):
    """One ``data`` entry of ``DongBoHoSoMC``, every field as real systems send it."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True)
    code: str = Field(default="", alias="MaHoSo")
    procedure_code: str = Field(default="", alias="MaTTHC")
    procedure_name: str = Field(default="", alias="TenTTHC")
    field_code: str = Field(default="", alias="MaLinhVuc")
    field_name: str = Field(default="", alias="TenLinhVuc")
    receipt_number: str = Field(default="", alias="SoBienNhan")
    channel: str = Field(default="", alias="KenhThucHien")
    owner: str = Field(default="", alias="ChuHoSo")
    owner_id_number: str = Field(default="", alias="SoGiayToChuHoSo")
    subject_type: str = Field(default="", alias="LoaiDoiTuong")
    subject_code: str = Field(default="", alias="MaDoiTuong")
    other_info: str = Field(default="", alias="ThongTinKhac")
    email: str = Field(default="", alias="Email")
    fax: str = Field(default="", alias="Fax")
    phone: str = Field(default="", alias="SoDienThoai")
    summary: str = Field(default="", alias="TrichYeuHoSo")
    received: str = Field(default="", alias="NgayTiepNhan")
    due: str = Field(default="", alias="NgayHenTra")
    status: str = Field(default="", alias="TrangThaiHoSo")
    returned: str = Field(default="", alias="NgayTra")
    return_info: str = Field(default="", alias="ThongTinTra")
    return_method: str = Field(default="", alias="HinhThuc")
    finished: str = Field(default="", alias="NgayKetThucXuLy")
    agency_name: str = Field(default="", alias="DonViXuLy")
    note: str = Field(default="", alias="GhiChu")
    submission_place: str = Field(default="", alias="NoiNopHoSo")
    has_digitised_documents: str = Field(default="", alias="HoSoCoThanhPhanSoHoa")
    vneid_verified: str = Field(default="", alias="TaiKhoanDuocXacThucVoiVNeID")
    paid_online: str = Field(default="", alias="DuocThanhToanTrucTuyen")
    refused: str = Field(default="", alias="NgayTuChoi")
    submitted: str = Field(default="", alias="NgayNopHoSo")
    files: list[SubmittedFile] = Field(default_factory=list, alias="TaiLieuNop")
    fees: list[FeeEntry] = Field(default_factory=list, alias="DanhSachLePhi")
    other_attachments: list[OtherAttachment] = Field(default_factory=list,
                                                     alias="DanhSachTepDinhKemKhac")
    supplements: list[SupplementEntry] = Field(default_factory=list,
                                               alias="DanhSachHoSoBoSung")
    results: list[ResultFile] = Field(default_factory=list, alias="DanhSachGiayToKetQua")
    owner_ids: list[OwnerId] = Field(default_factory=list, alias="DinhDanhCHS")
    database_links: list[DatabaseLink] = Field(default_factory=list, alias="DSKetNoiCSDL")


class ProgressEvent(WireModel):
    """``CapNhatTienDoHoSoMC``: one processing step (``NgayBatDau`` ``""`` when unknown)."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True)
    code: str = Field(default="", alias="MaHoSo")
    handler: str = Field(default="", alias="NguoiXuLy")
    title: str = Field(default="", alias="ChucDanh")
    at: str = Field(default="", alias="ThoiDiemXuLy")
    department: str = Field(default="", alias="PhongBanXuLy")
    content: str = Field(default="", alias="NoiDungXuLy")
    status: str = Field(default="", alias="TrangThai")
    started: str = Field(default="", alias="NgayBatDau")
    due: str = Field(default="", alias="NgayKetThucTheoQuyDinh")


class DossierEnvelope(WireModel):
    """The ``DongBoHoSoMC`` body; ``session`` and ``madonvi`` when calling through the adapter.

    >>> DossierEnvelope(data=[]).to_wire()
    {'service': 'DongBoHoSoMC', 'isUpdating': 'False', 'data': []}
    """

    session: str | None = Field(default=None, alias="session")
    unit_code: str | None = Field(default=None, alias="madonvi")
    service: str = Field(default="DongBoHoSoMC", alias="service")
    updating: str = Field(default="False", alias="isUpdating")
    data: list[DossierRecord] = Field(default_factory=list, alias="data")


class ProgressEnvelope(WireModel):
    """The ``CapNhatTienDoHoSoMC`` body."""

    session: str | None = Field(default=None, alias="session")
    unit_code: str | None = Field(default=None, alias="madonvi")
    service: str = Field(default="CapNhatTienDoHoSoMC", alias="service")
    data: list[ProgressEvent] = Field(default_factory=list, alias="data")


class LookupRequest(WireModel):
    """``TraCuuHoSo``: does the portal already hold this dossier?

    >>> LookupRequest(code="000.00.06.H56-231027-0361").to_wire()
    {'service': 'TraCuuHoSo', 'mahoso': '000.00.06.H56-231027-0361'}
    """

    session: str | None = Field(default=None, alias="session")
    unit_code: str | None = Field(default=None, alias="madonvi")
    service: str = Field(default="TraCuuHoSo", alias="service")
    code: str = Field(alias="mahoso", min_length=1)


class PortalResponse(WireModel):
    """``{"error_code", "message"}``; ``error_code`` arrives as "0", "00" or 0.

    >>> PortalResponse.model_validate({"error_code": 0}).ok
    True
    >>> PortalResponse.model_validate({"error_code": "-3",
    ...                                "message": "Hồ sơ đã tồn tại"}).already_exists
    True
    """

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True)
    error_code: str = Field(default="", alias="error_code")
    message: Any = Field(default="", alias="message")

    @property
    def ok(self) -> bool:
        """True for a success answer."""
        code = self.error_code.strip()
        return code in ("0", "00") or (code == "" and "thành công" in str(self.message).lower())

    @property
    def already_exists(self) -> bool:
        """True when the portal says the dossier exists: send it again as an update."""
        return self.error_code.strip() in ALREADY_EXISTS and (
            "đã tồn tại" in str(self.message).lower())

    def issues(self) -> list[Issue]:
        """SVC513 when the portal refused the call (none for a success).

        >>> [i.rule for i in PortalResponse(error_code="1", message="Sai mã").issues()]
        ['SVC513']
        """
        if self.ok:
            return []
        return [issue_for("SVC513", tr("the portal answered error_code {code}: {message}",
                                       code=repr(self.error_code), message=str(self.message)))]

    @classmethod
    def parse(cls, body: bytes | str | dict[str, Any]) -> PortalResponse:
        """Read an answer: JSON, or the plain text some gateways return ("… thành công").

        >>> PortalResponse.parse("Cập nhật thành công").ok
        True
        """
        if isinstance(body, bytes):
            body = body.decode("utf-8", errors="replace")
        if isinstance(body, str):
            try:
                parsed = json.loads(body)
            except ValueError:
                return cls(message=body.strip())
            if not isinstance(parsed, dict):
                return cls(message=body.strip())
            body = parsed
        return cls.model_validate(body)
