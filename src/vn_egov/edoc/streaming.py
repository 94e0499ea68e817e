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
import contextlib
import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Final

from vn_egov.edoc.attachments import attachment_from_bytes, guess_content_type
from vn_egov.edoc.compression import (
    builder_compresses,
    compress_file,
    is_transport_compressed,
    unzip_first,
)
from vn_egov.edoc.filenames import TargetFolder
from vn_egov.edoc.mapping import mapping_of
from vn_egov.edoc.models import Attachment, DocumentPackage, ManifestReference
from vn_egov.edoc.transfer import Base64Decoder
from vn_egov.edoc.writer import write
from vn_egov.errors import ArchiveError, InvalidBase64, UnsafeXMLError
from vn_egov.i18n import tr
from vn_egov.inputs import PACKAGE_MAX_BYTES, BoundedReader, open_input
from vn_egov.xml import DEFAULT_LIMITS, ParseLimits
from vn_egov.xml.events import limit_error
from vn_egov.xml.streaming import stream_parse
from vn_egov.xml.text import printable

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
    notes: list[str] = field(default_factory=list)

    @property
    def compressed(self) -> bool:
        """True for official transport compression (the file is the first ZIP member)."""
        return is_transport_compressed(self.content_type, self.name)


class _Base64Sink:
    """Decodes the base64 text of one attachment into its sink with the one base64 check
    (:mod:`vn_egov.edoc.transfer`); a refusal becomes the record's EDX404 finding, and the
    rest of the text is ignored."""

    def __init__(self, sink: IO[bytes], record: StreamedAttachment) -> None:
        self.sink = sink
        self.record = record
        self.digest = hashlib.sha256()
        self.decoder: Base64Decoder | None = Base64Decoder(self)
        self.failed = False

    def write(self, data: bytes) -> None:
        """Called by the decoder with each decoded piece."""
        self.digest.update(data)
        self.record.encoded_size += len(data)
        self.sink.write(data)

    def feed(self, text: str) -> None:
        if self.decoder is None:
            return
        try:
            self.decoder.feed(text)
        except InvalidBase64 as exc:
            self._refuse(exc)

    def _refuse(self, exc: InvalidBase64) -> None:
        self.decoder = None
        self.failed = True
        self.record.findings.append(("EDX404", tr(
            "attachment {index}: ContentTransferEncoded is not valid base64: {error}",
            index=self.record.index + 1, error=exc.message)))

    def close(self) -> None:
        if self.decoder is not None:
            try:
                self.decoder.close()
            except InvalidBase64 as exc:
                self._refuse(exc)
        self.record.encoded_sha256 = self.digest.hexdigest()
        if not self.record.compressed:
            self.record.size, self.record.sha256 = (self.record.encoded_size,
                                                    self.record.encoded_sha256)


class _AttachmentHandler:
    """Follows the element path; only the declared attachment path is read, and only in the
    first ``AttachmentEncoded`` (a second one is EDX408 for the tree reader too)."""

    def __init__(self, open_sink: Callable[[int], IO[bytes]],
                 done: Callable[[int, IO[bytes]], None] | None, limits: ParseLimits) -> None:
        self.open_sink = open_sink
        self.done = done
        self.limits = limits
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
            if len(self.found) >= self.limits.max_attachments:
                raise limit_error(None, tr(
                    "the package has more than {limit} attachments",
                    limit=self.limits.max_attachments), "max_attachments")
            self.found.append(StreamedAttachment(index=len(self.found)))
        elif self._in_attachment() and local == self.content:
            record = self.found[-1]
            record.contents += 1
            if record.contents == 1:  # later ones are ignored, as by the tree reader
                self.decoder = _Base64Sink(self.open_sink(record.index), record)
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
                if self.done is not None:
                    self.done(self.found[-1].index, self.decoder.sink)
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
                       limits: ParseLimits = DEFAULT_LIMITS,
                       done: Callable[[int, IO[bytes]], None] | None = None,
                       ) -> list[StreamedAttachment]:
    """Decode the transferred bytes of every attachment of *source* into
    ``open_sink(index)``; return their metadata.

    ``done(index, sink)`` is called when the content of an attachment ends, so that a
    caller writing files can close each one at once (one file open at a time); the sinks
    are not closed here. An attachment without content gets no sink. Bad base64 is the
    attachment's EDX404 finding (its sink then holds only what came before). Only
    ``/edXML/AttachmentEncoded/Attachment`` is read; use :func:`vn_egov.edoc.read` for the
    header.
    """
    handler = _AttachmentHandler(open_sink, done, limits)
    try:
        stream_parse(source, handler, limits=limits)
    except UnsafeXMLError as exc:  # raised by the handler: name the source
        exc.source = exc.source or _source_name(source)
        raise
    for record in handler.found:
        if record.contents != 1:
            record.findings.append(("EDX407", tr(
                "attachment {index} has {count} ContentTransferEncoded elements; exactly one "
                "is expected", index=record.index + 1, count=record.contents)))
    return handler.found


def _source_name(source: str | os.PathLike[str] | IO[bytes]) -> str | None:
    if isinstance(source, str | os.PathLike):
        return os.fsdecode(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def extract_attachments(
    source: str | os.PathLike[str] | IO[bytes], directory: str | Path, *,
    limits: ParseLimits = DEFAULT_LIMITS, raw: bool = False,
) -> list[tuple[Path | None, StreamedAttachment]]:
    """Write every attachment of *source* into *directory*; return each attachment's record
    with the path written (``None`` when none was).

    Each file is written under its ``AttachmentName`` made safe
    (:func:`vn_egov.edoc.filenames.safe_file_name`), as the official parser hands it over: a
    transport-compressed attachment is unzipped (its first member, through the safe ZIP
    reader), unless ``raw=True``, which keeps the bytes as transferred (the ZIP, named
    ``<AttachmentName>.zip``). Files are written as :class:`~vn_egov.edoc.filenames.
    TargetFolder` writes them: through a temporary file in *directory*, never through or over
    an existing file or link (``name (1).pdf`` instead), one file open at a time; nothing is
    left behind when the package turns out to be unreadable.

    An attachment whose content is not well defined is not written, and its record says
    why in ``findings``: bad base64 (EDX404), none or several contents (EDX407), a
    compressed one whose ZIP is refused (EDX403, EDX409).
    """
    with TargetFolder(directory) as folder:
        temporary: dict[int, str] = {}
        open_files: dict[int, IO[bytes]] = {}

        def open_sink(index: int) -> IO[bytes]:
            name, handle = folder.create_temporary()
            temporary[index] = name
            open_files[index] = handle
            return handle

        def done(index: int, sink: IO[bytes]) -> None:
            sink.close()
            open_files.pop(index, None)

        try:
            found = stream_attachments(source, open_sink, limits=limits, done=done)
            return [(_write(folder, temporary.pop(record.index, None), record, raw), record)
                    for record in found]
        finally:  # an error, or attachments not written: no temporary file stays
            for handle in open_files.values():
                handle.close()
            for name in temporary.values():
                folder.discard(name)


#: Findings that leave an attachment without a well-defined file: it is not written.
_UNWRITTEN: Final = frozenset({"EDX403", "EDX404", "EDX407", "EDX409"})


def _write(folder: TargetFolder, temporary: str | None, record: StreamedAttachment,
           raw: bool) -> Path | None:
    if temporary is None:
        return None
    if any(rule in _UNWRITTEN for rule, _message in record.findings):
        folder.discard(temporary)
        return None
    name = record.name or record.content_id or "file"
    if record.compressed and not raw:
        return _unzip_first(folder, temporary, name, record)
    wanted = folder.safe_name(name + (".zip" if record.compressed else ""))
    return _placed(folder, temporary, wanted, record)


def _placed(folder: TargetFolder, temporary: str, wanted: str,
            record: StreamedAttachment) -> Path:
    links = len(folder.links_met)
    target = folder.place(temporary, wanted)
    for link in folder.links_met[links:]:
        record.notes.append(tr("{name} is a symbolic link: neither followed nor replaced; the "
                               "file is written as {written}", name=printable(link),
                               written=printable(target.name)))
    return target


def _unzip_first(folder: TargetFolder, archive: str, name: str, record: StreamedAttachment
                 ) -> Path | None:
    """Stream the first ZIP member of the temporary *archive* to a new file; ``None`` (with
    a finding) when the safe reader refuses it (the official parser could not unzip it)."""
    try:
        with folder.open_temporary(archive) as packed, folder.temporary() as (unpacked, out):
            _member, result = unzip_first(packed, out)
    except ArchiveError as exc:
        record.findings.append((exc.rule, tr(
            "attachment {name!r} is declared application/zip (transport compression) but its "
            "content cannot be unzipped: {error}", name=printable(name), error=exc.message)))
        return None
    finally:
        folder.discard(archive)
    record.size, record.sha256 = result.size, result.sha256
    return _placed(folder, unpacked, folder.safe_name(name), record)


@dataclass(frozen=True)
class LargeFile:
    """A file to attach by streaming (never read whole into memory)."""

    path: Path
    name: str | None = None
    content_type: str | None = None
    description: str | None = None
    content_id: str | None = None


def stream_write(package: DocumentPackage, files: Sequence[LargeFile], out: IO[bytes], *,
                 compress: bool = False, max_file_bytes: int = PACKAGE_MAX_BYTES) -> None:
    """Write *package* plus *files* as attachments to *out*, encoding the files in chunks.

    Each file is read through the input gate (:func:`vn_egov.inputs.open_input`): a FIFO, a
    device or a folder is refused without being opened, and a file above *max_file_bytes*
    is refused from its size. ``compress=True`` compresses each file as the official builder
    does (see :func:`vn_egov.edoc.attachments.compress_attachment`), through a temporary ZIP
    on disk.
    """
    with tempfile.TemporaryDirectory(prefix="vn-egov-") as scratch:
        _stream_write(package, files, out, Path(scratch) if compress else None, max_file_bytes)


def _opened(path: Path, max_bytes: int) -> contextlib.AbstractContextManager[BoundedReader]:
    return open_input(path, max_bytes=max_bytes, limit_name="max_file_bytes")


def _stream_write(package: DocumentPackage, files: Sequence[LargeFile], out: IO[bytes],
                  scratch: Path | None, max_bytes: int) -> None:
    markers: list[tuple[bytes, Path]] = []
    for large in files:
        with _opened(large.path, max_bytes) as reader:  # refused here, before anything is written
            marker = b"vn-egov-stream-" + secrets.token_hex(12).encode()
            name = large.name or large.path.name
            content_type = large.content_type or guess_content_type(name)
            source = large.path
            if scratch is not None and builder_compresses(name):
                source = scratch / f"{len(markers)}.zip"
                with source.open("wb") as zipped:
                    compress_file(reader.stream, zipped, name)  # a regular file: seekable
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
        with _opened(path, max_bytes * 2) as stream:  # a compressed copy may be a bit larger
            while chunk := stream.read(ENCODE_CHUNK):
                out.write(base64.b64encode(chunk))
    out.write(rest)
