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
from pathlib import Path
from typing import IO, Protocol

from lxml import etree

from vn_egov.errors import DTDForbidden, InputError, MalformedXMLError, UnsafeXMLError
from vn_egov.xml.parser import DEFAULT_LIMITS, ParseLimits, make_parser
from vn_egov.xml.prolog import inspect_prolog, root_start

__all__ = ["StreamHandler", "stream_parse"]

CHUNK_SIZE = 1024 * 1024


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
    """Applies the limits of :class:`ParseLimits` around the user's handler."""

    def __init__(self, handler: StreamHandler, limits: ParseLimits, name: str | None) -> None:
        self.handler = handler
        self.limits = limits
        self.name = name
        self.stack: list[tuple[str, int]] = []  # (local name, text length so far)

    def _refuse(self, message: str, hint: str) -> UnsafeXMLError:
        return UnsafeXMLError(message, source=self.name, hint=hint)

    def doctype(self, *_args: object) -> None:
        raise DTDForbidden(source=self.name)

    def start(self, tag: str, attrib: dict[str, str], _nsmap: object = None) -> None:
        local = tag.rpartition("}")[2]
        if len(self.stack) >= self.limits.max_depth:
            raise self._refuse(f"elements nest deeper than {self.limits.max_depth} levels",
                               "raise ParseLimits.max_depth")
        if len(local) > self.limits.max_name_length:
            raise self._refuse("an element name is too long", "the input is hostile or broken")
        if len(attrib) > self.limits.max_attributes:
            raise self._refuse(f"element has {len(attrib)} attributes",
                               "raise ParseLimits.max_attributes")
        if tag.startswith(("{http://www.w3.org/2001/XInclude}",
                           "{http://www.w3.org/2003/XInclude}")):
            raise self._refuse("XInclude elements are not allowed", "inline the content")
        self.stack.append((local, 0))
        self.handler.start(tag, dict(attrib))

    def end(self, tag: str) -> None:
        self.stack.pop()
        self.handler.end(tag)

    def data(self, text: str) -> None:
        if self.stack:
            local, size = self.stack[-1]
            size += len(text)
            allowed = (self.limits.max_huge_text_length
                       if local in self.limits.huge_text_elements else self.limits.max_text_length)
            if size > allowed:
                raise self._refuse(f"text of <{local}> exceeds {allowed} characters",
                                   "only attachment content may be large; raise ParseLimits")
            self.stack[-1] = (local, size)
        self.handler.data(text)

    def comment(self, _text: str) -> None:
        """Passed on when the handler has a ``comment()`` method (the text is not)."""
        if hasattr(self.handler, "comment"):
            self.handler.comment()

    def pi(self, _target: str, _data: str | None = None) -> None:
        """Passed on as :meth:`comment` (a handler learns where one was, not what it said)."""
        if hasattr(self.handler, "comment"):
            self.handler.comment()

    def close(self) -> None:
        """Nothing to return."""


def stream_parse(source: str | os.PathLike[str] | IO[bytes], handler: StreamHandler, *,
                 limits: ParseLimits = DEFAULT_LIMITS, chunk_size: int = CHUNK_SIZE) -> None:
    """Feed *source* to *handler* in chunks; raise the same errors as :func:`parse`."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            raise InputError("is a directory, not a file", source=str(path))
        try:
            with path.open("rb") as stream:
                _feed(stream, handler, limits, chunk_size, str(path))
        except FileNotFoundError:
            raise InputError("no such file", source=str(path)) from None
        return
    _feed(source, handler, limits, chunk_size, getattr(source, "name", None))


def _check_prolog(chunk: bytes, name: str | None) -> None:
    # The whole prolog must be in the first chunk, so that the DTD refusal of
    # inspect_prolog saw all of it (a DTD could otherwise hide after a long comment).
    prolog = inspect_prolog(chunk, name)
    if root_start(prolog) is None:
        raise UnsafeXMLError("the prolog (declaration, comments, processing instructions) does "
                             "not end within the first chunk", source=name,
                             hint="remove leading comments, or stream with a larger chunk_size")


def _feed(stream: IO[bytes], handler: StreamHandler, limits: ParseLimits, chunk_size: int,
          name: str | None) -> None:
    target = _GuardedTarget(handler, limits, name)
    parser = make_parser(target)
    total = 0
    first = True
    try:
        while chunk := stream.read(chunk_size):
            if first:
                if not chunk.strip():
                    raise InputError("input is empty", source=name)
                _check_prolog(chunk, name)
                first = False
            total += len(chunk)
            if total > limits.max_bytes:
                raise UnsafeXMLError(f"input is larger than {limits.max_bytes} bytes",
                                     source=name, hint="raise ParseLimits.max_bytes")
            parser.feed(chunk)
        if first:
            raise InputError("input is empty (0 bytes of XML)", source=name)
        parser.close()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise MalformedXMLError(f"not well-formed XML: {exc.msg}", source=name, line=line,
                                column=column) from None



