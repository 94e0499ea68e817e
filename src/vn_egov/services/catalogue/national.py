"""The two national procedure records as wire models (aliases are the national field names).

* :class:`LegacyProcedure`: the upper-case "gói tin thủ tục" of the national database's
  ``LayThuTuc`` service (``MATTHC``, ``TENTTHC``, ``CACHTHUCTHUCHIEN``…);
* :class:`CamelProcedure`: the 2025–2026 camelCase record of the rebuilt portal (``code``,
  ``name``, ``executionMethods``…).

The models are lenient the way an importer must be: a number where text is expected is read
as its text, a value of the wrong kind (an object for a name, a string for a list) becomes
empty and its field is named in :attr:`NationalRecord.skipped`, fields outside the known list
are kept in :attr:`NationalRecord.unknown`. Nothing raises on a malformed record; the importer
(:mod:`vn_egov.services.catalogue.importers`) turns each quirk into a finding.

>>> record = LegacyProcedure.read({"MATTHC": "1.001193", "TENTTHC": 42, "CACHTHUCTHUCHIEN": "x"})
>>> record.name, record.methods, record.skipped
('42', [], ['$.CACHTHUCTHUCHIEN'])
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic.fields import FieldInfo

__all__ = [
    "CamelComponent",
    "CamelFee",
    "CamelMethod",
    "CamelProcedure",
    "LegacyDocument",
    "LegacyFee",
    "LegacyMethod",
    "LegacyProcedure",
    "Named",
]


def _is_text(value: Any) -> bool:
    return value is None or isinstance(value, str) or (
        isinstance(value, int | float | Decimal) and not isinstance(value, bool))


def _text(value: Any) -> str | None:
    """Text as found; numbers as their text; anything else empty (noted by the model)."""
    if value is None or isinstance(value, str):
        return value
    return str(value) if _is_text(value) else None


def _is_items(value: Any) -> bool:
    return value is None or (isinstance(value, list)
                             and all(isinstance(item, Mapping) for item in value))


def _items(value: Any) -> list[Any]:
    """A list of objects; a non-list or its non-object entries are left out."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _is_named(value: Any) -> bool:
    return value is None or (isinstance(value, list)
                             and all(isinstance(item, Mapping | str) for item in value))


def _named_items(value: Any) -> list[Any]:
    """Lists of ``{code, name}`` where some sources send bare strings."""
    if isinstance(value, list):
        value = [{"name": item} if isinstance(item, str) else item for item in value]
    return _items(value)


def _is_flag(value: Any) -> bool:
    return value is None or isinstance(value, bool)


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _raw(value: Any) -> Any:
    return value


def _is_object(value: Any) -> bool:
    return value is None or isinstance(value, Mapping)


def _object(value: Any) -> Any:
    return value if isinstance(value, Mapping) else None


#: What each lenient reader accepts as it is; any other value is reported as left out.
_ACCEPTS: dict[Any, Any] = {_text: _is_text, _items: _is_items, _named_items: _is_named,
                            _flag: _is_flag, _object: _is_object}


def _fits(field: FieldInfo, value: Any) -> bool:
    for item in field.metadata:
        check = _ACCEPTS.get(getattr(item, "func", None))
        if check is not None:
            return bool(check(value))
    return True


T = TypeVar("T")
Text = Annotated[str | None, BeforeValidator(_text)]
Items = Annotated[list[T], BeforeValidator(_items)]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
Raw = Annotated[Any, BeforeValidator(_raw)]


class NationalRecord(BaseModel):
    """Base of the national record models: lenient reading, unknown fields kept."""

    model_config = ConfigDict(populate_by_name=True, extra="allow", frozen=True)
    _skipped: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _note_wrong_kinds(cls, data: Any, info: ValidationInfo) -> Any:
        context = info.context
        if isinstance(data, Mapping) and isinstance(context, dict):
            # JSONPath: "$.KEY" on the record itself, "$..KEY" somewhere inside it.
            prefix = "$." if context.get("root") is cls else "$.."
            for name, field in cls.model_fields.items():
                key = field.alias or name
                if key in data and not _fits(field, data[key]):
                    context["skipped"].append(prefix + key)
        return data

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Any:
        """Read *data*; never raises for a malformed value (see :attr:`skipped`)."""
        context: dict[str, Any] = {"skipped": [], "root": cls}
        record = cls.model_validate(data, context=context)
        record._skipped = list(dict.fromkeys(context["skipped"]))
        return record

    @property
    def skipped(self) -> list[str]:
        """JSONPaths of values of the wrong kind that were left out (``$..`` when nested)."""
        return list(self._skipped)

    @property
    def unknown(self) -> list[str]:
        """Field names outside the model, in input order."""
        return list(self.model_extra or {})


# -- legacy upper-case record --------------------------------------------------------------


class LegacyFee(NationalRecord):
    """``PHILEPHI`` entry."""

    code: Text = Field(default=None, alias="MAPHILEPHI")
    description: Text = Field(default=None, alias="MOTA")
    amount: Raw = Field(default=None, alias="SOTIEN")
    currency: Text = Field(default=None, alias="DONVI")
    attachment: Text = Field(default=None, alias="TENTEP")


class LegacyTime(NationalRecord):
    """``THOIGIAN`` entry: a time limit and its fees."""

    value: Raw = Field(default=None, alias="THOIGIANGIAIQUYET")
    unit: Text = Field(default=None, alias="DONVITINH")
    description: Text = Field(default=None, alias="MOTA")
    fees: Items[LegacyFee] = Field(
        default_factory=list, alias="PHILEPHI")


class LegacyMethod(NationalRecord):
    """``CACHTHUCTHUCHIEN`` entry: a channel (``KENH`` 1/2/3)."""

    channel: Text = Field(default=None, alias="KENH")
    times: Items[LegacyTime] = Field(
        default_factory=list, alias="THOIGIAN")


class LegacyDocument(NationalRecord):
    """``GIAYTO`` entry."""

    code: Text = Field(default=None, alias="MAGIAYTO")
    name: Text = Field(default=None, alias="TENGIAYTO")
    template_name: Text = Field(default=None, alias="TENMAUDON")
    url: Text = Field(default=None, alias="URL")
    originals: Raw = Field(default=None, alias="SOBANCHINH")
    copies: Raw = Field(default=None, alias="SOBANSAO")


class LegacyDocumentGroup(NationalRecord):
    """``THANHPHANHOSO`` entry: the documents of one case."""

    case: Text = Field(default=None, alias="TRUONGHOP")
    documents: Items[LegacyDocument] = Field(
        default_factory=list, alias="GIAYTO")


class LegacyStep(NationalRecord):
    """``TRINHTU`` entry."""

    name: Text = Field(default=None, alias="TENTRINHTU")


class LegacyStepGroup(NationalRecord):
    """``TRINHTUTHUCHIEN`` entry: the steps of one case."""

    case: Text = Field(default=None, alias="TRUONGHOP")
    steps: Items[LegacyStep] = Field(
        default_factory=list, alias="TRINHTU")


class LegacyLevel(NationalRecord):
    """``CAPTHUCHIEN`` entry (0 bộ, 1 tỉnh, 2 huyện, 3 xã)."""

    level: Text = Field(default=None, alias="CAPTHUCHIEN")
    name: Text = Field(default=None, alias="TENCAP")
    agency_description: Text = Field(default=None, alias="MOTACOQUANTHUCHIEN")
    address: Text = Field(default=None, alias="DIACHITIEPNHAN")


class LegacyAgency(NationalRecord):
    """An agency of one of the four roles (``MADONVI`` is an OrganId)."""

    code: Text = Field(default=None, alias="MADONVI")
    name: Text = Field(default=None, alias="TENDONVI")


class LegacyField(NationalRecord):
    """``LINHVUCTHUCHIEN`` entry."""

    code: Text = Field(default=None, alias="MALINHVUC")
    name: Text = Field(default=None, alias="TENLINHVUC")


class _LegacyNamed(NationalRecord):
    subject: Text = Field(default=None, alias="TENDOITUONG")
    result_code: Text = Field(default=None, alias="MAKETQUA")
    result_name: Text = Field(default=None, alias="TENKETQUA")
    number: Text = Field(default=None, alias="SOVANBAN")
    title: Text = Field(default=None, alias="TENVANBAN")


class LegacyProcedure(NationalRecord):
    """The legacy "gói tin thủ tục" of one procedure."""

    source_id: Text = Field(default=None, alias="ID")
    code: Text = Field(default=None, alias="MATTHC")
    name: Text = Field(default=None, alias="TENTTHC")
    procedure_type: Text = Field(default=None, alias="LOAITTHC")
    status: Raw = Field(default=None, alias="TRANGTHAI")
    fields: Items[LegacyField] = Field(default_factory=list, alias="LINHVUCTHUCHIEN")
    levels: Items[LegacyLevel] = Field(default_factory=list, alias="CAPTHUCHIEN")
    step_groups: Items[LegacyStepGroup] = Field(default_factory=list, alias="TRINHTUTHUCHIEN")
    methods: Items[LegacyMethod] = Field(default_factory=list, alias="CACHTHUCTHUCHIEN")
    document_groups: Items[LegacyDocumentGroup] = (
        Field(default_factory=list, alias="THANHPHANHOSO"))
    subjects: Items[_LegacyNamed] = Field(default_factory=list, alias="DOITUONGTHUCHIEN")
    subject_description: Text = Field(default=None, alias="MOTADOITUONGTHUCHIEN")
    executing: Items[LegacyAgency] = Field(default_factory=list, alias="COQUANTHUCHIEN")
    competent: Items[LegacyAgency] = Field(default_factory=list, alias="COQUANCOTHAMQUYEN")
    authorised: Items[LegacyAgency] = Field(default_factory=list, alias="COQUANDUOCUYQUYEN")
    coordinating: Items[LegacyAgency] = Field(default_factory=list, alias="COQUANPHOIHOP")
    address: Raw = Field(default=None, alias="DIACHITIEPNHAN")
    results: Items[_LegacyNamed] = Field(default_factory=list, alias="KETQUATHUCHIEN")
    legal_bases: Items[_LegacyNamed] = Field(default_factory=list, alias="CANCUPHAPLY")
    conditions: Text = Field(default=None, alias="YEUCAU")
    keywords: Text = Field(default=None, alias="TUKHOA")
    description: Text = Field(default=None, alias="MOTA")
    decision_id: Text = Field(default=None, alias="IDQUYETDINHCONGBO")


# -- camelCase record ----------------------------------------------------------------------


class Named(NationalRecord):
    """``{code, name}`` entries (bare strings are read as a name)."""

    code: Text = None
    name: Text = None
    description: Text = None


class CamelFee(NationalRecord):
    """``executionMethods[].fees[]`` (``type`` SERVICE_FEE or FEE)."""

    type: Text = None
    value: Raw = None
    currency_id: Text = Field(default=None, alias="currencyId")
    currency_name: Text = Field(default=None, alias="currencyName")
    attachment: Text = None
    description: Text = None


class CamelMethod(NationalRecord):
    """``executionMethods[]``: a channel with its time and fees."""

    submission_method: Text = Field(default=None, alias="submissionMethod")
    processing_time: Raw = Field(default=None, alias="processingTime")
    processing_time_unit: Text = Field(default=None, alias="processingTimeUnit")
    description: Text = None
    fees: Items[CamelFee] = Field(default_factory=list)


class CamelDays(NationalRecord):
    """``processingDay``: ``{qty, type}``."""

    qty: Raw = None
    type: Text = None


class CamelCase(NationalRecord):
    """``cases[]``: a case (trường hợp) with its time limit."""

    id: Text = None
    code: Text = None
    name: Text = None
    processing_day: Annotated[CamelDays | None, BeforeValidator(_object)] = Field(
        default=None, alias="processingDay")


class CamelAttachment(NationalRecord):
    """A template file of a document."""

    name: Text = None
    url: Text = None


class CamelComponent(NationalRecord):
    """``profileComponents[]``: a document to submit."""

    component_id: Text = Field(default=None, alias="profileComponentId")
    code: Text = None
    name: Text = None
    original_qty: Raw = Field(default=None, alias="originalQty")
    copy_qty: Raw = Field(default=None, alias="copyQty")
    required: Flag = None
    has_electronic_form: Flag = Field(default=None, alias="hasElectronicForm")
    is_processing_result: Flag = Field(default=None, alias="isProcessingResult")
    attachments: Items[CamelAttachment] = Field(
        default_factory=list)


class CamelExecutionCase(NationalRecord):
    """``executionCases[]``: the documents of one case."""

    name: Text = None
    components: Items[CamelComponent] = Field(
        default_factory=list, alias="profileComponents")


class CamelProposal(NationalRecord):
    """``procedureProposal``: the publication decision (dates in ms since epoch)."""

    number: Text = Field(default=None, alias="proposalNumber")
    decision_date: Raw = Field(default=None, alias="decisionDate")
    publication_date: Raw = Field(default=None, alias="publicationDate")
    issuing_agency: Text = Field(default=None, alias="issuingAgency")


def _named_list(alias: str | None = None) -> Any:
    return Field(default_factory=list, alias=alias) if alias else Field(default_factory=list)


NamedList = Annotated[list[Named], BeforeValidator(_named_items)]


class CamelProcedure(NationalRecord):
    """The 2025–2026 camelCase national record of one procedure.

    The authority, authorised and coordinating agency lists (``departments…Authority`` and
    the like) vary in name between samples: they are read from :attr:`unknown` by suffix.
    """

    id: Text = None
    code: Text = None
    code_notation: Text = Field(default=None, alias="codeNotation")
    name: Text = None
    description: Text = None
    steps: Items[Named] = _named_list("executionSteps")
    methods: Items[CamelMethod] = _named_list(
        "executionMethods")
    cases: Items[CamelCase] = _named_list()
    execution_cases: Items[CamelExecutionCase] = (
        _named_list("executionCases"))
    formality_type: Text = Field(default=None, alias="formalityType")
    type: Raw = None
    state: Raw = None
    is_internal: Raw = Field(default=None, alias="isInternal")
    is_full_process: Flag = Field(default=None, alias="isFullProcess")
    is_offline_only: Flag = Field(default=None, alias="isOfflineOnly")
    is_non_territorial: Flag = Field(default=None, alias="isNonTerritorial")
    is_ministry: Flag = Field(default=None, alias="isMinistry")
    is_province: Flag = Field(default=None, alias="isProvince")
    is_ward: Flag = Field(default=None, alias="isWard")
    is_other_agency: Flag = Field(default=None, alias="isOtherAgency")
    is_vertical: Flag = Field(default=None, alias="isVertical")
    is_undetermined: Flag = Field(default=None, alias="isUndetermined")
    categories: NamedList = _named_list("categoriesDetails")
    unit_groups: NamedList = _named_list("unitGroupsExecuting")
    departments: NamedList = _named_list("departmentsExecuting")
    subjects: NamedList = _named_list("subjectTypesDetails")
    results: NamedList = _named_list("resultsDetails")
    legal_bases: NamedList = _named_list("legalBasisesDetails")
    promulgator_name: Text = Field(default=None, alias="departmentPromulgateName")
    promulgator_code: Text = Field(default=None, alias="departmentPromulgateCode")
    proposal: Annotated[CamelProposal | None, BeforeValidator(_object)] = Field(
        default=None, alias="procedureProposal")
    conditions: Text = Field(default=None, alias="requirementsAndConditions")
    keywords: Raw = None
    returning_methods: Raw = Field(default=None, alias="returningMethods")
    created_at: Raw = Field(default=None, alias="createdAt")
    updated_at: Raw = Field(default=None, alias="updatedAt")
