"""The attack corpus: every hostile or broken input is refused with a documented error and a
clear message, within the time bound, without reading a local file or opening a connection.

The inputs are built here (nothing binary is committed); file and URL targets point at the
guard's canaries: a FIFO (opening it blocks, which fails the bounded parse), a regular file
watched by an audit hook, and a local TCP listener that counts connections.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable

import pytest
from attack_tools import Guard, assert_refused

from vn_egov.errors import (
    DTDForbidden,
    EmptyInput,
    MalformedXMLError,
    UnsafeXMLError,
    VnEgovError,
)
from vn_egov.xml import ParseLimits

DTD = "document type declarations (DTD) are not allowed"
NOT_ACCEPTED = "is not accepted (hint: re-encode the document as UTF-8"
Builder = Callable[[Guard], bytes]


def _laughs() -> bytes:
    entities = '<!ENTITY l0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return f'<!DOCTYPE a [{entities}]><a b="&l9;">&l9;</a>'.encode()


def _quadratic() -> bytes:
    return (b'<!DOCTYPE a [<!ENTITY x "' + b"y" * 50_000 + b'">]><a>' + b"&x;" * 50_000
            + b"</a>")


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("goi-tin.edxml", "<edXML/>")
    return buffer.getvalue()


PADDING = b"<!--" + b"p" * (1024 * 1024 + 17) + b"-->"

CASES: list[tuple[str, Builder, type[VnEgovError], str]] = [
    ("xxe-file", lambda g: f'<!DOCTYPE a [<!ENTITY x SYSTEM "file://{g.canary}">]><a>&x;</a>'
     .encode(), DTDForbidden, DTD),
    ("xxe-fifo", lambda g: f'<!DOCTYPE a [<!ENTITY x SYSTEM "{g.fifo}">]><a>&x;</a>'.encode(),
     DTDForbidden, DTD),
    ("xxe-url", lambda g: f'<!DOCTYPE a [<!ENTITY x SYSTEM "{g.url}">]><a>&x;</a>'.encode(),
     DTDForbidden, DTD),
    ("parameter-entity", lambda g: f'<!DOCTYPE a [<!ENTITY % p SYSTEM "{g.fifo}"> %p;]><a/>'
     .encode(), DTDForbidden, DTD),
    ("billion-laughs", lambda g: _laughs(), DTDForbidden, DTD),
    ("quadratic-blowup", lambda g: _quadratic(), DTDForbidden, DTD),
    ("external-dtd-file", lambda g: f'<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'.encode(),
     DTDForbidden, DTD),
    ("external-dtd-url", lambda g: f'<!DOCTYPE a PUBLIC "-//X//EN" "{g.url}"><a/>'.encode(),
     DTDForbidden, DTD),
    ("doctype-lowercase", lambda g: f'<!doctype a SYSTEM "{g.fifo}"><a/>'.encode(),
     DTDForbidden, DTD),
    ("doctype-after-1mib-comment", lambda g: PADDING + f'<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'
     .encode(), DTDForbidden, DTD),
    ("doctype-after-1mib-whitespace", lambda g: b" \r\n\t" * 300_000 + f'<!DOCTYPE a SYSTEM '
     f'"{g.fifo}"><a/>'.encode(), DTDForbidden, DTD),
    ("doctype-after-many-pis", lambda g: b'<?xml version="1.0"?>' + b"<?p x?>" * 100_000
     + f'<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'.encode(), DTDForbidden, DTD),
    ("doctype-utf16-bom", lambda g: f'\ufeff<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'
     .encode("utf-16-le"), DTDForbidden, DTD),
    ("doctype-utf16-be-no-bom", lambda g: f'<?xml version="1.0" encoding="UTF-16"?><!-- x -->'
     f'<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'.encode("utf-16-be"), DTDForbidden, DTD),
    ("doctype-utf32", lambda g: f'\ufeff<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'
     .encode("utf-32-le"), UnsafeXMLError, "UTF-32 (UCS-4) input " + NOT_ACCEPTED),
    ("doctype-ebcdic", lambda g: f'<?xml version="1.0" encoding="IBM037"?><!DOCTYPE a SYSTEM '
     f'"{g.fifo}"><a/>'.encode("cp037"), UnsafeXMLError, "EBCDIC input " + NOT_ACCEPTED),
    ("doctype-utf7", lambda g: b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE a SYSTEM '
     + f'"{g.fifo}"+AD4-<a/>'.encode(), UnsafeXMLError, "encoding 'UTF-7' " + NOT_ACCEPTED),
    ("stateful-iso-2022-jp", lambda g: b'<?xml version="1.0" encoding="ISO-2022-JP"?><?x '
     b"\x1b$B?>\x1b(B<!-- ?>" + f'<!DOCTYPE a SYSTEM "{g.fifo}"><a/>'.encode(),
     UnsafeXMLError, "encoding 'ISO-2022-JP' " + NOT_ACCEPTED),
    ("nul-in-encoding-name", lambda g: b'<?xml version="1.0" encoding="UTF\x00-8"?><a/>',
     UnsafeXMLError, "encoding 'UTF\\x00-8' " + NOT_ACCEPTED),
    ("long-version-hides-encoding", lambda g: b'<?xml version="1.' + b"0" * 5000
     + b'" encoding="UTF-7"?><a/>', UnsafeXMLError, "encoding 'UTF-7' " + NOT_ACCEPTED),
    ("xinclude-2001", lambda g: f'<a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include '
     f'href="{g.fifo}" parse="text"/></a>'.encode(), UnsafeXMLError,
     "XInclude elements are not allowed"),
    ("xinclude-2003", lambda g: f'<a><include xmlns="http://www.w3.org/2003/XInclude" '
     f'href="{g.url}"/></a>'.encode(), UnsafeXMLError, "XInclude elements are not allowed"),
    ("xinclude-char-reference", lambda g: f'<a xmlns:xi="http://www.w3.org/2001/XInclud&#101;">'
     f'<xi:include href="{g.canary}"/></a>'.encode(), UnsafeXMLError,
     "XInclude elements are not allowed"),
    ("undeclared-entity", lambda g: b"<a>&x;</a>", DTDForbidden,
     "entity reference refused: Entity 'x' not defined"),
    ("deep-nesting-100000", lambda g: b"<a>" * 100_000 + b"</a>" * 100_000, UnsafeXMLError,
     "nesting too deep: Excessive depth in document: 2048"),
    ("deep-nesting-300", lambda g: b"<a>" * 300 + b"</a>" * 300, UnsafeXMLError,
     "elements nest deeper than 256 levels"),
    ("attributes-100000", lambda g: b"<a " + b" ".join(b'a%d="1"' % i for i in range(100_000))
     + b"/>", UnsafeXMLError, "element <a> has 100000 attributes, above the limit of 256"),
    ("huge-attribute-value", lambda g: b'<a b="' + b"v" * (2 * 1024 * 1024) + b'"/>',
     UnsafeXMLError, "the value of attribute b has 2097152 characters, above the limit of "
     "1048576"),
    ("huge-element-name", lambda g: b"<" + b"n" * 100_000 + b"/>", UnsafeXMLError,
     "has 100000 characters, above the limit of 1000"),
    ("huge-attribute-name", lambda g: b"<a " + b"n" * 100_000 + b'="1"/>', UnsafeXMLError,
     "the name nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn… has 100000 characters, above the limit of 1000"),
    ("huge-pi-target", lambda g: b"<a><?" + b"t" * 5000 + b" x?></a>", UnsafeXMLError,
     "has 5000 characters, above the limit of 1000"),
    ("huge-comment", lambda g: b"<a><!--" + b"c" * (2 * 1024 * 1024) + b"--></a>",
     UnsafeXMLError, "a comment has 2097152 characters, above the limit of 1048576"),
    ("huge-text-after-comment", lambda g: b"<a><!--x-->" + b"t" * (2 * 1024 * 1024) + b"</a>",
     UnsafeXMLError, "text of <a> has 2097152 characters, above the limit of 1048576"),
    ("huge-text-after-attachment", lambda g: b"<Attachment><ContentTransferEncoded>QQ=="
     b"</ContentTransferEncoded>" + b"A" * (2 * 1024 * 1024) + b"</Attachment>",
     UnsafeXMLError, "text of <Attachment> has 2097152 characters, above the limit of "
     "1048576"),
    ("comment-before-declaration", lambda g: b'<!-- x --><?xml version="1.0"?><a/>',
     MalformedXMLError, "XML declaration allowed only at the start of the document"),
    ("xml-declaration-inside", lambda g: b'<a><?xml version="1.0"?></a>', MalformedXMLError,
     "XML declaration allowed only at the start of the document"),
    ("comment-inside-tag", lambda g: b"<a <!-- x --> />", MalformedXMLError,
     "error parsing attribute name"),
    ("double-hyphen-comment", lambda g: b"<a><!-- a -- b --></a>", MalformedXMLError,
     "Double hyphen within comment"),
    ("pi-before-root-xml-target", lambda g: b"<a><?XmL x?></a>", MalformedXMLError,
     "Invalid PI name"),
    ("invalid-utf8", lambda g: b"<a>\xff\xfe\xc3</a>", MalformedXMLError,
     "Invalid bytes in character encoding"),
    # "Việt" in windows-1258: e-circumflex 0xEA then combining dot below 0xF2.
    ("declared-utf8-is-windows-1258", lambda g: b'<?xml version="1.0" encoding="UTF-8"?>'
     b"<a>Vi\xea\xf2t</a>",
     MalformedXMLError, "re-encode the file as UTF-8 or declare its real encoding"),
    ("declared-utf16-is-utf8", lambda g: b'<?xml version="1.0" encoding="UTF-16"?><a/>',
     MalformedXMLError, "says encoding 'UTF-16' but the bytes are not UTF-16"),
    ("declared-latin1-is-utf8", lambda g: '<?xml version="1.0" encoding="ISO-8859-1"?>'
     '<a>Hải Phòng</a>'.encode(), MalformedXMLError,
     "says encoding 'ISO-8859-1' but the bytes are UTF-8"),
    ("utf16-bom-declares-utf8", lambda g: '\ufeff<?xml version="1.0" encoding="UTF-8"?><a/>'
     .encode("utf-16-le"), MalformedXMLError, "says encoding 'UTF-8' but the bytes are UTF-16-LE"),
    ("utf8-bom-declares-latin1", lambda g: b'\xef\xbb\xbf<?xml version="1.0" encoding='
     b'"ISO-8859-1"?><a/>', MalformedXMLError, "starts with a UTF-8 byte order mark"),
    ("utf16-without-bom-or-declaration", lambda g: "<a>Hải</a>".encode("utf-16-le"),
     MalformedXMLError, "looks like UTF-16 without a byte order mark or XML declaration"),
    ("utf16-odd-length", lambda g: "\ufeff<a>x</a>".encode("utf-16-le") + b"<",
     MalformedXMLError, "the input is not valid UTF-16-LE: truncated data"),
    ("nul-bytes", lambda g: b"<a>x\x00y</a>", MalformedXMLError,
     "Char 0x0 out of allowed range"),
    ("leading-nul-bytes", lambda g: b"\x00" * 16 + b"<a/>", MalformedXMLError,
     "the input starts with NUL bytes"),
    ("truncated", lambda g: b'<?xml version="1.0"?><edXML><a>text</a>', MalformedXMLError,
     "the document ends early: the file may be truncated"),
    ("gzip", lambda g: gzip.compress(b"<edXML/>" * 100), MalformedXMLError,
     "this looks like a compressed (gzip/zip) file: unpack it first"),
    ("zip", lambda g: _zip(), MalformedXMLError,
     "this looks like a compressed (gzip/zip) file: unpack it first"),
    ("concatenated", lambda g: b"<a>1</a>\n<a>2</a>", MalformedXMLError,
     "Extra content at the end of the document"),
    ("concatenated-with-declarations", lambda g: b'<?xml version="1.0"?><a/>\n'
     b'<?xml version="1.0"?><a/>', MalformedXMLError, "only one: concatenated documents?"),
    ("only-whitespace", lambda g: b" \n\t ", EmptyInput, "input contains only white space"),
    ("empty", lambda g: b"", EmptyInput, "input is empty (0 bytes of XML)"),
]


@pytest.mark.parametrize(("builder", "error", "message"),
                         [pytest.param(b, e, m, id=i) for i, b, e, m in CASES])
def test_attack_is_refused(guard: Guard, builder: Builder, error: type[VnEgovError],
                           message: str) -> None:
    assert_refused(builder(guard), guard, error, message)


def test_input_size_limit(guard: Guard) -> None:
    error = assert_refused(b"<a>" + b"x" * 2000 + b"</a>", guard, UnsafeXMLError,
                           "input has 2007 bytes, above the limit of 1024 (ParseLimits.max_bytes)",
                           limits=ParseLimits(max_bytes=1024))
    assert error.hint == "raise ParseLimits.max_bytes if this size is expected"


def test_many_tiny_elements_refused_before_parsing(guard: Guard) -> None:
    # 400,000 elements in 1.6 MB: the estimate refuses it before libxml2 builds a tree.
    data = b"<r>" + b"<a/>" * 400_000 + b"</r>"
    assert_refused(data, guard, UnsafeXMLError,
                   "the input has up to 400002 elements, attributes, comments and processing "
                   "instructions (counted '<' and '='), above the limit of 100000",
                   limits=ParseLimits(max_nodes=100_000))


def test_errors_carry_location(guard: Guard) -> None:
    error = assert_refused(b"<a>\n<b>\n" + b"<c>" * 300 + b"</c>" * 300 + b"</b></a>", guard,
                           UnsafeXMLError, "elements nest deeper than 256 levels")
    assert error.line == 3
    assert error.hint == "flatten the structure or raise ParseLimits.max_depth"
