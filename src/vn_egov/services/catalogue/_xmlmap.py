"""How the pydantic models map to XML: one rule for the writer, the reader and the XSD.

Field ``snake_case`` → element ``PascalCase``, in declaration order; ``None`` → element
omitted; a list → a wrapper element with one item element per entry (empty list → omitted).

>>> element_name("time_limit"), item_name("keywords", str)
('TimeLimit', 'Keyword')
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import Any, Final, Union, get_args, get_origin

from pydantic import BaseModel

__all__ = ["NAMESPACE", "FieldShape", "element_name", "shapes"]

#: Namespace of the library's own service XML (catalogue, version 1).
NAMESPACE: Final = "urn:vn-egov:services:1"

_ITEMS: Final = {
    "keywords": "Keyword",
    "implementation_levels": "Level",
    "fields": "Field",
    "legal_bases": "LegalBasis",
    "decisions": "Decision",
    "documents": "Document",
    "procedures": "Procedure",
}


def element_name(field_name: str) -> str:
    """PascalCase element name of a model field.

    >>> element_name("raw_json")
    'RawJson'
    """
    return "".join(part[:1].upper() + part[1:] for part in field_name.split("_"))


def item_name(field_name: str, item_type: Any) -> str:
    """Element name of one entry of a list field.

    >>> item_name("channels", object)
    'Channel'
    """
    if field_name in _ITEMS:
        return _ITEMS[field_name]
    if isinstance(item_type, type) and issubclass(item_type, BaseModel):
        return item_type.__name__
    return element_name(field_name.rstrip("s"))


class FieldShape:
    """A model field reduced to what XML needs: name, scalar/model type, list-ness, optional.

    >>> from vn_egov.services.catalogue.models import Case
    >>> [s.element for s in shapes(Case)]
    ['Code', 'Name', 'TimeLimit', 'Eform']
    """

    def __init__(self, name: str, annotation: Any, required: bool,
                 metadata: tuple[Any, ...] = ()) -> None:
        self.name = name
        self.metadata = metadata
        self.element = element_name(name)
        self.required = required
        self.is_list = False
        inner = annotation
        args = get_args(inner)
        self.optional = False
        if get_origin(inner) in (Union, types.UnionType):
            self.optional = type(None) in args
            inner = next(arg for arg in args if arg is not type(None))
        if get_origin(inner) is list:
            self.is_list = True
            inner = get_args(inner)[0]
        if get_origin(inner) is not None and hasattr(inner, "__metadata__"):  # Annotated
            inner = get_args(inner)[0]
        self.type: Any = inner
        self.item = item_name(name, inner) if self.is_list else None

    @property
    def is_model(self) -> bool:
        """True when the type is a nested model."""
        return isinstance(self.type, type) and issubclass(self.type, BaseModel)


def shapes(model: type[BaseModel]) -> Iterator[FieldShape]:
    """The fields of *model* in declaration order.

    >>> from vn_egov.services.catalogue.models import Publisher
    >>> [(s.element, s.required) for s in shapes(Publisher)]
    [('Code', False), ('Name', True)]
    """
    for name, info in model.model_fields.items():
        yield FieldShape(name, info.annotation, info.is_required(), tuple(info.metadata))


def to_text(value: Any) -> str:
    """The XML lexical form of a scalar.

    >>> to_text(Decimal("1E+3")), to_text(True), to_text(dt.date(2025, 1, 2))
    ('1000', 'true', '2025-01-02')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def from_text(text: str, kind: Any) -> Any:
    """Read a scalar of type *kind* from its XML lexical form (pydantic finishes the job).

    >>> from_text("false", bool), from_text("12.50", Decimal)
    (False, Decimal('12.50'))
    """
    if kind is bool:
        return text.strip() in ("true", "1")
    if kind is Decimal:
        return Decimal(text.strip())
    if kind is int:
        return int(text.strip())
    return text
