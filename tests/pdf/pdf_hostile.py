"""Hostile PDFs for the attack tests: truncated, reference cycles, enormous cross-reference
tables, huge object streams, decompression bombs. Each is built from scratch (no sample)."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

SIG_FIELD = (b"<< /FT /Sig /T (ChuKy1) /V 6 0 R /Type /Annot /Subtype /Widget "
             b"/Rect [0 0 0 0] /P 3 0 R >>")
SIG_VALUE = (b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
             b"/ByteRange [0 10 20 30] /Contents <3082000a> >>")


def classic(objects: list[bytes], *, size: int | None = None) -> bytes:
    """A PDF with *objects* (1-based) and a correct classic cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size or len(objects) + 1, xref)
    return bytes(out)


def _signed_skeleton(pages: bytes = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     page: bytes = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                     fields: bytes = b"[5 0 R]") -> list[bytes]:
    return [b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>", pages, page,
            b"<< /Fields %s /SigFlags 3 >>" % fields, SIG_FIELD, SIG_VALUE]


def truncated(signed: bytes) -> bytes:
    """A real signed PDF cut in the middle."""
    return signed[: len(signed) // 2]


def page_tree_cycle() -> bytes:
    """/Pages whose kid is itself, and a field whose kid is itself."""
    objects = _signed_skeleton(pages=b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                               fields=b"[5 0 R 7 0 R]")
    objects.append(b"<< /FT /Sig /T (Loop) /Kids [7 0 R] >>")
    return classic(objects)


def reference_cycle() -> bytes:
    """Objects that are only references to each other (4 -> 7 -> 4) used as the AcroForm."""
    objects = _signed_skeleton()
    objects[3] = b"7 0 R"
    objects.append(b"4 0 R")
    return classic(objects)


def deep_nesting(depth: int = 200_000) -> bytes:
    """An array nested *depth* levels deep inside the signature dictionary."""
    objects = _signed_skeleton()
    objects[5] = SIG_VALUE[:-2] + b"/Deep " + b"[" * depth + b"]" * depth + b" >>"
    return classic(objects)


def enormous_xref(entries: int = 1_000_000) -> bytes:
    """A cross-reference table with *entries* entries (20 bytes each) for 6 real objects."""
    body = classic(_signed_skeleton())
    xref_at = body.index(b"xref\n")
    head = body[:xref_at]
    real = body[xref_at:].split(b"\n")[2:9]  # the 0 entry + 6 object entries
    free = b"0000000000 65535 f \n" * (entries - len(real))
    return (head + b"xref\n0 %d\n" % entries + b"\n".join(real) + b"\n" + free
            + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
                entries, xref_at))


def lying_xref(entries: int = 50_000_000) -> bytes:
    """A cross-reference subsection that declares *entries* entries and has 7."""
    body = classic(_signed_skeleton())
    return body.replace(b"xref\n0 7\n", b"xref\n0 %d\n" % entries)


def _compressed_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9)
    chunk = b"0" * (1 << 20)
    parts = [packer.compress(chunk) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def _with_xref_stream(objects: list[bytes], stream_objects: dict[int, tuple[int, int]],
                      size: int) -> bytes:
    """*objects* written directly plus a cross-reference stream that places objects
    ``number -> (object stream number, index)``."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in enumerate(objects, start=1):
        if not body:
            continue
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_number = size - 1
    rows = []
    for number in range(size):
        if number in offsets:
            rows.append(bytes([1]) + offsets[number].to_bytes(4, "big") + b"\0")
        elif number in stream_objects:
            container, index = stream_objects[number]
            rows.append(bytes([2]) + container.to_bytes(4, "big") + bytes([index]))
        elif number == xref_number:
            rows.append(bytes([1]) + len(out).to_bytes(4, "big") + b"\0")
        else:
            rows.append(b"\0\0\0\0\0\0")
    data = zlib.compress(b"".join(rows))
    xref_at = len(out)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Root 1 0 R /Filter /FlateDecode "
            b"/Length %d >>\nstream\n" % (xref_number, size, len(data)))
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def object_stream_bomb(size: int = 300 << 20) -> bytes:
    """The catalog lives in an object stream that inflates to *size* bytes (~1000:1)."""
    skeleton = _signed_skeleton()
    bomb = _compressed_zeros(size)
    container = 7
    objects = [b"", *skeleton[1:],
               b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
               % len(bomb) + bomb + b"\nendstream"]
    return _with_xref_stream(objects, {1: (container, 0)}, size=9)


def huge_object_stream(count: int = 5_000_000) -> bytes:
    """An object stream that declares *count* objects in a short stream."""
    skeleton = _signed_skeleton()
    header = b"1 0 "
    content = header + b"<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>"
    data = zlib.compress(content)
    objects = [b"", *skeleton[1:],
               b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
               % (count, len(header), len(data)) + data + b"\nendstream"]
    return _with_xref_stream(objects, {1: (7, 0)}, size=9)


def cases(signed: bytes) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Every hostile case by name (builders, so that only the case under test is built)."""
    yield "truncated", lambda: truncated(signed)
    yield "page_tree_cycle", page_tree_cycle
    yield "reference_cycle", reference_cycle
    yield "deep_nesting", deep_nesting
    yield "enormous_xref", enormous_xref
    yield "lying_xref", lying_xref
    yield "object_stream_bomb", object_stream_bomb
    yield "huge_object_stream", huge_object_stream
