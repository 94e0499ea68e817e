"""Start-up time: ``import vn_egov`` and ``vn-egov --version`` (targets 0.15 s and 0.3 s).

Each is run in a fresh interpreter, several times; the median wall time is printed next to
the same measurement for a bare ``python -c pass`` (the interpreter's own start-up). Run:

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def _median(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    """Print the median wall times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = shutil.which("vn-egov")
    cases = {
        "python -c pass (baseline)": [sys.executable, "-c", "pass"],
        "import vn_egov": [sys.executable, "-c", "import vn_egov"],
        "vn-egov --version": [script] if script else [
            sys.executable, "-c", "from vn_egov.cli.main import main; main(['--version'])"],
        "import vn_egov.edoc": [sys.executable, "-c", "import vn_egov.edoc"],
    }
    for name, command in cases.items():
        print(f"{name:<28}{_median(command, args.runs) * 1e3:>8.0f} ms")
    print("targets: import vn_egov < 150 ms, vn-egov --version < 300 ms")


if __name__ == "__main__":
    main()
