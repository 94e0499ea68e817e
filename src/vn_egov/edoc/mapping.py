"""The field <-> element mapping, recorded once per model (design principle 2).

Each model lists its XML children in canonical order as :class:`XmlField` entries. The reader
and writer are driven by this table, so adding a field is one line in one place.

>>> f = XmlField("to_places", "ToPlaces", item="Place")
>>> f.wrapped, f.accepts("ToPlaces")
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["XmlField"]


@dataclass(frozen=True, slots=True)
class XmlField:
    """One child element of a model.

    ``item`` makes a wrapper element holding repeated ``item`` children (``ToPlaces/Place``);
    ``aliases`` maps tolerated spellings to the rule id reported when they are met.
    """

    field: str
    name: str
    item: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def wrapped(self) -> bool:
        """True when the values sit inside a wrapper element."""
        return self.item is not None

    def accepts(self, local: str) -> bool:
        """True if *local* is the canonical name or a tolerated alias."""
        return local == self.name or any(alias == local for alias, _ in self.aliases)

    def alias_rule(self, local: str) -> str | None:
        """The rule id to report when *local* is an alias, else ``None``."""
        return next((rule for alias, rule in self.aliases if alias == local), None)
