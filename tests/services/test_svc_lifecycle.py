"""Every status transition, allowed and refused, and the dossier operations."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from svc_helpers import at

from vn_egov.errors import InputError
from vn_egov.services.calendar.deadlines import Timeliness
from vn_egov.services.catalogue.models import ChannelKind, TimeLimit, TimeUnit
from vn_egov.services.dossier.lifecycle import (
    FINAL_STATUSES,
    InvalidTransition,
    LifecycleError,
    Status,
    TransitionTable,
    allowed_next,
    check_transition,
)
from vn_egov.services.dossier.models import Dossier, Person

# Written out independently of the implementation (services.md §5.2).
EXPECTED = {1: {2, 3, 7}, 2: {4, 7}, 3: set(), 4: {5, 6, 7, 8, 9}, 5: {4, 7}, 6: {4, 7, 9},
            7: set(), 8: set(), 9: {7, 10}, 10: set()}
PAIRS = list(itertools.product(range(1, 11), repeat=2))


def make(status: Status = Status.SUBMITTED, days: int | None = 3) -> Dossier:
    return Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
                   channel=ChannelKind.DIRECT, applicant=Person(name="Nguyễn Văn A"),
                   status=status,
                   time_limit=None if days is None else TimeLimit(value=Decimal(days),
                                                                   unit=TimeUnit.WORKING_DAY))


def test_labels() -> None:
    assert [s.label_vi for s in Status] == [
        "Mới đăng ký", "Được tiếp nhận", "Không được tiếp nhận", "Đang xử lý",
        "Yêu cầu bổ sung giấy tờ", "Yêu cầu thực hiện nghĩa vụ tài chính",
        "Công dân yêu cầu rút hồ sơ", "Dừng xử lý", "Đã xử lý xong", "Đã trả kết quả"]
    assert {int(s) for s in FINAL_STATUSES} == {3, 7, 8, 10}


@pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p[1] in EXPECTED[p[0]]])
def test_allowed_transition(current: int, target: int) -> None:
    check_transition(Status(current), Status(target))
    dossier = make(Status(current))
    dossier.transition(Status(target), at=at(2025, 3, 3, 9), actor="Cán bộ", unit="Một cửa")
    assert dossier.status is Status(target)
    event = dossier.history[-1]
    assert (event.status, event.actor, event.unit, event.action) == (
        Status(target), "Cán bộ", "Một cửa", Status(target).label_vi)


@pytest.mark.parametrize(("current", "target"), [p for p in PAIRS if p[1] not in EXPECTED[p[0]]])
def test_refused_transition(current: int, target: int) -> None:
    with pytest.raises(InvalidTransition) as info:
        check_transition(Status(current), Status(target))
    error = info.value
    assert [int(s) for s in error.allowed] == sorted(EXPECTED[current])
    assert f"cannot change to {Status(target).describe()}" in error.message
    expected_list = ", ".join(Status(s).describe() for s in sorted(EXPECTED[current]))
    assert f"allowed next: {expected_list or 'none (final status)'}" in error.message
    dossier = make(Status(current))
    with pytest.raises(InvalidTransition):
        dossier.transition(Status(target), at=at(2025, 3, 3, 9))
    assert dossier.status is Status(current)
    assert dossier.history == []


def test_custom_table() -> None:
    table = TransitionTable({Status.SUBMITTED: frozenset({Status.PROCESSING})})
    assert table.allowed_next(Status.SUBMITTED) == (Status.PROCESSING,)
    assert allowed_next(Status.SUBMITTED, table) == (Status.PROCESSING,)
    with pytest.raises(InvalidTransition, match="none \\(final status\\)"):
        check_transition(Status.PROCESSING, Status.RESOLVED, table)


def test_happy_path_and_timeliness() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9), actor="Phạm Thị D", unit="Bộ phận Một cửa")
    assert d.received_at == at(2025, 3, 3, 9)
    assert d.due_at == at(2025, 3, 6, 17)
    d.start_processing(at(2025, 3, 3, 10))
    d.finish(at(2025, 3, 5, 16))
    d.return_result(at(2025, 3, 6, 8))
    assert [int(e.status) for e in d.history] == [2, 4, 9, 10]
    assert d.history[0].due_at == at(2025, 3, 6, 17)
    assert d.timeliness() is Timeliness.EARLY
    assert d.returned_at == at(2025, 3, 6, 8)


def test_supplement_restarts_the_clock() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.start_processing(at(2025, 3, 3, 10))
    d.request_supplement(at(2025, 3, 4, 9), "Thiếu bản sao giấy chứng sinh", actor="Cán bộ B")
    assert d.status is Status.SUPPLEMENT_REQUESTED
    d.receive_supplement(at(2025, 3, 10, 9), actor="Cán bộ C")
    request = d.supplements[0]
    assert request.previous_due == at(2025, 3, 6, 17)
    # restart from zero on 10/3 (not a resumption of the remaining time)
    assert request.new_due == d.due_at == at(2025, 3, 13, 17)
    assert (request.received_at, request.received_by) == (at(2025, 3, 10, 9), "Cán bộ C")
    assert d.history[-1].action == "Tiếp nhận hồ sơ bổ sung"


def test_one_extension_only() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.start_processing(at(2025, 3, 3, 10))
    d.extend(at(2025, 3, 12, 17), at(2025, 3, 5, 9), "Cần xác minh thông tin")
    assert d.due_at == at(2025, 3, 12, 17)
    assert d.extension is not None
    assert d.extension.previous_due == at(2025, 3, 6, 17)
    with pytest.raises(LifecycleError, match="already extended"):
        d.extend(at(2025, 3, 20, 17), at(2025, 3, 11, 9), "Lần hai")
    assert d.due_at == at(2025, 3, 12, 17)


def test_extension_must_move_forward_and_needs_an_open_dossier() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9))
    with pytest.raises(InputError, match="is not after"):
        d.extend(at(2025, 3, 5, 17), at(2025, 3, 4, 9), "x")
    d.withdraw(at(2025, 3, 4, 9), "Không còn nhu cầu")
    with pytest.raises(LifecycleError, match="cannot be extended"):
        d.extend(at(2025, 3, 12, 17), at(2025, 3, 5, 9), "x")


def test_withdrawal_and_refusal() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.withdraw(at(2025, 3, 3, 11), "Công dân rút hồ sơ")
    assert (d.status, d.withdrawal_reason) == (Status.WITHDRAWN, "Công dân rút hồ sơ")
    refused = make()
    refused.refuse(at(2025, 3, 3, 9), "Không thuộc thẩm quyền")
    assert (refused.status, refused.refusal_reason) == (Status.NOT_ACCEPTED,
                                                        "Không thuộc thẩm quyền")
    assert refused.refused_at == at(2025, 3, 3, 9)
    stopped = make()
    stopped.accept(at(2025, 3, 3, 9))
    stopped.start_processing(at(2025, 3, 3, 10))
    stopped.refuse(at(2025, 3, 4, 10), "Không đủ điều kiện")
    assert stopped.status is Status.STOPPED
    with pytest.raises(InputError, match="needs a reason"):
        make().refuse(at(2025, 3, 3, 9), "  ")
    accepted = make()
    accepted.accept(at(2025, 3, 3, 9))
    with pytest.raises(InvalidTransition):
        accepted.refuse(at(2025, 3, 3, 10), "x")


def test_overdue_is_derived_not_stored() -> None:
    d = make(days=1)
    d.accept(at(2025, 3, 3, 9))
    assert d.timeliness(at(2025, 3, 4, 12)) is Timeliness.IN_PROGRESS
    assert d.timeliness(at(2025, 3, 5, 8)) is Timeliness.OVERDUE
    assert d.status is Status.ACCEPTED
    assert "overdue" not in d.model_dump_json()
    assert make(days=None).timeliness(at(2025, 3, 5, 8)) is None


def test_dossier_code_is_validated() -> None:
    with pytest.raises(ValueError, match="date part '251332'"):
        Dossier(code="000.00.06.H56-251332-0001", procedure_code="1.001193",
                channel=ChannelKind.DIRECT, applicant=Person(name="A"))
