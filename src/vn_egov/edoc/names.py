"""Namespace, prefixes and formats of edXML (QCVN 102:2016/BTTTT).

>>> qname("MessageHeader")
'{http://www.mic.gov.vn/TBT/QCVN_102_2016}MessageHeader'
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "DATE_FORMAT",
    "DSIG_NS",
    "EPILOG",
    "NS",
    "PREFIX",
    "PROLOG",
    "TIMESTAMP_FORMAT",
    "XML_SPACE",
    "qname",
]

NS: Final = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
PREFIX: Final = "edXML"
DSIG_NS: Final = "http://www.w3.org/2000/09/xmldsig#"
XLINK_NS: Final = "http://www.w3.org/1999/xlink"

#: What the official parser trims (Java's String.trim on XML text): space, tab, CR, LF.
XML_SPACE: Final = " \t\r\n"

#: Keys of ``package.unknown`` for the comments and processing instructions before and after
#: the root element (kept, and written back there).
PROLOG: Final = "#prolog"
EPILOG: Final = "#epilog"

DATE_FORMAT: Final = "%Y/%m/%d"
TIMESTAMP_FORMAT: Final = "%Y/%m/%d %H:%M:%S"


def qname(local: str) -> str:
    """Clark notation of an element in the QCVN namespace."""
    return f"{{{NS}}}{local}"
