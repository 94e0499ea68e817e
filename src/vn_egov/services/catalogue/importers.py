"""Import procedures from the two national-database records into the canonical model.

The records are read through their wire models (:mod:`vn_egov.services.catalogue.national`):

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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

from vn_egov.errors import InputError
from vn_egov.i18n import tr, translate
from vn_egov.safejson import DEFAULT_JSON_LIMITS, JSONLimits, dump_json, load_json
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
from vn_egov.services.catalogue.national import (
    CamelComponent,
    CamelFee,
    CamelMethod,
    CamelProcedure,
    LegacyDocument,
    LegacyFee,
    LegacyMethod,
    LegacyProcedure,
    Named,
)
from vn_egov.services.codes import procedure as procedure_code
from vn_egov.validation import Issue, Severity, get_rule, issue_for
from vn_egov.validation.result import ResultMixin

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
_CAMEL_FLAGS: Final = (("is_ministry", ImplementationLevel.MINISTRY),
                       ("is_province", ImplementationLevel.PROVINCE),
                       ("is_ward", ImplementationLevel.COMMUNE),
                       ("is_other_agency", ImplementationLevel.OTHER_AGENCY),
                       ("is_vertical", ImplementationLevel.VERTICAL),
                       ("is_undetermined", ImplementationLevel.UNDETERMINED))
_CAMEL_ROLES: Final = (("Authority", AgencyRole.COMPETENT), ("Authorized", AgencyRole.AUTHORISED),
                       ("Coordinating", AgencyRole.COORDINATING))
_VND: Final = frozenset({"Đồng", "VNĐ", "VND", "đồng"})
_NUMBER: Final = re.compile(r"[0-9][0-9.,]*")


@dataclass
class ImportResult(ResultMixin):
    """A procedure and the issues met while importing it (a
    :class:`~vn_egov.validation.Result`: ``valid`` when no issue is an error).

    >>> ImportResult(Procedure(code="1.001193", name="x")).raise_if_invalid().issues
    []
    """

    procedure: Procedure
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """No issue is an error (warnings note values kept as raw text)."""
        return not any(issue.severity is Severity.ERROR for issue in self.issues)


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, rule_id: str, path: str, message: str) -> None:
        self.issues.append(issue_for(rule_id, message, xpath=path))


def _text(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):  # numbers of vn_egov.safejson.load_json
        return value
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
    if number is None or not number.is_finite() or number != number.to_integral_value() \
            or number < 0:
        out.add("SVC107", path, tr("count {value} is not a whole number", value=repr(value)))
        return None
    return int(number)


def _unit(raw: str | None, path: str, out: _Collector) -> TimeUnit:
    text = (raw or "").strip()
    unit = _UNITS.get(text.lower())
    if unit is None:
        out.add("SVC104", path, tr("time unit {unit} is not recognised; kept as OTHER",
                                   unit=repr(text)))
        return TimeUnit.OTHER
    return unit


def _limit(value: Any, unit: str | None, path: str, out: _Collector) -> TimeLimit | None:
    number = _decimal(value)
    if number is None or not number.is_finite() or number < 0:
        if value not in (None, ""):
            out.add("SVC104", path, tr("time limit {value} is not a number", value=repr(value)))
        return None
    return TimeLimit(value=number, unit=_unit(unit, f"{path}Unit", out), unit_text=_text(unit))


def _fee_amount(raw: Any, path: str, out: _Collector) -> Decimal | None:
    """Best-effort amount: '8.000 đồng' -> 8000 (Vietnamese thousands dots)."""
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = raw.strip() if isinstance(raw, str) else ""
    match = _NUMBER.search(text)
    if match is None:
        if text:
            out.add("SVC102", path, tr("fee amount {text} has no number; kept as raw text",
                                       text=repr(text)))
        return None
    digits = match.group()
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+", digits):
        digits = digits.replace(".", "")
    try:
        return Decimal(digits.replace(",", "."))
    except InvalidOperation:
        out.add("SVC102", path, tr("fee amount {text} could not be read; kept as raw text",
                                   text=repr(text)))
        return None


def _epoch_date(value: Any, path: str, out: _Collector) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(float(value) / 1000, VN_TZ).date()
        except (OverflowError, OSError, ValueError):
            out.add("SVC109", path, tr("date {value} is out of range", value=repr(value)))
            return None
    text = str(value).strip()
    for parser in (dt.date.fromisoformat, lambda t: dt.datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parser(text)
        except ValueError:
            continue
    out.add("SVC109", path, tr("date {value} is neither ms since epoch, ISO nor dd/mm/yyyy",
                               value=repr(text)))
    return None


def _report_unknown(keys: Iterable[str], out: _Collector) -> None:
    for key in keys:
        out.add("SVC101", f"$.{key}", tr("field {key} is not mapped; kept in raw_json",
                                         key=repr(key)))


def _report_skipped(paths: Iterable[str], out: _Collector) -> None:
    for path in paths:
        out.add("SVC106", path, tr("{path} has a value of the wrong kind; it was left out "
                                   "(kept in raw_json)", path=path))


# -- legacy upper-case record --------------------------------------------------------------


def _legacy_fee(fee: LegacyFee, path: str, out: _Collector) -> Fee:
    currency = _text(fee.currency)
    return Fee(kind=FeeKind.UNKNOWN, code=_text(fee.code),
               amount=_fee_amount(fee.amount, f"{path}.SOTIEN", out),
               currency="VND" if currency in _VND else currency,
               raw_text=_text(fee.amount if isinstance(fee.amount, str) else None)
               or (str(fee.amount) if isinstance(fee.amount, int | float | Decimal) else None),
               description=_text(fee.description), attachment=_text(fee.attachment))


def _legacy_channels(methods: list[LegacyMethod], out: _Collector) -> list[Channel]:
    channels: list[Channel] = []
    for i, method in enumerate(methods):
        path = f"$.CACHTHUCTHUCHIEN[{i}]"
        try:
            kind = ChannelKind.from_code(int((method.channel or "").strip()))
        except ValueError:
            out.add("SVC103", f"{path}.KENH", tr("channel {value} is not 1, 2 or 3",
                                                 value=repr(method.channel)))
            continue
        for j, option in enumerate(method.times or [None]):
            opath = f"{path}.THOIGIAN[{j}]"
            fees = [] if option is None else [
                _legacy_fee(fee, f"{opath}.PHILEPHI[{k}]", out)
                for k, fee in enumerate(option.fees)]
            limit = None if option is None else _limit(
                option.value, option.unit, f"{opath}.THOIGIANGIAIQUYET", out)
            channels.append(Channel(kind=kind, time_limit=limit, fees=fees,
                                    description=_text(option.description) if option else None))
    return channels


def _legacy_document(doc: LegacyDocument, case: str | None, path: str,
                     out: _Collector) -> DocumentRequirement:
    return DocumentRequirement(
        case=case, code=_text(doc.code), name=doc.name or "",
        template_name=_text(doc.template_name), template_url=_text(doc.url),
        originals=_count(doc.originals, f"{path}.SOBANCHINH", out),
        copies=_count(doc.copies, f"{path}.SOBANSAO", out))


def _legacy_levels(record: LegacyProcedure, out: _Collector) -> list[ImplementationLevel]:
    levels = []
    for i, level in enumerate(record.levels):
        code = (level.level or "").strip()
        if code in _LEGACY_LEVELS:
            levels.append(_LEGACY_LEVELS[code])
        else:
            out.add("SVC106", f"$.CAPTHUCHIEN[{i}].CAPTHUCHIEN",
                    tr("level {value} is not 0-3", value=repr(code)))
    return levels


def _legacy_type(record: LegacyProcedure, out: _Collector) -> ProcedureType | None:
    text = _text(record.procedure_type)
    if text is None:
        return None
    kind = _LEGACY_TYPES.get(text.strip())
    if kind is None:
        out.add("SVC106", "$.LOAITTHC", tr("LOAITTHC {value} is not 1, 2 or 3",
                                           value=repr(text)))
    return kind


def _legacy_agencies(record: LegacyProcedure) -> list[Agency]:
    roles = ((record.executing, AgencyRole.EXECUTING), (record.competent, AgencyRole.COMPETENT),
             (record.authorised, AgencyRole.AUTHORISED),
             (record.coordinating, AgencyRole.COORDINATING))
    return [Agency(role=role, code=_text(a.code), name=_text(a.name))
            for agencies, role in roles for a in agencies]


def _legacy(record: LegacyProcedure, out: _Collector) -> Procedure:
    channels = _legacy_channels(record.methods, out)
    documents = [_legacy_document(doc, _text(group.case),
                                  f"$.THANHPHANHOSO[{i}].GIAYTO[{j}]", out)
                 for i, group in enumerate(record.document_groups)
                 for j, doc in enumerate(group.documents)]
    levels = _legacy_levels(record, out)
    procedure_type = _legacy_type(record, out)
    _report_skipped(record.skipped, out)
    _report_unknown(record.unknown, out)
    keywords = [w.strip() for w in re.split(r"[,;]", record.keywords or "") if w.strip()]
    return Procedure(
        code=(record.code or "").strip(), name=record.name or "",
        source_id=_text(record.source_id), procedure_type=procedure_type,
        fields=[FieldOfActivity(code=_text(f.code), name=_text(f.name)) for f in record.fields],
        implementation_levels=levels, description=_text(record.description),
        steps=[Step(case=_text(group.case), name=step.name or "")
               for group in record.step_groups for step in group.steps],
        channels=channels, documents=documents,
        subjects=[Subject(name=s.subject or "") for s in record.subjects],
        subject_description=_text(record.subject_description),
        agencies=_legacy_agencies(record),
        results=[Result(code=_text(r.result_code), name=r.result_name or "")
                 for r in record.results],
        legal_bases=[LegalBasis(number=_text(b.number), title=_text(b.title))
                     for b in record.legal_bases],
        conditions=_text(record.conditions), keywords=keywords,
        decisions=[PublicationDecision(source_id=record.decision_id)]
        if _text(record.decision_id) else [], source_schema="national-legacy")


# -- camelCase record ------------------------------------------------------------------------


def _camel_fee(fee: CamelFee, path: str, out: _Collector) -> Fee:
    kind = {"SERVICE_FEE": FeeKind.PHI, "FEE": FeeKind.LE_PHI}.get(fee.type or "")
    if kind is None:
        out.add("SVC106", f"{path}.type", tr("fee type {value} is not FEE/SERVICE_FEE",
                                             value=repr(fee.type)))
        kind = FeeKind.UNKNOWN
    else:
        out.add("SVC108", f"{path}.type", tr("fee type {value} read as {kind} (inferred, not "
                                             "authoritative)", value=fee.type, kind=kind.value))
    raw = fee.value
    return Fee(kind=kind, amount=_fee_amount(raw, f"{path}.value", out),
               currency=_text(fee.currency_id) or _text(fee.currency_name),
               raw_text=_text(str(raw)) if raw is not None else None,
               description=_text(fee.description), attachment=_text(fee.attachment))


def _camel_channels(methods: list[CamelMethod], out: _Collector) -> list[Channel]:
    channels = []
    for i, method in enumerate(methods):
        path = f"$.executionMethods[{i}]"
        try:
            kind = ChannelKind(str(method.submission_method))
        except ValueError:
            out.add("SVC103", f"{path}.submissionMethod",
                    tr("channel {value} is not DIRECT/ONLINE/POSTAL",
                       value=repr(method.submission_method)))
            continue
        channels.append(Channel(
            kind=kind, description=_text(method.description),
            time_limit=_limit(method.processing_time, method.processing_time_unit,
                              f"{path}.processingTime", out),
            fees=[_camel_fee(fee, f"{path}.fees[{k}]", out)
                  for k, fee in enumerate(method.fees)]))
    return channels


def _camel_component(comp: CamelComponent, case: str | None, path: str,
                     out: _Collector) -> DocumentRequirement:
    first = comp.attachments[0] if comp.attachments else None
    if len(comp.attachments) > 1:
        out.add("SVC101", f"{path}.attachments",
                tr("{count} attachments; only the first is mapped as template",
                   count=len(comp.attachments)))
    return DocumentRequirement(
        case=case, code=_text(comp.code), name=comp.name or "",
        template_name=_text(first.name) if first else None,
        template_url=_text(first.url) if first else None,
        originals=_count(comp.original_qty, f"{path}.originalQty", out),
        copies=_count(comp.copy_qty, f"{path}.copyQty", out), required=comp.required,
        has_electronic_form=comp.has_electronic_form,
        is_processing_result=comp.is_processing_result)


def _camel_agencies(record: CamelProcedure) -> tuple[list[Agency], set[str]]:
    agencies = [Agency(role=AgencyRole.EXECUTING, agency_type=_text(g.name))
                for g in record.unit_groups]
    agencies += [Agency(role=AgencyRole.EXECUTING, code=_text(d.code), name=_text(d.name))
                 for d in record.departments]
    role_keys = set()
    for key, value in (record.model_extra or {}).items():
        role = next((r for suffix, r in _CAMEL_ROLES
                     if key.startswith("departments") and key.endswith(suffix)), None)
        if role is None or not isinstance(value, list):
            continue
        role_keys.add(key)
        for item in value:
            named = Named.read({"name": item} if isinstance(item, str) else item) \
                if isinstance(item, str | Mapping) else Named()
            agencies.append(Agency(role=role, code=_text(named.code), name=_text(named.name)))
    return agencies, role_keys


def _camel_online_level(record: CamelProcedure) -> OnlineLevel:
    if record.is_full_process is True:
        return OnlineLevel.FULL
    if record.is_offline_only is True:
        return OnlineLevel.NONE
    if record.is_full_process is False and record.is_offline_only is False:
        return OnlineLevel.PARTIAL
    return OnlineLevel.UNKNOWN


def _camel_type(record: CamelProcedure, out: _Collector) -> ProcedureType | None:
    if record.formality_type is None:
        return None
    try:
        return ProcedureType(record.formality_type)
    except ValueError:
        out.add("SVC106", "$.formalityType", tr("formalityType {value}",
                                                value=repr(record.formality_type)))
        return None


def _camel_decisions(record: CamelProcedure, out: _Collector) -> list[PublicationDecision]:
    proposal = record.proposal
    if proposal is None:
        return []
    return [PublicationDecision(
        number=_text(proposal.number),
        decision_date=_epoch_date(proposal.decision_date, "$.procedureProposal.decisionDate",
                                  out),
        publication_date=_epoch_date(proposal.publication_date,
                                     "$.procedureProposal.publicationDate", out),
        issuing_agency=_text(proposal.issuing_agency) or _text(record.promulgator_name))]


def _camel_cases(record: CamelProcedure, out: _Collector) -> list[Case]:
    return [Case(code=_text(case.code), name=case.name or "",
                 time_limit=_limit(case.processing_day.qty, case.processing_day.type,
                                   f"$.cases[{i}].processingDay.qty", out)
                 if case.processing_day else None)
            for i, case in enumerate(record.cases)]


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [word.strip() for word in value.split(",") if word.strip()]
    if isinstance(value, list):
        return [str(word) for word in value if isinstance(word, str | int | float | Decimal)]
    return []


def _camel(record: CamelProcedure, out: _Collector) -> Procedure:
    channels = _camel_channels(record.methods, out)
    cases = _camel_cases(record, out)
    documents = [_camel_component(comp, _text(group.name),
                                  f"$.executionCases[{i}].profileComponents[{j}]", out)
                 for i, group in enumerate(record.execution_cases)
                 for j, comp in enumerate(group.components)]
    agencies, role_keys = _camel_agencies(record)
    procedure_type = _camel_type(record, out)
    decisions = _camel_decisions(record, out)
    _report_skipped(record.skipped, out)
    _report_unknown((key for key in record.unknown if key not in role_keys), out)
    return Procedure(
        code=(record.code or "").strip(), name=record.name or "",
        source_id=_text(record.id), procedure_type=procedure_type,
        fields=[FieldOfActivity(code=_text(c.code), name=_text(c.name))
                for c in record.categories],
        implementation_levels=[level for name, level in _CAMEL_FLAGS
                               if getattr(record, name) is True],
        online_level=_camel_online_level(record), level_scheme=LevelScheme.ND42_2022,
        non_territorial=record.is_non_territorial, description=_text(record.description),
        steps=[Step(name=s.name or "", description=_text(s.description)) for s in record.steps],
        channels=channels, cases=cases, documents=documents,
        subjects=[Subject(code=_text(s.code), name=s.name or "") for s in record.subjects],
        agencies=agencies,
        results=[Result(code=_text(r.code), name=r.name or "") for r in record.results],
        legal_bases=[LegalBasis(number=_text(b.code), title=_text(b.name))
                     for b in record.legal_bases],
        conditions=_text(record.conditions), keywords=_keywords(record.keywords),
        decisions=decisions, source_schema="national-camel")


def detect_shape(record: Mapping[str, Any]) -> str:
    """``"legacy"`` (``MATTHC``) or ``"camel"`` (``code``); :class:`InputError` otherwise.

    >>> detect_shape({"code": "1.001193", "name": "x"})
    'camel'
    """
    if "MATTHC" in record and "TENTTHC" in record:
        return "legacy"
    if "code" in record and "name" in record:
        return "camel"
    raise InputError(tr("record has neither MATTHC/TENTTHC (legacy) nor code/name (camelCase)"),
                     hint=translate(get_rule("SVC110").hint))


def import_procedure(record: Mapping[str, Any]) -> ImportResult:
    """Import one national record of either shape.

    >>> import_procedure({"code": "1.00119", "name": "x"}).issues[0].rule
    'SVC105'
    """
    if not isinstance(record, Mapping):
        raise InputError(tr("a procedure record must be a JSON object, not {kind}",
                            kind=type(record).__name__), hint=translate(get_rule("SVC110").hint))
    shape = detect_shape(record)
    out = _Collector()
    wire = LegacyProcedure.read(record) if shape == "legacy" else CamelProcedure.read(record)
    if not (wire.code or "").strip():
        raise InputError(tr("the national record has no procedure code"),
                         hint=translate(get_rule("SVC110").hint))
    procedure = _legacy(wire, out) if shape == "legacy" else _camel(wire, out)
    if not procedure_code.is_valid(procedure.code):
        out.add("SVC105", "$.MATTHC" if shape == "legacy" else "$.code",
                tr("procedure code {code} is not D.NNNNNN[.OrganId]",
                   code=repr(procedure.code)))
    procedure.raw_json = dump_json(record)  # numbers exactly as read (decimals)
    return ImportResult(procedure, out.issues)


def load_records(data: Any, *, limits: JSONLimits = DEFAULT_JSON_LIMITS
                 ) -> list[Mapping[str, Any]]:
    """The records of a payload: one record, a list, or the ``{"error_code", "result"}`` envelope.

    *data* is parsed JSON, or JSON text or bytes, read by the safe loader
    (:func:`vn_egov.safejson.load_json`, with *limits*: numbers as decimals, depth and size
    bounded, NaN refused). ``error_code`` is success as 0, "0" or "00" (services answer in
    all three forms).

    >>> len(load_records({"error_code": "00", "result": [{"code": "1.001193", "name": "x"}]}))
    1
    >>> load_records(b'[{"code": "1.001193", "fee": NaN}]')
    Traceback (most recent call last):
    ...
    vn_egov.errors.MalformedJSONError: 1:30: NaN is not a JSON number [$[0].fee] ...
    """
    if isinstance(data, bytes | bytearray | memoryview | str):
        data = load_json(data, limits=limits)
    if isinstance(data, Mapping) and "result" in data and "error_code" in data:
        if str(data["error_code"]).strip() not in ("0", "00"):
            raise InputError(tr("the national service returned error_code {code}: {message}",
                                code=data["error_code"], message=data.get("message", "")),
                             hint=tr("request the data again"))
        data = data["result"]
    if isinstance(data, Mapping):
        return [data]
    if isinstance(data, list) and all(isinstance(item, Mapping) for item in data):
        return data
    raise InputError(tr("expected a record, a list of records or the national envelope"),
                     hint=translate(get_rule("SVC110").hint))


def import_catalogue(data: Any, *, catalogue_id: str, title: str, version: str,
                     publisher: Publisher, limits: JSONLimits = DEFAULT_JSON_LIMITS,
                     ) -> tuple[Catalogue, list[Issue]]:
    """Import every record of *data* into a catalogue: parsed JSON, or JSON text, bytes or a
    path (``pathlib.Path``) read by the safe loader (:func:`vn_egov.safejson.load_json`:
    through the input gate, with *limits*).

    Issue paths are prefixed with the record index (``[2]$.KENH``).

    >>> cat, issues = import_catalogue('[{"code": "1.001193", "name": "Khai sinh"}]',
    ...     catalogue_id="x", title="t", version="1", publisher=Publisher(name="p"))
    >>> [p.code for p in cat.procedures], issues
    (['1.001193'], [])
    """
    if isinstance(data, Path):
        data = load_json(data, limits=limits)
    procedures: list[Procedure] = []
    issues: list[Issue] = []
    for index, record in enumerate(load_records(data, limits=limits)):
        result = import_procedure(record)
        procedures.append(result.procedure)
        issues.extend(replace(i, xpath=f"[{index}]{i.xpath}") for i in result.issues)
    return Catalogue(id=catalogue_id, title=title, version=version, publisher=publisher,
                     procedures=procedures), issues
