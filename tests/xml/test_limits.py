"""The parser limits on comments, processing instructions and namespace declarations, on the
tree (parse) and on events (stream_parse): each exact at its boundary, each configurable."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_egov.errors import ConfigurationError, UnsafeXMLError
from vn_egov.xml import ParseLimits, parse
from vn_egov.xml.streaming import stream_parse


class _Ignore:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """Ignored."""

    def end(self, tag: str) -> None:
        """Ignored."""

    def data(self, text: str) -> None:
        """Ignored."""


def _both(data: bytes, limits: ParseLimits) -> list[UnsafeXMLError | None]:
    """What the tree parser and the event parser say about *data* (None: accepted)."""
    found: list[UnsafeXMLError | None] = []
    for run in (lambda: parse(data, limits=limits),
                lambda: stream_parse(io.BytesIO(data), _Ignore(), limits=limits)):
        try:
            run()
        except UnsafeXMLError as exc:
            found.append(exc)
        else:
            found.append(None)
    return found


def _refused(data: bytes, limits: ParseLimits, message: str, field_name: str) -> None:
    for error in _both(data, limits):
        assert error is not None, message
        assert message in error.message, error.message
        assert error.hint == f"raise ParseLimits.{field_name} if such a document is expected"


def _accepted(data: bytes, limits: ParseLimits) -> None:
    assert _both(data, limits) == [None, None]


# -- comments and processing instructions -------------------------------------------------


def test_comment_count_is_exact() -> None:
    limits = ParseLimits(max_comments=3)
    _accepted(b"<!--1--><a><!--2--><b/><!--3--></a>", limits)
    _refused(b"<!--1--><a><!--2--><b/><!--3--></a><!--4-->", limits,
             "the document has more than 3 comments", "max_comments")


def test_processing_instruction_count_is_exact() -> None:
    limits = ParseLimits(max_processing_instructions=2)
    _accepted(b'<?xml version="1.0"?><?a?><r><?b x?></r>', limits)  # the declaration is no PI
    _refused(b"<?a?><r><?b x?></r><?c?>", limits,
             "the document has more than 2 processing instructions",
             "max_processing_instructions")


def test_total_length_of_comments_and_pis() -> None:
    limits = ParseLimits(max_comments_total_length=10)
    _accepted(b"<r><!--12345--><?ab cde?></r>", limits)  # 5 + 2 + 3 characters
    _refused(b"<r><!--12345--><?ab cdef?></r>", limits,
             "comments and processing instructions hold more than 10 characters in total",
             "max_comments_total_length")


def test_one_long_comment_or_pi() -> None:
    limits = ParseLimits(max_text_length=5)
    _refused(b"<r><!--123456--></r>", limits,
             "a comment has 6 characters, above the limit of 5", "max_text_length")
    _refused(b"<r><?ab 1234?></r>", limits,
             "a processing instruction has 6 characters, above the limit of 5",
             "max_text_length")


def test_floods_above_2_mib_are_refused_before_a_tree_is_built() -> None:
    import tracemalloc

    data = b"<r>" + b"<!--c-->" * 400_000 + b"</r>"  # 3.2 MB
    tracemalloc.start()
    with pytest.raises(UnsafeXMLError, match="the document has more than 10000 comments"):
        parse(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 * 1024 * 1024  # no Python object per comment was ever made


def test_comment_marks_inside_cdata_are_not_comments() -> None:
    # The cheap count sees 12,000 "<!--" and "<?"; the exact count on events finds none.
    data = (b"<r><![CDATA[" + b"<!--<?" * 12_000 + b"]]>" + b"<a>" + b"x" * (2 * 1024 * 1024)
            + b"</a></r>")
    doc = parse(data, limits=ParseLimits(max_text_length=3 * 1024 * 1024))
    assert doc.root[0].tag == "a"


# -- namespaces -------------------------------------------------------------------------------


def _declaring(count: int, uri_length: int = 10, prefix: str = "p") -> bytes:
    return b"".join(b' xmlns:%s%d="%s"' % (prefix.encode(), i, b"u" * uri_length)
                    for i in range(count))


def test_declarations_per_element_are_exact() -> None:
    limits = ParseLimits(max_namespace_declarations=3)
    _accepted(b"<r" + _declaring(3) + b"><a" + _declaring(3, prefix="q") + b"/></r>", limits)
    for data in (b"<r" + _declaring(4) + b"/>",
                 b"<r><a" + _declaring(3) + b' xmlns="urn:d"/></r>'):
        _refused(data, limits, "declares 4 namespaces, above the limit of 3",
                 "max_namespace_declarations")


def test_declarations_in_the_document_are_exact() -> None:
    limits = ParseLimits(max_namespaces=5)
    _accepted(b"<r" + _declaring(2) + b"><a" + _declaring(3, prefix="q") + b"/></r>", limits)
    _refused(b"<r" + _declaring(2) + b"><a" + _declaring(3, prefix="q")
             + b'/><b xmlns="urn:x"/></r>',
             limits, "the document declares more than 5 namespaces", "max_namespaces")


def test_the_same_binding_declared_again_is_one_namespace() -> None:
    # The official library declares xmlns:edXML on every ContentTransferEncoded: 10,000
    # attachments are 10,000 declarations of one binding.
    same = b'<e xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"/>'
    _accepted(b"<r>" + same * 10_000 + b"</r>", ParseLimits(max_namespaces=1))
    _refused(b"<r>" + same * 3 + b'<e xmlns:edXML="urn:other"/></r>',
             ParseLimits(max_namespaces=1), "the document declares more than 1 namespaces",
             "max_namespaces")


def test_uri_and_prefix_lengths() -> None:
    limits = ParseLimits(max_namespace_uri_length=8, max_name_length=4)
    _accepted(b'<r xmlns:abcd="12345678"/>', limits)
    _refused(b'<r xmlns:abcd="123456789"/>', limits,
             "a namespace URI has 9 characters, above the limit of 8",
             "max_namespace_uri_length")
    _refused(b'<r xmlns:abcde="1"/>', limits,
             "a namespace prefix has 5 characters, above the limit of 4", "max_name_length")


def test_scope_sums_what_each_element_would_repeat() -> None:
    # <r> declares 10 characters (prefix "p0" + 8); r and its 4 children have them in scope.
    data = b'<r xmlns:p0="12345678">' + b"<a/>" * 4 + b"</r>"
    _accepted(data, ParseLimits(max_namespace_scope=50))
    _refused(data, ParseLimits(max_namespace_scope=49),
             "the namespace declarations in scope add up to more than 49 characters",
             "max_namespace_scope")


def test_namespaces_in_utf16_and_on_the_tree_walk() -> None:
    text = '<r xmlns="urn:a"><a xmlns:b="urn:b"><b:c/></a></r>'
    for data in (text.encode("utf-16"), text.encode()):
        assert parse(data, limits=ParseLimits(max_namespaces=2)).root.tag == "{urn:a}r"
        with pytest.raises(UnsafeXMLError, match="declares more than 1 namespaces"):
            parse(data, limits=ParseLimits(max_namespaces=1))


@dataclass
class _Node:
    """A generated element: its declarations and children (the test knows what it wrote)."""

    declarations: list[tuple[str, str]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def xml(self) -> bytes:
        attributes = b"".join(b' xmlns%s="%s"' % (b":" + p.encode() if p else b"", u.encode())
                              for p, u in self.declarations)
        inner = b"".join(child.xml() for child in self.children)
        return b"<e" + attributes + b">" + inner + b"</e>"

    def violations(self, limits: ParseLimits, inherited: int = 0
                   ) -> tuple[set[str], set[tuple[str, str]], int]:
        """(every limit broken somewhere, distinct bindings, scope sum), from what was
        generated."""
        own = sum(len(p) + len(u) for p, u in self.declarations)
        broken = set()
        if len(self.declarations) > limits.max_namespace_declarations:
            broken.add("max_namespace_declarations")
        if any(len(u) > limits.max_namespace_uri_length for _p, u in self.declarations):
            broken.add("max_namespace_uri_length")
        bindings, scope = set(self.declarations), inherited + own
        for child in self.children:
            more_broken, more, child_scope = child.violations(limits, inherited + own)
            broken |= more_broken
            bindings, scope = bindings | more, scope + child_scope
        return broken, bindings, scope


_PREFIXES = st.sampled_from(["", "a", "b", "long"])
_DECLARATIONS = st.lists(st.tuples(_PREFIXES, st.sampled_from(["urn:x", "urn:y" * 5])),
                         max_size=4, unique_by=lambda d: d[0])
_TREES = st.recursive(st.builds(_Node, _DECLARATIONS),
                      lambda inner: st.builds(_Node, _DECLARATIONS,
                                              st.lists(inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(tree=_TREES, per_element=st.integers(1, 4), total=st.integers(1, 20),
       uri=st.integers(5, 30), scope=st.integers(1, 800))
def test_the_namespace_verdict_matches_an_independent_count(
        tree: _Node, per_element: int, total: int, uri: int, scope: int) -> None:
    limits = ParseLimits(max_namespace_declarations=per_element, max_namespaces=total,
                         max_namespace_uri_length=uri, max_namespace_scope=scope)
    broken, bindings, scope_sum = tree.violations(limits)
    if len(bindings) > total:
        broken.add("max_namespaces")
    if scope_sum > scope:
        broken.add("max_namespace_scope")
    data = tree.xml()
    for error in _both(data, limits):
        if not broken:
            assert error is None, (error, data)
        else:  # the first violation met, whichever it is, but a real one
            assert error is not None, (broken, data)
            assert error.hint is not None
            field_name = error.hint.removeprefix("raise ParseLimits.").split()[0]
            assert field_name in broken, (broken, error, data)


def test_limits_are_validated() -> None:
    with pytest.raises(ConfigurationError, match=r"ParseLimits\.max_namespace_scope must be"):
        ParseLimits(max_namespace_scope=0)
    with pytest.raises(ConfigurationError, match=r"ParseLimits\.max_comments must be"):
        ParseLimits(max_comments=-1)
