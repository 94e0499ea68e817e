"""The one declaration of the mapping (issue 10, item 6): every consumer derives from it.

The element names, their order and their structure are declared once, on the model fields.
These tests check that the XSD agrees with the declarations (so that models and schemas
cannot drift apart), and that the reader, the writer, the streaming reader and kind
detection all follow them.
"""

from __future__ import annotations

from datetime import date

import pytest
from edoc_support import NS, document
from lxml import etree
from pydantic import BaseModel

from vn_egov._resources import schema_path
from vn_egov.edoc import models
from vn_egov.edoc.mapping import Container, mapping_of
from vn_egov.edoc.reader import detect_kind
from vn_egov.edoc.streaming import _layout
from vn_egov.edoc.writer import write

XS = "{http://www.w3.org/2001/XMLSchema}"
SCHEMAS = {"document": "edxml/qcvn-102-2016/edxml-document.xsd",
           "status": "edxml/qcvn-102-2016/edxml-status.xsd"}
#: Model -> (schema, complexType) describing the same element.
TYPES: dict[type[BaseModel], tuple[str, str]] = {
    models.Organization: ("document", "OrganizationType"),
    models.Code: ("document", "CodeType"),
    models.PromulgationInfo: ("document", "PromulgationInfoType"),
    models.DocumentType: ("document", "DocumentTypeType"),
    models.SignerInfo: ("document", "SignerInfoType"),
    models.OtherInfo: ("document", "OtherInfoType"),
    models.ResponseFor: ("document", "ResponseForType"),
    models.DocumentHeader: ("document", "DocumentMessageHeaderType"),
    models.TraceHeader: ("document", "TraceHeaderType"),
    models.StaffInfo: ("document", "StaffInfoType"),
    models.Receiver: ("document", "ReceiverEntryType"),
    models.BusinessDocumentInfo: ("document", "BussinessDocumentInfoType"),
    models.ReplacementInfo: ("document", "ReplacementInfoType"),
    models.Business: ("document", "BussinessType"),
    models.TraceHeaderList: ("document", "TraceHeaderListType"),
    models.ManifestReference: ("document", "ManifestReferenceType"),
    models.Attachment: ("document", "AttachmentType"),
    models.StatusHeader: ("status", "StatusMessageHeaderType"),
}


def _schema_children(kind: str, type_name: str) -> set[str]:
    """The element names a complexType of the shipped XSD allows as children."""
    tree = etree.parse(str(schema_path(SCHEMAS[kind])))
    found = tree.find(f"{XS}complexType[@name='{type_name}']")
    assert found is not None, type_name
    return {element.get("name") for element in found.iter(f"{XS}element")}


def _declared(cls: type[BaseModel]) -> set[str]:
    return {slot.xml.name for slot in mapping_of(cls).root.slots()}


@pytest.mark.parametrize("cls", list(TYPES), ids=lambda cls: cls.__name__)
def test_the_schema_and_the_declarations_name_the_same_elements(cls: type[BaseModel]) -> None:
    assert _schema_children(*TYPES[cls]) == _declared(cls)


def test_every_model_declares_each_field_once_and_each_name_once() -> None:
    for cls in TYPES:
        mapping = mapping_of(cls)
        names = [slot.xml.name for slot in mapping.root.slots()]
        assert len(names) == len(set(names)), cls
        declared = {slot.field for slot in mapping.root.slots()}
        assert declared == set(cls.model_fields) - {"extras", "attributes"}, cls


def test_the_writer_emits_the_declaration_order() -> None:
    header = etree.fromstring(write(document())).find(f".//{{{NS}}}MessageHeader")
    assert header is not None
    written = [etree.QName(child).localname for child in header]
    canonical = list(mapping_of(models.DocumentHeader).root.canonical_names)
    assert written == [name for name in canonical if name in written]


def test_package_containers_come_from_the_declarations() -> None:
    root = mapping_of(models.DocumentPackage).root
    assert root.name == "edXML"
    assert root.canonical_names == ("edXMLEnvelope", "AttachmentEncoded")
    envelope = root.children[0]
    assert isinstance(envelope, Container)
    assert envelope.canonical_names == ("edXMLHeader", "edXMLBody")
    header = envelope.children[0]
    assert isinstance(header, Container)
    assert header.canonical_names == ("MessageHeader", "TraceHeaderList", "Signature")
    assert mapping_of(models.DocumentPackage).path_of("attachments") == (
        "edXML", "AttachmentEncoded")


def test_the_streaming_reader_follows_the_declarations() -> None:
    path, texts, content = _layout()
    assert path == ("edXML", "AttachmentEncoded", "Attachment")
    assert content == "ContentTransferEncoded"
    assert texts["ContentId"] == ("content_id", "cid:")
    assert texts["FieldName"] == ("field_name", "")


def _header(*children: str) -> etree._Element:
    inner = "".join(f"<{name}/>" for name in children)
    return etree.fromstring(f"<edXML><edXMLEnvelope><edXMLHeader><MessageHeader>{inner}"
                            "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>".encode())


@pytest.mark.parametrize(("children", "kind"), [
    (("From", "To", "Code", "Subject"), "document"),
    (("From", "ResponseFor", "StatusCode"), "status"),
    (("From", "ResponseFor"), "status"),  # a status package missing its StatusCode
    (("From", "To", "StatusCode"), "document"),  # one each: the document reading wins
    (("From", "ResponseFor", "StaffInfo", "StatusCode", "DocumentId"), "status"),
])
def test_kind_detection_counts_the_declared_names(children: tuple[str, ...], kind: str) -> None:
    assert detect_kind(_header(*children)) == kind


def test_tolerated_spellings_are_declared_with_their_rule() -> None:
    business = mapping_of(models.Business)
    assert business.slot("BusinessDocType").xml.alias_rule("BusinessDocType") == "EDX201"
    assert mapping_of(models.StatusPackage).slot("Status").xml.alias_rule("Status") == "EDX301"


def test_trimmed_fields_are_stripped_by_the_model_too() -> None:
    org = models.Organization(organ_id=" 000.00.05.H99\n", organ_name="  ", email=" a@b.vn ")
    assert (org.organ_id, org.organ_name, org.email) == ("000.00.05.H99", None, "a@b.vn")
    kept = models.Organization(organ_id="X", organ_add=" Số 2 ")
    assert kept.organ_add == "Số 2"
    assert models.StatusHeader(
        sender=org, response_for=models.ResponseFor(organ_id="a", code="1/X"),
        status_code=" 03 ").status_code == "03"
    # Subject is not trimmed by the official parser: kept verbatim.
    assert document(subject=" V/v ").header.subject == " V/v "
    assert date(2025, 3, 12) == document().header.promulgation_info.date
