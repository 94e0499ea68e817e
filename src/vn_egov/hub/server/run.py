"""Running the local hub with uvicorn: in the foreground (``vn-egov hub serve``) or in a
background thread (:class:`LocalHub`, for tests, the demo and the conformance kit).

>>> import tempfile
>>> from pathlib import Path
>>> from vn_egov.hub.server.config import HubSettings, parse_systems
>>> systems = parse_systems({"system": [{"id": "vxp.hp.01", "secret": "12345678",
...                                       "organ_ids": ["000.00.00.H24"]}]}, "systems.toml")
>>> with tempfile.TemporaryDirectory() as tmp, LocalHub(HubSettings(Path(tmp)), systems) as hub:
...     hub.endpoint.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

import uvicorn

from vn_egov.errors import ConfigurationError
from vn_egov.hub.server.app import create_app
from vn_egov.hub.server.config import HubSettings, Systems
from vn_egov.i18n import tr

__all__ = ["LocalHub", "serve"]


class _Server(uvicorn.Server):
    """A uvicorn server that tells when it accepts requests."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_ready = on_ready

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        """SIGINT/SIGTERM stop the server gracefully, and the process then exits normally
        (uvicorn itself re-raises the signal after shutting down)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {number: signal.signal(number, self.handle_exit) for number in handled}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.on_ready()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named explicitly: asyncio sets TCP_NODELAY on accepted connections only
    # for sockets that say they are TCP (otherwise Nagle adds 40 ms to every answer).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigurationError(tr("cannot listen on {host}:{port}: {reason}", host=host,
                                    port=port, reason=exc.strerror)) from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _config(app: Any, **options: Any) -> uvicorn.Config:
    return uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                          timeout_keep_alive=30, **options)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(settings: HubSettings, systems: Systems, *, host: str = "127.0.0.1",
          port: int = 8765, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the hub in the foreground until SIGINT or SIGTERM (graceful shutdown).

    *on_ready* is called with the endpoint URL once the server accepts requests.
    """
    sock = _bind(host, port)
    endpoint = _url(host, sock.getsockname()[1])
    server = _Server(_config(create_app(settings, systems)),
                     lambda: on_ready(endpoint) if on_ready else None)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


class LocalHub:
    """The hub in a background thread on 127.0.0.1 (a free port unless one is given).

    ``endpoint`` is its base URL; leaving the ``with`` block stops it and waits.
    """

    def __init__(self, settings: HubSettings, systems: Systems, *, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.settings = settings
        self.systems = systems
        self.app = create_app(settings, systems)
        self._socket = _bind(host, port)
        self.endpoint = _url(host, self._socket.getsockname()[1])
        self._ready = threading.Event()
        self._server = _Server(_config(self.app), self._ready.set)
        self._thread = threading.Thread(target=self._run, name="vn-egov-hub", daemon=True)
        self._error: BaseException | None = None

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as exc:  # reported by start()
            self._error = exc
            self._ready.set()

    def start(self) -> LocalHub:
        """Start serving; returns once requests are accepted."""
        self._thread.start()
        if not self._ready.wait(30) or self._error is not None:
            raise ConfigurationError(tr("the local hub did not start: {reason}",
                                        reason=self._error or "timeout"))
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(30)
        self._socket.close()

    def __enter__(self) -> LocalHub:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
