"""Legal XML that looks odd is accepted and kept exactly: the parser refuses only what is
unsafe or broken (see docs/security.md for the list)."""

from __future__ import annotations

import pytest
from attack_tools import Guard, run_bounded

from vn_egov.xml import parse

TEXT = "Sở Nội vụ tỉnh Mẫu"


@pytest.mark.parametrize(("data", "encoding"), [
    (f"\ufeff<a>{TEXT}</a>".encode("utf-16-le"), "utf-16-le"),
    (f"\ufeff<a>{TEXT}</a>".encode("utf-16-be"), "utf-16-be"),
    (f'\ufeff<?xml version="1.0" encoding="UTF-16"?><a>{TEXT}</a>'.encode("utf-16-le"), "le"),
    (f'<?xml version="1.0" encoding="UTF-16"?><a>{TEXT}</a>'.encode("utf-16-le"), "no BOM"),
    (f'<?xml version="1.0" encoding="UTF-16"?><a>{TEXT}</a>'.encode("utf-16-be"), "no BOM"),
    (f"\ufeff<a>{TEXT}</a>".encode(), "utf-8 BOM"),
])
def test_benign_utf16_and_bom_documents_parse(guard: Guard, data: bytes, encoding: str) -> None:
    outcome = run_bounded(data, guard)
    assert outcome.error is None, f"{encoding}: {outcome.error}"
    assert outcome.result is not None
    assert outcome.result.root.text == TEXT
    assert outcome.result.data == data


def test_declared_windows_1258_is_decoded() -> None:
    # "Việt" in windows-1258 is e-circumflex then a combining dot below; libxml2 decodes it
    # with libiconv, which composes the pair into U+1EC7 (documented in docs/security.md).
    doc = parse(b'<?xml version="1.0" encoding="windows-1258"?><a>Vi\xea\xf2t</a>')
    assert doc.root.text == "Vi\u1ec7t"


def test_comments_and_pis_in_legal_places_are_kept() -> None:
    data = (b'<?xml version="1.0"?>\n<!-- before --><?app before?>\n'
            b"<a><!-- in --><?app in?>x<b>y<!---->z</b></a>\n<!-- after --><?app after?>")
    doc = parse(data)
    root = doc.root
    assert [node.text for node in root.itersiblings(preceding=True)] == ["before", " before "]
    assert [node.text for node in root.itersiblings()] == [" after ", "after"]
    assert root[0].text == " in "
    assert root[1].target == "app"
    assert root[1].tail == "x"
    assert root[2].text == "y"
    assert root[2][0].tail == "z"


def test_comment_inside_attachment_splits_its_text() -> None:
    # Legal XML: the reader of attachments must join .text and the comment tails.
    doc = parse(b"<Attachment><ContentTransferEncoded>QUJD<!-- x -->REVG"
                b"</ContentTransferEncoded></Attachment>")
    content = doc.root[0]
    assert content.text == "QUJD"
    assert content[0].tail == "REVG"
    assert "".join(content.itertext()) == "QUJDREVG"


def test_character_references_and_cdata_are_plain_text() -> None:
    doc = parse(b"<a>H&#7843;i <![CDATA[<b>&amp;</b>]]></a>")
    assert doc.root.text == "Hải <b>&amp;</b>"
