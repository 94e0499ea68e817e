"""What a dossier records about payment: requests, their fee lines and transactions.

A :class:`PaymentRequest` (yêu cầu thanh toán) lists the fee lines due (phí, lệ phí), how they
are collected (before, after, or an exempt applicant) and its status; each attempt through
the national payment platform is a :class:`Transaction` identified by its reference
(``MaThamChieu``). The portal flag ``DuocThanhToanTrucTuyen`` follows from them
(:func:`online_payment_flag`): "0" nothing to pay, "1" paid online, "3" otherwise — the values
one production system sends (their meaning is not published).

>>> import datetime as dt
>>> from decimal import Decimal
>>> request = PaymentRequest(id="YC1", requested_at=dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC),
...                          lines=[FeeLine(name="Lệ phí", amount=Decimal(8000))])
>>> request.total, request.status.value, online_payment_flag([request])
(Decimal('8000'), 'pending', '3')
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from vn_egov.services.catalogue.models import FeeKind

__all__ = [
    "Collection",
    "FeeLine",
    "PaymentMethod",
    "PaymentRequest",
    "PaymentStatus",
    "Transaction",
    "TransactionStatus",
    "online_payment_flag",
]

_CONFIG = ConfigDict(extra="forbid", validate_assignment=True)


class PaymentMethod(StrEnum):
    """How the applicant paid (``HinhThucThanhToan``: truc-tuyen, tien-mat, chuyen-khoan).

    >>> PaymentMethod.ONLINE.value
    'online'
    """

    ONLINE = "online"
    CASH = "cash"
    TRANSFER = "transfer"


class Collection(StrEnum):
    """When the fee is collected (``HinhThucThu``): before, after, or exempt (miễn phí).

    >>> Collection.EXEMPT.value
    'exempt'
    """

    BEFORE = "before"
    AFTER = "after"
    EXEMPT = "exempt"


class PaymentStatus(StrEnum):
    """Status of a payment request (chờ thanh toán, đã thanh toán, hủy, đã hoàn phí).

    >>> PaymentStatus.PAID.value
    'paid'
    """

    PENDING = "pending"
    PAID = "paid"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class TransactionStatus(StrEnum):
    """Status of one attempt through the platform.

    >>> TransactionStatus.SUCCEEDED.value
    'succeeded'
    """

    INITIATED = "initiated"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class FeeLine(BaseModel):
    """One fee due: phí or lệ phí, with its code and amount.

    >>> from decimal import Decimal
    >>> FeeLine(name="Phí thẩm định", amount=Decimal(50000), kind=FeeKind.PHI).kind.value
    'PHI'
    """

    model_config = _CONFIG
    name: str = Field(min_length=1)
    amount: Decimal = Field(ge=0)
    kind: FeeKind = FeeKind.UNKNOWN
    code: str | None = None


class Transaction(BaseModel):
    """One payment attempt through the national payment platform.

    >>> import datetime as dt
    >>> Transaction(reference="dvc1", started_at=dt.datetime(2025, 3, 3, tzinfo=dt.UTC),
    ...             amount=Decimal(8000)).status.value
    'initiated'
    """

    model_config = _CONFIG
    reference: str = Field(min_length=1, max_length=255)
    started_at: AwareDatetime
    amount: Decimal = Field(ge=0)
    status: TransactionStatus = TransactionStatus.INITIATED
    payment_url: str | None = None
    transaction_id: str | None = None
    bank: str | None = None
    error_code: str | None = None
    confirmed_at: AwareDatetime | None = None


class PaymentRequest(BaseModel):
    """A request to pay the fees of a dossier, with its transactions and e-receipt.

    >>> import datetime as dt
    >>> PaymentRequest(id="YC1", requested_at=dt.datetime(2025, 3, 3, tzinfo=dt.UTC),
    ...                collection=Collection.EXEMPT).total
    Decimal('0')
    """

    model_config = _CONFIG
    id: str = Field(min_length=1)
    requested_at: AwareDatetime
    lines: list[FeeLine] = Field(default_factory=list)
    collection: Collection = Collection.BEFORE
    status: PaymentStatus = PaymentStatus.PENDING
    method: PaymentMethod | None = None
    paid_at: AwareDatetime | None = None
    transactions: list[Transaction] = Field(default_factory=list)
    receipt_number: str | None = None
    receipt_url: str | None = None

    @property
    def total(self) -> Decimal:
        """Sum of the fee lines (0 for an exempt applicant)."""
        if self.collection is Collection.EXEMPT:
            return Decimal(0)
        return sum((line.amount for line in self.lines), Decimal(0))

    def transaction(self, reference: str) -> Transaction | None:
        """The transaction with *reference*, if any."""
        return next((t for t in self.transactions if t.reference == reference), None)


def online_payment_flag(requests: Sequence[PaymentRequest]) -> str:
    """``DuocThanhToanTrucTuyen`` of a dossier: "0" none due, "1" paid online, "3" otherwise.

    >>> online_payment_flag([])
    '0'
    """
    due = [r for r in requests if r.status is not PaymentStatus.CANCELLED and r.total > 0]
    if not due:
        return "0"
    if any(r.status is PaymentStatus.PAID and r.method is PaymentMethod.ONLINE for r in due):
        return "1"
    return "3"
