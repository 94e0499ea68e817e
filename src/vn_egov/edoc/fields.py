"""Reading models from elements, driven by the fields' declarations (:mod:`.mapping`).

Children are matched by local name in any order and with any prefix; tolerated spellings are
reported with their rule id; unknown children are kept verbatim as :class:`ExtraElement` with
the canonical name of the known sibling they followed. Values that cannot be converted are
reported and kept as extras, so nothing the sender wrote is lost. A value is the text of all
its text nodes, as the official parser reads it: a comment, processing instruction or element
inside a value is reported (EDX118, or EDX406 inside attachment content), never a silent cut.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from enum import Enum
from typing import Any

from lxml import etree
from pydantic import BaseModel, ValidationError

from vn_egov.edoc.mapping import Container, Slot, mapping_of, resolve_prefix
from vn_egov.edoc.models import ExtraElement, SignatureBlock
from vn_egov.edoc.names import (
    DATE_FORMAT,
    DSIG_NS,
    EPILOG,
    NS,
    PREFIX,
    PROLOG,
    TIMESTAMP_FORMAT,
    XML_SPACE,
)
from vn_egov.edoc.transfer import decode_base64
from vn_egov.errors import InvalidBase64
from vn_egov.i18n import tr
from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.profile import ValidationContext, ValidationOptions, issue_for
from vn_egov.xml import DEFAULT_LIMITS, ParsedXML, local_name

__all__ = ["ATTACHMENT_LIKE", "FieldReader", "serialize"]

_INVALID: Any = object()
#: Findings listed per rule; the others are counted in one more finding of the rule.
MAX_FINDINGS_PER_RULE = 100
#: Longer runs of unknown siblings at one place are kept as one verbatim block (one
#: ExtraElement instead of one each: 900,000 unknown elements must not cost 400 MB).
_MERGED_RUN = 64
_UNBOUNDED = 2**63
# What validation keeps of attachment content: enough to tell the type of the file.
_SNIFF_BYTES = 64
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
#: Names that make an element look like an attachment (EDX408 outside their one place).
ATTACHMENT_LIKE = frozenset({"AttachmentEncoded", "Attachment", "ContentTransferEncoded"})
_BOOLEANS = {"true": True, "false": False}
_QUALIFIED = f"{{{NS}}}"


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


class _Run:
    """Kept nodes next to each other at one place (one anchor)."""

    __slots__ = ("anchor", "buffer", "nodes")

    def __init__(self, anchor: str | None) -> None:
        self.anchor = anchor
        self.nodes: list[str] = []
        self.buffer: io.StringIO | None = None  # a long run, as one text


def _add(runs: list[_Run], anchor: str | None, xml: str) -> None:
    if not runs or runs[-1].anchor != anchor:
        runs.append(_Run(anchor))
    run = runs[-1]
    if run.buffer is not None:
        run.buffer.write(xml)
        return
    run.nodes.append(xml)
    if len(run.nodes) > _MERGED_RUN:
        run.buffer = io.StringIO("".join(run.nodes))
        run.buffer.seek(0, io.SEEK_END)
        run.nodes = []


def _extras(runs: list[_Run]) -> list[ExtraElement]:
    """The kept nodes as ExtraElements, in order; a long run at one place becomes one."""
    extras: list[ExtraElement] = []
    for run in runs:
        if run.buffer is not None:
            extras.append(ExtraElement(anchor=run.anchor, xml=run.buffer.getvalue()))
        else:
            extras.extend(ExtraElement(anchor=run.anchor, xml=xml) for xml in run.nodes)
    return extras


def _join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def _is_blank(element: etree._Element) -> bool:
    return not len(element) and not (element.text or "").strip()


def _is_hollow(element: etree._Element) -> bool:
    """No text anywhere below *element* (comments and processing instructions aside)."""
    if (element.text or "").strip():
        return False
    return all(not isinstance(c.tag, str) or _is_hollow(c) for c in element) and all(
        not (c.tail or "").strip() for c in element)


class _Read:
    """The state of reading one model element: values, fields seen, extras, locations."""

    __slots__ = ("extras", "invalid", "located", "order", "seen", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.seen: set[str] = set()
        self.invalid: set[str] = set()
        # Per container, runs of kept nodes at one place: [anchor, verbatim XML of each, or
        # of all of them in one buffer once the run is long].
        self.extras: dict[str, list[_Run]] = {}
        self.located: dict[str, etree._Element] = {}
        self.order: list[int] = []


class FieldReader:
    """Reads models from elements and collects the issues met on the way."""

    def __init__(self, parsed: ParsedXML, options: ValidationOptions | None = None, *,
                 sniff_attachments: bool = False) -> None:
        self.context = ValidationContext(parsed=parsed, options=options or ValidationOptions())
        # For validation: attachment content is checked in full, but only its start is kept
        # in the model (enough to sniff its type); checks read the rest from the element.
        self.sniff_attachments = sniff_attachments
        self.issues: list[Issue] = []
        self._counts: dict[str, int] = {}  # findings per rule, listed or not
        self._unlisted: dict[str, Severity] = {}  # the worst severity of those not listed
        self._foreign_count = 0
        self._foreign_first: etree._Element | None = None
        self._prefixes: set[str] = set()
        self._extensions: dict[str, etree._Element] = {}
        self._where: dict[int, tuple[object, etree._Element, dict[str, etree._Element]]] = {}
        #: Items of a list that could not be read: (model class, element, values read).
        self.unreadable: list[tuple[type[BaseModel], etree._Element, dict[str, Any]]] = []

    # -- reporting -------------------------------------------------------------------------

    def report(self, rule: str, message: str | None = None, element: etree._Element | None = None,
               hint: str | None = None, severity: Severity | None = None) -> None:
        """Record an issue for *rule*, located at *element*; beyond
        :data:`MAX_FINDINGS_PER_RULE` of one rule, count it only (:meth:`finish` says how
        many more there were), so that a flood of findings costs neither time nor memory."""
        count = self._counts[rule] = self._counts.get(rule, 0) + 1
        if count > MAX_FINDINGS_PER_RULE:
            if severity is not None and severity > self._unlisted.get(rule, Severity.INFO):
                self._unlisted[rule] = severity
            return
        self.issues.append(issue_for(rule, message, element=element, data=self.context.parsed.data,
                                     hint=hint, severity=severity))

    def listing(self, rule: str) -> bool:
        """True while findings of *rule* are still listed (callers in hot paths skip
        building a message that :meth:`report` would only count)."""
        return self._counts.get(rule, 0) < MAX_FINDINGS_PER_RULE

    def note_name(self, element: etree._Element, expected_prefix: str | None) -> None:
        """Remember namespace and prefix deviations; reported once by :meth:`finish`."""
        tag = element.tag
        if not (isinstance(tag, str) and tag.startswith(_QUALIFIED)):
            self._foreign_count += 1
            if self._foreign_first is None:
                self._foreign_first = element
        elif element.prefix != expected_prefix:
            self._prefixes.add(element.prefix or tr("(none)"))

    def finish(self) -> list[Issue]:
        """Add the summary issues (namespaces, prefixes, extensions) and return all issues."""
        first_foreign = self._foreign_first
        if first_foreign is not None:
            self.report("EDX004", tr("{count} element(s) outside the QCVN namespace matched by "
                                     "local name, first <{name}>", count=self._foreign_count,
                                     name=local_name(first_foreign)), first_foreign)
        if self._prefixes:
            self.report("EDX005", tr("prefixes used instead of edXML: {prefixes}",
                                     prefixes=", ".join(sorted(self._prefixes))))
        if self._extensions:
            first = next(iter(self._extensions.values()))
            self.report("EDX009", tr("EdXML102 extension elements read: {names}",
                                     names=", ".join(sorted(self._extensions))), first)
        for rule, count in self._counts.items():
            if count > MAX_FINDINGS_PER_RULE:
                listed = [i for i in self.issues if i.rule == rule]
                worst = max([i.severity for i in listed] + [self._unlisted.get(rule,
                                                                               Severity.INFO)])
                self.issues.append(issue_for(rule, tr(
                    "{count} more {rule} finding(s) like those above are not listed",
                    count=count - MAX_FINDINGS_PER_RULE, rule=rule), severity=worst))
        return self.issues

    def where(self, model: object, field: str | None = None) -> etree._Element | None:
        """The element *model* was read from, or the first element of its *field*."""
        entry = self._where.get(id(model))
        if entry is None or entry[0] is not model:
            return None
        return entry[1] if field is None else entry[2].get(field, entry[1])

    def present(self, model: object, field: str) -> bool:
        """True when *field* of *model* was read from an element (not absent, not defaulted)."""
        entry = self._where.get(id(model))
        return entry is not None and entry[0] is model and field in entry[2]

    # -- models ------------------------------------------------------------------------------

    def read(self, cls: type[BaseModel], element: etree._Element, path: str,
             prefix: str | None) -> Any:
        """Build *cls* from *element*; ``None`` (with issues) when required parts miss."""
        state = self.walk(cls, element, path, prefix)
        model = self.construct(cls, state, element, path)
        if model is not None:
            self._where[id(model)] = (model, element, state.located)
        return model

    def walk(self, cls: type[BaseModel], element: etree._Element, path: str,
             prefix: str | None) -> _Read:
        """Read the children of *element* as the declarations of *cls* say."""
        mapping = mapping_of(cls)
        state = _Read()
        self._container(mapping.root, element, path, prefix, state)
        self._missing(mapping.root, element, path, state)
        if mapping.order_rule and state.order != sorted(state.order):
            self.report(mapping.order_rule, tr("{path} children are not in QCVN order (variant "
                                               "B or other); the writer emits variant A",
                                               path=path or mapping.root.name), element)
        if mapping.is_package:
            self._outside_root(element, state)
            self._unkept_attributes(element, ())
            state.values["unknown"] = {name: _extras(kept) for name, kept in state.extras.items()}
        else:
            state.values["extras"] = _extras(state.extras.get(mapping.root.name, []))
        if mapping.keeps_attributes:  # ebXML/xlink attributes, kept verbatim
            state.values["attributes"] = dict(element.attrib)
        return state

    def construct(self, cls: type[BaseModel], state: _Read, element: etree._Element,
                  path: str) -> Any:
        """Validate the values read into *cls*; ``None`` when a required one is missing."""
        if mapping_of(cls).required - state.values.keys():
            return None  # reported as missing or unreadable already
        try:
            return cls.model_validate(state.values)
        except ValidationError as exc:
            detail = "; ".join(f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            self.report("EDX101", tr("{path} cannot be read: {detail}", path=path or "edXML",
                                     detail=detail), element)
            return None

    def _container(self, container: Container, element: etree._Element, path: str,
                   prefix: str | None, state: _Read) -> None:
        anchor: str | None = None
        entered: set[str] = set()
        for child in element:
            if not isinstance(child.tag, str):
                self._keep(state, container, anchor, child)
                continue
            found = container.lookup.get(local_name(child))
            if found is None or (isinstance(found[0], Container) and found[0].name in entered):
                self._unknown(child, path, container, anchor, state)
                continue
            entry, position = found
            if isinstance(entry, Container):
                expected = resolve_prefix(entry.prefix, prefix)
                self.note_name(child, expected)
                self._unkept_attributes(child, ())
                entered.add(entry.name)
                anchor = entry.name
                self._container(entry, child, path, expected, state)
                continue
            anchor = entry.xml.name
            state.order.append(position)
            expected = resolve_prefix(entry.prefix, prefix)
            self._slot(entry, child, path, expected, state, container, anchor)

    def _slot(self, slot: Slot, child: etree._Element, path: str, prefix: str | None,  # noqa: PLR0917
              state: _Read, container: Container, anchor: str) -> None:
        local = local_name(child)
        here = _join(path, slot.xml.name)
        if not slot.verbatim:
            self.note_name(child, prefix)
        alias = None if local == slot.xml.name else slot.xml.alias_rule(local)
        if alias:
            self.report(alias, tr("<{name}> read as <{canonical}> in {path}", name=local,
                                  canonical=slot.xml.name, path=path or "edXML"), child)
        if slot.xml.extension:
            self._extensions.setdefault(slot.xml.name, child)
        repeated = slot.field in state.seen and (not slot.many or slot.xml.item is not None)
        if repeated and (slot.xml.item is None or slot.xml.repeated):
            rule = slot.xml.repeated or "EDX007"
            self.report(rule, tr("{path} occurs more than once; the first is used, the others "
                                 "are kept as extras", path=here), child)
            self._keep(state, container, anchor, child)
            return
        state.seen.add(slot.field)
        state.located.setdefault(slot.field, child)
        if not (slot.verbatim or (slot.is_model and slot.xml.item is None
                                  and mapping_of(slot.target).keeps_attributes)):
            self._unkept_attributes(child, tuple(name for _, name in slot.attributes))
        for field, name in slot.attributes:  # attribute fields on this element (@version)
            value = child.get(name)
            if value is not None:
                state.values[field] = value
        if slot.xml.item is not None:
            items = self._items(slot, child, here, prefix)
            state.values.setdefault(slot.field, []).extend(items)
            return
        value = self._value(slot, child, here, prefix)
        if value is _INVALID:
            state.invalid.add(slot.field)
            self._keep(state, container, anchor, child)
        elif value is None:  # an empty element is an absent one
            if not slot.xml.empty:  # (reported by its own rule when it has one)
                self._empty(child, here)
        elif slot.many:
            state.values.setdefault(slot.field, []).append(value)
        else:
            state.values[slot.field] = value

    def _keep(self, state: _Read, container: Container, anchor: str | None,
              node: etree._Element) -> None:
        _add(state.extras.setdefault(container.name, []), anchor, serialize(node))

    def _unknown(self, child: etree._Element, path: str, container: Container,
                 anchor: str | None, state: _Read) -> None:
        name = local_name(child)
        if not self._attachment_like(child, path or container.name):
            rule = "EDX007"
            if not path and container.name == "edXML":
                rule = "EDX006"
            parent = child.getparent()
            self.report(rule, tr("<{name}> in <{container}> is not part of edXML; kept as is",
                                 name=name, container=container.name if parent is None
                                 else local_name(parent)) if self.listing(rule) else None,
                        child)
        self._keep(state, container, anchor, child)

    def _attachment_like(self, element: etree._Element, where: str) -> bool:
        """Report (EDX408) attachment-like elements at or below *element*; True if any."""
        found = [node for node in element.iter(tag=etree.Element)
                 if local_name(node) in ATTACHMENT_LIKE]
        for node in found:
            self.report("EDX408", tr("<{name}> in {path} is not read as an attachment: only "
                                     "/edXML/AttachmentEncoded/Attachment holds attachments",
                                     name=local_name(node), path=where), node)
        return bool(found)

    def _missing(self, container: Container, element: etree._Element | None, path: str,
                 state: _Read) -> None:
        """Report every missing element that has a rule, and fill in substitute values."""
        for child in container.children:
            if isinstance(child, Container):
                inner = None if element is None else next(
                    (c for c in element if isinstance(c.tag, str) and local_name(c) == child.name),
                    None)
                self._missing(child, inner, path, state)
                continue
            if child.missing is None or child.field in state.values or child.field in state.invalid:
                continue
            if child.xml.has_missing_value:
                state.values[child.field] = child.xml.missing_value
            if element is None:
                continue  # an optional container that is absent (e.g. no edXMLBody)
            self.report(child.missing, _missing_message(child, _join(path, child.xml.name)),
                        element)

    # -- what write() does not reproduce (EDX119) ---------------------------------------------

    def _unkept_attributes(self, element: etree._Element, kept: tuple[str, ...]) -> None:
        """Report the attributes of *element* that no model field keeps (write drops them)."""
        for name, value in element.attrib.items():
            if name not in kept:
                self.report("EDX119", tr("attribute {name}={value!r} of <{element}> is not "
                                         "kept: write() does not reproduce it",
                                         name=_attribute_name(name), value=value[:80],
                                         element=local_name(element)), element)

    def _empty(self, element: etree._Element, path: str) -> None:
        self.report("EDX119", tr("{path} is empty and read as absent: write() leaves it out",
                                 path=path), element)

    def _respelled(self, text: str, value: Any, element: etree._Element, path: str) -> None:
        """Report a number or boolean written another way than the writer writes it."""
        written = (("true" if value else "false") if isinstance(value, bool)
                   else str(value.value if isinstance(value, Enum) else value))
        if written != text:
            self.report("EDX119", tr("{path} {value!r} is read as {read} and written back as "
                                     "{written!r}", path=path, value=text, read=written,
                                     written=written), element)

    def _outside_root(self, root: etree._Element, state: _Read) -> None:
        """Keep the comments and processing instructions before and after the root (the
        writer puts them back there)."""
        for key, nodes in ((PROLOG, reversed(list(root.itersiblings(preceding=True)))),
                           (EPILOG, root.itersiblings())):
            for node in nodes:
                _add(state.extras.setdefault(key, []), None, serialize(node))

    # -- values ------------------------------------------------------------------------------

    def _items(self, slot: Slot, wrapper: etree._Element, path: str,
               prefix: str | None) -> list[Any]:
        items: list[Any] = []
        item = slot.xml.item
        bound = self._bound(slot)
        for child in wrapper:
            if not isinstance(child.tag, str):
                continue
            if len(items) >= bound:  # each item is an object: their number is bounded too
                self.report("EDX410", tr("{path} holds more than {limit} items; the rest are "
                                         "not read", path=path, limit=bound), child,
                            hint=tr("raise ParseLimits.max_attachments if such a package is "
                                    "expected"))
                break
            self.note_name(child, prefix)
            if local_name(child) != item:
                if not self._attachment_like(child, path):
                    self.report("EDX007", tr("unexpected <{name}> in {path} dropped; only "
                                             "<{item}> is allowed there",
                                             name=local_name(child), path=path, item=item), child)
                continue
            if not (slot.is_model and mapping_of(slot.target).keeps_attributes):
                self._unkept_attributes(child, ())
            value = self._value(slot, child, f"{path}/{item}", prefix)
            if value is None:
                if not slot.xml.empty:
                    self._empty(child, f"{path}/{item}")
            elif value is not _INVALID:
                items.append(value)
        return items

    def _bound(self, slot: Slot) -> int:
        """How many items *slot* may hold: ``ParseLimits.max_attachments`` for attachments
        (the limits the document was parsed with, when it says)."""
        if slot.field != "attachments":
            return _UNBOUNDED
        limits = getattr(self.context.parsed, "limits", None) or DEFAULT_LIMITS
        return int(limits.max_attachments)

    def _value(self, slot: Slot, child: etree._Element, path: str, prefix: str | None) -> Any:
        """Convert one element to the Python type of ``slot``."""
        target = slot.target
        if slot.is_model:
            return self._model(slot, child, path, prefix)
        if target is bytes:
            return self._bytes(slot, child, path)
        text = self._text(child, path, content=False)
        if slot.xml.value_prefix and text.startswith(slot.xml.value_prefix):
            text = text[len(slot.xml.value_prefix):]
        if slot.xml.trim:
            stripped = text.strip(XML_SPACE)
            if stripped != text:
                self.report("EDX117", tr("{path} {value!r} has surrounding white space; read as "
                                         "{trimmed!r}, as the official parser does", path=path,
                                         value=text, trimmed=stripped), child)
            text = stripped
        if target is str:
            return text if text else None
        stripped = text.strip()
        if not stripped:
            return None
        value = self._typed(slot, target, stripped, child, path)
        if value is not _INVALID and (target is int or target is bool or (
                isinstance(target, type) and issubclass(target, Enum))):
            self._respelled(text, value, child, path)
        return value

    def _model(self, slot: Slot, child: etree._Element, path: str, prefix: str | None) -> Any:
        target = slot.target
        if slot.verbatim:
            block = self._verbatim(child, path)
            self._where[id(block)] = (block, child, {})
            return block
        mapping = mapping_of(target)
        if mapping.has_required and (_is_hollow(child) if slot.xml.empty else _is_blank(child)):
            if slot.xml.empty:
                self.report(slot.xml.empty, tr("empty <{name}> ignored", name=slot.xml.name),
                            child)
            return None  # e.g. <ResponseFor/> as the hub writes it: no entry, no EDX101
        state = self.walk(target, child, path, prefix)
        model = self.construct(target, state, child, path)
        if model is None:
            self.unreadable.append((target, child, state.values))
            return _INVALID
        self._where[id(model)] = (model, child, state.located)
        return model

    def _verbatim(self, child: etree._Element, path: str) -> SignatureBlock:
        self._attachment_like_below(child, path)
        if local_name(child) == "DigitalSignature":
            kind = "digital-signature"
        elif etree.QName(child).namespace == DSIG_NS:
            kind = "xmldsig"
        else:
            kind = "placeholder"
        return SignatureBlock(kind=kind, xml=serialize(child))

    def _attachment_like_below(self, element: etree._Element, path: str) -> None:
        for child in element.iterchildren(tag=etree.Element):
            self._attachment_like(child, path)

    def _text(self, child: etree._Element, path: str, *, content: bool) -> str:
        """The value of *child*: all its text nodes, as the official parser joins them."""
        if not len(child):
            return child.text or ""
        odd = child[0]
        kind = (tr("an element") if isinstance(odd.tag, str)
                else tr("a comment") if isinstance(odd, etree._Comment)
                else tr("a processing instruction"))
        rule = "EDX406" if content else "EDX118"
        self.report(rule, tr("{path} holds {kind}; the value is the text around it, joined as "
                             "the official parser reads it", path=path, kind=kind), odd)
        return (child.text or "") + "".join(node.tail or "" for node in child)

    def _bytes(self, slot: Slot, child: etree._Element, path: str) -> Any:
        # The one base64 check (vn_egov.edoc.transfer), as validate and extract apply it.
        text = self._text(child, path, content=True)
        try:
            data = decode_base64(text)
        except InvalidBase64 as exc:
            self.report(slot.xml.invalid, tr("{path} is not valid base64: {error}", path=path,
                                             error=exc.message), child, hint=exc.hint)
            return _INVALID
        return data[:_SNIFF_BYTES] if self.sniff_attachments else data

    def _typed(self, slot: Slot, target: Any, text: str, child: etree._Element,
               path: str) -> Any:
        if target is datetime:
            return self._timestamp(text, child, path)
        if target is date:
            return self._date(text, child, path)
        if target is bool:
            if text.lower() in _BOOLEANS:
                return _BOOLEANS[text.lower()]
            self.report(slot.xml.invalid, tr("{path} is {value!r}; the official parser reads "
                                              "only true or false", path=path, value=text), child)
            return _INVALID
        if isinstance(target, type) and issubclass(target, Enum):
            try:
                return target(int(text))
            except ValueError:
                allowed = ", ".join(str(member.value) for member in target)
                self.report(slot.xml.invalid, tr("{path} is {value!r}; allowed: {allowed}",
                                                 path=path, value=text, allowed=allowed), child)
                return _INVALID
        if target is int:
            try:
                return int(text)
            except ValueError:
                self.report(slot.xml.invalid, tr("{path} is not an integer: {value!r}",
                                                 path=path, value=text), child)
                return _INVALID
        raise TypeError(tr("no converter for {target!r}", target=target))  # pragma: no cover

    def _date(self, text: str, child: etree._Element, path: str) -> Any:
        try:
            return datetime.strptime(text, DATE_FORMAT).date()
        except ValueError:
            pass
        parsed = _lenient_date(text)
        if parsed is not None:
            self.report("EDX105", tr("{path} is {value!r}; read as {date}", path=path,
                                     value=text, date=parsed.strftime(DATE_FORMAT)), child)
            return parsed
        self.report("EDX115", tr("{path} is not a date: {value!r}", path=path, value=text),
                    child, hint=tr("write the date as yyyy/MM/dd, e.g. 2025/03/12"))
        return _INVALID

    def _timestamp(self, text: str, child: etree._Element, path: str) -> Any:
        try:
            return datetime.strptime(text, TIMESTAMP_FORMAT)
        except ValueError:
            pass
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            self.report("EDX115", tr("{path} is not a timestamp: {value!r}", path=path,
                                     value=text), child,
                        hint=tr("write yyyy/MM/dd HH:mm:ss, e.g. 2025/03/12 09:41:05"))
            return _INVALID
        if parsed.tzinfo is not None:
            # edXML timestamps are Vietnam local time without offset.
            self.report("EDX105", tr("{path} {value!r} carries a UTC offset; edXML timestamps "
                                     "are Vietnam local time without offset", path=path,
                                     value=text), child)
            return _INVALID
        self.report("EDX105", tr("{path} is {value!r}; read as {timestamp}", path=path,
                                 value=text, timestamp=parsed.strftime(TIMESTAMP_FORMAT)), child)
        return parsed


_XML_NAMESPACE = "{http://www.w3.org/XML/1998/namespace}"


def _attribute_name(name: str) -> str:
    """An attribute name as written: ``xml:lang`` for the XML namespace, the local name with
    its namespace in braces otherwise."""
    if name.startswith(_XML_NAMESPACE):
        return "xml:" + name[len(_XML_NAMESPACE):]
    return name


def _missing_message(slot: Slot, path: str) -> str:
    rule = slot.missing
    if rule == "EDX501":
        return tr("the package carries no signature")
    if rule == "EDX202":
        return tr("the document package has no <TraceHeaderList>")
    if slot.xml.has_missing_value:
        value = slot.xml.missing_value
        return tr("{path} is missing; read as {value}, as the official parser does", path=path,
                  value=value.value if isinstance(value, Enum) else value)
    return tr("{path} is missing", path=path)


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
