"""Every status transition, allowed and refused, and the dossier operations."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

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

# Written out independently of the implementation, after the Thanh Hóa one-stop system's
# handlers (DatLaiQuyTrinhXuLy, ThuHoiHoSo, TraLaiHoSo): 8 resumes to 4 (D15), 9 goes back to
# 4 (D16), 2 may ask for bổ sung; 3, 7 and 10 are final.
EXPECTED = {1: {2, 3, 7}, 2: {4, 5, 7}, 3: set(), 4: {5, 6, 7, 8, 9}, 5: {4, 7},
            6: {4, 7, 9}, 7: set(), 8: {4, 7}, 9: {4, 7, 10}, 10: set()}
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
    assert {int(s) for s in FINAL_STATUSES} == {3, 7, 10}


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
    # Tue 09:00 -> Mon 09:00: 6 + 8 + 8 + 8 + 2 office hours
    assert d.pauses[0].working_hours == Decimal(32)


def test_one_extension_only_and_the_original_due_date_judges_timeliness() -> None:
    # D12 — source: the Thanh Hóa system's apology (HoSo.DuThaoXinLoiSuccess) leaves
    # NgayHenTra unchanged, so a late dossier stays late in its statistics.
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.start_processing(at(2025, 3, 3, 10))
    d.extend(at(2025, 3, 12, 17), at(2025, 3, 5, 9), "Cần xác minh thông tin")
    assert (d.due_at, d.appointment_at, d.appointment) == (
        at(2025, 3, 6, 17), at(2025, 3, 12, 17), at(2025, 3, 12, 17))
    assert d.extension is not None
    assert d.extension.previous_due == at(2025, 3, 6, 17)
    assert d.warnings == []
    with pytest.raises(LifecycleError, match="already extended"):
        d.extend(at(2025, 3, 20, 17), at(2025, 3, 11, 9), "Lần hai")
    d.finish(at(2025, 3, 10, 9))
    assert d.timeliness() is Timeliness.OVERDUE


def test_late_extension_is_warned() -> None:
    # D13 — source: NĐ 61/2018/NĐ-CP Điều 19 k9 (restated by NĐ 118/2025): the apology and
    # new appointment go out at least 01 day before the deadline.
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.start_processing(at(2025, 3, 3, 10))
    d.extend(at(2025, 3, 12, 17), at(2025, 3, 6, 9), "Cần xác minh")   # due 6/3 17:00
    assert [w.rule for w in d.warnings] == ["SVC302"]
    assert "NĐ 61/2018/NĐ-CP Điều 19 k9" in d.warnings[0].message
    assert d.warnings[0].to_issue().severity.value == "warning"
    after = make()
    after.accept(at(2025, 3, 3, 9))
    after.start_processing(at(2025, 3, 3, 10))
    after.extend(at(2025, 3, 12, 17), at(2025, 3, 7, 9), "Quá hạn rồi")
    assert [w.rule for w in after.warnings] == ["SVC302"]


def test_late_supplement_request_is_warned() -> None:
    # D14 — source: NĐ 61/2018/NĐ-CP Điều 19 k4: the bổ sung notice within 03 working days.
    on_time = make(days=10)
    on_time.accept(at(2025, 3, 3, 9))
    on_time.start_processing(at(2025, 3, 3, 10))
    on_time.request_supplement(at(2025, 3, 6, 16), "Thiếu giấy tờ")   # 3rd working day
    assert on_time.warnings == []
    late = make(days=10)
    late.accept(at(2025, 3, 3, 9))
    late.start_processing(at(2025, 3, 3, 10))
    late.request_supplement(at(2025, 3, 7, 9), "Thiếu giấy tờ")       # 4th working day
    assert [w.rule for w in late.warnings] == ["SVC301"]
    assert "4 working days" in late.warnings[0].message


def test_stop_is_a_pause_that_resumes_and_shifts_the_due_time() -> None:
    # D15/D17 — source: the Thanh Hóa system treats 8 like 6 (NgayYeuCauBoSung set,
    # GetNgayHenTraBoSung shifts NgayHenTra by the paused time); QĐ 766 statistics group
    # 5/6/8 as "tạm dừng".
    d = make()
    d.accept(at(2025, 3, 3, 9))              # due Thu 6/3 17:00
    d.start_processing(at(2025, 3, 3, 10))
    d.stop(at(2025, 3, 4, 9), "Chờ ý kiến cơ quan phối hợp")
    assert d.is_paused
    assert d.status is Status.STOPPED
    d.resume(at(2025, 3, 6, 9))              # paused 2 working days (16 office hours)
    assert d.status is Status.PROCESSING
    assert d.pauses[0].working_hours == Decimal(16)
    assert d.due_at == at(2025, 3, 10, 17)  # Thu + 2 working days -> Mon
    assert d.pauses[0].new_due == d.due_at


def test_financial_obligation_pauses_the_clock() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.start_processing(at(2025, 3, 3, 10))
    d.request_payment(at(2025, 3, 4, 14))
    d.resume(at(2025, 3, 4, 16))             # 2 office hours
    assert d.due_at == at(2025, 3, 7, 9)      # 17:00 + 2 office hours -> next day 09:00


def test_recall_and_send_back() -> None:
    # D15/D16 — source: ThuHoiHoSoCommandHandler (recall from 8), TraLaiHoSoCommandHandler
    # (return from 9 to the previous handler).
    d = make()
    d.accept(at(2025, 3, 3, 9))
    d.start_processing(at(2025, 3, 3, 10))
    d.stop(at(2025, 3, 3, 14), "Nhầm")
    d.recall(at(2025, 3, 3, 15), "Dừng nhầm")
    assert d.status is Status.PROCESSING
    assert d.due_at == at(2025, 3, 7, 8)      # 1 office hour after Thursday 17:00
    d.finish(at(2025, 3, 4, 9))
    d.send_back(at(2025, 3, 4, 10), "Sai thông tin")
    assert (d.status, d.finished_at) == (Status.PROCESSING, None)
    with pytest.raises(InvalidTransition):
        d.recall(at(2025, 3, 4, 11), "x")
    with pytest.raises(InvalidTransition):
        d.send_back(at(2025, 3, 4, 11), "x")


def test_supplement_pause_convention_of_production() -> None:
    # D17 — with the production convention the bổ sung wait shifts the due time instead of
    # restarting the limit.
    from vn_egov.services.calendar.regime import PRODUCTION_POLICY

    d = make()
    d.accept(at(2025, 3, 3, 9), policy=PRODUCTION_POLICY)   # due Thu 6/3 09:00 (3 × 8 h)
    assert d.due_at == at(2025, 3, 6, 9)
    d.start_processing(at(2025, 3, 3, 10))
    d.request_supplement(at(2025, 3, 4, 9), "Thiếu", policy=PRODUCTION_POLICY)
    d.receive_supplement(at(2025, 3, 5, 9), policy=PRODUCTION_POLICY)   # 8 office hours
    assert d.due_at == at(2025, 3, 7, 9)


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
    refused_after = make()
    refused_after.accept(at(2025, 3, 3, 9))
    refused_after.start_processing(at(2025, 3, 3, 10))
    refused_after.refuse(at(2025, 3, 4, 10), "Không đủ điều kiện")
    assert refused_after.status is Status.RESOLVED
    assert refused_after.finished_at == at(2025, 3, 4, 10)
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
    assert d.timeliness(at(2025, 3, 4, 18)) is Timeliness.IN_PROGRESS   # D10: same date
    assert d.timeliness(at(2025, 3, 5, 8)) is Timeliness.OVERDUE
    assert d.status is Status.ACCEPTED
    assert "overdue" not in d.model_dump_json()
    assert make(days=None).timeliness(at(2025, 3, 5, 8)) is None


def test_dossier_code_is_validated() -> None:
    with pytest.raises(ValueError, match="date part '251332'"):
        Dossier(code="000.00.06.H56-251332-0001", procedure_code="1.001193",
                channel=ChannelKind.DIRECT, applicant=Person(name="A"))


def test_a_refused_operation_changes_nothing() -> None:
    d = make()
    d.accept(at(2025, 3, 3, 9))
    before = d.model_dump()
    with pytest.raises(InvalidTransition):
        d.accept(at(2025, 3, 4, 9))
    with pytest.raises(InvalidTransition):
        d.resume(at(2025, 3, 4, 9))
    with pytest.raises(InvalidTransition):
        d.finish(at(2025, 3, 4, 9))
    assert d.model_dump() == before


def test_vendor_status_map(tmp_path: Path) -> None:
    # D28 — source: OpenCPS maps its statuses and sub-statuses through a configurable table
    # (DossierStatusMapping.statusCodeDVCQG); the Thanh Hóa list (FormatTrangThaiHoSoDVCQG).
    from vn_egov.errors import ConfigurationError
    from vn_egov.services.dossier.status_map import THANH_HOA, StatusMap

    assert [int(THANH_HOA.status(s)) for s in (
        "receiving", "new", "denied", "processing", "waiting", "paying", "cancelled",
        "unresolved", "releasing", "done")] == list(range(1, 11))
    file = tmp_path / "map.toml"
    file.write_text('[statuses]\nprocessing = 4\n"processing/pausing" = "8"\n'
                    '"processing/correcting" = 5\n', encoding="utf-8")
    table = StatusMap.from_file(file)
    assert table.status("processing", "pausing") is Status.STOPPED
    assert table.status("processing", "other") is Status.PROCESSING
    with pytest.raises(InputError, match="vendor status 'archived' has no code 1-10"):
        table.status("archived")
    file.write_text('[statuses]\nprocessing = 11\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="maps to 11, not a code 1-10"):
        StatusMap.from_file(file)
    file.write_text('statuses = 3\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="has no table 'statuses'"):
        StatusMap.from_file(file)
