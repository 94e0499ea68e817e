"""CLI: vn-egov pki demo, sign, verify (exit codes, text and JSON output)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vn_egov.cli.main import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("pki")
    result = CliRunner().invoke(cli, ["pki", "demo", "-o", str(directory)])
    assert result.exit_code == 0, result.output
    return directory


def _run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


def test_pki_demo_files(demo: Path) -> None:
    names = sorted(p.name for p in demo.iterdir())
    assert names == ["ca.pem", "chain.pem", "crl.pem", "person-cert.pem", "person-key.pem",
                     "person.p12", "revoked-cert.pem", "revoked-key.pem", "seal-cert.pem",
                     "seal-key.pem", "seal.p12", "signer-cert.pem", "signer-key.pem",
                     "signer.p12"]
    assert (demo / "crl.pem").read_bytes().count(b"BEGIN X509 CRL") == 2


def test_sign_and_verify_text(demo: Path, tmp_path: Path, package: Any) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(package())
    out = tmp_path / "signed.edxml"
    result = _run("sign", str(source), "--key", str(demo / "signer-key.pem"), "--cert",
                  str(demo / "signer-cert.pem"), "--chain", str(demo / "chain.pem"),
                  "-o", str(out))
    assert result.exit_code == 0, result.output
    verified = _run("verify", str(out), "--trust", str(demo / "ca.pem"),
                    "--crl", str(demo / "crl.pem"))
    assert verified.exit_code == 0, verified.output
    assert "VALID and TRUSTED" in verified.output
    assert "MST: 0200000000" in verified.output
    assert "Hải Phòng" in verified.output


def test_sign_pkcs12_and_verify_json(demo: Path, tmp_path: Path, package: Any) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(package())
    out = tmp_path / "signed.edxml"
    result = _run("sign", str(source), "--pkcs12", str(demo / "signer.p12"), "--password-env",
                  "P12_PW", "--prefix", "ds", "-o", str(out), env={"P12_PW": "demo-only"})
    assert result.exit_code == 0, result.output
    verified = _run("verify", str(out), "--trust", str(demo / "ca.pem"), "--intermediates",
                    str(demo / "chain.pem"), "--format", "json")
    assert verified.exit_code == 0
    data = json.loads(verified.output)
    assert data["signature_intact"] is True
    assert data["trusted_valid"] is True
    assert data["signer"]["identifiers"] == [{"type": "MST", "value": "0200000000"},
                                             {"type": "CCCD", "value": "031000000000"}]
    assert data["algorithms"]["signature"].endswith("rsa-sha256")
    assert [c["subject"].split(",")[0] for c in data["chain"]] == [
        "CN=Văn phòng UBND thành phố Hải Phòng (DEMO)", "CN=Vn-egov DEMO Issuing CA",
        "CN=Vn-egov DEMO Root CA"]
    assert [i["rule"] for i in data["issues"]] == ["SIG019"]
    assert data["signed_at"] is None


def test_verify_exit_1_for_revoked_and_tampered(demo: Path, tmp_path: Path,
                                                package: Any) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(package())
    out = tmp_path / "revoked.edxml"
    assert _run("sign", str(source), "--key", str(demo / "revoked-key.pem"), "--cert",
                str(demo / "revoked-cert.pem"), "--chain", str(demo / "chain.pem"),
                "-o", str(out)).exit_code == 0
    result = _run("verify", str(out), "--trust", str(demo / "ca.pem"), "--crl",
                  str(demo / "crl.pem"))
    assert result.exit_code == 1
    assert "error SIG022" in result.output
    tampered = tmp_path / "tampered.edxml"
    tampered.write_bytes(out.read_bytes().replace(b"SKHCN-VP", b"SKHCN-VX"))
    result = _run("verify", str(tampered), "--trust", str(demo / "ca.pem"))
    assert result.exit_code == 1
    assert "error SIG013" in result.output
    unsigned = _run("verify", str(source), "--trust", str(demo / "ca.pem"))
    assert unsigned.exit_code == 1
    assert "signature unsigned" in unsigned.output


def test_usage_errors_exit_2(demo: Path, tmp_path: Path, package: Any) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(package())
    out = str(tmp_path / "o.edxml")
    no_key = _run("sign", str(source), "-o", out)
    assert no_key.exit_code == 2
    assert "give --key and --cert, or --pkcs12" in no_key.output
    missing_env = _run("sign", str(source), "--pkcs12", str(demo / "signer.p12"),
                       "--password-env", "NOPE_NOT_SET", "-o", out, env={})
    assert missing_env.exit_code == 2
    assert "NOPE_NOT_SET is not set" in missing_env.output
    wrong_pw = _run("sign", str(source), "--pkcs12", str(demo / "signer.p12"),
                    "--password-env", "PW", "-o", out, env={"PW": "wrong"})
    assert wrong_pw.exit_code == 2
    assert "the password does not open the PKCS#12 file" in wrong_pw.output
    bad_time = _run("verify", str(source), "--trust", str(demo / "ca.pem"), "--at", "soon")
    assert bad_time.exit_code == 2
    assert "not an ISO 8601 time" in bad_time.output
    sha1 = _run("sign", str(source), "--key", str(demo / "signer-key.pem"), "--cert",
                str(demo / "signer-cert.pem"), "--signature-method",
                "http://www.w3.org/2000/09/xmldsig#rsa-sha1", "-o", out)
    assert sha1.exit_code == 2
    assert "refusing to sign with SHA-1" in sha1.output


def test_verify_at_time(demo: Path, tmp_path: Path, package: Any) -> None:
    source = tmp_path / "in.edxml"
    source.write_bytes(package())
    out = tmp_path / "signed.edxml"
    _run("sign", str(source), "--key", str(demo / "signer-key.pem"), "--cert",
         str(demo / "signer-cert.pem"), "--chain", str(demo / "chain.pem"), "-o", str(out))
    result = _run("verify", str(out), "--trust", str(demo / "ca.pem"), "--at",
                  "2100-01-01T00:00:00+07:00")
    assert result.exit_code == 1
    assert "warning SIG018" in result.output
    assert "expired on" in result.output
