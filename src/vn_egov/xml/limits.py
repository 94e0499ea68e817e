"""The configurable bounds of the hardened parser.

Every bound is checked either before libxml2 sees the bytes (size, node estimate, comment
and namespace counts, prolog) or by compiled XPath queries over the tree after parsing (see
:mod:`vn_egov.xml.checks`); the event parser (:mod:`vn_egov.xml.streaming`) checks the same
bounds as the events arrive. Raise a bound by passing your own :class:`ParseLimits`:

>>> limits = ParseLimits(max_bytes=2 * MiB, max_text_length=64 * 1024)
>>> limits.max_depth, limits.max_text_length
(256, 65536)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr
from vn_egov.inputs import PACKAGE_MAX_BYTES, MiB, check_bounds

__all__ = ["DEFAULT_LIMITS", "MiB", "ParseLimits"]


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

    Comments and processing instructions: ``max_comments`` and
    ``max_processing_instructions`` bound their number in the document,
    ``max_comments_total_length`` the characters of all of them together.

    Namespaces: ``max_namespace_declarations`` bounds the declarations on one element,
    ``max_namespaces`` the distinct prefix-URI bindings of the whole document (the same
    binding declared on many elements is one), ``max_namespace_uri_length`` one URI (a
    prefix is a name: ``max_name_length``), and ``max_namespace_scope`` the characters
    (prefix + URI) of the declarations in scope, summed over every element: what
    serialising each element on its own repeats (lxml writes every inherited declaration on
    a serialised element), so many or long declarations cannot amplify later work.

    ``max_attachments`` bounds the attachments of an edXML package
    (``/edXML/AttachmentEncoded/Attachment``), for the readers of :mod:`vn_egov.edoc`: each
    becomes an object, so their number is bounded on its own (``max_nodes`` alone would let
    a million empty attachments through). Each attachment with its manifest entry costs about
    11 KB in the in-memory readers (the tree and the models): the default, 10,000, keeps
    ``read``, ``check``, ``inspect`` and ``verify`` of such a package near 150 MB; real
    packages carry a handful.

    >>> ParseLimits(max_bytes=10 * 1024 * 1024).max_depth
    256
    >>> ParseLimits(max_depth=0)
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: ParseLimits.max_depth must be a positive integer, not 0
    """

    max_bytes: int = PACKAGE_MAX_BYTES
    max_depth: int = 256
    max_attributes: int = 256
    max_name_length: int = 1_000
    max_text_length: int = 1 * MiB
    max_huge_text_length: int = PACKAGE_MAX_BYTES
    max_nodes: int = 1_000_000
    max_comments: int = 10_000
    max_processing_instructions: int = 10_000
    max_comments_total_length: int = 4 * MiB
    max_namespace_declarations: int = 64
    max_namespaces: int = 4_096
    max_namespace_uri_length: int = 1_000
    max_namespace_scope: int = 64 * MiB
    max_attachments: int = 10_000
    huge_text_elements: frozenset[str] = field(
        default_factory=lambda: frozenset({"ContentTransferEncoded"})
    )

    def __post_init__(self) -> None:
        check_bounds(self)
        for element_name in self.huge_text_elements:
            # Names end up in an XPath expression: only plain XML names are meaningful.
            if not element_name.replace("_", "a").replace("-", "a").replace(".", "a").isalnum():
                raise ConfigurationError(tr("ParseLimits.huge_text_elements: {name} is not a "
                                            "local element name", name=repr(element_name)))


DEFAULT_LIMITS: Final = ParseLimits()
