"""Sign/verify timing of vn_egov.signature against python-xmlsec (libxmlsec1), same run.

Not a test: prints medians and ratios (ours / xmlsec) for a 5 KB and a 1 MB edXML package
(and 50 MB with --large). Both sides are end to end, bytes to bytes: sign = parse + sign +
serialise; verify = parse + verify. RSA-2048, RSA-SHA256, SHA-256, exclusive C14N, URI="".
xmlsec verifies with the pinned signer certificate; vn_egov is timed twice: with a trust
policy (RFC 5280 path validation to the root by pyhanko-certvalidator, CRL revocation for every
certificate of the path; successful validations are cached per policy while they stay valid, as
a hub verifying many packages of the same signers sees them) and with no anchors (crypto only).

    .venv/bin/python benchmarks/bench_signature.py [--runs N] [--large]
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import xmlsec
from cryptography.hazmat.primitives import serialization
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vn_egov.signature import SignaturePolicy, Signer, Verifier, make_demo_pki

QCVN = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
C = xmlsec.constants

_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{ns}">
  <edXML:edXMLEnvelope xmlns:edXML="{ns}">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:OrganName>Sở Khoa học và Công nghệ tỉnh Mẫu</edXML:OrganName></edXML:From>
        <edXML:To><edXML:OrganId>000.00.05.H99</edXML:OrganId>
          <edXML:OrganName>Sở Nội vụ tỉnh Mẫu</edXML:OrganName></edXML:To>
        <edXML:Subject>V/v báo cáo tình hình kết nối, liên thông văn bản điện tử</edXML:Subject>
{records}      </edXML:MessageHeader>
      <edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.12.H99</edXML:OrganId>
        <edXML:Timestamp>2025/03/12 09:41:05</edXML:Timestamp></edXML:TraceHeader>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody><edXML:edXMLManifest version="1.0"/></edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded><Attachment><ContentId>cid:a</ContentId>
    <edXML:ContentTransferEncoded xmlns:edXML="{ns}">{attachment}</edXML:ContentTransferEncoded>
  </Attachment></AttachmentEncoded>
</edXML>
"""


def make_package(size: int) -> bytes:
    """A package of about *size* bytes: 20% header records, 80% base64 attachment."""
    record = ("        <edXML:Appendix>Phụ lục: Mẫu báo cáo tình hình liên thông văn bản"
              "</edXML:Appendix>\n")
    count = max(1, size // 5 // len(record.encode()))
    base = _TEMPLATE.format(ns=QCVN, records=record * count, attachment="")
    missing = max(0, size - len(base.encode()))
    attachment = base64.b64encode(os.urandom(missing * 3 // 4)).decode()
    return _TEMPLATE.format(ns=QCVN, records=record * count, attachment=attachment).encode()


def median_ms(func: Callable[[], object], runs: int) -> float:
    for _ in range(3):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=0, help="runs per measurement")
    parser.add_argument("--large", action="store_true", help="also measure a 50 MB package")
    args = parser.parse_args()

    pki = make_demo_pki()
    key_pem = pki.signer_key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())
    cert_pem = pki.signer.public_bytes(serialization.Encoding.PEM)
    signer = Signer(pki.signer_key, pki.chain, prefix="ds")
    trusted = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls))
    crypto_only = Verifier(SignaturePolicy(required_key_usage=frozenset()))
    xmlsec_key = xmlsec.Key.from_memory(key_pem, C.KeyDataFormatPem)
    xmlsec_key.load_cert_from_memory(cert_pem, C.KeyDataFormatCertPem)
    xmlsec_cert = xmlsec.Key.from_memory(cert_pem, C.KeyDataFormatCertPem)
    xml_parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)

    def xmlsec_sign(data: bytes) -> bytes:
        root = etree.fromstring(data, xml_parser)
        header = root.find(f"{{{QCVN}}}edXMLEnvelope/{{{QCVN}}}edXMLHeader")
        signature = xmlsec.template.create(root, C.TransformExclC14N, C.TransformRsaSha256,
                                           ns="ds")
        header.append(signature)
        ref = xmlsec.template.add_reference(signature, C.TransformSha256, uri="")
        xmlsec.template.add_transform(ref, C.TransformEnveloped)
        xmlsec.template.add_transform(ref, C.TransformExclC14N)
        xmlsec.template.x509_data_add_certificate(
            xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature)))
        ctx = xmlsec.SignatureContext()
        ctx.key = xmlsec_key
        ctx.sign(signature)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def xmlsec_verify(data: bytes) -> None:
        root = etree.fromstring(data, xml_parser)
        ctx = xmlsec.SignatureContext()
        ctx.key = xmlsec_cert
        ctx.verify(xmlsec.tree.find_node(root, C.NodeSignature))

    sizes = [("5 KB", 5 * 1024, 201), ("1 MB", 1024 * 1024, 31)]
    if args.large:
        sizes.append(("50 MB", 50 * 1024 * 1024, 5))
    print(f"{'package':>8} {'op':>16} {'vn_egov ms':>11} {'xmlsec ms':>10} {'ratio':>6}")
    for label, size, default_runs in sizes:
        runs = args.runs or default_runs
        data = make_package(size)
        ours_signed = signer.sign(data)
        theirs_signed = xmlsec_sign(data)
        # Cross-check before timing: each side verifies the other's output.
        assert trusted.verify(theirs_signed).crypto.value == "valid"
        assert trusted.verify(ours_signed).trusted_valid
        xmlsec_verify(ours_signed)
        sign_ours = median_ms(lambda d=data: signer.sign(d), runs)
        sign_theirs = median_ms(lambda d=data: xmlsec_sign(d), runs)
        verify_theirs = median_ms(lambda s=ours_signed: xmlsec_verify(s), runs)
        verify_ours = median_ms(lambda s=ours_signed: trusted.verify(s), runs)
        verify_crypto = median_ms(lambda s=ours_signed: crypto_only.verify(s), runs)
        name = f"{label} ({len(data) // 1024} KiB)"
        for op, ours, theirs in (("sign", sign_ours, sign_theirs),
                                 ("verify+trust", verify_ours, verify_theirs),
                                 ("verify (crypto)", verify_crypto, verify_theirs),
                                 ("sign+verify", sign_ours + verify_ours,
                                  sign_theirs + verify_theirs)):
            print(f"{name:>8} {op:>16} {ours:11.3f} {theirs:10.3f} {ours / theirs:5.2f}x")


if __name__ == "__main__":
    main()
