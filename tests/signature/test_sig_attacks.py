"""Attacks and refused constructions: each is rejected with a precise rule id."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
import xmlsec
from cryptography.hazmat.primitives import serialization
from lxml import etree

from vn_egov.errors import InvalidSignature, PolicyViolation, UntrustedCertificate
from vn_egov.signature import (
    CryptoState,
    SignaturePolicy,
    Signer,
    TrustState,
    Verifier,
    make_demo_pki,
)
from vn_egov.validation import Severity

C = xmlsec.constants
DS = "http://www.w3.org/2000/09/xmldsig#"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"


def _errors(result: Any) -> list[str]:
    return sorted({i.rule for i in result.issues if i.severity is Severity.ERROR})


def _edit(data: bytes, edit: Any) -> bytes:
    root = etree.fromstring(data)
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _signed_info(root: etree._Element) -> etree._Element:
    return root.find(f".//{{{DS}}}SignedInfo")


# -- content changes ---------------------------------------------------------------------------

def test_modified_header_content(signed_package: bytes, verifier: Verifier) -> None:
    tampered = signed_package.replace("Trần Văn Minh".encode(), "Trần Văn Mình".encode())
    result = verifier.verify(tampered)
    assert result.crypto is CryptoState.INVALID
    assert _errors(result) == ["SIG013"]
    assert result.signed_xml is None
    assert result.signed_references == ()
    issue = next(i for i in result.issues if i.rule == "SIG013")
    assert issue.xpath is not None
    assert issue.xpath.endswith("SignedInfo/Reference")
    assert issue.line is not None


def test_modified_attachment(signed_package: bytes, verifier: Verifier) -> None:
    original = base64.b64encode(b"Noi dung van ban\n")
    tampered = signed_package.replace(original, base64.b64encode(b"%PDF-1.5\n"))
    assert tampered != signed_package
    assert _errors(verifier.verify(tampered)) == ["SIG013"]


def test_swapped_certificate(pki: Any, signed_package: bytes, verifier: Verifier) -> None:
    other = base64.b64encode(pki.revoked.public_bytes(serialization.Encoding.DER))
    first = re.search(rb"<X509Certificate>([^<]+)</X509Certificate>", signed_package)
    assert first is not None
    swapped = signed_package.replace(first.group(1), other, 1)
    result = verifier.verify(swapped)
    assert result.crypto is CryptoState.INVALID
    assert "SIG014" in _errors(result)


def test_modified_signed_info(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        reference = root.find(f".//{{{DS}}}Reference")
        reference.set("Id", "ref-1")
    result = verifier.verify(_edit(signed_package, edit))
    assert _errors(result) == ["SIG014"]


# -- wrapping ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def id_signed(pki: Any, peer: Any) -> bytes:
    data = (b'<Envelope xmlns="urn:soap"><Body><Order Id="order">pay 10 VND</Order></Body>'
            b"</Envelope>")
    return peer.sign(data, pki.signer_key, pki.signer, method=C.TransformRsaSha256,
                     uri="#order", id_attr="Id")


def test_reference_to_an_id_refused_by_edxml_profile(id_signed: bytes,
                                                     verifier: Verifier) -> None:
    result = verifier.verify(id_signed)
    assert _errors(result) == ["SIG003"]
    assert result.crypto is CryptoState.UNVERIFIABLE


def test_duplicated_signed_element_wrapping(id_signed: bytes, pki: Any) -> None:
    def edit(root: etree._Element) -> None:
        body = root[0]
        original = body[0]
        evil = etree.SubElement(body, "{urn:soap}Order", Id="order")
        evil.text = "pay 1000000 VND"
        body.remove(original)
        wrapper = etree.SubElement(root, "{urn:soap}Wrapper")
        wrapper.append(original)
    relaxed = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                                       require_whole_document=False))
    result = relaxed.verify(_edit(id_signed, edit))
    assert _errors(result) == ["SIG009"]
    assert result.signed_xml is None


def test_moved_signed_element_returns_only_signed_content(id_signed: bytes, pki: Any) -> None:
    """Classic wrapping: the signed element moved away, unsigned content in its place. The
    edXML policy refuses it; a relaxed policy exposes only the signed element."""
    def edit(root: etree._Element) -> None:
        body = root[0]
        original = body[0]
        body.remove(original)
        etree.SubElement(body, "{urn:soap}Order").text = "pay 1000000 VND"
        etree.SubElement(root, "{urn:soap}Header").append(original)
    moved = _edit(id_signed, edit)
    relaxed = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                                       require_whole_document=False))
    assert _errors(Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(moved)) == [
        "SIG003"]
    result = relaxed.verify(moved)
    assert result.signature_intact
    assert result.signed_xml == b'<Order xmlns="urn:soap" Id="order">pay 10 VND</Order>'
    assert b"1000000" not in result.signed_xml


def test_signed_element_moved_into_the_signature(id_signed: bytes, pki: Any) -> None:
    """Moved inside ds:Object, the enveloped transform removes it: nothing is signed."""
    def edit(root: etree._Element) -> None:
        original = root[0][0]
        root[0].remove(original)
        etree.SubElement(root.find(f"{{{DS}}}Signature"), f"{{{DS}}}Object").append(original)
    relaxed = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                                       require_whole_document=False))
    result = relaxed.verify(_edit(id_signed, edit))
    assert _errors(result) == ["SIG013"]
    assert result.signed_xml is None


def test_second_unsigned_root_content(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        evil = etree.SubElement(root, "{http://www.mic.gov.vn/TBT/QCVN_102_2016}AttachmentEncoded")
        etree.SubElement(evil, "{http://www.mic.gov.vn/TBT/QCVN_102_2016}Attachment").text = "x"
    assert _errors(verifier.verify(_edit(signed_package, edit))) == ["SIG013"]


def test_second_signature(signed_package: bytes, pki: Any, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        signature = root.find(f".//{{{DS}}}Signature")
        root.append(etree.fromstring(etree.tostring(signature)))
    result = verifier.verify(_edit(signed_package, edit))
    assert _errors(result) == ["SIG002"]


def test_duplicate_signed_info(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        signed_info = _signed_info(root)
        signed_info.addnext(etree.fromstring(etree.tostring(signed_info)))
    assert _errors(verifier.verify(_edit(signed_package, edit))) == ["SIG002"]


# -- transforms, counts, algorithms ----------------------------------------------------------------

def test_xslt_transform(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        transforms = root.find(f".//{{{DS}}}Transforms")
        etree.SubElement(transforms, f"{{{DS}}}Transform", Algorithm=XSLT)
    result = verifier.verify(_edit(signed_package, edit))
    assert _errors(result) == ["SIG004"]
    assert result.crypto is CryptoState.UNVERIFIABLE


@pytest.mark.parametrize("uri", ["urn:totally-unknown-transform",
                                 "http://www.w3.org/TR/1999/REC-xpath-19991116"])
def test_unknown_transforms(signed_package: bytes, verifier: Verifier, uri: str) -> None:
    def edit(root: etree._Element) -> None:
        root.find(f".//{{{DS}}}Transform").set("Algorithm", uri)
    assert "SIG004" in _errors(verifier.verify(_edit(signed_package, edit)))


def test_excessive_references(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        reference = root.find(f".//{{{DS}}}Reference")
        for _ in range(30):
            reference.addnext(etree.fromstring(etree.tostring(reference)))
    result = verifier.verify(_edit(signed_package, edit))
    assert _errors(result) == ["SIG011"]
    assert "31 References; at most 30" in result.issues[0].message


def test_excessive_transforms(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        transforms = root.find(f".//{{{DS}}}Transforms")
        for _ in range(5):
            etree.SubElement(transforms, f"{{{DS}}}Transform",
                             Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    result = verifier.verify(_edit(signed_package, edit))
    assert _errors(result) == ["SIG011"], result.issues


def test_sha1_rejected_by_default_and_warned_when_allowed(pki: Any, package: Any,
                                                          peer: Any) -> None:
    signed = peer.sign(package(), pki.signer_key, pki.signer, method=C.TransformRsaSha1,
                       digest=C.TransformSha1, parent_xpath="//edXML:edXMLHeader")
    strict = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,)))
    result = strict.verify(signed)
    assert _errors(result) == ["SIG006"]
    assert [i.rule for i in result.issues].count("SIG006") == 2  # signature and digest
    legacy = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                                      allow_sha1=True)).verify(signed)
    assert legacy.signature_intact
    assert legacy.trusted_valid
    assert {(i.rule, i.severity) for i in legacy.issues if i.rule == "SIG006"} == {
        ("SIG006", Severity.WARNING)}


@pytest.mark.parametrize("uri", ["http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                                 "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
                                 "http://www.w3.org/2000/09/xmldsig#dsa-sha1"])
def test_sha1_signature_uri_as_digest_refused_even_with_legacy_flag(
        signed_package: bytes, pki: Any, uri: str) -> None:
    # Regression: with allow_sha1 a SHA-1 *signature* URI used as DigestMethod crashed.
    def edit(root: etree._Element) -> None:
        root.find(f".//{{{DS}}}DigestMethod").set("Algorithm", uri)
    legacy = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                                      allow_sha1=True))
    result = legacy.verify(_edit(signed_package, edit))
    assert not result.signature_intact
    assert _errors(result) == ["SIG006"], result.issues  # an error even under the flag


def test_md5_digest_outside_allow_list(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        root.find(f".//{{{DS}}}DigestMethod").set(
            "Algorithm", "http://www.w3.org/2001/04/xmldsig-more#md5")
    assert _errors(verifier.verify(_edit(signed_package, edit))) == ["SIG007"]


def test_rsa_1024_key(pki: Any, package: Any, peer: Any) -> None:
    key, cert = pki.issue("CN=Weak key (DEMO),C=VN", key_spec="rsa", rsa_bits=1024)
    signed = peer.sign(package(), key, cert, method=C.TransformRsaSha256,
                       parent_xpath="//edXML:edXMLHeader")
    policy = SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,))
    result = Verifier(policy).verify(signed)
    assert _errors(result) == ["SIG008"]
    assert "RSA-1024" in next(i.message for i in result.issues if i.rule == "SIG008")
    weak_ok = Verifier(SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                                       allow_weak_keys=True)).verify(signed)
    assert weak_ok.signature_intact


def test_vpcp_exc_c14n_uri(signed_package: bytes, pki: Any, verifier: Verifier) -> None:
    quirk = signed_package.replace(b'<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
                                   b'<Transform Algorithm="http://www.w3.org/TR/xml-exc-c14n#"/>')
    assert _errors(verifier.verify(quirk)) == ["SIG005"]
    lenient = Verifier(SignaturePolicy(trust_anchors=(pki.root,), allow_vpcp_quirks=True))
    result = lenient.verify(quirk)
    assert [(i.rule, i.severity) for i in result.issues if i.rule == "SIG005"] == [
        ("SIG005", Severity.WARNING)]
    assert "SIG014" in _errors(result)  # SignedInfo was edited after signing


def test_external_reference_without_resolver(signed_package: bytes, pki: Any) -> None:
    def edit(root: etree._Element) -> None:
        root.find(f".//{{{DS}}}Reference").set("URI", "cid:attachment-1")
    relaxed = Verifier(SignaturePolicy(trust_anchors=(pki.root,), require_whole_document=False))
    assert _errors(relaxed.verify(_edit(signed_package, edit))) == ["SIG010"]


def test_dtd_refused() -> None:
    result = Verifier().verify(b'<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>')
    assert result.rule_ids() == ["SIG001"]
    assert result.crypto is CryptoState.UNVERIFIABLE


# -- key info ---------------------------------------------------------------------------

def test_no_certificate(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        for cert in root.findall(f".//{{{DS}}}X509Certificate"):
            cert.getparent().remove(cert)
    result = verifier.verify(_edit(signed_package, edit))
    assert result.rule_ids() == ["SIG016"]
    assert result.crypto is CryptoState.UNVERIFIABLE
    assert "only X509SubjectName" in result.issues[0].message


def test_truncated_certificate(signed_package: bytes, verifier: Verifier) -> None:
    def edit(root: etree._Element) -> None:
        cert = root.find(f".//{{{DS}}}X509Certificate")
        cert.text = cert.text[:200]
    result = verifier.verify(_edit(signed_package, edit))
    assert result.rule_ids() == ["SIG016"]
    assert result.crypto is CryptoState.UNVERIFIABLE


def test_key_value_mismatch(signed_package: bytes, pki: Any, verifier: Verifier) -> None:
    numbers = pki.revoked.public_key().public_numbers()

    def edit(root: etree._Element) -> None:
        key_info = root.find(f".//{{{DS}}}KeyInfo")
        rsa_value = etree.SubElement(etree.SubElement(key_info, f"{{{DS}}}KeyValue"),
                                     f"{{{DS}}}RSAKeyValue")
        etree.SubElement(rsa_value, f"{{{DS}}}Modulus").text = base64.b64encode(
            numbers.n.to_bytes(256, "big")).decode()
        etree.SubElement(rsa_value, f"{{{DS}}}Exponent").text = "AQAB"
    assert _errors(verifier.verify(_edit(signed_package, edit))) == ["SIG012"]


# -- placeholders and placement --------------------------------------------------------------------

def test_namespace_less_signature_is_placeholder(package: Any, verifier: Verifier,
                                                 placeholder_signature: str) -> None:
    result = verifier.verify(package(signature=placeholder_signature))
    assert result.crypto is CryptoState.PLACEHOLDER
    assert result.trust is TrustState.NOT_CHECKED
    assert [(i.rule, i.severity) for i in result.issues] == [("SIG015", Severity.WARNING)]
    assert result.issues[0].xpath == "/edXML/edXML:edXMLEnvelope/edXML:edXMLHeader/Signature"


def test_empty_digital_signature_is_placeholder(package: Any, verifier: Verifier) -> None:
    result = verifier.verify(package(signature="\n      <edXML:DigitalSignature/>"))
    assert result.crypto is CryptoState.PLACEHOLDER
    assert result.rule_ids() == ["SIG015"]


def test_unsigned(package: Any, verifier: Verifier) -> None:
    result = verifier.verify(package())
    assert result.crypto is CryptoState.UNSIGNED
    assert result.issues == ()


def test_signature_not_last_child(pki: Any, package: Any, verifier: Verifier) -> None:
    signed = Signer(pki.signer_key, pki.chain).sign(package(), location="//edXML:edXMLBody")
    result = verifier.verify(signed)
    assert result.trusted_valid
    assert [(i.rule, i.message) for i in result.issues] == [
        ("SIG020", "Signature is not inside edXMLHeader")]


# -- certificates and trust ----------------------------------------------------------------------

def _sign_with(pki: Any, package: Any, key: Any, cert: Any) -> bytes:
    return Signer(key, (cert, pki.issuing)).sign(package())


def test_expired_and_not_yet_valid(pki: Any, package: Any, verifier: Verifier) -> None:
    now = dt.datetime.now(dt.UTC)
    old_key, expired = pki.issue("CN=Expired (DEMO)", key_spec="rsa",
                                 not_before=now - dt.timedelta(days=400),
                                 not_after=now - dt.timedelta(hours=1))
    result = verifier.verify(_sign_with(pki, package, old_key, expired))
    assert result.crypto is CryptoState.VALID
    assert result.trust is TrustState.UNTRUSTED
    assert result.rule_ids() == ["SIG018"]
    assert "expired on" in result.issues[0].message
    key, future = pki.issue("CN=Future (DEMO)", key_spec="rsa",
                            not_before=now + dt.timedelta(days=10))
    result = verifier.verify(_sign_with(pki, package, key, future))
    assert result.rule_ids() == ["SIG018"]
    assert "not valid before" in result.issues[0].message
    past = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls,
                                    at=now - dt.timedelta(hours=2)))
    assert past.verify(_sign_with(pki, package, old_key, expired)).trusted_valid


def test_revoked(pki: Any, package: Any, verifier: Verifier) -> None:
    result = verifier.verify(_sign_with(pki, package, pki.revoked_key, pki.revoked))
    assert result.crypto is CryptoState.VALID
    assert result.trust is TrustState.UNTRUSTED
    assert _errors(result) == ["SIG022"]
    with pytest.raises(UntrustedCertificate, match="SIG022"):
        verifier.verify(_sign_with(pki, package, pki.revoked_key, pki.revoked)).raise_if_invalid()


def test_revocation_not_checked_without_crl(pki: Any, signed_package: bytes) -> None:
    result = Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(signed_package)
    assert result.trusted_valid
    assert [(i.rule, i.severity) for i in result.issues] == [("SIG019", Severity.INFO)]


def test_revoked_signer_with_forged_crl_is_not_trusted(pki: Any, package: Any) -> None:
    """Issue 15 item 1: the configured CRL of the issuer fails its signature check (same
    issuer name, another key), so the revocation state is unknown: not trusted."""
    from vn_egov.signature import make_crl

    forged = make_crl((pki.revoked_key, pki.issuing), [])  # right issuer name, wrong key
    policy = SignaturePolicy(trust_anchors=(pki.root,), crls=(forged, pki.root_crl))
    result = Verifier(policy).verify(_sign_with(pki, package, pki.revoked_key, pki.revoked))
    assert result.signature_intact
    assert result.trust is TrustState.UNTRUSTED
    assert not result.trusted_valid
    assert result.signed_xml is None
    assert _errors(result) == ["SIG024"]
    assert "fails its signature check" in next(
        i.message for i in result.issues if i.rule == "SIG024")


def test_wrong_key_usage(pki: Any, package: Any, verifier: Verifier) -> None:
    key, cert = pki.issue("CN=Encryption only (DEMO)", key_spec="rsa",
                          key_usage=frozenset({"key_encipherment"}))
    result = verifier.verify(_sign_with(pki, package, key, cert))
    assert result.crypto is CryptoState.VALID
    assert result.trust is TrustState.UNTRUSTED
    assert _errors(result) == ["SIG023"]


def test_untrusted_root(signed_package: bytes) -> None:
    stranger = make_demo_pki(key_spec="ec-p256")
    verifier = Verifier(SignaturePolicy(trust_anchors=(stranger.root,)))
    result = verifier.verify(signed_package)
    assert result.crypto is CryptoState.VALID
    assert result.trust is TrustState.UNTRUSTED
    assert result.rule_ids() == ["SIG017"]
    with pytest.raises(UntrustedCertificate, match="SIG017"):
        verifier.verify(signed_package).raise_if_invalid()


def test_no_anchors_is_not_checked(signed_package: bytes) -> None:
    result = Verifier().verify(signed_package)
    assert (result.crypto, result.trust) == (CryptoState.VALID, TrustState.NOT_CHECKED)
    assert Verifier().verify(signed_package).raise_if_invalid(
        require_trust=False).signature_intact
    with pytest.raises(UntrustedCertificate, match="not_checked"):
        Verifier().verify(signed_package).raise_if_invalid()


def test_verify_or_raise_error_types(signed_package: bytes, package: Any,
                                     verifier: Verifier) -> None:
    assert verifier.verify(signed_package).raise_if_invalid().trusted_valid
    with pytest.raises(InvalidSignature, match="SIG013"):
        verifier.verify(signed_package.replace(b"SKHCN-VP", b"SKHCN-VX")).raise_if_invalid()
    with pytest.raises(InvalidSignature, match="not signed"):
        verifier.verify(package()).raise_if_invalid()
    xslt = signed_package.replace(
        b'<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>',
        f'<Transform Algorithm="{XSLT}"/>'.encode())
    with pytest.raises(PolicyViolation, match="SIG004"):
        verifier.verify(xslt).raise_if_invalid()
