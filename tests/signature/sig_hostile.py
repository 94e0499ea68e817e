"""Builders of hostile signed documents (issue 15 item 3) and a measuring child process.

Each builder returns the bytes of a document an attacker could send; ``measure`` verifies a
file in a fresh Python process and reports the verification's own time and the growth of the
process's peak memory, so that the bounds asserted by the tests are about verification only
(not about building the input or importing the library).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import xmlsec
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree

from vn_egov.signature import DemoPKI, Signer

DS = "http://www.w3.org/2000/09/xmldsig#"
C = xmlsec.constants

_CHILD = r"""
import json, resource, sys, time
from vn_egov.signature import SignaturePolicy, Verifier, load_certificates
path, anchors, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if "intermediates" in options:
    options["intermediates"] = load_certificates(options["intermediates"])
policy = SignaturePolicy(trust_anchors=load_certificates(anchors), **options)
data = open(path, "rb").read()
verifier = Verifier(policy)
verifier.verify(b"<warm-up/>")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = verifier.verify(data)
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "growth_mb": (after - before) / 1024,
                  "rules": result.rule_ids(), "crypto": result.crypto.value,
                  "trust": result.trust.value, "issues": len(result.issues),
                  "messages": [i.rule + " " + i.message for i in result.issues][:5]}))
"""


def measure(document: Path, anchors: Path, **options: Any) -> dict[str, Any]:
    """Verify *document* in a child process; its time, memory growth and outcome."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(document), str(anchors),
                           json.dumps(options)], capture_output=True, text=True, check=False,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _edit(data: bytes, edit: Any) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True))
    edit(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def unknown_children(signed: bytes, count: int) -> bytes:
    """*count* unknown elements inside the Signature (one SIG002 each)."""
    def edit(root: etree._Element) -> None:
        signature = root.find(f".//{{{DS}}}Signature")
        for index in range(count):
            etree.SubElement(signature, "Junk", n=str(index)).tail = "\n"
    return _edit(signed, edit)


def extra_signatures(signed: bytes, count: int) -> bytes:
    """*count* extra (empty) XML-DSig Signature elements after the real one."""
    def edit(root: etree._Element) -> None:
        for _ in range(count):
            etree.SubElement(root, f"{{{DS}}}Signature").tail = "\n"
    return _edit(signed, edit)


def many_certificates(signed: bytes, cert: x509.Certificate, count: int) -> bytes:
    """*count* copies of *cert* added to KeyInfo/X509Data."""
    text = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()

    def edit(root: etree._Element) -> None:
        x509_data = root.find(f".//{{{DS}}}X509Data")
        for _ in range(count):
            etree.SubElement(x509_data, f"{{{DS}}}X509Certificate").text = text
    return _edit(signed, edit)


def same_name_chain(pki: DemoPKI, package: bytes, count: int) -> tuple[bytes, int]:
    """A package signed by a leaf whose issuer name is shared by *count* CA certificates,
    all with one key and issued by that same name: N! candidate paths, none to an anchor.
    Returns the signed bytes and the size of the certificates in KeyInfo."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Look-alike CA"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = dt.datetime.now(dt.UTC)

    def issue(subject: x509.Name, serial: int, ca: bool) -> x509.Certificate:
        usage = x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                              key_encipherment=False, data_encipherment=False,
                              key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                              encipher_only=False, decipher_only=False)
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(name)
                .public_key(key.public_key()).serial_number(serial)
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                .add_extension(usage, critical=True)
                .sign(key, hashes.SHA256()))

    cas = [issue(name, 1000 + index, True) for index in range(count)]
    leaf = issue(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Signer")]), 7, False)
    signed = Signer(key, (leaf, *cas)).sign(package)
    size = sum(len(c.public_bytes(serialization.Encoding.DER)) for c in (leaf, *cas))
    return signed, size


def id_references(pki: DemoPKI, size: int, count: int, *, nested: bool,
                  same: bool = False) -> bytes:
    """A document of about *size* bytes signed by libxmlsec1 with *count* ``#id``
    references: to *count* sibling parts, or (*nested*) to elements nested in one another,
    so that every reference digests nearly the whole document; with *same*, every reference
    names the first part."""
    chunk = "Dữ liệu kiểm thử " * max(1, size // count // 22)
    if nested:
        body = "".join(f'<part Id="p{index}">{chunk}' for index in range(count))
        body += "</part>" * count
    else:
        body = "".join(f'<part Id="p{index}">{chunk}</part>' for index in range(count))
    root = etree.fromstring(f'<doc xmlns="urn:test">{body}</doc>'.encode(),
                            etree.XMLParser(huge_tree=True))
    signature = xmlsec.template.create(root, C.TransformExclC14N, C.TransformRsaSha256, ns="ds")
    root.append(signature)
    for index in range(count):
        reference = xmlsec.template.add_reference(signature, C.TransformSha256,
                                                  uri="#p0" if same else f"#p{index}")
        xmlsec.template.add_transform(reference, C.TransformExclC14N)
    xmlsec.template.x509_data_add_certificate(
        xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature)))
    for element in root.iter("{urn:test}part"):
        xmlsec.tree.add_ids(element, ["Id"])
    context = xmlsec.SignatureContext()
    key_pem = pki.signer_key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())
    sign_key = xmlsec.Key.from_memory(key_pem, C.KeyDataFormatPem)
    sign_key.load_cert_from_memory(pki.signer.public_bytes(serialization.Encoding.PEM),
                                   C.KeyDataFormatCertPem)
    context.key = sign_key
    context.sign(signature)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
