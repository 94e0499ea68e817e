"""PAdES signatures of PDF documents: verify every signature, sign as a person or an agency.

Needs the ``pdf`` extra (``pip install "vn-egov[pdf]"``: pyHanko). The rule ids (``PDF0xx``,
:mod:`vn_egov.signature.pdf.rules`) and the result types load without it.

>>> from vn_egov.signature.pdf import PdfVerifier
>>> PdfVerifier().verify(b"not a pdf").rule_ids()
['PDF001']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports
from vn_egov.signature.pdf import rules as _rules  # registers the rule ids; light

if TYPE_CHECKING:
    from vn_egov.signature.pdf.context import validation_context
    from vn_egov.signature.pdf.result import (
        Appearance,
        Coverage,
        Modification,
        PadesLevel,
        PdfSignatureResult,
        PdfVerificationResult,
        RevocationStatus,
        SignatureKind,
        SignerRole,
        TimeSource,
        TimestampInfo,
    )
    from vn_egov.signature.pdf.roles import role_of
    from vn_egov.signature.pdf.verify import PdfVerifier

_EXPORTS = {
    "Appearance": "result",
    "Coverage": "result",
    "Modification": "result",
    "PadesLevel": "result",
    "PdfSignatureResult": "result",
    "PdfVerificationResult": "result",
    "PdfVerifier": "verify",
    "RevocationStatus": "result",
    "SignatureKind": "result",
    "SignerRole": "result",
    "TimeSource": "result",
    "TimestampInfo": "result",
    "role_of": "roles",
    "validation_context": "context",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "Appearance",
    "Coverage",
    "Modification",
    "PadesLevel",
    "PdfSignatureResult",
    "PdfVerificationResult",
    "PdfVerifier",
    "RevocationStatus",
    "SignatureKind",
    "SignerRole",
    "TimeSource",
    "TimestampInfo",
    "role_of",
    "validation_context",
]

del _rules
