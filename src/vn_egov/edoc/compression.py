"""Transport compression of attachments, exactly as the official EdXML102 library does it.

``application/zip`` is the official library's *transport compression marker*, not the type of
the document: when ``ContentType`` is exactly ``application/zip`` and the extension of
``AttachmentName`` is not ``zip``, the official parser unzips the attachment and hands the
application the **first ZIP member**, under ``AttachmentName``. Its builder zips every file
whose extension is not ``pdf``, ``doc``, ``docx``, ``xsl``, ``xslx`` or ``zip`` (the list is
spelled as in the library, so ``.xls`` and ``.xlsx`` *are* zipped), declares
``application/zip`` and keeps the original name. See ``docs/reference/edxml-format.md``,
"What the official library does".

>>> archive = compress(b"hello", "ghi-chu.txt")
>>> is_transport_compressed("application/zip", "ghi-chu.txt"), first_member(archive)[1]
(True, b'hello')
>>> builder_compresses("bao-cao.pdf"), builder_compresses("bang-tinh.xlsx")
(False, True)
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from typing import IO, Final

from vn_egov.edoc.safezip import TRANSPORT_METHODS, SafeZip, Unpacked, ZipLimits
from vn_egov.errors import ArchiveError
from vn_egov.i18n import tr

__all__ = [
    "TRANSPORT_LIMITS",
    "ZIP_MIME",
    "builder_compresses",
    "compress",
    "compress_file",
    "extension",
    "first_member",
    "is_transport_compressed",
    "unzip_first",
    "zip_problem",
]

ZIP_MIME: Final = "application/zip"
#: Extensions the EdXML102 builder sends as they are (its own spelling: "xsl", "xslx").
UNCOMPRESSED_EXTENSIONS: Final = frozenset({"pdf", "doc", "docx", "xsl", "xslx", "zip"})
#: The safe reader's bounds for transport compression: only what the official parser reads.
TRANSPORT_LIMITS: Final = ZipLimits(methods=TRANSPORT_METHODS)
_ZIP_DATE: Final = (1980, 1, 1, 0, 0, 0)  # fixed: the same file always gives the same bytes
_CHUNK: Final = 1024 * 1024
_ZIP64_FROM: Final = 2**31 - 1  # ZIP64 records only where the classic format cannot hold it


def extension(name: str | None) -> str:
    """The text after the last dot of the file name, as the official library takes it
    (case kept; ``""`` when there is none).

    >>> extension("Quyết định.DOC"), extension("a.tar.gz"), extension(None), extension("x/y")
    ('DOC', 'gz', '', '')
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return "" if dot < 0 else base[dot + 1:]


def is_transport_compressed(content_type: str | None, name: str | None) -> bool:
    """True when the official parser unzips the attachment: ``ContentType`` exactly
    ``application/zip`` (case-sensitive) and an ``AttachmentName`` extension other than
    ``zip`` (case-sensitive too, as in the library).

    >>> is_transport_compressed("application/zip", "ho-so.zip")
    False
    >>> is_transport_compressed("Application/Zip", "a.doc")
    False
    """
    return content_type == ZIP_MIME and extension(name) != "zip"


def builder_compresses(name: str | None) -> bool:
    """True when the official builder would compress a file called *name*."""
    return extension(name).lower() not in UNCOMPRESSED_EXTENSIONS


def compress(data: bytes, name: str | None) -> bytes:
    """A one-member ZIP of *data*, the way the official builder writes it (member
    ``<uuid>.<extension>``, deflated). Deterministic: the member name is derived from the
    content and the timestamp is fixed, so the same file always gives the same bytes."""
    buffer = io.BytesIO()
    compress_file(io.BytesIO(data), buffer, name)
    return buffer.getvalue()


def compress_file(source: IO[bytes], out: IO[bytes], name: str | None) -> None:
    """:func:`compress` for a seekable binary stream, in chunks (bounded memory); *out* must
    be seekable too."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    source.seek(0)
    stem = uuid.UUID(digest.hexdigest()[:32])
    suffix = extension(name)
    if not suffix.isprintable():  # a control character would make the archive unreadable
        suffix = ""
    info = zipfile.ZipInfo(f"{stem}.{suffix or 'unk'}", date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w") as archive, archive.open(
            info, "w", force_zip64=size > _ZIP64_FROM) as member:
        while chunk := source.read(_CHUNK):
            member.write(chunk)


def _opened(archive: bytes | IO[bytes]) -> IO[bytes]:
    return io.BytesIO(archive) if isinstance(archive, bytes | bytearray | memoryview) else archive


def unzip_first(archive: bytes | IO[bytes], sink: IO[bytes], *,
                limits: ZipLimits = TRANSPORT_LIMITS) -> tuple[str, Unpacked]:
    """Stream the first member of *archive* (central-directory order, what the official
    parser hands over) into *sink*; return its name, size and SHA-256.

    The whole archive is checked by the safe reader (:mod:`vn_egov.edoc.safezip`) with the
    methods the official parser reads (stored, deflate). Raises
    :class:`~vn_egov.errors.ArchiveError`: rule ``EDX403`` when the bytes are not a ZIP, an
    empty one or one whose first member is a folder (the official parser rejects the
    package), ``EDX409`` when the safe reader refuses it.

    >>> sink = io.BytesIO()
    >>> unzip_first(compress(b"hello", "a.txt"), sink)[1].size, sink.getvalue()
    (5, b'hello')
    """
    opened = _opened(archive)
    head = opened.read(4)
    opened.seek(0)
    if not head.startswith(b"PK"):
        raise ArchiveError(tr("the attachment is not a ZIP archive"), rule="EDX403",
                           hint=tr("send the file itself with its own content type"))
    reader = SafeZip(opened, limits=limits)
    if not reader.members:
        raise ArchiveError(tr("the attachment's ZIP archive is empty"), rule="EDX403")
    member = reader.members[0]
    if member.is_dir:
        raise ArchiveError(tr("the first ZIP member {name!r} is a folder, not a file",
                              name=member.name), rule="EDX403", member=member.name)
    return member.name, reader.unpack(member, sink)


def first_member(archive: bytes | IO[bytes], *,
                 limits: ZipLimits = TRANSPORT_LIMITS) -> tuple[str, bytes]:
    """Name and bytes of the first member of *archive*: :func:`unzip_first` into memory.

    >>> first_member(compress(b"hello", "a.txt"))[1]
    b'hello'
    """
    sink = io.BytesIO()
    name, _unpacked = unzip_first(archive, sink, limits=limits)
    return name, sink.getvalue()


class _Discard:
    """A sink that keeps nothing (unpacking only to check)."""

    def write(self, data: bytes) -> int:
        return len(data)


def zip_problem(archive: bytes | IO[bytes]) -> ArchiveError | None:
    """Why the transport-compressed *archive* cannot be unzipped (the error, with its rule
    id), or ``None`` when it can. The first member is unpacked to check it, nothing kept.

    >>> zip_problem(compress(b"x", "a.txt")) is None
    True
    >>> problem = zip_problem(b"PK\\x03\\x04 broken")
    >>> problem.rule, problem.message
    ('EDX403', 'the ZIP archive has no end of central directory record')
    """
    try:
        unzip_first(archive, _Discard())  # type: ignore[arg-type]
    except ArchiveError as exc:
        return exc
    return None
