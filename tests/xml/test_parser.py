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


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match=r"ParseLimits.max_nodes must be a positive integer"):
        ParseLimits(max_nodes=-1)
    with pytest.raises(ValueError, match="is not a local element name"):
        ParseLimits(huge_text_elements=frozenset({"a' or '1'='1"}))


def test_a_device_is_refused_unread() -> None:
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        parse("/dev/zero")


def test_text_stream_is_refused() -> None:
    import io

    with pytest.raises(InputError, match="stream must be opened in binary mode"):
        parse(io.StringIO("<a/>"))  # type: ignore[arg-type]


def test_attribute_and_name_limits_are_configurable() -> None:
    with pytest.raises(UnsafeXMLError, match="element <a> has 3 attributes, above the limit of 2"):
        parse(b'<r><a x="1" y="2" z="3"/></r>', limits=ParseLimits(max_attributes=2))
    with pytest.raises(UnsafeXMLError, match="the name abcd has 4 characters, above the limit"):
        parse(b"<r><abcd/></r>", limits=ParseLimits(max_name_length=3))
    assert parse(b"<r><abc/></r>", limits=ParseLimits(max_name_length=3)).root[0].tag == "abc"


def test_huge_text_limit_applies_to_attachment_content() -> None:
    limits = ParseLimits(max_text_length=10, max_huge_text_length=20)
    with pytest.raises(UnsafeXMLError,
                       match="text of <ContentTransferEncoded> has 21 characters, above the "
                             "limit of 20"):
        parse(b"<a><ContentTransferEncoded>" + b"x" * 21 + b"</ContentTransferEncoded></a>",
              limits=limits)


def test_utf16_source_keeps_original_bytes_and_hash() -> None:
    data = "\ufeff<a>Hải Phòng</a>".encode("utf-16-le")
    doc = parse(data)
    assert doc.data == data
    assert doc.root.text == "Hải Phòng"


# The post-parse checks skip queries that the counts of a small input make pointless; the
# refusals must stay exactly where the queries would have found them.

def test_xinclude_is_refused_whatever_the_namespace_is_spelled() -> None:
    plain = b'<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="x"/></r>'
    referenced = plain.replace(b"XInclude", b"X&#73;nclude")  # no literal "XInclude"
    default = b'<r><include xmlns="http://www.w3.org/2003/XInclude" href="x"/></r>'
    for data in (plain, referenced, default):
        with pytest.raises(UnsafeXMLError, match="XInclude elements are not allowed"):
            parse(data)
    assert parse(b'<r xmlns:xi="urn:other"><xi:include/></r>').root[0].tag == "{urn:other}include"


def test_depth_and_attribute_limits_of_small_inputs() -> None:
    nested = b"<a><b><c><d/></c></b></a>"
    assert parse(nested, limits=ParseLimits(max_depth=4)).root.tag == "a"
    with pytest.raises(UnsafeXMLError, match="nest deeper than 3"):
        parse(nested, limits=ParseLimits(max_depth=3))
    # '=' in text does not make attributes; attributes beyond the limit are found
    text = b'<r a="1"><t>x=y=z=w</t></r>'
    assert parse(text, limits=ParseLimits(max_attributes=1)).root.get("a") == "1"
    with pytest.raises(UnsafeXMLError, match="element <r> has 2 attributes"):
        parse(b'<r a="1" b="2"/>', limits=ParseLimits(max_attributes=1))
