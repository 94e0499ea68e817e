"""Validating very large packages in bounded memory.

Full validation builds the whole document in memory (about 3.5 times the file for a package
that is mostly attachment). For a package file above ``full_validation_bytes`` (32 MiB by
default), :func:`vn_egov.validation.check` (hence the hub, ``validate`` and the CLI) validates
a reduced copy instead: the bytes of the file are copied as they are, except the text of each
``ContentTransferEncoded`` element, which streams through the library's one base64 check
(:class:`vn_egov.edoc.transfer.Base64Decoder`, the check of ``read``, ``check`` and
``extract``) and is kept only for its first 64 KiB, enough for the content sniffing rules.
Everything else, header, manifest, signature element, goes through the complete validation
unchanged, so the verdict and the rule ids are those of full validation:

* base64 the check refuses is replaced by a short text it refuses too (EDX404) and that the
  XML Schema check (libxml2, which ignores characters outside the alphabet) judges as it
  judges the whole text: same XSD001 finding, or none;
* a shortened attachment that is a ZIP archive is unpacked while it streams (decoded into a
  spooled buffer, memory then a temporary file) and its verdict (EDX403, EDX409 or none)
  replaces the one validation would give for the cut archive.

Findings keep their rule ids; messages that quote an attachment's text and line numbers
after a shortened attachment differ. Comments, CDATA sections and character references
inside an attachment's text end the streamed part: that text is judged in pieces.

>>> import io
>>> package = (b'<edXML><AttachmentEncoded><Attachment><ContentTransferEncoded>'
...            + b"QUJD" * 100_000 + b'</ContentTransferEncoded></Attachment>'
...            b'</AttachmentEncoded></edXML>')
>>> reduced = reduce_attachments(io.BytesIO(package), keep=8)
>>> reduced
b'<edXML><AttachmentEncoded><Attachment><ContentTransferEncoded>QUJDQUJD</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>'
"""

from __future__ import annotations

import hashlib
import re
from typing import IO, TYPE_CHECKING, Final

from vn_egov import _b64
from vn_egov.edoc.checks import judged_archives
from vn_egov.edoc.compression import zip_problem
from vn_egov.edoc.spool import new_spool
from vn_egov.edoc.transfer import Base64Decoder
from vn_egov.errors import ArchiveError, InvalidBase64
from vn_egov.validation.api import FULL_VALIDATION_BYTES
from vn_egov.validation.profile import Readable, ReducedCopy

if TYPE_CHECKING:
    from vn_egov.validation import ValidationOptions

__all__ = ["FULL_VALIDATION_BYTES", "reduce_attachments", "reduce_package"]

KEEP: Final = 64 * 1024
CHUNK: Final = 1024 * 1024
# An attachment's text, a comment, a CDATA section or a processing instruction: the texts of
# the last three are copied as they are (a tag written inside them is no element).
_MARKUP: Final = re.compile(rb"<!--|<!\[CDATA\[|<\?"
                            rb"|<(?:[A-Za-z_][\w.-]*:)?ContentTransferEncoded(?:\s[^<>]*)?(/?)>")
_ENDS: Final = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_OVERLAP: Final = 512  # an opening tag split across two chunks is still found
_ALPHABET: Final = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# What libxml2's xs:base64Binary check looks at: the alphabet and '='; it skips the rest.
_NOT_SIGNIFICANT: Final = bytes(b for b in range(256) if b not in _ALPHABET + b"=")
_ZIP_START: Final = b"PK"


class _Shape:
    """What libxml2's ``xs:base64Binary`` check depends on: the number of alphabet
    characters before the first ``=`` (modulo 4), the last of them, the number of ``=`` and
    whether an alphabet character follows one. It skips every other character."""

    def __init__(self) -> None:
        self.count = 0
        self.last = 0
        self.pads = 0
        self.after = False

    def add(self, significant: bytes) -> None:
        if not self.pads:
            cut = significant.find(b"=")
            data = significant if cut < 0 else significant[:cut]
            self.count += len(data)
            if data:
                self.last = data[-1]
            if cut < 0:
                return
            significant = significant[cut:]
        pads = significant.count(b"=")
        self.pads += pads
        self.after = self.after or pads != len(significant)

    def refused_stand_in(self) -> bytes:
        """A short text the one base64 check refuses (``!``) and libxml2 judges as it
        judges the whole text."""
        data = b"A" * ((self.count - 1) % 4) + bytes([self.last]) if self.count else b""
        return b"!" + data + b"=" * self.pads + (b"A" if self.after else b"")


class _Text:
    """One attachment's text: checked by the one base64 check while it streams; its first
    *keep* characters are kept, and a longer ZIP archive is decoded into a spool to be
    judged whole."""

    def __init__(self, keep: int) -> None:
        self.room = keep // 4 * 3  # decoded bytes kept
        self.head = bytearray()
        self.cut = False
        self.spool: IO[bytes] | None = None
        self.decoder = Base64Decoder(self)
        self.shape = _Shape()
        self.refused = False

    def write(self, data: bytes) -> None:
        """The decoder's sink."""
        room = self.room - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if not data:
            return
        if not self.cut:
            self.cut = True
            if self.head.startswith(_ZIP_START):
                self.spool = new_spool()
                self.spool.write(self.head)
        if self.spool is not None:
            self.spool.write(data)

    def feed(self, raw: bytes) -> None:
        if not self.refused:
            try:
                self.decoder.feed(raw)
            except InvalidBase64:
                self.refused = True
        self.shape.add(raw.translate(None, _NOT_SIGNIFICANT))

    def result(self) -> tuple[bytes, bool, ArchiveError | None]:
        """The text for the reduced copy; whether the whole text was judged as a ZIP
        archive, and its problem (``None``: it unpacks)."""
        if not self.refused:
            try:
                self.decoder.close()
            except InvalidBase64:
                self.refused = True
        spool, self.spool = self.spool, None
        if spool is None:
            reduced = self.shape.refused_stand_in() if self.refused else _b64.encode(self.head)
            return reduced, False, None
        with spool:
            if self.refused:
                return self.shape.refused_stand_in(), False, None
            spool.seek(0)
            return _b64.encode(self.head), True, zip_problem(spool)


class _Reducer:
    """The reduced copy of one package, and the ZIP verdicts of its shortened attachments
    by their order among the ``ContentTransferEncoded`` elements."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.out = bytearray()
        self.verdicts: dict[int, tuple[str, ArchiveError | None]] = {}
        self.texts = 0

    def run(self, stream: Readable) -> bytes:
        out = self.out
        pending = b""
        text: _Text | None = None
        skip: bytes | None = None  # the end of the comment, CDATA or PI being copied
        while True:
            chunk = stream.read(CHUNK)
            data = pending + chunk
            pending = b""
            while data:
                if skip is not None:
                    end = data.find(skip)
                    if end < 0:
                        cut = max(len(data) - len(skip) + 1, 0) if chunk else len(data)
                        out += data[:cut]
                        pending = data[cut:]
                        break
                    out += data[:end + len(skip)]
                    data = data[end + len(skip):]
                    skip = None
                    continue
                if text is None:
                    match = _MARKUP.search(data)
                    if match is None:
                        if chunk:  # keep a tail: a tag may continue in the next chunk
                            cut = max(len(data) - _OVERLAP, 0)
                            out += data[:cut]
                            pending = data[cut:]
                        else:
                            out += data
                        break
                    out += data[: match.end()]
                    data = data[match.end():]
                    if match.group(0) in _ENDS:
                        skip = _ENDS[match.group(0)]
                    elif not match.group(1):  # not self-closing: its text follows
                        text = _Text(self.keep)
                    continue
                end = data.find(b"<")
                if end < 0:
                    text.feed(data)
                    break
                text.feed(data[:end])
                self._close(text)
                text = None
                data = data[end:]
            if not chunk:
                if text is not None:  # the file ended inside an attachment: not well-formed
                    self._close(text)
                return bytes(out)

    def _close(self, text: _Text) -> None:
        reduced, judged, problem = text.result()
        if judged:
            self.verdicts[self.texts] = (reduced.decode("ascii"), problem)
        self.texts += 1
        self.out += reduced


def reduce_attachments(stream: IO[bytes], *, keep: int = KEEP) -> bytes:
    """The package in *stream* with each attachment text checked and shortened (see the
    module documentation); reads *stream* once, in chunks."""
    return _Reducer(keep).run(stream)


def reduce_package(stream: Readable, options: ValidationOptions) -> ReducedCopy | None:
    """The reduced copy of the edXML package read from *stream*, for
    :attr:`vn_egov.validation.Profile.reduce`; ``None`` (nothing read) when signature
    verification is requested: the digests cover the whole attachments."""
    settings = options.settings.get("signature") or {}
    if settings.get("verify"):
        return None
    digest = hashlib.sha256()
    reducer = _Reducer(KEEP)

    class _Hashed:  # the whole input passes here once: its SHA-256 is the report's
        def read(self, size: int) -> bytes:
            chunk = stream.read(size)
            digest.update(chunk)
            return chunk

    data = reducer.run(_Hashed())
    return ReducedCopy(data, digest.hexdigest(), judged_archives(reducer.verdicts))
