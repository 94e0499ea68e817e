"""The demo material: personal and agency-seal certificates (files for ``vn-egov pki demo``),
the generated one-page plan PDF, and the plan signed by the signer then by the agency seal."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from vn_egov.signature import SignaturePolicy, make_demo_pki
from vn_egov.signature.pdf import PdfVerifier, SignerRole
from vn_egov.signature.pdf.demo import (
    plan_document,
    signed_plan_pdf,
    signing_material,
    write_signing_material,
)
from vn_egov.signature.pdf.sign import PdfSigner
from vn_egov.signature.pki import DEMO_P12_PASSWORD


@pytest.fixture(scope="module")
def material():  # type: ignore[no-untyped-def]
    return signing_material(make_demo_pki(key_spec="ec-p256"))


def test_signing_material_files(material, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    written = {path.name for path in write_signing_material(material, tmp_path)}
    assert written == {"person-key.pem", "person-cert.pem", "person.p12", "seal-key.pem",
                       "seal-cert.pem", "seal.p12"}
    signer = PdfSigner.from_pkcs12(tmp_path / "seal.p12", DEMO_P12_PASSWORD)
    assert signer.signer_role() is SignerRole.AGENCY_SEAL
    assert PdfSigner.from_pem(tmp_path / "person-key.pem", tmp_path / "person-cert.pem"
                              ).signer_role() is SignerRole.PERSONAL


def test_plan_pdf_is_a_real_one_page_pdf_with_vietnamese_text(tmp_path: Path) -> None:
    pdf = plan_document().to_pdf()
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page\n") + pdf.count(
        b"/Type /Page ") + pdf.count(b"/Type/Page") >= 1
    assert b"/FontFile2" in pdf  # the font is embedded
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler's pdftotext is not installed")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 4547/KH-UBND" in text
    assert "Hải Phòng, ngày 25 tháng 12 năm 2015" in text
    assert "Lê Khắc Nam" in text


def test_signed_plan_has_both_signatures_in_order(material) -> None:  # type: ignore[no-untyped-def]
    pdf = signed_plan_pdf(material)
    policy = SignaturePolicy(trust_anchors=(material.pki.root,), crls=material.pki.crls)
    result = PdfVerifier(policy, agency_document=True).verify(pdf)
    assert result.trusted
    assert [sig.role for sig in result.signatures] == [SignerRole.PERSONAL,
                                                       SignerRole.AGENCY_SEAL]
    first, second = result.signatures
    assert second.appearance is not None
    assert first.appearance is not None
    assert second.appearance.overlaps(first.appearance)
    assert not {"PDF040", "PDF042", "PDF050", "PDF051"} & set(result.rule_ids())
