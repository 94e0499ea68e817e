"""Rule ids of :mod:`vn_egov.services`, registered in the library-wide rule registry.

``SVC1xx`` are import findings (national JSON records, see :mod:`.importers`); ``SVC2xx``
are rules on the library's own catalogue XML (profile ``service-catalogue``).

>>> from vn_egov.validation import get_rule
>>> get_rule("SVC201").title
'A procedure code does not have a valid shape'
"""

from __future__ import annotations

from typing import Final

from vn_egov.validation import Rule, Severity, register_all

__all__ = ["IMPORT_RULES", "PROFILE_ID", "XML_RULES"]

PROFILE_ID: Final = "service-catalogue"

IMPORT_RULES: Final = (
    Rule("SVC101", Severity.WARNING, "A field of the national record is not mapped",
         "it is kept only in raw_json; report it so the mapping can be extended",
         "services.md §4.1-4.2", layer="import"),
    Rule("SVC102", Severity.WARNING, "A fee amount could not be read as a number",
         "the text is kept in Fee.raw_text; check the amount by hand", "services.md §4.4",
         layer="import"),
    Rule("SVC103", Severity.WARNING, "A channel code is not 1/2/3 or DIRECT/ONLINE/POSTAL",
         "the channel was skipped; correct the KENH / submissionMethod value",
         "services.md §4.4", layer="import"),
    Rule("SVC104", Severity.WARNING, "A time-limit unit is not recognised",
         "the limit is kept with unit OTHER and the original text in unit_text",
         "services.md §4.3, §8", layer="import"),
    Rule("SVC105", Severity.WARNING, "The procedure code does not have a valid shape",
         "the code is kept as found; check it against the national database",
         "services.md §2", layer="import"),
    Rule("SVC106", Severity.WARNING, "A value of a coded field is not recognised",
         "the value is not mapped (kept in raw_json); check the list in services.md §4.3",
         "services.md §4.3", layer="import"),
    Rule("SVC107", Severity.WARNING, "A document count is not a whole number",
         "the count is left empty; fix SOBANCHINH/SOBANSAO or originalQty/copyQty",
         "services.md §4.4", layer="import"),
    Rule("SVC108", Severity.INFO, "The fee kind (phí / lệ phí) was inferred",
         "the legacy MAPHILEPHI quirk and SERVICE_FEE/FEE are not authoritative",
         "services.md §4.4, open question 5", layer="import"),
    Rule("SVC109", Severity.WARNING, "A date could not be read",
         "the date is left empty; give ISO dates, dd/mm/yyyy or milliseconds since epoch",
         "services.md §4.2", layer="import"),
    Rule("SVC110", Severity.ERROR, "The national record is not an object with a code and name",
         "give one procedure record (legacy MATTHC/TENTTHC or camelCase code/name)",
         "services.md §4.1-4.2", layer="import"),
)

XML_RULES: Final = (
    Rule("SVC201", Severity.ERROR, "A procedure code does not have a valid shape",
         "use D.NNNNNN, optionally with .<OrganId> (vn-egov codes validate procedure CODE)",
         "services.md §2", (PROFILE_ID,)),
    Rule("SVC202", Severity.ERROR, "A procedure code appears twice in the catalogue",
         "keep one entry per code", "services.md §2", (PROFILE_ID,)),
    Rule("SVC203", Severity.WARNING,
         "The procedure lacks an element NĐ 63/2010 Điều 8 k2 requires",
         "add the missing part (steps, channels, documents, time limit, subjects, agency)",
         "NĐ 63/2010/NĐ-CP Điều 8 k2, services.md §1", (PROFILE_ID,)),
    Rule("SVC204", Severity.ERROR, "A field-of-activity code does not have a valid shape",
         "use MX1X2-LV, e.g. G15-TP07", "TT 01/2018/TT-VPCP Điều 20", (PROFILE_ID,)),
    Rule("SVC205", Severity.ERROR, "A case code does not have the shape <procedure>.NN",
         "use the procedure code and a two-digit suffix, e.g. 1.001193.01", "services.md §2",
         (PROFILE_ID,)),
)

register_all(IMPORT_RULES + XML_RULES)
