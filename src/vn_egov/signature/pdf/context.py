"""From a :class:`~vn_egov.signature.SignaturePolicy` to pyHanko's validation settings.

:func:`validation_context` is THE integration point with the shared trust engine: it builds the
pyhanko-certvalidator :class:`~pyhanko_certvalidator.ValidationContext` (trust anchors from the
policy only, never a system store; the policy's CRLs plus the PDF's own validation data; no
network; the policy's algorithm and key rules; the time of check). When the trust engine's
``SignaturePolicy.validation_context`` is available, this function becomes a one-line call to
it, with the same parameters. Everything else in this package only consumes the context, through
:func:`validation_spec`, which turns it into the settings of pyHanko's ETSI EN 319 102-1
validation processes.

Revocation follows the policy's ``revocation`` mode (``auto`` unless the policy says otherwise):
checked for every certificate of the path as soon as revocation data is at hand (the policy's
CRLs, the PDF's DSS, the signature's own archive), and then *required* (fail-closed: a
certificate whose status cannot be established is not trusted); not checked when there is none
at all, which the verifier reports as PDF023.

>>> from vn_egov.signature.pki import make_demo_pki
>>> from vn_egov.signature.policy import SignaturePolicy
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> context = validation_context(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls))
>>> len(context.crls), context.fetching_allowed
(2, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, TypeAlias

from asn1crypto import algos, keys
from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import (
    AlgorithmUsageConstraint,
    AlgorithmUsagePolicy,
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

if TYPE_CHECKING:
    from pyhanko.sign.validation.policy_decl import SignatureValidationSpec

    from vn_egov.signature.policy import SignaturePolicy

__all__ = ["ALLOWED_DIGESTS", "PolicyAlgorithms", "revocation_checked", "validation_context",
           "validation_spec"]

#: Digest algorithms of TT 15/2025/TT-BKHCN (asn1crypto names); SHA-1 only with ``allow_sha1``.
ALLOWED_DIGESTS: Final = frozenset({"sha256", "sha384", "sha512", "sha512_224", "sha512_256",
                                    "sha3_256", "sha3_384", "sha3_512"})
#: Signature mechanisms accepted (the digest is judged separately).
_MECHANISMS: Final = frozenset({"rsassa_pkcs1v15", "rsassa_pss", "ecdsa"})
_SHA1: Final = "sha1"

CrlData: TypeAlias = "x509.CertificateRevocationList | asn1_crl.CertificateList | bytes"
OcspData: TypeAlias = "asn1_ocsp.OCSPResponse | bytes"
CertData: TypeAlias = "x509.Certificate | asn1_x509.Certificate | bytes"


class PolicyAlgorithms(AlgorithmUsagePolicy):
    """The policy's algorithm rules for pyhanko-certvalidator: digests of TT 15/2025 (SHA-1
    only with ``allow_sha1``), RSA/RSA-PSS/ECDSA, and key sizes (``min_rsa_bits``,
    ``min_ec_bits``, waived by ``allow_weak_keys``) for every key that signs something.

    >>> from vn_egov.signature.policy import SignaturePolicy
    >>> rules = PolicyAlgorithms(SignaturePolicy())
    >>> bool(rules.digest_algorithm_allowed(algos.DigestAlgorithm({"algorithm": "sha1"}), None))
    False
    """

    def __init__(self, policy: SignaturePolicy) -> None:
        self._allow_sha1 = policy.allow_sha1
        self._weak_keys = policy.allow_weak_keys
        self._min_rsa = policy.min_rsa_bits
        self._min_ec = policy.min_ec_bits

    def digest_algorithm_allowed(self, algo: algos.DigestAlgorithm,
                                 moment: dt.datetime | None) -> AlgorithmUsageConstraint:
        """Allowed: the SHA-2/SHA-3 family; SHA-1 only under ``allow_sha1``."""
        name = algo["algorithm"].native
        if name in ALLOWED_DIGESTS or (name == _SHA1 and self._allow_sha1):
            return AlgorithmUsageConstraint(True)
        return AlgorithmUsageConstraint(False, failure_reason=f"digest {name} is not allowed")

    def signature_algorithm_allowed(self, algo: algos.SignedDigestAlgorithm,
                                    moment: dt.datetime | None,
                                    public_key: keys.PublicKeyInfo | None
                                    ) -> AlgorithmUsageConstraint:
        """Allowed: RSA (PKCS#1 v1.5, PSS) and ECDSA with an allowed digest and key size."""
        try:
            mechanism = algo.signature_algo
        except ValueError:
            mechanism = str(algo["algorithm"].native)
        if mechanism not in _MECHANISMS:
            return AlgorithmUsageConstraint(
                False, failure_reason=f"signature mechanism {mechanism} is not allowed")
        try:
            digest: str | None = algo.hash_algo
        except ValueError:  # RSASSA-PSS carries its hash in the parameters
            digest = None
        if digest is not None:
            allowed = self.digest_algorithm_allowed(
                algos.DigestAlgorithm({"algorithm": digest}), moment)
            if not allowed:
                return allowed
        if public_key is not None and not self._weak_keys:
            bits = public_key.bit_size
            minimum = self._min_rsa if public_key.algorithm == "rsa" else self._min_ec
            if bits < minimum:
                return AlgorithmUsageConstraint(
                    False, failure_reason=f"{public_key.algorithm.upper()} key of {bits} bits "
                    f"is below the policy's {minimum}")
        return AlgorithmUsageConstraint(True)


def _asn1_crl(item: CrlData) -> asn1_crl.CertificateList:
    if isinstance(item, asn1_crl.CertificateList):
        return item
    data = item.public_bytes(Encoding.DER) if isinstance(item, x509.CertificateRevocationList) \
        else item
    return asn1_crl.CertificateList.load(data)


def _asn1_cert(item: CertData) -> asn1_x509.Certificate:
    if isinstance(item, asn1_x509.Certificate):
        return item
    data = item.public_bytes(Encoding.DER) if isinstance(item, x509.Certificate) else item
    return asn1_x509.Certificate.load(data)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def revocation_checked(policy: SignaturePolicy, has_extra_data: bool) -> bool:
    """Whether revocation is checked under *policy*: its ``revocation`` mode (``auto`` when the
    policy has none), ``auto`` checking as soon as any revocation data is at hand.

    >>> from vn_egov.signature.policy import SignaturePolicy
    >>> revocation_checked(SignaturePolicy(), False), revocation_checked(SignaturePolicy(), True)
    (False, True)
    """
    mode = getattr(policy, "revocation", "auto")
    if mode == "auto":
        return bool(policy.crls) or has_extra_data
    return mode != "off"


def _revocation_policy(policy: SignaturePolicy, checked: bool) -> CertRevTrustPolicy:
    if not checked:
        rule = RevocationCheckingRule.NO_CHECK
    elif getattr(policy, "revocation", "auto") == "soft-fail":
        rule = RevocationCheckingRule.CHECK_IF_DECLARED_SOFT
    else:  # auto with data, require: fail-closed
        rule = RevocationCheckingRule.CRL_OR_OCSP_REQUIRED
    return CertRevTrustPolicy(RevocationCheckingPolicy(ee_certificate_rule=rule,
                                                       intermediate_ca_cert_rule=rule))


def validation_context(policy: SignaturePolicy, *, at: dt.datetime | None = None,
                       extra_crls: Iterable[CrlData] = (),
                       extra_ocsps: Iterable[OcspData] = (),
                       extra_certs: Iterable[CertData] = ()) -> ValidationContext:
    """INTEGRATION POINT: the pyhanko-certvalidator context for *policy*.

    Trust anchors and intermediates from the policy (never a system store), the policy's CRLs
    plus *extra_crls*/*extra_ocsps*/*extra_certs* (validation data that came with the
    signature, e.g. a PDF's DSS), revocation per :func:`revocation_checked`, the algorithm
    rules of :class:`PolicyAlgorithms`, no network fetching, judged at *at* (default: the
    policy's ``at``, else now). Same signature as the trust engine's
    ``SignaturePolicy.validation_context``, which replaces this body when it lands.
    """
    crls = [_asn1_crl(item) for item in (*policy.crls, *extra_crls)]
    ocsps = [item if isinstance(item, asn1_ocsp.OCSPResponse) else asn1_ocsp.OCSPResponse.load(
        item) for item in extra_ocsps]
    moment = _aware(at) if at is not None else policy.verification_time()
    checked = revocation_checked(policy, bool(crls or ocsps))
    return ValidationContext(
        trust_roots=[_asn1_cert(cert) for cert in policy.trust_anchors],
        other_certs=[_asn1_cert(cert) for cert in (*policy.intermediates, *extra_certs)],
        crls=crls, ocsps=ocsps, moment=moment, allow_fetching=False,
        revinfo_policy=_revocation_policy(policy, checked),
        algorithm_usage_policy=PolicyAlgorithms(policy))


def validation_spec(context: ValidationContext, *,
                    key_usage: Sequence[str] = ("digital_signature", "content_commitment")
                    ) -> SignatureValidationSpec:
    """pyHanko's ETSI validation settings carrying exactly what *context* holds: its trust
    manager, revocation and algorithm rules, and its CRLs, OCSP responses and certificates as
    local knowledge; never any network fetching. *key_usage* lists the accepted KeyUsage flags
    of the signer (any one suffices; ``content_commitment`` is nonRepudiation).
    """
    from pyhanko.sign.validation.policy_decl import (
        CertificateFetchingRule,
        LocalKnowledge,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.revinfo.archival import CRLContainer, OCSPContainer

    cert_policy = CertValidationPolicySpec(
        trust_manager=context.path_builder.trust_manager,
        revinfo_policy=context.revinfo_policy, time_tolerance=context.time_tolerance,
        algorithm_usage_policy=context.algorithm_policy)
    knowledge = LocalKnowledge(
        known_crls=[CRLContainer(item) for item in context.crls],
        known_ocsps=[container for response in context.ocsps
                     for container in OCSPContainer.load_multi(response)],
        known_certs=list(context.certificate_registry))
    usages = {"non_repudiation" if usage == "content_commitment" else usage
              for usage in key_usage}
    return SignatureValidationSpec(
        cert_validation_policy=cert_policy, local_knowledge=knowledge,
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY,
            certificate_fetching_rule=CertificateFetchingRule.NEVER_FETCH),
        key_usage_settings=KeyUsageConstraints(key_usage=usages or None,
                                               match_all_key_usages=False))
