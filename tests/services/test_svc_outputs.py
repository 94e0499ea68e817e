"""Receipts, plan indicators, level conversion and the CPSV-AP export."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from svc_helpers import DATA, at, publisher

from vn_egov.errors import InputError
from vn_egov.services.catalogue.cpsv import to_cpsv_jsonld
from vn_egov.services.catalogue.importers import import_catalogue
from vn_egov.services.catalogue.levels import from_legacy, to_legacy
from vn_egov.services.catalogue.models import (
    Agency,
    AgencyRole,
    Catalogue,
    ChannelKind,
    OnlineLevel,
    Procedure,
    Publisher,
    TimeLimit,
    TimeUnit,
)
from vn_egov.services.dossier.models import Dossier, Person, SubmittedDocument
from vn_egov.services.dossier.receipt import Receipt
from vn_egov.services.indicators.plan import catalogue_indicators


def accepted(code: str = "000.00.06.H56-250303-0001", agency: str = "000.00.06.H56",
             procedure: str = "1.001193", days: int = 1) -> Dossier:
    d = Dossier(code=code, procedure_code=procedure, procedure_name="Đăng ký khai sinh",
                channel=ChannelKind.DIRECT, agency_code=agency,
                applicant=Person(name="Nguyễn Văn A", id_number="031090001234", id_type=1),
                documents=[SubmittedDocument(name="Tờ khai đăng ký khai sinh"),
                           SubmittedDocument(name="Bản nháp", deleted=True)],
                time_limit=TimeLimit(value=Decimal(days), unit=TimeUnit.WORKING_DAY))
    return d.accept(at(2025, 3, 3, 15, 20), actor="Phạm Thị D")


def test_receipt_text_and_json() -> None:
    receipt = Receipt.from_dossier(accepted())
    assert receipt.render_text() == "\n".join([
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.00.06.H56-250303-0001",
        "Thủ tục: 1.001193 - Đăng ký khai sinh",
        "Người nộp: Nguyễn Văn A",
        "Số định danh: 031090001234",
        "Hình thức nộp: Trực tiếp",
        "Thành phần hồ sơ:",
        "  1. Tờ khai đăng ký khai sinh",
        "Thời điểm tiếp nhận: 03/03/2025 15:20",
        "Thời hạn giải quyết: 1 ngày làm việc",
        # received after the 15:00 cut-off: counted from Tuesday, due Wednesday
        "Hẹn trả kết quả: 05/03/2025 17:00",
        "Người tiếp nhận: Phạm Thị D",
    ])
    data = receipt.to_dict()
    assert data["appointment"] == "2025-03-05T17:00:00+07:00"
    assert data["documents"] == ["Tờ khai đăng ký khai sinh"]
    json.dumps(data, ensure_ascii=False)


def test_no_receipt_before_acceptance() -> None:
    d = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
                channel=ChannelKind.DIRECT, applicant=Person(name="A"))
    with pytest.raises(InputError, match="has not been accepted"):
        Receipt.from_dossier(d)


def test_level_conversion_is_lossy() -> None:
    assert [from_legacy(n).value for n in (1, 2, 3, 4)] == [
        OnlineLevel.INFORMATION_ONLY, OnlineLevel.INFORMATION_ONLY, OnlineLevel.PARTIAL,
        OnlineLevel.FULL]
    assert all(from_legacy(n).lossy for n in (1, 2, 3, 4))
    assert to_legacy(OnlineLevel.FULL).value == 4
    assert to_legacy(OnlineLevel.NONE).value is None
    with pytest.raises(InputError, match="not 1-4"):
        from_legacy(5)


def test_catalogue_indicators() -> None:
    def proc(code: str, agency: str, **kw: object) -> Procedure:
        return Procedure(code=code, name=code, agencies=[Agency(role=AgencyRole.EXECUTING,
                                                                code=agency)], **kw)  # type: ignore[arg-type]
    cat = Catalogue(id="x", title="t", version="1", publisher=Publisher(name="p"), procedures=[
        proc("1.000001", "A", online_level=OnlineLevel.FULL),
        proc("1.000002", "A", online_level=OnlineLevel.PARTIAL),
        proc("1.000003", "B", legacy_level=2),
        proc("1.000004", "B", online_level=OnlineLevel.NONE),
        proc("1.000005", "B", legacy_level=4),
    ])
    result = catalogue_indicators(cat).to_dict()
    assert result["overall"] == {
        "total": 5, "full": 2, "partial": 1, "level3_plus": 3, "share_full": 0.4,
        "share_partial": 0.2, "share_online": 0.6, "share_legacy_level3_plus": 0.6,
        "meets_level3_target": False}
    assert result["by_agency"]["A"]["meets_level3_target"] is True
    assert result["by_agency"]["B"]["total"] == 3


def test_cpsv_export_lists_losses() -> None:
    catalogue, _ = import_catalogue(DATA / "camel_thu_tuc_2.000815.json", catalogue_id="c",
                                    title="Danh mục", version="1", publisher=publisher())
    export = to_cpsv_jsonld(catalogue)
    service = export.document["@graph"][0]
    assert service["@type"] == "cpsv:PublicService"
    assert service["dct:identifier"] == "2.000815"
    assert service["cv:hasCompetentAuthority"][0]["dct:identifier"] == "CQDD"
    costs = service["cv:hasCost"]
    assert [(c["cv:hasValue"], c["cv:currency"], c["vn:feeKind"]) for c in costs] == [
        (2000.0, "VND", "LE_PHI"), (10.0, "USD", "PHI")]
    online = service["cv:hasChannel"][1]
    assert online["cv:processingTime"] == {"@type": "xsd:duration", "@value": "P1D"}
    assert online["vn:timeLimit"] == {"vn:value": "1", "vn:unit": "WORKING_DAY"}
    assert export.document["@context"]["cv"] == "http://data.europa.eu/m8g/"
    assert "2.000815: 2 steps have no CPSV-AP class (not exported)" in export.unmapped
    assert ("2.000815: phí vs lệ phí has no CPSV-AP property (kept in vn:feeKind)"
            in export.unmapped)
    assert "2.000815: the raw national record is not exported" in export.unmapped
    assert any("xsd:duration cannot say 'working'" in line for line in export.unmapped)
    json.dumps(export.document, ensure_ascii=False)


def test_dossier_json_matches_published_schema() -> None:
    import jsonschema

    schema_file = DATA.parents[2] / "schemas" / "services" / "dossier.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    d = accepted()
    d.start_processing(at(2025, 3, 4, 8)).request_supplement(at(2025, 3, 4, 9), "Thiếu giấy")
    jsonschema.validate(json.loads(d.model_dump_json()), schema)
    assert Dossier.model_validate_json(d.model_dump_json()) == d
