"""The verification of a PDF as text for people, in the current language (``vn_egov.i18n``).

TT 15/2025/TT-BKHCN asks verification software to show the signer, the signing time and the
integrity of the document in Vietnamese: ``with language("vi")`` (or ``--lang vi``) does.

>>> from vn_egov.i18n import language
>>> from vn_egov.signature.pdf.result import PdfVerificationResult
>>> with language("vi"):
...     render_text(PdfVerificationResult(source="a.pdf"))[0]
'a.pdf: KHÔNG ĐƯỢC CHẤP NHẬN (0 chữ ký)'
"""

from __future__ import annotations

from vn_egov.i18n import tr
from vn_egov.signature.pdf.appearance import iso_time
from vn_egov.signature.pdf.result import (
    Coverage,
    Modification,
    PdfSignatureResult,
    PdfVerificationResult,
    SignatureKind,
    SignerRole,
    TimeSource,
)
from vn_egov.signature.trust import TrustState

__all__ = ["render_text"]


def _verdict(result: PdfVerificationResult) -> str:
    if result.trusted:
        return tr("VALID and TRUSTED")
    if result.intact:
        return tr("VALID, certificate NOT TRUSTED")
    return tr("NOT ACCEPTED")


def _role(role: SignerRole) -> str:
    return {SignerRole.PERSONAL: tr("personal signature (competent person)"),
            SignerRole.AGENCY_SEAL: tr("agency seal"),
            SignerRole.UNKNOWN: tr("signing role unknown")}[role]


def _integrity(sig: PdfSignatureResult) -> str:
    if not (sig.intact and sig.signature_valid):
        return tr("NOT intact: the signed content was changed")
    if sig.coverage is Coverage.PARTIAL:
        return tr("NOT intact: the signature covers only part of the file")
    changes = {
        Modification.NONE: tr("intact, no change after signing"),
        Modification.VALIDATION_DATA: tr("intact; validation data added after signing"),
        Modification.LATER_SIGNATURES: tr("intact; later signatures added"),
        Modification.FORM_FILLING: tr("intact; form fields filled in after signing"),
        Modification.ANNOTATIONS: tr("intact; annotations added after signing"),
        Modification.DISALLOWED: tr("NOT intact: content changed after signing"),
    }
    return changes[sig.modification]


def _trust(sig: PdfSignatureResult) -> str:
    return {TrustState.TRUSTED: tr("trusted (path to a configured root, revocation {status})",
                                   status=sig.revocation.describe()),
            TrustState.UNTRUSTED: tr("NOT trusted ({reason})",
                                     reason=sig.subindication or sig.indication),
            TrustState.NOT_CHECKED: tr("not checked (no trust anchor configured)")}[sig.trust]


def _time(sig: PdfSignatureResult) -> str:
    if sig.signing_time is None:
        return tr("unknown")
    when = iso_time(sig.signing_time)
    if sig.time_source is TimeSource.TIMESTAMP:
        return tr("{time} (proven by a trusted timestamp)", time=when)
    return tr("{time} (claimed by the signer, not proven)", time=when)


def _signature_lines(sig: PdfSignatureResult) -> list[str]:
    kind = (tr("document timestamp") if sig.kind is SignatureKind.DOCUMENT_TIMESTAMP
            else _role(sig.role))
    lines = [tr("Signature {index} ({field}): {kind}", index=sig.index, field=sig.field,
                kind=kind)]
    who = sig.identity
    if who is not None:
        lines.append("  " + tr("Signer: {name}", name=who.common_name or who.rfc4514))
        if who.title:
            lines.append("  " + tr("Title: {title}", title=who.title))
        if who.organization:
            lines.append("  " + tr("Organisation: {organization}",
                                   organization=who.organization))
        lines += ["  " + tr("Identifier {kind}: {value}", kind=kind_, value=value)
                  for kind_, value in who.identifiers]
    lines.append("  " + tr("Signing time: {time}", time=_time(sig)))
    lines.append("  " + tr("Integrity: {state}", state=_integrity(sig)))
    lines.append("  " + tr("Certificate: {state}", state=_trust(sig)))
    if sig.kind is SignatureKind.SIGNATURE:
        lines.append("  " + tr("PAdES level: {level}; algorithms: {digest}, {signature}, key "
                               "{key}", level=sig.level.value, digest=sig.digest_algorithm,
                               signature=sig.signature_algorithm, key=sig.key))
    return lines


def render_text(result: PdfVerificationResult) -> list[str]:
    """Lines describing *result*: the verdict, then per signature the signer, the signing time,
    the integrity and the certificate, then every finding."""
    lines = [tr("{source}: {verdict} ({count} signature(s))", source=result.source or "PDF",
                verdict=_verdict(result), count=len(result.signatures))]
    for sig in result.signatures:
        lines += _signature_lines(sig)
    lines += ["  " + issue.format() for issue in result.all_issues]
    return lines
