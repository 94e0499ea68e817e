"""A small demonstration PKI: root CA, issuing CA, signers and a CRL.

Everything here is FICTIONAL test material (names marked "DEMO", made-up tax codes); it is not
trusted by anything outside a test. :func:`make_demo_pki` writes the files ``vn-egov pki demo``
produces; :func:`make_certificate_pair` issues single certificates for tests (expired, wrong key
usage, weak keys ...).

>>> key, cert = make_certificate_pair("CN=Thử nghiệm,C=VN")
>>> cert.subject.rfc4514_string()
'CN=Thử nghiệm,C=VN'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ObjectIdentifier

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr
from vn_egov.signature.certificates import _SHORT_NAMES, PrivateKey, _split_dn, _unescape

__all__ = [
    "DEMO_P12_PASSWORD",
    "DemoPKI",
    "build_name",
    "generate_key",
    "make_certificate_pair",
    "make_crl",
    "make_demo_pki",
]

KeySpec = Literal["rsa", "ec-p256", "ec-p384"]

#: Fictional signer: an agency seal of Hải Phòng (tax code and ID number are made up).
DEMO_SIGNER_SUBJECT: Final = (
    "CN=Văn phòng UBND thành phố Hải Phòng (DEMO),"
    "T=Văn thư,"
    "OU=Phòng Hành chính - Tổ chức,"
    "O=UBND thành phố Hải Phòng (DEMO),"
    "L=Hải Phòng,ST=Hải Phòng,C=VN,"
    "UID=MST:0200000000,UID=CCCD:031000000000"
)
#: Password of the demo ``signer.p12``: demo material only, never use it for real keys.
DEMO_P12_PASSWORD: Final = b"demo-only"


def build_name(dn: str) -> x509.Name:
    """An :class:`x509.Name` from a DN string in written order (``CN=...,O=...,C=VN``).

    >>> build_name("CN=A,UID=MST:1").rfc4514_string()
    'CN=A,UID=MST:1'
    """
    attributes = []
    for part in _split_dn(dn):
        key, _, value = part.partition("=")
        oid = _SHORT_NAMES.get(key.strip().upper(), key.strip())
        attributes.append(x509.NameAttribute(ObjectIdentifier(oid), _unescape(value)))
    # x509.Name renders RDNs in reverse order; reverse so the string reads as written.
    return x509.Name(list(reversed(attributes)))


def generate_key(spec: KeySpec = "rsa", *, rsa_bits: int = 2048) -> PrivateKey:
    """A new private key: RSA (``rsa_bits``) or EC on P-256/P-384.

    >>> generate_key("ec-p384").curve.name
    'secp384r1'
    """
    if spec == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    if spec == "ec-p256":
        return ec.generate_private_key(ec.SECP256R1())
    if spec == "ec-p384":
        return ec.generate_private_key(ec.SECP384R1())
    raise ConfigurationError(tr("unknown key type {spec!r}", spec=spec),
                             hint=tr("use rsa, ec-p256 or ec-p384"))


def make_certificate_pair(
    subject: str,
    *,
    issuer: tuple[PrivateKey, x509.Certificate] | None = None,
    key: PrivateKey | None = None,
    key_spec: KeySpec = "ec-p256",
    rsa_bits: int = 2048,
    ca: bool = False,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    key_usage: frozenset[str] | None = None,
    serial: int | None = None,
) -> tuple[PrivateKey, x509.Certificate]:
    """Issue a certificate for *subject* (self-signed unless *issuer* is given).

    ``key_usage`` names KeyUsage flags (``digital_signature``, ``content_commitment``,
    ``key_cert_sign``, ``crl_sign``, ...); the default is signing for end entities and
    certificate/CRL signing for CAs.

    >>> _, cert = make_certificate_pair("CN=CA", ca=True)
    >>> cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    True
    """
    key = key or generate_key(key_spec, rsa_bits=rsa_bits)
    now = dt.datetime.now(dt.UTC)
    not_before = not_before or now - dt.timedelta(days=1)
    not_after = not_after or not_before + dt.timedelta(days=3650 if ca else 730)
    if key_usage is None:
        key_usage = (frozenset({"key_cert_sign", "crl_sign"}) if ca
                     else frozenset({"digital_signature", "content_commitment"}))
    name = build_name(subject)
    issuer_key, issuer_name = (key, name) if issuer is None else (issuer[0], issuer[1].subject)
    usage = {flag: flag in key_usage for flag in (
        "digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
        "key_agreement", "key_cert_sign", "crl_sign")}
    builder = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(issuer_name).public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage, encipher_only=False, decipher_only=False),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[0].public_key()),
            critical=False)
    return key, builder.sign(issuer_key, hashes.SHA256())


def make_crl(issuer: tuple[PrivateKey, x509.Certificate], revoked: list[x509.Certificate], *,
             last_update: dt.datetime | None = None,
             next_update: dt.datetime | None = None) -> x509.CertificateRevocationList:
    """A CRL signed by *issuer* revoking *revoked*.

    >>> ca = make_certificate_pair("CN=CA", ca=True)
    >>> _, leaf = make_certificate_pair("CN=Leaf", issuer=ca)
    >>> make_crl(ca, [leaf]).get_revoked_certificate_by_serial_number(leaf.serial_number) is None
    False
    """
    last_update = last_update or dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    next_update = next_update or last_update + dt.timedelta(days=30)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer[1].subject)
               .last_update(last_update).next_update(next_update))
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(cert.serial_number)
            .revocation_date(last_update).build())
    return builder.sign(issuer[0], hashes.SHA256())


@dataclass(frozen=True)
class DemoPKI:
    """The demo hierarchy: root → issuing CA → signer (valid) and revoked signer, plus a CRL."""

    root_key: PrivateKey
    root: x509.Certificate
    issuing_key: PrivateKey
    issuing: x509.Certificate
    signer_key: PrivateKey
    signer: x509.Certificate
    revoked_key: PrivateKey
    revoked: x509.Certificate
    crl: x509.CertificateRevocationList
    root_crl: x509.CertificateRevocationList
    directory: Path | None = None

    @property
    def crls(self) -> tuple[x509.CertificateRevocationList, ...]:
        """Both CRLs: the issuing CA's (revoking the second signer) and the root's (empty)."""
        return (self.crl, self.root_crl)

    @property
    def chain(self) -> tuple[x509.Certificate, ...]:
        """Signer certificate chain, leaf first (without the root)."""
        return (self.signer, self.issuing)

    def issue(self, subject: str, **options: object) -> tuple[PrivateKey, x509.Certificate]:
        """Issue another certificate from the issuing CA (same options as
        :func:`make_certificate_pair`)."""
        return make_certificate_pair(subject, issuer=(self.issuing_key, self.issuing),
                                     **options)  # type: ignore[arg-type]


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_demo_pki(directory: str | Path | None = None, *, key_spec: KeySpec = "rsa",
                  rsa_bits: int = 2048) -> DemoPKI:
    """Create the demo PKI; with *directory*, also write its files there.

    Files: ``ca.pem`` (root), ``chain.pem`` (issuing CA), ``signer-key.pem``,
    ``signer-cert.pem``, ``signer.p12`` (password :data:`DEMO_P12_PASSWORD`),
    ``revoked-key.pem``, ``revoked-cert.pem`` and ``crl.pem`` (two CRLs: the issuing CA's,
    revoking the second signer, and the root's, empty).
    Private keys are written unencrypted: demo material only.

    >>> pki = make_demo_pki(key_spec="ec-p256")
    >>> pki.signer.issuer == pki.issuing.subject, pki.crl.issuer == pki.issuing.subject
    (True, True)
    """
    root = make_certificate_pair("CN=Vn-egov DEMO Root CA,O=vn_egov DEMO,C=VN", ca=True,
                                 key_spec=key_spec, rsa_bits=rsa_bits)
    issuing = make_certificate_pair("CN=Vn-egov DEMO Issuing CA,O=vn_egov DEMO,C=VN", ca=True,
                                    issuer=root, key_spec=key_spec, rsa_bits=rsa_bits)
    signer = make_certificate_pair(DEMO_SIGNER_SUBJECT, issuer=issuing, key_spec=key_spec,
                                   rsa_bits=rsa_bits)
    revoked = make_certificate_pair(
        "CN=Cán bộ đã thu hồi (DEMO),O=UBND thành phố Hải Phòng (DEMO),L=Hải Phòng,C=VN,"
        "UID=CCCD:031000000001", issuer=issuing, key_spec=key_spec, rsa_bits=rsa_bits)
    pki = DemoPKI(root[0], root[1], issuing[0], issuing[1], signer[0], signer[1], revoked[0],
                  revoked[1], make_crl(issuing, [revoked[1]]), make_crl(root, []),
                  Path(directory) if directory is not None else None)
    if pki.directory is not None:
        _write(pki, pki.directory)
    return pki


def _write(pki: DemoPKI, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "ca.pem": _pem(pki.root),
        "chain.pem": _pem(pki.issuing),
        "signer-key.pem": _key_pem(pki.signer_key),
        "signer-cert.pem": _pem(pki.signer),
        "revoked-key.pem": _key_pem(pki.revoked_key),
        "revoked-cert.pem": _pem(pki.revoked),
        "crl.pem": b"".join(crl.public_bytes(serialization.Encoding.PEM) for crl in pki.crls),
        "signer.p12": pkcs12.serialize_key_and_certificates(
            b"demo-signer", pki.signer_key, pki.signer, [pki.issuing],
            serialization.BestAvailableEncryption(DEMO_P12_PASSWORD)),
    }
    for name, data in files.items():
        (directory / name).write_bytes(data)

