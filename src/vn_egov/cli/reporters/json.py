"""``json``: a documented, versioned document (``schemas/output/validate-report.schema.json``).

Changes that remove or retype a field raise the major part of :data:`FORMAT_VERSION`;
new optional fields raise the minor part.

>>> import json as json_module
>>> data = json_module.loads(JsonReporter().render([], RunInfo(tool_version="0.1.0")))
>>> data["format_version"], data["tool"], data["totals"]["files"]
('1.0', {'name': 'vn-egov', 'version': '0.1.0'}, 0)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from vn_egov.cli.reporters.base import TOOL_NAME, FileResult, RunInfo, totals

__all__ = ["SCHEMA_RELATIVE_PATH", "JsonReporter"]

FORMAT_VERSION = "1.0"
#: Where the JSON Schema of this format lives, for ``vn_egov._resources.schema_path``.
SCHEMA_RELATIVE_PATH = "output/validate-report.schema.json"


class JsonReporter:
    """Machine-readable results; Vietnamese text is written as UTF-8, not escaped."""

    name = "json"

    def document(self, results: Sequence[FileResult], run: RunInfo) -> dict[str, Any]:
        """The JSON document as Python data."""
        return {
            "format_version": FORMAT_VERSION,
            "tool": {"name": TOOL_NAME, "version": run.tool_version},
            "fail_on": run.fail_on.value,
            "valid": all(result.valid for result in results),
            "totals": totals(results),
            "files": [result.to_dict() for result in results],
        }

    def render(self, results: Sequence[FileResult], run: RunInfo) -> str:
        """Indented UTF-8 JSON with a trailing newline."""
        return json.dumps(self.document(results, run), ensure_ascii=False, indent=2) + "\n"
