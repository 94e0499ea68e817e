"""Validation profiles ``edxml-document`` and ``edxml-status``: XSD, then the edXML rules,
then (when asked) the signature.

>>> from vn_egov.validation import check
>>> check(b"<edXML xmlns='http://www.mic.gov.vn/TBT/QCVN_102_2016'/>").profile_id
'edxml-document'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from vn_egov.edoc import rules as _rules  # noqa: F401 - registers the EDX rules
from vn_egov.edoc.names import NS, qname
from vn_egov.edoc.reader import detect_kind, read_tree
from vn_egov.i18n import tr
from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.profile import (
    Profile,
    Readable,
    ReducedCopy,
    ValidationContext,
    ValidationOptions,
)
from vn_egov.validation.xsd import XSD_VALID, XsdLayer
from vn_egov.xml import local_name

__all__ = []

PROFILE_VERSION = "1.0"


class EdxmlRulesLayer:
    """Runs the tolerant reader over the tree and reports everything it found."""

    name = "rules"

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        """All EDX issues of the package (dialects, codes, consistency, linkage)."""
        cached = context.cache.get("edxml-read")
        if cached is None:
            cached = read_tree(context.parsed, context.options,
                               sniff_attachments=XSD_VALID in context.cache)
            context.cache["edxml-read"] = cached
        # In document order, so that a reader of the report walks the file from the top.
        return sorted(cached.issues, key=lambda i: (i.line or 0, i.column or 0))


class OptionalSignatureLayer:
    """Signature verification, only when ``settings["signature"]["verify"]`` is true.

    The layer itself lives in :mod:`vn_egov.signature`; it is imported only when used, so that
    validating without signatures never loads the cryptography stack.
    """

    name = "signature"

    def skip_reason(self, context: ValidationContext) -> str | None:
        """Skipped unless verification was requested (``--verify-signature``)."""
        settings: Any = context.options.settings.get("signature") or {}
        return None if settings.get("verify") else tr("signature verification not requested")

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        """Delegate to :class:`vn_egov.signature.layer.SignatureLayer`; summarise as EDX504."""
        from vn_egov.signature.layer import SignatureLayer

        issues = list(SignatureLayer().run(context))
        failing = sorted({i.rule for i in issues if i.severity is Severity.ERROR})
        signature = context.parsed.root.find(".//{*}edXMLHeader/{*}Signature")
        if failing and signature is not None:  # unsigned: SIG029 alone says so
            issues.insert(0, context.issue(
                "EDX504", tr("the signature is present but not valid or not verifiable (see "
                             "{rules})", rules=", ".join(failing)), element=signature))
        return issues


def _reduce(stream: Readable, options: ValidationOptions) -> ReducedCopy | None:
    """A large package in bounded memory (:mod:`vn_egov.edoc.large`, imported when used)."""
    from vn_egov.edoc.large import reduce_package

    return reduce_package(stream, options)


def _is_edxml(root: etree._Element) -> bool:
    return local_name(root) == "edXML" and etree.QName(root).namespace in (NS, None)


def _sniff_edxml(data: bytes) -> bool:
    return b"edXML" in data[:4096] and b"QCVN_102_2016" in data[:4096]


def _sniff_status(data: bytes) -> bool:
    return _sniff_edxml(data) and b"StatusCode" in data[:65536] and b":To>" not in data[:65536]


def _is_document(root: etree._Element) -> bool:
    # An edXML root whose kind cannot be told is validated (and explained) as a document.
    return _is_edxml(root) and detect_kind(root) != "status"


def _is_status(root: etree._Element) -> bool:
    return _is_edxml(root) and detect_kind(root) == "status"


DOCUMENT_PROFILE = Profile(
    id="edxml-document", version=PROFILE_VERSION,
    title="edXML document package (QCVN 102:2016/BTTTT)",
    layers=(XsdLayer("edxml/qcvn-102-2016/edxml-document.xsd",
                     base64_elements=frozenset({qname("ContentTransferEncoded")})),
            EdxmlRulesLayer(), OptionalSignatureLayer()),
    detect=_is_document, sniff=lambda data: _sniff_edxml(data) and not _sniff_status(data),
    malformed_rule="EDX001", unsafe_rule="EDX002", prolog_rule="EDX002", reduce=_reduce,
)

STATUS_PROFILE = Profile(
    id="edxml-status", version=PROFILE_VERSION,
    title="edXML status package (QCVN 102:2016/BTTTT)",
    layers=(XsdLayer("edxml/qcvn-102-2016/edxml-status.xsd"), EdxmlRulesLayer(),
            OptionalSignatureLayer()),
    detect=_is_status, sniff=_sniff_status, malformed_rule="EDX001", unsafe_rule="EDX002",
    prolog_rule="EDX002", reduce=_reduce,
)
