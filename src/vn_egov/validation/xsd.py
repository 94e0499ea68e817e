"""The XML Schema layer, backed by lxml (libxml2, XSD 1.0).

>>> layer = XsdLayer("w3c/xmldsig-core-schema.xsd")
>>> layer.name
'xsd'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from lxml import etree

from vn_egov._resources import schema_path
from vn_egov.errors import SchemaError, VnEgovError
from vn_egov.validation.issue import Issue
from vn_egov.validation.profile import ValidationContext
from vn_egov.xml import local_name, parse

__all__ = ["XSD_VALID", "XsdLayer", "load_schema"]

#: ``context.cache`` key set (to the schema path) when the XSD layer found no violation.
XSD_VALID = "xsd.valid"

_CLARK = re.compile(r"\{[^}]*\}")
_ELEMENT = re.compile(r"^Element '([^']+)'")


@cache
def load_schema(relative: str) -> etree.XMLSchema:
    """Compile a shipped XSD once per process; :class:`SchemaError` says why it failed."""
    path = schema_path(relative)
    try:
        parsed = parse(path)
        return etree.XMLSchema(etree.ElementTree(parsed.root), attribute_defaults=False)
    except (etree.XMLSchemaParseError, VnEgovError) as exc:
        raise SchemaError(f"cannot load schema {relative}: {exc}", source=str(path)) from exc


class XsdLayer:
    """Validate the parsed tree against one shipped schema and report ``XSD001`` issues."""

    def __init__(self, relative_path: str, *, name: str = "xsd", rule: str = "XSD001") -> None:
        self.name = name
        self.relative_path = relative_path
        self.rule = rule

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        """Return one issue per schema violation, with line, column and path."""
        schema = load_schema(self.relative_path)
        if schema.validate(context.parsed.tree):
            # Later layers may rely on what the schema guarantees (e.g. base64 lexical form).
            context.cache[XSD_VALID] = self.relative_path
            return []
        locate = _Locator(context)
        issues = []
        for entry in schema.error_log:
            message = _CLARK.sub("", entry.message)
            element = locate(entry.line, entry.message)
            if element is not None:
                issues.append(context.issue(self.rule, f"schema: {message}", element=element))
            else:
                issues.append(context.issue(self.rule, f"schema: {message}",
                                            xpath=entry.path or None, line=entry.line or None,
                                            column=entry.column or None))
        return issues


class _Locator:
    """Finds the element a libxml2 schema message is about, for a readable path and column.

    libxml2 reports paths like ``/*/*[2]/*``; the message names the element (``Element
    '{ns}Name'``) and the entry gives its line, which together identify it.
    """

    def __init__(self, context: ValidationContext) -> None:
        self.root = context.parsed.root
        self.by_line: dict[int, list[etree._Element]] | None = None

    def __call__(self, line: int, message: str) -> etree._Element | None:
        match = _ELEMENT.match(message)
        if not match or not line:
            return None
        if self.by_line is None:
            self.by_line = {}
            for element in self.root.iter():
                if isinstance(element.tag, str) and isinstance(element.sourceline, int):
                    self.by_line.setdefault(element.sourceline, []).append(element)
        tag = match.group(1)
        local = tag.rpartition("}")[2]
        candidates = [e for e in self.by_line.get(line, [])
                      if e.tag == tag or (not tag.startswith("{") and local_name(e) == local)]
        return candidates[0] if len(candidates) == 1 else None
