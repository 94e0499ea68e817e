"""Packages per second through the local hub, against a bare HTTP echo in the same run, and
the peak memory of client and server for one 100 MB package.

* The hub (``vn-egov hub serve``) and the echo server (the same uvicorn and Starlette, an
  endpoint that reads the body and answers a small JSON object) each run in their own
  process; the client is this process, one httpx connection, packages sent one after the
  other. Through the hub every package is a signed ``sendEdoc``: signature check, streamed
  body with SHA-256, full validation with the edXML profile, routing, a database
  transaction. The ratio is hub throughput / echo throughput.
* 100 MB: a fresh hub process receives one package with a 75 MB attachment (≈100 MB of
  edXML), then a second client process downloads it with ``downloadEdoc``; peak resident
  memory (``VmHWM`` of the server and of each client process) is printed.

Run (about a minute): ``python benchmarks/bench_hub.py [--small 300] [--medium 30]
[--large-mb 100]``
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SECRETS = {"bench.sender": "bench-sender-secret", "bench.receiver": "bench-receiver-secret"}
SENDER_ORGAN, RECEIVER_ORGAN = "000.00.00.H24", "000.00.01.H24"

ECHO = r"""
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def echo(request):
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
    return JSONResponse({"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success",
                         "DocId": str(size)})

app = Starlette(routes=[Route("/sendEdoc", echo, methods=["POST"])])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            access_log=False)
"""

LARGE_CLIENT = r"""
import io, json, sys, time
from pathlib import Path
from vn_egov.hub.vpcp import VpcpTransport
from vn_egov.hub.wire import Credentials
mode, endpoint, system, secret, path = sys.argv[1:6]
start = time.perf_counter()
with VpcpTransport(endpoint, Credentials(system, secret), fetch="downloadEdoc",
                   timeout=600) as hub:
    if mode == "send":
        size = Path(path).stat().st_size
        hub.send(Path(path))
    else:
        [item] = hub.received()
        with open(path, "wb") as out:
            size = hub.get(item.doc_id, out)
        hub.acknowledge(item.doc_id, "done")
# VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the forked parent's peak across exec.
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:"))
print(json.dumps({"seconds": time.perf_counter() - start, "bytes": size,
                  "rss_mb": peak / 1024}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int) -> None:
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@contextmanager
def _process(argv: list[str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port)
        yield process
    finally:
        process.terminate()
        process.wait(30)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def _hub(folder: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    folder.mkdir(parents=True, exist_ok=True)
    systems = folder / "systems.toml"
    systems.write_text("".join(
        f'[[system]]\nid = "{name}"\nsecret = "{secret}"\norgan_ids = ["{organ}"]\n'
        for (name, secret), organ in zip(SECRETS.items(), (SENDER_ORGAN, RECEIVER_ORGAN),
                                         strict=True)), encoding="utf-8")
    port = _free_port()
    argv = [sys.executable, "-m", "vn_egov", "hub", "serve", "--port", str(port), "--data",
            str(folder / "data"), "--systems", str(systems)]
    with _process(argv, port) as process:
        yield f"http://127.0.0.1:{port}", process


def _package(number: int, attachment: bytes) -> bytes:
    from datetime import date, datetime

    from vn_egov.edoc.attachments import attachment_from_bytes
    from vn_egov.edoc.builders import new_document
    from vn_egov.edoc.writer import write

    return write(new_document(
        sender=SENDER_ORGAN, recipients=[RECEIVER_ORGAN], number=str(number),
        notation="KH-UBND", promulgation_date=date(2025, 1, 2), subject=f"Văn bản {number}",
        attachments=[attachment_from_bytes(attachment, f"tep-{number}.pdf",
                                           content_id=f"tep-{number}")],
        timestamp=datetime(2025, 1, 2, 8, 0)))


def _packages(count: int, attachment_bytes: int) -> list[bytes]:
    body = b"%PDF-1.4\n" + os.urandom(max(attachment_bytes - 9, 0))
    return [_package(n, body) for n in range(1, count + 1)]


def _rate(send: object, packages: list[bytes]) -> float:
    started = time.perf_counter()
    for package in packages:
        send(package)  # type: ignore[operator]
    return len(packages) / (time.perf_counter() - started)


def throughput(folder: Path, label: str, packages: list[bytes]) -> dict[str, float]:
    """Packages per second: bare echo vs the hub, same client library, same packages."""
    import httpx

    from vn_egov.hub.vpcp import VpcpTransport
    from vn_egov.hub.wire import Credentials

    port = _free_port()
    with _process([sys.executable, "-c", ECHO, str(port)], port), httpx.Client() as client:
        url = f"http://127.0.0.1:{port}/sendEdoc"
        echo = _rate(lambda body: client.post(url, content=body + b"\r\n").json(), packages)
    with _hub(folder / label) as (endpoint, _), VpcpTransport(
            endpoint, Credentials("bench.sender", SECRETS["bench.sender"])) as hub:
        through_hub = _rate(hub.send, packages)
    return {"echo": echo, "hub": through_hub, "ratio": through_hub / echo,
            "bytes": len(packages[0])}


def large(folder: Path, megabytes: int) -> dict[str, float]:
    """Peak RSS of the hub and of each client for one package of about *megabytes* MB."""
    from datetime import date

    from vn_egov.edoc.builders import new_document
    from vn_egov.edoc.streaming import LargeFile, stream_write

    attachment = folder / "scan.pdf"
    with attachment.open("wb") as out:
        out.write(b"%PDF-1.4\n")
        for _ in range(megabytes * 3 // 4):
            out.write(os.urandom(1024 * 1024))
    package = folder / "large.edxml"
    document = new_document(sender=SENDER_ORGAN, recipients=[RECEIVER_ORGAN], number="9",
                            notation="KH-UBND", promulgation_date=date(2025, 1, 2),
                            subject="Hồ sơ quét", timestamp=None)
    with package.open("wb") as out:
        stream_write(document, [LargeFile(attachment)], out)
    attachment.unlink()
    with _hub(folder / "large-hub") as (endpoint, server):
        def client(mode: str, system: str, path: Path) -> dict[str, float]:
            completed = subprocess.run(
                [sys.executable, "-c", LARGE_CLIENT, mode, endpoint, system, SECRETS[system],
                 str(path)], check=True, capture_output=True, text=True)
            return json.loads(completed.stdout)  # type: ignore[no-any-return]

        sent = client("send", "bench.sender", package)
        server_after_send = _peak_rss_mb(server.pid)
        received = client("receive", "bench.receiver", folder / "received.edxml")
        server_peak = _peak_rss_mb(server.pid)
    same = (folder / "received.edxml").read_bytes() == package.read_bytes()
    return {"package_mb": package.stat().st_size / 1e6, "send_s": sent["seconds"],
            "client_send_rss_mb": sent["rss_mb"], "server_rss_after_send_mb": server_after_send,
            "receive_s": received["seconds"], "client_receive_rss_mb": received["rss_mb"],
            "server_peak_rss_mb": server_peak, "identical": float(same)}


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=300, help="number of 5 KB packages")
    parser.add_argument("--medium", type=int, default=30, help="number of 1 MB packages")
    parser.add_argument("--large-mb", type=int, default=100, help="size of the large package")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as scratch:
        folder = Path(scratch)
        print("size     echo pkg/s   hub pkg/s   hub/echo")
        for label, count, size in (("5KB", args.small, 3_000), ("1MB", args.medium, 750_000)):
            figures = throughput(folder, label, _packages(count, size))
            print(f"{label:<5} {figures['bytes']:>9,} B {figures['echo']:>9.1f} "
                  f"{figures['hub']:>11.1f} {figures['ratio']:>9.3f}")
        if args.large_mb:
            figures = large(folder, args.large_mb)
            print(f"\n{figures['package_mb']:.0f} MB package (identical after the round trip: "
                  f"{bool(figures['identical'])})")
            print(f"  send    {figures['send_s']:6.1f} s   client peak RSS "
                  f"{figures['client_send_rss_mb']:6.0f} MB   hub peak RSS "
                  f"{figures['server_rss_after_send_mb']:6.0f} MB")
            print(f"  receive {figures['receive_s']:6.1f} s   client peak RSS "
                  f"{figures['client_receive_rss_mb']:6.0f} MB   hub peak RSS "
                  f"{figures['server_peak_rss_mb']:6.0f} MB")


if __name__ == "__main__":
    main()
