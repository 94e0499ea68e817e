"""Wall time of ``vn-egov validate`` over 2,000 small files with ``--jobs 1`` and ``--jobs 2``,
in English and in Vietnamese (``VN_EGOV_LANG=vi``: every finding message is looked up).

Usage: ``python benchmarks/bench_batch.py [--files N] [--repeat R]``

Uses edXML status packages (copies of the project's worked example, each with its own
description) when the edXML profiles are importable, else the small test profile of
``tests/cli``. Each setting runs R times, alternating, and the best time counts (the
machine may be shared). Prints the times and the ratios; it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATUS_EXAMPLE = ROOT / "tests" / "data" / "edxml" / "spec" / "example_14_2_status.edxml"
SAMPLE_PLUGIN_DIR = ROOT / "tests" / "cli"


def _edxml_available() -> bool:
    try:
        import vn_egov.edoc.profiles  # noqa: F401
    except ImportError:
        return False
    return STATUS_EXAMPLE.is_file()


def generate(folder: Path, count: int) -> tuple[str, list[str]]:
    """Write *count* files into *folder*; return the kind and the extra CLI arguments."""
    if _edxml_available():
        template = STATUS_EXAMPLE.read_bytes()
        marker = b"</edXML:Description>"
        for index in range(count):
            data = template.replace(marker, f" #{index}".encode() + marker, 1)
            (folder / f"status-{index:05d}.edxml").write_bytes(data)
        return "edxml-status packages", []
    for index in range(count):
        (folder / f"sample-{index:05d}.xml").write_bytes(
            f'<sample xmlns="urn:vn-egov:test:sample" lang="vi">\n'
            f"  <title>Kế hoạch số {index}/KH-UBND</title>\n</sample>\n".encode())
    return "test-sample documents", ["--plugin", "cli_sample_profile"]


def run(folder: Path, jobs: int, extra: list[str], lang: str = "en") -> float:
    """Seconds for one CLI run (a fresh interpreter, as in CI) in *lang*."""
    env = {**os.environ, "VN_EGOV_LANG": lang, "PYTHONPATH": os.pathsep.join(
        [str(SAMPLE_PLUGIN_DIR), os.environ.get("PYTHONPATH", "")])}
    code = "from vn_egov.cli.main import main; main()"
    args = [sys.executable, "-W", "ignore", "-c", code, "validate", "--format", "json",
            "--exit-zero", "--jobs", str(jobs), *extra, str(folder)]
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"vn-egov failed ({done.returncode}): {done.stderr.decode()}")
    return elapsed


def main() -> None:
    """Generate the files, time both runs, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        kind, extra = generate(folder, args.files)
        run(folder, 1, extra)  # warm the file cache and the bytecode cache
        settings = [(jobs, lang) for jobs in (1, 2) for lang in ("en", "vi")]
        times: dict[tuple[int, str], list[float]] = {setting: [] for setting in settings}
        for _ in range(args.repeat):
            for jobs, lang in settings:
                times[jobs, lang].append(run(folder, jobs, extra, lang))
        best = {setting: min(values) for setting, values in times.items()}
    print(f"{args.files} {kind}; cores: {os.cpu_count()}; best of {args.repeat}")
    for (jobs, lang), seconds in best.items():
        print(f"--jobs {jobs} ({lang}): {seconds:.2f} s")
    print(f"speed-up (jobs 1 / jobs 2, en): {best[1, 'en'] / best[2, 'en']:.2f}x")
    for jobs in (1, 2):
        print(f"Vietnamese / English, --jobs {jobs}: {best[jobs, 'vi'] / best[jobs, 'en']:.2f}x")


if __name__ == "__main__":
    main()
