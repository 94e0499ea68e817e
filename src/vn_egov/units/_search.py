"""Ranked, accent-aware name search shared by the code systems that have names.

Names and the query are compared NFC-normalised and case-folded; a query also matches names
whose diacritics differ (``hai phong``, or a mistyped ``Hài Phòng``, finds ``Hải Phòng``), but
ranks them after names that match with the diacritics as typed. Kinds of match, best first:
the whole name, the start of the name, a run of whole words, part of a word, every query word
somewhere in the name; within a kind, shorter (more specific) names first.

>>> names = ["Bộ Công an", "Văn phòng Chính phủ", "Thanh tra Chính phủ", "Bộ Công Thương"]
>>> [(m.item, m.kind, m.exact) for m in rank("chinh phu", names, str)]
[('Văn phòng Chính phủ', 'words', False), ('Thanh tra Chính phủ', 'words', False)]
>>> [m.item for m in rank("Bộ Công", names, str)]
['Bộ Công an', 'Bộ Công Thương']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from vn_egov.errors import InvalidFormat, InvalidLength
from vn_egov.i18n import N_, tr
from vn_egov.units._text import fold, normalize_name, require_str

__all__ = ["Match", "rank"]

T = TypeVar("T")

MAX_QUERY = 200
"""Longest accepted query, in characters (names of bodies are far shorter)."""

_KINDS = ("name", "start", "words", "part", "all words")


@dataclass(frozen=True)
class Match(Generic[T]):
    """One search hit: the item, the kind of match and whether the diacritics matched as typed."""

    item: T
    kind: str
    exact: bool
    name_length: int

    @property
    def score(self) -> tuple[int, int, int]:
        """Sort key, lower is better: kind, diacritics as typed before folded, shorter name."""
        return _KINDS.index(self.kind), 0 if self.exact else 1, self.name_length


def _kind(query: str, name: str) -> str | None:
    if name == query:
        return "name"
    if name.startswith(query + " "):
        return "start"
    if f" {query} " in f" {name} ":
        return "words"
    if query in name:
        return "part"
    words = set(name.split())
    if all(word in words for word in query.split()):
        return "all words"
    return None


def _checked_query(query: object) -> str:
    text = require_str(query, N_("search query"))
    if len(text) > MAX_QUERY:
        raise InvalidLength(tr("search query has {count} characters; at most {limit} are "
                               "accepted", count=len(text), limit=MAX_QUERY),
                            hint=tr("search with a shorter part of the name"))
    needle = normalize_name(text)
    if not needle:
        raise InvalidFormat(tr("search query is empty"),
                            hint=tr("give part of a name, e.g. 'Hải Phòng'"))
    return needle


def rank(query: str, items: Iterable[T], name_of: Callable[[T], str],
         limit: int | None = None) -> list[Match[T]]:
    """The items whose name matches *query*, best first (ties keep the order of *items*).

    >>> [m.item for m in rank("Hài Phòng", ["Hải Phòng", "Hà Nội"], str)]
    ['Hải Phòng']
    """
    needle = _checked_query(query)
    folded_needle = fold(needle)
    found: list[Match[T]] = []
    for item in items:
        name = normalize_name(name_of(item))
        kind = _kind(needle, name)
        exact = kind is not None
        if kind is None:
            kind = _kind(folded_needle, fold(name))
        if kind is not None:
            found.append(Match(item, kind, exact, len(name)))
    found.sort(key=lambda match: match.score)
    return found if limit is None else found[:limit]
