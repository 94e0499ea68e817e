"""Conversion between the NĐ 43/2011 levels (mức 1–4) and the NĐ 42/2022 online levels.

Neither decree defines a mapping; the table below is the library's documented, **lossy**
reading: mức 4 ≈ toàn trình (toàn trình does not require online payment),
mức 3 usually một phần, mức 1–2 both become "information only"; the reverse direction is a
guess. Every conversion says ``lossy=True``; the original value is never overwritten.

>>> from_legacy(4)
LevelConversion(value=<OnlineLevel.FULL: 'FULL'>, lossy=True, note='mức 4 ≈ toàn trình ...')
>>> to_legacy(OnlineLevel.PARTIAL).value
3
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from vn_egov.errors import InputError
from vn_egov.i18n import N_, tr, translate
from vn_egov.services.catalogue.models import OnlineLevel

__all__ = ["from_legacy", "to_legacy"]

T = TypeVar("T")

_FROM_LEGACY = {
    4: (OnlineLevel.FULL, N_("mức 4 ≈ toàn trình (toàn trình does not include online payment)")),
    3: (OnlineLevel.PARTIAL, N_("mức 3 usually một phần; no decree defines this")),
    2: (OnlineLevel.INFORMATION_ONLY, N_("mức 1 and mức 2 collapse into information only")),
    1: (OnlineLevel.INFORMATION_ONLY, N_("mức 1 and mức 2 collapse into information only")),
}
_TO_LEGACY = {
    OnlineLevel.FULL: (4, N_("toàn trình → mức 4 is a guess")),
    OnlineLevel.PARTIAL: (3, N_("một phần → mức 3 is a guess")),
    OnlineLevel.INFORMATION_ONLY: (2, N_("information only → mức 2 (mức 1 cannot be told apart)")),
}


@dataclass(frozen=True, slots=True)
class LevelConversion(Generic[T]):
    """A converted level; ``lossy`` is always true, ``note`` says what is lost.

    >>> LevelConversion(3, True, "x").lossy
    True
    """

    value: T
    lossy: bool
    note: str


def from_legacy(level: int) -> LevelConversion[OnlineLevel]:
    """NĐ 43/2011 mức 1–4 to the NĐ 42/2022 level.

    >>> from_legacy(1).value
    <OnlineLevel.INFORMATION_ONLY: 'INFORMATION_ONLY'>
    """
    try:
        value, note = _FROM_LEGACY[level]
    except KeyError:
        raise InputError(tr("legacy online level {level} is not 1-4", level=level),
                         hint=tr("NĐ 43/2011 Điều 3 defines mức 1 to mức 4")) from None
    return LevelConversion(value, True, translate(note))


def to_legacy(level: OnlineLevel) -> LevelConversion[int | None]:
    """NĐ 42/2022 level to a NĐ 43/2011 mức; ``None`` for NONE / UNKNOWN.

    >>> to_legacy(OnlineLevel.UNKNOWN).value is None
    True
    """
    if level in _TO_LEGACY:
        value, note = _TO_LEGACY[level]
        return LevelConversion(value, True, translate(note))
    return LevelConversion(None, True, tr("{level} has no NĐ 43/2011 counterpart",
                                          level=level.value))
