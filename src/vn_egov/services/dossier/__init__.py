"""One-stop-shop dossiers: the model, the lifecycle (status codes 1-10) and the receipt.

>>> from vn_egov.services.dossier import Status
>>> Status(8).label_vi
'Dừng xử lý'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.dossier.lifecycle import (
        DEFAULT_TRANSITIONS,
        FINAL_STATUSES,
        InvalidTransition,
        LifecycleError,
        Status,
        TransitionTable,
        allowed_next,
        check_transition,
    )
    from vn_egov.services.dossier.models import (
        Dossier,
        DossierFee,
        Extension,
        HistoryEvent,
        Person,
        ResultDocument,
        SubmittedDocument,
        SupplementRequest,
    )
    from vn_egov.services.dossier.receipt import (
        Receipt,
    )

_EXPORTS = {
    "DEFAULT_TRANSITIONS": "lifecycle",
    "Dossier": "models",
    "DossierFee": "models",
    "Extension": "models",
    "FINAL_STATUSES": "lifecycle",
    "HistoryEvent": "models",
    "InvalidTransition": "lifecycle",
    "LifecycleError": "lifecycle",
    "Person": "models",
    "Receipt": "receipt",
    "ResultDocument": "models",
    "Status": "lifecycle",
    "SubmittedDocument": "models",
    "SupplementRequest": "models",
    "TransitionTable": "lifecycle",
    "allowed_next": "lifecycle",
    "check_transition": "lifecycle",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DEFAULT_TRANSITIONS",
    "FINAL_STATUSES",
    "Dossier",
    "DossierFee",
    "Extension",
    "HistoryEvent",
    "InvalidTransition",
    "LifecycleError",
    "Person",
    "Receipt",
    "ResultDocument",
    "Status",
    "SubmittedDocument",
    "SupplementRequest",
    "TransitionTable",
    "allowed_next",
    "check_transition",
]
