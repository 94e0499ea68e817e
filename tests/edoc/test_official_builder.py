"""The official EdXML102 library itself as the reference (issue 10).

``tests/java/OfficialBuilder.java`` drives the official builder and parser: it writes a new,
revoke, update and replace document package and one status package per status code, and
reports what the official parser hands over for any package. The tests check, in both
directions, that the library agrees with it:

* every package the official builder writes is valid for :func:`vn_egov.validation.check`,
  with exactly the expected information and warning rule ids;
* :func:`vn_egov.edoc.read` gives the same attachment view (name, bytes, size, SHA-256) as the
  official parser, and both give back the files handed to the builder;
* packages written by :func:`vn_egov.edoc.write` (plain and ``compress=True``) are read by the
  official parser to the same files and header values.

The jar is not part of the repository: the tests skip unless ``$VN_EGOV_EDXML102_JAR`` names
``EdXML102-0.0.3.jar`` (with its dependency jars in the same folder) and a JDK is on PATH.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from edoc_support import REPO

from vn_egov.edoc import (
    DocumentPackage,
    StatusPackage,
    read,
    read_document,
    read_status,
    write,
)
from vn_egov.edoc.attachments import attachment_from_bytes
from vn_egov.edoc.builders import new_document
from vn_egov.validation import Severity, check

if str(REPO / "benchmarks") not in sys.path:
    sys.path.insert(0, str(REPO / "benchmarks"))

from harness import JAR_ENVIRONMENT, edxml102_classpath

DRIVER = REPO / "tests" / "java" / "OfficialBuilder.java"
#: The driver's dates are written and printed in Vietnamese time, whatever the machine's zone.
TIME_ZONE = "-Duser.timezone=Asia/Ho_Chi_Minh"
STATUS_CODES = ("01", "02", "03", "04", "05", "06", "13", "15", "16")
DOCUMENTS = {"new": 0, "revoke": 1, "update": 2, "replace": 3}


def _docx() -> bytes:
    """A small word-processing file: a ZIP container by format, like every .docx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document>Phụ lục: danh sách</w:document>")
    return buffer.getvalue()


#: The files handed to the official builder (name -> bytes) and, by the builder's rule
#: (every extension but pdf, doc, docx, "xsl", "xslx" and zip is zipped), whether it
#: compresses them.
FILES = {
    "Công văn 152-STTTT-BCVT.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "Phụ lục 1.docx": _docx(),
    "ghi-chú gửi kèm.txt": "Ghi chú: văn bản gửi kèm bản giấy qua đường bưu điện.\n".encode(),
}
COMPRESSED = {"Công văn 152-STTTT-BCVT.pdf": False, "Phụ lục 1.docx": False,
              "ghi-chú gửi kèm.txt": True}
#: Files attached by the driver to each document package (see OfficialBuilder.build).
ATTACHED = {"new": sorted(FILES), "revoke": ["Công văn 152-STTTT-BCVT.pdf"],
            "update": ["Công văn 152-STTTT-BCVT.pdf"],
            "replace": ["Công văn 152-STTTT-BCVT.pdf", "ghi-chú gửi kèm.txt"]}

#: Findings expected on official output, none of them an error:
#: EDX501 (info) the builder writes no signature (signing is a separate step);
#: EDX009 (info) EdXML102 extensions read: StaffInfo/DepartmentId and StaffId in every
#: package, and in documents OtherInfo/Direction and DocumentType/TypeDetail (the builder
#: always writes booleans and integers);
#: EDX008 (info) MessageHeader in the EdXML102 order (DocumentId after To, ToPlaces last), not
#: the QCVN numbering order;
#: EDX405 (info) the builder declares the .docx it sends as is ``application/docx``;
#: EDX205 (info) revoke and replace packages without Bussiness/DocumentId, as the official
#: example code writes them.
DOCUMENT_FINDINGS = {"EDX501", "EDX009", "EDX008"}
EXPECTED_FINDINGS = {
    "new": DOCUMENT_FINDINGS | {"EDX405"},
    "revoke": DOCUMENT_FINDINGS | {"EDX205"},
    "update": DOCUMENT_FINDINGS,
    "replace": DOCUMENT_FINDINGS | {"EDX205"},
    **{f"status_{code}": {"EDX501", "EDX009"} for code in STATUS_CODES},
}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Official:
    """The compiled driver and the packages the official builder wrote."""

    classpath: str
    packages: Path
    built: list[dict[str, Any]]

    def _run(self, *args: str) -> list[dict[str, Any]]:
        done = subprocess.run(["java", TIME_ZONE, "-cp", self.classpath, "OfficialBuilder",
                               *args], capture_output=True, check=False, timeout=120)
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-3000:]
        # The official library prints debugging lines of its own on standard output.
        return [json.loads(line) for line in done.stdout.decode().splitlines()
                if line.startswith("{")]

    def parse(self, *paths: Path) -> tuple[dict[str, dict[str, Any]],
                                           dict[str, list[dict[str, Any]]]]:
        """Headers and attachments (per file name) as the official parser hands them over."""
        headers: dict[str, dict[str, Any]] = {}
        attachments: dict[str, list[dict[str, Any]]] = {path.name: [] for path in paths}
        for line in self._run("parse", *map(str, paths)):
            if "index" in line:
                attachments[line["file"]].append(line)
            else:
                headers[line["file"]] = line
        return headers, attachments

    def parse_status(self, *paths: Path) -> dict[str, dict[str, Any]]:
        return {line["file"]: line for line in self._run("parse-status", *map(str, paths))}

    def path(self, key: str) -> Path:
        return self.packages / f"official_{key}.edxml"


@pytest.fixture(scope="module")
def official(tmp_path_factory: pytest.TempPathFactory) -> Official:
    jar_name = os.environ.get(JAR_ENVIRONMENT)
    if not (shutil.which("java") and shutil.which("javac")):
        pytest.skip("no JDK (java and javac) on PATH")
    if not jar_name or not Path(jar_name).is_file():
        pytest.skip(f"${JAR_ENVIRONMENT} does not name the EdXML102 jar")
    root = tmp_path_factory.mktemp("official")
    classes, files, packages = root / "classes", root / "files", root / "packages"
    for folder in (classes, files, packages):
        folder.mkdir()
    jars = os.pathsep.join(map(str, edxml102_classpath(Path(jar_name).resolve())))
    compiled = subprocess.run(["javac", "-nowarn", "-encoding", "UTF-8", "-cp", jars, "-d",
                               str(classes), str(DRIVER)], capture_output=True, text=True,
                              check=False, timeout=300)
    assert compiled.returncode == 0, compiled.stderr[-3000:]
    for name, data in FILES.items():
        (files / name).write_bytes(data)
    driver = Official(os.pathsep.join([str(classes), jars]), packages, [])
    driver.built = driver._run("build", str(files), str(packages))
    return driver


def test_the_builder_wrote_every_business_type_and_status_code(official: Official) -> None:
    assert [(line["kind"], line.get("business_type"), line.get("status_code"))
            for line in official.built] == (
        [("document", type_, None) for type_ in DOCUMENTS.values()]
        + [("status", None, code) for code in STATUS_CODES])
    assert sorted(path.name for path in official.packages.iterdir()) == sorted(
        f"official_{key}.edxml" for key in EXPECTED_FINDINGS)


@pytest.mark.parametrize("key", sorted(EXPECTED_FINDINGS))
def test_official_output_is_valid_without_error(official: Official, key: str) -> None:
    data = official.path(key).read_bytes()
    report = check(data, "edxml-status" if key.startswith("status") else "edxml-document")
    findings = {(issue.rule, issue.severity.name) for issue in report.issues}
    errors = [issue.rule for issue in report.issues if issue.severity is Severity.ERROR]
    assert errors == [], findings
    assert report.valid, findings
    warnings = sorted(rule for rule, severity in findings if severity != "INFO")
    assert warnings == [], f"warnings on official output: {warnings}"
    assert {rule for rule, _ in findings} == EXPECTED_FINDINGS[key], findings


@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_attachment_view_is_what_the_official_parser_hands_over(official: Official,
                                                                key: str) -> None:
    path = official.path(key)
    headers, attachments = official.parse(path)
    package = read_document(path.read_bytes())
    ours = [{"name": a.name, "size": a.size, "sha256": a.sha256} for a in package.attachments]
    theirs = [{"name": a["name"], "size": a["size"], "sha256": a["sha256"]}
              for a in attachments[path.name]]
    # the files given to the builder: independent of both readers
    given = [{"name": name, "size": len(FILES[name]), "sha256": _sha(FILES[name])}
             for name in ATTACHED[key]]
    assert ours == theirs == given
    for attachment in package.attachments:
        assert attachment.name is not None
        assert attachment.data == FILES[attachment.name]
        assert attachment.compressed is COMPRESSED[attachment.name]
        assert (attachment.content_type == "application/zip") is COMPRESSED[attachment.name]
    assert package.business is not None
    assert package.business.doc_type.value == DOCUMENTS[key]
    assert headers[path.name]["business_type"] == str(DOCUMENTS[key])


@pytest.mark.parametrize("code", STATUS_CODES)
def test_status_values_are_what_the_official_parser_reads(official: Official,
                                                          code: str) -> None:
    path = official.path(f"status_{code}")
    theirs = official.parse_status(path)[path.name]
    package = read_status(path.read_bytes())
    header = package.header
    assert header.status_code == theirs["status_code"] == code
    assert header.sender.organ_id == theirs["from"]
    assert header.response_for.organ_id == theirs["response_for_organ_id"]
    assert header.response_for.document_id == theirs["response_for_document_id"]
    assert header.description == theirs["description"]
    assert header.timestamp is not None
    assert header.timestamp.replace(tzinfo=None).isoformat() == theirs["timestamp"]


def _our_document() -> DocumentPackage:
    """A package built with the library's own builder, every file attached as it is."""
    attachments = [attachment_from_bytes(data, name, content_id=str(index))
                   for index, (name, data) in enumerate(sorted(FILES.items()), start=1)]
    return new_document(
        sender="000.00.12.H99", recipients=["000.00.05.H99", "000.00.07.H99"],
        number="47", notation="SKHCN-VP", promulgation_date=date(2025, 4, 2),
        subject="V/v báo cáo tình hình ứng dụng công nghệ thông tin quý I năm 2025",
        place="Tỉnh Mẫu", type_name="Công văn", attachments=attachments,
        timestamp=datetime(2025, 4, 2, 8, 30))


@pytest.mark.parametrize("compress", [False, True], ids=["as-is", "compressed"])
def test_official_parser_reads_what_we_write(official: Official, tmp_path: Path,
                                             compress: bool) -> None:
    package = _our_document()
    path = tmp_path / "ours.edxml"
    path.write_bytes(write(package, compress=compress))
    headers, attachments = official.parse(path)
    written = read_document(path.read_bytes())
    # compress=True follows the builder's rule: only the .txt is zipped
    assert {a.name: a.compressed for a in written.attachments} == (
        COMPRESSED if compress else dict.fromkeys(FILES, False))
    assert [(a["name"], a["size"], a["sha256"]) for a in attachments[path.name]] == [
        (name, len(FILES[name]), _sha(FILES[name])) for name in sorted(FILES)]
    header = package.header
    assert headers[path.name] == {
        "file": path.name, "subject": header.subject, "code_number": "47",
        "code_notation": "SKHCN-VP", "from": "000.00.12.H99",
        "to": ["000.00.05.H99", "000.00.07.H99"], "promulgation_date": "2025-04-02",
        "document_id": header.document_id, "business_type": "0"}


def test_official_parser_reads_our_rewrite_of_official_output(official: Official,
                                                              tmp_path: Path) -> None:
    """write(read(x)) of an official package is still read by the official parser as x."""
    source = official.path("new")
    headers, attachments = official.parse(source)
    for canonical in (False, True):
        again = tmp_path / f"again-{canonical}.edxml"
        again.write_bytes(write(read(source.read_bytes()), canonical=canonical))
        headers_again, attachments_again = official.parse(again)
        assert [{**a, "file": source.name} for a in attachments_again[again.name]] == (
            attachments[source.name])
        assert {**headers_again[again.name], "file": source.name} == headers[source.name]


def test_status_package_we_write_is_read_by_the_official_parser(official: Official,
                                                                tmp_path: Path) -> None:
    package = read(official.path("status_02").read_bytes())
    assert isinstance(package, StatusPackage)
    path = tmp_path / "status.edxml"
    path.write_bytes(write(package, canonical=True))
    theirs = official.parse_status(path)[path.name]
    assert theirs["status_code"] == "02"
    assert theirs["description"] == "Từ chối tiếp nhận: sai thể thức"
    assert theirs["from"] == package.header.sender.organ_id == "000.00.05.H99"


@pytest.mark.parametrize(("data", "rules"), [(FILES["Phụ lục 1.docx"], {"EDX405"}),
                                             (b"not a zip", {"EDX403", "EDX405"})],
                         ids=["zip-container", "not-a-zip"])
def test_application_docx_is_the_builders_label_for_a_zip_container(data: bytes,
                                                                     rules: set[str]) -> None:
    """Without the jar: the builder sends a .docx as is, declared ``application/docx``; that
    is a ZIP container (no EDX403), unless the bytes are not a ZIP at all."""
    package = _our_document()
    docx = attachment_from_bytes(data, "Phụ lục 1.docx", content_type="application/docx",
                                 content_id="9")
    package = package.model_copy(update={"attachments": [docx],
                                         "manifest": [package.manifest[0].model_copy(update={
                                             "content_id": "9", "name": "Phụ lục 1.docx",
                                             "content_type": "application/docx"})]})
    report = check(write(package), "edxml-document")
    assert {issue.rule for issue in report.issues} & {"EDX403", "EDX405"} == rules
    assert [i.rule for i in report.issues if i.severity is Severity.ERROR] == []
