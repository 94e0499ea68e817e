"""What a verifier accepts: :class:`SignaturePolicy`, one object for XML and PDF signatures.

The defaults follow TT 15/2025/TT-BKHCN and the XML-DSig hardening of mature verifiers:
SHA-256 and stronger, RSA ≥ 2048 bits, ECDSA on P-256/P-384/P-521 (so never secp256k1), for
the signer and for every certificate of its path; at most 30 References and 5 Transforms each;
the whole package signed (one ``Reference URI=""`` with the enveloped transform); signer key
usage digitalSignature or nonRepudiation and, when the certificate restricts its extended key
usage, a purpose compatible with signing documents. Trust anchors are never taken from a
system or ``certifi`` store: they must be configured.

Certificate paths are validated by pyhanko-certvalidator (RFC 5280), the validator pyHanko
uses for PDF signatures: :meth:`SignaturePolicy.validation_context` gives the same trust
roots, CRLs, revocation and algorithm rules to a PDF verifier, so one policy object
configures both.

>>> policy = SignaturePolicy()
>>> policy.allow_sha1, policy.min_rsa_bits, policy.max_references, policy.revocation
(False, 2048, 30, 'auto')
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr
from vn_egov.signature.algorithms import (
    DEFAULT_DIGEST_METHODS,
    DEFAULT_SIGNATURE_METHODS,
    DIGEST_METHODS,
    SIGNATURE_METHODS,
    is_sha1,
)
from vn_egov.signature.certificates import load_certificates, load_crls
from vn_egov.signature.keys import DEFAULT_CURVES

if TYPE_CHECKING:
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.policy_decl import AlgorithmUsagePolicy, PKIXValidationParams

__all__ = [
    "ALLOWED_HASHES",
    "REVOCATION_MODES",
    "SignaturePolicy",
]

CertificateSource: TypeAlias = "bytes | str | os.PathLike[str] | Sequence[x509.Certificate]"
CrlSource: TypeAlias = "bytes | str | os.PathLike[str]"
#: CRLs as :mod:`cryptography` objects or DER bytes (e.g. from a PDF's DSS).
CrlData: TypeAlias = "x509.CertificateRevocationList | bytes"
RevocationMode = Literal["auto", "require", "soft-fail", "off"]
REVOCATION_MODES: Final[tuple[RevocationMode, ...]] = ("auto", "require", "soft-fail", "off")

#: Key usage flags a signer certificate may carry to be accepted (any one suffices).
KEY_USAGES = frozenset({"digital_signature", "content_commitment"})

#: Extended key usages compatible with signing documents: a signer certificate that has the
#: extension must list one of them. Vietnamese CAs issue signing certificates with client
#: authentication and e-mail protection; a TLS server or time-stamping certificate is refused.
SIGNING_EXTENDED_KEY_USAGES: Final = frozenset({
    "2.5.29.37.0",  # anyExtendedKeyUsage
    "1.3.6.1.5.5.7.3.2",  # id-kp-clientAuth
    "1.3.6.1.5.5.7.3.4",  # id-kp-emailProtection
    "1.3.6.1.5.5.7.3.36",  # id-kp-documentSigning (RFC 9336)
    "1.3.6.1.4.1.311.10.3.12",  # Microsoft document signing
    "1.2.840.113583.1.1.5",  # Adobe Authentic Documents Trust
})

#: Hash functions accepted in certificates, CRLs and OCSP responses (TT 15/2025/TT-BKHCN).
#: Hashes accepted in signatures, certificates, CRLs and OCSP responses (asn1crypto names;
#: TT 15/2025/TT-BKHCN: SHA-2 and SHA-3); SHA-1 only with ``allow_sha1``.
ALLOWED_HASHES: Final = frozenset({
    "sha256", "sha384", "sha512", "sha512_224", "sha512_256", "sha3_256", "sha3_384",
    "sha3_512"})
#: Signature mechanisms accepted in certificates, CRLs and OCSP responses.
_CERTIFICATE_MECHANISMS: Final = frozenset({"rsassa_pkcs1v15", "rsassa_pss", "ecdsa"})


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class SignaturePolicy:
    """The verification policy (immutable), for XML and PDF signatures.

    Algorithms and keys:

    * ``signature_methods`` / ``digest_methods``: allowed XML-DSig URIs (SHA-1 needs
      ``allow_sha1``).
    * ``allow_sha1``: accept SHA-1 (XML-DSig methods and certificate signatures) for legacy
      packages, reported as SIG006 warnings.
    * ``min_rsa_bits``, ``min_ec_bits``, ``ec_curves``: the keys accepted, for the signer and
      every certificate of its path; ``allow_weak_keys`` turns short keys into SIG008/SIG025
      warnings (legacy packages only). Other key types (DSA, EdDSA) are always refused.
    * ``allow_vpcp_quirks``: accept the VPCP ``http://www.w3.org/TR/xml-exc-c14n#`` URI as
      exclusive C14N, reported as a SIG005 warning.
    * ``allow_key_value``: verify with a bare ``KeyValue`` when there is no certificate (test
      vectors, pinned keys); the signer is then unidentified and trust ``not_checked``.

    Trust:

    * ``trust_anchors``, ``intermediates``, ``crls``: see :meth:`from_files`.
    * ``at``: the time certificates are judged at (``None``: the time of verification).
    * ``revocation``: ``"auto"`` (the default) checks revocation for every certificate of
      the path as soon as the policy holds revocation data (CRLs) and reports SIG019 when it
      holds none; ``"require"`` always requires it; with either, a certificate whose status
      cannot be established (no CRL from its issuer, a CRL that fails its signature check or
      is past its nextUpdate) is *unknown* and not trusted (SIG024). ``"soft-fail"`` reports
      an unknown status as a warning and trusts; ``"off"`` never checks.
    * ``required_key_usage``: the signer certificate needs one of these KeyUsage flags
      (``content_commitment`` is X.509's nonRepudiation).
    * ``signer_extended_key_usages``: dotted OIDs; a signer certificate with an extended key
      usage extension must list one of them (empty: not checked).
    * ``bind_sender`` / ``sender_map``: the signer must belong to the package's ``From``
      agency (see :mod:`vn_egov.signature.sender`).

    Shape and cost:

    * ``require_whole_document``: the edXML profile, one ``Reference URI=""`` with exactly one
      enveloped-signature transform (SIG003); turn off for ``#id`` and enveloping signatures.
    * ``max_references``, ``max_transforms``, ``max_certificates``: counts refused beyond
      (SIG011); ``max_findings_per_rule``: findings listed per rule id (the rest counted).

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
    ec_curves: frozenset[str] = DEFAULT_CURVES
    trust_anchors: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    at: dt.datetime | None = None
    revocation: RevocationMode = "auto"
    required_key_usage: frozenset[str] = KEY_USAGES
    signer_extended_key_usages: frozenset[str] = SIGNING_EXTENDED_KEY_USAGES
    bind_sender: bool = False
    sender_map: Mapping[str, Sequence[str]] = field(default_factory=dict)
    max_references: int = 30
    max_transforms: int = 5
    max_certificates: int = 16
    max_findings_per_rule: int = 100
    require_whole_document: bool = True

    def __post_init__(self) -> None:
        if self.revocation not in REVOCATION_MODES:
            raise ConfigurationError(
                tr("unknown revocation mode {mode!r}", mode=self.revocation),
                hint=tr("use one of: {modes}", modes=", ".join(REVOCATION_MODES)))
        if self.max_findings_per_rule < 1:
            raise ConfigurationError(tr("max_findings_per_rule must be at least 1"))
        # Frozen and shared between threads: keep a private, read-only copy of the mapping.
        frozen = {str(organ).strip(): tuple(str(v) for v in values)
                  for organ, values in dict(self.sender_map).items()}
        object.__setattr__(self, "sender_map", frozen)

    @classmethod
    def from_files(cls, *, trust: CertificateSource | None = None,
                   intermediates: CertificateSource | None = None,
                   crls: CrlSource | Sequence[CrlSource] = (), **options: Any
                   ) -> SignaturePolicy:
        """Build a policy from files: *trust* is a PEM bundle, a DER file, a directory of
        certificates or a sequence of certificates; *crls* is one CRL file (a path or bytes)
        or a list of them. *options* are the other fields of :class:`SignaturePolicy`
        (``allow_sha1=True``, ``revocation="require"`` ...); an unknown name is refused.

        >>> from vn_egov.signature.pki import make_demo_pki
        >>> from cryptography.hazmat.primitives.serialization import Encoding
        >>> pki = make_demo_pki(key_spec="ec-p256")
        >>> policy = SignaturePolicy.from_files(trust=pki.root.public_bytes(Encoding.PEM))
        >>> policy.trust_anchors == (pki.root,)
        True
        """
        anchors = load_certificates(trust) if trust is not None else ()
        extra = load_certificates(intermediates) if intermediates is not None else ()
        sources = (crls,) if isinstance(crls, str | bytes | os.PathLike) else tuple(crls)
        loaded = tuple(crl for source in sources for crl in load_crls(source))
        return cls(trust_anchors=anchors, intermediates=extra, crls=loaded, **options)

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

    def verification_time(self, at: dt.datetime | None = None) -> dt.datetime:
        """*at*, else ``at`` of the policy (naive times are UTC), else now.

        >>> SignaturePolicy(at=dt.datetime(2025, 1, 1)).verification_time().isoformat()
        '2025-01-01T00:00:00+00:00'
        """
        moment = at or self.at
        return dt.datetime.now(dt.UTC) if moment is None else _aware(moment)

    def checks_revocation(self, extra_crls: Sequence[object] = (),
                          extra_ocsps: Sequence[object] = ()) -> bool:
        """Whether revocation is checked: always under ``require`` and ``soft-fail``, never
        under ``off``; under ``auto`` when revocation data is at hand.

        >>> SignaturePolicy().checks_revocation(), SignaturePolicy(revocation="require") \\
        ...     .checks_revocation()
        (False, True)
        """
        if self.revocation == "auto":
            return bool(self.crls or extra_crls or extra_ocsps)
        return self.revocation != "off"

    # -- the path validator's configuration (shared with PDF verification) -------------

    def algorithm_policy(self) -> AlgorithmUsagePolicy:
        """The certificate algorithm rules as a pyhanko-certvalidator policy: hashes, signature
        mechanisms and the keys of every certificate that signs another (issuers, CRL and
        OCSP signers).

        >>> from asn1crypto import algos
        >>> rules = SignaturePolicy().algorithm_policy()
        >>> bool(rules.digest_algorithm_allowed(algos.DigestAlgorithm({"algorithm": "sha1"}),
        ...                                     None))
        False
        """
        from vn_egov.signature.trust import PolicyAlgorithms

        return PolicyAlgorithms(self)

    def pkix_params(self) -> PKIXValidationParams:
        """The RFC 5280 initial inputs (any policy; no initial name constraints)."""
        from pyhanko_certvalidator.policy_decl import PKIXValidationParams

        return PKIXValidationParams()

    def validation_context(self, *, at: dt.datetime | None = None,
                           extra_crls: Iterable[CrlData] = (),
                           extra_ocsps: Iterable[bytes] = (),
                           extra_certs: Iterable[x509.Certificate | bytes] = ()
                           ) -> ValidationContext:
        """A pyhanko-certvalidator :class:`~pyhanko_certvalidator.ValidationContext` for this
        policy: its anchors, intermediates, CRLs and algorithm rules, revocation per
        ``revocation``, no network fetching, judged at *at* (default: ``at`` or now).

        *extra_crls*, *extra_ocsps* and *extra_certs* add validation data that came with the
        signature (e.g. a PDF's DSS). This is what pyHanko's PDF validation consumes.

        >>> from vn_egov.signature.pki import make_demo_pki
        >>> pki = make_demo_pki(key_spec="ec-p256")
        >>> context = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls) \\
        ...     .validation_context()
        >>> len(context.crls), context.fetching_allowed
        (2, False)
        """
        from vn_egov.signature.trust import build_context

        return build_context(self, at=at, extra_crls=tuple(extra_crls),
                             extra_ocsps=tuple(extra_ocsps), extra_certs=tuple(extra_certs))

    # -- per-policy caches (not fields: they never take part in equality) -------------

    @cached_property
    def _asn1_anchors(self) -> tuple[Any, ...]:
        from asn1crypto import x509 as asn1_x509

        return tuple(asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
                     for cert in self.trust_anchors)

    @cached_property
    def _asn1_crls(self) -> tuple[Any, ...]:
        from asn1crypto import crl as asn1_crl

        return tuple(asn1_crl.CertificateList.load(item.public_bytes(Encoding.DER))
                     for item in self.crls)

    @cached_property
    def _trust_cache(self) -> Any:
        # Positive path validations, reused while still valid (see trust.validate_path).
        from vn_egov.signature.trust import ResultCache

        return ResultCache()
