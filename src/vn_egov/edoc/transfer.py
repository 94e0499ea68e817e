"""``ContentTransferEncoded``: the one base64 check of the library.

Attachment content is ``xs:base64Binary`` (QCVN 102:2016/BTTTT), that is standard base64
(RFC 4648 §4) as XML Schema reads it. Every reader (``read``, ``check``/``validate``, the
streaming reader behind ``extract``) decodes it here and nowhere else, so they accept and
refuse exactly the same texts:

* the alphabet is ``A-Z a-z 0-9 + /``; URL-safe ``-`` and ``_`` are refused, and so is any
  other character, Unicode white space (no-break space, em space...) included;
* XML white space (space, tab, carriage return, line feed) may appear anywhere and is
  ignored (lines of 76 characters are base64 too);
* the characters, white space aside, are a multiple of 4; padding is one or two ``=`` at the
  very end, and the bits after the data in the last group are zero (``QQ==``, not ``QR==``),
  as XML Schema requires.

libxml2's XML Schema check accepts URL-safe characters and Unicode spaces, Python's
``base64.b64decode`` accepts bits after the data: neither is used to judge attachments.
This module decides what is accepted; the bytes are decoded by :mod:`vn_egov._b64` (a SIMD
codec when the extra ``fast`` is installed, same bytes).

>>> decode_base64("JVBER i0xLjQK\\n")
b'%PDF-1.4\\n'
>>> decode_base64("-_-_")
Traceback (most recent call last):
...
vn_egov.errors.InvalidBase64: character '-' at position 1: URL-safe base64 ('-', '_') is not ...
"""

from __future__ import annotations

import binascii
import unicodedata
from typing import Final, Protocol

from vn_egov import _b64
from vn_egov.errors import InvalidBase64
from vn_egov.i18n import tr

__all__ = ["Base64Decoder", "decode_base64", "decode_base64_head", "is_canonical_base64"]

_ALPHABET: Final = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_XML_SPACE: Final = b" \t\r\n"
_PIECE: Final = 1024 * 1024  # characters decoded at a time on the slow path
_PAD: Final = ord("=")
# The value of each alphabet character (for the check of the bits after the data).
_VALUES: Final = {c: i for i, c in enumerate(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


class _Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


class Base64Decoder:
    """Decodes base64 text given in pieces (as a parser delivers it) into *sink*.

    :meth:`feed` takes ``str`` or ASCII ``bytes`` pieces; :meth:`close` ends the text.
    Both raise :class:`~vn_egov.errors.InvalidBase64` at the first problem, with its
    position; nothing more is written to the sink after that.

    >>> import io
    >>> sink = io.BytesIO()
    >>> decoder = Base64Decoder(sink)
    >>> decoder.feed("JVBE"); decoder.feed(" Ri0x\\nLjQ"); decoder.feed("K")
    >>> decoder.close(), sink.getvalue()
    (9, b'%PDF-1.4\\n')
    """

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.pending = b""  # significant characters not yet decoded (fewer than 4)
        self.seen = 0  # characters fed so far (white space included): for positions
        self.size = 0  # bytes written to the sink
        self.padded = False  # the last group, with its padding, has been decoded

    def feed(self, piece: str | bytes) -> None:
        """Decode *piece*, the next part of the text."""
        raw = _ascii(piece, self.seen)
        compact = raw.translate(None, _XML_SPACE) if _has_space(raw) else raw
        if compact and self.padded:
            raise _error(tr("data after the padding '=' at the end"), self.seen + 1)
        text = self.pending + compact if self.pending else compact
        usable = len(text) - len(text) % 4
        if usable:
            self._decode(text, usable, raw)
        self.pending = text[usable:]
        self.seen += len(raw)

    def close(self) -> int:
        """End of the text: check what is left; return the number of bytes decoded."""
        if self.pending and not self.pending.strip(b"="):
            raise _error(tr("padding '=' is allowed only at the end, once or twice"), self.seen)
        if self.pending:
            count = len(self.pending)
            raise _error(tr("the text ends with {count} base64 character(s) that do not make "
                            "a group of 4: padding '=' is missing or the data is cut",
                            count=count), self.seen)
        return self.size

    def _decode(self, text: bytes, usable: int, raw: bytes) -> None:
        padding = text.find(b"=", 0, usable)
        if padding >= 0:
            self._check_padding(text, padding, usable, raw)
        try:
            data = _b64.decode(text[:usable] if usable != len(text) else text)
        except binascii.Error:
            raise _locate(raw, self.seen) from None
        self.size += len(data)
        self.sink.write(data)

    def _check_padding(self, text: bytes, padding: int, usable: int, raw: bytes) -> None:
        """'=' only as the last one or two characters of the whole text, after data whose
        last bits are zero."""
        position = self.seen + max(raw.find(b"="), 0) + 1
        if padding < usable - 2 or len(text) != usable or text[padding:].strip(b"="):
            raise _error(tr("padding '=' is allowed only at the end, once or twice"),
                         position)
        group = text[usable - 4:usable]
        if _stray_bits(group, usable - padding):
            raise _error(tr("the last group {group!r} has bits set after the data (not "
                            "canonical base64; XML Schema refuses it)",
                            group=group.decode("ascii")), position)
        self.padded = True


def _stray_bits(group: bytes | str, pads: int) -> bool:
    """True when the last data character of a padded group carries bits beyond the data
    (``QR==``: ``R`` sets bits that ``==`` says are not data)."""
    last = group[3 - pads]
    value = _VALUES.get(last if isinstance(last, int) else ord(last), 0)
    return bool(value & (0b1111 if pads == 2 else 0b11))


def decode_base64(text: str | bytes) -> bytes:
    """The bytes of the base64 *text*, checked as the module text says; raises
    :class:`~vn_egov.errors.InvalidBase64`.

    The canonical form (one line, no white space) is decoded in one call, without a copy
    of the text; other texts in pieces of 1 Mi characters.

    >>> decode_base64("QR==")
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidBase64: the last group 'QR==' has bits set after the data ...
    """
    quick = _canonical(text)
    if quick is not None:
        return quick
    import io

    sink = io.BytesIO()
    decoder = Base64Decoder(sink)
    for start in range(0, len(text), _PIECE):
        decoder.feed(text[start:start + _PIECE])
    decoder.close()
    return sink.getvalue()


def decode_base64_head(text: str | bytes, size: int) -> bytes:
    """The first *size* bytes of the base64 *text*, after checking all of it exactly as
    :func:`decode_base64` does (same acceptance, same errors); the rest is decoded in pieces
    of 1 Mi characters and dropped. Validation keeps only what tells the type of a file.

    >>> decode_base64_head("JVBER i0xLjQK", 4)
    b'%PDF'
    >>> decode_base64_head("JVBERi0xLjQK-_-_", 4)
    Traceback (most recent call last):
    ...
    vn_egov.errors.InvalidBase64: character '-' at position 13: URL-safe base64 ... not ...
    """
    if is_canonical_base64(text):  # the usual form: checked in pieces without a copy
        return _b64.decode(text[:(size + 2) // 3 * 4])[:size]
    sink = _Head(size)
    decoder = Base64Decoder(sink)
    for start in range(0, len(text), _PIECE):
        decoder.feed(text[start:start + _PIECE])
    decoder.close()
    return sink.data


class _Head:
    """A sink that keeps the first *size* bytes written to it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data = b""

    def write(self, data: bytes) -> None:
        missing = self.size - len(self.data)
        if missing > 0:
            self.data += data[:missing]


def is_canonical_base64(text: str | bytes) -> bool:
    """True when *text* is accepted by :func:`decode_base64` and has no white space: the
    canonical lexical form of ``xs:base64Binary``. Decoded in pieces of 1 Mi characters,
    nothing kept (the XSD layer asks this of large attachments).

    >>> is_canonical_base64("QUJD"), is_canonical_base64("QQ=="), is_canonical_base64("QR==")
    (True, True, False)
    >>> is_canonical_base64("QU JD"), is_canonical_base64("QUJD="), is_canonical_base64("")
    (False, False, True)
    """
    if _canonical_padding(text) is None:
        return False
    try:
        for start in range(0, len(text), _PIECE):
            _b64.decode(text[start:start + _PIECE])
    except ValueError:  # binascii.Error (malformed) or a character that is not ASCII
        return False
    return True


def _canonical(text: str | bytes) -> bytes | None:
    """The decoded bytes when *text* is base64 without white space, else ``None``."""
    if _canonical_padding(text) is None:
        return None
    try:
        return _b64.decode(text)
    except ValueError:  # binascii.Error (malformed) or a character that is not ASCII
        return None


def _canonical_padding(text: str | bytes) -> int | None:
    """Where the padding of *text* starts (``-1``: none) when its length and padding are
    those of canonical base64 (a multiple of 4, ``=`` only as the last one or two characters,
    no bits after the data), else ``None``. The characters themselves are not looked at."""
    length = len(text)
    if length % 4:
        return None
    pad = text.find("=") if isinstance(text, str) else text.find(b"=")
    if pad < 0:
        return pad
    if pad < length - 2 or text[-1:] not in ("=", b"=") or _stray_bits(text[-4:], length - pad):
        return None
    return pad


def _has_space(raw: bytes) -> bool:
    return b" " in raw or b"\n" in raw or b"\r" in raw or b"\t" in raw


def _ascii(piece: str | bytes, seen: int) -> bytes:
    if isinstance(piece, str):
        if piece.isascii():
            return piece.encode("ascii")
        index = next(i for i, c in enumerate(piece) if ord(c) > 0x7F)
        raise _bad_character(piece[index], seen + index + 1)
    if piece.isascii():
        return piece
    index = next(i for i, c in enumerate(piece) if c > 0x7F)
    raise _error(tr("byte 0x{byte:02x} at position {position} is not base64 text",
                    byte=piece[index], position=seen + index + 1), seen + index + 1)


def _locate(raw: bytes, seen: int) -> InvalidBase64:
    """The first character of *raw* that is neither base64 nor XML white space."""
    for index, code in enumerate(raw):
        if code not in _ALPHABET and code not in _XML_SPACE and code != _PAD:
            return _bad_character(chr(code), seen + index + 1)
    return _error(tr("padding '=' is allowed only at the end, once or twice"),  # pragma: no cover
                  seen + 1)


def _bad_character(character: str, position: int) -> InvalidBase64:
    if character in "-_":
        return _error(tr("character {char!r} at position {position}: URL-safe base64 ('-', "
                         "'_') is not accepted; standard base64 uses '+' and '/'",
                         char=character, position=position), position,
                      tr("encode the file with standard base64 (RFC 4648 section 4)"))
    name = unicodedata.name(character, "")
    return _error(tr("character U+{code:04X} {name} at position {position} is not in the "
                     "base64 alphabet (only space, tab, carriage return and line feed may "
                     "separate the characters)", code=ord(character), name=name,
                     position=position), position)


def _error(message: str, position: int | None, hint: str | None = None) -> InvalidBase64:
    return InvalidBase64(message, position=position,
                         hint=hint or tr("encode the file with standard base64"))
