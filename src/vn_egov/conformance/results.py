"""Results of a conformance run: one :class:`CaseResult` per case, gathered in a
:class:`RunResult` that the reporters render.

>>> result = CaseResult(case_id="c-1", title="t", type="edxml", spec="QCVN 102", status="fail",
...                     expected={"valid": True}, actual={"valid": False},
...                     diffs=("valid: expected True, got False",))
>>> run = RunResult(mode="library", target="vn_egov 0", corpus_version="1.0.0",
...                 results=(result,))
>>> run.counts, run.passed
({'total': 1, 'pass': 0, 'fail': 1, 'error': 0, 'skip': 0}, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from vn_egov.i18n import tr

__all__ = ["CaseResult", "RunResult", "Status", "diff_outcome"]

Status = Literal["pass", "fail", "error", "skip"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "error", "skip")


@dataclass(frozen=True)
class CaseResult:
    """The verdict on one case: what was expected, what was seen, and how they differ.

    ``status`` is ``pass``, ``fail`` (a difference), ``error`` (the case could not be run:
    timeout, crash, missing output) or ``skip`` (not applicable to this check).
    """

    case_id: str
    title: str
    type: str
    spec: str
    status: Status
    expected: dict[str, Any] = field(default_factory=dict)
    actual: dict[str, Any] = field(default_factory=dict)
    diffs: tuple[str, ...] = ()
    message: str | None = None
    command: tuple[str, ...] = ()
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form.

        >>> CaseResult(case_id="a", title="t", type="edxml", spec="s",
        ...            status="pass").to_dict()["status"]
        'pass'
        """
        return {"id": self.case_id, "title": self.title, "type": self.type, "spec": self.spec,
                "status": self.status, "expected": self.expected, "actual": self.actual,
                "diffs": list(self.diffs), "message": self.message,
                "command": list(self.command) or None, "exit_code": self.exit_code,
                "stdout": self.stdout or None, "stderr": self.stderr or None,
                "duration": round(self.duration, 4)}


@dataclass(frozen=True)
class RunResult:
    """A whole run: the mode (``library``, ``consumer``, ``producer``), what was tested, and
    the case results in manifest order."""

    mode: str
    target: str
    corpus_version: str
    results: tuple[CaseResult, ...]
    library_version: str = ""

    @property
    def counts(self) -> dict[str, int]:
        """Number of cases per status, plus ``total``."""
        counts = {"total": len(self.results)}
        counts.update({s: sum(r.status == s for r in self.results) for s in STATUSES})
        return counts

    @property
    def passed(self) -> bool:
        """True when no case failed or errored (skipped cases do not count)."""
        return not any(r.status in ("fail", "error") for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``--format json`` output, ``format`` version 1)."""
        return {"format": "vn-egov-conformance-result", "format_version": 1,
                "mode": self.mode, "target": self.target,
                "corpus_version": self.corpus_version,
                "library_version": self.library_version, "passed": self.passed,
                "counts": self.counts, "cases": [r.to_dict() for r in self.results]}


def diff_outcome(expected: dict[str, Any], actual: dict[str, Any]) -> tuple[str, ...]:
    """Differences between an expected and an actual outcome (verdicts, rule sets, fields).

    >>> diff_outcome({"valid": True, "rules": ["EDX501"]},
    ...              {"valid": True, "rules": ["EDX108", "EDX501"]})
    ('rules: unexpected EDX108',)
    """
    from vn_egov.conformance.keyfields import compare

    diffs: list[str] = []
    for key in ("valid", "readable"):
        if key in expected and expected[key] != actual.get(key):
            diffs.append(tr("{path}: expected {expected}, got {actual}", path=key,
                            expected=expected[key], actual=actual.get(key)))
    if "rules" in expected:
        want, got = set(expected["rules"]), set(actual.get("rules") or ())
        if missing := sorted(want - got):
            diffs.append(tr("rules: missing {rules}", rules=", ".join(missing)))
        if extra := sorted(got - want):
            diffs.append(tr("rules: unexpected {rules}", rules=", ".join(extra)))
    if expected.get("fields"):
        diffs += compare(expected["fields"], actual.get("fields") or {}, "fields")
    return tuple(diffs)
