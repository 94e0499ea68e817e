"""Run pyhanko-certvalidator's and pyHanko's coroutines from synchronous code.

:func:`run_sync` runs a coroutine in a fresh event loop — in a worker thread when the caller
already runs one (a web handler, a notebook). The worker thread runs in a copy of the
caller's context, so the language of the messages (``vn_egov.i18n``) stays the caller's.
:func:`run_stepped` first tries to finish the coroutine in one step without any loop (path
validation with fetching off does no I/O, and usually completes so, at no loop cost).

>>> async def answer() -> int:
...     return 42
>>> run_sync(answer), run_stepped(answer)
(42, 42)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["run_stepped", "run_sync"]

_T = TypeVar("_T")
Factory = Callable[[], Coroutine[Any, Any, _T]]


def run_sync(factory: Factory[_T]) -> _T:
    """Run the coroutine *factory* makes in an event loop of its own; return its result."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    context = contextvars.copy_context()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, factory()).result()


def run_stepped(factory: Factory[_T]) -> _T:
    """Like :func:`run_sync`, but first one step without a loop: a coroutine that never
    waits finishes there; one that waits is closed and a fresh one runs in a loop."""
    coroutine = factory()
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return finished.value  # type: ignore[no-any-return]
    coroutine.close()
    return run_sync(factory)
