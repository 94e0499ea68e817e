"""The command line and the package integration: vn-egov pdf verify|sign, vn-egov verify
PACKAGE with signed PDF attachments, the signature validation layer, inspect, the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pdf_support import NOW, TestPKI

from vn_egov.cli.main import cli
from vn_egov.signature.pdf.package import attachment_issues, pdf_attachments, verify_attachments
from vn_egov.signature.pdf.sign import PdfSigner


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def files(pki: TestPKI, tmp_path: Path) -> dict[str, Path]:
    """The PKI as files, as a user has them."""
    pem = serialization.Encoding.PEM
    paths = {"ca": tmp_path / "ca.pem", "crl": tmp_path / "crl.pem",
             "seal_p12": tmp_path / "seal.p12", "person_key": tmp_path / "person-key.pem",
             "person_cert": tmp_path / "person-cert.pem", "chain": tmp_path / "chain.pem"}
    paths["ca"].write_bytes(pki.root[1].public_bytes(pem))
    paths["crl"].write_bytes(b"".join(crl.public_bytes(pem) for crl in pki.crls_at(NOW)))
    paths["seal_p12"].write_bytes(pkcs12.serialize_key_and_certificates(
        b"seal", pki.seal[0], pki.seal[1], [pki.issuing[1]],
        serialization.BestAvailableEncryption(b"secret")))
    paths["person_key"].write_bytes(pki.person[0].private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    paths["person_cert"].write_bytes(pki.person[1].public_bytes(pem))
    paths["chain"].write_bytes(pki.issuing[1].public_bytes(pem))
    return paths


def test_sign_then_verify_on_the_command_line(files: dict[str, Path], plain_pdf: bytes,
                                              tmp_path: Path, pki: TestPKI,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source, person, both = tmp_path / "in.pdf", tmp_path / "person.pdf", tmp_path / "both.pdf"
    source.write_bytes(plain_pdf)
    signed = run("pdf", "sign", source, "-o", person, "--key", files["person_key"],
                 "--cert", files["person_cert"], "--chain", files["chain"], "--visible")
    assert signed.exit_code == 0, signed.output
    assert "personal" in signed.stderr
    monkeypatch.setenv("P12_PASSWORD", "secret")
    sealed = run("pdf", "sign", person, "-o", both, "--pkcs12", files["seal_p12"],
                 "--password-env", "P12_PASSWORD", "--visible", "--level", "B-T",
                 "--tsa", pki.services.tsa_url)
    assert sealed.exit_code == 0, sealed.output
    verified = run("pdf", "verify", both, "--trust", files["ca"], "--crl", files["crl"],
                   "--agency-document", "--format", "json")
    assert verified.exit_code == 0, verified.output
    data = json.loads(verified.stdout)
    assert data["trusted"] is True
    assert [sig["role"] for sig in data["signatures"]] == ["personal", "agency_seal"]
    assert [sig["level"] for sig in data["signatures"]] == ["B-B", "B-T"]
    assert data["signatures"][1]["time_source"] == "timestamp"
    assert data["signatures"][0]["signer"]["identifiers"] == [
        {"type": "CCCD", "value": "031000000001"}]


def test_verify_text_in_vietnamese(files: dict[str, Path], plain_pdf: bytes, tmp_path: Path,
                                   pki: TestPKI) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(PdfSigner.from_key(pki.person[0], [pki.person[1], pki.issuing[1]]).sign(
        plain_pdf))
    result = run("--lang", "vi", "pdf", "verify", path, "--trust", files["ca"], "--crl",
                 files["crl"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    # TT 15/2025/TT-BKHCN: signer, signing time and integrity shown in Vietnamese
    assert "HỢP LỆ và TIN CẬY" in out
    assert "Người ký: Nguyễn Văn Tùng" in out
    assert "Thời điểm ký: " in out
    assert "+07:00 (người ký tự khai" in out
    assert "Tính toàn vẹn: toàn vẹn, không thay đổi sau khi ký" in out
    assert "Chức vụ: Chủ tịch" in out


def test_verify_untrusted_exits_1_and_bad_usage_exits_2(files: dict[str, Path], plain_pdf: bytes,
                                                        tmp_path: Path, pki: TestPKI) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(PdfSigner.from_key(pki.person[0], [pki.person[1], pki.issuing[1]]).sign(
        plain_pdf))
    other = tmp_path / "other.pem"
    other.write_bytes(pki.other_root[1].public_bytes(serialization.Encoding.PEM))
    assert run("pdf", "verify", path, "--trust", other).exit_code == 1
    assert run("pdf", "verify", path, "--trust", files["ca"], "--at", "yesterday").exit_code == 2
    assert run("pdf", "sign", path, "-o", tmp_path / "x.pdf").exit_code == 2
    assert run("pdf", "sign", path, "-o", tmp_path / "x.pdf", "--key", files["person_key"],
               "--cert", files["person_cert"], "--level", "B-T").exit_code == 2


def test_external_signer_on_the_command_line(files: dict[str, Path], plain_pdf: bytes,
                                             tmp_path: Path, pki: TestPKI,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "demo_token.py"
    module.write_text(
        "from pathlib import Path\n"
        "from vn_egov.signature import KeyExternalSigner, load_private_key\n"
        f"TOKEN = KeyExternalSigner(load_private_key(Path({str(files['person_key'])!r})))\n",
        encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(plain_pdf)
    result = run("pdf", "sign", source, "-o", target, "--external", "demo_token:TOKEN",
                 "--cert", files["person_cert"], "--chain", files["chain"])
    assert result.exit_code == 0, result.output
    assert run("pdf", "verify", target, "--trust", files["ca"], "--crl",
               files["crl"]).exit_code == 0


def _package_with(pdf: bytes) -> object:
    from vn_egov.edoc.demo import plan_package

    package = plan_package()
    attachments = [package.attachments[0].model_copy(update={"data": pdf})]
    return package.model_copy(update={"attachments": attachments})


def _both_signed(pki: TestPKI, plain_pdf: bytes) -> bytes:
    person = PdfSigner.from_key(pki.person[0], [pki.person[1], pki.issuing[1]])
    seal = PdfSigner.from_key(pki.seal[0], [pki.seal[1], pki.issuing[1]])
    return seal.sign(person.sign(plain_pdf))


def test_package_functions(pki: TestPKI, plain_pdf: bytes) -> None:
    package = _package_with(_both_signed(pki, plain_pdf))
    assert [name for name, _ in pdf_attachments(package)] == ["4547-KH-UBND.pdf"]
    (result,) = verify_attachments(package, pki.policy())
    assert result.trusted
    assert result.source == "4547-KH-UBND.pdf"
    only_person = _package_with(PdfSigner.from_key(
        pki.person[0], [pki.person[1], pki.issuing[1]]).sign(plain_pdf))
    issues = attachment_issues(verify_attachments(only_person, pki.policy()))
    (missing,) = [issue for issue in issues if issue.rule == "PDF040"]
    assert missing.message.startswith("attachment 4547-KH-UBND.pdf: ")


def test_verify_package_covers_pdf_attachments(files: dict[str, Path], pki: TestPKI,
                                               plain_pdf: bytes, tmp_path: Path) -> None:
    from vn_egov.edoc import write_file
    from vn_egov.signature import Signer

    package_path = write_file(_package_with(_both_signed(pki, plain_pdf)),
                              tmp_path / "doc.edxml")
    signed_path = tmp_path / "doc.signed.edxml"
    signed_path.write_bytes(Signer(pki.seal[0], (pki.seal[1], pki.issuing[1])).sign(
        package_path.read_bytes()))
    result = run("verify", signed_path, "--trust", files["ca"], "--crl", files["crl"],
                 "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (attachment,) = data["attachments"]
    assert attachment["source"] == "4547-KH-UBND.pdf"
    assert attachment["trusted"] is True
    assert [sig["role"] for sig in attachment["signatures"]] == ["personal", "agency_seal"]
    # An untrusted PDF signature makes the package verification fail, though the XML is fine.
    other_pdf = PdfSigner.from_key(pki.revoked[0], [pki.revoked[1], pki.issuing[1]]).sign(
        plain_pdf)
    bad_path = write_file(_package_with(other_pdf), tmp_path / "bad.edxml")
    bad_signed = tmp_path / "bad.signed.edxml"
    bad_signed.write_bytes(Signer(pki.seal[0], (pki.seal[1], pki.issuing[1])).sign(
        bad_path.read_bytes()))
    text = run("verify", bad_signed, "--trust", files["ca"], "--crl", files["crl"])
    assert text.exit_code == 1
    assert "PDF022" in text.stdout


def test_validation_layer_and_inspect(files: dict[str, Path], pki: TestPKI, plain_pdf: bytes,
                                      tmp_path: Path) -> None:
    from vn_egov.edoc import write_file

    only_person = PdfSigner.from_key(pki.person[0], [pki.person[1], pki.issuing[1]]).sign(
        plain_pdf)
    path = write_file(_package_with(only_person), tmp_path / "doc.edxml")
    validated = run("validate", path, "--verify-signature", "--trust", files["ca"], "--crl",
                    files["crl"], "--format", "json")
    assert "PDF040" in validated.stdout
    inspected = run("inspect", path, "--format", "json")
    assert inspected.exit_code == 0
    (attachment,) = json.loads(inspected.stdout)["attachments"]
    (signature,) = attachment["signatures"]
    assert signature["role"] == "personal"
    assert signature["trust"] == "not_checked"
    assert signature["signer"]["common_name"] == "Nguyễn Văn Tùng"
    assert signature["intact"] is True
