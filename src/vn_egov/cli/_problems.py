"""The problems of a JSON document a model refused, one line each: the JSON path of the value
and what is wrong with it, in the reader's language (never pydantic's English or its URLs).

>>> from pydantic import BaseModel, ConfigDict
>>> class Item(BaseModel):
...     model_config = ConfigDict(extra="forbid")
...     code: str
...     count: int = 0
>>> class Spec(BaseModel):
...     items: list[Item]
>>> try:
...     Spec.model_validate({"items": [{"cod": "x", "count": "many"}]})
... except Exception as exc:
...     print("\\n".join(problems(exc)))
$.items[0].code: a value is required
$.items[0].count: expected a whole number, got 'many'
$.items[0].cod: unknown key (a misspelt name?)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import ValidationError

from vn_egov.i18n import N_, translate
from vn_egov.safejson import json_path

__all__ = ["problems"]

_NUMBER = N_("expected a number, got {input}")
_WHOLE = N_("expected a whole number, got {input}")
_BOOLEAN = N_("expected true or false, got {input}")
_DATE = N_("expected a date such as 2025-03-31, got {input}")
_DATETIME = N_("expected a date and time such as 2025-03-31T09:00:00+07:00, got {input}")
_OBJECT = N_("expected an object, got {input}")
_LIST = N_("expected a list, got {input}")
_TEXT = N_("expected text, got {input}")

#: pydantic's error types, in our words; ``{...}`` are the error's context and its input.
_MESSAGES: Final[Mapping[str, str]] = {
    "missing": N_("a value is required"),
    "extra_forbidden": N_("unknown key (a misspelt name?)"),
    "string_type": _TEXT,
    "int_type": _WHOLE, "int_parsing": _WHOLE, "int_from_float": _WHOLE,
    "float_type": _NUMBER, "float_parsing": _NUMBER, "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "bool_type": _BOOLEAN, "bool_parsing": _BOOLEAN,
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME, "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "list_type": _LIST, "tuple_type": _LIST,
    "dict_type": _OBJECT, "model_type": _OBJECT, "model_attributes_type": _OBJECT,
    "enum": N_("expected one of {expected}, got {input}"),
    "literal_error": N_("expected one of {expected}, got {input}"),
    "string_too_short": N_("too short: at least {min_length} character(s)"),
    "string_too_long": N_("too long: at most {max_length} character(s)"),
    "too_short": N_("too few items: at least {min_length}"),
    "too_long": N_("too many items: at most {max_length}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "greater_than": N_("must be more than {gt}"),
    "less_than_equal": N_("must be at most {le}"),
    "less_than": N_("must be less than {lt}"),
    "string_pattern_mismatch": N_("does not have the expected form"),
}


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _message(error: Mapping[str, Any]) -> str:
    context = dict(error.get("ctx") or {})
    if error["type"] in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"])  # our validators' own (translated) words
    template = _MESSAGES.get(error["type"])
    if template is None:
        return str(error["msg"])
    return translate(template, **{key: str(value) for key, value in context.items()},
                     input=_shown(error.get("input")))


def _step(part: object) -> str | int:
    return part if isinstance(part, int) else str(part)


def problems(error: ValidationError, limit: int = 20) -> list[str]:
    """``$.path: problem`` for each of the first *limit* errors of *error* (then a count of
    the rest). Missing values come first, then wrong ones, then unknown keys (a misspelt key
    shows up as a missing value and an unknown key: read together)."""
    order = {"missing": 0, "extra_forbidden": 2}
    found = sorted(error.errors(), key=lambda e: order.get(e["type"], 1))
    lines = [f"{json_path([_step(p) for p in e['loc']])}: {_message(e)}" for e in found[:limit]]
    if len(found) > limit:
        lines.append(translate(N_("... and {count} more problem(s)"), count=len(found) - limit))
    return lines
