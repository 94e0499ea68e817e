"""Full ``edxml-document`` validation vs bare lxml parse + XSD validation of the same bytes.

Prints, for a header-only package and a package with a 1 MB attachment, the median time of each
and our throughput as a ratio of lxml's (target: at least 0.7x). Not a test; run:

    python benchmarks/bench_validation.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from lxml import etree

from vn_egov._resources import schema_path
from vn_egov.edoc.attachments import add_attachment, attachment_from_bytes
from vn_egov.edoc.demo import plan_package
from vn_egov.edoc.writer import write
from vn_egov.validation import check

SCHEMA = "edxml/qcvn-102-2016/edxml-document.xsd"


def _median(func: Callable[[], object], runs: int) -> float:
    for _ in range(3):
        func()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def packages() -> dict[str, bytes]:
    """The two inputs: the demo header without attachments, and with a 1 MB one."""
    header_only = plan_package().model_copy(update={"attachments": [], "manifest": []})
    with_mb = add_attachment(header_only, attachment_from_bytes(os.urandom(1024 * 1024),
                                                                "scan.pdf", content_id="mb"))
    return {"header only": write(header_only), "1 MB attachment": write(with_mb)}


def main() -> None:
    """Measure and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    schema = etree.XMLSchema(etree.parse(str(schema_path(SCHEMA))))
    lxml_parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    print(f"{'input':<18}{'bytes':>10}{'lxml ms':>10}{'vn_egov ms':>12}{'throughput ratio':>18}")
    for name, data in packages().items():
        def baseline(data: bytes = data) -> bool:
            return schema.validate(etree.fromstring(data, lxml_parser).getroottree())

        def ours(data: bytes = data) -> bool:
            return check(data, "edxml-document").valid

        if not (baseline() and ours()):
            raise SystemExit(f"{name}: both must accept the input")
        base = _median(baseline, args.runs)
        mine = _median(ours, args.runs)
        print(f"{name:<18}{len(data):>10}{base * 1e3:>10.3f}{mine * 1e3:>12.3f}"
              f"{base / mine:>17.2f}x")
    print("target: throughput ratio >= 0.70x of bare lxml (parse + XSD)")


if __name__ == "__main__":
    main()
