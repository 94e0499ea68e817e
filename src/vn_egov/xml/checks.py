"""Structural limits: a cheap estimate before parsing and compiled XPath checks after it.

The post-parse checks run as a handful of compiled XPath queries (C code in libxml2), each
skipped when the input is too small to break its limit, so checking costs less than parsing
(a 2,000-element header and a 1 MB attachment package were measured; see docs/security.md).

>>> from lxml import etree
>>> check_tree(etree.fromstring(b"<a><b/></a>").getroottree(), ParseLimits(), None, 11)
>>> check_tree(etree.fromstring(b"<a><b/></a>").getroottree(), ParseLimits(max_depth=1),
...            None, 11)
Traceback (most recent call last):
...
vn_egov.errors.UnsafeXMLError: 1: elements nest deeper than 1 levels ...
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from lxml import etree

from vn_egov.errors import UnsafeXMLError
from vn_egov.xml.limits import ParseLimits

__all__ = ["XINCLUDE_NAMESPACES", "check_tree", "estimate_nodes"]

XINCLUDE_NAMESPACES: Final = frozenset(
    {"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"}
)
# libxml2 itself stops at this depth when XML_PARSE_HUGE is on (lxml's huge_tree).
LIBXML2_MAX_DEPTH: Final = 2048

_XINCLUDE: Final = etree.XPath("//xi1:* | //xi2:*", namespaces={
    "xi1": "http://www.w3.org/2001/XInclude", "xi2": "http://www.w3.org/2003/XInclude"})


def estimate_nodes(scan: bytes | str, limits: ParseLimits, source: str | None) -> None:
    """Refuse, before parsing, input that may hold more than ``limits.max_nodes`` nodes.

    Every element, comment and processing instruction starts with ``<`` and every attribute
    has an ``=``, so their sum bounds the node count (text and base64 padding only
    over-count). Skipped when the input is shorter than 4 x the limit: it cannot exceed it.
    Counting costs about 0.5 ms per MB, paid only by such large inputs.

    >>> estimate_nodes(b"<a>" * 3, ParseLimits(max_nodes=2), None)
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnsafeXMLError: the input has up to 3 elements, attributes, comments ...
    """
    if len(scan) <= 4 * limits.max_nodes:
        return  # the smallest node ("<a/>", ' a=""', "<?a?>") takes at least 4 characters
    if isinstance(scan, bytes):
        estimate = scan.count(b"<") + scan.count(b"=")
    else:
        estimate = scan.count("<") + scan.count("=")
    if estimate > limits.max_nodes:
        raise UnsafeXMLError(
            f"the input has up to {estimate} elements, attributes, comments and processing "
            f"instructions (counted '<' and '='), above the limit of {limits.max_nodes}",
            source=source, hint="raise ParseLimits.max_nodes if such a document is expected")


def check_tree(tree: etree._ElementTree, limits: ParseLimits, source: str | None,
               size: int) -> None:
    """Enforce the limits libxml2 does not, on a parsed tree of an input of *size* units.

    *size* is the input length in bytes (or characters for UTF-16); no name, text or count
    can exceed it, so checks whose limit is at least *size* are skipped.
    """
    _check_depth(tree, limits, source)
    if _XINCLUDE(tree):
        raise _refused(source, _first(_XINCLUDE(tree)), "XInclude elements are not allowed",
                       "inline the included content")
    queries = _queries(limits.max_name_length, limits.max_attributes, limits.max_text_length,
                       limits.max_huge_text_length, limits.huge_text_elements)
    if size > limits.max_name_length:
        for query in (queries.long_element_names, queries.long_other_names):
            _refuse_any(tree, query, source,
                        f"a name (element, attribute or processing-instruction target) is "
                        f"longer than {limits.max_name_length} characters",
                        "names in edXML are short; this input is hostile or broken")
    if size > limits.max_attributes:
        found = queries.many_attributes(tree)
        if found:
            owner = _owner(found[0]) if isinstance(found, list) else None
            count = len(owner.attrib) if owner is not None else limits.max_attributes + 1
            name = etree.QName(owner).localname if owner is not None else "?"
            raise _refused(source, owner, f"element <{name}> has {count} attributes, above "
                           f"the limit of {limits.max_attributes}",
                           "raise ParseLimits.max_attributes")
    if size > limits.max_text_length:
        _check_text(tree, queries, limits, source)
    if size > limits.max_huge_text_length:
        found = queries.huge_text(tree)
        if found:
            node = _first(found)
            raise _refused(source, node, f"text of <{_parent_name(node)}> is longer than "
                           f"{limits.max_huge_text_length} characters",
                           "raise ParseLimits.max_huge_text_length if needed")


def _check_depth(tree: etree._ElementTree, limits: ParseLimits, source: str | None) -> None:
    if limits.max_depth >= LIBXML2_MAX_DEPTH:
        return  # libxml2 refuses deeper documents itself (mapped in parser._syntax_error)
    found = _depth_probe(limits.max_depth)(tree)
    if found:
        raise _refused(source, _first(found),
                       f"elements nest deeper than {limits.max_depth} levels",
                       "flatten the structure or raise ParseLimits.max_depth")


def _check_text(tree: etree._ElementTree, queries: _Queries, limits: ParseLimits,
                source: str | None) -> None:
    found = queries.long_text(tree)
    if found:
        node = _first(found)
        raise _refused(source, node, f"text of <{_parent_name(node)}> is longer than "
                       f"{limits.max_text_length} characters",
                       "only attachment content may be large; raise ParseLimits if needed")
    found = queries.long_values(tree)
    if found:
        node = _first(found)
        raise _refused(source, node, f"an attribute value or comment is longer than "
                       f"{limits.max_text_length} characters",
                       "raise ParseLimits.max_text_length if this is expected")


class _Queries:
    """The compiled XPath queries for one set of limits (cached: compiling costs ~50 µs)."""

    def __init__(self, names: int, attributes: int, text: int, huge: int,
                 huge_elements: frozenset[str]) -> None:
        is_huge = " or ".join(f"local-name()='{name}'" for name in sorted(huge_elements))
        not_huge = f"not(parent::*[{is_huge}])" if is_huge else "true()"
        # One traversal per node kind; a union would sort the results on every call.
        self.long_element_names = etree.XPath(f"//*[string-length(name()) > {names}]")
        self.long_other_names = etree.XPath(
            f"//@*[string-length(name()) > {names}]"
            f" | //processing-instruction()[string-length(name()) > {names}]")
        # The first attribute beyond the limit, wherever it is (cheaper than count(@*)).
        self.many_attributes = etree.XPath(f"//@*[{attributes + 1}]")
        # The cheap parent test first: the length of attachment text is never computed here.
        self.long_text = etree.XPath(f"//text()[{not_huge}][string-length(.) > {text}]")
        self.long_values = etree.XPath(
            f"//@*[string-length(.) > {text}] | //comment()[string-length(.) > {text}]"
            f" | //processing-instruction()[string-length(.) > {text}]")
        self.huge_text = etree.XPath(f"//text()[string-length(.) > {huge}]")


@lru_cache(maxsize=16)
def _queries(names: int, attributes: int, text: int, huge: int,
             huge_elements: frozenset[str]) -> _Queries:
    return _Queries(names, attributes, text, huge, huge_elements)


@lru_cache(maxsize=16)
def _depth_probe(max_depth: int) -> etree.XPath:
    # "/*/*/.../*" with max_depth + 1 steps selects exactly the elements that are too deep,
    # one level at a time in C: linear in the number of elements.
    return etree.XPath("/" + "/".join(["*"] * (max_depth + 1)))


def _refuse_any(tree: etree._ElementTree, query: etree.XPath, source: str | None,
                message: str, hint: str) -> None:
    found = query(tree)
    if found:
        raise _refused(source, _first(found), message, hint)


def _first(found: object) -> object:
    return found[0] if isinstance(found, list) and found else None


def _owner(node: object) -> etree._Element | None:
    return node.getparent() if isinstance(node, etree._ElementUnicodeResult) else None


def _parent_name(node: object) -> str:
    """Local name of the element that contains a text node (lxml attaches a tail to the
    element before it, so go one level up for tails)."""
    if not isinstance(node, etree._ElementUnicodeResult):
        return "?"
    owner = node.getparent()
    if node.is_tail and owner is not None:
        owner = owner.getparent()
    return etree.QName(owner).localname if owner is not None else "?"


def _refused(source: str | None, node: object, message: str, hint: str) -> UnsafeXMLError:
    line = None
    if isinstance(node, etree._Element):
        line = node.sourceline
    elif isinstance(node, etree._ElementUnicodeResult):
        parent = node.getparent()
        line = parent.sourceline if parent is not None else None
    return UnsafeXMLError(message, source=source,
                          line=line if isinstance(line, int) else None, hint=hint)
