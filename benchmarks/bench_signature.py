"""XML-DSig signing and verification against python-xmlsec (libxmlsec1), interleaved.

Inputs (written to a temporary folder with the demo PKI, RSA-2048): edXML packages of about
5 KB, 1 MB and 50 MB (20% header records, 80% base64 attachment); ``--quick`` stops at 1 MB.
Both sides work bytes to bytes: sign = parse + sign + serialise, verify = parse + verify;
RSA-SHA256, SHA-256, exclusive C14N, ``URI=""`` with the enveloped-signature transform.

Cases, interleaved in one run (CPU medians per operation, ratios of paired samples):

* ``xmlsec sign`` / ``xmlsec verify``: python-xmlsec, the signer certificate pinned;
* ``vn_egov sign``: :class:`vn_egov.signature.Signer`;
* ``vn_egov verify``: :class:`vn_egov.signature.Verifier` with the demo root as trust anchor
  and its CRLs (RFC 5280 path validation, revocation; successful validations are cached per
  policy, as a hub verifying many packages of the same signers sees them);
* ``vn_egov verify (crypto)``: no trust anchors, the cryptography alone.

Each side verifies the other's output before timing. Then the peak RSS of one operation in
a fresh interpreter and the goal rows of issue 16. Run from the repository root:

    python benchmarks/bench_signature.py [--quick] [--sizes 5k 1m 50m] [--profile]
"""

from __future__ import annotations

import argparse
import base64
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import harness
from harness import Op, Settings

QCVN = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
SIZES = {"5k": 5 * 1024, "1m": 1024 * 1024, "50m": 50 * 1024 * 1024}

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


# -- operations (module-level factories: timed here, measured for memory in a child) ---------

def _xml_parser() -> object:
    from lxml import etree

    return etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def xmlsec_sign(path: str, pki: str) -> Callable[[], object]:
    """python-xmlsec: parse, add the signature template, sign, serialise."""
    import xmlsec
    from lxml import etree

    constants = xmlsec.constants
    key = xmlsec.Key.from_file(str(Path(pki) / "signer-key.pem"), constants.KeyDataFormatPem)
    key.load_cert_from_file(str(Path(pki) / "signer-cert.pem"),
                            constants.KeyDataFormatCertPem)
    parser = _xml_parser()
    data = Path(path).read_bytes()

    def sign() -> bytes:
        root = etree.fromstring(data, parser)  # type: ignore[arg-type]
        header = root.find(f"{{{QCVN}}}edXMLEnvelope/{{{QCVN}}}edXMLHeader")
        assert header is not None
        signature = xmlsec.template.create(root, constants.TransformExclC14N,
                                           constants.TransformRsaSha256, ns="ds")
        header.append(signature)
        reference = xmlsec.template.add_reference(signature, constants.TransformSha256, uri="")
        xmlsec.template.add_transform(reference, constants.TransformEnveloped)
        xmlsec.template.add_transform(reference, constants.TransformExclC14N)
        xmlsec.template.x509_data_add_certificate(
            xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature)))
        context = xmlsec.SignatureContext()
        context.key = key
        context.sign(signature)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    return sign


def xmlsec_verify(path: str, pki: str) -> Callable[[], object]:
    """python-xmlsec: parse and verify with the pinned signer certificate."""
    import xmlsec
    from lxml import etree

    constants = xmlsec.constants
    key = xmlsec.Key.from_file(str(Path(pki) / "signer-cert.pem"),
                               constants.KeyDataFormatCertPem)
    parser = _xml_parser()
    data = Path(path).read_bytes()

    def verify() -> None:
        root = etree.fromstring(data, parser)  # type: ignore[arg-type]
        context = xmlsec.SignatureContext()
        context.key = key
        context.verify(xmlsec.tree.find_node(root, constants.NodeSignature))

    return verify


def ours_sign(path: str, pki: str) -> Callable[[], object]:
    """``Signer(key, chain).sign(data)``."""
    from vn_egov.signature import Signer, load_certificates, load_private_key

    folder = Path(pki)
    signer = Signer(load_private_key(folder / "signer-key.pem"),
                    [*load_certificates(folder / "signer-cert.pem"),
                     *load_certificates(folder / "chain.pem")], prefix="ds")
    data = Path(path).read_bytes()
    return lambda: signer.sign(data)


def ours_verify(path: str, pki: str) -> Callable[[], object]:
    """``Verifier(policy).verify(data)``: trust anchor and CRLs of the demo PKI."""
    from vn_egov.signature import SignaturePolicy, Verifier, load_certificates, load_crls

    folder = Path(pki)
    verifier = Verifier(SignaturePolicy(trust_anchors=load_certificates(folder / "ca.pem"),
                                        crls=load_crls(folder / "crl.pem")))
    data = Path(path).read_bytes()
    return lambda: verifier.verify(data)


def ours_verify_crypto(path: str, pki: str) -> Callable[[], object]:
    """``Verifier`` without trust anchors: the cryptography alone."""
    from vn_egov.signature import SignaturePolicy, Verifier

    verifier = Verifier(SignaturePolicy(required_key_usage=frozenset()))
    data = Path(path).read_bytes()
    return lambda: verifier.verify(data)


# -- the run ---------------------------------------------------------------------------------

def write_inputs(folder: Path, sizes: list[str]) -> tuple[Path, dict[str, tuple[Path, Path]]]:
    """The demo PKI, and per size the package and its signed form (ours)."""
    from vn_egov.signature import make_demo_pki

    pki = folder / "pki"
    make_demo_pki(pki)
    inputs = {}
    for label in sizes:
        plain = folder / f"package-{label}.edxml"
        plain.write_bytes(make_package(SIZES[label]))
        signed = folder / f"signed-{label}.edxml"
        signed.write_bytes(ours_sign(str(plain), str(pki))())  # type: ignore[arg-type]
        inputs[label] = (plain, signed)
    return pki, inputs


def cross_check(pki: Path, plain: Path, signed: Path, folder: Path) -> None:
    """Before timing: each side verifies the other's signature."""
    theirs = folder / "theirs.edxml"
    theirs.write_bytes(xmlsec_sign(str(plain), str(pki))())  # type: ignore[arg-type]
    verified = ours_verify(str(theirs), str(pki))()  # xmlsec embeds the leaf alone: no path
    harness.expect("vn_egov verifies xmlsec's signature",
                   verified.crypto.value, "valid")  # type: ignore[attr-defined]
    harness.expect("vn_egov verifies its own signature",
                   ours_verify(str(signed), str(pki))().trusted_valid,  # type: ignore[attr-defined]
                   True)
    xmlsec_verify(str(signed), str(pki))()  # raises when it does not verify


def main() -> None:
    """Write the inputs, check them, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser)
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES),
                        help="package sizes (default: 5k 1m 50m; --quick: 5k 1m)")
    parser.add_argument("--profile", action="store_true",
                        help="also print cProfile listings of signing and verifying")
    args = parser.parse_args()
    settings = Settings.from_args(args)
    sizes = args.sizes or (["5k", "1m"] if settings.quick else ["5k", "1m", "50m"])
    harness.print_header("bench_signature.py: XML-DSig sign and verify", settings,
                         packages=("lxml", "xmlsec", "cryptography", "pyhanko-certvalidator"))
    goals = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pki, inputs = write_inputs(folder, sizes)
        for label in sizes:
            plain, signed = inputs[label]
            cross_check(pki, plain, signed, folder)
            size = plain.stat().st_size
            for operation, cases, baseline in (
                    ("sign", {"xmlsec sign": Op(xmlsec_sign, plain, pki),
                              "vn_egov sign": Op(ours_sign, plain, pki)}, "xmlsec sign"),
                    ("verify", {"xmlsec verify": Op(xmlsec_verify, signed, pki),
                                "vn_egov verify": Op(ours_verify, signed, pki),
                                "vn_egov verify (crypto)": Op(ours_verify_crypto, signed, pki)},
                     "xmlsec verify")):
                result = harness.compare({name: op.in_process() for name, op in cases.items()},
                                         settings, baseline=baseline,
                                         title=f"{operation} {label} ({size:,} bytes)")
                result.print_table()
                ours = "vn_egov sign" if operation == "sign" else "vn_egov verify"
                goals.append((f"{operation} {label}", result.ratio(ours, baseline)))
                if not settings.quick or label != "5k":
                    memory = harness.run_child(cases[ours])
                    growth = (memory.peak_rss - memory.setup_rss) / size
                    print(f"{ours}, fresh interpreter: {harness.format_memory(memory)}, "
                          f"growth {growth:.2f}x the package")
            if args.profile:
                print(harness.profile(ours_sign(str(plain), str(pki)), number=3,
                                      title=f"sign {label}"))
                print(harness.profile(ours_verify(str(signed), str(pki)), number=3,
                                      title=f"verify {label}"))
    print("\n## goal rows (issue 16), CPU time, paired ratios vs python-xmlsec")
    for name, ratio in goals:
        goal = "<= 1.1x" if name.endswith("50m") else "<= 1x"
        print(f"{name}: {harness.format_ratio(ratio)} (goal: {goal})")
    harness.print_footer()


if __name__ == "__main__":
    main()
