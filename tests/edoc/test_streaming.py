"""Bounded-memory attachments: the event parser's refusals and the streaming read/write."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vn_egov.edoc import read
from vn_egov.edoc.builders import new_document
from vn_egov.edoc.streaming import (
    LargeFile,
    extract_attachments,
    stream_attachments,
    stream_write,
)
from vn_egov.errors import InputError, MalformedXMLError, UnsafeXMLError
from vn_egov.xml import ParseLimits
from vn_egov.xml.streaming import stream_parse


class _Collect:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.events.append(("start", tag))

    def end(self, tag: str) -> None:
        self.events.append(("end", tag))

    def data(self, text: str) -> None:
        self.events.append(("data", text))


def _package() -> object:
    return new_document(sender="000.00.00.H99", recipients=["000.00.05.H99"], number="7",
                        notation="UBND-VP", promulgation_date=date(2025, 1, 2),
                        subject="Bản quét hồ sơ", timestamp=None)


@pytest.mark.parametrize(("data", "error", "message"), [
    (b'<!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>', UnsafeXMLError,
     "document type declarations (DTD) are not allowed"),
    ("<!DOCTYPE a><a/>".encode("utf-16"), UnsafeXMLError,
     "document type declarations (DTD) are not allowed"),
    (b"<!--" + b"x" * 70_000 + b"--><a/>", UnsafeXMLError, "does not end within the first chunk"),
    (b"<a>" * 300 + b"</a>" * 300, UnsafeXMLError, "nest deeper than 256 levels"),
    (b"<a><xi:include xmlns:xi='http://www.w3.org/2001/XInclude' href='/etc/passwd'/></a>",
     UnsafeXMLError, "XInclude elements are not allowed"),
    (b"<a>&ent;</a>", MalformedXMLError, "Entity 'ent' not defined"),
    (b"<a><b></a>", MalformedXMLError, "not well-formed XML"),
    (b"", InputError, "input is empty"),
    (b"   \n", InputError, "input is empty"),
])
def test_event_parser_refuses_like_parse(data: bytes, error: type[Exception],
                                         message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        stream_parse(io.BytesIO(data), _Collect(), chunk_size=65_536)


def test_event_parser_limits_text_outside_attachment_content() -> None:
    limits = ParseLimits(max_text_length=10, max_huge_text_length=1000)
    with pytest.raises(UnsafeXMLError, match="text of <Description> exceeds 10"):
        stream_parse(io.BytesIO(b"<a><Description>" + b"x" * 11 + b"</Description></a>"),
                     _Collect(), limits=limits)
    handler = _Collect()
    big = b"<a><ContentTransferEncoded>" + b"x" * 500 + b"</ContentTransferEncoded></a>"
    stream_parse(io.BytesIO(big), handler, limits=limits, chunk_size=64)
    text = "".join(t for kind, t in handler.events if kind == "data")
    assert text == "x" * 500


def test_event_parser_bounds_total_size() -> None:
    with pytest.raises(UnsafeXMLError, match="larger than 100 bytes"):
        stream_parse(io.BytesIO(b"<a>" + b" " * 200 + b"</a>"), _Collect(),
                     limits=ParseLimits(max_bytes=100), chunk_size=50)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        stream_parse(tmp_path / "absent.edxml", _Collect())
    with pytest.raises(InputError, match="is a directory"):
        stream_parse(tmp_path, _Collect())


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.binary(min_size=0, max_size=5000), min_size=1, max_size=3),
       chunk=st.integers(min_value=256, max_value=4096))
def test_stream_write_then_stream_read_round_trip(tmp_path: Path, contents: list[bytes],
                                                  chunk: int) -> None:
    files = []
    for index, data in enumerate(contents):
        path = tmp_path / f"tệp-{index}.bin"
        path.write_bytes(data)
        files.append(LargeFile(path, content_id=f"id-{index}"))
    out = io.BytesIO()
    stream_write(_package(), files, out)  # type: ignore[arg-type]
    written = out.getvalue()
    package = read(written)  # the in-memory reader agrees with the streamed bytes
    assert [a.data for a in package.attachments] == contents
    sinks: list[io.BytesIO] = []

    def open_sink(_index: int) -> io.BytesIO:
        sinks.append(io.BytesIO())
        return sinks[-1]

    found = stream_attachments(io.BytesIO(written), open_sink)
    assert [s.getvalue() for s in sinks] == contents
    assert [f.sha256 for f in found] == [hashlib.sha256(c).hexdigest() for c in contents]
    assert [f.content_id for f in found] == [f"id-{i}" for i in range(len(contents))]
    assert [f.name for f in found] == [f"tệp-{i}.bin" for i in range(len(contents))]


def test_base64_with_line_breaks_split_across_chunks(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40
    encoded = base64.encodebytes(data)  # 76-character lines, as some senders write
    document = (b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><AttachmentEncoded>'
                b"<Attachment><ContentId>cid:x</ContentId><AttachmentName>../../a.bin"
                b"</AttachmentName><ContentTransferEncoded>" + encoded +
                b"</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>")
    source = tmp_path / "p.edxml"
    source.write_bytes(document)
    written = extract_attachments(source, tmp_path / "out")
    (target, record), = written
    assert target == tmp_path / "out" / "_.._a.bin"  # one file name, never a path
    assert target.read_bytes() == data
    assert record.content_id == "x"
    assert record.size == len(data)


def test_bad_base64_is_a_finding_and_leaves_no_partial_files(tmp_path: Path) -> None:
    document = (b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><AttachmentEncoded>'
                b"<Attachment><ContentTransferEncoded>QUJD*not-base64*</ContentTransferEncoded>"
                b"</Attachment></AttachmentEncoded></edXML>")
    source = tmp_path / "bad.edxml"
    source.write_bytes(document)
    out = tmp_path / "out"
    [(target, record)] = extract_attachments(source, out)
    assert target is None
    assert record.findings == [("EDX404", "attachment 1: ContentTransferEncoded is not valid "
                                          "base64: character U+002A ASTERISK at position 5 is "
                                          "not in the base64 alphabet (only space, tab, carriage "
                                          "return and line feed may separate the characters)")]
    assert list(out.iterdir()) == []


def test_extract_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    out = io.BytesIO()
    stream_write(_package(), [LargeFile(path), LargeFile(path)], out)  # type: ignore[arg-type]
    source = tmp_path / "two.edxml"
    source.write_bytes(out.getvalue())
    names = [target.name for target, _ in extract_attachments(source, tmp_path / "x")]
    assert names == ["scan.pdf", "scan (1).pdf"]


def test_stream_write_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"absent\.pdf: no such file"):
        stream_write(_package(), [LargeFile(tmp_path / "absent.pdf")],  # type: ignore[arg-type]
                     io.BytesIO())
