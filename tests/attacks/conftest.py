"""Fixtures for the attack suite, and the gate for slow tests.

Slow tests (``@pytest.mark.slow``: large hypothesis budgets) are skipped unless the run
selects them with ``-m slow`` or the environment sets ``VN_EGOV_SLOW=1``.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

HERE = _Path(__file__).resolve().parent
if str(HERE) not in _sys.path:  # the test modules import their helper modules by name
    _sys.path.insert(0, str(HERE))

import os  # noqa: E402
import socket  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from attack_tools import AUDIT_HITS, AUDIT_TARGETS, Guard  # noqa: E402


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = config.getoption("markexpr", default="") or ""
    if "slow" in markexpr and "not slow" not in markexpr:
        return
    if os.environ.get("VN_EGOV_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow or VN_EGOV_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Guard]:
    """No network, no canary read. Fails the test if anything was attempted."""
    found = Guard(fifo=tmp_path / "canary.fifo", canary=tmp_path / "canary.txt")
    os.mkfifo(found.fifo)
    found.canary.write_text("SECRET-CANARY", encoding="utf-8")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    found.listener = listener
    found.url = f"http://127.0.0.1:{listener.getsockname()[1]}/evil.dtd"

    def refuse(what: str) -> Callable[..., Any]:
        def blocked(*args: object, **kwargs: object) -> Any:
            found.attempts.append(f"{what}{args!r}")
            raise OSError(f"network access attempted in a test: {what}")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    AUDIT_TARGETS.update({str(found.fifo), str(found.canary)})
    AUDIT_HITS.clear()
    try:
        yield found
    finally:
        AUDIT_TARGETS.difference_update({str(found.fifo), str(found.canary)})
        connections = found.connections()
        listener.close()
    assert found.attempts == [], f"network access attempted: {found.attempts}"
    assert AUDIT_HITS == [], f"canary opened: {AUDIT_HITS}"
    assert connections == 0, "a connection reached the canary server"
