"""One shape of result: ``valid``, ``issues``, ``raise_if_invalid()`` for a validation report, a
read, an XML and a PDF signature verification and a catalogue import; one wording of
``DocumentInvalid``; the verdict of a verification is ``valid``."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from vn_egov.edoc.demo import plan_package
from vn_egov.edoc.writer import write
from vn_egov.errors import DocumentInvalid, InvalidSignature, UntrustedCertificate
from vn_egov.validation import Result

GOOD = write(plan_package())
MISSPELT = GOOD.replace(b"edXML:Subject>", b"edXML:Subjekt>")


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from vn_egov.signature.pki import make_demo_pki

    return make_demo_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def signed(pki: Any) -> bytes:
    from vn_egov.signature import Signer

    return Signer(pki.signer_key, (pki.signer, pki.issuing)).sign(GOOD)


def _assert_protocol(valid: Any, invalid: Any, error: type[Exception], wording: str, *,
                     says_why: bool = True) -> None:
    for result in (valid, invalid):
        assert isinstance(result, Result)
    assert valid.valid is True
    assert valid.raise_if_invalid() is valid
    assert invalid.valid is False
    if says_why:  # (a verification without anchors says it in its trust state)
        assert invalid.issues, "an invalid result says why"
    with pytest.raises(error, match=wording):
        invalid.raise_if_invalid()


def test_validation_report() -> None:
    from vn_egov.validation import check

    _assert_protocol(check(GOOD), check(MISSPELT), DocumentInvalid,
                     r"document is invalid: \d+ failing issue\(s\); first: error XSD001")


def test_read_result_and_read_raise_the_same_error() -> None:
    from vn_egov.edoc import read
    from vn_egov.edoc.reader import read_tree
    from vn_egov.xml import parse

    bad = read_tree(parse(MISSPELT, source_name="bad.edxml"))
    _assert_protocol(read_tree(parse(GOOD)), bad, DocumentInvalid,
                     r"^bad.edxml:\d+:\d+: document is invalid: 1 failing issue\(s\); first: "
                     r"error EDX101 ")
    with pytest.raises(DocumentInvalid) as raised:
        read(MISSPELT)
    assert raised.value.report.rule_ids() == sorted({i.rule for i in bad.issues})
    assert "EDX101" in raised.value.report.rule_ids()
    assert raised.value.report.profile_id == "edxml-document"


def test_a_verification_is_valid_only_when_intact_and_trusted(pki: Any, signed: bytes) -> None:
    from vn_egov.signature import SignaturePolicy, Verifier

    trusted = Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(signed)
    untrusted = Verifier(SignaturePolicy()).verify(signed)  # no anchor: the signer unknown
    assert untrusted.signature_intact
    assert not untrusted.trusted_valid
    _assert_protocol(trusted, untrusted, UntrustedCertificate,
                     "signer certificate is not_checked: no trust anchors", says_why=False)
    assert trusted.valid is trusted.trusted_valid is True
    assert untrusted.raise_if_invalid(require_trust=False) is untrusted
    tampered = Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(
        signed.replace(b"4547", b"4548", 1))
    assert not tampered.valid
    with pytest.raises(InvalidSignature, match="signature is invalid"):
        tampered.raise_if_invalid(require_trust=False)


def test_verify_or_raise_is_deprecated(pki: Any, signed: bytes) -> None:
    from vn_egov.signature import SignaturePolicy, Verifier

    verifier = Verifier(SignaturePolicy(trust_anchors=(pki.root,)))
    with pytest.warns(DeprecationWarning, match=r"use Verifier.verify\(...\).raise_if_invalid"):
        assert verifier.verify_or_raise(signed).valid


def test_a_pdf_verification_is_valid_only_when_trusted(pki: Any) -> None:
    pytest.importorskip("pyhanko")
    from vn_egov.signature import SignaturePolicy
    from vn_egov.signature.pdf.demo import signed_plan_pdf, signing_material
    from vn_egov.signature.pdf.verify import PdfVerifier

    pdf = signed_plan_pdf(signing_material(pki))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trusted = PdfVerifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(pdf)
        untrusted = PdfVerifier(SignaturePolicy()).verify(pdf)
    assert untrusted.intact
    assert not untrusted.trusted
    _assert_protocol(trusted, untrusted, UntrustedCertificate, "a PDF signer is not trusted",
                     says_why=False)
    assert untrusted.all_issues  # each signature's findings
    assert trusted.to_dict()["valid"] is trusted.to_dict()["trusted"] is True
    assert untrusted.to_dict()["intact"] is True


def test_an_import_result() -> None:
    from vn_egov.services.catalogue.importers import ImportResult, import_procedure
    from vn_egov.validation import issue_for

    good = import_procedure({"code": "1.001193", "name": "Đăng ký khai sinh"})
    bad = ImportResult(good.procedure, [issue_for("SVC110", "record has no code")])
    assert good.issues == []
    assert issue_for("SVC110", "x").severity.value == "error"
    _assert_protocol(good, bad, DocumentInvalid, r"document is invalid: 1 failing issue\(s\)")


def test_one_wording_of_document_invalid() -> None:
    from vn_egov.edoc import read
    from vn_egov.services.catalogue.xml import catalogue_from_xml
    from vn_egov.validation import validate

    messages = []
    for attempt in (lambda: validate(MISSPELT), lambda: read(MISSPELT),
                    lambda: catalogue_from_xml(b"<Catalogue/>")):
        with pytest.raises(DocumentInvalid) as raised:
            attempt()
        messages.append(raised.value.message)
    assert all(message.startswith("document is invalid: ") for message in messages), messages
