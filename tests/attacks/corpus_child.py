"""Run every entry point on one hostile case, in this (child) process; print what happened.

    python corpus_child.py xml|json CASE_DIR [PROBE ...]

One JSON line per probe (``probe``, ``elapsed`` and the outcome: the exception raised, the
rule ids of a report, or a command's exit code and output), flushed at once, so that the
parent knows which probe hung if it has to kill this process; a last line gives the peak
resident memory. Naming probes runs only those (a fresh process per entry point measures
that entry point's own peak). Run by ``test_hostile_corpus.py``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from vn_egov._resources import conformance_dir
from vn_egov.cli.main import cli
from vn_egov.errors import VnEgovError

XML_NAME = "case.edxml"
JSON_NAME = "case.json"


class _Ignore:
    """A stream handler that does nothing (the limits are what is tested)."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """Ignored."""

    def end(self, tag: str) -> None:
        """Ignored."""

    def data(self, text: str) -> None:
        """Ignored."""


def _raised(call: Callable[[], object]) -> dict[str, Any]:
    try:
        call()
    except VnEgovError as exc:
        return {"raised": type(exc).__name__, "message": str(exc)[:3000]}
    except Exception as exc:  # a crash: reported, the parent fails the test
        return {"crashed": f"{type(exc).__name__}: {exc}"[:3000],
                "traceback": traceback.format_exc()[-3000:]}
    return {"returned": True}


def _report(path: Path) -> dict[str, Any]:
    from vn_egov.validation import check

    try:
        report = check(path)
    except Exception as exc:
        return {"crashed": f"{type(exc).__name__}: {exc}"[:3000]}
    return {"valid": report.valid, "rules": report.rule_ids(),
            "messages": [issue.message[:3000] for issue in report.issues]}


def _invalid(path: Path) -> dict[str, Any]:
    from vn_egov.errors import DocumentInvalid
    from vn_egov.validation import validate

    try:
        validate(path)
    except DocumentInvalid as exc:
        return {"raised": "DocumentInvalid", "message": str(exc)[:3000],
                "rules": exc.report.rule_ids()}
    except Exception as exc:
        return {"crashed": f"{type(exc).__name__}: {exc}"[:3000]}
    return {"returned": True}


def _verified(path: Path) -> dict[str, Any]:
    """The verifier judges unsafe or malformed input (a finding); unreadable input raises."""
    from vn_egov.signature import Verifier

    results: list[Any] = []
    line = _raised(lambda: results.append(Verifier().verify(path)))
    if results:
        line.update(crypto=results[0].crypto.value, rules=results[0].rule_ids(),
                    messages=[issue.message[:3000] for issue in results[0].issues])
    return line


def _command(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, list(args))
    outcome: dict[str, Any] = {"exit": result.exit_code, "output": result.output[-3000:]}
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        outcome["crashed"] = f"{type(result.exception).__name__}: {result.exception}"[:3000]
    return outcome


def _xml_probes(folder: Path) -> dict[str, Callable[[], dict[str, Any]]]:
    from vn_egov.edoc import read
    from vn_egov.edoc.streaming import extract_attachments
    from vn_egov.xml import parse
    from vn_egov.xml.streaming import stream_parse

    path = folder / XML_NAME
    out = folder / "out"
    trust = str(conformance_dir() / "pki" / "root-ca.pem")
    return {
        "parse": lambda: _raised(lambda: parse(path)),
        "check": lambda: _report(path),
        "validate": lambda: _invalid(path),
        "read": lambda: _raised(lambda: read(path)),
        "stream_parse": lambda: _raised(lambda: stream_parse(path, _Ignore())),
        "extract_attachments": lambda: _raised(lambda: extract_attachments(path, out / "api")),
        "Verifier.verify": lambda: _verified(path),
        "cli validate": lambda: _command("validate", str(path)),
        "cli inspect": lambda: _command("inspect", str(path)),
        "cli status": lambda: _command("status", str(path), "--code", "03", "-o",
                                       str(out / "status.edxml")),
        "cli extract": lambda: _command("extract", str(path), "-d", str(out / "cli")),
        "cli verify": lambda: _command("verify", str(path), "--trust", trust),
        "cli conformance run": lambda: _command("conformance", "run", "--corpus",
                                                str(folder)),
    }


def _json_probes(folder: Path) -> dict[str, Callable[[], dict[str, Any]]]:
    from vn_egov.conformance.manifest import load_manifest
    from vn_egov.conformance.producer import load_input
    from vn_egov.safejson import load_json

    path = folder / JSON_NAME
    out = folder / "out"
    return {
        "load_json": lambda: _raised(lambda: load_json(path)),
        "load_manifest": lambda: _raised(lambda: load_manifest(folder)),
        "producer load_input": lambda: _raised(lambda: load_input(path)),
        "cli build": lambda: _command("build", str(path), "-o", str(out / "built.edxml")),
        "cli services import": lambda: _command("services", "import", str(path), "--id", "x",
                                                "--title", "t", "--publisher", "p"),
        "cli services report": lambda: _command("services", "report", str(path)),
        "cli services export": lambda: _command("services", "export", str(path)),
        "cli conformance list": lambda: _command("conformance", "list", "--corpus",
                                                 str(folder)),
    }


def main(argv: list[str]) -> int:
    """Run the probes of *argv* ``[kind, folder, probe...]`` and print one line each."""
    kind, folder, only = argv[0], Path(argv[1]), argv[2:]
    (folder / "out").mkdir(exist_ok=True)
    probes = _xml_probes(folder) if kind == "xml" else _json_probes(folder)
    for name, probe in probes.items():
        if only and name not in only:
            continue
        start = time.perf_counter()
        outcome = probe()
        outcome.update(probe=name, elapsed=round(time.perf_counter() - start, 3))
        print(json.dumps(outcome), flush=True)
    print(json.dumps({"probe": "_end", "peak_rss_mb": round(peak_rss_mb(), 1)}), flush=True)
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB since it started.

    ``VmHWM`` belongs to the memory of this program only; ``getrusage``'s ``ru_maxrss`` would
    also count the test runner this process was forked from (Linux keeps the larger value
    across ``execve``).
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
