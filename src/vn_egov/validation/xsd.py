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
from vn_egov.xml import parse

__all__ = ["XsdLayer", "load_schema"]

_CLARK = re.compile(r"\{[^}]*\}")


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
            return []
        issues = []
        for entry in schema.error_log:
            message = _CLARK.sub("", entry.message)
            issues.append(context.issue(self.rule, f"schema: {message}",
                                        xpath=entry.path or None, line=entry.line or None,
                                        column=entry.column or None))
        return issues
