"""The :class:`Transport` protocol and the HTTP plumbing its implementations share.

A transport carries packages to and from one hub: send, list received, get, acknowledge,
list sent, agencies. :class:`~vn_egov.hub.vpcp.VpcpTransport` speaks the VPCP national hub's
API (the official SDKVXP client's), :class:`~vn_egov.hub.bkav.BkavTransport` the Bkav eDoc
REST 2.0 API of provincial hubs.

HTTP goes through one :class:`httpx.Client` per transport (connections are reused), with
timeouts, and retries with exponential backoff on transport errors only (a refused
connection, a reset, a timeout), never on an answer: a hub that answered has decided.
A retried send is safe because sending is idempotent by the package's SHA-256 (the hub
gives the same DocId to the same bytes from the same system; the local ledger remembers).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final, Protocol, TypeVar, runtime_checkable

import httpx

from vn_egov.errors import (
    HubAuthenticationError,
    HubError,
    HubNotFound,
    HubUnavailable,
    InputError,
    PackageRejected,
)
from vn_egov.hub.models import (
    AckStatus,
    Agency,
    HubAnswer,
    MessageType,
    ReceivedItem,
    SendResult,
    SentItem,
)
from vn_egov.i18n import tr

__all__ = [
    "DEFAULT_TIMEOUT",
    "HttpSession",
    "PackageFile",
    "PackageSource",
    "Transport",
    "raise_for_answer",
]

DEFAULT_TIMEOUT: Final = 30.0
CHUNK: Final = 1024 * 1024
PackageSource = str | os.PathLike[str] | bytes
_RULE_ID: Final = re.compile(r"\b[A-Z]{3}\d{3}\b")
T = TypeVar("T")


@runtime_checkable
class Transport(Protocol):
    """What a system does with a hub. Every method raises a :class:`~vn_egov.errors.HubError`
    subclass when the hub refuses, and :class:`~vn_egov.errors.HubUnavailable` when it cannot
    be reached after the allowed retries."""

    def send(self, package: PackageSource, *, message_type: MessageType = "edoc",
             to: Sequence[str] = ()) -> SendResult:
        """Send a package (a path or bytes); the hub's DocId is in the result."""

    def received(self, message_type: MessageType = "edoc") -> list[ReceivedItem]:
        """The packages waiting in this system's inbox."""

    def get(self, doc_id: str, out: IO[bytes], *, message_type: MessageType = "edoc") -> int:
        """Write one waiting package to *out*; returns the number of bytes written."""

    def acknowledge(self, doc_id: str, status: AckStatus = "done",
                    description: str | None = None) -> HubAnswer:
        """Tell the hub a package was taken (``done``), refused (``fail``) or is in work."""

    def sent(self, doc_id: str | None = None, *,
             message_type: MessageType = "edoc") -> list[SentItem]:
        """This system's sent packages, per recipient, with send and receive status."""

    def agencies(self) -> list[Agency]:
        """The agencies the hub knows."""

    def close(self) -> None:
        """Release the connections."""


class PackageFile:
    """A package to send: its bytes come from a file (streamed) or from memory.

    >>> package = PackageFile.of(b"<edXML/>")
    >>> import hashlib
    >>> package.size, package.sha256 == hashlib.sha256(b"<edXML/>").digest()
    (8, True)
    """

    def __init__(self, path: Path | None, data: bytes | None, size: int, sha256: bytes) -> None:
        self.path = path
        self.data = data
        self.size = size
        self.sha256 = sha256

    @classmethod
    def of(cls, source: PackageSource) -> PackageFile:
        """Hash *source* (one streamed pass over a file)."""
        if isinstance(source, bytes):
            return cls(None, source, len(source), hashlib.sha256(source).digest())
        path = Path(source)
        digest, size = hashlib.sha256(), 0
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except OSError as exc:
            raise InputError(tr("cannot read the package: {reason}", reason=exc.strerror),
                             source=str(path)) from None
        if size == 0:
            raise InputError(tr("the package is empty"), source=str(path))
        return cls(path, None, size, digest.digest())

    def check_size(self, limit: int) -> None:
        """Refuse locally a package the hub would refuse anyway (its upload would be cut
        off, and retried, as a broken connection)."""
        if self.size > limit:
            raise PackageRejected(tr("the package has {size} bytes, more than the limit of "
                                     "{limit}", size=self.size, limit=limit), code="413",
                                  hint=tr("raise max_package_bytes if the hub accepts more"))

    def chunks(self, trailer: bytes = b"") -> Iterator[bytes]:
        """The bytes in chunks of 1 MiB, *trailer* joined to the last one (a fresh iterator
        for each retry). Joining matters: a separate 2-byte write after the body waits for
        the peer's delayed acknowledgement (Nagle), 40 ms per request on Linux."""
        if self.data is not None:
            yield self.data + trailer
            return
        assert self.path is not None
        with self.path.open("rb") as stream:
            chunk = stream.read(CHUNK)
            while chunk:
                following = stream.read(CHUNK)
                yield chunk if following else chunk + trailer
                chunk = following

    def open(self) -> IO[bytes]:
        """A binary stream of the package."""
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")


def raise_for_answer(answer: HubAnswer, http_status: int, call: str) -> None:
    """Raise the :class:`HubError` subclass that fits a failed answer (nothing when ok).

    The hub's ``ErrorCode`` decides (401/403 authentication, 404 not found, 413/422 rejected
    package, 5xx unavailable), then the HTTP status; ``ErrorDesc`` is the message.

    >>> raise_for_answer(HubAnswer(status="FAIL", ErrorCode="422",
    ...                            ErrorDesc="the package is invalid: EDX101"), 422, "sendEdoc")
    Traceback (most recent call last):
    ...
    vn_egov.errors.PackageRejected: sendEdoc: the package is invalid: EDX101
    """
    if answer.ok:
        return
    code = answer.error_code or str(http_status)
    message = tr("{call}: {description}", call=call,
                 description=answer.error_desc or tr("the hub reported a failure (code "
                                                     "{code})", code=code))
    kind: type[HubError] = HubError
    if code in ("401", "403") or http_status in (401, 403):
        kind = HubAuthenticationError
    elif code == "404" or http_status == 404:
        kind = HubNotFound
    elif code in ("413", "422") or http_status in (413, 422):
        raise PackageRejected(message, code=code,
                              rule_ids=tuple(dict.fromkeys(_RULE_ID.findall(answer.error_desc))))
    elif code.startswith("5") or http_status >= 500:
        kind = HubUnavailable
    raise kind(message, code=code)


class HttpSession:
    """One httpx client with timeouts, bounded retries on transport errors, and answers read
    within a size limit."""

    def __init__(self, endpoint: str, *, timeout: float = DEFAULT_TIMEOUT, retries: int = 3,
                 backoff: float = 0.5, max_answer_bytes: int = 768 * CHUNK,
                 client: httpx.Client | None = None) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise HubError(tr("the hub endpoint must be an http:// or https:// URL"),
                           hint=tr("e.g. https://hub.example.gov.vn/vxp"))
        self.endpoint = endpoint.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.max_answer_bytes = max_answer_bytes
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=8),
            follow_redirects=False)

    def url(self, path: str) -> str:
        """The full URL of a call."""
        return f"{self.endpoint}/{path.lstrip('/')}"

    def _retrying(self, action: Callable[[], T], call: str) -> T:
        for attempt in range(self.retries + 1):
            try:
                return action()
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    raise HubUnavailable(tr("{call}: the hub cannot be reached after {count} "
                                            "attempt(s): {reason}", call=call,
                                            count=attempt + 1, reason=type(exc).__name__),
                                         hint=tr("check the endpoint and the network")) from None
                time.sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def call(self, method: str, path: str, headers: Sequence[tuple[str, str]],
             content: Callable[[], Any] | None = None) -> tuple[int, dict[str, Any]]:
        """Send one request (retried on transport errors) and read its JSON answer."""
        def attempt() -> tuple[int, bytes]:
            body = content() if content is not None else None
            with self.client.stream(method, self.url(path), headers=list(headers),
                                    content=body) as response:
                return response.status_code, self._read(response, path)

        status, raw = self._retrying(attempt, path)
        return status, self._json(raw, status, path)

    @contextmanager
    def stream(self, method: str, path: str,
               headers: Sequence[tuple[str, str]]) -> Iterator[httpx.Response]:
        """A streamed response (retried while no answer has started)."""
        def attempt() -> Any:
            manager = self.client.stream(method, self.url(path), headers=list(headers))
            return manager, manager.__enter__()

        manager, response = self._retrying(attempt, path)
        try:
            yield response
        except httpx.TransportError as exc:
            raise HubUnavailable(tr("{call}: the connection broke: {reason}", call=path,
                                    reason=type(exc).__name__)) from None
        finally:
            manager.__exit__(None, None, None)

    def _read(self, response: httpx.Response, call: str) -> bytes:
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_answer_bytes:
                raise HubError(tr("{call}: the answer exceeds {limit} bytes", call=call,
                                  limit=self.max_answer_bytes))
            chunks.append(chunk)
        return b"".join(chunks)

    def read_json(self, response: httpx.Response, call: str) -> dict[str, Any]:
        """The JSON object of a streamed response."""
        return self._json(self._read(response, call), response.status_code, call)

    @staticmethod
    def _json(raw: bytes, status: int, call: str) -> dict[str, Any]:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            kind = HubUnavailable if status >= 500 else HubError
            raise kind(tr("{call}: the hub's answer is not a JSON object (HTTP {status})",
                          call=call, status=status), code=str(status))
        return data

    def close(self) -> None:
        """Close the connections."""
        self.client.close()
