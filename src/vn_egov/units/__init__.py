"""Codes of agencies and administrative units, one module per code system (python-stdnum style).

* :mod:`vn_egov.units.agency` - agency identifiers (OrganId, QCVN 102:2016 and QĐ 20/2020)
* :mod:`vn_egov.units.registry` - registries of known bodies (built-in table, user files) and
  agency lookup and name search
* :mod:`vn_egov.units.division` - administrative-division codes (provinces, communes; 2025 system)
* :mod:`vn_egov.units.system` - the :class:`CodeSystem` protocol every code system implements,
  and :func:`get_system` to find one registered in the ``vn_egov.codes`` entry-point group

Importing this package reads no data file and imports no module: each loads on first use
(the edXML checks need agency codes alone, not the registries and divisions).

>>> from vn_egov.units import agency, division
>>> agency.validate("000.00.00.G22"), division.validate("31")
('000.00.00.G22', '31')
>>> from vn_egov.units import get_system
>>> get_system("agency").search("Văn phòng Chính phủ")[0].code
'G22'
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.units import agency, division, registry
    from vn_egov.units.agency import AgencyCode, AgencyForm
    from vn_egov.units.registry import Registry, RegistryEntry
    from vn_egov.units.system import CodeSystem, Directory, get_system, system_names

_EXPORTS = {"AgencyCode": "agency", "AgencyForm": "agency", "CodeSystem": "system",
            "Directory": "system", "Registry": "registry", "RegistryEntry": "registry",
            "get_system": "system", "system_names": "system"}
_SUBMODULES = frozenset({"agency", "division", "registry"})
_get, _names = lazy_exports(__name__, _EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module: ModuleType = importlib.import_module(f"{__name__}.{name}")
        return module
    return _get(name)


def __dir__() -> list[str]:
    return sorted({*_names(), *_SUBMODULES})


__all__ = ["AgencyCode", "AgencyForm", "CodeSystem", "Directory", "Registry", "RegistryEntry",
           "agency", "division", "get_system", "registry", "system_names"]
