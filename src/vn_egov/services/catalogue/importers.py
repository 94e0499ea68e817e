"""Import procedures from the two national-database JSON shapes (services.md §4.1–4.2).

* **legacy**: the upper-case "gói tin thủ tục" (``MATTHC``, ``TENTTHC``, ``CACHTHUCTHUCHIEN``…),
  usually inside the envelope ``{"error_code": 0, "result": [...]}``;
* **camel**: the 2025–2026 camelCase record (``code``, ``name``, ``executionMethods``…).

Import is tolerant: every quirk becomes an :class:`~vn_egov.validation.Issue` (rules
``SVC101``–``SVC110``, see :mod:`vn_egov.services.rules`) with a JSON path in ``xpath``, and
the whole record is kept in :attr:`~vn_egov.services.catalogue.models.Procedure.raw_json`.

>>> result = import_procedure({"MATTHC": "1.001612", "TENTTHC": "Đăng ký hộ kinh doanh",
...                            "CACHTHUCTHUCHIEN": [{"KENH": "1", "THOIGIAN": [
...                                {"THOIGIANGIAIQUYET": "3", "DONVITINH": "Ngày làm việc"}]}]})
>>> result.procedure.channels[0].time_limit.unit, result.issues
(<TimeUnit.WORKING_DAY: 'WORKING_DAY'>, [])
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from vn_egov.errors import InputError
from vn_egov.services import rules as _rules  # noqa: F401 - registers the SVC rules
from vn_egov.services.calendar.working import VN_TZ
from vn_egov.services.catalogue.models import (
    Agency,
    AgencyRole,
    Case,
    Catalogue,
    Channel,
    ChannelKind,
    DocumentRequirement,
    Fee,
    FeeKind,
    FieldOfActivity,
    ImplementationLevel,
    LegalBasis,
    LevelScheme,
    OnlineLevel,
    Procedure,
    ProcedureType,
    PublicationDecision,
    Publisher,
    Result,
    Step,
    Subject,
    TimeLimit,
    TimeUnit,
)
from vn_egov.services.codes import procedure as procedure_code
from vn_egov.validation import Issue, get_rule, issue_for

__all__ = ["ImportResult", "detect_shape", "import_catalogue", "import_procedure",
           "load_records"]

_UNITS: Final = {
    "ngày làm việc": TimeUnit.WORKING_DAY, "working_day": TimeUnit.WORKING_DAY,
    "ngày": TimeUnit.CALENDAR_DAY, "day": TimeUnit.CALENDAR_DAY,
    "calendar_day": TimeUnit.CALENDAR_DAY,
    "ngày (tính theo ngày dương lịch)": TimeUnit.CALENDAR_DAY,
    "giờ": TimeUnit.WORKING_HOUR, "giờ làm việc": TimeUnit.WORKING_HOUR,
    "hour": TimeUnit.WORKING_HOUR, "working_hour": TimeUnit.WORKING_HOUR,
    "khác": TimeUnit.OTHER, "other": TimeUnit.OTHER,
}
_LEGACY_LEVELS: Final = {"0": ImplementationLevel.MINISTRY, "1": ImplementationLevel.PROVINCE,
                         "2": ImplementationLevel.DISTRICT, "3": ImplementationLevel.COMMUNE}
_LEGACY_TYPES: Final = {"1": ProcedureType.NOT_ASSIGNED_REGULATION,
                        "2": ProcedureType.ASSIGNED_REGULATION, "3": ProcedureType.OTHER}
_LEGACY_ROLES: Final = {"COQUANTHUCHIEN": AgencyRole.EXECUTING,
                        "COQUANCOTHAMQUYEN": AgencyRole.COMPETENT,
                        "COQUANDUOCUYQUYEN": AgencyRole.AUTHORISED,
                        "COQUANPHOIHOP": AgencyRole.COORDINATING}
# Known legacy fields that carry no canonical slot: kept in raw_json, not reported.
_LEGACY_KEPT: Final = frozenset({"TRANGTHAI", "DIACHITIEPNHAN"})
_CAMEL_FLAGS: Final = {"isMinistry": ImplementationLevel.MINISTRY,
                       "isProvince": ImplementationLevel.PROVINCE,
                       "isWard": ImplementationLevel.COMMUNE,
                       "isOtherAgency": ImplementationLevel.OTHER_AGENCY,
                       "isVertical": ImplementationLevel.VERTICAL,
                       "isUndetermined": ImplementationLevel.UNDETERMINED}
_CAMEL_ROLES: Final = (("Authority", AgencyRole.COMPETENT), ("Authorized", AgencyRole.AUTHORISED),
                       ("Coordinating", AgencyRole.COORDINATING))
_CAMEL_KEPT: Final = frozenset({"codeNotation", "type", "state", "isInternal", "returningMethods",
                                "createdAt", "updatedAt", "departmentPromulgateCode"})
_NUMBER: Final = re.compile(r"[0-9][0-9.,]*")


@dataclass
class ImportResult:
    """A procedure and the issues met while importing it.

    >>> ImportResult(Procedure(code="1.001193", name="x")).issues
    []
    """

    procedure: Procedure
    issues: list[Issue] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, rule_id: str, path: str, message: str) -> None:
        self.issues.append(issue_for(rule_id, message, xpath=path))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    return value if isinstance(value, list) else []


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _count(value: Any, path: str, out: _Collector) -> int | None:
    if value is None or value == "":
        return None
    number = _decimal(value)
    if number is None or number != number.to_integral_value() or number < 0:
        out.add("SVC107", path, f"count {value!r} is not a whole number")
        return None
    return int(number)


def _unit(raw: Any, path: str, out: _Collector) -> TimeUnit:
    text = (_text(raw) or "").strip()
    unit = _UNITS.get(text.lower())
    if unit is None:
        out.add("SVC104", path, f"time unit {text!r} is not recognised; kept as OTHER")
        return TimeUnit.OTHER
    return unit


def _limit(value: Any, unit: Any, description: Any, path: str,
           out: _Collector) -> TimeLimit | None:
    number = _decimal(value)
    if number is None or number < 0:
        if value not in (None, ""):
            out.add("SVC104", path, f"time limit {value!r} is not a number")
        return None
    return TimeLimit(value=number, unit=_unit(unit, f"{path}Unit", out),
                     unit_text=_text(unit), description=_text(description))


def _fee_amount(raw: Any, path: str, out: _Collector) -> Decimal | None:
    """Best-effort amount: '8.000 đồng' -> 8000 (Vietnamese thousands dots)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = _text(raw) or ""
    match = _NUMBER.search(text)
    if match is None:
        if text:
            out.add("SVC102", path, f"fee amount {text!r} has no number; kept as raw text")
        return None
    digits = match.group()
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+", digits):
        digits = digits.replace(".", "")
    digits = digits.replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        out.add("SVC102", path, f"fee amount {text!r} could not be read; kept as raw text")
        return None


def _epoch_date(value: Any, path: str, out: _Collector) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value / 1000, VN_TZ).date()
    text = str(value).strip()
    for parser in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parser(text)
        except ValueError:
            continue
    out.add("SVC109", path, f"date {text!r} is neither ms since epoch, ISO nor dd/mm/yyyy")
    return None


# -- legacy upper-case record ------------------------------------------------------------------

def _legacy(record: Mapping[str, Any], out: _Collector) -> Procedure:
    steps = [Step(case=_text(group.get("TRUONGHOP")), name=str(step.get("TENTRINHTU", "")))
             for group in _list(record, "TRINHTUTHUCHIEN")
             for step in group.get("TRINHTU") or []]
    channels: list[Channel] = []
    for i, method in enumerate(_list(record, "CACHTHUCTHUCHIEN")):
        path = f"$.CACHTHUCTHUCHIEN[{i}]"
        try:
            kind = ChannelKind.from_code(int(str(method.get("KENH")).strip()))
        except ValueError:
            out.add("SVC103", f"{path}.KENH", f"channel {method.get('KENH')!r} is not 1, 2 or 3")
            continue
        times = method.get("THOIGIAN") or [{}]
        for j, option in enumerate(times):
            opath = f"{path}.THOIGIAN[{j}]"
            fees = []
            for k, fee in enumerate(option.get("PHILEPHI") or []):
                raw = _text(fee.get("SOTIEN"))
                currency = _text(fee.get("DONVI"))
                fees.append(Fee(
                    kind=FeeKind.UNKNOWN, code=_text(fee.get("MAPHILEPHI")),
                    amount=_fee_amount(raw, f"{opath}.PHILEPHI[{k}].SOTIEN", out),
                    currency="VND" if currency in ("Đồng", "VNĐ", "VND", "đồng") else currency,
                    raw_text=raw, description=_text(fee.get("MOTA")),
                    attachment=_text(fee.get("TENTEP"))))
            limit = _limit(option.get("THOIGIANGIAIQUYET"), option.get("DONVITINH"),
                           None, f"{opath}.THOIGIANGIAIQUYET", out)
            channels.append(Channel(kind=kind, time_limit=limit,
                                    description=_text(option.get("MOTA")), fees=fees))
    documents = []
    for i, group in enumerate(_list(record, "THANHPHANHOSO")):
        for j, doc in enumerate(group.get("GIAYTO") or []):
            path = f"$.THANHPHANHOSO[{i}].GIAYTO[{j}]"
            documents.append(DocumentRequirement(
                case=_text(group.get("TRUONGHOP")), code=_text(doc.get("MAGIAYTO")),
                name=str(doc.get("TENGIAYTO", "")), template_name=_text(doc.get("TENMAUDON")),
                template_url=_text(doc.get("URL")),
                originals=_count(doc.get("SOBANCHINH"), f"{path}.SOBANCHINH", out),
                copies=_count(doc.get("SOBANSAO"), f"{path}.SOBANSAO", out)))
    levels = []
    for i, level in enumerate(_list(record, "CAPTHUCHIEN")):
        code = str(level.get("CAPTHUCHIEN", "")).strip()
        if code in _LEGACY_LEVELS:
            levels.append(_LEGACY_LEVELS[code])
        else:
            out.add("SVC106", f"$.CAPTHUCHIEN[{i}].CAPTHUCHIEN", f"level {code!r} is not 0-3")
    agencies = [Agency(role=role, code=_text(a.get("MADONVI")), name=_text(a.get("TENDONVI")))
                for key, role in _LEGACY_ROLES.items() for a in _list(record, key)]
    procedure_type = None
    if _text(record.get("LOAITTHC")) is not None:
        procedure_type = _LEGACY_TYPES.get(str(record["LOAITTHC"]).strip())
        if procedure_type is None:
            out.add("SVC106", "$.LOAITTHC", f"LOAITTHC {record['LOAITTHC']!r} is not 1, 2 or 3")
    decisions = []
    if _text(record.get("IDQUYETDINHCONGBO")):
        decisions.append(PublicationDecision(source_id=str(record["IDQUYETDINHCONGBO"])))
    keywords = [word.strip() for word in re.split(r"[,;]", str(record.get("TUKHOA") or ""))
                if word.strip()]
    known = {"ID", "MATTHC", "TENTTHC", "LOAITTHC", "LINHVUCTHUCHIEN", "CAPTHUCHIEN",
             "TRINHTUTHUCHIEN", "CACHTHUCTHUCHIEN", "THANHPHANHOSO", "DOITUONGTHUCHIEN",
             "MOTADOITUONGTHUCHIEN", "KETQUATHUCHIEN", "CANCUPHAPLY", "YEUCAU", "TUKHOA", "MOTA",
             "IDQUYETDINHCONGBO", *_LEGACY_ROLES, *_LEGACY_KEPT}
    _report_unknown(record, known, out)
    return Procedure(
        code=str(record["MATTHC"]).strip(), name=str(record["TENTTHC"]),
        source_id=_text(record.get("ID")), procedure_type=procedure_type,
        fields=[FieldOfActivity(code=_text(f.get("MALINHVUC")), name=_text(f.get("TENLINHVUC")))
                for f in _list(record, "LINHVUCTHUCHIEN")],
        implementation_levels=levels, description=_text(record.get("MOTA")), steps=steps,
        channels=channels, documents=documents,
        subjects=[Subject(name=str(s.get("TENDOITUONG", "")))
                  for s in _list(record, "DOITUONGTHUCHIEN")],
        subject_description=_text(record.get("MOTADOITUONGTHUCHIEN")), agencies=agencies,
        results=[Result(code=_text(r.get("MAKETQUA")), name=str(r.get("TENKETQUA", "")))
                 for r in _list(record, "KETQUATHUCHIEN")],
        legal_bases=[LegalBasis(number=_text(b.get("SOVANBAN")), title=_text(b.get("TENVANBAN")))
                     for b in _list(record, "CANCUPHAPLY")],
        conditions=_text(record.get("YEUCAU")), keywords=keywords, decisions=decisions,
        source_schema="national-legacy")


# -- camelCase record ------------------------------------------------------------------------

def _named(items: Iterable[Any]) -> list[tuple[str | None, str | None]]:
    result = []
    for item in items:
        if isinstance(item, Mapping):
            result.append((_text(item.get("code")), _text(item.get("name"))))
        else:
            result.append((None, _text(item)))
    return result


def _camel_fee(fee: Mapping[str, Any], path: str, out: _Collector) -> Fee:
    kind = {"SERVICE_FEE": FeeKind.PHI, "FEE": FeeKind.LE_PHI}.get(str(fee.get("type")))
    if kind is None:
        out.add("SVC106", f"{path}.type", f"fee type {fee.get('type')!r} is not FEE/SERVICE_FEE")
        kind = FeeKind.UNKNOWN
    else:
        out.add("SVC108", f"{path}.type",
                f"fee type {fee['type']} read as {kind.value} (inferred, not authoritative)")
    raw = fee.get("value")
    return Fee(kind=kind, amount=_fee_amount(raw, f"{path}.value", out),
               currency=_text(fee.get("currencyId")) or _text(fee.get("currencyName")),
               raw_text=_text(raw), description=_text(fee.get("description")),
               attachment=_text(fee.get("attachment")))


def _camel(record: Mapping[str, Any], out: _Collector) -> Procedure:
    channels = []
    for i, method in enumerate(_list(record, "executionMethods")):
        path = f"$.executionMethods[{i}]"
        try:
            kind = ChannelKind(str(method.get("submissionMethod")))
        except ValueError:
            out.add("SVC103", f"{path}.submissionMethod",
                    f"channel {method.get('submissionMethod')!r} is not DIRECT/ONLINE/POSTAL")
            continue
        channels.append(Channel(
            kind=kind,
            time_limit=_limit(method.get("processingTime"), method.get("processingTimeUnit"),
                              None, f"{path}.processingTime", out),
            description=_text(method.get("description")),
            fees=[_camel_fee(fee, f"{path}.fees[{k}]", out)
                  for k, fee in enumerate(method.get("fees") or [])]))
    cases = []
    for i, case in enumerate(_list(record, "cases")):
        days = case.get("processingDay") or {}
        cases.append(Case(code=_text(case.get("code")), name=str(case.get("name", "")),
                          time_limit=_limit(days.get("qty"), days.get("type"), None,
                                            f"$.cases[{i}].processingDay.qty", out)))
    documents = []
    for i, group in enumerate(_list(record, "executionCases")):
        for j, comp in enumerate(group.get("profileComponents") or []):
            path = f"$.executionCases[{i}].profileComponents[{j}]"
            attachments = comp.get("attachments") or []
            first = attachments[0] if attachments and isinstance(attachments[0], Mapping) else {}
            if len(attachments) > 1:
                out.add("SVC101", f"{path}.attachments",
                        f"{len(attachments)} attachments; only the first is mapped as template")
            documents.append(DocumentRequirement(
                case=_text(group.get("name")), code=_text(comp.get("code")),
                name=str(comp.get("name", "")), template_name=_text(first.get("name")),
                template_url=_text(first.get("url")),
                originals=_count(comp.get("originalQty"), f"{path}.originalQty", out),
                copies=_count(comp.get("copyQty"), f"{path}.copyQty", out),
                required=comp.get("required"), has_electronic_form=comp.get("hasElectronicForm"),
                is_processing_result=comp.get("isProcessingResult")))
    agencies = [Agency(role=AgencyRole.EXECUTING, agency_type=name)
                for _, name in _named(_list(record, "unitGroupsExecuting"))]
    agencies += [Agency(role=AgencyRole.EXECUTING, code=code, name=name)
                 for code, name in _named(_list(record, "departmentsExecuting"))]
    role_keys = set()
    for key in record:
        for suffix, role in _CAMEL_ROLES:
            if key.startswith("departments") and key.endswith(suffix):
                role_keys.add(key)
                agencies += [Agency(role=role, code=code, name=name)
                             for code, name in _named(_list(record, key))]
    procedure_type = None
    if record.get("formalityType") is not None:
        try:
            procedure_type = ProcedureType(str(record["formalityType"]))
        except ValueError:
            out.add("SVC106", "$.formalityType", f"formalityType {record['formalityType']!r}")
    online = OnlineLevel.UNKNOWN
    if record.get("isFullProcess") is True:
        online = OnlineLevel.FULL
    elif record.get("isOfflineOnly") is True:
        online = OnlineLevel.NONE
    elif record.get("isFullProcess") is False and record.get("isOfflineOnly") is False:
        online = OnlineLevel.PARTIAL
    proposal = record.get("procedureProposal")
    decisions = []
    if isinstance(proposal, Mapping):
        decisions.append(PublicationDecision(
            number=_text(proposal.get("proposalNumber")),
            decision_date=_epoch_date(proposal.get("decisionDate"),
                                      "$.procedureProposal.decisionDate", out),
            publication_date=_epoch_date(proposal.get("publicationDate"),
                                         "$.procedureProposal.publicationDate", out),
            issuing_agency=_text(proposal.get("issuingAgency"))
            or _text(record.get("departmentPromulgateName"))))
    keywords = record.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [word.strip() for word in keywords.split(",") if word.strip()]
    known = {"id", "code", "name", "executionSteps", "executionMethods", "cases",
             "executionCases", "formalityType", "isFullProcess", "isOfflineOnly",
             "isNonTerritorial", "categoriesDetails", "unitGroupsExecuting",
             "departmentsExecuting", "subjectTypesDetails", "resultsDetails",
             "legalBasisesDetails", "departmentPromulgateName", "procedureProposal",
             "requirementsAndConditions", "keywords", "description", *_CAMEL_FLAGS,
             *_CAMEL_KEPT, *role_keys}
    _report_unknown(record, known, out)
    return Procedure(
        code=str(record["code"]).strip(), name=str(record["name"]),
        source_id=_text(record.get("id")), procedure_type=procedure_type,
        fields=[FieldOfActivity(code=c, name=n) for c, n in
                _named(_list(record, "categoriesDetails"))],
        implementation_levels=[level for flag, level in _CAMEL_FLAGS.items()
                               if record.get(flag) is True],
        online_level=online, level_scheme=LevelScheme.ND42_2022,
        non_territorial=record.get("isNonTerritorial")
        if isinstance(record.get("isNonTerritorial"), bool) else None,
        description=_text(record.get("description")),
        steps=[Step(name=str(s.get("name", "")), description=_text(s.get("description")))
               for s in _list(record, "executionSteps")],
        channels=channels, cases=cases, documents=documents,
        subjects=[Subject(code=c, name=n or "") for c, n in
                  _named(_list(record, "subjectTypesDetails"))],
        agencies=agencies,
        results=[Result(code=c, name=n or "") for c, n in _named(_list(record, "resultsDetails"))],
        legal_bases=[LegalBasis(number=c, title=n) for c, n in
                     _named(_list(record, "legalBasisesDetails"))],
        conditions=_text(record.get("requirementsAndConditions")),
        keywords=[str(word) for word in keywords], decisions=decisions,
        source_schema="national-camel")


def _report_unknown(record: Mapping[str, Any], known: set[str], out: _Collector) -> None:
    for key in record:
        if key not in known:
            out.add("SVC101", f"$.{key}", f"field {key!r} is not mapped; kept in raw_json")


def detect_shape(record: Mapping[str, Any]) -> str:
    """``"legacy"`` (``MATTHC``) or ``"camel"`` (``code``); :class:`InputError` otherwise.

    >>> detect_shape({"code": "1.001193", "name": "x"})
    'camel'
    """
    if "MATTHC" in record and "TENTTHC" in record:
        return "legacy"
    if "code" in record and "name" in record:
        return "camel"
    raise InputError("record has neither MATTHC/TENTTHC (legacy) nor code/name (camelCase)",
                     hint=get_rule("SVC110").hint)


def import_procedure(record: Mapping[str, Any]) -> ImportResult:
    """Import one national record of either shape.

    >>> import_procedure({"code": "1.00119", "name": "x"}).issues[0].rule
    'SVC105'
    """
    if not isinstance(record, Mapping):
        raise InputError(f"a procedure record must be a JSON object, not {type(record).__name__}",
                         hint=get_rule("SVC110").hint)
    shape = detect_shape(record)
    out = _Collector()
    procedure = _legacy(record, out) if shape == "legacy" else _camel(record, out)
    if not procedure_code.is_valid(procedure.code):
        out.add("SVC105", "$.MATTHC" if shape == "legacy" else "$.code",
                f"procedure code {procedure.code!r} is not D.NNNNNN[.OrganId]")
    procedure.raw_json = json.dumps(record, ensure_ascii=False)
    return ImportResult(procedure, out.issues)


def load_records(data: Any) -> list[Mapping[str, Any]]:
    """The records of a payload: one record, a list, or the ``{"error_code", "result"}`` envelope.

    >>> len(load_records({"error_code": 0, "result": [{"code": "1.001193", "name": "x"}]}))
    1
    """
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise InputError(f"not JSON: {exc}",
                             hint="give the national service response") from None
    if isinstance(data, Mapping) and "result" in data and "error_code" in data:
        if data["error_code"] not in (0, "0"):
            raise InputError(f"the national service returned error_code {data['error_code']}: "
                             f"{data.get('message', '')}", hint="request the data again")
        data = data["result"]
    if isinstance(data, Mapping):
        return [data]
    if isinstance(data, list) and all(isinstance(item, Mapping) for item in data):
        return data
    raise InputError("expected a record, a list of records or the national envelope",
                     hint=get_rule("SVC110").hint)


def import_catalogue(data: Any, *, catalogue_id: str, title: str, version: str,
                     publisher: Publisher) -> tuple[Catalogue, list[Issue]]:
    """Import every record of *data* (JSON text, bytes, path or parsed) into a catalogue.

    Issue paths are prefixed with the record index (``[2]$.KENH``).

    >>> cat, issues = import_catalogue('[{"code": "1.001193", "name": "Khai sinh"}]',
    ...     catalogue_id="x", title="t", version="1", publisher=Publisher(name="p"))
    >>> [p.code for p in cat.procedures], issues
    (['1.001193'], [])
    """
    if isinstance(data, Path):
        try:
            data = data.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {data}: {exc}", source=str(data)) from None
    procedures: list[Procedure] = []
    issues: list[Issue] = []
    for index, record in enumerate(load_records(data)):
        result = import_procedure(record)
        procedures.append(result.procedure)
        issues.extend(replace(i, xpath=f"[{index}]{i.xpath}") for i in result.issues)
    return Catalogue(id=catalogue_id, title=title, version=version, publisher=publisher,
                     procedures=procedures), issues
