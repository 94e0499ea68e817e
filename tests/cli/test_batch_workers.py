"""How many processes a batch uses (``worker_count``): workers only where they can run at
the same time, so that ``--jobs 2`` is never slower than ``--jobs 1``."""

from __future__ import annotations

import os

import pytest

from vn_egov.cli import batch
from vn_egov.cli.batch import MIN_FILES_PER_WORKER, Plan, run_batch, worker_count
from vn_egov.validation import ValidationOptions


@pytest.mark.parametrize(("jobs", "files", "cpus", "load", "expected"), [
    (1, 10_000, 8, 0.0, 1),                           # asked for one
    (4, 2 * MIN_FILES_PER_WORKER - 1, 8, 0.0, 1),     # too small to repay a worker
    (4, 2 * MIN_FILES_PER_WORKER, 8, 0.0, 2),         # two workers' worth of files
    (4, 10_000, 8, 0.0, 4),                           # idle machine: as asked
    (4, 10_000, 2, 0.0, 2),                           # no more workers than CPUs
    (2, 10_000, 2, 0.4, 2),                           # background noise
    (2, 10_000, 2, 0.9, 1),                           # another process keeps a CPU busy
    (2, 10_000, 2, 1.3, 1),                           # less than a CPU free: in-process
    (8, 10_000, 2, 7.5, 1),                           # overloaded machine
])
def test_worker_count(jobs: int, files: int, cpus: int, load: float, expected: int) -> None:
    assert worker_count(jobs, files, cpus=cpus, load=load) == expected


def test_the_machine_is_read_when_not_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (5.0, 5.0, 5.0))
    assert worker_count(64, 100_000) == max(1, min(64, round(
        len(os.sched_getaffinity(0)) - 5.0)))

    def unavailable() -> tuple[float, float, float]:
        raise OSError("no load average here")

    monkeypatch.setattr(os, "getloadavg", unavailable)
    assert worker_count(2, 100_000, cpus=4) == 2


def test_a_small_batch_never_starts_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(batch, "_run_pool", no_pool)
    results = run_batch([b"<a/>", b"<b>"], Plan(ValidationOptions()), jobs=8)
    assert [r.rule_ids() for r in results] == [["VAL001"], ["XML001"]]
