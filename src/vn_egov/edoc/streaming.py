"""Huge attachments in bounded memory: stream them out of a package, and into one.

Reading decodes ``ContentTransferEncoded`` piece by piece as the file is parsed, so resident
memory does not grow with the attachment; writing encodes files in chunks into the output.

>>> import io
>>> from vn_egov.edoc.demo import plan_package
>>> from vn_egov.edoc.writer import write
>>> sinks = []
>>> def open_sink(index):
...     sinks.append(io.BytesIO()); return sinks[-1]
>>> found = stream_attachments(io.BytesIO(write(plan_package())), open_sink)
>>> found[0].name, found[0].size, sinks[0].getvalue()[:8]
('4547-KH-UBND.pdf', 642, b'%PDF-1.4')
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vn_egov.edoc.attachments import attachment_from_bytes, guess_content_type, safe_file_name
from vn_egov.edoc.models import DocumentPackage, ManifestReference
from vn_egov.edoc.writer import write
from vn_egov.errors import InputError, MalformedXMLError
from vn_egov.xml import DEFAULT_LIMITS, ParseLimits
from vn_egov.xml.streaming import stream_parse

__all__ = ["LargeFile", "StreamedAttachment", "extract_attachments", "stream_attachments",
           "stream_write"]

_ATTACHMENT_FIELDS = {"ContentId": "content_id", "AttachmentName": "name",
                      "Description": "description", "ContentType": "content_type"}
ENCODE_CHUNK = 3 * 256 * 1024  # a multiple of 3: base64 pieces concatenate cleanly


@dataclass
class StreamedAttachment:
    """Metadata and digest of an attachment streamed to a sink (``content_id`` without cid:)."""

    index: int
    content_id: str | None = None
    name: str | None = None
    description: str | None = None
    content_type: str | None = None
    size: int = 0
    sha256: str = ""


class _Base64Sink:
    """Decodes base64 text pieces into a binary sink, keeping the tail that is not yet 4-aligned."""

    def __init__(self, sink: IO[bytes], record: StreamedAttachment, source: str | None) -> None:
        self.source = source
        self.sink = sink
        self.record = record
        self.pending = ""
        self.digest = hashlib.sha256()

    def feed(self, text: str) -> None:
        compact = self.pending + "".join(text.split())
        usable = len(compact) - len(compact) % 4
        self.pending = compact[usable:]
        if usable:
            self._write(compact[:usable])

    def _write(self, text: str) -> None:
        try:
            data = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise MalformedXMLError(f"attachment {self.record.index + 1}: ContentTransferEncoded "
                                    f"is not valid base64 ({exc})", source=self.source,
                                    hint="rule EDX404; re-encode the file") from None
        self.digest.update(data)
        self.record.size += len(data)
        self.sink.write(data)

    def close(self) -> None:
        if self.pending:
            self._write(self.pending)
        self.record.sha256 = self.digest.hexdigest()


class _AttachmentHandler:
    def __init__(self, open_sink: Callable[[int], IO[bytes]], source: str | None) -> None:
        self.source = source
        self.open_sink = open_sink
        self.path: list[str] = []
        self.found: list[StreamedAttachment] = []
        self.text: list[str] = []
        self.decoder: _Base64Sink | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        self.path.append(local)
        if self.path[-3:] == ["edXML", "AttachmentEncoded", "Attachment"]:
            self.found.append(StreamedAttachment(index=len(self.found)))
        elif self._in_attachment() and local == "ContentTransferEncoded":
            self.decoder = _Base64Sink(self.open_sink(len(self.found) - 1), self.found[-1],
                                       self.source)
        self.text = []

    def _in_attachment(self) -> bool:
        return self.path[:-1][-3:] == ["edXML", "AttachmentEncoded", "Attachment"]

    def data(self, text: str) -> None:
        if self.decoder is not None:
            self.decoder.feed(text)
        elif self._in_attachment():
            self.text.append(text)

    def end(self, tag: str) -> None:
        local = tag.rpartition("}")[2]
        if self.decoder is not None and local == "ContentTransferEncoded":
            self.decoder.close()
            self.decoder = None
        elif self._in_attachment() and local in _ATTACHMENT_FIELDS:
            value = "".join(self.text) or None
            if local == "ContentId" and value:
                value = value.removeprefix("cid:")
            setattr(self.found[-1], _ATTACHMENT_FIELDS[local], value)
        self.path.pop()


def stream_attachments(source: str | os.PathLike[str] | IO[bytes],
                       open_sink: Callable[[int], IO[bytes]], *,
                       limits: ParseLimits = DEFAULT_LIMITS) -> list[StreamedAttachment]:
    """Decode every attachment of *source* into ``open_sink(index)``; return their metadata.

    The sinks are not closed. Only ``/edXML/AttachmentEncoded/Attachment`` is read; use
    :func:`vn_egov.edoc.read` for the header.
    """
    name = str(source) if isinstance(source, str | os.PathLike) else getattr(source, "name", None)
    handler = _AttachmentHandler(open_sink, name)
    stream_parse(source, handler, limits=limits)
    return handler.found


def extract_attachments(
    source: str | os.PathLike[str] | IO[bytes], directory: str | Path, *,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> list[tuple[Path, StreamedAttachment]]:
    """Write every attachment of *source* into *directory* (safe names, never overwriting)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    temporary: list[IO[bytes]] = []

    def open_sink(_index: int) -> IO[bytes]:
        temporary.append(tempfile.NamedTemporaryFile(dir=folder, prefix=".vn-egov-",  # noqa: SIM115
                                                     delete=False))
        return temporary[-1]

    try:
        found = stream_attachments(source, open_sink, limits=limits)
    except BaseException:
        for handle in temporary:
            handle.close()
            Path(handle.name).unlink(missing_ok=True)
        raise
    written = []
    for handle, record in zip(temporary, found, strict=False):
        handle.close()
        target = free_path(folder, safe_file_name(record.name or record.content_id or "file"))
        os.replace(handle.name, target)
        written.append((target, record))
    return written


def free_path(directory: Path, name: str) -> Path:
    """*directory*/*name*, or ``name (1)``, ``name (2)``... when it exists already."""
    candidate = directory / name
    stem, suffix, index = candidate.stem, candidate.suffix, 1
    while candidate.exists():
        candidate = directory / f"{stem} ({index}){suffix}"
        index += 1
    return candidate


@dataclass(frozen=True)
class LargeFile:
    """A file to attach by streaming (never read whole into memory)."""

    path: Path
    name: str | None = None
    content_type: str | None = None
    description: str | None = None
    content_id: str | None = None


def stream_write(package: DocumentPackage, files: Sequence[LargeFile], out: IO[bytes]) -> None:
    """Write *package* plus *files* as attachments to *out*, encoding the files in chunks."""
    markers: list[tuple[bytes, Path]] = []
    for large in files:
        if not large.path.is_file():
            raise InputError("attachment is not a readable file", source=str(large.path))
        marker = b"vn-egov-stream-" + secrets.token_hex(12).encode()
        name = large.name or large.path.name
        attachment = attachment_from_bytes(marker, name, content_id=large.content_id,
                                           content_type=large.content_type or
                                           guess_content_type(name),
                                           description=large.description)
        reference = ManifestReference(content_id=attachment.content_id,
                                      content_type=attachment.content_type,
                                      description=attachment.description, name=attachment.name)
        package = package.model_copy(update={"attachments": [*package.attachments, attachment],
                                             "manifest": [*package.manifest, reference]})
        markers.append((base64.b64encode(marker), large.path))
    rest = write(package)
    for encoded_marker, path in markers:
        before, _, rest = rest.partition(encoded_marker)
        out.write(before)
        with path.open("rb") as stream:
            while chunk := stream.read(ENCODE_CHUNK):
                out.write(base64.b64encode(chunk))
    out.write(rest)



