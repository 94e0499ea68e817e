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
