"""Validation keeps only the start of an attachment (``decode_base64_head``): it must accept
and refuse exactly what :func:`decode_base64` does, with the same message, and give the same
first bytes."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vn_egov.edoc import transfer
from vn_egov.edoc.transfer import decode_base64, decode_base64_head
from vn_egov.errors import InvalidBase64


def _outcome(function: object, text: str) -> tuple[str, bytes | str]:
    try:
        return "ok", function(text)  # type: ignore[operator]
    except InvalidBase64 as exc:
        return "refused", str(exc)


@settings(max_examples=300, deadline=None)
@given(payload=st.binary(max_size=200), spaces=st.lists(st.integers(0, 400), max_size=4),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 400),
                                             st.sampled_from("-_=!\u00a0é\n QR"))),
       size=st.integers(0, 80))
def test_the_head_has_the_verdict_and_bytes_of_the_whole(
        payload: bytes, spaces: list[int], damage: tuple[int, str] | None, size: int) -> None:
    text = base64.b64encode(payload).decode()
    for at in sorted(spaces, reverse=True):
        text = text[:at] + " \n" + text[at:]
    if damage is not None:
        at, char = damage
        text = text[:at] + char + text[at + 1:]
    whole = _outcome(decode_base64, text)
    head = _outcome(lambda value: decode_base64_head(value, size), text)
    if whole[0] == "ok":
        assert head == ("ok", whole[1][:size])  # type: ignore[index]
    else:
        assert head == whole


def test_pieces_are_checked_across_their_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "_PIECE", 8)  # many pieces in a short text
    text = base64.b64encode(bytes(range(256))).decode()
    assert decode_base64_head(text, 300) == bytes(range(256))
    assert decode_base64_head(text, 3) == b"\x00\x01\x02"
    with pytest.raises(InvalidBase64, match="padding"):
        decode_base64_head("QQ==" + text, 3)
    with pytest.raises(InvalidBase64, match="bits set after the data"):
        decode_base64_head(text[:-4] + "QR==", 3)
