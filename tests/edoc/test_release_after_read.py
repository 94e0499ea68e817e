"""After ``check``, ``read`` and ``verify`` return, the library keeps nothing of the input.

The locating index (:mod:`vn_egov.xml.paths`) used to keep the last document it located, its
bytes and its tree, until the next document: 1.0x a 10 MB package stayed allocated after
``read``. The entry points now locate inside a :func:`vn_egov.xml.locating` scope.
"""

from __future__ import annotations

import gc
import os
import tracemalloc
from pathlib import Path

from edoc_support import document

from vn_egov.edoc import read
from vn_egov.edoc.models import Attachment, ManifestReference
from vn_egov.edoc.writer import write
from vn_egov.signature import Verifier
from vn_egov.validation import check
from vn_egov.xml import paths

MARKER = b"</edXML:MessageHeader>"


def _package(attachment_bytes: int) -> bytes:
    """A document package with one random attachment and one unknown header element (a
    located warning, EDX007, so the input is indexed for its line and column)."""
    data = b"%PDF-1.4\n" + os.urandom(attachment_bytes - 9)  # a PDF by its start
    package = document()
    attachment = Attachment(content_id="att-1", name="scan.pdf", description="Bản scan",
                            content_type="application/pdf", data=data)
    manifest = [ManifestReference(content_id="att-1", content_type="application/pdf",
                                  description="Bản scan", name="scan.pdf")]
    written = write(package.model_copy(update={"attachments": [attachment],
                                               "manifest": manifest}))
    assert written.count(MARKER) == 1
    return written.replace(MARKER, b"<edXML:Unknown>x</edXML:Unknown>\n" + MARKER)


def _indexes_holding(data: bytes) -> list[object]:
    gc.collect()
    return [holder for holder in gc.get_referrers(data) if isinstance(holder, paths._Index)]


def test_check_read_and_verify_release_the_input() -> None:
    data = _package(1000)
    report = check(data, "edxml-document")
    located = [issue for issue in report.issues if issue.rule == "EDX007"]
    assert len(located) == 1
    assert located[0].line is not None
    assert located[0].column is not None
    assert (located[0].xpath or "").endswith("/edXML:MessageHeader/edXML:Unknown")
    assert _indexes_holding(data) == []
    package = read(data)
    assert "EDX007" in [issue.rule for issue in package.issues]
    assert _indexes_holding(data) == []
    Verifier().verify(data)
    assert _indexes_holding(data) == []
    assert paths._STATE.scoped is None


def test_nothing_of_a_10_mb_package_stays_allocated(tmp_path: Path) -> None:
    path = tmp_path / "package.edxml"
    path.write_bytes(_package(7_500_000))  # 10 MB of base64 text in the package
    size = path.stat().st_size
    check(_package(1000), "edxml-document")  # first use: schemas and rules loaded unmeasured
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        report = check(path, "edxml-document")  # reads the file: its bytes are the library's
        gc.collect()
        after_check = tracemalloc.get_traced_memory()[0]
        package = read(path)
        gc.collect()
        after_read = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert "EDX007" in report.rule_ids()
    assert after_check - before < 0.1 * size
    # read() returns the decoded attachment (0.75x the text): nothing more may remain
    kept = len(package.attachments[0].data)
    assert kept == 7_500_000
    assert after_read - after_check - kept < 0.1 * size
