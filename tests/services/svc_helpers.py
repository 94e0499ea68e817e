"""Shared helpers and hypothesis strategies for the services tests (imported as svc_helpers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel

from vn_egov.services.calendar.working import VN_TZ, WorkingCalendar
from vn_egov.services.catalogue._xmlmap import FieldShape, shapes
from vn_egov.services.catalogue.models import Catalogue, Procedure, Publisher

DATA = Path(__file__).parent / "data"

# XML 1.0 characters: no C0 controls except tab/newline/CR, no surrogates or non-characters.
xml_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")),
        st.sampled_from("\t\n\rĐđơưạỹ"),
    ),
    max_size=8,
)


def _scalar(shape: FieldShape) -> st.SearchStrategy[Any]:
    kind = shape.type
    lower = next((m.ge for m in shape.metadata if isinstance(m, annotated_types.Ge)), None)
    upper = next((m.le for m in shape.metadata if isinstance(m, annotated_types.Le)), None)
    min_len = next((m.min_length for m in shape.metadata
                    if isinstance(m, annotated_types.MinLen)), 0)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from(list(kind))
    if kind is str:
        return xml_text.filter(lambda s: len(s) >= min_len)
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(min_value=lower if lower is not None else -1000,
                           max_value=upper if upper is not None else 1000)
    if kind is Decimal:
        return st.decimals(min_value=lower if lower is not None else -10**6, max_value=10**9,
                           places=2, allow_nan=False, allow_infinity=False)
    if kind is dt.date:
        return st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
    raise TypeError(kind)


EFORMS = ('{"components": []}',
          '{"display": "form", "components": [{"type": "textfield", "key": "hoTen", '
          '"label": "Họ và tên", "validate": {"required": true}}]}')


def model_strategy(model: type[BaseModel], depth: int = 0, *,
                   fixed: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    """Any valid instance of a services model (lists of at most 2 entries); *fixed* gives
    some fields a constant value."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        name: st.just(value) for name, value in (fixed or {}).items()}
    for shape in shapes(model):
        if shape.name in fields:
            continue
        if shape.name == "eform":  # Form.io JSON text: the model checks it parses
            fields[shape.name] = st.none() | st.sampled_from(EFORMS)
            continue
        inner = model_strategy(shape.type, depth + 1) if shape.is_model else _scalar(shape)
        if shape.is_list:
            strategy: st.SearchStrategy[Any] = st.lists(inner, max_size=2 if depth == 0 else 1)
        elif shape.optional:
            strategy = st.none() | inner
        else:
            strategy = inner
        fields[shape.name] = strategy
    return st.fixed_dictionaries(fields).map(model.model_validate)


catalogues = st.builds(
    lambda base, procedures: base.model_copy(update={"procedures": procedures}),
    # Procedures come from the unique list below: generating them inside the base catalogue
    # could produce two with the same code, which the model (rightly) refuses.
    model_strategy(Catalogue, fixed={"procedures": []}),
    st.lists(model_strategy(Procedure), max_size=2, unique_by=lambda p: p.code),
)


CALENDAR = WorkingCalendar()


def at(*parts: int) -> dt.datetime:
    """An Asia/Ho_Chi_Minh datetime."""
    return dt.datetime(*parts, tzinfo=VN_TZ)


def publisher() -> Publisher:
    """The publisher used by the import tests."""
    return Publisher(code="000.00.00.H31", name="UBND thành phố Hải Phòng")

LEGACY_PATHS = (DATA / "legacy_lay_thu_tuc_1.001193.json", DATA / "camel_thu_tuc_2.000815.json")
