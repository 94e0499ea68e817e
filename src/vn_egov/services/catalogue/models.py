"""The canonical model of an administrative procedure (thủ tục hành chính) and a catalogue.

One superset of the two national record shapes. Field names are English
snake_case; the Vietnamese term is given in each docstring. Originals are never overwritten:
an import keeps the raw record in :attr:`Procedure.raw_json`.

>>> p = Procedure(code="1.001612", name="Đăng ký thành lập hộ kinh doanh")
>>> p.online_level
<OnlineLevel.UNKNOWN: 'UNKNOWN'>
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vn_egov.i18n import tr

if TYPE_CHECKING:
    from vn_egov.services.forms.formio import EForm

__all__ = [
    "Agency",
    "AgencyRole",
    "Case",
    "Catalogue",
    "Channel",
    "ChannelKind",
    "DocumentRequirement",
    "Fee",
    "FeeKind",
    "FieldOfActivity",
    "ImplementationLevel",
    "LegalBasis",
    "LevelScheme",
    "OnlineLevel",
    "Procedure",
    "ProcedureType",
    "PublicationDecision",
    "Publisher",
    "Result",
    "Step",
    "Subject",
    "TimeLimit",
    "TimeUnit",
]

_CONFIG = ConfigDict(extra="forbid", validate_assignment=True)


class OnlineLevel(StrEnum):
    """Online service level (NĐ 42/2022/NĐ-CP): toàn trình, một phần, information only, none.

    >>> OnlineLevel.FULL.label_vi
    'Dịch vụ công trực tuyến toàn trình'
    """

    FULL = "FULL"
    PARTIAL = "PARTIAL"
    INFORMATION_ONLY = "INFORMATION_ONLY"
    NONE = "NONE"
    UNKNOWN = "UNKNOWN"

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""
        return {
            "FULL": "Dịch vụ công trực tuyến toàn trình",
            "PARTIAL": "Dịch vụ công trực tuyến một phần",
            "INFORMATION_ONLY": "Dịch vụ cung cấp thông tin trực tuyến",
            "NONE": "Không cung cấp trực tuyến",
            "UNKNOWN": "Chưa xác định",
        }[self.value]


class LevelScheme(StrEnum):
    """Which regime the stored level came from.

    >>> LevelScheme.ND42_2022.value
    'ND42_2022'
    """

    ND42_2022 = "ND42_2022"
    ND43_2011 = "ND43_2011"


class ChannelKind(StrEnum):
    """Submission channel (cách thức thực hiện); ``code`` is the national ``KENH`` value.

    >>> ChannelKind.POSTAL.code, ChannelKind.from_code(2)
    (3, <ChannelKind.ONLINE: 'ONLINE'>)
    """

    DIRECT = "DIRECT"
    ONLINE = "ONLINE"
    POSTAL = "POSTAL"

    @property
    def code(self) -> int:
        """``KENH`` / ``KenhThucHien``: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích."""
        return {"DIRECT": 1, "ONLINE": 2, "POSTAL": 3}[self.value]

    @classmethod
    def from_code(cls, code: int) -> ChannelKind:
        """The channel of a national code 1–3 (``ValueError`` otherwise)."""
        for kind in cls:
            if kind.code == code:
                return kind
        raise ValueError(tr("channel code {code} is not 1, 2 or 3", code=code))


class TimeUnit(StrEnum):
    """Unit of a time limit. Working days and calendar days differ.

    >>> TimeUnit.WORKING_DAY.value
    'WORKING_DAY'
    """

    WORKING_DAY = "WORKING_DAY"
    CALENDAR_DAY = "CALENDAR_DAY"
    WORKING_HOUR = "WORKING_HOUR"
    OTHER = "OTHER"


class FeeKind(StrEnum):
    """Phí (charge for a service) vs lệ phí (fee for a state act); often not stated in data.

    >>> FeeKind.LE_PHI.value
    'LE_PHI'
    """

    PHI = "PHI"
    LE_PHI = "LE_PHI"
    UNKNOWN = "UNKNOWN"


class ProcedureType(StrEnum):
    """``LOAITTHC`` 1/2/3 and ``formalityType`` (mapped by their labels).

    >>> ProcedureType.ASSIGNED_REGULATION.value
    'ASSIGNED_REGULATION'
    """

    NOT_ASSIGNED_REGULATION = "NOT_ASSIGNED_REGULATION"
    ASSIGNED_REGULATION = "ASSIGNED_REGULATION"
    OTHER = "OTHER"


class ImplementationLevel(StrEnum):
    """Cấp thực hiện. ``DISTRICT`` ended with the 2025 two-level local government.

    >>> ImplementationLevel.COMMUNE.value
    'COMMUNE'
    """

    MINISTRY = "MINISTRY"
    PROVINCE = "PROVINCE"
    DISTRICT = "DISTRICT"
    COMMUNE = "COMMUNE"
    OTHER_AGENCY = "OTHER_AGENCY"
    VERTICAL = "VERTICAL"
    UNDETERMINED = "UNDETERMINED"


class AgencyRole(StrEnum):
    """The four agency roles: thực hiện, có thẩm quyền, được ủy quyền, phối hợp.

    >>> AgencyRole.COMPETENT.value
    'COMPETENT'
    """

    EXECUTING = "EXECUTING"
    COMPETENT = "COMPETENT"
    AUTHORISED = "AUTHORISED"
    COORDINATING = "COORDINATING"


class TimeLimit(BaseModel):
    """Thời hạn giải quyết: a value and its unit, with the source's own words kept.

    >>> TimeLimit(value=Decimal(3), unit=TimeUnit.WORKING_DAY).hours()
    Decimal('24')
    """

    model_config = _CONFIG
    value: Decimal = Field(ge=0)
    unit: TimeUnit
    unit_text: str | None = None
    description: str | None = None

    def hours(self, hours_per_day: Decimal = Decimal(8)) -> Decimal:
        """The limit in working hours (1 day = 8 h, as production systems do)."""
        if self.unit is TimeUnit.WORKING_HOUR:
            return self.value
        return self.value * hours_per_day


class Fee(BaseModel):
    """Phí / lệ phí: amount parsed best-effort, the original text always kept in ``raw_text``.

    >>> Fee(amount=Decimal(2000), currency="VND", unit_text="/trang").kind
    <FeeKind.UNKNOWN: 'UNKNOWN'>
    """

    model_config = _CONFIG
    kind: FeeKind = FeeKind.UNKNOWN
    code: str | None = None
    amount: Decimal | None = Field(default=None, ge=0)
    currency: str | None = None
    unit_text: str | None = None
    raw_text: str | None = None
    description: str | None = None
    attachment: str | None = None


class Channel(BaseModel):
    """One channel option with its own time limit and fees (both are per channel).

    >>> Channel(kind=ChannelKind.ONLINE).fees
    []
    """

    model_config = _CONFIG
    kind: ChannelKind
    time_limit: TimeLimit | None = None
    description: str | None = None
    fees: list[Fee] = Field(default_factory=list)


class Case(BaseModel):
    """Trường hợp: a variant of the procedure, with its own time limit and e-form.

    ``eform`` is the case's electronic form (tờ khai điện tử) as Form.io JSON text, the way
    one-stop systems store it per case; :attr:`form` reads it.

    >>> Case(code="1.001193.01", name="Đăng ký khai sinh").time_limit is None
    True
    >>> Case(name="x", eform='{"components": []}').form.fields()
    []
    """

    model_config = _CONFIG
    code: str | None = None
    name: str
    time_limit: TimeLimit | None = None
    eform: str | None = None

    @field_validator("eform")
    @classmethod
    def _check_form(cls, value: str | None) -> str | None:
        if value is not None:
            from vn_egov.errors import InputError
            from vn_egov.services.forms.formio import load_form

            try:
                load_form(value)
            except InputError as exc:
                raise ValueError(exc.message) from None
        return value

    @property
    def form(self) -> EForm | None:
        """The case's e-form, parsed (``None`` when it has none)."""
        from vn_egov.services.forms.formio import load_form

        return None if self.eform is None else load_form(self.eform)


class Step(BaseModel):
    """Trình tự thực hiện: one step, optionally for one case (by case name).

    >>> Step(name="Nộp hồ sơ").case is None
    True
    """

    model_config = _CONFIG
    case: str | None = None
    name: str
    description: str | None = None


class DocumentRequirement(BaseModel):
    """Thành phần hồ sơ: a document to submit, with counts of originals and copies.

    >>> DocumentRequirement(name="Tờ khai", originals=1, copies=0).copies
    0
    """

    model_config = _CONFIG
    case: str | None = None
    code: str | None = None
    name: str
    template_name: str | None = None
    template_url: str | None = None
    originals: int | None = Field(default=None, ge=0)
    copies: int | None = Field(default=None, ge=0)
    required: bool | None = None
    has_electronic_form: bool | None = None
    is_processing_result: bool | None = None


class Agency(BaseModel):
    """An agency in one of the four roles. ``code`` is an OrganId when the source gives one.

    >>> Agency(role=AgencyRole.EXECUTING, name="UBND cấp xã").code is None
    True
    """

    model_config = _CONFIG
    role: AgencyRole
    code: str | None = None
    name: str | None = None
    agency_type: str | None = None
    address: str | None = None


class FieldOfActivity(BaseModel):
    """Lĩnh vực, e.g. ``G15-TP07`` Hộ tịch.

    >>> FieldOfActivity(code="G15-TP07", name="Hộ tịch").code
    'G15-TP07'
    """

    model_config = _CONFIG
    code: str | None = None
    name: str | None = None


class Subject(BaseModel):
    """Đối tượng thực hiện, e.g. ``ĐT1`` Công dân Việt Nam (codes mix ``Đ`` and ``D``).

    >>> Subject(code="ĐT1", name="Công dân Việt Nam").code
    'ĐT1'
    """

    model_config = _CONFIG
    code: str | None = None
    name: str


class Result(BaseModel):
    """Kết quả thực hiện, e.g. ``KQ.G15.000031`` Giấy khai sinh.

    >>> Result(name="Giấy khai sinh").code is None
    True
    """

    model_config = _CONFIG
    code: str | None = None
    name: str


class LegalBasis(BaseModel):
    """Căn cứ pháp lý: document number (notation) and title.

    >>> LegalBasis(number="123/2015/NĐ-CP").title is None
    True
    """

    model_config = _CONFIG
    number: str | None = None
    title: str | None = None


class PublicationDecision(BaseModel):
    """Quyết định công bố: the decision that published the procedure.

    >>> PublicationDecision(number="3152/QĐ-BTP").decision_date is None
    True
    """

    model_config = _CONFIG
    number: str | None = None
    decision_date: dt.date | None = None
    publication_date: dt.date | None = None
    issuing_agency: str | None = None
    summary: str | None = None
    source_id: str | None = None


class Procedure(BaseModel):
    """An administrative procedure (TTHC) with everything NĐ 63/2010 Điều 8 k2 asks for.

    ``online_level`` and ``legacy_level`` are both stored as found (``level_scheme`` says which
    one the source used); :mod:`vn_egov.services.catalogue.levels` converts, lossily.

    >>> Procedure(code="1.001193", name="Đăng ký khai sinh", legacy_level=4).legacy_level
    4
    """

    model_config = _CONFIG
    code: str = Field(min_length=1)
    name: str
    source_id: str | None = None
    procedure_type: ProcedureType | None = None
    fields: list[FieldOfActivity] = Field(default_factory=list)
    implementation_levels: list[ImplementationLevel] = Field(default_factory=list)
    online_level: OnlineLevel = OnlineLevel.UNKNOWN
    legacy_level: int | None = Field(default=None, ge=1, le=4)
    level_scheme: LevelScheme | None = None
    non_territorial: bool | None = None
    description: str | None = None
    steps: list[Step] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    documents: list[DocumentRequirement] = Field(default_factory=list)
    subjects: list[Subject] = Field(default_factory=list)
    subject_description: str | None = None
    agencies: list[Agency] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    conditions: str | None = None
    keywords: list[str] = Field(default_factory=list)
    decisions: list[PublicationDecision] = Field(default_factory=list)
    source_schema: str | None = None
    raw_json: str | None = None

    def agencies_in(self, role: AgencyRole) -> list[Agency]:
        """The agencies in *role*.

        >>> Procedure(code="1.001193", name="x").agencies_in(AgencyRole.EXECUTING)
        []
        """
        return [agency for agency in self.agencies if agency.role is role]


class Publisher(BaseModel):
    """The body that publishes a catalogue (cơ quan công bố).

    >>> Publisher(code="000.00.00.H31", name="UBND thành phố Hải Phòng").code
    '000.00.00.H31'
    """

    model_config = _CONFIG
    code: str | None = None
    name: str


class Catalogue(BaseModel):
    """A published list of procedures, with its publishing body and version.

    >>> Catalogue(id="hp-2026", title="Danh mục TTHC", version="1",
    ...           publisher=Publisher(name="UBND xã Vĩnh Bảo")).procedures
    []
    """

    model_config = _CONFIG
    id: str = Field(min_length=1)
    title: str
    version: str = Field(min_length=1)
    issued: dt.date | None = None
    publisher: Publisher
    procedures: list[Procedure] = Field(default_factory=list)

    @field_validator("procedures")
    @classmethod
    def _unique_codes(cls, value: list[Procedure]) -> list[Procedure]:
        seen: set[str] = set()
        for procedure in value:
            if procedure.code in seen:
                raise ValueError(tr("procedure code {code} appears twice", code=procedure.code))
            seen.add(procedure.code)
        return value
