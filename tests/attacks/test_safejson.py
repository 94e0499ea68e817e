"""The safe JSON loader (vn_egov.safejson): what it accepts, what it refuses, where it says."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vn_egov.errors import InputError, MalformedJSONError, UnsafeJSONError, VnEgovError
from vn_egov.safejson import JSONLimits, json_path, load_json


def _refusal(data: bytes | str, **limits: int) -> VnEgovError:
    with pytest.raises(VnEgovError) as info:
        load_json(data, limits=JSONLimits(**limits))
    return info.value


def test_values_and_numbers_are_exact() -> None:
    text = '{"a": [0, -7, 1.10, 2e3, -0.5E-2, 12345678901234567890], "b": "Hải", "c": null}'
    assert load_json(text) == {"a": [0, -7, Decimal("1.10"), Decimal("2E+3"),
                                     Decimal("-0.005"), 12345678901234567890],
                               "b": "Hải", "c": None}
    value = load_json(text)["a"][2]
    assert isinstance(value, Decimal)
    assert str(value) == "1.10"  # the digits as written, never a binary float


def test_sources(tmp_path: Path) -> None:
    path = tmp_path / "danh-muc.json"
    path.write_bytes('\ufeff{"tên": "Sở Nội vụ"}'.encode())  # a UTF-8 byte order mark
    assert load_json(path) == {"tên": "Sở Nội vụ"}
    with path.open("rb") as handle:
        assert load_json(handle) == {"tên": "Sở Nội vụ"}
    assert load_json(bytearray(b"[1]")) == [1]
    with pytest.raises(MalformedJSONError) as info:
        load_json("catalogue.json")  # a str is JSON text, never a path
    assert info.value.hint == "check the JSON syntax at that position"


@pytest.mark.parametrize(("data", "error", "message", "path", "position"), [
    (b'{"procedures": [{"code": "x"}, {"code": NaN}]}', MalformedJSONError,
     "NaN is not a JSON number", "$.procedures[1].code", (1, 41)),
    (b'[Infinity]', MalformedJSONError, "Infinity is not a JSON number", "$[0]", (1, 2)),
    (b'{"a":\n {"b": 1,\n  "b": 2}}', MalformedJSONError,
     "the key 'b' appears twice in the object", "$.a.b", (3, 3)),
    (b'{"a": "\\ud800x"}', MalformedJSONError,
     "a string holds a lone surrogate escape (\\uD800-\\uDFFF)", "$.a", (1, 7)),
    (b'{"\\udfff": 1}', MalformedJSONError, "a string holds a lone surrogate escape",
     "$", (1, 2)),
    (b'{"procedures": [{"code": "x",}]}', MalformedJSONError,
     "expected a key in double quotes", "$.procedures[0]", (1, 30)),
    (b'[1 2]', MalformedJSONError, "expected ',' or ']'", "$[0]", (1, 4)),
    (b'{"a" 1}', MalformedJSONError, "expected ':' after the key", "$.a", (1, 6)),
    (b'[01]', MalformedJSONError, "expected ',' or ']'", "$[0]", (1, 3)),
    (b'{"a": tru}', MalformedJSONError, "expected a JSON value", "$.a", (1, 7)),
    (b'{"a": [1, 2', MalformedJSONError, "the JSON ends early: the file may be truncated",
     "$.a[1]", (1, 12)),
    (b'{} []', MalformedJSONError, "extra data after the JSON value", "$", (1, 4)),
    (b'{"a": "x\ty"}', MalformedJSONError, "not valid JSON: Invalid control character at",
     "$.a", (1, 9)),
    (b'{"a": "\\q"}', MalformedJSONError, "not valid JSON: Invalid \\escape", "$.a", (1, 8)),
    (b'{"k": 1e309}', UnsafeJSONError, "the number 1e309 has the exponent 309, beyond ±308",
     "$.k", (1, 7)),
    (b'{"k": 1e-309}', UnsafeJSONError, "has the exponent -309, beyond ±308", "$.k", (1, 7)),
    (b'{"k": 0e999999999999999999999}', UnsafeJSONError, "has the exponent", "$.k", (1, 7)),
    (b'{"k": 0.' + b"0" * 400 + b'1}', UnsafeJSONError, "a number has 402 digits, above the "
     "limit of 40", "$.k", (1, 7)),
    (b'{"k": ' + b"1" * 41 + b'}', UnsafeJSONError, "a number has 41 digits, above the "
     "limit of 40", "$.k", (1, 7)),
    (b'{"k": 1e' + b"0" * 5000 + b'5}', None, "", None, None),  # 1e5: leading zeros
    (b'{"k": 1e-' + b"0" * 5000 + b'400}', UnsafeJSONError,
     "the number 1e-00000000000000000… has the exponent -400, beyond ±308", "$.k", (1, 7)),
    (b'{"k": 12345e300}', None, "", None, None),  # 1.2345e304: within the range
])
def test_refusals_name_the_path_and_position(data: bytes, error: type[VnEgovError] | None,
                                             message: str, path: str | None,
                                             position: tuple[int, int] | None) -> None:
    if error is None:  # accepted, with the value written
        assert load_json(data) == {"k": Decimal(data[6:-1].decode())}
        return
    found = _refusal(data)
    assert type(found) is error, repr(found)
    assert message in found.message
    assert found.xpath == path
    assert (found.line, found.column) == position
    assert found.hint


def test_a_lone_surrogate_in_text_given_as_str_is_refused() -> None:
    found = _refusal('{"a": ["x", "\ud800"]}')  # a str can hold one; UTF-8 bytes cannot
    assert isinstance(found, MalformedJSONError)
    assert found.xpath == "$.a[1]"
    assert load_json('{"a": "\U0001f600"}') == {"a": "\U0001f600"}


def test_depth_limit_exactly() -> None:
    assert load_json(b"[" * 64 + b"]" * 64) is not None
    found = _refusal(b"[" * 65 + b"]" * 65)
    assert isinstance(found, UnsafeJSONError)
    assert found.message == "objects and arrays nest deeper than 64 levels"
    assert found.hint == "raise JSONLimits.max_depth if such a document is expected"
    assert found.xpath == "$" + "[0]" * 64
    assert load_json(b'{"a":' * 10 + b"1" + b"}" * 10, limits=JSONLimits(max_depth=10))
    assert _refusal(b'{"a":' * 11 + b"1" + b"}" * 11, max_depth=10).xpath == "$" + ".a" * 10


def test_deep_nesting_is_cheap() -> None:
    start = time.perf_counter()
    found = _refusal(b"[" * 10_000_000)
    assert isinstance(found, UnsafeJSONError)
    assert time.perf_counter() - start < 5


def test_value_count_is_bounded_before_parsing() -> None:
    assert len(load_json(b"[" + b"0," * 99 + b"0]", limits=JSONLimits(max_values=101))) == 100
    found = _refusal(b"[" + b"0," * 100 + b"0]", max_values=101)
    assert isinstance(found, UnsafeJSONError)
    assert found.message == ("the JSON holds up to 102 values (members, elements and "
                             "containers, counted before parsing), above the limit of 101")
    # Commas inside strings are not separators: this array holds 2 values.
    assert load_json('["' + "," * 5000 + '"]', limits=JSONLimits(max_values=2)) == ["," * 5000]


def test_size_limit_and_empty_input(tmp_path: Path) -> None:
    found = _refusal(b"[" + b"1," * 100 + b"1]", max_bytes=100)
    assert isinstance(found, UnsafeJSONError)
    assert found.message == "input has 203 bytes, above the limit of 100 (JSONLimits.max_bytes)"
    with pytest.raises(InputError, match="input is empty"):
        load_json(b" \n ")
    path = tmp_path / "x.json"
    path.write_bytes(b"[1]")
    with pytest.raises(UnsafeJSONError, match=r"input has 3 bytes, above the limit of 2"):
        load_json(path, limits=JSONLimits(max_bytes=2))


@pytest.mark.parametrize("data", ['{"a": 1}'.encode("utf-16"), '{"a": 1}'.encode("utf-16-le"),
                                  '{"a": 1}'.encode("utf-32")])
def test_only_utf8(data: bytes) -> None:
    found = _refusal(data)
    assert isinstance(found, MalformedJSONError)
    assert found.message == "JSON must be encoded in UTF-8; this looks like UTF-16 or UTF-32"


def test_invalid_utf8_is_located() -> None:
    found = _refusal(b'{\n"a": "\xff"}')
    assert isinstance(found, MalformedJSONError)
    assert found.message == "the bytes are not valid UTF-8 (invalid start byte) at byte 8"
    assert (found.line, found.column) == (2, 7)


def test_paths_are_safe_to_print() -> None:
    assert json_path(["procedures", 3, "code"]) == "$.procedures[3].code"
    assert json_path(["mã số", "tên"]) == '$["mã số"].tên'
    assert json_path(["a\u202eb", "x\x1by", "\x85"]) == '$["a\\u202eb"]["x\\u001by"]["\\u0085"]'
    assert json_path(["k" * 1000]) == '$["' + "k" * 64 + '…"]'


def test_limits_are_validated() -> None:
    from vn_egov.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match=r"JSONLimits\.max_values must be a positive "):
        JSONLimits(max_values=0)
    with pytest.raises(ConfigurationError, match=r"JSONLimits\.max_depth"):
        JSONLimits(max_depth=True)


def test_nesting_deeper_than_python_allows_is_refused_not_crashed() -> None:
    # Deeper than the C parser recurses on every supported Python (3.13 takes 5,000).
    found = _refusal(b"[" * 100_000 + b"]" * 100_000, max_depth=1_000_000)
    assert isinstance(found, UnsafeJSONError)
    assert found.message == "objects and arrays nest deeper than the parser supports"


# -- properties -------------------------------------------------------------------------------

_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_SCALARS = (st.none() | st.booleans() | st.integers(-(10 ** 30), 10 ** 30)
            | st.decimals(allow_nan=False, allow_infinity=False, places=6,
                          min_value=-(10 ** 20), max_value=10 ** 20)
            | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=5)
                       | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=30)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _to_json(value: Any, ascii_only: bool) -> str:
    """JSON text of *value* with decimals written digit for digit (``json.dumps`` would
    turn them into binary floats)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_to_json(item, ascii_only) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key, ensure_ascii=ascii_only)}: "
                               f"{_to_json(item, ascii_only)}"
                               for key, item in value.items()) + "}"
    return json.dumps(value, ensure_ascii=ascii_only)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES, ascii_only=st.booleans())
def test_round_trip(value: Any, ascii_only: bool) -> None:
    text = _to_json(value, ascii_only)
    loaded = load_json(text)
    assert loaded == value
    assert load_json(text.encode()) == loaded
    assert _to_json(loaded, ascii_only) == text  # decimals keep their digits


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200) | _VALUES.map(lambda v: _dumps(v).encode()).flatmap(
    lambda encoded: st.tuples(st.just(encoded), st.integers(0, len(encoded)),
                              st.binary(max_size=8)).map(
        lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:])))
def test_fuzz_only_our_errors_and_agreement_with_the_standard_library(data: bytes) -> None:
    try:
        value = load_json(data)
    except (InputError, MalformedJSONError, UnsafeJSONError):
        return
    # Whatever we accept, the standard library reads the same (numbers aside: decimals).
    reference = json.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"),
                           parse_float=Decimal)
    assert value == reference


_NUMBER_LITERALS = st.builds(
    lambda sign, whole, fraction, marker, exp_sign, zeros, exponent: (
        sign + whole + (f".{fraction}" if fraction else "")
        + (f"{marker}{exp_sign}{'0' * zeros}{exponent}" if marker else "")),
    st.sampled_from(["", "-"]),
    st.from_regex(r"0|[1-9][0-9]{0,50}", fullmatch=True),
    st.from_regex(r"[0-9]{0,50}", fullmatch=True),
    st.sampled_from(["", "e", "E"]),
    st.sampled_from(["", "+", "-"]),
    st.sampled_from([0, 1, 5000]),
    st.integers(0, 10 ** 12).map(str))


@settings(max_examples=400, deadline=None)
@given(literal=_NUMBER_LITERALS)
def test_any_number_is_read_exactly_or_refused_with_a_limit(literal: str) -> None:
    refusal: UnsafeJSONError | None = None
    try:
        value = load_json(f"[{literal}]")[0]
    except UnsafeJSONError as exc:
        refusal = exc
    if refusal is not None:
        assert (refusal.hint or "").startswith(("raise JSONLimits.max_number_digits",
                                                "raise JSONLimits.max_exponent"))
        return
    assert value == Decimal(literal)
    assert isinstance(value, int) == (literal.lstrip("-").isdigit())
