"""Status maps: a vendor's own statuses read as codes 1–10, and the codes sent to the portal.

One-stop systems keep their own status vocabulary and translate it for the national portal
through a table (OpenCPS keys it on status and sub-status; the Thanh Hóa system has a fixed
list). :class:`StatusMap` is that table, loadable from a TOML or JSON file; :data:`THANH_HOA`
is the Thanh Hóa list as an example. The portal side is configurable too: the true code is
sent by default, and :data:`PAUSES_AS_RESOLVED` reproduces the production choice of sending
5, 6 and 8 as 9 (whether the portal accepts 5, 6 and 8 is unproven).

>>> THANH_HOA.status("waiting")
<Status.SUPPLEMENT_REQUESTED: 5>
>>> PAUSES_AS_RESOLVED[Status.STOPPED]
<Status.RESOLVED: 9>
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from vn_egov.errors import ConfigurationError, InputError
from vn_egov.i18n import tr
from vn_egov.services.dossier.lifecycle import Status

__all__ = ["IDENTITY", "PAUSES_AS_RESOLVED", "THANH_HOA", "StatusMap"]


@dataclass(frozen=True, slots=True)
class StatusMap:
    """A vendor's statuses (``"status"`` or ``"status/sub-status"``) → codes 1–10.

    >>> StatusMap({"processing/pausing": Status.STOPPED, "processing": Status.PROCESSING}
    ...           ).status("processing", "pausing")
    <Status.STOPPED: 8>
    """

    table: Mapping[str, Status]

    def status(self, vendor_status: str, sub_status: str | None = None) -> Status:
        """The code of a vendor status; the sub-status entry wins over the status alone."""
        if sub_status and f"{vendor_status}/{sub_status}" in self.table:
            return self.table[f"{vendor_status}/{sub_status}"]
        try:
            return self.table[vendor_status]
        except KeyError:
            raise InputError(tr("vendor status {status} has no code 1-10 in the status map",
                                status=repr(vendor_status)),
                             hint=tr("add it to the status map")) from None

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], source: str = "status map") -> StatusMap:
        """Build from ``{"vendor status": code}`` (codes 1–10 as numbers or strings)."""
        table: dict[str, Status] = {}
        for key, value in raw.items():
            try:
                table[str(key)] = Status(int(value))
            except (TypeError, ValueError):
                raise ConfigurationError(tr("{source}: {key} maps to {value}, not a code 1-10",
                                            source=source, key=repr(key), value=repr(value)),
                                         source=source) from None
        return cls(MappingProxyType(table))

    @classmethod
    def from_file(cls, path: str | Path) -> StatusMap:
        """Read a ``.toml`` or ``.json`` file with a table ``statuses``.

        >>> StatusMap.from_file("missing.toml")
        Traceback (most recent call last):
        ...
        vn_egov.errors.ConfigurationError: missing.toml: cannot read status map ...
        """
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
            data: Any = tomllib.loads(text) if file.suffix == ".toml" else json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigurationError(tr("cannot read status map {file}: {error}", file=file,
                                        error=exc), source=str(file)) from None
        statuses = data.get("statuses") if isinstance(data, dict) else None
        if not isinstance(statuses, dict):
            raise ConfigurationError(tr("status map {file} has no table 'statuses'", file=file),
                                     source=str(file))
        return cls.from_mapping(statuses, str(file))


#: The Thanh Hóa one-stop system's internal statuses (``FormatTrangThaiHoSoDVCQG``).
THANH_HOA: Final = StatusMap.from_mapping({
    "receiving": 1, "new": 2, "denied": 3, "processing": 4, "waiting": 5, "paying": 6,
    "cancelled": 7, "unresolved": 8, "releasing": 9, "done": 10})
#: Send every code as it is (the default).
IDENTITY: Final[Mapping[Status, Status]] = MappingProxyType({s: s for s in Status})
#: Send 5, 6 and 8 as 9, as the Thanh Hóa system does.
PAUSES_AS_RESOLVED: Final[Mapping[Status, Status]] = MappingProxyType(
    {**IDENTITY, Status.SUPPLEMENT_REQUESTED: Status.RESOLVED,
     Status.FINANCIAL_OBLIGATION: Status.RESOLVED, Status.STOPPED: Status.RESOLVED})


def portal_status(status: Status, mapping: Mapping[Status, Status] = IDENTITY) -> Status:
    """The code sent to the portal for *status* under *mapping* (unmapped codes unchanged).

    >>> portal_status(Status.STOPPED), portal_status(Status.STOPPED, PAUSES_AS_RESOLVED)
    (<Status.STOPPED: 8>, <Status.RESOLVED: 9>)
    """
    return mapping.get(status, status)
