"""Certificates, keys and CRLs: loading, and Vietnamese subject conventions.

Vietnamese CAs put the holder's identifiers in ``UID`` (OID 0.9.2342.19200300.100.1.1) with a
type prefix: ``MST:`` tax code, ``CCCD:`` citizen ID card, ``CMND:`` old ID card, ``HC:``
passport, ``BHXH:`` social insurance, ``PID:``/``PPID:``. The title is
X.520 ``T``. :class:`SubjectIdentity` exposes these fields as the CA wrote them; they are only
as trustworthy as the certificate chain (check ``VerificationResult.trust``).

>>> identity = parse_subject_name(
...     "OID.0.9.2342.19200300.100.1.1=MST:0200000000, CN=Văn thư, O=UBND, T=Nhân viên, C=VN")
>>> identity.identifiers, identity.common_name, identity.title
((('MST', '0200000000'),), 'Văn thư', 'Nhân viên')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, TypeAlias

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID, ObjectIdentifier

from vn_egov.errors import ConfigurationError, InputError
from vn_egov.i18n import tr
from vn_egov.inputs import read_input

__all__ = [
    "IDENTIFIER_TYPES",
    "PrivateKey",
    "SubjectIdentity",
    "identity_of",
    "load_certificates",
    "load_crls",
    "load_pkcs12",
    "load_private_key",
    "parse_subject_name",
    "subject_string",
]

PrivateKey: TypeAlias = "rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey"
PemSource: TypeAlias = "bytes | str | os.PathLike[str]"

UID_OID: Final = "0.9.2342.19200300.100.1.1"
#: Identifier prefixes met in Vietnamese certificates.
IDENTIFIER_TYPES: Final = frozenset({"MST", "CCCD", "CMND", "HC", "BHXH", "PID", "PPID"})

_SHORT_NAMES: Final[dict[str, str]] = {
    "CN": NameOID.COMMON_NAME.dotted_string,
    "O": NameOID.ORGANIZATION_NAME.dotted_string,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME.dotted_string,
    "L": NameOID.LOCALITY_NAME.dotted_string,
    "ST": NameOID.STATE_OR_PROVINCE_NAME.dotted_string,
    "S": NameOID.STATE_OR_PROVINCE_NAME.dotted_string,
    "C": NameOID.COUNTRY_NAME.dotted_string,
    "T": NameOID.TITLE.dotted_string,
    "TITLE": NameOID.TITLE.dotted_string,
    "UID": UID_OID,
    "E": NameOID.EMAIL_ADDRESS.dotted_string,
    "EMAILADDRESS": NameOID.EMAIL_ADDRESS.dotted_string,
    "STREET": NameOID.STREET_ADDRESS.dotted_string,
    "SERIALNUMBER": NameOID.SERIAL_NUMBER.dotted_string,
}
_PREFIX: Final = re.compile(r"^\s*([A-Za-z]{1,10})\s*:\s*(.+?)\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class SubjectIdentity:
    """A certificate subject read with Vietnamese conventions.

    ``identifiers`` lists every ``UID`` as ``(type, value)``: the type is the upper-cased
    prefix (``MST``, ``CCCD``, ...) or ``"UID"`` when the value has no prefix.

    >>> parse_subject_name("UID=CCCD:001099000000,CN=A").identifier("CCCD")
    '001099000000'
    """

    common_name: str | None = None
    organization: str | None = None
    organizational_units: tuple[str, ...] = ()
    locality: str | None = None
    state: str | None = None
    country: str | None = None
    title: str | None = None
    email: str | None = None
    uids: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    rfc4514: str = ""

    def identifier(self, kind: str) -> str | None:
        """The first identifier of type *kind* (``"MST"``, ``"CCCD"``, ...), or ``None``."""
        wanted = kind.upper()
        return next((value for key, value in self.identifiers if key == wanted), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping.

        >>> parse_subject_name("CN=A,UID=MST:1").to_dict()["identifiers"]
        [{'type': 'MST', 'value': '1'}]
        """
        return {
            "common_name": self.common_name, "organization": self.organization,
            "organizational_units": list(self.organizational_units),
            "locality": self.locality, "state": self.state, "country": self.country,
            "title": self.title, "email": self.email, "uids": list(self.uids),
            "identifiers": [{"type": k, "value": v} for k, v in self.identifiers],
            "rfc4514": self.rfc4514,
        }


def _split_identifier(value: str) -> tuple[str, str]:
    match = _PREFIX.match(value)
    if match:
        return match.group(1).upper(), match.group(2)
    return "UID", value.strip()


def _identity(pairs: Iterable[tuple[str, str]], rfc4514: str) -> SubjectIdentity:
    fields: dict[str, list[str]] = {}
    for oid, value in pairs:
        fields.setdefault(oid, []).append(value)

    def first(oid: ObjectIdentifier) -> str | None:
        values = fields.get(oid.dotted_string)
        return values[0] if values else None

    uids = tuple(fields.get(UID_OID, ()))
    return SubjectIdentity(
        common_name=first(NameOID.COMMON_NAME), organization=first(NameOID.ORGANIZATION_NAME),
        organizational_units=tuple(fields.get(NameOID.ORGANIZATIONAL_UNIT_NAME.dotted_string, ())),
        locality=first(NameOID.LOCALITY_NAME), state=first(NameOID.STATE_OR_PROVINCE_NAME),
        country=first(NameOID.COUNTRY_NAME), title=first(NameOID.TITLE),
        email=first(NameOID.EMAIL_ADDRESS), uids=uids,
        identifiers=tuple(_split_identifier(uid) for uid in uids), rfc4514=rfc4514,
    )


@lru_cache(maxsize=256)
def identity_of(certificate: x509.Certificate) -> SubjectIdentity:
    """The parsed subject of *certificate*.

    >>> from vn_egov.signature.pki import make_certificate_pair
    >>> key, cert = make_certificate_pair("CN=Văn thư,UID=MST:0200000000,C=VN")
    >>> identity_of(cert).identifiers
    (('MST', '0200000000'),)
    """
    # RFC 4514 writes the RDNs last-first; read them in that (written) order.
    pairs = [(attr.oid.dotted_string, _text(attr.value))
             for attr in reversed(list(certificate.subject))]
    return _identity(pairs, subject_string(certificate))


def subject_string(certificate: x509.Certificate) -> str:
    """The subject as RFC 4514 text with ``T`` for the title (as Vietnamese CAs print it).

    >>> from vn_egov.signature.pki import make_certificate_pair
    >>> subject_string(make_certificate_pair("CN=A,T=Giám đốc")[1])
    'CN=A,T=Giám đốc'
    """
    return certificate.subject.rfc4514_string({NameOID.TITLE: "T"})


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _split_dn(text: str) -> list[str]:
    """Split an RFC 4514 / .NET style DN on unescaped, unquoted ``,``, ``;`` and ``+``."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == '"':
            quoted = not quoted
            current.append(char)
        elif char in ",;+" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _unescape(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return re.sub(r"\\(.)", r"\1", value)


def parse_subject_name(text: str) -> SubjectIdentity:
    """Parse a subject DN string (``X509SubjectName``) in RFC 4514, OpenSSL or .NET forms.

    ``UID`` may be written ``UID=``, ``0.9.2342.19200300.100.1.1=`` or
    ``OID.0.9.2342.19200300.100.1.1=``; attributes may be separated by ``,``, ``;`` or ``+``.

    >>> parse_subject_name("0.9.2342.19200300.100.1.1=CMND:000000000;CN=B").identifiers
    (('CMND', '000000000'),)
    """
    pairs: list[tuple[str, str]] = []
    for part in _split_dn(text):
        key, sep, value = part.partition("=")
        if not sep:
            continue
        key = key.strip()
        if key.upper().startswith("OID."):
            key = key[4:]
        oid = _SHORT_NAMES.get(key.upper(), key)
        pairs.append((oid, _unescape(value)))
    return _identity(pairs, text)


#: Largest certificate, key or CRL file read (a CRL of a large CA can be tens of MB).
PKI_FILE_MAX_BYTES = 64 * 1024 * 1024


def _read(source: PemSource, what: str) -> bytes:
    if isinstance(source, bytes):
        return source
    path = Path(source)
    if not os.path.lexists(path):
        raise InputError(tr("{what} file not found", what=what), source=str(path))
    if path.is_dir():
        raise InputError(tr("{what} path is a directory", what=what), source=str(path),
                         hint=tr("give a file (trust anchors may also be a directory)"))
    # The input gate: a FIFO or a device is refused without being opened (it would block).
    return read_input(path, max_bytes=PKI_FILE_MAX_BYTES).data


_PEM_LABEL: Final = re.compile(rb"-----BEGIN ([A-Z0-9 #]{1,40})-----")
#: A DER SEQUENCE whose first element is INTEGER 3: the version of a PKCS#12 PFX (RFC 7292).
_PKCS12_HEAD: Final = re.compile(rb"\x30(?:[\x00-\x7f]|\x81.|\x82..|\x83...)\x02\x01\x03",
                                 re.DOTALL)


def _looks_like_pkcs12(data: bytes) -> bool:
    return _PKCS12_HEAD.match(data) is not None


def _holds(data: bytes) -> str:
    """What *data* holds, in words: why a file is not what was expected. Never a parser's
    dump: the reader needs to know which file they gave, not how ASN.1 decoding failed.

    >>> _holds(b'{"a": 1}'), _holds(b"-----BEGIN PRIVATE KEY-----")
    ('the file looks like JSON text', "the file holds a PEM block 'PRIVATE KEY'")
    """
    head = data[:4096].lstrip()
    label = _PEM_LABEL.search(data[:65536])
    if not head:
        return tr("the file is empty")
    if label is not None:
        return tr("the file holds a PEM block {label!r}", label=label.group(1).decode("ascii"))
    if head[:1] in (b"{", b"["):
        return tr("the file looks like JSON text")
    if head[:1] == b"<":
        return tr("the file looks like XML")
    if _looks_like_pkcs12(data):
        return tr("the file looks like a PKCS#12 file (.p12/.pfx)")
    if data[:1] == b"\x30":
        return tr("the file holds DER data of another kind")
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return tr("the file holds binary data that is neither PEM nor DER")
    return tr("the file is text without a PEM block")


def _certificates_from_bytes(data: bytes, name: str | None) -> list[x509.Certificate]:
    pem = b"-----BEGIN CERTIFICATE-----" in data
    try:
        if pem:
            return x509.load_pem_x509_certificates(data)
        if b"-----BEGIN" not in data and data[:1] == b"\x30" and not _looks_like_pkcs12(data):
            return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ConfigurationError(tr("the certificate in the file is damaged"), source=name,
                                 hint=tr("export it again from the CA or the token")) from None
    raise ConfigurationError(tr("not a certificate: {holds}", holds=_holds(data)), source=name,
                             hint=tr("give a certificate in PEM ('-----BEGIN CERTIFICATE-----') "
                                     "or DER form"))


def load_certificates(
    source: PemSource | Sequence[x509.Certificate],
) -> tuple[x509.Certificate, ...]:
    """Certificates from a PEM bundle (bytes or path), a DER file, a directory, or a sequence.

    A directory contributes every ``*.pem``, ``*.crt``, ``*.cer`` and ``*.der`` file in it.

    >>> from vn_egov.signature.pki import make_certificate_pair
    >>> from cryptography.hazmat.primitives.serialization import Encoding
    >>> _, cert = make_certificate_pair("CN=Root")
    >>> load_certificates(cert.public_bytes(Encoding.PEM))[0] == cert
    True
    """
    if isinstance(source, Sequence) and not isinstance(source, bytes | str):
        return tuple(source)
    if not isinstance(source, bytes) and Path(source).is_dir():
        found: list[x509.Certificate] = []
        for path in sorted(Path(source).iterdir()):
            if path.suffix.lower() in {".pem", ".crt", ".cer", ".der"} and path.is_file():
                found.extend(_certificates_from_bytes(_read(path, tr("certificate")),
                                                      str(path)))
        if not found:
            raise ConfigurationError(tr("no certificate files in the directory"),
                                     source=str(source),
                                     hint=tr("put *.pem, *.crt, *.cer or *.der files there"))
        return tuple(found)
    name = None if isinstance(source, bytes) else str(source)
    certificates = _certificates_from_bytes(_read(source, tr("certificate")), name)
    if not certificates:
        raise ConfigurationError(tr("no certificate found"), source=name)
    return tuple(certificates)


def load_crls(source: PemSource) -> tuple[x509.CertificateRevocationList, ...]:
    """CRLs from PEM (one or more) or DER bytes or file.

    >>> load_crls(b"junk")
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: not a CRL: the file is text without a PEM block ...
    """
    data = _read(source, tr("CRL"))
    name = None if isinstance(source, bytes) else str(source)
    try:
        if b"-----BEGIN X509 CRL-----" in data:
            blocks = re.findall(rb"-----BEGIN X509 CRL-----.+?-----END X509 CRL-----", data,
                                re.DOTALL)
            return tuple(x509.load_pem_x509_crl(block) for block in blocks)
        if b"-----BEGIN" not in data and data[:1] == b"\x30" and not _looks_like_pkcs12(data):
            return (x509.load_der_x509_crl(data),)
    except ValueError:
        raise ConfigurationError(tr("the CRL in the file is damaged"), source=name,
                                 hint=tr("download it again from the CA")) from None
    raise ConfigurationError(tr("not a CRL: {holds}", holds=_holds(data)), source=name,
                             hint=tr("give the CRL file published by the CA (PEM or DER)"))


def _check_key(key: object, name: str | None) -> PrivateKey:
    if isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        return key
    raise ConfigurationError(tr("unsupported private key type {kind}",
                                kind=type(key).__name__), source=name,
                             hint=tr("use an RSA (>= 2048 bits) or EC (P-256/P-384) key"))


def password_bytes(password: bytes | str | None) -> bytes | None:
    """A password as the cryptographic libraries take it: bytes, or text encoded as UTF-8
    (``None``: no password). Any other type is refused, naming the types expected.

    >>> password_bytes("mật khẩu") == "mật khẩu".encode()
    True
    >>> password_bytes(1234)
    Traceback (most recent call last):
    ...
    TypeError: password must be bytes, str or None, not int
    """
    if password is None or isinstance(password, bytes):
        return password
    if isinstance(password, str):
        return password.encode("utf-8")
    if isinstance(password, bytearray | memoryview):
        return bytes(password)
    raise TypeError(f"password must be bytes, str or None, not {type(password).__name__}")


def _is_key_file(data: bytes) -> bool:
    label = _PEM_LABEL.search(data[:65536])
    if label is not None:
        return label.group(1).endswith(b"PRIVATE KEY")
    return data[:1] == b"\x30" and not _looks_like_pkcs12(data)


def load_private_key(source: PemSource, password: bytes | str | None = None) -> PrivateKey:
    """An RSA or EC private key from PEM or DER (bytes or path), optionally encrypted with
    *password* (bytes, or text encoded as UTF-8).

    >>> load_private_key(b"not a key")
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: not a private key: the file is text without a PEM block ...
    """
    data = _read(source, tr("private key"))
    name = None if isinstance(source, bytes) else str(source)
    secret = password_bytes(password)
    if not _is_key_file(data):
        raise ConfigurationError(
            tr("not a private key: {holds}", holds=_holds(data)), source=name,
            hint=tr("give the private key in PEM ('-----BEGIN PRIVATE KEY-----') or DER form; "
                    "a .p12/.pfx file is a PKCS#12 file, which holds the key and its "
                    "certificates"))
    try:
        if b"-----BEGIN" in data:
            key: object = serialization.load_pem_private_key(data, secret)
        else:
            key = serialization.load_der_private_key(data, secret)
    except TypeError:  # cryptography: no password for an encrypted key, or one for a clear key
        if secret is None:
            raise ConfigurationError(tr("the private key is encrypted and no password was "
                                        "given"), source=name,
                                     hint=tr("give the password of the key")) from None
        raise ConfigurationError(tr("the private key is not encrypted, but a password was "
                                    "given"), source=name,
                                 hint=tr("give no password for this key")) from None
    except ValueError:
        reason = (tr("the password does not open the private key, or the key is damaged")
                  if secret is not None else tr("the private key in the file is damaged"))
        raise ConfigurationError(reason, source=name,
                                 hint=tr("check the file and its password")) from None
    return _check_key(key, name)


def load_pkcs12(source: PemSource, password: bytes | str | None
                ) -> tuple[PrivateKey, tuple[x509.Certificate, ...]]:
    """Key and certificates (leaf first) from a PKCS#12 (``.p12``/``.pfx``) file or bytes;
    *password* is bytes, or text encoded as UTF-8.

    >>> load_pkcs12(b"junk", b"pw")
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: not a PKCS#12 file: the file is text without a PEM block ...
    """
    data = _read(source, "PKCS#12")
    name = None if isinstance(source, bytes) else str(source)
    secret = password_bytes(password)
    if not _looks_like_pkcs12(data):
        raise ConfigurationError(
            tr("not a PKCS#12 file: {holds}", holds=_holds(data)), source=name,
            hint=tr("give the .p12/.pfx file that holds the key and its certificates; a PEM "
                    "key and certificate are given separately"))
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError):
        raise ConfigurationError(tr("the password does not open the PKCS#12 file, or the file "
                                    "is damaged"), source=name,
                                 hint=tr("check the password (--password-env names the "
                                         "variable)")
                                 ) from None
    if key is None or cert is None:
        raise ConfigurationError(tr("the PKCS#12 file holds no private key and certificate"),
                                 source=name,
                                 hint=tr("export the key together with its certificate"))
    return _check_key(key, name), (cert, *extra)
