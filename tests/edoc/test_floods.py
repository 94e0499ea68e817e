"""Floods: many findings, many unknown elements, many attachments, in bounded time and memory.

A package with 900,000 unknown elements used to cost one located finding (and one kept
object) each; 3 million empty attachments one record each. Findings are now listed up to
100 per rule and counted beyond (one more finding says how many); long runs of unknown
siblings are kept as one verbatim block; attachments are bounded by
``ParseLimits.max_attachments``. The memory and time of the full-size cases are asserted
in child processes by the hostile corpus (``tests/attacks``).
"""

from __future__ import annotations

import io

import pytest
from edoc_support import document
from lxml import etree

from vn_egov.edoc import read, write
from vn_egov.edoc.fields import MAX_FINDINGS_PER_RULE
from vn_egov.edoc.reader import read_tree
from vn_egov.edoc.streaming import stream_attachments
from vn_egov.errors import DocumentInvalid, UnsafeXMLError
from vn_egov.validation import Severity, check
from vn_egov.xml import ParseLimits, parse

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def _with_unknown(count: int, where: str = "</edXML>", element: str = "<X/>") -> bytes:
    base = write(document()).decode()
    return base.replace(where, element * count + where, 1).encode()


def test_findings_beyond_the_cap_are_counted_in_one_more() -> None:
    result = read_tree(parse(_with_unknown(1_000)))
    unknown = [i for i in result.issues if i.rule == "EDX006"]
    assert len(unknown) == MAX_FINDINGS_PER_RULE + 1
    assert unknown[0].message == "<X> in <edXML> is not part of edXML; kept as is"
    assert unknown[0].xpath == "/edXML/X[1]"
    assert unknown[-1].message == ("900 more EDX006 finding(s) like those above are not "
                                   "listed")
    assert unknown[-1].severity is Severity.WARNING
    report = check(_with_unknown(1_000))
    assert sum(i.rule == "EDX006" for i in report.issues) == MAX_FINDINGS_PER_RULE + 1


def test_unlisted_findings_keep_the_worst_severity() -> None:
    # EDX404 (error) beyond the cap: the summary is an error too, so read() still fails.
    bad = ('<Attachment><ContentId>cid:{i}</ContentId><edXML:ContentTransferEncoded '
           f'xmlns:edXML="{NS}">-_-_</edXML:ContentTransferEncoded></Attachment>')
    data = write(document()).decode().replace(
        "</AttachmentEncoded>", "".join(bad.format(i=i) for i in range(150)) +
        "</AttachmentEncoded>").encode()
    result = read_tree(parse(data))
    summary = [i for i in result.issues if i.rule == "EDX404"][-1]
    assert summary.message == "50 more EDX404 finding(s) like those above are not listed"
    assert summary.severity is Severity.ERROR


def test_a_long_run_of_unknown_siblings_is_kept_as_one_block() -> None:
    data = _with_unknown(5_000, element="<X a='1'>t</X>")
    package = read(data)
    [block] = package.unknown["edXML"]
    assert block.xml == '<X a="1">t</X>' * 5_000
    written = write(package)
    assert written.count(b'<X a="1">t</X>') == 5_000
    assert write(read(written)) == written
    # Short runs keep one ExtraElement per element (the common case is unchanged).
    assert [e.xml for e in read(_with_unknown(3)).unknown["edXML"]] == ["<X/>"] * 3


def test_the_attachment_count_is_bounded_on_both_paths() -> None:
    item = ('<Attachment><ContentId>cid:{i}</ContentId><edXML:ContentTransferEncoded '
            f'xmlns:edXML="{NS}">QUJD</edXML:ContentTransferEncoded></Attachment>')
    data = write(document()).decode().replace(
        "</AttachmentEncoded>", "".join(item.format(i=i) for i in range(30)) +
        "</AttachmentEncoded>").encode()
    limits = ParseLimits(max_attachments=20)
    with pytest.raises(UnsafeXMLError, match="the package has more than 20 attachments") as caught:
        stream_attachments(io.BytesIO(data), lambda _index: io.BytesIO(), limits=limits)
    assert "ParseLimits.max_attachments" in (caught.value.hint or "")
    result = read_tree(parse(data))  # the default bound: 10,000
    assert len(result.package.attachments) == 31  # type: ignore[union-attr]


def test_the_same_namespace_on_every_attachment_is_one_namespace() -> None:
    # What the official library writes: xmlns:edXML on each ContentTransferEncoded.
    item = ('<Attachment><ContentId>cid:{i}</ContentId><edXML:ContentTransferEncoded '
            f'xmlns:edXML="{NS}">QUJD</edXML:ContentTransferEncoded></Attachment>')
    data = write(document()).decode().replace(
        "</AttachmentEncoded>", "".join(item.format(i=i) for i in range(5_000)) +
        "</AttachmentEncoded>").encode()
    package = read(data)
    assert len(package.attachments) == 5_001
    assert etree.fromstring(data) is not None


def test_one_attachment_above_the_default_bound_is_refused_with_its_limit() -> None:
    """The default bound (10,000) keeps the in-memory readers near 150 MB; one more is a
    finding (``check``) or an error naming the limit to raise (the readers)."""
    assert ParseLimits().max_attachments == 10_000
    item = ('<Attachment><ContentId>cid:{i}</ContentId><edXML:ContentTransferEncoded '
            f'xmlns:edXML="{NS}">QUJD</edXML:ContentTransferEncoded></Attachment>')
    data = write(document()).decode().replace(
        "</AttachmentEncoded>", "".join(item.format(i=i) for i in range(10_000)) +
        "</AttachmentEncoded>").encode()  # 10,001 with the document's own
    with pytest.raises(DocumentInvalid,
                       match="EDX410 AttachmentEncoded holds more than 10000 items") as caught:
        read(data)
    assert "raise ParseLimits.max_attachments" in str(caught.value)
    report = check(data)
    assert not report.valid
    assert "EDX410" in report.rule_ids()
