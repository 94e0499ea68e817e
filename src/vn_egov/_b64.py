"""The one base64 decoder and encoder of the library: a SIMD codec when installed, same output.

Attachments are most of a package's bytes, and decoding their base64 is most of the time
spent reading a large one. With the optional extra ``fast`` (``pip install vn-egov[fast]``,
which installs pybase64, BSD-2-Clause) decoding runs several times faster; without it the
standard library's :mod:`binascii` does the work. Both give the same bytes, accept the same
texts and refuse the others with the same error: the fast codec is only ever asked first,
and whatever it refuses is decoded (or refused, with its message) by :mod:`binascii` in
strict mode, so the result is by construction the standard library's.

Decoding is strict: the RFC 4648 alphabet only (no URL-safe characters, no whitespace, no
line breaks), padding only at the end. Callers that accept whitespace inside a value (XML
``xs:base64Binary``) remove it first.

>>> decode("UVVK")
b'QUJ'
>>> decode(b"QQ==")
b'A'
>>> encode(b"ABC")
b'QUJD'
>>> decode("QU JD")
Traceback (most recent call last):
...
binascii.Error: Only base64 data is allowed
>>> BACKEND in ("pybase64", "binascii")
True
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from typing import Final

__all__ = ["BACKEND", "decode", "encode"]

#: The data types both codecs take: text (ASCII only) or bytes-like.
Data = str | bytes | bytearray | memoryview


def decode_standard(data: Data) -> bytes:
    """Strict decoding by the standard library (:func:`binascii.a2b_base64`, ``strict_mode``).

    Raises :class:`binascii.Error` for malformed base64 and :class:`ValueError` for text that
    is not ASCII (both are :class:`ValueError`).

    >>> decode_standard("QUJD")
    b'ABC'
    """
    return binascii.a2b_base64(data, strict_mode=True)


def _encode_standard(data: bytes | bytearray | memoryview) -> bytes:
    return binascii.b2a_base64(data, newline=False)


Encoder = Callable[[bytes | bytearray | memoryview], bytes]


def _fast_codec() -> tuple[str, Callable[[Data], bytes], Encoder]:
    try:
        import pybase64
    except ImportError:
        return "binascii", decode_standard, _encode_standard
    if "C extension active" not in pybase64.get_version():
        # pybase64's pure-Python fallback is no faster than the standard library.
        return "binascii", decode_standard, _encode_standard
    fast_decode = pybase64.b64decode
    fast_encode = pybase64.b64encode

    def decode_fast(data: Data) -> bytes:
        try:
            return fast_decode(data, validate=True)
        except ValueError:
            # Refused by the fast codec: the standard library decides, and words the error.
            return decode_standard(data)

    return "pybase64", decode_fast, fast_encode


_CODEC = _fast_codec()
#: ``"pybase64"`` when the fast codec is in use, else ``"binascii"``.
BACKEND: Final[str] = _CODEC[0]
_decode: Final = _CODEC[1]
_encode: Final = _CODEC[2]


def decode(data: Data) -> bytes:
    """The bytes of the base64 *data*, decoded strictly (see the module documentation).

    >>> decode("")
    b''
    >>> decode("QUJ")
    Traceback (most recent call last):
    ...
    binascii.Error: Incorrect padding
    """
    return _decode(data)


def encode(data: bytes | bytearray | memoryview) -> bytes:
    """Standard base64 of *data*, on one line, as :func:`base64.b64encode` writes it.

    >>> encode(b"")
    b''
    """
    return _encode(data)
