"""The public-service codes of :mod:`vn_egov.services.codes` as code systems (thin adapters).

Each adapter applies the one clean-up rule of :mod:`vn_egov.units.system`, then hands the code
to the module that owns its grammar (imported on first use) and describes the parsed value's
fields. They are the ``procedure``, ``service``, ``field`` and ``dossier`` entries of the
``vn_egov.codes`` entry-point group.

>>> DOSSIER.describe(" 000.00.06.h56-231027-0361 ")
{'organ': '000.00.06.H56', 'received_on': '2023-10-27', 'sequence': '0361'}
>>> FIELD.validate("g15 - tp07")
'G15-TP07'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from typing import Any

from vn_egov.i18n import N_
from vn_egov.units.system import BaseCodeSystem

__all__ = ["DOSSIER"]


def _json(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class ServiceCodeSystem(BaseCodeSystem[Any]):
    """A code system whose grammar lives in a module with ``parse`` (python-stdnum style)."""

    def __init__(self, name: str, title: str, module: str, example: str) -> None:
        self.name, self.title, self._module, self._example = name, title, module, example

    def example(self) -> str:
        """A valid code for hints."""
        return self._example

    def _parse(self, code: str, original: str) -> Any:
        return importlib.import_module(self._module).parse(code)

    def canonical(self, value: Any) -> str:
        """The canonical spelling (the value's ``str``)."""
        return str(value)

    def parts(self, value: Any) -> dict[str, Any]:
        """The fields of the parsed value, dates in ISO form."""
        return {item.name: _json(getattr(value, item.name))
                for item in dataclasses.fields(value)}


PROCEDURE = ServiceCodeSystem("procedure", N_("procedure code"),
                              "vn_egov.services.codes.procedure", "1.001193")
SERVICE = ServiceCodeSystem("service", N_("service code"),
                            "vn_egov.services.codes.service", "1.013229.01")
FIELD = ServiceCodeSystem("field", N_("field code"), "vn_egov.services.codes.field", "G15-TP07")
DOSSIER = ServiceCodeSystem("dossier", N_("dossier code"), "vn_egov.services.codes.dossier",
                            "000.00.06.H56-231027-0361")
