"""Validation and reading of edXML packages against bare lxml and the official Java parser.

Inputs (written to a temporary folder): a 4 KB header-only document package, the same with
a 1 MB attachment, and a pathological package whose header carries 10,000 unknown elements
(414 KB, one finding each; 1,000 elements too, to show how the time grows).

Cases, interleaved in one run (medians of CPU time per operation, ratios of paired samples):

* ``lxml parse+XSD``: bare lxml parse and XSD validation of the same bytes (the C floor);
* ``vn_egov check``: full ``edxml-document`` validation (parse, XSD, rules);
* ``vn_egov read``: the tolerant reader alone (typed models, no XSD);
* ``Java EdXML102 (warm)``: the official parser in one warm JVM, reading the header and
  every attachment as an application would (needs a JDK and ``--java-jar``).

Then whole processes (JVM start-up against interpreter start-up), the pathological package
once each in a fresh interpreter with a time cap, the peak RSS of every case in a fresh
interpreter, and the goal rows of issue 16. ``--profile`` adds cProfile listings of the
vn_egov paths. Not a test; run from the repository root:

    python benchmarks/bench_validation.py [--quick] [--java-jar PATH] [--profile]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import harness
from harness import Op, Settings

SCHEMA = "edxml/qcvn-102-2016/edxml-document.xsd"
UNKNOWN_ELEMENTS = 10_000


# -- inputs ----------------------------------------------------------------------------------

def header_only_package() -> bytes:
    """The demo Công văn without attachments (4,051 bytes)."""
    from vn_egov.edoc.demo import plan_package
    from vn_egov.edoc.writer import write

    return write(plan_package().model_copy(update={"attachments": [], "manifest": []}))


def package_with_attachment(size: int) -> bytes:
    """The header-only package plus one attachment of *size* random bytes."""
    from vn_egov.edoc.attachments import add_attachment, attachment_from_bytes
    from vn_egov.edoc.demo import plan_package
    from vn_egov.edoc.writer import write

    header = plan_package().model_copy(update={"attachments": [], "manifest": []})
    return write(add_attachment(header, attachment_from_bytes(os.urandom(size), "scan.pdf",
                                                              content_id="scan")))


def pathological_package(count: int) -> bytes:
    """The header-only package with *count* unknown ``<edXML:Unknown>`` elements in its
    ``MessageHeader``: each is one EDX007 finding (10,000 make 414,051 bytes)."""
    marker = b"</edXML:MessageHeader>"
    extra = b"".join(b"    <edXML:Unknown>%05d</edXML:Unknown>\n" % index
                     for index in range(count))
    return header_only_package().replace(marker, extra + marker, 1)


# -- operations (module-level factories, for this process and for fresh interpreters) -------

def lxml_xsd(path: str) -> Callable[[], object]:
    """Bare lxml: parse the bytes and validate them against the edXML document schema."""
    from lxml import etree

    from vn_egov._resources import schema_path

    schema = etree.XMLSchema(etree.parse(str(schema_path(SCHEMA))))
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    data = Path(path).read_bytes()
    return lambda: schema.validate(etree.fromstring(data, parser).getroottree())


def vn_check(path: str) -> Callable[[], object]:
    """Full validation: ``check(data, "edxml-document")``."""
    from vn_egov.validation import check

    data = Path(path).read_bytes()
    return lambda: check(data, "edxml-document")


def vn_read(path: str) -> Callable[[], object]:
    """The tolerant reader: ``read(data)`` (typed models, attachments decoded)."""
    from vn_egov.edoc import read

    data = Path(path).read_bytes()
    return lambda: read(data)


def vn_read_tree(path: str) -> Callable[[], object]:
    """The reader without raising on errors (for the pathological package)."""
    from vn_egov.edoc import read_tree
    from vn_egov.xml import parse

    data = Path(path).read_bytes()
    return lambda: read_tree(parse(data))


def warmed_check(path: str) -> Callable[[], object]:
    """:func:`vn_check` after one validation of the header-only package, so that a single
    measured call in a fresh interpreter excludes loading the schema and the rules."""
    from vn_egov.validation import check

    check(header_only_package(), "edxml-document")
    return vn_check(path)


def warmed_read_tree(path: str) -> Callable[[], object]:
    """:func:`vn_read_tree` after one read of the header-only package."""
    from vn_egov.edoc import read

    read(header_only_package())
    return vn_read_tree(path)


# -- the run ---------------------------------------------------------------------------------

def check_inputs(inputs: dict[str, Path], peer: harness.JavaPeer | None) -> None:
    """Before timing: every case accepts the valid inputs and reads the same attachments."""
    from vn_egov.edoc import read_document
    from vn_egov.validation import check

    for label, path in inputs.items():
        data = path.read_bytes()
        harness.expect(f"lxml XSD of {label}", lxml_xsd(str(path))(), True)
        harness.expect(f"check of {label}", check(data, "edxml-document").valid, True)
        package = read_document(data)
        sizes = [attachment.size for attachment in package.attachments]
        if peer is not None:
            seen = peer.request(path, 1)
            harness.expect(f"Java attachments of {label}",
                           (seen.attachments, seen.attachment_bytes), (len(sizes), sum(sizes)))


def run_comparisons(inputs: dict[str, Path], settings: Settings,
                    peer: harness.JavaPeer | None) -> dict[str, harness.Comparison]:
    """The interleaved in-process comparison of each input."""
    results = {}
    for label, path in inputs.items():
        cases: dict[str, harness.Timer] = {
            "lxml parse+XSD": Op(lxml_xsd, path).in_process(),
            "vn_egov check": Op(vn_check, path).in_process(),
            "vn_egov read": Op(vn_read, path).in_process(),
        }
        java = None
        if peer is not None:
            peer.warm(path, 2.0 if settings.quick else 15.0)
            cases["Java EdXML102 (warm)"] = java = peer.parse(path)
        title = f"{label} ({path.stat().st_size:,} bytes)"
        results[label] = harness.compare(cases, settings, baseline="lxml parse+XSD",
                                         title=title)
        results[label].print_table()
        if java is not None:
            print(java.describe())
    return results


def run_processes(path: Path, settings: Settings, peer: harness.JavaPeer | None) -> None:
    """One package per process: what a command-line tool or a cron job pays."""
    cases: dict[str, harness.Timer] = {
        "python: read(FILE)": harness.Subprocess(harness.python_command(
            "import sys; from vn_egov.edoc import read; read(sys.argv[1])", str(path))),
        "vn-egov validate FILE": harness.Subprocess(harness.cli_command("validate", str(path))),
    }
    if peer is not None:
        cases["java: EdXML102 parse FILE"] = peer.per_process(path)
    comparison = harness.compare(cases, settings, title=f"one process per package, "
                                 f"{path.stat().st_size:,} bytes",
                                 baseline="java: EdXML102 parse FILE" if peer else None)
    comparison.print_table()


def run_pathological(folder: Path, settings: Settings) -> dict[str, harness.ChildResult]:
    """The unknown-element package, once per case in a fresh interpreter, with a cap."""
    large = UNKNOWN_ELEMENTS // 5 if settings.quick else UNKNOWN_ELEMENTS
    cap = 60.0 if settings.quick else 600.0
    print(f"\n## pathological package: unknown elements, one finding each "
          f"(fresh interpreter per run, cap {cap:g} s)")
    print(f"{'elements':>9}{'bytes':>10}  {'case':<16}{'CPU':>10}{'wall':>10}  scaling")
    results = {}
    for name, factory in (("check", warmed_check), ("read_tree", warmed_read_tree)):
        previous = None
        for count in (large // 10, large):
            path = folder / f"unknown-{count}.edxml"
            if not path.exists():
                path.write_bytes(pathological_package(count))
                if count == large // 10:
                    expect_findings(path, count)
            result = harness.run_child(Op(factory, path), timeout=cap)
            cpu = f"> {cap:g} s" if result.timed_out else harness.format_seconds(result.cpu)
            scaling = "" if previous is None or result.timed_out else (
                f"{result.cpu / previous.cpu:.1f}x the time for 10x the findings")
            print(f"{count:>9,}{path.stat().st_size:>10,}  {name:<16}{cpu:>10}"
                  f"{harness.format_seconds(result.wall):>10}  {scaling}")
            results[f"{name} {count}"] = result
            previous = result
    return results


def expect_findings(path: Path, count: int) -> None:
    """The generated package gives one EDX007 finding per unknown element: the first
    ``MAX_FINDINGS_PER_RULE`` listed with their place, the others counted in one more."""
    from vn_egov.edoc.fields import MAX_FINDINGS_PER_RULE
    from vn_egov.validation import check

    found = [issue for issue in check(path.read_bytes(), "edxml-document").issues
             if issue.rule == "EDX007"]
    listed = sum(1 for issue in found if issue.xpath)
    harness.expect(f"EDX007 findings listed in {path.name}", listed,
                   min(count, MAX_FINDINGS_PER_RULE))
    harness.expect(f"EDX007 findings counted in {path.name}", len(found) - listed,
                   int(count > MAX_FINDINGS_PER_RULE))


def run_memory(inputs: dict[str, Path]) -> None:
    """Peak RSS of each case, each in a fresh interpreter."""
    print("\n## peak RSS, one operation in a fresh interpreter (set-up: imports and input)")
    for label, path in inputs.items():
        for name, factory in (("lxml parse+XSD", lxml_xsd), ("vn_egov check", vn_check),
                              ("vn_egov read", vn_read)):
            result = harness.run_child(Op(factory, path))
            print(f"{label:<22}{name:<18}{harness.format_memory(result)}")


def print_goals(results: dict[str, harness.Comparison], slow: dict[str, harness.ChildResult],
                peer: harness.JavaPeer | None, large: int) -> None:
    """The goal rows of issue 16 that this script measures."""
    small, big = results["4 KB header-only"], results["1 MB attachment"]
    check_small = small.ratio("vn_egov check", "lxml parse+XSD")
    check_big = big.ratio("vn_egov check", "lxml parse+XSD")
    print("\n## goal rows (issue 16), CPU time, paired ratios")
    print(f"validate 4 KB vs bare lxml: {harness.format_ratio(check_small)} slower, "
          f"throughput {1 / check_small.median:.2f}x (goal: <= 3x slower, >= 0.33x)")
    if peer is not None:
        java = "Java EdXML102 (warm)"
        print(f"validate 4 KB vs warm Java parse: "
              f"{harness.format_ratio(small.ratio('vn_egov check', java))} (goal: < 1x)")
        print(f"read 4 KB vs warm Java parse: "
              f"{harness.format_ratio(small.ratio('vn_egov read', java))} (goal: <= 1x)")
        print(f"read 1 MB vs warm Java parse: "
              f"{harness.format_ratio(big.ratio('vn_egov read', java))} (no goal)")
    print(f"validate 1 MB vs bare lxml: throughput {1 / check_big.median:.2f}x "
          f"[{1 / check_big.q3:.2f}-{1 / check_big.q1:.2f}] (goal: >= 0.85x)")
    result = slow[f"check {large}"]
    value = f"> {result.cap:g} s" if result.timed_out else harness.format_seconds(result.cpu)
    print(f"validate {large:,} unknown elements: {value} CPU (goal: < 0.5 s, linear)")


def main() -> None:
    """Generate the inputs, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.add_arguments(parser, java=True)
    parser.add_argument("--profile", action="store_true",
                        help="also print cProfile listings of the vn_egov paths")
    args = parser.parse_args()
    settings = Settings.from_args(args)
    with tempfile.TemporaryDirectory() as tmp, harness.java_peer(settings, Path(tmp)) as peer:
        folder = Path(tmp)
        inputs = {"4 KB header-only": folder / "header-only.edxml",
                  "1 MB attachment": folder / "attachment-1mb.edxml"}
        inputs["4 KB header-only"].write_bytes(header_only_package())
        inputs["1 MB attachment"].write_bytes(package_with_attachment(1024 * 1024))
        harness.print_header("bench_validation.py: validate and read edXML packages", settings,
                             packages=("lxml", "pydantic"), java=peer)
        check_inputs(inputs, peer)
        results = run_comparisons(inputs, settings, peer)
        run_processes(inputs["4 KB header-only"], settings, peer)
        slow = run_pathological(folder, settings)
        run_memory(inputs)
        large = UNKNOWN_ELEMENTS // 5 if settings.quick else UNKNOWN_ELEMENTS
        print_goals(results, slow, peer, large)
        if args.profile:
            run_profiles(inputs)
    harness.print_footer()


def run_profiles(inputs: dict[str, Path]) -> None:
    """cProfile of the vn_egov paths the optimisation work starts from."""
    small, big = (str(path) for path in inputs.values())
    for title, factory, path, number in (("validate 4 KB", vn_check, small, 300),
                                         ("read 4 KB", vn_read, small, 300),
                                         ("read 1 MB", vn_read, big, 20),
                                         ("validate 1 MB", vn_check, big, 20)):
        print(harness.profile(factory(path), number=number, title=title))


if __name__ == "__main__":
    main()
