"""Online payment through the national payment platform (INIT, QUERY, confirmation, GET_BILL).

>>> from vn_egov.services.payment import checksum
>>> len(checksum(["QUERY", "1.0.6"], "secret"))
64
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.payment.flow import (
        Beneficiary,
        Partner,
        apply_confirmation,
        bill_for,
        bill_request,
        platform_time,
        query_request,
        reference_for,
        start_payment,
    )
    from vn_egov.services.payment.messages import (
        PROTOCOL_VERSION,
        SUCCESS,
        BillInfo,
        BillLine,
        BillRequest,
        ChecksumMismatch,
        Confirmation,
        ConfirmationAnswer,
        InitRequest,
        InitResponse,
        PaymentItem,
        QueryRequest,
        QueryResult,
        SignedMessage,
        checksum,
        parse_message,
    )
    from vn_egov.services.payment.records import (
        Collection,
        FeeLine,
        PaymentMethod,
        PaymentRequest,
        PaymentStatus,
        Transaction,
        TransactionStatus,
        online_payment_flag,
    )

_EXPORTS = {
    "Beneficiary": "flow",
    "BillInfo": "messages",
    "BillLine": "messages",
    "BillRequest": "messages",
    "ChecksumMismatch": "messages",
    "Collection": "records",
    "Confirmation": "messages",
    "ConfirmationAnswer": "messages",
    "FeeLine": "records",
    "InitRequest": "messages",
    "InitResponse": "messages",
    "PROTOCOL_VERSION": "messages",
    "Partner": "flow",
    "PaymentItem": "messages",
    "PaymentMethod": "records",
    "PaymentRequest": "records",
    "PaymentStatus": "records",
    "QueryRequest": "messages",
    "QueryResult": "messages",
    "SUCCESS": "messages",
    "SignedMessage": "messages",
    "Transaction": "records",
    "TransactionStatus": "records",
    "apply_confirmation": "flow",
    "bill_for": "flow",
    "bill_request": "flow",
    "checksum": "messages",
    "online_payment_flag": "records",
    "parse_message": "messages",
    "platform_time": "flow",
    "query_request": "flow",
    "reference_for": "flow",
    "start_payment": "flow",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "PROTOCOL_VERSION",
    "SUCCESS",
    "Beneficiary",
    "BillInfo",
    "BillLine",
    "BillRequest",
    "ChecksumMismatch",
    "Collection",
    "Confirmation",
    "ConfirmationAnswer",
    "FeeLine",
    "InitRequest",
    "InitResponse",
    "Partner",
    "PaymentItem",
    "PaymentMethod",
    "PaymentRequest",
    "PaymentStatus",
    "QueryRequest",
    "QueryResult",
    "SignedMessage",
    "Transaction",
    "TransactionStatus",
    "apply_confirmation",
    "bill_for",
    "bill_request",
    "checksum",
    "online_payment_flag",
    "parse_message",
    "platform_time",
    "query_request",
    "reference_for",
    "start_payment",
]
