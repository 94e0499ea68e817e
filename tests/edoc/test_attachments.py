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
from vn_egov.edoc.safezip import ZipLimits
from vn_egov.errors import ArchiveError, InputError


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
    with pytest.raises(InputError, match="no such file") as caught:
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


def test_unpack_refuses_traversal_names_and_flattens_folders() -> None:
    archive = _zip({"../../etc/passwd": b"root"})
    with pytest.raises(ArchiveError, match=re.escape("member name '../../etc/passwd': it has a "
                                                     "'..' part")) as caught:
        unpack(attachment_from_bytes(archive, "x.zip"))
    assert caught.value.rule == "EDX409"
    files = unpack(attachment_from_bytes(_zip({"thư mục/Tờ trình.pdf": b"%PDF", "dir/": b""}),
                                         "x.zip"))
    assert [(f.name, f.data, f.size) for f in files] == [("thư mục_Tờ trình.pdf", b"%PDF", 4)]


def test_unpack_limits_against_zip_bombs() -> None:
    bomb = _zip({"zeros.bin": bytes(2_000_000)})
    assert len(bomb) < 5_000
    with pytest.raises(ArchiveError, match="unpacks to 2000000 bytes, above the limit of 1000"):
        unpack(attachment_from_bytes(bomb, "bomb.zip"), limits=ZipLimits(max_member_bytes=1000))
    with pytest.raises(ArchiveError, match="times its packed size, above the limit of 500"):
        unpack(attachment_from_bytes(bomb, "bomb.zip"))
    many = _zip({f"f{i}.txt": b"x" for i in range(20)})
    with pytest.raises(ArchiveError, match="holds 20 entries, above the limit of 10"):
        unpack(attachment_from_bytes(many, "many.zip"), limits=ZipLimits(max_members=10))
    assert len(unpack(attachment_from_bytes(many, "many.zip"),
                      limits=ZipLimits(max_members=20))) == 20


def test_unpack_detects_a_lying_size_header() -> None:
    archive = bytearray(_zip({"a.txt": b"A" * 5000}))
    # Patch the uncompressed size in the central directory (offset 24 of the entry) to 10.
    central = archive.rfind(b"PK\x01\x02")
    archive[central + 24:central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(ArchiveError, match=re.escape("member 'a.txt' unpacks to more than the "
                                                     "10 bytes it declares")):
        unpack(attachment_from_bytes(bytes(archive), "a.zip"))


def test_unpack_refuses_encrypted_members() -> None:
    archive = bytearray(_zip({"secret.txt": "mật".encode()}))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = archive.find(signature)
        archive[start + flag_offset] |= 0x01  # the "encrypted" bit
    with pytest.raises(ArchiveError, match=re.escape("member 'secret.txt' is encrypted")):
        unpack(attachment_from_bytes(bytes(archive), "s.zip"))


def test_unpack_refuses_non_zip_and_damaged_zip() -> None:
    with pytest.raises(ArchiveError, match=re.escape("'a.pdf' is not a ZIP archive")) as caught:
        unpack(attachment_from_bytes(b"%PDF", "a.pdf"))
    assert caught.value.rule == "EDX403"
    with pytest.raises(ArchiveError, match=re.escape("'b.zip': the ZIP archive has no end of "
                                                     "central directory record")):
        unpack(attachment_from_bytes(b"PK\x03\x04 broken", "b.zip"))


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/passwd", "_.._etc_passwd"), ("C:\\x\\Tờ trình.pdf", "C__x_Tờ trình.pdf"),
    ("/abs/path/a.doc", "_abs_path_a.doc"), ("..", "attachment"), ("", "attachment"),
    (".hidden", "hidden"), ("C:evil.txt", "C_evil.txt"), ("  spaced.pdf  ", "spaced.pdf"),
    ("Kế hoạch 4547.pdf", "Kế hoạch 4547.pdf"), ("12/2025/QĐ-UBND.pdf", "12_2025_QĐ-UBND.pdf"),
    ("invoice\u202efdp.exe", "invoice_fdp.exe"), ("a\tb\nc\x85.pdf", "a_b_c_.pdf"),
    ("nul", "_nul"), ("COM1.txt", "_COM1.txt"), ("lpt9 .doc", "_lpt9 .doc"),
    ("báo cáo.pdf. . ", "báo cáo.pdf"), ('a<b>c:"d"|e?f*.txt', "a_b_c__d__e_f_.txt"),
])
def test_safe_file_name(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_safe_file_name_shortens_by_bytes_deterministically() -> None:
    title = ("Quyết định về việc phê duyệt kế hoạch chuyển đổi số của Ủy ban nhân dân tỉnh "
             "giai đoạn 2025-2030 và định hướng đến năm 2035 kèm theo danh mục nhiệm vụ, "
             "phân công cơ quan chủ trì và lộ trình thực hiện chi tiết") + ".pdf"
    assert len(title) == 212
    assert len(title.encode()) > 255
    safe = safe_file_name(title)
    assert len(safe.encode()) <= 255
    assert safe.endswith(".pdf")
    assert "~" in safe
    assert safe == safe_file_name(title)  # the same name every time
    assert safe != safe_file_name(title.replace("2035", "2036"))  # and per name
    assert title.startswith(safe.rsplit("~", 1)[0])
    # NFD: a base letter and its combining marks are never cut apart.
    import unicodedata

    decomposed = unicodedata.normalize("NFD", title)
    cut = safe_file_name(decomposed).rsplit("~", 1)[0]
    assert not unicodedata.combining(decomposed[len(cut)])


def test_unpack_reads_an_extracted_file_from_disk(tmp_path: Path) -> None:
    import io as _io
    import zipfile as _zipfile

    from vn_egov.edoc.attachments import unpack

    buffer = _io.BytesIO()
    with _zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../bao-cao.doc", b"OLE")
    zipped = tmp_path / "bao-cao.doc"
    zipped.write_bytes(buffer.getvalue())
    with pytest.raises(ArchiveError, match=re.escape("it has a '..' part")):
        unpack(zipped)
    zipped.write_bytes(_zip({"bao-cao.doc": b"OLE"}))
    assert [(f.name, f.data) for f in unpack(zipped)] == [("bao-cao.doc", b"OLE")]
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(ArchiveError, match=r"'plain\.pdf' is not a ZIP archive"):
        unpack(plain)
