"""``junit``: JUnit XML, one ``testcase`` per file and one ``failure`` per failing issue.

Failing issues are those at or above the failing severity (errors by default, warnings too
with ``--strict``); the others are listed in the test case's ``system-out``. The
``failures`` attributes count ``failure`` elements. Output is deterministic: no timestamps,
host names or durations.

>>> from vn_egov.validation import Issue, Severity
>>> result = FileResult("a.xml", "p", "1", False, Severity.ERROR, None,
...                     (Issue("XSD001", Severity.ERROR, "schema: bad", line=4),))
>>> print(JunitReporter().render([result], RunInfo()), end="")
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="vn-egov validate" tests="1" failures="1" errors="0">
  <testsuite name="vn-egov validate" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="vn-egov.p" name="a.xml" file="a.xml">
      <failure type="XSD001" message="schema: bad">a.xml:4: error XSD001 schema: bad</failure>
    </testcase>
  </testsuite>
</testsuites>
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from vn_egov.cli.reporters.base import TOOL_NAME, FileResult, RunInfo
from vn_egov.i18n import tr
from vn_egov.xml.text import xml_safe

__all__ = ["JunitReporter"]

_SUITE = f"{TOOL_NAME} validate"
# Characters XML 1.0 cannot carry at all; shown as \\xNN instead of breaking the report.


class JunitReporter:
    """For CI servers that show test reports (Jenkins, GitLab, Azure, ...)."""

    name = "junit"

    def render(self, results: Sequence[FileResult], run: RunInfo) -> str:
        """The XML document as text, with an XML declaration."""
        failures = str(sum(len(result.failing) for result in results))
        counts = [("name", _SUITE), ("tests", str(len(results))), ("failures", failures),
                  ("errors", "0")]
        root = etree.Element("testsuites")
        suite = etree.SubElement(root, "testsuite")
        for element, attributes in ((root, counts), (suite, [*counts, ("skipped", "0")])):
            for key, value in attributes:
                element.set(key, value)
        for result in results:
            suite.append(self._testcase(result))
        body = etree.tostring(root, encoding="unicode", pretty_print=True)
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'

    @staticmethod
    def _testcase(result: FileResult) -> etree._Element:
        case = etree.Element("testcase", classname=f"{TOOL_NAME}.{result.profile or 'unknown'}",
                             name=xml_safe(result.path), file=xml_safe(result.path))
        for issue in result.failing:
            failure = etree.SubElement(case, "failure", type=issue.rule,
                                       message=xml_safe(issue.message))
            text = issue.format(result.path)
            if issue.hint:
                text += "\n" + tr("hint: {hint}", hint=issue.hint)
            failure.text = xml_safe(text)
        others = [issue for issue in result.issues if issue.severity < result.fail_on]
        if others:
            out = etree.SubElement(case, "system-out")
            out.text = "".join(xml_safe(issue.format(result.path)) + "\n" for issue in others)
        return case
