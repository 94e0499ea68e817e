"""The Bkav eDoc REST 2.0 API of provincial hubs (``/EdocService/...``).

A caller is identified by its agency code (header ``organid``) and a token (header
``authorization``); the package type is the header ``type`` (``EDOC`` or ``STATUS``); ids
are numbers. Answers are ``{status, code ("0" ok, "9999" error), errors: [{code,
description}], docId | docIDs | data | organizations}``; they are turned into the same typed
results as the VPCP hub's.

>>> transport = BkavTransport("https://edoc.example.gov.vn", "000.00.01.H24", "token-123")
>>> transport.session.url("EdocService/getDocument")
'https://edoc.example.gov.vn/EdocService/getDocument'
>>> transport.close()

The API has no sent list and no ``fail`` acknowledgement: :meth:`BkavTransport.sent` raises
:class:`~vn_egov.errors.HubError`, and ``acknowledge(..., "fail")`` confirms the receipt
(the hub then stops offering the package); tell the sender why with a status package 02.
"""

from __future__ import annotations

import binascii
from collections.abc import Sequence
from typing import IO, Any, Final

from vn_egov import _b64
from vn_egov.errors import HubError
from vn_egov.hub.models import (
    AckStatus,
    Agency,
    HubAnswer,
    MessageType,
    ReceivedItem,
    SendResult,
    SentItem,
)
from vn_egov.hub.transport import (
    DEFAULT_TIMEOUT,
    HttpSession,
    PackageFile,
    PackageSource,
    raise_for_answer,
)
from vn_egov.i18n import tr

__all__ = ["BkavTransport"]

TYPES: Final = {"edoc": "EDOC", "status": "STATUS"}


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _answer(data: dict[str, Any]) -> HubAnswer:
    errors = _list(data, "errors")
    descriptions = [str(e.get("description") or e.get("code") or "") for e in errors
                    if isinstance(e, dict)]
    codes = [str(e.get("code") or "") for e in errors if isinstance(e, dict)]
    code = str(data.get("code", ""))
    # The hub's own code is "0" or "9999"; an error entry's code (ours: HTTP-like) is finer.
    detail = next((c for c in codes if c.isdigit()), "") if code != "0" else "0"
    return HubAnswer(status="OK" if code == "0" else "FAIL", ErrorCode=detail or code,
                     ErrorDesc="; ".join(d for d in descriptions if d))


class BkavTransport:
    """A :class:`~vn_egov.hub.transport.Transport` for a Bkav eDoc REST 2.0 hub."""

    def __init__(self, endpoint: str, organ_id: str, token: str, *,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = 3, backoff: float = 0.5,
                 max_package_bytes: int = 512 * 1024 * 1024) -> None:
        self.organ_id = organ_id
        self._token = token
        self.max_package_bytes = max_package_bytes
        self.session = HttpSession(endpoint, timeout=timeout, retries=retries,
                                   backoff=backoff,
                                   max_answer_bytes=max_package_bytes * 4 // 3 + 1024 * 1024)

    def __repr__(self) -> str:
        return f"BkavTransport({self.session.endpoint!r}, organ_id={self.organ_id!r})"

    def _headers(self, **extra: str) -> list[tuple[str, str]]:
        return [("organid", self.organ_id), ("authorization", self._token),
                *extra.items()]

    def _call(self, method: str, path: str, headers: Sequence[tuple[str, str]],
              content: Any = None) -> dict[str, Any]:
        status, data = self.session.call(method, f"EdocService/{path}", headers,
                                         content if content is not None else
                                         (lambda: b"" if method == "GET" else b"{}"))
        raise_for_answer(_answer(data), status, path)
        return data

    def send(self, package: PackageSource, *, message_type: MessageType = "edoc",
             to: Sequence[str] = ()) -> SendResult:
        """``sendDocument``: the raw package, streamed; routing is by the package (``to``
        is not part of this API and must be empty)."""
        if to:
            raise HubError(tr("the Bkav REST 2.0 hub routes by the package; it takes no to"))
        file = PackageFile.of(package)
        file.check_size(self.max_package_bytes)
        headers = [*self._headers(type=TYPES[message_type]),
                   ("hash-edoc", file.sha256.hex()), ("Content-Type", "application/octet-stream"),
                   ("Content-Length", str(file.size))]
        data = self._call("POST", "sendDocument", headers, file.chunks)
        return SendResult(status="OK", ErrorCode="0", ErrorDesc="Success",
                          DocId=str(data.get("docId", "")))

    def received(self, message_type: MessageType = "edoc") -> list[ReceivedItem]:
        """``getPendingDocIds``: the numeric ids waiting for this agency."""
        data = self._call("GET", "getPendingDocIds", self._headers(type=TYPES[message_type]))
        return [ReceivedItem.model_validate({"docId": str(number), "messageType": message_type,
                                             "to": self.organ_id})
                for number in _list(data, "docIDs")]

    def get(self, doc_id: str, out: IO[bytes], *, message_type: MessageType = "edoc") -> int:
        """``getDocument``: write one waiting package to *out*."""
        data = self._call("POST", "getDocument",
                          self._headers(docid=doc_id, type=TYPES[message_type]))
        encoded = data.get("data")
        if not isinstance(encoded, str):
            raise HubError(tr("getDocument: the answer has no data"))
        try:
            package = _b64.decode("".join(encoded.split()))
        except (binascii.Error, ValueError):
            raise HubError(tr("getDocument: the data is not base64")) from None
        out.write(package)
        return len(package)

    def acknowledge(self, doc_id: str, status: AckStatus = "done",
                    description: str | None = None) -> HubAnswer:
        """``confirmReceived`` (for ``done`` and ``fail``: the API has no refusal; the
        description is not carried). ``processing`` does not exist in this API."""
        if status == "processing":
            raise HubError(tr("the Bkav REST 2.0 hub has no processing acknowledgement"))
        return _answer(self._call("POST", "confirmReceived", self._headers(docid=doc_id)))

    def sent(self, doc_id: str | None = None, *,
             message_type: MessageType = "edoc") -> list[SentItem]:
        """Not offered by the Bkav REST 2.0 API."""
        raise HubError(tr("the Bkav REST 2.0 hub has no sent list"),
                       hint=tr("follow your documents through the status packages"))

    def agencies(self) -> list[Agency]:
        """``getOrganizations?domain=<this agency>``."""
        status, data = self.session.call(
            "GET", f"EdocService/getOrganizations?domain={self.organ_id}", self._headers())
        raise_for_answer(_answer(data), status, "getOrganizations")
        return [Agency(code=str(row.get("domain", "")), name=row.get("name"),
                       mail=row.get("email"))
                for row in _list(data, "organizations") if isinstance(row, dict)]

    def close(self) -> None:
        """Close the connections."""
        self.session.close()

    def __enter__(self) -> BkavTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
