"""Verification: structure and policy checks first, then cryptography, then trust.

The Signature is checked before any cryptography (``signature.md`` §3.3, §6): one Signature,
no duplicate children (SIG002), the edXML whole-document shape (SIG003), allow-listed
transforms (SIG004, SIG005), algorithms (SIG006, SIG007), key sizes (SIG008), unique ids
(SIG009), same-document references (SIG010), bounded counts (SIG011), KeyValue (SIG012) and a
usable certificate (SIG016). Only then are SignatureValue (SIG014) and digests (SIG013)
checked, and the certificate path validated (:mod:`vn_egov.signature.trust`). A package with
no signature is ``unsigned``; a namespace-less ``Signature`` or a ``DigitalSignature`` is a
``placeholder`` (SIG015): neither is an error of the package.

>>> from vn_egov.signature.pki import make_demo_pki
>>> from vn_egov.signature.signer import Signer
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> signed = Signer(pki.signer_key, pki.chain).sign("<r><a>Hải Phòng</a></r>".encode())
>>> result = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).verify(signed)
>>> result.crypto.value, result.trust.value, result.signed_xml.decode()
('valid', 'trusted', '<r><a>Hải Phòng</a></r>')
>>> result.identity.identifier("MST")
'0200000000'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, cast

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree

from vn_egov.errors import (
    DTDForbidden,
    InvalidSignature,
    PolicyViolation,
    UntrustedCertificate,
)
from vn_egov.signature import rules as _rules  # noqa: F401  (registers the SIG rules)
from vn_egov.signature.algorithms import (
    C14N_METHODS,
    DIGEST_METHODS,
    DSIG_NS,
    ENVELOPED,
    EXC_C14N,
    EXC_C14N_VPCP,
    SIGNATURE_METHODS,
    c14n_method,
    is_sha1,
)
from vn_egov.signature.c14n import canonicalize_element
from vn_egov.signature.certificates import identity_of
from vn_egov.signature.crypto import PublicKey, key_description, key_matches_method, verify_value
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.signature.references import Transform, elements_with_id, transformed_octets
from vn_egov.signature.result import (
    Algorithms,
    CryptoState,
    SignedReference,
    VerificationResult,
)
from vn_egov.signature.signer import QCVN_NS
from vn_egov.signature.trust import (
    TRUST_BREAKING,
    TrustState,
    issuer_of,
    subject_of,
    validate_chain,
)
from vn_egov.validation import Issue, Severity, issue_for
from vn_egov.xml import ParsedXML, ParseLimits, parse
from vn_egov.xml.parser import DEFAULT_LIMITS, Source

__all__ = ["SignaturePolicy", "Verifier"]

_DS: Final = f"{{{DSIG_NS}}}"
_DSIG11: Final = "http://www.w3.org/2009/xmldsig11#"
_SIGNATURE_CHILDREN: Final = ("SignedInfo", "SignatureValue", "KeyInfo", "Object")
_SIGNED_INFO_CHILDREN: Final = ("CanonicalizationMethod", "SignatureMethod", "Reference")
_POLICY_RULES: Final = frozenset({f"SIG{n:03d}" for n in range(1, 13)})


@dataclass
class _Findings:
    parsed: ParsedXML | None
    issues: list[Issue] = field(default_factory=list)

    def add(self, rule_id: str, message: str, element: etree._Element | None = None,
            severity: Severity | None = None) -> None:
        located = element if self.parsed is not None else None
        self.issues.append(issue_for(rule_id, message, element=located, severity=severity,
                                     data=self.parsed.data if self.parsed else None))

    def errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)


@dataclass
class _Parsed:
    """The pieces of a structurally checked Signature."""

    signed_info: etree._Element
    c14n_uri: str
    signature_uri: str
    value: bytes
    references: list[tuple[etree._Element, str, list[Transform], str, bytes]]
    certificates: list[x509.Certificate]
    key: PublicKey | None = None


class Verifier:
    """Verifies XML-DSig signatures under a :class:`SignaturePolicy`.

    >>> Verifier().verify(b"<r/>").crypto.value
    'unsigned'
    """

    def __init__(self, policy: SignaturePolicy | None = None, *,
                 limits: ParseLimits = DEFAULT_LIMITS) -> None:
        self.policy = policy or SignaturePolicy()
        self.limits = limits

    # -- entry points ---------------------------------------------------------------------

    def verify(self, data: Source, *, resolver: Mapping[str, bytes] | None = None,
               source_name: str | None = None) -> VerificationResult:
        """Verify the signature in *data* (bytes, text, path or binary stream).

        *resolver* maps external reference URIs (detached signatures, ``cid:``) to their
        bytes; without an entry such a reference is refused (SIG010).
        """
        try:
            parsed = parse(data, limits=self.limits, source_name=source_name)
        except DTDForbidden as exc:
            findings = _Findings(None)
            findings.add("SIG001", f"refused before verification: {exc.message}")
            return VerificationResult(CryptoState.UNVERIFIABLE, TrustState.NOT_CHECKED,
                                      tuple(findings.issues), source=exc.source)
        return self.verify_parsed(parsed, resolver=resolver)

    def verify_or_raise(self, data: Source, *, require_trust: bool = True,
                        resolver: Mapping[str, bytes] | None = None) -> VerificationResult:
        """Verify and raise unless valid (and trusted when *require_trust*).

        :class:`PolicyViolation` for refused constructions (SIG001-SIG012),
        :class:`InvalidSignature` when unsigned, a placeholder or not matching,
        :class:`UntrustedCertificate` when the chain is not trusted.

        >>> Verifier().verify_or_raise(b"<r/>")
        Traceback (most recent call last):
        ...
        vn_egov.errors.InvalidSignature: the document is not signed (state unsigned) ...
        """
        result = self.verify(data, resolver=resolver)
        errors = [i for i in result.issues if i.severity is Severity.ERROR]
        summary = "; ".join(f"{i.rule} {i.message}" for i in errors[:3])
        if any(i.rule in _POLICY_RULES for i in errors):
            raise PolicyViolation(f"signature refused by policy: {summary}",
                                  source=result.source, hint=errors[0].hint)
        if result.crypto in (CryptoState.UNSIGNED, CryptoState.PLACEHOLDER):
            raise InvalidSignature(f"the document is not signed (state {result.crypto.value})",
                                   source=result.source, hint="sign it with vn-egov sign")
        if not result.valid:
            detail = summary or "; ".join(f"{i.rule} {i.message}" for i in result.issues[:3])
            raise InvalidSignature(f"signature is {result.crypto.value}: {detail}",
                                   source=result.source)
        if require_trust and result.trust is not TrustState.TRUSTED:
            problems = "; ".join(f"{i.rule} {i.message}" for i in result.issues
                                 if i.rule in TRUST_BREAKING)
            raise UntrustedCertificate(
                f"signer certificate is {result.trust.value}: {problems or 'no trust anchors'}",
                source=result.source, hint="configure trust anchors (--trust) and intermediates")
        return result

    def verify_parsed(self, parsed: ParsedXML, *,
                      resolver: Mapping[str, bytes] | None = None) -> VerificationResult:
        """Verify an already parsed document (used by the validation layer).

        The tree is restored after the enveloped transform; it is not otherwise modified.
        """
        findings = _Findings(parsed)
        root = parsed.root
        signatures = list(root.iter(_DS + "Signature"))
        if not signatures:
            return self._unsigned(parsed, findings)
        if len(signatures) > 1:
            for extra in signatures[1:]:
                findings.add("SIG002", f"{len(signatures)} XML-DSig Signature elements; exactly "
                             "one is allowed", extra)
            return self._result(CryptoState.UNVERIFIABLE, findings, parsed)
        signature = signatures[0]
        self._check_placement(root, signature, findings)
        pieces = self._check_structure(parsed.tree, signature, findings, resolver or {})
        algorithms = self._algorithms(pieces)
        signed_at, covered = _signing_time(signature, pieces)
        if pieces is None or findings.errors():
            state = CryptoState.UNVERIFIABLE
            return self._result(state, findings, parsed, algorithms=algorithms,
                                certificates=pieces.certificates if pieces else [],
                                signed_at=signed_at)
        leaf = _leaf(pieces.certificates) if pieces.certificates else None
        public = cast(PublicKey, leaf.public_key() if leaf is not None else pieces.key)
        method = SIGNATURE_METHODS[pieces.signature_uri]
        if not key_matches_method(public, method):
            findings.add("SIG014", f"the certificate key ({key_description(public)}) cannot "
                         f"produce {pieces.signature_uri} signatures", signature)
            return self._result(CryptoState.INVALID, findings, parsed, algorithms=algorithms,
                                certificates=pieces.certificates, signed_at=signed_at)
        self._check_key_size(public, signature, findings)
        if findings.errors():
            return self._result(CryptoState.UNVERIFIABLE, findings, parsed,
                                algorithms=algorithms, certificates=pieces.certificates,
                                signed_at=signed_at)
        c14n = c14n_method(EXC_C14N if pieces.c14n_uri == EXC_C14N_VPCP else pieces.c14n_uri)
        octets = canonicalize_element(pieces.signed_info, exclusive=c14n.exclusive,
                                      with_comments=c14n.with_comments,
                                      inclusive_prefixes=_prefix_list(pieces.signed_info,
                                                                      "CanonicalizationMethod"),
                                      version=c14n.version)
        state = CryptoState.VALID
        if not verify_value(public, method, pieces.value, octets):
            signer = ("the KeyValue key" if leaf is None
                      else f"the certificate {leaf.subject.rfc4514_string()!r}")
            findings.add("SIG014", f"SignatureValue does not match SignedInfo with {signer}",
                         signature.find(_DS + "SignatureValue"))
            state = CryptoState.INVALID
        verified: list[SignedReference] = []
        for reference, uri, transforms, digest_uri, expected in pieces.references:
            data = self._reference_octets(parsed.tree, signature, uri, transforms,
                                          resolver or {})
            actual = hashlib.new(DIGEST_METHODS[digest_uri].hash_name, data).digest()
            if actual != expected:
                findings.add("SIG013", f"digest of reference URI={uri!r} does not match: the "
                             "signed content was modified", reference)
                state = CryptoState.INVALID
            else:
                verified.append(SignedReference(uri, data))
        if state is not CryptoState.VALID:
            verified = []
        return self._result(state, findings, parsed, algorithms=algorithms,
                            certificates=pieces.certificates, signed_at=signed_at,
                            covered=covered, verified=verified, leaf=leaf)

    # -- pieces ---------------------------------------------------------------------------

    def _unsigned(self, parsed: ParsedXML, findings: _Findings) -> VerificationResult:
        found = parsed.tree.xpath("//*[local-name()='Signature' or "
                                  "local-name()='DigitalSignature']")
        candidates = list(cast("list[etree._Element]", found))
        if not candidates:
            return self._result(CryptoState.UNSIGNED, findings, parsed)
        element = candidates[0]
        namespace = etree.QName(element).namespace
        findings.add("SIG015", f"<{etree.QName(element).localname}> in namespace "
                     f"{namespace or '(none)'} is a placeholder, not an XML-DSig signature "
                     f"({DSIG_NS}); the package is unsigned", element)
        return self._result(CryptoState.PLACEHOLDER, findings, parsed)

    def _check_placement(self, root: etree._Element, signature: etree._Element,
                         findings: _Findings) -> None:
        if root.tag != f"{{{QCVN_NS}}}edXML":
            return
        parent = signature.getparent()
        siblings = [] if parent is None else [c for c in parent if isinstance(c.tag, str)]
        if parent is None or parent.tag != f"{{{QCVN_NS}}}edXMLHeader":
            findings.add("SIG020", "Signature is not inside edXMLHeader", signature)
        elif siblings[-1] is not signature:
            findings.add("SIG020", "Signature is not the last child of edXMLHeader", signature)

    def _check_structure(self, tree: etree._ElementTree, signature: etree._Element,
                         findings: _Findings, resolver: Mapping[str, bytes]) -> _Parsed | None:
        children = _counted(signature, _SIGNATURE_CHILDREN, findings, "Signature")
        signed_info = children.get("SignedInfo")
        value_el = children.get("SignatureValue")
        if signed_info is None or value_el is None:
            return None
        info = _counted(signed_info, _SIGNED_INFO_CHILDREN, findings, "SignedInfo")
        c14n_el, method_el = info.get("CanonicalizationMethod"), info.get("SignatureMethod")
        if c14n_el is None or method_el is None:
            return None
        c14n_uri = c14n_el.get("Algorithm", "")
        self._check_c14n_uri(c14n_uri, c14n_el, findings)
        signature_uri = method_el.get("Algorithm", "")
        self._check_algorithm(signature_uri, method_el, findings, "signature",
                              self.policy.allows_signature(signature_uri))
        references = [r for r in signed_info if r.tag == _DS + "Reference"]
        if len(references) > self.policy.max_references:
            findings.add("SIG011", f"{len(references)} References; at most "
                         f"{self.policy.max_references} are allowed", signed_info)
            return None
        parsed_refs = [self._check_reference(tree, signature, r, findings, resolver)
                       for r in references]
        if self.policy.require_whole_document:
            self._check_whole_document(references, signed_info, findings)
        value = _base64(value_el.text)
        if value is None:
            findings.add("SIG014", "SignatureValue is not valid base64", value_el)
        key_info = children.get("KeyInfo")
        bare_key = None
        if self.policy.allow_key_value and key_info is not None and key_info.find(
                f".//{_DS}X509Certificate") is None:
            bare_key = _key_from_key_value(key_info)
        certificates = [] if bare_key is not None else self._certificates(
            signature, key_info, findings)
        if value is None or certificates is None:
            return None
        if certificates:
            self._check_key_value(key_info, certificates, findings)
        good = [r for r in parsed_refs if r is not None]
        if len(good) != len(references):
            return None
        return _Parsed(signed_info, c14n_uri, signature_uri, value, good, certificates, bare_key)

    def _check_c14n_uri(self, uri: str, element: etree._Element, findings: _Findings) -> None:
        if uri == EXC_C14N_VPCP:
            severity = Severity.WARNING if self.policy.allow_vpcp_quirks else None
            findings.add("SIG005", f"non-standard exclusive C14N URI {uri!r}"
                         + (" accepted as exc-c14n (VPCP quirk allowed)" if severity else ""),
                         element, severity)
        elif uri not in C14N_METHODS:
            findings.add("SIG007", f"canonicalization method {uri!r} is not supported", element)

    def _check_algorithm(self, uri: str, element: etree._Element, findings: _Findings,
                         kind: str, allowed: bool) -> None:
        if is_sha1(uri):
            if allowed:
                findings.add("SIG006", f"SHA-1 {kind} method {uri} accepted for a legacy "
                             "package (allow_sha1)", element, Severity.WARNING)
            else:
                findings.add("SIG006", f"SHA-1 {kind} method {uri} is refused", element)
        elif not allowed:
            findings.add("SIG007", f"{kind} method {uri!r} is not in the allow-list", element)

    def _check_reference(self, tree: etree._ElementTree, signature: etree._Element,
                         reference: etree._Element, findings: _Findings,
                         resolver: Mapping[str, bytes]
                         ) -> tuple[etree._Element, str, list[Transform], str, bytes] | None:
        uri = reference.get("URI")
        ok = True
        container = [c for c in reference if c.tag == _DS + "Transforms"]
        transform_els = [t for c in container for t in c if isinstance(t.tag, str)]
        if len(container) > 1:
            findings.add("SIG002", "Reference has more than one Transforms element", reference)
            ok = False
        if len(transform_els) > self.policy.max_transforms:
            findings.add("SIG011", f"{len(transform_els)} Transforms; at most "
                         f"{self.policy.max_transforms} are allowed", reference)
            return None
        transforms = self._check_transforms(transform_els, findings)
        digest_el = reference.find(_DS + "DigestMethod")
        digest_uri = "" if digest_el is None else digest_el.get("Algorithm", "")
        self._check_algorithm(digest_uri, digest_el if digest_el is not None else reference,
                              findings, "digest", self.policy.allows_digest(digest_uri))
        expected = _base64(reference.findtext(_DS + "DigestValue"))
        if expected is None:
            findings.add("SIG013", "DigestValue is missing or not valid base64", reference)
            ok = False
        if uri is None:
            findings.add("SIG010", "Reference without URI needs an application resolver",
                         reference)
            ok = False
        elif uri.startswith(("#xpointer(", "#xmlns(")):
            findings.add("SIG004", f"XPointer reference {uri!r} is refused", reference)
            ok = False
        elif uri.startswith("#"):
            matches = elements_with_id(tree, uri[1:])
            if len(matches) > 1:
                findings.add("SIG009", f"id {uri[1:]!r} is carried by {len(matches)} elements "
                             "(signature wrapping defence)", matches[1])
                ok = False
            elif not matches:
                findings.add("SIG013", f"reference {uri!r} points to no element", reference)
                ok = False
        elif uri != "":
            if uri not in resolver:
                findings.add("SIG010", f"external reference {uri!r} has no configured resolver",
                             reference)
                ok = False
            elif transforms:
                findings.add("SIG004", "transforms on external content are not supported",
                             reference)
                ok = False
        if transforms is None or not ok or expected is None:
            return None
        return reference, cast(str, uri), transforms, digest_uri, expected

    def _check_transforms(self, elements: list[etree._Element], findings: _Findings
                          ) -> list[Transform] | None:
        result: list[Transform] = []
        ok = True
        for index, element in enumerate(elements):
            uri = element.get("Algorithm", "")
            if uri == EXC_C14N_VPCP:
                self._check_c14n_uri(uri, element, findings)
                uri = EXC_C14N
            if uri == ENVELOPED:
                if any(t.uri != ENVELOPED for t in result):
                    findings.add("SIG004", "enveloped-signature after a C14N transform is not "
                                 "supported", element)
                    ok = False
                result.append(Transform(uri))
            elif uri in C14N_METHODS:
                if index != len(elements) - 1:
                    findings.add("SIG004", "a C14N transform must be the last transform",
                                 element)
                    ok = False
                result.append(Transform(uri, _prefixes(element)))
            else:
                findings.add("SIG004", f"transform {uri!r} is not allowed (only "
                             "enveloped-signature and C14N)", element)
                ok = False
        return result if ok else None

    def _check_whole_document(self, references: list[etree._Element],
                              signed_info: etree._Element,
                              findings: _Findings) -> None:
        if len(references) != 1:
            findings.add("SIG003", f"{len(references)} References; the edXML profile requires "
                         "exactly one with URI=\"\"", signed_info)
            return
        reference = references[0]
        if reference.get("URI") != "":
            findings.add("SIG003", f"Reference URI={reference.get('URI')!r} does not cover the "
                         "whole package (URI=\"\" required)", reference)
        transforms = [t.get("Algorithm") for c in reference if c.tag == _DS + "Transforms"
                      for t in c if isinstance(t.tag, str)]
        count = transforms.count(ENVELOPED)
        if count != 1:
            findings.add("SIG003", f"{count} enveloped-signature transforms; exactly one is "
                         "required", reference)

    def _certificates(self, signature: etree._Element, key_info: etree._Element | None,
                      findings: _Findings) -> list[x509.Certificate] | None:
        elements = [] if key_info is None else list(
            key_info.iter(_DS + "X509Certificate"))
        if not elements:
            names = [] if key_info is None else list(key_info.iter(_DS + "X509SubjectName"))
            what = "only X509SubjectName" if names else "no X509Certificate"
            findings.add("SIG016", f"KeyInfo has {what}; the signer cannot be identified",
                         key_info if key_info is not None else signature)
            return None
        certificates = []
        for element in elements:
            der = _base64(element.text)
            try:
                if der is None:
                    raise ValueError("not valid base64")
                certificates.append(x509.load_der_x509_certificate(der))
            except ValueError as exc:
                findings.add("SIG016", f"X509Certificate cannot be read ({exc}); truncated or "
                             "corrupted", element)
                return None
        return certificates

    def _check_key_value(self, key_info: etree._Element | None,
                         certificates: list[x509.Certificate], findings: _Findings) -> None:
        if key_info is None:
            return
        for key_value in key_info.iter(_DS + "KeyValue"):
            public = _leaf(certificates).public_key()
            if not _key_value_matches(key_value, public):
                findings.add("SIG012", "KeyValue is not the public key of the certificate",
                             key_value)

    def _check_key_size(self, public: PublicKey, signature: etree._Element,
                        findings: _Findings) -> None:
        if isinstance(public, rsa.RSAPublicKey):
            size, minimum = public.key_size, self.policy.min_rsa_bits
        else:
            size, minimum = public.curve.key_size, self.policy.min_ec_bits
        if size < minimum:
            severity = Severity.WARNING if self.policy.allow_weak_keys else None
            findings.add("SIG008", f"signer key is {key_description(public)}; at least "
                         f"{minimum} bits are required", signature, severity)

    def _reference_octets(self, tree: etree._ElementTree, signature: etree._Element, uri: str,
                          transforms: list[Transform], resolver: Mapping[str, bytes]) -> bytes:
        if uri and not uri.startswith("#"):
            return bytes(resolver[uri])
        target = elements_with_id(tree, uri[1:])[0] if uri.startswith("#") else None
        return transformed_octets(tree, uri, transforms, signature=signature, target=target)

    def _algorithms(self, pieces: _Parsed | None) -> Algorithms | None:
        if pieces is None:
            return None
        return Algorithms(
            pieces.c14n_uri, pieces.signature_uri,
            tuple(digest for *_, digest, _ in pieces.references),
            tuple(t.uri for _, _, transforms, _, _ in pieces.references for t in transforms))

    def _result(self, crypto: CryptoState, findings: _Findings, parsed: ParsedXML, *,
                algorithms: Algorithms | None = None,
                certificates: list[x509.Certificate] | None = None,
                signed_at: str | None = None, covered: bool = False,
                verified: list[SignedReference] | None = None,
                leaf: x509.Certificate | None = None) -> VerificationResult:
        trust = TrustState.NOT_CHECKED
        chain: tuple[x509.Certificate, ...] = ()
        if certificates:
            leaf = leaf or _leaf(certificates)
            outcome = validate_chain(leaf, certificates, self.policy)
            trust, chain = outcome.state, outcome.chain
            for rule, message in outcome.problems:
                findings.add(rule, message)
        return VerificationResult(
            crypto, trust, tuple(findings.issues), tuple(verified or ()), leaf, chain,
            identity_of(leaf) if leaf is not None else None, algorithms, signed_at,
            covered and crypto is CryptoState.VALID, parsed.source)


def _counted(parent: etree._Element, names: tuple[str, ...], findings: _Findings,
             what: str) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        name = qname.localname
        if qname.namespace != DSIG_NS or name not in names:
            findings.add("SIG002", f"unexpected <{name}> in {what}", child)
            continue
        if name in ("Reference", "Object"):
            found.setdefault(name, child)
            continue
        if name in found:
            findings.add("SIG002", f"duplicate <{name}> in {what}", child)
            continue
        found[name] = child
    for name in names[:2]:
        if name not in found:
            findings.add("SIG002", f"<{what}> has no <{name}>", parent)
    return found


def _base64(text: str | None) -> bytes | None:
    if text is None or not text.strip():
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _prefixes(element: etree._Element) -> tuple[str, ...]:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname == "InclusiveNamespaces":
            return tuple(p for p in child.get("PrefixList", "").split() if p != "#default")
    return ()


def _prefix_list(signed_info: etree._Element, name: str) -> tuple[str, ...]:
    element = signed_info.find(_DS + name)
    return () if element is None else _prefixes(element)


def _leaf(certificates: list[x509.Certificate]) -> x509.Certificate:
    # The leaf is the certificate that issued no other one in the set (order-independent).
    for cert in certificates:
        subject = subject_of(cert)
        if not any(issuer_of(other) == subject and other != cert for other in certificates):
            return cert
    return certificates[0]


def _key_value_matches(key_value: etree._Element, public: object) -> bool:
    rsa_value = key_value.find(_DS + "RSAKeyValue")
    if rsa_value is not None and isinstance(public, rsa.RSAPublicKey):
        modulus = _base64(rsa_value.findtext(_DS + "Modulus"))
        exponent = _base64(rsa_value.findtext(_DS + "Exponent"))
        numbers = public.public_numbers()
        return (modulus is not None and exponent is not None
                and int.from_bytes(modulus, "big") == numbers.n
                and int.from_bytes(exponent, "big") == numbers.e)
    ec_value = key_value.find(f"{{{_DSIG11}}}ECKeyValue")
    if ec_value is not None and isinstance(public, ec.EllipticCurvePublicKey):
        from cryptography.hazmat.primitives import serialization

        point = _base64(ec_value.findtext(f"{{{_DSIG11}}}PublicKey"))
        return point == public.public_bytes(serialization.Encoding.X962,
                                            serialization.PublicFormat.UncompressedPoint)
    return False


_CURVES: Final[dict[str, ec.EllipticCurve]] = {
    "urn:oid:1.2.840.10045.3.1.7": ec.SECP256R1(), "urn:oid:1.3.132.0.34": ec.SECP384R1(),
    "urn:oid:1.3.132.0.35": ec.SECP521R1(),
}


def _key_from_key_value(key_info: etree._Element) -> PublicKey | None:
    """The public key of an RSAKeyValue or dsig11 ECKeyValue (named curve), else ``None``."""
    rsa_value = key_info.find(f"{_DS}KeyValue/{_DS}RSAKeyValue")
    if rsa_value is not None:
        modulus = _base64(rsa_value.findtext(_DS + "Modulus"))
        exponent = _base64(rsa_value.findtext(_DS + "Exponent"))
        if modulus is None or exponent is None:
            return None
        return rsa.RSAPublicNumbers(int.from_bytes(exponent, "big"),
                                    int.from_bytes(modulus, "big")).public_key()
    ec_value = key_info.find(f"{_DS}KeyValue/{{{_DSIG11}}}ECKeyValue")
    if ec_value is not None:
        curve_el = ec_value.find(f"{{{_DSIG11}}}NamedCurve")
        curve = _CURVES.get("" if curve_el is None else curve_el.get("URI", ""))
        point = _base64(ec_value.findtext(f"{{{_DSIG11}}}PublicKey"))
        if curve is None or point is None:
            return None
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
        except ValueError:
            return None
    return None


_SIGNING_TIME = etree.XPath(".//*[local-name()='SigningTime']")


def _signing_time(signature: etree._Element, pieces: _Parsed | None) -> tuple[str | None, bool]:
    found = cast("list[etree._Element]", _SIGNING_TIME(signature))
    if not found:
        return None, False
    element = found[0]
    text = (element.text or "").strip() or None
    covered = False
    if pieces is not None:
        for reference, uri, *_ in pieces.references:
            if uri.startswith("#"):
                targets = elements_with_id(reference.getroottree(), uri[1:])
                covered |= any(element in t.iter() for t in targets)
    return text, covered
