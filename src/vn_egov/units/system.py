"""The code-system protocol, its shared implementation, and where code systems are found.

A **code system** (python-stdnum style) checks and spells one kind of code: ``compact`` applies
the one clean-up rule (:func:`vn_egov.units._text.clean`), ``parse`` returns a small typed value
or raises a :class:`~vn_egov.errors.CodeError` naming the bad part, ``validate`` and ``format``
return the canonical spelling, ``is_valid`` says yes or no, ``describe`` gives the parsed parts
as JSON-ready data and ``warnings`` what was tolerated. Systems with names (agencies,
administrative divisions) are also a :class:`Directory`: ``lookup`` by code, ranked ``search`` by
name, ``children`` of a parent.

Code systems are registered in the entry-point group ``vn_egov.codes`` (a package adds its own
in its ``pyproject.toml``) or at run time with :func:`register_system`.

>>> agency = get_system("agency")
>>> agency.validate(" 000.00.00.g22 "), isinstance(agency, Directory)
('000.00.00.G22', True)
>>> [entry.code for entry in agency.search("Văn phòng Chính phủ")]
['G22']
>>> get_system("notation").describe("4547/KH-UBND")["doc_type"]["name"]
'Kế hoạch'
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cache
from typing import Any, ClassVar, Generic, Protocol, TypeVar, runtime_checkable

from vn_egov.errors import CodeError, ConfigurationError, InvalidLength
from vn_egov.i18n import tr, translate
from vn_egov.units._text import clean, reject_inner_space

__all__ = [
    "BaseCodeSystem",
    "CodeSystem",
    "Directory",
    "Entry",
    "get_system",
    "register_system",
    "system_names",
]

ENTRY_POINT_GROUP = "vn_egov.codes"

V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)


@runtime_checkable
class CodeSystem(Protocol[V_co]):
    """What every code system offers (see the module docstring)."""

    @property
    def name(self) -> str:
        """Short name used on the command line (``agency``)."""

    @property
    def title(self) -> str:
        """English noun for messages (``agency code``); shown with :func:`translate`."""

    def compact(self, text: str) -> str:
        """The clean-up rule applied to *text*; never raises for a ``str``."""

    def parse(self, text: str) -> V_co:
        """The typed value of *text*, or a :class:`~vn_egov.errors.CodeError`."""

    def validate(self, text: str) -> str:
        """The canonical spelling of *text*, or a :class:`~vn_egov.errors.CodeError`."""

    def is_valid(self, text: str) -> bool:
        """True if :meth:`validate` accepts *text*."""

    def format(self, text: str) -> str:
        """The canonical spelling (same as :meth:`validate`)."""

    def describe(self, text: str) -> dict[str, Any]:
        """The parsed parts of *text* as JSON-ready data."""

    def warnings(self, text: str) -> tuple[str, ...]:
        """What validation tolerated in *text* (empty when nothing)."""


@runtime_checkable
class Entry(Protocol):
    """A known code with its name (a registry row, an administrative division)."""

    @property
    def code(self) -> str:
        """The canonical code."""

    @property
    def name(self) -> str:
        """The name, as the data source writes it."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""


@runtime_checkable
class Directory(Protocol):
    """A code system whose codes have names: lookup, ranked search and listing."""

    def lookup(self, text: str) -> Entry:
        """The entry of code *text*; :class:`~vn_egov.errors.UnknownCode` when absent."""

    def search(self, query: str, *, limit: int | None = None) -> list[Entry]:
        """Entries whose name matches *query*, best first (accent-aware)."""

    def children(self, parent: str | None = None) -> list[Entry]:
        """Entries one level below *parent* (``None``: the top level), by code."""


class BaseCodeSystem(ABC, Generic[V]):
    """Shared implementation: subclasses give ``_parse``, ``canonical`` and ``parts``.

    Every system gets the same clean-up (:func:`~vn_egov.units._text.clean` with the class
    settings ``case_sensitive`` and ``labels``), the same refusal of an empty code and of
    whitespace inside a group, and ``validate``/``is_valid``/``format`` derived from ``parse``.
    """

    name: str
    title: str
    case_sensitive: ClassVar[bool] = False
    labels: ClassVar[tuple[str, ...]] = ()

    def compact(self, text: str) -> str:
        """Apply the clean-up rule: NFKC, labels and spaces around separators dropped, ASCII
        letters upper-cased unless the system is case-sensitive."""
        return clean(text, self.title, case_sensitive=self.case_sensitive, labels=self.labels)

    def _cleaned(self, text: str) -> str:
        code = self.compact(text)
        if not code:
            raise InvalidLength(tr("{what} is empty", what=translate(self.title)),
                                hint=tr("give a code, e.g. {example}", example=self.example()))
        reject_inner_space(code, self.title)
        return code

    def parse(self, text: str) -> V:
        """Clean *text* and parse it into the system's typed value."""
        return self._parse(self._cleaned(text), text)

    @abstractmethod
    def _parse(self, code: str, original: str) -> V:
        """Parse the cleaned, non-empty *code* (*original* is the text as given)."""

    @abstractmethod
    def canonical(self, value: V) -> str:
        """The canonical spelling of a parsed value."""

    @abstractmethod
    def parts(self, value: V) -> dict[str, Any]:
        """The parts of a parsed value as JSON-ready data."""

    def example(self) -> str:
        """A valid code, shown in hints."""
        return "-"

    def validate(self, text: str) -> str:
        """The canonical spelling of *text*, or a :class:`~vn_egov.errors.CodeError`."""
        return self.canonical(self.parse(text))

    def is_valid(self, text: str) -> bool:
        """True if :meth:`validate` accepts *text*."""
        try:
            self.validate(text)
        except CodeError:
            return False
        return True

    def format(self, text: str) -> str:
        """The canonical spelling (same as :meth:`validate`)."""
        return self.validate(text)

    def describe(self, text: str) -> dict[str, Any]:
        """The parsed parts of *text* as JSON-ready data."""
        return self.parts(self.parse(text))

    def warnings(self, text: str) -> tuple[str, ...]:
        """What validation tolerated in *text*; none unless the system says otherwise."""
        self.parse(text)
        return ()

    def __repr__(self) -> str:
        return f"<code system {self.name!r}>"


_USER_SYSTEMS: dict[str, CodeSystem[Any]] = {}


def register_system(system: CodeSystem[Any]) -> None:
    """Make *system* available under ``system.name`` (overrides an entry point of that name).

    >>> class Shout(BaseCodeSystem[str]):
    ...     name, title = "shout", "shout code"
    ...     def _parse(self, code, original): return code
    ...     def canonical(self, value): return value
    ...     def parts(self, value): return {"letters": len(value)}
    >>> register_system(Shout())
    >>> get_system("shout").validate(" abc "), "shout" in system_names()
    ('ABC', True)
    >>> unregister_system("shout")
    """
    if not isinstance(system, CodeSystem):
        raise ConfigurationError(tr("{item!r} does not implement the CodeSystem protocol",
                                    item=system),
                                 hint=tr("derive from vn_egov.units.system.BaseCodeSystem"))
    _USER_SYSTEMS[system.name] = system


def unregister_system(name: str) -> None:
    """Forget a system registered with :func:`register_system` (entry points stay)."""
    _USER_SYSTEMS.pop(name, None)


def _entry_points(**selection: str) -> Any:
    """:func:`importlib.metadata.entry_points`, imported on first use: validating a code
    needs no discovery, and the discovery imports an e-mail parser."""
    from importlib.metadata import entry_points as select

    return select(**selection)


@cache
def _entry_point_names() -> tuple[str, ...]:
    return tuple(sorted({entry.name for entry in _entry_points(group=ENTRY_POINT_GROUP)}))


def system_names() -> list[str]:
    """Names of every known code system, sorted; nothing is imported to list them.

    >>> system_names()[:3]
    ['agency', 'division', 'dossier']
    """
    return sorted({*_entry_point_names(), *_USER_SYSTEMS})


_LOADED: dict[str, CodeSystem[Any]] = {}


def _load_entry_point(name: str) -> CodeSystem[Any] | None:
    if name in _LOADED:
        return _LOADED[name]
    for entry in _entry_points(group=ENTRY_POINT_GROUP, name=name):
        try:
            system = entry.load()
        except ImportError as exc:
            raise ConfigurationError(tr("code system {name!r} is installed but cannot be "
                                        "loaded: {error}", name=name, error=exc),
                                     hint=tr("reinstall the package that provides it")) from exc
        if not isinstance(system, CodeSystem):
            raise ConfigurationError(tr("entry point {name!r} of {group} is not a code system",
                                        name=name, group=ENTRY_POINT_GROUP))
        _LOADED[name] = system
        return system
    return None


def get_system(name: str) -> CodeSystem[Any]:
    """The code system called *name*; :class:`~vn_egov.errors.ConfigurationError` otherwise.

    >>> get_system("passport")
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: unknown code system 'passport'; known: agency, ...
    """
    system = _USER_SYSTEMS.get(name) or _load_entry_point(name)
    if system is None:
        known = ", ".join(system_names()) or "none"
        raise ConfigurationError(tr("unknown code system {name!r}; known: {known}", name=name,
                                    known=known),
                                 hint=tr("a code system is installed through the entry-point "
                                         "group vn_egov.codes"))
    return system
