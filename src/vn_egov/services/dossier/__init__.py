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
        PAUSED_STATUSES,
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
        LifecycleWarning,
        Pause,
        Person,
        ResultDocument,
        SubmittedDocument,
        SupplementRequest,
    )
    from vn_egov.services.dossier.receipt import (
        Receipt,
    )
    from vn_egov.services.dossier.status_map import (
        IDENTITY,
        PAUSES_AS_RESOLVED,
        THANH_HOA,
        StatusMap,
        portal_status,
    )

_EXPORTS = {
    "DEFAULT_TRANSITIONS": "lifecycle",
    "Dossier": "models",
    "DossierFee": "models",
    "Extension": "models",
    "FINAL_STATUSES": "lifecycle",
    "HistoryEvent": "models",
    "IDENTITY": "status_map",
    "InvalidTransition": "lifecycle",
    "LifecycleError": "lifecycle",
    "LifecycleWarning": "models",
    "PAUSED_STATUSES": "lifecycle",
    "PAUSES_AS_RESOLVED": "status_map",
    "Pause": "models",
    "Person": "models",
    "Receipt": "receipt",
    "ResultDocument": "models",
    "Status": "lifecycle",
    "StatusMap": "status_map",
    "SubmittedDocument": "models",
    "SupplementRequest": "models",
    "THANH_HOA": "status_map",
    "TransitionTable": "lifecycle",
    "allowed_next": "lifecycle",
    "check_transition": "lifecycle",
    "portal_status": "status_map",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DEFAULT_TRANSITIONS",
    "FINAL_STATUSES",
    "IDENTITY",
    "PAUSED_STATUSES",
    "PAUSES_AS_RESOLVED",
    "THANH_HOA",
    "Dossier",
    "DossierFee",
    "Extension",
    "HistoryEvent",
    "InvalidTransition",
    "LifecycleError",
    "LifecycleWarning",
    "Pause",
    "Person",
    "Receipt",
    "ResultDocument",
    "Status",
    "StatusMap",
    "SubmittedDocument",
    "SupplementRequest",
    "TransitionTable",
    "allowed_next",
    "check_transition",
    "portal_status",
]
