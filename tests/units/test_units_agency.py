"""Agency identifiers (OrganId): both written forms, parse value, conversions, errors."""

from __future__ import annotations

import dataclasses

import pytest

from vn_egov.errors import CodeError, InvalidFormat, InvalidLength, UnknownCode
from vn_egov.units import agency
from vn_egov.units.agency import AgencyCode, AgencyForm
from vn_egov.units.registry import AGENCY, Registry

BUILTIN = Registry.builtin()


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("000.00.00.G22", "000.00.00.G22"),
        (" 000.00.00.g22\n", "000.00.00.G22"),
        ("000 . 00 . 04 . G14", "000.00.04.G14"),
        ("０００.００.００.Ｈ４１", "000.00.00.H41"),  # full-width digits and letters
        ("000．17．22．H56", "000.17.22.H56"),  # full-width full stops
        ("h56.14", "H56.14"),
        ("H55.242", "H55.242"),
        ("H01.151.01", "H01.151.01"),
        ("G22", "G22"),
        ("A01.1.2.3", "A01.1.2.3"),
    ],
)
def test_validate_returns_canonical(text: str, canonical: str) -> None:
    assert agency.validate(text) == canonical
    assert agency.format(text) == canonical
    assert agency.is_valid(text) is True


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("", InvalidLength, "agency code is empty"),
        ("   ", InvalidLength, "agency code is empty"),
        ("H01." + "1." * 16 + "1", InvalidLength, "has 37 characters; QĐ 20/2020 allows at most"),
        ("000-00-00-G22", InvalidFormat, "character '-' at position 4"),
        ("000.00.00.Ğ22", InvalidFormat, "character 'Ğ' at position 11"),
        ("000..00.G22", InvalidFormat, "group 2 of agency code '000..00.G22' is empty"),
        (".G22", InvalidFormat, "group 1 of agency code '.G22' is empty"),
        ("000.00.00.Z22", InvalidFormat, "level-1 group 'Z22': the letter must be A-Y"),
        ("Z22.1", InvalidFormat, "level-1 group 'Z22': the letter must be A-Y"),
        ("000.00.00.022", InvalidFormat, "has no level-1 group"),
        ("000.00.00.GG2", InvalidFormat, "has no level-1 group"),
        ("00.00.00.G22", InvalidLength, "level-4 group '00' has 2 digit(s); the 13-character form "
                                        "needs exactly 3"),
        ("000.000.00.G22", InvalidLength, "level-3 group '000' has 3 digit(s)"),
        ("000.00.4.G14", InvalidLength, "level-2 group '4' has 1 digit(s)"),
        ("00.00.G22", InvalidLength, "the 13-character form has 4 groups"),
        ("000.0A.00.G22", InvalidFormat, "level-3 group '0A' must contain only digits"),
        ("000.17.00.H56", InvalidFormat, "level-3 group '17' is set but its parent level-2 "
                                         "group is zero"),
        ("001.00.22.H56", InvalidFormat, "level-4 group '001' is set but its parent level-3"),
        ("H56.1234", InvalidLength, "level-2 group '1234' has 4 digit(s); the top-down form "
                                    "allows 1 to 3"),
        ("H56.1A", InvalidFormat, "level-2 group '1A' must contain only digits"),
        ("H56.G22", InvalidFormat, "level-2 group 'G22' must contain only digits"),
        ("H01.1.2.3.4", InvalidLength, "has 4 lower levels; at most 3 are known"),
    ],
)
def test_invalid_codes_name_the_part(text: str, error: type[CodeError], message: str) -> None:
    with pytest.raises(error) as info:
        agency.validate(text)
    assert type(info.value) is error
    assert message in info.value.message
    assert info.value.hint
    assert agency.is_valid(text) is False


def test_non_text_input_is_rejected() -> None:
    with pytest.raises(InvalidFormat, match="agency code must be text"):
        agency.validate(22)  # type: ignore[arg-type]


def test_parse_qcvn_form() -> None:
    code = agency.parse(" 000.17.22.h56 ")
    assert code.form is AgencyForm.QCVN102
    assert code.text == " 000.17.22.h56 "
    assert (code.group_letter, code.level1, code.lower_levels) == ("H", "H56", ("22", "17"))
    assert (code.level, code.code, str(code)) == (3, "000.17.22.H56", "000.17.22.H56")
    parent = code.parent()
    assert parent is not None
    assert parent.code == "000.00.22.H56"
    assert parent.form is AgencyForm.QCVN102
    grandparent = parent.parent()
    assert grandparent is not None
    assert grandparent.code == "000.00.00.H56"
    assert grandparent.parent() is None


def test_parse_level4_qcvn() -> None:
    code = agency.parse("005.17.22.H56")
    assert code.lower_levels == ("22", "17", "005")
    assert code.level == 4


def test_parse_top_down_form() -> None:
    code = agency.parse("H01.151.01")
    assert code.form is AgencyForm.TOP_DOWN
    assert code.lower_levels == ("151", "01")
    parent = code.parent()
    assert parent == agency.parse("H01.151")
    assert parent is not None
    assert parent.form is AgencyForm.TOP_DOWN


def test_equality_and_hash_ignore_original_text_but_not_form() -> None:
    assert agency.parse("h56.14") == agency.parse("H56.14")
    assert hash(agency.parse("h56.14")) == hash(agency.parse(" H56.14"))
    assert agency.parse("H56.14") != agency.parse("000.00.14.H56")
    assert agency.parse("G22") != agency.parse("000.00.00.G22")
    assert len({agency.parse("G22"), agency.parse("g22"), agency.parse("000.00.00.G22")}) == 2


def test_value_is_frozen() -> None:
    code = agency.parse("G22")
    with pytest.raises(dataclasses.FrozenInstanceError):
        code.level1 = "G01"  # type: ignore[misc]


def test_direct_construction_is_checked() -> None:
    with pytest.raises(InvalidLength, match=r"level-2 group '4' has 1 digit\(s\)"):
        AgencyCode("G14", ("4",), AgencyForm.QCVN102)
    with pytest.raises(InvalidFormat, match="zero placeholder"):
        AgencyCode("G14", ("00",), AgencyForm.QCVN102)
    assert AgencyCode("G14", ("04",), AgencyForm.QCVN102).code == "000.00.04.G14"


def test_is_within() -> None:
    unit = agency.parse("H01.151.01")
    assert unit.is_within("H01.151")
    assert unit.is_within("H01")
    assert unit.is_within(unit)
    assert not unit.is_within("H01.152")
    assert not unit.is_within("H02")
    assert not agency.parse("H01").is_within("H01.151")
    # Different forms are never related: no conversion is guessed.
    assert not agency.parse("000.00.14.H56").is_within("H56")
    assert agency.parse("000.17.22.H56").is_within("000.00.22.H56")


def test_to_qcvn_respells_exact_width_groups_only() -> None:
    assert agency.parse("H56.14").to_qcvn().code == "000.00.14.H56"
    assert agency.parse("H56.14.17.005").to_qcvn().code == "005.17.14.H56"
    assert agency.parse("G22").to_qcvn().code == "000.00.00.G22"
    same = agency.parse("000.00.00.G22")
    assert same.to_qcvn() is same
    with pytest.raises(InvalidLength, match=r"level-2 group '242' has 3 digit\(s\); the "
                                             "13-character form needs exactly 2"):
        agency.parse("H55.242").to_qcvn()
    with pytest.raises(InvalidLength, match="level-2 group '5' has 1 digit"):
        agency.parse("H56.5").to_qcvn()
    with pytest.raises(InvalidFormat, match="level-2 group '00' is a zero placeholder"):
        agency.parse("H56.00").to_qcvn()


def test_to_qd20_keeps_digits() -> None:
    assert agency.parse("000.00.04.G14").to_qd20().code == "G14.04"
    assert agency.parse("005.17.22.H56").to_qd20().code == "H56.22.17.005"
    same = agency.parse("H56.14")
    assert same.to_qd20() is same


def test_repr() -> None:
    assert repr(agency.parse("h56.14")) == "AgencyCode('H56.14', form=TOP_DOWN)"


def test_validate_checks_the_shape_only() -> None:
    # Membership is the registry's business (Registry.validate, AGENCY.lookup).
    assert agency.validate("000.00.00.H24") == "000.00.00.H24"
    with pytest.raises(UnknownCode, match="agency code 'H24' is not in the built-in agency "
                                          "registry"):
        Registry.builtin().validate("000.00.00.H24")


def test_directory_lookup_search_children() -> None:
    entry = AGENCY.lookup("000.00.00.G22")
    assert (entry.code, entry.name, entry.verified, entry.parent) == (
        "G22", "Văn phòng Chính phủ", True, "G")
    assert [e.code for e in AGENCY.children("H")] == [
        "H14", "H19", "H20", "H21", "H26", "H27", "H35", "H38", "H41", "H49", "H55", "H56"]
    assert len(AGENCY.children()) == 9  # the letter groups A-F, G, H, K
    assert BUILTIN.lookup("G14").verified is True
    assert "Bộ Khoa học và Công nghệ" in BUILTIN.lookup("G14").note


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("Văn phòng Chính phủ", ["G22"]),              # the whole name, diacritics as typed
        ("van phong chinh phu", ["G22"]),              # without diacritics
        ("VĂN PHÒNG CHÍNH PHỦ", ["G22"]),              # case-insensitive
        ("Van phòng Chinh phủ", ["G22"]),              # mixed
        ("Va\u0306n pho\u0300ng Chi\u0301nh phu\u0309", ["G22"]),  # decomposed (NFD) input
        ("Bộ Tư pháp", ["G15"]),
        ("nghe an", ["H41"]),
        ("Đồng", ["H19", "H20", "G07"]),               # exact first, then "động" (folded)
        ("dong thap", ["H20"]),
    ],
)
def test_search_by_name(query: str, codes: list[str]) -> None:
    assert [e.code for e in AGENCY.search(query)] == codes


def test_search_ranks_exact_diacritics_first() -> None:
    # "Bộ Công" is the start of two names; "Bộ Công an" is shorter, so more specific.
    assert [e.code for e in AGENCY.search("Bộ Công")][:2] == ["G01", "G02"]
    # Whole-word matches come before a match inside a longer description (the G group).
    assert [e.code for e in AGENCY.search("chính phủ")] == ["G20", "G22", "G"]
    assert AGENCY.search("no such body") == []
    with pytest.raises(InvalidLength, match="at most 200"):
        AGENCY.search("x" * 201)




def test_messages_follow_the_language() -> None:
    from vn_egov.i18n import language

    with language("vi"), pytest.raises(InvalidFormat) as info:
        agency.validate("000.00.00.Z22")
    assert info.value.message == "nhóm cấp 1 'Z22': chữ cái phải từ A đến Y"
    assert info.value.hint == "Điều 4 QĐ 20/2020/QĐ-TTg chỉ dùng các chữ cái từ A đến Y"
    with language("vi"), pytest.raises(InvalidFormat) as spaced:
        agency.validate("H56 14")
    assert spaced.value.message.startswith(
        "khoảng trắng ở vị trí 4 của 'H56 14' (mã định danh cơ quan)")
