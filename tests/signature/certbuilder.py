"""A certificate factory for trust tests: any key type, constraints and extensions.

Real certificates made with :mod:`cryptography` (no mocks): path length and name constraints,
unknown critical extensions, extended key usages, weak or unusual keys (RSA-1024, secp256k1,
DSA, Ed25519), SHA-1 signatures, and byte-level corruption of names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from vn_egov.signature.pki import build_name

NOW = dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Party:
    """A key and its certificate."""

    key: Any
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def make_key(kind: str = "p256") -> Any:
    if kind.startswith("rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(kind[3:] or 2048))
    curves = {"p256": ec.SECP256R1(), "p384": ec.SECP384R1(), "secp256k1": ec.SECP256K1()}
    if kind in curves:
        return ec.generate_private_key(curves[kind])
    if kind == "dsa":
        return dsa.generate_private_key(key_size=2048)
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(kind)


def issue(subject: str, *, issuer: Party | None = None, key: Any = None, kind: str = "p256",
          ca: bool = False, path_length: int | None = None,
          permitted: Sequence[x509.GeneralName] | None = None,
          extended_usage: Sequence[ObjectIdentifier] | None = None,
          unknown_critical: bool = False, hash_algorithm: Any = "default",
          not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
          serial: int | None = None) -> Party:
    """Issue a certificate for *subject* (self-signed unless *issuer*)."""
    key = key or make_key(kind)
    name = build_name(subject)
    signer_key = key if issuer is None else issuer.key
    issuer_name = name if issuer is None else issuer.cert.subject
    usage = x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                          decipher_only=False)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(serial or x509.random_serial_number())
               .not_valid_before(not_before or NOW - dt.timedelta(days=1))
               .not_valid_after(not_after or NOW + dt.timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca
                                                    else None), critical=True)
               .add_extension(usage, critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                              critical=False))
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False)
    if permitted is not None:
        builder = builder.add_extension(x509.NameConstraints(permitted_subtrees=permitted,
                                                             excluded_subtrees=None),
                                        critical=True)
    if extended_usage is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended_usage), critical=False)
    if unknown_critical:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.55555.1.1"), b"\x05\x00"),
            critical=True)
    if hash_algorithm == "default":
        hash_algorithm = None if isinstance(signer_key, ed25519.Ed25519PrivateKey) \
            else hashes.SHA256()
    return Party(key, builder.sign(signer_key, hash_algorithm))


def directory_name(organisation: str) -> x509.GeneralName:
    return x509.DirectoryName(x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                                         x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                                            organisation)]))


def corrupt_name(cert: x509.Certificate, marker: bytes, replacement: bytes,
                 tag: int | None = None) -> x509.Certificate:
    """*cert* with the first occurrence of *marker* in its DER replaced (same length), and
    the string tag before it changed to *tag* (e.g. 0x14, T61String). The signature no longer
    matches: what matters is that the certificate still parses and its names do not."""
    der = cert.public_bytes(serialization.Encoding.DER)
    index = der.index(marker)
    assert len(replacement) == len(marker)
    patched = bytearray(der)
    patched[index:index + len(marker)] = replacement
    if tag is not None:
        patched[index - 2] = tag
    return x509.load_der_x509_certificate(bytes(patched))


SERVER_AUTH = ExtendedKeyUsageOID.SERVER_AUTH
EMAIL_PROTECTION = ExtendedKeyUsageOID.EMAIL_PROTECTION
CLIENT_AUTH = ExtendedKeyUsageOID.CLIENT_AUTH


def resign_sha1(cert: x509.Certificate, issuer_key: Any) -> x509.Certificate:
    """*cert* signed again by *issuer_key* (RSA) with sha1WithRSAEncryption, as old CAs did
    (cryptography no longer builds such certificates)."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding

    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs["signature"] = {"algorithm": "sha1_rsa"}
    der = tbs.dump(force=True)
    value = issuer_key.sign(der, padding.PKCS1v15(), hashes.SHA1())
    rebuilt = asn1_x509.Certificate({"tbs_certificate": tbs,
                                     "signature_algorithm": {"algorithm": "sha1_rsa"},
                                     "signature_value": value})
    return x509.load_der_x509_certificate(rebuilt.dump(force=True))
