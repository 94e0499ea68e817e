"""Verification: structure and policy first, then the SignatureValue, the digests, and trust.

The order bounds the cost of a hostile signature and follows the hardening of mature
verifiers:

1. Structure, before any cryptography: one Signature, no duplicate children (SIG002), the
   edXML whole-document shape (SIG003), allow-listed transforms (SIG004, SIG005), algorithms
   (SIG006, SIG007), unique ids (SIG009), same-document references (SIG010), bounded counts
   (SIG011), KeyValue (SIG012), a readable certificate with an allowed key (SIG016, SIG007,
   SIG008).
2. The SignatureValue against the signer's key (SIG014). A failure stops here: no reference
   is dereferenced and no certificate path is built.
3. The reference digests (SIG013), each distinct reference canonicalised once.
4. The certificate path, revocation and key usage (:mod:`vn_egov.signature.trust`), then, when
   asked, the binding of the signer to the package's ``From`` (:mod:`~.sender`).

Findings are capped per rule (``SignaturePolicy.max_findings_per_rule``; the rest is counted in
one SIG028 finding) and located in linear time. A package with no signature is ``unsigned``;
a namespace-less ``Signature`` or a ``DigitalSignature`` is a ``placeholder`` (SIG015).

>>> from vn_egov.signature.pki import make_demo_pki
>>> from vn_egov.signature.signer import Signer
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> signed = Signer(pki.signer_key, pki.chain).sign("<r><a>Hải Phòng</a></r>".encode())
>>> result = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).verify(signed)
>>> result.trusted_valid, result.signed_xml.decode()
(True, '<r><a>Hải Phòng</a></r>')
>>> result.identity.identifier("MST")
'0200000000'
"""

from __future__ import annotations

import binascii
import hashlib
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, cast

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from lxml import etree

from vn_egov import _b64
from vn_egov.errors import (
    DTDForbidden,
    MalformedXMLError,
    UnsafeXMLError,
)
from vn_egov.i18n import tr
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
from vn_egov.signature.certificates import identity_of, subject_string
from vn_egov.signature.crypto import PublicKey, key_matches_method, verify_value
from vn_egov.signature.keys import facts_of, key_refusal
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.signature.references import Transform, id_index, transformed_octets
from vn_egov.signature.result import (
    Algorithms,
    CryptoState,
    SignedReference,
    VerificationResult,
)
from vn_egov.signature.sender import binding_problem, signed_sender
from vn_egov.signature.signer import QCVN_NS
from vn_egov.signature.trust import TrustState, validate_path
from vn_egov.validation import Issue, Severity, issue_for
from vn_egov.xml import ParsedXML, ParseLimits, locating, parse
from vn_egov.xml.parser import DEFAULT_LIMITS, Source

__all__ = ["SignaturePolicy", "Verifier"]

_DS: Final = f"{{{DSIG_NS}}}"
_DSIG11: Final = "http://www.w3.org/2009/xmldsig11#"
_SIGNATURE_CHILDREN: Final = ("SignedInfo", "SignatureValue", "KeyInfo", "Object")
_SIGNED_INFO_CHILDREN: Final = ("CanonicalizationMethod", "SignatureMethod", "Reference")
_POLICY_RULES: Final = frozenset({f"SIG{n:03d}" for n in range(1, 13)})


class _Findings:
    """The issues of one verification, capped per rule id and located lazily."""

    def __init__(self, parsed: ParsedXML | None, limit: int) -> None:
        self.parsed = parsed
        self.limit = limit
        self.issues: list[Issue] = []
        self.counts: Counter[str] = Counter()

    def room(self, rule_id: str) -> bool:
        """True while findings of *rule_id* are still listed."""
        return self.counts[rule_id] < self.limit

    def add(self, rule_id: str, message: str, element: etree._Element | None = None,
            severity: Severity | None = None) -> None:
        self.counts[rule_id] += 1
        if self.counts[rule_id] > self.limit:
            return  # counted, not listed (and not located: locating is what costs)
        located = element if self.parsed is not None else None
        self.issues.append(issue_for(rule_id, message, element=located, severity=severity,
                                     data=self.parsed.data if self.parsed else None))

    def skip(self, rule_id: str, count: int) -> None:
        """Count *count* further findings of *rule_id* without building them."""
        self.counts[rule_id] += count

    def errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)

    def finish(self) -> tuple[Issue, ...]:
        unlisted = [issue_for("SIG028", tr(
            "{count} more {rule} finding(s) not listed (at most {limit} per rule)",
            count=count - self.limit, rule=rule, limit=self.limit))
            for rule, count in self.counts.items() if count > self.limit]
        return (*self.issues, *unlisted)


@dataclass(frozen=True, slots=True)
class _Reference:
    element: etree._Element
    uri: str
    transforms: tuple[Transform, ...]
    digest_uri: str
    expected: bytes
    target: etree._Element | None


@dataclass
class _Parsed:
    """The pieces of a structurally checked Signature."""

    signed_info: etree._Element
    c14n_uri: str
    signature_uri: str
    value: bytes
    references: list[_Reference]
    certificates: list[x509.Certificate]
    leaf: x509.Certificate | None
    key: PublicKey | None = None


@dataclass
class _Run:
    """The state of one verification."""

    parsed: ParsedXML
    findings: _Findings
    resolver: Mapping[str, bytes]
    ids: dict[str, list[etree._Element]] | None = None
    octets: dict[tuple[Any, ...], bytes] = field(default_factory=dict)

    def ids_of(self, value: str) -> list[etree._Element]:
        if self.ids is None:  # one pass over the document, whatever the references
            self.ids = id_index(self.parsed.tree)
        return self.ids.get(value, [])


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
               source_name: str | None = None,
               expected_sender: str | None = None) -> VerificationResult:
        """Verify the signature in *data* (bytes, text, path or binary stream).

        *resolver* maps external reference URIs (detached signatures, ``cid:``) to their
        bytes; without an entry such a reference is refused (SIG010). *expected_sender*: the
        agency (``OrganId``) the package must come from; the signed ``From`` must name it and
        the signer must belong to it (SIG027), as with ``bind_sender`` in the policy.
        """
        try:
            parsed = parse(data, limits=self.limits, source_name=source_name)
        except (MalformedXMLError, UnsafeXMLError) as exc:
            # The input was judged and found wanting: a finding, not an exception (a missing
            # or unreadable file still raises: nothing was judged).
            rule = ("SIG001" if isinstance(exc, DTDForbidden)
                    else "XML002" if isinstance(exc, UnsafeXMLError) else "XML001")
            findings = _Findings(None, self.policy.max_findings_per_rule)
            findings.issues.append(issue_for(
                rule, tr("refused before verification: {reason}", reason=exc.message),
                line=exc.line, column=exc.column, hint=exc.hint))
            return VerificationResult(CryptoState.UNVERIFIABLE, TrustState.NOT_CHECKED,
                                      findings.finish(), source=exc.source)
        return self.verify_parsed(parsed, resolver=resolver, expected_sender=expected_sender)

    def verify_or_raise(self, data: Source, *, require_trust: bool = True,
                        resolver: Mapping[str, bytes] | None = None,
                        expected_sender: str | None = None) -> VerificationResult:
        """Deprecated: ``verify(...).raise_if_invalid()`` (the one naming of every package:
        a judgement returns its result, the result raises). Verify and raise unless the
        signature is intact (and trusted when *require_trust*, the default).

        :class:`PolicyViolation` for refused constructions (SIG001-SIG012),
        :class:`InvalidSignature` when unsigned, a placeholder or not matching,
        :class:`UntrustedCertificate` when the signer is not trusted (or not bound to the
        sender).

        >>> Verifier().verify(b"<r/>").raise_if_invalid()
        Traceback (most recent call last):
        ...
        vn_egov.errors.InvalidSignature: the document is not signed (state unsigned) ...
        """
        warnings.warn("Verifier.verify_or_raise() is deprecated: use "
                      "Verifier.verify(...).raise_if_invalid() (require_trust=False: an intact "
                      "signature of an untrusted signer passes)", DeprecationWarning,
                      stacklevel=2)
        return self.verify(data, resolver=resolver, expected_sender=expected_sender) \
            .raise_if_invalid(require_trust=require_trust)

    def verify_parsed(self, parsed: ParsedXML, *, resolver: Mapping[str, bytes] | None = None,
                      expected_sender: str | None = None) -> VerificationResult:
        """Verify an already parsed document (used by the validation layer).

        The tree is restored after the enveloped transform; it is not otherwise modified.
        """
        run = _Run(parsed, _Findings(parsed, self.policy.max_findings_per_rule),
                   resolver or {})
        with locating():  # findings are located during the run; the document released after
            signatures = list(parsed.root.iter(_DS + "Signature"))
            if not signatures:
                return self._unsigned(run)
            if len(signatures) > 1:
                self._too_many(run, signatures)
                return self._result(run, CryptoState.UNVERIFIABLE)
            return self._verify_signature(run, signatures[0], expected_sender)

    # -- the steps ------------------------------------------------------------------------

    def _verify_signature(self, run: _Run, signature: etree._Element,
                          expected_sender: str | None) -> VerificationResult:
        findings = run.findings
        self._check_placement(run.parsed.root, signature, findings)
        pieces = self._check_structure(run, signature)
        details: dict[str, Any] = {"algorithms": _algorithms(pieces)}
        if pieces is None or findings.errors():
            return self._result(run, CryptoState.UNVERIFIABLE, pieces, **details)
        leaf = pieces.leaf
        public = cast(PublicKey, leaf.public_key() if leaf is not None else pieces.key)
        method = SIGNATURE_METHODS[pieces.signature_uri]
        if not key_matches_method(public, method):
            findings.add("SIG014", tr(
                "the certificate key ({key}) cannot produce {method} signatures",
                key=facts_of(public).describe(), method=pieces.signature_uri), signature)
            return self._result(run, CryptoState.INVALID, pieces, **details)
        if not verify_value(public, method, pieces.value, self._signed_info_octets(pieces)):
            signer = (tr("the KeyValue key") if leaf is None
                      else tr("the certificate {subject!r}", subject=subject_string(leaf)))
            findings.add("SIG014", tr("SignatureValue does not match SignedInfo with {signer}",
                                      signer=signer), signature.find(_DS + "SignatureValue"))
            return self._result(run, CryptoState.INVALID, pieces, **details)
        verified = self._check_digests(run, signature, pieces)
        if verified is None:
            return self._result(run, CryptoState.INVALID, pieces, **details)
        signed_at, covered = _signing_time(signature, pieces.references)
        return self._result(run, CryptoState.VALID, pieces, verified=verified, leaf=leaf,
                            signed_at=signed_at, covered=covered,
                            expected_sender=expected_sender, **details)

    def _too_many(self, run: _Run, signatures: list[etree._Element]) -> None:
        findings = run.findings
        message = tr("{count} XML-DSig Signature elements; exactly one is allowed",
                     count=len(signatures))
        extras = signatures[1:]
        listed = extras[:max(0, findings.limit - findings.counts["SIG002"])]
        for extra in listed:
            findings.add("SIG002", message, extra)
        findings.skip("SIG002", len(extras) - len(listed))

    def _signed_info_octets(self, pieces: _Parsed) -> bytes:
        c14n = c14n_method(EXC_C14N if pieces.c14n_uri == EXC_C14N_VPCP else pieces.c14n_uri)
        return canonicalize_element(
            pieces.signed_info, exclusive=c14n.exclusive, with_comments=c14n.with_comments,
            inclusive_prefixes=_prefix_list(pieces.signed_info, "CanonicalizationMethod"),
            version=c14n.version)

    def _check_digests(self, run: _Run, signature: etree._Element,
                       pieces: _Parsed) -> list[SignedReference] | None:
        verified: list[SignedReference] = []
        failed = False
        for reference in pieces.references:
            data = self._reference_octets(run, signature, reference)
            hash_name = DIGEST_METHODS[reference.digest_uri].hash_name
            if hashlib.new(hash_name, data).digest() != reference.expected:
                run.findings.add("SIG013", tr(
                    "digest of reference URI={uri!r} does not match: the signed content was "
                    "modified", uri=reference.uri), reference.element)
                failed = True
            else:
                verified.append(SignedReference(reference.uri, data))
        return None if failed else verified

    def _reference_octets(self, run: _Run, signature: etree._Element,
                          reference: _Reference) -> bytes:
        uri = reference.uri
        if uri and not uri.startswith("#"):
            return bytes(run.resolver[uri])
        # References to the same node with the same transforms digest the same octets:
        # canonicalise once (30 references to a large element cost one C14N, not 30).
        key = (id(reference.target), reference.transforms)
        cached = run.octets.get(key)
        if cached is None:
            cached = transformed_octets(run.parsed.tree, uri, reference.transforms,
                                        signature=signature, target=reference.target)
            run.octets[key] = cached
        return cached

    def _unsigned(self, run: _Run) -> VerificationResult:
        found = run.parsed.tree.xpath("//*[local-name()='Signature' or "
                                      "local-name()='DigitalSignature'][1]")
        candidates = list(cast("list[etree._Element]", found))
        if not candidates:
            return self._result(run, CryptoState.UNSIGNED)
        element = candidates[0]
        namespace = etree.QName(element).namespace
        run.findings.add("SIG015", tr(
            "<{name}> in namespace {namespace} is a placeholder, not an XML-DSig signature "
            "({dsig}); the package is unsigned", name=etree.QName(element).localname,
            namespace=namespace or tr("(none)"), dsig=DSIG_NS), element)
        return self._result(run, CryptoState.PLACEHOLDER)

    def _check_placement(self, root: etree._Element, signature: etree._Element,
                         findings: _Findings) -> None:
        if root.tag != f"{{{QCVN_NS}}}edXML":
            return
        parent = signature.getparent()
        if parent is None or parent.tag != f"{{{QCVN_NS}}}edXMLHeader":
            findings.add("SIG020", tr("Signature is not inside edXMLHeader"), signature)
            return
        last = next((child for child in reversed(parent) if isinstance(child.tag, str)), None)
        if last is not signature:
            findings.add("SIG020", tr("Signature is not the last child of edXMLHeader"),
                         signature)

    def _check_structure(self, run: _Run, signature: etree._Element) -> _Parsed | None:
        findings = run.findings
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
            findings.add("SIG011", tr("{count} References; at most {limit} are allowed",
                                      count=len(references), limit=self.policy.max_references),
                         signed_info)
            return None
        parsed_refs = [self._check_reference(run, r) for r in references]
        if self.policy.require_whole_document:
            self._check_whole_document(references, signed_info, findings)
        value = _base64(value_el.text)
        if value is None:
            findings.add("SIG014", tr("SignatureValue is not valid base64"), value_el)
        key_info = children.get("KeyInfo")
        bare_key = None
        if self.policy.allow_key_value and key_info is not None and key_info.find(
                f".//{_DS}X509Certificate") is None:
            bare_key = _key_from_key_value(key_info)
        certificates = [] if bare_key is not None else self._certificates(
            signature, key_info, findings)
        if value is None or certificates is None:
            return None
        leaf = _leaf(certificates) if certificates else None
        if leaf is not None:
            self._check_key_value(key_info, leaf, findings)
        public = bare_key if leaf is None else leaf.public_key()
        if not self._check_key(public, signature, findings):
            return None
        good = [r for r in parsed_refs if r is not None]
        if len(good) != len(references):
            return None
        return _Parsed(signed_info, c14n_uri, signature_uri, value, good, certificates, leaf,
                       bare_key)

    def _check_c14n_uri(self, uri: str, element: etree._Element, findings: _Findings) -> None:
        if uri == EXC_C14N_VPCP:
            if self.policy.allow_vpcp_quirks:
                findings.add("SIG005", tr("non-standard exclusive C14N URI {uri!r} accepted as "
                                          "exc-c14n (VPCP quirk allowed)", uri=uri),
                             element, Severity.WARNING)
            else:
                findings.add("SIG005", tr("non-standard exclusive C14N URI {uri!r}", uri=uri),
                             element)
        elif uri not in C14N_METHODS:
            findings.add("SIG007", tr("canonicalization method {uri!r} is not supported",
                                      uri=uri), element)

    def _check_algorithm(self, uri: str, element: etree._Element, findings: _Findings,
                         kind: str, allowed: bool) -> None:
        if allowed and not is_sha1(uri):
            return
        what = tr("signature method") if kind == "signature" else tr("digest method")
        if is_sha1(uri):
            if allowed:
                findings.add("SIG006", tr("SHA-1 {what} {uri} accepted for a legacy package "
                                          "(allow_sha1)", what=what, uri=uri),
                             element, Severity.WARNING)
            else:
                findings.add("SIG006", tr("SHA-1 {what} {uri} is refused", what=what, uri=uri),
                             element)
        else:
            findings.add("SIG007", tr("{what} {uri!r} is not in the allow-list", what=what,
                                      uri=uri), element)

    def _check_reference(self, run: _Run, reference: etree._Element) -> _Reference | None:
        findings = run.findings
        uri = reference.get("URI")
        ok = True
        container = [c for c in reference if c.tag == _DS + "Transforms"]
        transform_els = [t for c in container for t in c if isinstance(t.tag, str)]
        if len(container) > 1:
            findings.add("SIG002", tr("Reference has more than one Transforms element"),
                         reference)
            ok = False
        if len(transform_els) > self.policy.max_transforms:
            findings.add("SIG011", tr("{count} Transforms; at most {limit} are allowed",
                                      count=len(transform_els),
                                      limit=self.policy.max_transforms), reference)
            return None
        transforms = self._check_transforms(transform_els, findings)
        digest_el = reference.find(_DS + "DigestMethod")
        digest_uri = "" if digest_el is None else digest_el.get("Algorithm", "")
        self._check_algorithm(digest_uri, digest_el if digest_el is not None else reference,
                              findings, "digest", self.policy.allows_digest(digest_uri))
        expected = _base64(reference.findtext(_DS + "DigestValue"))
        if expected is None:
            findings.add("SIG013", tr("DigestValue is missing or not valid base64"), reference)
            ok = False
        target = None
        if uri is None:
            findings.add("SIG010", tr("Reference without URI needs an application resolver"),
                         reference)
            ok = False
        elif uri.startswith(("#xpointer(", "#xmlns(")):
            findings.add("SIG004", tr("XPointer reference {uri!r} is refused", uri=uri),
                         reference)
            ok = False
        elif uri.startswith("#"):
            matches = run.ids_of(uri[1:])
            if len(matches) > 1:
                findings.add("SIG009", tr("id {value!r} is carried by {count} elements "
                                          "(signature wrapping defence)", value=uri[1:],
                                          count=len(matches)), matches[1])
                ok = False
            elif not matches:
                findings.add("SIG013", tr("reference {uri!r} points to no element", uri=uri),
                             reference)
                ok = False
            else:
                target = matches[0]
        elif uri != "":
            if uri not in run.resolver:
                findings.add("SIG010", tr("external reference {uri!r} has no configured "
                                          "resolver", uri=uri), reference)
                ok = False
            elif transforms:
                findings.add("SIG004", tr("transforms on external content are not supported"),
                             reference)
                ok = False
        if transforms is None or not ok or expected is None or uri is None:
            return None
        return _Reference(reference, uri, tuple(transforms), digest_uri, expected, target)

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
                    findings.add("SIG004", tr("enveloped-signature after a C14N transform is "
                                              "not supported"), element)
                    ok = False
                result.append(Transform(uri))
            elif uri in C14N_METHODS:
                if index != len(elements) - 1:
                    findings.add("SIG004", tr("a C14N transform must be the last transform"),
                                 element)
                    ok = False
                result.append(Transform(uri, _prefixes(element)))
            else:
                findings.add("SIG004", tr("transform {uri!r} is not allowed (only "
                                          "enveloped-signature and C14N)", uri=uri), element)
                ok = False
        return result if ok else None

    def _check_whole_document(self, references: list[etree._Element],
                              signed_info: etree._Element, findings: _Findings) -> None:
        if len(references) != 1:
            findings.add("SIG003", tr("{count} References; the edXML profile requires exactly "
                                      "one with URI=\"\"", count=len(references)), signed_info)
            return
        reference = references[0]
        if reference.get("URI") != "":
            findings.add("SIG003", tr("Reference URI={uri!r} does not cover the whole package "
                                      "(URI=\"\" required)", uri=reference.get("URI")),
                         reference)
        transforms = [t.get("Algorithm") for c in reference if c.tag == _DS + "Transforms"
                      for t in c if isinstance(t.tag, str)]
        count = transforms.count(ENVELOPED)
        if count != 1:
            findings.add("SIG003", tr("{count} enveloped-signature transforms; exactly one is "
                                      "required", count=count), reference)

    def _certificates(self, signature: etree._Element, key_info: etree._Element | None,
                      findings: _Findings) -> list[x509.Certificate] | None:
        elements = [] if key_info is None else list(key_info.iter(_DS + "X509Certificate"))
        if not elements:
            names = [] if key_info is None else list(key_info.iter(_DS + "X509SubjectName"))
            findings.add("SIG016", tr("KeyInfo has only X509SubjectName; the signer cannot be "
                                      "identified") if names
                         else tr("KeyInfo has no X509Certificate; the signer cannot be "
                                 "identified"),
                         key_info if key_info is not None else signature)
            return None
        if len(elements) > self.policy.max_certificates:
            # Refused before decoding any of them: thousands of certificates cost time.
            findings.add("SIG011", tr("{count} certificates in KeyInfo; at most {limit} are "
                                      "allowed", count=len(elements),
                                      limit=self.policy.max_certificates), key_info)
            return None
        certificates = []
        for element in elements:
            cert, reason = _decoded(element.text or "")
            if cert is None:
                findings.add("SIG016", tr("X509Certificate cannot be read ({reason}); truncated, "
                                          "corrupted or malformed",
                                          reason=reason or tr("not valid base64")), element)
                return None
            certificates.append(cert)
        return certificates

    def _check_key(self, public: object, signature: etree._Element,
                   findings: _Findings) -> bool:
        """The signer key's type, curve and size against the policy (SIG007, SIG008)."""
        facts = facts_of(public)
        policy = self.policy
        refusal = key_refusal(facts, min_rsa_bits=policy.min_rsa_bits,
                              min_ec_bits=policy.min_ec_bits, curves=policy.ec_curves)
        if refusal is None:
            return True
        problem, reason = refusal
        if problem == "size":
            severity = Severity.WARNING if policy.allow_weak_keys else None
            findings.add("SIG008", tr("signer key: {reason}", reason=reason), signature,
                         severity)
            return policy.allow_weak_keys
        findings.add("SIG007", tr("signer key: {reason}", reason=reason), signature)
        return False

    def _check_key_value(self, key_info: etree._Element | None, leaf: x509.Certificate,
                         findings: _Findings) -> None:
        if key_info is None:
            return
        public = leaf.public_key()
        for key_value in key_info.iter(_DS + "KeyValue"):
            if not _key_value_matches(key_value, public):
                findings.add("SIG012", tr("KeyValue is not the public key of the certificate"),
                             key_value)

    # -- the result -----------------------------------------------------------------------

    def _result(self, run: _Run, crypto: CryptoState, pieces: _Parsed | None = None, *,
                algorithms: Algorithms | None = None,
                verified: Sequence[SignedReference] = (),
                leaf: x509.Certificate | None = None, signed_at: str | None = None,
                covered: bool = False,
                expected_sender: str | None = None) -> VerificationResult:
        certificates = pieces.certificates if pieces is not None else []
        leaf = leaf or (pieces.leaf if pieces is not None else None)
        trust = TrustState.NOT_CHECKED
        chain: tuple[x509.Certificate, ...] = ()
        sender: str | None = None
        bound: bool | None = None
        intact = crypto is CryptoState.VALID and not run.findings.errors()
        if intact and leaf is not None:
            # Paths are built only for an intact signature: whoever sends a broken one pays
            # for nothing but the checks above.
            outcome = validate_path(leaf, certificates, self.policy)
            trust, chain = outcome.state, outcome.chain
            for problem in outcome.problems:
                run.findings.add(problem.rule, problem.message, severity=problem.severity)
            # A certificate's names only mean something once its path is trusted.
            wanted = self.policy.bind_sender or expected_sender is not None
            if wanted and trust is TrustState.TRUSTED:
                sender, bound = self._bind(run, leaf, verified, expected_sender)
        return VerificationResult(
            crypto, trust, run.findings.finish(), leaf, chain,
            _identity(leaf), algorithms, signed_at, covered and intact,
            sender, bound, run.parsed.source, _verified=tuple(verified))

    def _bind(self, run: _Run, leaf: x509.Certificate, verified: Sequence[SignedReference],
              expected: str | None) -> tuple[str | None, bool]:
        """The signed ``From/OrganId`` and whether the signer belongs to it (SIG027)."""
        whole = [ref.data for ref in verified if ref.uri == ""]
        organ_id = signed_sender(whole[0])[0] if whole else None
        if organ_id is None:
            run.findings.add("SIG027", tr("the signed content names no sender (From/OrganId "
                                          "of a whole-package reference)"))
            return None, False
        if expected is not None and organ_id != expected.strip():
            run.findings.add("SIG027", tr("the package is signed as coming from {organ!r}, "
                                          "not from the expected sender {expected!r}",
                                          organ=organ_id, expected=expected.strip()))
            return organ_id, False
        problem = binding_problem(identity_of(leaf), organ_id, self.policy.sender_map)
        if problem is not None:
            run.findings.add("SIG027", problem)
            return organ_id, False
        return organ_id, True


def _identity(leaf: x509.Certificate | None) -> Any:
    return identity_of(leaf) if leaf is not None else None


@lru_cache(maxsize=512)
def _decoded(text: str) -> tuple[x509.Certificate | None, str | None]:
    """The certificate in an ``X509Certificate`` text, or why it cannot be used.

    Every part the verifier reads is read here, so that a malformed certificate (names that
    are not valid UTF-8, unreadable extensions, unknown key types) is a finding instead of a
    later crash. Cached by text: a hub sees the same certificates again and again."""
    der = _base64(text)
    if der is None:
        return None, None
    try:
        cert = x509.load_der_x509_certificate(der)
        cert.subject.rfc4514_string()
        cert.issuer.rfc4514_string()
        list(cert.extensions)
        cert.public_key()
        cert.not_valid_before_utc  # noqa: B018
        cert.not_valid_after_utc  # noqa: B018
    except (ValueError, UnsupportedAlgorithm) as exc:
        return None, str(exc)
    return cert, None


@lru_cache(maxsize=1024)
def _names(cert: x509.Certificate) -> tuple[bytes, bytes]:
    return cert.subject.public_bytes(), cert.issuer.public_bytes()


def _algorithms(pieces: _Parsed | None) -> Algorithms | None:
    if pieces is None:
        return None
    return Algorithms(pieces.c14n_uri, pieces.signature_uri,
                      tuple(ref.digest_uri for ref in pieces.references),
                      tuple(t.uri for ref in pieces.references for t in ref.transforms))


def _counted(parent: etree._Element, names: tuple[str, ...], findings: _Findings,
             what: str) -> dict[str, etree._Element]:
    found: dict[str, etree._Element] = {}
    expected = {_DS + name: name for name in names}
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = expected.get(tag)
        if name is None:
            if findings.room("SIG002"):
                findings.add("SIG002", tr("unexpected <{name}> in {parent}",
                                          name=etree.QName(child).localname, parent=what), child)
            else:
                findings.skip("SIG002", 1)
            continue
        if name in ("Reference", "Object"):
            found.setdefault(name, child)
            continue
        if name in found:
            findings.add("SIG002", tr("duplicate <{name}> in {parent}", name=name,
                                      parent=what), child)
            continue
        found[name] = child
    for name in names[:2]:
        if name not in found:
            findings.add("SIG002", tr("<{parent}> has no <{name}>", parent=what, name=name),
                         parent)
    return found


def _base64(text: str | None) -> bytes | None:
    if text is None or not text.strip():
        return None
    try:
        return _b64.decode("".join(text.split()))
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
    # At most max_certificates certificates reach here, so the pairwise scan is bounded.
    names = [_names(cert) for cert in certificates]
    for index, (subject, _) in enumerate(names):
        if not any(issuer == subject and other != index
                   for other, (_, issuer) in enumerate(names)):
            return certificates[index]
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
        try:
            return rsa.RSAPublicNumbers(int.from_bytes(exponent, "big"),
                                        int.from_bytes(modulus, "big")).public_key()
        except ValueError:
            return None
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


def _covers(reference: _Reference, element: etree._Element) -> bool:
    """Whether *reference* digested *element*, a descendant of the Signature: only a
    same-document ``#id`` reference without the enveloped-signature transform (which removes
    the whole Signature) whose target contains it."""
    if reference.target is None or any(t.uri == ENVELOPED for t in reference.transforms):
        return False
    return reference.target is element or reference.target in element.iterancestors()


def _signing_time(signature: etree._Element, references: Sequence[_Reference]
                  ) -> tuple[str | None, bool]:
    """The claimed SigningTime and whether a verified reference covers it (the first
    covered one when there are several)."""
    found = cast("list[etree._Element]", _SIGNING_TIME(signature))
    if not found:
        return None, False
    for element in found:
        if any(_covers(reference, element) for reference in references):
            return "".join(element.itertext()).strip() or None, True
    return "".join(found[0].itertext()).strip() or None, False
