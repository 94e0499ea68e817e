"""Dossier status codes 1–10 of the national portal and the allowed transitions.

Labels are the portal's. No normative transition list is available; :data:`DEFAULT_TRANSITIONS`
follows how one-stop systems in production move dossiers (the Thanh Hóa system's
``DatLaiQuyTrinhXuLy``, ``ThuHoiHoSo`` and ``TraLaiHoSo`` handlers):

* 8 "Dừng xử lý" is a **pause** that resumes to 4, like 5 (bổ sung) and 6 (nghĩa vụ tài
  chính); the clock stops while a dossier is in 5, 6 or 8;
* a dossier in 5, 6 or 8 can be recalled to 4, and one in 9 returned to 4 for rework;
* refusal after appraisal ends in 9 with the refusal as the result; 3, 7 and 10 are final.

A :class:`TransitionTable` can replace the default. "Quá hạn" (overdue) is **not** a status:
see :func:`vn_egov.services.calendar.deadlines.classify`.

>>> [int(s) for s in allowed_next(Status.PROCESSING)]
[5, 6, 7, 8, 9]
>>> check_transition(Status.RETURNED, Status.PROCESSING)
Traceback (most recent call last):
...
vn_egov.services.dossier.lifecycle.InvalidTransition: dossier status 10 (Đã trả kết quả) cannot
change to 4 (Đang xử lý); allowed next: none (final status) ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from types import MappingProxyType

from vn_egov.errors import VnEgovError
from vn_egov.i18n import tr

__all__ = [
    "FINAL_STATUSES",
    "PAUSED_STATUSES",
    "InvalidTransition",
    "LifecycleError",
    "Status",
    "TransitionTable",
    "allowed_next",
    "check_transition",
]


class Status(IntEnum):
    """``TrangThaiHoSo`` 1–10; ``label_vi`` is the portal's wording.

    >>> Status(5).label_vi
    'Yêu cầu bổ sung giấy tờ'
    """

    SUBMITTED = 1
    ACCEPTED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESOLVED = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        """Vietnamese label used on the national portal."""
        return _LABELS[self]

    def describe(self) -> str:
        """``code (label)``.

        >>> Status.RETURNED.describe()
        '10 (Đã trả kết quả)'
        """
        return f"{self.value} ({self.label_vi})"


_LABELS = {
    Status.SUBMITTED: "Mới đăng ký",
    Status.ACCEPTED: "Được tiếp nhận",
    Status.NOT_ACCEPTED: "Không được tiếp nhận",
    Status.PROCESSING: "Đang xử lý",
    Status.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    Status.FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Status.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    Status.STOPPED: "Dừng xử lý",
    Status.RESOLVED: "Đã xử lý xong",
    Status.RETURNED: "Đã trả kết quả",
}

#: Final statuses: nothing follows them.
FINAL_STATUSES = frozenset({Status.NOT_ACCEPTED, Status.WITHDRAWN, Status.RETURNED})
#: Statuses during which the clock stops (grouped as "tạm dừng" by national statistics).
PAUSED_STATUSES = frozenset({Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION,
                             Status.STOPPED})


class LifecycleError(VnEgovError):
    """A dossier operation that its current state does not allow."""


class InvalidTransition(LifecycleError):
    """A status change outside the transition table; ``allowed`` lists the legal next states.

    >>> InvalidTransition(Status.RETURNED, Status.PROCESSING, ()).allowed
    ()
    """

    def __init__(self, current: Status, target: Status, allowed: tuple[Status, ...]) -> None:
        listed = ", ".join(s.describe() for s in allowed) or tr("none (final status)")
        super().__init__(
            tr("dossier status {current} cannot change to {target}; allowed next: {allowed}",
               current=current.describe(), target=target.describe(), allowed=listed),
            hint=tr("follow the transition table (DEFAULT_TRANSITIONS)"))
        self.current = current
        self.target = target
        self.allowed = allowed


def _default() -> Mapping[Status, frozenset[Status]]:
    table = {
        Status.SUBMITTED: {Status.ACCEPTED, Status.NOT_ACCEPTED},
        Status.ACCEPTED: {Status.PROCESSING, Status.SUPPLEMENT_REQUESTED},
        Status.PROCESSING: {Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION,
                            Status.STOPPED, Status.RESOLVED},
        Status.SUPPLEMENT_REQUESTED: {Status.PROCESSING},
        Status.FINANCIAL_OBLIGATION: {Status.PROCESSING, Status.RESOLVED},
        Status.STOPPED: {Status.PROCESSING},
        Status.RESOLVED: {Status.RETURNED, Status.PROCESSING},
    }
    # withdrawal (7) is possible from every non-final state
    for status in Status:
        if status not in FINAL_STATUSES:
            table.setdefault(status, set()).add(Status.WITHDRAWN)
    return MappingProxyType({status: frozenset(table.get(status, set())) for status in Status})


#: 1→2|3; 2→4|5; 4→5|6|8|9; 5→4; 6→4|9; 8→4; 9→10|4; 7 from any non-final state.
#: Final: 3, 7, 10.
DEFAULT_TRANSITIONS: Mapping[Status, frozenset[Status]] = _default()


@dataclass(frozen=True)
class TransitionTable:
    """A (possibly vendor-specific) transition table.

    >>> TransitionTable().allows(Status.SUPPLEMENT_REQUESTED, Status.PROCESSING)
    True
    """

    transitions: Mapping[Status, frozenset[Status]] = field(
        default_factory=lambda: DEFAULT_TRANSITIONS)

    def allowed_next(self, current: Status) -> tuple[Status, ...]:
        """Legal next states, sorted by code."""
        return tuple(sorted(self.transitions.get(current, frozenset())))

    def allows(self, current: Status, target: Status) -> bool:
        """True when *current* → *target* is in the table."""
        return target in self.transitions.get(current, frozenset())

    def check(self, current: Status, target: Status) -> None:
        """Raise :class:`InvalidTransition` unless the change is allowed."""
        if not self.allows(current, target):
            raise InvalidTransition(current, target, self.allowed_next(current))


DEFAULT_TABLE = TransitionTable()


def allowed_next(current: Status, table: TransitionTable = DEFAULT_TABLE) -> tuple[Status, ...]:
    """Legal next states of *current*.

    >>> allowed_next(Status.RETURNED)
    ()
    """
    return table.allowed_next(current)


def check_transition(current: Status, target: Status,
                     table: TransitionTable = DEFAULT_TABLE) -> None:
    """Raise :class:`InvalidTransition` (listing the allowed states) for an illegal change.

    >>> check_transition(Status.SUBMITTED, Status.ACCEPTED) is None
    True
    """
    table.check(current, target)
