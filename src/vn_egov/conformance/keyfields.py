"""Key fields: the part of the inspect JSON a conforming parser or producer must agree on.

>>> summary = {"kind": "status", "status_code": "03", "from": {"organ_id": "000.00.05.H99",
...            "organ_name": None}, "description": "Đã tiếp nhận", "issues": []}
>>> key_fields(summary)["from"]
{'organ_id': '000.00.05.H99'}
>>> compare({"status_code": "03"}, {"status_code": "02"})
["status_code: expected '03', got '02'"]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from vn_egov.i18n import tr

__all__ = ["DOCUMENT_KEYS", "STATUS_KEYS", "compare", "key_fields"]

#: For a document: the summary keys kept, and for nested objects the sub-keys kept.
DOCUMENT_KEYS: Final[dict[str, tuple[str, ...] | None]] = {
    "kind": None,
    "from": ("organ_id",),
    "to": ("organ_id",),
    "code": ("number", "notation"),
    "promulgation_date": None,
    "subject": None,
    "document_id": None,
    "steering_type": None,
    "business": ("doc_type",),
    "attachments": ("name", "content_type", "size", "sha256"),
}
#: For a status package.
STATUS_KEYS: Final[dict[str, tuple[str, ...] | None]] = {
    "kind": None,
    "from": ("organ_id",),
    "response_for": ("organ_id", "code", "document_id"),
    "status_code": None,
    "description": None,
    "timestamp": None,
}

_MISSING: Final = object()


def _project(value: Any, keys: tuple[str, ...] | None) -> Any:
    if keys is None:
        return value
    if isinstance(value, list):
        return [_project(item, keys) for item in value]
    if isinstance(value, Mapping):
        return {key: value.get(key) for key in keys}
    return value


def key_fields(summary: Mapping[str, Any]) -> dict[str, Any]:
    """The key fields of a :func:`vn_egov.edoc.summary.summarize` result."""
    table = STATUS_KEYS if summary.get("kind") == "status" else DOCUMENT_KEYS
    return {key: _project(summary.get(key), sub) for key, sub in table.items()}


def compare(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Differences between *expected* and *actual*: objects compare by the expected keys only
    (extra actual keys are fine), lists by length and item, everything else by equality.

    >>> compare({"to": [{"organ_id": "A"}]}, {"to": [{"organ_id": "A", "organ_name": "x"}]})
    []
    >>> compare({"to": [{"organ_id": "A"}]}, {"to": []})
    ['to: expected 1 item(s), got 0']
    >>> compare({"kind": "document"}, {})
    ["kind: missing (expected 'document')"]
    """
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [tr("{path}: expected an object, got {actual!r}", path=path or ".",
                       actual=actual)]
        diffs: list[str] = []
        for key, value in expected.items():
            where = f"{path}.{key}" if path else str(key)
            found = actual.get(key, _MISSING)
            if found is _MISSING:
                diffs.append(tr("{path}: missing (expected {expected!r})", path=where,
                                expected=value))
            else:
                diffs += compare(value, found, where)
        return diffs
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [tr("{path}: expected a list, got {actual!r}", path=path, actual=actual)]
        if len(expected) != len(actual):
            return [tr("{path}: expected {expected} item(s), got {actual}", path=path,
                       expected=len(expected), actual=len(actual))]
        return [diff for index, (want, got) in enumerate(zip(expected, actual, strict=True))
                for diff in compare(want, got, f"{path}[{index}]")]
    if expected != actual:
        return [tr("{path}: expected {expected!r}, got {actual!r}", path=path,
                   expected=expected, actual=actual)]
    return []
