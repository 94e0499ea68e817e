"""The outcome of a verification: :class:`VerificationResult` (immutable).

Principle 5 of the design: callers read only ``signed_xml`` (the canonical octets that were
digested and verified) after verification, never the input document. ``signed_xml`` is
``None`` unless the signature is cryptographically valid.

>>> result = VerificationResult(CryptoState.UNSIGNED, TrustState.NOT_CHECKED)
>>> result.valid, result.signed_xml, result.to_dict()["crypto"]
(False, None, 'unsigned')
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from vn_egov.signature.certificates import SubjectIdentity, subject_string
from vn_egov.signature.trust import TrustState
from vn_egov.validation import Issue, Severity
from vn_egov.xml import ParsedXML, parse

__all__ = ["TRUST_RULES", "Algorithms", "CryptoState", "SignedReference", "TrustState",
           "VerificationResult"]

#: Rules about the certificate, not the signature: they decide ``trust``, not ``valid``.
TRUST_RULES: Final = frozenset({"SIG017", "SIG018", "SIG019", "SIG022", "SIG023", "SIG024"})


class CryptoState(StrEnum):
    """Cryptographic state of the signature."""

    VALID = "valid"
    INVALID = "invalid"
    UNSIGNED = "unsigned"
    PLACEHOLDER = "placeholder"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class Algorithms:
    """The algorithm URIs the signature uses."""

    canonicalization: str
    signature: str
    digests: tuple[str, ...] = ()
    transforms: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"canonicalization": self.canonicalization, "signature": self.signature,
                "digests": list(self.digests), "transforms": list(self.transforms)}


@dataclass(frozen=True, slots=True)
class SignedReference:
    """One verified Reference: its URI and the exact octets whose digest matched."""

    uri: str
    data: bytes


def _certificate_dict(cert: x509.Certificate) -> dict[str, Any]:
    from vn_egov.signature.certificates import identity_of

    return {
        "subject": subject_string(cert), "issuer": cert.issuer.rfc4514_string(),
        "serial": f"{cert.serial_number:x}",
        "not_before": cert.not_valid_before_utc.isoformat(),
        "not_after": cert.not_valid_after_utc.isoformat(),
        "identity": identity_of(cert).to_dict(),
        "pem": cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    }


@dataclass(frozen=True)
class VerificationResult:
    """Everything a verification found.

    * ``crypto`` / ``trust``: the two states; ``valid`` requires a valid signature and no
      error-severity issue, ``trusted`` additionally a trusted chain.
    * ``signed_references`` / ``signed_xml``: only what was verified.
    * ``certificate``, ``chain`` (leaf first, anchor last when trusted), ``identity``.
    * ``signed_at``: a ``SigningTime`` claimed inside the Signature, when present. It is the
      signer's claim: ``signed_at_covered`` says whether a verified Reference covers it.
    """

    crypto: CryptoState
    trust: TrustState
    issues: tuple[Issue, ...] = ()
    signed_references: tuple[SignedReference, ...] = ()
    certificate: x509.Certificate | None = None
    chain: tuple[x509.Certificate, ...] = ()
    identity: SubjectIdentity | None = None
    algorithms: Algorithms | None = None
    signed_at: str | None = None
    signed_at_covered: bool = False
    source: str | None = None

    @property
    def valid(self) -> bool:
        """Cryptographically valid and no policy error (certificate findings decide
        ``trust`` instead)."""
        return self.crypto is CryptoState.VALID and not any(
            issue.severity is Severity.ERROR and issue.rule not in TRUST_RULES
            for issue in self.issues)

    @property
    def trusted(self) -> bool:
        """Valid and the certificate chains to a configured anchor without problems."""
        return self.valid and self.trust is TrustState.TRUSTED

    @property
    def signed_xml(self) -> bytes | None:
        """The verified octets of the single Reference (``None`` if not valid or several)."""
        if not self.valid or len(self.signed_references) != 1:
            return None
        return self.signed_references[0].data

    def signed_tree(self) -> ParsedXML:
        """``signed_xml`` parsed with the hardened parser; ``ValueError`` when there is none."""
        data = self.signed_xml
        if data is None:
            raise ValueError(f"no verified content (crypto state {self.crypto.value})")
        return parse(data, source_name=self.source)

    def rule_ids(self) -> list[str]:
        """Sorted distinct rule ids of the issues."""
        return sorted({issue.rule for issue in self.issues})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the CLI's ``--format json``)."""
        return {
            "valid": self.valid, "trusted": self.trusted, "crypto": self.crypto.value,
            "trust": self.trust.value, "source": self.source,
            "signer": None if self.certificate is None else {
                **(self.identity.to_dict() if self.identity else {}),
                "serial": f"{self.certificate.serial_number:x}",
                "issuer": self.certificate.issuer.rfc4514_string(),
            },
            "chain": [_certificate_dict(cert) for cert in self.chain],
            "algorithms": None if self.algorithms is None else self.algorithms.to_dict(),
            "signed_at": self.signed_at, "signed_at_covered": self.signed_at_covered,
            "references": [{"uri": ref.uri, "sha256_of_octets": _sha256(ref.data)}
                           for ref in self.signed_references],
            "issues": [issue.to_dict() for issue in self.issues],
        }


def _sha256(data: bytes) -> str:
    import hashlib

    return base64.b16encode(hashlib.sha256(data).digest()).decode("ascii").lower()
