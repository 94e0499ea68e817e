"""The canonical writer (spec §13.2): exact bytes, prefixes, order, dates, spelling, base64.

The input below is deliberately non-canonical: prefix ``e:`` everywhere, ``edXMLEnvelope``
without its own declaration, MessageHeader in variant B (DocumentId after To, ToPlaces last),
ISO dates and timestamps, the ``Business*`` spelling, ``ContentId`` without ``cid:``, base64 split
over lines, a leading/trailing space in Subject and an EdXML102 extension (``Direction``).
"""

from __future__ import annotations

import base64
from datetime import date, datetime

from edoc_support import document, status, xsd_errors
from lxml import etree

from vn_egov.edoc import DocumentPackage, read, write, write_file

NONCANONICAL = """<?xml version='1.0' encoding='utf-8'?>
<e:edXML xmlns:e="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <e:edXMLEnvelope>
  <e:edXMLHeader>
   <e:MessageHeader>
    <e:From><e:OrganId>000.00.12.H99</e:OrganId><e:OrganName>Sở KH&amp;CN</e:OrganName></e:From>
    <e:To><e:OrganId>000.00.05.H99</e:OrganId></e:To>
    <e:DocumentId>000.00.12.H99,2025/03/12,215/SKHCN-VP</e:DocumentId>
    <e:Code><e:CodeNumber>215</e:CodeNumber><e:CodeNotation>SKHCN-VP</e:CodeNotation></e:Code>
    <e:PromulgationInfo><e:PromulgationDate>2025-03-12</e:PromulgationDate></e:PromulgationInfo>
    <e:DocumentType><e:Type>1</e:Type><e:TypeName>Công văn</e:TypeName></e:DocumentType>
    <e:Subject> V/v báo cáo </e:Subject>
    <e:OtherInfo><e:Priority>1</e:Priority><e:Direction>false</e:Direction></e:OtherInfo>
    <e:SteeringType>1</e:SteeringType>
    <e:ToPlaces><e:Place>Lưu: VT</e:Place></e:ToPlaces>
   </e:MessageHeader>
   <e:TraceHeaderList>
    <e:TraceHeader><e:OrganId>000.00.12.H99</e:OrganId>
     <e:Timestamp>2025-03-12T09:41:05</e:Timestamp></e:TraceHeader>
    <e:Business><e:BusinessDocType>0</e:BusinessDocType>
     <e:BusinessDocReason>Văn bản điện tử mới</e:BusinessDocReason></e:Business>
   </e:TraceHeaderList>
  </e:edXMLHeader>
  <e:edXMLBody><e:edXMLManifest version="1.0"><e:Reference><e:ContentId>abc</e:ContentId>
   <e:ContentType>application/pdf</e:ContentType><e:AttachmentName>a.pdf</e:AttachmentName>
  </e:Reference></e:edXMLManifest></e:edXMLBody>
 </e:edXMLEnvelope>
 <e:AttachmentEncoded><e:Attachment><e:ContentId>abc</e:ContentId><e:AttachmentName>a.pdf</e:AttachmentName><e:ContentType>application/pdf</e:ContentType><e:ContentTransferEncoded>
JVBERi0x
LjQK
</e:ContentTransferEncoded></e:Attachment></e:AttachmentEncoded>
</e:edXML>
"""

CANONICAL = """<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From>
          <edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:OrganName>Sở KH&amp;CN</edXML:OrganName>
        </edXML:From>
        <edXML:To>
          <edXML:OrganId>000.00.05.H99</edXML:OrganId>
        </edXML:To>
        <edXML:Code>
          <edXML:CodeNumber>215</edXML:CodeNumber>
          <edXML:CodeNotation>SKHCN-VP</edXML:CodeNotation>
        </edXML:Code>
        <edXML:PromulgationInfo>
          <edXML:PromulgationDate>2025/03/12</edXML:PromulgationDate>
        </edXML:PromulgationInfo>
        <edXML:DocumentType>
          <edXML:Type>1</edXML:Type>
          <edXML:TypeName>Công văn</edXML:TypeName>
        </edXML:DocumentType>
        <edXML:Subject> V/v báo cáo </edXML:Subject>
        <edXML:ToPlaces>
          <edXML:Place>Lưu: VT</edXML:Place>
        </edXML:ToPlaces>
        <edXML:OtherInfo>
          <edXML:Priority>1</edXML:Priority>
          <edXML:Direction>false</edXML:Direction>
        </edXML:OtherInfo>
        <edXML:SteeringType>1</edXML:SteeringType>
        <edXML:DocumentId>000.00.12.H99,2025/03/12,215/SKHCN-VP</edXML:DocumentId>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList>
        <edXML:TraceHeader>
          <edXML:OrganId>000.00.12.H99</edXML:OrganId>
          <edXML:Timestamp>2025/03/12 09:41:05</edXML:Timestamp>
        </edXML:TraceHeader>
        <edXML:Bussiness>
          <edXML:BussinessDocType>0</edXML:BussinessDocType>
          <edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason>
        </edXML:Bussiness>
      </edXML:TraceHeaderList>
    </edXML:edXMLHeader>
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        <edXML:Reference>
          <edXML:ContentId>cid:abc</edXML:ContentId>
          <edXML:ContentType>application/pdf</edXML:ContentType>
          <edXML:AttachmentName>a.pdf</edXML:AttachmentName>
        </edXML:Reference>
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    <Attachment>
      <ContentId>cid:abc</ContentId>
      <AttachmentName>a.pdf</AttachmentName>
      <ContentType>application/pdf</ContentType>
      <edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">JVBERi0xLjQK</edXML:ContentTransferEncoded>
    </Attachment>
  </AttachmentEncoded>
</edXML>
"""

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def _read_noncanonical() -> DocumentPackage:
    package = read(NONCANONICAL.encode("utf-8"))
    assert isinstance(package, DocumentPackage)
    return package


def test_noncanonical_input_reports_each_deviation() -> None:
    package = _read_noncanonical()
    assert sorted({issue.rule for issue in package.issues}) == [
        "EDX005", "EDX008", "EDX009", "EDX105", "EDX201", "EDX501"]
    messages = [issue.message for issue in package.issues if issue.rule == "EDX105"]
    assert messages == [
        "MessageHeader/PromulgationInfo/PromulgationDate is '2025-03-12'; read as 2025/03/12",
        "TraceHeaderList/TraceHeader/Timestamp is '2025-03-12T09:41:05'; read as "
        "2025/03/12 09:41:05"]


def test_canonical_form_exact_bytes() -> None:
    assert write(_read_noncanonical(), canonical=True) == CANONICAL.encode("utf-8")


def test_the_extension_is_a_typed_value_in_both_forms() -> None:
    # Direction is modelled: the canonical form never drops or changes it (a dropped
    # Direction is read as false by the official parser, which would change a true one).
    package = _read_noncanonical()
    assert package.header.other_info is not None
    assert package.header.other_info.direction is False
    assert write(package).decode("utf-8") == CANONICAL
    flipped = package.model_copy(deep=True)
    assert flipped.header.other_info is not None
    flipped.header.other_info.direction = True
    canonical = write(flipped, canonical=True)
    assert b"<edXML:Direction>true</edXML:Direction>" in canonical
    again = read(canonical)
    assert isinstance(again, DocumentPackage)
    assert again.header.other_info is not None
    assert again.header.other_info.direction is True


def test_declaration_and_namespace_declarations() -> None:
    data = write(document())
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                           b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">\n'
                           b'  <edXML:edXMLEnvelope '
                           b'xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">\n')
    assert data.endswith(b"</edXML>\n")
    assert data.count(b"xmlns:edXML=") == 2  # envelope and ContentTransferEncoded
    assert data.count(b'xmlns="') == 1


def test_prefixes_on_every_element() -> None:
    root = etree.fromstring(write(document()))
    assert root.prefix is None
    envelope = root[0]
    assert all(el.prefix == "edXML" for el in envelope.iter() if isinstance(el.tag, str))
    attachment_encoded = root[1]
    assert attachment_encoded.tag == f"{{{NS}}}AttachmentEncoded"
    prefixes = {etree.QName(el).localname: el.prefix for el in attachment_encoded.iter()}
    assert prefixes == {"AttachmentEncoded": None, "Attachment": None, "ContentId": None,
                        "AttachmentName": None, "Description": None, "ContentType": None,
                        "ContentTransferEncoded": "edXML"}
    transfer = attachment_encoded[0][-1]
    assert transfer.nsmap == {None: NS, "edXML": NS}
    assert b'<edXML:ContentTransferEncoded xmlns:edXML="' in write(document())


def test_variant_a_order_of_all_fourteen_parts() -> None:
    from vn_egov.edoc import DocumentType, OtherInfo, ResponseFor, SignerInfo

    package = document(
        document_type=DocumentType(type=1, type_name="Công văn"), content="Nội dung",
        signer_info=SignerInfo(full_name="Trần Văn Minh"), due_date=date(2025, 3, 31),
        to_places=["Lưu: VT"], other_info=OtherInfo(priority=1),
        response_for=[ResponseFor(organ_id="000.00.00.H99", code="88/UBND-KGVX",
                                  promulgation_date=date(2025, 2, 20))])
    header = etree.fromstring(write(package)).find(f".//{{{NS}}}MessageHeader")
    assert header is not None
    assert [etree.QName(child).localname for child in header] == [
        "From", "To", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content",
        "SignerInfo", "DueDate", "ToPlaces", "OtherInfo", "ResponseFor", "SteeringType",
        "DocumentId"]


def test_dates_and_timestamps() -> None:
    data = write(document(due_date=date(2025, 1, 5)))
    assert b"<edXML:PromulgationDate>2025/03/12</edXML:PromulgationDate>" in data
    assert b"<edXML:DueDate>2025/01/05</edXML:DueDate>" in data
    assert b"<edXML:Timestamp>2025/03/12 09:41:05</edXML:Timestamp>" in data
    status_data = write(status())
    assert b"<edXML:Timestamp>2025/03/12 14:20:33</edXML:Timestamp>" in status_data
    assert b"<edXML:PromulgationDate>2025/03/12</edXML:PromulgationDate>" in status_data
    assert b"-03-" not in data + status_data
    assert b"T09:" not in data


def test_status_order_and_no_body() -> None:
    data = write(status())
    header = etree.fromstring(data).find(f".//{{{NS}}}MessageHeader")
    assert header is not None
    assert [etree.QName(child).localname for child in header] == [
        "From", "ResponseFor", "StatusCode", "Description", "Timestamp"]
    assert b"edXMLBody" not in data
    assert b"AttachmentEncoded" not in data
    assert b"TraceHeaderList" not in data
    assert xsd_errors(data, "status") == []


def test_bussiness_spelling_and_cid_in_both_content_ids() -> None:
    data = write(document())
    assert b"<edXML:Bussiness>" in data
    assert b"Business" not in data
    assert b"<edXML:ContentId>cid:att-1</edXML:ContentId>" in data
    assert b"<ContentId>cid:att-1</ContentId>" in data
    again = read(data)
    assert isinstance(again, DocumentPackage)
    assert again.attachments[0].content_id == "att-1"
    assert again.manifest[0].content_id == "att-1"
    assert not {"EDX401", "EDX402"} & {issue.rule for issue in again.issues}


def test_base64_on_one_line_even_for_large_content() -> None:
    payload = bytes(range(256)) * 400  # 102400 bytes: many 76-column lines in MIME style
    package = document()
    package.attachments[0] = package.attachments[0].model_copy(update={"data": payload})
    data = write(package)
    encoded = base64.b64encode(payload)
    line = next(line for line in data.splitlines() if b"ContentTransferEncoded" in line)
    assert encoded in line
    assert read(data).attachments[0].data == payload  # type: ignore[union-attr]


def test_omits_empty_optional_parts_and_writes_integers() -> None:
    from vn_egov.edoc import OtherInfo

    data = write(document(content=None, to_places=[], other_info=OtherInfo(priority=0,
                                                                           page_amount=0)))
    assert b"Content>" not in data
    assert b"ToPlaces" not in data
    assert b"<edXML:Priority>0</edXML:Priority>" in data
    assert b"<edXML:PageAmount>0</edXML:PageAmount>" in data
    assert b"Appendixes" not in data


def test_writer_is_deterministic_and_write_file(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    first, second = write(document()), write(document())
    assert first == second
    target = write_file(document(), tmp_path / "out.edxml")
    assert target == tmp_path / "out.edxml"
    assert target.read_bytes() == first


def test_document_id_formula_when_not_given() -> None:
    data = write(document())
    assert (b"<edXML:DocumentId>000.00.12.H99,2025/03/12,215/SKHCN-VP</edXML:DocumentId>"
            in data)
    given = write(document(document_id="6f1c2a9e-uuid"))
    assert b"<edXML:DocumentId>6f1c2a9e-uuid</edXML:DocumentId>" in given


def test_canonical_drops_ebxml_attributes_and_lossless_keeps_them() -> None:
    package = document()
    assert package.trace is not None
    package.trace = package.trace.model_copy(update={"attributes": {
        "id": "x1", "version": "1.0", "mustUnderstand": "1",
        "actor": "http://schemas.xmlsoap.org/soap/actor/next"}})
    kept = write(package)
    assert (b'<edXML:TraceHeaderList actor="http://schemas.xmlsoap.org/soap/actor/next" '
            b'id="x1" mustUnderstand="1" version="1.0">') in kept
    assert xsd_errors(kept, "document") == []
    assert b"<edXML:TraceHeaderList>" in write(package, canonical=True)


def test_timestamps_drop_microseconds_only_when_writing() -> None:
    package = status()
    package.header.timestamp = datetime(2025, 3, 12, 14, 20, 33, 999)
    assert b"2025/03/12 14:20:33</edXML:Timestamp>" in write(package)
