"""Hostile PDFs end with a clear finding, in bounded time and memory, never a traceback.

Each case is verified in a child process that reports its own peak RSS, so one case's memory
cannot hide another's and a runaway case cannot take the test run down with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pdf_hostile as hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_support import TestPKI

from vn_egov.signature.pdf import PdfVerifier
from vn_egov.signature.pdf.sign import PdfSigner

#: Generous bounds (a bound, not a benchmark): the slowest case takes about a second.
TIME_BOUND_S = 20.0
#: Peak RSS of the child: the interpreter with pyHanko loaded is about 60 MB.
RSS_BOUND_MB = 400

# Peak RSS from /proc/self/status VmHWM: the high-water mark of this process's own memory.
# (ru_maxrss would carry over the parent's peak: Linux keeps it across fork and exec.)
_CHILD = """
import json, logging, re, resource, sys, time
logging.disable(logging.CRITICAL)
from vn_egov.signature.pdf import PdfVerifier
start = time.perf_counter()
result = PdfVerifier().verify(sys.argv[1])
elapsed = time.perf_counter() - start
try:
    with open("/proc/self/status") as status:
        peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rules": result.rule_ids(), "valid": result.valid, "elapsed": elapsed,
                  "rss_mb": peak_kb / 1024,
                  "messages": [issue.message for issue in result.all_issues]}))
"""

EXPECTED = {
    "truncated": {"PDF001"},
    "page_tree_cycle": {"PDF001", "PDF002", "PDF005"},
    "reference_cycle": {"PDF001", "PDF002", "PDF005"},
    "deep_nesting": {"PDF001", "PDF002", "PDF005"},
    "enormous_xref": {"PDF002"},
    "lying_xref": {"PDF002"},
    "object_stream_bomb": {"PDF002"},
    "huge_object_stream": {"PDF001", "PDF002", "PDF005"},
}


@pytest.fixture(scope="module")
def signed(pki: TestPKI, plain_pdf: bytes) -> bytes:
    return PdfSigner.from_key(pki.person[0], [pki.person[1], pki.issuing[1]]).sign(plain_pdf)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hostile_pdf_is_a_bounded_finding(case: str, signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"{case}.pdf"
    path.write_bytes(dict(hostile.cases(signed))[case]())
    completed = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                               text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Traceback" not in completed.stdout + completed.stderr
    outcome = json.loads(completed.stdout)
    assert not outcome["valid"]
    rules = set(outcome["rules"])
    assert rules & EXPECTED[case], outcome
    assert rules <= EXPECTED[case] | {"PDF004"}, outcome
    assert all(message.strip() for message in outcome["messages"])
    assert outcome["elapsed"] < TIME_BOUND_S, outcome
    assert outcome["rss_mb"] < RSS_BOUND_MB, outcome


def test_limits_are_configurable(signed: bytes) -> None:
    assert PdfVerifier(max_bytes=1000).verify(signed).rule_ids() == ["PDF002"]
    assert PdfVerifier(max_objects=3).verify(signed).rule_ids() == ["PDF002"]
    assert PdfVerifier(max_signatures=1).verify(signed).rule_ids() != ["PDF002"]


def test_not_a_pdf_and_a_missing_file(tmp_path: Path) -> None:
    from vn_egov.errors import InputError

    assert PdfVerifier().verify(b"<html>").rule_ids() == ["PDF001"]
    with pytest.raises(InputError):
        PdfVerifier().verify(tmp_path / "missing.pdf")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_signed_pdf_never_raises(signed: bytes, data: st.DataObject) -> None:
    import re

    position = data.draw(st.integers(0, len(signed) - 1))
    replacement = data.draw(st.binary(min_size=1, max_size=16))
    mutated = signed[:position] + replacement + signed[position + len(replacement):]
    result = PdfVerifier().verify(mutated)  # never raises
    match = re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)", signed)
    assert match is not None
    hole = range(int(match.group(1)), int(match.group(2)))  # the /Contents value
    changed = [index for index in range(position, min(position + len(replacement),
                                                      len(signed)))
               if mutated[index] != signed[index]]
    if len(mutated) != len(signed) or any(index not in hole for index in changed):
        assert not result.valid  # a change to the signed bytes is always caught
