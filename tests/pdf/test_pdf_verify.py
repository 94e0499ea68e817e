"""PdfVerifier against signatures made with the local PKI: valid, modified, wrong root,
revoked, expired but timestamped, SHA-1, RSA-1024, partial coverage, signing order."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pdf_support import NOW, TestPKI, pyhanko_sign, resign_partial

from vn_egov.signature.pdf import (
    Coverage,
    Modification,
    PadesLevel,
    PdfVerifier,
    RevocationStatus,
    SignerRole,
    TimeSource,
)
from vn_egov.signature.pdf.sign import PdfSigner
from vn_egov.signature.trust import TrustState


def _signer(pki: TestPKI, who: str, **options: object) -> PdfSigner:
    pair = getattr(pki, who)
    return PdfSigner.from_key(pair[0], [pair[1], pki.issuing[1]], **options)


def test_personal_b_b_signature_is_valid_and_trusted(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person").sign(plain_pdf)
    result = PdfVerifier(pki.policy()).verify(signed)
    assert result.valid
    assert result.trusted
    (sig,) = result.signatures
    assert (sig.indication, sig.subindication) == ("TOTAL-PASSED", None)
    assert sig.level is PadesLevel.B_B
    assert sig.role is SignerRole.PERSONAL
    assert sig.coverage is Coverage.ENTIRE_FILE
    assert sig.modification is Modification.NONE
    assert sig.revocation is RevocationStatus.GOOD
    assert sig.time_source is TimeSource.CLAIMED
    assert sig.identity is not None
    assert sig.identity.identifier("CCCD") == "031000000001"
    assert sig.identity.title == "Chủ tịch"
    assert [cert.subject for cert in sig.chain] == [
        pki.person[1].subject, pki.issuing[1].subject, pki.root[1].subject]
    assert sig.digest_algorithm == "sha256"
    assert sig.key == "EC-256"
    assert result.rule_ids() == ["PDF032", "PDF050"]


def test_timestamped_signature_takes_its_time_from_the_tsa(pki: TestPKI,
                                                           plain_pdf: bytes) -> None:
    claimed = NOW - dt.timedelta(minutes=5)
    signed = _signer(pki, "seal", level="B-T", tsa_url=pki.services.tsa_url).sign(
        plain_pdf, signing_time=claimed)
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.trusted
    assert sig.level is PadesLevel.B_T
    assert sig.role is SignerRole.AGENCY_SEAL
    assert sig.time_source is TimeSource.TIMESTAMP
    assert sig.claimed_time == claimed
    assert sig.timestamp is not None
    assert sig.timestamp.trusted
    assert sig.signing_time == sig.timestamp.time
    assert abs(sig.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
    assert "POST /tsa" in pki.services.requests
    assert "PDF032" not in {issue.rule for issue in sig.issues}


def test_person_then_seal_is_the_right_order(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "seal").sign(_signer(pki, "person").sign(plain_pdf))
    result = PdfVerifier(pki.policy(), agency_document=True).verify(signed)
    assert result.trusted
    first, second = result.signatures
    assert (first.role, second.role) == (SignerRole.PERSONAL, SignerRole.AGENCY_SEAL)
    assert first.modification is Modification.LATER_SIGNATURES
    assert first.coverage is Coverage.ENTIRE_REVISION
    assert second.modification is Modification.NONE
    assert not {"PDF040", "PDF042"} & set(result.rule_ids())


def test_seal_before_the_person_is_reported(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person").sign(_signer(pki, "seal").sign(plain_pdf))
    result = PdfVerifier(pki.policy(), agency_document=True).verify(signed)
    assert result.valid  # the order is a finding (warning), not a broken signature
    (issue,) = [issue for issue in result.issues if issue.rule == "PDF042"]
    assert issue.severity.value == "warning"
    assert "ChuKyCoQuan1" in issue.message
    assert "ChuKy1" in issue.message


def test_agency_document_needs_both_kinds(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person").sign(plain_pdf)
    result = PdfVerifier(pki.policy(), agency_document=True).verify(signed)
    (issue,) = [issue for issue in result.issues if issue.rule == "PDF040"]
    assert "agency seal" in issue.message
    assert "PDF040" not in PdfVerifier(pki.policy()).verify(signed).rule_ids()


def _with_text_field(pdf: bytes) -> bytes:
    """*pdf* with an empty text form field "SoDen" (the incoming register number)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    name = generic.pdf_name
    field = writer.add_object(generic.DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/Widget"),
        name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject("SoDen"),
        name("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (50, 780, 200, 800)]),
        name("/P"): page_ref}))
    page = page_ref.get_object()
    page[name("/Annots")] = generic.ArrayObject([field])
    writer.update_container(page)
    writer.root[name("/AcroForm")] = generic.DictionaryObject({
        name("/Fields"): generic.ArrayObject([field])})
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_form_filling_after_signing_is_allowed(pki: TestPKI, plain_pdf: bytes) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _signer(pki, "person").sign(_with_text_field(plain_pdf))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    field = writer.root["/AcroForm"]["/Fields"][0].get_object()
    field[generic.pdf_name("/V")] = generic.TextStringObject("125/VBĐ")
    writer.update_container(field)
    output = io.BytesIO()
    writer.write(output)
    result = PdfVerifier(pki.policy()).verify(output.getvalue())
    (sig,) = result.signatures
    assert sig.valid
    assert sig.trusted
    assert sig.modification is Modification.FORM_FILLING
    assert "PDF012" in result.rule_ids()


def test_content_changed_after_signing_is_disallowed(pki: TestPKI, plain_pdf: bytes) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = _signer(pki, "person").sign(plain_pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 700 Td (Noi dung khac) Tj ET")
    page[generic.pdf_name("/Contents")] = writer.add_object(stream)
    writer.update_container(page)
    output = io.BytesIO()
    writer.write(output)
    result = PdfVerifier(pki.policy()).verify(output.getvalue())
    (sig,) = result.signatures
    assert sig.intact
    assert sig.signature_valid
    assert sig.modification is Modification.DISALLOWED  # ... but what is shown changed
    assert not sig.valid
    assert not result.valid
    assert "PDF013" in result.rule_ids()


def test_wrong_root_is_untrusted_but_intact(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person").sign(plain_pdf)
    result = PdfVerifier(pki.policy(anchors=(pki.other_root[1],))).verify(signed)
    (sig,) = result.signatures
    assert sig.valid
    assert not sig.trusted
    assert sig.trust is TrustState.UNTRUSTED
    assert sig.indication == "INDETERMINATE"
    assert sig.subindication == "NO_CERTIFICATE_CHAIN_FOUND"
    assert "PDF020" in result.rule_ids()


def test_no_anchor_means_trust_not_checked(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person").sign(plain_pdf)
    (sig,) = PdfVerifier(pki.policy(anchors=())).verify(signed).signatures
    assert sig.trust is TrustState.NOT_CHECKED
    assert not sig.trusted
    assert "PDF020" not in {issue.rule for issue in sig.issues}


def test_revoked_certificate_is_reported(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "revoked").sign(plain_pdf)
    result = PdfVerifier(pki.policy()).verify(signed)
    (sig,) = result.signatures
    assert not sig.trusted
    assert sig.revocation is RevocationStatus.REVOKED
    assert sig.subindication in {"REVOKED", "REVOKED_NO_POE"}
    assert "PDF022" in result.rule_ids()


def test_revocation_not_checked_without_any_revocation_data(pki: TestPKI,
                                                            plain_pdf: bytes) -> None:
    signed = _signer(pki, "revoked").sign(plain_pdf)
    (sig,) = PdfVerifier(pki.policy(crls=False)).verify(signed).signatures
    assert sig.trusted  # nothing says it is revoked: reported, as for XML signatures
    assert sig.revocation is RevocationStatus.NOT_CHECKED
    assert "PDF023" in {issue.rule for issue in sig.issues}


def test_missing_crl_of_an_issuer_fails_closed(pki: TestPKI, plain_pdf: bytes) -> None:
    from vn_egov.signature.policy import SignaturePolicy

    signed = _signer(pki, "person").sign(plain_pdf)
    root_crl_only = SignaturePolicy(trust_anchors=(pki.root[1],), crls=pki.crls_at(NOW)[1:])
    (sig,) = PdfVerifier(root_crl_only).verify(signed).signatures
    assert not sig.trusted
    assert sig.revocation is RevocationStatus.UNKNOWN
    assert "PDF024" in {issue.rule for issue in sig.issues}


def test_expired_certificate_timestamped_before_expiry_is_accepted(pki: TestPKI,
                                                                   plain_pdf: bytes) -> None:
    later = NOW + dt.timedelta(days=10)  # the signer certificate expired 8 days before
    stamped = _signer(pki, "expiring", level="B-T", tsa_url=pki.services.tsa_url).sign(
        plain_pdf)
    (sig,) = PdfVerifier(pki.policy(at=later)).verify(stamped).signatures
    assert sig.trusted, sig.issues
    assert sig.time_source is TimeSource.TIMESTAMP
    assert sig.signing_time is not None
    assert sig.signing_time < pki.expiring[1].not_valid_after_utc

    bare = _signer(pki, "expiring").sign(plain_pdf)
    (sig,) = PdfVerifier(pki.policy(at=later)).verify(bare).signatures
    assert not sig.trusted
    assert sig.subindication == "OUT_OF_BOUNDS_NO_POE"
    assert "PDF021" in {issue.rule for issue in sig.issues}


def test_sha1_needs_the_legacy_flag(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = pyhanko_sign(plain_pdf, pki.seal, [pki.issuing[1]], field_name="Sig1",
                          md_algorithm="sha1")
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.digest_algorithm == "sha1"
    assert not sig.valid
    assert [(i.rule, i.severity.value) for i in sig.issues if i.rule == "PDF026"] == [
        ("PDF026", "error")]
    assert "PDF010" not in {issue.rule for issue in sig.issues}
    (legacy,) = PdfVerifier(pki.policy(allow_sha1=True)).verify(signed).signatures
    assert legacy.valid
    assert legacy.trusted
    assert [(i.rule, i.severity.value) for i in legacy.issues if i.rule == "PDF026"] == [
        ("PDF026", "warning")]


def test_rsa_1024_needs_the_weak_key_flag(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = pyhanko_sign(plain_pdf, pki.weak, [pki.issuing[1]], field_name="Sig1")
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.key == "RSA-1024"
    assert not sig.valid
    assert {(i.rule, i.severity.value) for i in sig.issues} >= {("PDF027", "error")}
    (legacy,) = PdfVerifier(pki.policy(allow_weak_keys=True)).verify(signed).signatures
    assert legacy.valid
    assert legacy.trusted
    assert ("PDF027", "warning") in {(i.rule, i.severity.value) for i in legacy.issues}


def test_our_signer_refuses_weak_keys(pki: TestPKI, plain_pdf: bytes) -> None:
    from vn_egov.errors import PolicyViolation

    with pytest.raises(PolicyViolation, match="1024 bits"):
        _signer(pki, "weak").sign(plain_pdf)


def test_signature_covering_part_of_the_file(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = _signer(pki, "person").sign(plain_pdf)
    partial = resign_partial(signed, pki.person, [pki.issuing[1]])
    result = PdfVerifier(pki.policy()).verify(partial)
    (sig,) = result.signatures
    assert sig.intact
    assert sig.signature_valid
    assert sig.coverage is Coverage.PARTIAL
    assert not sig.valid
    assert "PDF011" in result.rule_ids()
    assert "PDF013" not in result.rule_ids()


def test_legacy_adbe_signature_from_another_signer(pki: TestPKI, plain_pdf: bytes) -> None:
    signed = pyhanko_sign(plain_pdf, pki.seal, [pki.issuing[1]], field_name="Sig1",
                          subfilter="adbe")
    (sig,) = PdfVerifier(pki.policy()).verify(signed).signatures
    assert sig.trusted
    assert sig.subfilter == "/adbe.pkcs7.detached"
    assert sig.level is PadesLevel.NONE
    assert "PDF006" in {issue.rule for issue in sig.issues}
