"""Exact bounds on parse events: comments, processing instructions, namespace declarations.

One :class:`EventLimits` follows the events of one document, from the event parser
(:mod:`vn_egov.xml.streaming`), from the exact count :func:`count_exactly` that the tree
parser runs when its cheap estimate is not conclusive, or from a walk over a parsed tree
(:func:`vn_egov.xml.checks.check_tree`). Each refusal names the limit, the value found and
how to raise it.

>>> events = EventLimits(ParseLimits(max_namespace_declarations=1), None)
>>> events.start_ns("a", "urn:a")
>>> events.start_ns("b", "urn:b")
>>> events.start("r")
Traceback (most recent call last):
...
vn_egov.errors.UnsafeXMLError: element <r> declares 2 namespaces, above the limit of 1 ...
"""

from __future__ import annotations

from lxml import etree

from vn_egov.errors import UnsafeXMLError
from vn_egov.i18n import tr
from vn_egov.xml.factory import make_parser
from vn_egov.xml.limits import ParseLimits

__all__ = ["EventLimits", "count_exactly", "limit_error"]


def limit_error(source: str | None, message: str, field: str,
                line: int | None = None) -> UnsafeXMLError:
    """An :class:`~vn_egov.errors.UnsafeXMLError` whose hint names ``ParseLimits.<field>``.

    >>> limit_error("a.xml", "too many", "max_nodes").hint
    'raise ParseLimits.max_nodes if such a document is expected'
    """
    return UnsafeXMLError(message, source=source, line=line,
                          hint=tr("raise ParseLimits.{field} if such a document is expected",
                                  field=field))


class EventLimits:
    """Counts comments, processing instructions and namespace declarations as they come.

    Call :meth:`start_ns` for each declaration of an element before its :meth:`start`,
    then :meth:`end` when it closes; :meth:`comment` and :meth:`pi` anywhere.
    """

    def __init__(self, limits: ParseLimits, source: str | None) -> None:
        self.limits = limits
        self.source = source
        self.comments = 0
        self.pis = 0
        self.misc_length = 0
        self.namespaces = 0
        self.scope_total = 0
        # Distinct (prefix, URI) bindings: the same binding declared again on many elements
        # (the official library declares xmlns:edXML on every ContentTransferEncoded) is one
        # namespace; each declaration still counts for its element and for the scope.
        self._bindings: set[tuple[str, str]] = set()
        self._pending: list[int] = []  # sizes (prefix + URI) of the next element's declarations
        self._scopes: list[int] = [0]  # characters of the declarations in scope, per level

    def _refuse(self, message: str, field: str, line: int | None = None) -> UnsafeXMLError:
        return limit_error(self.source, message, field, line)

    def _misc(self, length: int, is_comment: bool) -> None:
        limits = self.limits
        if length > limits.max_text_length:
            message = (tr("a comment has {length} characters, above the limit of {limit}",
                          length=length, limit=limits.max_text_length) if is_comment else
                       tr("a processing instruction has {length} characters, above the limit "
                          "of {limit}", length=length, limit=limits.max_text_length))
            raise self._refuse(message, "max_text_length")
        self.misc_length += length
        if self.misc_length > limits.max_comments_total_length:
            raise self._refuse(tr("comments and processing instructions hold more than "
                                  "{limit} characters in total",
                                  limit=limits.max_comments_total_length),
                               "max_comments_total_length")

    def comment(self, text: str | None) -> None:
        """A comment (its text without ``<!--`` and ``-->``)."""
        self.comments += 1
        if self.comments > self.limits.max_comments:
            raise self._refuse(tr("the document has more than {limit} comments",
                                  limit=self.limits.max_comments), "max_comments")
        self._misc(len(text or ""), is_comment=True)

    def pi(self, target: str, data: str | None) -> None:
        """A processing instruction."""
        self.pis += 1
        if self.pis > self.limits.max_processing_instructions:
            raise self._refuse(tr("the document has more than {limit} processing instructions",
                                  limit=self.limits.max_processing_instructions),
                               "max_processing_instructions")
        if len(target) > self.limits.max_name_length:
            raise self._refuse(tr("the name {name} has {length} characters, above the limit "
                                  "of {limit}", name=target[:32] + "…", length=len(target),
                                  limit=self.limits.max_name_length), "max_name_length")
        self._misc(len(target) + len(data or ""), is_comment=False)

    def start_ns(self, prefix: str | None, uri: str) -> None:
        """A namespace declaration of the element that starts next (``max_namespaces``
        bounds the distinct prefix-URI bindings of the document)."""
        limits = self.limits
        binding = (prefix or "", uri)
        if binding not in self._bindings:
            self._bindings.add(binding)
            self.namespaces += 1
        if self.namespaces > limits.max_namespaces:
            raise self._refuse(tr("the document declares more than {limit} namespaces",
                                  limit=limits.max_namespaces), "max_namespaces")
        prefix = prefix or ""
        if len(prefix) > limits.max_name_length:
            raise self._refuse(tr("a namespace prefix has {length} characters, above the "
                                  "limit of {limit}", length=len(prefix),
                                  limit=limits.max_name_length), "max_name_length")
        if len(uri) > limits.max_namespace_uri_length:
            raise self._refuse(tr("a namespace URI has {length} characters, above the limit "
                                  "of {limit}", length=len(uri),
                                  limit=limits.max_namespace_uri_length),
                               "max_namespace_uri_length")
        self._pending.append(len(prefix) + len(uri))

    def start(self, name: str, line: int | None = None) -> None:
        """An element starts (*name* and *line* are for messages)."""
        pending = self._pending
        scope = self._scopes[-1]
        if pending:
            if len(pending) > self.limits.max_namespace_declarations:
                raise self._refuse(tr("element <{name}> declares {count} namespaces, above "
                                      "the limit of {limit}", name=name, count=len(pending),
                                      limit=self.limits.max_namespace_declarations),
                                   "max_namespace_declarations", line)
            scope += sum(pending)
            pending.clear()
        self._scopes.append(scope)
        self.scope_total += scope
        if self.scope_total > self.limits.max_namespace_scope:
            raise self._refuse(tr("the namespace declarations in scope add up to more than "
                                  "{limit} characters over the elements (each element "
                                  "repeats them when serialised on its own)",
                                  limit=self.limits.max_namespace_scope),
                               "max_namespace_scope", line)

    def end(self) -> None:
        """The current element ends."""
        self._scopes.pop()


class _CommentCounter:
    """A parser target that sees only comments and processing instructions (no tree)."""

    def __init__(self, events: EventLimits) -> None:
        self.events = events

    def comment(self, text: str) -> None:
        self.events.comment(text)

    def pi(self, target: str, data: str | None = None) -> None:
        self.events.pi(target, data)

    def close(self) -> None:
        """Nothing to return."""


def count_exactly(data: bytes, limits: ParseLimits, source: str | None) -> None:
    """Count the comments and processing instructions of *data* with events, before a tree
    is built; raise as soon as a bound is passed (so 900,000 comments cost little).

    Syntax errors are left to the tree parser, which reports them with their position.

    >>> count_exactly(b"<a>" + b"<!---->" * 3 + b"</a>", ParseLimits(max_comments=2), None)
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnsafeXMLError: the document has more than 2 comments ...
    """
    parser = make_parser(_CommentCounter(EventLimits(limits, source)))
    try:
        parser.feed(data)
        parser.close()
    except etree.XMLSyntaxError:
        return
