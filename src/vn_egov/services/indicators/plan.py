"""Plan indicators of a catalogue: shares of procedures offered online (fully, partly, level 3+).

The Hải Phòng 2016–2020 plan targeted 70 % of procedures at legacy level 3 or above. Shares
are fractions in [0, 1]; a group with no procedures/dossiers has share ``None``.

>>> from vn_egov.services.catalogue.models import Catalogue, Procedure, Publisher, OnlineLevel
>>> cat = Catalogue(id="x", title="t", version="1", publisher=Publisher(name="p"),
...                 procedures=[Procedure(code="1.001193", name="a", online_level=OnlineLevel.FULL),
...                             Procedure(code="1.001612", name="b", legacy_level=3)])
>>> catalogue_indicators(cat).overall.to_dict()["share_legacy_level3_plus"]
1.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from vn_egov.services.catalogue.levels import from_legacy, to_legacy
from vn_egov.services.catalogue.models import AgencyRole, Catalogue, OnlineLevel, Procedure

__all__ = ["catalogue_indicators"]

TARGET_LEVEL3_SHARE: Final = 0.70
_NO_AGENCY: Final = "(no agency)"


def _share(part: int, total: int) -> float | None:
    return round(part / total, 4) if total else None


@dataclass
class LevelCounts:
    """Procedure counts by online level.

    ``level3_plus`` counts the legacy level when the source gave one, else the level implied
    by the NĐ 42/2022 value (lossy, :mod:`vn_egov.services.catalogue.levels`).

    >>> LevelCounts(total=4, full=1, partial=2, level3_plus=3).to_dict()["share_online"]
    0.75
    """

    total: int = 0
    full: int = 0
    partial: int = 0
    level3_plus: int = 0

    def add(self, procedure: Procedure) -> None:
        """Count one procedure."""
        online = procedure.online_level
        legacy = procedure.legacy_level
        if online is OnlineLevel.UNKNOWN and legacy is not None:
            online = from_legacy(legacy).value
        if legacy is None:
            legacy = to_legacy(online).value
        self.total += 1
        self.full += online is OnlineLevel.FULL
        self.partial += online is OnlineLevel.PARTIAL
        self.level3_plus += legacy is not None and legacy >= 3

    def to_dict(self) -> dict[str, Any]:
        """Counts and shares."""
        return {"total": self.total, "full": self.full, "partial": self.partial,
                "level3_plus": self.level3_plus, "share_full": _share(self.full, self.total),
                "share_partial": _share(self.partial, self.total),
                "share_online": _share(self.full + self.partial, self.total),
                "share_legacy_level3_plus": _share(self.level3_plus, self.total),
                "meets_level3_target": (self.level3_plus / self.total >= TARGET_LEVEL3_SHARE)
                if self.total else None}


@dataclass
class CatalogueIndicators:
    """Overall and per executing agency (code, else name, else type).

    >>> CatalogueIndicators().to_dict()["overall"]["total"]
    0
    """

    overall: LevelCounts = field(default_factory=LevelCounts)
    by_agency: dict[str, LevelCounts] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"overall": self.overall.to_dict(),
                "by_agency": {k: v.to_dict() for k, v in sorted(self.by_agency.items())}}


def catalogue_indicators(catalogue: Catalogue) -> CatalogueIndicators:
    """Shares of fully/partly online procedures and of legacy level 3+.

    >>> from vn_egov.services.catalogue.models import Publisher
    >>> catalogue_indicators(Catalogue(id="x", title="t", version="1",
    ...                                publisher=Publisher(name="p"))).overall.total
    0
    """
    result = CatalogueIndicators()
    for procedure in catalogue.procedures:
        result.overall.add(procedure)
        keys = {a.code or a.name or a.agency_type or _NO_AGENCY
                for a in procedure.agencies_in(AgencyRole.EXECUTING)} or {_NO_AGENCY}
        for key in sorted(keys):
            result.by_agency.setdefault(key, LevelCounts()).add(procedure)
    return result
