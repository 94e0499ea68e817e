"""Validation profiles, layers and the context a layer works with.

A profile is an ordered list of layers after the built-in well-formedness check. Profiles
are found through the ``vn_egov.profiles`` entry-point group, so this package knows no
domain; users may also :func:`register_profile` their own.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, Protocol

from lxml import etree

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr, translate
from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.rules import get_rule
from vn_egov.xml import ParsedXML, column_of, element_xpath

__all__ = [
    "Layer",
    "Profile",
    "ReducedCopy",
    "ValidationContext",
    "ValidationOptions",
    "available_profiles",
    "detect_profile",
    "get_profile",
    "issue_for",
    "register_profile",
    "sniff_profile",
]


@dataclass(frozen=True)
class ValidationOptions:
    """User policy: strictness, severity overrides, disabled rules, domain settings.

    ``settings`` carries profile-specific options (e.g. a SteeringType mapping, a registry of
    agency codes, trust anchors for a signature layer) without this package knowing them.
    """

    strict: bool = False
    fail_on: Severity | None = None
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    disabled_rules: frozenset[str] = frozenset()
    settings: Mapping[str, Any] = field(default_factory=dict)

    @property
    def threshold(self) -> Severity:
        """The lowest failing severity: ``fail_on``, else warning when strict, else error."""
        if self.fail_on is not None:
            return self.fail_on
        return Severity.WARNING if self.strict else Severity.ERROR


@dataclass
class ValidationContext:
    """What a layer sees: the parsed document and the options, plus an issue factory."""

    parsed: ParsedXML
    options: ValidationOptions
    cache: dict[str, Any] = field(default_factory=dict)

    def issue(self, rule_id: str, message: str | None = None, *,
              element: etree._Element | None = None, hint: str | None = None,
              xpath: str | None = None, line: int | None = None,
              column: int | None = None) -> Issue:
        """Build an issue for a registered rule, located at *element* when given."""
        return issue_for(rule_id, message, element=element, data=self.parsed.data, hint=hint,
                         xpath=xpath, line=line, column=column)


def issue_for(rule_id: str, message: str | None = None, *,
              element: etree._Element | None = None, data: bytes | None = None,
              hint: str | None = None, severity: Severity | None = None,
              xpath: str | None = None, line: int | None = None,
              column: int | None = None) -> Issue:
    """An issue of a registered rule with its defaults, located at *element* when given
    (*data*, the document's bytes, gives the column).

    >>> issue_for("XSD001", "schema: bad", xpath="/a").format()
    'error XSD001 schema: bad [/a]'
    """
    rule = get_rule(rule_id)
    if element is not None:
        xpath = xpath or element_xpath(element)
        source_line = element.sourceline
        line = line or (source_line if isinstance(source_line, int) else None)
        if data is not None and line is not None:
            column = column or column_of(data, element)
    return Issue(rule=rule.id, severity=severity or rule.severity,
                 message=message or translate(rule.title),
                 hint=hint if hint is not None else (translate(rule.hint) if rule.hint else None),
                 xpath=xpath,
                 line=line, column=column, layer=rule.layer)


class Layer(Protocol):
    """One validation layer. ``run`` returns the issues it found (empty when it passed).

    A layer may also define ``skip_reason(context) -> str | None``; a returned text marks the
    layer as skipped in the report, with that reason.
    """

    name: str

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        """Check the document."""
        ...  # pragma: no cover


class Readable(Protocol):
    """A binary stream read in chunks."""

    def read(self, size: int, /) -> bytes:
        """At most *size* bytes; ``b""`` at the end."""
        ...  # pragma: no cover


class ReducedCopy(NamedTuple):
    """A large input validated in bounded memory: a copy without the bulk of its content
    that validation judges as it would judge the whole (see :attr:`Profile.reduce`)."""

    data: bytes  # the copy that is parsed and validated
    sha256: str  # of the whole input, for the report
    scope: AbstractContextManager[Any]  # entered while the layers run on the copy


@dataclass(frozen=True)
class Profile:
    """A named, versioned set of layers, with a detector for automatic selection."""

    id: str
    version: str
    title: str
    layers: tuple[Layer, ...]
    #: recognises a parsed document for automatic selection (``None``: only chosen by id)
    detect: Callable[[etree._Element], bool] | None = None
    #: recognises raw bytes that could not be parsed, so their errors get this profile's ids
    sniff: Callable[[bytes], bool] | None = None
    malformed_rule: str = "XML001"
    unsafe_rule: str = "XML002"
    #: reported instead of ``malformed_rule`` when bytes precede the first ``<``
    prolog_rule: str = "XML001"
    unreadable_rule: str = "XML003"
    #: makes the :class:`ReducedCopy` of a large file read from a stream, or returns
    #: ``None`` (having read nothing) when these options need it whole; ``check`` asks it above
    #: ``full_validation_bytes``. ``None``: large files are validated whole.
    reduce: Callable[[Readable, ValidationOptions], ReducedCopy | None] | None = None


_USER_PROFILES: dict[str, Profile] = {}


def register_profile(profile: Profile) -> None:
    """Make *profile* available by id (overrides an entry-point profile of the same id)."""
    _USER_PROFILES[profile.id] = profile


@cache
def _entry_point_profiles() -> dict[str, Profile]:
    # Imported here: importlib.metadata (and the e-mail parser it loads) is needed only when
    # profiles are looked up, never by modules that merely build issues.
    from importlib.metadata import entry_points

    found: dict[str, Profile] = {}
    for entry in entry_points(group="vn_egov.profiles"):
        try:
            profile = entry.load()
        except ImportError as exc:
            # A broken or half-installed plugin must not stop validation with other profiles.
            warnings.warn(tr("validation profile {name!r} could not be loaded: {error}",
                             name=entry.name, error=exc), RuntimeWarning, stacklevel=2)
            continue
        if not isinstance(profile, Profile):  # pragma: no cover - packaging error
            raise ConfigurationError(tr("entry point {name} is not a validation Profile",
                                        name=entry.name))
        found[profile.id] = profile
    return found


def available_profiles() -> dict[str, Profile]:
    """Every known profile by id (entry points, then user registrations)."""
    return {**_entry_point_profiles(), **_USER_PROFILES}


def get_profile(profile_id: str) -> Profile:
    """The profile called *profile_id*; :class:`ConfigurationError` lists the known ids."""
    profiles = available_profiles()
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigurationError(
            tr("unknown profile {profile!r}; known profiles: {known}", profile=profile_id,
               known=known), hint=tr("use --profile with one of the known ids")) from None


def sniff_profile(data: bytes) -> Profile | None:
    """The first profile (by id) whose ``sniff`` recognises unparseable *data*, or ``None``."""
    for _, profile in sorted(available_profiles().items()):
        if profile.sniff is not None and profile.sniff(data):
            return profile
    return None


def detect_profile(root: etree._Element) -> Profile | None:
    """The first profile (by id) whose detector accepts *root*, or ``None``."""
    for _, profile in sorted(available_profiles().items()):
        if profile.detect is not None and profile.detect(root):
            return profile
    return None
