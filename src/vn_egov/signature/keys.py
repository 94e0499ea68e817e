"""Public keys as the policy sees them: type, size and curve, whatever library read them.

The signer's key is read by :mod:`cryptography`, the keys of the certificate path by the
path validator (:mod:`asn1crypto` structures); both are judged by the same function,
:func:`key_refusal`, so that a key the policy refuses for a signer is refused for a CA too.

>>> from vn_egov.signature.pki import generate_key
>>> facts = facts_of(generate_key("ec-p256").public_key())
>>> facts.describe(), key_refusal(facts, min_rsa_bits=2048, min_ec_bits=256,
...                               curves=frozenset({"secp256r1"}))
('EC-secp256r1', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from vn_egov.i18n import tr

__all__ = ["DEFAULT_CURVES", "facts_of", "facts_of_info", "key_refusal"]

#: Named curves accepted by default: the NIST prime curves of ANSI X9.62 / FIPS 186
#: (TT 15/2025/TT-BKHCN requires ECDSA keys of at least 256 bits). secp256k1 and the
#: Brainpool curves are refused unless configured.
DEFAULT_CURVES: Final = frozenset({"secp256r1", "secp384r1", "secp521r1"})

KeyKind = Literal["rsa", "ec", "dsa", "ed25519", "ed448", "other"]
#: Why a key is refused: its type, its curve, or its size.
KeyProblem = Literal["type", "curve", "size"]

# asn1crypto spells some curve names differently from cryptography.
_CURVE_ALIASES: Final = {"prime256v1": "secp256r1", "prime192v1": "secp192r1"}


@dataclass(frozen=True, slots=True)
class KeyFacts:
    """What the policy needs to know about a public key."""

    kind: KeyKind
    bits: int
    curve: str | None = None

    def describe(self) -> str:
        """``RSA-2048``, ``EC-secp256r1``, ``DSA-2048``, ``Ed25519`` style text.

        >>> KeyFacts("rsa", 1024).describe(), KeyFacts("ed25519", 256).describe()
        ('RSA-1024', 'Ed25519')
        """
        if self.kind == "ec":
            return f"EC-{self.curve}"
        if self.kind in ("ed25519", "ed448"):
            return "Ed25519" if self.kind == "ed25519" else "Ed448"
        return f"{self.kind.upper()}-{self.bits}"


def facts_of(key: object) -> KeyFacts:
    """The facts of a :mod:`cryptography` public key (any type, never raises).

    >>> from vn_egov.signature.pki import generate_key
    >>> facts_of(generate_key("rsa").public_key())
    KeyFacts(kind='rsa', bits=2048, curve=None)
    """
    if isinstance(key, rsa.RSAPublicKey):
        return KeyFacts("rsa", key.key_size)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return KeyFacts("ec", key.curve.key_size, key.curve.name)
    if isinstance(key, dsa.DSAPublicKey):
        return KeyFacts("dsa", key.key_size)
    if isinstance(key, ed25519.Ed25519PublicKey):
        return KeyFacts("ed25519", 256)
    if isinstance(key, ed448.Ed448PublicKey):
        return KeyFacts("ed448", 456)
    return KeyFacts("other", 0)


def facts_of_info(info: Any) -> KeyFacts:
    """The facts of an :mod:`asn1crypto` ``PublicKeyInfo`` (as the path validator holds it).

    Malformed key data gives ``KeyFacts("other", 0)``: it is refused, never an exception.

    >>> from asn1crypto import keys
    >>> from cryptography.hazmat.primitives import serialization
    >>> from vn_egov.signature.pki import generate_key
    >>> der = generate_key("ec-p384").public_key().public_bytes(
    ...     serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    >>> facts_of_info(keys.PublicKeyInfo.load(der)).describe()
    'EC-secp384r1'
    """
    try:
        algorithm = info.algorithm
        if algorithm in ("rsa", "rsassa_pss"):
            return KeyFacts("rsa", int(info.bit_size))
        if algorithm == "ec":
            kind, name = info.curve
            curve = _CURVE_ALIASES.get(name, name) if kind == "named" else f"explicit-{kind}"
            return KeyFacts("ec", int(info.bit_size), str(curve))
        if algorithm == "dsa":
            return KeyFacts("dsa", int(info.bit_size))
        if algorithm in ("ed25519", "ed448"):
            return KeyFacts(algorithm, 256 if algorithm == "ed25519" else 456)
    except (ValueError, TypeError, KeyError, AttributeError):
        pass  # an attacker's malformed key: refused below as "other"
    return KeyFacts("other", 0)


def key_refusal(facts: KeyFacts, *, min_rsa_bits: int, min_ec_bits: int,
                curves: frozenset[str]) -> tuple[KeyProblem, str] | None:
    """Why the policy refuses a key (problem kind and message), or ``None`` when accepted.

    Only RSA and ECDSA keys on a configured curve are accepted (TT 15/2025/TT-BKHCN lists RSA
    and ECDSA); DSA, EdDSA and unknown key types are refused.

    >>> key_refusal(KeyFacts("ec", 256, "secp256k1"), min_rsa_bits=2048, min_ec_bits=256,
    ...             curves=DEFAULT_CURVES)[0]
    'curve'
    >>> key_refusal(KeyFacts("rsa", 1024), min_rsa_bits=2048, min_ec_bits=256,
    ...             curves=DEFAULT_CURVES)
    ('size', 'RSA-1024 key; at least 2048 bits are required')
    """
    if facts.kind == "rsa":
        if facts.bits < min_rsa_bits:
            return "size", tr("{key} key; at least {bits} bits are required",
                              key=facts.describe(), bits=min_rsa_bits)
        return None
    if facts.kind == "ec":
        if facts.curve not in curves:
            return "curve", tr("{key} key: the curve is not allowed (allowed: {curves})",
                               key=facts.describe(), curves=", ".join(sorted(curves)))
        if facts.bits < min_ec_bits:
            return "size", tr("{key} key; at least {bits} bits are required",
                              key=facts.describe(), bits=min_ec_bits)
        return None
    return "type", tr("{key} key: only RSA and ECDSA keys are allowed",
                      key=facts.describe() if facts.kind != "other" else tr("unknown"))
