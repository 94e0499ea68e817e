"""The input gate (vn_egov.inputs): what it reads, what it refuses unopened, and its bound."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from vn_egov import inputs
from vn_egov.errors import InputError, UnsafeJSONError, UnsafeXMLError
from vn_egov.inputs import BoundedReader, check_path, open_input, read_input

TEXT = "<a>Hải Phòng</a>".encode()


def test_bytes_are_returned_as_they_are() -> None:
    assert read_input(TEXT, max_bytes=100) == (TEXT, None)
    assert read_input(bytearray(TEXT), max_bytes=100).data == TEXT
    assert read_input(memoryview(TEXT), max_bytes=100).data == TEXT


def test_bytes_above_the_bound_name_the_size_and_the_limit() -> None:
    with pytest.raises(UnsafeXMLError) as info:
        read_input(TEXT, max_bytes=5, limit_name="ParseLimits.max_bytes",
                   too_large=UnsafeXMLError)
    assert info.value.message == (f"input has {len(TEXT)} bytes, above the limit of 5 "
                                  "(ParseLimits.max_bytes)")
    assert info.value.hint == "raise ParseLimits.max_bytes if this size is expected"


def test_a_regular_file_is_read_whole_and_named(tmp_path: Path) -> None:
    path = tmp_path / "goi-tin.edxml"
    path.write_bytes(TEXT)
    assert read_input(path, max_bytes=len(TEXT)) == (TEXT, str(path))
    assert read_input(str(path), max_bytes=len(TEXT)).data == TEXT


def test_a_file_above_the_bound_is_refused_from_its_size_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(1024 ** 3)  # sparse: nothing is written, nothing may be read
    start = time.perf_counter()
    with pytest.raises(UnsafeJSONError) as info:
        read_input(path, max_bytes=50 * 1024 * 1024, limit_name="JSONLimits.max_bytes",
                   too_large=UnsafeJSONError)
    assert time.perf_counter() - start < 1.0
    assert info.value.message == ("input has 1073741824 bytes, above the limit of 52428800 "
                                  "(JSONLimits.max_bytes)")
    assert info.value.source == str(path)


def test_a_file_whose_size_is_not_announced_is_read_within_the_bound() -> None:
    # /proc files are regular files of size 0 that hold data: read on, bounded.
    data, name = read_input("/proc/self/status", max_bytes=1024 * 1024)
    assert name == "/proc/self/status"
    assert b"VmHWM:" in data
    with pytest.raises(InputError, match="input is larger than 10 bytes, the limit of x"):
        read_input("/proc/self/status", max_bytes=10, limit_name="x")


@pytest.mark.parametrize(("make", "message"), [
    (os.mkfifo, "is a named pipe (FIFO), not a regular file"),
    (lambda p: p.mkdir(), "is a directory, not a file"),
    (lambda p: os.symlink("/dev/zero", p), "is a character device, not a regular file"),
    (lambda p: os.symlink("/dev/urandom", p), "is a character device, not a regular file"),
    (lambda p: (os.symlink(p.name + ".b", p), os.symlink(p.name, p.with_name(p.name + ".b"))),
     "symbolic link loop (too many levels of links)"),
    (lambda p: os.symlink(p.name + ".missing", p),
     "is a symbolic link to a file that does not exist"),
    (lambda p: None, "no such file"),
    (lambda p: p.with_name("plain").write_bytes(b"x"), "no such file"),
])
def test_what_is_not_a_regular_file_is_refused_unopened(tmp_path: Path, make, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "input.edxml"
    make(path)
    start = time.perf_counter()
    for call in (lambda: read_input(path, max_bytes=100), lambda: check_path(path),
                 lambda: open_input(path, max_bytes=100).__enter__()):
        with pytest.raises(InputError) as info:
            call()
        assert info.value.message == message
        assert info.value.source == str(path)
        assert info.value.hint
    assert time.perf_counter() - start < 1.0  # a FIFO never blocks


def test_a_socket_is_refused() -> None:
    folder = Path(tempfile.mkdtemp(prefix="vs", dir="/tmp"))  # AF_UNIX paths are short
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(folder / "s"))
    try:
        with pytest.raises(InputError, match="is a socket, not a regular file"):
            read_input(folder / "s", max_bytes=100)
    finally:
        server.close()


def test_a_part_of_the_path_that_is_a_file_and_a_long_name(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(InputError, match="a part of the path is not a folder"):
        read_input(tmp_path / "file" / "x.edxml", max_bytes=10)
    with pytest.raises(InputError, match="file name too long"):
        read_input(tmp_path / ("n" * 300), max_bytes=10)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = tmp_path / "secret.edxml"
    path.write_bytes(TEXT)
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_input(path, max_bytes=100)


def test_a_file_replaced_by_a_fifo_after_the_check_is_refused(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    # The race the gate closes: the path is a regular file when it is examined and a FIFO
    # when it is opened. The swap happens for real just before the real os.open.
    path = tmp_path / "swapped.edxml"
    path.write_bytes(TEXT)
    real_open = os.open

    def swap_then_open(target: object, flags: int, *args: object) -> int:
        if Path(str(target)) == path:
            path.unlink()
            os.mkfifo(path)
        return real_open(target, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs.os, "open", swap_then_open)
    start = time.perf_counter()
    with pytest.raises(InputError, match="is a named pipe"):
        read_input(path, max_bytes=100)
    assert time.perf_counter() - start < 1.0


def test_a_file_replaced_by_another_file_after_the_check_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "swapped.edxml"
    path.write_bytes(TEXT)
    real_open = os.open

    def swap_then_open(target: object, flags: int, *args: object) -> int:
        if Path(str(target)) == path:
            other = tmp_path / "other"
            other.write_bytes(b"<other/>")
            other.replace(path)
        return real_open(target, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs.os, "open", swap_then_open)
    with pytest.raises(InputError, match="the file changed while it was being opened"):
        read_input(path, max_bytes=100)


def test_streams_are_read_within_the_bound(tmp_path: Path) -> None:
    assert read_input(io.BytesIO(TEXT), max_bytes=100) == (TEXT, None)
    stream = io.BytesIO(TEXT)
    stream.seek(3)
    assert read_input(stream, max_bytes=100).data == TEXT[3:]
    path = tmp_path / "a.edxml"
    path.write_bytes(TEXT)
    with path.open("rb") as handle:
        assert read_input(handle, max_bytes=100) == (TEXT, str(path))
    with path.open("rb") as handle, pytest.raises(InputError, match=f"input has {len(TEXT)}"):
        read_input(handle, max_bytes=5)  # the size is known: refused unread
    reader, writer = os.pipe()
    with os.fdopen(writer, "wb") as out:
        out.write(b"x" * 100)
    with os.fdopen(reader, "rb") as pipe, pytest.raises(InputError) as info:
        read_input(pipe, max_bytes=50)  # a fixed bound: no limit to name
    assert info.value.message == "input is larger than 50 bytes"
    assert info.value.hint == ("check that it is the right file: no input of this kind is "
                               "that large")


def test_a_device_given_as_a_stream_is_refused() -> None:
    with open("/dev/zero", "rb") as zero, pytest.raises(InputError, match="character device"):
        read_input(zero, max_bytes=10)


def test_a_text_stream_is_refused() -> None:
    with pytest.raises(InputError, match="stream must be opened in binary mode"):
        read_input(io.StringIO("<a/>"), max_bytes=100)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="stream must be opened in binary mode"):
        BoundedReader(io.StringIO("<a/>"), None, 10, "x", InputError).read()  # type: ignore[arg-type]


def test_bounded_reader_counts_every_chunk() -> None:
    reader = BoundedReader(io.BytesIO(b"a" * 10), "s", 9, "ParseLimits.max_bytes", UnsafeXMLError)
    assert reader.read(5) == b"aaaaa"
    assert reader.read(4) == b"aaaa"
    with pytest.raises(UnsafeXMLError, match=r"input is larger than 9 bytes, the limit of "
                                             r"ParseLimits\.max_bytes"):
        reader.read(5)


def test_open_input_closes_the_files_it_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.edxml"
    path.write_bytes(TEXT)
    with open_input(path, max_bytes=100) as reader:
        assert reader.read(-1) == TEXT
        stream = reader.stream
    assert stream.closed
    given = io.BytesIO(TEXT)
    with open_input(given, max_bytes=100) as reader:
        assert reader.read(3) == TEXT[:3]
    assert not given.closed  # the caller's stream is the caller's


def _python(*args: str, **options: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, *args], check=False,  # type: ignore[call-overload]
                          capture_output=True, timeout=60, **options)


def _run_stdin(stdin: object, *args: str) -> subprocess.CompletedProcess[bytes]:
    code = ("import sys; from vn_egov.inputs import read_input; "
            "d, n = read_input('-', max_bytes=int(sys.argv[1])); print(len(d), n)")
    return _python("-c", code, *args, stdin=stdin)


def test_dash_reads_standard_input_with_the_same_bound(tmp_path: Path) -> None:
    path = tmp_path / "a.edxml"
    path.write_bytes(TEXT)
    with path.open("rb") as handle:
        done = _run_stdin(handle, "100")
    assert done.stdout.decode().split() == [str(len(TEXT)), "<stdin>"]
    with path.open("rb") as handle:
        done = _run_stdin(handle, "5")
    assert f"<stdin>: input has {len(TEXT)} bytes, above the limit of 5".encode() in done.stderr
    done = _python("-c", "from vn_egov.inputs import read_input; "
                   "print(len(read_input('-', max_bytes=1000).data))", input=b"x" * 500)
    assert done.stdout.strip() == b"500"


def test_dash_refuses_a_device_redirected_to_standard_input() -> None:
    start = time.perf_counter()
    with open("/dev/zero", "rb") as zero:
        done = _run_stdin(zero, str(300 * 1024 * 1024))
    assert b"<stdin>: is a character device, not a regular file" in done.stderr
    assert time.perf_counter() - start < 20


def test_cli_reads_standard_input(tmp_path: Path) -> None:
    from vn_egov.edoc.demo import plan_package
    from vn_egov.edoc.writer import write

    package = write(plan_package())
    done = _python("-m", "vn_egov", "inspect", "-", "--format", "json", input=package)
    assert done.returncode == 0, done.stderr
    assert b'"document_id": "000.00.00.H24,2015/12/25,4547/KH-UBND"' in done.stdout
    with open("/dev/zero", "rb") as zero:
        done = _python("-m", "vn_egov", "inspect", "-", stdin=zero)
    assert done.returncode == 2
    assert done.stderr.startswith(b"vn-egov: error: <stdin>: is a character device")


def test_a_large_file_is_read_in_one_copy(tmp_path: Path) -> None:
    # The size is known: one buffer of that size, filled once (no chunks joined afterwards).
    path = tmp_path / "big.edxml"
    with path.open("wb") as handle:
        handle.write(b"x" * (100 * 1024 * 1024))
    code = ("import sys\n"
            "def hwm():\n"
            "    for line in open('/proc/self/status'):\n"
            "        if line.startswith('VmHWM:'): return int(line.split()[1]) // 1024\n"
            "from vn_egov.inputs import read_input\n"
            "before = hwm(); data = read_input(sys.argv[1], max_bytes=300 * 2**20).data\n"
            "print(hwm() - before, len(data))\n")
    done = _python("-c", code, str(path))
    growth, size = (int(value) for value in done.stdout.split())
    assert size == 100 * 1024 * 1024
    assert growth < 115, f"{growth} MB for a 100 MB file"


def test_a_catalogue_is_held_to_the_json_bound_once_it_looks_like_json(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vn_egov.cli.main import cli

    path = tmp_path / "catalogue.json"
    with path.open("wb") as handle:
        handle.write(b'{"procedures": [')
        handle.truncate(200 * 1024 * 1024)  # under the package bound, above the JSON one
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["services", "report", str(path)])
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1  # read and judged: too large for JSON
    assert (f"{path}: input has 209715200 bytes, above the limit of 52428800 "
            "(JSONLimits.max_bytes)") in result.output
