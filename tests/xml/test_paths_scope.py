"""The locating index lives as long as a :func:`locating` scope, and no longer."""

from __future__ import annotations

from lxml import etree

from vn_egov.xml import column_of, element_xpath, locating, paths


def _index() -> paths._Index | None:
    return paths._STATE.scoped


def test_a_scope_keeps_the_document_until_it_ends() -> None:
    data = b"<r>\n<a/><b/>\n<a/></r>"
    root = etree.fromstring(data)
    with locating():
        assert element_xpath(root[2]) == "/r/a[2]"
        assert column_of(data, root[2]) == 1
        index = _index()
        assert index is not None
        assert index.root is root
        assert index.data is data
    assert _index() is None


def test_nested_scopes_keep_the_outer_document() -> None:
    outer_data, inner_data = b"<r><a/><a/></r>", b"<s>\n<b/></s>"
    outer, inner = etree.fromstring(outer_data), etree.fromstring(inner_data)
    with locating():
        element_xpath(outer[1])
        index = _index()
        with locating():
            assert _index() is index  # the nested scope shares the outer index
            assert column_of(inner_data, inner[0]) == 1
        assert _index() is index  # the inner end released nothing
        assert element_xpath(outer[1]) == "/r/a[2]"
    assert _index() is None


def test_a_scope_leaves_the_loose_index_alone_and_ends_on_error() -> None:
    loose_root = etree.fromstring(b"<q><c/><c/></q>")
    element_xpath(loose_root[0])  # outside any scope: the last document is kept, as before
    loose = paths._STATE.loose
    try:
        with locating():
            element_xpath(etree.fromstring(b"<r><a/></r>")[0])
            raise KeyError("boom")
    except KeyError:
        pass
    assert _index() is None
    assert paths._STATE.loose is loose
    assert loose is not None
    assert loose.root is loose_root
