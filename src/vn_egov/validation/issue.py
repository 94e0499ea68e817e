"""Findings: :class:`Severity` and :class:`Issue`.

>>> issue = Issue(rule="EDX101", severity=Severity.ERROR, message="missing Subject",
...               xpath="/edXML/edXML:edXMLEnvelope", line=3, column=5)
>>> issue.format("in.edxml")
'in.edxml:3:5: error EDX101 missing Subject [/edXML/edXML:edXMLEnvelope]'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from vn_egov.i18n import tr

__all__ = ["Issue", "Severity"]


class Severity(StrEnum):
    """How serious a finding is. Ordered: ``INFO < WARNING < ERROR``.

    >>> Severity.WARNING >= Severity.INFO, Severity.parse("Error")
    (True, <Severity.ERROR: 'error'>)
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANKS[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a severity name case-insensitively; raises ``ValueError`` with the choices."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(tr("unknown severity {value!r}; choose one of {choices}",
                                value=text, choices=choices)) from None

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding, located as precisely as the input allows."""

    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    xpath: str | None = None
    line: int | None = None
    column: int | None = None
    layer: str = "rules"

    def with_severity(self, severity: Severity) -> Issue:
        """A copy with another severity (used by severity overrides)."""
        return replace(self, severity=severity)

    def format(self, source: str | None = None) -> str:
        """``path:line:col: severity RULE message [xpath]``, omitting unknown parts."""
        where = ":".join(str(p) for p in (source, self.line, self.column) if p is not None)
        text = f"{self.severity.value} {self.rule} {self.message}"
        if self.xpath:
            text += f" [{self.xpath}]"
        return f"{where}: {text}" if where else text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (severity as its string value)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Issue:
        """Inverse of :meth:`to_dict`.

        >>> issue = Issue("EDX101", Severity.ERROR, "missing", line=3)
        >>> Issue.from_dict(issue.to_dict()) == issue
        True
        """
        return cls(**{**data, "severity": Severity(data["severity"])})
