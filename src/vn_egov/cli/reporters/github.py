"""``github``: GitHub Actions workflow commands that become annotations on the files.

``::error file=in/a.edxml,line=3,col=5,title=EDX101::missing Subject``. Severity ``info``
becomes ``notice``. Values are escaped as the runner expects: in the message ``%``, CR and
LF; in properties also ``:`` and ``,``.

>>> escape_property("a,b:c%")
'a%2Cb%3Ac%25'
>>> escape_data("line 1\\nline 2")
'line 1%0Aline 2'
"""

from __future__ import annotations

from collections.abc import Sequence

from vn_egov.cli.reporters.base import FileResult, RunInfo
from vn_egov.validation import Issue, Severity

__all__ = ["GithubReporter", "escape_data", "escape_property"]

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow-command message (``%`` first, so escapes are not escaped twice)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (``file``, ``title``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """One annotation command per issue.

    >>> result = FileResult("a, b.xml", "p", "1", False, Severity.ERROR, None,
    ...                     (Issue("XSD001", Severity.WARNING, "50% done", line=2),))
    >>> print(GithubReporter().render([result], RunInfo()), end="")
    ::warning file=a%2C b.xml,line=2,title=XSD001::50%25 done
    """

    name = "github"

    def render(self, results: Sequence[FileResult], run: RunInfo) -> str:
        """Commands for every issue, in file order."""
        return "".join(self.command(result.path, issue) + "\n"
                       for result in results for issue in result.issues)

    @staticmethod
    def command(path: str, issue: Issue) -> str:
        """The workflow command for one issue; line and col only when known."""
        properties = [f"file={escape_property(path)}"]
        if issue.line is not None:
            properties.append(f"line={issue.line}")
            if issue.column is not None:
                properties.append(f"col={issue.column}")
        properties.append(f"title={escape_property(issue.rule)}")
        message = f"{issue.message} [{issue.xpath}]" if issue.xpath else issue.message
        return f"::{_COMMANDS[issue.severity]} {','.join(properties)}::{escape_data(message)}"
