"""``vn-egov hub receive --verify``: signatures checked with the trust options, the signer bound
to each package's sender by default, through a real local hub on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("httpx")
pytest.importorskip("uvicorn")

from click.testing import CliRunner

from vn_egov.cli.main import cli

CITY, DEPT = "000.00.00.H24", "000.00.01.H24"
SYSTEMS = {"vxp.city": ("secret-city", [CITY]), "vxp.dept": ("secret-dept", [DEPT])}


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Any]:
    from vn_egov.hub.server import HubSettings, LocalHub, parse_systems

    systems = parse_systems({"system": [
        {"id": system, "secret": secret, "organ_ids": organs}
        for system, (secret, organs) in SYSTEMS.items()]}, "systems.toml")
    with LocalHub(HubSettings(tmp_path / "hub"), systems) as running:
        yield running


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from vn_egov.signature.pki import make_demo_pki

    return make_demo_pki(tmp_path_factory.mktemp("pki"))


def _document(number: int) -> bytes:
    from vn_egov.edoc.attachments import attachment_from_bytes
    from vn_egov.edoc.builders import new_document
    from vn_egov.edoc.demo import minimal_pdf
    from vn_egov.edoc.models import Organization
    from vn_egov.edoc.writer import write

    return write(new_document(
        sender=Organization(organ_id=CITY, organ_name="Ủy ban nhân dân thành phố Hải Phòng"),
        recipients=[Organization(organ_id=DEPT, organ_name="Sở Thông tin và Truyền thông")],
        number=str(number), notation="KH-UBND", promulgation_date=date(2015, 12, 25),
        subject="Kế hoạch", type_name="Kế hoạch", document_type=1,
        steering_type=1, attachments=[attachment_from_bytes(minimal_pdf("x"), "a.pdf")]))


def _send(hub: Any, data: bytes) -> str:
    from vn_egov.hub.vpcp import VpcpTransport
    from vn_egov.hub.wire import Credentials

    with VpcpTransport(hub.endpoint, Credentials("vxp.city", SYSTEMS["vxp.city"][0]),
                       retries=0) as city:
        return city.send(data).doc_id


def _receive(hub: Any, folder: Path, *options: str) -> tuple[int, dict[str, Any], str]:
    result = CliRunner().invoke(cli, [
        "hub", "--endpoint", hub.endpoint, "--system-id", "vxp.dept", "receive", "-d",
        str(folder), "--answer", "03", "--format", "json", *options],
        env={"VN_EGOV_HUB_SECRET": SYSTEMS["vxp.dept"][0]})
    data = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, data, result.stderr


def test_receive_verifies_and_binds_the_signer_to_the_sender(hub: Any, pki: Any,
                                                             tmp_path: Path) -> None:
    from vn_egov.signature import Signer

    signer = Signer(pki.signer_key, (pki.signer, pki.issuing))
    _send(hub, signer.sign(_document(1)))
    _send(hub, _document(2))
    senders = tmp_path / "senders.toml"
    senders.write_text(f'"{CITY}" = ["MST:0200000000"]\n', encoding="utf-8")
    code, data, err = _receive(hub, tmp_path / "in", "--verify", "--trust",
                               str(pki.directory / "ca.pem"), "--sender-map", str(senders))
    # The hub gives the receiver its own document ids: tell the packages by their outcome.
    outcomes = {item["action"]: item for item in data["received"]}
    assert sorted(outcomes) == ["rejected", "stored"], data
    assert outcomes["rejected"]["rules"] == ["unsigned"]
    stored = Path(outcomes["stored"]["path"])
    assert [p.name for p in (tmp_path / "in").glob("*.edxml")] == [stored.name]
    assert b"<Signature" in stored.read_bytes()
    assert code == 1, err  # a package was refused


def test_a_signer_of_another_agency_is_refused_by_default(hub: Any, pki: Any,
                                                          tmp_path: Path) -> None:
    from vn_egov.signature import Signer

    _send(hub, Signer(pki.signer_key, (pki.signer, pki.issuing)).sign(_document(3)))
    senders = tmp_path / "senders.toml"
    senders.write_text(f'"{CITY}" = ["MST:0999999999"]\n', encoding="utf-8")  # someone else
    code, data, _ = _receive(hub, tmp_path / "in", "--verify", "--trust",
                             str(pki.directory / "ca.pem"), "--sender-map", str(senders))
    [outcome] = data["received"]
    assert outcome["action"] == "rejected"
    assert "SIG027" in outcome["rules"]
    assert code == 1


def test_no_bind_sender_accepts_a_trusted_signer_of_any_agency(hub: Any, pki: Any,
                                                               tmp_path: Path) -> None:
    from vn_egov.signature import Signer

    _send(hub, Signer(pki.signer_key, (pki.signer, pki.issuing)).sign(_document(4)))
    code, data, err = _receive(hub, tmp_path / "in", "--verify", "--trust",
                               str(pki.directory / "ca.pem"), "--no-bind-sender")
    [outcome] = data["received"]
    assert (outcome["action"], outcome["rules"], code) == ("stored", [], 0), err


def test_trust_options_without_verify_are_a_usage_error(hub: Any, pki: Any,
                                                        tmp_path: Path) -> None:
    code, _, err = _receive(hub, tmp_path / "in", "--trust", str(pki.directory / "ca.pem"))
    assert code == 2
    assert "only apply with --verify" in err


def test_send_reads_standard_input(hub: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [
        "hub", "--endpoint", hub.endpoint, "--system-id", "vxp.city", "send", "-", "--format",
        "json"], env={"VN_EGOV_HUB_SECRET": SYSTEMS["vxp.city"][0]}, input=_document(5))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["DocId"]
    code, data, err = _receive(hub, tmp_path / "in")
    assert (code, [item["action"] for item in data["received"]]) == (0, ["stored"]), err
