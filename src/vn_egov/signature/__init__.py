"""XML-DSig signing and verification for edXML packages and other payloads.

>>> from vn_egov.signature import Signer, Verifier, SignaturePolicy, make_demo_pki
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> signed = Signer(pki.signer_key, pki.chain).sign(b"<r>x</r>")
>>> Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(signed).trusted_valid
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports
from vn_egov.signature import rules as _rules  # registers the rule ids; light

if TYPE_CHECKING:
    from vn_egov.signature.algorithms import (
        ECDSA_SHA256,
        ECDSA_SHA384,
        ECDSA_SHA512,
        EXC_C14N,
        RSA_PSS_SHA256,
        RSA_PSS_SHA384,
        RSA_PSS_SHA512,
        RSA_SHA256,
        RSA_SHA384,
        RSA_SHA512,
        SHA256,
        SHA384,
        SHA512,
    )
    from vn_egov.signature.certificates import (
        SubjectIdentity,
        identity_of,
        load_certificates,
        load_crls,
        load_pkcs12,
        load_private_key,
        parse_subject_name,
    )
    from vn_egov.signature.external import ExternalSigner, KeyExternalSigner, SigningRequest
    from vn_egov.signature.pki import DemoPKI, make_certificate_pair, make_crl, make_demo_pki
    from vn_egov.signature.policy import SignaturePolicy
    from vn_egov.signature.result import (
        Algorithms,
        CryptoState,
        SignedReference,
        TrustState,
        VerificationResult,
    )
    from vn_egov.signature.sender import load_sender_map
    from vn_egov.signature.signer import Signer
    from vn_egov.signature.trust import TrustResult, validate_path
    from vn_egov.signature.verifier import Verifier

# Imported on first use: loading the rule ids (every `vn-egov validate`) must not pull
# in the whole package and its dependencies.
_EXPORTS = {
    "Algorithms": "result",
    "CryptoState": "result",
    "DemoPKI": "pki",
    "ECDSA_SHA256": "algorithms",
    "ECDSA_SHA384": "algorithms",
    "ECDSA_SHA512": "algorithms",
    "EXC_C14N": "algorithms",
    "ExternalSigner": "external",
    "KeyExternalSigner": "external",
    "RSA_PSS_SHA256": "algorithms",
    "RSA_PSS_SHA384": "algorithms",
    "RSA_PSS_SHA512": "algorithms",
    "RSA_SHA256": "algorithms",
    "RSA_SHA384": "algorithms",
    "RSA_SHA512": "algorithms",
    "SHA256": "algorithms",
    "SHA384": "algorithms",
    "SHA512": "algorithms",
    "SignaturePolicy": "policy",
    "SignedReference": "result",
    "Signer": "signer",
    "SigningRequest": "external",
    "SubjectIdentity": "certificates",
    "TrustResult": "trust",
    "TrustState": "result",
    "VerificationResult": "result",
    "Verifier": "verifier",
    "identity_of": "certificates",
    "load_certificates": "certificates",
    "load_crls": "certificates",
    "load_pkcs12": "certificates",
    "load_private_key": "certificates",
    "load_sender_map": "sender",
    "make_certificate_pair": "pki",
    "make_crl": "pki",
    "make_demo_pki": "pki",
    "parse_subject_name": "certificates",
    "validate_path": "trust",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ECDSA_SHA256",
    "ECDSA_SHA384",
    "ECDSA_SHA512",
    "EXC_C14N",
    "RSA_PSS_SHA256",
    "RSA_PSS_SHA384",
    "RSA_PSS_SHA512",
    "RSA_SHA256",
    "RSA_SHA384",
    "RSA_SHA512",
    "SHA256",
    "SHA384",
    "SHA512",
    "Algorithms",
    "CryptoState",
    "DemoPKI",
    "ExternalSigner",
    "KeyExternalSigner",
    "SignaturePolicy",
    "SignedReference",
    "Signer",
    "SigningRequest",
    "SubjectIdentity",
    "TrustResult",
    "TrustState",
    "VerificationResult",
    "Verifier",
    "identity_of",
    "load_certificates",
    "load_crls",
    "load_pkcs12",
    "load_private_key",
    "load_sender_map",
    "make_certificate_pair",
    "make_crl",
    "make_demo_pki",
    "parse_subject_name",
    "validate_path",
]

del _rules
