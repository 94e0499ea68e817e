"""``vn-egov inspect | build | status | extract | demo`` through click's runner, and ``demo``
once through the installed console script.

Every run asserts the exit code, the output and that no Python traceback escaped.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vn_egov.cli.main import cli
from vn_egov.edoc import DocumentPackage, StatusPackage, read, write
from vn_egov.edoc.builders import new_document
from vn_egov.edoc.demo import plan_package
from vn_egov.validation import check

REPO = Path(__file__).resolve().parents[2]
SCHEMA = REPO / "schemas" / "edxml" / "qcvn-102-2016" / "edxml-document.xsd"

DOCUMENT_KEYS = {"kind", "from", "to", "code", "promulgation_date", "subject", "document_type",
                 "steering_type", "document_id", "due_date", "priority", "signer", "business",
                 "trace", "attachments", "issues"}
STATUS_KEYS = {"kind", "from", "response_for", "status_code", "description", "timestamp",
               "staff", "issues"}

# extract needs only the attachments: a bad header (missing Subject, bad date) does not stop it,
# and an attachment with bad base64 is a finding (exit 1), not an error of the whole package.
EXTRACT_TOLERATES = {"missing-subject", "bad-date", "bad-base64"}


def run(*args: str | Path) -> Result:
    """Invoke ``vn-egov ARGS``; no exception may escape except the exit itself."""
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception, result.output)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "kh-4547.edxml"
    path.write_bytes(write(plan_package()))
    return path


# -- inspect ------------------------------------------------------------------------------


def test_inspect_document_json(plan: Path) -> None:
    result = run("inspect", plan, "--format", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert set(summary) >= DOCUMENT_KEYS
    assert summary["kind"] == "document"
    assert summary["from"] == {"organ_id": "000.00.00.H24",
                               "organ_name": "Ủy ban nhân dân thành phố Hải Phòng"}
    assert [o["organ_id"] for o in summary["to"]] == [
        "000.00.01.H24", "000.00.02.H24", "000.00.03.H24", "000.00.04.H24"]
    assert summary["code"] == {"number": "4547", "notation": "KH-UBND"}
    assert summary["promulgation_date"] == "2015-12-25"
    assert summary["document_type"] == {"type": 1, "name": "Kế hoạch"}
    assert summary["steering_type"] == 1
    assert summary["document_id"] == "000.00.00.H24,2015/12/25,4547/KH-UBND"
    assert summary["due_date"] is None
    assert summary["priority"] == 0
    assert summary["signer"] == {"full_name": "Lê Khắc Nam", "position": "Phó Chủ tịch",
                                 "competence": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH"}
    assert summary["business"] == {"doc_type": 0, "reason": "Văn bản điện tử mới"}
    assert summary["trace"] == [{"organ_id": "000.00.00.H24",
                                 "timestamp": "2015-12-25T16:30:00"}]
    attachment = plan_package().attachments[0]
    digest = hashlib.sha256(attachment.transfer_data).hexdigest()
    assert summary["attachments"] == [{"name": "4547-KH-UBND.pdf",
                                       "content_type": "application/pdf",
                                       "size": len(attachment.transfer_data), "sha256": digest,
                                       "compressed": False,
                                       "encoded_size": len(attachment.transfer_data),
                                       "encoded_sha256": digest,
                                       "signatures": []}]  # an unsigned PDF
    assert [issue["rule"] for issue in summary["issues"]] == ["EDX501"]
    assert set(summary["issues"][0]) == {"rule", "severity", "message", "xpath", "line"}


def test_inspect_status_json_and_text(plan: Path, tmp_path: Path) -> None:
    reply = tmp_path / "status.edxml"
    assert run("status", plan, "--code", "03", "-o", reply).exit_code == 0
    result = run("inspect", reply, "--format", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert set(summary) >= STATUS_KEYS
    assert summary["kind"] == "status"
    assert summary["from"]["organ_id"] == "000.00.01.H24"
    assert summary["response_for"] == {
        "organ_id": "000.00.00.H24", "code": "4547/KH-UBND",
        "document_id": "000.00.00.H24,2015/12/25,4547/KH-UBND",
        "promulgation_date": "2015-12-25"}
    assert summary["status_code"] == "03"
    assert summary["description"] == "Đã tiếp nhận"
    assert summary["timestamp"] is not None
    assert "T" in summary["timestamp"]
    assert summary["staff"] == {"department": None, "staff": None}
    text = run("inspect", reply).stdout
    assert "kind: status" in text
    assert "status: 03 Đã tiếp nhận" in text


def test_inspect_document_text(plan: Path) -> None:
    result = run("inspect", plan)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "kind: document"
    assert "code: 4547/KH-UBND" in lines
    assert "promulgation date: 2015-12-25" in lines
    assert "info EDX501 the package carries no signature" in lines


# -- build --------------------------------------------------------------------------------


def _spec(tmp_path: Path) -> Path:
    spec = {
        "header": {
            "sender": {"organ_id": "000.00.12.H99", "organ_name": "Sở KH&CN tỉnh Mẫu"},
            "recipients": [{"organ_id": "000.00.05.H99"}, {"organ_id": "000.00.07.H99"}],
            "code": {"number": "215", "notation": "SKHCN-VP"},
            "promulgation_info": {"place": "Tỉnh Mẫu", "date": "2025-03-12"},
            "document_type": {"type": 1, "type_name": "Công văn"},
            "subject": "V/v báo cáo tình hình kết nối",
            "steering_type": 1,
        },
        "timestamp": "2025-03-12T09:41:05",
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return path


def test_build_with_attachments_validates(tmp_path: Path) -> None:
    pdf = tmp_path / "215.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%test\n")
    sheet = tmp_path / "Phụ lục.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not really a workbook")
    out = tmp_path / "out.edxml"
    result = run("build", _spec(tmp_path), "--attach", pdf, "--attach", sheet, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {out} (valid)"
    report = check(out)
    assert report.valid
    assert report.profile_id == "edxml-document"
    xsd = report.layer("xsd")
    assert xsd is not None
    assert xsd.issues == ()
    package = read(out)
    assert isinstance(package, DocumentPackage)
    assert package.header.document_id == "000.00.12.H99,2025/03/12,215/SKHCN-VP"
    assert [(a.name, a.content_type, a.data) for a in package.attachments] == [
        ("215.pdf", "application/pdf", pdf.read_bytes()),
        ("Phụ lục.xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         sheet.read_bytes())]
    assert [r.content_id for r in package.manifest] == [a.content_id for a in package.attachments]
    assert package.trace is not None
    assert package.trace.trace_headers[0].timestamp is not None
    assert package.trace.trace_headers[0].timestamp.isoformat() == "2025-03-12T09:41:05"


def test_build_bad_spec_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"header": {"subject": "x"}}', encoding="utf-8")
    result = run("build", bad, "-o", tmp_path / "o.edxml")
    assert result.exit_code == 1
    assert f"{bad}: $.header.sender: a value is required" in result.stderr.splitlines()
    assert "is not a valid build specification: " in result.stderr
    missing = run("build", tmp_path / "nope.json", "-o", tmp_path / "o.edxml")
    assert missing.exit_code == 2
    assert "nope.json: no such file" in missing.stderr
    no_attachment = run("build", _spec(tmp_path), "--attach", tmp_path / "absent.pdf",
                        "-o", tmp_path / "o.edxml")
    assert no_attachment.exit_code == 2
    assert "--attach " in no_attachment.stderr
    assert "absent.pdf: not a readable file" in no_attachment.stderr
    assert not (tmp_path / "o.edxml").exists()


def test_build_print_schema(tmp_path: Path) -> None:
    result = run("build", _spec(tmp_path), "-o", tmp_path / "o.edxml", "--print-schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "BuildSpec"
    assert "header" in schema["properties"]


# -- status -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["01", "03", "13"])
def test_status_answers_the_document(plan: Path, tmp_path: Path, code: str) -> None:
    out = tmp_path / f"status-{code}.edxml"
    result = run("status", plan, "--code", code, "-o", out)
    assert result.exit_code == 0
    document_id = "000.00.00.H24,2015/12/25,4547/KH-UBND"
    assert result.stdout.strip() == f"wrote {out}: status {code} for {document_id}"
    report = check(out)
    assert report.valid
    assert report.profile_id == "edxml-status"
    reply = read(out)
    assert isinstance(reply, StatusPackage)
    assert reply.header.status_code == code
    assert reply.header.response_for.document_id == document_id
    expected_addressee = "000.00.01.H24" if code == "13" else "000.00.00.H24"
    assert reply.header.response_for.organ_id == expected_addressee


def test_status_options_and_refusals(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.edxml"
    result = run("status", plan, "--code", "02", "--description", "Sai thể thức",
                 "--sender", "000.00.02.H24", "-o", out)
    assert result.exit_code == 0
    reply = read(out)
    assert isinstance(reply, StatusPackage)
    assert (reply.header.sender.organ_id, reply.header.description) == (
        "000.00.02.H24", "Sai thể thức")
    unknown_code = run("status", plan, "--code", "07", "-o", out)
    assert unknown_code.exit_code == 2
    assert "'07' is not one of" in unknown_code.stderr
    of_status = run("status", out, "--code", "03", "-o", tmp_path / "x.edxml")
    assert of_status.exit_code == 1  # the input was judged: it is not a document package
    assert "is a status package; give the document package to answer" in of_status.stderr


# -- extract ------------------------------------------------------------------------------


def test_extract_files_match_inspect(plan: Path, tmp_path: Path) -> None:
    package = plan_package()
    extra = package.attachments[0].model_copy(update={
        "content_id": "second", "name": "../../Phụ lục.pdf", "data": b"%PDF second"})
    safe = "_.._Phụ lục.pdf"  # one file name, never a path
    from vn_egov.edoc.attachments import add_attachment

    source = tmp_path / "two.edxml"
    source.write_bytes(write(add_attachment(package, extra)))
    folder = tmp_path / "out"
    result = run("extract", source, "-d", folder)
    assert result.exit_code == 0
    inspected = json.loads(run("inspect", source, "--format", "json").stdout)["attachments"]
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["4547-KH-UBND.pdf", safe]
    by_name = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert by_name == {"4547-KH-UBND.pdf": inspected[0]["sha256"],
                       safe: inspected[1]["sha256"]}
    assert result.stdout.splitlines()[0] == (
        f"{folder / '4547-KH-UBND.pdf'}\t{inspected[0]['size']}\t{inspected[0]['sha256']}")
    # A second run never overwrites.
    assert run("extract", source, "-d", folder).exit_code == 0
    assert sorted(f.name for f in folder.iterdir()) == [
        "4547-KH-UBND (1).pdf", "4547-KH-UBND.pdf", "_.._Phụ lục (1).pdf", safe]


def test_extract_unzip(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("van-ban.doc", b"\xd0\xcf\x11\xe0 OLE")
    from vn_egov.edoc.attachments import attachment_from_bytes

    package = new_document(sender="000.00.00.G22", recipients=["000.00.00.H41"], number="1",
                           notation="VPCP-TTĐT", promulgation_date=date(2019, 1, 16),
                           subject="V/v", type_name="Công văn", timestamp=None,
                           attachments=[attachment_from_bytes(buffer.getvalue(), "1896.doc",
                                                              content_type="application/doc",
                                                              content_id="z"),
                                        attachment_from_bytes(buffer.getvalue(), "ho-so.zip",
                                                              content_id="y")])
    source = tmp_path / "zip.edxml"
    source.write_bytes(write(package))
    folder = tmp_path / "x"
    result = run("extract", source, "-d", folder, "--unzip")
    assert result.exit_code == 0
    # Only an archive by name is unpacked; a .doc whose bytes are a ZIP is written as is.
    assert (folder / "1896.doc").read_bytes() == buffer.getvalue()
    assert not (folder / "1896.unzipped").exists()
    assert (folder / "ho-so.unzipped" / "van-ban.doc").read_bytes() == b"\xd0\xcf\x11\xe0 OLE"


def test_extract_refuses_a_status_package(plan: Path, tmp_path: Path) -> None:
    reply = tmp_path / "s.edxml"
    run("status", plan, "--code", "01", "-o", reply)
    result = run("extract", reply, "-d", tmp_path / "d")
    assert result.exit_code == 1
    assert "is a status package; it has no attachments" in result.stderr


# -- bad input through the commands ----------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    ns = b"http://www.mic.gov.vn/TBT/QCVN_102_2016"
    good = write(plan_package())
    cases = {
        "malformed": (b"<edXML><a></edXML>", "not well-formed XML"),
        "wrong-root": (b'<Document xmlns="' + ns + b'"/>', "EDX003 the root element is"),
        "missing-subject": (good.replace(b"<edXML:Subject>", b"<edXML:X>").replace(
            b"</edXML:Subject>", b"</edXML:X>"), "EDX101 MessageHeader/Subject is missing"),
        "bad-date": (good.replace(b"2015/12/25</edXML:PromulgationDate>",
                                  b"25.12.2015</edXML:PromulgationDate>"),
                     "EDX115 MessageHeader/PromulgationInfo/PromulgationDate is not a date"),
        "bad-base64": (good.replace(b'QCVN_102_2016">JVBER', b'QCVN_102_2016">!!!JVBER'),
                       "EDX404"),
        "empty": (b"", "input is empty"),
        "latin1": (good.replace("Hải Phòng".encode(), "Hai Phòng".encode("latin-1")),
                   "not well-formed XML"),
    }
    paths = {}
    for name, (data, message) in cases.items():
        path = tmp_path / f"{name}.edxml"
        path.write_bytes(data)
        paths[name] = (path, message)
    paths["directory"] = (tmp_path, "is a directory")
    return paths


@pytest.mark.parametrize("command", ["inspect", "status",
                                     "extract"])
def test_bad_input_gives_a_message_and_exit_code(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (path, message) in _bad_inputs(folder).items():
        if command == "extract" and name in EXTRACT_TOLERATES:
            continue
        extra = {"inspect": [], "status": ["--code", "03", "-o", str(tmp_path / "o.edxml")],
                 "extract": ["-d", str(tmp_path / "d")]}[command]
        result = run(command, path, *extra)
        assert result.exit_code in (1, 2), (name, result.output)
        assert result.stderr.startswith("vn-egov: error: "), (name, result.stderr)
        assert message in result.stderr, (name, result.stderr)
        assert str(path) in result.stderr, (name, result.stderr)
        assert result.stdout == "", (name, result.stdout)


# -- demo ---------------------------------------------------------------------------------


def test_demo_in_process(tmp_path: Path) -> None:
    result = run("demo", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".edxml")
    assert {"kh-4547-ubnd.edxml", "status-03.edxml"} <= set(files)
    out = result.stdout
    assert "Kế hoạch số 4547/KH-UBND (25/12/2015), signed by Lê Khắc Nam" in out
    assert "illustrative, not verified" in out
    assert "validated with profile edxml-document: valid" in out
    assert "validated with profile edxml-status: valid" in out
    assert out.rstrip().endswith("Done.")
    # The steps are numbered 1..N in the order they run (the PDF, signature and hub steps too).
    numbers = [int(line.split(".", 1)[0]) for line in out.splitlines() if line[:1].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1)), out
    assert len(numbers) >= 7
    assert out.splitlines()[0].startswith("1. Created a demo PKI in ")
    # The PDF signing material is written next to the XML signer's, and the PKI is one.
    assert {"person.p12", "seal.p12", "signer.p12", "ca.pem"} <= {
        p.name for p in (tmp_path / "pki").iterdir()}
    document = read(tmp_path / "kh-4547-ubnd.edxml")
    expected = plan_package()
    # The attachment is the plan's PDF signed by the signer then the agency seal (pdf extra).
    assert document.model_copy(update={"attachments": []}) == expected.model_copy(
        update={"attachments": []})
    (pdf,) = document.attachments
    assert pdf.name == expected.attachments[0].name
    assert pdf.data.startswith(b"%PDF-")
    assert pdf.data.count(b"/ETSI.CAdES.detached") == 2
    reply = read(tmp_path / "status-03.edxml")
    assert isinstance(reply, StatusPackage)
    assert reply.header.response_for.document_id == "000.00.00.H24,2015/12/25,4547/KH-UBND"


def test_demo_folder_ignores_itself_and_the_default_is_in_gitignore(tmp_path: Path) -> None:
    from vn_egov.cli.commands.demo import DEFAULT_OUTPUT

    result = run("demo", "-o", tmp_path / "new")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    ignored = (Path(__file__).parents[2] / ".gitignore").read_text(encoding="utf-8")
    assert f"/{DEFAULT_OUTPUT}/" in ignored.splitlines()


def test_demo_console_script_and_xmllint(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("vn-egov")
    if not script.exists():
        pytest.skip("the vn-egov console script is not installed in this environment")
    completed = subprocess.run([str(script), "demo", "-o", str(tmp_path)], capture_output=True,
                               text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert "Done." in completed.stdout
    document = tmp_path / "kh-4547-ubnd.edxml"
    assert document.is_file()
    assert (tmp_path / "status-03.edxml").is_file()
    xmllint = shutil.which("xmllint")
    if xmllint is None:
        pytest.skip("xmllint is not installed")
    lint = subprocess.run([xmllint, "--noout", "--schema", str(SCHEMA), str(document)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert lint.returncode == 0, lint.stderr
    assert lint.stderr.strip() == f"{document} validates"


# -- sign refuses an invalid package unless --no-validate -------------------------------


def _signing_files(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization

    from vn_egov.signature.pki import make_certificate_pair

    key, cert = make_certificate_pair("CN=Văn thư (TEST),C=VN")
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def test_sign_refuses_an_invalid_package_unless_asked(plan: Path, tmp_path: Path) -> None:
    key, cert = _signing_files(tmp_path)
    invalid = tmp_path / "invalid.edxml"
    invalid.write_bytes(plan.read_bytes().replace(
        b"<edXML:PromulgationDate>2015/12/25<", b"<edXML:PromulgationDate>25/12/2015 ??<"))
    out = tmp_path / "signed.edxml"
    refused = run("sign", invalid, "--key", key, "--cert", cert, "-o", out)
    assert refused.exit_code == 1
    assert "error EDX115" in refused.stderr
    assert "refusing to sign" in refused.stderr
    assert "--no-validate" in refused.stderr
    assert not out.exists()
    forced = run("sign", invalid, "--key", key, "--cert", cert, "-o", out, "--no-validate")
    assert forced.exit_code == 0
    assert b"<Signature" in out.read_bytes()
    valid = run("sign", plan, "--key", key, "--cert", cert, "-o", tmp_path / "ok.edxml")
    assert valid.exit_code == 0
    other = tmp_path / "note.xml"  # XML that no profile describes is signed as it is
    other.write_bytes("<note><to>Sở Nội vụ</to></note>".encode())
    assert run("sign", other, "--key", key, "--cert", cert, "--location", "root", "-o",
               tmp_path / "note-signed.xml").exit_code == 0


# -- build refuses nonsense and compresses like the official builder ------------------------


def test_build_refuses_nonsense_with_every_problem(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"header": {
        "sender": {"organ_id": "abc"}, "recipients": [{"organ_id": "x y"}],
        "code": {"number": "12/SKHCN-VP", "notation": "SKHCN-VP"},
        "promulgation_info": {"date": "2999-01-02"}, "subject": "V/v",
        "steering_type": 1}}), encoding="utf-8")
    result = run("build", spec, "-o", tmp_path / "out.edxml")
    assert result.exit_code == 1
    for part in ("4 problem(s)", "sender OrganId 'abc'", "recipient OrganId 'x y'",
                 "number '12/SKHCN-VP' already contains the notation 'SKHCN-VP'",
                 "promulgation date 2999/01/02 is in the future"):
        assert part in result.stderr
    assert not (tmp_path / "out.edxml").exists()


def test_build_compress(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"header": {
        "sender": {"organ_id": "000.00.12.H99"}, "recipients": [{"organ_id": "000.00.05.H99"}],
        "code": {"number": "12", "notation": "SKHCN-VP"},
        "promulgation_info": {"date": "2025-01-02"}, "subject": "V/v", "steering_type": 1}}),
        encoding="utf-8")
    note, pdf = tmp_path / "ghi-chu.txt", tmp_path / "cv.pdf"
    note.write_bytes("Ghi chú\n".encode())
    pdf.write_bytes(b"%PDF-1.4\n")
    out = tmp_path / "out.edxml"
    result = run("build", spec, "--attach", note, "--attach", pdf, "--compress", "-o", out)
    assert result.exit_code == 0, result.output
    package = read(out)
    assert isinstance(package, DocumentPackage)
    assert [(a.name, a.content_type, a.compressed, a.data) for a in package.attachments] == [
        ("ghi-chu.txt", "application/zip", True, "Ghi chú\n".encode()),
        ("cv.pdf", "application/pdf", False, b"%PDF-1.4\n")]
    assert [r.content_type for r in package.manifest] == ["application/zip", "application/pdf"]
