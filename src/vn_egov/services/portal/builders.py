"""Build the portal payloads of a :class:`~vn_egov.services.dossier.models.Dossier`.

The records are written as production systems write them: every field present, scalars as
strings, ``""`` when unknown, the newer flags filled from the dossier
(``HoSoCoThanhPhanSoHoa`` from digitised documents, ``DuocThanhToanTrucTuyen`` from its payment
requests, ``TaiKhoanDuocXacThucVoiVNeID`` from the applicant). The built payload is checked
with :mod:`vn_egov.services.portal.checks`; an error there raises
:class:`~vn_egov.errors.InputError` naming the field (the portal would refuse it).

>>> from vn_egov.services.dossier.models import Dossier, Person
>>> from vn_egov.services.catalogue.models import ChannelKind
>>> d = Dossier(code="000.00.06.H56-231027-0361", procedure_code="1.001193",
...             procedure_name="Đăng ký khai sinh", field_code="G15-TP07", summary="Khai sinh",
...             agency_name="UBND xã", return_method=0,
...             channel=ChannelKind.ONLINE, applicant=Person(name="Lê Văn C"))
>>> body = build_dossier_payload(d)
>>> body["isUpdating"], body["data"][0]["KenhThucHien"], body["data"][0]["NgayHenTra"]
('False', '2', '')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from vn_egov.errors import InputError
from vn_egov.i18n import tr
from vn_egov.services.catalogue.models import FeeKind
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import Dossier, SubmittedDocument
from vn_egov.services.dossier.status_map import IDENTITY
from vn_egov.services.payment.records import online_payment_flag
from vn_egov.services.portal.checks import check_dossier_record, check_progress_event
from vn_egov.services.portal.models import (
    DatabaseLink,
    DossierEnvelope,
    DossierRecord,
    FeeEntry,
    LookupRequest,
    OwnerId,
    ProgressEnvelope,
    ProgressEvent,
    ResultFile,
    SubmittedFile,
    SupplementEntry,
    format_portal_time,
)
from vn_egov.validation import Issue, Severity

__all__ = ["PortalOptions", "build_dossier_payload", "build_progress_payloads",
           "dossier_record", "lookup_payload", "progress_events"]

_NO_APPOINTMENT: Final = "Hồ sơ không có ngày hẹn trả"


@dataclass(frozen=True, slots=True)
class PortalOptions:
    """Choices a province makes when it synchronises.

    * ``status_map``: the code sent for each status (identity by default;
      :data:`~vn_egov.services.dossier.status_map.PAUSES_AS_RESOLVED` sends 5, 6, 8 as 9);
    * ``submission_place``: ``NoiNopHoSo`` ("2", the value production sends; its meaning is
      not published);
    * ``database_links``: ``DSKetNoiCSDL`` codes (``MaCSDL``; production sends "7");
    * ``fee_kind_codes``: ``LoaiPhiLePhi`` per fee kind (1 phí, 2 lệ phí as one integrator;
      unverified).

    >>> PortalOptions().submission_place
    '2'
    """

    status_map: Mapping[Status, Status] = field(default_factory=lambda: IDENTITY)
    submission_place: str = "2"
    database_links: tuple[str, ...] = ()
    fee_kind_codes: Mapping[FeeKind, str] = field(
        default_factory=lambda: {FeeKind.PHI: "1", FeeKind.LE_PHI: "2"})


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _amount(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, "f")


def _file(doc: SubmittedDocument) -> SubmittedFile:
    return SubmittedFile(
        file_id=doc.file_id or "", name=doc.name, deleted="True" if doc.deleted else "False",
        component_code=doc.component_code or "", url=doc.url or "",
        digitised=_flag(doc.digitised), reuse="" if doc.reuse is None else str(doc.reuse),
        from_national_store=_flag(doc.from_national_store),
        replacing_result_code=doc.replacing_result_code or "")


def _supplements(dossier: Dossier) -> list[SupplementEntry]:
    return [SupplementEntry(
        id=index, requested_by=req.requested_by or "", content=req.reason,
        requested_at=format_portal_time(req.requested_at), received_by=req.received_by or "",
        received_at=format_portal_time(req.received_at), done=req.received_at is not None,
        previous_due=format_portal_time(req.previous_due),
        new_due=format_portal_time(req.new_due))
        for index, req in enumerate(dossier.supplements, start=1)]


def _people(dossier: Dossier) -> dict[str, Any]:
    applicant = dossier.applicant
    owner_ids = ([OwnerId(kind=str(applicant.id_type), number=applicant.id_number)]
                 if applicant.id_number and applicant.id_type else [])
    return {"owner": applicant.name, "owner_id_number": applicant.id_number or "",
            "subject_type": str(applicant.subject_type),
            "subject_code": applicant.portal_account or "", "email": applicant.email or "",
            "fax": applicant.fax or "", "phone": applicant.phone or "",
            "vneid_verified": "1" if applicant.vneid_verified else "0", "owner_ids": owner_ids}


def dossier_record(dossier: Dossier, options: PortalOptions | None = None) -> DossierRecord:
    """One ``DongBoHoSoMC`` entry with every field real systems send."""
    opts = options or PortalOptions()
    status = opts.status_map.get(dossier.status, dossier.status)
    if dossier.received_at is not None and dossier.due_at is None and not dossier.no_appointment:
        raise InputError(tr("dossier {code} was received but has no due time", code=dossier.code),
                         hint=tr("accept it with a time limit, or mark the procedure as having "
                                 "no appointment date (no_appointment)"))
    return DossierRecord(
        code=dossier.code, procedure_code=dossier.procedure_code,
        procedure_name=dossier.procedure_name or "", field_code=dossier.field_code or "",
        field_name=dossier.field_name or "", channel=str(dossier.channel.code),
        summary=dossier.summary or "", received=format_portal_time(dossier.received_at),
        due=format_portal_time(dossier.due_at), status=str(int(status)),
        returned=format_portal_time(dossier.returned_at),
        return_method="" if dossier.return_method is None else str(dossier.return_method),
        finished=format_portal_time(dossier.finished_at),
        agency_name=dossier.agency_name or "",
        note=dossier.refusal_reason or dossier.withdrawal_reason or dossier.note or "",
        submission_place=opts.submission_place,
        has_digitised_documents="1" if any(d.digitised for d in dossier.documents) else "0",
        paid_online=online_payment_flag(dossier.payments),
        refused=format_portal_time(dossier.refused_at),
        submitted=format_portal_time(dossier.submitted_at),
        files=[_file(doc) for doc in dossier.documents],
        fees=[FeeEntry(name=fee.name, code=fee.code or "", collection=fee.payment_method or "",
                       amount=_amount(fee.amount), kind=opts.fee_kind_codes.get(fee.kind, ""))
              for fee in dossier.fees],
        supplements=_supplements(dossier),
        results=[ResultFile(name=res.name, component_code=res.component_code or "",
                            file_id=res.file_id or "", url=res.url or "",
                            result_code=res.code or "") for res in dossier.results],
        database_links=[DatabaseLink(code=code) for code in opts.database_links],
        **_people(dossier))


def _refuse_errors(issues: list[Issue]) -> None:
    errors = [issue for issue in issues if issue.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise InputError(tr("the portal would refuse the payload: {message}",
                            message=first.message), xpath=first.xpath, hint=first.hint)


def build_dossier_payload(dossiers: Dossier | Sequence[Dossier], *, updating: bool = False,
                          session: str | None = None, unit_code: str | None = None,
                          bare: bool = False,
                          options: PortalOptions | None = None) -> Any:
    """The ``DongBoHoSoMC`` body, or a bare array of records (``bare=True``) for a gateway.

    With ``session``/``unit_code`` the envelope carries ``session`` and ``madonvi`` as the
    portal adapter expects. Send ``updating=True`` when the portal answers that the dossier
    already exists (:attr:`PortalResponse.already_exists`).
    """
    items = [dossiers] if isinstance(dossiers, Dossier) else list(dossiers)
    records = [dossier_record(dossier, options) for dossier in items]
    for index, record in enumerate(records):
        _refuse_errors(check_dossier_record(record.to_wire(), f"DongBoHoSoMC.data[{index}]"))
    if bare:
        return [record.to_wire() for record in records]
    envelope = DossierEnvelope(session=session, unit_code=unit_code,
                               updating="True" if updating else "False", data=records)
    return envelope.to_wire()


def progress_events(dossier: Dossier,
                    options: PortalOptions | None = None) -> list[ProgressEvent]:
    """The processing history as ``CapNhatTienDoHoSoMC`` entries, oldest first.

    A procedure without an appointment date gets the event production systems add for it.
    """
    opts = options or PortalOptions()
    events = [ProgressEvent(
        code=dossier.code, handler=event.actor or "", title=event.title or "",
        at=format_portal_time(event.at), department=event.unit or "", content=event.action,
        status=str(int(opts.status_map.get(event.status, event.status))),
        started=format_portal_time(event.started_at), due=format_portal_time(event.due_at))
        for event in dossier.history]
    if dossier.no_appointment and dossier.received_at is not None:
        events.append(ProgressEvent(code=dossier.code, at=format_portal_time(
            dossier.received_at), content=_NO_APPOINTMENT, status=str(int(Status.ACCEPTED))))
        events.sort(key=lambda e: e.at)
    return events


def build_progress_payloads(dossier: Dossier, chunk_size: int = 10, *,
                            session: str | None = None, unit_code: str | None = None,
                            bare: bool = False,
                            options: PortalOptions | None = None) -> list[Any]:
    """``CapNhatTienDoHoSoMC`` bodies of *chunk_size* events each (10 as in production)."""
    if chunk_size < 1:
        raise InputError(tr("chunk size {size} must be at least 1", size=chunk_size))
    events = progress_events(dossier, options)
    for index, event in enumerate(events):
        _refuse_errors(check_progress_event(event.to_wire(),
                                            f"CapNhatTienDoHoSoMC.data[{index}]"))
    chunks = [events[start:start + chunk_size] for start in range(0, len(events), chunk_size)]
    if bare:
        return [[event.to_wire() for event in chunk] for chunk in chunks]
    return [ProgressEnvelope(session=session, unit_code=unit_code, data=chunk).to_wire()
            for chunk in chunks]


def lookup_payload(code: str, *, session: str | None = None,
                   unit_code: str | None = None) -> dict[str, Any]:
    """The ``TraCuuHoSo`` body for a dossier code.

    >>> lookup_payload("000.00.06.H56-231027-0361", unit_code="000.00.06.H56")["madonvi"]
    '000.00.06.H56'
    """
    return LookupRequest(session=session, unit_code=unit_code, code=code).to_wire()
