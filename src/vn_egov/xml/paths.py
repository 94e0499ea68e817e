"""Locate elements for humans: readable XPath, line and column, in linear time.

A document with many findings (20,000 unknown children, 100,000 extra elements) must not
cost a rescan per finding. Positions among siblings are computed once per parent and the
line starts of the input once per document, then reused for every later finding of the same
document. That index lives as long as a :func:`locating` scope: the entry points that read or
validate a document (``check``, ``read_tree``, the signature verifier) open one, and its end
releases the document's bytes and tree. Outside any scope, each thread keeps the index of the
one document it located last (a new document replaces it), so memory stays bounded; trees
must not be modified while they are located.

>>> from lxml import etree
>>> root = etree.fromstring(b'<r xmlns:p="urn:x"><p:a/><p:a><b/></p:a></r>')
>>> element_xpath(root[1][0])
'/r/p:a[2]/b'
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lxml import etree

__all__ = ["column_of", "element_xpath", "local_name", "locating"]


def local_name(element: etree._Element) -> str:
    """Local name of an element (``''`` for comments and processing instructions).

    >>> local_name(etree.fromstring(b'<x:y xmlns:x="urn:z"/>'))
    'y'
    """
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


class _Index:
    """What has been learnt about one document (its root) and one input (its bytes)."""

    def __init__(self) -> None:
        self.root: etree._Element | None = None
        # parent -> child -> (1-based position among same-tag siblings, count of them)
        self.positions: dict[etree._Element, dict[etree._Element, tuple[int, int]]] = {}
        self.cursors: dict[etree._Element, _Cursor] = {}  # parents too large to index
        self.data: bytes | None = None
        self.line_starts: list[int] = [0]
        self.scanned = 0  # offset up to which line starts are known
        self.columns: dict[tuple[int, str], int | None] = {}

    def for_root(self, root: etree._Element) -> _Index:
        if root is not self.root:
            self.root, self.positions, self.cursors = root, {}, {}
        return self

    def for_data(self, data: bytes) -> _Index:
        if data is not self.data:
            self.data, self.line_starts, self.scanned, self.columns = data, [0], 0, {}
        return self


class _State(threading.local):
    def __init__(self) -> None:
        self.scoped: _Index | None = None  # the index of the open scope, if any
        self.loose: _Index | None = None  # outside any scope: the last document located


_STATE = _State()


def _index() -> _Index:
    state = _STATE
    index = state.scoped or state.loose
    if index is None:
        index = state.loose = _Index()
    return index


@contextmanager
def locating() -> Iterator[None]:
    """A scope for locating the elements of one document: what is learnt about it (sibling
    positions, line starts, hence its tree and its bytes) is kept until the scope ends, and
    released then. Re-entrant: a nested scope shares the outer one's index and its end
    releases nothing. Per thread.

    >>> root = etree.fromstring(b"<r><a/><a/></r>")
    >>> with locating():
    ...     element_xpath(root[1])
    '/r/a[2]'
    >>> _STATE.scoped is None
    True
    """
    state = _STATE
    if state.scoped is not None:  # nested: the outer scope owns the index
        yield
        return
    state.scoped = _Index()
    try:
        yield
    finally:
        state.scoped = None


def _positions(index: _Index, parent: etree._Element) -> dict[etree._Element, tuple[int, int]]:
    known = index.positions.get(parent)
    if known is None:
        counts: dict[Any, int] = {}
        order: list[tuple[etree._Element, int]] = []
        for child in parent:
            counts[child.tag] = counts.get(child.tag, 0) + 1
            order.append((child, counts[child.tag]))
        known = {child: (position, counts[child.tag]) for child, position in order}
        index.positions[parent] = known
    return known


#: Parents with more children than this are not indexed child by child: that index holds
#: one Python object per child (900,000 siblings would be 250 MB). Their children are counted
#: per tag once, and positions found by walking forward from the last one asked (findings
#: come in document order, so the walk is linear overall).
_INDEXED_CHILDREN = 10_000


class _Cursor:
    """The last child located in a large parent, with the same-tag counts up to it."""

    __slots__ = ("counts", "node", "totals")

    def __init__(self, parent: etree._Element) -> None:
        self.totals: dict[Any, int] = {}
        for child in parent:
            self.totals[child.tag] = self.totals.get(child.tag, 0) + 1
        self.node: etree._Element | None = None
        self.counts: dict[Any, int] = {}

    def position(self, parent: etree._Element, node: etree._Element) -> tuple[int, int]:
        if node is self.node:  # asked again (the line, then the path, of one finding)
            return int(self.counts[node.tag]), self.totals.get(node.tag, 1)
        found = self._walk(self.node, node) if self.node is not None else None
        if found is None:  # before the cursor (or no cursor yet): from the first child
            self.counts = {}
            found = self._walk(None, node, parent)
        if found is None:
            raise KeyError(node)  # not a child of parent: as the index would
        return found, self.totals.get(node.tag, 1)

    def _walk(self, after: etree._Element | None, node: etree._Element,
              parent: etree._Element | None = None) -> int | None:
        siblings = (after.itersiblings() if after is not None
                    else iter(parent if parent is not None else ()))
        counts = dict(self.counts)
        for sibling in siblings:
            counts[sibling.tag] = counts.get(sibling.tag, 0) + 1
            if sibling is node:
                self.node, self.counts = node, counts
                return int(counts[node.tag])
        return None


def _position(index: _Index, parent: etree._Element, node: etree._Element) -> tuple[int, int]:
    """(1-based position among same-tag siblings, how many such siblings there are)."""
    known = index.positions.get(parent)
    if known is not None:
        return known[node]
    cursor = index.cursors.get(parent)
    if cursor is None:
        if len(parent) <= _INDEXED_CHILDREN:  # counting children costs a pass: once per parent
            return _positions(index, parent)[node]
        cursor = index.cursors[parent] = _Cursor(parent)
    return cursor.position(parent, node)


def element_xpath(element: etree._Element) -> str:
    """A readable absolute path with the document's own prefixes and 1-based positions.

    >>> root = etree.fromstring(b"<r><a/><b/><a/></r>")
    >>> element_xpath(root[2]), element_xpath(root[1])
    ('/r/a[2]', '/r/b')
    """
    ancestors = list(element.iterancestors())
    index = _index().for_root(ancestors[-1] if ancestors else element)
    steps: list[str] = []
    node = element
    for parent in (*ancestors, None):
        name = local_name(node)
        label = f"{node.prefix}:{name}" if node.prefix else name
        if parent is not None:
            position, count = _position(index, parent, node)
            if count > 1:
                label = f"{label}[{position}]"
        steps.append(label)
        if parent is not None:
            node = parent
    return "/" + "/".join(reversed(steps))


def _line_bounds(index: _Index, data: bytes, line: int) -> tuple[int, int] | None:
    """Start and end offsets of 1-based *line*, scanning the input only as far as needed
    and only once."""
    starts = index.line_starts
    while len(starts) <= line and index.scanned < len(data):
        newline = data.find(b"\n", index.scanned)
        if newline < 0:
            index.scanned = len(data)
            break
        starts.append(newline + 1)
        index.scanned = newline + 1
    if line > len(starts):
        return None
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(data)
    return start, end


def column_of(data: bytes, element: etree._Element) -> int | None:
    """1-based column of the start tag of *element* in *data*, when it can be told.

    lxml records only the line of an element; the column is that of the start tag on that
    line. When the line holds no such start tag, or several (``<a/><a/>``), the column is
    ``None`` rather than a guess. UTF-8 input.

    >>> data = b'<r>\\n  <a/></r>'
    >>> column_of(data, etree.fromstring(data)[0])
    3
    >>> column_of(b'<r><a/><a/></r>', etree.fromstring(b'<r><a/><a/></r>')[1]) is None
    True
    """
    line = element.sourceline
    if not isinstance(line, int) or line < 1:
        return None
    prefix = element.prefix
    qname = f"{prefix}:{local_name(element)}" if prefix else local_name(element)
    index = _index().for_data(data)
    key = (line, qname)
    if key not in index.columns:
        index.columns[key] = _find_column(index, data, line, qname)
    return index.columns[key]


def _find_column(index: _Index, data: bytes, line: int, qname: str) -> int | None:
    bounds = _line_bounds(index, data, line)
    if bounds is None:
        return None
    text = data[bounds[0]:bounds[1]]
    pattern = re.compile(b"<" + re.escape(qname.encode("utf-8")) + rb"[\s/>]")
    found = pattern.search(text)
    if found is None or pattern.search(text, found.end()) is not None:
        return None  # absent, or ambiguous: never point at the wrong element
    return len(text[:found.start()].decode("utf-8", errors="replace")) + 1
