"""Property tests: validate(format(x)) == x and compact is idempotent, for every code system."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_egov.errors import CodeError, InvalidFormat
from vn_egov.units import agency, division
from vn_egov.units.agency import AgencyCode, AgencyForm

_letters = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXY")
_level1 = st.builds(lambda letter, n: f"{letter}{n:02d}", _letters, st.integers(0, 99))


@st.composite
def qcvn_codes(draw: st.DrawFn) -> AgencyCode:
    depth = draw(st.integers(0, 3))
    widths = (2, 2, 3)
    path = tuple(f"{draw(st.integers(1, 10 ** widths[i] - 1)):0{widths[i]}d}"
                 for i in range(depth))
    return AgencyCode(draw(_level1), path, AgencyForm.QCVN102)


@st.composite
def top_down_codes(draw: st.DrawFn) -> AgencyCode:
    path = tuple(draw(st.lists(st.from_regex(r"[0-9]{1,3}", fullmatch=True), max_size=3)))
    return AgencyCode(draw(_level1), path, AgencyForm.TOP_DOWN)


@settings(max_examples=100, deadline=None)
@given(qcvn_codes() | top_down_codes())
def test_agency_round_trip(value: AgencyCode) -> None:
    text = agency.format(value.code)
    assert agency.validate(text) == text == value.code
    assert agency.parse(text) == value
    assert len(text) <= agency.MAX_LENGTH
    if value.form is AgencyForm.QCVN102:
        assert len(text) == agency.QCVN_LENGTH
        assert value.to_qd20().to_qcvn() == value  # digit re-spelling is reversible
    parent = value.parent()
    if parent is not None:
        assert value.is_within(parent)
        assert parent.level == value.level - 1


@settings(max_examples=100, deadline=None)
@given(qcvn_codes() | top_down_codes(), st.data())
def test_agency_lenient_spellings(value: AgencyCode, data: st.DataObject) -> None:
    # lower case, full-width characters and spaces around dots normalise to the canonical value
    noisy = "".join(
        data.draw(st.sampled_from([c, c.lower(), chr(ord(c) + 0xFEE0)]
                                  + ([f" {c} ", "\u3000．"] if c == "." else [])))
        for c in value.code)
    assert agency.validate(f" {noisy}\t") == value.code


@settings(max_examples=100, deadline=None)
@given(qcvn_codes() | top_down_codes(), st.data())
def test_agency_space_inside_a_group_is_refused(value: AgencyCode, data: st.DataObject) -> None:
    # The clean-up rule never joins two groups: "H56 14" is not "H5614" nor "H56.14".
    code = value.code
    cut = data.draw(st.integers(1, len(code) - 1))
    if "." in (code[cut - 1], code[cut]):
        return
    with pytest.raises(InvalidFormat, match=f"space at position {cut + 1} of"):
        agency.validate(f"{code[:cut]} {code[cut:]}")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_agency_compact_idempotent(text: str) -> None:
    once = agency.compact(text)
    assert agency.compact(once) == once
    try:
        canonical = agency.validate(text)
    except CodeError:
        return
    assert agency.validate(canonical) == canonical


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["province", "commune"]).flatmap(
    lambda level: st.tuples(st.just(level),
                            st.integers(1, 99 if level == "province" else 99999))))
def test_division_round_trip(case: tuple[division.Level, int]) -> None:
    level, number = case
    text = division.validate(number, level=level)
    assert division.validate(division.format(text)) == text
    assert len(text) == (2 if level == "province" else 5)
    assert int(text) == number


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=12) | st.integers(-10, 10 ** 7))
def test_division_compact_idempotent(value: str | int) -> None:
    once = division.compact(value)
    assert division.compact(once) == once
    try:
        canonical = division.validate(value)
    except CodeError:
        return
    assert division.validate(canonical) == canonical


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_name_search_is_total(query: str) -> None:
    # Any text: a ranked list or a CodeError (empty query), never another exception.
    from vn_egov.units.registry import AGENCY

    try:
        found = AGENCY.search(query)
    except CodeError:
        assert not query.strip()
        return
    assert len({entry.code for entry in found}) == len(found)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["Văn phòng Chính phủ", "Bộ Tư pháp", "UBND tỉnh Nghệ An"]),
       st.data())
def test_name_search_ignores_case_and_diacritics(name: str, data: st.DataObject) -> None:
    import unicodedata

    from vn_egov.units._text import fold
    from vn_egov.units.registry import AGENCY

    spelled = data.draw(st.sampled_from([name, name.upper(), name.lower(), fold(name),
                                         unicodedata.normalize("NFD", name)]))
    assert AGENCY.search(spelled)[0].name == name
