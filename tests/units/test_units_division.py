"""Administrative-division codes: shape checks (no extra) and lookups via vietnam-provinces."""

from __future__ import annotations

import sys

import pytest

from vn_egov.errors import CodeError, ConfigurationError, InvalidFormat, InvalidLength, UnknownCode
from vn_egov.units import division


@pytest.mark.parametrize(
    ("code", "level", "canonical"),
    [
        ("31", None, "31"),
        (" 3 1 ", None, "31"),
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
        ("311", None, InvalidLength, "division code '311' has 3 digits; 2 or 5 expected"),
        ("4", None, InvalidLength, "division code '4' has 1 digit; 2 or 5 expected"),
        ("11824", "province", InvalidLength, "division code '11824' has 5 digits; 2 expected"),
        ("3l", None, InvalidFormat, "division code '3L' contains 'L'"),
        ("٣١", None, InvalidFormat, "contains '٣'"),  # Arabic-Indic digits are not ASCII
        ("-1", None, InvalidFormat, "contains '-'"),
        ("00", None, InvalidFormat, "division code '00' is all zeros"),
        (4, None, InvalidFormat, "integer division code 4 is ambiguous: province 04 or commune "
                                 "00004?"),
        (123456, None, InvalidLength, "division code '123456' has 6 digits"),
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
    assert division.format(" 0 1 ") == "01"
    assert division.level_of("01") == "province"
    assert division.level_of("00004") == "commune"


def test_data_version() -> None:
    assert division.data_version() == "vietnam-provinces 2025.10.1 (data 2025-10-18)"


def test_lookup_hai_phong() -> None:
    assert division.lookup("31") == {
        "code": "31", "name": "Thành phố Hải Phòng", "type": "thành phố trung ương",
        "province_code": "31", "parent": None, "level": "province", "codename": "hai_phong",
        "verified": True, "valid_from": "2025-07-01", "valid_to": None,
        "source": "vietnam-provinces 2025.10.1 (data 2025-10-18)"}


def test_lookup_commune() -> None:
    unit = division.get("00004")
    assert (unit.code, unit.name, unit.type, unit.province_code) == (
        "00004", "Phường Ba Đình", "phường", "01")
    entry = division.lookup("11824")
    assert (entry["name"], entry["type"], entry["province_code"], entry["parent"]) == (
        "Xã Vĩnh Bảo", "xã", "31", "31")
    assert division.get("31078").type == "đặc khu"  # Phú Quốc


def test_unknown_codes() -> None:
    with pytest.raises(UnknownCode, match=r"province code '30' is not in vietnam-provinces "
                                          r"2025\.10\.1") as info:
        division.get("30")
    assert "Hải Dương 30" in (info.value.hint or "")
    with pytest.raises(UnknownCode, match="commune code '99999'"):
        division.lookup("99999")


def test_provinces_and_wards() -> None:
    provinces = division.provinces()
    assert len(provinces) == 34
    assert [p.code for p in provinces][:4] == ["01", "04", "08", "11"]
    assert provinces[-1].code == "96"
    wards = division.wards_of(31)
    assert len(wards) == 114
    assert {w.province_code for w in wards} == {"31"}
    assert {"11914", "11948"} <= {w.code for w in wards if w.type == "đặc khu"}
    with pytest.raises(UnknownCode):
        division.wards_of("30")
    with pytest.raises(InvalidLength):
        division.wards_of("11824")


def test_search_with_and_without_diacritics() -> None:
    assert [d.code for d in division.search("hai phong", level="province")] == ["31"]
    assert [d.code for d in division.search("HẢI PHÒNG", level="province")] == ["31"]
    assert division.search("Hài Phòng", level="province") == []
    found = division.search("vinh bao", province="31")
    assert [(d.code, d.name) for d in found] == [("11824", "Xã Vĩnh Bảo")]
    # đ folds to d only when the query has no diacritics
    assert "00004" in {d.code for d in division.search("ba dinh", level="commune")}
    assert "00004" in {d.code for d in division.search("Ba Đình", level="commune")}
    with pytest.raises(InvalidFormat, match="search query is empty"):
        division.search("  ")


def test_list_codes() -> None:
    assert len(division.list_codes()) == 34
    assert len(division.list_codes("31")) == 114


def test_missing_extra_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes the import fail exactly as if the package were absent.
    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)
    assert division.validate("31") == "31"  # shape checks need no extra
    with pytest.raises(ConfigurationError) as info:
        division.lookup("31")
    assert "need the optional package vietnam-provinces" in info.value.message
    assert 'pip install "vn-egov[divisions]"' in (info.value.hint or "")
