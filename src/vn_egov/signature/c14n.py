"""Canonicalisation with lxml, correct for document subsets.

lxml canonicalises a non-root element by copying it into a new document, which loses the
ancestors' ``xml:*`` attributes and, for inclusive C14N under a default namespace, emits a wrong
``xmlns=""`` (a known interoperability defect of lxml-based signers such as signxml).
:func:`canonicalize_element` builds the apex itself with every in-scope namespace (C14N 1.0
§2.4: the apex of a subset carries all of them) and the inherited ``xml:lang``/``xml:space``
(and ``xml:base`` for 1.0), then canonicalises that.
Exclusive C14N needs none of this and uses lxml directly.

>>> from lxml import etree
>>> root = etree.fromstring(b'<r xmlns="urn:q" xml:lang="vi"><a><b/></a></r>')
>>> canonicalize_element(root[0], exclusive=False)
b'<a xmlns="urn:q" xml:lang="vi"><b></b></a>'
>>> canonicalize_element(root[0], exclusive=True)
b'<a xmlns="urn:q"><b></b></a>'
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Sequence
from typing import Final

from lxml import etree

__all__ = ["canonicalize_document", "canonicalize_element", "digest_document"]

_XML_NS: Final = "http://www.w3.org/XML/1998/namespace"
_INHERITED_10: Final = tuple(f"{{{_XML_NS}}}{name}" for name in ("lang", "space", "base"))
_INHERITED_11: Final = _INHERITED_10[:2]


def canonicalize_document(tree: etree._ElementTree, *, exclusive: bool,
                          with_comments: bool = False,
                          inclusive_prefixes: Sequence[str] = ()) -> bytes:
    """Canonical bytes of a whole document (the ``URI=""`` node-set).

    >>> from lxml import etree
    >>> canonicalize_document(etree.ElementTree(etree.fromstring(b"<a  x='1'><!--c--></a>")),
    ...                       exclusive=True)
    b'<a x="1"></a>'
    """
    return etree.tostring(tree, method="c14n", exclusive=exclusive, with_comments=with_comments,
                          inclusive_ns_prefixes=list(inclusive_prefixes) or None)


def digest_document(tree: etree._ElementTree, hash_name: str, *, exclusive: bool,
                    with_comments: bool = False,
                    inclusive_prefixes: Sequence[str] = ()) -> bytes:
    """The *hash_name* digest of :func:`canonicalize_document`'s bytes, computed as libxml2
    writes them, piece by piece: the canonical form of a 50 MB document is never held whole.

    >>> from lxml import etree
    >>> tree = etree.ElementTree(etree.fromstring(b"<a  x='1'><!--c--></a>"))
    >>> digest_document(tree, "sha256", exclusive=True) == hashlib.sha256(
    ...     canonicalize_document(tree, exclusive=True)).digest()
    True
    """
    digest = hashlib.new(hash_name)
    tree.write_c14n(_Writer(digest.update), exclusive=exclusive,  # type: ignore[arg-type]
                    with_comments=with_comments,
                    inclusive_ns_prefixes=list(inclusive_prefixes) or None)
    return digest.digest()


class _Writer:
    """A file-like object for lxml whose ``write`` is a digest's ``update``."""

    __slots__ = ("write",)

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self.write = write


def canonicalize_element(element: etree._Element, *, exclusive: bool,
                         with_comments: bool = False, inclusive_prefixes: Sequence[str] = (),
                         version: str = "1.0") -> bytes:
    """Canonical bytes of the subtree rooted at *element*, as a document subset.

    >>> from lxml import etree
    >>> el = etree.fromstring(b'<r xmlns:p="urn:p"><p:a>t</p:a></r>')[0]
    >>> canonicalize_element(el, exclusive=False, version="1.1")
    b'<p:a xmlns:p="urn:p">t</p:a>'
    """
    if exclusive or element.getparent() is None:
        return etree.tostring(element, method="c14n", exclusive=exclusive,
                              with_comments=with_comments,
                              inclusive_ns_prefixes=list(inclusive_prefixes) or None)
    apex = _inclusive_apex(element, _INHERITED_11 if version == "1.1" else _INHERITED_10)
    return etree.tostring(apex, method="c14n", exclusive=False, with_comments=with_comments)


def _inclusive_apex(element: etree._Element, inherited: tuple[str, ...]) -> etree._Element:
    attrib = dict(element.attrib)
    ancestor = element.getparent()
    while ancestor is not None:
        for name in inherited:
            value = ancestor.get(name)
            if value is not None and name not in attrib:
                attrib[name] = value
        ancestor = ancestor.getparent()
    # nsmap holds every namespace in scope; a new root declares all of them, as C14N requires.
    nsmap = {prefix: uri for prefix, uri in element.nsmap.items() if uri}
    apex = etree.Element(element.tag, attrib=attrib, nsmap=nsmap)
    apex.text = element.text
    for child in element:
        clone = copy.deepcopy(child)
        apex.append(clone)
    return apex
