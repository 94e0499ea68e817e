"""Start-up: what a one-shot command pays before and around its real work.

Each case is a fresh process, run in interleaved rounds with this interpreter
(``sys.executable``, so the figures are the same whether or not a venv is active):

* ``python -c pass``: the interpreter alone (the baseline);
* ``import vn_egov``, ``import vn_egov.edoc``;
* ``vn-egov --version``;
* ``vn-egov validate FILE``: validation of one 4 KB header-only package, the command a
  pre-commit hook or a cron job runs per file.

CPU time (user + system, from ``wait4``) and wall time per process, medians with spread;
peak RSS per process. ``--importtime`` adds the modules that ``import vn_egov.edoc`` spends
most time on (``python -X importtime``). Run from the repository root:

    python benchmarks/bench_startup.py [--quick] [--importtime]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
from pathlib import Path

import harness
from bench_validation import header_only_package
from harness import Settings, Subprocess


def cases(package: Path) -> dict[str, harness.Timer]:
    """The command lines, each run by this interpreter."""
    return {
        "python -c pass": Subprocess(harness.python_command("pass")),
        "import vn_egov": Subprocess(harness.python_command("import vn_egov")),
        "import vn_egov.edoc": Subprocess(harness.python_command("import vn_egov.edoc")),
        "vn-egov --version": Subprocess(harness.cli_command("--version")),
        "vn-egov validate FILE": Subprocess(harness.cli_command("validate", str(package))),
    }


def import_times(module: str, top: int = 20) -> str:
    """The *top* modules by own import time, and the packages by cumulative time."""
    done = harness.run_process([sys.executable, "-X", "importtime", "-c", f"import {module}"])
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    lines = [f"\n## python -X importtime -c 'import {module}': top {top} by own time"]
    lines += [f"{own / 1e3:8.1f} ms own {cumulative / 1e3:8.1f} ms cumulative  {name}"
              for own, cumulative, _, name in sorted(rows, reverse=True)[:top]]
    outer = sorted((row for row in rows if row[2] <= 1), key=lambda row: -row[1])[:top]
    lines.append(f"\n## top-level imports by cumulative time (total "
                 f"{sum(row[1] for row in rows if row[2] == 0) / 1e3:.1f} ms)")
    lines += [f"{cumulative / 1e3:8.1f} ms  {'  ' * depth}{name}"
              for _, cumulative, depth, name in outer]
    return "\n".join(lines)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser)
    parser.add_argument("--importtime", action="store_true",
                        help="also list the slowest imports of vn_egov.edoc")
    args = parser.parse_args()
    settings = Settings.from_args(args)
    if not args.process_rounds:  # a process is cheap here: as many rounds as in-process
        settings = dataclasses.replace(settings, process_rounds=settings.rounds)
    harness.print_header("bench_startup.py: start-up of one-shot commands", settings,
                         packages=("lxml", "pydantic", "click"))
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "header-only.edxml"
        package.write_bytes(header_only_package())
        comparison = harness.compare(cases(package), settings, baseline="python -c pass",
                                     title="one process per command")
    comparison.print_table()
    print("\n## goal row (issue 16): vn-egov validate of one file (goal: <= 120 ms)")
    for name in ("vn-egov validate FILE", "import vn_egov.edoc"):
        print(f"{name}: CPU {harness.format_seconds(comparison.cpu(name).median)}, wall "
              f"{harness.format_seconds(comparison.wall(name).median)} (wall exceeds CPU by "
              f"the time spent waiting for a core when the machine is loaded)")
    if args.importtime:
        print(import_times("vn_egov.edoc"))
    harness.print_footer()


if __name__ == "__main__":
    main()
