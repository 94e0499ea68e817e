"""The safe ZIP reader: every hostile archive is a refusal with its rule and reason, never an
exception of zipfile, zlib or bz2, never a write outside the target, never a member in memory.

The archives are written byte by byte (``hostile_zip.py``); real archives come from
:mod:`zipfile` with every method it writes, ZIP64 records and data descriptors.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from hostile_zip import HOSTILE_ARCHIVES, Entry, archive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vn_egov.edoc.attachments import attachment_from_bytes, unpack, unpack_to
from vn_egov.edoc.compression import first_member, zip_problem
from vn_egov.edoc.safezip import BZIP2, DEFLATED, LZMA, STORED, SafeZip, ZipLimits
from vn_egov.errors import ArchiveError

CONTENT = os.urandom(300_000) + bytes(200_000)  # half random, half compressible


def _made(method: int, *, zip64: bool = False, streamed: bool = False) -> bytes:
    """An archive written by zipfile: a file, a folder and a file in it."""
    buffer = io.BytesIO()

    class Unseekable(io.RawIOBase):  # zipfile then writes data descriptors
        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            return buffer.write(data)

    target: io.RawIOBase | io.BytesIO = Unseekable() if streamed else buffer
    with zipfile.ZipFile(target, "w", compression=method) as made:
        with made.open("Tờ trình.bin", "w", force_zip64=zip64) as member:
            member.write(CONTENT)
        made.writestr("thư mục/", b"")
        made.writestr("thư mục/ghi chú.txt", "Kính gửi".encode())
    return buffer.getvalue()


@pytest.mark.parametrize("method", [STORED, DEFLATED, BZIP2, LZMA])
@pytest.mark.parametrize("variant", ["plain", "zip64", "streamed"])
def test_real_archives_unpack_exactly(method: int, variant: str) -> None:
    data = _made(method, zip64=variant == "zip64", streamed=variant == "streamed")
    reader = SafeZip(io.BytesIO(data))
    assert [m.name for m in reader.members] == ["Tờ trình.bin", "thư mục/", "thư mục/ghi chú.txt"]
    sinks = []
    for member in reader.members:
        sink = io.BytesIO()
        result = reader.unpack(member, sink)
        assert result.size == len(sink.getvalue())
        sinks.append(sink.getvalue())
    assert sinks == [CONTENT, b"", "Kính gửi".encode()]


def test_an_empty_archive_has_no_members() -> None:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    assert SafeZip(buffer).members == []


def _unpack_all(data: bytes) -> list[bytes]:
    reader = SafeZip(io.BytesIO(data))
    found = []
    for member in reader.members:
        sink = io.BytesIO()
        result = reader.unpack(member, sink)
        assert result.size == len(sink.getvalue()) == member.size
        found.append(sink.getvalue())
    return found


@pytest.mark.parametrize("name", sorted(HOSTILE_ARCHIVES))
def test_hostile_archives_are_refused_with_their_reason(name: str, tmp_path: Path) -> None:
    build, fragment = HOSTILE_ARCHIVES[name]
    data = build()
    with pytest.raises(ArchiveError) as caught:
        _unpack_all(data)
    assert fragment in caught.value.message
    assert caught.value.rule in ("EDX403", "EDX409")
    # The same refusal through every API that opens a ZIP.
    problem = zip_problem(data)
    assert problem is not None
    assert problem.rule in ("EDX403", "EDX409")  # "MZ..." is not a ZIP at all for transport
    with pytest.raises(ArchiveError):
        unpack(attachment_from_bytes(data, "x.zip"))
    path = tmp_path / "x.zip"
    path.write_bytes(data)
    with pytest.raises(ArchiveError, match=r"x\.zip|member|entry|archive"):
        unpack_to(path, tmp_path / "out")
    out = tmp_path / "out"
    assert not out.exists() or list(out.iterdir()) == []  # no empty or half-written x.unzipped/


def test_the_transport_reader_accepts_only_what_the_official_parser_reads() -> None:
    data = archive([Entry(b"a.txt", b"hello" * 100, method=12, version=46)])
    assert SafeZip(io.BytesIO(data)).members[0].name == "a.txt"  # bzip2 is safe to read
    problem = zip_problem(data)  # but java.util.zip cannot: transport compression refuses it
    assert problem is not None
    assert "compression method 12 (bzip2)" in problem.message


def test_the_first_member_is_the_first_local_and_central_entry() -> None:
    data = archive([Entry(b"a.txt", b"first"), Entry(b"b.txt", b"second")])
    assert first_member(data) == ("a.txt", b"first")


@pytest.mark.parametrize(("limits", "message"), [
    (ZipLimits(max_members=2), "the ZIP archive holds 3 entries, above the limit of 2"),
    (ZipLimits(max_member_bytes=1000), "unpacks to 500000 bytes, above the limit of 1000"),
    (ZipLimits(max_total_bytes=400_000), "the archive unpacks to more than 400000 bytes"),
    (ZipLimits(max_name_bytes=10), "has a name of 15 bytes, above the limit of 10"),
])
def test_limits_are_checked_before_anything_is_unpacked(limits: ZipLimits, message: str
                                                        ) -> None:
    with pytest.raises(ArchiveError, match=message) as caught:
        SafeZip(io.BytesIO(_made(DEFLATED)), limits=limits)
    assert "ZipLimits." in (caught.value.hint or "")


def test_an_lzma_dictionary_is_bounded_before_the_decoder_allocates_it() -> None:
    data = bytearray(_made(LZMA))
    header = data.find(b"PK\x03\x04")
    start = header + 30 + len("Tờ trình.bin".encode())
    assert data[start + 2:start + 4] == b"\x05\x00"  # LZMA properties follow
    data[start + 5:start + 9] = struct.pack("<I", 0xFFFFFFFF)  # a 4 GiB dictionary
    reader = SafeZip(io.BytesIO(bytes(data)))
    with pytest.raises(ArchiveError, match="asks for an LZMA dictionary of 4294967295 bytes"):
        reader.unpack(reader.members[0], io.BytesIO())


def test_a_member_is_unpacked_in_chunks_not_in_memory() -> None:
    data = archive([Entry(b"big.bin", bytes(30_000_000))])
    reader = SafeZip(io.BytesIO(data), limits=ZipLimits(max_ratio=2000))
    writes: list[int] = []

    class Sink:
        def write(self, chunk: bytes) -> int:
            writes.append(len(chunk))
            return len(chunk)

    assert reader.unpack(reader.members[0], Sink()).size == 30_000_000
    assert max(writes) <= 1024 * 1024
    assert len(writes) >= 29


def test_unpack_to_writes_each_member_under_a_safe_name(tmp_path: Path) -> None:
    path = tmp_path / "hồ sơ.zip"
    path.write_bytes(_made(DEFLATED))
    folder, written = unpack_to(path, tmp_path)
    assert folder == tmp_path / "hồ sơ.unzipped"
    assert sorted(p.name for p in folder.iterdir()) == ["Tờ trình.bin", "thư mục_ghi chú.txt"]
    assert [(p.name, r.size) for p, r in written] == [("Tờ trình.bin", len(CONTENT)),
                                                        ("thư mục_ghi chú.txt", 11)]
    again, _ = unpack_to(path, tmp_path)  # never into or over the first one
    assert again == tmp_path / "hồ sơ (1).unzipped"


def _mutations() -> st.SearchStrategy[bytes]:
    whole = archive([Entry(b"a.txt", b"hello world " * 50), Entry(b"b/", b""),
                     Entry(b"b/c.bin", bytes(range(256)), method=0)])

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(whole)
        for _ in range(draw(st.integers(1, 6))):
            position = draw(st.integers(0, len(data) - 1))
            kind = draw(st.sampled_from(["byte", "word", "cut", "insert"]))
            if kind == "byte":
                data[position] = draw(st.integers(0, 255))
            elif kind == "word":
                data[position:position + 4] = draw(st.sampled_from(
                    [b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xff\xff\x00\x00",
                     b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"]))
            elif kind == "cut":
                del data[position:position + draw(st.integers(1, 50))]
            else:
                data[position:position] = draw(st.binary(min_size=1, max_size=20))
        return bytes(data)
    return mutated()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_mutated_archives_are_read_or_refused_never_crash(data: bytes) -> None:
    refusal: ArchiveError | None = None
    try:
        _unpack_all(data)
    except ArchiveError as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.rule in ("EDX403", "EDX409")
        assert refusal.message
