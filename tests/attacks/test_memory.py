"""Large attachments: allowed where they belong, refused elsewhere, in bounded time/memory."""

from __future__ import annotations

import resource
import time

import pytest

from vn_egov.errors import UnsafeXMLError
from vn_egov.xml import parse

BASE64 = b"QUJD" * 12_500_000  # 50 MB of base64 text


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def test_50mb_attachment_content_parses_with_default_limits() -> None:
    data = (b'<edXML xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><AttachmentEncoded>'
            b"<Attachment><ContentId>cid:1</ContentId><edXML:ContentTransferEncoded>" + BASE64
            + b"</edXML:ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>")
    before = _peak_rss_mb()
    start = time.perf_counter()
    doc = parse(data)
    elapsed = time.perf_counter() - start
    content = doc.root[0][0][1]
    assert content.tag == "{http://www.mic.gov.vn/TBT/QCVN_102_2016}ContentTransferEncoded"
    assert len(content.text or "") == len(BASE64)
    assert elapsed < 3.0
    # The input and libxml2's copy of the text (+ the str above): never a blow-up.
    assert _peak_rss_mb() - before < 4 * len(BASE64) / 2**20


def test_same_text_in_another_element_is_refused() -> None:
    data = b"<edXML><Description>" + BASE64 + b"</Description></edXML>"
    start = time.perf_counter()
    with pytest.raises(UnsafeXMLError) as info:
        parse(data)
    assert time.perf_counter() - start < 3.0
    assert info.value.message == ("text of <Description> has 50000000 characters, above the "
                                  "limit of 1048576")
    assert info.value.hint == ("only attachment content may be large; raise "
                               "ParseLimits.max_text_length if needed")
    assert info.value.line == 1
