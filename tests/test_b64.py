"""The base64 codec: the fast codec (pybase64, extra ``fast``) and the standard library give
the same bytes, accept the same texts and refuse the others with the same error."""

from __future__ import annotations

import base64
import binascii
import importlib
import sys
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vn_egov import _b64

Codecs = dict[str, tuple[Callable[[_b64.Data], bytes], Callable[[bytes], bytes]]]

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _outcome(decode: Callable[[_b64.Data], bytes], text: _b64.Data) -> bytes | tuple[type, str]:
    try:
        return decode(text)
    except ValueError as exc:
        return type(exc), str(exc)


@pytest.fixture(scope="module")
def codecs() -> Iterator[Codecs]:
    """The module loaded twice: with pybase64 when it is installed, and with it hidden."""
    # A reload rebinds the module's functions in place: keep each pair as it is loaded.
    loaded: Codecs = {}
    if importlib.util.find_spec("pybase64") is not None:
        assert importlib.reload(_b64).BACKEND == "pybase64"
        loaded["pybase64"] = (_b64._decode, _b64._encode)
    saved = sys.modules.get("pybase64")
    sys.modules["pybase64"] = None  # type: ignore[assignment]  # import now fails
    try:
        assert importlib.reload(_b64).BACKEND == "binascii"
        loaded["binascii"] = (_b64._decode, _b64._encode)
        yield loaded
    finally:
        if saved is None:
            del sys.modules["pybase64"]
        else:
            sys.modules["pybase64"] = saved
        importlib.reload(_b64)


def test_the_fast_codec_is_used_when_installed() -> None:
    pytest.importorskip("pybase64")
    assert _b64.BACKEND == "pybase64"


# Hand-picked edge cases: padding in every wrong place, whitespace, URL-safe characters,
# non-ASCII text, non-canonical trailing bits.
EDGES = ["", "QUJD", "QQ==", "QR==", "QUI=", "QQ=", "QQ", "Q", "Q===", "QUJD=", "QUJD====",
         "=QUJ", "QU=D", "QQ==QUJD", "QUJ\nD", "QUJ D", " QUJD", "QUJD\n", "QU-_", "QUJDé",
         "QUJD\x00", "====", "QUJD" * 1000 + "QQ=="]


@pytest.mark.parametrize("text", EDGES)
def test_both_codecs_agree_with_the_standard_library(codecs: Codecs, text: str) -> None:
    def standard(data: _b64.Data) -> bytes:
        return binascii.a2b_base64(data, strict_mode=True)

    for name, (decode, _) in codecs.items():
        assert _outcome(decode, text) == _outcome(standard, text), name
        raw = text.encode("utf-8")
        assert _outcome(decode, raw) == _outcome(standard, raw), name


def test_strictness() -> None:
    assert _b64.decode("QUJD") == b"ABC"
    for text in ("QQ", "QU JD", "QU-_", "=QUJ", "QQ==QUJD"):
        with pytest.raises(binascii.Error):
            _b64.decode(text)
    with pytest.raises(ValueError, match="ASCII"):
        _b64.decode("QUJDé")


@given(st.binary(max_size=300))
def test_round_trip_in_both_codecs(data: bytes) -> None:
    text = base64.b64encode(data)
    assert _b64.encode(data) == text
    assert _b64.encode(memoryview(data)) == text
    assert _b64.decode(text) == data
    assert _b64.decode(text.decode("ascii")) == data


@given(st.text(alphabet=ALPHABET + "=\n -_", max_size=40))
def test_any_text_is_decoded_or_refused_as_the_standard_library_does(text: str) -> None:
    # The module as imported (pybase64 when installed) against binascii's strict mode.
    expected = _outcome(lambda t: binascii.a2b_base64(t, strict_mode=True), text)
    assert _outcome(_b64.decode, text) == expected


@given(data=st.binary(max_size=64), at=st.integers(0, 90),
       char=st.sampled_from("=\n -_.!A"))
def test_damaged_encodings_are_judged_alike_by_both_codecs(
        codecs: Codecs, data: bytes, at: int, char: str) -> None:
    text = base64.b64encode(data).decode("ascii")
    damaged = text[:at] + char + text[at:]
    expected = _outcome(lambda t: binascii.a2b_base64(t, strict_mode=True), damaged)
    for name, (decode, encode) in codecs.items():
        assert _outcome(decode, damaged) == expected, name
        assert encode(data) == text.encode("ascii"), name
