"""The local reference hub: the VPCP hub's HTTP API as an ASGI application (Starlette).

Paths, signed headers and JSON answers are the VPCP hub's, so the official SDKVXP client and
:class:`vn_egov.hub.VpcpTransport` work against it unchanged. Every answer is a JSON object
with ``status``, ``ErrorCode`` and ``ErrorDesc`` (``DocId`` too on sendEdoc, even when it
fails), written with ``\\u`` escapes so the SDK's US-ASCII decoding of sendEdoc answers keeps
it intact.

>>> import tempfile
>>> from pathlib import Path
>>> from vn_egov.hub.server.config import HubSettings, parse_systems
>>> systems = parse_systems({"system": [{"id": "vxp.hp.01", "secret": "12345678",
...                                       "organ_ids": ["000.00.00.H24"]}]}, "systems.toml")
>>> with tempfile.TemporaryDirectory() as tmp:
...     app = create_app(HubSettings(Path(tmp)), systems)
...     sorted(route.path for route in app.routes)[:3]
['/EdocService/confirmReceived', '/EdocService/getDocument', '/EdocService/getOrganizations']
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from vn_egov.errors import (
    HubAuthenticationError,
    HubError,
    HubNotFound,
    PackageRejected,
)
from vn_egov.hub.facts import PackageFacts, package_facts
from vn_egov.hub.server.config import HubSettings, Systems
from vn_egov.hub.server.storage import BlobStore, Delivery, Storage
from vn_egov.hub.server.storage import Route as Destination
from vn_egov.hub.wire import SignedRequest, sdk_hash_file, verify_request
from vn_egov.i18n import tr

__all__ = ["ASCIIJSONResponse", "HubState", "Upload", "accept", "create_app", "receive_body"]

LOG: Final = logging.getLogger("vn_egov.hub.server")
MESSAGE_TYPES: Final = ("edoc", "status")
ACK_STATUSES: Final = ("done", "fail", "processing")
PROFILES: Final = {"edoc": "edxml-document", "status": "edxml-status"}
SMALL_BODY: Final = 64 * 1024  # every call but sendEdoc sends {} or nothing
B64_CHUNK: Final = 3 * 256 * 1024  # a multiple of 3: chunks encode without padding
_DOC_ID: Final = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class ASCIIJSONResponse(JSONResponse):
    """JSON with non-ASCII as ``\\u`` escapes (the SDK decodes sendEdoc answers as ASCII)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


@dataclass
class HubState:
    """What the handlers share: settings, systems, the database and the body store."""

    settings: HubSettings
    systems: Systems
    storage: Storage
    blobs: BlobStore


def _http_status(error: HubError) -> int:
    if isinstance(error, HubAuthenticationError):
        return 401
    if isinstance(error, HubNotFound):
        return 404
    if isinstance(error, PackageRejected):
        return 413 if error.code == "413" else 422
    return 400


def _fail(error: HubError, **extra: Any) -> Response:
    code = error.code or str(_http_status(error))
    return ASCIIJSONResponse({"status": "FAIL", "ErrorCode": code, "ErrorDesc": error.message,
                              **extra}, status_code=_http_status(error))


def _ok(**fields: Any) -> Response:
    return ASCIIJSONResponse({"status": "OK", "ErrorCode": "0", "ErrorDesc": "Success",
                              **fields})


def _time(value: datetime | None) -> str:
    return f"{value:%Y/%m/%d %H:%M:%S}" if value else ""


Handler = Callable[[Request, HubState, SignedRequest], Awaitable[Response]]


def _vpcp(handler: Handler, *, fail_extra: dict[str, Any] | None = None
          ) -> Callable[[Request], Awaitable[Response]]:
    """Verify the signature, run *handler*, turn every error into the hub's error shape."""
    extra = fail_extra or {}

    async def endpoint(request: Request) -> Response:
        state: HubState = request.app.state.hub
        try:
            signed = verify_request(request.headers.raw, state.systems.secret_of)
            return await handler(request, state, signed)
        except HubError as exc:
            LOG.info("refused %s: %s", request.url.path, exc.message)
            return _fail(exc, **extra)
        except Exception:
            LOG.exception("internal error on %s", request.url.path)
            return ASCIIJSONResponse({"status": "FAIL", "ErrorCode": "500",
                                      "ErrorDesc": tr("internal error of the hub"), **extra},
                                     status_code=500)

    return endpoint


async def _small_body(request: Request) -> bytes:
    """Read the small body of a non-send call (reading it answers ``Expect: 100-continue``);
    most calls send ``{}`` or nothing and ignore it."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > SMALL_BODY):
        raise PackageRejected(tr("the request body is too large for this call"), code="413")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > SMALL_BODY:
            raise PackageRejected(tr("the request body is too large for this call"), code="413")
        chunks.append(chunk)
    return b"".join(chunks)


def _message_type(signed: SignedRequest) -> str:
    value = (signed.get("messagetype") or "edoc").lower()
    if value not in MESSAGE_TYPES:
        raise HubError(tr("messagetype must be edoc or status, not {value}", value=value[:40]),
                       code="400")
    return value


def _doc_id(signed: SignedRequest) -> str:
    value = signed.get("docId")
    if not value or not _DOC_ID.match(value):
        raise HubNotFound(tr("no document with this docId in your inbox"), code="404")
    return value


# -- sendEdoc ---------------------------------------------------------------------------------


async def receive_body(request: Request, state: HubState, *,
                       strip_crlf: bool) -> tuple[Path, str, int]:
    """Stream the body into a temporary file, SHA-256 computed on the way and the size limit
    enforced while reading; with *strip_crlf*, one trailing CRLF (the SDK's sendEdoc framing)
    is dropped."""
    limit = state.settings.max_package_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit + 2:
        raise PackageRejected(tr("the package exceeds the hub's limit of {limit} bytes",
                                 limit=limit), code="413")
    path, stream = state.blobs.temporary()
    digest, size, held = hashlib.sha256(), 0, b""
    try:
        with stream:
            async for chunk in request.stream():
                data = held + chunk
                data, held = data[:-2], data[-2:]
                size += len(data)
                if size > limit:
                    raise PackageRejected(tr("the package exceeds the hub's limit of {limit} "
                                             "bytes", limit=limit), code="413")
                digest.update(data)
                stream.write(data)
            if held != b"\r\n" or not strip_crlf:
                size += len(held)
                digest.update(held)
                stream.write(held)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if size == 0:
        path.unlink(missing_ok=True)
        raise PackageRejected(tr("the request carries no package"), code="400")
    return path, digest.hexdigest(), size


def _hash_matches(given: str, digest_hex: str) -> bool:
    """``hash-file`` in the SDK's unpadded form, or the usual 64 hex digits."""
    digest = bytes.fromhex(digest_hex)
    given = given.strip().lower()
    return hmac.compare_digest(given, sdk_hash_file(digest)) or hmac.compare_digest(
        given, digest_hex)


def _validate(path: Path, message_type: str, full_validation_bytes: int) -> tuple[str, ...]:
    """Rule ids of the failing findings of the package (empty: valid); a large package is
    validated in bounded memory (:mod:`vn_egov.edoc.large`)."""
    from vn_egov.validation import check

    report = check(path, PROFILES[message_type], full_validation_bytes=full_validation_bytes)
    if report.valid:
        return ()
    return tuple(dict.fromkeys(issue.rule for issue in report.issues
                               if issue.severity >= report.fail_on))


def _to_param(value: str | None) -> list[str]:
    """The ``to`` parameter: JSON text of a list or a string (the SDK), or a bare id."""
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value
    if isinstance(parsed, str):
        return [parsed]
    if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
        return list(parsed)
    raise HubError(tr("the to parameter must be an agency code or a JSON list of them"),
                   code="400")


def _routes(facts: PackageFacts, message_type: str, to: list[str],
            systems: Systems) -> list[Destination]:
    """The package decides who receives it (``To`` of a document, ``ResponseFor/OrganId`` of a
    status); ``to`` can narrow that to some addressees, never add one (parameters pile up
    on the official client, so a leftover ``to`` must not send a package elsewhere)."""
    addressees = list(facts.recipients) if message_type == "edoc" else [facts.response_to]
    addressees = [a for a in addressees if a]
    narrowed = [a for a in addressees if a in to]
    routes = []
    for organ in narrowed or addressees:
        system = systems.by_organ(organ)
        routes.append(Destination(organ, system.id if system else None,
                                  "" if system else tr("no connected system receives for "
                                                       "{organ}", organ=organ)))
    return routes


def _check_sender(signed: SignedRequest, state: HubState) -> None:
    sender = signed.get("from")
    if sender is not None and sender != signed.system_id:
        raise HubAuthenticationError(
            tr("Don vi gui {sender} khong dung voi ma da dang ky: {system}",
               sender=sender[:64], system=signed.system_id), code="403",
            hint=tr("from must be the registered system id"))


async def send_edoc(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """Accept, check, store and route one package."""
    _check_sender(signed, state)
    message_type = _message_type(signed)
    hash_file = signed.get("hash-file")
    if not hash_file:
        raise HubAuthenticationError(tr("hash-file is not signed"), code="401")
    to = _to_param(signed.get("to"))
    path, digest, size = await receive_body(request, state, strip_crlf=True)
    try:
        if not _hash_matches(hash_file, digest):
            raise HubAuthenticationError(tr("hash-file does not match the package"),
                                         code="401")
        doc_id = await accept(state, Upload(signed.system_id, path, digest, size),
                              message_type, signed.get("servicetype") or "eDoc", to)
    finally:
        path.unlink(missing_ok=True)
    return _ok(DocId=doc_id)


@dataclass(frozen=True)
class Upload:
    """A received package body waiting in a temporary file."""

    system_id: str
    path: Path
    sha256: str
    size: int


async def accept(state: HubState, upload: Upload, message_type: str, service_type: str,
                 to: list[str]) -> str:
    """Check, store and route an uploaded package; its DocId (the first one for bytes the
    same system sent before: sending is idempotent by content hash)."""
    existing = await run_in_threadpool(state.storage.find_sent, upload.system_id,
                                       message_type, upload.sha256)
    if existing is not None:
        return existing
    if state.settings.validate:
        failing = await run_in_threadpool(_validate, upload.path, message_type,
                                          state.settings.full_validation_bytes)
        if failing:
            raise PackageRejected(tr("the package is invalid: {rules}",
                                     rules=", ".join(failing)), code="422",
                                  rule_ids=failing)
    facts = await run_in_threadpool(package_facts, upload.path)
    system = state.systems.get(upload.system_id)
    assert system is not None  # the caller authenticated as this system
    if facts.sender not in system.organ_ids:
        raise HubAuthenticationError(
            tr("system {system} does not send for agency {organ}", system=system.id,
               organ=facts.sender[:64] or "-"), code="403",
            hint=tr("list the agency in the system's organ_ids"))
    routes = _routes(facts, message_type, to, state.systems)
    if not any(route.system_id for route in routes):
        raise PackageRejected(tr("no connected system receives for the package's addressees "
                                 "({organs})", organs=", ".join(r.organ_id for r in routes)
                                 or "-"), code="422")
    await run_in_threadpool(state.blobs.commit, upload.path, upload.sha256)
    stored = await run_in_threadpool(
        lambda: state.storage.store(sender=upload.system_id, message_type=message_type,
                                    service_type=service_type, sha256=upload.sha256,
                                    size=upload.size, facts=facts, routes=routes))
    LOG.info("accepted %s from %s (%d bytes, %d routes)", stored.doc_id, upload.system_id,
             upload.size, len(routes))
    return stored.doc_id


# -- receiving --------------------------------------------------------------------------------


def _received_item(item: Delivery) -> dict[str, Any]:
    return {"docId": item.receiver_doc_id, "serviceType": item.service_type,
            "messageType": item.message_type, "created_time": _time(item.created_at),
            "updated_time": _time(item.updated_at), "from": item.from_organ,
            "to": item.to_organ, "status": item.status, "status_desc": item.status_desc}


async def received_list(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """The caller's inbox; leftover parameters (status, docId, from, to) are not filters."""
    await _small_body(request)
    items = await run_in_threadpool(state.storage.inbox, signed.system_id,
                                    _message_type(signed))
    return _ok(data=[_received_item(item) for item in items])


async def _own_delivery(state: HubState, signed: SignedRequest) -> Delivery:
    delivery = await run_in_threadpool(state.storage.delivery, signed.system_id,
                                       _doc_id(signed))
    if delivery is None:
        raise HubNotFound(tr("no document with this docId in your inbox"), code="404")
    return delivery


def _base64_json(state: HubState, sha256: str) -> Iterator[bytes]:
    yield b'{"status":"OK","ErrorCode":"0","ErrorDesc":"Success","data":"'
    for chunk in state.blobs.chunks(sha256, B64_CHUNK):
        yield base64.b64encode(chunk)
    yield b'"}'


async def get_edoc(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """One package of the caller's inbox as base64 in ``data`` (streamed, never whole)."""
    await _small_body(request)
    delivery = await _own_delivery(state, signed)
    return StreamingResponse(_base64_json(state, delivery.sha256),
                             media_type="application/json")


async def download_edoc(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """One package of the caller's inbox as raw bytes (the SDK's signed GET)."""
    delivery = await _own_delivery(state, signed)
    return FileResponse(state.blobs.path_of(delivery.sha256),
                        media_type="application/octet-stream",
                        headers={"Content-Disposition": "attachment; filename=edoc.edxml"})


async def update_status(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """Acknowledge one package of the caller's inbox: done, fail or processing."""
    await _small_body(request)
    doc_id = _doc_id(signed)
    status = (signed.get("status") or "").lower()
    if status not in ACK_STATUSES:
        raise HubError(tr("status must be done, fail or processing"), code="400")
    description = (signed.get("description") or "")[:2000]
    if not await run_in_threadpool(state.storage.acknowledge, signed.system_id, doc_id,
                                   status, description):
        raise HubNotFound(tr("no document with this docId in your inbox"), code="404")
    return _ok()


def _counter(message_type: str) -> Handler:
    async def count(request: Request, state: HubState, signed: SignedRequest) -> Response:
        await _small_body(request)
        value = await run_in_threadpool(state.storage.count, signed.system_id, message_type)
        return _ok(count=value)

    return count


async def sent_list(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """Per recipient, the caller's sent packages with send and receive status.

    ``docId`` filters only when it names one of the caller's sent packages; otherwise it is a
    leftover of an earlier call (the official client keeps parameters) and is ignored.
    """
    await _small_body(request)
    doc_id = signed.get("docId")
    if doc_id and not await run_in_threadpool(state.storage.is_sender_of, signed.system_id,
                                              doc_id):
        doc_id = None
    rows = await run_in_threadpool(state.storage.sent, signed.system_id,
                                   _message_type(signed), doc_id)
    return _ok(data=[{
        "serviceType": row["service_type"], "senderDocId": row["doc_id"],
        "receiverDocId": row["receiver_doc_id"], "fromCode": row["from_organ"],
        "toCode": row["to_organ"], "sendStatus": row["send_status"],
        "sendStatusDesc": row["send_status_desc"], "receiveStatus": row["status"],
        "receiveStatusDesc": row["status_desc"], "title": row["title"],
        "notation": row["notation"], "messageType": row["message_type"],
        "sentTime": _time(row["created_at"]), "receivedTime": _time(row["received_at"]),
    } for row in rows])


# -- agencies ---------------------------------------------------------------------------------


def _agency_rows(state: HubState, qd20: bool) -> list[dict[str, Any]]:
    from vn_egov.units import Registry

    rows: dict[str, dict[str, Any]] = {}
    for entry in Registry.builtin():
        qcvn = f"000.00.00.{entry.code}" if re.match(r"^[A-Z]\d{2}$", entry.code) else ""
        code = entry.code if qd20 else (qcvn or entry.code)
        rows[code] = {"id": entry.code, "pid": entry.parent or "", "code": code,
                      "code102": qcvn, "oldCode": entry.code, "name": entry.name, "mail": "",
                      "isAgency": True, "status": "active" if entry.current is not False
                      else "inactive"}
    for organ, system in state.systems.organs().items():
        rows[organ] = {"id": organ, "pid": "", "code": organ, "code102": organ,
                       "oldCode": "", "name": system.name or organ, "mail": "",
                       "isAgency": True, "status": "active"}
    for row in state.storage.registered_agencies():
        rows[row["code"]] = {"id": row["agency_id"] or row["code"], "pid": row["pcode"],
                             "code": row["code"], "code102": row["code"], "oldCode": "",
                             "name": row["name"], "mail": row["mail"], "isAgency": True,
                             "status": "active"}
    return [rows[key] for key in sorted(rows)]


def _agencies(qd20: bool) -> Handler:
    async def agencies(request: Request, state: HubState, signed: SignedRequest) -> Response:
        await _small_body(request)
        return _ok(data=await run_in_threadpool(_agency_rows, state, qd20))

    return agencies


async def synchronize_units(request: Request, state: HubState,
                            signed: SignedRequest) -> Response:
    """The agencies as units to synchronise (``code``, ``version``, ``deleted``...)."""
    await _small_body(request)
    rows = await run_in_threadpool(_agency_rows, state, False)
    return _ok(data=[{"code": row["code"], "name": row["name"], "centerCode": "",
                      "version": 1, "deleted": row["status"] != "active", "modifyDate": ""}
                     for row in rows])


def _agency_values(body: bytes, signed: SignedRequest) -> dict[str, str]:
    """The agency of registerAgency: the SDK sends it as the JSON body (not covered by the
    signature: the request is authenticated, the body's integrity rests on TLS); a body-less
    request may carry the fields as signed parameters."""
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HubError(tr("the agency is not a JSON object"), code="400") from None
    if not isinstance(data, dict):
        raise HubError(tr("the agency is not a JSON object"), code="400")
    keys = ("id", "pcode", "code", "name", "mail", "mobile", "fax")
    return {key: str(data.get(key) if data.get(key) is not None else
                     (signed.get(key) or ""))[:255] for key in keys}


async def register_agency(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """Record an agency for the listing (routing stays as the operator configured it)."""
    values = _agency_values(await _small_body(request), signed)
    if not re.match(r"^[A-Za-z0-9.]{1,35}$", values["code"]):
        raise HubError(tr("code must be an agency code"), code="400")
    if not await run_in_threadpool(state.storage.register_agency, signed.system_id, values):
        raise HubAuthenticationError(tr("agency {code} was registered by another system",
                                        code=values["code"]), code="403")
    return _ok()


async def delete_agency(request: Request, state: HubState, signed: SignedRequest) -> Response:
    """Delete an agency the caller registered."""
    await _small_body(request)
    code = signed.get("AgencyCode") or ""
    if not await run_in_threadpool(state.storage.delete_agency, signed.system_id, code[:64]):
        raise HubNotFound(tr("you registered no agency with this code"), code="404")
    return _ok()


# -- the application --------------------------------------------------------------------------


def vpcp_routes() -> list[Route]:
    """The VPCP hub's paths (countReceive* accept GET too: the SDK declares GET, sends POST)."""
    send = _vpcp(send_edoc, fail_extra={"DocId": ""})
    return [
        Route("/sendEdoc", send, methods=["POST"]),
        Route("/getReceivedEdocList", _vpcp(received_list), methods=["POST"]),
        Route("/getEdoc", _vpcp(get_edoc), methods=["POST"]),
        Route("/downloadEdoc", _vpcp(download_edoc), methods=["GET"]),
        Route("/updateStatus", _vpcp(update_status), methods=["POST"]),
        Route("/getSentEdocList", _vpcp(sent_list), methods=["POST"]),
        Route("/countReceiveEdoc", _vpcp(_counter("edoc"), fail_extra={"count": 0}),
              methods=["POST", "GET"]),
        Route("/countReceiveStatus", _vpcp(_counter("status"), fail_extra={"count": 0}),
              methods=["POST", "GET"]),
        Route("/getAgenciesList", _vpcp(_agencies(False)), methods=["POST"]),
        Route("/getAgenciesListQD20", _vpcp(_agencies(True)), methods=["POST"]),
        Route("/getSynchronizeUnit", _vpcp(synchronize_units), methods=["POST"]),
        Route("/registerAgency", _vpcp(register_agency), methods=["POST"]),
        Route("/deleteAgency", _vpcp(delete_agency), methods=["POST"]),
    ]


async def _not_found(request: Request, exc: Exception) -> Response:
    return ASCIIJSONResponse({"status": "FAIL", "ErrorCode": "404",
                              "ErrorDesc": tr("no such hub call")}, status_code=404)


async def _bad_method(request: Request, exc: Exception) -> Response:
    return ASCIIJSONResponse({"status": "FAIL", "ErrorCode": "405",
                              "ErrorDesc": tr("this hub call does not accept this method")},
                             status_code=405)


def create_app(settings: HubSettings, systems: Systems) -> Starlette:
    """The hub as an ASGI application (mountable in a larger Starlette/ASGI service)."""
    from vn_egov.hub.server.bkav import bkav_routes

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    blobs = BlobStore(settings.data_dir)
    blobs.clean()
    storage = Storage(settings.url)
    state = HubState(settings, systems, storage, blobs)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        storage.close()

    app = Starlette(routes=[*vpcp_routes(), *bkav_routes()], lifespan=lifespan,
                    exception_handlers={404: _not_found, 405: _bad_method})
    app.state.hub = state
    return app

