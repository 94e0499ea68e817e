"""Hostile requests to the local hub: every one gets the hub's JSON refusal, in bounded time,
and the hub keeps serving."""

from __future__ import annotations

import hashlib
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from tests.hub.hub_support import SYSTEMS, document_bytes

from vn_egov.hub.server import LocalHub
from vn_egov.hub.wire import Credentials, RequestSigner, sdk_hash_file

SECRET = SYSTEMS["vxp.hp.01"][0]


def _signed(params: list[tuple[str, str]], content_type: str = "application/json",
            system: str = "vxp.hp.01") -> list[tuple[str, str]]:
    return RequestSigner(Credentials(system, SYSTEMS[system][0])).headers(content_type, params)


def _refused(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    body = response.json()
    assert response.status_code == status, body
    assert body["status"] == "FAIL"
    assert body["ErrorCode"] == code
    assert isinstance(body["ErrorDesc"], str)
    assert body["ErrorDesc"]
    return body


@pytest.mark.parametrize("headers", [
    [],
    [("XroadVnpt-sign-header-key", "systemid"), ("XroadVnpt-sign-header", "{"),
     ("XroadVnpt-hash-header", "0" * 64)],
    [("XroadVnpt-sign-header-key", ";".join(f"k{i}" for i in range(500))),
     ("XroadVnpt-sign-header", "{}"), ("XroadVnpt-hash-header", "0" * 64)],
    [("XroadVnpt-sign-header-key", "../../etc"), ("XroadVnpt-sign-header", "{}"),
     ("XroadVnpt-hash-header", "x")],
])
def test_unsigned_or_malformed_requests(hub: LocalHub, headers: list[tuple[str, str]]) -> None:
    response = httpx.post(f"{hub.endpoint}/getReceivedEdocList", headers=headers, timeout=5)
    _refused(response, 401, "401")


def test_deeply_nested_signed_text(hub: LocalHub) -> None:
    headers = [("XroadVnpt-sign-header-key", "systemid"),
               ("XroadVnpt-sign-header", "[" * 5000 + "]" * 5000),
               ("XroadVnpt-hash-header", "0" * 64)]
    _refused(httpx.post(f"{hub.endpoint}/getEdoc", headers=headers, timeout=5), 401, "401")


def test_a_doc_id_that_looks_like_a_path(hub: LocalHub) -> None:
    for doc_id in ("../../../../etc/passwd", "/etc/passwd", "..", "%2e%2e%2f", "a" * 5000):
        response = httpx.post(f"{hub.endpoint}/getEdoc",
                              headers=_signed([("docId", doc_id)], system="vxp.hp.02"),
                              timeout=5)
        _refused(response, 404, "404")
        response = httpx.get(f"{hub.endpoint}/downloadEdoc",
                             headers=_signed([("docId", doc_id)], system="vxp.hp.02"), timeout=5)
        _refused(response, 404, "404")


def test_non_utf8_header_bytes(hub: LocalHub) -> None:
    url = urlsplit(hub.endpoint)
    with socket.create_connection((url.hostname, url.port), timeout=5) as sock:
        sock.sendall(b"POST /getReceivedEdocList HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                     b"XroadVnpt-x: \xff\xfe\r\n\r\n")
        answer = b""
        while not answer.endswith(b"}"):  # the head and the body may come apart
            piece = sock.recv(4096)
            assert piece, answer
            answer += piece
    assert answer.startswith(b"HTTP/1.1 400")
    assert b'"ErrorCode":"400"' in answer


def test_a_huge_body_on_a_small_call(hub: LocalHub) -> None:
    response = httpx.post(f"{hub.endpoint}/getReceivedEdocList", timeout=10,
                          headers=_signed([("servicetype", "eDoc"), ("messagetype", "edoc")]),
                          content=b"x" * (2 * 1024 * 1024))
    _refused(response, 413, "413")


def test_an_unsigned_send_stores_nothing(hub: LocalHub) -> None:
    package = document_bytes()
    response = httpx.post(f"{hub.endpoint}/sendEdoc", content=package, timeout=10,
                          headers=[("Content-Type", "application/octet-stream")])
    assert _refused(response, 401, "401")["DocId"] == ""
    assert list((hub.settings.data_dir / "blobs").rglob("*")) == []


def test_a_body_larger_than_declared_limit_is_cut_off(tmp_path: object) -> None:
    from pathlib import Path

    from tests.hub.hub_support import systems_config

    from vn_egov.hub.server import HubSettings

    settings = HubSettings(Path(str(tmp_path)) / "h", max_package_bytes=100_000)
    with LocalHub(settings, systems_config()) as hub:
        body = b"<a>" + b"x" * 5_000_000
        params = [("from", "vxp.hp.01"), ("servicetype", "eDoc"), ("messagetype", "edoc"),
                  ("hash-file", sdk_hash_file(hashlib.sha256(body).digest()))]

        def chunks() -> object:
            for start in range(0, len(body), 65536):
                yield body[start:start + 65536]

        started = time.perf_counter()
        response = httpx.post(f"{hub.endpoint}/sendEdoc", timeout=20, content=chunks(),
                              headers=_signed(params, "application/octet-stream"))
        assert time.perf_counter() - started < 10
        _refused(response, 413, "413")
        assert list((settings.data_dir / "tmp").iterdir()) == []


def test_not_xml_and_xml_bombs_are_refused_as_invalid(hub: LocalHub) -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><edXML>&b;</edXML>')
    for body in (b"\x00\x01binary", bomb, b"<edXML/>"):
        params = [("from", "vxp.hp.01"), ("servicetype", "eDoc"), ("messagetype", "edoc"),
                  ("hash-file", sdk_hash_file(hashlib.sha256(body).digest()))]
        response = httpx.post(f"{hub.endpoint}/sendEdoc", content=body + b"\r\n", timeout=10,
                              headers=_signed(params, "application/octet-stream"))
        body_json = _refused(response, 422, "422")
        assert str(body_json["ErrorDesc"]).startswith("the package is invalid: ")


def test_unknown_paths_and_methods_answer_json(hub: LocalHub) -> None:
    _refused(httpx.get(f"{hub.endpoint}/../../etc/passwd", timeout=5), 404, "404")
    _refused(httpx.get(f"{hub.endpoint}/sendEdoc", timeout=5), 405, "405")


def test_the_hub_still_serves_after_the_attacks(hub: LocalHub) -> None:
    test_a_doc_id_that_looks_like_a_path(hub)
    test_unknown_paths_and_methods_answer_json(hub)
    response = httpx.post(f"{hub.endpoint}/countReceiveEdoc", content=b"{}", timeout=5,
                          headers=_signed([], system="vxp.hp.02"))
    assert response.json() == {"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success",
                               "count": 0}
