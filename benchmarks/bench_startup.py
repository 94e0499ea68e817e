"""Start-up time: ``import vn_egov`` and ``vn-egov --version`` (targets 0.15 s and 0.3 s), in
English and in Vietnamese, and what a Vietnamese message costs.

Each command is run in a fresh interpreter, several times, the languages interleaved; the
median wall time is printed next to the same measurement for a bare ``python -c pass`` (the
interpreter's own start-up). ``VN_EGOV_LANG=vi`` is how a Vietnamese CI job or server
chooses the language. The last lines time, in this process, loading the compiled catalogues
(once per process, on the first Vietnamese message) and looking one message up. Run:

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import timeit


def _seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _medians(cases: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):  # interleaved: a busy moment of a shared machine hits every case
        for name, (command, env) in cases.items():
            samples[name].append(_seconds(command, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def _catalogue_costs() -> tuple[float, float]:
    """Seconds to load every Vietnamese catalogue, and to translate one message."""
    from vn_egov import i18n

    i18n._catalogue.cache_clear()
    start = time.perf_counter()
    i18n._catalogue("vi")
    load = time.perf_counter() - start
    number = 200_000
    lookup = timeit.timeit(lambda: i18n.translate("the package carries no signature", "vi"),
                           number=number) / number
    return load, lookup


def main() -> None:
    """Print the median wall times and the catalogue costs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    script = shutil.which("vn-egov")
    version = [script, "--version"] if script else [
        sys.executable, "-c", "from vn_egov.cli.main import main; main(['--version'])"]
    english = {key: value for key, value in os.environ.items() if key != "VN_EGOV_LANG"}
    vietnamese = {**english, "VN_EGOV_LANG": "vi"}
    cases = {
        "python -c pass (baseline)": ([sys.executable, "-c", "pass"], english),
        "import vn_egov": ([sys.executable, "-c", "import vn_egov"], english),
        "vn-egov --version (en)": (version, english),
        "vn-egov --version (vi)": (version, vietnamese),
        "import vn_egov.edoc": ([sys.executable, "-c", "import vn_egov.edoc"], english),
    }
    medians = _medians(cases, args.runs)
    for name, seconds in medians.items():
        print(f"{name:<28}{seconds * 1e3:>8.0f} ms")
    ratio = medians["vn-egov --version (vi)"] / medians["vn-egov --version (en)"]
    print(f"--version vi / en: {ratio:.2f}x")
    load, lookup = _catalogue_costs()
    print(f"loading the Vietnamese catalogues (once per process): {load * 1e3:.2f} ms")
    print(f"one Vietnamese message (lookup and format): {lookup * 1e6:.2f} µs")
    print("targets: import vn_egov < 150 ms, vn-egov --version < 300 ms")


if __name__ == "__main__":
    main()
