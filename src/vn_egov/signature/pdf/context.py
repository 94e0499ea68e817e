"""From a :class:`~vn_egov.signature.SignaturePolicy` to pyHanko's validation settings.

The trust engine is the one of XML signatures (:meth:`SignaturePolicy.validation_context`,
pyhanko-certvalidator): trust anchors from the policy only, never a system store; the policy's
CRLs plus the PDF's own validation data (DSS, the signature's revocation archive); no network;
the policy's algorithm and key rules; revocation per the policy's ``revocation`` mode,
fail-closed. :func:`validation_context` only hands the PDF's data to it;
:func:`validation_spec` turns the context into the settings of pyHanko's ETSI EN 319 102-1
validation processes.

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

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from pyhanko_certvalidator import ValidationContext

from vn_egov.signature.policy import ALLOWED_HASHES

if TYPE_CHECKING:
    from pyhanko.sign.validation.policy_decl import SignatureValidationSpec

    from vn_egov.signature.policy import SignaturePolicy

__all__ = ["ALLOWED_DIGESTS", "validation_context", "validation_spec"]

#: Digest algorithms of TT 15/2025/TT-BKHCN (asn1crypto names); SHA-1 only with ``allow_sha1``.
ALLOWED_DIGESTS: Final = ALLOWED_HASHES

CrlData: TypeAlias = "x509.CertificateRevocationList | asn1_crl.CertificateList | bytes"
OcspData: TypeAlias = "asn1_ocsp.OCSPResponse | bytes"
CertData: TypeAlias = "x509.Certificate | asn1_x509.Certificate | bytes"


def _portable(item: object) -> object:
    # asn1crypto objects found in a PDF are handed to the trust engine as their DER bytes.
    return item.dump() if isinstance(item, (asn1_crl.CertificateList, asn1_ocsp.OCSPResponse,
                                            asn1_x509.Certificate)) else item


def validation_context(policy: SignaturePolicy, *, at: dt.datetime | None = None,
                       extra_crls: Iterable[CrlData] = (),
                       extra_ocsps: Iterable[OcspData] = (),
                       extra_certs: Iterable[CertData] = ()) -> ValidationContext:
    """The trust engine's context for *policy* plus the validation data a PDF carries
    (*extra_crls*, *extra_ocsps*, *extra_certs*), judged at *at* (default: the policy's time)."""
    return policy.validation_context(
        at=at, extra_crls=[_portable(item) for item in extra_crls],  # type: ignore[misc]
        extra_ocsps=[_portable(item) for item in extra_ocsps],  # type: ignore[misc]
        extra_certs=[_portable(item) for item in extra_certs])  # type: ignore[misc]


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
