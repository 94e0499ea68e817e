"""Validation costs time in proportion to the input: no finding is located by rescanning.

Until issue 16, each finding of a package with many unknown elements rescanned the siblings
and the input before it: 10,000 findings took 45 s. The check here is a ratio measured in one
run on one machine (ten times the findings at most fifteen times the time), never an absolute
time; a quadratic path gives about a hundred times.
"""

from __future__ import annotations

import time

from edoc_support import document

from vn_egov.edoc.fields import MAX_FINDINGS_PER_RULE
from vn_egov.edoc.names import NS
from vn_egov.edoc.writer import write
from vn_egov.validation import check
from vn_egov.xml import parse
from vn_egov.xml.paths import column_of, element_xpath


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
    found = [issue for issue in report.issues if issue.rule == "EDX007"]
    located = [issue for issue in found if issue.xpath]
    summary = [issue for issue in found if not issue.xpath]
    # The first MAX_FINDINGS_PER_RULE are listed with their place, the rest counted in one.
    assert len(located) == MAX_FINDINGS_PER_RULE
    assert all(issue.line is not None and issue.xpath for issue in located)
    assert located[-1].xpath.endswith(f"edXML:Unknown[{MAX_FINDINGS_PER_RULE}]")
    assert len(summary) == 1
    assert f"{count - MAX_FINDINGS_PER_RULE} more EDX007" in summary[0].message
    return best


def test_validation_time_is_linear_in_the_number_of_unknown_elements() -> None:
    small, large = 800, 8_000
    small_time = _seconds(_with_unknown_elements(small), small)
    large_time = _seconds(_with_unknown_elements(large), large)
    assert large_time <= 15 * small_time, (small_time, large_time)


def _locate_all(data: bytes) -> float:
    """CPU time to locate (path, line, column) every unknown element, as findings are."""
    best = float("inf")
    for _ in range(3):
        parsed = parse(data)
        start = time.process_time()
        places = [(element_xpath(node), node.sourceline, column_of(data, node))
                  for node in parsed.root.iter(f"{{{NS}}}Unknown")]
        best = min(best, time.process_time() - start)
    assert places[-1][0].endswith(f"edXML:Unknown[{len(places)}]")
    assert all(line is not None and column for _, line, column in places)
    assert [column for _, _, column in places[1:]] == [1] * (len(places) - 1)
    return best


def test_locating_findings_is_linear_in_their_number() -> None:
    """Every finding is located without rescanning its siblings or the input before it."""
    small_time = _locate_all(_with_unknown_elements(800))
    large_time = _locate_all(_with_unknown_elements(8_000))
    assert large_time <= 15 * small_time, (small_time, large_time)
