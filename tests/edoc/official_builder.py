"""An independent emulation of what the official EdXML102 builder writes.

Written for these tests from the documented behaviour of the official library (element order
of each ``accumulate`` method, its extensions, its compression rule), with lxml directly: it
shares no code with :mod:`vn_egov.edoc.writer`, so that the reader and the validator are
tested against output they did not produce. What it reproduces:

* ``MessageHeader`` in the EdXML102 order: From, To+, DocumentId, Code, PromulgationInfo,
  DocumentType (Type, TypeDetail, TypeName), Subject, Content, SignerInfo, DueDate, OtherInfo
  (..., PageAmount, ReplyFors, Direction, ReferenceCodes, Appendixes), ResponseFor* (OrganId,
  Code, DocumentId, PromulgationDate), SteeringType, ResponseForTask, ApplicationType,
  ToPlaces;
* ``TraceHeaderList`` with ``Bussiness`` **before** the TraceHeader entries, then the
  builder's ``Paper`` extension (or, with ``samples_order=True``, the samples' order:
  TraceHeaders first);
* ``Bussiness`` in EdXML102 order, repeated ``BussinessDocumentInfo`` and ``StaffInfo``;
  revoke and replace packages without ``Bussiness/DocumentId``, as the official example code
  writes them;
* ``StaffInfo`` as Department, DepartmentId, Staff, StaffId, Email, Mobile;
* attachments compressed by the builder's rule: every file but pdf, doc, docx, "xsl", "xslx"
  and zip is zipped (one member ``<uuid>.<ext>``) and declared ``application/zip`` under its
  own name; the others keep their own MIME type;
* no element for an empty string; integers and booleans always written;
* the status package in ``MessageStatus`` order.

Fictional data only (province code H99 does not exist).
"""

from __future__ import annotations

import base64
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

__all__ = ["FIXTURES", "OfficialFile", "document_package", "files", "status_package"]

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
E = f"{{{NS}}}"
#: The builder's own content types for the files it sends as they are: "application/" and
#: the extension, as running the official jar shows (not the registered MIME types).
OWN_TYPES = {"pdf": "application/pdf", "doc": "application/doc", "docx": "application/docx",
             "zip": "application/zip", "xsl": "application/xsl", "xslx": "application/xslx"}
AGENCY = {"OrganId": "000.00.31.H99", "OrganizationInCharge": "Ủy ban nhân dân tỉnh Mẫu",
          "OrganName": "Sở Thông tin và Truyền thông tỉnh Mẫu",
          "OrganAdd": "Số 8 đường Nguyễn Trãi, phường Trung Tâm, tỉnh Mẫu",
          "Email": "vanthu.stttt@mau.gov.vn", "Telephone": "0299 3811 222"}
RECIPIENTS = [
    {"OrganId": "000.00.05.H99", "OrganizationInCharge": "Ủy ban nhân dân tỉnh Mẫu",
     "OrganName": "Sở Nội vụ tỉnh Mẫu"},
    {"OrganId": "000.00.07.H99", "OrganizationInCharge": "Ủy ban nhân dân tỉnh Mẫu",
     "OrganName": "Sở Tài chính tỉnh Mẫu"},
]
ORGANIZATION_ORDER = ("OrganId", "OrganizationInCharge", "OrganName", "OrganAdd", "Email",
                      "Telephone", "Fax", "Website")
STAFF = [{"Department": "Văn phòng Sở", "DepartmentId": "VP-STTTT", "Staff": "Nguyễn Văn Bình",
          "StaffId": "CB-0107", "Email": "nvbinh@mau.gov.vn", "Mobile": "0912345678"},
         {"Department": "Phòng Bưu chính, Viễn thông", "Staff": "Lê Thu Trang",
          "Mobile": "0913000222"}]
STAFF_ORDER = ("Department", "DepartmentId", "Staff", "StaffId", "Email", "Mobile")
DOCUMENT_ID = "000.00.31.H99,2025/03/12,152/STTTT-BCVT"
REASONS = {0: "Văn bản điện tử mới", 1: "Thu hồi văn bản điện tử",
           2: "Cập nhật văn bản điện tử", 3: "Thay thế văn bản điện tử"}


@dataclass(frozen=True)
class OfficialFile:
    """A file handed to the builder: what the receiving application must get back."""

    name: str
    data: bytes
    description: str = ""

    @property
    def extension(self) -> str:
        return self.name.rsplit(".", 1)[-1] if "." in self.name else ""

    @property
    def compressed(self) -> bool:
        """The builder's rule (its own spelling of the list, so .xls/.xlsx are zipped)."""
        return self.extension.lower() not in {"pdf", "doc", "docx", "xsl", "xslx", "zip"}

    def transfer(self) -> tuple[str, bytes]:
        """Content type and bytes as the builder sends them."""
        if not self.compressed:
            return OWN_TYPES[self.extension.lower()], self.data
        buffer = io.BytesIO()
        member = f"{uuid.uuid5(uuid.NAMESPACE_URL, self.name)}.{self.extension or 'unk'}"
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(zipfile.ZipInfo(member, date_time=(2025, 3, 12, 0, 0, 0)),
                             self.data, compress_type=zipfile.ZIP_DEFLATED)
        return "application/zip", buffer.getvalue()


@dataclass
class _Tree:
    root: etree._Element = field(default_factory=lambda: etree.Element(
        f"{E}edXML", nsmap={None: NS}))

    @staticmethod
    def add(parent: etree._Element, name: str, text: object = None,
            nsmap: dict[str | None, str] | None = None) -> etree._Element | None:
        """EdXML102's ``accumulate``: no element for a null or empty string."""
        if text is not None and str(text) == "":
            return None
        child = etree.SubElement(parent, E + name, nsmap=nsmap)
        if text is not None:
            child.text = str(text).lower() if isinstance(text, bool) else str(text)
        return child

    def bytes(self) -> bytes:
        etree.indent(self.root, space="  ")
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _organization(tree: _Tree, parent: etree._Element, name: str, org: dict[str, str]) -> None:
    element = tree.add(parent, name)
    assert element is not None
    for key in ORGANIZATION_ORDER:
        if key in org:
            tree.add(element, key, org[key])


def _staff(tree: _Tree, parent: etree._Element, staff: dict[str, str]) -> None:
    element = tree.add(parent, "StaffInfo")
    assert element is not None
    for key in STAFF_ORDER:
        if key in staff:
            tree.add(element, key, staff[key])


def _envelope(tree: _Tree) -> tuple[etree._Element, etree._Element]:
    envelope = etree.SubElement(tree.root, E + "edXMLEnvelope", nsmap={"edXML": NS})
    header = etree.SubElement(envelope, E + "edXMLHeader")
    return envelope, header


def _message_header(tree: _Tree, header: etree._Element, *, extensions: bool) -> None:
    message = tree.add(header, "MessageHeader")
    assert message is not None
    _organization(tree, message, "From", AGENCY)
    for recipient in RECIPIENTS:
        _organization(tree, message, "To", recipient)
    tree.add(message, "DocumentId", DOCUMENT_ID)
    code = tree.add(message, "Code")
    assert code is not None
    tree.add(code, "CodeNumber", "152")
    tree.add(code, "CodeNotation", "STTTT-BCVT")
    info = tree.add(message, "PromulgationInfo")
    assert info is not None
    tree.add(info, "Place", "Tỉnh Mẫu")
    tree.add(info, "PromulgationDate", "2025/03/12")
    kind = tree.add(message, "DocumentType")
    assert kind is not None
    tree.add(kind, "Type", 1)
    tree.add(kind, "TypeDetail", 0)
    tree.add(kind, "TypeName", "Công văn")
    tree.add(message, "Subject", "V/v triển khai kết nối, liên thông văn bản điện tử năm 2025")
    tree.add(message, "Content", "")  # empty: not written
    signer = tree.add(message, "SignerInfo")
    assert signer is not None
    tree.add(signer, "Competence", "KT. GIÁM ĐỐC")
    tree.add(signer, "Position", "Phó Giám đốc")
    tree.add(signer, "FullName", "Phạm Thị Hồng Nhung")
    tree.add(message, "DueDate", "2025/03/31")
    _other_info(tree, message, extensions=extensions)
    response = tree.add(message, "ResponseFor")
    assert response is not None
    tree.add(response, "OrganId", "000.00.00.H99")
    tree.add(response, "Code", "88/UBND-KGVX")
    tree.add(response, "DocumentId", "000.00.00.H99,2025/02/20,88/UBND-KGVX")
    tree.add(response, "PromulgationDate", "2025/02/20")
    tree.add(message, "SteeringType", 1)
    if extensions:
        task = tree.add(message, "ResponseForTask")
        assert task is not None
        tree.add(task, "TaskCode", "NV-2025-0042")
        tree.add(message, "ApplicationType", "QLVB")
    places = tree.add(message, "ToPlaces")
    assert places is not None
    for place in ("Như trên", "Lưu: VT, BCVT"):
        tree.add(places, "Place", place)


def _other_info(tree: _Tree, message: etree._Element, *, extensions: bool) -> None:
    other = tree.add(message, "OtherInfo")
    assert other is not None
    for name, value in (("Priority", 1), ("SphereOfPromulgation", "Lưu hành nội bộ"),
                        ("TyperNotation", "PTHN"), ("PromulgationAmount", 3),
                        ("PageAmount", 2)):
        tree.add(other, name, value)
    if extensions:
        tree.add(other, "ReplyFors", "88/UBND-KGVX")
    tree.add(other, "Direction", True)
    if extensions:
        tree.add(other, "ReferenceCodes", "NV-2025-0042")
    appendixes = tree.add(other, "Appendixes")
    assert appendixes is not None
    tree.add(appendixes, "Appendix", "Phụ lục: Danh sách hệ thống cần kết nối")


def _business(tree: _Tree, parent: etree._Element, doc_type: int) -> None:
    business = tree.add(parent, "Bussiness")
    assert business is not None
    if doc_type in (0, 2):  # revoke and replace packages carry none (official example code)
        tree.add(business, "DocumentId", DOCUMENT_ID)
    tree.add(business, "BussinessDocType", doc_type)
    tree.add(business, "BussinessDocReason", REASONS[doc_type])
    tree.add(business, "Paper", 0)
    if doc_type == 2:
        for metadata, receivers in ((1, [("000.00.09.H99", 1), ("000.00.07.H99", 0)]),
                                    (0, [("000.00.11.H99", 1)])):
            info = tree.add(business, "BussinessDocumentInfo")
            assert info is not None
            tree.add(info, "DocumentInfo", metadata)
            tree.add(info, "DocumentReceiver", 1)
            listing = tree.add(info, "ReceiverList")
            assert listing is not None
            for organ_id, receiver_type in receivers:
                receiver = tree.add(listing, "Receiver")
                assert receiver is not None
                tree.add(receiver, "OrganId", organ_id)
                tree.add(receiver, "ReceiverType", receiver_type)
    if doc_type == 3:
        listing = tree.add(business, "ReplacementInfoList")
        assert listing is not None
        replacement = tree.add(listing, "ReplacementInfo")
        assert replacement is not None
        tree.add(replacement, "DocumentId", "000.00.31.H99,2025/03/05,140/STTTT-BCVT")
        organs = tree.add(replacement, "OrganIdList")
        assert organs is not None
        for recipient in RECIPIENTS:
            tree.add(organs, "OrganId", recipient["OrganId"])
    for staff in STAFF:
        _staff(tree, business, staff)


def _trace(tree: _Tree, header: etree._Element, doc_type: int, samples_order: bool) -> None:
    trace = tree.add(header, "TraceHeaderList")
    assert trace is not None
    if not samples_order:
        _business(tree, trace, doc_type)
    hop = tree.add(trace, "TraceHeader")
    assert hop is not None
    tree.add(hop, "OrganId", AGENCY["OrganId"])
    tree.add(hop, "Timestamp", "2025/03/12 00:00:00")
    if samples_order:
        _business(tree, trace, doc_type)
    else:
        tree.add(trace, "Paper", 0)  # the builder's extension, when the caller sets it


def _signature_placeholder(tree: _Tree, header: etree._Element) -> None:
    # As EdXML102 writes it: unprefixed, in the QCVN namespace (not XML-DSig).
    signature = etree.SubElement(header, E + "Signature", nsmap={None: NS})
    signed = etree.SubElement(signature, E + "SignedInfo")
    etree.SubElement(signed, E + "CanonicalizationMethod",
                     Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
    etree.SubElement(signature, E + "SignatureValue").text = "AAAA"


def document_package(doc_type: int, files: list[OfficialFile], *, samples_order: bool = False,
                     extensions: bool = True, signature: bool = True) -> bytes:
    """A document package of *doc_type* (0-3) with *files*, as the builder writes it."""
    tree = _Tree()
    envelope, header = _envelope(tree)
    _message_header(tree, header, extensions=extensions)
    _trace(tree, header, doc_type, samples_order)
    if signature:
        _signature_placeholder(tree, header)
    if files:
        body = etree.SubElement(envelope, E + "edXMLBody")
        manifest = etree.SubElement(body, E + "edXMLManifest", version="1.0")
        encoded = etree.SubElement(tree.root, E + "AttachmentEncoded")
        for index, file in enumerate(files, start=1):
            content_type, data = file.transfer()
            reference = tree.add(manifest, "Reference")
            assert reference is not None
            for name, value in (("ContentId", f"cid:{index}"), ("ContentType", content_type),
                                ("Description", file.description or file.name),
                                ("AttachmentName", file.name)):
                tree.add(reference, name, value)
            attachment = etree.SubElement(encoded, E + "Attachment")
            for name, value in (("ContentId", f"cid:{index}"), ("AttachmentName", file.name),
                                ("Description", file.description or file.name),
                                ("FieldName", "VanBanChinh" if index == 1 else ""),
                                ("ContentType", content_type)):
                tree.add(attachment, name, value)
            tree.add(attachment, "ContentTransferEncoded", base64.b64encode(data).decode(),
                     nsmap={"edXML": NS})
    return tree.bytes()


def status_package(code: str, *, padded: bool = False) -> bytes:
    """A status package with *code*, in ``MessageStatus`` order (``padded``: as real hub
    files carry them, Organization fields and StatusCode with surrounding spaces)."""
    tree = _Tree()
    _, header = _envelope(tree)
    message = tree.add(header, "MessageHeader")
    assert message is not None
    sender: dict[str, Any] = dict(RECIPIENTS[0])
    if padded:
        sender = {key: f" {value} " for key, value in sender.items()}
    _organization(tree, message, "From", sender)
    response = tree.add(message, "ResponseFor")
    assert response is not None
    tree.add(response, "OrganId", AGENCY["OrganId"])
    tree.add(response, "Code", "152/STTTT-BCVT")
    tree.add(response, "DocumentId", DOCUMENT_ID)
    tree.add(response, "PromulgationDate", "2025/03/12")
    _staff(tree, message, STAFF[0])
    tree.add(message, "StatusCode", f" {code} " if padded else code)
    tree.add(message, "Description", "Văn thư: đã xử lý gói tin")
    tree.add(message, "Timestamp", "2025/03/12 14:20:33")
    return tree.bytes()


def _container(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 3, 12, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def files() -> dict[str, OfficialFile]:
    """Files of every kind: sent as they are (pdf, doc, docx, zip) and compressed (txt, xlsx).
    The docx and xlsx are ZIP containers by format; the zip is an archive."""
    ooxml = {"[Content_Types].xml": b'<?xml version="1.0"?><Types/>'}
    return {
        "pdf": OfficialFile("152-STTTT-BCVT_signed.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n",
                            "Văn bản chính (đã ký số)"),
        "doc": OfficialFile("Báo cáo.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 OLE", "Báo cáo"),
        "docx": OfficialFile("Phụ lục 1.docx", _container(
            {**ooxml, "word/document.xml": "<w:document>Phụ lục</w:document>".encode()})),
        "zip": OfficialFile("Hồ sơ kèm theo.zip", _container({"a.txt": b"1", "b.txt": b"2"})),
        "txt": OfficialFile("ghi-chu.txt", "Ghi chú: gửi kèm bản giấy\n".encode()),
        "xlsx": OfficialFile("Bảng tổng hợp.xlsx", _container(
            {**ooxml, "xl/workbook.xml": b"<workbook/>"})),
    }


def _fixtures() -> dict[str, bytes]:
    every = files()
    pdf, doc, docx, archive, txt, xlsx = (every[k] for k in ("pdf", "doc", "docx", "zip", "txt",
                                                             "xlsx"))
    return {
        "official/new_builder_order.edxml": document_package(0, [pdf, docx, txt, xlsx]),
        "official/revoke_builder_order.edxml": document_package(1, [pdf]),
        "official/update_builder_order.edxml": document_package(2, [pdf]),
        "official/replace_builder_order.edxml": document_package(3, [pdf, txt]),
        "official/new_samples_order.edxml": document_package(
            0, [doc, archive], samples_order=True, extensions=False, signature=False),
        "official/status_padded.edxml": status_package("03", padded=True),
    }


FIXTURES = _fixtures()
"""Fixture files of ``tests/data/edxml/official`` (path -> bytes), generated by this module."""


if __name__ == "__main__":  # regenerate the fixture files
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / "edxml"
    for relative, data in FIXTURES.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
        print(relative, len(data))
