"""Document number/notation (NĐ 30/2020 Phụ lục I) and the document types of Điều 7."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_egov.edoc import notation
from vn_egov.edoc.doctypes import (
    ABBREVIATIONS,
    DocType,
    from_abbreviation,
    from_abbreviation_casefold,
)
from vn_egov.edoc.notation import DocumentNotation
from vn_egov.errors import CodeError, InvalidFormat, InvalidLength


def test_doc_types_match_the_decree() -> None:
    types = [t for t in DocType if not t.is_copy]
    assert len(types) == 29
    assert [t.article_7_number for t in types] == list(range(1, 30))
    with_abbreviation = [t for t in types if t.abbreviation is not None]
    assert len(with_abbreviation) == 27
    assert {t for t in types if t.abbreviation is None} == {DocType.CONG_VAN, DocType.THU_CONG}
    assert [t.abbreviation for t in DocType if t.is_copy] == ["SY", "TrS", "SL"]
    assert len(ABBREVIATIONS) == 30
    # exact casing, Đ is U+0110
    assert DocType.QUY_DINH.abbreviation == "Qy\u0110"
    assert DocType.CHUONG_TRINH.abbreviation == "CTr"
    assert DocType.TO_TRINH.abbreviation == "TTr"
    assert DocType.QUYET_DINH.abbreviation == "Q\u0110"


def test_casefold_has_no_collisions_and_never_folds_d_stroke() -> None:
    assert len({abbr.casefold() for abbr in ABBREVIATIONS}) == 30
    assert from_abbreviation("QYĐ") is None
    assert from_abbreviation_casefold("QYĐ") is DocType.QUY_DINH
    assert from_abbreviation_casefold("hđ") is DocType.HOP_DONG
    assert from_abbreviation_casefold("hd") is DocType.HUONG_DAN
    assert from_abbreviation("ĐA") is DocType.DE_AN
    assert from_abbreviation("DA") is DocType.DU_AN
    assert from_abbreviation("CV") is None
    assert from_abbreviation("TCG") is None


@pytest.mark.parametrize(
    ("text", "number", "year", "doc_type", "issuer", "units", "canonical"),
    [
        ("Số: 4547/KH-UBND", 4547, None, DocType.KE_HOACH, "UBND", (), "4547/KH-UBND"),
        ("Số: 05/GM-UBND", 5, None, DocType.GIAY_MOI, "UBND", (), "05/GM-UBND"),
        ("15/UBND-VP", 15, None, None, "UBND", ("VP",), "15/UBND-VP"),
        ("7816/VPCP-TTĐT", 7816, None, None, "VPCP", ("TTĐT",), "7816/VPCP-TTĐT"),
        ("123/2020/NĐ-CP", 123, 2020, None, "NĐ", ("CP",), "123/2020/NĐ-CP"),
        ("09/2025/QĐ-TTg", 9, 2025, DocType.QUYET_DINH, "TTg", (), "09/2025/QĐ-TTg"),
        ("Số: 64/2025/QH15", 64, 2025, None, "QH15", (), "64/2025/QH15"),
        ("12/QyĐ-UBND", 12, None, DocType.QUY_DINH, "UBND", (), "12/QyĐ-UBND"),
        ("3/TTr-SNV-TCCB", 3, None, DocType.TO_TRINH, "SNV", ("TCCB",), "03/TTr-SNV-TCCB"),
        ("10/SY-VP", 10, None, DocType.BAN_SAO_Y, "VP", (), "10/SY-VP"),
        ("2/TrS-UBND", 2, None, DocType.BAN_TRICH_SAO, "UBND", (), "02/TrS-UBND"),
        ("45/HĐ-UBND", 45, None, DocType.HOP_DONG, "UBND", (), "45/HĐ-UBND"),
        ("45/HD-UBND", 45, None, DocType.HUONG_DAN, "UBND", (), "45/HD-UBND"),
        ("1/BCĐ-UBND", 1, None, None, "BCĐ", ("UBND",), "01/BCĐ-UBND"),
    ],
)
def test_parse(  # noqa: PLR0917 - one argument per parametrized column
    text: str, number: int, year: int | None, doc_type: DocType | None, issuer: str,
    units: tuple[str, ...], canonical: str) -> None:
    value = notation.parse(text)
    assert (value.number, value.year, value.doc_type, value.issuer, value.units) == (
        number, year, doc_type, issuer, units)
    assert value.is_copy is (doc_type is not None and doc_type.is_copy)
    assert value.format() == canonical
    assert notation.validate(text) == canonical


def test_number_text_is_kept_and_padding_is_reported() -> None:
    value = notation.parse("9/2025/QĐ-TTg")
    assert value.number_text == "9"
    assert value.warnings == ("number '9' below 10 is written with a leading zero ('09')",)
    over = notation.parse("005/GM-UBND")
    assert (over.number, over.number_text, over.format()) == (5, "005", "05/GM-UBND")
    assert over.warnings == ("number '005' has extra leading zeros; written '05'",)
    assert notation.parse("010/GM-UBND").format() == "10/GM-UBND"
    assert notation.parse("05/GM-UBND").warnings == ()
    assert notation.parse("123/GM-UBND").warnings == ()
    # never pad beyond two digits
    assert notation.parse("123/GM-UBND").format() == "123/GM-UBND"


def test_case_insensitive_type_is_reported_and_casing_kept_elsewhere() -> None:
    value = notation.parse("12/QYĐ-ubnd")
    assert value.doc_type is DocType.QUY_DINH
    assert value.issuer == "ubnd"
    assert value.warnings == ("type 'QYĐ' matched 'QyĐ' (Quy định) only ignoring case",)
    assert value.format() == "12/QyĐ-ubnd"


def test_eth_is_mapped_with_a_warning() -> None:
    value = notation.parse("05/Q\u00d0-UBND")
    assert value.doc_type is DocType.QUYET_DINH
    assert value.warnings == ("U+00D0 (Latin capital eth) replaced by U+0110 'Đ'",)
    assert value.format() == "05/Q\u0110-UBND"


def test_decomposed_input_and_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Số: 05/QĐ-UBND")
    assert decomposed != "Số: 05/QĐ-UBND"
    value = notation.parse(decomposed)
    assert value.format(prefix=True) == "Số: 05/QĐ-UBND"
    assert value.warnings == ()
    spaced = notation.parse("  SỐ 4547 / KH - UBND ")
    assert spaced.format() == "4547/KH-UBND"
    assert spaced.warnings == ("spaces around '/' or '-' removed",)
    assert spaced.text == "  SỐ 4547 / KH - UBND "


def test_lenient_sub_number() -> None:
    value = notation.parse("66.7/2025/NQ-CP", lenient=True)
    assert (value.number, value.sub_number, value.number_text) == (66, "7", "66.7")
    assert value.format() == "66.7/2025/NQ-CP"
    with pytest.raises(InvalidFormat) as info:
        notation.parse("66.7/2025/NQ-CP")
    assert "lenient=True" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", InvalidLength, "document notation is empty"),
        ("Số:", InvalidLength, "document notation is empty"),
        ("4547-KH-UBND", InvalidFormat, "no '/' between the number and the ký hiệu"),
        ("1/2/2020/QĐ-CP", InvalidFormat, "has 3 '/' separators; at most 2"),
        ("0/GM-UBND", InvalidFormat, "number '0' is zero"),
        ("A1/GM-UBND", InvalidFormat, "number 'A1' must be Arabic digits"),
        ("٥/GM-UBND", InvalidFormat, "number '٥' must be Arabic digits"),
        ("80-NQ/TW", InvalidFormat, "number '80-NQ' must be Arabic digits"),
        ("5/20/NĐ-CP", InvalidFormat, "year '20' must be 4 digits"),
        ("5/GM--UBND", InvalidFormat, "ký hiệu group 2 of 'GM--UBND' is empty"),
        ("5/GM-UB_ND", InvalidFormat, "character '_' (U+005F) in ký hiệu group 'UB_ND'"),
        ("5/GM-ỦBND", InvalidFormat, "character 'Ủ' (U+1EE6)"),
        ("5/GM UBND", InvalidFormat, "space at position 5 of '5/GM UBND'"),
        ("5/QĐ", InvalidFormat, "type 'QĐ' must be followed by the issuer abbreviation"),
        ("5/", InvalidFormat, "ký hiệu group 1 of '' is empty"),
    ],
)
def test_invalid(text: str, error: type[CodeError], message: str) -> None:
    with pytest.raises(error) as info:
        notation.parse(text)
    assert type(info.value) is error
    assert message in info.value.message
    assert info.value.hint
    assert notation.is_valid(text) is False


def test_party_document_hint() -> None:
    with pytest.raises(InvalidFormat) as info:
        notation.parse("80-NQ/TW")
    assert "outside NĐ 30/2020" in (info.value.hint or "")


def test_value_object() -> None:
    value = notation.parse("Số: 4547/KH-UBND")
    assert value == DocumentNotation(4547, "4547", None, DocType.KE_HOACH, "UBND", (), False)
    assert hash(value) == hash(notation.parse("4547/KH-UBND"))
    assert value.ky_hieu == "KH-UBND"
    assert str(value) == "4547/KH-UBND"
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.number = 1  # type: ignore[misc]
    # callers may override a misread structure explicitly
    fixed = dataclasses.replace(notation.parse("5/TC-VP"), doc_type=None, issuer="TC",
                                units=("VP",))
    assert fixed.format() == "05/TC-VP"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"number": 0}, "document number 0 must be an integer >= 1"),
        ({"year": 25}, "year 25 must have 4 digits"),
        ({"doc_type": DocType.CONG_VAN}, "Công văn has no abbreviation"),
        ({"issuer": "UB ND"}, "ký hiệu group 1 'UB ND'"),
        ({"is_copy": True}, "is_copy=True contradicts"),
        ({"sub_number": "x"}, "sub-number 'x' must be digits"),
    ],
)
def test_constructor_checks(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"number": 5, "number_text": "5", "year": None,
                               "doc_type": DocType.GIAY_MOI, "issuer": "UBND", "units": (),
                               "is_copy": False}
    base.update(kwargs)
    with pytest.raises(InvalidFormat, match=message):
        DocumentNotation(**base)  # type: ignore[arg-type]


def test_module_functions() -> None:
    assert notation.compact("  Số:  4547 / KH - UBND ") == "4547/KH-UBND"
    assert notation.compact("Số: số 05/GM-UBND") == "05/GM-UBND"
    assert notation.format("7/tb-VPCP") == "07/TB-VPCP"
    assert notation.warnings_for("05/GM-UBND") == ()
    with pytest.raises(InvalidFormat, match="must be text"):
        notation.compact(5)  # type: ignore[arg-type]


# --- properties -----------------------------------------------------------------------------

_GROUP_CHARS = "ABCDEFGHIKLMNOPQRSTUVXYabcdeghiklmnopqrstuvxyĐđ0123456789"
_groups = st.text(alphabet=_GROUP_CHARS, min_size=1, max_size=6)
_TYPES = [t for t in DocType if t.abbreviation is not None]


@st.composite
def notations(draw: st.DrawFn) -> DocumentNotation:
    doc_type = draw(st.none() | st.sampled_from(_TYPES))
    issuer = draw(_groups)
    if doc_type is None:
        # An issuer spelled like a type abbreviation is read as the type (documented ambiguity).
        issuer = draw(_groups.filter(lambda g: from_abbreviation_casefold(g) is None))
    number = draw(st.integers(min_value=1, max_value=99999))
    return DocumentNotation(
        number=number, number_text=str(number),
        year=draw(st.none() | st.integers(min_value=1000, max_value=9999)),
        doc_type=doc_type, issuer=issuer,
        units=tuple(draw(st.lists(_groups, max_size=3))),
        is_copy=doc_type is not None and doc_type.is_copy)


@settings(max_examples=100, deadline=None)
@given(notations())
def test_property_round_trip(value: DocumentNotation) -> None:
    text = value.format()
    assert notation.validate(text) == text
    assert notation.parse(text) == value
    assert notation.parse(value.format(prefix=True)) == value


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_property_compact_idempotent_and_parse_total(text: str) -> None:
    once = notation.compact(text)
    assert notation.compact(once) == once
    try:
        canonical = notation.validate(text)
    except CodeError:
        return
    assert notation.validate(canonical) == canonical
