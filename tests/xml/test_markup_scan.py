"""The scan of large inputs (``scan_markup``) lets ``check_tree`` skip queries it settles:
every refusal must stay exactly what the queries alone give, whatever hides the long name,
value or text (CDATA sections, comments or instructions holding "<", attribute values
holding ">", the start tag of an attachment element). Small limits make small inputs
"large" here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from vn_egov.errors import UnsafeXMLError
from vn_egov.xml import ParseLimits, parse
from vn_egov.xml.checks import check_tree, prescan, scan_markup
from vn_egov.xml.parser import _parse_bytes

LIMITS = ParseLimits(max_text_length=200, max_name_length=40, max_attributes=8,
                     max_huge_text_length=100_000)


def _outcome(data: bytes, limits: ParseLimits, *, scanned: bool) -> str:
    """The refusal (or "accepted") of the post-parse checks, with or without the scan."""
    try:
        markup = prescan(data, data, limits, None) if scanned else None
        tree = _parse_bytes(data, None)
        check_tree(tree, limits, None, data, markup)
    except UnsafeXMLError as exc:
        return f"{exc.message} (line {exc.line})"
    return "accepted"


def _same(data: bytes, limits: ParseLimits = LIMITS) -> str:
    scanned = _outcome(data, limits, scanned=True)
    assert scanned == _outcome(data, limits, scanned=False)
    return scanned


def _pad(inner: bytes) -> bytes:
    """A document above max_text_length whose bulk is attachment text (allowed)."""
    return (b'<?xml version="1.0"?>\n<r><ContentTransferEncoded a="1">' + b"QUJD" * 300
            + b"</ContentTransferEncoded>" + inner + b"</r>")


@pytest.mark.parametrize(("inner", "refused"), [
    (b"<a>short</a>", None),
    (b"<a>" + b"t" * 201 + b"</a>", "text of <a> has 201 characters"),
    (b"<a><![CDATA[" + b"t" * 150 + b"]]><![CDATA[" + b"u" * 60 + b"]]></a>",
     "text of <a> has 210 characters"),
    (b'<a v="' + b"v" * 201 + b'"/>', "the value of attribute v has 201"),
    (b"<!--" + b"c<" * 101 + b"-->", "a comment has 202 characters"),
    (b"<?pi " + b"p<" * 101 + b"?>", "a processing instruction has"),
    (b"<" + b"n" * 41 + b"/>", "the name nnnnnnnn"),
    (b'<a x=">" ' + b"y" * 41 + b'="1"/>', "the name yyyy"),
    (b"<a " + b" ".join(b"a%d='1'" % i for i in range(9)) + b"/>", "has 9 attributes"),
    (b"<ContentTransferEncoded>x<b/>" + b"t" * 300 + b"</ContentTransferEncoded>", None),
    (b'<ContentTransferEncoded v=">">' + b"t" * 300 + b"</ContentTransferEncoded>", None),
    (b'<ContentTransferEncoded ' + b"w" * 41 + b'="1">QUJD</ContentTransferEncoded>',
     "the name wwww"),
])
def test_refusals_are_the_queries(inner: bytes, refused: str | None) -> None:
    data = _pad(inner)
    assert len(data) > LIMITS.max_text_length
    outcome = _same(data)
    if refused is None:
        assert outcome == "accepted"
    else:
        assert refused in outcome
        with pytest.raises(UnsafeXMLError):
            parse(data, limits=LIMITS)


def test_the_scan_itself() -> None:
    data = _pad(b"<a>" + b"t" * 50 + b"</a><!-- x -->")
    markup = scan_markup(data, LIMITS)
    assert (markup.comments, markup.instructions, markup.declaration, markup.cdata) == (
        1, 1, True, False)
    assert markup.starts == data.count(b"<")
    assert markup.longest_markup < 60  # the attachment text is not markup
    assert scan_markup("<a>" + "é" * 300 + "</a>", LIMITS).longest == 303  # decoded text
    assert scan_markup(b"<![CDATA[x]]>", LIMITS).cdata


_names = st.sampled_from(["a", "b", "edXML:c", "ContentTransferEncoded", "n" * 45])
_texts = st.sampled_from(["", "x", "t" * 120, "<&>", "]]>", "t" * 250])


@st.composite
def _documents(draw: st.DrawFn) -> bytes:
    root = etree.Element("r", nsmap={"edXML": "urn:q"})
    for _ in range(draw(st.integers(1, 6))):
        name = draw(_names)
        tag = f"{{urn:q}}{name[6:]}" if name.startswith("edXML:") else name
        child = etree.SubElement(root, tag)
        for index in range(draw(st.integers(0, 10))):
            child.set(f"a{index}", draw(_texts))
        child.text = draw(_texts)
        child.tail = draw(_texts)
        if draw(st.booleans()):
            root.append(etree.Comment(draw(_texts).replace("-", "=")))
        if draw(st.booleans()):
            root.append(etree.ProcessingInstruction("pi", draw(_texts).replace("?>", "")))
    data = etree.tostring(root)
    if draw(st.booleans()):  # the same text as CDATA sections, where there is one
        data = data.replace(b">" + b"t" * 120 + b"<", b"><![CDATA[" + b"t" * 120 + b"]]><", 1)
    return b"<?xml version='1.0'?>" + data


@settings(max_examples=150, deadline=None)
@given(_documents())
def test_any_document_gets_the_same_verdict(data: bytes) -> None:
    _same(data)
