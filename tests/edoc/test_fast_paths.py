"""The reader's fast paths give exactly what the slow ones gave.

Models are built without validating their values again (``fields.build``): the values are
already of their fields' types. The invariant that makes this safe is tested here: for every
model read, from generated packages and from every package of the fixture corpus (dialects,
invalid ones included), ``model_validate`` of the same values gives the same model (fields
in the same order, same fields set, same private attributes). Dates and timestamps are read
by position, without ``strptime``: for any text, the same result."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from edoc_support import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from strategies import document_packages, status_packages

from vn_egov.edoc import fields
from vn_egov.edoc.models import (
    Code,
    DocumentHeader,
    ExtraElement,
    Organization,
    PromulgationInfo,
)
from vn_egov.edoc.names import DATE_FORMAT, TIMESTAMP_FORMAT
from vn_egov.edoc.reader import read_tree
from vn_egov.edoc.writer import write
from vn_egov.errors import VnEgovError
from vn_egov.xml import parse


class _Compared:
    """Wraps every builder: builds both ways and remembers what was compared."""

    def __init__(self) -> None:
        self.built: list[type[BaseModel]] = []

    def __call__(self, builder: Any, values: dict[str, Any]) -> Any:
        fast = _REAL_CALL(builder, values)
        slow = builder.cls.model_validate(dict(values))
        assert list(fast.__dict__) == list(slow.__dict__), builder.cls
        assert fast.__dict__ == slow.__dict__, builder.cls
        assert fast.model_fields_set == slow.model_fields_set, builder.cls
        assert fast.__pydantic_private__ == slow.__pydantic_private__, builder.cls
        assert fast.__pydantic_extra__ == slow.__pydantic_extra__, builder.cls
        assert fast == slow
        self.built.append(builder.cls)
        return fast


    def method(self) -> Any:
        """A ``__call__`` for the builder class (a plain function binds the builder)."""

        def call(builder: Any, values: dict[str, Any]) -> Any:
            return self(builder, values)

        return call


_REAL_CALL = fields._Builder.__call__


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> _Compared:
    comparison = _Compared()
    monkeypatch.setattr(fields._Builder, "__call__", comparison.method())
    return comparison


def _corpus() -> list[Path]:
    return sorted(path for path in DATA.rglob("*") if path.suffix in (".edxml", ".xml"))


def test_the_corpus_is_there() -> None:
    if not _corpus():
        pytest.skip("fixture corpus tests/data/edxml is absent")
    assert len(_corpus()) > 20


@pytest.mark.parametrize("path", _corpus(), ids=lambda path: path.name)
def test_corpus_models_are_built_as_model_validate_builds_them(
        path: Path, compared: _Compared) -> None:
    try:
        parsed = parse(path.read_bytes())
    except VnEgovError:
        pytest.skip("not parsed: nothing is built")
    read_tree(parsed)
    read_tree(parsed, sniff_attachments=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(package=document_packages() | status_packages)
def test_generated_packages_are_built_as_model_validate_builds_them(package: Any) -> None:
    comparison = _Compared()
    real = fields._Builder.__call__
    fields._Builder.__call__ = comparison.method()  # type: ignore[method-assign]
    try:
        result = read_tree(parse(write(package)))
    finally:
        fields._Builder.__call__ = real  # type: ignore[method-assign]
    assert result.package == package
    assert type(package).__name__ in {cls.__name__ for cls in comparison.built}


def test_after_validators_run_and_defaults_are_fresh(compared: _Compared) -> None:
    values = {"sender": Organization(organ_id="000.00.00.H99"),
              "recipients": [Organization(organ_id="000.00.01.H99")],
              "code": fields.build(Code, {"number": "1", "notation": "UBND"}),
              "promulgation_info": fields.build(PromulgationInfo, {"date": date(2025, 3, 12)}),
              "subject": "x", "steering_type": 1}
    first = fields.build(DocumentHeader, dict(values))
    second = fields.build(DocumentHeader, dict(values))
    assert first.document_id == "000.00.00.H99,2025/03/12,1/UBND"  # the after validator ran
    assert first.to_places == []
    assert first.to_places is not second.to_places
    assert first.extras is not second.extras


def test_a_model_with_other_validators_is_validated_in_full() -> None:
    from pydantic import field_validator

    class WithFieldValidator(BaseModel):
        value: int

        @field_validator("value")
        @classmethod
        def _positive(cls, value: int) -> int:
            if value < 0:
                raise ValueError("negative")
            return value

    assert fields._builder(WithFieldValidator) is None
    assert fields._builder(ExtraElement) is not None
    with pytest.raises(ValueError, match="negative"):
        fields.build(WithFieldValidator, {"value": -1})


# -- dates and timestamps are read by position, exactly as strptime reads them ---------------

_DATE_LIKE = st.text(alphabet="0123456789/ :+-٢٠¹", min_size=6, max_size=21)


def _strptime(text: str, form: str) -> object:
    try:
        parsed = datetime.strptime(text, form)
    except ValueError:
        return ValueError
    return parsed.date() if form == DATE_FORMAT else parsed


def _fast(read: Any, text: str) -> object:
    try:
        return read(text)
    except ValueError:
        return ValueError


@given(st.dates(min_value=date(1, 1, 1)) | st.dates().map(lambda d: d.strftime("%Y/%-m/%-d")),
       _DATE_LIKE)
def test_dates_are_read_as_strptime_reads_them(day: object, noise: str) -> None:
    for text in (day.strftime(DATE_FORMAT) if isinstance(day, date) else str(day), noise):
        assert _fast(fields._written_date, text) == _strptime(text, DATE_FORMAT), text


@given(st.datetimes(min_value=datetime(1, 1, 1)), _DATE_LIKE)
def test_timestamps_are_read_as_strptime_reads_them(moment: datetime, noise: str) -> None:
    for text in (moment.replace(microsecond=0).strftime(TIMESTAMP_FORMAT), noise,
                 noise[:10] + " " + noise[10:]):
        assert _fast(fields._written_timestamp, text) == _strptime(text, TIMESTAMP_FORMAT), text
