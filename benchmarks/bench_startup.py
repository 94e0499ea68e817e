"""Start-up: what a one-shot command pays before and around its real work.

Each case is a fresh process, run in interleaved rounds with this interpreter
(``sys.executable``, so the figures are the same whether or not a venv is active):

* ``python -c pass``: the interpreter alone (the baseline);
* ``import vn_egov``, ``from vn_egov.edoc import read`` (the package itself imports its
  parts on first use);
* ``vn-egov --version``;
* ``vn-egov validate FILE``: validation of one 4 KB header-only package, the command a
  pre-commit hook or a cron job runs per file.

CPU time (user + system, from ``wait4``) and wall time per process, medians with spread;
peak RSS per process. Processes run with compiled bytecode cached, as an installed package
has it: ``PYTHONDONTWRITEBYTECODE`` is removed from their environment and the bytecode goes
to a temporary folder (``PYTHONPYCACHEPREFIX``), written by the calibration runs; without
it every process compiles the library again (about 50 ms here). ``--importtime`` adds the
modules that ``from vn_egov.edoc import read`` spends most time on (``python -X
importtime``). Run from the repository root:

    python benchmarks/bench_startup.py [--quick] [--importtime]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import harness
from bench_validation import header_only_package
from harness import Settings, Subprocess

READ = "from vn_egov.edoc import read"


def cached_bytecode(folder: Path) -> dict[str, str]:
    """This environment, with bytecode written to and read from *folder*."""
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder)
    return env


def cases(package: Path, env: Mapping[str, str]) -> dict[str, harness.Timer]:
    """The command lines, each run by this interpreter."""
    return {
        "python -c pass": Subprocess(harness.python_command("pass"), env=env),
        "import vn_egov": Subprocess(harness.python_command("import vn_egov"), env=env),
        READ: Subprocess(harness.python_command(READ), env=env),
        "vn-egov --version": Subprocess(harness.cli_command("--version"), env=env),
        "vn-egov validate FILE": Subprocess(harness.cli_command("validate", str(package)),
                                            env=env),
    }


def import_times(statement: str, env: Mapping[str, str], top: int = 20) -> str:
    """The *top* modules by own import time, and the packages by cumulative time."""
    done = harness.run_process([sys.executable, "-X", "importtime", "-c", statement], env=env)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[1]), int(match[2]), len(match[3]) // 2, match[4]))
    lines = [f"\n## python -X importtime -c '{statement}': top {top} by own time"]
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
                        help="also list the slowest imports of the edXML reader")
    args = parser.parse_args()
    settings = Settings.from_args(args)
    if not args.process_rounds:  # a process is cheap here: as many rounds as in-process
        settings = dataclasses.replace(settings, process_rounds=settings.rounds)
    harness.print_header("bench_startup.py: start-up of one-shot commands", settings,
                         packages=("lxml", "pydantic", "click"))
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "header-only.edxml"
        package.write_bytes(header_only_package())
        env = cached_bytecode(Path(tmp) / "pycache")
        comparison = harness.compare(cases(package, env), settings, baseline="python -c pass",
                                     title="one process per command (bytecode cached)")
        comparison.print_table()
        print("\n## goal row (issue 16): vn-egov validate of one file (goal: <= 120 ms)")
        for name in ("vn-egov validate FILE", READ):
            print(f"{name}: CPU {harness.format_seconds(comparison.cpu(name).median)}, wall "
                  f"{harness.format_seconds(comparison.wall(name).median)} (wall exceeds CPU "
                  f"by the time spent waiting for a core when the machine is loaded)")
        if args.importtime:
            print(import_times(READ, env))
    harness.print_footer()


if __name__ == "__main__":
    main()
