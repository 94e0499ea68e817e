"""Payloads for the national public-service portal (Cổng DVCQG): ``DongBoHoSoMC`` and
``CapNhatTienDoHoSoMC`` (services.md §6, medium: reconstructed from two integrators).

Field names and codes are those of §6.2–6.3; every date is ``yyyyMMddHHmmss`` in
Asia/Ho_Chi_Minh without a zone suffix (naive datetimes are refused). Payloads are checked by
:func:`validate_dossier_record` / :func:`validate_progress_event` before they are returned;
an :class:`~vn_egov.errors.InputError` names the offending field. The true status code is
sent (one vendor sends 5, 6 and 8 as 9). Nothing here does network I/O or logs credentials.

>>> import datetime as dt
>>> format_portal_time(dt.datetime(2025, 3, 3, 2, 5, 9, tzinfo=dt.timezone.utc))
'20250303090509'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from vn_egov.errors import InputError
from vn_egov.services.calendar.working import VN_TZ
from vn_egov.services.catalogue.models import FeeKind
from vn_egov.services.codes import dossier as dossier_code
from vn_egov.services.codes import procedure as procedure_code
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import Dossier

__all__ = [
    "DOSSIER_FIELDS",
    "PROGRESS_FIELDS",
    "build_dossier_payload",
    "build_progress_payloads",
    "dossier_record",
    "format_portal_time",
    "parse_portal_time",
    "progress_events",
    "validate_dossier_record",
    "validate_progress_event",
]

PORTAL_TIME_FORMAT: Final = "%Y%m%d%H%M%S"
_PORTAL_TIME = re.compile(r"^[0-9]{14}$")

#: Scalar and list fields of ``HoSoDongBoDVC`` (services.md §6.2).
DOSSIER_FIELDS: Final = (
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo",
    "SoGiayToChuHoSo", "LoaiDoiTuong", "MaDoiTuong", "ThongTinKhac", "Email", "Fax",
    "SoDienThoai", "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra",
    "ThongTinTra", "HinhThuc", "NgayKetThucXuLy", "DonViXuLy", "GhiChu", "NoiNopHoSo",
    "HoSoCoThanhPhanSoHoa", "TaiKhoanDuocXacThucVoiVNeID", "DuocThanhToanTrucTuyen",
    "NgayTuChoi", "NgayNopHoSo", "TaiLieuNop", "DanhSachLePhi", "DanhSachTepDinhKemKhac",
    "DanhSachHoSoBoSung", "DanhSachGiayToKetQua", "DinhDanhCHS", "DSKetNoiCSDL",
)
#: ``QuaTrinhXuLyDongBoDVC`` (services.md §6.2).
PROGRESS_FIELDS: Final = ("MaHoSo", "NguoiXuLy", "ChucDanh", "ThoiDiemXuLy", "PhongBanXuLy",
                          "NoiDungXuLy", "TrangThai", "NgayBatDau", "NgayKetThucTheoQuyDinh")
_RECEIVED_STATUSES: Final = frozenset({2, 4, 5, 6, 8, 9, 10})
_PLACEHOLDER_ID: Final = "000000001"


def format_portal_time(moment: dt.datetime) -> str:
    """``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh; naive datetimes are refused.

    >>> format_portal_time(dt.datetime(2025, 1, 1))
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: portal time 2025-01-01T00:00:00 has no time zone ...
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(f"portal time {moment.isoformat()} has no time zone",
                         hint="use aware datetimes; they are converted to Asia/Ho_Chi_Minh")
    return moment.astimezone(VN_TZ).strftime(PORTAL_TIME_FORMAT)


def parse_portal_time(text: str) -> dt.datetime:
    """Read ``yyyyMMddHHmmss`` as Asia/Ho_Chi_Minh time.

    >>> parse_portal_time("20231027143000").isoformat()
    '2023-10-27T14:30:00+07:00'
    """
    if not _PORTAL_TIME.match(text):
        raise InputError(f"portal time {text!r} is not yyyyMMddHHmmss (14 digits)")
    try:
        return dt.datetime.strptime(text, PORTAL_TIME_FORMAT).replace(tzinfo=VN_TZ)
    except ValueError:
        raise InputError(f"portal time {text!r} is not a real date and time") from None


def _time(moment: dt.datetime | None) -> str | None:
    return None if moment is None else format_portal_time(moment)


def _amount(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def dossier_record(dossier: Dossier) -> dict[str, Any]:
    """One ``data`` entry of ``DongBoHoSoMC``; keys without a value are left out.

    >>> from vn_egov.services.dossier.models import Person
    >>> from vn_egov.services.catalogue.models import ChannelKind
    >>> d = Dossier(code="000.00.06.H56-231027-0361", procedure_code="1.001193",
    ...             channel=ChannelKind.DIRECT, applicant=Person(name="Lê Văn C"))
    >>> dossier_record(d)["KenhThucHien"], dossier_record(d)["TrangThaiHoSo"]
    (1, 1)
    """
    applicant = dossier.applicant
    record: dict[str, Any] = {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure_code,
        "TenTTHC": dossier.procedure_name,
        "MaLinhVuc": dossier.field_code,
        "TenLinhVuc": dossier.field_name,
        "KenhThucHien": dossier.channel.code,
        "ChuHoSo": applicant.name,
        "SoGiayToChuHoSo": applicant.id_number,
        "LoaiDoiTuong": applicant.subject_type,
        "MaDoiTuong": applicant.portal_account,
        "Email": applicant.email,
        "Fax": applicant.fax,
        "SoDienThoai": applicant.phone,
        "TrichYeuHoSo": dossier.summary,
        "NgayNopHoSo": _time(dossier.submitted_at),
        "NgayTiepNhan": _time(dossier.received_at),
        "NgayHenTra": _time(dossier.due_at),
        "TrangThaiHoSo": int(dossier.status),
        "NgayKetThucXuLy": _time(dossier.finished_at),
        "NgayTra": _time(dossier.returned_at),
        "NgayTuChoi": _time(dossier.refused_at),
        "HinhThuc": dossier.return_method,
        "DonViXuLy": dossier.agency_name,
        "GhiChu": dossier.refusal_reason or dossier.withdrawal_reason or dossier.note,
        "TaiLieuNop": [
            {"TepDinhKemId": doc.file_id, "TenTepDinhKem": doc.name, "IsDeleted": doc.deleted,
             "MaThanhPhanHoSo": doc.component_code, "DuongDanTaiTepTin": doc.url,
             "DuocSoHoa": doc.digitised, "DuocTaiSuDung": doc.reusable,
             "DuocLayTuKhoDMQG": doc.from_national_store,
             "MaKetQuaThayThe": doc.replacing_result_code}
            for doc in dossier.documents],
        "DanhSachLePhi": [
            {"TenPhiLePhi": fee.name, "MaPhiLePhi": fee.code, "HinhThucThu": fee.payment_method,
             "Gia": _amount(fee.amount),
             # 1 phí / 2 lệ phí: unverified encoding, only sent when the kind is known
             "LoaiPhiLePhi": {FeeKind.PHI: 1, FeeKind.LE_PHI: 2}.get(fee.kind)}
            for fee in dossier.fees],
        "DanhSachHoSoBoSung": [
            {"HoSoBoSungId": f"{dossier.code}-BS{index}", "NguoiYeuCauBoSung": req.requested_by,
             "NoiDungBoSung": req.reason, "NgayBoSung": _time(req.requested_at),
             "NguoiTiepNhanBoSung": req.received_by,
             "NgayTiepNhanBoSung": _time(req.received_at),
             "NgayHenTraTruoc": _time(req.previous_due), "NgayHenTraMoi": _time(req.new_due)}
            for index, req in enumerate(dossier.supplements, start=1)],
        "DanhSachGiayToKetQua": [
            {"TenGiayTo": res.name, "MaThanhPhanHoSo": res.component_code,
             "GiayToId": res.file_id, "DuongDanTepTinKetQua": res.url,
             "MaGiayToKetQua": res.code}
            for res in dossier.results],
        "DinhDanhCHS": ([{"LoaiDinhDanh": applicant.id_type, "SoDinhDanh": applicant.id_number}]
                        if applicant.id_number and applicant.id_type else []),
    }
    pruned: dict[str, Any] = _prune(record)
    return pruned


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _prune(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def _check_time(where: str, value: Any) -> None:
    if not isinstance(value, str):
        raise InputError(f"{where} must be a yyyyMMddHHmmss string, not {value!r}")
    try:
        parse_portal_time(value)
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}", hint="format yyyyMMddHHmmss, local time")\
            from None


def _check_dates(where: str, record: Mapping[str, Any]) -> None:
    for key, value in record.items():
        if key.startswith(("Ngay", "ThoiDiem")) and value is not None:
            _check_time(f"{where}.{key}", value)


def validate_dossier_record(record: Mapping[str, Any]) -> None:
    """Check one ``DongBoHoSoMC`` entry; :class:`InputError` names the field.

    >>> validate_dossier_record({"MaHoSo": "000.00.06.H56-231027-0361"})
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: DongBoHoSoMC.MaTTHC is missing ...
    """
    where = "DongBoHoSoMC"
    unknown = sorted(set(record) - set(DOSSIER_FIELDS))
    if unknown:
        raise InputError(f"{where} has fields outside the interface: {', '.join(unknown)}",
                         hint="use only the field names of services.md §6.2")
    for key in ("MaHoSo", "MaTTHC", "KenhThucHien", "ChuHoSo", "LoaiDoiTuong", "TrangThaiHoSo"):
        if record.get(key) in (None, ""):
            raise InputError(f"{where}.{key} is missing", hint="every dossier payload needs it")
    if not dossier_code.is_valid(str(record["MaHoSo"])):
        raise InputError(f"{where}.MaHoSo {record['MaHoSo']!r} is not OrganId-YYMMDD-NNNN")
    if not procedure_code.is_valid(str(record["MaTTHC"])):
        raise InputError(f"{where}.MaTTHC {record['MaTTHC']!r} is not a procedure code")
    checks = (("KenhThucHien", range(1, 4)), ("LoaiDoiTuong", range(1, 5)),
              ("TrangThaiHoSo", range(1, 11)))
    for key, allowed in checks:
        if record[key] not in allowed or isinstance(record[key], bool):
            raise InputError(f"{where}.{key} = {record[key]!r} is not in "
                             f"{allowed.start}-{allowed.stop - 1}")
    if record.get("HinhThuc") not in (None, 0, 1):
        raise InputError(f"{where}.HinhThuc = {record['HinhThuc']!r} is not 0 or 1")
    _check_dates(where, record)
    if record["TrangThaiHoSo"] in _RECEIVED_STATUSES:
        for key in ("NgayTiepNhan", "NgayHenTra"):
            if not record.get(key):
                raise InputError(f"{where}.{key} is missing for a received dossier "
                                 f"(status {record['TrangThaiHoSo']})",
                                 hint="accept the dossier with a time limit first")
    for index, item in enumerate(record.get("DinhDanhCHS") or []):
        kind, number = item.get("LoaiDinhDanh"), str(item.get("SoDinhDanh", ""))
        expected = {1: 12, 2: 9}.get(kind)
        if expected is None:
            raise InputError(f"{where}.DinhDanhCHS[{index}].LoaiDinhDanh = {kind!r} is not 1 or 2")
        if number == _PLACEHOLDER_ID or not re.fullmatch(f"[0-9]{{{expected}}}", number):
            raise InputError(f"{where}.DinhDanhCHS[{index}].SoDinhDanh {number!r} is not a "
                             f"{expected}-digit number", hint="never send a placeholder number")
    for list_key in ("DanhSachHoSoBoSung",):
        for index, item in enumerate(record.get(list_key) or []):
            _check_dates(f"{where}.{list_key}[{index}]", item)


def build_dossier_payload(dossiers: Dossier | Sequence[Dossier], *,
                          updating: bool = False) -> dict[str, Any]:
    """The ``DongBoHoSoMC`` body: ``{"service", "isUpdating": "True"/"False", "data"}``.

    Send ``updating=True`` again when the portal answers that the dossier already exists
    (``error_code`` 3/-3 with "đã tồn tại", §6.4).

    >>> from vn_egov.services.dossier.models import Person
    >>> from vn_egov.services.catalogue.models import ChannelKind
    >>> d = Dossier(code="000.00.06.H56-231027-0361", procedure_code="1.001193",
    ...             channel=ChannelKind.ONLINE, applicant=Person(name="Lê Văn C"))
    >>> body = build_dossier_payload(d)
    >>> body["service"], body["isUpdating"], body["data"][0]["MaHoSo"]
    ('DongBoHoSoMC', 'False', '000.00.06.H56-231027-0361')
    """
    items = [dossiers] if isinstance(dossiers, Dossier) else list(dossiers)
    data = [dossier_record(dossier) for dossier in items]
    for record in data:
        validate_dossier_record(record)
    return {"service": "DongBoHoSoMC", "isUpdating": "True" if updating else "False",
            "data": data}


def progress_events(dossier: Dossier) -> list[dict[str, Any]]:
    """The processing history as ``QuaTrinhXuLyDongBoDVC`` entries, oldest first.

    >>> from vn_egov.services.dossier.models import Person
    >>> from vn_egov.services.catalogue.models import ChannelKind
    >>> d = Dossier(code="000.00.06.H56-231027-0361", procedure_code="1.001193",
    ...             channel=ChannelKind.ONLINE, applicant=Person(name="C"))
    >>> progress_events(d)
    []
    """
    events = []
    for event in dossier.history:
        entry = _prune({
            "MaHoSo": dossier.code, "NguoiXuLy": event.actor, "ChucDanh": event.title,
            "ThoiDiemXuLy": format_portal_time(event.at), "PhongBanXuLy": event.unit,
            "NoiDungXuLy": event.action, "TrangThai": int(event.status),
            "NgayBatDau": format_portal_time(event.started_at or event.at),
            "NgayKetThucTheoQuyDinh": _time(event.due_at)})
        validate_progress_event(entry)
        events.append(entry)
    return events


def validate_progress_event(event: Mapping[str, Any]) -> None:
    """Check one ``CapNhatTienDoHoSoMC`` entry; :class:`InputError` names the field.

    >>> validate_progress_event({"MaHoSo": "000.00.06.H56-231027-0361", "TrangThai": 11,
    ...                          "ThoiDiemXuLy": "20231027143000", "NoiDungXuLy": "x"})
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: CapNhatTienDoHoSoMC.TrangThai = 11 is not a status 1-10
    """
    where = "CapNhatTienDoHoSoMC"
    unknown = sorted(set(event) - set(PROGRESS_FIELDS))
    if unknown:
        raise InputError(f"{where} has fields outside the interface: {', '.join(unknown)}")
    for key in ("MaHoSo", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai"):
        if event.get(key) in (None, ""):
            raise InputError(f"{where}.{key} is missing")
    if not dossier_code.is_valid(str(event["MaHoSo"])):
        raise InputError(f"{where}.MaHoSo {event['MaHoSo']!r} is not OrganId-YYMMDD-NNNN")
    if event["TrangThai"] not in {int(s) for s in Status} or isinstance(event["TrangThai"], bool):
        raise InputError(f"{where}.TrangThai = {event['TrangThai']!r} is not a status 1-10")
    _check_dates(where, event)


def build_progress_payloads(dossier: Dossier, chunk_size: int = 10) -> list[dict[str, Any]]:
    """``CapNhatTienDoHoSoMC`` bodies, *chunk_size* events each (10 as in production).

    >>> from vn_egov.services.dossier.models import Person
    >>> from vn_egov.services.catalogue.models import ChannelKind
    >>> d = Dossier(code="000.00.06.H56-231027-0361", procedure_code="1.001193",
    ...             channel=ChannelKind.ONLINE, applicant=Person(name="C"))
    >>> build_progress_payloads(d)
    []
    """
    if chunk_size < 1:
        raise InputError(f"chunk size {chunk_size} must be at least 1")
    events = progress_events(dossier)
    return [{"service": "CapNhatTienDoHoSoMC", "data": events[start:start + chunk_size]}
            for start in range(0, len(events), chunk_size)]
