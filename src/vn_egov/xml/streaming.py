"""Event-driven parsing in bounded memory, with the same refusals and limits as :func:`parse`.

lxml's target parser hands text over in pieces as the input is fed, so a 300 MB base64 text
node never exists as one string. Used for huge attachments (``vn_egov.edoc.streaming``).

>>> class Collect:
...     def __init__(self): self.tags = []
...     def start(self, tag, attrib): self.tags.append(tag)
...     def end(self, tag): pass
...     def data(self, text): pass
>>> import io
>>> handler = Collect()
>>> stream_parse(io.BytesIO(b"<a><b>x</b></a>"), handler)
>>> handler.tags
['a', 'b']
"""

from __future__ import annotations

import os
from typing import IO, Protocol

from lxml import etree

from vn_egov.errors import DTDForbidden, EmptyInput, MalformedXMLError, UnsafeXMLError
from vn_egov.i18n import tr
from vn_egov.inputs import BoundedReader, open_input
from vn_egov.xml.events import EventLimits, limit_error
from vn_egov.xml.factory import make_parser
from vn_egov.xml.limits import DEFAULT_LIMITS, ParseLimits
from vn_egov.xml.prolog import inspect_prolog, root_start

__all__ = ["StreamHandler", "stream_parse"]

CHUNK_SIZE = 1024 * 1024
_XINCLUDE_PREFIXES = ("{http://www.w3.org/2001/XInclude}", "{http://www.w3.org/2003/XInclude}")


class StreamHandler(Protocol):
    """Receives parse events; ``tag`` is in Clark notation (``{namespace}local``)."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """An element starts."""

    def end(self, tag: str) -> None:
        """An element ends."""

    def data(self, text: str) -> None:
        """A piece of character data of the current element (possibly one of many).

        A handler may also define ``comment()``: it is called, without the text, where a
        comment or processing instruction occurs (values around one are split in two).
        """


class _GuardedTarget:
    """Applies the limits of :class:`ParseLimits` around the user's handler, exactly: every
    element, attribute, comment and processing instruction is counted as it arrives."""

    def __init__(self, handler: StreamHandler, limits: ParseLimits, name: str | None) -> None:
        self.handler = handler
        self.limits = limits
        self.name = name
        self.events = EventLimits(limits, name)
        self.nodes = 0
        self.stack: list[tuple[str, int]] = []  # (local name, text length so far)

    def _refuse(self, message: str, field: str) -> UnsafeXMLError:
        return limit_error(self.name, message, field)

    def _count(self, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes > self.limits.max_nodes:
            raise self._refuse(tr("the document has more than {limit} elements, attributes, "
                                  "comments and processing instructions",
                                  limit=self.limits.max_nodes), "max_nodes")

    def _check_name(self, name: str) -> None:
        local = name.rpartition("}")[2]
        if len(local) > self.limits.max_name_length:
            raise self._refuse(tr("the name {name} has {length} characters, above the limit "
                                  "of {limit}", name=local[:32] + "…", length=len(local),
                                  limit=self.limits.max_name_length), "max_name_length")

    def doctype(self, *_args: object) -> None:
        raise DTDForbidden(source=self.name)

    def start_ns(self, prefix: str | None, uri: str) -> None:
        self.events.start_ns(prefix, uri)

    def end_ns(self, _prefix: str | None) -> None:
        """Scopes are closed by :meth:`end`."""

    def start(self, tag: str, attrib: dict[str, str], _nsmap: object = None) -> None:
        # Called once per element: the common case (no attribute, short name) is kept to a
        # few comparisons; messages are built only for a refusal.
        limits = self.limits
        local = tag.rpartition("}")[2] if tag[0] == "{" else tag
        self._count(1 + len(attrib) if attrib else 1)
        if len(self.stack) >= limits.max_depth:
            raise self._refuse(tr("elements nest deeper than {limit} levels",
                                  limit=limits.max_depth), "max_depth")
        if len(local) > limits.max_name_length:
            self._check_name(local)
        if attrib:
            self._check_attributes(local, attrib)
        if tag.startswith(_XINCLUDE_PREFIXES):
            raise UnsafeXMLError(tr("XInclude elements are not allowed"), source=self.name,
                                 hint=tr("inline the included content"))
        self.events.start(local)
        self.stack.append((local, 0))
        self.handler.start(tag, dict(attrib) if attrib else {})

    def _check_attributes(self, local: str, attrib: dict[str, str]) -> None:
        limits = self.limits
        if len(attrib) > limits.max_attributes:
            raise self._refuse(tr("element <{name}> has {count} attributes, above the limit "
                                  "of {limit}", name=local, count=len(attrib),
                                  limit=limits.max_attributes), "max_attributes")
        for key, value in attrib.items():
            self._check_name(key)
            if len(value) > limits.max_text_length:
                raise self._refuse(tr("the value of attribute {name} has {length} characters, "
                                      "above the limit of {limit}",
                                      name=key.rpartition("}")[2][:40], length=len(value),
                                      limit=limits.max_text_length), "max_text_length")

    def end(self, tag: str) -> None:
        self.stack.pop()
        self.events.end()
        self.handler.end(tag)

    def data(self, text: str) -> None:
        if self.stack:
            local, size = self.stack[-1]
            size += len(text)
            huge = local in self.limits.huge_text_elements
            allowed = self.limits.max_huge_text_length if huge else self.limits.max_text_length
            if size > allowed:
                raise self._refuse(tr("text of <{name}> exceeds {limit} characters",
                                      name=local, limit=allowed),
                                   "max_huge_text_length" if huge else "max_text_length")
            self.stack[-1] = (local, size)
        self.handler.data(text)

    def comment(self, text: str) -> None:
        """Counted and measured; passed on (without its text) when the handler has a
        ``comment()`` method."""
        self._count(1)
        self.events.comment(text)
        if hasattr(self.handler, "comment"):
            self.handler.comment()

    def pi(self, target: str, data: str | None = None) -> None:
        """Counted and measured; passed on as :meth:`comment` (a handler learns where one
        was, not what it said)."""
        self._count(1)
        self.events.pi(target, data)
        if hasattr(self.handler, "comment"):
            self.handler.comment()

    def close(self) -> None:
        """Nothing to return."""


def stream_parse(source: str | os.PathLike[str] | IO[bytes], handler: StreamHandler, *,
                 limits: ParseLimits = DEFAULT_LIMITS, chunk_size: int = CHUNK_SIZE) -> None:
    """Feed *source* to *handler* in chunks; raise the same errors as :func:`parse`.

    *source* is a path, ``"-"`` (standard input) or a binary stream, opened through the
    input gate (:func:`vn_egov.inputs.open_input`): a FIFO, a device or a directory is
    refused without being opened, and at most ``limits.max_bytes`` are read.
    """
    with open_input(source, max_bytes=limits.max_bytes, limit_name="ParseLimits.max_bytes",
                    too_large=UnsafeXMLError) as reader:
        _feed(reader, handler, limits, chunk_size)


def _starts_with_markup(chunk: bytes) -> bool:
    head = chunk.lstrip(b" \t\r\n")
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(bom)
    return head.startswith(b"<")


def _check_prolog(chunk: bytes, name: str | None, whole: bool) -> None:
    # The whole prolog must be in the first chunk, so that the DTD refusal of
    # inspect_prolog saw all of it (a DTD could otherwise hide after a long comment).
    prolog = inspect_prolog(chunk, name)
    if root_start(prolog) is None:
        if not _starts_with_markup(chunk):  # not XML at all (JSON, text, binary)
            raise MalformedXMLError(tr("not well-formed XML: the input does not start with "
                                       "'<'"), source=name, line=1, column=1,
                                    hint=tr("the input is not XML: check that the right file "
                                            "was given"))
        if whole:  # the input ended inside its prolog
            raise MalformedXMLError(tr("not well-formed XML: the document has no root element"),
                                    source=name)
        raise UnsafeXMLError(tr("the prolog (declaration, comments, processing instructions) "
                                "does not end within the first chunk"), source=name,
                             hint=tr("remove leading comments, or stream with a larger "
                                     "chunk_size"))


def _feed(reader: BoundedReader, handler: StreamHandler, limits: ParseLimits,
          chunk_size: int) -> None:
    name = reader.name
    parser = make_parser(_GuardedTarget(handler, limits, name))
    first = True
    try:
        while chunk := reader.read(chunk_size):
            if first:
                if not chunk.strip():
                    raise EmptyInput(tr("input is empty (0 bytes of XML)"), source=name)
                _check_prolog(chunk, name, whole=len(chunk) < chunk_size)
                first = False
            parser.feed(chunk)
        if first:
            raise EmptyInput(tr("input is empty (0 bytes of XML)"), source=name)
        parser.close()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise MalformedXMLError(tr("not well-formed XML: {detail}", detail=exc.msg),
                                source=name, line=line, column=column) from None
