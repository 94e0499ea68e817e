"""The configurable bounds of the hardened parser.

Every bound is checked either before libxml2 sees the bytes (size, node estimate, prolog)
or in one pass of compiled XPath queries over the tree after parsing (see
:mod:`vn_egov.xml.checks`). Raise a bound by passing your own :class:`ParseLimits`:

>>> limits = ParseLimits(max_bytes=2 * MiB, max_text_length=64 * 1024)
>>> limits.max_depth, limits.max_text_length
(256, 65536)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = ["DEFAULT_LIMITS", "MiB", "ParseLimits"]

MiB: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Bounds applied to every parse. Sizes are bytes (input) or characters (names, text).

    ``max_bytes``: size of the input. ``max_depth``: element nesting (the root is level 1).
    ``max_attributes``: attributes on one element. ``max_name_length``: qualified name of an
    element, attribute or processing-instruction target. ``max_text_length``: one text node,
    attribute value, comment or processing instruction. ``max_huge_text_length``: text
    directly inside an element whose local name is in ``huge_text_elements`` (attachment
    content, base64). ``max_nodes``: elements, attributes, comments and processing
    instructions in the whole document; estimated before parsing by counting ``<`` and ``=``
    characters (an upper bound), so memory cannot be exhausted by millions of tiny elements.

    >>> ParseLimits(max_bytes=10 * 1024 * 1024).max_depth
    256
    >>> ParseLimits(max_depth=0)
    Traceback (most recent call last):
    ...
    ValueError: ParseLimits.max_depth must be a positive integer, not 0
    """

    max_bytes: int = 512 * MiB
    max_depth: int = 256
    max_attributes: int = 256
    max_name_length: int = 1_000
    max_text_length: int = 1 * MiB
    max_huge_text_length: int = 512 * MiB
    max_nodes: int = 1_000_000
    huge_text_elements: frozenset[str] = field(
        default_factory=lambda: frozenset({"ContentTransferEncoded"})
    )

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_attributes", "max_name_length",
                     "max_text_length", "max_huge_text_length", "max_nodes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"ParseLimits.{name} must be a positive integer, not {value!r}")
        for element_name in self.huge_text_elements:
            # Names end up in an XPath expression: only plain XML names are meaningful.
            if not element_name.replace("_", "a").replace("-", "a").replace(".", "a").isalnum():
                raise ValueError(f"ParseLimits.huge_text_elements: {element_name!r} is not a "
                                 "local element name")


DEFAULT_LIMITS: Final = ParseLimits()
