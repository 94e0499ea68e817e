"""The one way wire shapes are declared: pydantic models whose aliases are the wire names.

Real one-stop systems send every scalar as a JSON string and ``""`` for an empty optional
field; some send numbers or booleans where others send strings. :class:`WireModel` reads all
of them (numbers and booleans become their string form, ``True`` → ``"True"`` as .NET and
Java write it) and writes back exactly what the model holds, by alias, in declaration order.

>>> from pydantic import Field
>>> class Sample(WireModel):
...     code: str = Field(alias="MaHoSo")
...     count: str = Field(default="", alias="SoLuong")
>>> Sample.model_validate({"MaHoSo": "x", "SoLuong": 2}).to_wire()
{'MaHoSo': 'x', 'SoLuong': '2'}
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["WireModel"]


def wire_text(value: Any) -> Any:
    """The string a real system would send for a scalar; other values unchanged.

    >>> wire_text(8000), wire_text(Decimal("8000.50")), wire_text(False), wire_text(None)
    ('8000', '8000.50', 'False', None)
    """
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


@cache
def _text_fields(model: type[BaseModel]) -> frozenset[str]:
    """Names and aliases of the text fields of *model* (computed once per class)."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        if info.annotation in (str, str | None):
            names.update({name, info.alias or name})
    return frozenset(names)


class WireModel(BaseModel):
    """Base of every wire shape: aliases on the wire, names in Python, strings for scalars."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True,
                              str_strip_whitespace=False)

    @model_validator(mode="before")
    @classmethod
    def _scalars_as_text(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        text_fields = _text_fields(cls)
        return {key: wire_text(value) if key in text_fields else value
                for key, value in data.items()}

    def to_wire(self) -> dict[str, Any]:
        """The JSON object a real system sends (aliases, declaration order).

        Optional fields left at ``None`` are not sent; ``""`` is sent as ``""``.
        """
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")
