"""Binding the signer to the sender (issue 15 item 6): a trusted agency cannot re-sign
another agency's package, or write one "from" it, unnoticed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from sig_support import pem

from vn_egov.cli.main import cli
from vn_egov.edoc.demo import plan_package
from vn_egov.edoc.writer import write
from vn_egov.errors import ConfigurationError, InputError
from vn_egov.signature import DemoPKI, SignaturePolicy, Signer, Verifier
from vn_egov.signature.layer import SignatureLayer
from vn_egov.signature.sender import load_sender_map
from vn_egov.validation import ValidationContext, ValidationOptions
from vn_egov.xml import parse

PLAN = write(plan_package())  # From 000.00.00.H24, UBND thành phố Hải Phòng
CITY = "000.00.00.H24"
SENDERS = {CITY: ("MST:0200000000",)}


@pytest.fixture(scope="module")
def city(pki: DemoPKI) -> bytes:
    return Signer(pki.signer_key, pki.chain).sign(PLAN)


@pytest.fixture(scope="module")
def other_agency(pki: DemoPKI) -> Any:
    """Another agency of the same trusted PKI: Sở Nội vụ."""
    return pki.issue("CN=Văn thư Sở Nội vụ (DEMO),O=Sở Nội vụ thành phố Hải Phòng (DEMO),C=VN,"
                     "UID=MST:0300000000", key_spec="rsa")


def _policy(pki: DemoPKI, **options: Any) -> SignaturePolicy:
    return SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls, bind_sender=True,
                           **options)


def test_the_sending_agency_is_bound(pki: DemoPKI, city: bytes) -> None:
    result = Verifier(_policy(pki, sender_map=SENDERS)).verify(city)
    assert result.trusted_valid, result.issues
    assert (result.sender, result.sender_bound) == (CITY, True)
    assert result.to_dict()["sender"] == {"organ_id": CITY, "bound": True}


def test_another_trusted_agency_cannot_resign_the_package(pki: DemoPKI,
                                                          other_agency: Any) -> None:
    key, cert = other_agency
    resigned = Signer(key, (cert, pki.issuing)).sign(PLAN)
    unbound = Verifier(SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls))
    assert unbound.verify(resigned).trusted_valid  # without the binding: accepted
    result = Verifier(_policy(pki, sender_map=SENDERS)).verify(resigned)
    assert not result.trusted_valid
    assert result.signature_intact
    assert result.signed_xml is None
    assert (result.sender, result.sender_bound) == (CITY, False)
    assert [i.rule for i in result.issues if i.severity.value == "error"] == ["SIG027"]
    message = next(i.message for i in result.issues if i.rule == "SIG027")
    assert "does not belong to sender '000.00.00.H24'" in message
    assert "MST:0300000000" in message


@pytest.mark.parametrize("entry", ["UBND thành phố Hải Phòng (DEMO)",
                                   "  ubnd THÀNH PHỐ   hải phòng (demo) ",
                                   "Phòng Hành chính - Tổ chức", "mst:0200000000"])
def test_map_entries_match_identifiers_or_organisation_names(pki: DemoPKI, city: bytes,
                                                             entry: str) -> None:
    result = Verifier(_policy(pki, sender_map={CITY: [entry]})).verify(city)
    assert result.sender_bound is True, result.issues


def test_an_agency_missing_from_the_map_is_not_bound(pki: DemoPKI, city: bytes) -> None:
    result = Verifier(_policy(pki, sender_map={"000.00.05.H24": ["MST:0200000000"]})
                      ).verify(city)
    assert result.sender_bound is False
    assert "no identifier or name is configured" in next(
        i.message for i in result.issues if i.rule == "SIG027")


def test_a_certificate_carrying_the_organ_id_is_bound_without_a_map(pki: DemoPKI) -> None:
    key, cert = pki.issue(f"CN=Văn thư UBND (DEMO),O=UBND (DEMO),C=VN,UID={CITY}",
                          key_spec="rsa")
    result = Verifier(_policy(pki)).verify(Signer(key, (cert, pki.issuing)).sign(PLAN))
    assert (result.trusted_valid, result.sender_bound) == (True, True)


def test_expected_sender(pki: DemoPKI, city: bytes) -> None:
    policy = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls, sender_map=SENDERS)
    assert Verifier(policy).verify(city, expected_sender=CITY).trusted_valid
    wrong = Verifier(policy).verify(city, expected_sender="000.00.01.H24")
    assert not wrong.trusted_valid
    assert "signed as coming from '000.00.00.H24', not from the expected sender " \
        "'000.00.01.H24'" in next(i.message for i in wrong.issues if i.rule == "SIG027")


def test_the_sender_is_read_from_the_signed_content(pki: DemoPKI, city: bytes) -> None:
    """A comment inside OrganId is not signed content: the signed view has the full code."""
    split = city.replace(f"<edXML:OrganId>{CITY}".encode(),
                         b"<edXML:OrganId>000.00.<!-- x -->00.H24", 1)
    assert split != city
    result = Verifier(_policy(pki, sender_map=SENDERS)).verify(split)
    assert (result.trusted_valid, result.sender) == (True, CITY)


def test_no_sender_in_what_was_signed(pki: DemoPKI) -> None:
    data = b'<doc xmlns="urn:x"><From><OrganId>000.00.00.H24</OrganId></From></doc>'
    signed = Signer(pki.signer_key, pki.chain).sign(data)
    result = Verifier(_policy(pki, sender_map=SENDERS)).verify(signed)
    assert result.sender_bound is False
    assert "names no sender" in next(i.message for i in result.issues if i.rule == "SIG027")


def test_cli_and_layer(pki: DemoPKI, city: bytes, other_agency: Any, tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_bytes(pem(pki.root))
    (tmp_path / "crl.pem").write_bytes(b"".join(
        c.public_bytes(serialization.Encoding.PEM) for c in pki.crls))
    (tmp_path / "senders.toml").write_text(f'"{CITY}" = ["MST:0200000000"]\n', encoding="utf-8")
    key, cert = other_agency
    (tmp_path / "city.edxml").write_bytes(city)
    (tmp_path / "resigned.edxml").write_bytes(Signer(key, (cert, pki.issuing)).sign(PLAN))
    trust = ["--trust", str(tmp_path / "ca.pem"), "--crl", str(tmp_path / "crl.pem"),
             "--sender-map", str(tmp_path / "senders.toml")]
    ok = CliRunner().invoke(cli, ["verify", str(tmp_path / "city.edxml"), *trust,
                                  "--expected-sender", CITY])
    assert ok.exit_code == 0, ok.output
    assert f"sender: {CITY} (the signer belongs to it)" in ok.output
    refused = CliRunner().invoke(cli, ["verify", str(tmp_path / "resigned.edxml"), *trust])
    assert refused.exit_code == 1
    assert "error SIG027" in refused.output
    settings = {"trust": [str(tmp_path / "ca.pem")], "crls": [str(tmp_path / "crl.pem")],
                "sender_map": str(tmp_path / "senders.toml")}
    context = ValidationContext(parse(tmp_path / "resigned.edxml"),
                                ValidationOptions(settings={"signature": settings}))
    # (the plan's PDF attachment is unsigned: PDF004, a warning of its own)
    assert [i.rule for i in SignatureLayer().run(context)] == ["SIG027", "SIG029", "PDF004"]


def test_sender_map_files(tmp_path: Path) -> None:
    (tmp_path / "map.json").write_text('{"000.00.00.H24": ["MST:1", "UBND"]}', encoding="utf-8")
    assert load_sender_map(tmp_path / "map.json") == {"000.00.00.H24": ("MST:1", "UBND")}
    (tmp_path / "bad.toml").write_text("= nonsense", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not valid TOML or JSON"):
        load_sender_map(tmp_path / "bad.toml")
    (tmp_path / "shape.toml").write_text('"000.00.00.H24" = "MST:1"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="must be a list of strings"):
        load_sender_map(tmp_path / "shape.toml")


def test_a_sender_map_that_is_not_a_regular_file_is_refused_unopened(tmp_path: Path) -> None:
    """A FIFO given as the map would block a reader forever: the input gate refuses it."""
    import os

    fifo = tmp_path / "senders.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        load_sender_map(fifo)
    with pytest.raises(InputError, match=r"missing\.toml: no such file"):
        load_sender_map(tmp_path / "missing.toml")
    (tmp_path / "latin1.toml").write_bytes('"000.00.00.H24" = ["café"]\n'.encode("latin-1"))
    with pytest.raises(InputError, match="cannot read the sender map"):
        load_sender_map(tmp_path / "latin1.toml")
