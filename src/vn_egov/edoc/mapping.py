"""The field <-> element mapping, declared once, on the pydantic field (design principle 2).

In the style of pydantic-xml's ``element()``: each field of an edXML model says which element
carries it (``element("OrganId")``), and everything else is derived from that one declaration:
the reader (:mod:`vn_egov.edoc.fields`, :mod:`vn_egov.edoc.reader`), the writer
(:mod:`vn_egov.edoc.writer`), the streaming reader (:mod:`vn_egov.edoc.streaming`), kind
detection and the order check. The canonical (written) order is the order of declaration.

A declaration holds the XML name, tolerated spellings with the rule id reported for each, the
wrapper/item structure (``ToPlaces/Place``), the rule reported when the element is missing on
the wire (and the value then used, as the official parser does), the rule for a repeated
single value, for an unreadable value, whether surrounding white space is trimmed, whether it
is an EdXML102 extension, its namespace prefix and, for the package models, the containers
between the package root and the element (``at``).

>>> from pydantic import BaseModel
>>> class Place(BaseModel):
...     places: list[str] = element("ToPlaces", item="Place", default_factory=list)
>>> mapping_of(Place).slot("ToPlaces").xml.item
'Place'
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Union, get_args, get_origin

from pydantic import BaseModel, Field

from vn_egov._sentinel import Sentinel
from vn_egov.edoc.names import qname
from vn_egov.i18n import tr

__all__ = [
    "INHERIT",
    "Container",
    "ModelMapping",
    "Slot",
    "XmlElement",
    "attribute",
    "element",
    "mapping_of",
    "resolve_prefix",
]


class _Inherit:
    """Marker: the prefix of the enclosing element applies."""

    def __repr__(self) -> str:
        return "INHERIT"


INHERIT: Final = _Inherit()


def resolve_prefix(declared: str | _Inherit | None, inherited: str | None) -> str | None:
    """The prefix in force: *declared*, or *inherited* when the declaration inherits.

    >>> resolve_prefix(INHERIT, "edXML"), resolve_prefix(None, "edXML")
    ('edXML', None)
    """
    return inherited if isinstance(declared, _Inherit) else declared
_UNSET: Final[Any] = Sentinel("UNSET")


@dataclass(frozen=True, slots=True)
class XmlElement:
    """How one field is carried on the wire. Built by :func:`element`; see its parameters."""

    name: str
    aliases: tuple[tuple[str, str], ...] = ()
    item: str | None = None
    missing: str | None = None
    missing_value: Any = _UNSET
    repeated: str | None = None
    empty: str | None = None
    invalid: str = "EDX115"
    trim: bool = False
    extension: bool = False
    prefix: str | _Inherit | None = INHERIT
    at: tuple[str, ...] = ()
    value_prefix: str = ""
    attribute_of: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the tolerated spellings."""
        return (self.name, *(alias for alias, _ in self.aliases))

    def alias_rule(self, local: str) -> str | None:
        """The rule id to report when *local* is a tolerated spelling, else ``None``."""
        return next((rule for alias, rule in self.aliases if alias == local), None)

    @property
    def has_missing_value(self) -> bool:
        """True when a value is substituted for a missing element (after reporting it)."""
        return self.missing_value is not _UNSET


def element(name: str, default: Any = ..., *,
            default_factory: Callable[[], Any] | None = None,
            aliases: Mapping[str, str] | None = None, item: str | None = None,
            missing: str | None = None, missing_value: Any = _UNSET,
            repeated: str | None = None, empty: str | None = None, invalid: str = "EDX115",
            trim: bool = False,
            extension: bool = False, prefix: str | _Inherit | None = INHERIT,
            at: str = "", value_prefix: str = "", description: str | None = None,
            min_length: int | None = None, repr: bool = True) -> Any:
    """A pydantic field carried by the element *name*.

    * ``aliases``: tolerated spellings, each with the rule id reported when it is read;
    * ``item``: the field is a list held in a wrapper (``ToPlaces`` holding ``Place`` items);
    * ``missing``: rule reported when the element is absent on the wire (default: ``EDX101``
      for a field the model requires, nothing otherwise); ``missing_value`` is then used, as
      the official parser does (``SteeringType`` 0);
    * ``repeated``: rule for a single value written twice (default ``EDX007``; for a wrapper,
      the default merges the repeated wrappers' items);
    * ``empty``: rule reported when the element is there but empty (or holds only empty
      children), and is therefore read as absent (``<ResponseFor/>``: EDX113);
    * ``invalid``: rule for a value that cannot be read as its type (default ``EDX115``);
    * ``trim``: surrounding white space is removed, as the official parser does (``EDX117``
      when the wire value had some); the model strips it too, so a value never changes on a
      round trip;
    * ``extension``: an EdXML102 extension (reported once per package as ``EDX009``, info);
    * ``prefix``: the namespace prefix written (and expected) from here down;
    * ``at``: containers between the model's element and this one (package models only),
      e.g. ``"edXMLEnvelope/edXMLHeader"``;
    * ``value_prefix``: text removed from the value when read and added when written
      (``cid:`` of ContentId).
    """
    info: Any = (Field(default_factory=default_factory, description=description, repr=repr,
                       min_length=min_length)
                 if default_factory is not None
                 else Field(default, description=description, repr=repr, min_length=min_length))
    info.metadata.append(XmlElement(
        name=name, aliases=tuple((aliases or {}).items()), item=item, missing=missing,
        missing_value=missing_value, repeated=repeated, empty=empty, invalid=invalid, trim=trim,
        extension=extension, prefix=prefix, at=tuple(p for p in at.split("/") if p),
        value_prefix=value_prefix))
    return info


def attribute(name: str, default: Any = ..., *, of: str, description: str | None = None) -> Any:
    """A pydantic field carried by the attribute *name* of the element of field *of*.

    >>> attribute("version", "1.0", of="manifest").metadata[0].attribute_of
    'manifest'
    """
    info: Any = Field(default, description=description)
    info.metadata.append(XmlElement(name=name, attribute_of=of))
    return info


# -- the per-class mapping, computed once ------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Slot:
    """One declared element bound to its model field, with the facts the codecs need
    (computed once: the codecs run for every element of every package)."""

    field: str
    xml: XmlElement
    many: bool
    target: Any
    missing: str | None
    prefix: str | _Inherit | None
    #: (field, attribute name) of the attribute fields carried by this slot's element.
    attributes: tuple[tuple[str, str], ...] = ()
    #: True when the value is a model (read from the element's children).
    is_model: bool = False
    #: True when the value is kept verbatim (the signature).
    verbatim: bool = False
    #: True when the value is the element's own text (no model, no items, no bytes, no
    #: attribute fields): the reader's most frequent case, read on a short path.
    leaf: bool = dataclasses.field(init=False)
    #: True when the element takes the prefix of its parent.
    inherits: bool = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        leaf = not (self.is_model or self.xml.item or self.attributes or self.target is bytes)
        object.__setattr__(self, "leaf", leaf)
        object.__setattr__(self, "inherits", isinstance(self.prefix, _Inherit))


@dataclass(slots=True, eq=False)
class Container:
    """An element of the mapping tree: the model's own element, or a container on an ``at``
    path. ``children`` (slots and sub-containers) are in canonical order; ``lookup`` finds
    one, with its canonical position, under each of its names; ``qualified`` finds the same
    entries, with the local name, under their QCVN-namespace tags (``{NS}OrganId``), so that
    the reader matches the usual child with one dictionary lookup of its tag."""

    name: str
    prefix: str | _Inherit | None = INHERIT
    children: list[Slot | Container] = field(default_factory=list)
    lookup: dict[str, tuple[Slot | Container, int]] = field(default_factory=dict)
    qualified: dict[str, tuple[Slot | Container, int, str]] = field(default_factory=dict)
    #: The children a missing element matters for: sub-containers and slots with a rule.
    checked: list[Slot | Container] = field(default_factory=list)
    #: The fields of the slots in ``checked``: when all were read, nothing is missing here.
    checked_fields: set[str] = field(default_factory=set)
    #: True when ``checked`` holds a sub-container.
    nested: bool = False

    def add(self, child: Slot | Container) -> None:
        """Append *child*, findable under each of its names."""
        position = len(self.children)
        self.children.append(child)
        names = child.xml.names if isinstance(child, Slot) else (child.name,)
        for name in names:
            self.lookup.setdefault(name, (child, position))
            self.qualified.setdefault(qname(name), (child, position, name))
        if isinstance(child, Container):
            self.checked.append(child)
            self.nested = True
        elif child.missing is not None:
            self.checked.append(child)
            self.checked_fields.add(child.field)

    def container(self, name: str, prefix: str | _Inherit | None) -> Container:
        """The sub-container *name*, created on first use."""
        found = self.lookup.get(name)
        if found is not None and isinstance(found[0], Container):
            return found[0]
        created = Container(name, prefix)
        self.add(created)
        return created

    def slots(self) -> Iterator[Slot]:
        """Every slot in this container and below, in canonical order."""
        for child in self.children:
            if isinstance(child, Slot):
                yield child
            else:
                yield from child.slots()

    @property
    def canonical_names(self) -> tuple[str, ...]:
        """Canonical names of the direct children, in canonical order."""
        return tuple(c.xml.name if isinstance(c, Slot) else c.name for c in self.children)


@dataclass(frozen=True, slots=True)
class ModelMapping:
    """Everything derived from a model's declarations.

    ``root`` is the mapping tree (its name is the model's ``XML_ROOT`` for packages; for other
    models the element name comes from the parent's slot); ``attributes`` maps attribute
    fields to (slot field, attribute name); ``keeps_attributes`` tells whether the model keeps
    all attributes of its element verbatim (an ``attributes`` dict field).
    """

    cls: type[BaseModel]
    root: Container
    attributes: Mapping[str, tuple[str, str]]
    keeps_attributes: bool
    required: frozenset[str]
    trimmed: frozenset[str]
    optional_trimmed: frozenset[str]
    #: Rule reported when the children are not in the declared order (``XML_ORDER_RULE``).
    order_rule: str | None = None
    #: True for the package models (unknown children kept by container name).
    is_package: bool = False

    def slot(self, name: str) -> Slot:
        """The slot of the element *name* (canonical name or alias) anywhere in the tree."""
        for slot in self.root.slots():
            if name in slot.xml.names:
                return slot
        raise KeyError(tr("{model} declares no element {name!r}", model=self.cls.__name__,
                          name=name))

    def slot_of(self, field_name: str) -> Slot:
        """The slot of the field *field_name*."""
        for slot in self.root.slots():
            if slot.field == field_name:
                return slot
        raise KeyError(tr("{model}.{field} is not an element field", model=self.cls.__name__,
                          field=field_name))

    def path_of(self, field_name: str) -> tuple[str, ...]:
        """Element names from the root down to the element of *field_name* (inclusive)."""
        slot = self.slot_of(field_name)
        return (self.root.name, *slot.xml.at, slot.xml.name)

    @property
    def has_required(self) -> bool:
        """True when the model cannot be built without some field."""
        return bool(self.required)


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _declaration(info: Any) -> XmlElement | None:
    return next((m for m in info.metadata if isinstance(m, XmlElement)), None)


@cache
def mapping_of(cls: type[BaseModel]) -> ModelMapping:
    """The mapping of *cls*, derived from its field declarations (computed once per class)."""
    root = Container(getattr(cls, "XML_ROOT", cls.__name__), getattr(cls, "XML_PREFIX", INHERIT))
    declarations = {name: _declaration(info) for name, info in cls.model_fields.items()}
    attributes = {name: (declared.attribute_of, declared.name)
                  for name, declared in declarations.items()
                  if declared is not None and declared.attribute_of is not None}
    required, trimmed, optional_trimmed = set(), set(), set()
    for name, info in cls.model_fields.items():
        declared = declarations[name]
        if declared is None or declared.attribute_of is not None:
            continue
        annotation = _strip_optional(info.annotation)
        many = get_origin(annotation) is list
        target = get_args(annotation)[0] if many else annotation
        missing = declared.missing or ("EDX101" if info.is_required() else None)
        parent = root
        for step in declared.at:
            parent = parent.container(step, declared.prefix)
        carried = tuple((field_name, attribute_name) for field_name, (owner, attribute_name)
                        in attributes.items() if owner == name)
        is_model = isinstance(target, type) and issubclass(target, BaseModel)
        parent.add(Slot(name, declared, many, target, missing, declared.prefix, carried,
                        is_model, bool(getattr(target, "XML_VERBATIM", False))))
        if info.is_required():
            required.add(name)
        if declared.trim:
            trimmed.add(name)
            if not info.is_required():
                optional_trimmed.add(name)
    return ModelMapping(cls, root, attributes, "attributes" in cls.model_fields,
                        frozenset(required), frozenset(trimmed), frozenset(optional_trimmed),
                        getattr(cls, "XML_ORDER_RULE", None), hasattr(cls, "XML_ROOT"))
