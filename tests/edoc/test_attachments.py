"""Attachments: creation, content-type guessing, sniffing, unpacking with limits, safe names."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from edoc_support import document

from vn_egov.edoc import read, write
from vn_egov.edoc.attachments import (
    add_attachment,
    attachment_from_bytes,
    attachment_from_file,
    content_kind,
    guess_content_type,
    safe_file_name,
    unpack,
)
from vn_egov.errors import InputError, UnsafeXMLError


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "expected"), [
    ("Kế hoạch.pdf", "application/pdf"),
    ("a.DOC", "application/msword"),
    ("b.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("c.xls", "application/vnd.ms-excel"),
    ("d.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("e.zip", "application/zip"),
    ("f.edxml", "application/xml"),
    ("g.png", "image/png"),
    ("h.txt", "text/plain"),
    ("không-đuôi", "application/octet-stream"),
    ("x.unknownext", "application/octet-stream"),
])
def test_guess_content_type(name: str, expected: str) -> None:
    assert guess_content_type(name) == expected


def test_attachment_from_bytes_and_file(tmp_path: Path) -> None:
    attachment = attachment_from_bytes(b"%PDF-1.4\n", "Tờ trình.pdf")
    assert len(attachment.content_id) == 36
    assert attachment.content_id.count("-") == 4
    assert (attachment.name, attachment.description, attachment.content_type) == (
        "Tờ trình.pdf", "Tờ trình.pdf", "application/pdf")
    assert attachment.size == 9
    other = attachment_from_bytes(b"x", "a.bin", content_type="application/x-custom",
                                  description="", content_id="7")
    assert (other.content_id, other.content_type, other.description) == (
        "7", "application/x-custom", "")
    file = tmp_path / "Báo cáo.docx"
    file.write_bytes(b"PK\x03\x04rest")
    from_file = attachment_from_file(file)
    assert from_file.name == "Báo cáo.docx"
    assert from_file.data == b"PK\x03\x04rest"
    with pytest.raises(InputError, match="cannot read attachment") as caught:
        attachment_from_file(tmp_path / "absent.pdf")
    assert caught.value.source == str(tmp_path / "absent.pdf")


def test_add_attachment_keeps_manifest_in_sync() -> None:
    package = add_attachment(document(), attachment_from_bytes(b"data", "b.txt",
                                                               content_id="att-2"))
    assert [r.content_id for r in package.manifest] == ["att-1", "att-2"]
    assert [a.content_id for a in package.attachments] == ["att-1", "att-2"]
    assert package.manifest[1].content_type == "text/plain"
    assert len(document().attachments) == 1  # the original is not changed
    with pytest.raises(ValueError, match="ContentId 'att-1' is already used"):
        add_attachment(document(), attachment_from_bytes(b"", "x", content_id="att-1"))
    again = read(write(package))
    assert again == package
    assert "EDX401" not in {issue.rule for issue in again.issues}


@pytest.mark.parametrize(("data", "kind"), [
    (b"%PDF-1.7 ...", "pdf"), (b"PK\x03\x04...", "zip"), (b"PK\x05\x06" + bytes(18), "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", "ole"), (b"\x89PNG\r\n\x1a\n..", "png"),
    (b"\xff\xd8\xff\xe0", "jpeg"), (b"<?xml version='1.0'?>", "xml"), (b"", "unknown"),
    (b"plain text", "unknown"),
])
def test_content_kind_sniffs_bytes_not_names(data: bytes, kind: str) -> None:
    assert content_kind(attachment_from_bytes(data, "misleading.pdf")) == kind


def test_zip_behind_doc_is_reported_and_unpacked() -> None:
    archive = _zip({"1896_QD-TTg.doc": b"\xd0\xcf\x11\xe0 OLE body"})
    package = document()
    package.attachments[0] = package.attachments[0].model_copy(update={
        "name": "1896_QD-TTg.doc", "content_type": "application/doc", "data": archive})
    package.manifest[0] = package.manifest[0].model_copy(update={
        "name": "1896_QD-TTg.doc", "content_type": "application/doc"})
    again = read(write(package))
    by_rule = {issue.rule: issue for issue in again.issues}
    assert by_rule["EDX403"].message == ("attachment '1896_QD-TTg.doc' is a ZIP archive "
                                         "although declared as 'application/doc'")
    assert by_rule["EDX405"].message == "non-standard MIME type 'application/doc'"
    files = unpack(again.attachments[0])  # type: ignore[union-attr]
    assert [(f.name, f.data) for f in files] == [("1896_QD-TTg.doc",
                                                  b"\xd0\xcf\x11\xe0 OLE body")]


def test_a_declared_zip_is_not_reported() -> None:
    package = document()
    package.attachments[0] = package.attachments[0].model_copy(update={
        "name": "ho-so.zip", "content_type": "application/zip", "data": _zip({"a": b"1"})})
    assert "EDX403" not in {issue.rule for issue in read(write(package)).issues}


def test_unpack_makes_traversal_names_safe() -> None:
    archive = _zip({"../../etc/passwd": b"root", "C:\\Windows\\evil.dll": b"MZ",
                    "thư mục/Tờ trình.pdf": b"%PDF", "..": b"dots", "dir/": b""})
    files = unpack(attachment_from_bytes(archive, "x.zip"))
    assert [f.name for f in files] == ["passwd", "evil.dll", "Tờ trình.pdf", "attachment"]
    assert all("/" not in f.name and "\\" not in f.name and ".." not in f.name for f in files)


def test_unpack_limits_against_zip_bombs() -> None:
    bomb = _zip({"zeros.bin": bytes(1_000_000)})
    assert len(bomb) < 5_000
    with pytest.raises(UnsafeXMLError, match="unpacks to 1000000 bytes, above 1000"):
        unpack(attachment_from_bytes(bomb, "bomb.zip"), max_bytes=1000)
    many = _zip({f"f{i}.txt": b"x" for i in range(20)})
    with pytest.raises(UnsafeXMLError, match="holds 20 files, above 10"):
        unpack(attachment_from_bytes(many, "many.zip"), max_files=10)
    assert len(unpack(attachment_from_bytes(many, "many.zip"), max_files=20)) == 20


def test_unpack_detects_a_lying_size_header() -> None:
    archive = bytearray(_zip({"a.txt": b"A" * 5000}))
    # Patch the uncompressed size in the central directory (offset 24 of the entry) to 10.
    central = archive.rfind(b"PK\x01\x02")
    archive[central + 24:central + 28] = (10).to_bytes(4, "little")
    # zipfile reads only the declared 10 bytes, so the CRC check fails: a clear InputError.
    expected = re.escape("ZIP member 'a.txt' cannot be unpacked: Bad CRC-32")
    with pytest.raises(InputError, match=expected):
        unpack(attachment_from_bytes(bytes(archive), "a.zip"), max_bytes=100)


def test_unpack_refuses_encrypted_members() -> None:
    archive = bytearray(_zip({"secret.txt": "mật".encode()}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = archive.find(signature)
        archive[start + flag_offset] |= 0x01  # the "encrypted" bit
    with pytest.raises(InputError, match=re.escape("ZIP member 'secret.txt' cannot be unpacked")):
        unpack(attachment_from_bytes(bytes(archive), "s.zip"))


def test_unpack_refuses_non_zip_and_damaged_zip() -> None:
    with pytest.raises(InputError, match=re.escape("'a.pdf' is not a ZIP archive")):
        unpack(attachment_from_bytes(b"%PDF", "a.pdf"))
    with pytest.raises(InputError, match=re.escape("'b.zip' is a damaged ZIP")):
        unpack(attachment_from_bytes(b"PK\x03\x04 broken", "b.zip"))


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/passwd", "passwd"), ("C:\\x\\Tờ trình.pdf", "Tờ trình.pdf"),
    ("/abs/path/a.doc", "a.doc"), ("..", "attachment"), ("", "attachment"),
    (".hidden", "hidden"), ("C:evil.txt", "evil.txt"), ("  spaced.pdf  ", "spaced.pdf"),
    ("Kế hoạch 4547.pdf", "Kế hoạch 4547.pdf"),
])
def test_safe_file_name(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_unpack_reads_an_extracted_file_from_disk(tmp_path: Path) -> None:
    import io as _io
    import zipfile as _zipfile

    from vn_egov.edoc.attachments import unpack

    buffer = _io.BytesIO()
    with _zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../bao-cao.doc", b"OLE")
    zipped = tmp_path / "bao-cao.doc"
    zipped.write_bytes(buffer.getvalue())
    assert [(f.name, f.data) for f in unpack(zipped)] == [("bao-cao.doc", b"OLE")]
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputError, match=r"'plain\.pdf' is not a ZIP archive"):
        unpack(plain)
