"""``valid`` means safe to use (issue 15 items 4, 5, 8): one verdict, the signed content only
for that verdict, every tool reading the signed view, ``validate --verify-signature`` failing
exactly when ``verify`` does, and signing-time coverage computed from what was digested."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import xmlsec
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from lxml import etree
from sig_support import key_pem, pem

from vn_egov.cli.main import cli
from vn_egov.edoc.demo import plan_package
from vn_egov.edoc.writer import write
from vn_egov.signature import (
    CryptoState,
    DemoPKI,
    SignaturePolicy,
    Signer,
    TrustState,
    Verifier,
    make_demo_pki,
)

C = xmlsec.constants
DS = "http://www.w3.org/2000/09/xmldsig#"
PLAN = write(plan_package())  # Kế hoạch 4547/KH-UBND of Hải Phòng, a 642-byte PDF attached


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, pki: DemoPKI) -> Path:
    folder = tmp_path_factory.mktemp("verdict")
    (folder / "ca.pem").write_bytes(pem(pki.root))
    (folder / "crl.pem").write_bytes(b"".join(
        crl.public_bytes(serialization.Encoding.PEM) for crl in pki.crls))
    return folder


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


# -- one verdict; the signed content only for it (item 5) --------------------------------------

def test_untrusted_signer_gets_no_content_without_an_explicit_opt_in(pki: DemoPKI) -> None:
    attacker = make_demo_pki()  # the same names and tax code, other keys
    forged = Signer(attacker.signer_key, attacker.chain).sign(
        PLAN.replace(b"2016-2020", b"2016-2030"))
    result = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).verify(forged)
    assert result.identity is not None
    assert result.identity.identifier("MST") == "0200000000"  # the copied tax code
    assert (result.signature_intact, result.trusted_valid) == (True, False)
    assert result.trust is TrustState.UNTRUSTED
    assert result.signed_xml is None
    assert result.signed_references == ()
    with pytest.raises(ValueError, match="no verified content"):
        result.signed_tree()
    opened = result.signed_content(accept_untrusted=True)
    assert opened is not None
    assert b"2016-2030" in opened


def test_content_is_never_opened_for_a_broken_signature(pki: DemoPKI) -> None:
    signed = Signer(pki.signer_key, pki.chain).sign(PLAN)
    result = Verifier(SignaturePolicy(trust_anchors=(pki.root,))).verify(
        signed.replace(b"2016-2020", b"2016-2030"))
    assert result.crypto is CryptoState.INVALID
    assert result.signed_content(accept_untrusted=True) is None


def _expired_signer(pki: DemoPKI) -> bytes:
    now = dt.datetime.now(dt.UTC)
    key, cert = pki.issue("CN=Văn thư cũ (DEMO),O=UBND thành phố Hải Phòng (DEMO),C=VN",
                          key_spec="rsa", not_before=now - dt.timedelta(days=400),
                          not_after=now - dt.timedelta(days=1))
    return Signer(key, (cert, pki.issuing)).sign(PLAN)


def _cases(pki: DemoPKI) -> dict[str, bytes]:
    signed = Signer(pki.signer_key, pki.chain).sign(PLAN)
    attacker = make_demo_pki()
    placeholder = PLAN.replace(b"</edXML:TraceHeaderList>",
                               b"</edXML:TraceHeaderList><Signature/>", 1)
    return {
        "valid": signed,
        "expired-signer": _expired_signer(pki),
        "attacker-chain-copying-names": Signer(attacker.signer_key, attacker.chain).sign(
            PLAN.replace(b"2016-2020", b"2016-2030")),
        "tampered": signed.replace(b"2016-2020", b"2016-2030"),
        "revoked-signer": Signer(pki.revoked_key, (pki.revoked, pki.issuing)).sign(PLAN),
        "unsigned": PLAN,
        "placeholder": placeholder,
    }


def test_validate_verify_signature_fails_exactly_when_verify_does(folder: Path,
                                                                  pki: DemoPKI) -> None:
    outcomes = {}
    for name, data in _cases(pki).items():
        path = folder / f"{name}.edxml"
        path.write_bytes(data)
        trust = ["--trust", str(folder / "ca.pem"), "--crl", str(folder / "crl.pem")]
        verified = _run("verify", str(path), *trust)
        validated = _run("validate", "--verify-signature", *trust, str(path))
        outcomes[name] = (verified.exit_code, validated.exit_code)
    assert outcomes == {"valid": (0, 0), "expired-signer": (1, 1),
                        "attacker-chain-copying-names": (1, 1), "tampered": (1, 1),
                        "revoked-signer": (1, 1), "unsigned": (1, 1), "placeholder": (1, 1)}


@pytest.mark.parametrize(("table", "senders", "expected"), [
    ('crl = ["crl.pem"]\nsender-map = "senders.toml"\n', "MST:0200000000", (0, set())),
    ('crl = ["crl.pem"]\nsender-map = "senders.toml"\n', "MST:0999999999",
     (1, {"SIG027", "SIG029"})),
    ('revocation = "require"\n', "", (1, {"SIG024", "SIG029"})),  # no CRL: unknown status
    ('revocation = "soft-fail"\n', "", (0, set())),
])
def test_the_signature_table_of_the_configuration_is_the_policy_of_verify(
        tmp_path: Path, pki: DemoPKI, table: str, senders: str,
        expected: tuple[int, set[str]]) -> None:
    """``[signature]`` carries what ``verify`` is given: intermediates, CRLs, the revocation
    mode and the sender map (relative to the file)."""
    (tmp_path / "ca.pem").write_bytes(pem(pki.root))
    (tmp_path / "crl.pem").write_bytes(b"".join(
        crl.public_bytes(serialization.Encoding.PEM) for crl in pki.crls))
    (tmp_path / "senders.toml").write_text(f'"000.00.00.H24" = ["{senders}"]\n',
                                           encoding="utf-8")
    (tmp_path / "vn-egov.toml").write_text(
        '[signature]\nverify = true\ntrust = ["ca.pem"]\n' + table, encoding="utf-8")
    package = tmp_path / "signed.edxml"
    package.write_bytes(Signer(pki.signer_key, pki.chain).sign(PLAN))
    result = _run("validate", "--config", str(tmp_path / "vn-egov.toml"), "--format", "json",
                  str(package))
    issues = json.loads(result.output)["files"][0]["issues"]
    failing = {issue["rule"] for issue in issues if issue["severity"] == "error"}
    assert (result.exit_code, failing) == expected, issues


def test_a_revocation_mode_the_policy_does_not_know_is_a_configuration_error(
        tmp_path: Path) -> None:
    (tmp_path / "vn-egov.toml").write_text(
        '[signature]\nverify = true\ntrust = ["ca.pem"]\nrevocation = "lax"\n',
        encoding="utf-8")
    result = _run("validate", "--config", str(tmp_path / "vn-egov.toml"), str(tmp_path))
    assert result.exit_code == 2
    assert ("'lax' is not a revocation mode in key signature.revocation (hint: use one of "
            "auto, require, soft-fail, off)") in result.output


def test_validate_reports_why_the_signature_was_not_accepted(folder: Path,
                                                             pki: DemoPKI) -> None:
    path = folder / "expired.edxml"
    path.write_bytes(_expired_signer(pki))
    result = _run("validate", "--verify-signature", "--trust", str(folder / "ca.pem"),
                  "--crl", str(folder / "crl.pem"), "--format", "json", str(path))
    assert result.exit_code == 1
    issues = json.loads(result.output)["files"][0]["issues"]
    rules = {issue["rule"]: issue for issue in issues}
    assert rules["SIG018"]["severity"] == "warning"  # on its own, a warning
    assert rules["SIG029"]["severity"] == "error"  # the verdict
    assert rules["SIG029"]["message"] == ("signature not accepted: signature valid, "
                                          "certificate untrusted (see SIG018)")


# -- every tool reads the signed view (item 4) --------------------------------------------------

def _with_comments(signed: bytes) -> bytes:
    """Comments inside signed values: not signed content, so the signature stays valid."""
    attachment = signed.index(b"<edXML:ContentTransferEncoded")
    start = signed.index(b">", attachment) + 1
    data = signed[:start + 40] + b"<!-- unsigned -->" + signed[start + 40:]
    data = data.replace(b"<edXML:CodeNumber>4547", b"<edXML:CodeNumber>45<!-- x -->47", 1)
    return data.replace("hoạt động".encode(), "hoạt<!-- x --> động".encode(), 1)


def test_inspect_and_extract_with_verify_read_the_signed_view(folder: Path, pki: DemoPKI,
                                                              tmp_path: Path) -> None:
    path = folder / "comments.edxml"
    path.write_bytes(_with_comments(Signer(pki.signer_key, pki.chain).sign(PLAN)))
    trust = ["--trust", str(folder / "ca.pem"), "--crl", str(folder / "crl.pem")]
    assert _run("verify", str(path), *trust).exit_code == 0  # comments are not signed
    shown = _run("inspect", str(path), "--verify", *trust, "--format", "json")
    assert shown.exit_code == 0, shown.output
    summary = json.loads(shown.output)
    assert summary["code"]["number"] == "4547"
    assert summary["code"]["notation"] == "KH-UBND"
    assert summary["subject"].startswith("Ứng dụng công nghệ thông tin trong hoạt động của")
    assert [a["size"] for a in summary["attachments"]] == [642]
    out = tmp_path / "files"
    extracted = _run("extract", str(path), "--verify", *trust, "-d", str(out))
    assert extracted.exit_code == 0, extracted.output
    pdf = (out / "4547-KH-UBND.pdf").read_bytes()
    assert len(pdf) == 642
    assert pdf.startswith(b"%PDF-1.4")


def test_inspect_and_extract_with_verify_refuse_untrusted_packages(folder: Path, pki: DemoPKI,
                                                                   tmp_path: Path) -> None:
    attacker = make_demo_pki()
    path = folder / "forged.edxml"
    path.write_bytes(Signer(attacker.signer_key, attacker.chain).sign(PLAN))
    trust = ["--trust", str(folder / "ca.pem"), "--crl", str(folder / "crl.pem")]
    shown = _run("inspect", str(path), "--verify", *trust)
    assert shown.exit_code == 1
    assert "NOT ACCEPTED" in shown.output
    assert "4547" not in shown.output.replace(str(path), "")
    extracted = _run("extract", str(path), "--verify", *trust, "-d", str(tmp_path / "none"))
    assert extracted.exit_code == 1
    assert not (tmp_path / "none").exists()


def test_trust_options_without_verify_are_a_usage_error(folder: Path, pki: DemoPKI) -> None:
    path = folder / "plain.edxml"
    path.write_bytes(PLAN)
    result = _run("inspect", str(path), "--trust", str(folder / "ca.pem"))
    assert result.exit_code == 2
    assert "only apply with --verify" in result.output


# -- signing time honesty (item 8) ----------------------------------------------------------------

def _signed_with_signing_time(pki: DemoPKI, *, covered: bool) -> bytes:
    """libxmlsec1 signs either the document (#doc, enveloped) or an Object holding the
    SigningTime (#props, no transform)."""
    root = etree.fromstring(b'<doc xmlns="urn:test" Id="doc"><v>4547/KH-UBND</v></doc>')
    signature = xmlsec.template.create(root, C.TransformExclC14N, C.TransformRsaSha256,
                                       ns="ds")
    root.append(signature)
    target = "#props" if covered else "#doc"
    reference = xmlsec.template.add_reference(signature, C.TransformSha256, uri=target)
    if not covered:
        xmlsec.template.add_transform(reference, C.TransformEnveloped)
    xmlsec.template.add_transform(reference, C.TransformExclC14N)
    xmlsec.template.x509_data_add_certificate(
        xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature)))
    obj = etree.SubElement(signature, f"{{{DS}}}Object", Id="props")
    etree.SubElement(etree.SubElement(etree.SubElement(obj, f"{{{DS}}}SignatureProperties"),
                                      f"{{{DS}}}SignatureProperty", Target="#sig"),
                     "{urn:test}SigningTime").text = "2025-03-12T09:41:05+07:00"
    for element in (root, obj):
        xmlsec.tree.add_ids(element, ["Id"])
    context = xmlsec.SignatureContext()
    key = xmlsec.Key.from_memory(key_pem(pki.signer_key), C.KeyDataFormatPem)
    key.load_cert_from_memory(pem(pki.signer), C.KeyDataFormatCertPem)
    context.key = key
    context.sign(signature)
    return etree.tostring(root)


def test_signing_time_covered_only_when_a_reference_digests_it(pki: DemoPKI) -> None:
    policy = SignaturePolicy(trust_anchors=(pki.root,), intermediates=(pki.issuing,),
                             crls=pki.crls, require_whole_document=False)
    honest = Verifier(policy).verify(_signed_with_signing_time(pki, covered=True))
    assert honest.trusted_valid, honest.issues
    assert (honest.signed_at, honest.signed_at_covered) == ("2025-03-12T09:41:05+07:00", True)
    # The reference targets an ancestor of the Signature with the enveloped transform: the
    # whole Signature, SigningTime included, is outside what was digested.
    enveloped = Verifier(policy).verify(_signed_with_signing_time(pki, covered=False))
    assert enveloped.trusted_valid, enveloped.issues
    assert (enveloped.signed_at, enveloped.signed_at_covered) == (
        "2025-03-12T09:41:05+07:00", False)


def test_attacker_added_signing_time_is_not_covered(pki: DemoPKI) -> None:
    signed = Signer(pki.signer_key, pki.chain).sign(PLAN)
    added = signed.replace(
        b"</SignatureValue>",
        b"</SignatureValue><Object><SignatureProperties><SignatureProperty Target=\"#s\">"
        b"<SigningTime xmlns=\"urn:x\">2020-01-01T00:00:00+07:00</SigningTime>"
        b"</SignatureProperty></SignatureProperties></Object>", 1)
    result = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).verify(added)
    assert result.trusted_valid  # Objects outside SignedInfo do not break an enveloped one
    assert (result.signed_at, result.signed_at_covered) == ("2020-01-01T00:00:00+07:00", False)


def test_json_output_names_the_verdict(folder: Path, pki: DemoPKI) -> None:
    path = folder / "json.edxml"
    path.write_bytes(Signer(pki.signer_key, pki.chain).sign(PLAN))
    result = _run("verify", str(path), "--trust", str(folder / "ca.pem"), "--crl",
                  str(folder / "crl.pem"), "--format", "json")
    data = json.loads(result.output)
    assert (data["trusted_valid"], data["signature_intact"]) == (True, True)
    assert "valid" not in data
    assert "trusted" not in data
    assert base64.b16decode(data["references"][0]["sha256_of_octets"].upper())
