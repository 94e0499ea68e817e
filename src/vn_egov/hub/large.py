"""Validating very large packages in bounded memory.

Full validation builds the whole document in memory (about 3.5 times the file for a package
that is mostly attachment). For a package above a threshold the hub validates a reduced
copy instead: the bytes of the file are copied as they are, except the text of each
``ContentTransferEncoded`` element, which is checked as base64 while streaming (alphabet,
padding, length) and kept only for its first 64 KiB, enough for the content sniffing rules.
Base64 that is not valid is replaced by a marker that is not base64 either, so the verdict
(EDX404) is the one full validation gives. Everything else, header, manifest, signature
element, goes through the complete validation unchanged. Findings keep their rule ids; line
numbers after a shortened attachment differ.

>>> import io
>>> package = (b'<edXML><AttachmentEncoded><Attachment><ContentTransferEncoded>'
...            + b"QUJD" * 100_000 + b'</ContentTransferEncoded></Attachment>'
...            b'</AttachmentEncoded></edXML>')
>>> reduced = reduce_attachments(io.BytesIO(package), keep=8)
>>> reduced
b'<edXML><AttachmentEncoded><Attachment><ContentTransferEncoded>QUJDQUJD</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

if TYPE_CHECKING:
    from vn_egov.validation import Report

__all__ = ["FULL_VALIDATION_BYTES", "INVALID_MARKER", "reduce_attachments", "validate_package"]

KEEP: Final = 64 * 1024
#: Packages up to this size are validated whole; larger ones through :func:`reduce_attachments`.
FULL_VALIDATION_BYTES: Final = 32 * 1024 * 1024
CHUNK: Final = 1024 * 1024
#: Replaces an attachment whose text is not base64 (``!`` is outside the alphabet).
INVALID_MARKER: Final = b"!not-base64!"
_OPEN: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?ContentTransferEncoded(?:\s[^<>]*)?(/?)>")
_ALPHABET: Final = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_SPACE: Final = frozenset(b" \t\r\n")
_OVERLAP: Final = 512  # an opening tag split across two chunks is still found


class _Base64Text:
    """Checks one attachment's text as base64 while it streams, keeping its start."""

    def __init__(self, keep: int) -> None:
        self.keep = keep - keep % 4
        self.kept = bytearray()
        self.count = 0  # non-space characters
        self.padding = 0
        self.valid = True

    def feed(self, data: bytes) -> None:
        if not self.valid:
            return
        compact = b"".join(data.split())  # as the full reader strips whitespace
        if not compact:
            return
        if self.padding:  # after '=' only '=' may follow
            if compact.strip(b"=") or self.padding + len(compact) > 2:
                self.valid = False
                return
            self.padding += len(compact)
            self.count += len(compact)
            return
        body = compact.rstrip(b"=")
        if not set(body) <= _ALPHABET:
            self.valid = False
            return
        pads = len(compact) - len(body)
        if pads > 2 or b"=" in body:
            self.valid = False
            return
        self.padding = pads
        if len(self.kept) < self.keep:
            self.kept += compact[: self.keep - len(self.kept)]
        self.count += len(compact)

    def result(self) -> bytes:
        if not self.valid or self.count % 4:
            return INVALID_MARKER
        if self.count <= self.keep:
            return bytes(self.kept)
        return bytes(self.kept[: self.keep])


def reduce_attachments(stream: IO[bytes], *, keep: int = KEEP) -> bytes:
    """The package in *stream* with each attachment text checked and shortened (see the
    module documentation); reads *stream* once, in chunks."""
    out = bytearray()
    pending = b""
    text: _Base64Text | None = None
    while True:
        chunk = stream.read(CHUNK)
        data = pending + chunk
        pending = b""
        while data:
            if text is None:
                match = _OPEN.search(data)
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
                if not match.group(1):
                    text = _Base64Text(keep)
                continue
            end = data.find(b"<")
            if end < 0:
                text.feed(data)
                break
            text.feed(data[:end])
            out += text.result()
            text = None
            data = data[end:]
        if not chunk:
            if text is not None:  # the file ended inside an attachment: not well-formed
                out += text.result()
            return bytes(out)


def validate_package(path: Path, profile: str, *, strict: bool = False,
                     full_validation_bytes: int = FULL_VALIDATION_BYTES) -> Report:
    """Validate the package file *path* with *profile*: whole when it is at most
    *full_validation_bytes*, else its :func:`reduce_attachments` copy (bounded memory)."""
    from vn_egov.validation import check

    if path.stat().st_size <= full_validation_bytes:
        return check(path, profile, strict=strict)
    with path.open("rb") as stream:
        reduced = reduce_attachments(stream)
    return check(reduced, profile, strict=strict, source_name=str(path))
