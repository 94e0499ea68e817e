"""The hardened XML layer: the only place that calls lxml's parser.

See :func:`parse` and :class:`ParseLimits`.
"""

from vn_egov.xml.parser import DEFAULT_LIMITS, ParsedXML, ParseLimits, parse, read_bytes
from vn_egov.xml.paths import column_of, element_xpath, local_name, locating

__all__ = [
    "DEFAULT_LIMITS",
    "ParseLimits",
    "ParsedXML",
    "column_of",
    "element_xpath",
    "local_name",
    "locating",
    "parse",
    "read_bytes",
]
