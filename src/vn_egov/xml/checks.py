"""Structural limits: a cheap estimate before parsing and compiled XPath checks after it.

The post-parse checks run as a handful of compiled XPath queries (C code in libxml2), each
skipped when the input is too small to break its limit, so checking costs less than parsing
(a 2,000-element header and a 1 MB attachment package were measured; see docs/security.md).

>>> from lxml import etree
>>> check_tree(etree.fromstring(b"<a><b/></a>").getroottree(), ParseLimits(), None,
...            b"<a><b/></a>")
>>> check_tree(etree.fromstring(b"<a><b/></a>").getroottree(), ParseLimits(max_depth=1),
...            None, b"<a><b/></a>")
Traceback (most recent call last):
...
vn_egov.errors.UnsafeXMLError: 1: elements nest deeper than 1 levels ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple, cast

from lxml import etree

from vn_egov.errors import UnsafeXMLError
from vn_egov.i18n import tr
from vn_egov.xml.events import EventLimits, count_exactly, limit_error
from vn_egov.xml.limits import ParseLimits

__all__ = ["XINCLUDE_NAMESPACES", "check_tree", "estimate_nodes", "prescan",
           "scan_markup"]

XINCLUDE_NAMESPACES: Final = frozenset(
    {"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"}
)
# libxml2 itself stops at this depth when XML_PARSE_HUGE is on (lxml's huge_tree).
LIBXML2_MAX_DEPTH: Final = 2048

_COUNT_ELEMENTS: Final = etree.XPath("count(//*)")
# Up to this size, counting "xmlns" in the text costs less than walking the tree.
_SMALL_INPUT: Final = 64 * 1024
# Above this size, "<" are counted before parsing (about 0.7 ms per MB) to refuse floods of
# comments and processing instructions before they become a tree.
_COUNT_MARKUP_ABOVE: Final = 2 * 1024 * 1024
# Inputs with more "<" than this are checked by the XPath queries alone (the scan is a loop
# over them in Python; the node estimate bounds them anyway).
_MAX_SCANNED_STARTS: Final = 500_000
# A start tag: its name, then attributes (values may hold ">"), then "/>" or ">".
_TAG_TEXT: Final = r"""<([^\s/>!?<]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>"""
_START_TAG: Final[dict[bool, re.Pattern[Any]]] = {True: re.compile(_TAG_TEXT.encode()),
                                                  False: re.compile(_TAG_TEXT)}
_END_TEXT: Final = r"</[^\s/>!?<]+\s*>"
_END_TAG: Final[dict[bool, re.Pattern[Any]]] = {True: re.compile(_END_TEXT.encode()),
                                                False: re.compile(_END_TEXT)}
_DECL_TEXT: Final = r"<\?xml[ \t\r\n]"
_DECLARATION: Final[dict[bool, re.Pattern[Any]]] = {True: re.compile(_DECL_TEXT.encode()),
                                                    False: re.compile(_DECL_TEXT)}
_XINCLUDE: Final = etree.XPath("//xi1:* | //xi2:*", namespaces={
    "xi1": "http://www.w3.org/2001/XInclude", "xi2": "http://www.w3.org/2003/XInclude"})


def estimate_nodes(scan: bytes | str, limits: ParseLimits, source: str | None) -> int | None:
    """Refuse, before parsing, input that may hold more than ``limits.max_nodes`` nodes.

    Every element, comment and processing instruction starts with ``<`` and every attribute
    has an ``=``, so their sum bounds the node count (text and base64 padding only
    over-count). Skipped when the input is shorter than 4 x the limit: it cannot exceed it.
    Counting costs about 0.5 ms per MB, paid only by such large inputs. Returns the number
    of ``<`` when it was counted.

    >>> estimate_nodes(b"<a>" * 3, ParseLimits(max_nodes=2), None)
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnsafeXMLError: the input has up to 3 elements, attributes, comments ...
    """
    if len(scan) <= 4 * limits.max_nodes:
        return None  # the smallest node ("<a/>", ' a=""', "<?a?>") takes at least 4 characters
    starts = _count(scan, "<")
    estimate = starts + _count(scan, "=")
    if estimate > limits.max_nodes:
        raise limit_error(source, tr(
            "the input has up to {count} elements, attributes, comments and processing "
            "instructions (counted '<' and '='), above the limit of {limit}",
            count=estimate, limit=limits.max_nodes), "max_nodes")
    return starts


@dataclass(frozen=True, slots=True)
class MarkupScan:
    """What one pass over a large input learnt before parsing (:func:`scan_markup`).

    ``starts``, ``comments`` and ``instructions`` are the numbers of ``<``, ``<!--`` and
    ``<?`` (upper bounds of elements, comments and processing instructions; ``declaration``
    tells whether the first ``<?`` is the XML declaration), ``cdata`` whether a ``<![`` (a
    CDATA section) occurs. ``longest`` is the longest stretch of the input from one ``<`` to
    the next, where the text of an element named in ``ParseLimits.huge_text_elements``
    counts only its start tag; ``longest_markup`` the longest tag (a stretch without the
    text that follows its tag). Without CDATA sections, every name, attribute value and
    text node outside those elements lies within one such stretch, and every name and
    attribute list within one tag, so none is longer: :func:`check_tree` skips the queries
    this settles.
    """

    starts: int
    comments: int
    instructions: int
    declaration: bool
    cdata: bool
    longest: int
    longest_markup: int

    @property
    def bounded(self) -> bool:
        """True when ``longest`` bounds every name, attribute value and text node."""
        return not self.cdata

    @property
    def misc(self) -> bool:
        """True when the input may hold a comment or processing instruction (which may
        contain ``<`` and span several stretches)."""
        return bool(self.comments or self.instructions - self.declaration)


def prescan(data: bytes, scan: bytes | str, limits: ParseLimits,
            source: str | None) -> MarkupScan | None:
    """The checks made before libxml2 builds a tree: the node estimate, and for inputs above
    2 MiB full of markup, the number of comments and processing instructions (an upper
    bound; when it is above a limit the exact count runs on events, which stops at the first
    one too many, so 500,000 processing instructions never become a tree).

    Inputs above ``max_text_length`` with a bounded number of ``<`` are scanned once
    (:func:`scan_markup`); the scan is returned for :func:`check_tree`. Smaller inputs are
    checked on the tree alone: scanning their bytes would cost more than the parse of a
    typical package, and their tree is small.

    >>> prescan(b"<a/>", b"<a/>", ParseLimits(), None)
    """
    starts = estimate_nodes(scan, limits, source)
    size = len(scan)
    markup = None
    if size > min(limits.max_text_length, _COUNT_MARKUP_ABOVE):
        if starts is None:
            starts = _count(scan, "<")
        if starts <= _MAX_SCANNED_STARTS:
            markup = scan_markup(scan, limits)
    if size <= _COUNT_MARKUP_ABOVE or starts is None or starts <= min(
            limits.max_comments, limits.max_processing_instructions):
        return markup
    if markup is not None:
        comments, instructions = markup.comments, markup.instructions
    else:
        comments, instructions = _count(scan, "<!--"), _count(scan, "<?")
    if comments > limits.max_comments or instructions > limits.max_processing_instructions:
        count_exactly(data, limits, source)
    return markup


def scan_markup(scan: bytes | str, limits: ParseLimits) -> MarkupScan:
    """One pass from ``<`` to ``<`` over *scan* (``str.find`` in C, a few Python operations
    per ``<``: about 45 ms for 200,000 of them); see :class:`MarkupScan`.

    >>> m = scan_markup(b'<?xml version="1.0"?><a><!-- c --><b>' + b"x" * 50 + b"</b></a>",
    ...                 ParseLimits())
    >>> m.starts, m.comments, m.instructions, m.declaration, m.cdata, m.longest
    (6, 1, 1, True, False, 53)
    >>> m.longest_markup  # below the smallest limit, stretches are not looked into
    53
    >>> scan_markup(b"<a><ContentTransferEncoded>" + b"QUJD" * 1000 + b"</ContentTransferEncoded>"
    ...             b"</a>", ParseLimits()).longest  # the end tag, to the next "<"
    25
    """
    is_bytes = isinstance(scan, bytes)
    # bytes and str share these methods; one loop serves both (typed as Any for that).
    text: Any = scan
    less, bang, question = (b"<", 33, 63) if is_bytes else ("<", "!", "?")
    comment, cdata_start = (b"!--", b"![") if is_bytes else ("!--", "![")
    find, startswith = text.find, text.startswith
    size = len(scan)
    # Stretches up to this length cannot matter: no limit is checked below it.
    relevant = min(limits.max_name_length, limits.max_text_length,
                   5 * (limits.max_attributes + 1))
    pos = find(less)
    first = pos
    longest = longest_markup = max(pos, 0)  # what precedes the first "<" counts too
    starts = comments = instructions = 0
    cdata = declaration = False
    while pos >= 0:
        starts += 1
        following = find(less, pos + 1)
        end = following if following >= 0 else size
        after = text[pos + 1] if pos + 1 < size else None
        if after == bang:
            if startswith(comment, pos + 1):
                comments += 1
            elif startswith(cdata_start, pos + 1):
                cdata = True
        elif after == question:
            instructions += 1
            if pos == first:
                declaration = _DECLARATION[is_bytes].match(text, pos) is not None
        stretch = end - pos
        if stretch > relevant:  # rare: look into it
            markup, stretch = _parts(scan, pos, end, limits.huge_text_elements)
            longest_markup = max(longest_markup, markup)
        elif stretch > longest_markup:
            longest_markup = stretch
        if stretch > longest:  # noqa: PLR1730 - max() is a call per "<", this a comparison
            longest = stretch
        pos = following
    return MarkupScan(starts, comments, instructions, declaration, cdata, longest,
                      longest_markup)


def _parts(scan: bytes | str, pos: int, end: int, huge: frozenset[str]) -> tuple[int, int]:
    """For the stretch ``scan[pos:end]``: the length of its tag, and its length as text and
    values see it (its tag alone when it starts an element whose text may be huge). Not a
    tag (a comment, an instruction, malformed input): the whole stretch, twice."""
    is_bytes = isinstance(scan, bytes)
    match = _START_TAG[is_bytes].match(scan, pos, end) or _END_TAG[is_bytes].match(
        scan, pos, end)
    if match is None:
        return end - pos, end - pos
    tag = match.end() - pos
    if match.re is _END_TAG[is_bytes] or match.group(2):  # an end tag or an empty element
        return tag, end - pos
    name = match.group(1)
    local = (name.decode("utf-8", "replace") if isinstance(name, bytes) else name)
    return tag, (tag if local.rpartition(":")[2] in huge else end - pos)


def _count(scan: bytes | str, needle: str) -> int:
    """Occurrences of the ASCII *needle* in the input (bytes or decoded text), in C."""
    return scan.count(needle.encode("ascii")) if isinstance(scan, bytes) else scan.count(needle)


def check_tree(tree: etree._ElementTree, limits: ParseLimits, source: str | None,
               scan: bytes | str, markup: MarkupScan | None = None) -> None:
    """Enforce the limits libxml2 does not, on a parsed tree of the input *scan*.

    *scan* is the input (bytes, or the decoded text for UTF-16); no name, text or count can
    exceed its length, so checks whose limit is at least that length are skipped. A small
    input is also counted (``<``, ``=``: a microsecond or two), and the queries its counts
    make pointless are skipped: nesting deeper than its number of ``<``, more attributes on
    one element than its number of ``=``; the XInclude query runs only when an XInclude
    namespace is declared. *markup*, the scan :func:`prescan` made of a large input, bounds
    names, values and text the same way (:class:`MarkupScan`).
    """
    size = len(scan)
    small = size <= _SMALL_INPUT
    starts = _count(scan, "<") if small else markup.starts if markup else None
    # No value or text is longer than longest, no name or attribute list than longest_markup.
    bounded = markup is not None and markup.bounded
    longest = markup.longest if markup is not None and bounded else size
    longest_markup = markup.longest_markup if markup is not None and bounded else size
    if starts is None or starts > limits.max_depth:
        _check_depth(tree, limits, source)
    declared = _declared(tree, scan, limits)
    xinclude = len(declared.bindings) > limits.max_namespaces or any(
        uri in XINCLUDE_NAMESPACES for _prefix, uri in declared.bindings)
    if xinclude and _XINCLUDE(tree):
        raise _refused(source, _first(_XINCLUDE(tree)), tr("XInclude elements are not allowed"),
                       tr("inline the included content"))
    queries = _queries(limits.max_name_length, limits.max_attributes, limits.max_text_length,
                       limits.max_huge_text_length, limits.huge_text_elements)
    if longest_markup > limits.max_name_length:
        for query in (queries.long_element_names, queries.long_other_names):
            found = query(tree)
            if found:
                node = _first(found)
                name = _name_of(node)
                raise _refused(source, node, tr("the name {name} has {length} characters, above "
                                                "the limit of {limit}", name=_shorten(name),
                                                length=len(name),
                                                limit=limits.max_name_length),
                               _raise_hint("max_name_length"))
    few_equals = small and _count(scan, "=") <= limits.max_attributes
    if longest_markup > limits.max_attributes and not few_equals and not (
            longest_markup < 5 * (limits.max_attributes + 1)):  # ' a=""' takes 5 characters
        found = queries.many_attributes(tree)
        if found:
            owner = _owner(found[0]) if isinstance(found, list) else None
            count = len(owner.attrib) if owner is not None else limits.max_attributes + 1
            name = etree.QName(owner).localname if owner is not None else "?"
            raise _refused(source, owner, tr("element <{name}> has {count} attributes, above "
                                             "the limit of {limit}", name=name, count=count,
                                             limit=limits.max_attributes),
                           _raise_hint("max_attributes"))
    if longest > limits.max_text_length:
        _check_text(tree, queries, limits, source)
    if size > limits.max_text_length and (markup is None or markup.misc or not markup.bounded
                                          or longest > limits.max_text_length):
        _check_values(tree, queries, limits, source)
    if size > limits.max_huge_text_length:
        found = queries.huge_text(tree)
        if found:
            node = _first(found)
            raise _refused(source, node, tr("text of <{name}> has {length} characters, above "
                                            "the limit of {limit}", name=_parent_name(node),
                                            length=_length(node),
                                            limit=limits.max_huge_text_length),
                           _raise_hint("max_huge_text_length"))
    _check_comments(tree, limits, source)
    _check_namespaces(tree, limits, source, declared, size)


def _raise_hint(field: str) -> str:
    return tr("raise ParseLimits.{field} if such a document is expected", field=field)


def _misc_nodes(tree: etree._ElementTree) -> Iterator[etree._Element]:
    """Comments and processing instructions, those around the root element included.

    The filtered iteration runs in C and yields only matches: ~3 ms per 100,000 elements."""
    root = tree.getroot()
    yield from root.itersiblings(preceding=True)
    yield from root.iter(etree.Comment, etree.PI)
    yield from root.itersiblings()


def _check_comments(tree: etree._ElementTree, limits: ParseLimits, source: str | None) -> None:
    events = EventLimits(limits, source)
    for node in _misc_nodes(tree):
        try:
            if isinstance(node, etree._Comment):
                events.comment(node.text)
            elif isinstance(node, etree._ProcessingInstruction):
                events.pi(node.target, node.text)
        except UnsafeXMLError as exc:
            line = node.sourceline
            exc.line = line if isinstance(line, int) else None
            raise


def _declarations(tree: etree._ElementTree,
                  scan: bytes | str) -> Iterator[tuple[str | None, str]]:
    """Every namespace declaration of the document (prefix, URI).

    Small inputs usually declare everything on the root and its children: when the number
    of ``xmlns`` in the text equals the declarations found there, those are all of them
    (each declaration is one ``xmlns`` of the text; a few microseconds). Otherwise a walk in
    C lists them (~25 ms per 100,000 elements; only declarations reach Python), which is
    cheaper than scanning the bytes of a large attachment.
    """
    if len(scan) <= _SMALL_INPUT:
        occurrences = _count(scan, "xmlns")
        if occurrences == 0:
            return
        root = tree.getroot()
        inherited = root.nsmap
        found = list(inherited.items())
        for child in root:
            if isinstance(child.tag, str):
                found.extend((prefix, uri) for prefix, uri in child.nsmap.items()
                             if inherited.get(prefix) != uri)
        if len(found) == occurrences:
            yield from found
            return
    for _event, declaration in etree.iterwalk(tree, events=("start-ns",)):
        yield cast("tuple[str, str]", declaration)


def _declared(tree: etree._ElementTree, scan: bytes | str,
              limits: ParseLimits) -> _Declared:
    """The declarations of :func:`_declarations` for the XInclude and namespace checks: the
    distinct bindings (prefix, URI) in document order, one more than ``max_namespaces`` at
    most (enough to refuse the document, memory stays bounded; ``max_namespaces`` counts
    distinct bindings, and the official library declares one binding again on every
    attachment), and the number and characters of all the declarations read.

    An element is in the XInclude namespace only if that URI is declared: without such a
    declaration the XInclude query is skipped."""
    distinct: dict[tuple[str, str], None] = {}
    count = characters = 0
    for prefix, uri in _declarations(tree, scan):
        distinct[prefix or "", uri] = None
        count += 1
        characters += len(prefix or "") + len(uri)
        if len(distinct) > limits.max_namespaces:
            break
    return _Declared(list(distinct), count, characters)


class _Declared(NamedTuple):
    bindings: list[tuple[str, str]]
    declarations: int  # a binding declared again included
    characters: int  # their prefixes and URIs


def _check_namespaces(tree: etree._ElementTree, limits: ParseLimits, source: str | None,
                      declared: _Declared, size: int) -> None:
    """Namespace bounds: total, prefixes and URIs exactly from the declarations; the
    per-element and in-scope bounds from them when they settle it, else by an exact walk
    over every element (which also gives a refusal its line)."""
    events = EventLimits(limits, source)
    characters = declared.characters
    try:
        for prefix, uri in declared.bindings:
            events.start_ns(prefix, uri)  # the total, prefix and URI bounds
    except UnsafeXMLError:
        _walk_namespaces(tree, EventLimits(limits, source))  # the refusal with its line
        raise
    if not declared.declarations:
        return
    if declared.declarations <= limits.max_namespace_declarations:
        # No element holds more than all the declarations, nor has more of them in scope.
        elements = size // 4  # the smallest element, "<a/>", takes 4 characters
        if elements * characters <= limits.max_namespace_scope:
            return
        if int(_COUNT_ELEMENTS(tree)) * characters <= limits.max_namespace_scope:
            return
    _walk_namespaces(tree, EventLimits(limits, source))


def _walk_namespaces(tree: etree._ElementTree, events: EventLimits) -> None:
    """Every element in document order; its declarations are checked when it starts, so
    that a refusal carries the element's line."""
    pending: list[tuple[str, str]] = []
    for event, item in etree.iterwalk(tree, events=("start", "end", "start-ns")):
        if isinstance(item, tuple):  # start-ns: it belongs to the element that follows
            pending.append(item)
        elif event == "start" and isinstance(item, etree._Element):
            line = item.sourceline if isinstance(item.sourceline, int) else None
            try:
                for prefix, uri in pending:
                    events.start_ns(prefix, uri)
            except UnsafeXMLError as exc:
                exc.line = line
                raise
            pending.clear()
            events.start(etree.QName(item).localname, line)
        else:
            events.end()


def _check_depth(tree: etree._ElementTree, limits: ParseLimits, source: str | None) -> None:
    if limits.max_depth >= LIBXML2_MAX_DEPTH:
        return  # libxml2 refuses deeper documents itself (mapped in parser._syntax_error)
    found = _depth_probe(limits.max_depth)(tree)
    if found:
        raise _refused(source, _first(found),
                       tr("elements nest deeper than {limit} levels", limit=limits.max_depth),
                       tr("flatten the structure or raise ParseLimits.max_depth"))


def _check_text(tree: etree._ElementTree, queries: _Queries, limits: ParseLimits,
                source: str | None) -> None:
    found = queries.long_text(tree)
    if found:
        node = _first(found)
        raise _refused(source, node, tr("text of <{name}> has {length} characters, above the "
                                        "limit of {limit}", name=_parent_name(node),
                                        length=_length(node), limit=limits.max_text_length),
                       tr("only attachment content may be large; raise "
                          "ParseLimits.max_text_length if needed"))


def _check_values(tree: etree._ElementTree, queries: _Queries, limits: ParseLimits,
                  source: str | None) -> None:
    found = queries.long_values(tree)
    if found:
        node = _first(found)
        if isinstance(node, etree._Comment):
            message = tr("a comment has {length} characters, above the limit of {limit}",
                         length=_length(node), limit=limits.max_text_length)
        elif isinstance(node, etree._ProcessingInstruction):
            message = tr("a processing instruction has {length} characters, above the limit "
                         "of {limit}", length=_length(node), limit=limits.max_text_length)
        else:
            message = tr("the value of attribute {name} has {length} characters, above the "
                         "limit of {limit}", name=_shorten(_name_of(node)),
                         length=_length(node), limit=limits.max_text_length)
        raise _refused(source, node, message, _raise_hint("max_text_length"))


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


def _name_of(node: object) -> str:
    """The name of an element, an attribute (found as its value) or a processing
    instruction, as written (with its prefix) when lxml knows it."""
    if isinstance(node, etree._ProcessingInstruction):
        return str(node.target)
    if isinstance(node, etree._Element):
        local = etree.QName(node).localname
        return f"{node.prefix}:{local}" if node.prefix else local
    if isinstance(node, etree._ElementUnicodeResult) and node.attrname is not None:
        name = etree.QName(node.attrname)
        owner = node.getparent()
        if name.namespace and owner is not None:
            prefix = next((p for p, uri in owner.nsmap.items() if p and uri == name.namespace),
                          None)
            if prefix:
                return f"{prefix}:{name.localname}"
        return name.localname
    return "?"


def _length(node: object) -> int:
    """Characters of a text or attribute value, a comment or a processing instruction."""
    if isinstance(node, etree._ProcessingInstruction):
        return len(node.target) + len(node.text or "")
    if isinstance(node, etree._Element):
        return len(node.text or "")
    return len(node) if isinstance(node, str) else 0


def _shorten(name: str) -> str:
    """A name short enough for a message (names can be a megabyte long)."""
    return name if len(name) <= 40 else name[:32] + "…"


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
