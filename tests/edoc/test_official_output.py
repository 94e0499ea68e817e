"""Everything the official EdXML102 builder writes validates, reads and is handed over as the
official parser hands it over (issue 10).

The packages come from :mod:`official_builder`, an emulation written for these tests that
shares no code with the library's writer; the expected file of each attachment is the file
given to that emulation (not something the library computed). The official samples are
checked as well when ``../shared/samples/vpcp`` is there.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from edoc_support import DATA, SAMPLES, xsd_errors
from official_builder import FIXTURES, OfficialFile, document_package, files, status_package

from vn_egov.cli.main import cli
from vn_egov.edoc import (
    BusinessDocType,
    DocumentPackage,
    StatusCode,
    StatusPackage,
    read,
    read_document,
    read_status,
    write,
)
from vn_egov.edoc.attachments import add_attachment, attachment_from_bytes, compress_attachment
from vn_egov.validation import Severity, check

FILES = files()
EVERY_FILE = list(FILES.values())


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(*args: str | Path) -> Result:
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def _official_read(transfer: bytes, content_type: str, name: str) -> bytes:
    """What the official parser hands over, written from its documented behaviour with the
    standard library only: unzip the first member when ContentType is exactly
    application/zip and the name's extension is not zip."""
    if content_type == "application/zip" and name.rsplit(".", 1)[-1] != "zip":
        with zipfile.ZipFile(io.BytesIO(transfer)) as archive:
            return archive.read(archive.infolist()[0])
    return transfer


def test_fixture_files_are_the_emulation_output() -> None:
    for relative, data in FIXTURES.items():
        assert (DATA / relative).read_bytes() == data, f"regenerate {relative}"


def test_the_emulation_compresses_as_the_builder_does() -> None:
    expected = {"pdf": False, "doc": False, "docx": False, "zip": False, "txt": True,
                "xlsx": True}
    assert {key: file.compressed for key, file in FILES.items()} == expected


# -- documents: every business type, both TraceHeaderList orders, every kind of file --------


@pytest.mark.parametrize("samples_order", [False, True], ids=["builder-order", "samples-order"])
@pytest.mark.parametrize("doc_type", list(BusinessDocType), ids=lambda t: t.name.lower())
def test_every_business_type_validates_without_error(doc_type: BusinessDocType,
                                                     samples_order: bool) -> None:
    data = document_package(doc_type.value, EVERY_FILE, samples_order=samples_order)
    report = check(data, "edxml-document")
    assert report.valid
    assert [i.rule for i in report.issues if i.severity is Severity.ERROR] == []
    assert not {"XSD001", "EDX007", "EDX403"} & set(report.rule_ids())
    package = read_document(data)
    assert package.business is not None
    assert package.business.doc_type is doc_type
    assert len(package.business.staff_infos) == 2
    assert package.business.staff_infos[0].department_id == "VP-STTTT"
    assert len(package.business.document_infos) == (2 if doc_type is BusinessDocType.UPDATE
                                                    else 0)
    assert package.trace is not None
    assert package.trace.paper == (None if samples_order else 0)
    assert package.header.other_info is not None
    assert package.header.other_info.direction is True
    # write(read(x)) never changes a modelled value, canonical or not.
    assert read(write(package)) == package
    assert read(write(package, canonical=True)) == package


@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_attachment_is_the_file_the_official_parser_hands_over(kind: str) -> None:
    file = FILES[kind]
    package = read_document(document_package(0, [file]))
    [attachment] = package.attachments
    content_type, transfer = file.transfer()
    assert attachment.name == file.name
    assert attachment.content_type == content_type
    assert attachment.compressed is file.compressed
    assert attachment.data == file.data == _official_read(transfer, content_type, file.name)
    assert (attachment.size, attachment.sha256) == (len(file.data), _sha(file.data))
    assert attachment.transfer_data == transfer
    assert (attachment.encoded_size, attachment.encoded_sha256) == (len(transfer), _sha(transfer))
    assert base64.b64encode(transfer) in write(package)  # transfer bytes kept for round trips


def test_revoke_and_replace_without_document_id_are_information_only() -> None:
    revoke = read_document(document_package(1, []))
    [finding] = [i for i in revoke.issues if i.rule == "EDX205"]
    assert finding.severity is Severity.INFO
    assert finding.message == (
        "BussinessDocType 1 (Thu hồi văn bản điện tử) without Bussiness/DocumentId, as the "
        "official library writes it; target document: 000.00.00.H99,2025/02/20,88/UBND-KGVX "
        "(ResponseFor/DocumentId)")
    replace = read_document(document_package(3, []))
    [finding] = [i for i in replace.issues if i.rule == "EDX205"]
    assert finding.severity is Severity.INFO
    assert finding.message.endswith(
        "target document: 000.00.31.H99,2025/03/05,140/STTTT-BCVT (ReplacementInfo/DocumentId)")


def test_update_without_document_id_is_still_a_warning() -> None:
    data = document_package(2, []).replace(
        b"<edXML:DocumentId>000.00.31.H99,2025/03/12,152/STTTT-BCVT</edXML:DocumentId>\n"
        b"          <edXML:BussinessDocType>", b"<edXML:BussinessDocType>")
    package = read_document(data)
    [finding] = [i for i in package.issues if i.rule == "EDX205"]
    assert finding.severity is Severity.WARNING
    assert "update package (type 2) without Bussiness/DocumentId" in finding.message


# -- status packages: every code, padded as real hub files are ----------------------------


@pytest.mark.parametrize("padded", [False, True], ids=["plain", "padded"])
@pytest.mark.parametrize("code", list(StatusCode), ids=lambda c: c.value)
def test_every_status_code_validates_and_reads(code: StatusCode, padded: bool) -> None:
    data = status_package(code.value, padded=padded)
    report = check(data, "edxml-status")
    assert report.valid
    assert [i.rule for i in report.issues if i.severity is not Severity.INFO] == []
    package = read_status(data)
    assert package.header.status is code
    assert package.header.sender.organ_id == "000.00.05.H99"
    assert package.header.sender.organ_name == "Sở Nội vụ tỉnh Mẫu"
    trimmed = [i for i in package.issues if i.rule == "EDX117"]
    assert bool(trimmed) is padded
    if padded:
        assert all(i.severity is Severity.INFO for i in trimmed)
        assert (f"MessageHeader/StatusCode ' {code.value} ' has surrounding white space; read "
                f"as '{code.value}', as the official parser does") in [i.message for i in trimmed]
    assert read(write(package)) == package


# -- the command line on official output -------------------------------------------------


def test_validate_inspect_and_extract_official_output(tmp_path: Path) -> None:
    path = DATA / "official" / "new_builder_order.edxml"
    assert _run("validate", path).exit_code == 0
    inspected = json.loads(_run("inspect", path, "--format", "json").stdout)["attachments"]
    sent = [FILES[k] for k in ("pdf", "docx", "txt", "xlsx")]
    assert [(a["name"], a["size"], a["sha256"], a["compressed"]) for a in inspected] == [
        (f.name, len(f.data), _sha(f.data), f.compressed) for f in sent]
    assert [(a["encoded_size"], a["encoded_sha256"]) for a in inspected] == [
        (len(f.transfer()[1]), _sha(f.transfer()[1])) for f in sent]
    text = _run("inspect", path).stdout
    assert f"compressed for transfer: {len(FILES['txt'].transfer()[1])} bytes" in text
    out = tmp_path / "files"
    result = _run("extract", path, "-d", out)
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in sent)
    for file in sent:
        assert (out / file.name).read_bytes() == file.data
        assert f"{out / file.name}\t{len(file.data)}\t{_sha(file.data)}" in result.stdout
    raw = tmp_path / "raw"
    assert _run("extract", path, "-d", raw, "--raw").exit_code == 0
    for file in sent:
        written = raw / (file.name + (".zip" if file.compressed else ""))
        assert written.read_bytes() == file.transfer()[1]


def test_extract_unzip_unpacks_archives_never_document_containers(tmp_path: Path) -> None:
    package = document_package(0, [FILES["docx"], FILES["zip"], FILES["xlsx"]])
    source = tmp_path / "p.edxml"
    source.write_bytes(package)
    out = tmp_path / "out"
    result = _run("extract", source, "-d", out, "--unzip")
    assert result.exit_code == 0
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["Hồ sơ kèm theo.unzipped"]  # the .docx and .xlsx stay whole
    assert (out / "Hồ sơ kèm theo.unzipped" / "a.txt").read_bytes() == b"1"
    assert (out / "Phụ lục 1.docx").read_bytes() == FILES["docx"].data


def test_a_damaged_archive_is_a_finding_not_a_failure(tmp_path: Path) -> None:
    broken = OfficialFile("hỏng.zip", b"PK\x03\x04 not really a zip")
    source = tmp_path / "p.edxml"
    source.write_bytes(document_package(0, [broken, FILES["pdf"]]))
    out = tmp_path / "out"
    result = _run("extract", source, "-d", out, "--unzip")
    assert result.exit_code == 1
    assert "EDX403 hỏng.zip cannot be unpacked" in result.stderr
    assert (out / FILES["pdf"].name).read_bytes() == FILES["pdf"].data  # the rest is written


def test_compressed_attachment_that_is_not_a_zip_is_an_error(tmp_path: Path) -> None:
    data = document_package(0, [FILES["pdf"]]).replace(
        b">application/pdf<", b">application/zip<")
    report = check(data, "edxml-document")
    assert not report.valid
    [finding] = [i for i in report.issues if i.rule == "EDX403"]
    assert finding.severity is Severity.ERROR
    assert "the official parser rejects the whole package" in finding.message
    source = tmp_path / "p.edxml"
    source.write_bytes(data)
    result = _run("extract", source, "-d", tmp_path / "out")
    assert result.exit_code == 1
    assert "EDX403" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


# -- the writer compresses as the builder does ----------------------------------------------


def test_write_compress_is_read_by_the_official_rule_to_the_same_bytes() -> None:
    attachments = [attachment_from_bytes(f.data, f.name, content_id=f"a{i}")
                   for i, f in enumerate(EVERY_FILE)]
    built = read_document(document_package(0, []))
    for attachment in attachments:
        built = add_attachment(built, attachment)
    data = write(built, compress=True)
    assert xsd_errors(data, "document") == []
    again = read_document(data)
    for attachment, file in zip(again.attachments, EVERY_FILE, strict=True):
        assert attachment.name == file.name
        assert attachment.compressed is file.compressed
        if file.compressed:
            assert attachment.content_type == "application/zip"
            with zipfile.ZipFile(io.BytesIO(attachment.transfer_data)) as archive:
                [member] = archive.infolist()
                assert member.filename.endswith("." + file.extension)
        assert _official_read(attachment.transfer_data, str(attachment.content_type),
                              file.name) == file.data
    references = {r.content_id: r.content_type for r in again.manifest}
    assert [references[a.content_id] for a in again.attachments] == [
        a.content_type for a in again.attachments]
    assert write(built, compress=True) == data  # deterministic


def test_compress_attachment_is_idempotent_and_keeps_the_file() -> None:
    plain = attachment_from_bytes(b"a;b\n", "bang.csv", content_id="1")
    packed = compress_attachment(plain)
    assert (packed.content_type, packed.name, packed.data) == ("application/zip", "bang.csv",
                                                               b"a;b\n")
    assert compress_attachment(packed) is packed
    pdf = attachment_from_bytes(b"%PDF-1.4", "a.pdf", content_id="2")
    assert compress_attachment(pdf) is pdf


# -- the official samples (outside the repository) ----------------------------------------


def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"official sample {name} is not available")
    return path


@pytest.mark.parametrize("name", ["edoc_new.edxml", "edoc_revocation.edxml"])
def test_official_samples_through_the_command_line(name: str, tmp_path: Path) -> None:
    path = _sample(name)
    assert _run("validate", path).exit_code == 0
    [shown] = json.loads(_run("inspect", path, "--format", "json").stdout)["attachments"]
    # Measured with the official jar: the application gets the first ZIP member.
    assert (shown["name"], shown["size"], shown["sha256"], shown["compressed"]) == (
        "1896_QD-TTg_m_294779.doc", 388_347,
        "8385739ec4a4ed36d71eabcaead629641ffc5ffff3d487ff5c34d2f821c9f36e", True)
    assert shown["encoded_size"] == 270_823
    assert _run("extract", path, "-d", tmp_path / "x").exit_code == 0
    written = tmp_path / "x" / "1896_QD-TTg_m_294779.doc"
    assert _sha(written.read_bytes()) == shown["sha256"]
    assert _run("extract", path, "-d", tmp_path / "r", "--raw").exit_code == 0
    assert (tmp_path / "r" / "1896_QD-TTg_m_294779.doc.zip").stat().st_size == 270_823


def test_status_packages_read_as_official(tmp_path: Path) -> None:
    package = read(DATA / "official" / "status_padded.edxml")
    assert isinstance(package, StatusPackage)
    assert package.header.status_code == "03"
    assert isinstance(read(write(package)), StatusPackage)
    assert isinstance(read(DATA / "official" / "new_samples_order.edxml"), DocumentPackage)


def test_findings_and_inspect_in_vietnamese() -> None:
    from vn_egov.i18n import language

    with language("vi"):
        package = read(DATA / "official" / "status_padded.edxml")
    trimmed = [i.message for i in package.issues if i.rule == "EDX117"]
    assert ("MessageHeader/StatusCode ' 03 ' có khoảng trắng ở đầu hoặc cuối; được đọc là "
            "'03', như bộ đọc chính thức") in trimmed
    text = _run("inspect", DATA / "official" / "new_builder_order.edxml", "--lang", "vi").stdout
    assert f"tệp đính kèm: {FILES['txt'].name} (application/zip, {len(FILES['txt'].data)} byte" \
        in text
    assert "nén khi truyền:" in text


def test_validate_exits_0_for_every_official_package(tmp_path: Path) -> None:
    written = []
    for doc_type in BusinessDocType:
        for samples_order in (False, True):
            path = tmp_path / f"doc-{doc_type.value}-{samples_order}.edxml"
            path.write_bytes(document_package(doc_type.value, EVERY_FILE,
                                              samples_order=samples_order))
            written.append(path)
    for code in StatusCode:
        for padded in (False, True):
            path = tmp_path / f"status-{code.value}-{padded}.edxml"
            path.write_bytes(status_package(code.value, padded=padded))
            written.append(path)
    result = _run("validate", *written, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["totals"]["files"] == len(written) == 26
    assert (report["totals"]["invalid"], report["totals"]["error"]) == (0, 0)
