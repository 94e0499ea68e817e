"""Signing: enveloped XML-DSig over a whole edXML package or any XML payload.

The edXML profile: one ``Reference URI=""`` with the
enveloped-signature and exclusive C14N transforms, exclusive C14N for SignedInfo, RSA-SHA256
by default, ``KeyInfo/X509Data`` with ``X509SubjectName`` and the certificates (leaf first).
The Signature becomes the last child of ``edXMLHeader``; a placeholder ``Signature`` (not in
the XML-DSig namespace, as EdXML102 writes it) or ``DigitalSignature`` there is replaced.
Everything outside the Signature is written back as parsed (text byte for byte; the XML
declaration is kept), so the attachments are covered as they are.

>>> from vn_egov.signature.pki import make_demo_pki
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> signer = Signer(pki.signer_key, pki.chain)
>>> data = '<?xml version="1.0" encoding="UTF-8"?>\\n<catalogue>Hải Phòng</catalogue>'.encode()
>>> signed = signer.sign(data)
>>> signed.startswith(data[:-len("</catalogue>")])
True
>>> b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">' in signed
True
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree

from vn_egov.errors import ConfigurationError, InputError, PolicyViolation
from vn_egov.i18n import tr
from vn_egov.signature.algorithms import (
    DEFAULT_DIGEST_METHODS,
    DEFAULT_SIGNATURE_METHODS,
    DSIG_NS,
    ECDSA_SHA256,
    ECDSA_SHA384,
    ECDSA_SHA512,
    ENVELOPED,
    EXC_C14N,
    RSA_SHA256,
    SHA256,
    digest_method,
    is_sha1,
    signature_method,
)
from vn_egov.signature.c14n import canonicalize_element, digest_document
from vn_egov.signature.certificates import (
    PrivateKey,
    load_certificates,
    load_pkcs12,
    load_private_key,
    subject_string,
)
from vn_egov.signature.crypto import sign_value, verify_value
from vn_egov.signature.external import ExternalSigner, SigningRequest, normalise_ecdsa_value
from vn_egov.signature.keys import DEFAULT_CURVES, facts_of, key_refusal
from vn_egov.signature.references import detached
from vn_egov.xml import parse

if TYPE_CHECKING:
    from vn_egov.edoc.models import DocumentPackage, StatusPackage

__all__ = ["QCVN_NS", "Signer"]

QCVN_NS: Final = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
_DS: Final = f"{{{DSIG_NS}}}"
_PLACEHOLDER_NAMES: Final = frozenset({"Signature", "DigitalSignature"})
_XML_DECLARATION: Final = re.compile(rb"^(\xef\xbb\xbf)?<\?xml[^>]*\?>")


def _default_method(key: rsa.RSAPublicKey | ec.EllipticCurvePublicKey) -> str:
    if isinstance(key, rsa.RSAPublicKey):
        return RSA_SHA256
    return {"secp384r1": ECDSA_SHA384, "secp521r1": ECDSA_SHA512}.get(key.curve.name,
                                                                       ECDSA_SHA256)


class Signer:
    """Signs XML with a private key (or an external signer) and its certificate chain.

    ``signature_method`` defaults to RSA-SHA256 for RSA keys and ECDSA with the curve's hash
    for EC keys; ``digest_method`` to SHA-256. SHA-1, keys below RSA 2048/EC 256 bits and
    algorithms outside the default allow-list raise :class:`PolicyViolation`. ``prefix`` is
    ``None`` for the unprefixed form (``<Signature xmlns="...xmldsig#">``, as in the VPCP
    sample) or ``"ds"``.

    >>> from vn_egov.signature.pki import make_certificate_pair
    >>> key, cert = make_certificate_pair("CN=A", key_spec="rsa", rsa_bits=1024)
    >>> Signer(key, [cert])
    Traceback (most recent call last):
    ...
    vn_egov.errors.PolicyViolation: the signing key is refused: RSA-1024 key; ... (hint: ...)
    """

    def __init__(self, key: PrivateKey | None, certificate_chain: Sequence[x509.Certificate], *,
                 signature_method: str | None = None, digest_method: str = SHA256,
                 prefix: str | None = None, external_signer: ExternalSigner | None = None,
                 min_rsa_bits: int = 2048, min_ec_bits: int = 256) -> None:
        if not certificate_chain:
            raise ConfigurationError(tr("no signer certificate given"),
                                     hint=tr("pass the signer certificate first, then its chain"))
        if key is None and external_signer is None:
            raise ConfigurationError(tr("neither a private key nor an external signer given"))
        self.key = key
        self.certificates = tuple(certificate_chain)
        self.external_signer = external_signer
        self.prefix = prefix
        public = self.certificates[0].public_key()
        if not isinstance(public, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
            refusal = key_refusal(facts_of(public), min_rsa_bits=min_rsa_bits,
                                  min_ec_bits=min_ec_bits, curves=DEFAULT_CURVES)
            raise PolicyViolation(tr("the signing key is refused: {reason} (rule SIG007)",
                                     reason=refusal[1] if refusal else type(public).__name__),
                                  hint=tr("use an RSA or EC certificate"))
        self.public_key = public
        if key is not None and key.public_key().public_numbers() != public.public_numbers():
            raise ConfigurationError(
                tr("the private key does not belong to the first certificate"),
                hint=tr("give the signer certificate first (leaf, then chain)"))
        self.signature_method = signature_method or _default_method(public)
        self.digest_method = digest_method
        self._check_policy(min_rsa_bits, min_ec_bits)

    def _check_policy(self, min_rsa_bits: int, min_ec_bits: int) -> None:
        for uri in (self.signature_method, self.digest_method):
            if is_sha1(uri):
                raise PolicyViolation(tr("refusing to sign with SHA-1 ({uri}) (rule SIG006)",
                                         uri=uri), hint=tr("use SHA-256 or stronger"))
        if self.signature_method not in DEFAULT_SIGNATURE_METHODS:
            raise PolicyViolation(tr("signature method {uri!r} is not allowed (rule SIG007)",
                                     uri=self.signature_method),
                                  hint=tr("use RSA-SHA256, RSA-PSS or ECDSA"))
        if self.digest_method not in DEFAULT_DIGEST_METHODS:
            raise PolicyViolation(tr("digest method {uri!r} is not allowed (rule SIG007)",
                                     uri=self.digest_method),
                                  hint=tr("use SHA-256, SHA-384 or SHA-512"))
        method = signature_method(self.signature_method)
        public = self.public_key
        refusal = key_refusal(facts_of(public), min_rsa_bits=min_rsa_bits,
                              min_ec_bits=min_ec_bits, curves=DEFAULT_CURVES)
        if refusal is not None:
            rule = "SIG008" if refusal[0] == "size" else "SIG007"
            raise PolicyViolation(tr("the signing key is refused: {reason} (rule {rule})",
                                     reason=refusal[1], rule=rule),
                                  hint=tr("use RSA >= 2048 bits or EC P-256/P-384"))
        if isinstance(public, rsa.RSAPublicKey) == (method.key_type == "ecdsa"):
            raise PolicyViolation(tr("{key} key cannot sign with {uri}",
                                     key=facts_of(public).describe(), uri=self.signature_method),
                                  hint=tr("match the method to the key"))

    @classmethod
    def from_pem(cls, key: bytes | str | os.PathLike[str],
                 certificates: bytes | str | os.PathLike[str],
                 chain: bytes | str | os.PathLike[str] | None = None, *,
                 password: bytes | str | None = None, signature_method: str | None = None,
                 digest_method: str = SHA256, prefix: str | None = None) -> Signer:
        """From a PEM/DER private key, the signer certificate (PEM may hold the chain too)
        and optionally a chain bundle: paths or bytes. *password* is bytes or text."""
        certs = load_certificates(certificates)
        if chain is not None:
            certs = (*certs, *load_certificates(chain))
        return cls(load_private_key(key, password), certs, signature_method=signature_method,
                   digest_method=digest_method, prefix=prefix)

    @classmethod
    def from_pkcs12(cls, data: bytes | str | os.PathLike[str], password: bytes | str | None,
                    *, signature_method: str | None = None, digest_method: str = SHA256,
                    prefix: str | None = None) -> Signer:
        """From a PKCS#12 (``.p12``/``.pfx``) file or bytes and its password (bytes or text).

        >>> Signer.from_pkcs12(b"junk", "mật khẩu")
        Traceback (most recent call last):
        ...
        vn_egov.errors.ConfigurationError: not a PKCS#12 file: the file is text without ...
        """
        key, certs = load_pkcs12(data, password)
        return cls(key, certs, signature_method=signature_method, digest_method=digest_method,
                   prefix=prefix)

    # -- building -------------------------------------------------------------------------

    def _el(self, parent: etree._Element, name: str, text: str | None = None,
            **attrib: str) -> etree._Element:
        element = etree.SubElement(parent, _DS + name, attrib)
        element.text = text
        return element

    def _new_signature(self, reference_uri: str, transforms: Sequence[str]) -> etree._Element:
        signature = etree.Element(_DS + "Signature", nsmap={self.prefix: DSIG_NS})
        signed_info = self._el(signature, "SignedInfo")
        self._el(signed_info, "CanonicalizationMethod", Algorithm=EXC_C14N)
        self._el(signed_info, "SignatureMethod", Algorithm=self.signature_method)
        reference = self._el(signed_info, "Reference", URI=reference_uri)
        if transforms:
            container = self._el(reference, "Transforms")
            for uri in transforms:
                self._el(container, "Transform", Algorithm=uri)
        self._el(reference, "DigestMethod", Algorithm=self.digest_method)
        self._el(reference, "DigestValue")
        self._el(signature, "SignatureValue")
        x509_data = self._el(self._el(signature, "KeyInfo"), "X509Data")
        self._el(x509_data, "X509SubjectName", subject_string(self.certificates[0]))
        for cert in self.certificates:
            der = cert.public_bytes(serialization.Encoding.DER)
            self._el(x509_data, "X509Certificate", base64.b64encode(der).decode("ascii"))
        return signature

    def _set_digest(self, signature: etree._Element, value: bytes) -> None:
        node = signature.find(f"{_DS}SignedInfo/{_DS}Reference/{_DS}DigestValue")
        cast(etree._Element, node).text = base64.b64encode(value).decode("ascii")

    @property
    def _hash_name(self) -> str:
        return digest_method(self.digest_method).hash_name

    def _sign_signed_info(self, signature: etree._Element) -> None:
        signed_info = cast(etree._Element, signature.find(_DS + "SignedInfo"))
        octets = canonicalize_element(signed_info, exclusive=True)
        method = signature_method(self.signature_method)
        if self.external_signer is not None:
            digest = hashlib.new(method.hash_name, octets).digest()
            value = self.external_signer(SigningRequest(octets, digest, method.hash_name,
                                                        method.uri))
            if isinstance(self.public_key, ec.EllipticCurvePublicKey):
                value = normalise_ecdsa_value(value, self.public_key.curve)
            if not verify_value(self.public_key, method, value, octets):
                raise ConfigurationError(
                    tr("the external signer returned a value that does not verify with the "
                       "signer certificate"),
                    hint=tr("check that the token/HSM key matches the certificate and the "
                            "algorithm"))
        else:
            value = sign_value(cast(PrivateKey, self.key), method, octets)
        node = cast(etree._Element, signature.find(_DS + "SignatureValue"))
        node.text = base64.b64encode(value).decode("ascii")

    # -- public API -----------------------------------------------------------------------

    def sign(self, xml: bytes | str | os.PathLike[str] | DocumentPackage | StatusPackage,
             location: str | None = None) -> bytes:
        """Sign *xml* enveloped over the whole document: bytes, text, a path, or a package
        model (written with :func:`vn_egov.edoc.write` first).

        *location*: ``None`` (edXML: last child of ``edXMLHeader``; other XML: the document
        element), ``"root"`` (append to the document element) or an XPath selecting exactly
        one element (prefixes ``edXML`` and ``ds`` are predefined).
        """
        parsed = parse(_xml_of(xml))
        tree = parsed.tree
        parent = self._location(parsed.root, location)
        signature = self._new_signature("", (ENVELOPED, EXC_C14N))
        _append_indented(parent, signature)
        # The enveloped transform, then exclusive C14N of the whole document, digested as
        # it is written (transformed_octets would hold the canonical form whole).
        with detached(signature):
            digest = digest_document(tree, self._hash_name, exclusive=True)
        self._set_digest(signature, digest)
        self._sign_signed_info(signature)
        return _serialise(tree, parsed.data)

    def sign_detached(self, data: bytes, uri: str) -> bytes:
        """A standalone Signature document over external *data* named *uri* (no transforms).

        Verify it with ``Verifier.verify(signature, resolver={uri: data})``.

        >>> from vn_egov.signature.pki import make_demo_pki
        >>> pki = make_demo_pki(key_spec="ec-p256")
        >>> out = Signer(pki.signer_key, pki.chain, prefix="ds").sign_detached(b"PDF", "a.pdf")
        >>> out.startswith(b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">')
        True
        """
        if not uri or uri.startswith("#"):
            raise ConfigurationError(tr("detached reference URI {uri!r} must name external "
                                        "content", uri=uri),
                                     hint=tr("use a file name or cid: URI"))
        signature = self._new_signature(uri, ())
        self._set_digest(signature, hashlib.new(self._hash_name, bytes(data)).digest())
        self._sign_signed_info(signature)
        return etree.tostring(signature, encoding="UTF-8", xml_declaration=False)

    def _location(self, root: etree._Element, location: str | None) -> etree._Element:
        if location == "root" or (location is None and root.tag != f"{{{QCVN_NS}}}edXML"):
            _refuse_existing(root)
            return root
        if location is None:
            header = root.find(f"{{{QCVN_NS}}}edXMLEnvelope/{{{QCVN_NS}}}edXMLHeader")
            if header is None:
                raise InputError(tr("edXML package has no edXMLEnvelope/edXMLHeader"),
                                 hint=tr("sign a complete package (QCVN 102:2016/BTTTT)"))
            _refuse_existing(root)
            _remove_placeholders(header)
            return header
        try:
            found = root.xpath(location, namespaces={"edXML": QCVN_NS, "ds": DSIG_NS})
        except etree.XPathError as exc:
            raise ConfigurationError(tr("invalid signature location {location!r}: {error}",
                                        location=location, error=exc),
                                     hint=tr("give 'root' or an XPath to one element")) from None
        elements = [e for e in cast("list[Any]", found) if isinstance(e, etree._Element)]
        if len(elements) != 1:
            raise ConfigurationError(tr("signature location {location!r} selects {count} "
                                        "elements; exactly one is required",
                                        location=location, count=len(elements)))
        _refuse_existing(root)
        return elements[0]


def _refuse_existing(root: etree._Element) -> None:
    for existing in root.iter(_DS + "Signature"):
        value = existing.findtext(_DS + "SignatureValue")
        if value and value.strip():
            raise PolicyViolation(tr("the document already carries an XML-DSig signature"),
                                  hint=tr("sign the unsigned package; a second enveloped "
                                          "signature over URI=\"\" would break the first"))


def _remove_placeholders(header: etree._Element) -> None:
    for child in list(header):
        if isinstance(child.tag, str) and etree.QName(child).localname in _PLACEHOLDER_NAMES:
            previous = child.getprevious()
            if child.tail and previous is not None:
                previous.tail = child.tail
            header.remove(child)


def _xml_of(xml: object) -> bytes | str | os.PathLike[str]:
    """What to parse: a package model is written first; other types are refused by name."""
    from vn_egov.edoc.models import DocumentPackage, StatusPackage

    if isinstance(xml, DocumentPackage | StatusPackage):
        from vn_egov.edoc.writer import write

        return write(xml)
    if isinstance(xml, bytes | str | os.PathLike):
        return xml
    if isinstance(xml, bytearray | memoryview):
        return bytes(xml)
    raise TypeError("sign() takes the XML to sign as bytes, text, a path or a package model "
                    f"(DocumentPackage, StatusPackage), not {type(xml).__name__}")


def _append_indented(parent: etree._Element, element: etree._Element) -> None:
    children = list(parent)
    if children:
        last = children[-1]
        element.tail = last.tail
        indent = children[-2].tail if len(children) > 1 else parent.text
        last.tail = indent
    parent.append(element)


def _trailing_space(data: bytes) -> bytes:
    # Scans back from the end only: rstrip() would copy the whole (possibly huge) input.
    end = len(data)
    while end and data[end - 1] in b" \t\r\n":
        end -= 1
    return data[end:]


def _serialise(tree: etree._ElementTree, original: bytes) -> bytes:
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    tail = _trailing_space(original)  # keep the final newline(s) of the input
    match = _XML_DECLARATION.match(original)
    if match is None:
        return b"".join((body, tail))
    declaration = match.group(0)
    if b"encoding" in declaration and not re.search(rb"encoding\s*=\s*[\"']utf-?8[\"']",
                                                    declaration, re.IGNORECASE):
        declaration = b'<?xml version="1.0" encoding="UTF-8"?>'  # re-encoded as UTF-8
    gap = re.match(rb"\s*", original[match.end():match.end() + 4096])
    return b"".join((declaration, gap.group(0) if gap else b"", body, tail))
