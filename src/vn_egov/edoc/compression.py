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
import zlib
from typing import IO, Final

from vn_egov.errors import InputError, UnsafeXMLError, VnEgovError
from vn_egov.i18n import tr

__all__ = [
    "MAX_MEMBER_BYTES",
    "ZIP_MIME",
    "builder_compresses",
    "compress",
    "compress_file",
    "extension",
    "first_member",
    "is_transport_compressed",
    "zip_problem",
]

ZIP_MIME: Final = "application/zip"
#: Extensions the EdXML102 builder sends as they are (its own spelling: "xsl", "xslx").
UNCOMPRESSED_EXTENSIONS: Final = frozenset({"pdf", "doc", "docx", "xsl", "xslx", "zip"})
#: Largest first member unpacked in memory (a guard against ZIP bombs).
MAX_MEMBER_BYTES: Final = 512 * 1024 * 1024
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
    info = zipfile.ZipInfo(f"{stem}.{extension(name) or 'unk'}", date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w") as archive, archive.open(
            info, "w", force_zip64=size > _ZIP64_FROM) as member:
        while chunk := source.read(_CHUNK):
            member.write(chunk)


def first_member(archive: bytes, *, max_bytes: int = MAX_MEMBER_BYTES) -> tuple[str, bytes]:
    """Name and bytes of the first member of *archive* (central-directory order), which is
    what the official parser hands over. Raises :class:`~vn_egov.errors.InputError` when the
    bytes are not a readable ZIP (the official parser then rejects the package) and
    :class:`~vn_egov.errors.UnsafeXMLError` above *max_bytes*.
    """
    if not archive.startswith(b"PK"):
        raise InputError(tr("the attachment is not a ZIP archive"),
                         hint=tr("rule EDX403; send the file itself with its own content type"))
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            infos = opened.infolist()
            if not infos:
                raise InputError(tr("the attachment's ZIP archive is empty"))
            info = infos[0]
            if info.is_dir():
                raise InputError(tr("the first ZIP member {name!r} is a folder, not a file",
                                    name=info.filename))
            if info.file_size > max_bytes:
                raise UnsafeXMLError(tr("the first ZIP member unpacks to {size} bytes, above "
                                        "{limit}", size=info.file_size, limit=max_bytes))
            with opened.open(info) as member:
                data = member.read(max_bytes + 1)
    except VnEgovError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError,
            ValueError, OSError) as exc:
        # Bad CRC, truncated data, encryption or an unsupported method: say so, never crash.
        raise InputError(tr("the attachment's ZIP archive cannot be read: {error}",
                            error=exc), hint=tr("rule EDX403; the archive is damaged, "
                                                "encrypted or uses an unsupported method")
                         ) from None
    if len(data) > max_bytes:  # the header lied about the size
        raise UnsafeXMLError(tr("the first ZIP member is larger than declared"))
    return info.filename, data


def zip_problem(archive: bytes) -> str | None:
    """Why the official parser could not unzip *archive*, or ``None`` when it can.

    >>> zip_problem(compress(b"x", "a.txt")) is None, zip_problem(b"PK\\x03\\x04 broken")
    (True, "the attachment's ZIP archive cannot be read: File is not a zip file")
    """
    try:
        first_member(archive)
    except (InputError, UnsafeXMLError) as exc:
        return exc.message
    return None
