"""PdfSigner: levels (B-T, B-LT from CRL files or fetched over HTTP, B-LTA), key sources (PEM,
PKCS#12, the external-signer hook), visible appearances, and interop with poppler's pdfsig."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pdf_support import TestPKI

from vn_egov.errors import ConfigurationError, SignatureError
from vn_egov.signature.external import KeyExternalSigner, SigningRequest
from vn_egov.signature.pdf import PadesLevel, PdfVerifier, RevocationStatus, SignerRole
from vn_egov.signature.pdf.appearance import VisibleSignature, iso_time
from vn_egov.signature.pdf.demo import seal_image, signature_image
from vn_egov.signature.pdf.sign import PdfSigner
from vn_egov.signature.policy import SignaturePolicy


def _signer(pki: TestPKI, who: str, **options: object) -> PdfSigner:
    pair = getattr(pki, who)
    return PdfSigner.from_key(pair[0], [pair[1], pki.issuing[1]], **options)


def test_b_lt_embeds_the_crls_of_the_policy(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person", level="B-LT", tsa_url=pki.services.tsa_url,
                     policy=pki.policy()).sign(plain_pdf)
    assert b"/DSS" in signed
    # The verifier has no CRL of its own: revocation comes from the document (LTV).
    result = PdfVerifier(pki.policy(crls=False)).verify(signed)
    (sig,) = result.signatures
    assert sig.trusted
    assert sig.level is PadesLevel.B_LT
    assert sig.revocation is RevocationStatus.GOOD
    assert "PDF023" not in result.rule_ids()


def test_b_lt_fetches_revocation_data_over_http(pki: TestPKI, plain_pdf: bytes) -> None:
    before = len(pki.services.requests)
    policy = SignaturePolicy(trust_anchors=(pki.root[1],))  # no CRL file: fetch them
    signed = _signer(pki, "seal", level="B-LT", tsa_url=pki.services.tsa_url, policy=policy,
                     fetch_revocation=True).sign(plain_pdf)
    fetched = pki.services.requests[before:]
    assert "GET /issuing.crl" in fetched
    assert "GET /root.crl" in fetched
    (sig,) = PdfVerifier(pki.policy(crls=False)).verify(signed).signatures
    assert sig.trusted
    assert sig.level is PadesLevel.B_LT


def test_b_lt_without_revocation_data_is_refused(pki: TestPKI, plain_pdf: bytes) -> None:
    policy = SignaturePolicy(trust_anchors=(pki.root[1],))
    with pytest.raises(SignatureError):
        _signer(pki, "person", level="B-LT", tsa_url=pki.services.tsa_url,
                policy=policy).sign(plain_pdf)


def test_b_lta_adds_a_document_timestamp(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person", level="B-LTA", tsa_url=pki.services.tsa_url,
                     policy=pki.policy()).sign(plain_pdf)
    result = PdfVerifier(pki.policy(crls=False)).verify(signed)
    signature, timestamp = result.signatures
    assert signature.level is PadesLevel.B_LTA
    assert signature.trusted
    assert timestamp.kind.value == "document_timestamp"
    assert timestamp.trusted
    assert result.trusted


def test_levels_need_their_settings(pki: TestPKI) -> None:
    with pytest.raises(ConfigurationError, match="timestamp authority"):
        _signer(pki, "person", level="B-T")
    with pytest.raises(ConfigurationError, match="trust anchors"):
        _signer(pki, "person", level="B-LT", tsa_url=pki.services.tsa_url)
    with pytest.raises(ConfigurationError, match="unknown PAdES level"):
        _signer(pki, "person", level="B-X")


def test_unreachable_tsa_is_a_clear_error(pki: TestPKI, plain_pdf: bytes) -> None:
    signer = _signer(pki, "person", level="B-T", tsa_url=f"{pki.services.base}/missing")
    with pytest.raises(SignatureError, match="timestamp authority"):
        signer.sign(plain_pdf)


def test_pem_and_pkcs12_keys(pki: TestPKI, plain_pdf: bytes, tmp_path: Path) -> None:
    key, cert = pki.seal
    key_file, cert_file, chain_file = (tmp_path / "k.pem", tmp_path / "c.pem",
                                       tmp_path / "chain.pem")
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.BestAvailableEncryption(b"pw")))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    chain_file.write_bytes(pki.issuing[1].public_bytes(serialization.Encoding.PEM))
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", key, cert, [pki.issuing[1]], serialization.BestAvailableEncryption(b"pw")))
    for signer in (PdfSigner.from_pem(key_file, cert_file, chain_file, password=b"pw"),
                   PdfSigner.from_pkcs12(p12, b"pw")):
        assert signer.signer_role() is SignerRole.AGENCY_SEAL
        (sig,) = PdfVerifier(pki.policy()).verify(signer.sign(plain_pdf)).signatures
        assert sig.trusted
        assert sig.certificate == cert


def test_external_signer_hook(pki: TestPKI, plain_pdf: bytes) -> None:
    requests: list[SigningRequest] = []
    token = KeyExternalSigner(pki.person[0])

    def hsm(request: SigningRequest) -> bytes:  # what a PKCS#11 or remote service receives
        requests.append(request)
        return token(request)

    signed = PdfSigner(hsm, (pki.person[1], pki.issuing[1])).sign(plain_pdf)
    assert len(requests) == 1
    assert requests[0].hash_name == "sha256"
    assert len(requests[0].digest) == 32
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.trusted


def test_external_signer_with_the_wrong_key_is_caught(pki: TestPKI, plain_pdf: bytes) -> None:
    wrong = PdfSigner(KeyExternalSigner(pki.revoked[0]), (pki.person[1], pki.issuing[1]))
    with pytest.raises(SignatureError, match="does not verify"):
        wrong.sign(plain_pdf)


def test_expired_certificate_is_refused_before_signing(pki: TestPKI, plain_pdf: bytes) -> None:
    from vn_egov.errors import PolicyViolation

    with pytest.raises(PolicyViolation, match="not valid"):
        _signer(pki, "expiring").sign(plain_pdf,
                                      signing_time=dt.datetime.now(dt.UTC) + dt.timedelta(days=9))


def test_visible_signatures_where_nd30_puts_them(pki: TestPKI, plain_pdf: bytes) -> None:
    moment = dt.datetime(2026, 3, 12, 2, 30, tzinfo=dt.UTC)
    person = _signer(pki, "person").sign(
        plain_pdf, visible=VisibleSignature(image=signature_image()),
        signing_time=dt.datetime.now(dt.UTC))
    both = _signer(pki, "seal").sign(person, visible=VisibleSignature(image=seal_image()),
                                     agency_name="UBND thành phố Hải Phòng",
                                     signing_time=max(moment, dt.datetime.now(dt.UTC)))
    result = PdfVerifier(pki.policy(), agency_document=True).verify(both)
    first, second = result.signatures
    assert first.appearance is not None
    assert second.appearance is not None
    assert first.appearance.rect == (330.0, 120.0, 510.0, 200.0)
    assert second.appearance.overlaps(first.appearance)
    # the seal's right edge covers the left third of the signer's image
    assert second.appearance.rect[2] == pytest.approx(330 + 180 / 3, abs=1)
    assert not {"PDF050", "PDF051"} & set(result.rule_ids())
    assert result.trusted


def test_seal_away_from_the_signature_is_reported(pki: TestPKI, plain_pdf: bytes) -> None:
    person = _signer(pki, "person").sign(plain_pdf, visible=VisibleSignature())
    both = _signer(pki, "seal").sign(person, visible=VisibleSignature(box=(50, 700, 200, 800)))
    result = PdfVerifier(pki.policy()).verify(both)
    assert "PDF051" in result.rule_ids()
    quiet = PdfVerifier(pki.policy(), appearance_checks=False).verify(both)
    assert not {"PDF050", "PDF051"} & set(quiet.rule_ids())


def test_seal_text_shows_agency_and_vietnam_time(pki: TestPKI, plain_pdf: bytes) -> None:
    moment = dt.datetime.now(dt.UTC).replace(microsecond=0)
    signed = _signer(pki, "seal").sign(plain_pdf, visible=VisibleSignature(),
                                       agency_name="UBND thành phố Hải Phòng",
                                       signing_time=moment)
    shown = _appearance_text(signed)
    assert "UBND thành phố Hải Phòng" in shown
    assert f"Thời gian ký: {iso_time(moment)}" in shown
    assert iso_time(moment).endswith("+07:00")
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.claimed_time == moment


def _appearance_text(pdf: bytes) -> str:
    """The /ActualText of every text run in the first signature widget's appearance."""
    import io
    import re

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    widget = reader.root["/AcroForm"]["/Fields"][0].get_object()
    pending, texts = [widget["/AP"]["/N"]], []
    while pending:
        stream = pending.pop().get_object()
        for match in re.finditer(rb"/ActualText \((.*?)\)\s*>>", stream.data, re.DOTALL):
            raw = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]),
                         match.group(1))
            texts.append(raw.decode("utf-16"))
        pending += list(stream.get("/Resources", {}).get("/XObject", {}).values())
    return "\n".join(texts)


PDFSIG = shutil.which("pdfsig")


@pytest.mark.skipif(PDFSIG is None, reason="poppler's pdfsig is not installed (poppler-utils)")
def test_pdfsig_verifies_our_signatures(pki: TestPKI, plain_pdf: bytes, tmp_path: Path) -> None:
    person = _signer(pki, "person").sign(plain_pdf, visible=VisibleSignature(
        image=signature_image()))
    both = _signer(pki, "seal", level="B-LT", tsa_url=pki.services.tsa_url,
                   policy=pki.policy()).sign(person, visible=VisibleSignature(
                       image=seal_image()))
    path = tmp_path / "signed.pdf"
    path.write_bytes(both)
    completed = subprocess.run([str(PDFSIG), str(path)], capture_output=True, text=True,
                               timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2
    assert out.count("Signature Type: ETSI.CAdES.detached") == 2
    assert "Signer Certificate Common Name: Nguyễn Văn Tùng" in out
    assert "Signing Hash Algorithm: SHA-256" in out


def test_raw_ecdsa_value_starting_like_der_is_read_as_raw(pki: TestPKI,
                                                          plain_pdf: bytes) -> None:
    token = KeyExternalSigner(pki.person[0])

    def unlucky(request: SigningRequest) -> bytes:  # r || s whose first byte is 0x30
        for _ in range(10_000):
            value = token(request)
            if value[0] == 0x30:
                return value
        raise AssertionError("no value starting with 0x30")

    signed = PdfSigner(unlucky, (pki.person[1], pki.issuing[1])).sign(plain_pdf)
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.trusted
