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
from functools import cache
from typing import Any, Final

from lxml import etree
from pydantic import BaseModel, ValidationError

from vn_egov.edoc.mapping import Container, ModelMapping, Slot, mapping_of, resolve_prefix
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
from vn_egov.edoc.transfer import decode_base64, decode_base64_head
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
            extras.append(build(ExtraElement, {"anchor": run.anchor,
                                               "xml": run.buffer.getvalue()}))
        else:
            extras.extend(build(ExtraElement, {"anchor": run.anchor, "xml": xml})
                          for xml in run.nodes)
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


# -- building models from values the reader has read -----------------------------------------

#: Model validators that change nothing in values the reader produced: ``_trim`` strips the
#: fields the reader already trimmed (reporting EDX117) and turns an empty optional one into
#: ``None``, which the reader reads as absent; ``_file_bytes`` acts on ``data``, a keyword
#: the reader never sets. A model with any other "before" validator is validated in full.
_NO_OPS_ON_READ: Final = frozenset({"_trim", "_file_bytes"})
_set: Final = object.__setattr__
_REQUIRED: Final[Any] = object()


class _Builder:
    """Builds one model class from values of the right types, as ``model_validate`` would.

    Fields come in declaration order (defaults filled in, factories called), the fields set
    are the values given, private attributes get their defaults and "after" validators run.
    What is skipped is the type validation of every value: the reader converted each one
    itself (a property test compares both ways on generated packages).
    """

    __slots__ = ("after", "cls", "factories", "post_init", "template")

    def __init__(self, cls: type[BaseModel], after: tuple[Any, ...]) -> None:
        self.cls = cls
        self.after = after
        self.template: dict[str, Any] = {}
        self.factories: list[tuple[str, Any]] = []
        for name, info in cls.model_fields.items():
            if info.is_required():
                self.template[name] = _REQUIRED
            elif info.default_factory is not None:
                self.template[name] = _REQUIRED
                self.factories.append((name, info.default_factory))
            else:
                self.template[name] = info.get_default(call_default_factory=False)
        self.post_init = bool(cls.__pydantic_post_init__)

    def __call__(self, values: dict[str, Any]) -> Any:
        model = self.cls.__new__(self.cls)
        fields = self.template.copy()
        fields.update(values)
        for name, factory in self.factories:
            if name not in values:
                fields[name] = factory()
        _set(model, "__dict__", fields)
        _set(model, "__pydantic_fields_set__", set(values))
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
        if self.post_init:
            model.model_post_init(None)  # private attributes get their defaults
        for validator in self.after:
            model = validator(model)
        return model


@cache
def _builder(cls: type[BaseModel]) -> _Builder | None:
    """The builder of *cls*, ``None`` when its validators need a full validation."""
    decorators = cls.__pydantic_decorators__
    if decorators.field_validators or cls.__pydantic_root_model__:
        return None
    after = []
    for name, decorator in decorators.model_validators.items():
        mode = decorator.info.mode
        if mode == "after":
            after.append(decorator.func)
        elif name not in _NO_OPS_ON_READ:
            return None
    for info in cls.model_fields.values():
        default = info.default
        if not info.is_required() and info.default_factory is None and not isinstance(
                default, (str, int, float, bool, bytes, tuple, frozenset, Enum, type(None))):
            return None  # a mutable default: pydantic copies it, let it do so
    return _Builder(cls, tuple(after))


def build(cls: type[BaseModel], values: dict[str, Any]) -> Any:
    """*cls* from *values* read from XML, built as :func:`FieldReader.construct` builds it.

    >>> build(ExtraElement, {"anchor": None, "xml": "<X/>"}) == ExtraElement(anchor=None,
    ...                                                                        xml="<X/>")
    True
    """
    builder = _builder(cls)
    return builder(values) if builder is not None else cls.model_validate(values)


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
        return self._walk(mapping_of(cls), element, path, prefix)

    def construct(self, cls: type[BaseModel], state: _Read, element: etree._Element,
                  path: str) -> Any:
        """Build *cls* from the values read; ``None`` when a required one is missing.

        The values are already of their fields' types (the reader converted and trimmed
        them), so the model is built without validating them again (:func:`build`)."""
        return self._construct(mapping_of(cls), state, element, path)

    def _walk(self, mapping: ModelMapping, element: etree._Element, path: str,
              prefix: str | None) -> _Read:
        state = _Read()
        root = mapping.root
        self._container(root, element, path, prefix, state)
        if root.nested or not root.checked_fields <= state.values.keys():
            self._missing(root, element, path, state)
        if mapping.order_rule and state.order != sorted(state.order):
            self.report(mapping.order_rule, tr("{path} children are not in QCVN order (variant "
                                               "B or other); the writer emits variant A",
                                               path=path or root.name), element)
        if mapping.is_package:
            self._outside_root(element, state)
            self._unkept_attributes(element, ())
            state.values["unknown"] = {name: _extras(kept) for name, kept in state.extras.items()}
        else:
            state.values["extras"] = _extras(state.extras.get(root.name, []))
        if mapping.keeps_attributes:  # ebXML/xlink attributes, kept verbatim
            state.values["attributes"] = dict(element.attrib)
        return state

    def _construct(self, mapping: ModelMapping, state: _Read, element: etree._Element,
                   path: str) -> Any:
        values = state.values
        if not mapping.required <= values.keys():
            return None  # reported as missing or unreadable already
        cls = mapping.cls
        builder = _builder(cls)
        if builder is not None:
            return builder(values)
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            detail = "; ".join(f"{'/'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            self.report("EDX101", tr("{path} cannot be read: {detail}", path=path or "edXML",
                                     detail=detail), element)
            return None

    def _container(self, container: Container, element: etree._Element, path: str,
                   prefix: str | None, state: _Read) -> None:
        anchor: str | None = None
        entered: set[str] = set()
        qualified = container.qualified
        order = state.order
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):  # a comment or processing instruction
                self._keep(state, container, anchor, child)
                continue
            found = qualified.get(tag)  # the usual case: a QCVN element, one lookup
            if found is not None:
                entry, position, local = found
                foreign = False
            else:
                local = tag.rpartition("}")[2]
                named = container.lookup.get(local)
                if named is None:
                    self._unknown(child, path, container, anchor, state)
                    continue
                entry, position = named
                foreign = True
            if isinstance(entry, Container):
                if entry.name in entered:
                    self._unknown(child, path, container, anchor, state)
                    continue
                expected = resolve_prefix(entry.prefix, prefix)
                self._note(child, expected, foreign)
                self._unkept_attributes(child, ())
                entered.add(entry.name)
                anchor = entry.name
                self._container(entry, child, path, expected, state)
                continue
            anchor = entry.xml.name
            order.append(position)
            expected = prefix if entry.inherits else entry.prefix  # type: ignore[assignment]
            if not entry.verbatim:
                self._note(child, expected, foreign)
            if entry.leaf and local is anchor and entry.field not in state.seen:
                self._leaf(entry, child, path, state, container)  # the short path
            else:
                self._slot(entry, child, path, expected, state, container, local)

    def _note(self, element: etree._Element, expected_prefix: str | None,
              foreign: bool) -> None:
        """:meth:`note_name` when the namespace is already known (*foreign*: not QCVN's)."""
        if foreign:
            self._foreign_count += 1
            if self._foreign_first is None:
                self._foreign_first = element
        elif element.prefix != expected_prefix:
            self._prefixes.add(element.prefix or tr("(none)"))

    def _leaf(self, slot: Slot, child: etree._Element, path: str, state: _Read,
              container: Container) -> None:
        """A text value written once under its canonical name: what :meth:`_slot` does for
        it, without the checks that cannot apply."""
        field = slot.field
        state.seen.add(field)
        state.located[field] = child
        xml = slot.xml
        if xml.extension:
            self._extensions.setdefault(xml.name, child)
        if not slot.verbatim and child.attrib:
            self._unkept_attributes(child, ())
        value: Any
        if slot.target is str and not xml.value_prefix and not len(child):
            value = child.text  # the usual text value, read inline
            if value and xml.trim:
                text, value = value, value.strip(XML_SPACE)
                if value != text:
                    self._untrimmed(f"{path}/{xml.name}" if path else xml.name, text, value,
                                    child)
        else:
            value = self._value(slot, child, f"{path}/{xml.name}" if path else xml.name, None)
        if value is None or value == "":  # an empty element is an absent one
            if not xml.empty:  # (reported by its own rule when it has one)
                self._empty(child, f"{path}/{xml.name}" if path else xml.name)
            return
        if value is _INVALID:
            state.invalid.add(field)
            self._keep(state, container, xml.name, child)
            return
        if slot.many:
            state.values.setdefault(field, []).append(value)
        else:
            state.values[field] = value

    def _slot(self, slot: Slot, child: etree._Element, path: str, prefix: str | None,  # noqa: PLR0917
              state: _Read, container: Container, local: str) -> None:
        xml = slot.xml
        anchor = xml.name
        here = f"{path}/{anchor}" if path else anchor
        if local != anchor:
            alias = xml.alias_rule(local)
            if alias:
                self.report(alias, tr("<{name}> read as <{canonical}> in {path}", name=local,
                                      canonical=anchor, path=path or "edXML"), child)
        if xml.extension:
            self._extensions.setdefault(anchor, child)
        field = slot.field
        if field in state.seen and (not slot.many or xml.item is not None) and (
                xml.item is None or xml.repeated):
            rule = xml.repeated or "EDX007"
            self.report(rule, tr("{path} occurs more than once; the first is used, the others "
                                 "are kept as extras", path=here), child)
            self._keep(state, container, anchor, child)
            return
        state.seen.add(field)
        if field not in state.located:
            state.located[field] = child
        if not (slot.verbatim or (slot.is_model and xml.item is None
                                  and mapping_of(slot.target).keeps_attributes)):
            self._unkept_attributes(child, tuple(attribute for _, attribute in slot.attributes))
        for name, attribute in slot.attributes:  # attribute fields on this element (@version)
            value = child.get(attribute)
            if value is not None:
                state.values[name] = value
        if xml.item is not None:
            items = self._items(slot, child, here, prefix)
            state.values.setdefault(field, []).extend(items)
            return
        value = self._value(slot, child, here, prefix)
        if value is _INVALID:
            state.invalid.add(field)
            self._keep(state, container, anchor, child)
        elif value is None:  # an empty element is an absent one
            if not slot.xml.empty:  # (reported by its own rule when it has one)
                self._empty(child, here)
        elif slot.many:
            state.values.setdefault(field, []).append(value)
        else:
            state.values[field] = value

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
        for child in container.checked:
            if isinstance(child, Container):
                inner = None if element is None else next(
                    (c for c in element if isinstance(c.tag, str) and local_name(c) == child.name),
                    None)
                self._missing(child, inner, path, state)
                continue
            rule = child.missing
            if rule is None or child.field in state.values or child.field in state.invalid:
                continue
            if child.xml.has_missing_value:
                state.values[child.field] = child.xml.missing_value
            if element is None:
                continue  # an optional container that is absent (e.g. no edXMLBody)
            self.report(rule, _missing_message(child, _join(path, child.xml.name)), element)

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
                self._untrimmed(path, text, stripped, child)
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

    def _untrimmed(self, path: str, text: str, stripped: str, child: etree._Element) -> None:
        self.report("EDX117", tr("{path} {value!r} has surrounding white space; read as "
                                 "{trimmed!r}, as the official parser does", path=path,
                                 value=text, trimmed=stripped), child)

    def _model(self, slot: Slot, child: etree._Element, path: str, prefix: str | None) -> Any:
        target = slot.target
        if slot.verbatim:
            block = self._verbatim(child, path)
            self._where[id(block)] = (block, child, {})
            return block
        mapping = mapping_of(target)
        if mapping.required and (_is_hollow(child) if slot.xml.empty else _is_blank(child)):
            if slot.xml.empty:
                self.report(slot.xml.empty, tr("empty <{name}> ignored", name=slot.xml.name),
                            child)
            return None  # e.g. <ResponseFor/> as the hub writes it: no entry, no EDX101
        state = self._walk(mapping, child, path, prefix)
        model = self._construct(mapping, state, child, path)
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
        block: SignatureBlock = build(SignatureBlock, {"kind": kind, "xml": serialize(child)})
        return block

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
            # Validation checks all of the text but keeps only its start (the file type).
            data = (decode_base64_head(text, _SNIFF_BYTES) if self.sniff_attachments
                    else decode_base64(text))
        except InvalidBase64 as exc:
            self.report(slot.xml.invalid, tr("{path} is not valid base64: {error}", path=path,
                                             error=exc.message), child, hint=exc.hint)
            return _INVALID
        return data

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
            return _written_date(text)
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
            return _written_timestamp(text)
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


def _digits(text: str, start: int, end: int) -> int:
    """The ASCII digits text[start:end] as a number (``-1`` when they are not all digits)."""
    part = text[start:end]
    return int(part) if part.isascii() and part.isdigit() else -1


def _written_date(text: str) -> date:
    """A ``yyyy/MM/dd`` date (:data:`DATE_FORMAT`); ``ValueError`` otherwise.

    The written form is read by position, without the regular expressions of
    :func:`~datetime.datetime.strptime` (ten times faster); anything else goes to
    ``strptime``, which accepts exactly what it always did (``2025/3/12`` included).

    >>> _written_date("2025/03/12"), _written_date("2025/3/12")
    (datetime.date(2025, 3, 12), datetime.date(2025, 3, 12))
    >>> _written_date("2025/02/30")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    if len(text) == 10 and text[4] == "/" and text[7] == "/":
        year, month, day = _digits(text, 0, 4), _digits(text, 5, 7), _digits(text, 8, 10)
        if min(year, month, day) >= 0:
            return date(year, month, day)
    return datetime.strptime(text, DATE_FORMAT).date()


def _written_timestamp(text: str) -> datetime:
    """A ``yyyy/MM/dd HH:mm:ss`` timestamp (:data:`TIMESTAMP_FORMAT`), read as
    :func:`_written_date` reads dates.

    >>> _written_timestamp("2025/03/12 09:41:05")
    datetime.datetime(2025, 3, 12, 9, 41, 5)
    """
    if len(text) == 19 and text[10] == " " and text[13] == ":" and text[16] == ":":
        hour, minute, second = _digits(text, 11, 13), _digits(text, 14, 16), _digits(text, 17, 19)
        if min(hour, minute, second) >= 0:
            day = _written_date(text[:10])
            return datetime(day.year, day.month, day.day, hour, minute, second)
    return datetime.strptime(text, TIMESTAMP_FORMAT)


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
