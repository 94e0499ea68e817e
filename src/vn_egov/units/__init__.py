"""Codes of agencies and administrative units, one module per code system (python-stdnum style).

* :mod:`vn_egov.units.agency` - agency identifiers (OrganId, QCVN 102:2016 and QĐ 20/2020)
* :mod:`vn_egov.units.registry` - registries of known bodies (built-in table, user files) and
  agency lookup and name search
* :mod:`vn_egov.units.division` - administrative-division codes (provinces, communes; 2025 system)
* :mod:`vn_egov.units.system` - the :class:`CodeSystem` protocol every code system implements,
  and :func:`get_system` to find one registered in the ``vn_egov.codes`` entry-point group

Importing this package reads no data file; tables load on first use.

>>> from vn_egov.units import agency, division
>>> agency.validate("000.00.00.G22"), division.validate("31")
('000.00.00.G22', '31')
>>> get_system("agency").search("Văn phòng Chính phủ")[0].code
'G22'
"""

from __future__ import annotations

from vn_egov.units import agency, division, registry
from vn_egov.units.agency import AgencyCode, AgencyForm
from vn_egov.units.registry import Registry, RegistryEntry
from vn_egov.units.system import CodeSystem, Directory, get_system, system_names

__all__ = ["AgencyCode", "AgencyForm", "CodeSystem", "Directory", "Registry", "RegistryEntry",
           "agency", "division", "get_system", "registry", "system_names"]
