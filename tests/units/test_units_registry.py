"""Built-in agency registry (content and caveats) and user registry files (TOML, JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from vn_egov.errors import ConfigurationError, InputError, InvalidFormat, UnknownCode
from vn_egov.units import agency
from vn_egov.units.registry import AgencyDirectory, Confidence, Registry, RegistryEntry, _key

BUILTIN = Registry.builtin()
NOT_CURRENT = {"G05", "G07", "G10", "G13", "G14", "G21"}
# The alphabetical hypothesis (H01-H63) must never ship; only anchored H codes are listed.
SHIPPED_H = {"H14", "H19", "H20", "H21", "H26", "H27", "H35", "H38", "H41", "H49", "H55", "H56"}
MEDIUM_H = {"H14", "H19", "H27", "H41", "H56"}


def test_builtin_is_not_loaded_at_import_time() -> None:
    code = ("import sys, vn_egov, vn_egov.units, vn_egov.units.agency;"
            "from vn_egov.units.registry import _builtin;"
            "print(_builtin.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "0"


def test_letter_groups() -> None:
    letters = {e.code: e for e in BUILTIN.children(None)}
    assert sorted(letters) == ["A", "B", "C", "D", "E", "F", "G", "H", "K"]
    assert letters["G"].verified
    assert letters["G"].confidence is Confidence.MEDIUM
    assert letters["H"].verified
    assert letters["H"].confidence is Confidence.MEDIUM
    for letter in "ABCDEFK":
        assert letters[letter].verified is False
        assert letters[letter].confidence is Confidence.LOW
    assert "I instead of K" not in letters["K"].note
    assert "K or I" in letters["K"].note


def test_g_rows_carry_the_2025_caveat() -> None:
    rows = BUILTIN.children("G")
    assert [e.code for e in rows] == [f"G{n:02d}" for n in range(1, 23)]
    for entry in rows:
        assert entry.valid_to == "unknown"
        assert entry.parent == "G"
        assert "before the 2025 reorganisation" in entry.note
        assert entry.current is (False if entry.code in NOT_CURRENT else None)
    assert BUILTIN.lookup("G22").name == "Văn phòng Chính phủ"
    assert BUILTIN.lookup("G17").name == "Bộ Xây dựng"
    assert BUILTIN.lookup("G15").name == "Bộ Tư pháp"
    assert BUILTIN.lookup("G12").verified is False
    assert BUILTIN.lookup("G13").verified is False
    assert BUILTIN.lookup("G14").verified is True
    assert "Bộ Khoa học và Công nghệ" in BUILTIN.lookup("G14").note


def test_h_rows_only_anchored_codes() -> None:
    rows = {e.code: e for e in BUILTIN.children("H")}
    assert set(rows) == SHIPPED_H
    for code, entry in rows.items():
        assert entry.verified is (code in MEDIUM_H)
        assert entry.confidence is (Confidence.MEDIUM if code in MEDIUM_H else Confidence.LOW)
        assert entry.valid_to == "unknown"
    assert rows["H14"].name == "UBND tỉnh Cao Bằng"
    assert rows["H56"].name == "UBND tỉnh Thanh Hóa"
    assert "H24" not in BUILTIN  # Hải Phòng's H code is unverified: not shipped
    assert "H30" not in BUILTIN
    assert "H29" not in BUILTIN


def test_every_row_has_the_required_fields() -> None:
    for entry in BUILTIN:
        data = entry.to_dict()
        for key in ("code", "name", "parent", "valid_from", "valid_to", "source", "confidence",
                    "verified"):
            assert key in data
        assert entry.source
        assert entry.verified is entry.confidence.verified


def test_lookup_by_either_form_at_level_1() -> None:
    assert BUILTIN.lookup("000.00.00.H41") is BUILTIN.lookup("H41")
    with pytest.raises(UnknownCode) as info:
        BUILTIN.lookup("H56.14")
    assert info.value.message == "agency code 'H56.14' is not in the built-in agency registry"
    assert "Registry.load" in (info.value.hint or "")
    with pytest.raises(InvalidFormat):
        BUILTIN.lookup("H5")


def test_registry_key() -> None:
    assert _key("000.00.00.G22") == "G22"
    assert _key(agency.parse("G22")) == "G22"
    assert _key("000.00.04.g14") == "000.00.04.G14"
    assert _key(" h ") == "H"


def test_contains_len_repr() -> None:
    assert "G22" in BUILTIN
    assert "not a code" not in BUILTIN
    assert 3 not in BUILTIN
    assert len(BUILTIN) == 9 + 22 + 12
    assert repr(BUILTIN) == "Registry(name='built-in agency registry', entries=43)"


def test_in_force_on() -> None:
    entry = RegistryEntry("H56.14", "Sở X", "H56", date(2020, 1, 1), date(2025, 6, 30), "own",
                          Confidence.HIGH, True)
    assert entry.in_force_on(date(2019, 12, 31)) is False
    assert entry.in_force_on(date(2024, 1, 1)) is True
    assert entry.in_force_on(date(2025, 7, 1)) is False
    assert BUILTIN.lookup("G22").in_force_on(date(2024, 1, 1)) is None


TOML_FILE = """\
name = "Thanh Hóa departments"
data_version = "2024-01"
source = "own list"

[[agencies]]
code = "000.00.06.H56"
name = "Sở Tư pháp"
valid_from = 2020-01-01
valid_to = 2025-06-30

[[agencies]]
code = "h56.14"
name = "Đơn vị 14"
confidence = "medium"

[[agencies]]
code = "H56.14.2"
name = "Phòng 2"
source = "QĐ 1/QĐ-UBND"
confidence = "low"
current = true
"""


def test_load_toml(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text(TOML_FILE, encoding="utf-8")
    registry = Registry.load(path)
    assert registry.name == "Thanh Hóa departments"
    assert registry.data_version == "2024-01"
    entry = registry.lookup("000.00.06.H56")
    assert (entry.name, entry.parent, entry.valid_from, entry.valid_to) == (
        "Sở Tư pháp", "H56", date(2020, 1, 1), date(2025, 6, 30))
    assert entry.confidence is Confidence.HIGH
    assert entry.verified is True
    assert entry.source == "own list"
    low = registry.lookup("H56.14.2")
    assert (low.parent, low.verified, low.source, low.current) == (
        "H56.14", False, "QĐ 1/QĐ-UBND", True)
    assert [e.code for e in registry.children("H56.14")] == ["H56.14.2"]
    assert [e.code for e in registry.children("H56")] == ["000.00.06.H56", "H56.14"]
    assert registry.validate(" 000.00.06.h56 ") == "000.00.06.H56"
    assert registry.validate("000.00.06.H56", on=date(2021, 5, 1)) == "000.00.06.H56"
    with pytest.raises(UnknownCode, match="is not in force on 2025-07-01: valid 2020-01-01 "
                                          "to 2025-06-30 "):
        registry.validate("000.00.06.H56", on=date(2025, 7, 1))
    with pytest.raises(UnknownCode, match=r"'H56\.15' is not in the Thanh Hóa departments"):
        registry.validate("H56.15")
    own = AgencyDirectory(registry)
    assert own.lookup("H56.14").name == "Đơn vị 14"
    assert [e.code for e in own.search("don vi")] == ["H56.14"]


def test_an_open_validity_bound_is_shown_as_an_ellipsis(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text('source = "own list"\n\n[[agencies]]\ncode = "000.00.07.H56"\n'
                    'name = "Sở mới"\nvalid_from = 2025-07-01\n', encoding="utf-8")
    with pytest.raises(UnknownCode) as raised:
        Registry.load(path).validate("000.00.07.H56", on=date(2025, 6, 30))
    assert str(raised.value).startswith(
        "agency code '000.00.07.H56' (Sở mới) is not in force on 2025-06-30: valid 2025-07-01 "
        "to …")
    assert "None" not in str(raised.value)


def test_load_json_list(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    rows = [{"code": "000.00.01.H24", "name": "Sở A", "source": "own", "valid_to": "unknown"}]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    registry = Registry.load(path)
    assert registry.lookup("000.00.01.H24").valid_to == "unknown"
    merged = BUILTIN.merged(registry)
    assert merged.lookup("000.00.01.H24").name == "Sở A"
    assert merged.lookup("G22").name == "Văn phòng Chính phủ"


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ('[[agencies]]\ncode = "G22"\nname = "x"\n', ".toml", "row 1: no 'source'"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\n', ".toml", "row 1: 'name' is missing"),
        ('source = "s"\n[[agencies]]\ncode = "G2"\nname = "x"\n', ".toml",
         "row 1: agency code 'G2' has no level-1 group"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\nname = "x"\nnmae = "y"\n', ".toml",
         "row 1: unknown keys ['nmae']"),
        ('source = "s"\nfoo = 1\n', ".toml", "unknown top-level keys ['foo']"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\nname = "x"\n'
         '[[agencies]]\ncode = "000.00.00.G22"\nname = "y"\n', ".toml", "code 'G22' appears twice"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\nname = "x"\nvalid_from = "2020-13-01"\n',
         ".toml", "row 1: valid_from '2020-13-01' is not an ISO date"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\nname = "x"\nvalid_from = 2021-01-01\n'
         'valid_to = 2020-01-01\n', ".toml", "row 1: valid_to 2020-01-01 is before valid_from"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\nname = "x"\nconfidence = "sure"\n', ".toml",
         "row 1: confidence must be high, medium or low"),
        ('source = "s"\n[[agencies]]\ncode = "G22"\nname = "x"\nconfidence = "low"\n'
         'verified = true\n', ".toml", "row 1: a low-confidence row cannot be verified"),
        ("source = \n", ".toml", "registry file is not valid TOML"),
        ("{", ".json", "registry file is not valid JSON"),
        ("[]", ".yaml", "registry file must end in .toml or .json, not '.yaml'"),
        ('{"agencies": {}}', ".json", "'agencies' must be a list of rows"),
        ("[1]", ".json", "row 1 is not a table/object"),
    ],
)
def test_bad_registry_files(tmp_path: Path, content: str, suffix: str, message: str) -> None:
    path = tmp_path / f"reg{suffix}"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError) as info:
        Registry.load(path)
    assert message in info.value.message
    assert info.value.source == str(path) or str(path) in info.value.message


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read registry file"):
        Registry.load(tmp_path / "absent.toml")


def test_edxml_check_uses_a_registry_for_membership() -> None:
    # EDX108 with settings["edxml"]["agency_registry"]: shape from agency, membership from here.
    from vn_egov.edoc.checks import organ_id_problem

    assert organ_id_problem("000.00.00.G22", BUILTIN) is None
    assert organ_id_problem("000.00.00.H24", BUILTIN) == (
        "agency code 'H24' is not in the built-in agency registry")
    assert organ_id_problem("000.00.00.H24") is None  # no registry: the shape is enough
