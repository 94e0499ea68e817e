"""The request signature against the fixed vectors recomputed by the official SDK's signer."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vn_egov.errors import HubAuthenticationError, HubError
from vn_egov.hub.wire import (
    Credentials,
    RequestSigner,
    gson_object,
    gson_string,
    hashmap_order,
    java_string_hash,
    sdk_hash_file,
    sdk_timestamp,
    verify_request,
)

SECRET = "bWFkZS11cCB0ZXN0IHNlY3JldA=="
TIMESTAMP = "04122025T093005+0042"
FILE = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>\n')

#: Vector 1 (sendEdoc): every header in the order the SDK adds them.
VECTOR_1 = [
    ("Content-Type", "application/octet-stream"),
    ("XroadVnpt-systemid", "vxp.hp.01"),
    ("XroadVnpt-servicetype", "eDoc"),
    ("XroadVnpt-messagetype", "edoc"),
    ("XroadVnpt-hash-file", "8e842cd247adebbecaaf6ac5aa8e0a4711b29c3c77849a57c82d49c518cd"),
    ("XroadVnpt-from", "vxp.hp.01"),
    ("XroadVnpt-to", '["000.00.01.H24"]'),
    ("XroadVnpt-timestamp", TIMESTAMP),
    ("XroadVnpt-Content-Type", "application/octet-stream"),
    ("XroadVnpt-sign-header-key",
     "systemid;servicetype;messagetype;hash-file;from;to;timestamp;Content-Type"),
    ("XroadVnpt-sign-header",
     '{"XroadVnpt-systemid":"vxp.hp.01","XroadVnpt-servicetype":"eDoc","XroadVnpt-messagetype":'
     '"edoc","XroadVnpt-hash-file":"8e842cd247adebbecaaf6ac5aa8e0a4711b29c3c77849a57c82d49c518cd'
     '","XroadVnpt-from":"vxp.hp.01","XroadVnpt-to":"[\\"000.00.01.H24\\"]","XroadVnpt-timestam'
     'p":"04122025T093005+0042","XroadVnpt-Content-Type":"application/octet-stream"}'),
    ("XroadVnpt-hash-header", "7d6697dda9bb528b037a0cd7b622f811fe67f2e6d0a8760f7c87b668e82de757"),
    ("User-Agent", "JAVASDKAgent/1.0.0 XRoad/VPCP"),
    ("XroadVnpt-version", "3.0.201608"),
]
VECTOR_2_TEXT = (
    '{"XroadVnpt-systemid":"vxp.hp.02","XroadVnpt-docId":"5f0c9a7e-2b1d-4c3e-8f6a-9d8e7c6b5a41",'
    '"XroadVnpt-filePath":"xml","XroadVnpt-timestamp":"04122025T093005+0042",'
    '"XroadVnpt-Content-Type":"application/json"}')
VECTOR_2_HASH = "cece90cb66cb4ec28d23c2a35e94b9bbdba65b88c28e2c3d813d64b306242759"


def test_vector_1_send_edoc_headers_are_byte_identical() -> None:
    digest = hashlib.sha256(FILE).digest()
    assert len(FILE) == 96
    assert digest.hex() == "8e842cd2470adebbec0aaf06ac5aa8e0a4711b29c3c778049a57c82d49c518cd"
    signer = RequestSigner(Credentials("vxp.hp.01", SECRET), timestamp=TIMESTAMP)
    headers = signer.headers("application/octet-stream", [
        ("from", "vxp.hp.01"), ("servicetype", "eDoc"), ("messagetype", "edoc"),
        ("to", json.dumps(["000.00.01.H24"])), ("hash-file", sdk_hash_file(digest))])
    assert headers == VECTOR_1
    text = dict(headers)["XroadVnpt-sign-header"]
    assert len(text.encode("utf-8")) == 344


def test_vector_2_get_edoc() -> None:
    signer = RequestSigner(Credentials("vxp.hp.02", SECRET), timestamp=TIMESTAMP)
    headers = dict(signer.headers("application/json", [
        ("filePath", "xml"), ("docId", "5f0c9a7e-2b1d-4c3e-8f6a-9d8e7c6b5a41")]))
    assert headers["XroadVnpt-sign-header-key"] == "systemid;docId;filePath;timestamp;Content-Type"
    assert headers["XroadVnpt-sign-header"] == VECTOR_2_TEXT
    assert headers["XroadVnpt-hash-header"] == VECTOR_2_HASH
    # The documented independent check: plain HMAC over the text with the secret's bytes.
    assert hmac.new(SECRET.encode(), VECTOR_2_TEXT.encode(), hashlib.sha256).hexdigest() == \
        VECTOR_2_HASH


#: The orders measured for a fresh client object (insertion: timestamp, systemid, Content-Type,
#: the JSON keys, hash-file).
MEASURED_ORDERS = [
    (["from", "servicetype", "messagetype", "hash-file"],
     "systemid;servicetype;messagetype;hash-file;from;timestamp;Content-Type"),
    (["servicetype", "messagetype"], "systemid;servicetype;messagetype;timestamp;Content-Type"),
    (["servicetype", "messagetype", "docId"],
     "systemid;servicetype;messagetype;docId;timestamp;Content-Type"),
    (["docId"], "systemid;docId;timestamp;Content-Type"),
    (["status", "docId"], "systemid;docId;timestamp;Content-Type;status"),
    ([], "systemid;timestamp;Content-Type"),
    # ServiceTest's receive loop on one object: parameters piled up (C5).
    (["servicetype", "messagetype", "filePath", "docId"],
     "systemid;servicetype;messagetype;docId;filePath;timestamp;Content-Type"),
]


@pytest.mark.parametrize(("params", "expected"), MEASURED_ORDERS)
def test_hashmap_order_matches_the_measured_orders(params: list[str], expected: str) -> None:
    assert ";".join(hashmap_order(["timestamp", "systemid", "Content-Type", *params])) == expected


def test_java_string_hash_known_values() -> None:
    # Values printed by Java's String.hashCode(), as unsigned 32-bit numbers.
    assert java_string_hash("hello") == 99162322
    assert java_string_hash("polygenelubricants") == 2**31
    assert java_string_hash("Aa") == java_string_hash("BB") == 2112
    assert java_string_hash("\U0001F600") == (0xD83D * 31 + 0xDE00)  # two UTF-16 units


def test_hashmap_resizes_after_twelve_keys() -> None:
    keys = [f"k{i}" for i in range(13)]
    # With 32 buckets the order is by (h ^ h>>>16) & 31; check it independently of the helper.
    def bucket(key: str) -> int:
        h = java_string_hash(key)
        return (h ^ (h >> 16)) & 31
    assert hashmap_order(keys) == sorted(keys, key=lambda k: (bucket(k), keys.index(k)))


@given(st.text())
def test_gson_escaping_is_json_with_line_separators_escaped(value: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return  # lone surrogates cannot be sent as UTF-8 at all
    expected = json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029")
    assert gson_string(value) == expected
    assert json.loads(gson_object([("k", value)])) == {"k": value}


def test_gson_escapes_controls_in_lowercase_hex_and_leaves_slash() -> None:
    assert gson_string("\x00\x1f/<>&='") == '"\\u0000\\u001f/<>&=\'"'


def test_timestamp_pattern_and_hash_file_form() -> None:
    from datetime import datetime

    assert sdk_timestamp(datetime(2025, 1, 2, 3, 4, 5, 999_999)) == "02012025T030405+0999"
    assert sdk_hash_file(bytes([0, 1, 0x10, 0xFF])) == "0110ff"


def test_non_ascii_parameter_values_are_refused() -> None:
    signer = RequestSigner(Credentials("vxp.hp.01", SECRET))
    with pytest.raises(HubError, match="must be ASCII"):
        signer.headers("application/json", [("description", "Đã nhận")])


def test_credentials_never_show_the_secret() -> None:
    assert SECRET not in repr(Credentials("vxp.hp.01", SECRET))


# -- verification (the hub's side) ------------------------------------------------------------


def _raw(headers: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    return [(name.encode("latin-1"), value.encode("utf-8")) for name, value in headers]


def _secret_of(system: str) -> str | None:
    return {"vxp.hp.01": SECRET}.get(system)


def test_vector_1_verifies_and_yields_the_signed_values() -> None:
    request = verify_request(_raw(VECTOR_1), _secret_of)
    assert request.system_id == "vxp.hp.01"
    assert request.get("TO") == '["000.00.01.H24"]'
    assert request.get("hash-file") == VECTOR_1[4][1]


def _replace(name: str, value: str) -> list[tuple[str, str]]:
    return [(n, value if n == name else v) for n, v in VECTOR_1]


@pytest.mark.parametrize(("headers", "message"), [
    (_replace("XroadVnpt-hash-header", "0" * 64), "does not verify"),
    (_replace("XroadVnpt-to", '["000.00.02.H24"]'), "differs from its signed value"),
    (_replace("XroadVnpt-sign-header-key",
              "systemid;servicetype;hash-file;messagetype;from;to;timestamp;Content-Type"),
     "same order"),
    ([h for h in VECTOR_1 if h[0] != "XroadVnpt-hash-header"], "missing or repeated"),
    ([*VECTOR_1, ("XroadVnpt-sign-header", "{}")], "missing or repeated"),
    (_replace("XroadVnpt-sign-header", "[1]"), "JSON object of strings"),
])
def test_tampered_requests_are_refused(headers: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(HubAuthenticationError, match=message):
        verify_request(_raw(headers), _secret_of)


def test_unknown_system_and_wrong_secret_get_the_same_answer() -> None:
    with pytest.raises(HubAuthenticationError) as unknown:
        verify_request(_raw(VECTOR_1), lambda system: None)
    with pytest.raises(HubAuthenticationError) as wrong:
        verify_request(_raw(VECTOR_1), lambda system: "other secret")
    assert str(unknown.value) == str(wrong.value)


def test_a_bad_timestamp_pattern_is_refused_even_when_signed() -> None:
    signer = RequestSigner(Credentials("vxp.hp.01", SECRET), timestamp="2025-12-04T09:30:05")
    with pytest.raises(HubAuthenticationError, match="pattern"):
        verify_request(_raw(signer.headers("application/json", [])), _secret_of)


def test_header_bytes_are_decoded_as_utf8_and_disagreeing_spellings_refused() -> None:
    headers = [(n.encode(), v.encode()) for n, v in VECTOR_1]
    headers.append((b"XroadVnpt-x", b"\xff"))
    with pytest.raises(HubError, match="not UTF-8"):
        verify_request(headers, _secret_of)
    from vn_egov.hub.wire import SignedRequest

    with pytest.raises(HubError, match="disagree"):
        SignedRequest("s", {"docId": "1", "docid": "2"}).get("docid")
