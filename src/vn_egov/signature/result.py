"""The outcome of a verification: :class:`VerificationResult` (immutable).

One verdict decides whether a package may be used: :attr:`VerificationResult.trusted_valid`
(the signature is intact, the signer is trusted under the policy and, when asked, bound to the
sender). :attr:`~VerificationResult.signature_intact` says only that the signed content was not
changed since a key signed it, whoever owns the key.

Callers then read only what was signed: :attr:`~VerificationResult.signed_xml`, the canonical
octets that were digested and verified, never the input document. It is ``None`` unless the
verdict is positive; an explicit ``accept_untrusted=True`` opens the content of an intact
signature whose signer the policy does not trust (for inspection, never for processing).

>>> result = VerificationResult(CryptoState.UNSIGNED, TrustState.NOT_CHECKED)
>>> result.trusted_valid, result.signed_xml, result.to_dict()["crypto"]
(False, None, 'unsigned')
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from vn_egov.i18n import tr
from vn_egov.signature.certificates import SubjectIdentity, subject_string
from vn_egov.signature.trust import TrustState
from vn_egov.validation import Issue, Severity
from vn_egov.validation.result import ResultMixin
from vn_egov.xml import ParsedXML, parse

if TYPE_CHECKING:
    from vn_egov.errors import VnEgovError

__all__ = ["TRUST_RULES", "Algorithms", "CryptoState", "SignedReference", "TrustState",
           "VerificationResult", "state_label"]

#: Rules about the certificate and the signer, not the signature: they decide ``trust`` and
#: the verdict, not ``signature_intact``.
TRUST_RULES: Final = frozenset({"SIG017", "SIG018", "SIG019", "SIG022", "SIG023", "SIG024",
                                "SIG025", "SIG026", "SIG027", "SIG028"})


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
class VerificationResult(ResultMixin):
    """Everything a verification found (a :class:`~vn_egov.validation.Result`: ``valid`` is
    the verdict, :attr:`trusted_valid`).

    * ``crypto`` / ``trust``: the two states; :attr:`signature_intact` and
      :attr:`trusted_valid` combine them with the findings.
    * ``certificate``, ``chain`` (leaf first, anchor last when trusted), ``identity``: the
      signer as its certificate names it (only as trustworthy as ``trust``).
    * ``signed_at``: a ``SigningTime`` claimed inside the Signature. ``signed_at_covered``
      says whether a verified reference actually digested it (an enveloped reference never
      does: it removes the Signature).
    * ``sender`` / ``sender_bound``: the ``From/OrganId`` of the signed content and whether
      the signer belongs to it (``None``: not checked).
    * :attr:`signed_xml`, :meth:`signed_content`, :meth:`signed_tree`: only what was
      verified, and only for a positive verdict unless opened explicitly.
    """

    crypto: CryptoState
    trust: TrustState
    issues: tuple[Issue, ...] = ()
    certificate: x509.Certificate | None = None
    chain: tuple[x509.Certificate, ...] = ()
    identity: SubjectIdentity | None = None
    algorithms: Algorithms | None = None
    signed_at: str | None = None
    signed_at_covered: bool = False
    sender: str | None = None
    sender_bound: bool | None = None
    source: str | None = None
    _verified: tuple[SignedReference, ...] = field(default=(), repr=False)

    @property
    def signature_intact(self) -> bool:
        """The signature value and every digest match and the policy allows the
        construction (no error outside the certificate rules). Says nothing about who
        signed: see :attr:`trusted_valid`."""
        return self.crypto is CryptoState.VALID and not any(
            issue.severity is Severity.ERROR and issue.rule not in TRUST_RULES
            for issue in self.issues)

    @property
    def trusted_valid(self) -> bool:
        """**The verdict**: intact, the signer's certificate path is trusted under the policy
        (anchor, validity, revocation, usage, algorithms) and no finding is an error (so the
        signer is bound to the sender when that was asked)."""
        return (self.signature_intact and self.trust is TrustState.TRUSTED
                and not any(issue.severity is Severity.ERROR for issue in self.issues))

    @property
    def valid(self) -> bool:
        """The verdict of the :class:`~vn_egov.validation.Result` protocol: the same as
        :attr:`trusted_valid` (intact *and* trusted), never the signature alone."""
        return self.trusted_valid

    def raise_if_invalid(self, *, require_trust: bool = True) -> VerificationResult:
        """This result when the verdict is positive, else raise why; with
        ``require_trust=False`` an intact signature whose signer is not trusted passes.

        :class:`~vn_egov.errors.PolicyViolation` for refused constructions (SIG001-SIG012),
        :class:`~vn_egov.errors.InvalidSignature` when unsigned, a placeholder or not
        matching, :class:`~vn_egov.errors.UntrustedCertificate` when the signer is not
        trusted (or not bound to the sender).

        >>> VerificationResult(CryptoState.UNSIGNED, TrustState.NOT_CHECKED).raise_if_invalid()
        Traceback (most recent call last):
        ...
        vn_egov.errors.InvalidSignature: the document is not signed (state unsigned) ...
        """
        error = self._refusal(require_trust)
        if error is not None:
            raise error
        return self

    def invalid_error(self) -> VnEgovError:
        """The error :meth:`raise_if_invalid` raises for a negative verdict."""
        from vn_egov.errors import InvalidSignature

        return self._refusal(require_trust=True) or InvalidSignature(
            tr("signature is {state}: {detail}", state=self.crypto.value, detail="-"),
            source=self.source)

    def _refusal(self, require_trust: bool) -> VnEgovError | None:
        from vn_egov.errors import InvalidSignature, PolicyViolation, UntrustedCertificate
        from vn_egov.signature.trust import TRUST_BREAKING
        from vn_egov.signature.verifier import _POLICY_RULES

        errors = [i for i in self.issues if i.severity is Severity.ERROR]
        summary = "; ".join(f"{i.rule} {i.message}" for i in errors[:3])
        if any(i.rule in _POLICY_RULES for i in errors):
            return PolicyViolation(tr("signature refused by policy: {summary}",
                                      summary=summary), source=self.source,
                                   hint=errors[0].hint)
        if self.crypto in (CryptoState.UNSIGNED, CryptoState.PLACEHOLDER):
            return InvalidSignature(tr("the document is not signed (state {state})",
                                       state=self.crypto.value),
                                    source=self.source, hint=tr("sign it with vn-egov sign"))
        if not self.signature_intact:
            detail = summary or "; ".join(f"{i.rule} {i.message}" for i in self.issues[:3])
            return InvalidSignature(tr("signature is {state}: {detail}",
                                       state=self.crypto.value, detail=detail),
                                    source=self.source)
        if require_trust and not self.trusted_valid:
            problems = "; ".join(f"{i.rule} {i.message}" for i in self.issues
                                 if i.rule in TRUST_BREAKING) or tr("no trust anchors")
            return UntrustedCertificate(
                tr("signer certificate is {state}: {problems}", state=self.trust.value,
                   problems=problems),
                source=self.source,
                hint=tr("configure trust anchors (--trust) and intermediates"))
        return None

    def references(self, *, accept_untrusted: bool = False) -> tuple[SignedReference, ...]:
        """The verified references: for a positive verdict, or an intact signature when
        *accept_untrusted* (content whose signer the policy does not trust)."""
        if self.trusted_valid or (accept_untrusted and self.signature_intact):
            return self._verified
        return ()

    @property
    def signed_references(self) -> tuple[SignedReference, ...]:
        """The verified references of a positive verdict (empty otherwise)."""
        return self.references()

    def signed_content(self, *, accept_untrusted: bool = False) -> bytes | None:
        """The verified octets of the single reference (``None`` when there are several, or
        see :meth:`references` for *accept_untrusted*)."""
        references = self.references(accept_untrusted=accept_untrusted)
        return references[0].data if len(references) == 1 else None

    @property
    def signed_xml(self) -> bytes | None:
        """The verified octets of the single reference of a positive verdict, else ``None``."""
        return self.signed_content()

    def signed_tree(self, *, accept_untrusted: bool = False) -> ParsedXML:
        """:meth:`signed_content` parsed with the hardened parser; ``ValueError`` when there
        is none."""
        data = self.signed_content(accept_untrusted=accept_untrusted)
        if data is None:
            raise ValueError(tr("no verified content to use (crypto {crypto}, trust {trust})",
                                crypto=self.crypto.value, trust=self.trust.value))
        return parse(data, source_name=self.source)

    def rule_ids(self) -> list[str]:
        """Sorted distinct rule ids of the issues."""
        return sorted({issue.rule for issue in self.issues})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the CLI's ``--format json``)."""
        return {
            "trusted_valid": self.trusted_valid, "signature_intact": self.signature_intact,
            "crypto": self.crypto.value, "trust": self.trust.value, "source": self.source,
            "signer": None if self.certificate is None else {
                **(self.identity.to_dict() if self.identity else {}),
                "serial": f"{self.certificate.serial_number:x}",
                "issuer": self.certificate.issuer.rfc4514_string(),
            },
            "sender": None if self.sender_bound is None else {
                "organ_id": self.sender, "bound": self.sender_bound},
            "chain": [_certificate_dict(cert) for cert in self.chain],
            "algorithms": None if self.algorithms is None else self.algorithms.to_dict(),
            "signed_at": self.signed_at, "signed_at_covered": self.signed_at_covered,
            "references": [{"uri": ref.uri, "sha256_of_octets": _sha256(ref.data)}
                           for ref in self._verified],
            "issues": [issue.to_dict() for issue in self.issues],
        }


def state_label(value: str) -> str:
    """A crypto or trust state (``"valid"``, ``"not_checked"`` ...) in the reader's language,
    for text output; JSON keeps the values themselves.

    >>> state_label("not_checked")
    'not checked'
    """
    labels = {"valid": tr("valid"), "invalid": tr("invalid"), "unsigned": tr("unsigned"),
              "placeholder": tr("placeholder"), "unverifiable": tr("unverifiable"),
              "trusted": tr("trusted"), "untrusted": tr("untrusted"),
              "not_checked": tr("not checked")}
    return labels.get(value, value)


def _sha256(data: bytes) -> str:
    return base64.b16encode(hashlib.sha256(data).digest()).decode("ascii").lower()
