"""Every call of the VPCP API between our client and the local hub, over HTTP on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Callable

import httpx
import pytest
from tests.hub.hub_support import CITY, DEPT_1, DEPT_2, DEPT_3, SYSTEMS, document_bytes

from vn_egov.errors import HubAuthenticationError, HubError, HubNotFound, PackageRejected
from vn_egov.hub.ledger import SentLedger
from vn_egov.hub.server import LocalHub
from vn_egov.hub.vpcp import VpcpTransport
from vn_egov.hub.wire import Credentials, RequestSigner, sdk_hash_file

Client = Callable[..., VpcpTransport]


def test_send_list_get_ack_sent_round_trip(client: Client) -> None:
    city, dept = client("vxp.hp.01"), client("vxp.hp.02")
    package = document_bytes(recipients=(DEPT_1, DEPT_3))
    sent = city.send(package)
    assert sent.ok
    assert len(sent.doc_id) == 36
    inbox = dept.received()
    assert [(i.from_, i.to, i.status, i.message_type) for i in inbox] == [
        (CITY, DEPT_1, "pending", "edoc")]
    out = io.BytesIO()
    assert dept.get(inbox[0].doc_id, out) == len(package)
    assert out.getvalue() == package  # byte for byte, the CRLF framing removed
    assert dept.count() == 1
    assert dept.acknowledge(inbox[0].doc_id, "done", "Đã nhận, vào sổ").ok
    assert dept.received() == []
    assert dept.count() == 0
    rows = {item.to_code: item for item in city.sent()}
    assert set(rows) == {DEPT_1, DEPT_3}
    assert rows[DEPT_1].receive_status == "done"
    assert rows[DEPT_1].receive_status_desc == "Da nhan, vao so"  # sent as ASCII
    assert rows[DEPT_1].received_time
    assert rows[DEPT_3].receive_status == "pending"
    assert rows[DEPT_3].send_status == "done"
    assert {item.sender_doc_id for item in rows.values()} == {sent.doc_id}
    assert rows[DEPT_1].notation == "1/KH-UBND"
    assert rows[DEPT_1].title == "Kế hoạch ứng dụng công nghệ thông tin"
    assert city.sent(sent.doc_id) == city.sent()
    assert client("vxp.hp.03").received()[0].to == DEPT_3


def test_download_edoc_streams_the_raw_package(client: Client) -> None:
    package = document_bytes(attachment=b"%PDF-1.4\n" + bytes(range(256)) * 4000)
    client("vxp.hp.01").send(package)
    dept = client("vxp.hp.02", fetch="downloadEdoc")
    out = io.BytesIO()
    assert dept.get(dept.received()[0].doc_id, out) == len(package)
    assert hashlib.sha256(out.getvalue()).digest() == hashlib.sha256(package).digest()


def test_send_is_idempotent_by_package_hash(client: Client, tmp_path: object) -> None:
    city = client("vxp.hp.01")
    package = document_bytes(recipients=(DEPT_1,))
    first, second = city.send(package), city.send(package)
    assert first.doc_id == second.doc_id
    assert len(client("vxp.hp.02").received()) == 1  # delivered once


def test_the_ledger_skips_a_package_already_accepted(hub: LocalHub, tmp_path: object) -> None:
    from pathlib import Path

    ledger = SentLedger(Path(str(tmp_path)) / "sent")
    package = document_bytes(number=7)
    with VpcpTransport(hub.endpoint, Credentials("vxp.hp.01", SYSTEMS["vxp.hp.01"][0]),
                       ledger=ledger) as city:
        doc_id = city.send(package).doc_id
    record = ledger.find("edoc", hashlib.sha256(package).hexdigest())
    assert record is not None
    assert record.doc_id == doc_id
    assert record.document_id == "000.00.00.H24,2015/12/25,7/KH-UBND"
    # A new client on an unreachable endpoint still answers from the ledger: nothing is sent.
    with VpcpTransport("http://127.0.0.1:9", Credentials("vxp.hp.01", "x" * 8),
                       ledger=ledger, retries=0) as offline:
        assert offline.send(package).doc_id == doc_id


def test_agencies_counts_units_and_registration(client: Client) -> None:
    city = client("vxp.hp.01")
    codes = {agency.code: agency for agency in city.agencies()}
    assert CITY in codes
    assert DEPT_3 in codes
    assert codes["000.00.00.G22"].old_code == "G22"  # from the unit registry
    assert codes["000.00.00.G22"].name
    qd20 = {agency.code for agency in city.agencies(qd20=True)}
    assert "G22" in qd20
    assert city.count("status") == 0
    units = city.synchronize_units()
    assert any(unit["code"] == CITY for unit in units)
    assert city.register_agency(code="000.01.00.H24", name="Phòng Văn thư").ok
    assert "000.01.00.H24" in {a.code for a in city.agencies()}
    with pytest.raises(HubAuthenticationError, match="registered by another system"):
        client("vxp.hp.02").register_agency(code="000.01.00.H24", name="x")
    with pytest.raises(HubNotFound):
        client("vxp.hp.02").delete_agency("000.01.00.H24")
    assert city.delete_agency("000.01.00.H24").ok


def test_status_packages_are_routed_back_to_the_sender(client: Client) -> None:
    from vn_egov.edoc import read_document
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.writer import write

    city, dept = client("vxp.hp.01"), client("vxp.hp.02")
    package = document_bytes()
    city.send(package)
    status = write(answer(read_document(package), "03", description="Đã tiếp nhận"))
    dept.send(status, message_type="status")
    assert dept.received("status") == []
    [item] = city.received("status")
    out = io.BytesIO()
    city.get(item.doc_id, out)
    assert out.getvalue() == status
    assert [row.to_code for row in dept.sent(message_type="status")] == [CITY]


# -- refusals --------------------------------------------------------------------------------


def test_wrong_secret_and_unknown_system_are_refused(client: Client) -> None:
    with pytest.raises(HubAuthenticationError, match="does not verify") as wrong:
        client("vxp.hp.01", secret="not-the-secret").received()
    assert wrong.value.code == "401"
    with pytest.raises(HubAuthenticationError, match="does not verify"):
        VpcpTransport(client("vxp.hp.01").session.endpoint,
                      Credentials("vxp.nobody", "whatever1"), retries=0).received()


def test_an_invalid_package_is_refused_with_its_finding_ids(client: Client) -> None:
    broken = document_bytes().replace(b"<edXML:Subject>", b"<edXML:Subjekt>").replace(
        b"</edXML:Subject>", b"</edXML:Subjekt>")
    with pytest.raises(PackageRejected) as refused:
        client("vxp.hp.01").send(broken)
    assert refused.value.code == "422"
    assert "XSD001" in refused.value.rule_ids
    assert "the package is invalid: " in str(refused.value)
    assert client("vxp.hp.02").received() == []


def test_a_status_sent_as_a_document_is_refused(client: Client) -> None:
    from vn_egov.edoc import read_document
    from vn_egov.edoc.builders import answer
    from vn_egov.edoc.writer import write

    status = write(answer(read_document(document_bytes()), "03"))
    with pytest.raises(PackageRejected):
        client("vxp.hp.02").send(status, message_type="edoc")


def test_a_system_cannot_send_for_an_agency_it_does_not_serve(client: Client) -> None:
    with pytest.raises(HubAuthenticationError, match="does not send for agency") as refused:
        client("vxp.hp.03").send(document_bytes(sender=CITY))
    assert refused.value.code == "403"


def test_a_package_nobody_receives_is_refused(client: Client) -> None:
    with pytest.raises(PackageRejected, match="no connected system receives"):
        client("vxp.hp.01").send(document_bytes(recipients=("000.00.09.H24",)))


def test_to_narrows_the_addressees_and_a_leftover_to_is_ignored(client: Client) -> None:
    city = client("vxp.hp.01")
    city.send(document_bytes(recipients=(DEPT_1, DEPT_3), number=1), to=[DEPT_3])
    assert client("vxp.hp.02").received() == []
    assert len(client("vxp.hp.03").received()) == 1
    # A `to` naming nobody the package addresses (an earlier call's leftover) cannot
    # route the package elsewhere: the package's addressees receive it.
    city.send(document_bytes(recipients=(DEPT_1,), number=2), to=[DEPT_3])
    assert [i.to for i in client("vxp.hp.02").received()] == [DEPT_1]
    assert len(client("vxp.hp.03").received()) == 1


def test_other_systems_documents_are_not_reachable(client: Client) -> None:
    client("vxp.hp.01").send(document_bytes(recipients=(DEPT_1,)))
    doc_id = client("vxp.hp.02").received()[0].doc_id
    intruder = client("vxp.hp.03")
    with pytest.raises(HubNotFound):
        intruder.get(doc_id, io.BytesIO())
    with pytest.raises(HubNotFound):
        intruder.acknowledge(doc_id, "done")
    assert intruder.sent() == []
    # Not even the sender reads the receiver's copy.
    with pytest.raises(HubNotFound):
        client("vxp.hp.01").get(doc_id, io.BytesIO())


def test_unknown_doc_id_and_bad_ack_status(client: Client) -> None:
    dept = client("vxp.hp.02")
    with pytest.raises(HubNotFound):
        dept.get("5f0c9a7e-2b1d-4c3e-8f6a-9d8e7c6b5a41", io.BytesIO())
    with pytest.raises(HubNotFound):
        dept.acknowledge("../../etc/passwd", "done")
    client("vxp.hp.01").send(document_bytes())
    doc_id = dept.received()[0].doc_id
    with pytest.raises(HubError, match="done, fail or processing"):
        dept.acknowledge(doc_id, "archived")  # type: ignore[arg-type]


def test_a_package_above_the_size_limit_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    from tests.hub.hub_support import systems_config

    from vn_egov.hub.server import HubSettings

    settings = HubSettings(Path(str(tmp_path)) / "small", max_package_bytes=4096)
    with LocalHub(settings, systems_config()) as hub, VpcpTransport(
            hub.endpoint, Credentials("vxp.hp.01", SYSTEMS["vxp.hp.01"][0]), retries=0) as city:
        with pytest.raises(PackageRejected, match="limit of 4096 bytes") as refused:
            city.send(document_bytes(attachment=b"%PDF-1.4\n" + b"x" * 8000))
        assert refused.value.code == "413"
        assert city.send(document_bytes()).ok
        assert list((settings.data_dir / "tmp").iterdir()) == []  # nothing left behind


def test_a_package_above_the_client_limit_is_not_uploaded() -> None:
    # Nothing listens on port 9: the refusal comes before any connection.
    with VpcpTransport("http://127.0.0.1:9", Credentials("vxp.hp.01", "s3cret-01"),
                       max_package_bytes=1000) as transport:
        with pytest.raises(PackageRejected, match="more than the limit of 1000") as refused:
            transport.send(document_bytes())
        assert refused.value.code == "413"


def test_an_unreachable_hub_is_unavailable_after_bounded_retries() -> None:
    import time

    from vn_egov.errors import HubUnavailable

    with VpcpTransport("http://127.0.0.1:9", Credentials("vxp.hp.01", "s3cret-01"),
                       retries=2, backoff=0.05) as transport:
        started = time.perf_counter()
        with pytest.raises(HubUnavailable, match="after 3 attempt"):
            transport.received()
        assert time.perf_counter() - started >= 0.15  # 0.05 + 0.1 of backoff


# -- the wire, as the official client sends it -------------------------------------------------


def _post(hub: LocalHub, path: str, headers: list[tuple[str, str]],
          body: bytes = b"") -> httpx.Response:
    return httpx.post(f"{hub.endpoint}/{path}", headers=headers, content=body, timeout=10)


def _sdk_send_headers(package: bytes, system: str = "vxp.hp.01",
                      **overrides: str) -> list[tuple[str, str]]:
    params = {"from": system, "servicetype": "eDoc", "messagetype": "edoc",
              "hash-file": sdk_hash_file(hashlib.sha256(package).digest()), **overrides}
    signer = RequestSigner(Credentials(system, SYSTEMS[system][0]))
    return signer.headers("application/octet-stream", list(params.items()))


def test_sdk_framing_and_both_hash_forms_are_accepted(hub: LocalHub) -> None:
    package = document_bytes(number=3)
    answer = _post(hub, "sendEdoc", _sdk_send_headers(package), package + b"\r\n")
    assert answer.status_code == 200
    assert answer.json()["ErrorCode"] == "0"
    other = document_bytes(number=4)
    full_hex = _sdk_send_headers(other, **{"hash-file": hashlib.sha256(other).hexdigest()})
    assert _post(hub, "sendEdoc", full_hex, other).json()["status"] == "OK"


def test_from_must_be_the_system_id(hub: LocalHub) -> None:
    package = document_bytes()
    answer = _post(hub, "sendEdoc", _sdk_send_headers(package, **{"from": CITY}),
                   package + b"\r\n")
    assert answer.status_code == 401
    body = answer.json()
    assert body == {"status": "FAIL", "ErrorCode": "403", "DocId": "",
                    "ErrorDesc": f"Don vi gui {CITY} khong dung voi ma da dang ky: vxp.hp.01"}


def test_hash_file_must_match_the_body(hub: LocalHub) -> None:
    package = document_bytes()
    answer = _post(hub, "sendEdoc", _sdk_send_headers(package), package + b" \r\n")
    assert answer.json()["ErrorDesc"] == "hash-file does not match the package"
    assert answer.json()["DocId"] == ""


def test_piled_up_parameters_are_accepted_and_are_not_filters(client: Client,
                                                              hub: LocalHub) -> None:
    client("vxp.hp.01").send(document_bytes())
    signer = RequestSigner(Credentials("vxp.hp.02", SYSTEMS["vxp.hp.02"][0]))
    # What ServiceTest's one client object sends after a send and an acknowledgement.
    params = [("from", "vxp.hp.02"), ("to", '["000.00.09.H24"]'), ("hash-file", "ab"),
              ("status", "done"), ("docId", "leftover"), ("filePath", "xml"),
              ("servicetype", "eDoc"), ("messagetype", "edoc")]
    answer = _post(hub, "getReceivedEdocList", signer.headers("application/json", params))
    assert answer.json()["ErrorCode"] == "0"
    assert len(answer.json()["data"]) == 1


def test_get_edoc_answer_is_base64_of_the_package(client: Client, hub: LocalHub) -> None:
    package = document_bytes()
    client("vxp.hp.01").send(package)
    doc_id = client("vxp.hp.02").received()[0].doc_id
    signer = RequestSigner(Credentials("vxp.hp.02", SYSTEMS["vxp.hp.02"][0]))
    answer = _post(hub, "getEdoc", signer.headers("application/json",
                                                  [("filePath", "xml"), ("docId", doc_id)]),
                   b"{}")
    body = answer.json()
    assert (body["status"], body["ErrorCode"], body["ErrorDesc"]) == ("OK", "0", "Success")
    assert base64.b64decode(body["data"]) == package


def test_answers_are_ascii_json_even_with_vietnamese(client: Client, hub: LocalHub) -> None:
    client("vxp.hp.01").send(document_bytes(recipients=(DEPT_2,)))
    signer = RequestSigner(Credentials("vxp.hp.01", SYSTEMS["vxp.hp.01"][0]))
    answer = _post(hub, "getSentEdocList", signer.headers(
        "application/json", [("servicetype", "eDoc"), ("messagetype", "edoc")]))
    answer.content.decode("ascii")  # raises if any byte is not ASCII
    assert json.loads(answer.content)["data"][0]["title"].startswith("Kế hoạch")


def test_expect_100_continue_is_answered(client: Client, hub: LocalHub) -> None:
    import socket
    from urllib.parse import urlsplit

    signer = RequestSigner(Credentials("vxp.hp.02", SYSTEMS["vxp.hp.02"][0]))
    headers = signer.headers("application/json", [])
    url = urlsplit(hub.endpoint)
    request = ("POST /countReceiveEdoc HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
               "Expect: 100-continue\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers)
               + "\r\n").encode()
    with socket.create_connection((url.hostname, url.port), timeout=2) as sock:
        sock.sendall(request)
        first = sock.recv(100)  # the interim answer arrives before the body is sent
        assert first.startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(b"{}")
        rest = b""
        while b'"count"' not in rest:
            rest += sock.recv(4096)
    assert b'"count":0' in rest
