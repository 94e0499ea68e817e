"""The outcome of verifying a PDF: one frozen :class:`PdfSignatureResult` per signature and a
:class:`PdfVerificationResult` for the document.

Importing this module needs no pyHanko: results can be built, serialised and rendered anywhere.

>>> result = PdfVerificationResult(source="a.pdf")
>>> result.valid, result.trusted, result.to_dict()["signatures"]
(False, False, [])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cryptography import x509

from vn_egov.i18n import tr
from vn_egov.signature.certificates import SubjectIdentity, identity_of, subject_string
from vn_egov.signature.pdf.rules import TRUST_RULES
from vn_egov.signature.trust import TrustState
from vn_egov.validation import Issue, Severity
from vn_egov.validation.result import ResultMixin

if TYPE_CHECKING:
    from vn_egov.errors import VnEgovError

__all__ = [
    "Appearance",
    "Coverage",
    "Modification",
    "PadesLevel",
    "PdfSignatureResult",
    "PdfVerificationResult",
    "RevocationStatus",
    "SignatureKind",
    "SignerRole",
    "TimeSource",
    "TimestampInfo",
    "TrustState",
]


class SignatureKind(StrEnum):
    """An approval signature (``/Sig``) or a document timestamp (``/DocTimeStamp``)."""

    SIGNATURE = "signature"
    DOCUMENT_TIMESTAMP = "document_timestamp"


class Coverage(StrEnum):
    """What the signature's ByteRange covers."""

    ENTIRE_FILE = "entire_file"
    ENTIRE_REVISION = "entire_revision"
    PARTIAL = "partial"


class Modification(StrEnum):
    """What changed after the signature, from the least to the most serious.

    ``validation_data`` (DSS, document timestamps), ``later_signatures`` (signature fields filled
    by later signers), ``form_filling`` and ``annotations`` are allowed by the default
    permissions of ISO 32000-1 (a certification signature may forbid some: then they are
    ``disallowed``).
    """

    NONE = "none"
    VALIDATION_DATA = "validation_data"
    LATER_SIGNATURES = "later_signatures"
    FORM_FILLING = "form_filling"
    ANNOTATIONS = "annotations"
    DISALLOWED = "disallowed"

    def describe(self) -> str:
        """The kind of change in words, in the current language.

        >>> Modification.FORM_FILLING.describe()
        'form fields filled in'
        """
        return {Modification.NONE: tr("no change"),
                Modification.VALIDATION_DATA: tr("validation data added"),
                Modification.LATER_SIGNATURES: tr("later signatures added"),
                Modification.FORM_FILLING: tr("form fields filled in"),
                Modification.ANNOTATIONS: tr("annotations added"),
                Modification.DISALLOWED: tr("content changed")}[self]


class PadesLevel(StrEnum):
    """The PAdES baseline level reached (ETSI EN 319 142-1); ``none`` for legacy formats or an
    invalid signature."""

    NONE = "none"
    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"


class SignerRole(StrEnum):
    """Who signed, read from the certificate (TT 41/2017/TT-BTTTT): the competent person with a
    personal certificate, or the agency with its seal certificate."""

    PERSONAL = "personal"
    AGENCY_SEAL = "agency_seal"
    UNKNOWN = "unknown"


class TimeSource(StrEnum):
    """Where the signing time comes from: a trusted RFC 3161 timestamp, or the signer's claim."""

    TIMESTAMP = "timestamp"
    CLAIMED = "claimed"


class RevocationStatus(StrEnum):
    """Revocation of the signer's certificate path."""

    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    NOT_CHECKED = "not_checked"

    def describe(self) -> str:
        """The status in words, in the current language.

        >>> RevocationStatus.GOOD.describe()
        'not revoked'
        """
        return {RevocationStatus.GOOD: tr("not revoked"), RevocationStatus.REVOKED: tr("revoked"),
                RevocationStatus.UNKNOWN: tr("unknown"),
                RevocationStatus.NOT_CHECKED: tr("not checked")}[self]


@dataclass(frozen=True, slots=True)
class TimestampInfo:
    """An RFC 3161 timestamp: its time, whether it verifies and whether its TSA is trusted."""

    time: dt.datetime
    valid: bool
    trusted: bool
    tsa: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"time": self.time.isoformat(), "valid": self.valid, "trusted": self.trusted,
                "tsa": self.tsa}


@dataclass(frozen=True, slots=True)
class Appearance:
    """Where a signature is shown: 1-based page and rectangle in PDF points (x1, y1, x2, y2).

    >>> Appearance(1, (0, 0, 10, 10)).overlaps(Appearance(1, (5, 5, 20, 20)))
    True
    """

    page: int
    rect: tuple[float, float, float, float]

    @property
    def visible(self) -> bool:
        """A rectangle with an area (a zero rectangle is an invisible signature)."""
        x1, y1, x2, y2 = self.rect
        return abs(x2 - x1) > 0 and abs(y2 - y1) > 0

    def overlaps(self, other: Appearance) -> bool:
        """Both visible, on the same page, and the rectangles intersect."""
        if self.page != other.page or not (self.visible and other.visible):
            return False
        ax1, ay1, ax2, ay2 = _normal(self.rect)
        bx1, by1, bx2, by2 = _normal(other.rect)
        return ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"page": self.page, "rect": list(self.rect), "visible": self.visible}


def _normal(rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = rect
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _certificate_dict(cert: x509.Certificate) -> dict[str, Any]:
    return {"subject": subject_string(cert), "issuer": cert.issuer.rfc4514_string(),
            "serial": f"{cert.serial_number:x}",
            "not_before": cert.not_valid_before_utc.isoformat(),
            "not_after": cert.not_valid_after_utc.isoformat()}


@dataclass(frozen=True)
class PdfSignatureResult:
    """Everything found about one signature or document timestamp of a PDF.

    * ``intact``: the digest of the ByteRange matches the signed digest; ``signature_valid``:
      the signature value verifies with the certificate; ``coverage`` and ``modification``:
      what the ByteRange covers and what changed after signing.
    * ``trust``, ``indication``/``subindication`` (ETSI EN 319 102-1 terms, e.g.
      ``INDETERMINATE``/``OUT_OF_BOUNDS_NO_POE``), ``revocation``, ``chain`` (leaf first).
    * ``signing_time`` and ``time_source``: a trusted signature timestamp when there is one,
      else the signer's claim (``claimed_time``).
    * ``role``, ``identity``: the Vietnamese reading of the certificate subject.
    """

    index: int
    field: str
    kind: SignatureKind
    subfilter: str | None
    revision: int
    intact: bool
    signature_valid: bool
    coverage: Coverage
    modification: Modification
    trust: TrustState
    indication: str
    subindication: str | None = None
    certificate: x509.Certificate | None = None
    chain: tuple[x509.Certificate, ...] = ()
    identity: SubjectIdentity | None = None
    role: SignerRole = SignerRole.UNKNOWN
    revocation: RevocationStatus = RevocationStatus.NOT_CHECKED
    signing_time: dt.datetime | None = None
    time_source: TimeSource | None = None
    claimed_time: dt.datetime | None = None
    timestamp: TimestampInfo | None = None
    level: PadesLevel = PadesLevel.NONE
    digest_algorithm: str | None = None
    signature_algorithm: str | None = None
    key: str | None = None
    appearance: Appearance | None = None
    issues: tuple[Issue, ...] = ()

    @property
    def valid(self) -> bool:
        """Intact, cryptographically valid, covering its revision, only allowed changes after
        it, and no error outside the certificate findings (those decide ``trusted``)."""
        return (self.intact and self.signature_valid and self.coverage is not Coverage.PARTIAL
                and self.modification is not Modification.DISALLOWED
                and not any(issue.severity is Severity.ERROR and issue.rule not in TRUST_RULES
                            for issue in self.issues))

    @property
    def trusted(self) -> bool:
        """Valid, and the certificate path to a configured anchor was accepted."""
        return self.valid and self.trust is TrustState.TRUSTED

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the CLI's ``--format json``)."""
        return {
            "index": self.index, "field": self.field, "kind": self.kind.value,
            "valid": self.valid, "trusted": self.trusted, "intact": self.intact,
            "signature_valid": self.signature_valid, "subfilter": self.subfilter,
            "revision": self.revision, "coverage": self.coverage.value,
            "modification": self.modification.value, "trust": self.trust.value,
            "indication": self.indication, "subindication": self.subindication,
            "level": self.level.value, "role": self.role.value,
            "signer": None if self.certificate is None else {
                **(self.identity or identity_of(self.certificate)).to_dict(),
                "serial": f"{self.certificate.serial_number:x}",
                "issuer": self.certificate.issuer.rfc4514_string()},
            "chain": [_certificate_dict(cert) for cert in self.chain],
            "revocation": self.revocation.value,
            "signing_time": None if self.signing_time is None else self.signing_time.isoformat(),
            "time_source": None if self.time_source is None else self.time_source.value,
            "claimed_time": None if self.claimed_time is None else self.claimed_time.isoformat(),
            "timestamp": None if self.timestamp is None else self.timestamp.to_dict(),
            "algorithms": {"digest": self.digest_algorithm,
                           "signature": self.signature_algorithm, "key": self.key},
            "appearance": None if self.appearance is None else self.appearance.to_dict(),
            "issues": [issue.to_dict() for issue in self.issues],
        }


@dataclass(frozen=True)
class PdfVerificationResult(ResultMixin):
    """The signatures of one PDF, in signing order, and the document-level findings (unreadable
    file, no signature, signing roles and their order); a
    :class:`~vn_egov.validation.Result`.

    ``intact``: at least one signature and every one valid, no document-level error;
    ``trusted``: intact and every signature trusted; ``valid``: the verdict of the protocol,
    the same as ``trusted`` (never the signatures alone).
    """

    source: str | None = None
    signatures: tuple[PdfSignatureResult, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def intact(self) -> bool:
        """Signed, every signature valid, no document-level error (whoever signed)."""
        return bool(self.signatures) and all(sig.valid for sig in self.signatures) and not any(
            issue.severity is Severity.ERROR and issue.rule not in TRUST_RULES
            for issue in self.issues)

    @property
    def trusted(self) -> bool:
        """Intact and every signature trusted."""
        return self.intact and all(sig.trusted for sig in self.signatures)

    @property
    def valid(self) -> bool:
        """The verdict of the :class:`~vn_egov.validation.Result` protocol: :attr:`trusted`."""
        return self.trusted

    def invalid_error(self) -> VnEgovError:
        """:class:`~vn_egov.errors.InvalidSignature` when not :attr:`intact`, else
        :class:`~vn_egov.errors.UntrustedCertificate`; the first failing findings say why."""
        from vn_egov.errors import InvalidSignature, UntrustedCertificate

        failing = [issue for issue in self.all_issues if issue.severity is Severity.ERROR]
        detail = "; ".join(f"{i.rule} {i.message}" for i in failing[:3]) or "-"
        if not self.intact:
            return InvalidSignature(tr("the PDF signatures are not valid: {detail}",
                                       detail=detail), source=self.source)
        return UntrustedCertificate(tr("a PDF signer is not trusted: {detail}", detail=detail),
                                    source=self.source)

    @property
    def all_issues(self) -> tuple[Issue, ...]:
        """Document-level findings, then each signature's."""
        return (*self.issues, *(issue for sig in self.signatures for issue in sig.issues))

    def rule_ids(self) -> list[str]:
        """Sorted distinct rule ids of every finding."""
        return sorted({issue.rule for issue in self.all_issues})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"source": self.source, "valid": self.valid, "intact": self.intact,
                "trusted": self.trusted, "signatures": [sig.to_dict() for sig in self.signatures],
                "issues": [issue.to_dict() for issue in self.issues]}
