"""The "giấy tiếp nhận hồ sơ và hẹn trả kết quả" (TT 01/2018/TT-VPCP Mẫu 01) as data.

Fields after the Thanh Hóa receipt DTO: dossier code, applicant, summary, channel, documents,
received and appointment times, time limit, receiving officer, and the answers of the e-form
(tờ khai điện tử) when the dossier was filed with one. The legal layout of Mẫu 01 is not
reproduced: :meth:`Receipt.render_text` is a plain listing, in Vietnamese by default (the
receipt is an official document) or in English (``lang="en"``).

>>> import datetime as dt
>>> from vn_egov.services.calendar.working import VN_TZ
>>> from vn_egov.services.dossier.models import Dossier, Person
>>> from vn_egov.services.catalogue.models import ChannelKind, TimeLimit, TimeUnit
>>> d = Dossier(code="000.00.06.H56-250303-0001", procedure_code="1.001193",
...             procedure_name="Đăng ký khai sinh", channel=ChannelKind.DIRECT,
...             applicant=Person(name="Nguyễn Văn A"),
...             time_limit=TimeLimit(value=1, unit=TimeUnit.WORKING_DAY))
>>> _ = d.accept(dt.datetime(2025, 3, 3, 9, tzinfo=VN_TZ), actor="Phạm Thị D")
>>> Receipt.from_dossier(d).to_dict()["appointment"]
'2025-03-04T17:00:00+07:00'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from vn_egov.errors import InputError
from vn_egov.i18n import N_, tr, translate
from vn_egov.services.calendar.working import VN_TZ
from vn_egov.services.catalogue.models import TimeLimit
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import Dossier
from vn_egov.services.forms.formio import EForm, render_lines

__all__ = ["Receipt"]

_UNITS: Final = {"WORKING_DAY": N_("working day(s)"), "CALENDAR_DAY": N_("day(s)"),
                 "WORKING_HOUR": N_("working hour(s)"), "OTHER": N_("(other unit)")}
_CHANNELS: Final = {"DIRECT": N_("In person"), "ONLINE": N_("Online"),
                    "POSTAL": N_("By public postal service")}


@dataclass(frozen=True, slots=True)
class Receipt:
    """Receipt data; build it with :meth:`from_dossier`.

    >>> Receipt.__name__
    'Receipt'
    """

    dossier_code: str
    procedure_code: str
    procedure_name: str | None
    applicant: str
    applicant_id: str | None
    summary: str | None
    channel: str
    documents: tuple[str, ...]
    received_at: dt.datetime
    appointment: dt.datetime | None
    time_limit: TimeLimit | None
    received_by: str | None
    form_lines: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_dossier(cls, dossier: Dossier, form: EForm | None = None,
                     lang: str = "vi") -> Receipt:
        """Receipt of an accepted dossier (refused and unreceived dossiers get none).

        With the procedure case's *form*, the dossier's form data is listed field by field
        (choices shown by their labels, yes/no in *lang*).
        """
        if dossier.received_at is None or dossier.status in (Status.SUBMITTED,
                                                             Status.NOT_ACCEPTED):
            raise InputError(tr("dossier {code} has not been accepted (status {status})",
                                code=dossier.code, status=dossier.status.describe()),
                             hint=tr("a receipt is issued when the dossier is accepted"))
        officer = next((event.actor for event in dossier.history
                        if event.status is Status.ACCEPTED), None)
        return cls(dossier.code, dossier.procedure_code, dossier.procedure_name,
                   dossier.applicant.name, dossier.applicant.id_number, dossier.summary,
                   dossier.channel.value, tuple(doc.name for doc in dossier.documents
                                                if not doc.deleted),
                   dossier.received_at, dossier.appointment, dossier.time_limit, officer,
                   tuple(render_lines(form, dossier.form_data, lang))
                   if form is not None and dossier.form_data else ())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (ISO datetimes)."""
        limit = None if self.time_limit is None else {
            "value": str(self.time_limit.value), "unit": self.time_limit.unit.value}
        return {
            "dossier_code": self.dossier_code, "procedure_code": self.procedure_code,
            "procedure_name": self.procedure_name, "applicant": self.applicant,
            "applicant_id": self.applicant_id, "summary": self.summary, "channel": self.channel,
            "documents": list(self.documents), "received_at": self.received_at.isoformat(),
            "appointment": self.appointment.isoformat() if self.appointment else None,
            "time_limit": limit, "received_by": self.received_by,
            "form": [{"label": label, "value": value} for label, value in self.form_lines],
        }

    def render_text(self, lang: str = "vi") -> str:
        """A plain listing (not the official Mẫu 01 layout), Vietnamese unless *lang* says.

        >>> print(Receipt("H56.14-240823-0001", "1.001193", None, "A", None, None, "DIRECT",
        ...               (), dt.datetime(2024, 8, 23, 8, tzinfo=dt.UTC), None, None,
        ...               None).render_text())
        GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ
        Mã hồ sơ: H56.14-240823-0001
        Thủ tục: 1.001193
        Người nộp: A
        Hình thức nộp: Trực tiếp
        Thời điểm tiếp nhận: 23/08/2024 15:00
        Hẹn trả kết quả: (không áp dụng)
        """
        name = " - " + self.procedure_name if self.procedure_name else ""
        lines = [translate("RECEIPT OF DOSSIER AND APPOINTMENT FOR THE RESULT", lang),
                 translate("Dossier code: {code}", lang, code=self.dossier_code),
                 translate("Procedure: {code}{name}", lang, code=self.procedure_code, name=name),
                 translate("Applicant: {name}", lang, name=self.applicant)]
        if self.applicant_id:
            lines.append(translate("Identification number: {number}", lang,
                                   number=self.applicant_id))
        if self.summary:
            lines.append(translate("Summary: {summary}", lang, summary=self.summary))
        channel = _CHANNELS.get(self.channel)
        lines.append(translate("Submitted: {channel}", lang,
                               channel=translate(channel, lang) if channel else self.channel))
        lines.extend(self._documents(lang))
        lines.append(translate("Received at: {time}", lang, time=_when(self.received_at)))
        if self.time_limit is not None:
            unit = translate(_UNITS[self.time_limit.unit.value], lang)
            lines.append(translate("Time limit: {value} {unit}", lang,
                                   value=self.time_limit.value, unit=unit))
        due = _when(self.appointment) if self.appointment else translate("(not applicable)",
                                                                          lang)
        lines.append(translate("Result due: {time}", lang, time=due))
        if self.received_by:
            lines.append(translate("Received by: {name}", lang, name=self.received_by))
        return "\n".join(lines)

    def _documents(self, lang: str) -> list[str]:
        lines = []
        if self.documents:
            lines.append(translate("Documents:", lang))
            lines.extend(f"  {index}. {doc}" for index, doc in enumerate(self.documents, 1))
        if self.form_lines:
            lines.append(translate("Electronic form:", lang))
            lines.extend(f"  {label}: {value}" for label, value in self.form_lines)
        return lines


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
