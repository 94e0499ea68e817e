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
        DossierCounts,
        DossierIndicators,
        LevelCounts,
        catalogue_indicators,
        dossier_indicators,
    )

_EXPORTS = {
    "CatalogueIndicators": "plan",
    "DossierCounts": "plan",
    "DossierIndicators": "plan",
    "LevelCounts": "plan",
    "TARGET_LEVEL3_SHARE": "plan",
    "catalogue_indicators": "plan",
    "dossier_indicators": "plan",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "TARGET_LEVEL3_SHARE",
    "CatalogueIndicators",
    "DossierCounts",
    "DossierIndicators",
    "LevelCounts",
    "catalogue_indicators",
    "dossier_indicators",
]
