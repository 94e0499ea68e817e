"""The generated hostile corpus of the input gate and the parser limits (issue 17, part A).

Each :class:`HostileCase` writes one hostile input into an empty folder (``case.edxml`` for
XML, ``case.json`` for JSON, plus a conformance ``manifest.json``) and says how every entry
point must refuse it: the error class and a fragment of its message, and for XML the rule id
``check`` and ``vn-egov validate`` report. Nothing binary is committed: every input is built
here, from the demo package or from scratch. ``corpus_child.py`` runs the entry points in a
child process; ``test_hostile_corpus.py`` checks what they did, how long it took and the
child's peak memory. A :class:`ScaleCase` is large in number rather than in bytes (25,000
attachments, 900,000 unknown siblings) and must be read, not refused, within the same bounds.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

XML_NAME = "case.edxml"
JSON_NAME = "case.json"
#: Wrapped by its readers, the conformance manifest of a JSON case is the case itself.
MANIFEST_NAME = "manifest.json"
_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


@dataclass(frozen=True)
class HostileCase:
    """One hostile input and the refusal every entry point must give.

    ``error``: class name raised by the API readers; ``message``: a fragment of the message
    (``stream_message`` when the event parser words it differently). ``rule``: the rule id
    of ``check`` (XML cases). ``special``: the input is a special file (it names no bytes).
    """

    id: str
    kind: str  # "xml" or "json"
    build: Callable[[Path], None]
    error: str
    message: str
    rule: str | None = None
    stream_message: str | None = None
    special: bool = False
    notes: dict[str, str] = field(default_factory=dict)


# -- builders --------------------------------------------------------------------------------


def _package() -> bytes:
    from vn_egov.edoc.demo import plan_package
    from vn_egov.edoc.writer import write

    return write(plan_package().model_copy(update={"attachments": [], "manifest": []}))


def _in_header(extra: bytes, *, root_attributes: bytes = b"",
               envelope_attributes: bytes = b"", header_attributes: bytes = b"") -> bytes:
    """The demo package with *extra* inside edXMLHeader and attributes (namespace
    declarations) added to the root, the envelope and the header."""
    data = _package()
    data = data.replace(f'<edXML xmlns="{_NS}"'.encode(),
                        f'<edXML xmlns="{_NS}"'.encode() + root_attributes, 1)
    data = data.replace(b"<edXML:edXMLEnvelope ", b"<edXML:edXMLEnvelope "
                        + envelope_attributes + b" ", 1)
    data = data.replace(b"<edXML:edXMLHeader>", b"<edXML:edXMLHeader" + header_attributes
                        + b">", 1)
    return data.replace(b"</edXML:edXMLHeader>", extra + b"</edXML:edXMLHeader>", 1)


def _declarations(count: int, uri_length: int, tag: str) -> bytes:
    return b"".join(b' xmlns:%s%d="%s"' % (tag.encode(), i,
                                           (b"urn:%d:" % i).ljust(uri_length, b"u"))
                    for i in range(count))


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        (folder / name).write_bytes(data)
    return build


def _xml(make: Callable[[], bytes]) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        (folder / XML_NAME).write_bytes(make())
        _manifest_for_xml(folder)
    return build


def _package_of(make: Callable[[], bytes]) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        (folder / XML_NAME).write_bytes(make())
    return build


def _json(make: Callable[[], bytes]) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        data = make()
        (folder / JSON_NAME).write_bytes(data)
        (folder / MANIFEST_NAME).write_bytes(data)
    return build


def _manifest_for_xml(folder: Path, rule: str = "EDX002",
                      expected: dict[str, object] | None = None) -> None:
    """A one-case conformance corpus whose input is the hostile package."""
    expected = expected or {"valid": False, "readable": False, "rules": [rule]}
    manifest = {
        "corpus_version": "1.0.0", "title": "hostile", "generated_by": "tests/attacks",
        "notice": "generated", "cases": [{
            "id": "hostile", "title": "hostile input", "type": "edxml", "spec": "issue 17",
            "kind": "document", "profile": "edxml-document", "input": XML_NAME,
            "expected": expected}]}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")


def _special(make: Callable[[Path], None]) -> Callable[[Path], None]:
    """A special file at both input names (XML and JSON); the manifest is one too."""
    def build(folder: Path) -> None:
        for name in (XML_NAME, JSON_NAME, MANIFEST_NAME):
            make(folder / name)
    return build


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_loop(path: Path) -> None:
    other = path.with_name(path.name + ".loop")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


def _dangling(path: Path) -> None:
    os.symlink(path.name + ".missing", path)


def _directory(path: Path) -> None:
    path.mkdir()


def _device(device: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        os.symlink(device, path)
    return make


def _sparse_gigabyte(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(1024 ** 3)  # no block is written: the file is sparse


def _socket(path: Path) -> None:
    # AF_UNIX paths are limited to ~100 bytes: bind in a short folder, then link.
    import tempfile

    short = Path(tempfile.mkdtemp(prefix="vs", dir="/tmp"))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(short / "s"))
    server.close()  # the socket file stays
    os.symlink(short / "s", path)


def _comments(count: int) -> bytes:
    return _in_header(b"<!--c-->" * count)


def _pis(count: int) -> bytes:
    return _in_header(b"<?p?>" * count)


def _siblings(count: int) -> bytes:
    return b'<edXML xmlns="' + _NS.encode() + b'">' + b"<a/>" * count + b"</edXML>"


def _attachments(count: int, item: bytes) -> bytes:
    """The demo package with *count* attachments ``item % (index, index)`` (*item* as is when
    it has no ``%d``)."""
    items = (b"".join(item % (i, i) for i in range(count)) if b"%d" in item
             else item * count)
    return _package().replace(b"</edXML>", b"<AttachmentEncoded>" + items
                              + b"</AttachmentEncoded></edXML>", 1)


def _unknown_siblings(count: int) -> bytes:
    return _package().replace(b"</edXML>", b"<X/>" * count + b"</edXML>", 1)


def _deep_json(depth: int) -> bytes:
    return b'{"procedures": ' + b"[" * depth + b"]" * depth + b"}"


def _procedures(value: bytes) -> bytes:
    return b'{"procedures": [{"code": "1.001193", "name": "Khai sinh", "fee": ' + value + b"}]}"


# -- the cases -------------------------------------------------------------------------------

GIB = 1024 ** 3
MIB = 1024 ** 2

XML_CASES: tuple[HostileCase, ...] = (
    HostileCase(
        "ns-declarations-one-element", "xml",
        _xml(lambda: _in_header(b"<Extra>x</Extra>" * 20_000,
                                root_attributes=_declarations(2_000, 40, "p"))),
        "UnsafeXMLError", "element <edXML> declares 2001 namespaces, above the limit of 64",
        rule="EDX002"),
    HostileCase(
        "ns-declarations-total", "xml",
        # 100 elements x 60 declarations, every binding distinct (the same binding declared
        # again counts once: the official library repeats xmlns:edXML on each attachment).
        _xml(lambda: _in_header(b"".join(b"<Extra%s>x</Extra>" % _declarations(60, 20, f"q{n}x")
                                         for n in range(100)))),
        "UnsafeXMLError", "the document declares more than 4096 namespaces", rule="EDX002"),
    HostileCase(
        "ns-amplification-long-uris", "xml",
        # 3 x 60 declarations of 999-character URIs in scope of 20,000 unknown elements: every
        # per-element bound holds, but re-serialising each element would write 3.6 GB.
        _xml(lambda: _in_header(b"<Extra>x</Extra>" * 20_000,
                                root_attributes=_declarations(60, 999, "r"),
                                envelope_attributes=_declarations(60, 999, "s"),
                                header_attributes=_declarations(60, 999, "t"))),
        "UnsafeXMLError", "the namespace declarations in scope add up to more than 67108864 "
        "characters", rule="EDX002"),
    HostileCase(
        "ns-uri-10mb", "xml",
        _xml(lambda: _in_header(b"<Extra>x</Extra>" * 1_000,
                                root_attributes=b' xmlns:u="' + b"u" * (10 * MIB) + b'"')),
        "UnsafeXMLError", "a namespace URI has 10485760 characters, above the limit of 1000",
        rule="EDX002"),
    HostileCase(
        "ns-prefix-1mb", "xml",
        _xml(lambda: _in_header(b"", root_attributes=b" xmlns:" + b"p" * MIB + b'="urn:x"')),
        "UnsafeXMLError", "a namespace prefix has 1048576 characters, above the limit of 1000",
        rule="EDX002"),
    HostileCase(
        "attribute-prefix-1mb", "xml",
        _xml(lambda: _in_header(b"<Extra " + b"p" * MIB + b':a="1" xmlns:' + b"p" * MIB
                                + b'="urn:x"/>')),
        "UnsafeXMLError", "has 1048578 characters, above the limit of 1000",
        stream_message="a namespace prefix has 1048576 characters, above the limit of 1000",
        rule="EDX002"),
    HostileCase(
        "attribute-name-1mb", "xml",
        _xml(lambda: _in_header(b"<Extra " + b"n" * MIB + b'="1"/>')),
        "UnsafeXMLError", "has 1048576 characters, above the limit of 1000", rule="EDX002"),
    HostileCase(
        "comment-2mb", "xml", _xml(lambda: _in_header(b"<!--" + b"c" * (2 * MIB) + b"-->")),
        "UnsafeXMLError", "a comment has 2097152 characters, above the limit of 1048576",
        rule="EDX002"),
    HostileCase(
        "comments-900k", "xml", _xml(lambda: _comments(900_000)),
        "UnsafeXMLError", "the document has more than 10000 comments", rule="EDX002"),
    HostileCase(
        "pis-500k", "xml", _xml(lambda: _pis(500_000)),
        "UnsafeXMLError", "the document has more than 10000 processing instructions",
        rule="EDX002"),
    HostileCase(
        "attachments-3m-empty", "xml",
        _xml(lambda: _attachments(3_000_000, b"<Attachment/>")),
        "UnsafeXMLError", "the input has up to 3000127 elements, attributes, comments and "
        "processing instructions (counted '<' and '='), above the limit of 1000000",
        stream_message="the document has more than 1000000 elements, attributes, comments "
        "and processing instructions", rule="EDX002",
        # The attachment readers count attachments as they arrive: their bound comes first.
        notes={"extract_message": "the package has more than 10000 attachments"}),
    HostileCase(
        "siblings-1m", "xml", _xml(lambda: _siblings(1_000_000)),
        "UnsafeXMLError", "elements, attributes, comments and processing instructions",
        rule="EDX002"),
)

SPECIAL_CASES: tuple[HostileCase, ...] = (
    HostileCase("fifo", "special", _special(_fifo), "InputError",
                "is a named pipe (FIFO), not a regular file", rule="XML003", special=True),
    HostileCase("symlink-loop", "special", _special(_symlink_loop), "InputError",
                "symbolic link loop", rule="XML003", special=True),
    HostileCase("dangling-symlink", "special", _special(_dangling), "InputError",
                "is a symbolic link to a file that does not exist", rule="XML003",
                special=True),
    HostileCase("directory", "special", _special(_directory), "InputError",
                "is a directory", rule="XML003", special=True),
    HostileCase("dev-zero", "special", _special(_device("/dev/zero")), "InputError",
                "is a character device, not a regular file", rule="XML003", special=True),
    HostileCase("dev-urandom", "special", _special(_device("/dev/urandom")), "InputError",
                "is a character device, not a regular file", rule="XML003", special=True),
    HostileCase("socket", "special", _special(_socket), "InputError",
                "is a socket, not a regular file", rule="XML003", special=True),
    HostileCase("sparse-1gb", "special", _special(_sparse_gigabyte), "UnsafeXMLError",
                f"input has {GIB} bytes, above the limit of", rule="XML002", special=True,
                # A regular file: validate reports it as a finding, not a usage error.
                notes={"json_error": "UnsafeJSONError", "regular": "yes"}),
)

JSON_CASES: tuple[HostileCase, ...] = (
    HostileCase("json-deep-nesting", "json", _json(lambda: _deep_json(100_000)),
                "UnsafeJSONError", "objects and arrays nest deeper than 64 levels"),
    HostileCase("json-huge-exponent", "json", _json(lambda: _procedures(b"1e999999999")),
                "UnsafeJSONError", "the number 1e999999999 has the exponent 999999999, "
                "beyond ±308 [$.procedures[0].fee]"),
    HostileCase("json-tiny-exponent", "json", _json(lambda: _procedures(b"1e-999999999")),
                "UnsafeJSONError", "has the exponent -999999999, beyond ±308"),
    HostileCase("json-huge-magnitude", "json",
                _json(lambda: _procedures(b"9" * 40 + b"e300")),
                "UnsafeJSONError", "is of the order of 1e339, beyond 1e±308"),
    HostileCase("json-nan", "json", _json(lambda: _procedures(b"NaN")),
                "MalformedJSONError", "NaN is not a JSON number [$.procedures[0].fee]"),
    HostileCase("json-infinity", "json", _json(lambda: _procedures(b"-Infinity")),
                "MalformedJSONError", "-Infinity is not a JSON number"),
    HostileCase("json-long-number", "json", _json(lambda: _procedures(b"7" * MIB)),
                "UnsafeJSONError", "a number has 1048576 digits, above the limit of 40"),
    HostileCase("json-duplicate-key", "json",
                _json(lambda: b'{"procedures": [{"code": "1.001193", "code": "2.000001"}]}'),
                "MalformedJSONError", "the key 'code' appears twice in the object "
                "[$.procedures[0].code]"),
    HostileCase("json-lone-surrogate", "json",
                _json(lambda: b'{"procedures": [{"code": "1.001193", "name": "\\udc00"}]}'),
                "MalformedJSONError", "a string holds a lone surrogate escape"),
    HostileCase("json-many-values", "json", _json(lambda: b"[" + b"{}," * 5_000_000 + b"{}]"),
                "UnsafeJSONError", "values (members, elements and containers, counted before "
                "parsing), above the limit of 1000000"),
    HostileCase("json-over-50mb", "json",
                _json(lambda: b'["' + b"x" * (51 * MIB) + b'"]'),
                "UnsafeJSONError", "input has 53477380 bytes, above the limit of 52428800 "
                "(JSONLimits.max_bytes)"),
    HostileCase("json-utf16", "json",
                _json(lambda: '{"procedures": []}'.encode("utf-16")),
                "MalformedJSONError", "JSON must be encoded in UTF-8"),
    HostileCase("json-invalid-utf8", "json",
                _json(lambda: b'{"procedures": [{"name": "Sai m\xe3 h\xf3a"}]}'),
                "MalformedJSONError", "the bytes are not valid UTF-8"),
)


@dataclass(frozen=True)
class ScaleCase:
    """A package that is large in number, not in bytes, and must be *read*, within bounds.

    ``valid`` and ``rules``: the verdict of ``check`` (rule ids, sorted); ``finding``: a
    fragment of one of its messages (findings beyond 100 per rule are counted in one);
    ``attachments``: the files ``extract`` writes. ``slow``: more than ~10 s in all.
    """

    id: str
    build: Callable[[Path], None]
    valid: bool
    rules: tuple[str, ...]
    finding: str
    attachments: int = 0
    slow: bool = False

    def write(self, folder: Path) -> None:
        """Write the package and a conformance corpus that expects this verdict."""
        self.build(folder)
        _manifest_for_xml(folder, expected={"valid": self.valid, "readable": True,
                                            "rules": list(self.rules)})


_SMALL_ATTACHMENT = (b"<Attachment><ContentId>cid:a%d</ContentId><AttachmentName>tep-%05d.txt"
                     b'</AttachmentName><edXML:ContentTransferEncoded xmlns:edXML="'
                     + _NS.encode() + b'">MQo=</edXML:ContentTransferEncoded></Attachment>')

_REFERENCE = (b"\n        <edXML:Reference><edXML:ContentId>cid:a%d</edXML:ContentId>"
              b"<edXML:ContentType>text/plain</edXML:ContentType>"
              b"<edXML:AttachmentName>tep-%05d.txt</edXML:AttachmentName></edXML:Reference>")


def _attachments_in_manifest(count: int) -> bytes:
    """*count* attachments as a writer lays them out (one per line), each with its manifest
    entry: the realistic form, which costs the readers the most per attachment."""
    items = b"".join(b"\n    " + _SMALL_ATTACHMENT % (i, i) for i in range(count))
    references = b"".join(_REFERENCE % (i, i) for i in range(count))
    data = _package().replace(b"</edXML>", b"<AttachmentEncoded>" + items
                              + b"\n  </AttachmentEncoded>\n</edXML>", 1)
    return _manifest_entries(data, references)


def _manifest_entries(data: bytes, references: bytes) -> bytes:
    """The package (written without a manifest) with a body holding *references*."""
    body = (b"    <edXML:edXMLBody>\n      <edXML:edXMLManifest version=\"1.0\">" + references
            + b"\n      </edXML:edXMLManifest>\n    </edXML:edXMLBody>\n  ")
    return data.replace(b"</edXML:edXMLEnvelope>", body + b"</edXML:edXMLEnvelope>", 1)


SCALE_CASES: tuple[ScaleCase, ...] = (
    # 10,000 attachments (ParseLimits.max_attachments, the default), each in the manifest and
    # one per line: each is read, listed and written, one file open at a time. One more is
    # refused (tests/edoc/test_floods.py).
    ScaleCase("attachments-10k", _package_of(lambda: _attachments_in_manifest(10_000)),
              True, ("EDX501",), "", attachments=10_000, slow=True),
    # 900,000 unknown siblings of the envelope: kept as one verbatim block, located in linear
    # time, 100 warnings listed; the schema refuses the first one.
    ScaleCase("unknown-siblings-900k", _package_of(lambda: _unknown_siblings(900_000)), False,
              ("EDX006", "EDX501", "XSD001"),
              "899900 more EDX006 finding(s) like those above are not listed", slow=True),
)
