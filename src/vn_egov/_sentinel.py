"""A default value that means "not given", shown by name in ``help()`` (not as
``<object object at 0x...>``).

>>> NOW = Sentinel("now")
>>> NOW
now
>>> def stamp(at=NOW): ...
>>> import inspect
>>> str(inspect.signature(stamp))
'(at=now)'
"""

from __future__ import annotations

__all__ = ["Sentinel"]


class Sentinel:
    """A unique marker object whose ``repr`` is its *name*; compare it with ``is``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self) -> str:  # a pickled default stays the same object in a worker
        return self.name
