"""Dereferencing and transforming same-document References (the digest input).

Only the allow-listed transform chain is implemented: an optional enveloped-signature
transform followed by at most one C14N transform (without one, inclusive C14N 1.0 applies,
XML-DSig §4.3.3.2). ``URI=""`` is the whole document without comments; ``#id`` the element
with that unique ``Id``/``ID``/``id``/``xml:id``. Everything else is refused by the caller.

>>> from lxml import etree
>>> tree = etree.ElementTree(etree.fromstring(b'<r><a Id="x">1</a><!--c--></r>'))
>>> transformed_octets(tree, "", [], signature=None)
b'<r><a Id="x">1</a></r>'
>>> transformed_octets(tree, "#x", [], signature=None, target=tree.getroot()[0])
b'<a Id="x">1</a>'
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree

from vn_egov.i18n import tr
from vn_egov.signature.algorithms import C14N_10, ENVELOPED, c14n_method
from vn_egov.signature.c14n import canonicalize_document, canonicalize_element

__all__ = ["Transform", "detached", "id_index", "transformed_octets"]

_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
#: The attributes that identify an element for a ``#id`` reference.
ID_ATTRIBUTES = ("Id", "ID", "id", "{http://www.w3.org/XML/1998/namespace}id", f"{{{_WSU}}}Id")
_WITH_ID = etree.XPath("//*[@Id or @ID or @id or @xml:id or @wsu:Id]", namespaces={"wsu": _WSU})


@dataclass(frozen=True, slots=True)
class Transform:
    """A Transform: its algorithm URI and, for exclusive C14N, the InclusiveNamespaces list."""

    uri: str
    prefixes: tuple[str, ...] = ()


def id_index(tree: etree._ElementTree) -> dict[str, list[etree._Element]]:
    """Every ``Id``, ``ID``, ``id``, ``xml:id`` or WS-Security ``wsu:Id`` value of the
    document with the elements that carry it, in document order: one pass, however many
    references are resolved afterwards.

    >>> from lxml import etree
    >>> t = etree.ElementTree(etree.fromstring(b'<r><a id="k"/><b ID="k" Id="j"/></r>'))
    >>> {value: [e.tag for e in found] for value, found in id_index(t).items()}
    {'k': ['a', 'b'], 'j': ['b']}
    """
    index: dict[str, list[etree._Element]] = {}
    for element in cast("list[Any]", _WITH_ID(tree)):
        values = dict.fromkeys(element.get(name) for name in ID_ATTRIBUTES)
        for value in values:
            if value is None:
                continue
            index.setdefault(value, []).append(element)
    return index


@contextmanager
def detached(element: etree._Element | None) -> Iterator[None]:
    """Temporarily remove *element* (the enveloped-signature transform), keeping its tail.

    The text after the element stays in the document, as in the XPath data model; the tree
    is restored exactly afterwards.

    >>> from lxml import etree
    >>> root = etree.fromstring(b"<r><a/><s/>\\n</r>")
    >>> with detached(root[1]):
    ...     etree.tostring(root)
    b'<r><a/>\\n</r>'
    >>> etree.tostring(root)
    b'<r><a/><s/>\\n</r>'
    """
    parent = None if element is None else element.getparent()
    if element is None or parent is None:
        yield
        return
    index = parent.index(element)
    tail = element.tail or ""
    previous = element.getprevious()
    element.tail = None
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    try:
        yield
    finally:
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "")[: -len(tail)] or None
            else:
                parent.text = (parent.text or "")[: -len(tail)] or None
        parent.insert(index, element)
        element.tail = tail or None


def transformed_octets(tree: etree._ElementTree, uri: str, transforms: Sequence[Transform], *,
                       signature: etree._Element | None,
                       target: etree._Element | None = None) -> bytes:
    """The octets a Reference digests. *transforms* must already be allow-listed.

    *target* is the element for a ``#id`` URI (resolved by the caller, who checks its
    uniqueness); *signature* is removed when the enveloped transform is present.
    """
    enveloped = any(t.uri == ENVELOPED for t in transforms)
    c14n = [t for t in transforms if t.uri != ENVELOPED]
    method = c14n_method(c14n[-1].uri) if c14n else c14n_method(C14N_10)
    prefixes = c14n[-1].prefixes if c14n else ()
    if enveloped and signature is not None and target is not None and (
            target is signature or signature in target.iterancestors()):
        return b""  # the enveloped transform removes the whole referenced subtree
    with detached(signature if enveloped else None):
        if uri == "":
            return canonicalize_document(tree, exclusive=method.exclusive,
                                         inclusive_prefixes=prefixes)
        if target is None:
            raise ValueError(tr("reference {uri!r} has no resolved target", uri=uri))
        return canonicalize_element(target, exclusive=method.exclusive,
                                    inclusive_prefixes=prefixes, version=method.version)
