"""Bounded-memory validation of large packages (``check`` above ``full_validation_bytes``,
which the hub uses) gives the verdict of full validation."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.hub.hub_support import document_bytes

from vn_egov.edoc.large import reduce_attachments
from vn_egov.edoc.transfer import decode_base64
from vn_egov.errors import InvalidBase64
from vn_egov.validation import Report, check

BIG = b"%PDF-1.4\n" + os.urandom(300_000)


def _rules(report: object) -> list[str]:
    return sorted(report.rule_ids())  # type: ignore[attr-defined]


@functools.cache
def _variants() -> dict[str, bytes]:
    package = document_bytes(attachment=BIG)
    encoded = re.search(rb"<edXML:ContentTransferEncoded[^>]*>([^<]*)<", package)
    assert encoded is not None
    text = encoded.group(1)
    wrapped = b"\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    return {
        "valid": package,
        "wrapped-76": package.replace(text, wrapped),
        "bad-character": package.replace(text, text[:200_000] + b"*" + text[200_001:]),
        "bad-padding": package.replace(text, text[:-4] + b"A=A="),
        "truncated": package.replace(text, text[:-1]),
        "zip-declared-pdf": document_bytes(attachment=b"PK\x03\x04" + BIG),
        "no-subject": package.replace(b"Subject>", b"Subjekt>"),
        # base64 details: libxml2 skips characters outside the alphabet, the one check
        # refuses them; the reduced copy must give both verdicts of the whole text
        "no-break-space": package.replace(text, text[:1000] + "\u00a0".encode() + text[1000:]),
        "em-space-end": package.replace(text, text + "\u2003".encode()),
        "url-safe": package.replace(text, text.replace(b"+", b"-").replace(b"/", b"_")),
        "url-safe-balanced": package.replace(text, text + b"-_-_"),
        "padding-inside": package.replace(text, text[:400] + b"==" + text[400:]),
        "data-after-padding": package.replace(text, text + b"QQ==QUJD")
        if text.endswith(b"=") else package.replace(text, text[:-4] + b"QQ==" + b"QUJD"),
        "three-pads": package.replace(text, text[:-4] + b"Q===" if not text.endswith(b"=")
                                      else text + b"="),
        "stray-bits": package.replace(text, (text[:-4] if text.endswith(b"=") else text)
                                      + b"QR=="),
        "lone-pad-group": package.replace(text, text + b"===="),
    }


_BASE64_DETAILS = ["no-break-space", "em-space-end", "url-safe", "url-safe-balanced",
                   "padding-inside", "data-after-padding", "three-pads", "stray-bits",
                   "lone-pad-group"]


def _same_verdict_both_ways(path: Path) -> Report:
    """Validate *path* whole and through the shortened copy; both give the same verdict and
    rule ids. Returns the whole validation's report."""
    full = check(path, "edxml-document", full_validation_bytes=None)
    reduced = check(path, "edxml-document", full_validation_bytes=1024)
    assert _rules(reduced) == _rules(full)
    assert reduced.valid == full.valid
    return full


@pytest.mark.parametrize("name", ["valid", "wrapped-76", "bad-character", "bad-padding",
                                  "truncated", "zip-declared-pdf", "no-subject",
                                  *_BASE64_DETAILS])
def test_reduced_validation_finds_what_full_validation_finds(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.edxml"
    path.write_bytes(_variants()[name])
    _same_verdict_both_ways(path)
    assert len(reduce_attachments(path.open("rb"))) < 100_000  # the attachment was cut


def test_expected_verdicts_of_the_variants(tmp_path: Path) -> None:
    verdicts = {}
    for name, package in _variants().items():
        path = tmp_path / f"{name}.edxml"
        path.write_bytes(package)
        report = check(path, "edxml-document", full_validation_bytes=1024)
        verdicts[name] = report.valid, "EDX404" in report.rule_ids()
    assert verdicts == {"valid": (True, False), "wrapped-76": (True, False),
                        "bad-character": (False, True), "bad-padding": (False, True),
                        "truncated": (False, True), "zip-declared-pdf": (True, False),
                        "no-subject": (False, False),
                        **dict.fromkeys(_BASE64_DETAILS, (False, True))}


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=0, max_size=3000), cuts=st.lists(st.integers(1, 200)),
       keep=st.integers(4, 400))
def test_streamed_base64_check_keeps_a_decodable_prefix(data: bytes, cuts: list[int],
                                                        keep: int) -> None:
    encoded = base64.b64encode(data)
    spaced = bytearray()
    position = 0
    for cut in cuts:  # whitespace at arbitrary places, as line-wrapped base64 has
        spaced += encoded[position:position + cut] + b"\r\n "
        position += cut
    spaced += encoded[position:]
    package = b"<a><ContentTransferEncoded>" + bytes(spaced) + b"</ContentTransferEncoded></a>"
    reduced = reduce_attachments(io.BytesIO(package), keep=keep)
    kept = reduced[len(b"<a><ContentTransferEncoded>"):-len(b"</ContentTransferEncoded></a>")]
    assert not kept.startswith(b"!")  # valid: no refused stand-in
    assert data.startswith(base64.b64decode(kept, validate=True))


def test_tags_split_across_chunks_and_self_closing_elements() -> None:
    from vn_egov.edoc import large

    filler = b"<x>" + b"y" * (large.CHUNK - 20) + b"</x>"
    package = (b"<a>" + filler + b"<p:ContentTransferEncoded a='1'>" + b"QUJD" * 50_000
               + b"</p:ContentTransferEncoded><ContentTransferEncoded/></a>")
    reduced = reduce_attachments(io.BytesIO(package), keep=8)
    assert reduced.endswith(b"<p:ContentTransferEncoded a='1'>QUJDQUJD</p:ContentTransfer"
                            b"Encoded><ContentTransferEncoded/></a>")
    assert reduced.startswith(b"<a>" + filler)


_B64_SCHEMA = etree.XMLSchema(etree.fromstring(
    b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
    b'<xs:element name="t" type="xs:base64Binary"/></xs:schema>'))


def _libxml2_accepts(text: bytes) -> bool:
    element = etree.Element("t")
    element.text = text.decode("utf-8")
    return bool(_B64_SCHEMA.validate(etree.ElementTree(element)))


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(["QUJD", "QQ==", "QR==", "QUI=", "QUJ=", "A", "=", " ",
                                      "\n", "-", "_", "\u00a0", "\u2003", "*", "+/", "é"]),
                     max_size=12).map("".join))
def test_a_refused_text_gets_a_stand_in_libxml2_judges_alike(text: str) -> None:
    """The XML Schema verdict of the reduced copy is libxml2's own on the whole text."""
    package = (b"<a><ContentTransferEncoded>" + text.encode() + b"</ContentTransferEncoded></a>")
    kept = reduce_attachments(io.BytesIO(package), keep=8)[len(b"<a><ContentTransferEncoded>"):
                                                            -len(b"</ContentTransferEncoded></a>")]
    try:
        whole = decode_base64(text)
    except InvalidBase64:
        assert kept.startswith(b"!")  # refused by the one check, as the whole text is
        with pytest.raises(InvalidBase64):
            decode_base64(kept)
    else:
        assert kept == base64.b64encode(whole[:6])  # the canonical start of the same bytes
    assert _libxml2_accepts(kept) == _libxml2_accepts(text.encode())


# -- transport-compressed attachments: the ZIP is judged whole, not the cut copy -------------

def _zipped_package(archive: bytes, name: str = "scan.png") -> bytes:
    """A document package whose attachment is declared ``application/zip`` under a name
    that is not ``.zip`` (transport compression) and carries *archive* as it is."""
    from vn_egov.edoc import read
    from vn_egov.edoc.models import Attachment
    from vn_egov.edoc.writer import write

    package = read(document_bytes())
    old = package.attachments[0]
    attachment = Attachment(content_id=old.content_id, name=name, description=old.description,
                            content_type="application/zip", transfer_data=archive)
    manifest = [reference.model_copy(update={"name": name, "content_type": "application/zip"})
                for reference in package.manifest]
    return write(package.model_copy(update={"attachments": [attachment], "manifest": manifest}))


def _archive(data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr("scan.png", data)
    return buffer.getvalue()


@functools.cache
def _zip_variants() -> dict[str, bytes]:
    good = _archive(os.urandom(400_000))  # incompressible: the archive stays large
    return {
        "zip-good": _zipped_package(good),
        "zip-cut": _zipped_package(good[:-30_000]),  # no end of central directory: EDX403
        "zip-bzip2": _zipped_package(_archive(os.urandom(400_000), zipfile.ZIP_BZIP2)),
        "zip-not-a-zip": _zipped_package(b"%PDF-1.4\n" + os.urandom(400_000)),
        # a tag inside a comment before the attachment is no element: order kept
        "zip-good-after-comment": _zipped_package(good).replace(
            b"<edXML:edXMLEnvelope", b"<!-- <ContentTransferEncoded>QUJD</ContentTransfer"
            b"Encoded> --><edXML:edXMLEnvelope", 1),
    }


@pytest.mark.parametrize("name", ["zip-good", "zip-cut", "zip-bzip2", "zip-not-a-zip",
                                  "zip-good-after-comment"])
def test_a_compressed_attachment_is_judged_whole(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.edxml"
    path.write_bytes(_zip_variants()[name])
    full = _same_verdict_both_ways(path)
    expected = {"zip-good": set(), "zip-cut": {"EDX403"}, "zip-bzip2": {"EDX409"},
                "zip-not-a-zip": {"EDX403"}, "zip-good-after-comment": set()}[name]
    assert {rule for rule in full.rule_ids() if rule in ("EDX403", "EDX409")} == expected
    assert len(reduce_attachments(path.open("rb"))) < 200_000  # the attachment was cut


def test_a_verdict_is_never_given_to_another_text() -> None:
    from vn_egov.edoc.checks import _JudgedArchives
    from vn_egov.errors import ArchiveError

    root = etree.fromstring(b"<r><ContentTransferEncoded>QUJD</ContentTransferEncoded>"
                            b"<x:ContentTransferEncoded xmlns:x='urn:x'>QUFB"
                            b"</x:ContentTransferEncoded></r>")
    problem = ArchiveError("cut", rule="EDX403")
    judged = _JudgedArchives({0: ("QUJD", None), 1: ("QUJD", problem)})
    assert judged.verdict(root[0]) == (True, None)
    assert judged.verdict(root[1]) == (False, None)  # another text: judged again, not reused


def test_a_compressed_attachment_above_the_threshold(tmp_path: Path) -> None:
    """A 33+ MiB package (above FULL_VALIDATION_BYTES) whose transport-compressed
    attachment is a large ZIP of random data: the reduced copy cuts the ZIP, the verdict
    must still be that of full validation (no false EDX403/EDX409)."""
    from vn_egov.validation.api import FULL_VALIDATION_BYTES

    path = tmp_path / "large-zip.edxml"
    path.write_bytes(_zipped_package(_archive(os.urandom(26 * 1024 * 1024))))
    assert path.stat().st_size > FULL_VALIDATION_BYTES
    full = check(path, "edxml-document", full_validation_bytes=None)
    reduced = check(path, "edxml-document")  # above the default threshold: reduced
    assert _rules(reduced) == _rules(full) == ["EDX501"]  # unsigned: information only
    assert reduced.valid


def test_check_takes_the_reduced_path_above_the_threshold(tmp_path: Path) -> None:
    """Same rule ids; a finding after a line-wrapped attachment moves up by the lines that
    were cut (what the docs say may differ), and the report names the whole file."""
    package = _variants()["wrapped-76"].replace(b"</AttachmentEncoded>",
                                                b"<Extra/></AttachmentEncoded>")
    path = tmp_path / "after.edxml"
    path.write_bytes(package)
    full = check(path, "edxml-document", full_validation_bytes=None)
    reduced = check(path, "edxml-document", full_validation_bytes=1024)
    automatic = check(path, full_validation_bytes=1024)  # the profile sniffed from the file
    assert _rules(reduced) == _rules(full) == _rules(automatic)
    assert reduced.sha256 == full.sha256 == hashlib.sha256(package).hexdigest()
    assert reduced.source == full.source == str(path)
    late = [(a.line, b.line) for a, b in zip(full.issues, reduced.issues, strict=True)
            if a.line is not None and a.line > 1000]
    assert late  # findings after the wrapped attachment (about 5,300 lines of base64)
    assert all(b is not None and b < a - 5000 for a, b in late)


def test_signature_verification_validates_the_whole_file(tmp_path: Path) -> None:
    """The digests of a signature cover the whole attachments: no reduced copy then."""
    from vn_egov.edoc.large import reduce_package
    from vn_egov.validation import ValidationOptions

    verify = ValidationOptions(settings={"signature": {"verify": True}})
    assert reduce_package(io.BytesIO(b"unread"), verify) is None
    path = tmp_path / "valid.edxml"
    path.write_bytes(_variants()["valid"])
    report = check(path, "edxml-document", options=verify, full_validation_bytes=1024)
    whole = check(path, "edxml-document", options=verify, full_validation_bytes=None)
    assert report.to_dict() == whole.to_dict()
