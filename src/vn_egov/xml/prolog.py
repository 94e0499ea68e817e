"""Encoding detection and the prolog scan, done before libxml2 sees a single byte.

A document type declaration (DTD) can make libxml2 open files or URLs, so it is refused
here, on the raw input, and again by the parser itself (see :mod:`vn_egov.xml.parser`). For
this scan to see exactly what libxml2 will see, the encoding must be one whose markup
characters are unambiguous: UTF-8, UTF-16 (decoded here) and a few single-byte
ASCII-compatible encodings (:data:`ACCEPTED_ENCODINGS`). UTF-32, EBCDIC, UTF-7 and stateful
or multi-byte legacy encodings are refused: they could hide markup from the scan.

>>> inspect_prolog(b'<?xml version="1.0" encoding="UTF-8"?><a/>').encoding
'utf-8'
>>> inspect_prolog('<a>Hải Phòng</a>'.encode('utf-16')).encoding
'utf-16-le'
>>> inspect_prolog(b'<!-- x --><!DOCTYPE a SYSTEM "file:///etc/passwd"><a/>')
Traceback (most recent call last):
...
vn_egov.errors.DTDForbidden: document type declarations (DTD) are not allowed ...
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final

from vn_egov.errors import DTDForbidden, MalformedXMLError, UnsafeXMLError
from vn_egov.i18n import tr

__all__ = ["ACCEPTED_ENCODINGS", "Prolog", "inspect_prolog", "root_start"]

#: Python codec names of the accepted encodings (declared names are looked up with codecs).
ACCEPTED_ENCODINGS: Final = frozenset(
    {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "iso8859-1", "iso8859-15",
     "cp1252", "cp1258"}
)
_UTF16: Final = frozenset({"utf-16", "utf-16-le", "utf-16-be"})
_SINGLE_BYTE: Final = ACCEPTED_ENCODINGS - _UTF16 - {"utf-8", "ascii"}
_ACCEPTED_TEXT: Final = ("UTF-8, UTF-16, US-ASCII, ISO-8859-1, ISO-8859-15, windows-1252, "
                         "windows-1258")


# Misc* of the XML prolog (XML 1.0 production 27): white space, comments and processing
# instructions, the XML declaration included. Lazy bodies make each item linear.
_MISC_TEXT: Final = r"(?:[ \t\r\n]+|<\?.*?\?>|<!--.*?-->)*"
_DECL_TEXT: Final = (r"<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:\"[^\"]*\"|'[^']*')"
                     r"(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:\"([^\"]*)\"|'([^']*)'))?")
_MISC_BYTES: Final = re.compile(_MISC_TEXT.encode(), re.DOTALL)
_MISC_STR: Final = re.compile(_MISC_TEXT, re.DOTALL)
_DECL_BYTES: Final = re.compile(_DECL_TEXT.encode())
_DECL_STR: Final = re.compile(_DECL_TEXT)
_UTF32_STARTS: Final = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"<\x00\x00\x00",
                        b"\x00\x00\x00<", b"\x00\x00<\x00", b"\x00<\x00\x00")


@dataclass(frozen=True, slots=True)
class Prolog:
    """What the scan learnt: the effective encoding, the declared one, and the text scanned.

    ``scan`` is the input itself for ASCII-compatible encodings, or the decoded text for
    UTF-16, so that later estimates (counting ``<``) count characters, not bytes.

    >>> p = inspect_prolog(b'\\xef\\xbb\\xbf<a/>')
    >>> p.encoding, p.declared, p.bom
    ('utf-8', None, True)
    """

    encoding: str
    declared: str | None
    bom: bool
    scan: bytes | str


def inspect_prolog(data: bytes, source: str | None = None) -> Prolog:
    """Detect the encoding, check the XML declaration, and refuse a DTD anywhere in the prolog.

    Raises :class:`~vn_egov.errors.UnsafeXMLError` for a DTD or an encoding that is not
    accepted and :class:`~vn_egov.errors.MalformedXMLError` when the encoding declaration
    contradicts the bytes.

    >>> inspect_prolog(b'<?xml version="1.0" encoding="UTF-7"?><a/>')
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnsafeXMLError: encoding 'UTF-7' is not accepted ...
    """
    family, bom_length = _detect_family(data, source)
    if family in _UTF16:
        try:
            text = data[bom_length:].decode(family)
        except UnicodeDecodeError as exc:
            raise MalformedXMLError(
                tr("the input is not valid {encoding}: {reason} at byte {offset}",
                   encoding=family.upper(), reason=exc.reason, offset=exc.start + bom_length),
                source=source, hint=tr("re-encode the document as UTF-8")) from None
        match = _DECL_STR.match(text)
        declared = (match.group(1) or match.group(2)) if match else None
        _check_declaration(data, family, bool(bom_length), declared, source)
        end = _MISC_STR.match(text).end()  # type: ignore[union-attr]  # '*' always matches
        _refuse_dtd(text[end:end + 9].upper() == "<!DOCTYPE", source)
        return Prolog(encoding=family, declared=declared, bom=bool(bom_length), scan=text)
    match_b = _DECL_BYTES.match(data, bom_length)
    raw = (match_b.group(1) or match_b.group(2)) if match_b else None
    declared = raw.decode("ascii", errors="replace") if raw is not None else None
    encoding = _check_declaration(data, family, bool(bom_length), declared, source)
    end = _MISC_BYTES.match(data, bom_length).end()  # type: ignore[union-attr]
    _refuse_dtd(data[end:end + 9].upper() == b"<!DOCTYPE", source)
    return Prolog(encoding=encoding, declared=declared, bom=bool(bom_length), scan=data)


def root_start(prolog: Prolog) -> int | None:
    """Index in ``prolog.scan`` where the document element starts, or ``None`` if not seen.

    Used by the streaming parser to insist that the whole prolog was checked.

    >>> root_start(inspect_prolog(b'<?xml version="1.0"?> <!-- c --><a/>'))
    32
    >>> root_start(inspect_prolog(b'<!-- never closed')) is None
    True
    """
    scan = prolog.scan
    if isinstance(scan, str):
        end = _MISC_STR.match(scan).end()  # type: ignore[union-attr]  # '*' always matches
        follows = scan[end:end + 2]
        ok = len(follows) == 2 and follows[0] == "<" and follows[1] not in "!?"
    else:
        start = 3 if prolog.bom and prolog.encoding == "utf-8" else 0
        end = _MISC_BYTES.match(scan, start).end()  # type: ignore[union-attr]
        head = scan[end:end + 2]
        ok = len(head) == 2 and head[:1] == b"<" and head[1:] not in (b"!", b"?")
    return end if ok else None


def _reencode_hint() -> str:
    return tr("re-encode the document as UTF-8 (accepted: {encodings})",
              encodings=_ACCEPTED_TEXT)


def _refuse_dtd(found: bool, source: str | None) -> None:
    if found:
        raise DTDForbidden(source=source)


def _detect_family(data: bytes, source: str | None) -> tuple[str, int]:
    """XML 1.0 Appendix F: the byte order mark or the first four bytes give the family."""
    head = data[:4]
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if head.startswith(_UTF32_STARTS):
        raise UnsafeXMLError(tr("UTF-32 (UCS-4) input is not accepted"), source=source,
                             hint=_reencode_hint())
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    if head == b"<\x00?\x00":
        return "utf-16-le", 0
    if head == b"\x00<\x00?":
        return "utf-16-be", 0
    if head == b"\x4c\x6f\xa7\x94":
        raise UnsafeXMLError(tr("EBCDIC input is not accepted"), source=source,
                             hint=_reencode_hint())
    if head[:2] in (b"<\x00", b"\x00<"):
        raise MalformedXMLError(
            tr("the input looks like UTF-16 without a byte order mark or XML declaration"),
            source=source, hint=tr("add a byte order mark, or better, re-encode as UTF-8"))
    return "utf-8", 0


def _check_declaration(data: bytes, family: str, bom: bool, declared: str | None,
                       source: str | None) -> str:
    """Return the effective encoding; refuse unknown ones and declarations that lie."""
    if declared is None:
        return family
    try:
        named = codecs.lookup(declared).name
    except (LookupError, ValueError):  # ValueError: a NUL inside the name (found by fuzzing)
        named = ""
    if named not in ACCEPTED_ENCODINGS:
        raise UnsafeXMLError(tr("encoding {name} is not accepted", name=repr(declared)),
                             source=source, hint=_reencode_hint())
    if family in _UTF16:
        if named not in ("utf-16", family):
            raise MalformedXMLError(
                tr("the XML declaration says encoding {name} but the bytes are {encoding}",
                   name=repr(declared), encoding=family.upper()), source=source,
                hint=tr("correct the encoding declaration or re-encode the document as UTF-8"))
        return family
    if named in _UTF16:
        raise MalformedXMLError(
            tr("the XML declaration says encoding {name} but the bytes are not UTF-16 (no "
               "byte order mark)", name=repr(declared)), source=source,
            hint=tr("correct the encoding declaration to UTF-8 if the file is UTF-8"))
    if bom and named != "utf-8":
        raise MalformedXMLError(
            tr("the XML declaration says encoding {name} but the file starts with a UTF-8 "
               "byte order mark", name=repr(declared)), source=source,
            hint=tr("correct the encoding declaration to UTF-8"))
    if named in _SINGLE_BYTE and not data.isascii() and _is_utf8(data):
        # Mislabelled UTF-8 would be read as mojibake without any error: refuse instead.
        raise MalformedXMLError(
            tr("the XML declaration says encoding {name} but the bytes are UTF-8",
               name=repr(declared)), source=source,
            hint=tr("correct the encoding declaration to UTF-8"))
    return named


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
