"""Helpers shared by the signature tests: an edXML package, PEM
helpers, and the independent peer (python-xmlsec / libxmlsec1). Imported by name (the
conftest puts this folder on ``sys.path``)."""

from __future__ import annotations

import base64
from typing import Any

import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

QCVN = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DS = "http://www.w3.org/2000/09/xmldsig#"

_PACKAGE = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:OrganizationInCharge>{in_charge}</edXML:OrganizationInCharge>
          <edXML:OrganName>{organ}</edXML:OrganName>
          <edXML:OrganAdd>{address}</edXML:OrganAdd>
          <edXML:Email>vanthu.skhcn@mau.gov.vn</edXML:Email>
        </edXML:From>
        <edXML:To>
          <edXML:OrganId>000.00.05.H99</edXML:OrganId>
          <edXML:OrganName>Sở Nội vụ tỉnh Mẫu</edXML:OrganName>
        </edXML:To>
        <edXML:Code>
          <edXML:CodeNumber>215</edXML:CodeNumber>
          <edXML:CodeNotation>SKHCN-VP</edXML:CodeNotation>
        </edXML:Code>
        <edXML:PromulgationInfo>
          <edXML:Place>{place}</edXML:Place>
          <edXML:PromulgationDate>2025/03/12</edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        <edXML:DocumentType>
          <edXML:Type>1</edXML:Type>
          <edXML:TypeName>Công văn</edXML:TypeName>
        </edXML:DocumentType>
        <edXML:Subject>{subject}</edXML:Subject>
        <edXML:Content>{content}</edXML:Content>
        <edXML:SignerInfo>
          <edXML:Competence>KT. GIÁM ĐỐC</edXML:Competence>
          <edXML:Position>Phó Giám đốc</edXML:Position>
          <edXML:FullName>{signer}</edXML:FullName>
        </edXML:SignerInfo>
        <edXML:SteeringType>1</edXML:SteeringType>
        <edXML:DocumentId>000.00.12.H99,2025/03/12,215/SKHCN-VP</edXML:DocumentId>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:Timestamp>2025/03/12 09:41:05</edXML:Timestamp>
        </edXML:TraceHeader>
      </edXML:TraceHeaderList>{signature}
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference>
          <edXML:ContentId>cid:6f1c2a9e-3b7d-4c1e-9a55-2d0e8b41c7aa</edXML:ContentId>
          <edXML:ContentType>application/pdf</edXML:ContentType>
          <edXML:AttachmentName>215-SKHCN-VP_signed.pdf</edXML:AttachmentName>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:6f1c2a9e-3b7d-4c1e-9a55-2d0e8b41c7aa</ContentId>
      <AttachmentName>215-SKHCN-VP_signed.pdf</AttachmentName>
      <ContentType>application/pdf</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">{attachment}</edXML:ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
"""

DEFAULT_FIELDS: dict[str, str] = {
    "in_charge": "Ủy ban nhân dân tỉnh Mẫu",
    "organ": "Sở Khoa học và Công nghệ tỉnh Mẫu",
    "address": "Số 10 đường Trần Phú, phường Trung Tâm, tỉnh Mẫu",
    "place": "Tỉnh Mẫu",
    "subject": "V/v báo cáo tình hình kết nối, liên thông văn bản điện tử quý I năm 2025",
    "content": "Đề nghị các sở gửi báo cáo theo mẫu tại Phụ lục trước ngày 31/3/2025.",
    "signer": "Trần Văn Minh",
    "signature": "",
}

PLACEHOLDER_SIGNATURE = """
      <Signature>
        <SignedInfo><SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/></SignedInfo>
        <SignatureValue>AAAA</SignatureValue>
      </Signature>"""


def build_package(attachment: bytes = b"Noi dung van ban\n", **fields: str) -> bytes:
    """An edXML document package as bytes, fields overridable."""
    values = {**DEFAULT_FIELDS, **fields,
              "attachment": base64.b64encode(attachment).decode("ascii")}
    return _PACKAGE.format(**values).encode("utf-8")


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key: Any) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def xmlsec_verify(data: bytes, cert: x509.Certificate, id_attr: str | None = None) -> bool:
    """Verify with libxmlsec1; True when valid, False on a verification error."""
    root = etree.fromstring(data)
    if id_attr:
        for element in root.iter():
            if element.get(id_attr):
                xmlsec.tree.add_ids(element, [id_attr])
    node = xmlsec.tree.find_node(root, xmlsec.constants.NodeSignature)
    ctx = xmlsec.SignatureContext()
    ctx.key = xmlsec.Key.from_memory(pem(cert), xmlsec.constants.KeyDataFormatCertPem)
    try:
        ctx.verify(node)
    except xmlsec.Error:
        return False
    return True


def xmlsec_sign(data: bytes, key: Any, cert: x509.Certificate, *, method: Any,
                c14n: Any = None, prefix: str | None = "ds", uri: str = "", digest: Any = None,
                parent_xpath: str | None = None, id_attr: str | None = None) -> bytes:
    """Sign with libxmlsec1: enveloped, one Reference, X509Data with the certificate."""
    c14n = c14n or xmlsec.constants.TransformExclC14N
    root = etree.fromstring(data)
    signature = xmlsec.template.create(root, c14n, method, ns=prefix)
    parent = root if parent_xpath is None else root.xpath(
        parent_xpath, namespaces={"edXML": QCVN})[0]
    parent.append(signature)
    ref = xmlsec.template.add_reference(signature, digest or xmlsec.constants.TransformSha256,
                                        uri=uri)
    xmlsec.template.add_transform(ref, xmlsec.constants.TransformEnveloped)
    xmlsec.template.add_transform(ref, c14n)
    key_info = xmlsec.template.ensure_key_info(signature)
    x509_data = xmlsec.template.add_x509_data(key_info)
    xmlsec.template.x509_data_add_certificate(x509_data)
    if id_attr:
        for element in root.iter():
            if element.get(id_attr):
                xmlsec.tree.add_ids(element, [id_attr])
    ctx = xmlsec.SignatureContext()
    sign_key = xmlsec.Key.from_memory(key_pem(key), xmlsec.constants.KeyDataFormatPem)
    sign_key.load_cert_from_memory(pem(cert), xmlsec.constants.KeyDataFormatCertPem)
    ctx.key = sign_key
    ctx.sign(signature)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


