"""Codes of agencies and administrative units, one module per code system (python-stdnum style).

* :mod:`vn_egov.units.agency` - agency identifiers (OrganId, QCVN 102:2016 and QĐ 20/2020)
* :mod:`vn_egov.units.registry` - registries of known bodies (built-in table, user files)
* :mod:`vn_egov.units.division` - administrative-division codes (provinces, communes; 2025 system)

Importing this package reads no data file; tables load on first use.

>>> from vn_egov.units import agency, division
>>> agency.validate("000.00.00.G22"), division.validate("31")
('000.00.00.G22', '31')
"""

from __future__ import annotations

from vn_egov.units import agency, division, registry
from vn_egov.units.agency import AgencyCode, AgencyForm
from vn_egov.units.registry import Confidence, Registry, RegistryEntry

OrganId = AgencyCode
"""Alias used by the edXML specification for an agency identifier value."""

__all__ = ["AgencyCode", "AgencyForm", "Confidence", "OrganId", "Registry", "RegistryEntry",
           "agency", "division", "registry"]
