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
    from vn_egov.services.portal.payloads import (
        DOSSIER_FIELDS,
        PROGRESS_FIELDS,
        build_dossier_payload,
        build_progress_payloads,
        dossier_record,
        format_portal_time,
        parse_portal_time,
        progress_events,
        validate_dossier_record,
        validate_progress_event,
    )

_EXPORTS = {
    "DOSSIER_FIELDS": "payloads",
    "PROGRESS_FIELDS": "payloads",
    "build_dossier_payload": "payloads",
    "build_progress_payloads": "payloads",
    "dossier_record": "payloads",
    "format_portal_time": "payloads",
    "parse_portal_time": "payloads",
    "progress_events": "payloads",
    "validate_dossier_record": "payloads",
    "validate_progress_event": "payloads",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DOSSIER_FIELDS",
    "PROGRESS_FIELDS",
    "build_dossier_payload",
    "build_progress_payloads",
    "dossier_record",
    "format_portal_time",
    "parse_portal_time",
    "progress_events",
    "validate_dossier_record",
    "validate_progress_event",
]
