"""Paying a dossier online: build INIT, apply the platform's confirmation, ask QUERY/GET_BILL.

Nothing here does network I/O: the functions build the messages to send and read the ones
received, and record the outcome on the dossier's :class:`PaymentRequest`. A confirmation
whose ``MaXacThuc`` does not match is refused with
:class:`~vn_egov.services.payment.messages.ChecksumMismatch` before anything is recorded.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from vn_egov.services.payment.records import FeeLine
>>> request = PaymentRequest(id="YC1", requested_at=dt.datetime(2025, 3, 3, tzinfo=dt.UTC),
...                          lines=[FeeLine(name="Lệ phí", amount=Decimal(8000))])
>>> partner = Partner(code="000.00.00.H56", secret="k")
>>> init = start_payment(request, "000.00.06.H56-250303-0001", partner,
...                      dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC), ip="10.0.0.1")
>>> init.reference, init.amount, request.transactions[0].status.value
('dvc0000006H56250303000120250303160000', '8000', 'initiated')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.services.calendar.working import VN_TZ
from vn_egov.services.catalogue.models import FeeKind
from vn_egov.services.dossier.models import Dossier
from vn_egov.services.payment.messages import (
    BillInfo,
    BillLine,
    BillRequest,
    Confirmation,
    InitRequest,
    PaymentItem,
    QueryRequest,
)
from vn_egov.services.payment.records import (
    PaymentMethod,
    PaymentRequest,
    PaymentStatus,
    Transaction,
    TransactionStatus,
)

__all__ = ["Beneficiary", "Partner", "apply_confirmation", "bill_for", "bill_request",
           "query_request", "start_payment"]

_NON_WORD: Final = re.compile(r"\W", re.ASCII)
_TIME_FORMAT: Final = "%Y%m%d%H%M%S"


@dataclass(frozen=True, slots=True)
class Partner:
    """The agency's account on the payment platform (``MaDoiTac`` and its secret key).

    The secret never appears in ``repr`` (it is only used to compute ``MaXacThuc``).

    >>> Partner(code="P", secret="s3cr3t")
    Partner(code='P')
    """

    code: str
    secret: str

    def __repr__(self) -> str:
        return f"Partner(code={self.code!r})"


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """The account the fees are paid into (``TKThuHuong``, ``MaNHThuHuong``, ``TenTKThuHuong``).

    >>> Beneficiary(account="0123", bank="970415", name="UBND xã").bank
    '970415'
    """

    account: str
    bank: str
    name: str


#: ``LoaiPhiLePhi`` of the bill lines (1 phí, 2 lệ phí, as one integrator sends them).
_BILL_KINDS: Final = {FeeKind.PHI: "1", FeeKind.LE_PHI: "2"}


def bill_for(dossier: Dossier, request: PaymentRequest,
             beneficiary: Beneficiary | None = None, *, service_suffix: str = ".01") -> BillInfo:
    """``ThongTinBienLai`` of *request*: the dossier, the payer, one line per fee.

    ``MaDVC`` is the procedure code + *service_suffix* (".01", as one production system
    builds it; the meaning of the suffix is not published).

    >>> from decimal import Decimal
    >>> from vn_egov.services.catalogue.models import ChannelKind
    >>> from vn_egov.services.dossier.models import Person
    >>> from vn_egov.services.payment.records import FeeLine
    >>> d = Dossier(code="H56.14-240823-0001", procedure_code="1.001193",
    ...             channel=ChannelKind.ONLINE, applicant=Person(name="A"))
    >>> r = PaymentRequest(id="YC1", requested_at=dt.datetime(2024, 8, 23, tzinfo=dt.UTC),
    ...                    lines=[FeeLine(name="Lệ phí", amount=Decimal(8000))])
    >>> bill_for(d, r).service_code, bill_for(d, r).lines[0].amount
    ('1.001193.01', '8000')
    """
    text = f"THANH TOAN HO SO {dossier.code}"
    payer = dossier.applicant
    account = beneficiary or Beneficiary("", "", "")
    return BillInfo(
        service_code=dossier.procedure_code + service_suffix,
        service_name=dossier.procedure_name or "", procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name or "", agency_code=dossier.agency_code or "",
        agency_name=dossier.agency_name or "", dossier_code=dossier.code,
        beneficiary_account=account.account, beneficiary_bank=account.bank,
        beneficiary_name=account.name, payment_content=text, payer_name=payer.name,
        payer_id=payer.id_number or "", payer_address=payer.address or "",
        lines=tuple(BillLine(kind=_BILL_KINDS.get(line.kind, ""), code=line.code or "",
                             name=line.name, amount=format(line.amount.quantize(1), "f"))
                    for line in request.lines),
        items=(PaymentItem(content=text, amount=format(request.total.quantize(1), "f")),))


def platform_time(moment: dt.datetime) -> str:
    """``ThoiGianGD``: ``yyyyMMddHHmmss`` (24-hour clock) in Asia/Ho_Chi_Minh.

    >>> platform_time(dt.datetime(2025, 3, 3, 8, 5, tzinfo=dt.UTC))
    '20250303150500'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InputError(tr("{what} {moment} has no time zone", what="ThoiGianGD",
                            moment=moment.isoformat()),
                         hint=tr("give an aware datetime, e.g. with +07:00"))
    return moment.astimezone(VN_TZ).strftime(_TIME_FORMAT)


def reference_for(dossier_code: str, at: dt.datetime) -> str:
    """``MaThamChieu``: "dvc" + the dossier code without punctuation + the time.

    >>> reference_for("H56.14-240823-0001", dt.datetime(2024, 8, 23, 2, tzinfo=dt.UTC))
    'dvcH5614240823000120240823090000'
    """
    return "dvc" + _NON_WORD.sub("", dossier_code) + platform_time(at)


def start_payment(request: PaymentRequest, dossier_code: str, partner: Partner,
                  at: dt.datetime, *, ip: str = "", bill: BillInfo | None = None,
                  description: str | None = None) -> InitRequest:
    """Record a new transaction on *request* and return the signed INIT message."""
    if request.status is not PaymentStatus.PENDING:
        raise InputError(tr("payment request {id} is {status}, not pending", id=request.id,
                            status=request.status.value),
                         hint=tr("only a pending request can be paid"))
    amount = request.total
    if amount <= 0:
        raise InputError(tr("payment request {id} has nothing to pay", id=request.id))
    reference = reference_for(dossier_code, at)
    text = description or f"THANH TOAN HO SO {dossier_code}"
    init = InitRequest(partner=partner.code, reference=reference,
                       amount=format(amount.quantize(1), "f"), description=text,
                       time=platform_time(at), ip=ip,
                       bill=bill or BillInfo(dossier_code=dossier_code, payment_content=text))
    request.transactions.append(Transaction(reference=reference, started_at=at, amount=amount))
    return init.signed(partner.secret)


def _find(requests: list[PaymentRequest], reference: str
          ) -> tuple[PaymentRequest, Transaction]:
    for request in requests:
        transaction = request.transaction(reference)
        if transaction is not None:
            return request, transaction
    raise InputError(tr("no transaction with reference {reference}", reference=reference),
                     hint=tr("the confirmation names a transaction this dossier never started"))


def apply_confirmation(requests: list[PaymentRequest], confirmation: Confirmation,
                       partner: Partner, at: dt.datetime) -> Transaction:
    """Verify *confirmation* (``MaXacThuc``, amount) and record it; returns the transaction.

    A wrong checksum raises :class:`ChecksumMismatch`; an amount other than the transaction's
    raises :class:`~vn_egov.errors.InputError`. Nothing is changed in either case.
    """
    confirmation.verify(partner.secret)
    request, transaction = _find(requests, confirmation.reference)
    expected = format(transaction.amount.quantize(1), "f")
    if confirmation.amount.strip() not in ("", expected):
        raise InputError(tr("confirmed amount {got} differs from the transaction's {expected}",
                            got=confirmation.amount, expected=expected),
                         hint=tr("refuse the confirmation and query the platform"))
    transaction.error_code = confirmation.error_code
    transaction.transaction_id = confirmation.transaction_id or None
    transaction.bank = confirmation.bank or None
    transaction.confirmed_at = at
    if confirmation.succeeded:
        transaction.status = TransactionStatus.SUCCEEDED
        request.status = PaymentStatus.PAID
        request.method = PaymentMethod.ONLINE
        request.paid_at = at
    else:
        transaction.status = TransactionStatus.FAILED
    return transaction


def query_request(transaction: Transaction, partner: Partner, at: dt.datetime) -> QueryRequest:
    """The signed QUERY message for *transaction*."""
    query = QueryRequest(partner=partner.code, reference=transaction.reference,
                         time=platform_time(at))
    return query.signed(partner.secret)


def bill_request(transaction: Transaction, partner: Partner, at: dt.datetime) -> BillRequest:
    """The signed GET_BILL message for *transaction* (the answer is the e-receipt PDF)."""
    bill = BillRequest(partner=partner.code, reference=transaction.reference,
                       time=platform_time(at))
    return bill.signed(partner.secret)
