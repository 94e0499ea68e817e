"""``text``: one ``path:line:col: severity RULE-ID message [xpath]`` line per issue.

Unknown parts (line, column, XPath) are left out. The summary line is printed separately
on standard error by the command, so standard output holds findings only.

>>> from vn_egov.validation import Issue, Severity
>>> result = FileResult("in/a.edxml", "p", "1", False, Severity.ERROR, None,
...                     (Issue("EDX101", Severity.ERROR, "missing Subject",
...                            xpath="/edXML:edXML", line=3, column=5),))
>>> print(TextReporter().render([result], RunInfo()), end="")
in/a.edxml:3:5: error EDX101 missing Subject [/edXML:edXML]
"""

from __future__ import annotations

from collections.abc import Sequence

from vn_egov.cli.reporters.base import FileResult, RunInfo

__all__ = []


class TextReporter:
    """Line-oriented output for people and for ``grep``."""

    name = "text"

    def render(self, results: Sequence[FileResult], run: RunInfo) -> str:
        """One line per issue, files in the given order, issues in layer order."""
        return "".join(f"{issue.format(result.path)}\n"
                       for result in results for issue in result.issues)
