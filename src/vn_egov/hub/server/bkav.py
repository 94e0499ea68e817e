"""The Bkav eDoc REST 2.0 API (``/EdocService/...``) over the same queues as the VPCP API.

A provincial Bkav hub authenticates a caller by its agency code (header ``organid``) and a
token (header ``authorization``); here the token is the secret of the system that serves the
agency. Answers are ``{status, code ("0" or "9999"), errors: [{code, description}], ...}``.
Statuses are ``EDOC``/``STATUS`` (header ``type``), ids are numbers.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from vn_egov.errors import HubAuthenticationError, HubError, HubNotFound, PackageRejected
from vn_egov.hub.server.app import (
    LOG,
    ASCIIJSONResponse,
    HubState,
    Upload,
    _base64_json,
    _small_body,
    accept,
    receive_body,
)
from vn_egov.hub.server.config import HubSystem
from vn_egov.i18n import tr

__all__ = ["bkav_routes"]

TYPES: Final = {"EDOC": "edoc", "STATUS": "status"}
BkavHandler = Callable[[Request, HubState, HubSystem, str], Awaitable[Response]]


def _answer(**fields: Any) -> Response:
    return ASCIIJSONResponse({"status": "Success", "code": "0", "errors": [], **fields})


def _authenticate(request: Request, state: HubState) -> tuple[HubSystem, str]:
    organ = request.headers.get("organid", "")
    token = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    system = state.systems.by_organ(organ)
    expected = system.secret if system else "\0" * 16
    if not hmac.compare_digest(token.encode("utf-8", "replace"),
                               expected.encode("utf-8")) or system is None:
        raise HubAuthenticationError(tr("unknown agency or wrong token"), code="401")
    return system, organ


def _type(request: Request) -> str:
    value = TYPES.get(request.headers.get("type", "").upper())
    if value is None:
        raise HubError(tr("type must be EDOC or STATUS"), code="400")
    return value


def _number(request: Request) -> int:
    value = request.headers.get("docid", "")
    if not value.isdigit() or len(value) > 18:
        raise HubNotFound(tr("no document with this docid for your agency"), code="404")
    return int(value)


def _bkav(handler: BkavHandler) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        state: HubState = request.app.state.hub
        try:
            system, organ = _authenticate(request, state)
            return await handler(request, state, system, organ)
        except HubError as exc:
            status = 401 if isinstance(exc, HubAuthenticationError) else (
                404 if isinstance(exc, HubNotFound) else 400)
            return ASCIIJSONResponse({"status": "Fail", "code": "9999", "errors": [
                {"code": exc.code or "", "description": exc.message}]}, status_code=status)
        except Exception:
            LOG.exception("internal error on %s", request.url.path)
            return ASCIIJSONResponse({"status": "Error", "code": "9999", "errors": [
                {"code": "500", "description": tr("internal error of the hub")}]},
                status_code=500)

    return endpoint


async def send_document(request: Request, state: HubState, system: HubSystem,
                        organ: str) -> Response:
    """Accept one package (raw body; ``hash-edoc`` = hex SHA-256 when given)."""
    message_type = _type(request)
    path, digest, size = await receive_body(request, state, strip_crlf=False)
    try:
        given = request.headers.get("hash-edoc")
        if given and not hmac.compare_digest(given.strip().lower(), digest):
            raise PackageRejected(tr("hash-edoc does not match the package"), code="400")
        doc_id = await accept(state, Upload(system.id, path, digest, size), message_type,
                              "eDoc", [])
    finally:
        path.unlink(missing_ok=True)
    number = await run_in_threadpool(state.storage.delivery_number, doc_id)
    return _answer(docId=number)


async def pending_ids(request: Request, state: HubState, system: HubSystem,
                      organ: str) -> Response:
    """Numeric ids of the packages waiting for the caller's agency."""
    items = await run_in_threadpool(state.storage.inbox, system.id, _type(request))
    return _answer(docIDs=[item.id for item in items if item.to_organ == organ])


async def get_document(request: Request, state: HubState, system: HubSystem,
                       organ: str) -> Response:
    """One waiting package as base64 in ``data`` (streamed)."""
    await _small_body(request)
    delivery = await run_in_threadpool(state.storage.delivery_by_number, system.id,
                                       _number(request))
    if delivery is None or delivery.message_type != _type(request):
        raise HubNotFound(tr("no document with this docid for your agency"), code="404")
    chunks = _base64_json(state, delivery.sha256)
    next(chunks)  # the VPCP prefix; the Bkav answer has its own
    prefix = b'{"status":"Success","code":"0","errors":[],"data":"'

    def body() -> Any:
        yield prefix
        yield from chunks

    return StreamingResponse(body(), media_type="application/json")


async def confirm_received(request: Request, state: HubState, system: HubSystem,
                           organ: str) -> Response:
    """Remove one package from the caller's pending list."""
    await _small_body(request)
    delivery = await run_in_threadpool(state.storage.delivery_by_number, system.id,
                                       _number(request))
    if delivery is None:
        raise HubNotFound(tr("no document with this docid for your agency"), code="404")
    await run_in_threadpool(state.storage.acknowledge, system.id, delivery.receiver_doc_id,
                            "done", "confirmReceived")
    return _answer()


async def organizations(request: Request, state: HubState, system: HubSystem,
                        organ: str) -> Response:
    """The connected agencies (``domain`` = agency code), optionally below ``?domain=``."""
    below = request.query_params.get("domain", "")
    rows = [{"domain": code, "inCharge": "", "name": served.name or code, "address": "",
             "email": "", "telephone": "", "fax": "", "website": ""}
            for code, served in sorted(state.systems.organs().items())
            if not below or (code != below and code.endswith(below.split(".")[-1]))]
    return _answer(organizations=rows)


def bkav_routes() -> list[Route]:
    """The ``/EdocService`` paths."""
    return [
        Route("/EdocService/sendDocument", _bkav(send_document), methods=["POST"]),
        Route("/EdocService/getPendingDocIds", _bkav(pending_ids), methods=["GET"]),
        Route("/EdocService/getDocument", _bkav(get_document), methods=["POST"]),
        Route("/EdocService/confirmReceived", _bkav(confirm_received), methods=["POST"]),
        Route("/EdocService/getOrganizations", _bkav(organizations), methods=["GET"]),
    ]
