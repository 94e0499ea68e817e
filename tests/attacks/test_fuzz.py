"""Hypothesis fuzzing: mutations of a valid edXML status package (spec edxml.md §14.2) never
make ``parse`` raise anything but the documented errors, and ``check`` never raises.

Default budget: 100 + 100 examples. ``pytest -m slow tests/attacks`` (or VN_EGOV_SLOW=1)
runs 5,000 of each.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from vn_egov.errors import InputError, MalformedXMLError, UnsafeXMLError
from vn_egov.validation import check
from vn_egov.validation.report import Report
from vn_egov.xml import parse

STATUS = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.05.H99</edXML:OrganId>
          <edXML:OrganizationInCharge>Ủy ban nhân dân tỉnh Mẫu</edXML:OrganizationInCharge>
          <edXML:OrganName>Sở Nội vụ tỉnh Mẫu</edXML:OrganName>
          <edXML:OrganAdd>Số 2 đường Lê Lợi, phường Trung Tâm, tỉnh Mẫu</edXML:OrganAdd>
          <edXML:Email>vanthu.snv@mau.gov.vn</edXML:Email>
        </edXML:From>
        <edXML:ResponseFor>
          <edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:Code>215/SKHCN-VP</edXML:Code>
          <edXML:PromulgationDate>2025/03/12</edXML:PromulgationDate>
          <edXML:DocumentId>000.00.12.H99,2025/03/12,215/SKHCN-VP</edXML:DocumentId>
        </edXML:ResponseFor>
        <edXML:StaffInfo>
          <edXML:Department>Văn phòng Sở</edXML:Department>
          <edXML:Staff>Lê Thị Lan</edXML:Staff>
          <edXML:Mobile>0913000222</edXML:Mobile>
          <edXML:Email>ltlan@mau.gov.vn</edXML:Email>
        </edXML:StaffInfo>
        <edXML:StatusCode>03</edXML:StatusCode>
        <edXML:Description>Văn thư: Đã tiếp nhận văn bản điện tử, vào sổ văn bản \
đến số 1032</edXML:Description>
        <edXML:Timestamp>2025/03/12 14:20:33</edXML:Timestamp>
      </edXML:MessageHeader>
    </edXML:edXMLHeader>
  </edXML:edXMLEnvelope>
</edXML>
""".encode()

DOCUMENTED = (InputError, MalformedXMLError, UnsafeXMLError)
# Fragments an attacker would try, spliced in anywhere.
HOSTILE = [b"<!DOCTYPE a [<!ENTITY x 'y'>]>", b"&x;", b"<!--", b"-->", b"<?xml version='1.0'?>",
           b"<![CDATA[", b"]]>", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"&#0;", b"&#x1F600;",
           b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
           b"</edXML>", b"<edXML:To>", b'encoding="UTF-16"', b"\r\n", b"\xe1\xba"]

byte_edit = st.tuples(st.integers(0, len(STATUS)), st.integers(0, 8),
                      st.one_of(st.binary(max_size=12), st.sampled_from(HOSTILE)))


def _apply(edits: list[tuple[int, int, bytes]]) -> bytes:
    data = STATUS
    for wanted, removed, inserted in edits:
        position = min(wanted, len(data))
        data = data[:position] + inserted + data[position + removed:]
    return data


def _structural(draw: Callable[..., object]) -> bytes:
    root = etree.fromstring(STATUS)
    elements = list(root.iter())
    for _ in range(draw(st.integers(1, 4))):  # type: ignore[call-overload]
        target = elements[draw(st.integers(0, len(elements) - 1))]  # type: ignore[call-overload]
        action = draw(st.sampled_from(["drop", "copy", "rename", "text", "attr", "nest"]))
        parent = target.getparent()
        if action == "drop" and parent is not None:
            parent.remove(target)
            elements = list(root.iter())
        elif action == "copy" and parent is not None:
            parent.insert(parent.index(target), copy.deepcopy(target))
            elements = list(root.iter())
        elif action == "rename":
            target.tag = draw(st.sampled_from(["edXML", "Signature", "ContentTransferEncoded",
                                               "{http://www.w3.org/2001/XInclude}include",
                                               "{urn:other}StatusCode"]))
        elif action == "text":
            target.text = draw(st.text(st.characters(blacklist_categories=("Cs",),
                                                     blacklist_characters="\x00"), max_size=40)
                               .filter(lambda t: all(c in "\t\n\r" or c >= " " for c in t)))
        elif action == "attr":
            target.set(draw(st.sampled_from(["id", "version", "xlink", "URI"])),
                       draw(st.text(max_size=10).filter(str.isprintable)))
        elif action == "nest":
            child = target
            for _ in range(draw(st.integers(1, 300))):  # type: ignore[call-overload]
                child = etree.SubElement(child, "x")
    return etree.tostring(root, xml_declaration=draw(st.booleans()),
                          encoding=draw(st.sampled_from(["UTF-8", "UTF-16", "ASCII"])))


structural = st.composite(_structural)


def _exercise(data: bytes) -> None:
    try:
        doc = parse(data)
    except DOCUMENTED as exc:
        error: Exception | None = exc
    else:
        error = None
        assert doc.data == data
        assert doc.root is not None
    assert error is None or getattr(error, "message", ""), "documented errors carry a message"
    report = check(data)
    assert isinstance(report, Report)
    assert report.sha256 is None or len(report.sha256) == 64
    assert isinstance(report.to_dict(), dict)


FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=5000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def test_template_is_valid_xml() -> None:
    assert parse(STATUS).root.tag == "{http://www.mic.gov.vn/TBT/QCVN_102_2016}edXML"


@FAST
@given(st.lists(byte_edit, min_size=1, max_size=5))
def test_byte_mutations(edits: list[tuple[int, int, bytes]]) -> None:
    _exercise(_apply(edits))


@FAST
@given(structural())
def test_structural_mutations(data: bytes) -> None:
    _exercise(data)


@pytest.mark.slow
@SLOW
@given(st.lists(byte_edit, min_size=1, max_size=12))
def test_byte_mutations_large_budget(edits: list[tuple[int, int, bytes]]) -> None:
    _exercise(_apply(edits))


@pytest.mark.slow
@SLOW
@given(structural())
def test_structural_mutations_large_budget(data: bytes) -> None:
    _exercise(data)
