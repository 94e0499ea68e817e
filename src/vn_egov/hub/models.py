"""Typed answers of the hub (pydantic), with the hub's own JSON names as aliases.

Every answer carries ``status``, ``ErrorCode`` and ``ErrorDesc``; the official client needs
them in every call. Unknown members are kept (``model_extra``), so ``--format json`` can print
the hub's object as it came; numbers where text is expected are taken as their text.

>>> answer = SendResult.model_validate(
...     {"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success", "DocId": "d-1"})
>>> answer.ok, answer.doc_id
(True, 'd-1')
>>> answer.to_wire()["DocId"]
'd-1'
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AckStatus",
    "Agency",
    "AgencyList",
    "Count",
    "HubAnswer",
    "MessageType",
    "ReceivedItem",
    "ReceivedList",
    "SendResult",
    "SentItem",
    "SentList",
]

MessageType = Literal["edoc", "status"]
#: The transport acknowledgement of ``updateStatus`` (separate from edXML status packages).
AckStatus = Literal["done", "fail", "processing"]


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow", coerce_numbers_to_str=True,
                              frozen=True)

    def to_wire(self) -> dict[str, Any]:
        """The object with the hub's JSON names (what the hub sent, or would send)."""
        return self.model_dump(by_alias=True, mode="json")


class HubAnswer(_Wire):
    """The fields of every answer. ``ok``: ``ErrorCode`` is ``"0"`` and status is not FAIL."""

    status: str = ""
    error_code: str = Field("", alias="ErrorCode")
    error_desc: str = Field("", alias="ErrorDesc")

    @property
    def ok(self) -> bool:
        """True when the hub reports success."""
        return self.error_code == "0" and self.status.upper() != "FAIL"


class SendResult(HubAnswer):
    """Answer of ``sendEdoc``: the hub's id of the stored package (``DocId``)."""

    doc_id: str = Field("", alias="DocId")


class ReceivedItem(_Wire):
    """One entry of ``getReceivedEdocList``."""

    doc_id: str = Field(alias="docId")
    service_type: str | None = Field(None, alias="serviceType")
    message_type: str | None = Field(None, alias="messageType")
    created_time: str | None = None
    updated_time: str | None = None
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    status: str | None = None
    status_desc: str | None = None


class ReceivedList(HubAnswer):
    """Answer of ``getReceivedEdocList``."""

    data: list[ReceivedItem] = Field(default_factory=list)


class SentItem(_Wire):
    """One entry of ``getSentEdocList``: one recipient of one sent package."""

    service_type: str | None = Field(None, alias="serviceType")
    sender_doc_id: str | None = Field(None, alias="senderDocId")
    receiver_doc_id: str | None = Field(None, alias="receiverDocId")
    from_code: str | None = Field(None, alias="fromCode")
    to_code: str | None = Field(None, alias="toCode")
    send_status: str | None = Field(None, alias="sendStatus")
    send_status_desc: str | None = Field(None, alias="sendStatusDesc")
    receive_status: str | None = Field(None, alias="receiveStatus")
    receive_status_desc: str | None = Field(None, alias="receiveStatusDesc")
    title: str | None = None
    notation: str | None = None
    message_type: str | None = Field(None, alias="messageType")
    sent_time: str | None = Field(None, alias="sentTime")
    received_time: str | None = Field(None, alias="receivedTime")


class SentList(HubAnswer):
    """Answer of ``getSentEdocList``."""

    data: list[SentItem] = Field(default_factory=list)


class Agency(_Wire):
    """One agency of ``getAgenciesList``: ``code`` is the OrganId the hub routes by."""

    code: str
    id: str | None = None
    pid: str | None = None
    code102: str | None = None
    old_code: str | None = Field(None, alias="oldCode")
    name: str | None = None
    mail: str | None = None


class AgencyList(HubAnswer):
    """Answer of ``getAgenciesList``."""

    data: list[Agency] = Field(default_factory=list)


class Count(HubAnswer):
    """Answer of ``countReceiveEdoc`` / ``countReceiveStatus``."""

    count: int = 0
