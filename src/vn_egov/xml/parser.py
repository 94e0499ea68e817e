"""The one hardened XML entry point of the library.

Only this module calls lxml's parser. Defences, in order:

1. :func:`read_bytes` reads through the input gate (:mod:`vn_egov.inputs`): special files
   refused unopened, at most ``max_bytes`` read, from any source.
2. :func:`~vn_egov.xml.prolog.inspect_prolog` accepts only unambiguous encodings, refuses
   declarations that contradict the bytes and refuses a DTD anywhere in the prolog, before
   libxml2 sees the input; :func:`~vn_egov.xml.checks.prescan` bounds the tree size and,
   for large inputs, the number of comments and processing instructions.
3. libxml2 runs with entity substitution, DTD loading and network access off, and with a
   resolver that refuses every external resource (a DTD subset, an entity, anything), so
   even a DTD that slipped through step 2 cannot make it open a file or a socket. A parsed
   DTD is refused again afterwards.
4. :func:`~vn_egov.xml.checks.check_tree` enforces depth, names, attributes, text sizes,
   comments, processing instructions and namespace declarations, and refuses XInclude
   elements. Huge text is allowed only in the elements named in
   :attr:`ParseLimits.huge_text_elements` (attachment content), up to its own limit.

>>> doc = parse(b"<a><b>x</b></a>")
>>> doc.root.tag, doc.sha256[:12]
('a', 'bdc0c4b964ba')
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final, TypeAlias

from lxml import etree

from vn_egov.errors import (
    DTDForbidden,
    EmptyInput,
    MalformedXMLError,
    UnsafeXMLError,
    VnEgovError,
)
from vn_egov.i18n import N_, tr, translate
from vn_egov.inputs import InputSource, read_input
from vn_egov.xml.checks import XINCLUDE_NAMESPACES, check_tree, prescan
from vn_egov.xml.factory import make_parser
from vn_egov.xml.limits import DEFAULT_LIMITS, MiB, ParseLimits
from vn_egov.xml.prolog import inspect_prolog

__all__ = [
    "DEFAULT_LIMITS",
    "XINCLUDE_NAMESPACES",
    "MiB",
    "ParseLimits",
    "ParsedXML",
    "Source",
    "make_parser",
    "parse",
    "read_bytes",
]

_NOT_WELL_FORMED: Final = N_("not well-formed XML")

#: What :func:`parse` reads: bytes, XML text (a ``str`` starting with ``<``), a path, ``"-"``
#: (standard input) or a binary stream.
Source: TypeAlias = InputSource


@dataclass(frozen=True, slots=True)
class ParsedXML:
    """A parsed document with the bytes it came from and where they came from.

    >>> parse(b"<a/>", source_name="x.edxml").source
    'x.edxml'
    """

    tree: etree._ElementTree
    data: bytes
    source: str | None

    @property
    def root(self) -> etree._Element:
        """The document element."""
        return self.tree.getroot()

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the input bytes (as given, before any decoding)."""
        return hashlib.sha256(self.data).hexdigest()


def read_bytes(
    source: Source, *, max_bytes: int = DEFAULT_LIMITS.max_bytes
) -> tuple[bytes, str | None]:
    """Return the bytes of *source* and a display name for it, reading at most *max_bytes*.

    A ``str`` is taken as XML text when it starts with ``<`` (after white space), ``"-"`` as
    standard input, else as a path. Everything goes through the input gate
    (:func:`vn_egov.inputs.read_input`): a FIFO, a device or a directory is refused without
    being opened, a file larger than *max_bytes* from its size alone.

    >>> read_bytes(b"<a/>")
    (b'<a/>', None)
    >>> read_bytes(b"<a/>" * 3, max_bytes=8)
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnsafeXMLError: input has 12 bytes, above the limit of 8 ...
    """
    if isinstance(source, str) and source.lstrip().startswith("<"):
        source = source.encode("utf-8")
    data, name = read_input(source, max_bytes=max_bytes, limit_name="ParseLimits.max_bytes",
                            too_large=UnsafeXMLError)
    return data, name


def parse(source: Source, *, limits: ParseLimits = DEFAULT_LIMITS,
          source_name: str | None = None) -> ParsedXML:
    """Parse *source* safely and return the tree with its bytes.

    Raises :class:`~vn_egov.errors.InputError` when it cannot be read,
    :class:`~vn_egov.errors.MalformedXMLError` when it is not well-formed and
    :class:`~vn_egov.errors.UnsafeXMLError` for refused features and exceeded limits.

    >>> parse(b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>")
    Traceback (most recent call last):
    ...
    vn_egov.errors.DTDForbidden: document type declarations (DTD) are not allowed ...
    """
    data, name = read_bytes(source, max_bytes=limits.max_bytes)
    name = source_name or name
    if not data or data.isspace():  # isspace() stops at the first other byte: no copy
        raise EmptyInput(tr("input is empty (0 bytes of XML)") if not data else
                         tr("input contains only white space"), source=name,
                         hint=tr("check that the file was written completely"))
    prolog = inspect_prolog(data, name)
    markup = prescan(data, prolog.scan, limits, name)
    tree = _parse_bytes(data, name)
    check_tree(tree, limits, name, prolog.scan, markup)
    return ParsedXML(tree=tree, data=data, source=name)


def _parse_bytes(data: bytes, name: str | None) -> etree._ElementTree:
    try:
        tree: etree._ElementTree = etree.fromstring(data, make_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, data, name) from None
    except UnsafeXMLError as exc:  # raised by _RefuseResolver inside libxml2
        exc.source = exc.source or name
        raise
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise DTDForbidden(source=name)
    return tree


# (fragment of libxml2's message, error class, message prefix, hint); texts are translated
# where they are shown. libxml2's own message follows the prefix, in English.
_SYNTAX_RULES: Final = (
    ("amplification", DTDForbidden, N_("entity expansion refused"),
     N_("the document expands entities excessively; it is hostile or broken")),
    ("entity", DTDForbidden, N_("entity reference refused"),
     N_("replace entity references with the characters they stand for")),
    ("excessive depth", UnsafeXMLError, N_("nesting too deep"),
     N_("the document nests elements too deeply")),
    ("huge input lookup", UnsafeXMLError, N_("input too large for the parser"),
     N_("split the document")),
    ("xml declaration allowed only at the start", MalformedXMLError, _NOT_WELL_FORMED,
     N_("the XML declaration must be the very first bytes of the file (nothing before it, "
        "and only one: concatenated documents?)")),
    ("invalid bytes in character encoding", MalformedXMLError, _NOT_WELL_FORMED,
     N_("the bytes are not valid in the declared encoding (UTF-8 when none is declared); "
        "re-encode the file as UTF-8 or declare its real encoding")),
    ("not proper utf-8", MalformedXMLError, _NOT_WELL_FORMED,
     N_("the bytes are not valid UTF-8; re-encode the file as UTF-8 (it may be in a legacy "
        "encoding such as windows-1258 or TCVN3) or declare its real encoding")),
    ("char 0x0 ", MalformedXMLError, _NOT_WELL_FORMED,
     N_("the input contains NUL bytes: it is binary, truncated or padded, not XML text")),
    ("extra content at the end", MalformedXMLError, _NOT_WELL_FORMED,
     N_("there is content after the root element (concatenated documents?); give one "
        "document")),
    ("premature end of data", MalformedXMLError, _NOT_WELL_FORMED,
     N_("the document ends early: the file may be truncated")),
    ("unsupported encoding", UnsafeXMLError, N_("encoding refused"),
     N_("re-encode the document as UTF-8")),
)


_POSITION_SUFFIX = re.compile(r"(?:, line \d+)+, column \d+$")


def _syntax_error(exc: etree.XMLSyntaxError, data: bytes, name: str | None) -> Exception:
    line, column = exc.position if exc.position else (None, None)
    # libxml2 appends ", line N, column M"; the error carries them as attributes already.
    message = _POSITION_SUFFIX.sub("", str(exc.msg or exc))
    lowered = message.lower()
    error: type[VnEgovError] = MalformedXMLError
    prefix = _NOT_WELL_FORMED
    if data[:3] == b"\x1f\x8b\x08" or data[:4] == b"PK\x03\x04":
        hint = N_("this looks like a compressed (gzip/zip) file: unpack it first")
    elif data[:1] == b"\x00":
        hint = N_("the input starts with NUL bytes: it is binary or padded, not XML text")
    elif rule := next((rule for rule in _SYNTAX_RULES if rule[0] in lowered), None):
        _fragment, error, prefix, hint = rule
    elif data.lstrip().startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        hint = N_("check the XML syntax at that position")
    else:
        hint = N_("there are bytes before the XML declaration or the input is not XML")
    return error(f"{translate(prefix)}: {message}", source=name, line=line, column=column,
                 hint=translate(hint))
