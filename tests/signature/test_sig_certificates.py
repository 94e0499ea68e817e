"""Certificates and Vietnamese subject conventions; the validation layer; policy settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from vn_egov.errors import ConfigurationError, InputError
from vn_egov.signature import (
    SignaturePolicy,
    identity_of,
    load_certificates,
    load_crls,
    make_certificate_pair,
    parse_subject_name,
)
from vn_egov.signature.layer import SignatureLayer, policy_from_settings
from vn_egov.validation import ValidationContext, ValidationOptions
from vn_egov.xml import parse


@pytest.mark.parametrize("dn", [
    "UID=MST:0100000000-001,CN=Công ty Mẫu,O=Công ty Mẫu,L=Hà Nội,C=VN",
    "0.9.2342.19200300.100.1.1=MST:0100000000-001, CN=Công ty Mẫu, O=Công ty Mẫu, L=Hà Nội, C=VN",
    "OID.0.9.2342.19200300.100.1.1=MST:0100000000-001; CN=Công ty Mẫu; O=Công ty Mẫu; L=Hà Nội; "
    "C=VN",
])
def test_uid_forms(dn: str) -> None:
    identity = parse_subject_name(dn)
    assert identity.identifiers == (("MST", "0100000000-001"),)
    assert identity.common_name == "Công ty Mẫu"
    assert identity.locality == "Hà Nội"
    assert identity.country == "VN"


def test_two_uids_title_and_units() -> None:
    identity = parse_subject_name(
        "0.9.2342.19200300.100.1.1=MST:0100000000,0.9.2342.19200300.100.1.1=CMND:000000000,"
        "CN=Nguyễn Văn A,O=Công ty B,OU=Phòng 1,OU=Phòng 2,T=Nhân viên,ST=Hà Nội,C=VN")
    assert identity.identifiers == (("MST", "0100000000"), ("CMND", "000000000"))
    assert identity.identifier("cmnd") == "000000000"
    assert identity.identifier("HC") is None
    assert identity.title == "Nhân viên"
    assert identity.organizational_units == ("Phòng 1", "Phòng 2")
    assert identity.state == "Hà Nội"


@pytest.mark.parametrize(("uid", "expected"), [
    ("HC:B0000000", ("HC", "B0000000")),
    ("BHXH:0100000000", ("BHXH", "0100000000")),
    ("CCCD:001099000000", ("CCCD", "001099000000")),
    ("cccd: 001099000000", ("CCCD", "001099000000")),
    ("0100000000", ("UID", "0100000000")),
])
def test_identifier_prefixes(uid: str, expected: tuple[str, str]) -> None:
    assert parse_subject_name(f"UID={uid},CN=X").identifiers == (expected,)


def test_escaped_and_quoted_values() -> None:
    identity = parse_subject_name(r'CN=Sở A\, Hải Phòng,O="UBND, TP Hải Phòng",C=VN')
    assert identity.common_name == "Sở A, Hải Phòng"
    assert identity.organization == "UBND, TP Hải Phòng"


def test_identity_of_certificate(pki: Any) -> None:
    identity = identity_of(pki.signer)
    assert identity.identifiers == (("MST", "0200000000"), ("CCCD", "031000000000"))
    assert identity.title == "Văn thư"
    assert identity.locality == "Hải Phòng"
    assert identity.rfc4514.startswith("CN=Văn phòng UBND thành phố Hải Phòng (DEMO),T=Văn thư")
    assert parse_subject_name(identity.rfc4514) == identity


def test_load_certificates_sources(tmp_path: Path, pki: Any) -> None:
    bundle = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (pki.root, pki.issuing))
    (tmp_path / "bundle.pem").write_bytes(bundle)
    (tmp_path / "root.der").write_bytes(pki.root.public_bytes(serialization.Encoding.DER))
    (tmp_path / "notes.txt").write_text("ignored")
    assert load_certificates(bundle) == (pki.root, pki.issuing)
    assert load_certificates(str(tmp_path / "root.der")) == (pki.root,)
    assert load_certificates(tmp_path) == (pki.root, pki.issuing, pki.root)
    with pytest.raises(InputError, match="certificate file not found"):
        load_certificates(str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigurationError, match="the certificate in the file is damaged"):
        load_certificates(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ConfigurationError, match="no certificate files"):
        load_certificates(empty)


def test_load_crls_pem_bundle_and_der(pki: Any) -> None:
    pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in pki.crls)
    assert [c.issuer for c in load_crls(pem)] == [pki.issuing.subject, pki.root.subject]
    der = pki.crl.public_bytes(serialization.Encoding.DER)
    assert load_crls(der)[0].issuer == pki.issuing.subject


def test_policy_from_files(tmp_path: Path) -> None:
    from vn_egov.signature import make_demo_pki

    pki = make_demo_pki(tmp_path, key_spec="ec-p256")
    policy = SignaturePolicy.from_files(trust=tmp_path / "ca.pem",
                                        intermediates=tmp_path / "chain.pem",
                                        crls=[tmp_path / "crl.pem"], allow_sha1=True)
    assert policy.trust_anchors == (pki.root,)
    assert policy.intermediates == (pki.issuing,)
    assert len(policy.crls) == 2
    assert policy.allow_sha1 is True


def test_weak_self_signed_pair_is_untrusted_when_not_anchor() -> None:
    _, cert = make_certificate_pair("CN=Self")
    _, other = make_certificate_pair("CN=Other", ca=True)
    from vn_egov.signature.trust import TrustState, validate_path

    outcome = validate_path(cert, [], SignaturePolicy(trust_anchors=(other,)))
    assert outcome.state is TrustState.UNTRUSTED
    assert [problem.rule for problem in outcome.problems] == ["SIG017"]
    pinned = validate_path(cert, [], SignaturePolicy(trust_anchors=(cert,)))
    assert pinned.state is TrustState.TRUSTED
    assert pinned.chain == (cert,)


# -- validation layer -------------------------------------------------------------------------

def _run_layer(data: bytes, settings: dict[str, Any]) -> list[str]:
    context = ValidationContext(parse(data), ValidationOptions(settings={"signature": settings}))
    return [issue.rule for issue in SignatureLayer().run(context)]


def test_layer_with_settings(tmp_path: Path, signed_package: bytes, pki: Any) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_bytes(pki.root.public_bytes(serialization.Encoding.PEM))
    assert _run_layer(signed_package, {"trust": str(ca)}) == ["SIG019"]
    assert _run_layer(signed_package, {"policy": SignaturePolicy(trust_anchors=(pki.root,),
                                                                  crls=pki.crls)}) == []
    tampered = signed_package.replace(b"SKHCN-VP", b"SKHCN-XX")
    assert "SIG013" in _run_layer(tampered, {"trust": str(ca)})
    stranger = make_certificate_pair("CN=Stranger", ca=True)[1]
    # Verification was asked for: an untrusted chain (a warning on its own) fails the layer.
    assert _run_layer(signed_package, {"policy": SignaturePolicy(trust_anchors=(stranger,))}) == [
        "SIG017", "SIG029"]


def test_layer_issue_locations(package: Any) -> None:
    data = package(signature="\n      <Signature/>")
    context = ValidationContext(parse(data), ValidationOptions())
    issue, verdict = SignatureLayer().run(context)
    assert (verdict.rule, verdict.severity.value) == ("SIG029", "error")
    assert verdict.message == "signature not accepted: the package is not signed"
    assert (issue.rule, issue.layer, issue.line) == ("SIG015", "signature", 45)
    assert issue.column == 7


def test_layer_settings_errors() -> None:
    with pytest.raises(ConfigurationError, match="unknown signature setting"):
        policy_from_settings({"trust_anchor": "x"})
    with pytest.raises(ConfigurationError, match="is not a datetime"):
        policy_from_settings({"at": "yesterday"})
    with pytest.raises(ConfigurationError, match="must be a SignaturePolicy"):
        policy_from_settings({"policy": "strict"})
    assert policy_from_settings({"crls": [], "allow_vpcp_quirks": 1}).allow_vpcp_quirks is True
