"""Support for the edXML tests: paths, the fixture manifest, XSD checks, small packages.

The fixture corpus ``tests/data/edxml`` is written by another contributor; the tests only read
it. The official VPCP samples live outside the repository and are used when present.
"""


from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from vn_egov.edoc import (
    Attachment,
    Business,
    Code,
    DocumentHeader,
    DocumentPackage,
    ManifestReference,
    Organization,
    PromulgationInfo,
    ResponseFor,
    StatusHeader,
    StatusPackage,
    TraceHeader,
    TraceHeaderList,
)
from vn_egov.validation.xsd import load_schema

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DATA = REPO / "tests" / "data" / "edxml"
MANIFEST = DATA / "MANIFEST.json"
SAMPLES = REPO.parent / "shared" / "samples" / "vpcp"
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
SCHEMAS = {"document": "edxml/qcvn-102-2016/edxml-document.xsd",
           "status": "edxml/qcvn-102-2016/edxml-status.xsd"}


@cache
def manifest_entries() -> tuple[dict[str, Any], ...]:
    """The ``files`` of ``MANIFEST.json`` (empty when the corpus is absent)."""
    if not MANIFEST.is_file():
        return ()
    return tuple(json.loads(MANIFEST.read_text(encoding="utf-8"))["files"])


def fixture_path(relative: str) -> Path:
    """A corpus file; the test is skipped, visibly, when the corpus does not have it."""
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"fixture {relative} is not in tests/data/edxml")
    return path


def xsd_errors(data: bytes, kind: str) -> list[str]:
    """The messages of the shipped XSD for *data* (``kind`` is document or status)."""
    schema = load_schema(SCHEMAS[kind])
    tree = etree.ElementTree(etree.fromstring(data))
    if schema.validate(tree):
        return []
    return [f"{entry.line}: {entry.message}" for entry in schema.error_log]


def organization(organ_id: str = "000.00.12.H99", name: str | None = "Sở Khoa học và Công nghệ"
                 ) -> Organization:
    """A small agency."""
    return Organization(organ_id=organ_id, organ_name=name)


def document(**header: Any) -> DocumentPackage:
    """A small document package (one recipient, one attachment); *header* overrides fields."""
    fields: dict[str, Any] = {
        "sender": organization(),
        "recipients": [organization("000.00.05.H99", "Sở Nội vụ")],
        "code": Code(number="215", notation="SKHCN-VP"),
        "promulgation_info": PromulgationInfo(place="Tỉnh Mẫu", date=date(2025, 3, 12)),
        "subject": "V/v báo cáo tình hình kết nối",
        "steering_type": 1,
    }
    fields.update(header)
    attachment = Attachment(content_id="att-1", name="215.pdf", description="Văn bản",
                            content_type="application/pdf", data=b"%PDF-1.4\n")
    return DocumentPackage(
        header=DocumentHeader(**fields),
        trace=TraceHeaderList(
            trace_headers=[TraceHeader(organ_id="000.00.12.H99",
                                       timestamp=datetime(2025, 3, 12, 9, 41, 5))],
            business=Business(reason="Văn bản điện tử mới", paper=0)),
        manifest=[ManifestReference(content_id="att-1", content_type="application/pdf",
                                    description="Văn bản", name="215.pdf")],
        attachments=[attachment])


def status(code: str = "03") -> StatusPackage:
    """A small status package answering the document of :func:`document`."""
    return StatusPackage(header=StatusHeader(
        sender=organization("000.00.05.H99", "Sở Nội vụ"),
        response_for=ResponseFor(organ_id="000.00.12.H99", code="215/SKHCN-VP",
                                 promulgation_date=date(2025, 3, 12),
                                 document_id="000.00.12.H99,2025/03/12,215/SKHCN-VP"),
        status_code=code, description="Đã tiếp nhận",
        timestamp=datetime(2025, 3, 12, 14, 20, 33)))

