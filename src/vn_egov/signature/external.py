"""The hook for external signers (HSM, PKCS#11 token, remote signing service).

The signer hands the external party a :class:`SigningRequest`: the canonical SignedInfo bytes,
their digest and the algorithm. The party returns the signature value: RSA bytes, or ECDSA as
DER or XML-DSig ``r || s``. The private key never has to be in this process. The returned
value is checked against the certificate before it is written, so a wrong key or a token
error is caught at signing time.

>>> from vn_egov.signature.pki import generate_key
>>> from vn_egov.signature.algorithms import RSA_SHA256
>>> signer = KeyExternalSigner(generate_key("rsa"))
>>> request = SigningRequest(b"<SignedInfo/>", __import__("hashlib").sha256(b"<SignedInfo/>")
...                          .digest(), "sha256", RSA_SHA256)
>>> len(signer(request))
256
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from vn_egov.signature.algorithms import signature_method
from vn_egov.signature.crypto import der_to_raw_ecdsa, sign_prehashed

__all__ = ["ExternalSigner", "KeyExternalSigner", "SigningRequest", "normalise_ecdsa_value"]


@dataclass(frozen=True, slots=True)
class SigningRequest:
    """What an external signer receives.

    ``signed_info`` is the canonical SignedInfo; ``digest`` its hash under ``hash_name``
    (``sha256``, ``sha384``, ``sha512``); ``signature_method`` the XML-DSig URI.
    """

    signed_info: bytes
    digest: bytes
    hash_name: str
    signature_method: str


class ExternalSigner(Protocol):
    """Anything callable with a :class:`SigningRequest` returning the signature value."""

    def __call__(self, request: SigningRequest) -> bytes:
        """Sign ``request.digest`` (or ``request.signed_info``) and return the value."""
        ...  # pragma: no cover


@dataclass(frozen=True)
class KeyExternalSigner:
    """An external signer backed by an in-memory key that signs the digest only.

    It shows the contract a PKCS#11 or remote implementation follows (prehashed signing).
    """

    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    def __call__(self, request: SigningRequest) -> bytes:
        """Sign the digest with the key (RSA PKCS#1 v1.5/PSS or ECDSA)."""
        return sign_prehashed(self.key, signature_method(request.signature_method),
                              request.digest)


def normalise_ecdsa_value(value: bytes, curve: ec.EllipticCurve) -> bytes:
    """Accept an ECDSA value as ``r || s`` or DER and return ``r || s``.

    >>> from cryptography.hazmat.primitives.asymmetric import ec, utils
    >>> len(normalise_ecdsa_value(utils.encode_dss_signature(5, 7), ec.SECP384R1()))
    96
    """
    size = (curve.key_size + 7) // 8
    if len(value) == 2 * size and value[0] != 0x30:
        return value
    try:
        return der_to_raw_ecdsa(value, curve)
    except ValueError:
        return value
