"""The one hardened XML entry point of the library.

Only this module calls lxml's parser. Defences, in order:

1. :func:`read_bytes` reads at most ``max_bytes`` (+1 to detect overflow), from any source.
2. :func:`~vn_egov.xml.prolog.inspect_prolog` accepts only unambiguous encodings, refuses
   declarations that contradict the bytes and refuses a DTD anywhere in the prolog, before
   libxml2 sees the input; :func:`~vn_egov.xml.checks.estimate_nodes` bounds the tree size.
3. libxml2 runs with entity substitution, DTD loading and network access off, and with a
   resolver that refuses every external resource (a DTD subset, an entity, anything), so
   even a DTD that slipped through step 2 cannot make it open a file or a socket. A parsed
   DTD is refused again afterwards.
4. :func:`~vn_egov.xml.checks.check_tree` enforces depth, names, attributes, text sizes
   and refuses XInclude elements. Huge text is allowed only in the elements named in
   :attr:`ParseLimits.huge_text_elements` (attachment content), up to its own limit.

>>> doc = parse(b"<a><b>x</b></a>")
>>> doc.root.tag, doc.sha256[:12]
('a', 'bdc0c4b964ba')
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, TypeAlias

from lxml import etree

from vn_egov.errors import DTDForbidden, InputError, MalformedXMLError, UnsafeXMLError
from vn_egov.xml.checks import XINCLUDE_NAMESPACES, check_tree, estimate_nodes
from vn_egov.xml.limits import DEFAULT_LIMITS, MiB, ParseLimits
from vn_egov.xml.prolog import inspect_prolog

__all__ = [
    "DEFAULT_LIMITS",
    "XINCLUDE_NAMESPACES",
    "MiB",
    "ParseLimits",
    "ParsedXML",
    "Source",
    "parse",
    "read_bytes",
]

Source: TypeAlias = "bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]"



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

    A ``str`` is taken as XML text when it starts with ``<`` (after white space), else as a
    path. Paths are read with a bounded read, so a pipe or ``/dev/zero`` cannot exhaust memory.

    >>> read_bytes(b"<a/>")
    (b'<a/>', None)
    >>> read_bytes(b"<a/>" * 3, max_bytes=8)
    Traceback (most recent call last):
    ...
    vn_egov.errors.UnsafeXMLError: input is larger than the limit of 8 bytes ...
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = None
    elif isinstance(source, str) and source.lstrip().startswith("<"):
        data = source.encode("utf-8")
        name = None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = str(path)
        data = _read_path(path, max_bytes)
    else:
        name = getattr(source, "name", None)
        name = name if isinstance(name, str) else None
        data = source.read(max_bytes + 1)
        if not isinstance(data, bytes):
            raise InputError("stream must be opened in binary mode", source=name,
                             hint="open the file with 'rb'")
    if len(data) > max_bytes:
        raise UnsafeXMLError(
            f"input is larger than the limit of {max_bytes} bytes", source=name,
            hint="raise ParseLimits.max_bytes if this size is expected",
        )
    return data, name


def _read_path(path: Path, max_bytes: int) -> bytes:
    if path.is_dir():
        raise InputError("is a directory, not a file", source=str(path),
                         hint="give a file, or use 'vn-egov validate DIR' to walk a folder")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnsafeXMLError(f"file has {size} bytes, above the limit of {max_bytes}",
                                 source=str(path), hint="raise ParseLimits.max_bytes")
        with path.open("rb") as stream:
            return stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", source=str(path)) from None
    except IsADirectoryError:  # pragma: no cover - raced with is_dir()
        raise InputError("is a directory, not a file", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", source=str(path)) from None


class _RefuseResolver(etree.Resolver):
    """Refuses every external resource (DTD subsets, entities) so nothing is ever read.

    lxml routes every load libxml2 asks for through the parser's resolvers; raising here
    aborts the parse before any file is opened or any connection is made.
    """

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> None:
        raise DTDForbidden(f"external resource {system_url!r} refused",
                           hint="the document must be self-contained")


def make_parser(target: object = None) -> Any:
    """The hardened libxml2 parser, for trees or (with *target*) for events; internal.

    ``huge_tree`` lifts libxml2's 10 MB text-node cap (attachments); every other bound is
    enforced by this package.
    """
    # types-lxml's ParserTarget protocol does not describe optional target methods (doctype).
    options: dict[str, Any] = {"target": target} if target is not None else {}
    parser: Any = etree.XMLParser(
        **options,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=True,
        remove_blank_text=False,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseResolver())
    return parser


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
        raise InputError("input is empty (0 bytes of XML)" if not data else
                         "input contains only white space", source=name,
                         hint="check that the file was written completely")
    prolog = inspect_prolog(data, name)
    estimate_nodes(prolog.scan, limits, name)
    tree = _parse_bytes(data, name)
    check_tree(tree, limits, name, len(prolog.scan))
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


# (fragment of libxml2's message, error class, message prefix, hint)
_SYNTAX_RULES: Final = (
    ("amplification", DTDForbidden, "entity expansion refused",
     "the document expands entities excessively; it is hostile or broken"),
    ("entity", DTDForbidden, "entity reference refused",
     "replace entity references with the characters they stand for"),
    ("excessive depth", UnsafeXMLError, "nesting too deep",
     "the document nests elements too deeply"),
    ("huge input lookup", UnsafeXMLError, "input too large for the parser", "split the document"),
    ("xml declaration allowed only at the start", MalformedXMLError, "not well-formed XML",
     "the XML declaration must be the very first bytes of the file (nothing before it, and "
     "only one: concatenated documents?)"),
    ("invalid bytes in character encoding", MalformedXMLError, "not well-formed XML",
     "the bytes are not valid in the declared encoding (UTF-8 when none is declared); "
     "re-encode the file as UTF-8 or declare its real encoding"),
    ("not proper utf-8", MalformedXMLError, "not well-formed XML",
     "the bytes are not valid UTF-8; re-encode the file as UTF-8 (it may be in a legacy "
     "encoding such as windows-1258 or TCVN3) or declare its real encoding"),
    ("char 0x0 ", MalformedXMLError, "not well-formed XML",
     "the input contains NUL bytes: it is binary, truncated or padded, not XML text"),
    ("extra content at the end", MalformedXMLError, "not well-formed XML",
     "there is content after the root element (concatenated documents?); give one document"),
    ("premature end of data", MalformedXMLError, "not well-formed XML",
     "the document ends early: the file may be truncated"),
    ("unsupported encoding", UnsafeXMLError, "encoding refused",
     "re-encode the document as UTF-8"),
)


_POSITION_SUFFIX = re.compile(r"(?:, line \d+)+, column \d+$")


def _syntax_error(exc: etree.XMLSyntaxError, data: bytes, name: str | None) -> Exception:
    line, column = exc.position if exc.position else (None, None)
    # libxml2 appends ", line N, column M"; the error carries them as attributes already.
    message = _POSITION_SUFFIX.sub("", str(exc.msg or exc))
    lowered = message.lower()
    if data[:3] == b"\x1f\x8b\x08" or data[:4] == b"PK\x03\x04":
        return MalformedXMLError(f"not well-formed XML: {message}", source=name, line=line,
                                 column=column,
                                 hint="this looks like a compressed (gzip/zip) file: unpack "
                                      "it first")
    if data[:1] == b"\x00":
        return MalformedXMLError(f"not well-formed XML: {message}", source=name, line=line,
                                 column=column, hint="the input starts with NUL bytes: it is "
                                 "binary or padded, not XML text")
    for fragment, error, prefix, hint in _SYNTAX_RULES:
        if fragment in lowered:
            return error(f"{prefix}: {message}", source=name, line=line, column=column,
                         hint=hint)
    hint = "check the XML syntax at that position"
    if not data.lstrip().startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        hint = "there are bytes before the XML declaration or the input is not XML"
    return MalformedXMLError(f"not well-formed XML: {message}", source=name, line=line,
                             column=column, hint=hint)
