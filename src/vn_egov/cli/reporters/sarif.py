"""``sarif``: SARIF 2.1.0 for code-scanning services (e.g. GitHub code scanning).

Every registered rule is described in ``tool.driver.rules`` (id, short and full
description, help text, default level, spec reference); every issue becomes a result
located by ``artifactLocation.uri`` (relative paths against ``%SRCROOT%``) and, when known,
``region.startLine``/``startColumn``; the XPath is given as a logical location.

>>> from vn_egov.validation import Issue, Rule, Severity
>>> rule = Rule("XSD001", Severity.ERROR, "Schema violation", "compare with the XSD")
>>> result = FileResult("in/a b.xml", "p", "1", False, Severity.ERROR, None,
...                     (Issue("XSD001", Severity.ERROR, "schema: bad", line=4, column=2),))
>>> log = SarifReporter().log([result], RunInfo(rules=[rule]))
>>> found = log["runs"][0]["results"][0]
>>> found["level"], found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
('error', 'in/a%20b.xml')
>>> found["locations"][0]["physicalLocation"]["region"]
{'startLine': 4, 'startColumn': 2}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from vn_egov.cli.reporters.base import TOOL_NAME, FileResult, RunInfo
from vn_egov.i18n import tr, translate
from vn_egov.validation import Issue, Rule, Severity

__all__ = []

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_level(severity: Severity) -> str:
    """SARIF ``level`` of a severity (``info`` is ``note``).

    >>> sarif_level(Severity.INFO)
    'note'
    """
    return _LEVELS[severity]


def artifact_uri(path: str) -> dict[str, str]:
    """``artifactLocation`` for *path*: a percent-encoded relative reference, or a file URI.

    >>> artifact_uri("/srv/in/Hải Phòng.xml")
    {'uri': 'file:///srv/in/H%E1%BA%A3i%20Ph%C3%B2ng.xml'}
    >>> artifact_uri("in/a.xml")
    {'uri': 'in/a.xml', 'uriBaseId': '%SRCROOT%'}
    """
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": "file://" + quote(pure.as_posix())}
    return {"uri": quote(pure.as_posix()), "uriBaseId": "%SRCROOT%"}


class SarifReporter:
    """A SARIF log with one run."""

    name = "sarif"

    def render(self, results: Sequence[FileResult], run: RunInfo) -> str:
        """The log as indented UTF-8 JSON with a trailing newline."""
        return json.dumps(self.log(results, run), ensure_ascii=False, indent=2) + "\n"

    def log(self, results: Sequence[FileResult], run: RunInfo) -> dict[str, Any]:
        """The SARIF log as Python data."""
        rules = sorted(run.rules, key=lambda rule: rule.id)
        index = {rule.id: position for position, rule in enumerate(rules)}
        driver = {"name": TOOL_NAME, "version": run.tool_version,
                  "semanticVersion": run.tool_version,
                  "rules": [self._descriptor(rule) for rule in rules]}
        return {
            "$schema": SARIF_SCHEMA_URI,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [self._result(result, issue, index)
                            for result in results for issue in result.issues],
            }],
        }

    @staticmethod
    def _descriptor(rule: Rule) -> dict[str, Any]:
        title = translate(rule.title)
        full = title + (tr(" (reference: {reference})", reference=rule.reference)
                        if rule.reference else "")
        help_text = translate(rule.hint) if rule.hint else title
        descriptor: dict[str, Any] = {
            "id": rule.id,
            "shortDescription": {"text": title},
            "fullDescription": {"text": full},
            "help": {"text": help_text},
            "defaultConfiguration": {"level": sarif_level(rule.severity)},
            "properties": {"layer": rule.layer, "profiles": list(rule.profiles),
                           "reference": rule.reference},
        }
        return descriptor

    @staticmethod
    def _result(result: FileResult, issue: Issue, index: dict[str, int]) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": artifact_uri(result.path)}
        if issue.line is not None and issue.line >= 1:
            region = {"startLine": issue.line}
            if issue.column is not None and issue.column >= 1:
                region["startColumn"] = issue.column
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        if issue.xpath:
            location["logicalLocations"] = [{"fullyQualifiedName": issue.xpath,
                                             "kind": "element"}]
        text = issue.message + (tr(" (hint: {hint})", hint=issue.hint) if issue.hint else "")
        found: dict[str, Any] = {"ruleId": issue.rule, "level": sarif_level(issue.severity),
                                 "message": {"text": text}, "locations": [location],
                                 "properties": {"profile": result.profile, "layer": issue.layer}}
        if issue.rule in index:
            found["ruleIndex"] = index[issue.rule]
        return found
