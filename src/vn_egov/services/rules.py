"""Rule ids of :mod:`vn_egov.services`, registered in the library-wide rule registry.

* ``SVC1xx``: import findings on national procedure records (:mod:`.catalogue.importers`);
* ``SVC2xx``: rules on the library's catalogue XML (profile ``service-catalogue``);
* ``SVC3xx``: lifecycle warnings recorded on a dossier (:mod:`.dossier.models`);
* ``SVC4xx``: e-form data checked against its Form.io form (:mod:`.forms`);
* ``SVC5xx``: portal payloads: what the national portal will refuse (:mod:`.portal`).

>>> from vn_egov.validation import get_rule
>>> get_rule("SVC201").title
'A procedure code does not have a valid shape'
"""

from __future__ import annotations

from typing import Final

from vn_egov.validation import Rule, Severity, register_all

__all__ = ["PROFILE_ID"]

PROFILE_ID: Final = "service-catalogue"
_NATIONAL_RECORD: Final = "Cổng DVCQG, gói tin thủ tục (LayThuTuc) and the 2025 national record"

IMPORT_RULES: Final = (
    Rule("SVC101", Severity.WARNING, "A field of the national record is not mapped",
         "it is kept only in raw_json; report it so the mapping can be extended",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC102", Severity.WARNING, "A fee amount could not be read as a number",
         "the text is kept in Fee.raw_text; check the amount by hand", _NATIONAL_RECORD,
         layer="import"),
    Rule("SVC103", Severity.WARNING, "A channel code is not 1/2/3 or DIRECT/ONLINE/POSTAL",
         "the channel was skipped; correct the KENH / submissionMethod value",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC104", Severity.WARNING, "A time-limit unit is not recognised",
         "the limit is kept with unit OTHER and the original text in unit_text",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC105", Severity.WARNING, "The procedure code does not have a valid shape",
         "the code is kept as found; check it against the national database",
         "Cổng DVCQG procedure codes (D.NNNNNN)", layer="import"),
    Rule("SVC106", Severity.WARNING, "A value of a coded field is not recognised",
         "the value is not mapped (kept in raw_json); check it against the national database",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC107", Severity.WARNING, "A document count is not a whole number",
         "the count is left empty; fix SOBANCHINH/SOBANSAO or originalQty/copyQty",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC108", Severity.INFO, "The fee kind (phí / lệ phí) was inferred",
         "the legacy MAPHILEPHI quirk and SERVICE_FEE/FEE are not authoritative",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC109", Severity.WARNING, "A date could not be read",
         "the date is left empty; give ISO dates, dd/mm/yyyy or milliseconds since epoch",
         _NATIONAL_RECORD, layer="import"),
    Rule("SVC110", Severity.ERROR, "The national record is not an object with a code and name",
         "give one procedure record (legacy MATTHC/TENTTHC or camelCase code/name)",
         _NATIONAL_RECORD, layer="import"),
)

XML_RULES: Final = (
    Rule("SVC201", Severity.ERROR, "A procedure code does not have a valid shape",
         "use D.NNNNNN, optionally with .<OrganId> (vn-egov codes validate procedure CODE)",
         "Cổng DVCQG procedure codes (D.NNNNNN)", (PROFILE_ID,)),
    Rule("SVC202", Severity.ERROR, "A procedure code appears twice in the catalogue",
         "keep one entry per code", "NĐ 63/2010/NĐ-CP Điều 23 (one entry per procedure)",
         (PROFILE_ID,)),
    Rule("SVC203", Severity.WARNING,
         "The procedure lacks an element NĐ 63/2010 Điều 8 k2 requires",
         "add the missing part (steps, channels, documents, time limit, subjects, agency)",
         "NĐ 63/2010/NĐ-CP Điều 8 k2 (sửa đổi bởi NĐ 92/2017/NĐ-CP)", (PROFILE_ID,)),
    Rule("SVC204", Severity.ERROR, "A field-of-activity code does not have a valid shape",
         "use MX1X2-LV, e.g. G15-TP07", "TT 01/2018/TT-VPCP Điều 20", (PROFILE_ID,)),
    Rule("SVC205", Severity.ERROR, "A case code does not have the shape <procedure>.NN",
         "use the procedure code and a two-digit suffix, e.g. 1.001193.01",
         "Cổng DVCQG case codes (trường hợp)", (PROFILE_ID,)),
)

LIFECYCLE_RULES: Final = (
    Rule("SVC301", Severity.WARNING,
         "The supplement request came later than 3 working days after receipt",
         "the notice asking for bổ sung must be issued within 03 working days of receipt "
         "unless the sector law says otherwise",
         "NĐ 61/2018/NĐ-CP Điều 19 k4; NĐ 118/2025/NĐ-CP", layer="lifecycle"),
    Rule("SVC302", Severity.WARNING,
         "The apology and new appointment came less than 1 day before the deadline",
         "send the Phiếu xin lỗi và hẹn lại ngày trả kết quả at least 01 day before the due "
         "date; the original due date still judges timeliness",
         "NĐ 61/2018/NĐ-CP Điều 19 k9; NĐ 118/2025/NĐ-CP", layer="lifecycle"),
)

FORM_RULES: Final = (
    Rule("SVC401", Severity.ERROR, "A required e-form field is empty",
         "fill in the field", "Form.io validate.required", layer="eform"),
    Rule("SVC402", Severity.ERROR, "An e-form value has the wrong type",
         "give the value in the type of its component (text, number, date, list...)",
         "Form.io component types", layer="eform"),
    Rule("SVC403", Severity.ERROR, "An e-form value does not match its pattern",
         "correct the value to the expected format", "Form.io validate.pattern",
         layer="eform"),
    Rule("SVC404", Severity.ERROR, "An e-form value is not one of the allowed choices",
         "choose one of the values listed by the select, radio or select boxes",
         "Form.io data.values / values", layer="eform"),
    Rule("SVC405", Severity.ERROR, "An e-form value is too short, too long or out of range",
         "respect minLength/maxLength or min/max", "Form.io validate", layer="eform"),
    Rule("SVC406", Severity.WARNING, "The e-form data has a field the form does not define",
         "remove the field or use the form it was filled in with", "Form.io submission data",
         layer="eform"),
    Rule("SVC407", Severity.WARNING, "Part of the e-form cannot be checked",
         "conditions, custom JavaScript validation and unusable patterns are not evaluated; "
         "check them in the form builder", "Form.io conditional / validate.custom",
         layer="eform"),
)

_PORTAL: Final = "Cổng DVCQG DongBoHoSoMC / CapNhatTienDoHoSoMC"
PORTAL_RULES: Final = (
    Rule("SVC501", Severity.ERROR, "A field the portal requires is missing or empty",
         "fill in the field before synchronising", _PORTAL, layer="portal"),
    Rule("SVC502", Severity.ERROR, "The dossier code is not in the national format",
         "re-key the dossier with OrganId-YYMMDD-NNNN and send the old code as MaHoSoKhac",
         "TT 01/2018/TT-VPCP Điều 19", layer="portal"),
    Rule("SVC503", Severity.ERROR, "The procedure code is not a national procedure code",
         "send the code of the national database (D.NNNNNN), not a local one",
         "Cổng DVCQG procedure codes (D.NNNNNN)", layer="portal"),
    Rule("SVC504", Severity.ERROR, "A coded field has a value outside its list",
         "use one of the values listed in the message", _PORTAL, layer="portal"),
    Rule("SVC505", Severity.ERROR, "A date is not yyyyMMddHHmmss",
         "write dates as 14 digits, local time Asia/Ho_Chi_Minh, or \"\" when unknown",
         _PORTAL, layer="portal"),
    Rule("SVC506", Severity.ERROR, "A received dossier has no receipt date or due date",
         "send NgayTiepNhan and NgayHenTra for statuses 2 and 4-10 (a procedure without an "
         "appointment date sends NgayHenTra \"\")", _PORTAL, layer="portal"),
    Rule("SVC507", Severity.WARNING, "A text is longer than the portal accepts",
         "shorten it (limits observed in production: TrichYeuHoSo 1000, NguoiXuLy 50, "
         "TenTepDinhKem 4000, TenGiayTo 2000 characters)", _PORTAL, layer="portal"),
    Rule("SVC508", Severity.WARNING, "A field is not part of the portal interface",
         "remove it or check its name; the portal may refuse or ignore it", _PORTAL,
         layer="portal"),
    Rule("SVC509", Severity.ERROR, "An identity number is a placeholder or has the wrong length",
         "send the 12-digit personal identification number (LoaiDinhDanh 1) or the 9-digit "
         "identity card number (2); leave DinhDanhCHS empty when unknown", _PORTAL,
         layer="portal"),
    Rule("SVC510", Severity.WARNING, "Status 5, 6 or 8 is sent to the portal",
         "the portal's acceptance of these codes is unproven; one production system sends 9 "
         "instead (configure the portal status map)", _PORTAL, layer="portal"),
    Rule("SVC511", Severity.INFO, "A value is a JSON number or boolean where systems send text",
         "accepted and read as text; send strings like the production systems", _PORTAL,
         layer="portal"),
    Rule("SVC512", Severity.WARNING, "A field production systems send is empty",
         "fill in TenTTHC, MaLinhVuc, TenLinhVuc, KenhThucHien, ChuHoSo, TrichYeuHoSo, "
         "HinhThuc and DonViXuLy", _PORTAL, layer="portal"),
    Rule("SVC513", Severity.ERROR, "The portal answered with an error",
         "read the message; error_code 3 or -3 with 'đã tồn tại' means: send again as an "
         "update", _PORTAL, layer="portal"),
)

register_all(IMPORT_RULES + XML_RULES + LIFECYCLE_RULES + FORM_RULES + PORTAL_RULES)
