"""Bounded-memory validation of large packages gives the verdict of full validation."""

from __future__ import annotations

import base64
import functools
import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hub.hub_support import document_bytes

from vn_egov.hub.large import INVALID_MARKER, reduce_attachments, validate_package
from vn_egov.validation import check

BIG = b"%PDF-1.4\n" + os.urandom(300_000)


def _rules(report: object) -> list[str]:
    return sorted(report.rule_ids())  # type: ignore[attr-defined]


@functools.cache
def _variants() -> dict[str, bytes]:
    package = document_bytes(attachment=BIG)
    encoded = re.search(rb"<edXML:ContentTransferEncoded[^>]*>([^<]*)<", package)
    assert encoded is not None
    text = encoded.group(1)
    wrapped = b"\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    return {
        "valid": package,
        "wrapped-76": package.replace(text, wrapped),
        "bad-character": package.replace(text, text[:200_000] + b"*" + text[200_001:]),
        "bad-padding": package.replace(text, text[:-4] + b"A=A="),
        "truncated": package.replace(text, text[:-1]),
        "zip-declared-pdf": document_bytes(attachment=b"PK\x03\x04" + BIG),
        "no-subject": package.replace(b"Subject>", b"Subjekt>"),
    }


@pytest.mark.parametrize("name", ["valid", "wrapped-76", "bad-character", "bad-padding",
                                  "truncated", "zip-declared-pdf", "no-subject"])
def test_reduced_validation_finds_what_full_validation_finds(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.edxml"
    path.write_bytes(_variants()[name])
    full = check(path, "edxml-document")
    reduced = validate_package(path, "edxml-document", full_validation_bytes=1024)
    assert _rules(reduced) == _rules(full)
    assert reduced.valid == full.valid
    assert len(reduce_attachments(path.open("rb"))) < 100_000  # the attachment was cut


def test_expected_verdicts_of_the_variants(tmp_path: Path) -> None:
    verdicts = {}
    for name, package in _variants().items():
        path = tmp_path / f"{name}.edxml"
        path.write_bytes(package)
        report = validate_package(path, "edxml-document", full_validation_bytes=1024)
        verdicts[name] = report.valid, "EDX404" in report.rule_ids()
    assert verdicts == {"valid": (True, False), "wrapped-76": (True, False),
                        "bad-character": (False, True), "bad-padding": (False, True),
                        "truncated": (False, True), "zip-declared-pdf": (True, False),
                        "no-subject": (False, False)}


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=0, max_size=3000), cuts=st.lists(st.integers(1, 200)),
       keep=st.integers(4, 400))
def test_streamed_base64_check_keeps_a_decodable_prefix(data: bytes, cuts: list[int],
                                                        keep: int) -> None:
    encoded = base64.b64encode(data)
    spaced = bytearray()
    position = 0
    for cut in cuts:  # whitespace at arbitrary places, as line-wrapped base64 has
        spaced += encoded[position:position + cut] + b"\r\n "
        position += cut
    spaced += encoded[position:]
    package = b"<a><ContentTransferEncoded>" + bytes(spaced) + b"</ContentTransferEncoded></a>"
    reduced = reduce_attachments(io.BytesIO(package), keep=keep)
    kept = reduced[len(b"<a><ContentTransferEncoded>"):-len(b"</ContentTransferEncoded></a>")]
    assert kept != INVALID_MARKER
    assert data.startswith(base64.b64decode(kept, validate=True))


def test_tags_split_across_chunks_and_self_closing_elements() -> None:
    from vn_egov.hub import large

    filler = b"<x>" + b"y" * (large.CHUNK - 20) + b"</x>"
    package = (b"<a>" + filler + b"<p:ContentTransferEncoded a='1'>" + b"QUJD" * 50_000
               + b"</p:ContentTransferEncoded><ContentTransferEncoded/></a>")
    reduced = reduce_attachments(io.BytesIO(package), keep=8)
    assert reduced.endswith(b"<p:ContentTransferEncoded a='1'>QUJDQUJD</p:ContentTransfer"
                            b"Encoded><ContentTransferEncoded/></a>")
    assert reduced.startswith(b"<a>" + filler)
