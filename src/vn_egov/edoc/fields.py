"""Reading one model from one element, driven by the model's ``XML`` table.

Children are matched by local name in any order and with any prefix; tolerated spellings are
reported with their rule id; unknown children are kept verbatim as :class:`ExtraElement` with
the canonical name of the known sibling they followed. Values that cannot be converted are
reported and kept as extras, so nothing the sender wrote is lost.
"""

from __future__ import annotations

import base64
import binascii
import re
import types
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Union, get_args, get_origin

from lxml import etree
from pydantic import ValidationError

from vn_egov.edoc.mapping import XmlField
from vn_egov.edoc.models import DocumentHeader, EdxmlModel, ExtraElement
from vn_egov.edoc.names import DATE_FORMAT, EXTENSION_ELEMENTS, NS, PREFIX, TIMESTAMP_FORMAT
from vn_egov.validation.issue import Issue
from vn_egov.validation.profile import ValidationContext, ValidationOptions
from vn_egov.xml import ParsedXML, local_name

__all__ = ["FieldReader", "serialize"]

_INVALID = object()
# The first base64 characters of an element, computed in libxml2 without a Python copy.
_HEAD_XPATH = etree.XPath("substring(normalize-space(substring(string(.), 1, 256)), 1, 64)")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def serialize(node: etree._Element) -> str:
    """Verbatim text of an element, comment or processing instruction (no tail).

    lxml repeats the inherited namespace declarations on the serialised element; those the
    canonical writer declares again at the same place are removed from its start tag.

    >>> root = etree.fromstring(b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">'
    ...                         b'<Boundary>x</Boundary></edXML>')
    >>> serialize(root[0])
    '<Boundary>x</Boundary>'
    """
    text = etree.tostring(node, encoding="unicode", with_tail=False)
    if not isinstance(node.tag, str):
        return text
    end = text.find(">")
    start_tag = text[:end]
    parent = node.getparent()
    inherited = parent.nsmap if parent is not None else {}
    for prefix, uri in _writer_scope(node).items():
        if inherited.get(prefix) == uri:
            attribute = f' xmlns="{uri}"' if prefix is None else f' xmlns:{prefix}="{uri}"'
            start_tag = start_tag.replace(attribute, "", 1)
    return start_tag + text[end:]


def _writer_scope(node: etree._Element) -> dict[str | None, str]:
    inside_envelope = any(local_name(a) == "edXMLEnvelope" for a in node.iterancestors())
    return {None: NS, PREFIX: NS} if inside_envelope else {None: NS}


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


class FieldReader:
    """Reads models from elements and collects the issues met on the way."""

    def __init__(self, parsed: ParsedXML, options: ValidationOptions | None = None, *,
                 sniff_attachments: bool = False) -> None:
        self.context = ValidationContext(parsed=parsed, options=options or ValidationOptions())
        # True only when the XSD layer already accepted every xs:base64Binary: attachment
        # content is then decoded just far enough to sniff its type (validation speed).
        self.sniff_attachments = sniff_attachments
        self.issues: list[Issue] = []
        self._foreign: list[etree._Element] = []
        self._prefixes: set[str] = set()

    # -- reporting -------------------------------------------------------------------------

    def report(self, rule: str, message: str | None = None, element: etree._Element | None = None,
               hint: str | None = None) -> None:
        """Record an issue for *rule*, located at *element*."""
        self.issues.append(self.context.issue(rule, message, element=element, hint=hint))

    def note_name(self, element: etree._Element, expected_prefix: str | None = PREFIX) -> None:
        """Remember namespace and prefix deviations; reported once by :meth:`finish`."""
        if local_name(element) == "ContentTransferEncoded":
            expected_prefix = PREFIX  # the one prefixed child of Attachment (spec §2.2)
        if etree.QName(element).namespace != NS:
            self._foreign.append(element)
        elif element.prefix != expected_prefix:
            self._prefixes.add(element.prefix or "(none)")

    def finish(self) -> list[Issue]:
        """Add the summary issues for namespace and prefix deviations and return all issues."""
        if self._foreign:
            first = self._foreign[0]
            self.report("EDX004", f"{len(self._foreign)} element(s) outside the QCVN namespace "
                        f"matched by local name, first <{local_name(first)}>", first)
        if self._prefixes:
            self.report("EDX005", "prefixes used instead of edXML: "
                        + ", ".join(sorted(self._prefixes)))
        return self.issues

    # -- models ------------------------------------------------------------------------------

    def read(self, cls: type[EdxmlModel], element: etree._Element, path: str,
             expected_prefix: str | None = PREFIX) -> EdxmlModel | None:
        """Build *cls* from *element*; ``None`` (with EDX101 issues) when required parts miss."""
        values, invalid = self.values(cls, element, path, expected_prefix)
        return self.construct(cls, values, element, path, invalid)

    def values(self, cls: type[EdxmlModel], element: etree._Element, path: str,
               expected_prefix: str | None = PREFIX) -> tuple[dict[str, Any], set[str]]:
        """Field values of *cls* read from the children of *element* (plus ``extras``)."""
        values: dict[str, Any] = {}
        extras: list[ExtraElement] = []
        invalid: set[str] = set()
        anchor: str | None = None
        for child in element:
            if not isinstance(child.tag, str):
                extras.append(ExtraElement(anchor=anchor, xml=serialize(child)))
                continue
            self.note_name(child, expected_prefix)
            spec = _spec_for(cls, local_name(child))
            if spec is None:
                self._unknown(child, path, extras, anchor)
                continue
            anchor = spec.name
            self._alias(spec, child, path)
            value = self.convert(cls, spec, child, f"{path}/{spec.name}", expected_prefix)
            if value is _INVALID:
                invalid.add(spec.field)
                extras.append(ExtraElement(anchor=anchor, xml=serialize(child)))
            elif value is None:
                continue  # an empty element is an absent one (spec §13.1: empty ResponseFor)
            elif _is_list(cls, spec.field):
                values.setdefault(spec.field, []).extend(value if spec.wrapped else [value])
            elif spec.field in values:
                self._repeated(cls, spec, child, path)
                extras.append(ExtraElement(anchor=anchor, xml=serialize(child)))
            else:
                values[spec.field] = value
        values["extras"] = extras
        if "attributes" in cls.model_fields:  # ebXML/xlink attributes, kept verbatim
            values["attributes"] = dict(element.attrib)
        return values, invalid

    def construct(self, cls: type[EdxmlModel], values: dict[str, Any], element: etree._Element,
                  path: str, invalid: AbstractSet[str] = frozenset()) -> EdxmlModel | None:
        """Validate *values* into *cls*, reporting each missing required field once."""
        required = _required(cls)
        missing = [name for name in cls.model_fields  # field order: deterministic messages
                   if name in required and name not in values and name not in invalid]
        for name in missing:
            xml_name = next(spec.name for spec in cls.XML if spec.field == name)
            self.report("EDX101", f"{path}/{xml_name} is missing", element)
        if missing or invalid & required:
            return None
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            detail = "; ".join(f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            self.report("EDX101", f"{path} cannot be read: {detail}", element)
            return None

    def _unknown(self, child: etree._Element, path: str, extras: list[ExtraElement],
                 anchor: str | None) -> None:
        name = local_name(child)
        rule = "EDX009" if name in EXTENSION_ELEMENTS else "EDX007"
        kind = "EdXML102 extension" if rule == "EDX009" else "unknown element"
        self.report(rule, f"{kind} <{name}> in {path} kept as is", child)
        extras.append(ExtraElement(anchor=anchor, xml=serialize(child)))

    def _alias(self, spec: XmlField, child: etree._Element, path: str) -> None:
        rule = spec.alias_rule(local_name(child))
        if rule:
            self.report(rule, f"<{local_name(child)}> read as <{spec.name}> in {path}", child)

    def _repeated(self, cls: type[EdxmlModel], spec: XmlField, child: etree._Element,
                  path: str) -> None:
        if spec.name in ("DocumentId", "ToPlaces") and cls is DocumentHeader:
            self.report("EDX103", f"{path}/{spec.name} occurs more than once; "
                        "the first is used, the others are kept as extras", child)
        else:
            self.report("EDX007", f"{path}/{spec.name} occurs more than once; the first is "
                        "used, the others are kept as extras", child)

    # -- values ------------------------------------------------------------------------------

    def convert(self, cls: type[EdxmlModel], spec: XmlField, child: etree._Element, path: str,
                expected_prefix: str | None) -> Any:
        """Convert one child to the Python type of ``spec.field``."""
        target = _item_type(cls, spec.field)
        if spec.wrapped:
            return self._wrapped(target, spec, child, path, expected_prefix)
        return self._scalar(target, child, path, expected_prefix)

    def _wrapped(self, target: Any, spec: XmlField, wrapper: etree._Element, path: str,
                 expected_prefix: str | None) -> Any:
        items = []
        for child in wrapper:
            if not isinstance(child.tag, str):
                continue
            self.note_name(child, expected_prefix)
            if local_name(child) != spec.item:
                self.report("EDX007", f"unexpected <{local_name(child)}> in {path} dropped; "
                            f"only <{spec.item}> is allowed there", child)
                continue
            value = self._scalar(target, child, f"{path}/{spec.item}", expected_prefix)
            if value is not _INVALID and value is not None:
                items.append(value)
        return items

    def _scalar(self, target: Any, child: etree._Element, path: str,
                expected_prefix: str | None) -> Any:
        if isinstance(target, type) and issubclass(target, EdxmlModel):
            if _is_empty(child) and _has_required(target):
                return None  # e.g. <ResponseFor/> as the hub writes it: no entry, no EDX101
            model = self.read(target, child, path, expected_prefix)
            return _INVALID if model is None else model
        if target is bytes and self.sniff_attachments:
            head = str(_HEAD_XPATH(child)).strip()
            return base64.b64decode(head[: len(head) - len(head) % 4]) if head else b""
        text = child.text or ""
        if target is str:
            return text if text else None
        stripped = text.strip()
        if not stripped:
            return b"" if target is bytes else None  # base64 of a 0-byte file is empty
        return self._typed(target, stripped, child, path)

    def _typed(self, target: Any, text: str, child: etree._Element, path: str) -> Any:
        if target is datetime:
            return self._timestamp(text, child, path)
        if target is date:
            return self._date(text, child, path)
        if target is bytes:
            return self._base64(text, child, path)
        if isinstance(target, type) and issubclass(target, Enum):
            return self._enum(target, text, child, path)
        if target is int:
            try:
                return int(text)
            except ValueError:
                self.report("EDX115", f"{path} is not an integer: {text!r}", child)
                return _INVALID
        raise TypeError(f"no converter for {target!r}")  # pragma: no cover - programming error

    def _date(self, text: str, child: etree._Element, path: str) -> Any:
        try:
            return datetime.strptime(text, DATE_FORMAT).date()
        except ValueError:
            pass
        parsed = _lenient_date(text)
        if parsed is not None:
            self.report("EDX105", f"{path} is {text!r}; read as {parsed:%Y/%m/%d}", child)
            return parsed
        self.report("EDX115", f"{path} is not a date: {text!r}", child,
                    hint="write the date as yyyy/MM/dd, e.g. 2025/03/12")
        return _INVALID

    def _timestamp(self, text: str, child: etree._Element, path: str) -> Any:
        try:
            return datetime.strptime(text, TIMESTAMP_FORMAT)
        except ValueError:
            pass
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            self.report("EDX115", f"{path} is not a timestamp: {text!r}", child,
                        hint="write yyyy/MM/dd HH:mm:ss, e.g. 2025/03/12 09:41:05")
            return _INVALID
        if parsed.tzinfo is not None:
            # edXML timestamps are Vietnam local time without offset (spec §11).
            self.report("EDX105", f"{path} {text!r} carries a UTC offset; edXML timestamps are "
                        "Vietnam local time without offset", child)
            return _INVALID
        self.report("EDX105", f"{path} is {text!r}; read as {parsed:%Y/%m/%d %H:%M:%S}", child)
        return parsed

    def _base64(self, text: str, child: etree._Element, path: str) -> Any:
        try:
            try:  # the canonical form is one line: decode without copying first
                return binascii.a2b_base64(text, strict_mode=True)
            except binascii.Error:
                return base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            self.report("EDX404", f"{path} is not valid base64 ({exc})", child)
            return _INVALID

    def _enum(self, target: type[Enum], text: str, child: etree._Element, path: str) -> Any:
        try:
            return target(int(text))
        except ValueError:
            allowed = ", ".join(str(member.value) for member in target)
            rule = "EDX204" if target.__name__ == "BusinessDocType" else "EDX115"
            self.report(rule, f"{path} is {text!r}; allowed: {allowed}", child)
            return _INVALID


def _is_empty(element: etree._Element) -> bool:
    return not len(element) and not (element.text or "").strip()


# The model classes never change at run time: their mapping facts are computed once.


@cache
def _required(cls: type[EdxmlModel]) -> frozenset[str]:
    return frozenset(name for name, info in cls.model_fields.items() if info.is_required())


def _has_required(cls: type[EdxmlModel]) -> bool:
    return bool(_required(cls))


@cache
def _specs_by_name(cls: type[EdxmlModel]) -> dict[str, XmlField]:
    table: dict[str, XmlField] = {}
    for spec in cls.XML:
        table.setdefault(spec.name, spec)
        for alias, _rule in spec.aliases:
            table.setdefault(alias, spec)
    return table


def _spec_for(cls: type[EdxmlModel], local: str) -> XmlField | None:
    return _specs_by_name(cls).get(local)


@cache
def _annotation(cls: type[EdxmlModel], field: str) -> Any:
    return _strip_optional(cls.model_fields[field].annotation)


@cache
def _is_list(cls: type[EdxmlModel], field: str) -> bool:
    return get_origin(_annotation(cls, field)) is list


@cache
def _item_type(cls: type[EdxmlModel], field: str) -> Any:
    annotation = _annotation(cls, field)
    if get_origin(annotation) is list:
        return get_args(annotation)[0]
    return annotation


def _lenient_date(text: str) -> date | None:
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_DMY_DATE, (3, 2, 1))):
        match = pattern.match(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None
