"""Catalogue XML: XSD validity, lossless round trips, schema files, the validation profile."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from svc_helpers import LEGACY_PATHS, catalogues, publisher

from vn_egov.errors import DocumentInvalid
from vn_egov.services.catalogue.importers import import_catalogue
from vn_egov.services.catalogue.models import Catalogue
from vn_egov.services.catalogue.schemas import (
    catalogue_json_schema_text,
    catalogue_xsd,
    dossier_json_schema_text,
)
from vn_egov.services.catalogue.xml import catalogue_from_xml, catalogue_to_xml
from vn_egov.validation import check

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "services"
XSD = etree.XMLSchema(etree.parse(str(SCHEMAS / "catalogue.xsd")))
JSON_SCHEMA = json.loads((SCHEMAS / "catalogue.schema.json").read_text(encoding="utf-8"))


def imported() -> Catalogue:
    catalogue, _ = import_catalogue(b"[" + b",".join(
        json.dumps(r, ensure_ascii=False).encode() for path in LEGACY_PATHS
        for r in _records(path)) + b"]", catalogue_id="hp", title="Danh mục TTHC",
        version="1", publisher=publisher())
    return catalogue


def _records(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_bytes())
    records: list[dict[str, object]] = data.get("result", [data])
    return records


def test_committed_schemas_equal_generated() -> None:
    assert (SCHEMAS / "catalogue.xsd").read_bytes() == catalogue_xsd()
    assert (SCHEMAS / "catalogue.schema.json").read_text(encoding="utf-8") == (
        catalogue_json_schema_text())
    assert (SCHEMAS / "dossier.schema.json").read_text(encoding="utf-8") == (
        dossier_json_schema_text())


def test_imported_catalogue_is_valid_and_round_trips() -> None:
    catalogue = imported()
    data = catalogue_to_xml(catalogue)
    XSD.assertValid(etree.fromstring(data))
    assert catalogue_from_xml(data) == catalogue
    assert catalogue_to_xml(catalogue_from_xml(data)) == data
    report = check(data, "service-catalogue")
    assert report.valid
    assert report.rule_ids() == []
    assert "Thủ tục đăng ký khai sinh".encode() in data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues)
def test_round_trip_json_model_xml(catalogue: Catalogue) -> None:
    data = catalogue_to_xml(catalogue)
    XSD.assertValid(etree.fromstring(data))
    back = catalogue_from_xml(data)
    assert back == catalogue
    assert catalogue_to_xml(back) == data
    as_json = catalogue.model_dump_json()
    assert Catalogue.model_validate_json(as_json) == catalogue
    jsonschema.validate(json.loads(as_json), JSON_SCHEMA)


def _with_procedures(body: str) -> bytes:
    return (
        '<Catalogue xmlns="urn:vn-egov:services:1"><Id>x</Id><Title>t</Title>'
        '<Version>1</Version><Publisher><Name>p</Name></Publisher>'
        f"<Procedures>{body}</Procedures></Catalogue>").encode()


def test_profile_rules() -> None:
    data = _with_procedures(
        "<Procedure><Code>1.00119</Code><Name>a</Name>"
        "<Fields><Field><Code>G15TP07</Code></Field></Fields>"
        "<Cases><Case><Code>1.001193</Code><Name>c</Name></Case></Cases></Procedure>"
        "<Procedure><Code>1.00119</Code><Name>b</Name></Procedure>")
    report = check(data, "service-catalogue")
    assert [i.rule for i in report.issues] == ["SVC201", "SVC204", "SVC205", "SVC203",
                                               "SVC201", "SVC202", "SVC203"]
    issue = next(i for i in report.issues if i.rule == "SVC203")
    assert issue.message == ("procedure 1.00119 lacks: steps (trình tự thực hiện), channels "
                             "(cách thức thực hiện), documents (thành phần hồ sơ), time limit "
                             "(thời hạn giải quyết), target group (đối tượng thực hiện), agency "
                             "(cơ quan giải quyết)")
    assert issue.line == 1
    assert not report.valid


def test_profile_is_detected_and_xsd_errors_reported() -> None:
    bad = _with_procedures("<Procedure><Name>no code</Name></Procedure>")
    report = check(bad)
    assert report.profile_id == "service-catalogue"
    assert report.rule_ids() == ["XSD001"]
    assert report.layers[-1].status.value == "skipped"


def test_reader_refuses_schema_invalid_xml() -> None:
    bad = _with_procedures("<Procedure><Code>1.001193</Code><Name>x</Name>"
                           "<OnlineLevel>LEVEL_5</OnlineLevel></Procedure>")
    with pytest.raises(DocumentInvalid, match="XSD001") as info:
        catalogue_from_xml(bad)
    assert info.value.report.rule_ids() == ["XSD001"]


def test_writer_refuses_control_characters() -> None:
    from vn_egov.errors import InputError
    from vn_egov.services.catalogue.models import Procedure, Publisher

    catalogue = Catalogue(id="x", title="t", version="1", publisher=Publisher(name="p"),
                          procedures=[Procedure(code="1.001193", name="a\x00b")])
    with pytest.raises(InputError, match="text cannot be written as XML") as info:
        catalogue_to_xml(catalogue)
    assert "Procedure" in info.value.message
