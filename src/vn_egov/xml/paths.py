"""Locate elements for humans: readable XPath, line and column.

>>> from lxml import etree
>>> root = etree.fromstring(b'<r xmlns:p="urn:x"><p:a/><p:a><b/></p:a></r>')
>>> element_xpath(root[1][0])
'/r/p:a[2]/b'
"""

from __future__ import annotations

from lxml import etree

__all__ = ["column_of", "element_xpath", "local_name"]


def local_name(element: etree._Element) -> str:
    """Local name of an element (``''`` for comments and processing instructions).

    >>> local_name(etree.fromstring(b'<x:y xmlns:x="urn:z"/>'))
    'y'
    """
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def _step(element: etree._Element) -> str:
    name = local_name(element)
    prefix = element.prefix
    label = f"{prefix}:{name}" if prefix else name
    parent = element.getparent()
    if parent is None:
        return label
    same = [sibling for sibling in parent if sibling.tag == element.tag]
    if len(same) > 1:
        return f"{label}[{same.index(element) + 1}]"
    return label


def element_xpath(element: etree._Element) -> str:
    """A readable absolute path with the document's own prefixes and 1-based positions."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        steps.append(_step(node))
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


def column_of(data: bytes, element: etree._Element) -> int | None:
    """1-based column of the start tag of *element* in *data*, when it can be found.

    lxml records only the line of an element; the column is recovered by finding the
    start tag on that line (UTF-8 input; ``None`` when the search is ambiguous or fails).

    >>> data = b'<r>\\n  <a/></r>'
    >>> column_of(data, etree.fromstring(data)[0])
    3
    """
    line = element.sourceline
    if not isinstance(line, int) or line < 1:
        return None
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    end = data.find(b"\n", start)
    text = data[start:] if end == -1 else data[start:end]
    prefix = element.prefix
    qname = f"{prefix}:{local_name(element)}" if prefix else local_name(element)
    position = text.find(b"<" + qname.encode("utf-8"))
    if position < 0:
        return None
    return len(text[:position].decode("utf-8", errors="replace")) + 1
