"""The receive loop against the local hub: outcomes, acknowledgements, and every crash point."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest
from tests.hub.hub_support import CITY, DEPT_1, DEPT_3, SYSTEMS, document_bytes

from vn_egov.hub.inbox import CallbackStore, FolderStore, Inbox, Received, SignatureCheck
from vn_egov.hub.ledger import SentLedger
from vn_egov.hub.models import ReceivedItem
from vn_egov.hub.server import LocalHub
from vn_egov.hub.vpcp import VpcpTransport

Client = Callable[..., VpcpTransport]


class Crash(BaseException):
    """Stands for the process dying at a point of the loop (not an Exception: nothing
    in the loop may catch it)."""


def _inbox(transport: VpcpTransport, folder: Path, **options: Any) -> Inbox:
    return Inbox(transport, FolderStore(folder), folder / ".work", **options)


def test_valid_documents_are_stored_then_acknowledged(client: Client, tmp_path: Path) -> None:
    city, dept = client("vxp.hp.01"), client("vxp.hp.02")
    packages = [document_bytes(number=n) for n in (1, 2)]
    for package in packages:
        city.send(package)
    outcomes = _inbox(dept, tmp_path / "in").run_once()
    assert [o.action for o in outcomes] == ["stored", "stored"]
    stored = sorted((tmp_path / "in").glob("*.edxml"))
    assert sorted(p.read_bytes() for p in stored) == sorted(packages)
    assert {o.path for o in outcomes} == set(stored)
    assert all(o.path.name == f"{o.doc_id}.edxml" for o in outcomes if o.path)
    assert dept.received() == []
    assert {row.receive_status for row in city.sent()} == {"done"}
    assert list((tmp_path / "in" / ".work").iterdir()) == []


def test_invalid_documents_are_refused_with_their_finding_ids(tmp_path: Path) -> None:
    """A hub that does not validate (as a real one may not) delivers an invalid package;
    the loop refuses it with the finding ids and keeps it with its report."""
    from tests.hub.hub_support import systems_config

    from vn_egov.hub.server import HubSettings
    from vn_egov.hub.wire import Credentials

    broken = document_bytes().replace(b"<edXML:Subject>", b"<edXML:Subjekt>").replace(
        b"</edXML:Subject>", b"</edXML:Subjekt>")
    settings = HubSettings(tmp_path / "lax", validate=False)
    city_key, dept_key = (Credentials(s, SYSTEMS[s][0]) for s in ("vxp.hp.01", "vxp.hp.02"))
    with LocalHub(settings, systems_config()) as hub, \
            VpcpTransport(hub.endpoint, city_key) as city, \
            VpcpTransport(hub.endpoint, dept_key) as dept:
        city.send(broken)
        [outcome] = _inbox(dept, tmp_path / "in").run_once()
        assert outcome.action == "rejected"
        assert outcome.acknowledged == "fail"
        assert outcome.rule_ids == ("XSD001", "EDX101")  # schema, then the missing Subject
        kept = tmp_path / "in" / "rejected" / f"{outcome.doc_id}.edxml"
        assert outcome.path == kept
        assert kept.read_bytes() == broken
        report = json.loads(kept.with_suffix(".json").read_text(encoding="utf-8"))
        assert "XSD001" in {issue["rule"] for layer in report["layers"]
                            for issue in layer["issues"]}
        row = city.sent()[0]
        assert (row.receive_status, row.receive_status_desc) == (
            "fail", "invalid package: XSD001, EDX101")
        assert not list((tmp_path / "in").glob("*.edxml"))


def test_crash_between_store_and_acknowledgement(client: Client, tmp_path: Path) -> None:
    client("vxp.hp.01").send(document_bytes())
    dept = client("vxp.hp.02")
    acknowledge = dept.acknowledge

    def dies(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    dept.acknowledge = dies  # type: ignore[method-assign]
    with pytest.raises(Crash):
        _inbox(dept, tmp_path / "in").run_once()
    stored = list((tmp_path / "in").glob("*.edxml"))
    assert len(stored) == 1
    assert len(dept.received()) == 1
    mtime = stored[0].stat().st_mtime_ns
    dept.acknowledge = acknowledge  # type: ignore[method-assign]
    [outcome] = _inbox(dept, tmp_path / "in").run_once()  # the restarted loop
    assert (outcome.action, outcome.acknowledged) == ("already-stored", "done")
    assert list((tmp_path / "in").glob("*.edxml")) == stored
    assert stored[0].stat().st_mtime_ns == mtime  # not written twice
    assert dept.received() == []


def test_crash_during_download_stores_nothing(client: Client, tmp_path: Path) -> None:
    package = document_bytes()
    client("vxp.hp.01").send(package)
    dept = client("vxp.hp.02")
    get = dept.get

    def half_then_die(doc_id: str, out: IO[bytes], **kwargs: Any) -> int:
        out.write(package[: len(package) // 2])
        raise Crash

    dept.get = half_then_die  # type: ignore[method-assign]
    with pytest.raises(Crash):
        _inbox(dept, tmp_path / "in").run_once()
    assert not list((tmp_path / "in").glob("*.edxml"))
    dept.get = get  # type: ignore[method-assign]
    [outcome] = _inbox(dept, tmp_path / "in").run_once()
    assert outcome.action == "stored"
    assert outcome.path is not None
    assert outcome.path.read_bytes() == package
    assert list((tmp_path / "in" / ".work").iterdir()) == []


def test_crash_after_acknowledgement_leaves_nothing_to_do(client: Client,
                                                          tmp_path: Path) -> None:
    client("vxp.hp.01").send(document_bytes())
    dept = client("vxp.hp.02")
    assert [o.action for o in _inbox(dept, tmp_path / "in").run_once()] == ["stored"]
    assert _inbox(dept, tmp_path / "in").run_once() == []


def test_a_hub_error_leaves_the_package_in_the_inbox(client: Client, tmp_path: Path) -> None:
    from vn_egov.errors import HubUnavailable

    client("vxp.hp.01").send(document_bytes())
    dept = client("vxp.hp.02")
    get = dept.get

    def unavailable(*args: Any, **kwargs: Any) -> int:
        raise HubUnavailable("getEdoc: the hub cannot be reached")

    dept.get = unavailable  # type: ignore[method-assign]
    [outcome] = _inbox(dept, tmp_path / "in").run_once()
    assert (outcome.action, outcome.acknowledged) == ("error", "")
    assert "cannot be reached" in outcome.error
    dept.get = get  # type: ignore[method-assign]
    assert [o.action for o in _inbox(dept, tmp_path / "in").run_once()] == ["stored"]


def test_callback_store_is_journaled(client: Client, tmp_path: Path) -> None:
    package = document_bytes()
    client("vxp.hp.01").send(package)
    dept = client("vxp.hp.02")
    taken: list[tuple[str, bytes]] = []

    def callback(package: Received) -> None:
        taken.append((package.item.doc_id, package.path.read_bytes()))

    acknowledge = dept.acknowledge

    def dies(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    dept.acknowledge = dies  # type: ignore[method-assign]
    store = CallbackStore(callback, tmp_path / "journal")
    with pytest.raises(Crash):
        Inbox(dept, store, tmp_path / "work").run_once()
    dept.acknowledge = acknowledge  # type: ignore[method-assign]
    [outcome] = Inbox(dept, CallbackStore(callback, tmp_path / "journal"),
                      tmp_path / "work").run_once()
    assert outcome.action == "already-stored"
    assert len(taken) == 1
    assert taken[0][1] == package


def test_answers_and_statuses_are_matched_to_sent_documents(hub: LocalHub,
                                                            tmp_path: Path) -> None:
    from vn_egov.hub.wire import Credentials

    ledger = SentLedger(tmp_path / "state" / "sent")
    city = VpcpTransport(hub.endpoint, Credentials("vxp.hp.01", SYSTEMS["vxp.hp.01"][0]),
                         ledger=ledger)
    dept = VpcpTransport(hub.endpoint, Credentials("vxp.hp.02", SYSTEMS["vxp.hp.02"][0]))
    with city, dept:
        sent = city.send(document_bytes(recipients=(DEPT_1, DEPT_3)))
        [received] = _inbox(dept, tmp_path / "dept", answer="03").run_once()
        assert received.answered  # the 03 status package's DocId
        [status] = Inbox(city, FolderStore(tmp_path / "city"), tmp_path / "w",
                         ledger=ledger).collect_statuses()
        assert status.action == "stored"
        assert status.facts is not None
        assert (status.facts.status_code, status.facts.sender) == ("03", DEPT_1)
        assert [record.doc_id for record in status.matched] == [sent.doc_id]
        assert status.facts.response_for == "000.00.00.H24,2015/12/25,1/KH-UBND"


def test_answering_again_after_a_crash_sends_the_same_status_once(client: Client,
                                                                  tmp_path: Path) -> None:
    client("vxp.hp.01").send(document_bytes())
    dept = client("vxp.hp.02")
    acknowledge = dept.acknowledge

    def dies(*args: Any, **kwargs: Any) -> Any:
        raise Crash

    dept.acknowledge = dies  # type: ignore[method-assign]
    with pytest.raises(Crash):
        _inbox(dept, tmp_path / "in", answer="03").run_once()
    dept.acknowledge = acknowledge  # type: ignore[method-assign]
    [outcome] = _inbox(dept, tmp_path / "in", answer="03").run_once()
    assert outcome.action == "already-stored"
    assert outcome.answered
    assert len(client("vxp.hp.01").received("status")) == 1  # one 03, not two


def test_signature_step_refuses_unsigned_packages(client: Client, tmp_path: Path) -> None:
    client("vxp.hp.01").send(document_bytes())
    [outcome] = _inbox(client("vxp.hp.02"), tmp_path / "in",
                       verify=SignatureCheck()).run_once()
    assert (outcome.action, outcome.rule_ids) == ("rejected", ("unsigned",))


def test_signature_step_accepts_a_trusted_signed_package(client: Client,
                                                         tmp_path: Path) -> None:
    from vn_egov.signature import SignaturePolicy, Signer, Verifier, make_demo_pki

    pki = make_demo_pki(key_spec="ec-p256")
    signed = Signer(pki.signer_key, pki.chain).sign(document_bytes())
    client("vxp.hp.01").send(signed)
    # The demo signer's tax code is the one the sender map lists for the sending agency.
    policy = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls,
                             sender_map={CITY: ("MST:0200000000",)})
    check = SignatureCheck(Verifier(policy))
    [outcome] = _inbox(client("vxp.hp.02"), tmp_path / "in", verify=check).run_once()
    assert outcome.action == "stored", outcome


def test_signature_step_binds_the_signer_to_the_sender_by_default(client: Client,
                                                                  tmp_path: Path) -> None:
    """A trusted certificate of another agency re-signing the package is refused (SIG027)."""
    from vn_egov.signature import SignaturePolicy, Signer, Verifier, make_demo_pki

    pki = make_demo_pki(key_spec="ec-p256")
    client("vxp.hp.01").send(Signer(pki.signer_key, pki.chain).sign(document_bytes()))
    policy = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls,
                             sender_map={CITY: ("MST:0999999999",)})
    [refused] = _inbox(client("vxp.hp.02"), tmp_path / "in",
                       verify=SignatureCheck(Verifier(policy))).run_once()
    assert (refused.action, refused.rule_ids) == ("rejected", ("SIG027",))
    client("vxp.hp.01").send(Signer(pki.signer_key, pki.chain).sign(document_bytes(number=2)))
    [stored] = _inbox(client("vxp.hp.02"), tmp_path / "in2",
                      verify=SignatureCheck(Verifier(policy), bind_sender=False)).run_once()
    assert stored.action == "stored", stored


def test_unsafe_doc_ids_never_become_paths(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "in")
    for doc_id in ("../x", "a/b", ".hidden", "", "a" * 200, "x\x00y"):
        with pytest.raises(Exception, match="cannot name a file"):
            store.path_for(doc_id)


def test_a_hostile_hub_listing_a_traversal_id_gets_a_fail_ack(tmp_path: Path) -> None:
    """A transport whose hub lists ``../../evil``: the loop acknowledges fail and writes
    nothing outside its folder (the hub side is covered over HTTP in the hostile tests)."""

    class HostileHub:
        def __init__(self) -> None:
            self.acknowledged: list[tuple[str, str]] = []

        def received(self, message_type: str = "edoc") -> list[ReceivedItem]:
            return [ReceivedItem(docId="../../evil")]

        def acknowledge(self, doc_id: str, status: str = "done",
                        description: str | None = None) -> None:
            self.acknowledged.append((doc_id, status))

    hostile = HostileHub()
    [outcome] = Inbox(hostile, FolderStore(tmp_path / "in"),  # type: ignore[arg-type]
                      tmp_path / "in" / ".work").run_once()
    assert outcome.action == "refused-id"
    assert hostile.acknowledged == [("../../evil", "fail")]
    assert not (tmp_path / "evil.edxml").exists()


def test_statuses_of_unknown_documents_match_nothing(client: Client, tmp_path: Path) -> None:
    from vn_egov.edoc import read_document
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.writer import write

    status = write(answer(read_document(document_bytes(number=99)), "05"))
    client("vxp.hp.02").send(status, message_type="status")
    [outcome] = Inbox(client("vxp.hp.01"), FolderStore(tmp_path / "s"), tmp_path / "w",
                      ledger=SentLedger(tmp_path / "ledger")).collect_statuses()
    assert outcome.action == "stored"
    assert outcome.matched == ()
    assert outcome.facts is not None
    assert outcome.facts.status_code == "05"
    assert CITY in outcome.facts.response_for
    _ = io


def test_an_answer_code_outside_01_to_06_is_refused(tmp_path: Path) -> None:
    from vn_egov.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="from 01 to 06, not 13"):
        Inbox(None, FolderStore(tmp_path), tmp_path, answer="13")  # type: ignore[arg-type]
