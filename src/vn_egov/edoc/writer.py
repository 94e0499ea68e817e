"""The canonical writer: one deterministic form, the one the official EdXML102 library emits.

UTF-8 with a double-quoted XML declaration, default namespace on ``edXML``, ``edXML:`` prefix
declared on ``edXMLEnvelope``, unprefixed ``AttachmentEncoded`` children except
``edXML:ContentTransferEncoded`` (which redeclares the prefix), MessageHeader in QCVN order
(variant A), ``yyyy/MM/dd`` dates, ``Bussiness`` spelling, ``cid:`` in both ContentIds, base64 on
one line, two-space indentation. The order and structure come from the models' declarations
(:mod:`vn_egov.edoc.mapping`). Unknown elements read from a package, and the comments and
processing instructions before and after its root, are written back where they were,
verbatim, unless ``canonical=True``; modelled values, EdXML102 extensions included, are
always written as they are. What the models cannot hold (an attribute no field keeps, an empty
element, ``01`` for the number 1) was reported as EDX119 when the package was read.

>>> from datetime import date
>>> from vn_egov.edoc.models import *
>>> pkg = StatusPackage(header=StatusHeader(
...     sender=Organization(organ_id="000.00.05.H99"),
...     response_for=ResponseFor(organ_id="000.00.12.H99", code="215/SKHCN-VP",
...                              document_id="000.00.12.H99,2025/03/12,215/SKHCN-VP"),
...     status_code="03"))
>>> print(write(pkg).decode())
<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.05.H99</edXML:OrganId>
        </edXML:From>
        <edXML:ResponseFor>
          <edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:Code>215/SKHCN-VP</edXML:Code>
          <edXML:DocumentId>000.00.12.H99,2025/03/12,215/SKHCN-VP</edXML:DocumentId>
        </edXML:ResponseFor>
        <edXML:StatusCode>03</edXML:StatusCode>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML>
<BLANKLINE>
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from lxml import etree

from vn_egov.edoc.mapping import Container, Slot, mapping_of, resolve_prefix
from vn_egov.edoc.models import (
    DocumentPackage,
    EdxmlModel,
    ExtraElement,
    SignatureBlock,
    StatusPackage,
)
from vn_egov.edoc.names import DATE_FORMAT, EPILOG, NS, PROLOG, TIMESTAMP_FORMAT, XLINK_NS, qname

__all__ = ["write", "write_file"]

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "
_KNOWN_PREFIXES = {XLINK_NS: "xlink"}
_XML_NS = "http://www.w3.org/XML/1998/namespace"
Package = DocumentPackage | StatusPackage


class _Builder:
    """Builds the tree. Kept elements are spliced in as text after serialisation: inserting
    them as nodes would let lxml reconcile (rename) their namespace prefixes."""

    def __init__(self, canonical: bool) -> None:
        self.canonical = canonical
        self.nonce = secrets.token_hex(8)
        self.verbatim: dict[str, str] = {}

    def splice(self, parent: etree._Element, xml: str) -> None:
        """Append a placeholder that :meth:`render` replaces with *xml* verbatim."""
        key = f"{self.nonce}-{len(self.verbatim)}"
        self.verbatim[key] = xml
        parent.append(etree.Comment(key))

    def render(self, root: etree._Element) -> bytes:
        """Serialise *root* and splice the verbatim parts in place of their placeholders."""
        body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
        if not self.verbatim:
            return body
        pattern = re.compile(rb"<!--(" + self.nonce.encode() + rb"-\d+)-->")
        return pattern.sub(lambda m: self.verbatim[m.group(1).decode()].encode("utf-8"), body)

    @staticmethod
    def element(parent: etree._Element, local: str, prefix: str | None, scope: str | None,
                attributes: Mapping[str, str] | None = None) -> etree._Element:
        """A child in the QCVN namespace, declaring *prefix* where the scope has another."""
        nsmap: dict[str | None, str] = {} if prefix == scope else {prefix: NS}
        if attributes:
            nsmap.update(_attribute_nsmap(attributes))
        child = etree.SubElement(parent, qname(local), nsmap=nsmap or None)
        for key, value in sorted((attributes or {}).items()):
            child.set(key, value)
        return child

    def extras(self, parent: etree._Element, extras: Iterable[ExtraElement],
               anchor: str | None) -> None:
        if self.canonical:
            return
        for extra in extras:
            if extra.anchor == anchor:
                self.splice(parent, extra.xml)

    def model(self, parent: etree._Element, local: str, model: EdxmlModel, prefix: str | None,
              scope: str | None) -> None:
        """Write *model* as the element *local* under *parent*."""
        mapping = mapping_of(type(model))
        attributes = getattr(model, "attributes", None) if mapping.keeps_attributes else None
        element = self.element(parent, local, prefix, scope,
                               None if self.canonical else attributes)
        self.fill(element, mapping.root, model, {mapping.root.name: model.extras}, prefix)

    def fill(self, element: etree._Element, container: Container, model: EdxmlModel,
             extras: Mapping[str, list[ExtraElement]], prefix: str | None) -> None:
        """Write the children of *container* (canonical order) and the extras kept there."""
        kept = extras.get(container.name, [])
        self.extras(element, kept, None)
        for child in container.children:
            if isinstance(child, Container):
                inner = resolve_prefix(child.prefix, prefix)
                sub = self.element(element, child.name, inner, prefix)
                self.fill(sub, child, model, extras, inner)
                if not len(sub):  # a container with nothing to hold is not written
                    element.remove(sub)
                anchor = child.name
            else:
                self.slot(element, child, model, prefix)
                anchor = child.xml.name
            self.extras(element, kept, anchor)

    def slot(self, element: etree._Element, slot: Slot, model: EdxmlModel,
             scope: str | None) -> None:
        value = getattr(model, slot.field)
        if value is None or value in ("", []):
            return  # EdXML102 writes no element for an empty value
        prefix = resolve_prefix(slot.prefix, scope)
        if slot.xml.item is not None:
            attributes = {name: str(getattr(model, field))
                          for field, (owner, name) in mapping_of(type(model)).attributes.items()
                          if owner == slot.field}
            wrapper = self.element(element, slot.xml.name, prefix, scope, attributes)
            for item in value:
                self.value(wrapper, slot.xml.item, slot, item, prefix, prefix)
        elif slot.many:
            for item in value:
                self.value(element, slot.xml.name, slot, item, prefix, scope)
        else:
            self.value(element, slot.xml.name, slot, value, prefix, scope)

    def value(self, parent: etree._Element, local: str, slot: Slot, value: object,  # noqa: PLR0917
              prefix: str | None, scope: str | None) -> None:
        if isinstance(value, SignatureBlock):
            # An LGSP <DigitalSignature/> placeholder is a dialect, not a signature: the
            # canonical form (which must be XSD-valid) drops it.
            if not (self.canonical and value.kind == "digital-signature"):
                self.splice(parent, value.xml)
        elif isinstance(value, EdxmlModel):
            self.model(parent, local, value, prefix, scope)
        else:
            self.element(parent, local, prefix, scope).text = slot.xml.value_prefix + _text(value)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.strftime(TIMESTAMP_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _attribute_nsmap(attributes: Mapping[str, str]) -> dict[str | None, str]:
    # Conventional prefixes (xlink) instead of lxml's generated ns0 for kept attributes.
    namespaces = {key[1:].partition("}")[0] for key in attributes if key.startswith("{")}
    namespaces.discard(_XML_NS)  # xml:lang, xml:space: the prefix is bound by definition
    return {_KNOWN_PREFIXES.get(uri, f"ns{index}"): uri
            for index, uri in enumerate(sorted(namespaces))}


def _indent(element: etree._Element, level: int = 0) -> None:
    children = list(element)
    if not children:
        return
    inner = "\n" + INDENT * (level + 1)
    if not (element.text and element.text.strip()):
        element.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + INDENT * level


def _build(package: Package, builder: _Builder) -> etree._Element:
    mapping = mapping_of(type(package))
    root = etree.Element(qname(mapping.root.name), nsmap={None: NS})
    builder.fill(root, mapping.root, package, package.unknown, package.XML_PREFIX)
    _indent(root)
    return root


def write(package: Package, *, canonical: bool = False, compress: bool = False) -> bytes:
    """Serialise *package* to canonical edXML bytes.

    With ``canonical=True`` unknown elements kept from reading, and ebXML attributes, are
    dropped (modelled values never change); otherwise they are written back where they were.
    With ``compress=True`` attachments are compressed as the official builder does (see
    :func:`vn_egov.edoc.attachments.compress_attachments`).
    """
    if not isinstance(package, DocumentPackage | StatusPackage):
        raise TypeError(_not_a_package("write", package))
    if compress and isinstance(package, DocumentPackage):
        from vn_egov.edoc.attachments import compress_attachments

        package = compress_attachments(package)
    builder = _Builder(canonical)
    body = builder.render(_build(package, builder))
    if canonical:
        return XML_DECLARATION + body + b"\n"
    # Comments and processing instructions read before and after the root go back there.
    before = b"".join(extra.xml.encode() + b"\n" for extra in package.unknown.get(PROLOG, ()))
    after = b"".join(extra.xml.encode() + b"\n" for extra in package.unknown.get(EPILOG, ()))
    return XML_DECLARATION + before + body + b"\n" + after


def _not_a_package(function: str, value: object) -> str:
    hint = (" (to read a file, use read(path); to write a package to a file, "
            "write_file(package, path))" if isinstance(value, str | bytes | Path) else "")
    return (f"{function}() takes a DocumentPackage or StatusPackage, not "
            f"{type(value).__name__}{hint}")


def write_file(package: Package, path: str | Path, *, canonical: bool = False,
               compress: bool = False) -> Path:
    """Write *package* to *path* (created or replaced) and return the path."""
    target = Path(path)
    target.write_bytes(write(package, canonical=canonical, compress=compress))
    return target
