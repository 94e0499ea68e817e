"""What a verifier accepts: :class:`SignaturePolicy`.

The defaults follow ``signature.md`` §3.3 and TT 15/2025/TT-BKHCN: SHA-256 and stronger, RSA
≥ 2048 bits, EC ≥ 256 bits, at most 30 References and 5 Transforms each, the whole package
signed (one ``Reference URI=""`` with the enveloped transform), signer key usage
digitalSignature or nonRepudiation. Trust anchors are never taken from a system or ``certifi``
store: they must be configured.

>>> policy = SignaturePolicy()
>>> policy.allow_sha1, policy.min_rsa_bits, policy.max_references
(False, 2048, 30)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

from cryptography import x509

from vn_egov.signature.algorithms import (
    DEFAULT_DIGEST_METHODS,
    DEFAULT_SIGNATURE_METHODS,
    DIGEST_METHODS,
    SIGNATURE_METHODS,
    is_sha1,
)
from vn_egov.signature.certificates import load_certificates, load_crls

__all__ = ["KEY_USAGES", "CertificateSource", "SignaturePolicy"]

CertificateSource: TypeAlias = "bytes | str | os.PathLike[str] | Sequence[x509.Certificate]"
CrlSource: TypeAlias = "bytes | str | os.PathLike[str]"

#: Key usage flags a signer certificate may carry to be accepted (any one suffices).
KEY_USAGES = frozenset({"digital_signature", "content_commitment"})


@dataclass(frozen=True)
class SignaturePolicy:
    """The verification policy (immutable).

    * ``signature_methods`` / ``digest_methods``: allowed URIs (SHA-1 needs ``allow_sha1``).
    * ``allow_sha1``: accept SHA-1 for legacy packages, reported as a SIG006 warning.
    * ``allow_weak_keys``: accept short keys as a SIG008 warning (legacy packages only).
    * ``allow_vpcp_quirks``: accept the VPCP ``http://www.w3.org/TR/xml-exc-c14n#`` URI as
      exclusive C14N, reported as a SIG005 warning.
    * ``allow_key_value``: verify with a bare ``KeyValue`` when there is no certificate (test
      vectors, pinned keys); the signer is then unidentified and trust ``not_checked``.
    * ``trust_anchors``, ``intermediates``, ``crls``: see :meth:`from_files`.
    * ``at``: the time certificates are judged at (``None``: the time of verification).
    * ``required_key_usage``: the signer certificate needs one of these KeyUsage flags
      (``content_commitment`` is X.509's nonRepudiation).
    * ``require_whole_document``: the edXML profile, one ``Reference URI=""`` with exactly one
      enveloped-signature transform (SIG003); turn off for ``#id`` and enveloping signatures.

    >>> SignaturePolicy(allow_sha1=True).allows_digest("http://www.w3.org/2000/09/xmldsig#sha1")
    True
    """

    signature_methods: frozenset[str] = DEFAULT_SIGNATURE_METHODS
    digest_methods: frozenset[str] = DEFAULT_DIGEST_METHODS
    allow_sha1: bool = False
    allow_weak_keys: bool = False
    allow_vpcp_quirks: bool = False
    allow_key_value: bool = False
    min_rsa_bits: int = 2048
    min_ec_bits: int = 256
    trust_anchors: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    at: dt.datetime | None = None
    required_key_usage: frozenset[str] = KEY_USAGES
    max_references: int = 30
    max_transforms: int = 5
    require_whole_document: bool = True

    @classmethod
    def from_files(cls, *, trust: CertificateSource | None = None,
                   intermediates: CertificateSource | None = None,
                   crls: Sequence[CrlSource] = (), **options: object) -> SignaturePolicy:
        """Build a policy from files: *trust* is a PEM bundle, a DER file, a directory of
        certificates or a sequence of certificates; *crls* lists CRL files.

        >>> from vn_egov.signature.pki import make_demo_pki
        >>> from cryptography.hazmat.primitives.serialization import Encoding
        >>> pki = make_demo_pki(key_spec="ec-p256")
        >>> policy = SignaturePolicy.from_files(trust=pki.root.public_bytes(Encoding.PEM))
        >>> policy.trust_anchors == (pki.root,)
        True
        """
        anchors = load_certificates(trust) if trust is not None else ()
        extra = load_certificates(intermediates) if intermediates is not None else ()
        loaded = tuple(crl for source in crls for crl in load_crls(source))
        return cls(trust_anchors=anchors, intermediates=extra, crls=loaded,
                   **options)  # type: ignore[arg-type]

    def allows_signature(self, uri: str) -> bool:
        """True when *uri* may be used (SHA-1 methods only with ``allow_sha1``)."""
        if is_sha1(uri):
            return self.allow_sha1 and uri in SIGNATURE_METHODS
        return uri in self.signature_methods

    def allows_digest(self, uri: str) -> bool:
        """True when digest *uri* may be used (SHA-1 only with ``allow_sha1``).

        A SHA-1 *signature* URI given as a digest method is never allowed.

        >>> SignaturePolicy(allow_sha1=True).allows_digest(
        ...     "http://www.w3.org/2000/09/xmldsig#rsa-sha1")
        False
        """
        if is_sha1(uri):
            return self.allow_sha1 and uri in DIGEST_METHODS
        return uri in self.digest_methods

    def verification_time(self) -> dt.datetime:
        """``at`` (made timezone-aware as UTC when naive) or now."""
        if self.at is None:
            return dt.datetime.now(dt.UTC)
        return self.at if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
