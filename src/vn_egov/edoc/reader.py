"""The tolerant reader: every dialect in, typed models out, each deviation reported.

The envelope is not walked by hand: the package models declare where each part sits
(``edXMLEnvelope/edXMLHeader/MessageHeader`` ...), and :class:`~vn_egov.edoc.fields.FieldReader`
reads them from those declarations, as it reads every other model.

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
from functools import cache
from typing import Any, Literal

from lxml import etree

from vn_egov.edoc import checks
from vn_egov.edoc.fields import FieldReader
from vn_egov.edoc.mapping import mapping_of
from vn_egov.edoc.models import DocumentHeader, DocumentPackage, StatusHeader, StatusPackage
from vn_egov.errors import DocumentInvalid, VnEgovError
from vn_egov.i18n import tr
from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.profile import ValidationOptions
from vn_egov.validation.result import ResultMixin, failing_report
from vn_egov.xml import DEFAULT_LIMITS, ParsedXML, ParseLimits, local_name, locating, parse
from vn_egov.xml.parser import Source

__all__ = ["ReadResult", "detect_kind", "message_header", "read", "read_document",
           "read_status", "read_tree"]

Kind = Literal["document", "status"]
Package = DocumentPackage | StatusPackage
PACKAGES: dict[Kind, type[Package]] = {"document": DocumentPackage, "status": StatusPackage}


@dataclass
class ReadResult(ResultMixin):
    """What reading produced: the package (``None`` when it could not be built) and the issues
    (a :class:`~vn_egov.validation.Result`).

    ``valid``: a package was built and no issue reaches ``fail_on`` (``ERROR``; ``WARNING``
    when read strictly). ``raise_if_invalid()`` raises
    :class:`~vn_egov.errors.DocumentInvalid` with the issues, as :func:`read` does.
    """

    kind: Kind | None
    package: Package | None
    issues: list[Issue] = field(default_factory=list)
    source: str | None = None
    sha256: str | None = None
    fail_on: Severity = Severity.ERROR

    @property
    def valid(self) -> bool:
        """A package was built and no issue reaches ``fail_on``."""
        return self.package is not None and not self.failing

    @property
    def failing(self) -> list[Issue]:
        """The issues at or above ``fail_on``."""
        return [issue for issue in self.issues if issue.severity >= self.fail_on]

    def invalid_error(self) -> DocumentInvalid:
        """:class:`~vn_egov.errors.DocumentInvalid` with a report of the issues."""
        report = failing_report(self.issues, source=self.source, sha256=self.sha256,
                                profile_id=f"edxml-{self.kind}" if self.kind else None,
                                fail_on=self.fail_on)
        return DocumentInvalid.from_report(report)


@cache
def _header_names() -> tuple[tuple[str, ...], frozenset[str], frozenset[str], frozenset[str]]:
    """From the declarations: the path to the message header, the names it may have, and
    the child names only a document header and only a status header declare."""
    document = mapping_of(DocumentPackage).slot_of("header")
    status = mapping_of(StatusPackage).slot_of("header")
    path = (DocumentPackage.XML_ROOT, *document.xml.at)
    names = frozenset(document.xml.names) | frozenset(status.xml.names)

    def children(cls: type[DocumentHeader] | type[StatusHeader]) -> frozenset[str]:
        return frozenset(name for slot in mapping_of(cls).root.slots() for name in slot.xml.names)

    doc_names, status_names = children(DocumentHeader), children(StatusHeader)
    return path, names, doc_names - status_names, status_names - doc_names


def _child(element: etree._Element, names: frozenset[str] | tuple[str, ...]
           ) -> etree._Element | None:
    return next((c for c in element if isinstance(c.tag, str) and local_name(c) in names), None)


def message_header(root: etree._Element) -> etree._Element | None:
    """The ``MessageHeader`` (or Bkav ``Status``) element of a package, ``None`` when absent."""
    path, names, _, _ = _header_names()
    if local_name(root) != path[0]:
        return None
    element: etree._Element | None = root
    for step in path[1:]:
        element = _child(element, (step,)) if element is not None else None
    return _child(element, names) if element is not None else None


def detect_kind(root: etree._Element) -> Kind | None:
    """``"document"`` or ``"status"`` from the structure, ``None`` when it is not edXML.

    The header is a document header when it holds more children that only a document header
    declares than children only a status header declares (a tie with some goes to document):
    so that a status package missing its StatusCode is still read, and reported, as one.

    >>> detect_kind(etree.fromstring(b"<edXML><edXMLEnvelope><edXMLHeader><MessageHeader>"
    ...     b"<StatusCode>01</StatusCode></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"))
    'status'
    """
    message = message_header(root)
    if message is None:
        return None
    if local_name(message) in _status_aliases():
        return "status"
    _, _, document_only, status_only = _header_names()
    document = status = 0
    for child in message:
        tag = child.tag
        if isinstance(tag, str):
            name = tag.rpartition("}")[2]
            if name in document_only:
                document += 1
            elif name in status_only:
                status += 1
    return "document" if document > status or (document and document == status) else "status"


@cache
def _status_aliases() -> frozenset[str]:
    """The other names of a status header (Bkav ``Status``), from the declarations."""
    return frozenset(alias for alias, _rule in
                     mapping_of(StatusPackage).slot_of("header").xml.aliases)


def _structure_problem(root: etree._Element) -> str:
    path, _, _, _ = _header_names()
    if local_name(root) != path[0]:
        return tr("the root element is <{name}>, not <{expected}>", name=local_name(root),
                  expected=path[0])
    element = root
    for step in (*path[1:], "MessageHeader"):
        found = _child(element, (step,))
        if found is None:
            return tr("<{parent}> has no <{child}>", parent=local_name(element), child=step)
        element = found
    return tr("<{parent}> has no <{child}>", parent=path[-1], child="MessageHeader")


class _PackageReader:
    def __init__(self, parsed: ParsedXML, options: ValidationOptions | None,
                 sniff_attachments: bool = False) -> None:
        self.parsed = parsed
        self.fields = FieldReader(parsed, options, sniff_attachments=sniff_attachments)

    def run(self) -> ReadResult:
        root = self.parsed.root
        kind = detect_kind(root)
        if kind is None:
            self.fields.report("EDX003", _structure_problem(root), root)
            return ReadResult(None, None, self.fields.finish(), source=self.parsed.source,
                              sha256=self.parsed.sha256)
        cls = PACKAGES[kind]
        self.fields.note_name(root, cls.XML_PREFIX)
        state = self.fields.walk(cls, root, "", cls.XML_PREFIX)
        package: Any = self.fields.construct(cls, state, root, "")
        checks.check_package(self.fields, kind, root, state.values)
        issues = self.fields.finish()
        if package is not None:
            package._issues = list(issues)
        return ReadResult(kind, package, issues, source=self.parsed.source,
                          sha256=self.parsed.sha256)


def read_tree(parsed: ParsedXML, options: ValidationOptions | None = None, *,
              sniff_attachments: bool = False) -> ReadResult:
    """Read an already parsed document; never raises for content problems (the result's
    ``raise_if_invalid()`` does; its ``fail_on`` is that of *options*).

    ``sniff_attachments=True`` decodes only the start of each attachment (enough for the
    content checks): for validation after the XSD layer accepted the base64, never for
    callers who want the content.
    """
    with locating():  # findings are located while reading; the document is released after
        result = _PackageReader(parsed, options, sniff_attachments).run()
    if options is not None:
        result.fail_on = options.threshold
    return result


def read(source: Source, *, strict: bool = False, options: ValidationOptions | None = None,
         limits: ParseLimits = DEFAULT_LIMITS) -> Package:
    """Read an edXML package (document or status) from bytes, text, a path or a binary stream.

    Deviations are in ``package.issues``. Raises :class:`~vn_egov.errors.DocumentInvalid` (with
    the report) when an error prevents reading (or any warning, with ``strict=True``), and the
    errors of :func:`vn_egov.xml.parse` for unreadable or unsafe input.
    """
    result = read_tree(parse(source, limits=limits), options)
    if strict:
        result.fail_on = Severity.WARNING
    package = result.raise_if_invalid().package
    assert package is not None  # a valid result has its package
    return package


def read_document(source: Source, *, strict: bool = False,
                  options: ValidationOptions | None = None,
                  limits: ParseLimits = DEFAULT_LIMITS) -> DocumentPackage:
    """Like :func:`read`, but require a document package."""
    package = read(source, strict=strict, options=options, limits=limits)
    if not isinstance(package, DocumentPackage):
        raise VnEgovError(tr("the package is a status package, not a document package"),
                          hint=tr("use read() or read_status()"))
    return package


def read_status(source: Source, *, strict: bool = False,
                options: ValidationOptions | None = None,
                limits: ParseLimits = DEFAULT_LIMITS) -> StatusPackage:
    """Like :func:`read`, but require a status package."""
    package = read(source, strict=strict, options=options, limits=limits)
    if not isinstance(package, StatusPackage):
        raise VnEgovError(tr("the package is a document package, not a status package"),
                          hint=tr("use read() or read_document()"))
    return package
