"""Helpers of the attack suite: the guard that proves nothing is read or connected,
and a bounded, threaded parse."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from vn_egov.errors import VnEgovError
from vn_egov.xml import ParsedXML, parse

#: The bound every attack must be refused within (a bound, not a benchmark).
TIME_BOUND = 2.0
@dataclass
class Guard:
    """Records every forbidden attempt: sockets, name look-ups, opening a canary."""

    attempts: list[str] = field(default_factory=list)
    fifo: Path = Path()
    canary: Path = Path()
    url: str = ""
    listener: socket.socket | None = None

    def connections(self) -> int:
        """Connections that reached the local canary server (made from C, e.g. libxml2)."""
        assert self.listener is not None
        count = 0
        while True:
            try:
                conn, _ = self.listener.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


AUDIT_TARGETS: set[str] = set()
AUDIT_HITS: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and args and str(args[0]) in AUDIT_TARGETS:
        AUDIT_HITS.append(f"open {args[0]}")


sys.addaudithook(_audit)  # hooks cannot be removed: it only acts on registered canaries


@dataclass
class Outcome:
    """What one bounded parse produced."""

    elapsed: float
    result: ParsedXML | None = None
    error: BaseException | None = None


def run_bounded(data: bytes, guard: Guard, **kwargs: Any) -> Outcome:
    """Parse in a thread: if libxml2 ever opens the FIFO canary, the open blocks and the
    thread does not finish within the bound, which fails the test."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        start = time.perf_counter()
        try:
            outcome["result"] = parse(data, **kwargs)
        except BaseException as exc:  # the test inspects whatever happened
            outcome["error"] = exc
        outcome["elapsed"] = time.perf_counter() - start

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(TIME_BOUND + 3.0)
    if thread.is_alive():
        _release(guard.fifo)
        pytest.fail("parse did not finish: the FIFO canary was opened or the parser hung")
    return Outcome(elapsed=outcome["elapsed"], result=outcome.get("result"),
                   error=outcome.get("error"))


def _release(fifo: Path) -> None:
    """Unblock a reader stuck opening the FIFO (opening it for writing completes its open)."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def assert_refused(data: bytes, guard: Guard, error: type[VnEgovError], message: str,
                   **kwargs: Any) -> VnEgovError:
    """Parse *data* and assert it is refused with *error* whose message contains *message*,
    within the time bound."""
    outcome = run_bounded(data, guard, **kwargs)
    assert outcome.result is None, "the attack was accepted"
    assert type(outcome.error) is error, f"{type(outcome.error).__name__}: {outcome.error}"
    assert message in str(outcome.error), str(outcome.error)
    assert outcome.elapsed < TIME_BOUND, f"took {outcome.elapsed:.2f} s"
    return outcome.error
