"""Differential tests against two independent verifiers, signxml and python-xmlsec (libxmlsec1),
on generated documents (hypothesis): whatever either peer refuses for a reason our policy
shares (a changed document or signature, a refused algorithm), we refuse too; what all three
signers produce, all three verify.

The peers verify with the pinned signer certificate (they have no Vietnamese trust anchors);
ours with the demo root, the issuing CA configured. Peers' refusals our policy does not share
(signxml's XML Schema validation of unusual layouts) do not arise with these documents.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import pytest
import xmlsec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sig_support import key_pem, pem, xmlsec_sign, xmlsec_verify
from signxml import SignatureConfiguration, XMLSigner, XMLVerifier, methods

from vn_egov.signature import DemoPKI, SignaturePolicy, Signer, VerificationResult, Verifier

C = xmlsec.constants
DS = "http://www.w3.org/2000/09/xmldsig#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"

_TEXT = st.text(alphabet=st.sampled_from(
    "abcdeghiklmnopqrstuvxyĂÂĐÊÔƠƯăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợ"
    "úùủũụứừửữựýỳỷỹỵ 0123456789/-.,:;()&<>\"'"), min_size=0, max_size=40)
_NAME = st.sampled_from(["ten", "diaChi", "soHoSo", "ngay", "coQuan", "ghiChu", "tepDinhKem"])


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A namespaced dossier-like document with Vietnamese text, attributes and nesting."""
    root = etree.Element("{urn:dossier}hoSo", nsmap={None: "urn:dossier",
                                                     "x": "urn:extra"})
    if draw(st.booleans()):
        root.set("{http://www.w3.org/XML/1998/namespace}lang", "vi")
    parents = [root]
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        parent = draw(st.sampled_from(parents))
        namespace = draw(st.sampled_from(["urn:dossier", "urn:extra"]))
        child = etree.SubElement(parent, f"{{{namespace}}}{draw(_NAME)}")
        child.text = draw(_TEXT) or None
        if draw(st.booleans()):
            child.set("ma", draw(_TEXT))
        parents.append(child)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _sign_ours(pki: DemoPKI, data: bytes) -> bytes:
    return Signer(pki.signer_key, pki.chain).sign(data)


def _sign_xmlsec(pki: DemoPKI, data: bytes, method: Any = C.TransformRsaSha256,
                 digest: Any = None) -> bytes:
    return xmlsec_sign(data, pki.signer_key, pki.signer, method=method, digest=digest)


def _sign_signxml(pki: DemoPKI, data: bytes) -> bytes:
    signer = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256",
                       digest_algorithm="sha256", c14n_algorithm=EXC_C14N)
    signed = signer.sign(etree.fromstring(data), key=key_pem(pki.signer_key),
                         cert=pem(pki.signer).decode())
    return etree.tostring(signed, xml_declaration=True, encoding="UTF-8")


SIGNERS: dict[str, Callable[[DemoPKI, bytes], bytes]] = {
    "vn_egov": _sign_ours, "xmlsec": _sign_xmlsec, "signxml": _sign_signxml,
    "xmlsec-rsa-sha1": lambda pki, data: _sign_xmlsec(pki, data, C.TransformRsaSha1,
                                                      C.TransformSha1),
}


def _first_text(root: etree._Element) -> etree._Element:
    return next(e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).namespace
                != DS and e.getparent() is not None and not _in_signature(e)) \
        if len(root) else root


def _in_signature(element: etree._Element) -> bool:
    return any(a.tag == f"{{{DS}}}Signature" for a in element.iterancestors())


def _mutate(data: bytes, mutation: str) -> bytes:
    if mutation == "none":
        return data
    if mutation == "signature-value":
        return re.sub(rb"(<(?:ds:)?SignatureValue[^>]*>)(.)", lambda m: m.group(1) + (
            b"A" if m.group(2) != b"A" else b"B"), data, count=1)
    if mutation == "digest-value":
        return re.sub(rb"(<(?:ds:)?DigestValue[^>]*>)(.)", lambda m: m.group(1) + (
            b"A" if m.group(2) != b"A" else b"B"), data, count=1)
    root = etree.fromstring(data)
    target = _first_text(root)
    if mutation == "text":
        target.text = (target.text or "") + "x"
    elif mutation == "attribute":
        target.set("themVao", "1")
    elif mutation == "element":
        etree.SubElement(target, "{urn:dossier}chen").text = "nội dung chèn"
    elif mutation == "comment":  # not signed content: every verifier still accepts
        target.insert(0, etree.Comment(" ghi chú "))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _signxml_accepts(data: bytes, pki: DemoPKI) -> bool:
    try:
        XMLVerifier().verify(data, x509_cert=pem(pki.signer).decode(),
                             expect_config=SignatureConfiguration(require_x509=True))
    except Exception:
        return False
    return True


def _ours(data: bytes, pki: DemoPKI) -> VerificationResult:
    policy = SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                             crls=pki.crls)
    return Verifier(policy).verify(data)


#: Examples per signer; VN_EGOV_SLOW=1 (the slow-test switch of the suite) runs many more.
EXAMPLES = 300 if os.environ.get("VN_EGOV_SLOW") == "1" else 25
MUTATIONS = ["none", "text", "attribute", "element", "comment", "signature-value",
             "digest-value"]


@pytest.mark.parametrize("signer", sorted(SIGNERS))
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=documents(), mutation=st.sampled_from(MUTATIONS))
def test_we_refuse_whatever_a_peer_refuses(pki: DemoPKI, signer: str, document: bytes,
                                           mutation: str) -> None:
    data = _mutate(SIGNERS[signer](pki, document), mutation)
    xmlsec_ok = xmlsec_verify(data, pki.signer)
    signxml_ok = _signxml_accepts(data, pki)
    ours = _ours(data, pki)
    if not (xmlsec_ok and signxml_ok):
        assert not ours.signature_intact, (signer, mutation, xmlsec_ok, signxml_ok)
        assert ours.signed_xml is None
    if signer == "xmlsec-rsa-sha1":  # signxml refuses SHA-1 by default, so do we
        assert not signxml_ok
        assert "SIG006" in ours.rule_ids()
    elif mutation in ("none", "comment"):
        assert (xmlsec_ok, signxml_ok) == (True, True), (signer, mutation)
        assert ours.trusted_valid, ours.issues
        # What we hand over is what the peers digested: the document without the
        # Signature and without comments.
        assert ours.signed_xml is not None
        assert b"ghi ch" not in ours.signed_xml
    else:
        assert (xmlsec_ok, signxml_ok, ours.signature_intact) == (False, False, False), (
            signer, mutation)

