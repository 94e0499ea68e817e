"""Running the corpus: against the installed library, a consumer command, a producer command.

>>> from vn_egov.conformance.manifest import load_manifest
>>> manifest = load_manifest()
>>> run = run_library(manifest, ids=("doc-new-basic", "code-agency-01"))
>>> [(r.case_id, r.status) for r in run.results]
[('doc-new-basic', 'pass'), ('code-agency-01', 'pass')]
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from vn_egov._version import __version__
from vn_egov.conformance.evaluate import Outcome, evaluate, evaluate_edxml_file
from vn_egov.conformance.external import CommandRun, CommandTemplate, run_command
from vn_egov.conformance.manifest import Case, Manifest
from vn_egov.conformance.results import CaseResult, RunResult, Status, diff_outcome
from vn_egov.errors import VnEgovError
from vn_egov.i18n import tr
from vn_egov.safejson import load_json

__all__ = ["judge", "run_consumer", "run_library", "run_producer"]

Expectation = Literal["valid", "readable"]
Progress = Callable[[CaseResult], None]
DEFAULT_TIMEOUT = 30.0


def expected_dict(case: Case) -> dict[str, Any]:
    """The case's expectation as a plain dict (``readable`` only for edXML cases).

    >>> from vn_egov.conformance.manifest import load_manifest
    >>> expected_dict(load_manifest().case("code-agency-05"))
    {'valid': False, 'rules': [], 'fields': {'error': 'InvalidFormat'}}
    """
    data: dict[str, Any] = {"valid": case.expected.valid}
    if case.expected.readable is not None:
        data["readable"] = case.expected.readable
    data["rules"] = list(case.expected.rules)
    data["fields"] = case.expected.fields
    return data


def judge(case: Case, outcome: Outcome, started: float) -> CaseResult:
    """Compare a library :class:`Outcome` with the case's expectation."""
    expected = expected_dict(case)
    actual = outcome.to_dict()
    diffs = diff_outcome(expected, actual)
    return CaseResult(case_id=case.id, title=case.title, type=case.type, spec=case.spec,
                      status="fail" if diffs else "pass", expected=expected, actual=actual,
                      diffs=diffs, duration=time.perf_counter() - started)


def _no_answer(timeout: float) -> str:
    return tr("no answer within {seconds:g} s", seconds=timeout)


def _notify(results: list[CaseResult], result: CaseResult, progress: Progress | None) -> None:
    results.append(result)
    if progress is not None:
        progress(result)


def run_library(manifest: Manifest, *, ids: tuple[str, ...] = (),
                types: tuple[str, ...] = (), progress: Progress | None = None) -> RunResult:
    """Self-test: every selected case through the installed library."""
    results: list[CaseResult] = []
    for case in manifest.select(ids, types):
        started = time.perf_counter()
        try:
            result = judge(case, evaluate(manifest, case), started)
        except VnEgovError as exc:
            result = CaseResult(case_id=case.id, title=case.title, type=case.type,
                                spec=case.spec, status="error", expected=expected_dict(case),
                                message=str(exc), duration=time.perf_counter() - started)
        _notify(results, result, progress)
    return RunResult("library", f"vn_egov {__version__}", manifest.corpus_version,
                     tuple(results), __version__)


# -- consumer ----------------------------------------------------------------------------------

def consumer_case_type(template: CommandTemplate) -> str:
    """Which case type a consumer command is for, from its placeholders.

    ``{value}`` → codes, ``{trust}`` → signatures, otherwise ``{file}`` → edXML packages.

    >>> consumer_case_type(CommandTemplate("verify --trust {trust} {file}"))
    'signature'
    """
    if "value" in template.placeholders:
        return "unit-code"
    if "trust" in template.placeholders:
        template.require("file")
        return "signature"
    template.require("file")
    return "edxml"


def _values(manifest: Manifest, case: Case) -> dict[str, str]:
    values = {"id": case.id, "kind": case.kind or "", "profile": case.profile or "",
              "system": case.code_system or "", "value": case.value or ""}
    if case.input is not None:
        values["file"] = str(manifest.path(case.input))
    if case.signature is not None:
        values["trust"] = ",".join(str(manifest.path(n)) for n in case.signature.trust)
        values["intermediates"] = ",".join(str(manifest.path(n))
                                           for n in case.signature.intermediates)
        values["at"] = case.signature.at.isoformat()
    return values


def _json_object(text: str) -> dict[str, Any] | None:
    """The JSON object a command printed, or ``None`` (its output is untrusted: limits)."""
    try:
        data = load_json(text)
    except VnEgovError:
        return None
    return data if isinstance(data, dict) else None


def _command_result(case: Case, run: CommandRun, status: Status, expected: dict[str, Any],  # noqa: PLR0917
                    actual: dict[str, Any], diffs: tuple[str, ...],
                    message: str | None = None) -> CaseResult:
    return CaseResult(case_id=case.id, title=case.title, type=case.type, spec=case.spec,
                      status=status, expected=expected, actual=actual, diffs=diffs,
                      message=message, command=run.argv, exit_code=run.exit_code,
                      stdout=run.stdout, stderr=run.stderr, duration=run.duration)


def _consumer_case(manifest: Manifest, case: Case, template: CommandTemplate,
                   expect: Expectation, timeout: float) -> CaseResult:
    run = run_command(template.render(_values(manifest, case)), timeout)
    verdict_key = expect if case.type == "edxml" else "valid"
    want = bool(case.expected.readable if verdict_key == "readable" else case.expected.valid)
    expected: dict[str, Any] = {verdict_key: want}
    if run.timed_out:
        return _command_result(case, run, "error", expected, {}, (), _no_answer(timeout))
    got = run.exit_code == 0
    actual: dict[str, Any] = {verdict_key: got, "exit_code": run.exit_code}
    diffs: list[str] = []
    if got != want:
        diffs.append(tr("{path}: expected {expected} (exit status {status}), got exit status "
                        "{code}", path=verdict_key, expected=want,
                        status="0" if want else tr("non-zero"), code=run.exit_code))
    printed = _json_object(run.stdout)
    fields = case.expected.fields
    if want and got and printed is not None and fields:
        from vn_egov.conformance.keyfields import compare

        if case.type == "edxml":
            wanted = fields if "kind" in printed else {}
        else:
            wanted = {key: value for key, value in fields.items() if key in printed}
        if wanted:
            expected["fields"] = wanted
            actual["fields"] = {key: printed.get(key) for key in wanted}
            diffs += compare(wanted, printed, "fields")
    return _command_result(case, run, "fail" if diffs else "pass", expected, actual,
                           tuple(diffs))


def run_consumer(manifest: Manifest, command: str, *, expect: Expectation = "valid",
                 timeout: float = DEFAULT_TIMEOUT, ids: tuple[str, ...] = (),
                 case_type: str | None = None, progress: Progress | None = None) -> RunResult:
    """Feed each case to a consumer command and judge its verdict (exit status 0 = valid) and,
    when it prints an inspect-format JSON object, the key fields.

    *expect* chooses the verdict for edXML cases: ``valid`` (a validator) or ``readable`` (a
    tolerant parser). The case type comes from the command's placeholders unless given.
    """
    template = CommandTemplate(command)
    chosen = case_type or consumer_case_type(template)
    results: list[CaseResult] = []
    for case in manifest.select(ids, (chosen,)):
        _notify(results, _consumer_case(manifest, case, template, expect, timeout), progress)
    return RunResult(f"consumer ({chosen}, expect {expect})", command,
                     manifest.corpus_version, tuple(results), __version__)


# -- producer ----------------------------------------------------------------------------------

def _producer_case(manifest: Manifest, case: Case, template: CommandTemplate, timeout: float,
                   scratch: Path) -> CaseResult:
    assert case.producer_input is not None  # selected on it
    output = scratch / f"{case.id}.edxml"
    values = {**_values(manifest, case), "input": str(manifest.path(case.producer_input)),
              "output": str(output)}
    run = run_command(template.render(values), timeout)
    expected: dict[str, Any] = {"valid": True, "fields": case.expected.fields}
    if run.timed_out:
        return _command_result(case, run, "error", expected, {}, (), _no_answer(timeout))
    if run.exit_code != 0 or not output.is_file():
        reason = (tr("output: exit status {code}", code=run.exit_code) if run.exit_code != 0
                  else tr("output: exit status 0 but no output file was written"))
        return _command_result(case, run, "fail", expected, {"exit_code": run.exit_code},
                               (reason,))
    outcome = evaluate_edxml_file(output, case.profile, case.settings)
    actual = {"valid": outcome.valid, "rules": list(outcome.rules), "fields": outcome.fields}
    diffs = diff_outcome(expected, actual)
    return _command_result(case, run, "fail" if diffs else "pass", expected, actual, diffs)


def run_producer(manifest: Manifest, command: str, *, timeout: float = DEFAULT_TIMEOUT,
                 ids: tuple[str, ...] = (), progress: Progress | None = None,
                 keep: Path | None = None) -> RunResult:
    """Give a producer command each case's input description and validate what it writes.

    Outputs go to a temporary folder, or to *keep* when given (to inspect them afterwards).
    """
    template = CommandTemplate(command)
    template.require("input", "output")
    cases: Iterable[Case] = (c for c in manifest.select(ids, ("edxml",))
                             if c.producer_input is not None)
    results: list[CaseResult] = []
    with tempfile.TemporaryDirectory(prefix="vn-egov-producer-") as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for case in cases:
            _notify(results, _producer_case(manifest, case, template, timeout, folder),
                    progress)
    return RunResult("producer", command, manifest.corpus_version, tuple(results), __version__)
