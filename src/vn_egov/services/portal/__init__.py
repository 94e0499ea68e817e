"""Payloads exchanged with the national public-service portal (Cổng DVCQG).

>>> from vn_egov.services.portal import format_portal_time
>>> import datetime as dt
>>> format_portal_time(dt.datetime(2025, 3, 3, 2, tzinfo=dt.UTC))
'20250303090000'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.portal.builders import (
        PortalOptions,
        build_dossier_payload,
        build_progress_payloads,
        dossier_record,
        lookup_payload,
        progress_events,
    )
    from vn_egov.services.portal.checks import (
        LENGTH_LIMITS,
        check_dossier_record,
        check_progress_event,
        read_dossier_payload,
        read_progress_payload,
    )
    from vn_egov.services.portal.models import (
        ALREADY_EXISTS,
        PORTAL_TIME_FORMAT,
        DatabaseLink,
        DossierEnvelope,
        DossierRecord,
        FeeEntry,
        LookupRequest,
        OtherAttachment,
        OwnerId,
        PortalResponse,
        ProgressEnvelope,
        ProgressEvent,
        ResultFile,
        SubmittedFile,
        SupplementEntry,
        format_portal_time,
        parse_portal_time,
    )

_EXPORTS = {
    "ALREADY_EXISTS": "models",
    "DatabaseLink": "models",
    "DossierEnvelope": "models",
    "DossierRecord": "models",
    "FeeEntry": "models",
    "LENGTH_LIMITS": "checks",
    "LookupRequest": "models",
    "OtherAttachment": "models",
    "OwnerId": "models",
    "PORTAL_TIME_FORMAT": "models",
    "PortalOptions": "builders",
    "PortalResponse": "models",
    "ProgressEnvelope": "models",
    "ProgressEvent": "models",
    "ResultFile": "models",
    "SubmittedFile": "models",
    "SupplementEntry": "models",
    "build_dossier_payload": "builders",
    "build_progress_payloads": "builders",
    "check_dossier_record": "checks",
    "check_progress_event": "checks",
    "dossier_record": "builders",
    "format_portal_time": "models",
    "lookup_payload": "builders",
    "parse_portal_time": "models",
    "progress_events": "builders",
    "read_dossier_payload": "checks",
    "read_progress_payload": "checks",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ALREADY_EXISTS",
    "LENGTH_LIMITS",
    "PORTAL_TIME_FORMAT",
    "DatabaseLink",
    "DossierEnvelope",
    "DossierRecord",
    "FeeEntry",
    "LookupRequest",
    "OtherAttachment",
    "OwnerId",
    "PortalOptions",
    "PortalResponse",
    "ProgressEnvelope",
    "ProgressEvent",
    "ResultFile",
    "SubmittedFile",
    "SupplementEntry",
    "build_dossier_payload",
    "build_progress_payloads",
    "check_dossier_record",
    "check_progress_event",
    "dossier_record",
    "format_portal_time",
    "lookup_payload",
    "parse_portal_time",
    "progress_events",
    "read_dossier_payload",
    "read_progress_payload",
]
