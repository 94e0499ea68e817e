"""Indicators: catalogue plan shares and the QĐ 766/QĐ-TTg dossier indicators.

>>> from vn_egov.services.indicators import catalogue_indicators
>>> catalogue_indicators.__name__
'catalogue_indicators'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.services.indicators.plan import (
        TARGET_LEVEL3_SHARE,
        CatalogueIndicators,
        LevelCounts,
        catalogue_indicators,
    )
    from vn_egov.services.indicators.qd766 import (
        COLUMNS,
        Qd766Counts,
        Qd766Report,
        qd766_report,
    )

_EXPORTS = {
    "COLUMNS": "qd766",
    "CatalogueIndicators": "plan",
    "LevelCounts": "plan",
    "Qd766Counts": "qd766",
    "Qd766Report": "qd766",
    "TARGET_LEVEL3_SHARE": "plan",
    "catalogue_indicators": "plan",
    "qd766_report": "qd766",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "COLUMNS",
    "TARGET_LEVEL3_SHARE",
    "CatalogueIndicators",
    "LevelCounts",
    "Qd766Counts",
    "Qd766Report",
    "catalogue_indicators",
    "qd766_report",
]
