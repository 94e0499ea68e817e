"""The one hardened XML entry point of the library.

Only this module calls lxml's parser. It refuses DTDs, entity declarations, external
resources and XInclude, bounds the input size, nesting depth, number of attributes and the
size of names and text, and allows huge text nodes only in elements named in
:attr:`ParseLimits.huge_text_elements` (attachment content), up to a configurable limit.

>>> doc = parse(b"<a><b>x</b></a>")
>>> doc.root.tag, doc.sha256[:12]
('a', 'bdc0c4b964ba')
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final, TypeAlias

from lxml import etree

from vn_egov.errors import InputError, MalformedXMLError, UnsafeXMLError

__all__ = [
    "DEFAULT_LIMITS",
    "XINCLUDE_NAMESPACES",
    "ParseLimits",
    "ParsedXML",
    "Source",
    "parse",
    "read_bytes",
]

Source: TypeAlias = "bytes | bytearray | memoryview | str | os.PathLike[str] | IO[bytes]"

XINCLUDE_NAMESPACES: Final = frozenset(
    {"http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude"}
)

MiB: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Bounds applied to every parse. All sizes are in bytes or characters.

    >>> ParseLimits(max_bytes=10 * 1024 * 1024).max_depth
    256
    """

    max_bytes: int = 512 * MiB
    max_depth: int = 256
    max_attributes: int = 256
    max_name_length: int = 1_000
    max_text_length: int = 1 * MiB
    max_huge_text_length: int = 512 * MiB
    huge_text_elements: frozenset[str] = field(
        default_factory=lambda: frozenset({"ContentTransferEncoded"})
    )


DEFAULT_LIMITS: Final = ParseLimits()


@dataclass(frozen=True, slots=True)
class ParsedXML:
    """A parsed document with the bytes it came from and where they came from."""

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
    """Return the bytes of *source* and a display name for it.

    A ``str`` is taken as XML text when it starts with ``<`` (after white space), else as a path.

    >>> read_bytes(b"<a/>")
    (b'<a/>', None)
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
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", source=str(path)) from None
    except IsADirectoryError:  # pragma: no cover - raced with is_dir()
        raise InputError("is a directory, not a file", source=str(path)) from None


class _RefuseResolver(etree.Resolver):
    """Refuses every external resource (DTD subsets, entities) so nothing is ever read."""

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> None:
        raise UnsafeXMLError(f"external resource {system_url!r} refused",
                             hint="the document must be self-contained")


# "<!DOCTYPE" in ASCII-compatible encodings and in UTF-16 (both byte orders).
_DOCTYPE_MARKERS: Final = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"),
                           "<!DOCTYPE".encode("utf-16-be"))


def _refuse_doctype(data: bytes, name: str | None) -> None:
    # Checked before libxml2 sees the bytes: an external subset must never be opened.
    head = data[: 1 * MiB]
    if any(marker in head for marker in _DOCTYPE_MARKERS):
        raise UnsafeXMLError(
            "document type declarations (DTD) are not allowed", source=name,
            hint="remove the <!DOCTYPE ...> declaration; edXML never needs one",
        )


def _make_parser() -> etree.XMLParser:
    # huge_tree lifts libxml2's 10 MB text-node cap (attachments); every other bound is ours.
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
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
    vn_egov.errors.UnsafeXMLError: document type declarations (DTD) are not allowed ...
    """
    data, name = read_bytes(source, max_bytes=limits.max_bytes)
    name = source_name or name
    if not data.strip():
        raise InputError("input is empty (0 bytes of XML)", source=name,
                         hint="check that the file was written completely")
    tree = _parse_bytes(data, name)
    _check_tree(tree, limits, name)
    return ParsedXML(tree=tree, data=data, source=name)


def _parse_bytes(data: bytes, name: str | None) -> etree._ElementTree:
    _refuse_doctype(data, name)
    parser = _make_parser()
    try:
        tree = etree.parse(io.BytesIO(data), parser)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, data, name) from None
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnsafeXMLError(
            "document type declarations (DTD) are not allowed", source=name,
            hint="remove the <!DOCTYPE ...> declaration; edXML never needs one",
        )
    return tree


def _syntax_error(exc: etree.XMLSyntaxError, data: bytes, name: str | None) -> Exception:
    line, column = exc.position if exc.position else (None, None)
    message = str(exc.msg or exc)
    lowered = message.lower()
    if "entity" in lowered and ("undefined" in lowered or "declared" in lowered):
        return UnsafeXMLError(f"entity reference refused: {message}", source=name, line=line,
                              column=column, hint="replace entity references with the characters")
    if "excessive depth" in lowered or "maximum depth" in lowered:
        return UnsafeXMLError(f"nesting too deep: {message}", source=name, line=line,
                              column=column, hint="the document nests elements too deeply")
    hint = "check the XML syntax at that position"
    if data[:3] == b"\x1f\x8b\x08" or data[:2] == b"PK":
        hint = "this looks like a compressed (gzip/zip) file: unpack it first"
    elif not data.lstrip().startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        hint = "there are bytes before the XML declaration or the input is not XML"
    return MalformedXMLError(f"not well-formed XML: {message}", source=name, line=line,
                             column=column, hint=hint)


def _check_tree(tree: etree._ElementTree, limits: ParseLimits, name: str | None) -> None:
    """Walk the tree once and enforce the structural limits that libxml2 does not."""
    root = tree.getroot()
    depth_of: dict[etree._Element, int] = {}
    for element in root.iter():
        parent = element.getparent()
        depth = depth_of[parent] + 1 if parent is not None else 1
        if len(element):
            depth_of[element] = depth
        if depth > limits.max_depth:
            raise _limit(name, element, f"elements nest deeper than {limits.max_depth} levels",
                         "flatten the structure or raise ParseLimits.max_depth")
        if not isinstance(element.tag, str):
            _check_node(element, limits, name)
            continue
        _check_element(element, limits, name)


def _check_node(node: etree._Element, limits: ParseLimits, name: str | None) -> None:
    if isinstance(node, etree._Entity):
        raise _limit(name, node, "entity references are not allowed",
                     "replace entity references with the characters they stand for")
    text = node.text or ""
    if len(text) > limits.max_text_length:
        raise _limit(name, node, f"a comment or processing instruction exceeds "
                     f"{limits.max_text_length} characters", "remove it")


def _check_element(element: etree._Element, limits: ParseLimits, name: str | None) -> None:
    qname = etree.QName(element)
    if qname.namespace in XINCLUDE_NAMESPACES:
        raise _limit(name, element, "XInclude elements are not allowed",
                     "inline the included content")
    if len(qname.localname) > limits.max_name_length:
        raise _limit(name, element, f"an element name exceeds {limits.max_name_length} characters",
                     "element names in edXML are short; this input is hostile or broken")
    attrib = element.attrib
    if len(attrib) > limits.max_attributes:
        raise _limit(name, element, f"element has {len(attrib)} attributes, above the limit of "
                     f"{limits.max_attributes}", "raise ParseLimits.max_attributes")
    for key, value in attrib.items():
        if len(key) > limits.max_name_length or len(value) > limits.max_text_length:
            raise _limit(name, element, "an attribute name or value is too long",
                         "raise ParseLimits.max_text_length if this is expected")
    allowed = (limits.max_huge_text_length if qname.localname in limits.huge_text_elements
               else limits.max_text_length)
    for text in (element.text, element.tail):
        if text is not None and len(text) > allowed:
            raise _limit(name, element, f"text of <{qname.localname}> has {len(text)} characters, "
                         f"above the limit of {allowed}",
                         "only attachment content may be large; raise ParseLimits if needed")


def _limit(name: str | None, element: etree._Element, message: str, hint: str) -> UnsafeXMLError:
    line = element.sourceline if isinstance(element.sourceline, int) else None
    return UnsafeXMLError(message, source=name, line=line, hint=hint)
