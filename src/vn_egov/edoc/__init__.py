"""edXML packages (QCVN 102:2016/BTTTT): models, tolerant reader, canonical writer, rules.

>>> from vn_egov.edoc import read, write
>>> callable(read) and callable(write)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports
from vn_egov.edoc import rules as _rules  # registers the EDX rule ids; light

if TYPE_CHECKING:
    from vn_egov.edoc.codes import (
        BusinessDocType,
        CodeMapping,
        Priority,
        ReceiverType,
        StatusCode,
    )
    from vn_egov.edoc.models import (
        Attachment,
        Business,
        BusinessDocumentInfo,
        Code,
        DocumentHeader,
        DocumentPackage,
        DocumentType,
        ManifestReference,
        Organization,
        OtherInfo,
        PromulgationInfo,
        Receiver,
        ReplacementInfo,
        ResponseFor,
        SignatureBlock,
        SignerInfo,
        StaffInfo,
        StatusHeader,
        StatusPackage,
        TraceHeader,
        TraceHeaderList,
        build_document_id,
    )
    from vn_egov.edoc.reader import ReadResult, read, read_document, read_status, read_tree
    from vn_egov.edoc.writer import write, write_file

# Imported on first use: reading needs neither the writer nor its dependencies, and the
# rule ids (every validation) need none of them.
_EXPORTS = {
    **dict.fromkeys(("BusinessDocType", "CodeMapping", "Priority", "ReceiverType",
                     "StatusCode"), "codes"),
    **dict.fromkeys(("Attachment", "Business", "BusinessDocumentInfo", "Code",
                     "DocumentHeader", "DocumentPackage", "DocumentType", "ManifestReference",
                     "Organization", "OtherInfo", "PromulgationInfo", "Receiver",
                     "ReplacementInfo", "ResponseFor", "SignatureBlock", "SignerInfo",
                     "StaffInfo", "StatusHeader", "StatusPackage", "TraceHeader",
                     "TraceHeaderList", "build_document_id"), "models"),
    **dict.fromkeys(("ReadResult", "read", "read_document", "read_status", "read_tree"),
                    "reader"),
    **dict.fromkeys(("write", "write_file"), "writer"),
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

del _rules

__all__ = [
    "Attachment",
    "Business",
    "BusinessDocType",
    "BusinessDocumentInfo",
    "Code",
    "CodeMapping",
    "DocumentHeader",
    "DocumentPackage",
    "DocumentType",
    "ManifestReference",
    "Organization",
    "OtherInfo",
    "Priority",
    "PromulgationInfo",
    "ReadResult",
    "Receiver",
    "ReceiverType",
    "ReplacementInfo",
    "ResponseFor",
    "SignatureBlock",
    "SignerInfo",
    "StaffInfo",
    "StatusCode",
    "StatusHeader",
    "StatusPackage",
    "TraceHeader",
    "TraceHeaderList",
    "build_document_id",
    "read",
    "read_document",
    "read_status",
    "read_tree",
    "write",
    "write_file",
]
