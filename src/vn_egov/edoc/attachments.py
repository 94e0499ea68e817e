"""Attachments: create them from bytes or files, compress them as the official builder does,
and read their real content.

Transport compression (``application/zip`` over a file whose name is not ``.zip``) is handled
by the model itself (:attr:`Attachment.data` is the file); :func:`content_kind` sniffs what a
file really is, :func:`unpack` and :func:`unpack_to` open real archives (``.zip``) through the
safe ZIP reader (:mod:`vn_egov.edoc.safezip`).

>>> att = attachment_from_bytes(b"%PDF-1.4\\n", "Kế hoạch 4547.pdf", content_id="1")
>>> att.content_type, content_kind(att)
('application/pdf', 'pdf')
>>> packed = attachment_from_bytes(b"a;b\\n", "bang.csv", content_id="2", compress=True)
>>> packed.content_type, packed.compressed, packed.data
('application/zip', True, b'a;b\\n')
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from vn_egov.edoc.compression import ZIP_MIME, builder_compresses, compress
from vn_egov.edoc.filenames import TargetFolder, safe_file_name
from vn_egov.edoc.models import Attachment, DocumentPackage, ManifestReference
from vn_egov.edoc.safezip import DEFAULT_ZIP_LIMITS, SafeZip, Unpacked, ZipLimits, is_zip
from vn_egov.edoc.spool import new_spool
from vn_egov.errors import ArchiveError, VnEgovError
from vn_egov.i18n import tr
from vn_egov.inputs import PACKAGE_MAX_BYTES, open_input, read_input

__all__ = [
    "UnpackedFile",
    "add_attachment",
    "attachment_from_bytes",
    "attachment_from_file",
    "compress_attachment",
    "compress_attachments",
    "content_kind",
    "guess_content_type",
    "safe_file_name",
    "sniff",
    "unpack",
    "unpack_to",
]

_MAGIC = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"),
          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"\x89PNG\r\n\x1a\n", "png"),
          (b"\xff\xd8\xff", "jpeg"), (b"<?xml", "xml"))
_EXTRA_TYPES = {
    ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".edxml": "application/xml", ".zip": "application/zip", ".pdf": "application/pdf",
}


def guess_content_type(name: str) -> str:
    """MIME type from a file name; ``application/octet-stream`` when unknown.

    >>> guess_content_type("bao-cao.docx")
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    """
    suffix = PurePosixPath(name.lower()).suffix
    return _EXTRA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def attachment_from_bytes(data: bytes, name: str, *, content_type: str | None = None,
                          description: str | None = None, content_id: str | None = None,
                          compress: bool = False) -> Attachment:
    """An :class:`Attachment` for the file *data*; ContentId is a new UUID unless given.
    Declared ``application/zip`` under a name that is not ``.zip``, the file is zipped
    (transport compression).

    ``compress=True`` applies the official builder's rule: unless the extension is one it
    sends as is (pdf, doc, docx, xsl, xslx, zip), the file is zipped and declared
    ``application/zip``, under its own name.
    """
    attachment = Attachment(content_id=content_id or str(uuid.uuid4()), name=name,
                            description=description if description is not None else name,
                            content_type=content_type or guess_content_type(name), data=data)
    return compress_attachment(attachment) if compress else attachment


def attachment_from_file(path: str | Path, *, max_bytes: int = PACKAGE_MAX_BYTES,
                         **kwargs: str | bool | None) -> Attachment:
    """Read *path* through the input gate (:func:`vn_egov.inputs.read_input`: a FIFO, a
    device or a folder is refused unopened, at most *max_bytes* are read) and make an
    attachment named after the file."""
    file = Path(path)
    data = read_input(file, max_bytes=max_bytes, limit_name="max_bytes").data
    return attachment_from_bytes(data, file.name, **kwargs)  # type: ignore[arg-type]


def compress_attachment(attachment: Attachment) -> Attachment:
    """*attachment* as the official builder sends it: zipped and declared ``application/zip``
    unless its extension is one the builder sends as is (or it is compressed already).

    >>> plain = attachment_from_bytes(b"%PDF-1.4", "a.pdf", content_id="1")
    >>> compress_attachment(plain) is plain
    True
    """
    if attachment.compressed or not builder_compresses(attachment.name):
        return attachment
    return attachment.model_copy(update={"content_type": ZIP_MIME, "transfer_data": compress(
        attachment.transfer_data, attachment.name)})


def compress_attachments(package: DocumentPackage) -> DocumentPackage:
    """A copy of *package* whose attachments are compressed as the official builder does,
    with their manifest entries declaring ``application/zip`` too."""
    attachments = [compress_attachment(a) for a in package.attachments]
    types = {a.content_id: a.content_type for a in attachments}
    manifest = [r.model_copy(update={"content_type": types[r.content_id]})
                if r.content_id in types else r for r in package.manifest]
    return package.model_copy(update={"attachments": attachments, "manifest": manifest})


def add_attachment(package: DocumentPackage, attachment: Attachment) -> DocumentPackage:
    """A copy of *package* with *attachment* and its manifest entry added (kept in sync).

    >>> from datetime import date
    >>> from vn_egov.edoc.builders import new_document
    >>> pkg = new_document(sender="000.00.00.H99", recipients=["000.00.05.H99"],
    ...     number="5", notation="UBND-VP", promulgation_date=date(2025, 1, 2), subject="V/v",
    ...     timestamp=None)
    >>> pkg = add_attachment(pkg, attachment_from_bytes(b"x", "a.txt", content_id="7"))
    >>> [r.content_id for r in pkg.manifest], [a.content_id for a in pkg.attachments]
    (['7'], ['7'])
    """
    if any(a.content_id == attachment.content_id for a in package.attachments):
        raise ValueError(tr("ContentId {content_id!r} is already used",
                            content_id=attachment.content_id))
    reference = ManifestReference(content_id=attachment.content_id,
                                  content_type=attachment.content_type,
                                  description=attachment.description, name=attachment.name)
    return package.model_copy(update={
        "attachments": [*package.attachments, attachment],
        "manifest": [*package.manifest, reference],
    })


def content_kind(attachment: Attachment) -> str:
    """What the file is (``pdf``, ``zip``, ``ole`` for .doc/.xls, ``png``), not its label;
    for a transport-compressed attachment, what the unzipped file is (the bytes as sent when
    they cannot be unzipped)."""
    try:
        return sniff(attachment.data[:16])
    except VnEgovError:
        return sniff(attachment.transfer_data[:16])


def sniff(head: bytes) -> str:
    """The kind of content that starts with *head* (16 bytes suffice).

    >>> sniff(b"PK\x03\x04rest"), sniff(b"hello")
    ('zip', 'unknown')
    """
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "unknown")


@dataclass(frozen=True)
class UnpackedFile:
    """One file from a ZIP archive: its member name made safe (one file name, see
    :func:`safe_file_name`), size, SHA-256 and content, held in a spooled buffer (in memory
    up to a few MiB, in a temporary file above)."""

    name: str
    size: int
    sha256: str
    file: IO[bytes] = field(repr=False, compare=False)

    @property
    def data(self) -> bytes:
        """The content, read into memory."""
        self.file.seek(0)
        return self.file.read()


def _archive_stream(source: Attachment | str | os.PathLike[str]
                    ) -> tuple[str, contextlib.AbstractContextManager[IO[bytes]]]:
    if isinstance(source, Attachment):
        return source.name or source.content_id, contextlib.nullcontext(source.open())
    path = Path(source)
    return path.name, _gated(path)


@contextlib.contextmanager
def _gated(path: Path) -> Iterator[IO[bytes]]:
    with open_input(path, max_bytes=PACKAGE_MAX_BYTES,
                    limit_name="PACKAGE_MAX_BYTES") as reader:
        yield reader.stream  # a regular file (the gate checked): seekable


def unpack(source: Attachment | str | os.PathLike[str], *,
           limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> list[UnpackedFile]:
    """The files inside a ZIP archive attachment (its file, or an extracted file on disk),
    read by the safe ZIP reader (:mod:`vn_egov.edoc.safezip`): the whole archive is checked
    first, then each member is unpacked into a spooled buffer. Raises
    :class:`~vn_egov.errors.ArchiveError` (rule EDX403: not a ZIP; EDX409: refused).

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("thư mục/van-ban.doc", b"OLE")
    >>> [(f.name, f.data) for f in unpack(attachment_from_bytes(buffer.getvalue(), "x.doc"))]
    [('thư mục_van-ban.doc', b'OLE')]
    """
    name, opened = _archive_stream(source)
    with opened as stream:
        reader = _safe_zip(stream, name, limits)
        files = []
        for member in reader.members:
            if member.is_dir:
                continue
            spool = new_spool()
            result = reader.unpack(member, spool)
            files.append(UnpackedFile(safe_file_name(member.name), result.size, result.sha256,
                                      spool))
        return files


def unpack_to(source: str | os.PathLike[str], directory: str | os.PathLike[str], *,
              limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> tuple[Path, list[tuple[Path, Unpacked]]]:
    """Unpack the ZIP archive at *source* into a new folder ``<name>.unzipped`` of
    *directory*, each member written as :class:`~vn_egov.edoc.filenames.TargetFolder`
    writes (safe names, never over anything, one file open at a time). The archive is
    checked completely before the folder is made; a member that fails while unpacking
    (sizes or CRC that lie) removes the folder again. Returns the folder and, per file, its
    path and digest; raises :class:`~vn_egov.errors.ArchiveError`.
    """
    path = Path(source)
    with _gated(path) as stream:
        reader = _safe_zip(stream, path.name, limits)
        with TargetFolder(directory) as parent:
            folder = parent.subfolder(parent.safe_name(path.stem + ".unzipped"))
        written: list[tuple[Path, Unpacked]] = []
        try:
            with folder:
                for member in reader.members:
                    if member.is_dir:
                        continue
                    with folder.temporary() as (temporary, out):
                        result = reader.unpack(member, out)
                    written.append((folder.place(temporary, folder.safe_name(member.name)),
                                    result))
        except BaseException:
            folder.remove_tree()
            raise
        return folder.path, written


def _safe_zip(stream: IO[bytes], name: str, limits: ZipLimits) -> SafeZip:
    head = stream.read(4)
    stream.seek(0)
    if not is_zip(head):
        raise ArchiveError(tr("{name!r} is not a ZIP archive", name=name), rule="EDX403",
                           hint=tr("use the content directly"))
    try:
        return SafeZip(stream, limits=limits)
    except ArchiveError as exc:
        exc.message = tr("{name!r}: {error}", name=name, error=exc.message)
        exc.args = (exc.message,)
        raise
