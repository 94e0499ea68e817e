"""Import of the two national JSON shapes, with the quirks reported as issues."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from svc_helpers import DATA, publisher

from vn_egov.errors import InputError, MalformedJSONError
from vn_egov.services.catalogue.importers import (
    detect_shape,
    import_catalogue,
    import_procedure,
    load_records,
)
from vn_egov.services.catalogue.models import (
    AgencyRole,
    ChannelKind,
    FeeKind,
    ImplementationLevel,
    LevelScheme,
    OnlineLevel,
    ProcedureType,
    TimeUnit,
)
from vn_egov.validation import Severity

LEGACY = DATA / "legacy_lay_thu_tuc_1.001193.json"
CAMEL = DATA / "camel_thu_tuc_2.000815.json"


def test_legacy_record() -> None:
    raw = json.loads(LEGACY.read_bytes())["result"][0]
    result = import_procedure(raw)
    p = result.procedure
    assert (p.code, p.name, p.source_id) == ("1.001193", "Thủ tục đăng ký khai sinh", "289571")
    assert p.procedure_type is ProcedureType.NOT_ASSIGNED_REGULATION
    assert [(f.code, f.name) for f in p.fields] == [("G15-TP07", "Hộ tịch")]
    assert p.implementation_levels == [ImplementationLevel.COMMUNE]
    assert p.online_level is OnlineLevel.UNKNOWN
    assert [c.kind for c in p.channels] == [ChannelKind.DIRECT, ChannelKind.ONLINE,
                                            ChannelKind.POSTAL]
    direct = p.channels[0]
    assert direct.time_limit is not None
    assert (direct.time_limit.value, direct.time_limit.unit, direct.time_limit.unit_text) == (
        Decimal(1), TimeUnit.WORKING_DAY, "Ngày làm việc")
    fee = direct.fees[1]
    assert (fee.amount, fee.raw_text, fee.currency, fee.code, fee.kind) == (
        Decimal(8000), "8.000 đồng", "VND", "2", FeeKind.UNKNOWN)
    assert direct.fees[0].code == "1'"  # the vendor quirk is kept, not interpreted
    assert p.channels[2].time_limit is not None
    assert p.channels[2].time_limit.unit is TimeUnit.CALENDAR_DAY
    assert [(d.name, d.originals, d.copies) for d in p.documents] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0), ("Giấy chứng sinh", 1, None)]
    assert p.documents[0].template_url == (
        "https://csdl.dichvucong.gov.vn/web/jsp/download_file.jsp?ma=3fd9")
    assert [(a.role, a.name) for a in p.agencies] == [
        (AgencyRole.EXECUTING, "Ủy ban nhân dân cấp xã"),
        (AgencyRole.COMPETENT, "Ủy ban nhân dân cấp xã")]
    assert [(r.code, r.name) for r in p.results] == [("KQ.G15.000031", "Giấy khai sinh")]
    assert [b.number for b in p.legal_bases] == ["60/2014/QH13", "123/2015/NĐ-CP"]
    assert p.keywords == ["khai sinh", "hộ tịch"]
    assert p.decisions[0].source_id == "4589"
    assert p.source_schema == "national-legacy"
    assert json.loads(p.raw_json or "") == raw
    assert [(i.rule, i.xpath) for i in result.issues] == [
        ("SVC102", "$.CACHTHUCTHUCHIEN[1].THOIGIAN[0].PHILEPHI[0].SOTIEN"),
        ("SVC103", "$.CACHTHUCTHUCHIEN[3].KENH"),
        ("SVC107", "$.THANHPHANHOSO[0].GIAYTO[1].SOBANSAO"),
        ("SVC101", "$.NGAYCAPNHATCUOI"),
    ]
    assert all(i.severity is Severity.WARNING for i in result.issues)
    assert result.issues[1].message == "channel '9' is not 1, 2 or 3"


def test_camel_record() -> None:
    raw = json.loads(CAMEL.read_bytes())
    result = import_procedure(raw)
    p = result.procedure
    assert p.code == "2.000815"
    assert p.source_id == "01935f3a-7c21-7b6e-9d1f-2a8c4e6b1d00"
    assert p.online_level is OnlineLevel.PARTIAL
    assert p.level_scheme is LevelScheme.ND42_2022
    assert p.non_territorial is True
    assert p.implementation_levels == [ImplementationLevel.PROVINCE, ImplementationLevel.COMMUNE]
    assert [(c.code, c.time_limit.unit if c.time_limit else None) for c in p.cases] == [
        ("2.000815.01", TimeUnit.WORKING_DAY)]
    fees = [f for c in p.channels for f in c.fees]
    assert [(f.kind, f.amount, f.currency) for f in fees] == [
        (FeeKind.LE_PHI, Decimal(2000), "VND"), (FeeKind.PHI, Decimal(10), "USD")]
    assert p.channels[0].time_limit is not None
    assert p.channels[0].time_limit.unit is TimeUnit.OTHER
    assert [(s.code, s.name) for s in p.subjects] == [
        ("ĐT1", "Công dân Việt Nam"), ("ĐT9", "Tổ chức"),
        ("DT12", "Người Việt Nam định cư ở nước ngoài")]
    assert p.documents[0].code == "000.00.00.G15-KQ003208"
    assert p.documents[1].template_name == "Mau ban sao.pdf"
    assert {(a.role, a.code) for a in p.agencies} == {
        (AgencyRole.EXECUTING, None), (AgencyRole.EXECUTING, "TCHNCC"),
        (AgencyRole.COMPETENT, "CQDD")}
    decision = p.decisions[0]
    assert (decision.number, decision.decision_date.isoformat() if decision.decision_date
            else None, decision.publication_date) == ("3152/QĐ-BTP", "2025-01-01", None)
    assert [(i.rule, i.xpath) for i in result.issues] == [
        ("SVC108", "$.executionMethods[0].fees[0].type"),
        ("SVC108", "$.executionMethods[1].fees[0].type"),
        ("SVC103", "$.executionMethods[2].submissionMethod"),
        ("SVC107", "$.executionCases[0].profileComponents[1].copyQty"),
        ("SVC109", "$.procedureProposal.publicationDate"),
        ("SVC101", "$.ratingScore"),
    ]
    assert result.issues[0].severity is Severity.INFO


def test_vietnamese_text_is_kept_byte_for_byte() -> None:
    raw = json.loads(CAMEL.read_bytes())
    name = import_procedure(raw).procedure.name
    assert name.encode("utf-8") == raw["name"].encode("utf-8")


def test_catalogue_import_with_envelope() -> None:
    catalogue, issues = import_catalogue(LEGACY, catalogue_id="vinh-bao-2026",
                                         title="Danh mục TTHC cấp xã", version="2026.1",
                                         publisher=publisher())
    assert [p.code for p in catalogue.procedures] == ["1.001193"]
    assert issues[0].xpath == "[0]$.CACHTHUCTHUCHIEN[1].THOIGIAN[0].PHILEPHI[0].SOTIEN"


def test_bad_inputs() -> None:
    with pytest.raises(InputError, match="error_code 5: mất kết nối"):
        load_records({"error_code": 5, "message": "mất kết nối", "result": []})
    with pytest.raises(InputError, match="neither MATTHC"):
        detect_shape({"ma": "1"})
    with pytest.raises(MalformedJSONError, match="the JSON ends early"):  # the safe loader
        load_records(b"{")
    with pytest.raises(InputError, match="must be a JSON object"):
        import_procedure(["x"])  # type: ignore[arg-type]


def test_invalid_code_is_kept_with_an_issue() -> None:
    result = import_procedure({"MATTHC": "B-BTP-259", "TENTTHC": "Thủ tục cũ"})
    assert result.procedure.code == "B-BTP-259"
    assert [(i.rule, i.xpath) for i in result.issues] == [("SVC105", "$.MATTHC")]


def test_values_of_the_wrong_kind_are_findings() -> None:
    result = import_procedure({
        "MATTHC": "1.001193", "TENTTHC": 7, "CACHTHUCTHUCHIEN": [
            {"KENH": "1", "THOIGIAN": "3 ngày"}, "x"],
        "THANHPHANHOSO": [{"GIAYTO": [{"TENGIAYTO": {"vi": "Tờ khai"}, "SOBANCHINH": 1}]}]})
    assert result.procedure.name == "7"
    assert [(i.rule, i.xpath) for i in result.issues] == [
        ("SVC106", "$.CACHTHUCTHUCHIEN"), ("SVC106", "$..THOIGIAN"),
        ("SVC106", "$..TENGIAYTO")]
    assert [c.kind for c in result.procedure.channels] == [ChannelKind.DIRECT]
    camel = import_procedure({"code": "2.000815", "name": "x", "cases": [
        {"name": "a", "processingDay": "3"}], "isWard": "yes", "categoriesDetails": ["Hộ tịch"],
        "procedureProposal": {"decisionDate": 10**20}})
    assert [(i.rule, i.xpath) for i in camel.issues] == [
        ("SVC109", "$.procedureProposal.decisionDate"), ("SVC106", "$.isWard"),
        ("SVC106", "$..processingDay")]
    assert camel.procedure.fields[0].name == "Hộ tịch"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["MATTHC", "TENTTHC", "CACHTHUCTHUCHIEN", "THOIGIAN", "PHILEPHI",
                         "KENH", "SOTIEN", "THANHPHANHOSO", "GIAYTO", "code", "name",
                         "executionMethods", "fees", "cases", "processingDay", "qty",
                         "executionCases", "profileComponents", "x"]), inner, max_size=4),
    max_leaves=25)


@settings(max_examples=150)
@given(st.dictionaries(st.sampled_from(["MATTHC", "TENTTHC", "CACHTHUCTHUCHIEN",
                                        "THANHPHANHOSO", "LOAITTHC", "CAPTHUCHIEN",
                                        "COQUANTHUCHIEN"]), json_values, max_size=6)
       | st.dictionaries(st.sampled_from(["code", "name", "executionMethods", "cases",
                                          "executionCases", "procedureProposal",
                                          "departmentsAuthority", "keywords"]), json_values,
                         max_size=6))
def test_any_record_gives_findings_or_an_input_error(record: dict[str, object]) -> None:
    try:
        result = import_procedure(record)
    except (InputError, MalformedJSONError):  # a float NaN or infinity has no JSON form
        return
    assert all(issue.rule.startswith("SVC1") for issue in result.issues)


def test_a_record_holding_a_number_json_cannot_write_names_its_place() -> None:
    """A record built in Python may hold a float infinity or NaN; the raw JSON kept with the
    procedure cannot hold it, so the import says where it is instead of failing in json."""
    with pytest.raises(MalformedJSONError, match=r"inf is not a JSON number \[\$\.TENTTHC\]"):
        import_procedure({"MATTHC": "1.001193", "TENTTHC": float("inf")})
