"""Administrative-division codes: shape checks (no extra) and lookups via vietnam-provinces."""

from __future__ import annotations

import importlib.metadata
import sys

import pytest

from vn_egov.errors import CodeError, ConfigurationError, InvalidFormat, InvalidLength, UnknownCode
from vn_egov.units import division


@pytest.mark.parametrize(
    ("code", "level", "canonical"),
    [
        ("31", None, "31"),
        (" 31\t", None, "31"),
        ("００００４", None, "00004"),
        ("11824", None, "11824"),
        (11824, None, "11824"),
        (4, "commune", "00004"),
        (1, "province", "01"),
        ("01", "province", "01"),
    ],
)
def test_validate(code: str | int, level: division.Level | None, canonical: str) -> None:
    assert division.validate(code, level) == canonical
    assert division.is_valid(code, level) is True


@pytest.mark.parametrize(
    ("code", "level", "error", "message"),
    [
        ("", None, InvalidLength, "division code is empty"),
        ("311", None, InvalidLength, "division code '311' has 3 digit(s); 2 or 5 expected"),
        ("4", None, InvalidLength, "division code '4' has 1 digit(s); 2 or 5 expected"),
        ("11824", "province", InvalidLength, "division code '11824' has 5 digit(s); 2 expected"),
        ("3l", None, InvalidFormat, "division code '3L' contains 'L'"),
        ("3 1", None, InvalidFormat, "space at position 2"),
        ("٣١", None, InvalidFormat, "contains '٣'"),  # Arabic-Indic digits are not ASCII
        ("-1", None, InvalidFormat, "contains '-'"),
        ("00", None, InvalidFormat, "division code '00' is all zeros"),
        (4, None, InvalidFormat, "integer division code 4 is ambiguous: province 04 or commune "
                                 "00004?"),
        (123456, None, InvalidLength, "division code '123456' has 6 digit(s)"),
        (3.1, None, InvalidFormat, "division code must be text or an integer, got float"),
        (True, None, InvalidFormat, "got bool"),
        ("31", "district", InvalidFormat, "level must be 'province' or 'commune'"),
    ],
)
def test_invalid(code: object, level: str | None, error: type[CodeError], message: str) -> None:
    with pytest.raises(error) as info:
        division.validate(code, level)  # type: ignore[arg-type]
    assert type(info.value) is error
    assert message in info.value.message


def test_format_and_level() -> None:
    assert division.format(" 01 ") == "01"
    assert division.parse("01").level == "province"
    assert division.parse("00004").level == "commune"
    assert division.DIVISION.describe("11824") == {"code": "11824", "level": "commune"}


def test_space_inside_a_code_is_refused_not_joined() -> None:
    # "3 1" could be a typo for 31 or two codes; the clean-up rule never joins groups.
    with pytest.raises(InvalidFormat, match=r"space at position 2 of '3 1'"):
        division.validate("3 1")


def test_data_version_names_the_installed_package() -> None:
    # Whatever release the constraints install: the text comes from its metadata.
    import vietnam_provinces

    installed = importlib.metadata.version("vietnam-provinces")
    assert division.data_version() == (
        f"vietnam-provinces {installed} (data {vietnam_provinces.__data_version__})")


def test_lookup_hai_phong() -> None:
    # Code 31, its name and type are fixed by QĐ 19/2025/QĐ-TTg, not by a package release.
    assert division.lookup("31").to_dict() == {
        "code": "31", "name": "Thành phố Hải Phòng", "type": "thành phố trung ương",
        "province_code": "31", "parent": None, "level": "province", "codename": "hai_phong",
        "verified": True, "valid_from": "2025-07-01", "valid_to": None,
        "source": division.data_version()}


def test_lookup_commune() -> None:
    unit = division.lookup("00004")
    assert (unit.code, unit.name, unit.type, unit.province_code) == (
        "00004", "Phường Ba Đình", "phường", "01")
    entry = division.lookup(11824).to_dict()
    assert (entry["name"], entry["type"], entry["province_code"], entry["parent"]) == (
        "Xã Vĩnh Bảo", "xã", "31", "31")
    assert division.lookup("31078").type == "đặc khu"  # Phú Quốc


def test_unknown_codes() -> None:
    # Hải Dương (30) was merged into Hải Phòng (31) on 1/7/2025; its code is closed for good.
    with pytest.raises(UnknownCode) as info:
        division.lookup("30")
    assert info.value.message == f"province code '30' is not in {division.data_version()}"
    assert "Hải Dương 30" in (info.value.hint or "")
    with pytest.raises(UnknownCode, match="commune code '99999'"):
        division.lookup("99999")


def test_provinces_and_wards() -> None:
    # 34 provinces and the list of codes of the two-tier system (NQ 202/2025/QH15).
    provinces = division.provinces()
    assert [p.code for p in provinces] == [
        "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33",
        "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79",
        "80", "82", "86", "91", "92", "96"]
    wards = division.wards_of(31)
    assert len(wards) == 114
    assert {w.province_code for w in wards} == {"31"}
    # The đặc khu of Hải Phòng: Cát Hải and Bạch Long Vĩ.
    assert {w.code for w in wards if w.type == "đặc khu"} == {"11914", "11948"}
    with pytest.raises(UnknownCode):
        division.wards_of("30")
    with pytest.raises(InvalidLength):
        division.wards_of("11824")


def test_search_is_accent_aware_and_ranked() -> None:
    assert [d.code for d in division.search("hai phong", level="province")] == ["31"]
    assert [d.code for d in division.search("HẢI PHÒNG", level="province")] == ["31"]
    # Wrong diacritics still find the unit, through the accentless comparison.
    assert [d.code for d in division.search("Hài Phòng", level="province")] == ["31"]
    found = division.search("vinh bao", province="31")
    assert [(d.code, d.name) for d in found] == [("11824", "Xã Vĩnh Bảo")]
    assert "00004" in {d.code for d in division.search("ba dinh", level="commune")}
    assert "00004" in {d.code for d in division.search("Ba Đình", level="commune")}
    # Across all levels the province (whole words) ranks before "Xã Phong Hải" (all words).
    ranked = [d.code for d in division.search("hai phong")]
    assert ranked[0] == "31"
    assert "02902" in ranked[1:]
    assert len(division.search("hai phong", limit=1)) == 1
    with pytest.raises(InvalidFormat, match="search query is empty"):
        division.search("  ")


def test_children() -> None:
    assert len(division.DIVISION.children()) == 34
    assert len(division.DIVISION.children("31")) == 114


def test_missing_extra_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes the import fail exactly as if the package were absent.
    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)
    assert division.validate("31") == "31"  # shape checks need no extra
    with pytest.raises(ConfigurationError) as info:
        division.lookup("31")
    assert "need the optional package vietnam-provinces" in info.value.message
    assert 'pip install "vn-egov[divisions]"' in (info.value.hint or "")
