"""The pydantic models: defaults, derived values, equality and validation."""

from __future__ import annotations

from datetime import date

import pytest
from edoc_support import document, organization, status
from pydantic import ValidationError

from vn_egov.edoc import (
    Attachment,
    Business,
    BusinessDocType,
    Code,
    DocumentHeader,
    OtherInfo,
    Priority,
    PromulgationInfo,
    StatusCode,
    build_document_id,
    read,
    write,
)


def test_document_id_formula() -> None:
    code = Code(number="4547", notation="KH-UBND")
    assert build_document_id("000.00.00.H24", date(2015, 12, 25), code) == (
        "000.00.00.H24,2015/12/25,4547/KH-UBND")
    assert build_document_id("H56.14", date(2025, 1, 5), Code(number="01/2020",
                                                               notation="NĐ-CP")) == (
        "H56.14,2025/01/05,01/2020/NĐ-CP")
    assert str(code) == "4547/KH-UBND"


def test_header_defaults_document_id_but_keeps_a_given_one() -> None:
    assert document().header.document_id == "000.00.12.H99,2025/03/12,215/SKHCN-VP"
    assert document(document_id="uuid-1").header.document_id == "uuid-1"


def test_header_needs_a_recipient_and_forbids_unknown_fields() -> None:
    fields = {"sender": organization(), "code": Code(number="1", notation="UBND"),
              "promulgation_info": PromulgationInfo(date=date(2025, 1, 2)),
              "subject": "V/v", "steering_type": 1}
    with pytest.raises(ValidationError, match="recipients"):
        DocumentHeader(recipients=[], **fields)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        DocumentHeader(recipients=[organization()], **{**fields, "colour": "red"})


def test_attachment_size_and_sha256() -> None:
    attachment = Attachment(content_id="1", data=b"")
    assert attachment.size == 0
    assert attachment.sha256 == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert "data" not in repr(attachment)


def test_package_attachment_lookup() -> None:
    package = document()
    assert package.attachment("att-1").name == "215.pdf"
    assert package.attachment("cid:att-1").name == "215.pdf"
    with pytest.raises(KeyError, match="no attachment with ContentId 'x'"):
        package.attachment("x")


def test_priority_and_status_enums() -> None:
    assert OtherInfo(priority=3).priority_level is Priority.FLASH
    assert OtherInfo(priority=3).priority_level.label == "Hỏa tốc"  # type: ignore[union-attr]
    assert OtherInfo(priority=7).priority_level is None
    assert OtherInfo().priority_level is None
    assert [code.value for code in StatusCode] == [
        "01", "02", "03", "04", "05", "06", "13", "15", "16"]
    assert status("13").header.status is StatusCode.TAKE_BACK
    assert status("14").header.status is None
    assert [t.value for t in BusinessDocType] == [0, 1, 2, 3]
    assert Business().doc_type is BusinessDocType.NEW


def test_equality_ignores_reading_issues_only() -> None:
    built = document()
    again = read(write(built))
    assert again.issues  # EDX111 (no TypeName), EDX501 (unsigned)
    assert built.issues == []
    assert again == built
    assert again != document(subject="khác")
    assert (again == status()) is False
    with pytest.raises(TypeError):
        hash(built)


def test_json_round_trip_of_models() -> None:
    package = document()
    text = package.model_dump_json()
    assert '"transfer_data":"JVBERi0xLjQK"' in text  # bytes as base64 in JSON
    assert type(package).model_validate_json(text) == package
