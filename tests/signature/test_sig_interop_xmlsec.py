"""Differential tests with libxmlsec1 (python-xmlsec): signatures made there verify here and
ours verify there, across algorithms, C14N variants and prefix forms."""

from __future__ import annotations

from typing import Any

import pytest
import xmlsec
from lxml import etree

from vn_egov.signature import (
    CryptoState,
    SignaturePolicy,
    Signer,
    Verifier,
    make_demo_pki,
)

C = xmlsec.constants


@pytest.fixture(scope="module")
def pkis() -> dict[str, Any]:
    return {"rsa": make_demo_pki(), "ec": make_demo_pki(key_spec="ec-p256")}


@pytest.mark.parametrize("kind", ["rsa", "ec"])
@pytest.mark.parametrize("c14n", [C.TransformExclC14N, C.TransformInclC14N])
@pytest.mark.parametrize("prefix", ["ds", None])
def test_xmlsec_signed_package_verifies_here(*, pkis: dict[str, Any], kind: str, c14n: Any,
                                             prefix: str | None, package: Any,
                                             peer: Any) -> None:
    pki = pkis[kind]
    method = C.TransformRsaSha256 if kind == "rsa" else C.TransformEcdsaSha256
    signed = peer.sign(package(), pki.signer_key, pki.signer, method=method, c14n=c14n,
                       prefix=prefix, parent_xpath="//edXML:edXMLHeader")
    policy = SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                             crls=pki.crls)
    result = Verifier(policy).verify(signed)
    assert result.crypto is CryptoState.VALID, result.issues
    assert result.trusted_valid
    assert result.rule_ids() == []


@pytest.mark.parametrize("c14n", [C.TransformExclC14N, C.TransformInclC14N])
def test_xmlsec_signed_id_reference_with_inherited_xml_lang(pkis: dict[str, Any], c14n: Any,
                                                             peer: Any) -> None:
    """The case where plain lxml subtree C14N disagrees with libxmlsec1 (§4.2 items 1, 7)."""
    pki = pkis["rsa"]
    data = ('<root xmlns="urn:outer" xmlns:u="urn:unused" xml:lang="vi" xml:space="preserve">'
            '<item Id="doc1"><name>Hải Phòng</name><u:x/></item></root>').encode()
    signed = peer.sign(data, pki.signer_key, pki.signer, method=C.TransformRsaSha256,
                       c14n=c14n, prefix=None, uri="#doc1", id_attr="Id")
    policy = SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                             require_whole_document=False)
    result = Verifier(policy).verify(signed)
    assert result.crypto is CryptoState.VALID, result.issues
    assert result.signed_references[0].uri == "#doc1"
    if c14n == C.TransformInclC14N:
        assert b'xml:lang="vi"' in result.signed_references[0].data


@pytest.mark.parametrize("prefix", [None, "ds"])
def test_our_id_free_generic_signature_verifies_in_xmlsec(pkis: dict[str, Any], prefix: Any,
                                                          peer: Any) -> None:
    pki = pkis["ec"]
    data = '<hoSo xmlns="urn:dossier" xml:lang="vi"><ten>Nguyễn Thị Hà</ten></hoSo>'.encode()
    signed = Signer(pki.signer_key, pki.chain, prefix=prefix).sign(data)
    assert peer.verify(signed, pki.signer)


def test_xmlsec_rejects_our_tampered_package(pkis: dict[str, Any], package: Any,
                                             peer: Any) -> None:
    pki = pkis["rsa"]
    signed = Signer(pki.signer_key, pki.chain).sign(package())
    tampered = signed.replace("Trần Văn Minh".encode(), "Trần Văn Mình".encode())
    assert peer.verify(tampered, pki.signer) is False


def test_our_signature_validates_against_xmldsig_schema(pkis: dict[str, Any],
                                                        package: Any) -> None:
    from vn_egov._resources import schema_path

    schema = etree.XMLSchema(etree.parse(str(schema_path("w3c/xmldsig-core-schema.xsd"))))
    for prefix in (None, "ds"):
        signed = Signer(pkis["rsa"].signer_key, pkis["rsa"].chain, prefix=prefix).sign(package())
        signature = etree.fromstring(signed).find(
            ".//{http://www.w3.org/2000/09/xmldsig#}Signature")
        assert schema.validate(etree.ElementTree(signature)), schema.error_log
