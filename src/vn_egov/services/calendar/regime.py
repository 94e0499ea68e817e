"""The legal regime of one-stop-shop deadlines as a versioned policy object.

Since 1/7/2025 the one-stop shop is governed by **NĐ 118/2025/NĐ-CP** (9/6/2025), as amended by
**NĐ 367/2025/NĐ-CP**; it replaced NĐ 61/2018/NĐ-CP (and NĐ 107/2021/NĐ-CP), which still
governs dossiers received before that date. The mechanics the library encodes are the same in
both texts (paper dossiers received after 15:00 count from the next working day; a bổ sung
notice within 3 working days of receipt; one move of the appointment, announced at least
1 day before the deadline); they are policy fields, not constants, so that a province or a
later amendment can change them. :func:`policy_for` picks the regime by the receipt date.

Two conventions for days, both in use (``docs/services.md`` explains them):

* ``DayConvention.CIVIL_CODE`` (default): a limit in days starts the working day after the
  receipt day and ends at the close of office hours of the last day (Bộ luật Dân sự 2015
  Điều 147–148; ``end_of_day="midnight"`` ends it at 24:00 as Điều 148 says);
* ``DayConvention.PRODUCTION``: the limit runs in office hours (1 day = 8 h) from the receipt
  instant, as one-stop systems in production compute the appointment.

Timeliness compares **dates**, as national reports do (``TimelinessRule.DATE``): a dossier
finished on its due date after office hours is on time; ``TimelinessRule.INSTANT`` compares
to the second.

>>> DEFAULT_POLICY.name
'NĐ 118/2025/NĐ-CP (sửa đổi bởi NĐ 367/2025/NĐ-CP)'
>>> import datetime as dt
>>> policy_for(dt.date(2025, 6, 30)).name
'NĐ 61/2018/NĐ-CP'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Literal

from vn_egov.services.calendar.working import VN_TZ
from vn_egov.services.catalogue.models import ChannelKind

__all__ = [
    "DEFAULT_POLICY",
    "ND_61_2018",
    "ND_118_2025",
    "PRODUCTION_POLICY",
    "DayConvention",
    "DeadlinePolicy",
    "SupplementClock",
    "TimelinessRule",
    "policy_for",
]

#: NĐ 118/2025/NĐ-CP took effect on this date; earlier receipts stay under NĐ 61/2018.
REGIME_CHANGE: Final = dt.date(2025, 7, 1)


class DayConvention(StrEnum):
    """How a limit in working days is counted.

    >>> DayConvention("production") is DayConvention.PRODUCTION
    True
    """

    CIVIL_CODE = "civil_code"
    PRODUCTION = "production"


class TimelinessRule(StrEnum):
    """How "đúng hạn" is judged: by date (as national reports) or to the second.

    >>> TimelinessRule.DATE.value
    'date'
    """

    DATE = "date"
    INSTANT = "instant"


class SupplementClock(StrEnum):
    """What a bổ sung request does to the clock once the complete dossier arrives.

    ``RESTART``: the limit runs again from zero (NĐ 61/2018 Điều 19 k4); ``PAUSE``: the due time
    shifts by the time spent waiting, as production systems compute it.

    >>> SupplementClock.PAUSE.value
    'pause'
    """

    RESTART = "restart"
    PAUSE = "pause"


@dataclass(frozen=True, slots=True)
class DeadlinePolicy:
    """Clock rules of a regime; every rule is a field so that it can be changed.

    ``cutoff`` applies to the channels in ``cutoff_channels`` (paper, direct submission by
    default: online dossiers are forwarded by the system); ``procedure_cutoffs`` gives a
    procedure its own cut-off (``None`` for none) on every channel, as procedure texts
    sometimes restate it.

    >>> DeadlinePolicy().cutoff_for(ChannelKind.ONLINE) is None
    True
    >>> DeadlinePolicy(procedure_cutoffs={"1.001193": dt.time(16)}).cutoff_for(
    ...     ChannelKind.ONLINE, "1.001193")
    datetime.time(16, 0)
    """

    name: str = "NĐ 118/2025/NĐ-CP (sửa đổi bởi NĐ 367/2025/NĐ-CP)"
    cutoff: dt.time | None = dt.time(15, 0)
    cutoff_channels: frozenset[ChannelKind] = frozenset({ChannelKind.DIRECT})
    procedure_cutoffs: Mapping[str, dt.time | None] = field(
        default_factory=lambda: MappingProxyType({}))
    end_of_day: Literal["office_close", "midnight"] = "office_close"
    convention: DayConvention = DayConvention.CIVIL_CODE
    timeliness: TimelinessRule = TimelinessRule.DATE
    supplement_clock: SupplementClock = SupplementClock.RESTART
    supplement_window_days: int = 3
    extension_notice_days: int = 1
    cutoff_basis: str = "NĐ 118/2025/NĐ-CP (tiếp nhận hồ sơ giấy sau 15 giờ)"
    supplement_basis: str = "NĐ 118/2025/NĐ-CP (yêu cầu bổ sung trong 03 ngày làm việc)"
    extension_basis: str = "NĐ 118/2025/NĐ-CP (xin lỗi, hẹn lại chậm nhất 01 ngày trước hạn)"

    def cutoff_for(self, channel: ChannelKind | None,
                   procedure_code: str | None = None) -> dt.time | None:
        """The cut-off for a receipt on *channel* (``None``: no cut-off).

        An unknown channel is treated as a direct submission (the cautious reading).
        """
        if procedure_code is not None and procedure_code in self.procedure_cutoffs:
            return self.procedure_cutoffs[procedure_code]
        if channel is not None and channel not in self.cutoff_channels:
            return None
        return self.cutoff

    def replace(self, **changes: Any) -> DeadlinePolicy:
        """A copy with *changes* (a convenience over :func:`dataclasses.replace`).

        >>> DEFAULT_POLICY.replace(cutoff=None).cutoff is None
        True
        """
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        >>> DEFAULT_POLICY.to_dict()["cutoff_channels"]
        ['DIRECT']
        """
        return {"name": self.name,
                "cutoff": self.cutoff.isoformat() if self.cutoff else None,
                "cutoff_channels": sorted(c.value for c in self.cutoff_channels),
                "procedure_cutoffs": {code: t.isoformat() if t else None
                                      for code, t in sorted(self.procedure_cutoffs.items())},
                "end_of_day": self.end_of_day, "convention": self.convention.value,
                "timeliness": self.timeliness.value,
                "supplement_clock": self.supplement_clock.value}


#: The regime in force since 1/7/2025.
ND_118_2025: Final = DeadlinePolicy()
#: The regime of dossiers received before 1/7/2025.
ND_61_2018: Final = DeadlinePolicy(
    name="NĐ 61/2018/NĐ-CP",
    cutoff_basis="NĐ 61/2018/NĐ-CP Điều 18 k2",
    supplement_basis="NĐ 61/2018/NĐ-CP Điều 19 k4",
    extension_basis="NĐ 61/2018/NĐ-CP Điều 19 k9")
#: The default policy: NĐ 118/2025 as amended.
DEFAULT_POLICY: Final = ND_118_2025
#: How one-stop systems in production count (hours from the receipt instant, bổ sung pauses
#: the clock), under the current regime.
PRODUCTION_POLICY: Final = ND_118_2025.replace(
    name="NĐ 118/2025/NĐ-CP — production convention", convention=DayConvention.PRODUCTION,
    supplement_clock=SupplementClock.PAUSE)


def policy_for(received: dt.date | dt.datetime) -> DeadlinePolicy:
    """The regime of a dossier received on *received* (NĐ 61/2018 before 1/7/2025).

    >>> policy_for(dt.date(2025, 7, 1)) is DEFAULT_POLICY
    True
    """
    if isinstance(received, dt.datetime):
        local = received.astimezone(VN_TZ) if received.tzinfo is not None else received
        day = local.date()
    else:
        day = received
    return ND_61_2018 if day < REGIME_CHANGE else ND_118_2025
