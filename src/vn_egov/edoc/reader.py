"""The tolerant reader: every dialect of spec §13.3 in, typed models out, each deviation reported.

>>> pkg = read(b'''<?xml version="1.0" encoding="UTF-8"?>
... <edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope
... xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:Status>
... <edXML:From><edXML:OrganId>000.00.05.H99</edXML:OrganId></edXML:From>
... <edXML:ResponseFor><edXML:OrganId>000.00.12.H99</edXML:OrganId><edXML:Code>215/SKHCN-VP
... </edXML:Code><edXML:DocumentId>x</edXML:DocumentId></edXML:ResponseFor>
... <edXML:StatusCode>03</edXML:StatusCode><edXML:TimeStamp>2025/03/12 14:20:33</edXML:TimeStamp>
... </edXML:Status></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>''')
>>> pkg.header.status.label, pkg.header.timestamp.isoformat()
('Đã tiếp nhận', '2025-03-12T14:20:33')
>>> sorted({issue.rule for issue in pkg.issues})
['EDX301', 'EDX302', 'EDX501']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from lxml import etree

from vn_egov.edoc import checks
from vn_egov.edoc.fields import FieldReader, serialize
from vn_egov.edoc.models import (
    Attachment,
    DocumentHeader,
    DocumentPackage,
    ExtraElement,
    ManifestReference,
    SignatureBlock,
    StatusHeader,
    StatusPackage,
    TraceHeaderList,
)
from vn_egov.edoc.names import DSIG_NS, PREFIX
from vn_egov.errors import DocumentInvalid, VnEgovError
from vn_egov.i18n import tr
from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.profile import ValidationOptions
from vn_egov.validation.report import LayerResult, LayerStatus, Report
from vn_egov.xml import DEFAULT_LIMITS, ParsedXML, ParseLimits, local_name, parse
from vn_egov.xml.parser import Source

__all__ = ["ReadResult", "detect_kind", "read", "read_document", "read_status", "read_tree"]

Kind = Literal["document", "status"]
#: a manifest reference or attachment, whether its ContentId carried ``cid:``, its element
Linked = tuple[Any, bool, etree._Element]
Package = DocumentPackage | StatusPackage


@dataclass
class ReadResult:
    """What reading produced: the package (``None`` when it could not be built) and the issues."""

    kind: Kind | None
    package: Package | None
    issues: list[Issue] = field(default_factory=list)


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    return next((c for c in element if isinstance(c.tag, str) and local_name(c) in names), None)


def detect_kind(root: etree._Element) -> Kind | None:
    """``"document"`` or ``"status"`` from the structure, ``None`` when it is not edXML.

    >>> detect_kind(etree.fromstring(b"<edXML><edXMLEnvelope><edXMLHeader><MessageHeader>"
    ...     b"<StatusCode>01</StatusCode></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"))
    'status'
    """
    if local_name(root) != "edXML":
        return None
    envelope = _child(root, "edXMLEnvelope")
    header = _child(envelope, "edXMLHeader") if envelope is not None else None
    message = _child(header, "MessageHeader", "Status") if header is not None else None
    if message is None:
        return None
    if _child(message, "To") is None and (
            _child(message, "StatusCode") is not None
            or _child(message, "Code", "Subject") is None):
        # Without a StatusCode it is still a status header when no document part is there,
        # so that the missing StatusCode itself is reported (EDX101).
        return "status"
    return "document"


class _PackageReader:
    def __init__(self, parsed: ParsedXML, options: ValidationOptions | None,
                 sniff_attachments: bool = False) -> None:
        self.parsed = parsed
        self.options = options or ValidationOptions()
        self.fields = FieldReader(parsed, self.options, sniff_attachments=sniff_attachments)
        self.unknown: dict[str, list[ExtraElement]] = {}

    def report(self, rule: str, message: str | None = None,
               element: etree._Element | None = None) -> None:
        self.fields.report(rule, message, element)

    def keep_unknown(self, container: etree._Element, known: tuple[str, ...], rule: str) -> None:
        """Keep unknown children of an envelope container (by container name), reported."""
        anchor: str | None = None
        name = local_name(container)
        for child in container:
            child_name = local_name(child)
            if child_name in known:
                anchor = child_name
                continue
            if isinstance(child.tag, str):
                self.report(rule, f"<{child_name}> in <{name}> is not part of edXML; kept as is",
                            child)
            self.unknown.setdefault(name, []).append(ExtraElement(anchor=anchor,
                                                                  xml=serialize(child)))

    def run(self) -> ReadResult:
        root = self.parsed.root
        kind = detect_kind(root)
        if kind is None:
            self.report("EDX003", _structure_problem(root), root)
            return ReadResult(None, None, self.fields.finish())
        self.fields.note_name(root, None)
        envelope = _child(root, "edXMLEnvelope")
        assert envelope is not None  # detect_kind checked it
        self.keep_unknown(root, ("edXMLEnvelope", "AttachmentEncoded"), "EDX006")
        self.fields.note_name(envelope)
        header = _child(envelope, "edXMLHeader")
        assert header is not None
        self.fields.note_name(header)
        package = self._document(envelope, header) if kind == "document" else self._status(header)
        issues = self.fields.finish()
        if package is not None:
            package._issues = list(issues)
        return ReadResult(kind, package, issues)

    def _message(self, header: etree._Element) -> etree._Element:
        message = _child(header, "MessageHeader", "Status")
        assert message is not None
        self.fields.note_name(message)
        if local_name(message) == "Status":
            self.report("EDX301", "status header named <Status>; read as <MessageHeader>",
                        message)
        return message

    def _signature(self, header: etree._Element) -> SignatureBlock | None:
        found = [c for c in header if local_name(c) in ("Signature", "DigitalSignature")]
        if not found:
            self.report("EDX501", tr("the package carries no signature"), header)
            return None
        element = found[0]
        for extra in found[1:]:
            self.report("EDX007", "second signature element kept as is", extra)
        if local_name(element) == "DigitalSignature":
            kind = "digital-signature"
            self.report("EDX502", "<DigitalSignature> placeholder instead of a signature", element)
        elif etree.QName(element).namespace == DSIG_NS:
            kind = "xmldsig"
        else:
            kind = "placeholder"
            self.report("EDX503", "<Signature> is not in the XML-DSig namespace; it cannot be "
                        "verified (the official library writes such placeholders)", element)
        elements = [c for c in header if isinstance(c.tag, str)]
        if elements[-1] is not element:
            self.report("EDX505", "<Signature> is not the last child of <edXMLHeader>", element)
        return SignatureBlock(kind=kind, xml=serialize(element))

    def _status(self, header: etree._Element) -> StatusPackage | None:
        message = self._message(header)
        self.keep_unknown(header, ("MessageHeader", "Status", "Signature", "DigitalSignature"),
                          "EDX007")
        signature = self._signature(header)
        model = self.fields.read(StatusHeader, message, "MessageHeader")
        checks.check_status(self.fields, message, model)
        if not isinstance(model, StatusHeader):
            return None
        return StatusPackage(header=model, signature=signature, unknown=self.unknown)

    def _document(self, envelope: etree._Element, header: etree._Element) -> DocumentPackage | None:
        message = self._message(header)
        self.keep_unknown(envelope, ("edXMLHeader", "edXMLBody"), "EDX007")
        self.keep_unknown(header, ("MessageHeader", "TraceHeaderList", "Signature",
                                   "DigitalSignature"), "EDX007")
        signature = self._signature(header)
        model = self.fields.read(DocumentHeader, message, "MessageHeader")
        checks.check_document_header(self.fields, message, model)
        trace = self._trace(header)
        manifest, version = self._manifest(envelope)
        attachments, unreadable = self._attachments()
        checks.check_attachments(self.fields, manifest, attachments, unreadable)
        if not isinstance(model, DocumentHeader):
            return None
        return DocumentPackage(
            header=model, trace=trace, manifest=[m for m, _, _ in manifest],
            manifest_version=version, attachments=[a for a, _, _ in attachments],
            signature=signature, unknown=self.unknown)

    def _trace(self, header: etree._Element) -> TraceHeaderList | None:
        element = _child(header, "TraceHeaderList")
        if element is None:
            self.report("EDX202", "the document package has no <TraceHeaderList>", header)
            return None
        self.fields.note_name(element)
        model = self.fields.read(TraceHeaderList, element, "TraceHeaderList")
        checks.check_trace(self.fields, element, model)
        return model if isinstance(model, TraceHeaderList) else None

    def _manifest(self, envelope: etree._Element) -> tuple[list[Linked], str]:
        body = _child(envelope, "edXMLBody")
        if body is None:
            return [], "1.0"
        self.fields.note_name(body)
        self.keep_unknown(body, ("edXMLManifest",), "EDX007")
        manifest = _child(body, "edXMLManifest")
        if manifest is None:
            return [], "1.0"
        self.fields.note_name(manifest)
        entries, _ = self._linked(manifest, ManifestReference, "Reference", PREFIX)
        return entries, manifest.get("version", "1.0")

    def _attachments(self) -> tuple[list[Linked], frozenset[str]]:
        container = _child(self.parsed.root, "AttachmentEncoded")
        if container is None:
            return [], frozenset()
        self.fields.note_name(container, None)
        return self._linked(container, Attachment, "Attachment", None)

    def _linked(self, container: etree._Element, cls: type[ManifestReference] | type[Attachment],
                item: str, prefix: str | None) -> tuple[list[Linked], frozenset[str]]:
        """Manifest references or attachments (joined on ContentId, spec §8), with whether
        ``cid:`` was written, and the ContentIds of entries that could not be read."""
        found: list[Linked] = []
        unreadable: set[str] = set()
        for element in container:
            if local_name(element) != item:
                if isinstance(element.tag, str):
                    self.report("EDX007", f"<{local_name(element)}> in "
                                f"<{local_name(container)}> ignored", element)
                continue
            self.fields.note_name(element, prefix)
            values, invalid = self.fields.values(cls, element, item, prefix)
            had_cid = _strip_cid(values)
            model = self.fields.construct(cls, values, element, item, invalid)
            if model is not None:
                found.append((model, had_cid, element))
            elif isinstance(values.get("content_id"), str):
                unreadable.add(values["content_id"])  # present, but e.g. bad base64 (EDX404)
        return found, frozenset(unreadable)


def _strip_cid(values: dict[str, Any]) -> bool:
    content_id = values.get("content_id")
    if isinstance(content_id, str) and content_id.startswith("cid:"):
        values["content_id"] = content_id[4:]
        return True
    return False


def _structure_problem(root: etree._Element) -> str:
    if local_name(root) != "edXML":
        return f"the root element is <{local_name(root)}>, not <edXML>"
    envelope = _child(root, "edXMLEnvelope")
    if envelope is None:
        return "<edXML> has no <edXMLEnvelope>"
    if _child(envelope, "edXMLHeader") is None:
        return "<edXMLEnvelope> has no <edXMLHeader>"
    return "<edXMLHeader> has no <MessageHeader>"


def read_tree(parsed: ParsedXML, options: ValidationOptions | None = None, *,
              sniff_attachments: bool = False) -> ReadResult:
    """Read an already parsed document; never raises for content problems.

    ``sniff_attachments=True`` decodes only the start of each attachment (enough for the
    content checks): for validation after the XSD layer accepted the base64, never for
    callers who want the content.
    """
    return _PackageReader(parsed, options, sniff_attachments).run()


def _failing(result: ReadResult, strict: bool) -> list[Issue]:
    threshold = Severity.WARNING if strict else Severity.ERROR
    return [issue for issue in result.issues if issue.severity >= threshold]


def read(source: Source, *, strict: bool = False, options: ValidationOptions | None = None,
         limits: ParseLimits = DEFAULT_LIMITS) -> Package:
    """Read an edXML package (document or status) from bytes, text, a path or a binary stream.

    Deviations are in ``package.issues``. Raises :class:`~vn_egov.errors.DocumentInvalid` (with
    the report) when an error prevents reading (or any warning, with ``strict=True``), and the
    errors of :func:`vn_egov.xml.parse` for unreadable or unsafe input.
    """
    parsed = parse(source, limits=limits)
    result = read_tree(parsed, options)
    failing = _failing(result, strict)
    if result.package is None or failing:
        raise _invalid(parsed, result, failing, strict)
    return result.package


def _invalid(parsed: ParsedXML, result: ReadResult, failing: list[Issue],
             strict: bool) -> DocumentInvalid:
    from vn_egov._version import __version__

    layer = LayerResult("rules", LayerStatus.FAILED, tuple(result.issues))
    report = Report(profile_id=f"edxml-{result.kind}" if result.kind else None,
                    profile_version=None, library_version=__version__, sha256=parsed.sha256,
                    layers=(layer,), source=parsed.source,
                    fail_on=Severity.WARNING if strict else Severity.ERROR)
    first = failing[0] if failing else result.issues[0]
    # The location and XPath are attributes of the error: str() renders them once.
    return DocumentInvalid(f"cannot read the edXML package: {first.severity.value} {first.rule} "
                           f"{first.message}", report, source=parsed.source, line=first.line,
                           column=first.column, xpath=first.xpath, hint=first.hint)


def read_document(source: Source, **kwargs: Any) -> DocumentPackage:
    """Like :func:`read`, but require a document package."""
    package = read(source, **kwargs)
    if not isinstance(package, DocumentPackage):
        raise VnEgovError("the package is a status package, not a document package",
                          hint="use read() or read_status()")
    return package


def read_status(source: Source, **kwargs: Any) -> StatusPackage:
    """Like :func:`read`, but require a status package."""
    package = read(source, **kwargs)
    if not isinstance(package, StatusPackage):
        raise VnEgovError("the package is a document package, not a status package",
                          hint="use read() or read_document()")
    return package
