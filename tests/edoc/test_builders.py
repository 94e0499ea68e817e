"""Builders: new documents, the answering status package, revoke/update/replace."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from edoc_support import xsd_errors

from vn_egov.edoc import DocumentPackage, StatusCode, read, write
from vn_egov.edoc.builders import (
    BuildError,
    answer,
    new_document,
    now_in_vietnam,
    replace,
    revoke,
    update,
)
from vn_egov.edoc.codes import BusinessDocType
from vn_egov.validation import check

WHEN = datetime(2015, 12, 25, 16, 30)


def _plan() -> DocumentPackage:
    return new_document(sender="000.00.00.H24", recipients=["000.00.01.H24", "000.00.02.H24"],
                        number="4547", notation="KH-UBND", promulgation_date=date(2015, 12, 25),
                        subject="Ứng dụng CNTT", type_name="Kế hoạch", timestamp=WHEN)


def test_new_document() -> None:
    package = _plan()
    assert package.header.document_id == "000.00.00.H24,2015/12/25,4547/KH-UBND"
    assert package.header.steering_type == 1
    assert package.header.document_type is not None
    assert package.header.document_type.type_name == "Kế hoạch"
    assert package.trace is not None
    assert [(t.organ_id, t.timestamp) for t in package.trace.trace_headers] == [
        ("000.00.00.H24", WHEN)]
    assert package.business is not None
    assert (package.business.doc_type, package.business.reason, package.business.paper) == (
        BusinessDocType.NEW, "Văn bản điện tử mới", 0)
    data = write(package)
    assert xsd_errors(data, "document") == []
    assert check(data).rule_ids() == ["EDX501"]
    without_trace = new_document(sender="000.00.00.H24", recipients=["000.00.01.H24"],
                                 number="1", notation="UBND", promulgation_date=date(2025, 1, 2),
                                 subject="V/v", timestamp=None)
    assert without_trace.trace is not None
    assert without_trace.trace.trace_headers == []


def test_now_in_vietnam_is_naive_whole_seconds() -> None:
    value = now_in_vietnam()
    assert value.tzinfo is None
    assert value.microsecond == 0


@pytest.mark.parametrize("code", list(StatusCode))
def test_answer_each_status_code(code: StatusCode) -> None:
    reply = answer(_plan(), code, timestamp=datetime(2015, 12, 28, 8, 30))
    header = reply.header
    assert header.status_code == code.value
    assert header.description == code.label
    assert header.response_for.document_id == "000.00.00.H24,2015/12/25,4547/KH-UBND"
    assert header.response_for.code == "4547/KH-UBND"
    assert header.response_for.promulgation_date == date(2015, 12, 25)
    if code is StatusCode.TAKE_BACK:
        # 13: the issuer takes the document back; the status goes to the recipient.
        assert header.sender.organ_id == "000.00.00.H24"
        assert header.response_for.organ_id == "000.00.01.H24"
    else:
        assert header.sender.organ_id == "000.00.01.H24"
        assert header.response_for.organ_id == "000.00.00.H24"
    data = write(reply)
    assert xsd_errors(data, "status") == []
    report = check(data)
    assert report.profile_id == "edxml-status"
    assert report.rule_ids() == ["EDX501"]
    assert read(data) == reply


def test_answer_with_sender_and_description() -> None:
    reply = answer(_plan(), "02", sender="000.00.02.H24", description="Sai thể thức",
                   timestamp=None)
    assert reply.header.sender.organ_id == "000.00.02.H24"
    assert reply.header.description == "Sai thể thức"
    assert reply.header.timestamp is None
    with pytest.raises(BuildError, match="status code '07' is not one of 01, 02, 03, 04, 05, 06, "
                                         "13, 15, 16"):
        answer(_plan(), "07")


def test_revoke() -> None:
    package = revoke(_plan(), timestamp=datetime(2016, 1, 4, 8, 0))
    assert package.business is not None
    assert package.business.doc_type is BusinessDocType.REVOKE
    assert package.business.document_id == "000.00.00.H24,2015/12/25,4547/KH-UBND"
    assert package.business.reason == "Thu hồi văn bản điện tử"
    assert package.header == _plan().header  # the full header is kept
    assert package.signature is None
    assert check(write(package)).rule_ids() == ["EDX501"]


def test_update() -> None:
    package = update(_plan(), added=["000.00.03.H24"], removed=["000.00.02.H24"],
                     reason="Bổ sung nơi nhận", timestamp=datetime(2016, 1, 4))
    business = package.business
    assert business is not None
    assert business.doc_type is BusinessDocType.UPDATE
    [info] = business.document_infos
    assert (info.document_info, info.document_receiver) == (1, 1)
    assert [(r.organ_id, r.receiver_type) for r in info.receivers] == [
        ("000.00.03.H24", 1), ("000.00.02.H24", 0)]
    data = write(package)
    assert b"<edXML:BussinessDocumentInfo>" in data
    assert b"<edXML:ReceiverList>" in data
    assert check(data).rule_ids() == ["EDX501"]
    plain = update(_plan(), metadata_changed=False, timestamp=None).business
    assert plain is not None
    assert [(i.document_info, i.document_receiver) for i in plain.document_infos] == [(0, 0)]


def test_replace() -> None:
    old = _plan()
    new = new_document(sender="000.00.00.H24", recipients=["000.00.01.H24"], number="4600",
                       notation="KH-UBND", promulgation_date=date(2015, 12, 30),
                       subject="Thay thế", type_name="Kế hoạch", timestamp=None)
    package = replace(old, new, timestamp=datetime(2015, 12, 30, 10, 0))
    business = package.business
    assert business is not None
    assert business.doc_type is BusinessDocType.REPLACE
    assert business.document_id == old.header.document_id
    assert [(r.document_id, r.organ_ids) for r in business.replacements] == [
        (old.header.document_id, ["000.00.01.H24", "000.00.02.H24"])]
    assert package.header.document_id == "000.00.00.H24,2015/12/30,4600/KH-UBND"
    data = write(package)
    assert b"<edXML:ReplacementInfoList>" in data
    assert check(data).rule_ids() == ["EDX501"]


def test_answer_keeps_received_codes_and_checks_a_given_sender() -> None:
    received = _plan().model_copy(deep=True)
    received.header.recipients[0].organ_id = "28.22.H17"  # as a real hub file has it
    reply = answer(received, "03", timestamp=None)
    assert reply.header.sender.organ_id == "28.22.H17"
    with pytest.raises(BuildError, match="sender OrganId 'x y'"):
        answer(received, "03", sender="x y", timestamp=None)
