"""Bad input through :func:`vn_egov.edoc.read` and :func:`vn_egov.validation.check`.

Every failure is an error of :mod:`vn_egov.errors` whose message says what and where, and
``check`` never raises. (The CLI side is in ``tests/cli/test_edoc_commands.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from edoc_support import NS, document, status
from lxml import etree

from vn_egov.edoc import DocumentPackage, read, read_document, read_status, write
from vn_egov.errors import DocumentInvalid, InputError, MalformedXMLError, VnEgovError
from vn_egov.validation import Severity, check


def _drop(data: bytes, xpath: str) -> bytes:
    tree = etree.fromstring(data)
    found = tree.xpath(xpath, namespaces={"e": NS})
    assert found, xpath
    for element in found:
        element.getparent().remove(element)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _set_text(data: bytes, xpath: str, text: str) -> bytes:
    tree = etree.fromstring(data)
    element = tree.xpath(xpath, namespaces={"e": NS})[0]
    element.text = text
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


DOCUMENT_PARTS = [
    ("//e:MessageHeader/e:From/e:OrganId", "MessageHeader/From/OrganId is missing"),
    ("//e:MessageHeader/e:From", "MessageHeader/From is missing"),
    ("//e:MessageHeader/e:To", "MessageHeader/To is missing"),
    ("//e:Code/e:CodeNumber", "MessageHeader/Code/CodeNumber is missing"),
    ("//e:Code/e:CodeNotation", "MessageHeader/Code/CodeNotation is missing"),
    ("//e:PromulgationInfo/e:PromulgationDate",
     "MessageHeader/PromulgationInfo/PromulgationDate is missing"),
    ("//e:MessageHeader/e:Subject", "MessageHeader/Subject is missing"),
    ("//e:MessageHeader/e:DocumentId", "MessageHeader/DocumentId is missing"),
]
STATUS_PARTS = [
    ("//e:MessageHeader/e:From", "MessageHeader/From is missing"),
    ("//e:ResponseFor/e:OrganId", "MessageHeader/ResponseFor/OrganId is missing"),
    ("//e:ResponseFor/e:Code", "MessageHeader/ResponseFor/Code is missing"),
    ("//e:ResponseFor/e:DocumentId", "MessageHeader/ResponseFor/DocumentId is missing"),
    ("//e:MessageHeader/e:StatusCode", "MessageHeader/StatusCode is missing"),
]


@pytest.mark.parametrize(("xpath", "message"), DOCUMENT_PARTS)
def test_missing_document_part(xpath: str, message: str) -> None:
    data = _drop(write(document()), xpath)
    report = check(data)
    assert report.profile_id == "edxml-document"
    assert [i.message for i in report.issues if i.rule == "EDX101"] == [message]
    assert not report.valid
    with pytest.raises(DocumentInvalid) as caught:
        read(data)
    text = str(caught.value)
    assert f"error EDX101 {message}" in text
    assert caught.value.line is not None
    assert caught.value.xpath
    assert caught.value.report.errors[0].rule == "EDX101"


@pytest.mark.parametrize(("xpath", "message"), STATUS_PARTS)
def test_missing_status_part(xpath: str, message: str) -> None:
    data = _drop(write(status()), xpath)
    report = check(data)
    assert report.profile_id == "edxml-status"
    assert [i.message for i in report.issues if i.rule == "EDX101"] == [message]
    with pytest.raises(DocumentInvalid, match=f"EDX101 {message}"):
        read(data)


def test_missing_steering_type_reads_as_zero_with_a_warning() -> None:
    # The official parser reads a missing SteeringType as 0: so does read(), saying so.
    data = _drop(write(document()), "//e:MessageHeader/e:SteeringType")
    package = read_document(data)
    assert package.header.steering_type == 0
    warning = next(i for i in package.issues if i.rule == "EDX116")
    assert warning.severity is Severity.WARNING
    assert warning.message == ("MessageHeader/SteeringType is missing; read as 0, as the "
                               "official parser does")
    assert "EDX110" not in {i.rule for i in package.issues}  # not reported twice
    report = check(data)
    assert {"XSD001", "EDX116"} <= set(report.rule_ids())  # the schema still requires it
    with pytest.raises(DocumentInvalid, match="EDX116"):
        read(data, strict=True)


def test_empty_required_element_is_missing() -> None:
    data = _set_text(write(document()), "//e:MessageHeader/e:Subject", "")
    with pytest.raises(DocumentInvalid, match="EDX101 MessageHeader/Subject is missing"):
        read(data)


def test_bad_date_is_an_error_and_dmy_a_warning() -> None:
    data = _set_text(write(document()), "//e:PromulgationDate", "2025/13/45")
    report = check(data)
    assert "EDX115" in report.rule_ids()
    assert not report.valid
    issue = next(i for i in report.issues if i.rule == "EDX115")
    assert issue.message == ("MessageHeader/PromulgationInfo/PromulgationDate is not a date: "
                             "'2025/13/45'")
    assert issue.hint == "write the date as yyyy/MM/dd, e.g. 2025/03/12"
    with pytest.raises(DocumentInvalid, match="EDX115"):
        read(data)
    lenient = read(_set_text(write(document()), "//e:PromulgationDate", "12/03/2025"))
    assert isinstance(lenient, DocumentPackage)
    assert lenient.header.promulgation_info.date.isoformat() == "2025-03-12"
    warning = next(i for i in lenient.issues if i.rule == "EDX105")
    assert warning.severity is Severity.WARNING
    assert warning.message.endswith("is '12/03/2025'; read as 2025/03/12")
    with pytest.raises(DocumentInvalid, match="EDX105"):
        read(_set_text(write(document()), "//e:PromulgationDate", "12/03/2025"), strict=True)


def test_bad_timestamps() -> None:
    data = _set_text(write(status()), "//e:MessageHeader/e:Timestamp", "hôm qua")
    with pytest.raises(DocumentInvalid, match="EDX115 MessageHeader/Timestamp is not a "
                                              "timestamp: 'hôm qua'"):
        read(data)
    zoned = _set_text(write(status()), "//e:MessageHeader/e:Timestamp",
                      "2025-03-12T14:20:33+07:00")
    report = check(zoned)
    assert [i.rule for i in report.issues if i.rule.startswith("EDX1")] == ["EDX105"]
    assert "carries a UTC offset" in next(i.message for i in report.issues if i.rule == "EDX105")


def test_bad_integer() -> None:
    data = _set_text(write(document()), "//e:SteeringType", "một")
    with pytest.raises(DocumentInvalid, match="EDX115 MessageHeader/SteeringType is not an "
                                              "integer: 'một'"):
        read(data)


def test_bad_base64() -> None:
    data = _set_text(write(document()), "//e:ContentTransferEncoded", "%%% not base64 %%%")
    report = check(data)
    assert "EDX404" in report.rule_ids()
    assert "EDX401" not in report.rule_ids()  # the payload exists; only its content is bad
    with pytest.raises(DocumentInvalid, match="EDX404 AttachmentEncoded/Attachment/"
                                              "ContentTransferEncoded is not valid base64"):
        read(data)


def test_attachment_without_manifest_entry_and_the_reverse() -> None:
    orphan = read(_drop(write(document()), "//e:edXMLManifest/e:Reference"))
    assert isinstance(orphan, DocumentPackage)
    assert [i.message for i in orphan.issues if i.rule == "EDX401"] == [
        "attachment 'att-1' has no manifest entry"]
    assert orphan.attachments[0].data == b"%PDF-1.4\n"
    missing = read(_drop(write(document()), "//e:AttachmentEncoded"))
    assert [i.message for i in missing.issues if i.rule == "EDX401"] == [
        "manifest entry 'att-1' has no attachment"]
    issue = next(i for i in missing.issues if i.rule == "EDX401")
    assert issue.severity is Severity.WARNING
    assert issue.line is not None


def test_wrong_root() -> None:
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="' + NS.encode() + b'"/>'
    with pytest.raises(DocumentInvalid) as caught:
        read(data)
    assert "EDX003 the root element is <Document>, not <edXML>" in str(caught.value)
    report = check(data)
    assert report.rule_ids() == ["VAL001"]
    assert not report.valid
    explicit = check(data, "edxml-document")
    assert "EDX003" in explicit.rule_ids()


@pytest.mark.parametrize(("xml", "problem"), [
    (b"<edXML xmlns='%s'/>" % NS.encode(), "<edXML> has no <edXMLEnvelope>"),
    (b"<edXML xmlns='%s'><edXMLEnvelope/></edXML>" % NS.encode(),
     "<edXMLEnvelope> has no <edXMLHeader>"),
    (b"<edXML xmlns='%s'><edXMLEnvelope><edXMLHeader/></edXMLEnvelope></edXML>" % NS.encode(),
     "<edXMLHeader> has no <MessageHeader>"),
])
def test_incomplete_structure(xml: bytes, problem: str) -> None:
    with pytest.raises(DocumentInvalid, match=f"EDX003 {problem}"):
        read(xml)
    assert "EDX003" in check(xml).rule_ids()


def test_wrong_namespace_is_tolerated_by_the_reader_and_reported() -> None:
    data = write(document()).replace(NS.encode(), b"urn:example:other")
    package = read(data)
    assert isinstance(package, DocumentPackage)
    assert package == read(write(document()))
    issue = next(i for i in package.issues if i.rule == "EDX004")
    assert issue.severity is Severity.WARNING
    assert issue.message.endswith(
        "element(s) outside the QCVN namespace matched by local name, first <edXML>")
    assert int(issue.message.split()[0]) == sum(1 for _ in etree.fromstring(data).iter())
    assert check(data).rule_ids() == ["VAL001"]
    assert {"EDX004", "XSD001"} <= set(check(data, "edxml-document").rule_ids())


def test_malformed_xml() -> None:
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<edXML>\n  <a>\n</edXML>\n'
    with pytest.raises(MalformedXMLError) as caught:
        read(data)
    assert caught.value.line == 4
    assert "Opening and ending tag mismatch" in str(caught.value)
    report = check(data, "edxml-document")
    assert report.rule_ids() == ["EDX001"]
    assert report.issues[0].line == 4
    assert check(data).rule_ids() == ["XML001"]


def test_zero_byte_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.edxml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="input is empty") as caught:
        read(empty)
    assert caught.value.source == str(empty)
    report = check(empty)
    assert not report.valid
    assert report.issues[0].message.startswith("input is empty")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory") as caught:
        read(tmp_path)
    assert str(tmp_path) in str(caught.value)
    report = check(tmp_path)
    assert not report.valid
    assert "is a directory" in report.issues[0].message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "absent.edxml")


def test_latin1_bytes_declared_utf8(tmp_path: Path) -> None:
    data = write(document(subject="Báo cáo")).replace(
        "Báo cáo".encode(), "Báo cáo".encode("latin-1"))
    path = tmp_path / "latin1.edxml"
    path.write_bytes(data)
    with pytest.raises(MalformedXMLError) as caught:
        read(path)
    error = caught.value
    assert error.source == str(path)
    assert error.line is not None
    assert error.column is not None
    assert "UTF-8" in (error.hint or "")
    report = check(path)
    # Unparseable, but recognisable as edXML from its bytes: the edXML rule id is used.
    assert report.rule_ids() == ["EDX001"]
    assert report.profile_id == "edxml-document"


def test_kind_helpers_refuse_the_other_kind() -> None:
    with pytest.raises(VnEgovError, match="status package, not a document package"):
        read_document(write(status()))
    with pytest.raises(VnEgovError, match="document package, not a status package"):
        read_status(write(document()))


def test_every_failure_is_a_vn_egov_error(tmp_path: Path) -> None:
    for source in (b"", b"<x", b"<edXML/>", tmp_path):
        with pytest.raises(VnEgovError):
            read(source)


def test_response_for_with_only_empty_children_reads_as_no_entry() -> None:
    from vn_egov.edoc import ResponseFor

    with_reply = write(document(response_for=[ResponseFor(
        organ_id="000.00.00.H99", code="88/UBND-KGVX", document_id="x")]))
    tree = etree.fromstring(with_reply)
    reply = tree.find(f".//{{{NS}}}ResponseFor")
    assert reply is not None
    for child in reply:
        child.text = "  "  # the hub writes the children, all empty
    package = read_document(etree.tostring(tree))
    assert package.header.response_for == []
    assert [i.message for i in package.issues if i.rule == "EDX113"] == [
        "empty <ResponseFor> ignored"]
    assert "EDX101" not in {i.rule for i in package.issues}
