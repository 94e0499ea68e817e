"""Namespace, prefixes and element names of edXML (QCVN 102:2016/BTTTT), spec §2.

>>> qname("MessageHeader")
'{http://www.mic.gov.vn/TBT/QCVN_102_2016}MessageHeader'
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DATE_FORMAT",
    "DSIG_NS",
    "EXTENSION_ELEMENTS",
    "NS",
    "PREFIX",
    "ROOT_LEFTOVERS",
    "TIMESTAMP_FORMAT",
    "qname",
]

NS: Final = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX: Final = "edXML"
DSIG_NS: Final = "http://www.w3.org/2000/09/xmldsig#"
XLINK_NS: Final = "http://www.w3.org/1999/xlink"

DATE_FORMAT: Final = "%Y/%m/%d"
TIMESTAMP_FORMAT: Final = "%Y/%m/%d %H:%M:%S"

# Elements written by the official EdXML102 library that QCVN numbering does not list (spec §4, §8).
EXTENSION_ELEMENTS: Final = frozenset({
    "Direction", "ReplyFors", "ReferenceCodes", "ResponseForTask", "ApplicationType",
    "FieldName", "MimeType", "DepartmentId", "StaffId",
})

# MIME-wrapper leftovers some LGSP variants put before the envelope (spec §2.3).
ROOT_LEFTOVERS: Final = frozenset({"Boundary", "ContentId", "ContentType"})


def qname(local: str) -> str:
    """Clark notation of an element in the QCVN namespace."""
    return f"{{{NS}}}{local}"
