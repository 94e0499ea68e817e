"""PDF signature verification of vn_egov against poppler's pdfsig, interleaved in one run.

Not a test: prints medians and ratios for a 10-page and a 300-page PDF, each signed by a
personal certificate and then an agency seal (PAdES B-B, demo PKI). Three timings per round,
interleaved so that host load hits all alike:

* ``in-process``: ``PdfVerifier(policy).verify(path)`` (trust path, CRL, changes after signing);
* ``vn-egov CLI``: ``vn-egov pdf verify`` as a process, end to end like pdfsig;
* ``pdfsig``: poppler's verifier (integrity and signature; trust through its NSS database, here
  empty, so it does less path work than we do).

    .venv/bin/python benchmarks/bench_pdf.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import serialization

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from vn_egov.signature import SignaturePolicy, make_demo_pki
from vn_egov.signature.pdf import PdfVerifier
from vn_egov.signature.pdf.demo import signing_material
from vn_egov.signature.pdf.sign import PdfSigner


def make_pdf(pages: int) -> bytes:
    """*pages* A4 pages of text (Helvetica), written with pyHanko's writer."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter

    writer = PdfFileWriter(stream_xrefs=False)
    font = writer.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Font"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
        generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica")}))
    resources = generic.DictionaryObject({generic.pdf_name("/Font"): generic.DictionaryObject(
        {generic.pdf_name("/F1"): font})})
    for number in range(1, pages + 1):
        lines = b"\n".join(b"BT /F1 11 Tf 72 %d Td (Trang %d - dong %d: noi dung ke hoach) Tj ET"
                           % (780 - 14 * line, number, line) for line in range(50))
        content = writer.add_object(generic.StreamObject(stream_data=lines))
        writer.insert_page(PageObject(contents=content, media_box=generic.ArrayObject(
            [generic.NumberObject(v) for v in (0, 0, 595, 842)]), resources=resources))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    pdfsig = shutil.which("pdfsig")
    cli = Path(sys.executable).with_name("vn-egov")
    folder = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    pki = make_demo_pki(folder / "pki")
    material = signing_material(pki)
    person = PdfSigner.from_key(material.person[0], (material.person[1], *material.chain))
    seal = PdfSigner.from_key(material.seal[0], (material.seal[1], *material.chain))
    policy = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)
    ca = folder / "pki" / "ca.pem"
    ca.write_bytes(pki.root.public_bytes(serialization.Encoding.PEM))
    print(f"runs={args.runs}; pdfsig: {pdfsig or 'not installed'}")
    print("| pages | bytes | in-process | vn-egov CLI | pdfsig | CLI / pdfsig "
          "| in-process / pdfsig |")
    print("|---|---|---|---|---|---|---|")
    for pages in (10, 300):
        path = folder / f"doc-{pages}.pdf"
        path.write_bytes(seal.sign(person.sign(make_pdf(pages))))
        result = PdfVerifier(policy).verify(path)
        assert result.trusted, result.rule_ids()
        tasks: dict[str, Callable[[], object]] = {
            "in-process": lambda p=path: PdfVerifier(policy).verify(p),
            "cli": lambda p=path: subprocess.run(
                [str(cli), "pdf", "verify", str(p), "--trust", str(ca), "--crl",
                 str(folder / "pki" / "crl.pem")], capture_output=True, check=True),
        }
        if pdfsig:
            tasks["pdfsig"] = lambda p=path: subprocess.run([pdfsig, str(p)], capture_output=True,
                                                            check=True)
        times: dict[str, list[float]] = {name: [] for name in tasks}
        for _ in range(args.runs):
            for name, task in tasks.items():  # interleaved
                start = time.perf_counter()
                task()
                times[name].append(time.perf_counter() - start)
        ours, ours_cli = median_ms(times["in-process"]), median_ms(times["cli"])
        if pdfsig:
            theirs = median_ms(times["pdfsig"])
            print(f"| {pages} | {path.stat().st_size:,} | {ours:.0f} ms | {ours_cli:.0f} ms | "
                  f"{theirs:.0f} ms | {ours_cli / theirs:.2f}× | {ours / theirs:.2f}× |")
        else:
            print(f"| {pages} | {path.stat().st_size:,} | {ours:.0f} ms | {ours_cli:.0f} ms | "
                  "- | - | - |")


if __name__ == "__main__":
    main()
