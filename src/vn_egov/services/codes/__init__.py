"""Code systems of public services, stdnum style: procedure, service, field and dossier codes.

Each module offers ``compact``, ``validate``, ``is_valid``, ``format`` and ``parse``.

>>> from vn_egov.services.codes import dossier
>>> dossier.validate(" 000.00.06.h56-231027-0361 ")
'000.00.06.H56-231027-0361'
"""

from __future__ import annotations

from vn_egov.services.codes import dossier, field, procedure, service

__all__ = ["dossier", "field", "procedure", "service"]
