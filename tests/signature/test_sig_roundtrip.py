"""Signing: placement, algorithms, byte preservation, refusals; verified by us and libxmlsec1."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from vn_egov.errors import ConfigurationError, InputError, PolicyViolation
from vn_egov.signature import (
    ECDSA_SHA256,
    ECDSA_SHA384,
    RSA_PSS_SHA256,
    RSA_SHA256,
    RSA_SHA512,
    SHA384,
    SHA512,
    CryptoState,
    KeyExternalSigner,
    SignaturePolicy,
    Signer,
    SigningRequest,
    TrustState,
    Verifier,
    make_certificate_pair,
    make_demo_pki,
)
from vn_egov.signature.algorithms import RSA_SHA1, SHA1

DS = "http://www.w3.org/2000/09/xmldsig#"
QCVN = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def _header(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    return root.find(f"{{{QCVN}}}edXMLEnvelope/{{{QCVN}}}edXMLHeader")


def test_default_signature_is_last_child_of_header_unprefixed(pki: Any, package: Any,
                                                              verifier: Verifier) -> None:
    signed = Signer(pki.signer_key, pki.chain).sign(package())
    header = _header(signed)
    last = header[-1]
    assert last.tag == f"{{{DS}}}Signature"
    assert last.prefix is None
    assert b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>' in signed
    result = verifier.verify(signed)
    assert (result.crypto, result.trust) == (CryptoState.VALID, TrustState.TRUSTED)
    assert result.rule_ids() == []
    assert result.algorithms is not None
    assert result.algorithms.signature == RSA_SHA256
    assert result.algorithms.transforms == (DS + "enveloped-signature",
                                            "http://www.w3.org/2001/10/xml-exc-c14n#")


def test_signed_bytes_equal_input_outside_signature(pki: Any, package: Any) -> None:
    original = package()
    signed = Signer(pki.signer_key, pki.chain).sign(original)
    start = signed.index(b"<Signature ")
    end = signed.index(b"</Signature>") + len(b"</Signature>")
    # The whitespace before </edXML:edXMLHeader> moves after the Signature; all else is kept.
    rebuilt = signed[:start] + signed[end:]
    assert rebuilt.replace(b"\n      \n", b"\n") == original
    assert signed.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<edXML ')


def test_signed_xml_is_canonical_package_without_signature(pki: Any, package: Any,
                                                           verifier: Verifier) -> None:
    original = package()
    result = verifier.verify(Signer(pki.signer_key, pki.chain).sign(original))
    expected = etree.tostring(etree.ElementTree(etree.fromstring(original)), method="c14n",
                              exclusive=True, with_comments=False)
    assert result.signed_xml is not None
    # The enveloped transform leaves the Signature's tail; compare without that whitespace.
    assert result.signed_xml.replace(b"\n      \n", b"\n") == expected
    tree = result.signed_tree()
    assert tree.root.find(f".//{{{QCVN}}}Subject").text.startswith("V/v báo cáo")


@pytest.mark.parametrize(("key_spec", "method", "digest"), [
    ("rsa", RSA_SHA256, SHA384),
    ("rsa", RSA_SHA512, SHA512),
    ("rsa", RSA_PSS_SHA256, None),
    ("ec-p256", ECDSA_SHA256, None),
    ("ec-p384", ECDSA_SHA384, SHA384),
])
def test_algorithms_round_trip_and_xmlsec(key_spec: Any, method: str, digest: str | None,
                                          package: Any, peer: Any) -> None:
    pki = make_demo_pki(key_spec=key_spec)
    options: dict[str, Any] = {"signature_method": method}
    if digest:
        options["digest_method"] = digest
    signed = Signer(pki.signer_key, pki.chain, **options).sign(package())
    result = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).verify(signed)
    assert result.trusted_valid, result.issues
    assert result.algorithms is not None
    assert result.algorithms.signature == method
    assert peer.verify(signed, pki.signer) is True


def test_ds_prefix(pki: Any, package: Any, verifier: Verifier, peer: Any) -> None:
    signed = Signer(pki.signer_key, pki.chain, prefix="ds").sign(package())
    assert b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' in signed
    assert verifier.verify(signed).trusted_valid
    assert peer.verify(signed, pki.signer)


def test_keyinfo_leaf_first_then_chain(pki: Any, package: Any) -> None:
    signed = Signer(pki.signer_key, pki.chain).sign(package())
    x509_data = etree.fromstring(signed).find(f".//{{{DS}}}X509Data")
    names = [etree.QName(child).localname for child in x509_data]
    assert names == ["X509SubjectName", "X509Certificate", "X509Certificate"]
    assert "UID=MST:0200000000" in x509_data[0].text
    assert "T=Văn thư" in x509_data[0].text


@pytest.mark.parametrize("placeholder", [
    "\n      <Signature><SignatureValue/></Signature>",
    "\n      <edXML:DigitalSignature/>",
])
def test_placeholder_replaced(pki: Any, package: Any, verifier: Verifier,
                              placeholder: str) -> None:
    unsigned = package(signature=placeholder)
    assert verifier.verify(unsigned).crypto is CryptoState.PLACEHOLDER
    signed = Signer(pki.signer_key, pki.chain).sign(unsigned)
    header = _header(signed)
    names = [etree.QName(c).localname for c in header if isinstance(c.tag, str)]
    assert names == ["MessageHeader", "TraceHeaderList", "Signature"]
    assert verifier.verify(signed).trusted_valid


def test_already_signed_refused(pki: Any, signed_package: bytes) -> None:
    with pytest.raises(PolicyViolation, match="already carries an XML-DSig signature"):
        Signer(pki.signer_key, pki.chain).sign(signed_package)


def test_location_root_and_xpath(pki: Any, package: Any, verifier: Verifier) -> None:
    signer = Signer(pki.signer_key, pki.chain)
    at_root = signer.sign(package(), location="root")
    assert etree.fromstring(at_root)[-1].tag == f"{{{DS}}}Signature"
    result = verifier.verify(at_root)
    assert result.trusted_valid
    assert result.rule_ids() == ["SIG020"]
    at_xpath = signer.sign(package(), location="//edXML:edXMLBody")
    assert etree.fromstring(at_xpath).find(f".//{{{QCVN}}}edXMLBody")[-1].tag.endswith(
        "Signature")
    with pytest.raises(ConfigurationError, match="selects 0 elements"):
        signer.sign(package(), location="//edXML:Nothing")
    with pytest.raises(InputError, match="edXMLHeader"):
        signer.sign(b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>')


def test_generic_payload_signed_at_root(pki: Any, verifier: Verifier) -> None:
    data = '<catalogue xmlns="urn:vn-egov:services"><item>Cấp giấy phép</item></catalogue>'
    signed = Signer(pki.signer_key, pki.chain).sign(data.encode())
    assert verifier.verify(signed).signed_xml == data.encode()


@pytest.mark.parametrize(("options", "message"), [
    ({"signature_method": RSA_SHA1}, "refusing to sign with SHA-1"),
    ({"digest_method": SHA1}, "refusing to sign with SHA-1"),
    ({"signature_method": ECDSA_SHA256}, "cannot sign with"),
    ({"digest_method": "http://www.w3.org/2001/04/xmldsig-more#md5"}, "SIG007"),
])
def test_signer_refuses_weak_or_wrong_algorithms(pki: Any, options: dict[str, str],
                                                 message: str) -> None:
    with pytest.raises(PolicyViolation, match=message):
        Signer(pki.signer_key, pki.chain, **options)


def test_signer_refuses_short_keys_and_mismatched_key() -> None:
    key, cert = make_certificate_pair("CN=Weak", key_spec="rsa", rsa_bits=1024)
    with pytest.raises(PolicyViolation, match="RSA-1024 key; at least 2048 bits"):
        Signer(key, [cert])
    from certbuilder import issue

    for kind, reason in (("secp256k1", "EC-secp256k1 key: the curve is not allowed"),
                         ("ed25519", "Ed25519 key: only RSA and ECDSA")):
        party = issue("CN=Unusual key,C=VN", kind=kind)
        with pytest.raises(PolicyViolation, match=reason):
            Signer(party.key, [party.cert])
    other_key, _ = make_certificate_pair("CN=Other")
    _, ec_cert = make_certificate_pair("CN=EC")
    with pytest.raises(ConfigurationError, match="does not belong to the first certificate"):
        Signer(other_key, [ec_cert])
    with pytest.raises(ConfigurationError, match="no signer certificate"):
        Signer(other_key, [])


def test_external_signer_receives_digest(pki: Any, package: Any, verifier: Verifier) -> None:
    seen: list[SigningRequest] = []
    inner = KeyExternalSigner(pki.signer_key)

    def hsm(request: SigningRequest) -> bytes:
        seen.append(request)
        return inner(request)

    signed = Signer(None, pki.chain, external_signer=hsm).sign(package())
    assert verifier.verify(signed).trusted_valid
    (request,) = seen
    assert request.hash_name == "sha256"
    assert request.digest == hashlib.sha256(request.signed_info).digest()
    assert request.signed_info.startswith(b'<SignedInfo xmlns="http://www.w3.org/2000/09/')


def test_external_signer_with_wrong_key_is_caught(pki: Any, package: Any) -> None:
    wrong = KeyExternalSigner(pki.revoked_key)
    with pytest.raises(ConfigurationError, match="does not verify with the signer certificate"):
        Signer(None, pki.chain, external_signer=wrong).sign(package())


def test_external_ecdsa_der_value_accepted(ec_pki: Any, package: Any) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    def der_token(request: SigningRequest) -> bytes:
        from cryptography.hazmat.primitives import hashes
        return ec_pki.signer_key.sign(request.signed_info, ec.ECDSA(hashes.SHA256()))

    signed = Signer(None, ec_pki.chain, external_signer=der_token).sign(package())
    result = Verifier(SignaturePolicy(trust_anchors=(ec_pki.root,))).verify(signed)
    assert result.crypto is CryptoState.VALID


def test_detached_signature(pki: Any, policy: SignaturePolicy, peer: Any) -> None:
    content = b"%PDF-1.4 signed attachment"
    detached = Signer(pki.signer_key, pki.chain).sign_detached(content, "cid:att-1")
    relaxed = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls,
                                       require_whole_document=False))
    result = relaxed.verify(detached, resolver={"cid:att-1": content})
    assert result.trusted_valid
    assert result.signed_references[0].data == content
    assert relaxed.verify(detached).rule_ids() == ["SIG010"]
    tampered = relaxed.verify(detached, resolver={"cid:att-1": content + b"!"})
    assert tampered.crypto is CryptoState.INVALID
    assert "SIG013" in tampered.rule_ids()
    with pytest.raises(ConfigurationError):
        Signer(pki.signer_key, pki.chain).sign_detached(content, "#local")


def test_pkcs12_and_pem_loading(tmp_path: Any, package: Any) -> None:
    from vn_egov.signature.pki import DEMO_P12_PASSWORD

    pki = make_demo_pki(tmp_path, key_spec="ec-p256")
    from_p12 = Signer.from_pkcs12(str(tmp_path / "signer.p12"), DEMO_P12_PASSWORD)
    assert from_p12.certificates == pki.chain
    from_pem = Signer.from_pem(str(tmp_path / "signer-key.pem"), str(tmp_path / "signer-cert.pem"),
                               str(tmp_path / "chain.pem"))
    assert from_pem.certificates == pki.chain
    with pytest.raises(ConfigurationError, match="the password does not open the PKCS#12 file"):
        Signer.from_pkcs12(str(tmp_path / "signer.p12"), b"wrong")


_VIET = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệì"
                         "ỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐÂĂ",
                min_size=1, max_size=40)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_VIET, form=st.sampled_from(["NFC", "NFD"]))
def test_vietnamese_header_fields_byte_exact(text: str, form: str, pki: Any, package: Any,
                                              verifier: Verifier) -> None:
    value = unicodedata.normalize(form, text)
    fields = dict.fromkeys(("in_charge", "organ", "address", "place", "subject", "content",
                            "signer"), value)
    original = package(**fields)
    signed = Signer(pki.signer_key, pki.chain).sign(original)
    assert value.encode("utf-8") in signed
    assert signed.count(value.encode("utf-8")) >= original.count(value.encode("utf-8"))
    result = verifier.verify(signed)
    assert result.trusted_valid
    subject = result.signed_tree().root.find(f".//{{{QCVN}}}Subject").text
    assert subject == value  # not normalised
