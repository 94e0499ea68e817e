"""The hardened parser: what it accepts, what it refuses and how it says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from vn_egov.errors import InputError, MalformedXMLError, UnsafeXMLError
from vn_egov.xml import ParseLimits, parse


def test_parse_keeps_bytes_and_hash() -> None:
    data = "<a>Hải Phòng</a>".encode()
    doc = parse(data)
    assert doc.data == data
    assert doc.root.text == "Hải Phòng"
    assert doc.sha256 == __import__("hashlib").sha256(data).hexdigest()


def test_malformed_reports_line_and_column() -> None:
    with pytest.raises(MalformedXMLError) as info:
        parse(b"<a>\n  <b></a>")
    assert info.value.line == 2
    assert info.value.column is not None
    assert "not well-formed" in str(info.value)


def test_dtd_refused() -> None:
    with pytest.raises(UnsafeXMLError, match="DTD"):
        parse(b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')


def test_depth_limit() -> None:
    deep = b"<a>" * 300 + b"</a>" * 300
    with pytest.raises(UnsafeXMLError, match="nest deeper than 256"):
        parse(deep)


def test_text_limit_applies_except_for_attachment_content() -> None:
    limits = ParseLimits(max_text_length=10, max_huge_text_length=100)
    with pytest.raises(UnsafeXMLError, match="text of <b>"):
        parse(b"<a><b>" + b"x" * 11 + b"</b></a>", limits=limits)
    doc = parse(b"<a><ContentTransferEncoded>" + b"x" * 50 + b"</ContentTransferEncoded></a>",
                limits=limits)
    assert len(doc.root[0].text or "") == 50


def test_empty_file_and_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty.edxml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        parse(empty)
    with pytest.raises(InputError, match="directory"):
        parse(tmp_path)
