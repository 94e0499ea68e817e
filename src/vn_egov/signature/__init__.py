"""XML-DSig signing and verification for edXML packages and other payloads.

>>> from vn_egov.signature import Signer, Verifier, SignaturePolicy, make_demo_pki
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> signed = Signer(pki.signer_key, pki.chain).sign(b"<r>x</r>")
>>> Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(signed).trust.value
'trusted'
"""

from vn_egov.signature import rules as _rules  # registers SIG001-SIG024
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
from vn_egov.signature.signer import Signer
from vn_egov.signature.verifier import Verifier

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
    "TrustState",
    "VerificationResult",
    "Verifier",
    "identity_of",
    "load_certificates",
    "load_crls",
    "load_pkcs12",
    "load_private_key",
    "make_certificate_pair",
    "make_crl",
    "make_demo_pki",
    "parse_subject_name",
]

del _rules
