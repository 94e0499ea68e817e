"""Validation costs time in proportion to what it finds: no finding is located by rescanning.

Until issue 16, each finding of a package with many unknown elements rescanned the siblings
and the input before it: 10,000 findings took 45 s. The check here is a ratio measured in one
run on one machine (ten times the findings at most fifteen times the time), never an absolute
time; a quadratic path gives about a hundred times.
"""

from __future__ import annotations

import time

from edoc_support import document

from vn_egov.edoc.writer import write
from vn_egov.validation import check


def _with_unknown_elements(count: int) -> bytes:
    """A valid document package whose MessageHeader ends with *count* unknown elements."""
    marker = b"</edXML:MessageHeader>"
    data = write(document())
    assert marker in data
    extra = b"".join(b"<edXML:Unknown>%05d</edXML:Unknown>\n" % index for index in range(count))
    return data.replace(marker, extra + marker, 1)


def _seconds(data: bytes, count: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        report = check(data, "edxml-document")
        best = min(best, time.process_time() - start)
    located = [issue for issue in report.issues if issue.rule == "EDX007"]
    assert len(located) == count
    assert all(issue.line is not None and issue.xpath for issue in located)
    assert located[-1].xpath.endswith(f"edXML:Unknown[{count}]")
    return best


def test_validation_time_is_linear_in_the_number_of_findings() -> None:
    small, large = 800, 8_000
    small_time = _seconds(_with_unknown_elements(small), small)
    large_time = _seconds(_with_unknown_elements(large), large)
    assert large_time <= 15 * small_time, (small_time, large_time)
