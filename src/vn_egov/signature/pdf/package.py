"""Signed PDF attachments of edXML packages: find them, verify them, report them.

The legally binding signatures of an agency document are usually those of the attached PDF
(the competent person and the agency seal), not the XML signature of the package. These
functions are what ``vn-egov verify``, the ``signature`` validation layer and ``vn-egov
inspect`` use for attachments.

>>> from vn_egov.edoc.demo import plan_package
>>> [name for name, _ in pdf_attachments(plan_package())]
['4547-KH-UBND.pdf']
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from vn_egov.edoc.attachments import sniff
from vn_egov.i18n import tr
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.validation import Issue

if TYPE_CHECKING:
    from vn_egov.edoc.models import DocumentPackage
    from vn_egov.signature.pdf.result import PdfVerificationResult
    from vn_egov.xml import ParsedXML

__all__ = ["attachment_issues", "pdf_attachments", "pdf_available", "verify_attachments",
           "verify_package_file", "verify_parsed_attachments", "with_attachment_signatures"]


def pdf_available() -> bool:
    """Whether the ``pdf`` extra (pyHanko) is installed."""
    try:
        import pyhanko  # noqa: F401
    except ImportError:
        return False
    return True


def pdf_attachments(package: DocumentPackage) -> Iterator[tuple[str, bytes]]:
    """``(attachment name, PDF bytes)`` for every attachment whose content is a PDF (by its
    bytes, not its label)."""
    for attachment in package.attachments:
        if sniff(attachment.data[:16]) == "pdf":
            yield attachment.name or attachment.content_id, attachment.data


def verify_attachments(package: DocumentPackage, policy: SignaturePolicy | None = None
                       ) -> list[PdfVerificationResult]:
    """Verify the signatures of every PDF attachment under *policy*. The package is an agency
    document, so a signed PDF needs both the competent person and the agency seal (PDF040).
    """
    from vn_egov.signature.pdf.verify import PdfVerifier

    verifier = PdfVerifier(policy or SignaturePolicy(), agency_document=True)
    return [verifier.verify(data, name=name) for name, data in pdf_attachments(package)]


def attachment_issues(results: list[PdfVerificationResult]) -> list[Issue]:
    """Every finding of *results*, each message prefixed with its attachment's name."""
    return [replace(issue, message=tr("attachment {name}: {message}", name=result.source,
                                      message=issue.message))
            for result in results for issue in result.all_issues]


def verify_parsed_attachments(parsed: ParsedXML, policy: SignaturePolicy) -> list[Issue]:
    """The findings about the PDF attachments of an already parsed package (the ``signature``
    validation layer); nothing for a status package or when the pdf extra is missing."""
    if not pdf_available():
        return []
    from vn_egov.edoc.models import DocumentPackage
    from vn_egov.edoc.reader import read_tree

    package = read_tree(parsed).package
    if not isinstance(package, DocumentPackage):
        return []
    return attachment_issues(verify_attachments(package, policy))


def verify_package_file(source: str | os.PathLike[str], policy: SignaturePolicy, *,
                        verified_xml: bytes | None = None) -> list[PdfVerificationResult]:
    """``vn-egov verify PACKAGE``: the PDF attachments of the package at *source*, verified.

    *verified_xml*: the octets the package's XML signature verified; when given, the
    attachments are read from them (what was signed), not from the file again. Nothing when
    the pdf extra is missing, for a status package, or when the package cannot be read (the
    XML verification reports that).
    """
    if not pdf_available():
        return []
    from vn_egov.edoc import read
    from vn_egov.edoc.models import DocumentPackage
    from vn_egov.errors import VnEgovError

    try:
        package = read(verified_xml if verified_xml is not None else source)
    except VnEgovError:
        return []
    if not isinstance(package, DocumentPackage):
        return []
    return verify_attachments(package, policy)


def with_attachment_signatures(summary: dict[str, Any], package: object) -> dict[str, Any]:
    """``inspect``: *summary* (of :func:`vn_egov.edoc.summary.summarize`) with a
    ``signatures`` list in each PDF attachment's entry (unchanged without the pdf extra)."""
    from vn_egov.edoc.models import DocumentPackage

    if not pdf_available() or not isinstance(package, DocumentPackage):
        return summary
    found = attachment_signatures(package)
    for entry in summary.get("attachments", ()):
        if entry.get("name") in found:
            entry["signatures"] = found[entry["name"]]
    return summary


def attachment_signatures(package: DocumentPackage) -> dict[str, list[dict[str, Any]]]:
    """For ``inspect``: each PDF attachment's signatures (signer, role, time, level, integrity),
    read without trust anchors (``trust`` is ``not_checked``)."""
    return {str(result.source): [_summary(sig) for sig in result.signatures]
            for result in verify_attachments(package)}


def _summary(sig: Any) -> dict[str, Any]:
    data = sig.to_dict()
    keep = ("index", "field", "kind", "role", "signer", "signing_time", "time_source", "level",
            "subfilter", "intact", "signature_valid", "coverage", "modification", "trust")
    summary = {key: data[key] for key in keep}
    if summary["signer"] is not None:
        signer = summary["signer"]
        summary["signer"] = {key: signer[key] for key in (
            "common_name", "title", "organization", "identifiers", "serial", "issuer")}
    return summary
