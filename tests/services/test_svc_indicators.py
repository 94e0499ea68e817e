"""QĐ 766/QĐ-TTg indicators as production reports compute them (D9, D10, D11).

Expected figures are worked out by hand below from the definitions of the Thanh Hóa one-stop
system's report builders (``ThongKeWhereBuilder``, ``QuyetDinh766ChiTieuTienDoWhereBuilder``,
``QuyetDinh766ChiTieuSoHoaWhereBuilder``): dates compared as dates, carried-over dossiers,
"xử lý đúng hạn" = finished on or before the due date + withdrawn + in progress within the
deadline + paused.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from svc_helpers import at

from vn_egov.errors import InputError
from vn_egov.services.catalogue.models import ChannelKind
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import (
    Dossier,
    HistoryEvent,
    Pause,
    Person,
    ResultDocument,
    SubmittedDocument,
)
from vn_egov.services.indicators.qd766 import qd766_report
from vn_egov.services.payment.records import (
    FeeLine,
    PaymentMethod,
    PaymentRequest,
    PaymentStatus,
)

START, END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def dossier(n: int, status: Status, received: dt.datetime | None, *,
            channel: ChannelKind = ChannelKind.DIRECT, **fields: Any) -> Dossier:
    return Dossier(code=f"000.00.06.H56-250301-{n:04d}", procedure_code="1.001193",
                   channel=channel, applicant=Person(name=f"Người {n}"), status=status,
                   received_at=received, **fields)


def paid(method: PaymentMethod) -> PaymentRequest:
    return PaymentRequest(id="YC", requested_at=at(2025, 3, 3, 9), status=PaymentStatus.PAID,
                          method=method, lines=[FeeLine(name="Lệ phí", amount=Decimal(8000))])


def dossiers() -> list[Dossier]:
    url = "https://files.invalid/kq.pdf"
    return [
        # A: carried over, still processing, due 3/3 -> overdue at the end
        dossier(1, Status.PROCESSING, at(2025, 2, 25, 9), due_at=at(2025, 3, 3, 17)),
        # B: carried over, finished 4/3 before its due date 5/3 -> early
        dossier(2, Status.RETURNED, at(2025, 2, 26, 9), due_at=at(2025, 3, 5, 17),
                finished_at=at(2025, 3, 4, 9), results=[ResultDocument(name="KQ", url=url)]),
        # C: finished on its due date after office hours -> on time (D9)
        dossier(3, Status.RESOLVED, at(2025, 3, 3, 9), due_at=at(2025, 3, 6, 17),
                finished_at=at(2025, 3, 6, 18), payments=[paid(PaymentMethod.CASH)],
                documents=[SubmittedDocument(name="Tờ khai", digitised=True)]),
        # D: online, finished the day after its due date -> late; paid online
        dossier(4, Status.RESOLVED, at(2025, 3, 10, 9), channel=ChannelKind.ONLINE,
                due_at=at(2025, 3, 11, 17), finished_at=at(2025, 3, 12, 9),
                payments=[paid(PaymentMethod.ONLINE)],
                results=[ResultDocument(name="KQ", url=url)]),
        # E: online, bổ sung requested 18/3 -> paused
        dossier(5, Status.SUPPLEMENT_REQUESTED, at(2025, 3, 17, 9), channel=ChannelKind.ONLINE,
                due_at=at(2025, 3, 20, 17),
                pauses=[Pause(status=Status.SUPPLEMENT_REQUESTED,
                              started_at=at(2025, 3, 18, 9))]),
        # F: postal, withdrawn 21/3
        dossier(6, Status.WITHDRAWN, at(2025, 3, 20, 9), channel=ChannelKind.POSTAL,
                due_at=at(2025, 3, 25, 17),
                history=[HistoryEvent(at=at(2025, 3, 21, 9), action="Rút hồ sơ",
                                      status=Status.WITHDRAWN)]),
        # G: in progress, due 2/4 -> within the deadline; a re-used document
        dossier(7, Status.PROCESSING, at(2025, 3, 24, 9), due_at=at(2025, 4, 2, 17),
                documents=[SubmittedDocument(name="Giấy tờ", reuse=1)]),
        # H: stopped (8) -> paused; a document from the national data store
        dossier(8, Status.STOPPED, at(2025, 3, 25, 9), due_at=at(2025, 4, 1, 17),
                pauses=[Pause(status=Status.STOPPED, started_at=at(2025, 3, 26, 9))],
                documents=[SubmittedDocument(name="Giấy tờ", from_national_store=True)]),
        # I, J: never received / refused at reception -> not counted
        dossier(9, Status.SUBMITTED, None),
        dossier(10, Status.NOT_ACCEPTED, None),
        # K: received after the period -> not counted
        dossier(11, Status.PROCESSING, at(2025, 4, 2, 9), due_at=at(2025, 4, 3, 17)),
        # L: due on the last day of the period, 18:00 now -> still within (D10)
        dossier(12, Status.PROCESSING, at(2025, 3, 28, 9), due_at=at(2025, 3, 31, 17)),
    ]


def test_qd766_table() -> None:
    row = qd766_report(dossiers(), START, END).overall.to_dict()
    assert {key: row[key] for key in (
        "carried_over", "received", "received_online", "received_direct", "received_postal",
        "finished", "early", "on_time", "late", "withdrawn", "in_progress",
        "in_progress_within", "in_progress_overdue", "paused", "processed_on_time",
        "counted")} == {
        "carried_over": 2, "received": 7, "received_online": 2, "received_direct": 4,
        "received_postal": 1, "finished": 3, "early": 1, "on_time": 1, "late": 1,
        "withdrawn": 1, "in_progress": 3, "in_progress_within": 2, "in_progress_overdue": 1,
        "paused": 2, "processed_on_time": 7, "counted": 9}
    assert row["on_time_rate"] == round(7 / 9, 4)
    assert row["online_share"] == round(2 / 6, 4)
    # online payment: C paid cash, D paid online
    assert (row["fees_paid"], row["paid_online"], row["online_payment_share"]) == (2, 1, 0.5)
    # digitisation and re-use among the 7 received; digitised results among the 3 finished
    assert (row["digitised"], row["reused"], row["from_national_store"]) == (1, 1, 1)
    assert (row["finished_digitised_result"], row["digitised_result_share"]) == (
        2, round(2 / 3, 4))


def test_carry_over_to_the_next_period() -> None:
    april = qd766_report(dossiers(), dt.date(2025, 4, 1), dt.date(2025, 4, 30)).overall
    # A, E, G, H, L stay open into April; K is received in April
    assert (april.carried_over, april.received) == (5, 1)


def test_by_agency_rows() -> None:
    report = qd766_report(dossiers(), START, END)
    assert list(report.to_dict()["by_agency"]) == ["000.00.06.H56"]
    assert report.by_agency["000.00.06.H56"] == report.overall


def test_bad_period() -> None:
    with pytest.raises(InputError, match="ends"):
        qd766_report([], END, START)
