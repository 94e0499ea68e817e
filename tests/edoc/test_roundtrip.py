"""Property tests: models -> canonical bytes -> XSD-valid -> read -> the same models.

Also: the writer is idempotent over the reader (``write(read(write(m))) == write(m)``),
text is kept byte for byte (NFC and NFD both survive), and unknown elements inserted at
random places come back at the same place.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from edoc_support import NS, xsd_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import BaseModel
from strategies import VIETNAMESE, document_packages, status_packages, texts

from vn_egov.edoc import DocumentPackage, StatusPackage, read, read_document, write

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _xml_strings(model: object) -> list[str]:
    """Every string value inside a model (for the byte-preservation check)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))

    walk(model)
    return found


@PROPERTY
@given(document_packages())
def test_document_write_validates_and_reads_back_equal(package: DocumentPackage) -> None:
    data = write(package)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="')
    assert xsd_errors(data, "document") == []
    again = read(data)
    assert isinstance(again, DocumentPackage)
    assert again == package
    assert write(again) == data


@PROPERTY
@given(status_packages)
def test_status_write_validates_and_reads_back_equal(package: StatusPackage) -> None:
    data = write(package)
    assert xsd_errors(data, "status") == []
    again = read(data)
    assert isinstance(again, StatusPackage)
    assert again == package
    assert write(again) == data
    assert again.header.status is not None  # every generated code is a known one


@PROPERTY
@given(document_packages())
def test_text_is_kept_byte_for_byte(package: DocumentPackage) -> None:
    again = read(write(package))
    before = _xml_strings(package)
    after = _xml_strings(again)
    assert [s.encode("utf-8") for s in after] == [s.encode("utf-8") for s in before]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(VIETNAMESE), st.sampled_from(["NFC", "NFD"]))
def test_nfc_and_nfd_subjects_are_not_normalised(word: str, form: Literal["NFC", "NFD"]
                                                  ) -> None:
    from edoc_support import document

    subject = unicodedata.normalize(form, word)
    data = write(document(subject=subject))
    assert f"<edXML:Subject>{subject}</edXML:Subject>".encode() in data
    assert read_document(data).header.subject.encode("utf-8") == subject.encode("utf-8")


# -- unknown elements ---------------------------------------------------------------------

# Containers whose unknown children the models keep (name -> how to find it in the tree).
CONTAINERS = {
    "edXML": "/e:edXML",
    "edXMLEnvelope": "/e:edXML/e:edXMLEnvelope",
    "edXMLHeader": "//e:edXMLHeader",
    "MessageHeader": "//e:MessageHeader",
    "From": "//e:MessageHeader/e:From",
    "To": "//e:MessageHeader/e:To[1]",
    "Code": "//e:MessageHeader/e:Code",
    "PromulgationInfo": "//e:MessageHeader/e:PromulgationInfo",
    "TraceHeaderList": "//e:TraceHeaderList",
    "Bussiness": "//e:Bussiness",
    "edXMLBody": "//e:edXMLBody",
    "Reference": "//e:Reference[1]",
    "Attachment": "//e:Attachment[1]",
}
_NSMAP = {"e": NS}


def _position(element: etree._Element) -> tuple[str, str | None]:
    """Parent local name and the local name of the preceding element sibling."""
    parent = element.getparent()
    assert parent is not None
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    return (etree.QName(parent).localname,
            None if previous is None else etree.QName(previous).localname)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_packages(), st.sampled_from(sorted(CONTAINERS)),
       st.from_regex(r"[A-Z][A-Za-z]{0,10}", fullmatch=True), texts, st.data())
def test_unknown_elements_survive_at_the_same_place(
        package: DocumentPackage, container: str, name: str, text: str,
        data: st.DataObject) -> None:
    tree = etree.fromstring(write(package))
    targets = tree.xpath(CONTAINERS[container], namespaces=_NSMAP)
    known = {"edXMLEnvelope", "AttachmentEncoded", "edXMLHeader", "edXMLBody", "MessageHeader",
             "TraceHeaderList", "Signature", "edXMLManifest"}
    if not targets or f"X{name}" in known:
        return  # the generated package has no such container
    parent = targets[0]
    unknown = etree.Element(f"{{{NS}}}X{name}" if container != "edXML" else f"X{name}")
    unknown.text = text
    index = data.draw(st.integers(min_value=0, max_value=len(parent)), label="index")
    parent.insert(index, unknown)
    edited = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    package_read = read(edited)
    rules = {issue.rule for issue in package_read.issues}
    assert rules & {"EDX006", "EDX007"}, rules
    written = write(package_read)
    found = etree.fromstring(written).xpath(f"//*[local-name()='X{name}']")
    assert len(found) == 1
    assert found[0].text == text
    assert _position(found[0]) == _position(unknown)
    # Stable from then on, and canonical mode drops it again.
    assert write(read(written)) == written
    assert write(package_read, canonical=True) == write(package)


# -- official orderings, padded values, compressed attachments (issue 10) -----------------


def _reordered(data: bytes) -> bytes:
    """The package with the official builder's orders: Bussiness (and the TraceHeaderList
    Paper) before the TraceHeaders, StaffInfo already in EdXML102 order from the writer."""
    tree = etree.fromstring(data)
    for trace in tree.iter(f"{{{NS}}}TraceHeaderList"):
        moved = [c for c in trace if etree.QName(c).localname in ("Bussiness", "Paper")]
        for child in moved:
            trace.remove(child)
        for index, child in enumerate(moved):
            trace.insert(index, child)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


@PROPERTY
@given(document_packages())
def test_both_trace_header_list_orders_read_the_same(package: DocumentPackage) -> None:
    data = write(package)
    builder_order = _reordered(data)
    assert xsd_errors(builder_order, "document") == []
    again = read(builder_order)
    assert again == package
    assert {i.rule for i in again.issues} == {i.rule for i in read(data).issues}
    assert write(again) == data  # the writer keeps one canonical order


def _pad(data: bytes) -> bytes:
    """Surrounding spaces on every Organization field and StatusCode, as hub files have."""
    tree = etree.fromstring(data)
    for container in ("From", "To"):
        for organization in tree.iter(f"{{{NS}}}{container}"):
            for child in organization:
                if isinstance(child.tag, str) and child.text:
                    child.text = f"  {child.text}\n "
    for code in tree.iter(f"{{{NS}}}StatusCode"):
        code.text = f" {code.text} "
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


@PROPERTY
@given(document_packages())
def test_padded_organization_values_read_as_the_official_parser_reads_them(
        package: DocumentPackage) -> None:
    padded = _pad(write(package))
    again = read(padded)
    assert again == package  # the models hold the trimmed values already
    assert "EDX117" in {i.rule for i in again.issues}
    assert all(i.severity.value == "info" for i in again.issues if i.rule == "EDX117")


@PROPERTY
@given(status_packages)
def test_padded_status_code_reads_as_the_code(package: StatusPackage) -> None:
    padded = _pad(write(package))
    assert xsd_errors(padded, "status") == []
    again = read(padded)
    assert again == package
    assert again.header.status is not None


@PROPERTY
@given(document_packages())
def test_write_never_changes_a_modelled_value(package: DocumentPackage) -> None:
    once = read(write(package))
    for canonical in (False, True):
        again = read(write(once, canonical=canonical))
        assert again == once
        for before, after in zip(once.attachments, again.attachments, strict=True):
            assert (after.data, after.transfer_data) == (before.data, before.transfer_data)
        if once.business is not None:
            assert again.business is not None
            assert again.business.staff_infos == once.business.staff_infos
            assert again.business.document_infos == once.business.document_infos


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["ghi-chu.txt", "bang.xlsx", "a.DOC", "x"]),
       st.booleans())
def test_compressed_attachments_hand_over_the_file(data: bytes, name: str,
                                                   samples_order: bool) -> None:
    from edoc_support import document

    from vn_egov.edoc.attachments import attachment_from_bytes

    attachment = attachment_from_bytes(data, name, content_id="f", content_type="application/zip")
    package = document()
    package.attachments = [attachment]
    package.manifest = [package.manifest[0].model_copy(update={
        "content_id": "f", "name": name, "content_type": "application/zip"})]
    written = write(package)
    again = read(_reordered(written) if samples_order else written)
    assert isinstance(again, DocumentPackage)
    [read_back] = again.attachments
    assert read_back.compressed
    assert read_back.data == data
    assert read_back.transfer_data == attachment.transfer_data
    assert read_back.transfer_data[:2] == b"PK"
