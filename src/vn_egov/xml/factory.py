"""The one libxml2 parser configuration of the library (trees and events alike).

Entity substitution, DTD loading, attribute defaults and network access are off, and a
resolver refuses every external resource libxml2 asks for, so nothing is ever opened even if
a DTD slipped past the prolog scan (see :mod:`vn_egov.xml.parser`).

>>> from lxml import etree
>>> etree.fromstring(b"<a>x</a>", make_parser()).text
'x'
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from vn_egov.errors import DTDForbidden
from vn_egov.i18n import tr

__all__ = ["make_parser"]


class _RefuseResolver(etree.Resolver):
    """Refuses every external resource (DTD subsets, entities) so nothing is ever read.

    lxml routes every load libxml2 asks for through the parser's resolvers; raising here
    aborts the parse before any file is opened or any connection is made.
    """

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> None:
        raise DTDForbidden(tr("external resource {url} refused", url=repr(system_url)),
                           hint=tr("the document must be self-contained"))


def make_parser(target: object = None) -> Any:
    """The hardened libxml2 parser, for trees or (with *target*) for events; internal.

    ``huge_tree`` lifts libxml2's 10 MB text-node cap (attachments); every other bound is
    enforced by this package.
    """
    # types-lxml's ParserTarget protocol does not describe optional target methods (doctype).
    options: dict[str, Any] = {"target": target} if target is not None else {}
    parser: Any = etree.XMLParser(
        **options,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=True,
        remove_blank_text=False,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseResolver())
    return parser
