"""The shipped edXML XSD 1.0 schemas against the project's fixtures, the spec and the samples.

Checks that ``schemas/edxml/qcvn-102-2016/edxml-{document,status}.xsd`` compile with lxml
(libxml2) and with xmlschema in XSD 1.0 mode, are deterministic (no UPA violation), keep
their shared type definitions identical, accept every fixture marked ``xsd_valid`` in
``tests/data/edxml/MANIFEST.json`` (the official VPCP samples too, when present) and reject
every other one at the element the manifest names. ``xmllint --schema`` is run on the same
files when the binary exists.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from vn_egov.edoc.rules import EDXML_RULES
from vn_egov.validation.xsd import load_schema

REPO = Path(__file__).resolve().parents[2]
SCHEMA_DIR = REPO / "schemas" / "edxml" / "qcvn-102-2016"
DATA = REPO / "tests" / "data" / "edxml"
SAMPLES = REPO.parent / "shared" / "samples" / "vpcp"
NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XS = "http://www.w3.org/2001/XMLSchema"
SCHEMA_FILES = {"document": "edxml-document.xsd", "status": "edxml-status.xsd"}

# The registered edXML rule ids (the manifest may name only these).
RULE_IDS = frozenset(rule.id for rule in EDXML_RULES)

# Known stray bytes before <?xml in the published edoc_new.edxml (spec §2.2, §13.6).
KNOWN_PREFIX = b"1212"


# ----------------------------------------------------------------------------- helpers


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True)


def parse_bytes(data: bytes) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(data, _parser()))


def strip_known_prefix(data: bytes) -> bytes:
    return data[len(KNOWN_PREFIX):] if data.startswith(KNOWN_PREFIX + b"<?xml") else data


@cache
def lxml_schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / SCHEMA_FILES[kind]), _parser()))


@cache
def xs10_schema(kind: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMA_DIR / SCHEMA_FILES[kind]))


def manifest() -> dict[str, Any]:
    return json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def entries(**where: object) -> list[Any]:
    found = [e for e in manifest()["files"] if all(e[k] == v for k, v in where.items())]
    return [pytest.param(e, id=e["path"]) for e in found]


def lxml_errors(kind: str, tree: etree._ElementTree) -> list[str]:
    schema = lxml_schema(kind)
    if schema.validate(tree):
        return []
    return [f"{err.line}: {err.message}" for err in schema.error_log]


def xs10_iter_errors(kind: str, tree: etree._ElementTree) -> list[Any]:
    # xmlschema validates lxml trees; its type hints only name ElementTree's types.
    return list(xs10_schema(kind).iter_errors(cast(Any, tree)))


def xs10_errors(kind: str, tree: etree._ElementTree) -> list[str]:
    return [f"{err.path}: {err.reason}" for err in xs10_iter_errors(kind, tree)]


def kind_of(tree: etree._ElementTree) -> str:
    """Document or status package, from the content (StatusCode only occurs in status)."""
    return "status" if tree.getroot().find(f".//{{{NS}}}StatusCode") is not None else "document"


def sample_params() -> Iterator[Any]:
    files = sorted(SAMPLES.glob("*.edxml")) if SAMPLES.is_dir() else []
    if not files:
        yield pytest.param(None, id="no-samples",
                           marks=pytest.mark.skip(reason=f"{SAMPLES} not present"))
    for path in files:
        yield pytest.param(path, id=path.name)


# ----------------------------------------------------------------------------- schemas


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_schema_compiles_with_lxml(kind: str) -> None:
    schema_doc = etree.parse(str(SCHEMA_DIR / SCHEMA_FILES[kind]), _parser()).getroot()
    assert schema_doc.get("targetNamespace") == NS
    assert schema_doc.get("elementFormDefault") == "qualified"
    assert schema_doc.get("attributeFormDefault") == "unqualified"
    # Self-contained: no include/import, so an in-memory tree compiles without a base URL.
    assert schema_doc.findall(f"{{{XS}}}include") == []
    assert schema_doc.findall(f"{{{XS}}}import") == []
    assert isinstance(lxml_schema(kind), etree.XMLSchema)


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_schema_compiles_with_xmlschema_10(kind: str) -> None:
    schema = xs10_schema(kind)
    # The schema document itself is valid against the XSD 1.0 meta-schema (built by now).
    meta = xmlschema.XMLSchema10.meta_schema
    assert meta is not None
    meta.validate(str(SCHEMA_DIR / SCHEMA_FILES[kind]))
    assert schema.XSD_VERSION == "1.0"
    assert schema.validity == "valid"
    assert schema.target_namespace == NS
    assert sorted(schema.elements) == ["edXML"]


@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_shipped_loader_compiles_schema(kind: str) -> None:
    schema = load_schema(f"edxml/qcvn-102-2016/{SCHEMA_FILES[kind]}")
    sample = DATA / ("spec/example_14_1_document.edxml" if kind == "document"
                     else "spec/example_14_2_status.edxml")
    assert schema.validate(parse_bytes(sample.read_bytes())) is True


def test_shared_definitions_are_identical_in_both_schemas() -> None:
    def named(kind: str) -> dict[str, bytes]:
        root = etree.parse(str(SCHEMA_DIR / SCHEMA_FILES[kind]), _parser()).getroot()
        return {str(el.get("name")): etree.tostring(el, method="c14n") for el in root
                if isinstance(el.tag, str) and el.tag != f"{{{XS}}}element" and el.get("name")}

    document, status = named("document"), named("status")
    shared = sorted(set(document) & set(status))
    assert shared == ["DateType", "OrganizationType", "ResponseForType",
                      "SignatureGroup", "SignatureType", "StaffInfoType", "TimestampType"]
    drifted = [name for name in shared if document[name] != status[name]]
    assert drifted == []


NAIVE_SIGNATURE_SCHEMA = f"""<xs:schema xmlns:xs="{XS}" targetNamespace="{NS}"
    xmlns:e="{NS}" elementFormDefault="qualified">
  <xs:element name="edXMLHeader"><xs:complexType><xs:sequence>
    <xs:element name="MessageHeader" type="xs:string"/>
    <xs:element name="TraceHeaderList" type="xs:string" minOccurs="0"/>
    <xs:any namespace="##any" processContents="lax" minOccurs="0"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""


def test_non_deterministic_model_is_rejected_by_both_processors() -> None:
    # Why Signature is not a plain xs:any ##any: after an optional TraceHeaderList the
    # wildcard would also match TraceHeaderList (Unique Particle Attribution violation).
    with pytest.raises(etree.XMLSchemaParseError, match="not determinist"):
        etree.XMLSchema(etree.fromstring(NAIVE_SIGNATURE_SCHEMA.encode()))
    with pytest.raises(xmlschema.XMLSchemaModelError):
        xmlschema.XMLSchema10(NAIVE_SIGNATURE_SCHEMA)


# ----------------------------------------------------------------------------- manifest


def test_manifest_lists_every_fixture_file() -> None:
    on_disk = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.edxml"))
    listed = sorted(e["path"] for e in manifest()["files"])
    assert listed == on_disk
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("entry", entries())
def test_manifest_entry_is_complete(entry: dict[str, Any]) -> None:
    assert entry["kind"] in SCHEMA_FILES
    assert entry["description"].strip()
    assert entry["spec"].startswith("§")
    assert set(entry["rules"]) <= RULE_IDS, set(entry["rules"]) - RULE_IDS
    if entry["well_formed"]:
        assert isinstance(entry["xsd_valid"], bool)
        assert (entry["xsd_error_element"] is None) == entry["xsd_valid"]
    else:
        assert entry["xsd_valid"] is None
        assert entry["rules"]
        assert set(entry["rules"]) <= {"EDX001", "EDX002"}


def test_manifest_covers_every_status_code_and_business_type() -> None:
    codes: set[str | None] = set()
    doc_types: set[str | None] = set()
    for entry in manifest()["files"]:
        if not (entry["well_formed"] and entry["xsd_valid"]):
            continue
        root = parse_bytes((DATA / entry["path"]).read_bytes()).getroot()
        codes.update(el.text for el in root.iter(f"{{{NS}}}StatusCode"))
        doc_types.update(el.text for el in root.iter(f"{{{NS}}}BussinessDocType"))
    assert codes >= {"01", "02", "03", "04", "05", "06", "13", "15", "16"}
    assert doc_types >= {"0", "1", "2", "3"}


# ----------------------------------------------------------------------------- fixtures


@pytest.mark.parametrize("entry", entries(well_formed=True, xsd_valid=True))
def test_valid_fixture_validates(entry: dict[str, Any]) -> None:
    tree = parse_bytes((DATA / entry["path"]).read_bytes())
    assert kind_of(tree) == entry["kind"]
    assert lxml_errors(entry["kind"], tree) == []
    assert xs10_errors(entry["kind"], tree) == []


@pytest.mark.parametrize("entry", entries(well_formed=True, xsd_valid=False))
def test_invalid_fixture_fails_at_expected_element(entry: dict[str, Any]) -> None:
    tree = parse_bytes((DATA / entry["path"]).read_bytes())
    name = entry["xsd_error_element"]
    schema = lxml_schema(entry["kind"])
    assert schema.validate(tree) is False
    first = schema.error_log[0]
    # Either the offending element itself or the one the content model expected there.
    assert f"{{{NS}}}{name}" in first.message, first.message
    assert first.line > 1
    errors = xs10_iter_errors(entry["kind"], tree)
    assert errors, "xmlschema accepted a file that lxml rejects"
    assert name in f"{errors[0].path} {errors[0].reason}", errors[0]


@pytest.mark.parametrize("entry", entries(well_formed=False))
def test_broken_fixture_is_not_namespace_well_formed(entry: dict[str, Any]) -> None:
    data = (DATA / entry["path"]).read_bytes()
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data, _parser())


def test_known_1212_prefix_is_the_only_defect_of_its_fixture() -> None:
    data = (DATA / "dialect/prefix_1212.edxml").read_bytes()
    assert data.startswith(b"1212<?xml")
    assert lxml_errors("document", parse_bytes(strip_known_prefix(data))) == []


def test_zip_behind_doc_name_is_really_a_zip() -> None:
    tree = parse_bytes((DATA / "document/new_zip_attachment.edxml").read_bytes())
    attachment = tree.getroot().find(f"{{{NS}}}AttachmentEncoded/{{{NS}}}Attachment")
    assert attachment is not None
    assert attachment.findtext(f"{{{NS}}}AttachmentName") == "ke-hoach-ung-dung-cntt.doc"
    encoded = attachment.findtext(f"{{{NS}}}ContentTransferEncoded")
    assert encoded is not None
    assert encoded.startswith("UEsDB")  # base64 of b"PK\x03\x04"


# ----------------------------------------------------------------------------- spec §14


@pytest.mark.parametrize(("path", "kind"), [("spec/example_14_1_document.edxml", "document"),
                                            ("spec/example_14_2_status.edxml", "status")])
def test_spec_worked_examples_validate(path: str, kind: str) -> None:
    tree = parse_bytes((DATA / path).read_bytes())
    assert lxml_errors(kind, tree) == []
    assert xs10_errors(kind, tree) == []


def test_spec_example_signature_is_xmldsig_with_elided_values() -> None:
    root = parse_bytes((DATA / "spec/example_14_1_document.edxml").read_bytes()).getroot()
    dsig = "http://www.w3.org/2000/09/xmldsig#"
    signature = root.find(f"{{{NS}}}edXMLEnvelope/{{{NS}}}edXMLHeader/{{{dsig}}}Signature")
    assert signature is not None
    assert signature.findtext(f".//{{{dsig}}}DigestValue") == "\u2026"


# ----------------------------------------------------------------------------- samples


@pytest.mark.parametrize("path", list(sample_params()))
def test_official_sample_validates(path: Path) -> None:
    tree = parse_bytes(strip_known_prefix(path.read_bytes()))
    kind = kind_of(tree)
    assert lxml_errors(kind, tree) == []
    assert xs10_errors(kind, tree) == []


# ----------------------------------------------------------------------------- mutations


def _mutated(path: str, mutate: Any) -> etree._ElementTree:
    tree = parse_bytes((DATA / path).read_bytes())
    mutate(tree.getroot())
    return tree


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _header(root: etree._Element) -> etree._Element:
    header = root.find(f"{_q('edXMLEnvelope')}/{_q('edXMLHeader')}")
    assert header is not None
    return header


def _message_header(root: etree._Element) -> etree._Element:
    mh = _header(root).find(_q("MessageHeader"))
    assert mh is not None
    return mh


def _foreign_signature(root: etree._Element) -> None:
    _header(root).append(etree.Element("{urn:example:not-dsig}Signature"))


def _signature_before_trace(root: etree._Element) -> None:
    header = _header(root)
    signature = header.find(_q("Signature"))
    assert signature is not None
    header.insert(1, signature)


def _unknown_header_child(root: etree._Element) -> None:
    _message_header(root).append(etree.Element(_q("Unknown")))


def _drop_organ_id(root: etree._Element) -> None:
    from_ = _message_header(root).find(_q("From"))
    assert from_ is not None
    from_.remove(from_[0])


def _adjacent_to_places(root: etree._Element) -> None:
    mh = _message_header(root)
    places = mh.find(_q("ToPlaces"))
    assert places is not None
    mh.insert(mh.index(places), etree.fromstring(etree.tostring(places)))


def _status_with_body(root: etree._Element) -> None:
    etree.SubElement(root[0], _q("edXMLBody"))


def _status_empty_response_for(root: etree._Element) -> None:
    response_for = _message_header(root).find(_q("ResponseFor"))
    assert response_for is not None
    for child in list(response_for):
        response_for.remove(child)


def _priority_out_of_range(root: etree._Element) -> None:
    priority = root.find(f".//{_q('Priority')}")
    assert priority is not None
    priority.text = "9"


@pytest.mark.parametrize(
    ("path", "mutate", "valid", "element"),
    [
        ("document/minimal_no_attachment.edxml", _foreign_signature, False, "Signature"),
        ("dialect/namespaceless_signature.edxml", _signature_before_trace, False,
         "TraceHeaderList"),
        ("document/minimal_no_attachment.edxml", _unknown_header_child, False, "Unknown"),
        ("document/minimal_no_attachment.edxml", _drop_organ_id, False, "OrganId"),
        ("document/minimal_no_attachment.edxml", _adjacent_to_places, False, "ToPlaces"),
        ("status/status_acceptance_03.edxml", _status_with_body, False, "edXMLBody"),
        ("status/status_acceptance_03.edxml", _status_empty_response_for, True, None),
        ("document/minimal_no_attachment.edxml", _priority_out_of_range, True, None),
    ],
    ids=["foreign-signature", "signature-not-last", "unknown-element", "no-organ-id",
         "adjacent-toplaces", "status-body", "status-empty-responsefor", "priority-9-is-a-rule"],
)
def test_schema_strictness(path: str, mutate: Any, valid: bool, element: str | None) -> None:
    tree = _mutated(path, mutate)
    kind = kind_of(tree)
    errors = lxml_errors(kind, tree)
    assert (errors == []) is valid, errors
    assert (xs10_errors(kind, tree) == []) is valid
    if element is not None:
        assert f"}}{element}'" in errors[0] or f"}}{element} " in errors[0], errors[0]


# ----------------------------------------------------------------------------- properties


@cache
def _status_template() -> bytes:
    return (DATA / "status/status_acceptance_03.edxml").read_bytes()


@cache
def _document_template() -> bytes:
    return (DATA / "document/minimal_no_attachment.edxml").read_bytes()


def _status_with(**texts: str) -> etree._ElementTree:
    tree = parse_bytes(_status_template())
    for name, text in texts.items():
        element = tree.getroot().find(f".//{_q(name)}")
        assert element is not None
        element.text = text
    return tree


def _document_with_date(text: str) -> etree._ElementTree:
    tree = parse_bytes(_document_template())
    element = tree.getroot().find(f".//{_q('PromulgationDate')}")
    assert element is not None
    element.text = text
    return tree


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_date_pattern_accepts_edxml_dates_and_rejects_iso(day: date) -> None:
    assert lxml_errors("document", _document_with_date(day.strftime("%Y/%m/%d"))) == []
    assert lxml_errors("document", _document_with_date(day.isoformat())) != []
    assert lxml_errors("document", _document_with_date(day.strftime("%d/%m/%Y"))) != []


@settings(max_examples=50, deadline=None)
@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 12, 31)))
def test_timestamp_pattern_accepts_edxml_timestamps_only(moment: datetime) -> None:
    good = moment.strftime("%Y/%m/%d %H:%M:%S")
    assert lxml_errors("status", _status_with(Timestamp=good)) == []
    assert lxml_errors("status", _status_with(Timestamp=moment.strftime("%Y/%m/%d"))) != []
    assert lxml_errors("status", _status_with(Timestamp=moment.isoformat(sep="T"))) != []


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="0123456789ab ", min_size=0, max_size=4))
def test_status_code_is_exactly_two_digits(code: str) -> None:
    # Surrounding spaces are accepted (xs:token): the official parser trims them (EDX117).
    expected_valid = len(code.strip()) == 2 and code.strip().isdigit()
    assert (lxml_errors("status", _status_with(StatusCode=code)) == []) is expected_valid


# ----------------------------------------------------------------------------- xmllint


def _xmllint(kind: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    xmllint = shutil.which("xmllint")
    assert xmllint is not None
    return subprocess.run(
        [xmllint, "--noout", "--huge", "--nonet", "--schema",
         str(SCHEMA_DIR / SCHEMA_FILES[kind]), *map(str, files)],
        capture_output=True, text=True, check=False, timeout=120)


needs_xmllint = pytest.mark.skipif(shutil.which("xmllint") is None,
                                   reason="xmllint binary not installed (libxml2-utils)")


@needs_xmllint
@pytest.mark.parametrize("kind", sorted(SCHEMA_FILES))
def test_xmllint_accepts_valid_fixtures(kind: str) -> None:
    files = [DATA / e.values[0]["path"] for e in entries(well_formed=True, xsd_valid=True,
                                                          kind=kind)]
    result = _xmllint(kind, files)
    assert result.returncode == 0, result.stderr
    assert sorted(line for line in result.stderr.splitlines()) == sorted(
        f"{f} validates" for f in files)


@needs_xmllint
@pytest.mark.parametrize("entry", entries(well_formed=True, xsd_valid=False))
def test_xmllint_rejects_invalid_fixture(entry: dict[str, Any]) -> None:
    path = DATA / entry["path"]
    result = _xmllint(entry["kind"], [path])
    assert result.returncode == 3, result.stderr
    assert f"{path} fails to validate" in result.stderr
    assert f"{{{NS}}}{entry['xsd_error_element']}" in result.stderr


@needs_xmllint
def test_xmllint_accepts_official_samples(tmp_path: Path) -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"{SAMPLES} not present")
    by_kind: dict[str, list[Path]] = {"document": [], "status": []}
    for sample in sorted(SAMPLES.glob("*.edxml")):
        data = strip_known_prefix(sample.read_bytes())
        copy = tmp_path / sample.name
        copy.write_bytes(data)
        by_kind[kind_of(parse_bytes(data))].append(copy)
    for kind, files in by_kind.items():
        if files:
            result = _xmllint(kind, files)
            assert result.returncode == 0, result.stderr
