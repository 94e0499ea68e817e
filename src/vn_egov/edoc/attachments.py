"""Attachments: create them from bytes or files, compress them as the official builder does,
and read their real content.

Transport compression (``application/zip`` over a file whose name is not ``.zip``) is handled
by the model itself (:attr:`Attachment.data` is the file); :func:`content_kind` sniffs what a
file really is, :func:`unpack` opens real archives (``.zip``), with limits against zip bombs.

>>> att = attachment_from_bytes(b"%PDF-1.4\\n", "Kế hoạch 4547.pdf", content_id="1")
>>> att.content_type, content_kind(att)
('application/pdf', 'pdf')
>>> packed = attachment_from_bytes(b"a;b\\n", "bang.csv", content_id="2", compress=True)
>>> packed.content_type, packed.compressed, packed.data
('application/zip', True, b'a;b\\n')
"""

from __future__ import annotations

import io
import mimetypes
import os
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vn_egov.edoc.compression import ZIP_MIME, builder_compresses, compress
from vn_egov.edoc.models import Attachment, DocumentPackage, ManifestReference
from vn_egov.errors import InputError, UnsafeXMLError, VnEgovError
from vn_egov.i18n import tr

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
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_UNPACKED_FILES = 10_000


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


def attachment_from_file(path: str | Path, **kwargs: str | bool | None) -> Attachment:
    """Read *path* and make an attachment named after the file."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(tr("cannot read attachment: {error}", error=exc.strerror),
                         source=str(file)) from None
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
    """One file from a zipped attachment."""

    name: str
    data: bytes


def unpack(source: Attachment | str | os.PathLike[str], *, max_bytes: int = MAX_UNPACKED_BYTES,
           max_files: int = MAX_UNPACKED_FILES) -> list[UnpackedFile]:
    """The files inside a ZIP archive attachment (its file, or an extracted file read from
    disk), with names made safe; bounded against zip bombs.

    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as archive:
    ...     archive.writestr("van-ban.doc", b"OLE")
    >>> [f.name for f in unpack(attachment_from_bytes(buffer.getvalue(), "x.doc"))]
    ['van-ban.doc']
    """
    opened: io.BytesIO | Path
    if isinstance(source, Attachment):
        data = source.data
        name, head, opened = source.name, data[:16], io.BytesIO(data)
    else:
        path = Path(source)
        with path.open("rb") as handle:
            head = handle.read(16)
        name, opened = path.name, path  # zipfile reads members from disk as needed
    if sniff(head) != "zip":
        raise InputError(tr("attachment {name!r} is not a ZIP archive", name=name),
                         hint=tr("use the content directly"))
    try:
        archive = zipfile.ZipFile(opened)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(tr("attachment {name!r} is a damaged ZIP: {error}", name=name,
                            error=exc)) from None
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > max_files:
            raise UnsafeXMLError(tr("ZIP attachment holds {count} files, above {limit}",
                                    count=len(infos), limit=max_files))
        total = sum(info.file_size for info in infos)
        if total > max_bytes:
            raise UnsafeXMLError(tr("ZIP attachment unpacks to {size} bytes, above {limit}",
                                    size=total, limit=max_bytes),
                                 hint=tr("raise max_bytes if this size is expected"))
        return [UnpackedFile(safe_file_name(info.filename), _read_member(archive, info, max_bytes))
                for info in infos]


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    try:
        with archive.open(info) as member:
            data = member.read(max_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        # Bad CRC, truncated data, encryption or an unsupported method: say so, never crash.
        raise InputError(tr("ZIP member {name!r} cannot be unpacked: {error}",
                            name=info.filename, error=exc),
                         hint=tr("the archive is damaged, encrypted or uses an unsupported "
                                 "compression method")) from None
    if len(data) > max_bytes:  # the header lied about the size
        raise UnsafeXMLError(tr("ZIP member {name!r} is larger than declared",
                                name=info.filename))
    return data


def safe_file_name(name: str) -> str:
    """A file name without directories, drive letters or traversal (``..``).

    >>> safe_file_name("../../etc/passwd"), safe_file_name("C:\\\\x\\\\Tờ trình.pdf")
    ('passwd', 'Tờ trình.pdf')
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = base.split(":")[-1].strip().lstrip(".")
    return base or "attachment"
