"""Indicators of the national index of public-service delivery (QĐ 766/QĐ-TTg), as reports
compute them from dossiers.

Dates are compared as dates (``CONVERT(DATE, …)`` in the reports of production systems), over
a period ``[start, end]``, from each dossier's current status and dates:

* **carried over** (kỳ trước chuyển sang): received before the period and still open at its
  start (in progress, bổ sung or paused, or finished/withdrawn during the period);
* **received** in the period, by channel (direct, online, postal);
* **finished** in the period (status 9, 10): early (finish date before the due date), on time
  (on the due date, or no due date), late; **withdrawn** (7) in the period;
* **in progress** at the end (status 2, 4; or finished/bổ sung after the end): within the
  deadline (due date on or after the end) or overdue;
* **paused** (bổ sung 5 requested by the end; 6, 8);
* **processed on time** (xử lý đúng hạn) = finished on or before the due date + withdrawn +
  in progress within the deadline + paused; the **on-time rate** divides it by all dossiers
  counted (in progress, finished, paused, withdrawn);
* **online share**: online receipts / (direct + online receipts) of the period;
* **online payment**: dossiers received in the period whose fees were paid, and of them those
  paid online through the payment platform;
* **digitisation and re-use**: received dossiers with a digitised document, with a re-used
  document, with a document from the national data store; finished dossiers with a digitised
  result.

>>> report = qd766_report([], dt.date(2026, 1, 1), dt.date(2026, 3, 31))
>>> report.overall.to_dict()["on_time_rate"] is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any, Final

from vn_egov.errors import InputError
from vn_egov.i18n import N_, tr
from vn_egov.services.calendar.deadlines import due_date_of, to_local
from vn_egov.services.catalogue.models import ChannelKind
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import Dossier
from vn_egov.services.payment.records import PaymentMethod, PaymentStatus

__all__ = ["COLUMNS", "qd766_report"]

_IN_PROGRESS: Final = frozenset({Status.ACCEPTED, Status.PROCESSING})
_FINISHED: Final = frozenset({Status.RESOLVED, Status.RETURNED})
_PAUSED: Final = frozenset({Status.FINANCIAL_OBLIGATION, Status.STOPPED})
_NOT_RECEIVED: Final = frozenset({Status.SUBMITTED, Status.NOT_ACCEPTED})

#: Column labels of the printed table (translated where shown).
COLUMNS: Final = {
    "carried_over": N_("carried over"), "received": N_("received"),
    "received_online": N_("online"), "received_direct": N_("direct"),
    "received_postal": N_("postal"), "finished": N_("finished"), "early": N_("early"),
    "on_time": N_("on time"), "late": N_("late"), "withdrawn": N_("withdrawn"),
    "in_progress": N_("in progress"), "in_progress_within": N_("within deadline"),
    "in_progress_overdue": N_("overdue"), "paused": N_("paused"),
    "processed_on_time": N_("processed on time"), "counted": N_("counted"),
    "fees_paid": N_("fees paid"), "paid_online": N_("paid online"),
    "digitised": N_("digitised"), "reused": N_("re-used"),
    "from_national_store": N_("from national store"),
    "finished_digitised_result": N_("digitised results"),
}


def _date(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else to_local(moment).date()


def _closed_on(dossier: Dossier) -> dt.date | None:
    """The date a finished or withdrawn dossier ended (NgayKetThucXuLy)."""
    if dossier.status is Status.WITHDRAWN:
        withdrawn = [e.at for e in dossier.history if e.status is Status.WITHDRAWN]
        return _date(withdrawn[-1]) if withdrawn else None
    return _date(dossier.finished_at)


def _paused_on(dossier: Dossier) -> dt.date | None:
    """The date the current pause began (NgayYeuCauBoSung)."""
    return _date(dossier.pauses[-1].started_at) if dossier.pauses else None


@dataclass
class Qd766Counts:
    """The counts of one row of the report (an agency, or the whole).

    >>> Qd766Counts(finished=2, on_time=2, counted=2, processed_on_time=2).to_dict()[
    ...     "on_time_rate"]
    1.0
    """

    carried_over: int = 0
    received: int = 0
    received_online: int = 0
    received_direct: int = 0
    received_postal: int = 0
    finished: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    withdrawn: int = 0
    in_progress: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    paused: int = 0
    processed_on_time: int = 0
    counted: int = 0
    fees_paid: int = 0
    paid_online: int = 0
    digitised: int = 0
    reused: int = 0
    from_national_store: int = 0
    finished_digitised_result: int = 0

    def add(self, other: Qd766Counts) -> None:
        """Add *other*'s counts to this row."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def to_dict(self) -> dict[str, Any]:
        """Counts and the rates (fractions in [0, 1], ``None`` over zero)."""
        counts = {item.name: getattr(self, item.name) for item in fields(self)}
        return {**counts,
                "on_time_rate": _share(self.processed_on_time, self.counted),
                "online_share": _share(self.received_online,
                                       self.received_online + self.received_direct),
                "online_payment_share": _share(self.paid_online, self.fees_paid),
                "digitised_share": _share(self.digitised, self.received),
                "digitised_result_share": _share(self.finished_digitised_result,
                                                 self.finished)}


def _share(part: int, total: int) -> float | None:
    return round(part / total, 4) if total else None


class _Row:
    """Classifies one dossier for the period; each method counts one group."""

    def __init__(self, dossier: Dossier, start: dt.date, end: dt.date) -> None:
        self.d, self.start, self.end = dossier, start, end
        self.received = _date(dossier.received_at)
        self.closed = _closed_on(dossier)
        self.due = due_date_of(dossier.due_at) if dossier.due_at else None
        self.counts = Qd766Counts()

    def classify(self) -> Qd766Counts:
        if self.received is None or self.d.status in _NOT_RECEIVED or self.received > self.end:
            return self.counts
        self._carried_over()
        self._received_in_period()
        self._finished()
        self._open_at_end()
        self._payment_and_digitisation()
        return self.counts

    def _carried_over(self) -> None:
        status, received = self.d.status, self.received
        assert received is not None
        still_open = status in _IN_PROGRESS | _PAUSED | {Status.SUPPLEMENT_REQUESTED}
        closed_later = status in _FINISHED | {Status.WITHDRAWN} and self.closed is not None \
            and self.closed >= self.start
        if received < self.start and (still_open or closed_later):
            self.counts.carried_over += 1

    def _received_in_period(self) -> None:
        assert self.received is not None
        if not self.start <= self.received <= self.end:
            return
        self.counts.received += 1
        channel = self.d.channel
        self.counts.received_online += channel is ChannelKind.ONLINE
        self.counts.received_direct += channel is ChannelKind.DIRECT
        self.counts.received_postal += channel is ChannelKind.POSTAL

    def _finished(self) -> None:
        closed = self.closed
        if closed is None or not self.start <= closed <= self.end:
            return
        if self.d.status is Status.WITHDRAWN:
            self.counts.withdrawn += 1
            self.counts.processed_on_time += 1
            self.counts.counted += 1
            return
        if self.d.status not in _FINISHED:
            return
        self.counts.finished += 1
        self.counts.counted += 1
        if self.due is None or closed == self.due:
            self.counts.on_time += 1
        elif closed < self.due:
            self.counts.early += 1
        else:
            self.counts.late += 1
        self.counts.processed_on_time += self.due is None or closed <= self.due
        self.counts.finished_digitised_result += any(r.url for r in self.d.results)

    def _open_at_end(self) -> None:
        status = self.d.status
        paused_on = _paused_on(self.d)
        ended_later = status in _FINISHED | {Status.WITHDRAWN} and self.closed is not None \
            and self.closed > self.end
        supplement_later = status is Status.SUPPLEMENT_REQUESTED and paused_on is not None \
            and paused_on > self.end
        if status in _IN_PROGRESS or ended_later or supplement_later:
            self.counts.in_progress += 1
            self.counts.counted += 1
            within = self.due is None or self.due >= self.end
            self.counts.in_progress_within += within
            self.counts.in_progress_overdue += not within
            self.counts.processed_on_time += within
        elif status in _PAUSED or status is Status.SUPPLEMENT_REQUESTED:
            self.counts.paused += 1
            self.counts.counted += 1
            self.counts.processed_on_time += 1

    def _payment_and_digitisation(self) -> None:
        assert self.received is not None
        if not self.start <= self.received <= self.end:
            return
        paid = [p for p in self.d.payments if p.status is PaymentStatus.PAID and p.total > 0]
        self.counts.fees_paid += bool(paid)
        self.counts.paid_online += any(p.method is PaymentMethod.ONLINE for p in paid)
        documents = [doc for doc in self.d.documents if not doc.deleted]
        self.counts.digitised += any(doc.digitised for doc in documents)
        self.counts.reused += any(doc.reuse in (1, 2) for doc in documents)
        self.counts.from_national_store += any(doc.from_national_store for doc in documents)


@dataclass
class Qd766Report:
    """The report of a period: the whole and one row per agency.

    >>> Qd766Report(dt.date(2026, 1, 1), dt.date(2026, 1, 31)).to_dict()["period"]
    {'start': '2026-01-01', 'end': '2026-01-31'}
    """

    start: dt.date
    end: dt.date
    overall: Qd766Counts = field(default_factory=Qd766Counts)
    by_agency: dict[str, Qd766Counts] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
                "overall": self.overall.to_dict(),
                "by_agency": {key: row.to_dict() for key, row in sorted(self.by_agency.items())}}


def _agency(dossier: Dossier) -> str:
    if dossier.agency_code:
        return dossier.agency_code
    return dossier.code.rsplit("-", 2)[0] if dossier.code_format == "tt01" else "-"


def qd766_report(dossiers: Iterable[Dossier], start: dt.date, end: dt.date) -> Qd766Report:
    """The QĐ 766 indicators of *dossiers* for the period ``[start, end]``.

    >>> qd766_report([], dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    vn_egov.errors.InputError: the period ends (2026-01-01) before it starts (2026-02-01)
    """
    if end < start:
        raise InputError(tr("the period ends ({end}) before it starts ({start})",
                            end=end.isoformat(), start=start.isoformat()))
    report = Qd766Report(start, end)
    for dossier in dossiers:
        counts = _Row(dossier, start, end).classify()
        report.overall.add(counts)
        report.by_agency.setdefault(_agency(dossier), Qd766Counts()).add(counts)
    return report
