"""Values read in full and attachments found in one place only, by every reader alike.

lxml's ``.text`` stops at the first comment or processing instruction: a comment inside
``<Subject>`` or inside ``ContentTransferEncoded`` used to truncate the value silently. Values
are now the text of all their text nodes (as the official parser joins them), and anything
inside a value is a finding. Only ``/edXML/AttachmentEncoded/Attachment`` holds attachments:
``read``, ``check``, ``inspect`` and the streaming reader agree on that, and on which
``ContentTransferEncoded`` is the content.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from edoc_support import document

from vn_egov.cli.main import cli
from vn_egov.edoc import read, read_document, write
from vn_egov.edoc.reader import read_tree
from vn_egov.edoc.streaming import stream_attachments
from vn_egov.errors import DocumentInvalid
from vn_egov.validation import Severity, check
from vn_egov.xml import parse

PDF = b"%PDF-1.4\n"  # the attachment of edoc_support.document()
ENCODED = base64.b64encode(PDF).decode()  # "JVBERi0xLjQK"
SUBJECT = "V/v báo cáo tình hình kết nối"


def _base() -> str:
    return write(document()).decode()


def _streamed(data: bytes) -> list[tuple[bytes, list[tuple[str, str]], int]]:
    sinks: dict[int, io.BytesIO] = {}

    def open_sink(index: int) -> io.BytesIO:
        sinks[index] = io.BytesIO()
        return sinks[index]

    found = stream_attachments(io.BytesIO(data), open_sink)
    return [(sinks[r.index].getvalue() if r.index in sinks else b"", r.findings, r.contents)
            for r in found]


def _run(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize("odd", ["<!-- ghi chú -->", "<?x y?>"], ids=["comment", "pi"])
def test_a_comment_inside_a_text_value_does_not_cut_it(odd: str) -> None:
    data = _base().replace(f">{SUBJECT}<", f">V/v báo cáo{odd} tình hình kết nối<").encode()
    package = read_document(data)
    assert package.header.subject == SUBJECT  # the whole value, not "V/v báo cáo"
    [finding] = [i for i in package.issues if i.rule == "EDX118"]
    assert finding.severity is Severity.WARNING
    assert finding.message.startswith("MessageHeader/Subject holds a")
    assert check(data).valid


def test_an_element_inside_a_value_is_reported_and_not_part_of_it() -> None:
    data = _base().replace(f">{SUBJECT}<",
                           ">V/v báo cáo<edXML:b>X</edXML:b> tình hình kết nối<").encode()
    package = read_document(data)
    assert package.header.subject == SUBJECT
    assert [i.message for i in package.issues if i.rule == "EDX118"] == [
        "MessageHeader/Subject holds an element; the value is the text around it, joined as "
        "the official parser reads it"]


def test_a_comment_inside_attachment_content_is_an_error_everywhere(tmp_path: Path) -> None:
    data = _base().replace(f">{ENCODED}<", f">{ENCODED[:4]}<!-- x -->{ENCODED[4:]}<").encode()
    result = read_tree(parse(data))
    assert result.package is not None
    [attachment] = result.package.attachments  # type: ignore[union-attr]
    assert attachment.data == PDF  # read in full
    [finding] = [i for i in result.issues if i.rule == "EDX406"]
    assert finding.severity is Severity.ERROR
    with pytest.raises(DocumentInvalid, match="EDX406"):
        read(data)
    assert not check(data).valid
    [(content, findings, _count)] = _streamed(data)
    assert content == PDF
    assert [rule for rule, _ in findings] == ["EDX406"]
    source = tmp_path / "p.edxml"
    source.write_bytes(data)
    extracted = _run("extract", source, "-d", tmp_path / "out")
    assert extracted.exit_code == 1
    assert "EDX406" in extracted.stderr


@pytest.mark.parametrize("count", [0, 2])
def test_an_attachment_needs_exactly_one_content(count: int, tmp_path: Path) -> None:
    element = (f'<edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/'
               f'QCVN_102_2016">{ENCODED}</edXML:ContentTransferEncoded>')
    second = element.replace(ENCODED, "QUJD")  # "ABC": never read
    data = _base().replace(element, {0: "", 2: element + second}[count]).encode()
    result = read_tree(parse(data))
    findings = [i for i in result.issues if i.rule == "EDX407"]
    assert findings
    assert all(i.severity is Severity.ERROR for i in findings)
    with pytest.raises(DocumentInvalid, match="EDX407"):
        read(data)
    assert "EDX401" not in {i.rule for i in result.issues}  # the attachment exists
    [(content, streamed, contents)] = _streamed(data)
    assert contents == count
    assert [rule for rule, _ in streamed] == ["EDX407"]
    assert content == (PDF if count else b"")  # the first one, as read() takes it
    if count:
        assert result.package is None or not result.package.attachments or (
            result.package.attachments[0].data == PDF)
    source = tmp_path / "p.edxml"
    source.write_bytes(data)
    assert _run("extract", source, "-d", tmp_path / "out").exit_code == 1


HIDING_PLACES = {
    "in-the-header": ("    </edXML:edXMLHeader>",
                      "      <edXML:Attachment><edXML:ContentId>cid:x</edXML:ContentId>"
                      "</edXML:Attachment>\n    </edXML:edXMLHeader>"),
    "second-container": ("</edXML>\n", "<AttachmentEncoded><Attachment><ContentId>cid:x"
                         "</ContentId><ContentTransferEncoded>QUJD</ContentTransferEncoded>"
                         "</Attachment></AttachmentEncoded></edXML>\n"),
    "nested-package": ("  <edXML:edXMLEnvelope", "  <Wrapper><edXML><AttachmentEncoded><Attachment>"
                       "<ContentId>cid:x</ContentId><ContentTransferEncoded>QUJD"
                       "</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>"
                       "</Wrapper>\n  <edXML:edXMLEnvelope"),
    "inside-the-signature": ("    </edXML:edXMLHeader>",
                             '      <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><Object>'
                             "<Attachment><ContentTransferEncoded>QUJD</ContentTransferEncoded>"
                             "</Attachment></Object></Signature>\n    </edXML:edXMLHeader>"),
    "inside-the-manifest": ("<edXML:edXMLManifest version=\"1.0\">",
                            "<edXML:edXMLManifest version=\"1.0\"><edXML:Attachment/>"),
}


@pytest.mark.parametrize("place", sorted(HIDING_PLACES))
def test_attachment_like_elements_elsewhere_are_never_attachments(place: str,
                                                                  tmp_path: Path) -> None:
    old, new = HIDING_PLACES[place]
    base = _base()
    assert base.count(old) == 1
    data = base.replace(old, new).encode()
    result = read_tree(parse(data))
    findings = [i for i in result.issues if i.rule == "EDX408"]
    assert findings
    assert all(i.severity is Severity.ERROR for i in findings)
    if result.package is not None:
        assert [a.data for a in result.package.attachments] == [PDF]  # type: ignore[union-attr]
    assert "EDX408" in check(data).rule_ids()
    with pytest.raises(DocumentInvalid, match="EDX408"):
        read(data)
    assert [content for content, _, _ in _streamed(data)] == [PDF]
    source = tmp_path / "p.edxml"
    source.write_bytes(data)
    assert _run("inspect", source).exit_code != 0
    out = tmp_path / "out"
    assert _run("extract", source, "-d", out).exit_code == 0
    assert [p.read_bytes() for p in out.iterdir()] == [PDF]
