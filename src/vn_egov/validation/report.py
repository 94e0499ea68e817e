"""The outcome of a validation: per-layer results, issues and provenance.

>>> from vn_egov.validation.issue import Issue, Severity
>>> layer = LayerResult("rules", LayerStatus.FAILED,
...                     (Issue("EDX101", Severity.ERROR, "missing Subject"),))
>>> report = Report("edxml-document", "1", "0.1.0", "ab" * 32, (layer,))
>>> report.valid, len(report.errors), report.counts()["error"]
(False, 1, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.result import ResultMixin

if TYPE_CHECKING:
    from vn_egov.errors import DocumentInvalid

__all__ = ["LayerResult", "LayerStatus", "Report"]


class LayerStatus(StrEnum):
    """What happened to one validation layer."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class LayerResult:
    """Result of one layer (well-formed, xsd, rules, signature)."""

    name: str
    status: LayerStatus
    issues: tuple[Issue, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"name": self.name, "status": self.status.value, "reason": self.reason,
                "issues": [issue.to_dict() for issue in self.issues]}


@dataclass(frozen=True, slots=True)
class Report(ResultMixin):
    """Everything a validation found, and what it was run with (a
    :class:`~vn_egov.validation.Result`).

    ``fail_on`` is the lowest severity that makes the document invalid (``ERROR`` by
    default; ``WARNING`` in strict mode).
    """

    profile_id: str | None
    profile_version: str | None
    library_version: str
    sha256: str | None
    layers: tuple[LayerResult, ...]
    source: str | None = None
    fail_on: Severity = Severity.ERROR
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """All issues of all layers, in layer order."""
        return tuple(issue for layer in self.layers for issue in layer.issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """Issues of severity error."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """Issues of severity warning."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    @property
    def failing(self) -> tuple[Issue, ...]:
        """Issues at or above ``fail_on``."""
        return tuple(i for i in self.issues if i.severity >= self.fail_on)

    @property
    def valid(self) -> bool:
        """True when no issue reaches ``fail_on``."""
        return not self.failing

    def invalid_error(self) -> DocumentInvalid:
        """:class:`~vn_egov.errors.DocumentInvalid` carrying this report."""
        from vn_egov.errors import DocumentInvalid

        return DocumentInvalid.from_report(self)

    def layer(self, name: str) -> LayerResult | None:
        """The result of the layer called *name*, if it was part of the profile."""
        return next((layer for layer in self.layers if layer.name == name), None)

    def rule_ids(self) -> list[str]:
        """Sorted, de-duplicated rule ids of every issue."""
        return sorted({issue.rule for issue in self.issues})

    def counts(self) -> dict[str, int]:
        """Number of issues per severity name."""
        counts = {severity.value: 0 for severity in Severity}
        for issue in self.issues:
            counts[issue.severity.value] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping of the whole report."""
        return {
            "source": self.source,
            "profile": self.profile_id,
            "profile_version": self.profile_version,
            "library_version": self.library_version,
            "sha256": self.sha256,
            "valid": self.valid,
            "fail_on": self.fail_on.value,
            "counts": self.counts(),
            "layers": [layer.to_dict() for layer in self.layers],
            "issues": [issue.to_dict() for issue in self.issues],
            **self.extra,
        }
