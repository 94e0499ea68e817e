"""Regenerate the conformance corpus under ``conformance/`` (deterministic).

Usage (from the repository root)::

    .venv/bin/python tools/build_conformance_corpus.py [--check]

The corpus is made of:

* edXML packages built from the library's models (every business type, every status code),
  each with the producer input (JSON) that describes it;
* copies of the hand-written fixtures of ``tests/data/edxml`` (every tolerated dialect, the
  invalid packages, the worked examples of the spec);
* mutations of a canonical package, one per rule id that the fixtures do not trigger;
* signed packages made with a fixed demonstration PKI (``tools/conformance_pki``: FICTIONAL
  keys, generated once, never trusted by anything real);
* agency, administrative-division and document-notation codes.

Expected outcomes are computed with the library and cross-checked against what each case was
written to show (``must`` rule ids and verdicts): the script stops when they disagree. Running
it twice gives the same bytes. ``--check`` regenerates into a temporary folder and fails when
the committed corpus differs.

Every identifier, name and address is fictional (province code ``H99``, "tỉnh Mẫu").
"""

from __future__ import annotations

import argparse
import base64
import copy
import datetime as dt
import filecmp
import json
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vn_egov.conformance.evaluate import Outcome, evaluate, evaluate_edxml_file  # noqa: E402
from vn_egov.conformance.manifest import Case, Manifest  # noqa: E402
from vn_egov.conformance.producer import produce  # noqa: E402
from vn_egov.edoc import (  # noqa: E402
    Organization,
    OtherInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    write,
)
from vn_egov.edoc.attachments import attachment_from_bytes  # noqa: E402
from vn_egov.edoc.builders import answer, new_document, replace, revoke, update  # noqa: E402
from vn_egov.edoc.demo import minimal_pdf, plan_package  # noqa: E402
from vn_egov.edoc.models import DocumentPackage, StatusPackage  # noqa: E402
from vn_egov.edoc.spec import BuildSpec  # noqa: E402
from vn_egov.signature import Signer  # noqa: E402
from vn_egov.signature.pki import make_certificate_pair  # noqa: E402

CORPUS_VERSION = "1.2.0"
FIXTURES = ROOT / "tests" / "data" / "edxml"
PKI_SOURCE = ROOT / "tools" / "conformance_pki"
DS = "http://www.w3.org/2000/09/xmldsig#"
QCVN = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
CHECK_TIME = "2025-06-01T09:00:00+07:00"
AFTER_EXPIRY = "2028-06-01T09:00:00+07:00"

# -- fictional parties of tỉnh Mẫu (H99 does not exist) ----------------------------------------

UBND = Organization(organ_id="000.00.00.H99", organization_in_charge="Tỉnh Mẫu",
                    organ_name="Ủy ban nhân dân tỉnh Mẫu",
                    organ_add="Số 1 đường Độc Lập, phường Trung Tâm, tỉnh Mẫu",
                    email="vanthu@mau.gov.vn")
SKHCN = Organization(organ_id="000.00.12.H99", organization_in_charge="Ủy ban nhân dân tỉnh Mẫu",
                     organ_name="Sở Khoa học và Công nghệ tỉnh Mẫu",
                     organ_add="Số 10 đường Trần Phú, phường Trung Tâm, tỉnh Mẫu",
                     email="vanthu.skhcn@mau.gov.vn", telephone="0299 3800 100")
SNV = Organization(organ_id="000.00.05.H99", organization_in_charge="Ủy ban nhân dân tỉnh Mẫu",
                   organ_name="Sở Nội vụ tỉnh Mẫu", email="vanthu.snv@mau.gov.vn")
STC = Organization(organ_id="000.00.07.H99", organization_in_charge="Ủy ban nhân dân tỉnh Mẫu",
                   organ_name="Sở Tài chính tỉnh Mẫu")
SXD = Organization(organ_id="000.00.09.H99", organization_in_charge="Ủy ban nhân dân tỉnh Mẫu",
                   organ_name="Sở Xây dựng tỉnh Mẫu")
STAFF = StaffInfo(department="Văn phòng Sở", staff="Nguyễn Thu Hà", mobile="0912000111",
                  email="nthha@mau.gov.vn")
PROMULGATED = dt.date(2025, 3, 12)
SENT = dt.datetime(2025, 3, 12, 9, 41, 5)


#: The edXML format reference, whose section headings the cases name as topics.
EDXML_REFERENCE = "QCVN 102:2016/BTTTT; docs/reference/edxml-format.md: "

#: The fixture manifest (``tests/data/edxml/MANIFEST.json``) numbers the topics it illustrates;
#: these are the headings of the edXML format reference that the numbers stand for.
FIXTURE_TOPICS = {"2": "package structure", "3": "MessageHeader order", "4": "MessageHeader",
                  "4.1": "Organization", "4.2": "DocumentId",
                  "5": "TraceHeaderList and Bussiness", "6": "status packages",
                  "7": "signatures", "8": "attachments",
                  "8.1": "what the official library does", "9": "code lists",
                  "9.2": "SteeringType", "9.3": "DocumentType", "10": "agency codes",
                  "11": "dates", "13": "rules", "13.2": "the canonical form",
                  "13.3": "tolerated dialects", "13.4": "the schemas", "13.5": "rules",
                  "14": "worked examples"}


def fixture_topics(numbers: str) -> str:
    """The topics (comma-separated headings) that a fixture's ``§n`` numbers stand for."""
    import re

    found = re.findall(r"§(\d+(?:\.\d+)?)", numbers)
    topics = (FIXTURE_TOPICS.get(n) or FIXTURE_TOPICS[n.split(".")[0]] for n in found)
    return ", ".join(dict.fromkeys(topics))


#: What the signature cases cite.
SIGNATURE_SPEC = ("TT 15/2025/TT-BKHCN; W3C XML Signature Syntax and Processing; "
                  "docs/reference/signature-profile.md: the edXML signature profile")


def reference(topics: str) -> str:
    """``QCVN 102:2016/BTTTT; docs/reference/edxml-format.md: <topics>``."""
    return EDXML_REFERENCE + topics


class Corpus:
    """Collects case files and manifest entries; checks each expectation as it is added."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.cases: list[dict[str, Any]] = []

    def write_file(self, relative: str, data: bytes) -> str:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return relative

    def add(self, case: dict[str, Any], outcome: Outcome, *, must: Iterable[str] = (),
            valid: bool | None = None, readable: bool | None = None,
            fields: bool = True) -> None:
        missing = sorted(set(must) - set(outcome.rules))
        if missing:
            raise SystemExit(f"{case['id']}: expected rule(s) {missing} not reported; "
                             f"got {list(outcome.rules)}")
        if valid is not None and outcome.valid is not valid:
            raise SystemExit(f"{case['id']}: expected valid={valid}, got {outcome.valid} "
                             f"({list(outcome.rules)})")
        if readable is not None and outcome.readable is not readable:
            raise SystemExit(f"{case['id']}: expected readable={readable}: {outcome.message}")
        expected: dict[str, Any] = {"valid": outcome.valid}
        if outcome.readable is not None:
            expected["readable"] = outcome.readable
        expected["rules"] = sorted(outcome.rules)
        if fields and outcome.fields:
            expected["fields"] = outcome.fields
        case["expected"] = expected
        Case.model_validate(case)  # fail early on a malformed entry
        self.cases.append(case)

    def edxml(self, case_id: str, title: str, spec: str, kind: str,  # noqa: PLR0917
              relative: str, data: bytes,
              *, tags: tuple[str, ...] = (), settings: dict[str, Any] | None = None,
              producer: dict[str, Any] | None = None, notes: str | None = None,
              **checks: Any) -> None:
        self.write_file(relative, data)
        case: dict[str, Any] = {"id": case_id, "title": title, "type": "edxml",
                                "spec": reference(spec),
                                "tags": list(tags), "kind": kind, "profile": f"edxml-{kind}",
                                "input": relative}
        if notes:
            case["notes"] = notes
        if settings:
            case["settings"] = settings
        if producer is not None:
            name = f"inputs/{case_id}.json"
            self.write_file(name, _json_bytes(producer))
            if produce(producer) != data:  # the description must reproduce the case exactly
                raise SystemExit(f"{case_id}: the producer input does not reproduce the package")
            case["producer_input"] = name
        outcome = evaluate_edxml_file(self.out / relative, f"edxml-{kind}", settings)
        self.add(case, outcome, **checks)


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def producer_input(package: DocumentPackage | StatusPackage) -> dict[str, Any]:
    """The JSON description a producer turns into *package* (see docs/conformance.md)."""
    if isinstance(package, StatusPackage):
        return {"kind": "status",
                "header": package.header.model_dump(mode="json", exclude_defaults=True)}
    spec = BuildSpec(header=package.header, trace=package.trace)
    return {
        "kind": "document",
        "build_spec": spec.model_dump(mode="json", exclude_defaults=True),
        "attachments": [{"content_id": a.content_id, "name": a.name,
                         "description": a.description, "content_type": a.content_type,
                         "data_base64": base64.b64encode(a.data).decode("ascii")}
                        for a in package.attachments],
    }


# -- model-built packages ----------------------------------------------------------------------

def _pdf(text: str, name: str, content_id: str, description: str) -> Any:
    return attachment_from_bytes(minimal_pdf(text), name, content_id=content_id,
                                 description=description)


def base_document() -> DocumentPackage:
    """The canonical package most other cases derive from (a Công văn with one PDF)."""
    return new_document(
        sender=SKHCN, recipients=[SNV, STC], number="215", notation="SKHCN-VP",
        promulgation_date=PROMULGATED, place="Tỉnh Mẫu", type_name="Công văn", document_type=1,
        subject="V/v báo cáo tình hình kết nối, liên thông văn bản điện tử quý I năm 2025",
        content="Đề nghị các sở gửi báo cáo theo mẫu tại Phụ lục trước ngày 31/3/2025.",
        signer_info=SignerInfo(competence="KT. GIÁM ĐỐC", position="Phó Giám đốc",
                               full_name="Trần Văn Minh"),
        due_date=dt.date(2025, 3, 31), to_places=["Giám đốc Sở (để báo cáo)", "Lưu: VT, VP"],
        other_info=OtherInfo(priority=1, promulgation_amount=4, page_amount=2),
        staff=STAFF, timestamp=SENT,
        attachments=[_pdf("Cong van 215/SKHCN-VP", "215-SKHCN-VP.pdf", "cv-215-skhcn-vp",
                          "Văn bản chính")])


def document_cases(corpus: Corpus) -> DocumentPackage:
    base = base_document()
    later = dt.datetime(2025, 3, 14, 8, 0, 0)
    valid = {"valid": True, "readable": True, "must": ("EDX501",)}
    entries: list[tuple[str, str, str, DocumentPackage, tuple[str, ...]]] = [
        ("doc-new-basic", "Văn bản mới (BussinessDocType 0): Công văn, hai nơi nhận, một PDF",
         "MessageHeader, TraceHeaderList and Bussiness, attachments, the canonical form", base,
         ("business-type-0", "canonical")),
        ("doc-new-no-attachment", "Văn bản mới không có tệp đính kèm",
         "MessageHeader, the canonical form",
         new_document(sender=UBND, recipients=[SXD], number="12", notation="TB-UBND",
                      promulgation_date=dt.date(2025, 4, 2), type_name="Thông báo",
                      document_type=1, subject="Thông báo lịch tiếp công dân tháng 4 năm 2025",
                      staff=STAFF, timestamp=dt.datetime(2025, 4, 2, 7, 30, 0)),
         ("business-type-0", "canonical")),
        ("doc-new-two-attachments", "Văn bản mới có hai tệp: PDF và văn bản thuần UTF-8",
         "attachments",
         new_document(sender=SNV, recipients=[SKHCN], number="77", notation="SNV-TCBC",
                      promulgation_date=dt.date(2025, 5, 6), type_name="Công văn",
                      document_type=1, subject="V/v rà soát biên chế năm 2025",
                      staff=STAFF, timestamp=dt.datetime(2025, 5, 6, 10, 0, 0),
                      attachments=[
                          _pdf("Cong van 77/SNV-TCBC", "77-SNV-TCBC.pdf", "cv-77-a",
                               "Văn bản chính"),
                          attachment_from_bytes(
                              "Phụ lục: danh sách đơn vị rà soát — Sở Khoa học và Công nghệ, "
                              "Sở Tài chính.\n".encode(), "phu-luc.txt",
                              content_type="text/plain", content_id="cv-77-b",
                              description="Phụ lục kèm theo")]),
         ("business-type-0", "canonical", "attachments")),
        ("doc-reply-response-for", "Văn bản trả lời một văn bản trước (ResponseFor)",
         "MessageHeader",
         new_document(sender=SNV, recipients=[SKHCN], number="80", notation="SNV-VP",
                      promulgation_date=dt.date(2025, 3, 20), type_name="Công văn",
                      document_type=1, subject="V/v trả lời Công văn số 215/SKHCN-VP",
                      response_for=[ResponseFor(organ_id=SKHCN.organ_id, code="215/SKHCN-VP",
                                                promulgation_date=PROMULGATED,
                                                document_id=base.header.document_id)],
                      staff=STAFF, timestamp=dt.datetime(2025, 3, 20, 15, 5, 0)),
         ("business-type-0", "canonical")),
        ("doc-urgent-priority", "Văn bản hỏa tốc (Priority 3) có hạn xử lý",
         "code lists",
         new_document(sender=UBND, recipients=[SKHCN, SNV, STC, SXD], number="301",
                      notation="UBND-KT", promulgation_date=dt.date(2025, 7, 1),
                      type_name="Công điện", document_type=1,
                      subject="Công điện về việc ứng phó bão số 3",
                      due_date=dt.date(2025, 7, 2), other_info=OtherInfo(priority=3),
                      staff=STAFF, timestamp=dt.datetime(2025, 7, 1, 22, 15, 0)),
         ("business-type-0", "canonical")),
        ("doc-revoke", "Thu hồi văn bản (BussinessDocType 1)",
         "TraceHeaderList and Bussiness, code lists",
         revoke(base, reason="Thu hồi do sai sót về nơi nhận", staff=STAFF, timestamp=later),
         ("business-type-1", "canonical")),
        ("doc-update", "Cập nhật văn bản (BussinessDocType 2): thêm và bớt nơi nhận",
         "TraceHeaderList and Bussiness, code lists",
         update(base, added=[SXD.organ_id], removed=[STC.organ_id], staff=STAFF,
                timestamp=later),
         ("business-type-2", "canonical")),
        ("doc-replace", "Thay thế văn bản (BussinessDocType 3)",
         "TraceHeaderList and Bussiness, code lists",
         replace(base, new_document(
             sender=SKHCN, recipients=[SNV, STC], number="220", notation="SKHCN-VP",
             promulgation_date=dt.date(2025, 3, 14), type_name="Công văn", document_type=1,
             subject="V/v báo cáo tình hình kết nối (thay thế Công văn số 215/SKHCN-VP)",
             staff=STAFF, timestamp=later,
             attachments=[_pdf("Cong van 220/SKHCN-VP", "220-SKHCN-VP.pdf", "cv-220",
                               "Văn bản thay thế")]),
             staff=STAFF, timestamp=later),
         ("business-type-3", "canonical")),
        ("doc-demo-plan", "Kế hoạch 4547/KH-UBND của Hải Phòng (mã cơ quan minh họa)",
         "MessageHeader", plan_package(), ("business-type-0", "canonical")),
    ]
    for case_id, title, spec, package, tags in entries:
        corpus.edxml(case_id, title, spec, "document", f"cases/edxml/document/{case_id}.edxml",
                     write(package), tags=tags, producer=producer_input(package), **valid)
    return base


STATUS_TITLES = {
    "01": "Đã đến (inbox)", "02": "Từ chối tiếp nhận", "03": "Đã tiếp nhận",
    "04": "Phân công xử lý", "05": "Đang xử lý", "06": "Hoàn thành",
    "13": "Lấy lại văn bản (gửi bởi nơi phát hành)", "15": "Đồng ý cho lấy lại",
    "16": "Từ chối cho lấy lại",
}
STATUS_SLUGS = {"01": "inbox", "02": "rejection", "03": "acceptance", "04": "assignment",
                "05": "processing", "06": "finish", "13": "take-back",
                "15": "take-back-accepted", "16": "take-back-refused"}


def status_cases(corpus: Corpus, base: DocumentPackage) -> None:
    for offset, (code, title) in enumerate(STATUS_TITLES.items()):
        package = answer(base, code, staff=StaffInfo(department="Văn phòng Sở",
                                                     staff="Lê Thị Lan"),
                         description=f"Văn thư: {title.lower()}",
                         timestamp=dt.datetime(2025, 3, 12, 14, 20, offset))
        case_id = f"status-{code}-{STATUS_SLUGS[code]}"
        corpus.edxml(case_id, f"Gói tin trạng thái {code}: {title}", "status packages", "status",
                     f"cases/edxml/status/{case_id}.edxml", write(package),
                     tags=(f"status-{code}", "canonical"), producer=producer_input(package),
                     valid=True, readable=True, must=("EDX501",))


# -- the hand-written fixtures ----------------------------------------------------------------

#: Where the library, today, reports something else than the fixture's reading of the spec.
#: The case records the library's behaviour and says so in ``notes``.
DEVIATIONS: dict[str, dict[str, Any]] = {}

def fixture_cases(corpus: Corpus) -> None:
    listing = json.loads((FIXTURES / "MANIFEST.json").read_text(encoding="utf-8"))
    for entry in listing["files"]:
        source = Path(entry["path"])
        folder, stem = source.parent.name, source.stem.replace("_", "-").lower()
        case_id = f"fx-{folder}-{stem}"
        # Fixture expectations list the rule findings; the XSD layer adds XSD001, and EDX504
        # needs signature verification, which the edXML cases do not request.
        must = [rule for rule in entry["rules"]
                if rule != "EDX504" and rule not in DEVIATIONS.get(case_id, {}).get("rules", ())]
        tags = ("fixture", folder, *(["dialect"] if folder == "dialect" else []))
        corpus.edxml(case_id, entry["description"], fixture_topics(entry["spec"]), entry["kind"],
                     f"cases/edxml/{folder}/{source.name}",
                     (FIXTURES / source).read_bytes(), tags=tags, must=must,
                     readable=entry["well_formed"] and None,
                     notes=DEVIATIONS.get(case_id, {}).get("notes"))


# -- one mutation per rule the fixtures do not trigger ---------------------------------------

def _sub(data: bytes, old: str, new: str, count: int = 1) -> bytes:
    found = data.count(old.encode())
    if found != count:
        raise SystemExit(f"mutation: {old!r} occurs {found} times, expected {count}")
    return data.replace(old.encode(), new.encode())


#: The topic of the cases that show what the official EdXML102 library reads and writes.
OFFICIAL = "what the official library does"


def _hostile_zip_package(base: DocumentPackage) -> bytes:
    """The package with its attachment replaced by a transport-compressed one whose ZIP
    member name climbs out of the target folder (refused by the safe ZIP reader)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        member = zipfile.ZipInfo("../ghi-chu.txt", date_time=(2025, 3, 12, 9, 0, 0))
        archive.writestr(member, "Ghi chú".encode())  # a fixed date: the same bytes each time
    attachment = base.attachments[0].model_copy(update={
        "name": "ghi-chu.txt", "content_type": "application/zip",
        "transfer_data": buffer.getvalue()})
    reference = base.manifest[0].model_copy(update={"name": "ghi-chu.txt",
                                                    "content_type": "application/zip"})
    return write(base.model_copy(update={"attachments": [attachment], "manifest": [reference]}))


def rule_cases(corpus: Corpus, base: DocumentPackage) -> None:
    data = write(base)
    unprefixed = (_sub(data, ' xmlns:edXML="' + QCVN + '"', "", 2)
                  .replace(b"edXML:", b"")
                  .replace(b'<edXML xmlns="' + QCVN.encode() + b'">', b"<edXML>"))
    mutations: list[tuple[str, str, str, bytes, tuple[str, ...], dict[str, Any]]] = [
        ("EDX001", "Tài liệu XML không đóng thẻ (không well-formed)", "rules",
         data[: data.rindex(b"</edXML>")], (), {}),
        ("EDX002", "Khai báo DOCTYPE trong gói tin", "package structure",
         _sub(data, "?>\n", '?>\n<!DOCTYPE edXML [<!ENTITY x "y">]>\n'), (), {}),
        ("EDX003", "edXMLHeader không có MessageHeader", "package structure",
         data.replace(b"edXML:MessageHeader>", b"edXML:ThongTinChung>"), (), {}),
        ("EDX004", "Phần tử không thuộc không gian tên QCVN (không có namespace)",
         "package structure",
         unprefixed, (), {}),
        ("EDX005", "Tiền tố khác edXML (qcvn:)", "package structure",
         data.replace(b"edXML:", b"qcvn:").replace(b"xmlns:edXML", b"xmlns:qcvn"), (), {}),
        ("EDX007", "Phần tử lạ trong edXMLHeader (giữ nguyên khi ghi lại)", "tolerated dialects",
         _sub(data, "    </edXML:edXMLHeader>",
              "      <edXML:GhiChu>Ghi chú nội bộ</edXML:GhiChu>\n    </edXML:edXMLHeader>"),
         (), {}),
        ("EDX101", "Thiếu trích yếu (Subject)", "MessageHeader",
         _sub(data, "        <edXML:Subject>V/v báo cáo tình hình kết nối, liên thông văn bản "
              "điện tử quý I năm 2025</edXML:Subject>\n", ""), (), {}),
        ("EDX104", "DocumentId không theo quy ước OrganId,ngày,số/ký hiệu", "DocumentId",
         _sub(data, ">000.00.12.H99,2025/03/12,215/SKHCN-VP<", ">VB-2025-000215<"), (), {}),
        ("EDX106", "Ngày ban hành ở tương lai (2099)", "MessageHeader",
         data.replace(b"2025/03/12<", b"2099/03/12<").replace(b",2025/03/12,", b",2099/03/12,"),
         (), {}),
        ("EDX107", "Trích yếu dài hơn giới hạn quan sát được cấu hình (40 ký tự)", "MessageHeader",
         data, (), {"edxml": {"max_lengths": {"Subject": 40}}}),
        ("EDX108", "OrganId nơi nhận không theo mẫu mã định danh", "agency codes",
         _sub(data, "<edXML:OrganId>000.00.07.H99<", "<edXML:OrganId>SO-TAI-CHINH<"), (), {}),
        ("EDX109", "Độ khẩn (Priority) ngoài 0–4", "code lists",
         _sub(data, "<edXML:Priority>1<", "<edXML:Priority>9<"), (), {}),
        ("EDX110", "SteeringType ngoài bảng mã cấu hình", "SteeringType",
         _sub(data, "<edXML:SteeringType>1<", "<edXML:SteeringType>9<"), (), {}),
        ("EDX111", "DocumentType/Type ngoài bảng mã và thiếu TypeName", "DocumentType",
         _sub(_sub(data, "<edXML:Type>1<", "<edXML:Type>99<"),
              "          <edXML:TypeName>Công văn</edXML:TypeName>\n", ""), (), {}),
        ("EDX114", "Địa chỉ thư điện tử sai cú pháp", "Organization",
         _sub(data, ">vanthu.skhcn@mau.gov.vn<", ">vanthu.skhcn@@mau<"), (), {}),
        ("EDX115", "Timestamp của TraceHeader không đọc được", "dates",
         _sub(data, ">2025/03/12 09:41:05<", ">hôm qua lúc 9 giờ<"), (), {}),
        ("EDX116", "Thiếu SteeringType: đọc là 0 như thư viện chính thức", OFFICIAL,
         _sub(data, "        <edXML:SteeringType>1</edXML:SteeringType>\n", ""), (), {}),
        ("EDX117", "Tên cơ quan có khoảng trắng ở đầu và cuối (được cắt bỏ khi đọc)", OFFICIAL,
         _sub(data, ">Sở Nội vụ tỉnh Mẫu<", ">  Sở Nội vụ tỉnh Mẫu <"), (), {}),
        ("EDX118", "Chú thích XML nằm giữa trích yếu", OFFICIAL,
         _sub(data, ">V/v báo cáo tình hình kết nối,", ">V/v báo cáo tình hình<!-- ghi chú -->"
              " kết nối,"), (), {}),
        ("EDX202", "Gói văn bản không có TraceHeaderList", "TraceHeaderList and Bussiness",
         data[: data.index(b"      <edXML:TraceHeaderList>")]
         + data[data.index(b"</edXML:TraceHeaderList>\n") + 25:], (), {}),
        ("EDX205", "Cập nhật (BussinessDocType 2) thiếu Bussiness/DocumentId và "
         "BussinessDocumentInfo", "TraceHeaderList and Bussiness",
         _sub(data, "<edXML:BussinessDocType>0<", "<edXML:BussinessDocType>2<"), (), {}),
        ("EDX206", "Paper khác 0/1", "code lists",
         _sub(data, "<edXML:Paper>0<", "<edXML:Paper>5<"), (), {}),
        ("EDX403", "Tệp .pdf khai báo application/zip (nén khi truyền) nhưng không phải ZIP",
         OFFICIAL, data.replace(b">application/pdf<", b">application/zip<"), (), {}),
        ("EDX405", "Chuỗi MIME không chuẩn application/doc", "attachments",
         data.replace(b">application/pdf<", b">application/doc<"), (), {}),
        ("EDX406", "Chú thích XML nằm giữa nội dung base64 của tệp đính kèm", "attachments",
         _sub(data, "edXML:ContentTransferEncoded xmlns:edXML=\"" + QCVN + "\">JVBER",
              "edXML:ContentTransferEncoded xmlns:edXML=\"" + QCVN + "\">JVBER<!-- x -->"),
         (), {}),
        ("EDX407", "Tệp đính kèm có hai phần tử ContentTransferEncoded", "attachments",
         _sub(data, "</edXML:ContentTransferEncoded>",
              "</edXML:ContentTransferEncoded>\n      <edXML:ContentTransferEncoded "
              "xmlns:edXML=\"" + QCVN + "\">QUJD</edXML:ContentTransferEncoded>"), (), {}),
        ("EDX408", "Phần tử Attachment nằm trong edXMLHeader (không phải tệp đính kèm)",
         "attachments",
         _sub(data, "    </edXML:edXMLHeader>",
              "      <edXML:Attachment><edXML:ContentId>cid:x</edXML:ContentId>"
              "</edXML:Attachment>\n    </edXML:edXMLHeader>"), (), {}),
        ("EDX119", "Thuộc tính xml:lang trên Subject (không mô hình nào giữ, ghi lại sẽ mất)",
         "tolerated dialects",
         _sub(data, "<edXML:Subject>", '<edXML:Subject xml:lang="vi">'), (), {}),
        ("EDX409",
         "Tệp nén khi truyền (application/zip) có thành viên tên '../ghi-chu.txt'", OFFICIAL,
         _hostile_zip_package(base), (), {}),
        ("EDX505", "Chữ ký (XML-DSig) không phải phần tử cuối của edXMLHeader", "signatures",
         _sub(data, "      <edXML:TraceHeaderList>",
              f'      <Signature xmlns="{DS}"><SignedInfo/><SignatureValue>AA==</SignatureValue>'
              "</Signature>\n      <edXML:TraceHeaderList>"), (), {}),
    ]
    for rule, title, section, mutated, _unused, settings in mutations:
        case_id = f"rule-{rule.lower()}"
        spec = section if section == "rules" else f"{section}, rules"
        corpus.edxml(case_id, f"{rule}: {title}", spec, "document",
                     f"cases/edxml/rules/{case_id}.edxml", mutated, tags=("rule", rule),
                     settings=settings or None, must=(rule,))
    status = write(answer(base, "02", description="Từ chối: sai thể thức",
                          timestamp=dt.datetime(2025, 3, 12, 15, 0, 0)))
    corpus.edxml("rule-edx101-status", "EDX101: gói trạng thái thiếu ResponseFor/DocumentId",
                 "status packages, rules", "status", "cases/edxml/rules/rule-edx101-status.edxml",
                 _sub(status, "          <edXML:DocumentId>000.00.12.H99,2025/03/12,"
                      "215/SKHCN-VP</edXML:DocumentId>\n", ""),
                 tags=("rule", "EDX101"), must=("EDX101",), valid=False)


# -- signatures --------------------------------------------------------------------------------

def _load_or_make_pki() -> dict[str, Any]:
    """The fixed demo PKI: made once (fixed validity dates), then read back for determinism."""
    names = ("root", "issuing", "signer", "rogue")
    if not all((PKI_SOURCE / f"{n}-key.pem").is_file() for n in names):
        PKI_SOURCE.mkdir(parents=True, exist_ok=True)
        start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        root = make_certificate_pair("CN=Vn-egov DEMO Conformance Root CA,O=vn_egov DEMO,C=VN",
                                     ca=True, key_spec="rsa", not_before=start,
                                     not_after=start.replace(year=2045), serial=1001)
        issuing = make_certificate_pair(
            "CN=Vn-egov DEMO Conformance Issuing CA,O=vn_egov DEMO,C=VN", ca=True,
            issuer=root, key_spec="rsa", not_before=start, not_after=start.replace(year=2040),
            serial=1002)
        signer = make_certificate_pair(
            "CN=Văn thư Sở Khoa học và Công nghệ tỉnh Mẫu (DEMO),O=UBND tỉnh Mẫu (DEMO),"
            "L=Tỉnh Mẫu,C=VN,UID=MST:9900000012", issuer=issuing, key_spec="rsa",
            not_before=start, not_after=start.replace(year=2027), serial=1003)
        rogue = make_certificate_pair("CN=Kẻ giả mạo - tự ký (DEMO),C=VN", key_spec="rsa",
                                      not_before=start, not_after=start.replace(year=2027),
                                      serial=1004)
        for name, (key, cert) in zip(names, (root, issuing, signer, rogue), strict=True):
            (PKI_SOURCE / f"{name}-key.pem").write_bytes(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
            (PKI_SOURCE / f"{name}-cert.pem").write_bytes(
                cert.public_bytes(serialization.Encoding.PEM))
    loaded: dict[str, Any] = {}
    for name in names:
        loaded[name] = (
            serialization.load_pem_private_key((PKI_SOURCE / f"{name}-key.pem").read_bytes(),
                                               None),
            x509.load_pem_x509_certificate((PKI_SOURCE / f"{name}-cert.pem").read_bytes()))
    return loaded


def _sha1_signed(data: bytes, key: Any, cert: x509.Certificate) -> bytes:
    """A genuine RSA-SHA1/SHA-1 signature (libxmlsec1), which our Signer refuses to make."""
    import xmlsec

    root = etree.fromstring(data)
    header = root.find(f"{{{QCVN}}}edXMLEnvelope/{{{QCVN}}}edXMLHeader")
    constants = xmlsec.constants
    signature = xmlsec.template.create(root, constants.TransformExclC14N,
                                       constants.TransformRsaSha1, ns=None)
    header.append(signature)
    reference = xmlsec.template.add_reference(signature, constants.TransformSha1, uri="")
    xmlsec.template.add_transform(reference, constants.TransformEnveloped)
    xmlsec.template.add_transform(reference, constants.TransformExclC14N)
    x509_data = xmlsec.template.add_x509_data(xmlsec.template.ensure_key_info(signature))
    xmlsec.template.x509_data_add_certificate(x509_data)
    context = xmlsec.SignatureContext()
    pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    signing_key = xmlsec.Key.from_memory(pem_key, constants.KeyDataFormatPem)
    signing_key.load_cert_from_memory(cert.public_bytes(serialization.Encoding.PEM),
                                      constants.KeyDataFormatCertPem)
    context.key = signing_key
    context.sign(signature)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _wrapped(signed: bytes) -> bytes:
    """Wrapping attack: the signed envelope hidden in ds:Object, forged content in its place."""
    root = etree.fromstring(signed)
    envelope = root.find(f"{{{QCVN}}}edXMLEnvelope")
    signature = root.find(f".//{{{DS}}}Signature")
    hidden = etree.SubElement(signature, f"{{{DS}}}Object")
    original = copy.deepcopy(envelope)
    for inner in original.iter(f"{{{DS}}}Signature"):
        inner.getparent().remove(inner)
    hidden.append(original)
    subject = envelope.find(f".//{{{QCVN}}}Subject")
    subject.text = "V/v chuyển khoản gấp 2 tỷ đồng vào tài khoản số 0000000000"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def signature_cases(corpus: Corpus, base: DocumentPackage) -> None:
    pki = _load_or_make_pki()
    for name in ("root", "issuing"):
        corpus.write_file(f"pki/{name}-ca.pem",
                          pki[name][1].public_bytes(serialization.Encoding.PEM))
    unsigned = write(base)
    signer_key, signer_cert = pki["signer"]
    signed = Signer(signer_key, [signer_cert, pki["issuing"][1]]).sign(unsigned)
    rogue_signed = Signer(*pki["rogue"][:1], [pki["rogue"][1]]).sign(unsigned)
    tampered_attachment = signed.replace(b">JVBERi0xLjQK", b">JVBERi0xLjUK", 1)
    entries: list[tuple[str, str, bytes, str, dict[str, Any]]] = [
        ("sig-valid", "Chữ ký hợp lệ, chuỗi chứng thư tin cậy (RSA-SHA256, exc-c14n)",
         signed, CHECK_TIME, {"valid": True}),
        ("sig-tampered-subject", "Trích yếu bị sửa sau khi ký", signed.replace(
            "quý I năm 2025".encode(), "quý II năm 2025".encode(), 1), CHECK_TIME,
         {"valid": False, "must": ("SIG013",)}),
        ("sig-tampered-attachment", "Tệp đính kèm bị thay sau khi ký", tampered_attachment,
         CHECK_TIME, {"valid": False, "must": ("SIG013",)}),
        ("sig-wrapped", "Tấn công bọc (wrapping): nội dung đã ký giấu trong ds:Object",
         _wrapped(signed), CHECK_TIME, {"valid": False, "must": ("SIG013",)}),
        ("sig-weak-sha1", "Thuật toán yếu: RSA-SHA1 và băm SHA-1",
         _sha1_signed(unsigned, signer_key, signer_cert), CHECK_TIME,
         {"valid": False, "must": ("SIG006",)}),
        ("sig-untrusted", "Chứng thư tự ký, không thuộc nguồn tin cậy", rogue_signed,
         CHECK_TIME, {"valid": False, "must": ("SIG017",)}),
        ("sig-expired", "Kiểm tra sau khi chứng thư người ký hết hạn", signed, AFTER_EXPIRY,
         {"valid": False, "must": ("SIG018",)}),
        ("sig-placeholder", "Signature không thuộc namespace XML-DSig (EDX503)",
         (FIXTURES / "dialect" / "namespaceless_signature.edxml").read_bytes(), CHECK_TIME,
         {"valid": False, "must": ("SIG015",)}),
        ("sig-unsigned", "Gói tin không có chữ ký (EDX501)", unsigned, CHECK_TIME,
         {"valid": False}),
    ]
    files: dict[bytes, str] = {}
    for case_id, title, payload, at, checks in entries:
        relative = files.get(payload) or corpus.write_file(
            f"cases/signature/{case_id}.edxml", payload)
        files[payload] = relative
        case: dict[str, Any] = {
            "id": case_id, "title": title, "type": "signature",
            "spec": SIGNATURE_SPEC, "tags": ["signature"], "input": relative,
            "signature": {"trust": ["pki/root-ca.pem"], "intermediates": ["pki/issuing-ca.pem"],
                          "at": at}}
        probe = Manifest(corpus_version=CORPUS_VERSION, title="probe", generated_by="probe",
                         notice="probe", cases=(Case.model_validate(
                             {**case, "expected": {"valid": False}}),))
        probe._directory = corpus.out
        corpus.add(case, evaluate(probe, probe.cases[0]), **checks)


# -- codes -------------------------------------------------------------------------------------

AGENCY_SPEC = "QCVN 102:2016/BTTTT; QĐ 20/2020/QĐ-TTg; docs/codes.md: agency identifiers"
DIVISION_SPEC = ("QĐ 124/2004/QĐ-TTg; QĐ 19/2025/QĐ-TTg; "
                 "docs/codes.md: administrative divisions")
NOTATION_SPEC = "NĐ 30/2020/NĐ-CP Phụ lục I; docs/codes.md: document number and notation"

CODES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("agency", "000.00.00.G22", "Mã Văn phòng Chính phủ dạng QCVN 102 (13 ký tự)",
     AGENCY_SPEC, True),
    ("agency", "000.00.12.H99", "Mã cấp 3 dạng QCVN 102 (tỉnh Mẫu, hư cấu)", AGENCY_SPEC, True),
    ("agency", "H56.14", "Mã dạng từ trên xuống (top-down)", AGENCY_SPEC, True),
    ("agency", "000.00.00.g22", "Chữ thường được chuẩn hóa thành chữ hoa", AGENCY_SPEC, True),
    ("agency", "000.00.00.Z99", "Chữ cái cấp 1 ngoài A–Y", AGENCY_SPEC, False),
    ("agency", "00.00.00.G22", "Nhóm cấp 4 thiếu một chữ số", AGENCY_SPEC, False),
    ("agency", "G22-VPCP", "Ký tự không cho phép", AGENCY_SPEC, False),
    ("division", "31", "Mã tỉnh 2 chữ số", DIVISION_SPEC, True),
    ("division", "11824", "Mã xã 5 chữ số", DIVISION_SPEC, True),
    ("division", "0101", "Mã 4 chữ số (không phải tỉnh, không phải xã)", DIVISION_SPEC, False),
    ("division", "3A", "Mã có chữ cái", DIVISION_SPEC, False),
    ("notation", "215/SKHCN-VP", "Số, ký hiệu Công văn", NOTATION_SPEC, True),
    ("notation", "05/2025/TT-BTTTT", "Số, ký hiệu văn bản quy phạm (có năm)",
     NOTATION_SPEC, True),
    ("notation", "4547/KH-UBND", "Số, ký hiệu Kế hoạch", NOTATION_SPEC, True),
    ("notation", "SKHCN-VP", "Thiếu số văn bản và dấu /", NOTATION_SPEC, False),
    ("notation", "/UBND", "Số văn bản rỗng", NOTATION_SPEC, False),
)


def code_cases(corpus: Corpus) -> None:
    probe = Manifest(corpus_version=CORPUS_VERSION, title="probe", generated_by="probe",
                     notice="probe", cases=())
    for index, (system, value, title, spec, valid) in enumerate(CODES, start=1):
        case = {"id": f"code-{system}-{index:02d}", "title": title, "type": "unit-code",
                "spec": spec, "tags": ["code", system], "code_system": system, "value": value}
        model = Case.model_validate({**case, "expected": {"valid": valid}})
        corpus.add(case, evaluate(probe, model), valid=valid)


# -- main --------------------------------------------------------------------------------------

UNTRIGGERABLE = {
    "EDX504": "reported only when signature verification is requested (vn-egov validate "
              "--verify-signature --trust CA.pem), as the summary of the failing SIG findings; "
              "the corpus checks signatures through the signature cases and their SIG ids",
    "EDX410": "needs more attachments than ParseLimits.max_attachments (10,000 by default): "
              "a package too large to ship in the corpus; the library's hostile-input tests "
              "build one",
}
README = """# vn_egov conformance corpus

Generated by `tools/build_conformance_corpus.py` - do not edit by hand. `manifest.json` lists
every case with its expected outcome; `docs/conformance.md` explains the format and how to run
the kit (`vn-egov conformance run`, `vn-egov conformance check`).

All identifiers, names and addresses are fictional (province code `H99`, "tỉnh Mẫu"); the
certificates in `pki/` belong to a demonstration PKI that nothing real trusts.
"""


def build(out: Path) -> Manifest:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    corpus = Corpus(out)
    base = document_cases(corpus)
    status_cases(corpus, base)
    fixture_cases(corpus)
    rule_cases(corpus, base)
    signature_cases(corpus, base)
    code_cases(corpus)
    manifest = {
        "corpus_version": CORPUS_VERSION,
        "title": "vn_egov conformance corpus: edXML (QCVN 102:2016/BTTTT), XML-DSig, codes",
        "generated_by": "tools/build_conformance_corpus.py",
        "notice": "Fictional data (province H99); demo PKI only. Expected outcomes are those of "
                  "the default, non-strict policy.",
        "untriggerable_rules": UNTRIGGERABLE,
        "cases": corpus.cases,
    }
    corpus.write_file("manifest.json", _json_bytes(manifest))
    corpus.write_file("README.md", README.encode("utf-8"))
    return Manifest.model_validate(manifest)


def _same_tree(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right)
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    return all(_same_tree(left / sub, right / sub) for sub in comparison.common_dirs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="fail when the committed corpus differs from a fresh build")
    parser.add_argument("--out", type=Path, default=ROOT / "conformance")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as scratch:
            fresh = Path(scratch) / "conformance"
            build(fresh)
            same = _same_tree(fresh, args.out)
        print("corpus up to date" if same else "corpus differs from a fresh build")
        return 0 if same else 1
    manifest = build(args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"{len(manifest.cases)} cases, {size} bytes in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
