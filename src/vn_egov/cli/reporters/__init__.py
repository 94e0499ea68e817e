"""One reporter per output format of ``vn-egov validate``.

>>> sorted(REPORTERS)
['github', 'json', 'junit', 'sarif', 'text']
>>> get_reporter("sarif").name
'sarif'
"""

from __future__ import annotations

from vn_egov.cli.reporters.base import FileResult, Reporter, RunInfo, summary_line, totals
from vn_egov.cli.reporters.github import GithubReporter
from vn_egov.cli.reporters.json import JsonReporter
from vn_egov.cli.reporters.junit import JunitReporter
from vn_egov.cli.reporters.sarif import SarifReporter
from vn_egov.cli.reporters.text import TextReporter

__all__ = ["FileResult", "Reporter", "RunInfo", "get_reporter", "summary_line", "totals"]

REPORTERS: dict[str, Reporter] = {reporter.name: reporter for reporter in (
    TextReporter(), JsonReporter(), JunitReporter(), SarifReporter(), GithubReporter())}


def get_reporter(name: str) -> Reporter:
    """The reporter for format *name*; ``KeyError`` lists the known formats."""
    try:
        return REPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}; known: {', '.join(sorted(REPORTERS))}") \
            from None
