"""The benchmark harness measures what it claims: interleaving, statistics, child processes.

The figures of ``benchmarks/`` are only as good as this module, so its mechanics are tested
here (never the speed of the library: targets live in the benchmark scripts as ratios).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import harness  # noqa: E402
from harness import Comparison, Sample, Settings, Spread  # noqa: E402


class Recorder:
    """A timer that records the order in which cases are sampled."""

    def __init__(self, name: str, log: list[str], seconds: float = 0.001,
                 batchable: bool = True) -> None:
        self.name = name
        self.log = log
        self.seconds = seconds
        self.batchable = batchable

    def measure(self, number: int) -> Sample:
        self.log.append(self.name)
        return Sample(self.seconds, self.seconds)


def test_spread_quartiles_and_range() -> None:
    spread = Spread.of([9.0, 1.0, 5.0, 3.0, 7.0])
    assert (spread.median, spread.q1, spread.q3, spread.low, spread.high) == (
        5.0, 3.0, 7.0, 1.0, 9.0)
    assert Spread.of([2.5]) == Spread(2.5, 2.5, 2.5, 2.5, 2.5)


def test_format_seconds_keeps_three_significant_digits() -> None:
    assert harness.format_seconds(0.0000261) == "26.1 µs"
    assert harness.format_seconds(0.000923) == "923 µs"
    assert harness.format_seconds(0.01234) == "12.3 ms"
    assert harness.format_seconds(1.5) == "1.50 s"
    assert harness.format_seconds(0.0) == "0 µs"


def test_rounds_rotate_the_order_of_the_cases() -> None:
    log: list[str] = []
    cases = {name: Recorder(name, log) for name in "abc"}
    settings = Settings(rounds=3, warmup=1, min_time=0.001)
    comparison = harness.compare(cases, settings, title="t", progress=io.StringIO())
    calibration = ["a", "a", "b", "b", "c", "c"]  # two calls each, the first may be cold
    assert log[:6] == calibration
    rounds = [log[index:index + 3] for index in range(6, len(log), 3)]
    assert rounds == [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"], ["a", "b", "c"]]
    assert {name: len(samples) for name, samples in comparison.samples.items()} == {
        "a": 3, "b": 3, "c": 3}  # the warm-up round is not recorded


def test_calibration_batches_calls_up_to_the_minimum_time() -> None:
    log: list[str] = []
    cases = {"fast": Recorder("fast", log, seconds=0.0002),
             "slow": Recorder("slow", log, seconds=0.5),
             "process": Recorder("process", log, seconds=0.0001, batchable=False)}
    comparison = harness.compare(cases, Settings(rounds=1, warmup=0, min_time=0.05),
                                 progress=io.StringIO())
    assert comparison.numbers == {"fast": 250, "slow": 1, "process": 1}


def test_ratios_are_paired_round_by_round() -> None:
    # Round 2 is loaded for both sides: a paired ratio ignores it, a ratio of medians
    # of separate blocks would not.
    comparison = Comparison("t", {"ours": 1, "base": 1}, {
        "ours": [Sample(2.0, 2.0), Sample(20.0, 20.0), Sample(2.2, 2.2)],
        "base": [Sample(1.0, 1.0), Sample(10.0, 10.0), Sample(1.0, 1.0)]})
    ratio = comparison.ratio("ours", "base")
    assert ratio.median == pytest.approx(2.0)
    assert ratio.low == pytest.approx(2.0)
    assert ratio.high == pytest.approx(2.2)


def test_in_process_timer_reports_time_per_call() -> None:
    def spin() -> None:
        end = time.process_time() + 0.002
        while time.process_time() < end:
            pass

    sample = harness.InProcess(spin).measure(10)
    assert 0.002 <= sample.cpu < 0.02
    assert sample.wall >= sample.cpu * 0.5


def test_in_process_timer_leaves_clean_up_out_of_the_time() -> None:
    calls: list[str] = []

    def clean_up() -> None:
        calls.append("after")
        time.sleep(0.05)

    sample = harness.InProcess(lambda: calls.append("op"), after=clean_up).measure(3)
    assert calls == ["op", "after"] * 3
    assert sample.wall < 0.01


def test_child_process_cpu_and_peak_rss_are_its_own() -> None:
    # This process holds 150 MB; the child must not inherit that figure (Linux carries the
    # forking process's high-water mark into ru_maxrss; the launcher avoids it).
    ballast = bytearray(150 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])
    busy = "import time\nend = time.process_time() + 0.2\nwhile time.process_time() < end: pass"
    done = harness.run_process([sys.executable, "-c", busy])
    assert done.code == 0
    assert 0.2 <= done.cpu < 1.0
    assert done.wall >= 0.2
    assert done.peak_rss < 60 * 1024 * 1024
    grows = "x = bytearray(80 * 1024 * 1024); x[::4096] = b'y' * len(x[::4096])"
    assert harness.run_process([sys.executable, "-c", grows]).peak_rss > 80 * 1024 * 1024
    del ballast


def test_child_output_exit_code_and_time_cap() -> None:
    done = harness.run_process(
        [sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); "
                               "sys.exit(3)"])
    assert (done.code, done.stdout, done.stderr) == (3, "out\n", "err\n")
    capped = harness.run_process([sys.executable, "-c", "import time; time.sleep(30)"],
                                 timeout=0.5)
    assert capped.timed_out
    assert capped.wall < 10


def test_subprocess_timer_refuses_unexpected_exit_codes() -> None:
    failing = harness.Subprocess([sys.executable, "-c", "raise SystemExit(1)"])
    with pytest.raises(harness.ProcessFailed, match="exited 1"):
        failing.measure(1)
    assert harness.Subprocess([sys.executable, "-c", "raise SystemExit(1)"],
                              ok_codes=(1,)).measure(1).peak_rss


def test_cli_command_is_this_interpreters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # found without PATH, as with or without a venv
    command = harness.cli_command("--version")
    assert command[0] == sys.executable
    done = harness.run_process(command)
    assert done.code == 0
    assert harness.package_version("vn-egov") in done.stdout


def test_child_interpreter_measures_one_operation(tmp_path: Path) -> None:
    import bench_validation

    package = tmp_path / "header.edxml"
    package.write_bytes(bench_validation.header_only_package())
    op = harness.Op(bench_validation.vn_read, package)
    assert op.target == "bench_validation:vn_read"
    result = harness.run_child(op)
    assert result.cpu > 0
    assert result.peak_rss >= result.setup_rss > 5 * 1024 * 1024


def test_settings_quick_and_explicit_values() -> None:
    parser = argparse.ArgumentParser()
    harness.add_arguments(parser, java=True)
    quick = Settings.from_args(parser.parse_args(["--quick", "--rounds", "7"]))
    assert (quick.quick, quick.rounds, quick.warmup, quick.process_rounds) == (True, 7, 1, 3)
    full = Settings.from_args(parser.parse_args(["--warmup", "0", "--no-java"]))
    assert (full.quick, full.rounds, full.warmup, full.java) == (False, 15, 0, False)


@pytest.mark.skipif(not (shutil.which("javac") and os.environ.get(harness.JAR_ENVIRONMENT)),
                    reason=f"needs a JDK and ${harness.JAR_ENVIRONMENT} (the EdXML102 jar)")
def test_java_peer_reads_header_and_attachments(tmp_path: Path) -> None:
    import bench_validation

    package = tmp_path / "one-attachment.edxml"
    package.write_bytes(bench_validation.package_with_attachment(10_000))
    settings = Settings(java_jar=Path(os.environ[harness.JAR_ENVIRONMENT]))
    with harness.JavaPeer.start(settings, tmp_path) as peer:
        batch = peer.request(package, 3)
        assert (batch.iterations, len(batch.thread_cpu)) == (3, 3)
        assert (batch.attachments, batch.attachment_bytes) == (1, 10_000)
        assert batch.header_chars > 0
        assert batch.cpu > 0
        assert batch.wall > 0


def test_harness_examples() -> None:
    import doctest

    failures, tried = doctest.testmod(harness, optionflags=doctest.ELLIPSIS)
    assert (failures, tried > 5) == (0, True)
