"""Huge attachments in bounded memory: stream them out of a package, and into one.

Reading decodes ``ContentTransferEncoded`` piece by piece as the file is parsed, so resident
memory does not grow with the attachment; writing encodes files in chunks into the output.
Where attachments sit and what their children mean comes from the models' declarations
(:mod:`vn_egov.edoc.mapping`): only ``/edXML/AttachmentEncoded/Attachment`` elements are
attachments, and the first ``ContentTransferEncoded`` of each is its content, exactly as
:func:`vn_egov.edoc.read` reads them.

>>> import io
>>> from vn_egov.edoc.demo import plan_package
>>> from vn_egov.edoc.writer import write
>>> sinks = []
>>> def open_sink(index):
...     sinks.append(io.BytesIO()); return sinks[-1]
>>> found = stream_attachments(io.BytesIO(write(plan_package())), open_sink)
>>> found[0].name, found[0].encoded_size, sinks[0].getvalue()[:8]
('4547-KH-UBND.pdf', 642, b'%PDF-1.4')
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

from vn_egov.edoc.attachments import attachment_from_bytes, guess_content_type, safe_file_name
from vn_egov.edoc.compression import (
    MAX_MEMBER_BYTES,
    builder_compresses,
    compress_file,
    is_transport_compressed,
)
from vn_egov.edoc.mapping import mapping_of
from vn_egov.edoc.models import Attachment, DocumentPackage, ManifestReference
from vn_egov.edoc.writer import write
from vn_egov.errors import InputError, MalformedXMLError
from vn_egov.i18n import tr
from vn_egov.xml import DEFAULT_LIMITS, ParseLimits
from vn_egov.xml.streaming import stream_parse

__all__ = ["LargeFile", "StreamedAttachment", "extract_attachments", "stream_attachments",
           "stream_write"]

ENCODE_CHUNK = 3 * 256 * 1024  # a multiple of 3: base64 pieces concatenate cleanly
COPY_CHUNK = 1024 * 1024


@cache
def _layout() -> tuple[tuple[str, ...], dict[str, tuple[str, str]], str]:
    """From the declarations: the element path of an attachment, its text children (element
    name -> field, value prefix) and the name of its content element."""
    package = mapping_of(DocumentPackage)
    slot = package.slot_of("attachments")
    assert slot.xml.item is not None  # declared as AttachmentEncoded/Attachment
    path = (package.root.name, *slot.xml.at, slot.xml.name, slot.xml.item)
    texts: dict[str, tuple[str, str]] = {}
    content = ""
    for child in mapping_of(Attachment).root.slots():
        if child.target is bytes:
            content = child.xml.name
        else:
            texts.update(dict.fromkeys(child.xml.names, (child.field, child.xml.value_prefix)))
    return path, texts, content


@dataclass
class StreamedAttachment:
    """Metadata and digests of an attachment streamed to a sink (``content_id`` without cid:).

    ``encoded_size``/``encoded_sha256`` describe the bytes as transferred (what the sink
    received); ``size``/``sha256`` the file the official parser hands over: the same bytes,
    or, for a transport-compressed attachment (:attr:`compressed`), the first ZIP member, known
    only once it has been unzipped (:func:`extract_attachments` does). ``contents`` counts the
    ``ContentTransferEncoded`` elements (exactly one is correct: EDX407); ``findings`` lists
    (rule id, message) pairs met while extracting.
    """

    index: int
    content_id: str | None = None
    name: str | None = None
    description: str | None = None
    field_name: str | None = None
    mime_type: str | None = None
    content_type: str | None = None
    encoded_size: int = 0
    encoded_sha256: str = ""
    size: int | None = None
    sha256: str | None = None
    contents: int = 0
    findings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def compressed(self) -> bool:
        """True for official transport compression (the file is the first ZIP member)."""
        return is_transport_compressed(self.content_type, self.name)


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
            raise MalformedXMLError(tr("attachment {index}: ContentTransferEncoded is not valid "
                                       "base64 ({error})", index=self.record.index + 1,
                                       error=exc), source=self.source,
                                    hint=tr("rule EDX404; re-encode the file")) from None
        self.digest.update(data)
        self.record.encoded_size += len(data)
        self.sink.write(data)

    def close(self) -> None:
        if self.pending:
            self._write(self.pending)
        self.record.encoded_sha256 = self.digest.hexdigest()
        if not self.record.compressed:
            self.record.size, self.record.sha256 = (self.record.encoded_size,
                                                    self.record.encoded_sha256)


class _AttachmentHandler:
    """Follows the element path; only the declared attachment path is read, and only in the
    first ``AttachmentEncoded`` (a second one is EDX408 for the tree reader too)."""

    def __init__(self, open_sink: Callable[[int], IO[bytes]], source: str | None) -> None:
        self.source = source
        self.open_sink = open_sink
        self.path: list[str] = []
        self.found: list[StreamedAttachment] = []
        self.text: list[str] = []
        self.decoder: _Base64Sink | None = None
        self.containers = 0
        self.attachment_path, self.texts, self.content = _layout()

    def _in_attachment(self) -> bool:
        depth = len(self.attachment_path)
        return (len(self.path) == depth + 1 and self.containers == 1
                and tuple(self.path[:depth]) == self.attachment_path)

    def comment(self) -> None:
        """A comment or processing instruction: inside a value, a finding (as in read())."""
        if self._in_attachment():
            self._odd_content(self.path[-1])

    def _odd_content(self, local: str) -> None:
        record = self.found[-1]
        rule = "EDX406" if local == self.content else "EDX118"
        message = tr("attachment {index}: <{name}> holds a comment, processing instruction or "
                     "element; the value is the text around it", index=record.index + 1,
                     name=local)
        if (rule, message) not in record.findings:
            record.findings.append((rule, message))

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = tag.rpartition("}")[2]
        if self._in_attachment():  # an element inside a value
            self._odd_content(self.path[-1])
        self.path.append(local)
        depth = len(self.attachment_path)
        if tuple(self.path) == self.attachment_path[:-1]:
            self.containers += 1
        elif tuple(self.path) == self.attachment_path and self.containers == 1:
            self.found.append(StreamedAttachment(index=len(self.found)))
        elif self._in_attachment() and local == self.content:
            record = self.found[-1]
            record.contents += 1
            if record.contents == 1:  # later ones are ignored, as by the tree reader
                self.decoder = _Base64Sink(self.open_sink(record.index), record, self.source)
        self.text = [] if len(self.path) == depth + 1 else self.text

    def data(self, text: str) -> None:
        if not self._in_attachment():
            return  # text of nested elements is not part of a value (as in the tree reader)
        if self.decoder is not None and self.path[-1] == self.content:
            self.decoder.feed(text)
        else:
            self.text.append(text)

    def end(self, tag: str) -> None:
        local = tag.rpartition("}")[2]
        if self._in_attachment():
            if local == self.content and self.decoder is not None:
                self.decoder.close()
                self.decoder = None
            elif local in self.texts:
                field_name, prefix = self.texts[local]
                value = "".join(self.text) or None
                if value and prefix:
                    value = value.removeprefix(prefix)
                if getattr(self.found[-1], field_name) is None:  # the first one counts
                    setattr(self.found[-1], field_name, value)
        self.path.pop()


def stream_attachments(source: str | os.PathLike[str] | IO[bytes],
                       open_sink: Callable[[int], IO[bytes]], *,
                       limits: ParseLimits = DEFAULT_LIMITS) -> list[StreamedAttachment]:
    """Decode the transferred bytes of every attachment of *source* into
    ``open_sink(index)``; return their metadata.

    The sinks are not closed; an attachment without content gets no sink. Only
    ``/edXML/AttachmentEncoded/Attachment`` is read; use :func:`vn_egov.edoc.read` for the
    header.
    """
    name = str(source) if isinstance(source, str | os.PathLike) else getattr(source, "name", None)
    handler = _AttachmentHandler(open_sink, name)
    stream_parse(source, handler, limits=limits)
    for record in handler.found:
        if record.contents != 1:
            record.findings.append(("EDX407", tr(
                "attachment {index} has {count} ContentTransferEncoded elements; exactly one "
                "is expected", index=record.index + 1, count=record.contents)))
    return handler.found


def extract_attachments(
    source: str | os.PathLike[str] | IO[bytes], directory: str | Path, *,
    limits: ParseLimits = DEFAULT_LIMITS, raw: bool = False,
) -> list[tuple[Path | None, StreamedAttachment]]:
    """Write every attachment of *source* into *directory* (safe names, never overwriting);
    return each attachment's record with the path written (``None`` when none was).

    Each file is written under its ``AttachmentName``, as the official parser hands it over:
    a transport-compressed attachment is unzipped (its first member), unless ``raw=True``,
    which keeps the bytes as transferred (the ZIP, named ``<AttachmentName>.zip``). An
    attachment that cannot be produced (no content; a compressed one that is not a readable
    ZIP) is not written; its record says why in ``findings``.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    temporary: dict[int, IO[bytes]] = {}

    def open_sink(index: int) -> IO[bytes]:
        temporary[index] = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below
            dir=folder, prefix=".vn-egov-", delete=False)
        return temporary[index]

    try:
        found = stream_attachments(source, open_sink, limits=limits)
    except BaseException:
        for handle in temporary.values():
            handle.close()
            Path(handle.name).unlink(missing_ok=True)
        raise
    written: list[tuple[Path | None, StreamedAttachment]] = []
    for record in found:
        sink = temporary.get(record.index)
        target = None
        if sink is not None:
            sink.close()
            target = _place(folder, Path(sink.name), record, raw)
        written.append((target, record))
    return written


def _place(folder: Path, temporary: Path, record: StreamedAttachment, raw: bool) -> Path | None:
    name = safe_file_name(record.name or record.content_id or "file")
    if not record.compressed or raw:
        target = free_path(folder, name + (".zip" if record.compressed else ""))
        os.replace(temporary, target)
        return target
    try:
        member = _unzip_first(temporary, folder, name, record)
    finally:
        temporary.unlink(missing_ok=True)
    return member


def _unzip_first(archive: Path, folder: Path, name: str, record: StreamedAttachment
                 ) -> Path | None:
    """Stream the first ZIP member of *archive* to ``folder/name``; ``None`` (with a
    finding) when the official parser could not unzip it either."""
    target = free_path(folder, name)
    digest = hashlib.sha256()
    size = 0
    try:
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
            if not infos or infos[0].is_dir() or infos[0].file_size > MAX_MEMBER_BYTES:
                raise zipfile.BadZipFile(tr("no first member that is a file of acceptable size"))
            with opened.open(infos[0]) as member, target.open("xb") as out:
                while chunk := member.read(COPY_CHUNK):
                    size += len(chunk)
                    if size > MAX_MEMBER_BYTES:
                        raise zipfile.BadZipFile(tr("the member is larger than declared"))
                    digest.update(chunk)
                    out.write(chunk)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError,
            EOFError) as exc:
        target.unlink(missing_ok=True)
        record.findings.append(("EDX403", tr(
            "attachment {name!r} is declared application/zip (transport compression) but its "
            "content cannot be unzipped ({error}); the official parser rejects the package",
            name=record.name, error=exc)))
        return None
    record.size, record.sha256 = size, digest.hexdigest()
    return target


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


def stream_write(package: DocumentPackage, files: Sequence[LargeFile], out: IO[bytes], *,
                 compress: bool = False) -> None:
    """Write *package* plus *files* as attachments to *out*, encoding the files in chunks.

    ``compress=True`` compresses each file as the official builder does (see
    :func:`vn_egov.edoc.attachments.compress_attachment`), through a temporary ZIP on disk.
    """
    with tempfile.TemporaryDirectory(prefix="vn-egov-") as scratch:
        _stream_write(package, files, out, Path(scratch) if compress else None)


def _stream_write(package: DocumentPackage, files: Sequence[LargeFile], out: IO[bytes],
                  scratch: Path | None) -> None:
    markers: list[tuple[bytes, Path]] = []
    for large in files:
        if not large.path.is_file():
            raise InputError(tr("attachment is not a readable file"), source=str(large.path))
        marker = b"vn-egov-stream-" + secrets.token_hex(12).encode()
        name = large.name or large.path.name
        content_type = large.content_type or guess_content_type(name)
        source = large.path
        if scratch is not None and builder_compresses(name):
            source = scratch / f"{len(markers)}.zip"
            with large.path.open("rb") as data, source.open("wb") as zipped:
                compress_file(data, zipped, name)
            content_type = "application/zip"
        # The marker stands for the bytes as transferred: never compressed again here.
        attachment = attachment_from_bytes(b"", name, content_id=large.content_id,
                                           content_type=content_type,
                                           description=large.description)
        attachment = attachment.model_copy(update={"transfer_data": marker})
        reference = ManifestReference(content_id=attachment.content_id,
                                      content_type=attachment.content_type,
                                      description=attachment.description, name=attachment.name)
        package = package.model_copy(update={"attachments": [*package.attachments, attachment],
                                             "manifest": [*package.manifest, reference]})
        markers.append((base64.b64encode(marker), source))
    rest = write(package)
    for encoded_marker, path in markers:
        before, _, rest = rest.partition(encoded_marker)
        out.write(before)
        with path.open("rb") as stream:
            while chunk := stream.read(ENCODE_CHUNK):
                out.write(base64.b64encode(chunk))
    out.write(rest)



