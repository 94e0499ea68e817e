"""The XML Schema layer, backed by lxml (libxml2, XSD 1.0).

>>> layer = XsdLayer("w3c/xmldsig-core-schema.xsd")
>>> layer.name
'xsd'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Final

from lxml import etree

from vn_egov._resources import schema_path
from vn_egov.edoc.transfer import is_canonical_base64
from vn_egov.errors import SchemaError, VnEgovError
from vn_egov.i18n import N_, current_language, tr, translate
from vn_egov.validation.issue import Issue
from vn_egov.validation.profile import ValidationContext
from vn_egov.xml import local_name, parse

__all__ = ["XSD_VALID", "XsdLayer", "load_schema"]

#: ``context.cache`` key set (to the schema path) when the XSD layer found no violation.
XSD_VALID = "xsd.valid"

_CLARK = re.compile(r"\{[^}]*\}")
_ELEMENT = re.compile(r"^Element '([^']+)'")


@cache
def load_schema(relative: str) -> etree.XMLSchema:
    """Compile a shipped XSD once per process; :class:`SchemaError` says why it failed."""
    path = schema_path(relative)
    try:
        parsed = parse(path)
        return etree.XMLSchema(etree.ElementTree(parsed.root), attribute_defaults=False)
    except (etree.XMLSchemaParseError, VnEgovError) as exc:
        raise SchemaError(tr("cannot load schema {schema}: {error}", schema=relative, error=exc),
                          source=str(path)) from exc


class XsdLayer:
    """Validate the parsed tree against one shipped schema and report ``XSD001`` issues.

    ``base64_elements`` are the tags (Clark notation) of elements the schema declares as
    ``xs:base64Binary`` without facets (attachment content). Their text is checked here by
    the one base64 check (:mod:`vn_egov.edoc.transfer`), and a canonical base64 text is hidden
    from libxml2 during the schema validation: libxml2 checks base64 one character at a time
    (about 150 MB/s), which made it most of the time spent validating a package with
    attachments. The verdict cannot change: libxml2 accepts every strict, canonical base64
    text (it ignores characters outside the alphabet and checks the padding and the unused
    bits, which strict and canonical base64 satisfies) as it accepts the empty text, and a
    text that is not canonical is left in place for libxml2 to judge and word the error.
    """

    def __init__(self, relative_path: str, *, name: str = "xsd", rule: str = "XSD001",
                 base64_elements: frozenset[str] = frozenset()) -> None:
        self.name = name
        self.relative_path = relative_path
        self.rule = rule
        self.base64_elements = base64_elements

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        """Return one issue per schema violation, with line, column and path."""
        schema = load_schema(self.relative_path)
        tree = context.parsed.tree
        if self.base64_elements and len(context.parsed.data) <= STAND_IN_MAX_BYTES:
            with _base64_hidden(tree, self.base64_elements):
                valid = schema.validate(tree)
        else:
            valid = schema.validate(tree)
        if valid:
            # Later layers may rely on what the schema guarantees (e.g. base64 lexical form).
            context.cache[XSD_VALID] = self.relative_path
            return []
        locate = _Locator(context)
        issues = []
        for entry in schema.error_log:
            message = schema_message(_CLARK.sub("", entry.message))
            element = locate(entry.line, entry.message)
            if element is not None:
                issues.append(context.issue(self.rule, message, element=element))
            else:
                issues.append(context.issue(self.rule, message, xpath=entry.path or None,
                                            line=entry.line or None, column=entry.column or None))
        return issues


#: Inputs up to this size have their base64 elements checked by the codec (the text is
#: copied once into Python, in chunks through the decoder); larger ones, which the hub
#: validates as a reduced copy anyway, are left to libxml2 so as not to add that copy.
STAND_IN_MAX_BYTES: Final = 32 * 1024 * 1024
#: Shorter texts are left to libxml2: the stand-in would cost more than it saves.
_STAND_IN_MIN_CHARS: Final = 4096
@contextmanager
def _base64_hidden(tree: etree._ElementTree, tags: frozenset[str]) -> Iterator[None]:
    """Within the block, each element of *tags* whose text is canonical base64 is empty; its
    text is put back afterwards (the element itself, its namespaces, attributes, tail and
    line never change; the parser strips CDATA, so the text is one plain text node)."""
    hidden: list[tuple[etree._Element, str]] = []
    try:
        for element in tree.getroot().iter(*tags):
            text = element.text
            if (len(element) or text is None or len(text) < _STAND_IN_MIN_CHARS
                    or not is_canonical_base64(text)):
                continue
            element.text = None
            hidden.append((element, text))
        yield
    finally:
        for element, text in hidden:
            element.text = text


# libxml2 writes its schema messages in English. The frequent ones are matched and rendered
# through the catalogue (the English form is libxml2's own wording, unchanged); any other
# message keeps libxml2's text behind a translated prefix.
_E = r"Element '(?P<element>[^']+)'"
_SCHEMA_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"\.?$"), text) for pattern, text in (
        (_E + r": This element is not expected\. Expected is (?P<expected>.+?)",
         N_("schema: Element '{element}': This element is not expected. "
            "Expected is {expected}.")),
        (_E + r": This element is not expected",
         N_("schema: Element '{element}': This element is not expected.")),
        (_E + r": Missing child element\(s\)\. Expected is (?P<expected>.+?)",
         N_("schema: Element '{element}': Missing child element(s). Expected is {expected}.")),
        (_E + r": '(?P<value>.*)' is not a valid value of the atomic type '(?P<type>[^']+)'",
         N_("schema: Element '{element}': '{value}' is not a valid value of the atomic type "
            "'{type}'.")),
        (_E + r": '(?P<value>.*)' is not a valid value of the local atomic type",
         N_("schema: Element '{element}': '{value}' is not a valid value of the local atomic "
            "type.")),
        (_E + r": \[facet 'pattern'\] The value '(?P<value>.*)' is not accepted by the "
              r"pattern '(?P<pattern>.*)'",
         N_("schema: Element '{element}': [facet 'pattern'] The value '{value}' is not accepted "
            "by the pattern '{pattern}'.")),
        (_E + r": \[facet 'enumeration'\] The value '(?P<value>.*)' is not an element of the "
              r"set \{(?P<allowed>.*)\}",
         N_("schema: Element '{element}': [facet 'enumeration'] The value '{value}' is not an "
            "element of the set {{{allowed}}}.")),
        (_E + r": \[facet 'maxLength'\] The value has a length of '(?P<length>\d+)'; this "
              r"exceeds the allowed maximum length of '(?P<maximum>\d+)'",
         N_("schema: Element '{element}': [facet 'maxLength'] The value has a length of "
            "'{length}'; this exceeds the allowed maximum length of '{maximum}'.")),
        (_E + r": \[facet 'minLength'\] The value has a length of '(?P<length>\d+)'; this "
              r"underruns the allowed minimum length of '(?P<minimum>\d+)'",
         N_("schema: Element '{element}': [facet 'minLength'] The value has a length of "
            "'{length}'; this underruns the allowed minimum length of '{minimum}'.")),
        (_E + r", attribute '(?P<attribute>[^']+)': The attribute '[^']+' is not allowed",
         N_("schema: Element '{element}', attribute '{attribute}': The attribute "
            "'{attribute}' is not allowed.")),
        (_E + r": The attribute '(?P<attribute>[^']+)' is required but missing",
         N_("schema: Element '{element}': The attribute '{attribute}' is required but "
            "missing.")),
        (_E + r": Character content other than whitespace is not allowed because the content "
              r"type is 'element-only'",
         N_("schema: Element '{element}': Character content other than whitespace is not "
            "allowed because the content type is 'element-only'.")),
        (_E + r": The content must not contain (?:character or )?element information items",
         N_("schema: Element '{element}': The element must be empty.")),
        (_E + r": No matching global declaration available for the validation root",
         N_("schema: Element '{element}': No matching global declaration available for the "
            "validation root.")),
    ))


def schema_message(message: str) -> str:
    """A libxml2 schema message in the current language (libxml2's own text in English).

    >>> schema_message("Element 'Subject': This element is not expected.")
    "schema: Element 'Subject': This element is not expected."
    >>> from vn_egov.i18n import language
    >>> with language("vi"):
    ...     schema_message("Element 'Subject': This element is not expected.")
    "lược đồ: Phần tử 'Subject': phần tử này không được phép ở vị trí này."
    """
    text = message.strip()
    if current_language() == "en":
        return f"schema: {text}"
    for pattern, template in _SCHEMA_MESSAGES:
        match = pattern.match(text)
        if match:
            return translate(template, None, **match.groupdict())
    return tr("schema: {message}", message=text)


class _Locator:
    """Finds the element a libxml2 schema message is about, for a readable path and column.

    libxml2 reports paths like ``/*/*[2]/*``; the message names the element (``Element
    '{ns}Name'``) and the entry gives its line, which together identify it.
    """

    def __init__(self, context: ValidationContext) -> None:
        self.root = context.parsed.root
        # line -> name (Clark tag, or "*" + local name) -> the one element of that name on
        # the line, or None when there are several: never more than one object per name and
        # line (900,000 unknown siblings on one line must not be held one by one).
        self.by_line: dict[int, dict[str, etree._Element | None]] | None = None

    def __call__(self, line: int, message: str) -> etree._Element | None:
        match = _ELEMENT.match(message)
        if not match or not line:
            return None
        if self.by_line is None:
            self.by_line = {}
            for element in self.root.iter():
                if isinstance(element.tag, str) and isinstance(element.sourceline, int):
                    names = self.by_line.setdefault(element.sourceline, {})
                    for key in (element.tag, "*" + local_name(element)):
                        names[key] = None if key in names else element
        tag = match.group(1)
        key = tag if tag.startswith("{") else "*" + tag
        return self.by_line.get(line, {}).get(key)
