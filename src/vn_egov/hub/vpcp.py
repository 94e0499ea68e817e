"""The VPCP national hub's API as the official SDKVXP client speaks it.

>>> transport = VpcpTransport("https://hub.example.gov.vn", Credentials("vxp.hp.01", "s3cret-1"))
>>> transport.session.url("getEdoc")
'https://hub.example.gov.vn/getEdoc'
>>> transport.close()

Calls (all signed, see :mod:`vn_egov.hub.wire`): ``sendEdoc`` (body = the file + CRLF,
``hash-file`` in the SDK's form), ``getReceivedEdocList``, ``getEdoc`` (base64 in JSON) or
``downloadEdoc`` (raw bytes, streamed), ``updateStatus``, ``getSentEdocList``,
``countReceiveEdoc``/``countReceiveStatus``, ``getAgenciesList``/``getAgenciesListQD20``,
``getSynchronizeUnit``, ``registerAgency``, ``deleteAgency``.
"""

from __future__ import annotations

import binascii
import json
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import IO, Any, Final, Literal

from vn_egov import _b64
from vn_egov.errors import HubError
from vn_egov.hub.facts import package_facts
from vn_egov.hub.ledger import SentLedger, SentRecord
from vn_egov.hub.models import (
    AckStatus,
    Agency,
    AgencyList,
    Count,
    HubAnswer,
    MessageType,
    ReceivedItem,
    ReceivedList,
    SendResult,
    SentItem,
    SentList,
)
from vn_egov.hub.transport import (
    DEFAULT_TIMEOUT,
    HttpSession,
    PackageFile,
    PackageSource,
    raise_for_answer,
)
from vn_egov.hub.wire import VIETNAM, Credentials, RequestSigner, sdk_hash_file
from vn_egov.i18n import tr

__all__ = ["VpcpTransport"]

JSON: Final = "application/json"
OCTETS: Final = "application/octet-stream"
SERVICE_TYPE: Final = "eDoc"


def ascii_text(text: str) -> str:
    """*text* without diacritics (đ → d), other non-ASCII dropped: header values must be ASCII.

    >>> ascii_text("Đã nhận, vào sổ văn bản đến")
    'Da nhan, vao so van ban den'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isprintable() or c == " "))


class VpcpTransport:
    """A :class:`~vn_egov.hub.transport.Transport` for the VPCP hub.

    *ledger* (a :class:`SentLedger`) makes sending idempotent across restarts and feeds the
    matching of statuses. *fetch* chooses how packages are downloaded: ``getEdoc`` (what the
    SDK's examples use; the whole base64 answer is read) or ``downloadEdoc`` (streamed to the
    output, for large packages). *timestamp* fixes the signed timestamp (tests, vectors).
    """

    def __init__(self, endpoint: str, credentials: Credentials, *,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = 3, backoff: float = 0.5,
                 ledger: SentLedger | None = None,
                 fetch: Literal["getEdoc", "downloadEdoc"] = "getEdoc",
                 max_package_bytes: int = 512 * 1024 * 1024,
                 timestamp: str | None = None, session: HttpSession | None = None) -> None:
        self.credentials = credentials
        self.signer = RequestSigner(credentials, timestamp=timestamp)
        self.ledger = ledger
        self.fetch = fetch
        self.max_package_bytes = max_package_bytes
        self.session = session or HttpSession(
            endpoint, timeout=timeout, retries=retries, backoff=backoff,
            max_answer_bytes=max_package_bytes * 4 // 3 + 1024 * 1024)

    def __repr__(self) -> str:
        return f"VpcpTransport({self.session.endpoint!r}, {self.credentials!r})"

    # -- plumbing ----------------------------------------------------------------------------

    def _call(self, path: str, params: Sequence[tuple[str, str]] = (), *,
              body: bytes = b"{}") -> tuple[int, dict[str, Any]]:
        headers = self.signer.headers(JSON, params)
        # The SDK sends {} to getEdoc/updateStatus/countReceive*, nothing to list calls.
        return self.session.call("POST", path, headers, lambda: body)

    def _answer(self, path: str, params: Sequence[tuple[str, str]] = (), *,
                empty_body: bool = False, body: bytes = b"{}") -> dict[str, Any]:
        status, data = self._call(path, params, body=b"" if empty_body else body)
        raise_for_answer(HubAnswer.model_validate(data), status, path)
        return data

    # -- the Transport protocol --------------------------------------------------------------

    def send(self, package: PackageSource, *, message_type: MessageType = "edoc",
             to: Sequence[str] = ()) -> SendResult:
        """``sendEdoc``: stream the package (+ CRLF) with its SDK-form ``hash-file``.

        A package this system's ledger says was accepted is not sent again: the recorded
        result is returned. The hub does the same by content hash.
        """
        file = PackageFile.of(package)
        file.check_size(self.max_package_bytes)
        sha = file.sha256.hex()
        if self.ledger is not None and (known := self.ledger.find(message_type, sha)):
            return SendResult(status="OK", ErrorCode="0", ErrorDesc="Success",
                              DocId=known.doc_id)
        params = [("from", self.credentials.system_id), ("servicetype", SERVICE_TYPE),
                  ("messagetype", message_type)]
        if to:
            params.append(("to", json.dumps(list(to), separators=(",", ":"))))
        params.append(("hash-file", sdk_hash_file(file.sha256)))
        headers = [*self.signer.headers(OCTETS, params),
                   ("Content-Length", str(file.size + 2))]
        status, data = self.session.call("POST", "sendEdoc", headers,
                                         lambda: file.chunks(b"\r\n"))
        result = SendResult.model_validate(data)
        raise_for_answer(result, status, "sendEdoc")
        if not result.doc_id:
            raise HubError(tr("sendEdoc: the hub accepted the package without a DocId"))
        if self.ledger is not None:
            self._record(file, result.doc_id, message_type, to)
        return result

    def _record(self, file: PackageFile, doc_id: str, message_type: MessageType,
                to: Sequence[str]) -> None:
        assert self.ledger is not None
        with file.open() as stream:
            facts = package_facts(stream)
        self.ledger.record(SentRecord(
            doc_id=doc_id, sha256=file.sha256.hex(), message_type=message_type, to=tuple(to),
            document_id=facts.document_id, notation=facts.notation,
            sent_at=datetime.now(UTC).astimezone(VIETNAM).isoformat(timespec="seconds")))

    def received(self, message_type: MessageType = "edoc") -> list[ReceivedItem]:
        """``getReceivedEdocList``: this system's inbox."""
        data = self._answer("getReceivedEdocList", [("servicetype", SERVICE_TYPE),
                                                    ("messagetype", message_type)],
                            empty_body=True)
        return ReceivedList.model_validate(data).data

    def get(self, doc_id: str, out: IO[bytes], *, message_type: MessageType = "edoc") -> int:
        """``getEdoc`` (or ``downloadEdoc``): write one package of the inbox to *out*."""
        if self.fetch == "downloadEdoc":
            return self._download(doc_id, out)
        data = self._answer("getEdoc", [("docId", doc_id)])
        encoded = data.get("data")
        if not isinstance(encoded, str):
            raise HubError(tr("getEdoc: the answer has no data"))
        try:
            package = _b64.decode("".join(encoded.split()))
        except (binascii.Error, ValueError):
            raise HubError(tr("getEdoc: the data is not base64")) from None
        out.write(package)
        return len(package)

    def _download(self, doc_id: str, out: IO[bytes]) -> int:
        headers = self.signer.headers(JSON, [("docId", doc_id)])
        with self.session.stream("GET", "downloadEdoc", headers) as response:
            if "json" in response.headers.get("content-type", ""):
                data = self.session.read_json(response, "downloadEdoc")
                raise_for_answer(HubAnswer.model_validate(data), response.status_code,
                                 "downloadEdoc")
                raise HubError(tr("downloadEdoc: the hub answered without the package"))
            if response.status_code != 200:
                raise HubError(tr("downloadEdoc: HTTP {status}", status=response.status_code))
            written = 0
            for chunk in response.iter_bytes(1024 * 1024):
                written += len(chunk)
                if written > self.max_package_bytes:
                    raise HubError(tr("downloadEdoc: the package exceeds {limit} bytes",
                                      limit=self.max_package_bytes))
                out.write(chunk)
        return written

    def acknowledge(self, doc_id: str, status: AckStatus = "done",
                    description: str | None = None) -> HubAnswer:
        """``updateStatus``: ``done``, ``fail`` (with the reason) or ``processing``.

        The description is sent without diacritics: the official transport garbles
        non-ASCII header values.
        """
        params = [("status", status), ("docId", doc_id)]
        if description:
            params.append(("description", ascii_text(description)[:1000]))
        return HubAnswer.model_validate(self._answer("updateStatus", params))

    def sent(self, doc_id: str | None = None, *,
             message_type: MessageType = "edoc") -> list[SentItem]:
        """``getSentEdocList``: one entry per recipient of each sent package."""
        params = [("servicetype", SERVICE_TYPE), ("messagetype", message_type)]
        if doc_id:
            params.append(("docId", doc_id))
        return SentList.model_validate(
            self._answer("getSentEdocList", params, empty_body=True)).data

    def agencies(self, *, qd20: bool = False) -> list[Agency]:
        """``getAgenciesList`` (QCVN 102 codes) or ``getAgenciesListQD20``."""
        path = "getAgenciesListQD20" if qd20 else "getAgenciesList"
        return AgencyList.model_validate(self._answer(path, empty_body=True)).data

    # -- the other calls of the SDK ----------------------------------------------------------

    def count(self, message_type: MessageType = "edoc") -> int:
        """``countReceiveEdoc`` / ``countReceiveStatus`` (POST, as the SDK sends them)."""
        path = "countReceiveEdoc" if message_type == "edoc" else "countReceiveStatus"
        return Count.model_validate(self._answer(path)).count

    def synchronize_units(self) -> list[dict[str, Any]]:
        """``getSynchronizeUnit``: the hub's units to synchronise."""
        data = self._answer("getSynchronizeUnit", empty_body=True).get("data")
        return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []

    def register_agency(self, *, code: str, name: str, id: str = "", pcode: str = "",
                        mail: str = "", mobile: str = "", fax: str = "") -> HubAnswer:
        """``registerAgency``: the agency travels as the JSON body, as the SDK sends it."""
        agency = {"id": id, "pcode": pcode, "code": code, "name": name, "mail": mail,
                  "mobile": mobile, "fax": fax}
        return HubAnswer.model_validate(self._answer(
            "registerAgency", body=json.dumps(agency, ensure_ascii=False).encode("utf-8")))

    def delete_agency(self, code: str) -> HubAnswer:
        """``deleteAgency``."""
        return HubAnswer.model_validate(self._answer("deleteAgency", [("AgencyCode", code)]))

    def close(self) -> None:
        """Close the connections."""
        self.session.close()

    def __enter__(self) -> VpcpTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
