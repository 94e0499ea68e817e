"""Public-key operations for XML-DSig signature values, with :mod:`cryptography`.

ECDSA values are ``r || s`` (each as long as the curve order, XML-DSig 1.1 §6.4.3); RSA-PSS uses
MGF1 with the same hash and a salt as long as the hash (RFC 6931 ``sha256-rsa-MGF1``).

>>> from vn_egov.signature.pki import generate_key
>>> from vn_egov.signature.algorithms import ECDSA_SHA256, signature_method
>>> key = generate_key("ec-p256")
>>> value = sign_value(key, signature_method(ECDSA_SHA256), b"data")
>>> len(value), verify_value(key.public_key(), signature_method(ECDSA_SHA256), value, b"data")
(64, True)
"""

from __future__ import annotations

from typing import Final, TypeAlias

from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

from vn_egov.errors import PolicyViolation
from vn_egov.i18n import tr
from vn_egov.signature.algorithms import SignatureMethod

__all__ = [
    "PublicKey",
    "der_to_raw_ecdsa",
    "hash_algorithm",
    "key_matches_method",
    "sign_prehashed",
    "sign_value",
    "verify_value",
]

PublicKey: TypeAlias = "rsa.RSAPublicKey | ec.EllipticCurvePublicKey"

_HASHES: Final[dict[str, type[hashes.HashAlgorithm]]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    """A :mod:`cryptography` hash instance for a :mod:`hashlib` name.

    >>> hash_algorithm("sha384").digest_size
    48
    """
    return _HASHES[name]()


def key_matches_method(key: PublicKey, method: SignatureMethod) -> bool:
    """True when *key* can make or check signatures of *method*.

    >>> from vn_egov.signature.pki import generate_key
    >>> from vn_egov.signature.algorithms import RSA_SHA256, signature_method
    >>> key_matches_method(generate_key("ec-p256").public_key(), signature_method(RSA_SHA256))
    False
    """
    if method.key_type == "ecdsa":
        return isinstance(key, ec.EllipticCurvePublicKey)
    return isinstance(key, rsa.RSAPublicKey)


def _pss(hash_name: str) -> padding.PSS:
    return padding.PSS(mgf=padding.MGF1(hash_algorithm(hash_name)),
                       salt_length=hash_algorithm(hash_name).digest_size)


def _coordinate_size(curve: ec.EllipticCurve) -> int:
    return (curve.key_size + 7) // 8


def der_to_raw_ecdsa(der: bytes, curve: ec.EllipticCurve) -> bytes:
    """Convert a DER ECDSA signature to XML-DSig ``r || s`` for *curve*.

    >>> from cryptography.hazmat.primitives.asymmetric import ec, utils
    >>> der_to_raw_ecdsa(utils.encode_dss_signature(1, 2), ec.SECP256R1())[-1]
    2
    """
    r, s = utils.decode_dss_signature(der)
    size = _coordinate_size(curve)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def sign_value(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, method: SignatureMethod,
               data: bytes) -> bytes:
    """The XML-DSig SignatureValue bytes of *data* (canonical SignedInfo) with *key*."""
    algorithm = hash_algorithm(method.hash_name)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if method.key_type != "ecdsa":
            raise PolicyViolation(tr("an EC key cannot sign with {uri}", uri=method.uri),
                                  hint=tr("choose an ECDSA signature method"))
        return der_to_raw_ecdsa(key.sign(data, ec.ECDSA(algorithm)), key.curve)
    if method.key_type == "ecdsa":
        raise PolicyViolation(tr("an RSA key cannot sign with {uri}", uri=method.uri),
                              hint=tr("choose an RSA signature method"))
    pad = _pss(method.hash_name) if method.key_type == "rsa-pss" else padding.PKCS1v15()
    return key.sign(data, pad, algorithm)


def sign_prehashed(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
                   method: SignatureMethod, digest: bytes) -> bytes:
    """Like :func:`sign_value` but from the digest only (what an HSM or token receives)."""
    prehashed = utils.Prehashed(hash_algorithm(method.hash_name))
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return der_to_raw_ecdsa(key.sign(digest, ec.ECDSA(prehashed)), key.curve)
    pad = _pss(method.hash_name) if method.key_type == "rsa-pss" else padding.PKCS1v15()
    return key.sign(digest, pad, prehashed)


def verify_value(key: PublicKey, method: SignatureMethod, value: bytes, data: bytes) -> bool:
    """True when *value* is a valid signature of *data* by *key* under *method*."""
    algorithm = hash_algorithm(method.hash_name)
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            size = _coordinate_size(key.curve)
            if len(value) != 2 * size:
                return False
            der = utils.encode_dss_signature(int.from_bytes(value[:size], "big"),
                                             int.from_bytes(value[size:], "big"))
            key.verify(der, data, ec.ECDSA(algorithm))
        else:
            pad = _pss(method.hash_name) if method.key_type == "rsa-pss" else padding.PKCS1v15()
            key.verify(value, data, pad, algorithm)
    except CryptoInvalidSignature:
        return False
    return True
