"""``vn-egov validate`` of many small packages with ``--jobs 1`` and ``--jobs 2``.

2,000 edXML status packages (copies of the project's worked example, each with its own
description; 200 with --quick) are validated by the command line, JSON output, in
interleaved rounds. Reported per run: CPU time of the command and every worker process it
started (``wait4`` of the command, which waits for its workers), wall time and peak RSS,
as medians with spread, and the paired ratios of ``--jobs 2`` to ``--jobs 1``. Both runs
must print the same report. Run from the repository root:

    python benchmarks/bench_batch.py [--quick] [--files N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import harness
from harness import Settings, Subprocess

ROOT = Path(__file__).resolve().parents[1]
STATUS_EXAMPLE = ROOT / "tests" / "data" / "edxml" / "spec" / "example_14_2_status.edxml"


def generate(folder: Path, count: int) -> None:
    """Write *count* status packages into *folder*, each with its own description."""
    template = STATUS_EXAMPLE.read_bytes()
    marker = b"</edXML:Description>"
    if marker not in template:
        raise SystemExit(f"{STATUS_EXAMPLE} has no {marker!r}")
    for index in range(count):
        data = template.replace(marker, f" #{index}".encode() + marker, 1)
        (folder / f"status-{index:05d}.edxml").write_bytes(data)


def command(folder: Path, jobs: int) -> list[str]:
    """The validate command line for *jobs* workers."""
    return harness.cli_command("validate", "--format", "json", "--exit-zero", "--jobs",
                               str(jobs), str(folder))


def same_report(folder: Path) -> None:
    """Both settings print the same report (before timing them)."""
    reports = [harness.run_process(command(folder, jobs)) for jobs in (1, 2)]
    for done in reports:
        if done.code != 0:
            raise harness.ProcessFailed(done.stderr[-2000:])
    harness.expect("report of --jobs 2 (same as --jobs 1)", reports[1].stdout, reports[0].stdout)


def main() -> None:
    """Generate the files, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser)
    parser.add_argument("--files", type=int, help="number of packages (default 2,000)")
    args = parser.parse_args()
    settings = Settings.from_args(args)
    count = args.files or (200 if settings.quick else 2000)
    harness.print_header("bench_batch.py: validate many packages, --jobs 1 vs --jobs 2",
                         settings, packages=("lxml", "pydantic"))
    print(f"{count:,} status packages; os.cpu_count() = {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, count)
        same_report(folder)
        comparison = harness.compare({"--jobs 1": Subprocess(command(folder, 1)),
                                      "--jobs 2": Subprocess(command(folder, 2))},
                                     settings, baseline="--jobs 1",
                                     title=f"vn-egov validate of {count:,} packages")
    comparison.print_table()
    wall = comparison.ratio("--jobs 2", "--jobs 1", clock="wall")
    cpu = comparison.ratio("--jobs 2", "--jobs 1")
    print(f"\n## goal row (issue 16)\n--jobs 2 / --jobs 1: wall {harness.format_ratio(wall)} "
          f"(speed-up {1 / wall.median:.2f}x), CPU {harness.format_ratio(cpu)} "
          f"(goal: wall <= 1.00x, CPU < 1.05x)")
    harness.print_footer()


if __name__ == "__main__":
    main()
