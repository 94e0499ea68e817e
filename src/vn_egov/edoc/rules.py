"""The edXML rule ids, registered with their default severities.

Ids are stable once released. Each rule cites the instrument or public source it rests on:
QCVN 102:2016/BTTTT (Thông tư 10/2016/TT-BTTTT, amended by Thông tư 01/2022/TT-BTTTT), the
official VPCP/VNPT EdXML102 library of the national document hub's SDK (what it writes and
reads), NĐ 30/2020/NĐ-CP, QĐ 20/2020/QĐ-TTg, QĐ 28/2018/QĐ-TTg and the W3C/IETF standards.
The user documentation of every rule is ``docs/edxml.md`` and the catalogue ``docs/rules.md``.

>>> from vn_egov.validation import get_rule
>>> get_rule("EDX201").severity.value
'warning'
"""

from __future__ import annotations

from vn_egov.validation.issue import Severity
from vn_egov.validation.rules import Rule, register_all

__all__ = ["EDXML_RULES"]

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_DOC, _STATUS = "edxml-document", "edxml-status"
_BOTH = (_DOC, _STATUS)

QCVN = "QCVN 102:2016/BTTTT"
EDXML102 = "VPCP EdXML102 library (SDKVXP)"
XML = "W3C XML 1.0, Namespaces in XML 1.0"
ND30 = "NĐ 30/2020/NĐ-CP"
DSIG = "W3C XML Signature Syntax and Processing"


def _rule(rule_id: str, severity: Severity, title: str, hint: str, reference: str,  # noqa: PLR0917
          profiles: tuple[str, ...] = _BOTH, layer: str = "rules") -> Rule:
    return Rule(rule_id, severity, title, hint, reference, profiles, layer)


EDXML_RULES = (
    _rule("EDX001", E, "Not well-formed or not namespace-well-formed XML",
          "fix the syntax at the reported position (e.g. declare the xlink prefix)", XML,
          layer="well-formed"),
    _rule("EDX002", E, "Bytes before the XML declaration, DTD or entity declarations",
          "remove anything before '<?xml' and any <!DOCTYPE>", f"{XML}; {QCVN}",
          layer="well-formed"),
    _rule("EDX003", E, "Root is not edXML, or no edXMLEnvelope/edXMLHeader/MessageHeader",
          "the package must be edXML > edXMLEnvelope > edXMLHeader > MessageHeader", QCVN),
    _rule("EDX004", W, "Elements matched by local name only (wrong or missing namespace)",
          "put every element in http://www.mic.gov.vn/TBT/QCVN_102_2016", f"{QCVN}; {XML}"),
    _rule("EDX005", INFO, "Prefix other than edXML, or no prefix (namespace-equivalent)",
          "emit the literal edXML: prefix; some hubs reject other prefixes", f"{QCVN}; {EDXML102}"),
    _rule("EDX006", W, "Unknown root child ignored (e.g. Boundary, ContentId, ContentType)",
          "remove MIME-wrapper leftovers before the envelope", QCVN),
    _rule("EDX007", W, "Unknown or repeated element ignored by the models (kept and written back)",
          "remove it, or check its spelling against the documentation", QCVN),
    _rule("EDX008", INFO, "MessageHeader in variant B or another non-emitted order",
          "the canonical writer emits variant A (QCVN numbering)", f"{QCVN}; {EDXML102}",
          (_DOC,)),
    _rule("EDX009", INFO, "EdXML102 extension elements present",
          "harmless: they are read into typed fields and written back", EDXML102),
    _rule("EDX101", E, "Missing required element",
          "add the element named in the message", QCVN),
    _rule("EDX102", W, "Duplicate To/OrganId", "list each recipient once (some hubs reject it)",
          QCVN, (_DOC,)),
    _rule("EDX103", E, "More than one DocumentId or ToPlaces in MessageHeader",
          "keep exactly one DocumentId and at most one ToPlaces", QCVN, (_DOC,)),
    _rule("EDX104", INFO,
          "DocumentId does not follow the OrganId,yyyy/MM/dd,Number/Notation formula",
          "received ids are opaque; generate new ones with the formula", QCVN, (_DOC,)),
    _rule("EDX105", W, "Date or timestamp not in the yyyy/MM/dd [HH:mm:ss] pattern",
          "write dates as yyyy/MM/dd and timestamps as yyyy/MM/dd HH:mm:ss", QCVN),
    _rule("EDX106", W, "PromulgationDate in the future", "check the date (some hubs reject it)",
          ND30, (_DOC,)),
    _rule("EDX107", W, "Value longer than the configured observed limit",
          "shorten the value or raise the configured limit", QCVN),
    _rule("EDX108", W, "OrganId matches neither the QCVN 102 nor the QĐ 20/2020 pattern",
          "use NNN.NN.NN.XNN (e.g. 000.00.00.G22) or the top-down form (H56.14)",
          f"{QCVN}; QĐ 20/2020/QĐ-TTg"),
    _rule("EDX109", W, "Priority outside 0-4", "0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, "
          "4 hỏa tốc hẹn giờ", f"{QCVN}; {ND30}", (_DOC,)),
    _rule("EDX110", W, "SteeringType outside the configured mapping",
          "check the hub's SteeringType numbering (VPCP: 1 not steering, 2, 3)", QCVN, (_DOC,)),
    _rule("EDX111", INFO, "DocumentType/Type not in the configured mapping, or TypeName missing",
          "always send TypeName (e.g. 'Công văn')", f"{QCVN}; {ND30}", (_DOC,)),
    _rule("EDX112", W, "OrganInCharge spelling", "write OrganizationInCharge", QCVN),
    _rule("EDX113", W, "Empty ResponseFor", "omit ResponseFor when there is nothing to answer",
          f"{QCVN}; {EDXML102}"),
    _rule("EDX114", W, "Invalid e-mail syntax", "write a single address like vanthu@mau.gov.vn",
          "RFC 5322"),
    _rule("EDX115", E, "Value cannot be read as its type (date, timestamp, integer, boolean)",
          "write dates as yyyy/MM/dd, integers as digits, booleans as true or false", QCVN),
    _rule("EDX116", W, "Element missing; read as the official parser's default value",
          "write the element (SteeringType, BussinessDocType) explicitly", EDXML102),
    _rule("EDX117", INFO, "Surrounding white space trimmed, as the official parser does",
          "write Organization fields and StatusCode without leading or trailing spaces",
          EDXML102),
    _rule("EDX118", W, "Comment, processing instruction or element inside a value",
          "write the value as plain text; parsers disagree on such content", f"{XML}; {EDXML102}"),
    _rule("EDX119", INFO, "Detail that write() does not reproduce (an attribute no field keeps, "
          "an empty element, a number or boolean spelled otherwise)",
          "harmless for reading; keep the original bytes where they must stay identical (a "
          "signed package)", XML),
    _rule("EDX201", W, "Business* spelling instead of Bussiness*",
          "write Bussiness, BussinessDocType, ...; the official parser drops Business*",
          f"{QCVN}; {EDXML102}", (_DOC,)),
    _rule("EDX202", W, "Document package without TraceHeaderList",
          "add a TraceHeaderList with the sender's TraceHeader and Bussiness block", QCVN,
          (_DOC,)),
    _rule("EDX203", W, "TraceHeader without OrganId (hub-added)",
          "senders write only their own TraceHeader, with OrganId", QCVN, (_DOC,)),
    _rule("EDX204", E, "BussinessDocType not in 0-3",
          "0 new, 1 revoke, 2 update, 3 replace", f"{QCVN}; QĐ 28/2018/QĐ-TTg", (_DOC,)),
    _rule("EDX205", W, "Business block incomplete for its BussinessDocType",
          "type 2 needs Bussiness/DocumentId and BussinessDocumentInfo; 3 needs "
          "ReplacementInfoList; types 1 and 3 without Bussiness/DocumentId are official output",
          f"{QCVN}; {EDXML102}", (_DOC,)),
    _rule("EDX206", W, "Paper, DocumentInfo, DocumentReceiver or ReceiverType not 0/1",
          "use 0 or 1", QCVN, (_DOC,)),
    _rule("EDX301", W, "Status header named Status instead of MessageHeader",
          "write MessageHeader", f"{QCVN}; {EDXML102}", (_STATUS,)),
    _rule("EDX302", W, "TimeStamp or another case variant of Timestamp", "write Timestamp",
          QCVN),
    _rule("EDX303", W, "StatusCode not in 01-06, 13, 15, 16", "use a status code of QCVN 102",
          f"{QCVN}; QĐ 28/2018/QĐ-TTg", (_STATUS,)),
    _rule("EDX401", W, "Manifest entry without payload, or payload without manifest entry",
          "give every attachment exactly one manifest Reference with the same ContentId", QCVN,
          (_DOC,)),
    _rule("EDX402", INFO, "cid: present in one ContentId and absent in the other",
          "write cid:<id> in both ContentIds", f"{QCVN}; RFC 2392", (_DOC,)),
    _rule("EDX403", W, "Declared ContentType and attachment bytes disagree",
          "declare the file's own type; application/zip with a non-.zip name means transport "
          "compression and must hold a readable ZIP", f"{EDXML102}; RFC 2046; PKWARE APPNOTE",
          (_DOC,)),
    _rule("EDX404", E, "ContentTransferEncoded is not valid base64",
          "encode the file with standard base64", f"{QCVN}; RFC 4648", (_DOC,)),
    _rule("EDX405", INFO, "Non-standard MIME string (application/doc, application/docx)",
          "use application/msword or the OOXML MIME type", "RFC 2046; IANA media types", (_DOC,)),
    _rule("EDX406", E, "Comment, processing instruction or element inside attachment content",
          "write ContentTransferEncoded as base64 text only", f"{XML}; {QCVN}", (_DOC,)),
    _rule("EDX407", E, "Attachment without exactly one ContentTransferEncoded",
          "give each Attachment one ContentTransferEncoded with the file's base64", QCVN,
          (_DOC,)),
    _rule("EDX408", E, "Attachment-like element outside /edXML/AttachmentEncoded/Attachment",
          "put attachments only in the AttachmentEncoded child of the root; other parsers may "
          "read such elements", QCVN),
    _rule("EDX409", E, "ZIP archive damaged, unsafe or unsupported",
          "send a plain ZIP (stored or deflate) with ordinary relative member names, true "
          "sizes and no encryption", "PKWARE APPNOTE; " + EDXML102, (_DOC,)),
    _rule("EDX410", E, "More attachments than ParseLimits.max_attachments",
          "split the package, or raise ParseLimits.max_attachments if such packages are "
          "expected", QCVN, (_DOC,)),
    _rule("EDX501", INFO, "No signature (unsigned)", "sign with 'vn-egov sign' if required", DSIG),
    _rule("EDX502", W, "DigitalSignature placeholder instead of a signature",
          "remove the placeholder or sign the package", DSIG),
    _rule("EDX503", W, "Signature not in the XML-DSig namespace (unverifiable)",
          "the official library writes a placeholder; sign with a real XML-DSig",
          f"{DSIG}; {EDXML102}"),
    _rule("EDX504", W, "Signature present but not verifiable or invalid",
          "see the SIG rule ids for details", DSIG, layer="signature"),
    _rule("EDX505", INFO, "Signature is not the last child of edXMLHeader",
          "place the Signature after TraceHeaderList", f"{QCVN}; {EDXML102}"),
)

register_all(EDXML_RULES)
