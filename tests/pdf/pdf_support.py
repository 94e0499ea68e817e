"""A real local PKI for the PDF tests: root and issuing CAs whose certificates name CRL
distribution points on 127.0.0.1, personal and agency-seal signers, a revoked, an expiring, an
RSA-1024 signer, a timestamp authority (RFC 3161 over HTTP, pyHanko's token builder behind a
real ``http.server``), and the CRLs served over HTTP by the same server.

Everything is fictional test material.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from vn_egov.signature.certificates import PrivateKey
from vn_egov.signature.pki import build_name, generate_key, make_crl
from vn_egov.signature.policy import SignaturePolicy

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
PERSON_SUBJECT = ("CN=Nguyễn Văn Tùng,T=Chủ tịch,O=UBND thành phố Hải Phòng (THỬ NGHIỆM),"
                  "L=Hải Phòng,C=VN,UID=CCCD:031000000001")
SEAL_SUBJECT = ("CN=UBND thành phố Hải Phòng (THỬ NGHIỆM),O=UBND thành phố Hải Phòng (THỬ "
                "NGHIỆM),L=Hải Phòng,C=VN,UID=MST:0200000000")

Pair = tuple[PrivateKey, x509.Certificate]


def issue(subject: str, issuer: Pair | None = None, *, key: PrivateKey | None = None,
          ca: bool = False, not_before: dt.datetime | None = None,
          not_after: dt.datetime | None = None, crl_url: str | None = None,
          eku: list[x509.ObjectIdentifier] | None = None, signing: bool = True,
          hash_algorithm: hashes.HashAlgorithm | None = None) -> Pair:
    """A certificate with the extensions real CAs write (CRL distribution point, EKU)."""
    key = key or generate_key("ec-p256")
    not_before = not_before or NOW - dt.timedelta(days=1)
    not_after = not_after or not_before + dt.timedelta(days=3650 if ca else 730)
    name = build_name(subject)
    issuer_key, issuer_name = (key, name) if issuer is None else (issuer[0], issuer[1].subject)
    builder = (
        x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_before).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=signing and not ca, content_commitment=signing and not ca,
            key_encipherment=not signing and not ca, data_encipherment=False,
            key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False,
            decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False))
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer[0].public_key()),
            critical=False)
    if crl_url:
        builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier(crl_url)], None, None, None)]), critical=False)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return key, builder.sign(issuer_key, hash_algorithm or hashes.SHA256())


def asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def asn1_key(key: PrivateKey) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


@dataclass
class LocalServices:
    """One HTTP server on 127.0.0.1: ``POST /tsa`` (RFC 3161) and ``GET /<name>.crl``."""

    server: ThreadingHTTPServer
    crls: dict[str, bytes] = field(default_factory=dict)
    stamper: Any = None
    requests: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def tsa_url(self) -> str:
        return f"{self.base}/tsa"


def start_services() -> LocalServices:
    """Start the server in a daemon thread (stopped by :func:`stop_services`)."""
    services: LocalServices

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

        def do_GET(self) -> None:
            services.requests.append(f"GET {self.path}")
            body = services.crls.get(self.path.lstrip("/"))
            if body is None:
                self.send_error(404)
                return
            self._reply(body, "application/pkix-crl")

        def do_POST(self) -> None:
            services.requests.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length", "0"))
            request = tsp.TimeStampReq.load(self.rfile.read(length))
            if self.path != "/tsa" or services.stamper is None:
                self.send_error(404)
                return
            response = services.stamper.request_tsa_response(request)
            self._reply(response.dump(), "application/timestamp-reply")

        def _reply(self, body: bytes, content_type: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    services = LocalServices(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return services


def stop_services(services: LocalServices) -> None:
    services.server.shutdown()
    services.server.server_close()


@dataclass
class TestPKI:
    """The test hierarchy and its services."""

    __test__ = False  # not a test class

    services: LocalServices
    root: Pair
    issuing: Pair
    person: Pair
    seal: Pair
    revoked: Pair
    expiring: Pair
    weak: Pair
    tsa: Pair
    other_root: Pair

    def crls_at(self, moment: dt.datetime) -> tuple[x509.CertificateRevocationList, ...]:
        """Fresh CRLs as the CAs would publish them at *moment* (the revoked signer listed)."""
        last = moment - dt.timedelta(hours=1)
        return (make_crl(self.issuing, [self.revoked[1]], last_update=last,
                         next_update=last + dt.timedelta(days=7)),
                make_crl(self.root, [], last_update=last,
                         next_update=last + dt.timedelta(days=7)))

    def policy(self, *, at: dt.datetime | None = None, crls: bool = True,
               anchors: tuple[x509.Certificate, ...] | None = None,
               **options: Any) -> SignaturePolicy:
        """A policy trusting the root, with the CRLs current at *at* (default: now)."""
        return SignaturePolicy(
            trust_anchors=anchors if anchors is not None else (self.root[1],),
            crls=self.crls_at(at or NOW) if crls else (), at=at, **options)


def make_test_pki() -> TestPKI:
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    services = start_services()
    base = services.base
    root = issue("CN=Vn-egov TEST Root CA,O=vn_egov TEST,C=VN", ca=True,
                 key=generate_key("ec-p384"))
    issuing = issue("CN=Vn-egov TEST Issuing CA,O=vn_egov TEST,C=VN", root, ca=True,
                    crl_url=f"{base}/root.crl")
    crl_url = f"{base}/issuing.crl"
    person = issue(PERSON_SUBJECT, issuing, crl_url=crl_url)
    seal = issue(SEAL_SUBJECT, issuing, key=generate_key("rsa"), crl_url=crl_url)
    revoked = issue("CN=Trần Thị Thu Hồi,O=UBND (THỬ NGHIỆM),C=VN,UID=CCCD:031000000002",
                    issuing, crl_url=crl_url)
    expiring = issue("CN=Lê Văn Hết Hạn,O=UBND (THỬ NGHIỆM),C=VN,UID=CCCD:031000000003",
                     issuing, crl_url=crl_url, not_after=NOW + dt.timedelta(days=2))
    weak = issue("CN=Phạm Văn Yếu,O=UBND (THỬ NGHIỆM),C=VN,UID=CCCD:031000000004", issuing,
                 key=generate_key("rsa", rsa_bits=1024), crl_url=crl_url)
    tsa = issue("CN=Vn-egov TEST TSA,O=vn_egov TEST,C=VN", root, key=generate_key("rsa"),
                eku=[ExtendedKeyUsageOID.TIME_STAMPING], crl_url=f"{base}/root.crl",
                not_after=NOW + dt.timedelta(days=3000))
    other_root = issue("CN=Other Root CA,O=Elsewhere,C=VN", ca=True)
    pki = TestPKI(services, root, issuing, person, seal, revoked, expiring, weak, tsa,
                  other_root)
    issuing_crl, root_crl = pki.crls_at(NOW)
    services.crls = {"issuing.crl": issuing_crl.public_bytes(serialization.Encoding.DER),
                     "root.crl": root_crl.public_bytes(serialization.Encoding.DER)}
    services.stamper = DummyTimeStamper(
        tsa_cert=asn1_cert(tsa[1]), tsa_key=asn1_key(tsa[0]),
        certs_to_embed=SimpleCertificateStore.from_certs([asn1_cert(root[1])]))
    return pki


def pyhanko_sign(pdf: bytes, pair: Pair, chain: list[x509.Certificate], *, field_name: str,
                 md_algorithm: str = "sha256", subfilter: str = "pades",
                 timestamper: Any = None) -> bytes:
    """Sign with pyHanko directly, with settings our signer never uses (SHA-1, adbe.pkcs7,
    RSA-1024 keys): the 'other implementation' of the interop tests."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(asn1_cert(pair[1]), asn1_key(pair[0]),
                                  SimpleCertificateStore.from_certs(
                                      [asn1_cert(cert) for cert in chain]))
    subfilters = {"pades": fields.SigSeedSubFilter.PADES,
                  "adbe": fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED}
    meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm=md_algorithm,
                                        subfilter=subfilters[subfilter])
    output = io.BytesIO()
    signers.PdfSigner(meta, signer, timestamper=timestamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False), output=output)
    return output.getvalue()


def resign_partial(signed: bytes, pair: Pair, chain: list[x509.Certificate],
                   dropped: int = 20) -> bytes:
    """*signed* with its (single) signature redone over a ByteRange that leaves out the last
    *dropped* bytes of the file: a signature that covers only part of the file."""
    import re

    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    match = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", signed)
    assert match is not None
    start, length1, start2, length2 = (int(value) for value in match.groups())
    new_range = f"{start} {length1} {start2} {length2 - dropped}".encode()
    old_text = match.group(0)
    replacement = b"/ByteRange [" + new_range + b"]"
    replacement += b" " * (len(old_text) - len(replacement))
    data = bytearray(signed[:match.start()] + replacement + signed[match.end():])
    covered = bytes(data[start:start + length1]) + bytes(
        data[start2:start2 + length2 - dropped])
    digest = hashes.Hash(hashes.SHA256())
    digest.update(covered)
    signer = signers.SimpleSigner(asn1_cert(pair[1]), asn1_key(pair[0]),
                                  SimpleCertificateStore.from_certs(
                                      [asn1_cert(cert) for cert in chain]))
    cms = asyncio.run(signer.async_sign(digest.finalize(), "sha256", use_pades=True))
    contents = cms.dump().hex().encode()
    hole = data[start + length1 + 1:start2 - 1]  # between '<' and '>'
    data[start + length1 + 1:start2 - 1] = contents + b"0" * (len(hole) - len(contents))
    return bytes(data)


def iter_pdfsig_lines(output: str) -> Iterator[str]:
    for line in output.splitlines():
        stripped = line.strip()
        if stripped:
            yield stripped
