"""Algorithm identifiers of XML-DSig and how the library classifies them.

Every URI the verifier meets is put in one of four classes: allowed by the default policy,
SHA-1 based (legacy, rule SIG006), known but weak or unsupported (MD5, RIPEMD-160, DSA, HMAC:
rule SIG007), or unknown (also SIG007). Nothing is silently ignored.

>>> signature_method(RSA_SHA256).hash_name, signature_method(RSA_SHA256).key_type
('sha256', 'rsa')
>>> digest_method(SHA256).hash_name
'sha256'
>>> is_sha1(RSA_SHA1), is_sha1(RSA_SHA256)
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from vn_egov.i18n import tr

__all__ = [
    "C14N_10",
    "C14N_METHODS",
    "DEFAULT_DIGEST_METHODS",
    "DEFAULT_SIGNATURE_METHODS",
    "DIGEST_METHODS",
    "DSIG_NS",
    "ECDSA_SHA256",
    "ECDSA_SHA384",
    "ECDSA_SHA512",
    "ENVELOPED",
    "EXC_C14N",
    "EXC_C14N_VPCP",
    "MD5",
    "RSA_PSS_SHA256",
    "RSA_PSS_SHA384",
    "RSA_PSS_SHA512",
    "RSA_SHA1",
    "RSA_SHA256",
    "RSA_SHA384",
    "RSA_SHA512",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
    "SIGNATURE_METHODS",
    "DigestMethod",
    "SignatureMethod",
    "c14n_method",
    "digest_method",
    "is_sha1",
    "signature_method",
]

DSIG_NS: Final = "http://www.w3.org/2000/09/xmldsig#"
_MORE: Final = "http://www.w3.org/2001/04/xmldsig-more#"
_ENC: Final = "http://www.w3.org/2001/04/xmlenc#"
_MORE07: Final = "http://www.w3.org/2007/05/xmldsig-more#"

C14N_10: Final = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_10_COMMENTS: Final = C14N_10 + "#WithComments"
C14N_11: Final = "http://www.w3.org/2006/12/xml-c14n11"
C14N_11_COMMENTS: Final = C14N_11 + "#WithComments"
EXC_C14N: Final = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C14N_COMMENTS: Final = EXC_C14N + "WithComments"
#: The non-standard exclusive C14N URI written by the VPCP samples and EdXML102 (rule SIG005).
EXC_C14N_VPCP: Final = "http://www.w3.org/TR/xml-exc-c14n#"
ENVELOPED: Final = DSIG_NS + "enveloped-signature"

SHA1: Final = DSIG_NS + "sha1"
SHA224: Final = _MORE + "sha224"
SHA256: Final = _ENC + "sha256"
SHA384: Final = _MORE + "sha384"
SHA512: Final = _ENC + "sha512"
MD5: Final = _MORE + "md5"

RSA_SHA1: Final = DSIG_NS + "rsa-sha1"
RSA_SHA224: Final = _MORE + "rsa-sha224"
RSA_SHA256: Final = _MORE + "rsa-sha256"
RSA_SHA384: Final = _MORE + "rsa-sha384"
RSA_SHA512: Final = _MORE + "rsa-sha512"
RSA_PSS_SHA256: Final = _MORE07 + "sha256-rsa-MGF1"
RSA_PSS_SHA384: Final = _MORE07 + "sha384-rsa-MGF1"
RSA_PSS_SHA512: Final = _MORE07 + "sha512-rsa-MGF1"
ECDSA_SHA1: Final = _MORE + "ecdsa-sha1"
ECDSA_SHA224: Final = _MORE + "ecdsa-sha224"
ECDSA_SHA256: Final = _MORE + "ecdsa-sha256"
ECDSA_SHA384: Final = _MORE + "ecdsa-sha384"
ECDSA_SHA512: Final = _MORE + "ecdsa-sha512"

KeyType = Literal["rsa", "rsa-pss", "ecdsa"]


@dataclass(frozen=True, slots=True)
class DigestMethod:
    """A digest algorithm: its URI and the :mod:`hashlib` name."""

    uri: str
    hash_name: str


@dataclass(frozen=True, slots=True)
class SignatureMethod:
    """A public-key signature algorithm: URI, key type and hash name."""

    uri: str
    key_type: KeyType
    hash_name: str


@dataclass(frozen=True, slots=True)
class C14NMethod:
    """A canonicalisation algorithm: exclusive or inclusive, with or without comments."""

    uri: str
    exclusive: bool
    with_comments: bool
    version: Literal["1.0", "1.1"] = "1.0"


DIGEST_METHODS: Final[dict[str, DigestMethod]] = {
    m.uri: m
    for m in (
        DigestMethod(SHA1, "sha1"),
        DigestMethod(SHA224, "sha224"),
        DigestMethod(SHA256, "sha256"),
        DigestMethod(SHA384, "sha384"),
        DigestMethod(SHA512, "sha512"),
    )
}

SIGNATURE_METHODS: Final[dict[str, SignatureMethod]] = {
    m.uri: m
    for m in (
        SignatureMethod(RSA_SHA1, "rsa", "sha1"),
        SignatureMethod(RSA_SHA224, "rsa", "sha224"),
        SignatureMethod(RSA_SHA256, "rsa", "sha256"),
        SignatureMethod(RSA_SHA384, "rsa", "sha384"),
        SignatureMethod(RSA_SHA512, "rsa", "sha512"),
        SignatureMethod(RSA_PSS_SHA256, "rsa-pss", "sha256"),
        SignatureMethod(RSA_PSS_SHA384, "rsa-pss", "sha384"),
        SignatureMethod(RSA_PSS_SHA512, "rsa-pss", "sha512"),
        SignatureMethod(ECDSA_SHA1, "ecdsa", "sha1"),
        SignatureMethod(ECDSA_SHA224, "ecdsa", "sha224"),
        SignatureMethod(ECDSA_SHA256, "ecdsa", "sha256"),
        SignatureMethod(ECDSA_SHA384, "ecdsa", "sha384"),
        SignatureMethod(ECDSA_SHA512, "ecdsa", "sha512"),
    )
}

C14N_METHODS: Final[dict[str, C14NMethod]] = {
    m.uri: m
    for m in (
        C14NMethod(C14N_10, exclusive=False, with_comments=False),
        C14NMethod(C14N_10_COMMENTS, exclusive=False, with_comments=True),
        C14NMethod(C14N_11, exclusive=False, with_comments=False, version="1.1"),
        C14NMethod(C14N_11_COMMENTS, exclusive=False, with_comments=True, version="1.1"),
        C14NMethod(EXC_C14N, exclusive=True, with_comments=False),
        C14NMethod(EXC_C14N_COMMENTS, exclusive=True, with_comments=True),
    )
}

#: SHA-256 and stronger (TT 15/2025/TT-BKHCN lists SHA-256, SHA-384, SHA-512).
DEFAULT_DIGEST_METHODS: Final = frozenset({SHA256, SHA384, SHA512})
DEFAULT_SIGNATURE_METHODS: Final = frozenset({
    RSA_SHA256, RSA_SHA384, RSA_SHA512,
    RSA_PSS_SHA256, RSA_PSS_SHA384, RSA_PSS_SHA512,
    ECDSA_SHA256, ECDSA_SHA384, ECDSA_SHA512,
})
_SHA1_URIS: Final = frozenset({SHA1, RSA_SHA1, ECDSA_SHA1, DSIG_NS + "dsa-sha1",
                               DSIG_NS + "hmac-sha1"})


def is_sha1(uri: str) -> bool:
    """True for SHA-1 based digest and signature URIs (rule SIG006).

    >>> is_sha1("http://www.w3.org/2000/09/xmldsig#sha1")
    True
    """
    return uri in _SHA1_URIS


def digest_method(uri: str) -> DigestMethod:
    """The digest method for *uri*; ``KeyError`` names an unsupported URI.

    >>> digest_method(SHA512).hash_name
    'sha512'
    """
    try:
        return DIGEST_METHODS[uri]
    except KeyError:
        raise KeyError(tr("unsupported digest method {uri!r}", uri=uri)) from None


def signature_method(uri: str) -> SignatureMethod:
    """The signature method for *uri*; ``KeyError`` names an unsupported URI.

    >>> signature_method(ECDSA_SHA384).key_type
    'ecdsa'
    """
    try:
        return SIGNATURE_METHODS[uri]
    except KeyError:
        raise KeyError(tr("unsupported signature method {uri!r}", uri=uri)) from None


def c14n_method(uri: str) -> C14NMethod:
    """The canonicalisation method for *uri*; ``KeyError`` names an unsupported URI.

    >>> c14n_method(EXC_C14N).exclusive
    True
    """
    try:
        return C14N_METHODS[uri]
    except KeyError:
        raise KeyError(tr("unsupported canonicalization method {uri!r}", uri=uri)) from None
