"""Procedure, service, field and dossier codes."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vn_egov.errors import CodeError, InvalidChecksum, InvalidFormat
from vn_egov.services.codes import dossier, field, procedure, service


@pytest.mark.parametrize(("text", "canonical", "organ"), [
    ("1.001193", "1.001193", None),
    (" 2.000815.000.00.00.h55 ", "2.000815.000.00.00.H55", "000.00.00.H55"),
    ("2.002622.H56", "2.002622.H56", "H56"),
    ("1.011442.000.00.00.H38", "1.011442.000.00.00.H38", "000.00.00.H38"),
])
def test_procedure_codes_accepted(text: str, canonical: str, organ: str | None) -> None:
    assert procedure.validate(text) == canonical
    assert procedure.format(text) == canonical
    assert procedure.parse(text).organ == organ
    assert procedure.is_valid(text)


@pytest.mark.parametrize("text", ["1.00119", "11.001193", "1.001193.01", "B-BTP-123", "",
                                  "1.001193.Z56", "1.001193.000.00.00.H5"])
def test_procedure_codes_refused(text: str) -> None:
    assert not procedure.is_valid(text)
    with pytest.raises(InvalidFormat, match="procedure code"):
        procedure.validate(text)


def test_case_like_procedure_code_points_to_service_system() -> None:
    with pytest.raises(InvalidFormat) as info:
        procedure.validate("1.001193.01")
    assert info.value.hint is not None
    assert "'service'" in info.value.hint


def test_non_ascii_digits_are_refused() -> None:
    # Python's \d would accept Arabic-Indic digits; the codes use [0-9]
    assert not procedure.is_valid("1.٠٠١١٩٣")


@pytest.mark.parametrize(("text", "parts"), [
    ("2.000815.000.00.00.H55.02", ("2.000815", "000.00.00.H55", "02")),
    ("1.013229.01", ("1.013229", None, "01")),
    ("2.002622.h56.01", ("2.002622", "H56", "01")),
])
def test_service_codes(text: str, parts: tuple[str, str | None, str]) -> None:
    parsed = service.parse(text)
    assert (parsed.procedure, parsed.organ, parsed.suffix) == parts
    assert service.validate(text) == str(parsed)


@pytest.mark.parametrize("text", ["1.013229", "1.013229.1", "1.013229.001", "x.013229.01"])
def test_service_codes_refused(text: str) -> None:
    with pytest.raises(InvalidFormat, match="service code"):
        service.validate(text)


@pytest.mark.parametrize(("text", "canonical"), [("G15-TP07", "G15-TP07"),
                                                 (" g03-gd10", "G03-GD10")])
def test_field_codes(text: str, canonical: str) -> None:
    assert field.validate(text) == canonical
    assert field.parse(text).ministry == canonical[:3]


@pytest.mark.parametrize("text", ["G15TP07", "Z15-TP07", "G15-07", "G1-TP07"])
def test_field_codes_refused(text: str) -> None:
    assert not field.is_valid(text)


@pytest.mark.parametrize(("text", "organ", "day", "seq", "form"), [
    ("000.00.06.H56-231027-0361", "000.00.06.H56", dt.date(2023, 10, 27), "0361", "QCVN102"),
    ("000.17.22.H56-210531-0001", "000.17.22.H56", dt.date(2021, 5, 31), "0001", "QCVN102"),
    ("H56.14-240823-0001", "H56.14", dt.date(2024, 8, 23), "0001", "TOP_DOWN"),
    ("000.00.06.H56-240229-12345", "000.00.06.H56", dt.date(2024, 2, 29), "12345", "QCVN102"),
])
def test_dossier_codes(text: str, organ: str, day: dt.date, seq: str, form: str) -> None:
    parsed = dossier.parse(text)
    assert (parsed.organ, parsed.received_on, parsed.sequence, parsed.organ_form) == (
        organ, day, seq, form)
    assert dossier.validate(text) == text


@pytest.mark.parametrize(("text", "part"), [
    ("000.00.06.H56-231332-0361", "231332"),
    ("000.00.06.H56-230229-0361", "230229"),
    ("H56.14-240000-0001", "240000"),
])
def test_impossible_dossier_date_names_the_part(text: str, part: str) -> None:
    with pytest.raises(InvalidChecksum) as info:
        dossier.validate(text)
    assert f"date part {part!r}" in str(info.value)
    assert not dossier.is_valid(text)


@pytest.mark.parametrize("text", ["000.00.06.H56-231027-036", "000.00.06.H56-231027-036123",
                                  "000.00.06.H56/231027/0361", "Z56.14-240823-0001",
                                  "00.00.06.H56-231027-0361"])
def test_dossier_shape_refused(text: str) -> None:
    with pytest.raises(InvalidFormat, match="OrganId-YYMMDD-NNNN"):
        dossier.validate(text)


def test_generate_dossier_code() -> None:
    assert dossier.generate("000.00.06.H56", dt.date(2023, 10, 27), 361) == (
        "000.00.06.H56-231027-0361")
    with pytest.raises(InvalidFormat, match="sequence 0"):
        dossier.generate("H56.14", dt.date(2024, 1, 1), 0)
    with pytest.raises(InvalidFormat, match="neither"):
        dossier.generate("H5", dt.date(2024, 1, 1), 1)
    with pytest.raises(InvalidFormat, match="1999"):
        dossier.generate("H56.14", dt.date(1999, 1, 1), 1)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.integers(min_value=1, max_value=9999))
def test_generated_codes_parse_back(day: dt.date, seq: int) -> None:
    code = dossier.generate("000.00.06.H56", day, seq)
    parsed = dossier.parse(code)
    assert (parsed.received_on, int(parsed.sequence)) == (day, seq)


@given(st.text(max_size=30))
def test_validators_never_raise_anything_but_code_errors(text: str) -> None:
    for module in (procedure, service, field, dossier):
        try:
            module.validate(text)
        except CodeError:
            assert not module.is_valid(text)
        else:
            assert module.is_valid(text)


@pytest.mark.parametrize(("module", "code"), [
    ("dossier", "000.17.00.H56-231027-0361"),
    ("procedure", "1.001193.000.17.00.H56"),
    ("service", "1.001193.000.17.00.H56.01"),
])
def test_agency_part_is_checked_by_units_agency(module: str, code: str) -> None:
    # Regression: the shape regex alone let a QCVN code with a gap (level 3 set, level 2
    # zero) through, although vn_egov.units.agency refuses it.
    system = importlib.import_module(f"vn_egov.services.codes.{module}")
    with pytest.raises(InvalidFormat, match=re.escape(
            "agency part '000.17.00.H56' is not valid: "
            "level-3 group '17' is set but its parent level-2 group is zero")):
        system.validate(code)
    assert not system.is_valid(code)
