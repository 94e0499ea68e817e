"""The canonical writer: one deterministic form, the one the official EdXML102 library emits.

UTF-8 with a double-quoted XML declaration, default namespace on ``edXML``, ``edXML:`` prefix
declared on ``edXMLEnvelope``, unprefixed ``AttachmentEncoded`` children except
``edXML:ContentTransferEncoded`` (which redeclares the prefix), MessageHeader in QCVN order
(variant A), ``yyyy/MM/dd`` dates, ``Bussiness`` spelling, ``cid:`` in both ContentIds, base64 on
one line, two-space indentation. Unknown elements read from a package are written back where
they were, verbatim, unless ``canonical=True``.

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
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from lxml import etree

from vn_egov.edoc.models import (
    Attachment,
    DocumentPackage,
    EdxmlModel,
    ExtraElement,
    ManifestReference,
    StatusPackage,
)
from vn_egov.edoc.names import DATE_FORMAT, NS, PREFIX, TIMESTAMP_FORMAT, XLINK_NS, qname

__all__ = ["write", "write_file"]

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "
_KNOWN_PREFIXES = {XLINK_NS: "xlink"}


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

    def element(self, parent: etree._Element, local: str, text: str | None = None,
                attributes: dict[str, str] | None = None) -> etree._Element:
        nsmap = _attribute_nsmap(attributes) if attributes else None
        if local == "ContentTransferEncoded":  # the one prefixed Attachment child (spec §2.2)
            nsmap = {PREFIX: NS}
        child = etree.SubElement(parent, qname(local), nsmap=nsmap)
        child.text = text
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

    def model(self, parent: etree._Element, local: str, model: EdxmlModel) -> etree._Element:
        attributes = None if self.canonical else getattr(model, "attributes", None)
        element = self.element(parent, local, attributes=attributes)
        self.extras(element, model.extras, None)
        for spec in model.XML:
            self.value(element, spec.name, spec.item, getattr(model, spec.field))
            self.extras(element, model.extras, spec.name)
        return element

    def value(self, parent: etree._Element, local: str, item: str | None, value: object) -> None:
        if value is None or value in ("", []):
            return
        if isinstance(value, list):
            holder = self.element(parent, local) if item else parent
            for entry in value:
                self.value(holder, item or local, None, entry)
        elif isinstance(value, EdxmlModel):
            self.model(parent, local, value)
        else:
            self.element(parent, local, _text(value))


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


def _attribute_nsmap(attributes: dict[str, str]) -> dict[str | None, str]:
    # Conventional prefixes (xlink) instead of lxml's generated ns0 for kept attributes.
    namespaces = {key[1:].partition("}")[0] for key in attributes if key.startswith("{")}
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


def _header(builder: _Builder, envelope: etree._Element,
            package: DocumentPackage | StatusPackage) -> None:
    header = builder.element(envelope, "edXMLHeader")
    extras = package.unknown.get("edXMLHeader", [])
    builder.extras(header, extras, None)
    builder.model(header, "MessageHeader", package.header)
    builder.extras(header, extras, "MessageHeader")
    if isinstance(package, DocumentPackage) and package.trace is not None:
        builder.model(header, "TraceHeaderList", package.trace)
        builder.extras(header, extras, "TraceHeaderList")
    # An LGSP <DigitalSignature/> placeholder is a dialect, not a signature: the canonical
    # form (which must be XSD-valid) drops it.
    placeholder = package.signature is not None and package.signature.kind == "digital-signature"
    if package.signature is not None and not (builder.canonical and placeholder):
        builder.splice(header, package.signature.xml)
        builder.extras(header, extras, "Signature")
        builder.extras(header, extras, "DigitalSignature")


def _manifest(builder: _Builder, envelope: etree._Element, package: DocumentPackage) -> None:
    if not package.manifest and "edXMLBody" not in package.unknown:
        return
    body = builder.element(envelope, "edXMLBody")
    builder.extras(body, package.unknown.get("edXMLBody", []), None)
    manifest = builder.element(body, "edXMLManifest")
    manifest.set("version", package.manifest_version)
    for reference in package.manifest:
        builder.model(manifest, "Reference", _with_cid(reference))
    builder.extras(body, package.unknown.get("edXMLBody", []), "edXMLManifest")


def _with_cid(model: ManifestReference | Attachment) -> ManifestReference | Attachment:
    return model.model_copy(update={"content_id": f"cid:{model.content_id}"})


def _attachments(builder: _Builder, root: etree._Element, package: DocumentPackage) -> None:
    container = builder.element(root, "AttachmentEncoded")
    for attachment in package.attachments:
        builder.model(container, "Attachment", _with_cid(attachment))


def _build(package: DocumentPackage | StatusPackage, builder: _Builder) -> etree._Element:
    root = etree.Element(qname("edXML"), nsmap={None: NS})
    root_extras = package.unknown.get("edXML", [])
    builder.extras(root, root_extras, None)
    envelope = etree.SubElement(root, qname("edXMLEnvelope"), nsmap={PREFIX: NS})
    envelope_extras = package.unknown.get("edXMLEnvelope", [])
    builder.extras(envelope, envelope_extras, None)
    _header(builder, envelope, package)
    builder.extras(envelope, envelope_extras, "edXMLHeader")
    if isinstance(package, DocumentPackage):
        _manifest(builder, envelope, package)
        builder.extras(envelope, envelope_extras, "edXMLBody")
    builder.extras(root, root_extras, "edXMLEnvelope")
    if isinstance(package, DocumentPackage) and package.attachments:
        _attachments(builder, root, package)
    builder.extras(root, root_extras, "AttachmentEncoded")
    _indent(root)
    return root


def write(package: DocumentPackage | StatusPackage, *, canonical: bool = False) -> bytes:
    """Serialise *package* to canonical edXML bytes.

    With ``canonical=True`` unknown and extension elements kept from reading, and ebXML
    attributes, are dropped; otherwise they are written back where they were.
    """
    builder = _Builder(canonical)
    body = builder.render(_build(package, builder))
    return XML_DECLARATION + body + b"\n"


def write_file(package: DocumentPackage | StatusPackage, path: str | Path, *,
               canonical: bool = False) -> Path:
    """Write *package* to *path* (created or replaced) and return the path."""
    target = Path(path)
    target.write_bytes(write(package, canonical=canonical))
    return target

