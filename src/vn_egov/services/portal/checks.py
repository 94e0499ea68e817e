"""What the national portal will refuse in a payload, as findings (rules SVC501–SVC513).

The checks accept every shape real systems send — string scalars, ``""`` for an empty
optional field, the envelope with ``session``/``madonvi`` or a bare array for a provincial
gateway, ``"True"``/``"False"`` or ``"0"``/``"1"`` flags, fields outside the published list —
and report, with the JSON path of the value, what the portal refuses (errors) or may refuse
(warnings). :func:`read_dossier_payload` returns the records read into
:class:`~vn_egov.services.portal.models.DossierRecord` with the findings.

>>> records, issues = read_dossier_payload([{"MaHoSo": "000.00.06.H56-231027-0361",
...     "MaTTHC": "1.001193", "ChuHoSo": "A", "KenhThucHien": "2", "LoaiDoiTuong": "1",
...     "TrangThaiHoSo": "1", "TenTTHC": "x", "MaLinhVuc": "G15-TP07", "TrichYeuHoSo": "x",
...     "HinhThuc": "0", "DonViXuLy": "UBND"}])
>>> len(records), [(issue.rule, issue.xpath) for issue in issues]
(1, [('SVC512', 'DongBoHoSoMC[0].TenLinhVuc')])
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from pydantic import ValidationError

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.services import rules as _rules  # noqa: F401 - registers the SVC5xx rules
from vn_egov.services.codes import dossier as dossier_code
from vn_egov.services.codes import procedure as procedure_code
from vn_egov.services.portal.models import (
    DossierRecord,
    ProgressEvent,
    parse_portal_time,
)
from vn_egov.validation import Issue, issue_for

__all__ = ["check_dossier_record", "check_progress_event", "read_dossier_payload",
           "read_progress_payload"]

#: Length limits production systems enforce before sending (the portal's, inferred).
LENGTH_LIMITS: Final = {"TrichYeuHoSo": 1000, "NguoiXuLy": 50, "TenTepDinhKem": 4000,
                        "TenGiayTo": 2000}
_CODES: Final = {
    "KenhThucHien": ("1", "2", "3"),
    "LoaiDoiTuong": ("1", "2", "3", "4"),
    "TrangThaiHoSo": tuple(str(n) for n in range(1, 11)),
    "TrangThai": tuple(str(n) for n in range(1, 11)),
    "HinhThuc": ("0", "1"),
    "HoSoCoThanhPhanSoHoa": ("0", "1"),
    "TaiKhoanDuocXacThucVoiVNeID": ("0", "1"),
    "DuocThanhToanTrucTuyen": ("0", "1", "2", "3"),
}
_FLAGS: Final = ("0", "1", "True", "False", "true", "false")
_ITEM_CODES: Final = {"IsDeleted": _FLAGS, "DuocSoHoa": _FLAGS, "DuocLayTuKhoDMQG": _FLAGS,
                      "DuocTaiSuDung": ("0", "1", "2", "True", "False", "true", "false"),
                      "LoaiDinhDanh": ("1", "2")}
# Sent by every production system (the others are optional, "ko bb" in one of them).
_REQUIRED: Final = ("MaHoSo", "MaTTHC", "LoaiDoiTuong", "TrangThaiHoSo")
# Sent by most of them; the portal may need them (KenhThucHien is the newest).
_EXPECTED: Final = ("TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo",
                    "TrichYeuHoSo", "HinhThuc", "DonViXuLy")
_RECEIVED: Final = frozenset({"2", "4", "5", "6", "8", "9", "10"})
_PAUSED: Final = frozenset({"5", "6", "8"})
_PLACEHOLDER_IDS: Final = frozenset({"000000001", "000000000", "000000000000"})
_ID_LENGTH: Final = {"1": 12, "2": 9}
# Sent typed by the system that defines them (HoSoBoSungId int, TrangThaiBoSung bool).
_TYPED: Final = frozenset({"HoSoBoSungId", "TrangThaiBoSung"})
_LISTS: Final = ("TaiLieuNop", "DanhSachLePhi", "DanhSachTepDinhKemKhac", "DanhSachHoSoBoSung",
                 "DanhSachGiayToKetQua", "DinhDanhCHS", "DSKetNoiCSDL")


def _known(model: type[DossierRecord] | type[ProgressEvent]) -> frozenset[str]:
    return frozenset(info.alias or name for name, info in model.model_fields.items())


class _Findings:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, rule: str, path: str, message: str) -> None:
        self.issues.append(issue_for(rule, message, xpath=path))

    def scalar(self, path: str, value: Any) -> str | None:
        """The text of a scalar; numbers and booleans noted (SVC511), objects refused."""
        if value is None:
            return None
        if isinstance(value, bool | int | float):
            self.add("SVC511", path, tr("{path} is the JSON value {value}; read as text",
                                        path=path, value=json.dumps(value)))
            return str(value)
        if isinstance(value, str):
            return value
        self.add("SVC504", path, tr("{path} must be text, not {kind}", path=path,
                                    kind=type(value).__name__))
        return None

    def code(self, path: str, value: str | None, allowed: Sequence[str]) -> None:
        if value not in (None, "") and value.strip() not in allowed:
            self.add("SVC504", path, tr("{path} = {value} is not one of {allowed}", path=path,
                                        value=repr(value), allowed=", ".join(allowed)))

    def date(self, path: str, value: str | None) -> None:
        if value in (None, ""):
            return
        try:
            parse_portal_time(value.strip())
        except InputError as exc:
            self.add("SVC505", path, f"{path}: {exc.message}")

    def length(self, path: str, key: str, value: str | None) -> None:
        limit = LENGTH_LIMITS.get(key)
        if limit is not None and value is not None and len(value) > limit:
            self.add("SVC507", path, tr("{path} has {count} characters; the portal takes "
                                        "{limit}", path=path, count=len(value), limit=limit))

    def fields(self, where: str, record: Mapping[str, Any], known: frozenset[str],
               lists: Sequence[str] = ()) -> dict[str, str | None]:
        """Every scalar of *record* as text, unknown keys and types reported."""
        texts: dict[str, str | None] = {}
        for key, value in record.items():
            path = f"{where}.{key}"
            if key not in known:
                self.add("SVC508", path, tr("{path} is not part of the portal interface",
                                            path=path))
            if key in lists:
                continue
            texts[key] = self.scalar(path, value)
            self.length(path, key, texts[key])
            if key.startswith(("Ngay", "ThoiDiem")):
                self.date(path, texts[key])
        return texts


def _check_codes(found: _Findings, where: str, texts: Mapping[str, str | None]) -> None:
    code, procedure = texts.get("MaHoSo"), texts.get("MaTTHC")
    _check_code(found, f"{where}.MaHoSo", code)
    path = f"{where}.MaTTHC"
    if procedure and not procedure_code.is_valid(procedure):
        found.add("SVC503", path, tr("{path} {value} is not a procedure code", path=path,
                                     value=repr(procedure)))
    for key, allowed in _CODES.items():
        found.code(f"{where}.{key}", texts.get(key), allowed)


def _check_presence(found: _Findings, where: str, texts: Mapping[str, str | None]) -> None:
    _check_required(found, where, texts, _REQUIRED)
    for key in _EXPECTED:
        path = f"{where}.{key}"
        if not (texts.get(key) or "").strip():
            found.add("SVC512", path, tr("{path} is empty", path=path))
    status = (texts.get("TrangThaiHoSo") or "").strip()
    path = f"{where}.NgayTiepNhan"
    if status in _RECEIVED and not (texts.get("NgayTiepNhan") or "").strip():
        found.add("SVC506", path, tr("{path} is missing for a received dossier (status "
                                     "{status})", path=path, status=status))
    path = f"{where}.NgayHenTra"
    if status in _RECEIVED and "NgayHenTra" not in texts:
        found.add("SVC506", path, tr("{path} is missing for a received dossier (status "
                                     "{status}); send \"\" for a procedure without an "
                                     "appointment date", path=path, status=status))
    path = f"{where}.TrangThaiHoSo"
    if status in _PAUSED:
        found.add("SVC510", path, tr("{path} = {status}: the portal's acceptance of this "
                                     "code is unproven", path=path, status=status))


def _check_required(found: _Findings, where: str, texts: Mapping[str, str | None],
                    keys: Sequence[str]) -> None:
    for key in keys:
        path = f"{where}.{key}"
        if not (texts.get(key) or "").strip():
            found.add("SVC501", path, tr("{path} is missing", path=path))


def _check_code(found: _Findings, path: str, code: str | None) -> None:
    if code and not dossier_code.is_valid(code):
        found.add("SVC502", path, tr("{path} {value} is not OrganId-YYMMDD-NNNN", path=path,
                                     value=repr(code)))


def _check_items(found: _Findings, where: str, record: Mapping[str, Any]) -> None:
    for list_key in _LISTS:
        items = record.get(list_key)
        if items is None:
            continue
        list_path = f"{where}.{list_key}"
        if not isinstance(items, list):
            found.add("SVC504", list_path, tr("{path} must be a list", path=list_path))
            continue
        for index, item in enumerate(items):
            path = f"{where}.{list_key}[{index}]"
            if not isinstance(item, Mapping):
                found.add("SVC504", path, tr("{path} must be an object", path=path))
                continue
            texts = {key: found.scalar(f"{path}.{key}", value) for key, value in item.items()
                     if not isinstance(value, list | dict) and key not in _TYPED}
            for key, text in texts.items():
                found.length(f"{path}.{key}", key, text)
                if key.startswith("Ngay"):
                    found.date(f"{path}.{key}", text)
                if key in _ITEM_CODES:
                    found.code(f"{path}.{key}", text, _ITEM_CODES[key])
            if list_key == "DinhDanhCHS":
                _check_owner_id(found, path, texts)


def _check_owner_id(found: _Findings, path: str, texts: Mapping[str, str | None]) -> None:
    kind, number = (texts.get("LoaiDinhDanh") or "").strip(), (texts.get("SoDinhDanh") or "")
    expected = _ID_LENGTH.get(kind)
    if expected is None:
        return  # reported by the code check
    number_path = f"{path}.SoDinhDanh"
    if number.strip() in _PLACEHOLDER_IDS or not re.fullmatch(f"[0-9]{{{expected}}}",
                                                              number.strip()):
        found.add("SVC509", number_path, tr("{path} {value} is not a {length}-digit number",
                                            path=number_path, value=repr(number),
                                            length=expected))


def check_dossier_record(record: Mapping[str, Any],
                         where: str = "DongBoHoSoMC") -> list[Issue]:
    """Findings on one ``DongBoHoSoMC`` entry (empty when the portal will take it).

    >>> [i.rule for i in check_dossier_record({"MaHoSo": "00352112000539"})][:2]
    ['SVC502', 'SVC501']
    """
    found = _Findings()
    if not isinstance(record, Mapping):
        found.add("SVC504", where, tr("{path} must be an object", path=where))
        return found.issues
    texts = found.fields(where, record, _known(DossierRecord), _LISTS)
    _check_codes(found, where, texts)
    _check_presence(found, where, texts)
    _check_items(found, where, record)
    return found.issues


def check_progress_event(event: Mapping[str, Any],
                         where: str = "CapNhatTienDoHoSoMC") -> list[Issue]:
    """Findings on one ``CapNhatTienDoHoSoMC`` entry.

    >>> [i.rule for i in check_progress_event({"MaHoSo": "000.00.06.H56-231027-0361",
    ...     "ThoiDiemXuLy": "20231027143000", "NoiDungXuLy": "x", "TrangThai": "11"})]
    ['SVC504']
    """
    found = _Findings()
    if not isinstance(event, Mapping):
        found.add("SVC504", where, tr("{path} must be an object", path=where))
        return found.issues
    texts = found.fields(where, event, _known(ProgressEvent))
    _check_required(found, where, texts, ("MaHoSo", "ThoiDiemXuLy", "NoiDungXuLy",
                                          "TrangThai"))
    _check_code(found, f"{where}.MaHoSo", texts.get("MaHoSo"))
    found.code(f"{where}.TrangThai", texts.get("TrangThai"), _CODES["TrangThai"])
    return found.issues


def _entries(data: Any, service: str) -> tuple[list[Any], str]:
    """The entries of a payload: envelope ``data``, a bare array or one object."""
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise InputError(tr("the payload is not JSON: {error}", error=exc)) from None
    if isinstance(data, Mapping) and isinstance(data.get("data"), list):
        declared = data.get("service")
        if declared not in (None, service):
            raise InputError(tr("the payload is for service {declared}, not {service}",
                                declared=repr(declared), service=service))
        return list(data["data"]), f"{service}.data"
    if isinstance(data, list):
        return data, service
    if isinstance(data, Mapping):
        return [data], service
    raise InputError(tr("expected a {service} envelope, an array of entries or one entry",
                        service=service))


def read_dossier_payload(data: Any) -> tuple[list[DossierRecord], list[Issue]]:
    """Read a ``DongBoHoSoMC`` payload of any real shape; records and findings.

    Entries that are not objects are reported and skipped; every other entry is read.
    """
    entries, where = _entries(data, "DongBoHoSoMC")
    records: list[DossierRecord] = []
    issues: list[Issue] = []
    for index, entry in enumerate(entries):
        path = f"{where}[{index}]"
        issues.extend(check_dossier_record(entry, path))
        if isinstance(entry, Mapping):
            try:
                records.append(DossierRecord.model_validate(entry))
            except ValidationError as exc:
                issues.extend(issue_for("SVC504", f"{path}.{'.'.join(map(str, e['loc']))}: "
                                        f"{e['msg']}", xpath=path) for e in exc.errors())
    return records, issues


def read_progress_payload(data: Any) -> tuple[list[ProgressEvent], list[Issue]]:
    """Read a ``CapNhatTienDoHoSoMC`` payload (envelope, bare array or one event)."""
    entries, where = _entries(data, "CapNhatTienDoHoSoMC")
    events: list[ProgressEvent] = []
    issues: list[Issue] = []
    for index, entry in enumerate(entries):
        path = f"{where}[{index}]"
        issues.extend(check_progress_event(entry, path))
        if isinstance(entry, Mapping):
            try:
                events.append(ProgressEvent.model_validate(entry))
            except ValidationError as exc:
                issues.extend(issue_for("SVC504", f"{path}: {e['msg']}", xpath=path)
                              for e in exc.errors())
    return events, issues
