"""What every reporter shares: the run description, the interface and the summary line.

>>> from vn_egov.validation import Issue, Severity
>>> bad = FileResult("a.xml", "p", "1", False, Severity.ERROR, None,
...                  (Issue("XSD001", Severity.ERROR, "schema: oops"),
...                   Issue("EDX009", Severity.INFO, "extension")))
>>> good = FileResult("b.xml", "p", "1", True, Severity.ERROR, None, ())
>>> summary_line([bad, good])
'2 files, 1 invalid: 1 error, 1 info'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from vn_egov._version import __version__
from vn_egov.cli.batch import FileResult
from vn_egov.i18n import N_, tr, translate
from vn_egov.validation import Rule, Severity

__all__ = ["TOOL_NAME", "FileResult", "RunInfo", "plural", "summary_line", "totals"]

TOOL_NAME = "vn-egov"


@dataclass(frozen=True)
class RunInfo:
    """Facts about the run that reporters print besides the results.

    >>> RunInfo().tool_version == __version__
    True
    """

    fail_on: Severity = Severity.ERROR
    tool_version: str = __version__
    rules: Sequence[Rule] = field(default_factory=tuple)


class Reporter(Protocol):
    """Renders the results of one run as the text of one output format."""

    name: str

    def render(self, results: Sequence[FileResult], run: RunInfo) -> str:
        """The whole output, ending with a newline when not empty."""
        ...  # pragma: no cover


def totals(results: Sequence[FileResult]) -> dict[str, int]:
    """Files, valid, invalid and issue counts per severity over all *results*.

    >>> totals([])
    {'files': 0, 'valid': 0, 'invalid': 0, 'error': 0, 'warning': 0, 'info': 0}
    """
    counts = {"files": len(results), "valid": sum(r.valid for r in results),
              "invalid": sum(not r.valid for r in results), "error": 0, "warning": 0, "info": 0}
    for result in results:
        for severity, count in result.counts().items():
            counts[severity] += count
    return counts


_COUNTED: dict[str, tuple[str, str]] = {
    "file": (N_("{count} file"), N_("{count} files")),
    "error": (N_("{count} error"), N_("{count} errors")),
    "warning": (N_("{count} warning"), N_("{count} warnings")),
    "info": (N_("{count} info"), N_("{count} infos")),
}


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``, in the current language ("info" counts take an s too).

    >>> plural(1, "file"), plural(3, "warning"), plural(2, "info")
    ('1 file', '3 warnings', '2 infos')
    """
    singular, several = _COUNTED[word]
    return translate(singular if count == 1 else several, None, count=count)


def summary_line(results: Sequence[FileResult]) -> str:
    """``N files, M invalid: X errors, Y warnings`` (zero counts left out).

    >>> from vn_egov.i18n import language
    >>> with language("vi"):
    ...     summary_line([])
    '0 tệp, 0 không hợp lệ: không có phát hiện nào'
    """
    counts = totals(results)
    found = [plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
    return tr("{files}, {invalid} invalid: {found}", files=plural(counts["files"], "file"),
              invalid=counts["invalid"], found=", ".join(found) if found else tr("no issues"))
