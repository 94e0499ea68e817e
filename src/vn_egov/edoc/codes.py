"""Code lists of edXML (QCVN 102:2016/BTTTT), as enums with Vietnamese labels.

Fields whose sources conflict (``SteeringType``, ``DocumentType/Type``) stay raw integers in the
models; their meaning comes from a pluggable :class:`CodeMapping` chosen per hub.

>>> Priority(3).label
'Hỏa tốc'
>>> StatusCode("03").label
'Đã tiếp nhận'
>>> VPCP_STEERING.label(1)
'Không chỉ đạo'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "LGSP_ZERO_BASED_STEERING",
    "VPCP_STEERING",
    "BusinessDocType",
    "CodeMapping",
    "Priority",
    "ReceiverType",
    "StatusCode",
]


class Priority(IntEnum):
    """``OtherInfo/Priority`` (độ khẩn), high confidence."""

    NORMAL = 0
    URGENT = 1
    VERY_URGENT = 2
    FLASH = 3
    TIMED_FLASH = 4

    @property
    def label(self) -> str:
        """Vietnamese name."""
        return _PRIORITY_LABELS[self]


_PRIORITY_LABELS = {
    Priority.NORMAL: "Thường", Priority.URGENT: "Khẩn", Priority.VERY_URGENT: "Thượng khẩn",
    Priority.FLASH: "Hỏa tốc", Priority.TIMED_FLASH: "Hỏa tốc hẹn giờ",
}


class BusinessDocType(IntEnum):
    """``Bussiness/BussinessDocType``: what the package does to the document."""

    NEW = 0
    REVOKE = 1
    UPDATE = 2
    REPLACE = 3

    @property
    def label(self) -> str:
        """Vietnamese reason usually written in ``BussinessDocReason``."""
        return _BUSINESS_LABELS[self]


_BUSINESS_LABELS = {
    BusinessDocType.NEW: "Văn bản điện tử mới", BusinessDocType.REVOKE: "Thu hồi văn bản điện tử",
    BusinessDocType.UPDATE: "Cập nhật văn bản điện tử",
    BusinessDocType.REPLACE: "Thay thế văn bản điện tử",
}


class ReceiverType(IntEnum):
    """``Receiver/ReceiverType`` in an update package (medium confidence)."""

    REMOVED = 0
    ADDED = 1


class StatusCode(StrEnum):
    """``StatusCode`` of a status package (07-12 and 14 are unused)."""

    RECEIVED = "01"
    REJECTED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    FINISHED = "06"
    TAKE_BACK = "13"
    CHANGE_AGREED = "15"
    CHANGE_REFUSED = "16"

    @property
    def label(self) -> str:
        """Vietnamese meaning."""
        return _STATUS_LABELS[self]

    @property
    def sent_by_issuer(self) -> bool:
        """True for 13 (the sender takes the document back); others come from the receiver."""
        return self is StatusCode.TAKE_BACK


_STATUS_LABELS = {
    StatusCode.RECEIVED: "Đã đến", StatusCode.REJECTED: "Từ chối tiếp nhận",
    StatusCode.ACCEPTED: "Đã tiếp nhận", StatusCode.ASSIGNED: "Phân công xử lý",
    StatusCode.PROCESSING: "Đang xử lý", StatusCode.FINISHED: "Hoàn thành",
    StatusCode.TAKE_BACK: "Lấy lại", StatusCode.CHANGE_AGREED: "Đồng ý",
    StatusCode.CHANGE_REFUSED: "Từ chối",
}


@dataclass(frozen=True)
class CodeMapping:
    """Meaning of a raw integer code list whose sources conflict (unverified; see
    ``docs/reference/edxml-format.md``, "SteeringType" and "DocumentType").

    The models store the raw integer; a mapping only labels it and tells the rules which
    values are expected (rule EDX110 / EDX111).
    """

    name: str
    labels: MappingProxyType[int, str]
    default: int | None = None

    def label(self, value: int | None) -> str | None:
        """The label of *value*, or ``None`` when unmapped."""
        return None if value is None else self.labels.get(value)

    def __contains__(self, value: object) -> bool:
        return value in self.labels


VPCP_STEERING: Final = CodeMapping(
    "vpcp-1-based",
    MappingProxyType({1: "Không chỉ đạo", 2: "Chỉ đạo", 3: "Báo cáo chỉ đạo"}),
    default=1,
)
LGSP_ZERO_BASED_STEERING: Final = CodeMapping(
    "zero-based",
    MappingProxyType({0: "Không chỉ đạo", 1: "Chỉ đạo", 2: "Báo cáo chỉ đạo"}),
    default=0,
)
