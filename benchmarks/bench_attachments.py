"""Extract throughput and peak memory for packages with 10, 100 and 300 MB attachments.

Each measurement runs in a fresh child process so that its peak resident memory (ru_maxrss)
is its own. The streaming extractor (``vn_egov.edoc.streaming.extract_attachments``, used by
``vn-egov extract``) is compared with reading the whole package into models (``read``).
Target: under 100 MB resident for a 300 MB attachment when streaming. Run:

    python benchmarks/bench_attachments.py [--sizes 10 100 300] [--skip-read-above 100]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, package, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
start = time.perf_counter()
if mode == "stream":
    from vn_egov.edoc.streaming import extract_attachments
    written = extract_attachments(package, out)
    size = written[0][1].size
elif mode == "read":
    from vn_egov.edoc import read
    size = read(package).attachments[0].size
else:
    from datetime import date
    from vn_egov.edoc.builders import new_document
    from vn_egov.edoc.streaming import LargeFile, stream_write
    pkg = new_document(sender="000.00.00.H99", recipients=["000.00.05.H99"], number="1",
                       notation="UBND-VP", promulgation_date=date(2025, 1, 2), subject="Scan",
                       timestamp=None)
    with package.open("wb") as handle:
        stream_write(pkg, [LargeFile(out)], handle)
    size = out.stat().st_size
elapsed = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "rss_mb": rss, "bytes": size}))
"""


def _child(*args: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-c", CHILD, *args], check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def main() -> None:
    """Generate the inputs, measure each mode in its own process, print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 300])
    parser.add_argument("--skip-read-above", type=int, default=100,
                        help="do not measure the in-memory reader above this size (MB)")
    args = parser.parse_args()
    print(f"{'MB':>5}{'mode':>8}{'seconds':>10}{'MB/s':>9}{'peak RSS MB':>13}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for size in args.sizes:
            source = root / f"scan-{size}.pdf"
            with source.open("wb") as handle:
                for _ in range(size):
                    handle.write(os.urandom(1024 * 1024))
            package = root / f"package-{size}.edxml"
            written = _child("write", str(package), str(source))
            print(f"{size:>5}{'write':>8}{written['seconds']:>10.2f}"
                  f"{size / written['seconds']:>9.0f}{written['rss_mb']:>13.0f}")
            modes = ["stream"] + (["read"] if size <= args.skip_read_above else [])
            for mode in modes:
                measured = _child(mode, str(package), str(root / f"out-{size}-{mode}"))
                assert measured["bytes"] == size * 1024 * 1024
                print(f"{size:>5}{mode:>8}{measured['seconds']:>10.2f}"
                      f"{size / measured['seconds']:>9.0f}{measured['rss_mb']:>13.0f}")
            source.unlink()
            package.unlink()
    print("target: streaming extract of 300 MB under 100 MB peak RSS")


if __name__ == "__main__":
    main()
