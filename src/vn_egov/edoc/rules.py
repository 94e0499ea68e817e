"""The edXML rule ids (spec ``edxml.md`` §13.5), registered with their default severities.

Ids are stable once released. EDX115 is defined by this library (a value that cannot be read
as its type at all); the rest follow the spec table.

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


def _rule(rule_id: str, severity: Severity, title: str, hint: str, section: str,  # noqa: PLR0917
          profiles: tuple[str, ...] = _BOTH, layer: str = "rules") -> Rule:
    return Rule(rule_id, severity, title, hint, f"spec/edxml.md {section}", profiles, layer)


EDXML_RULES = (
    _rule("EDX001", E, "Not well-formed or not namespace-well-formed XML",
          "fix the syntax at the reported position (e.g. declare the xlink prefix)", "§13.5",
          layer="well-formed"),
    _rule("EDX002", E, "Bytes before the XML declaration, DTD or entity declarations",
          "remove anything before '<?xml' and any <!DOCTYPE>", "§2.2", layer="well-formed"),
    _rule("EDX003", E, "Root is not edXML, or no edXMLEnvelope/edXMLHeader/MessageHeader",
          "the package must be edXML > edXMLEnvelope > edXMLHeader > MessageHeader", "§2.1"),
    _rule("EDX004", W, "Elements matched by local name only (wrong or missing namespace)",
          "put every element in http://www.mic.gov.vn/TBT/QCVN_102_2016", "§2.2"),
    _rule("EDX005", INFO, "Prefix other than edXML, or no prefix (namespace-equivalent)",
          "emit the literal edXML: prefix; some hubs reject other prefixes", "§2.2"),
    _rule("EDX006", W, "Unknown root child ignored (e.g. Boundary, ContentId, ContentType)",
          "remove MIME-wrapper leftovers before the envelope", "§2.3"),
    _rule("EDX007", W, "Unknown element ignored by the models (kept and written back)",
          "remove it, or check its spelling against the spec", "§13.3"),
    _rule("EDX008", INFO, "MessageHeader in variant B or another non-emitted order",
          "the canonical writer emits variant A (QCVN numbering)", "§3", (_DOC,)),
    _rule("EDX009", INFO, "EdXML102 extension elements present",
          "harmless; they are kept, and dropped in canonical mode", "§4, §8"),
    _rule("EDX101", E, "Missing required element",
          "add the element named in the message", "§4, §6"),
    _rule("EDX102", W, "Duplicate To/OrganId", "list each recipient once (Bkav rejects it)",
          "§4", (_DOC,)),
    _rule("EDX103", E, "More than one DocumentId or ToPlaces in MessageHeader",
          "keep exactly one DocumentId and at most one ToPlaces", "§13.4", (_DOC,)),
    _rule("EDX104", INFO,
          "DocumentId does not follow the OrganId,yyyy/MM/dd,Number/Notation formula",
          "received ids are opaque; generate new ones with the formula", "§4.2", (_DOC,)),
    _rule("EDX105", W, "Date or timestamp not in the yyyy/MM/dd [HH:mm:ss] pattern",
          "write dates as yyyy/MM/dd and timestamps as yyyy/MM/dd HH:mm:ss", "§11"),
    _rule("EDX106", W, "PromulgationDate in the future", "check the date (Bkav rejects it)",
          "§4", (_DOC,)),
    _rule("EDX107", W, "Value longer than the configured observed limit",
          "shorten the value or raise the configured limit", "§4"),
    _rule("EDX108", W, "OrganId matches neither the QCVN 102 nor the QĐ 20/2020 pattern",
          "use NNN.NN.NN.XNN (e.g. 000.00.00.G22) or the top-down form (H56.14)", "§10"),
    _rule("EDX109", W, "Priority outside 0-4", "0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, "
          "4 hỏa tốc hẹn giờ", "§9.1", (_DOC,)),
    _rule("EDX110", W, "SteeringType outside the configured mapping",
          "check the hub's SteeringType numbering (VPCP: 1 not steering, 2, 3)", "§9.2", (_DOC,)),
    _rule("EDX111", INFO, "DocumentType/Type not in the configured mapping, or TypeName missing",
          "always send TypeName (e.g. 'Công văn')", "§9.3", (_DOC,)),
    _rule("EDX112", W, "OrganInCharge spelling", "write OrganizationInCharge", "§4.1"),
    _rule("EDX113", W, "Empty ResponseFor", "omit ResponseFor when there is nothing to answer",
          "§4"),
    _rule("EDX114", W, "Invalid e-mail syntax", "write a single address like vanthu@mau.gov.vn",
          "§4.1"),
    _rule("EDX115", E, "Value cannot be read as its type (date, timestamp or integer)",
          "write the value in the pattern of spec §11 or as an integer", "§11"),
    _rule("EDX201", W, "Business* spelling instead of Bussiness*",
          "write Bussiness, BussinessDocType, ...; the official parser drops Business*", "§5",
          (_DOC,)),
    _rule("EDX202", W, "Document package without TraceHeaderList",
          "add a TraceHeaderList with the sender's TraceHeader and Bussiness block", "§5",
          (_DOC,)),
    _rule("EDX203", W, "TraceHeader without OrganId (hub-added)",
          "senders write only their own TraceHeader, with OrganId", "§5", (_DOC,)),
    _rule("EDX204", E, "BussinessDocType not in 0-3",
          "0 new, 1 revoke, 2 update, 3 replace", "§9.1", (_DOC,)),
    _rule("EDX205", W, "Business block incomplete for its BussinessDocType",
          "types 1-3 need Bussiness/DocumentId; 2 needs BussinessDocumentInfo; "
          "3 needs ReplacementInfoList", "§5", (_DOC,)),
    _rule("EDX206", W, "Paper, DocumentInfo, DocumentReceiver or ReceiverType not 0/1",
          "use 0 or 1", "§9.1", (_DOC,)),
    _rule("EDX301", W, "Status header named Status instead of MessageHeader",
          "write MessageHeader", "§6", (_STATUS,)),
    _rule("EDX302", W, "TimeStamp or another case variant of Timestamp", "write Timestamp",
          "§6"),
    _rule("EDX303", W, "StatusCode not in 01-06, 13, 15, 16", "use a code of spec §6",
          "§6", (_STATUS,)),
    _rule("EDX401", W, "Manifest entry without payload, or payload without manifest entry",
          "give every attachment exactly one manifest Reference with the same ContentId", "§8",
          (_DOC,)),
    _rule("EDX402", INFO, "cid: present in one ContentId and absent in the other",
          "write cid:<id> in both ContentIds", "§8", (_DOC,)),
    _rule("EDX403", W, "Content is a ZIP but ContentType or file name says otherwise",
          "declare application/zip, or send the file itself", "§8", (_DOC,)),
    _rule("EDX404", E, "ContentTransferEncoded is not valid base64",
          "encode the file with standard base64", "§8", (_DOC,)),
    _rule("EDX405", INFO, "Non-standard MIME string (application/doc, application/docx)",
          "use application/msword or the OOXML MIME type", "§8", (_DOC,)),
    _rule("EDX501", INFO, "No signature (unsigned)", "sign with 'vn-egov sign' if required", "§7"),
    _rule("EDX502", W, "DigitalSignature placeholder instead of a signature",
          "remove the placeholder or sign the package", "§7"),
    _rule("EDX503", W, "Signature not in the XML-DSig namespace (unverifiable)",
          "the official library writes a placeholder; sign with a real XML-DSig", "§7"),
    _rule("EDX504", W, "Signature present but not verifiable or invalid",
          "see the SIG rule ids for details", "§7", layer="signature"),
    _rule("EDX505", INFO, "Signature is not the last child of edXMLHeader",
          "place the Signature after TraceHeaderList", "§7"),
)

register_all(EDXML_RULES)
