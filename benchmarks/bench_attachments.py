"""Large attachments: time of read, validate, extract and write, and memory from 1 to 300 MB.

Timing (interleaved rounds in this process; imports and set-up are never measured), for
packages carrying one attachment of 10 and 100 MB of random bytes (1 and 10 with --quick):

* ``floor: lxml + base64``: bare lxml parse of the bytes and ``binascii`` decoding of each
  attachment (what any Python reader must at least do; the baseline of the ratios);
* ``vn_egov read``: ``read(data)``, the whole package into models, attachments decoded;
* ``vn_egov check``: full ``edxml-document`` validation;
* ``vn_egov extract``: ``extract_attachments(path, folder)``, streaming to files;
* ``vn_egov write``: ``stream_write`` of the package with the attachment file, streaming;
* ``Java EdXML102 (warm)``: the official parser reading the header and every attachment
  (it decodes them to temporary files and hands out streams).

Memory (one operation in a fresh interpreter each, peak RSS as a multiple of the package
size) at 1, 10, 100 and 300 MB (1 and 10 with --quick): read, check, extract, write, and
sign and verify (``Signer.sign`` / ``Verifier.verify`` over the whole package, demo PKI),
plus the Java parser in its own JVM. Run from the repository root:

    python benchmarks/bench_attachments.py [--quick] [--java-jar PATH] [--sizes 1 10 100 300]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import harness
from harness import MiB, Op, Settings

if TYPE_CHECKING:
    from vn_egov.edoc import DocumentPackage

ENCODED = "ContentTransferEncoded"


# -- inputs ----------------------------------------------------------------------------------

def make_source(path: Path, megabytes: int) -> None:
    """*megabytes* MiB of random bytes (incompressible, like a scanned PDF)."""
    with path.open("wb") as handle:
        for _ in range(megabytes):
            handle.write(os.urandom(MiB))


def _package_model() -> DocumentPackage:
    from datetime import date

    from vn_egov.edoc.builders import new_document

    return new_document(sender="000.00.00.H99", recipients=["000.00.05.H99"], number="1",
                        notation="UBND-VP", promulgation_date=date(2025, 1, 2),
                        subject="Bản scan", timestamp=None)


def make_package(source: Path, package: Path) -> None:
    """The package that carries *source* as its one attachment (written by streaming)."""
    vn_write(str(source), str(package))()


# -- operations (module-level factories, for this process and for fresh interpreters) -------

def floor(path: str) -> Callable[[], object]:
    """Bare lxml parse and ``binascii`` decoding of every attachment."""
    import binascii

    from lxml import etree

    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    data = Path(path).read_bytes()

    def run() -> int:
        root = etree.fromstring(data, parser)
        return sum(len(binascii.a2b_base64(element.text or ""))
                   for element in root.iter(f"{{*}}{ENCODED}"))
    return run


def vn_read(path: str) -> Callable[[], object]:
    """``read(data)``: the package into models, attachments decoded in memory."""
    from vn_egov.edoc import read

    data = Path(path).read_bytes()
    return lambda: read(data)


def vn_read_path(path: str) -> Callable[[], object]:
    """``read(path)``, as an application reading a received file (memory table)."""
    from vn_egov.edoc import read

    return lambda: read(path)


def vn_check(path: str) -> Callable[[], object]:
    """``check(data, "edxml-document")``."""
    from vn_egov.validation import check

    data = Path(path).read_bytes()
    return lambda: check(data, "edxml-document")


def vn_check_path(path: str) -> Callable[[], object]:
    """``check(path, "edxml-document")`` (memory table): above 32 MiB, the reduced copy."""
    from vn_egov.validation import check

    return lambda: check(path, "edxml-document")


def vn_check_path_whole(path: str) -> Callable[[], object]:
    """``check(path, "edxml-document", full_validation_bytes=None)`` (memory table)."""
    from vn_egov.validation import check

    return lambda: check(path, "edxml-document", full_validation_bytes=None)


def vn_extract(path: str, folder: str) -> Callable[[], object]:
    """``extract_attachments(path, folder)``: streaming, decoded straight to files."""
    from vn_egov.edoc.streaming import extract_attachments

    return lambda: extract_attachments(path, folder)


def empty_folder(_path: str, folder: str) -> Callable[[], object]:
    """Clean-up after :func:`vn_extract` (not timed)."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def vn_write(source: str, out: str) -> Callable[[], object]:
    """``stream_write`` of a new package with *source* attached, into the file *out*."""
    from vn_egov.edoc.streaming import LargeFile, stream_write

    package = _package_model()

    def run() -> None:
        with Path(out).open("wb") as handle:
            stream_write(package, [LargeFile(Path(source), name="scan.pdf")], handle)
    return run


def remove_file(_source: str, out: str) -> Callable[[], object]:
    """Clean-up after :func:`vn_write` (not timed)."""
    return lambda: Path(out).unlink(missing_ok=True)


def vn_sign(path: str, pki: str, out: str) -> Callable[[], object]:
    """``Signer.sign(data)`` with the demo signer; the result is written to *out*."""
    from vn_egov.signature import Signer, load_certificates, load_private_key

    folder = Path(pki)
    signer = Signer(load_private_key(folder / "signer-key.pem"),
                    [*load_certificates(folder / "signer-cert.pem"),
                     *load_certificates(folder / "chain.pem")])
    data = Path(path).read_bytes()
    return lambda: Path(out).write_bytes(signer.sign(data))


def vn_verify(path: str, pki: str) -> Callable[[], object]:
    """``Verifier.verify(data)`` against the demo root and CRLs; stops unless valid."""
    from vn_egov.signature import SignaturePolicy, Verifier

    folder = Path(pki)
    verifier = Verifier(SignaturePolicy.from_files(trust=folder / "ca.pem",
                                                   crls=[folder / "crl.pem"]))
    data = Path(path).read_bytes()

    def run() -> None:
        result = verifier.verify(data)
        harness.expect("signature", (result.crypto.value, result.trust.value),
                       ("valid", "trusted"))
    return run


# -- the run ---------------------------------------------------------------------------------

def check_package(path: Path, size: int, peer: harness.JavaPeer | None) -> None:
    """Before timing: every reader finds the one attachment with all its bytes."""
    from vn_egov.edoc import read_document

    harness.expect(f"floor of {path.name}", floor(str(path))(), size)
    harness.expect(f"read of {path.name}", [a.size for a in read_document(path).attachments],
                   [size])
    if peer is not None:
        seen = peer.request(path, 1)
        harness.expect(f"Java read of {path.name}", (seen.attachments, seen.attachment_bytes),
                       (1, size))


def time_size(folder: Path, megabytes: int, settings: Settings,
              peer: harness.JavaPeer | None) -> harness.Comparison:
    """The interleaved comparison for one attachment size."""
    source, package = folder / f"scan-{megabytes}.pdf", folder / f"package-{megabytes}.edxml"
    make_source(source, megabytes)
    make_package(source, package)
    check_package(package, megabytes * MiB, peer)
    out, written = folder / "extracted", folder / "written.edxml"
    cases: dict[str, harness.Timer] = {
        "floor: lxml + base64": Op(floor, package).in_process(),
        "vn_egov read": Op(vn_read, package).in_process(),
        "vn_egov check": Op(vn_check, package).in_process(),
        "vn_egov extract": Op(vn_extract, package, out, after=empty_folder).in_process(),
        "vn_egov write": Op(vn_write, source, written, after=remove_file).in_process(),
    }
    java = None
    if peer is not None:
        peer.warm(package, 1.5 if settings.quick else 10.0)
        cases["Java EdXML102 (warm)"] = java = peer.parse(package)
    if megabytes >= 50:  # seconds per call: fewer rounds, still interleaved
        settings = dataclasses.replace(settings, rounds=settings.process_rounds)
    title = (f"{megabytes} MB attachment, package {package.stat().st_size / MiB:.1f} MB")
    comparison = harness.compare(cases, settings, baseline="floor: lxml + base64", title=title)
    comparison.print_table()
    if java is not None:
        print(java.describe())
    size = package.stat().st_size
    print("throughput (package MB per wall second): " + ", ".join(
        f"{name} {size / MiB / comparison.wall(name).median:.0f}" for name in cases))
    source.unlink()
    package.unlink()
    return comparison


def memory_table(folder: Path, sizes: list[int], peer: harness.JavaPeer | None) -> None:
    """Peak RSS of each operation in a fresh interpreter, per package size."""
    from vn_egov.signature import make_demo_pki

    pki = folder / "pki"
    make_demo_pki(pki)
    print("\n## memory: one operation per fresh interpreter (a cold call: first-use loading "
          "included)\n# set-up: peak before the operation (interpreter, imports, input); "
          "growth: (peak - set-up) / package size")
    print(f"{'attachment':>10}{'package':>10}  {'operation':<24}{'peak RSS':>10}"
          f"{'set-up':>10}{'peak/size':>10}{'growth':>10}{'CPU':>10}{'wall':>10}")
    for megabytes in sizes:
        source, package = folder / f"scan-{megabytes}.pdf", folder / f"package-{megabytes}.edxml"
        signed = folder / f"signed-{megabytes}.edxml"
        make_source(source, megabytes)
        make_package(source, package)
        size = package.stat().st_size
        ops = {"read(path)": Op(vn_read_path, package),
               "check(path)": Op(vn_check_path, package),
               "check(path), whole": Op(vn_check_path_whole, package),
               "extract (streaming)": Op(vn_extract, package, folder / "extracted"),
               "write (streaming)": Op(vn_write, source, folder / "written.edxml"),
               "sign(bytes)": Op(vn_sign, package, pki, signed),
               "verify(bytes)": Op(vn_verify, signed, pki)}
        for name, op in ops.items():
            result = harness.run_child(op)
            _memory_row(megabytes, size, name, peak=result.peak_rss, setup=result.setup_rss,
                        cpu=result.cpu, wall=result.wall)
        if peer is not None:
            done = harness.run_process(peer.command(str(package), "1"))
            if done.code != 0:
                raise harness.ProcessFailed(done.stderr[-2000:])
            _memory_row(megabytes, size, "Java EdXML102 (process)", peak=done.peak_rss,
                        setup=None, cpu=done.cpu, wall=done.wall)
        shutil.rmtree(folder / "extracted", ignore_errors=True)
        for path in (source, package, signed, folder / "written.edxml"):
            path.unlink(missing_ok=True)


def _memory_row(megabytes: int, size: int, name: str, *, peak: int, setup: int | None,
                cpu: float, wall: float) -> None:
    setup_text = f"{setup / MiB:>7.0f} MB" if setup is not None else f"{'-':>10}"
    growth = f"{(peak - setup) / size:>9.2f}x" if setup is not None else f"{'-':>10}"
    print(f"{megabytes:>7} MB{size / MiB:>7.1f} MB  {name:<24}{peak / MiB:>7.0f} MB"
          f"{setup_text}{peak / size:>9.2f}x{growth}{harness.format_seconds(cpu):>10}"
          f"{harness.format_seconds(wall):>10}")


def print_goals(comparisons: dict[int, harness.Comparison],
                peer: harness.JavaPeer | None) -> None:
    """The goal rows of issue 16 measured here (the largest timed size)."""
    megabytes = max(comparisons)
    comparison = comparisons[megabytes]
    print(f"\n## goal rows (issue 16), {megabytes} MB, CPU time, paired ratios")
    for name in ("vn_egov read", "vn_egov extract"):
        line = (f"{name.split()[1]}: floor / {name.split()[1]} = "
                f"{1 / comparison.ratio(name, 'floor: lxml + base64').median:.2f} of the floor")
        if peer is not None:
            ratio = comparison.ratio(name, "Java EdXML102 (warm)")
            line += f"; {harness.format_ratio(ratio)} of Java's time"
        print(line + " (goal: keep below Java, >= 0.9 of the floor)")
    print("peak RSS / package size: see the memory table (goal: <= 1.5x for every in-memory "
          "API; streaming < 100 MB)")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser, java=True)
    parser.add_argument("--sizes", type=int, nargs="+",
                        help="attachment sizes in MB for the memory table")
    parser.add_argument("--time-sizes", type=int, nargs="+",
                        help="attachment sizes in MB for the timing")
    args = parser.parse_args()
    settings = Settings.from_args(args)
    time_sizes = args.time_sizes or ([1, 10] if settings.quick else [10, 100])
    sizes = args.sizes or ([1, 5] if settings.quick else [1, 10, 100, 300])
    with tempfile.TemporaryDirectory() as tmp, harness.java_peer(settings, Path(tmp)) as peer:
        folder = Path(tmp)
        harness.print_header("bench_attachments.py: large attachments", settings,
                             packages=("lxml", "cryptography"), java=peer)
        comparisons = {size: time_size(folder, size, settings, peer) for size in time_sizes}
        memory_table(folder, sizes, peer)
        print_goals(comparisons, peer)
    harness.print_footer()


if __name__ == "__main__":
    main()
