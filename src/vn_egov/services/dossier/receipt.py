"""The "giấy tiếp nhận hồ sơ và hẹn trả kết quả" (TT 01/2018/TT-VPCP Mẫu 01) as data.

Fields after the Thanh Hóa receipt DTO (services.md §5.3): dossier code, applicant, summary,
channel, documents, received and appointment times, time limit, receiving officer. The legal
layout of Mẫu 01 is not among the sources, so :meth:`Receipt.render_text` is a plain listing.

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
from typing import Any

from vn_egov.errors import InputError
from vn_egov.services.catalogue.models import TimeLimit
from vn_egov.services.dossier.lifecycle import Status
from vn_egov.services.dossier.models import Dossier

__all__ = ["Receipt"]

_UNITS_VI = {"WORKING_DAY": "ngày làm việc", "CALENDAR_DAY": "ngày", "WORKING_HOUR": "giờ làm việc",
             "OTHER": "(đơn vị khác)"}
_CHANNELS_VI = {"DIRECT": "Trực tiếp", "ONLINE": "Trực tuyến", "POSTAL": "Bưu chính công ích"}


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

    @classmethod
    def from_dossier(cls, dossier: Dossier) -> Receipt:
        """Receipt of an accepted dossier (refused and unreceived dossiers get none)."""
        if dossier.received_at is None or dossier.status in (Status.SUBMITTED,
                                                             Status.NOT_ACCEPTED):
            raise InputError(f"dossier {dossier.code} has not been accepted "
                             f"(status {dossier.status.describe()})",
                             hint="a receipt is issued when the dossier is accepted")
        officer = next((event.actor for event in dossier.history
                        if event.status is Status.ACCEPTED), None)
        return cls(dossier.code, dossier.procedure_code, dossier.procedure_name,
                   dossier.applicant.name, dossier.applicant.id_number, dossier.summary,
                   dossier.channel.value, tuple(doc.name for doc in dossier.documents
                                                if not doc.deleted),
                   dossier.received_at, dossier.due_at, dossier.time_limit, officer)

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
        }

    def render_text(self) -> str:
        """A plain Vietnamese listing (not the official Mẫu 01 layout).

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
        from vn_egov.services.calendar.working import VN_TZ

        def when(moment: dt.datetime) -> str:
            return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")

        name = f" - {self.procedure_name}" if self.procedure_name else ""
        lines = ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {self.dossier_code}",
                 f"Thủ tục: {self.procedure_code}{name}", f"Người nộp: {self.applicant}"]
        if self.applicant_id:
            lines.append(f"Số định danh: {self.applicant_id}")
        if self.summary:
            lines.append(f"Trích yếu: {self.summary}")
        lines.append(f"Hình thức nộp: {_CHANNELS_VI.get(self.channel, self.channel)}")
        if self.documents:
            lines.append("Thành phần hồ sơ:")
            lines.extend(f"  {index}. {doc}" for index, doc in enumerate(self.documents, 1))
        lines.append(f"Thời điểm tiếp nhận: {when(self.received_at)}")
        if self.time_limit is not None:
            lines.append(f"Thời hạn giải quyết: {self.time_limit.value} "
                         f"{_UNITS_VI[self.time_limit.unit.value]}")
        lines.append("Hẹn trả kết quả: "
                     + (when(self.appointment) if self.appointment else "(không áp dụng)"))
        if self.received_by:
            lines.append(f"Người tiếp nhận: {self.received_by}")
        return "\n".join(lines)
