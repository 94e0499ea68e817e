"""The rule registry: every rule id the library can report, with its default severity.

Domain packages register their rules at import time; the registry is the source of the
generated rule catalogue (``docs/rules.md``).

>>> rule = get_rule("XSD001")
>>> rule.severity.value, rule.title
('error', 'The document does not conform to the XML Schema of its profile')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vn_egov.validation.issue import Severity

__all__ = ["Rule", "all_rules", "get_rule", "register", "register_all"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A stable rule: id, default severity, one-line title, fix hint, spec reference."""

    id: str
    severity: Severity
    title: str
    hint: str = ""
    reference: str = ""
    profiles: tuple[str, ...] = ()
    layer: str = "rules"


_REGISTRY: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add *rule*; registering the same id twice with different content is a bug."""
    existing = _REGISTRY.get(rule.id)
    if existing is not None and existing != rule:
        raise ValueError(f"rule {rule.id} is already registered with different content")
    _REGISTRY[rule.id] = rule
    return rule


def register_all(rules: Iterable[Rule]) -> None:
    """Register several rules."""
    for rule in rules:
        register(rule)


def get_rule(rule_id: str) -> Rule:
    """Look up a rule by id; ``KeyError`` names the id when it is unknown."""
    try:
        return _REGISTRY[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule id {rule_id!r}") from None


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by id."""
    return sorted(_REGISTRY.values(), key=lambda rule: rule.id)


register_all([
    Rule("XML001", Severity.ERROR, "The input is not well-formed XML",
         "fix the syntax at the reported line and column", "XML 1.0 §2.1", layer="well-formed"),
    Rule("XML002", Severity.ERROR, "The input uses a refused XML feature or exceeds a limit",
         "remove DTDs, entities and XInclude; check sizes",
         "W3C XML 1.0 §2.8, §4; OWASP XML Security Cheat Sheet",
         layer="well-formed"),
    Rule("XML003", Severity.ERROR, "The input could not be read",
         "give a readable, non-empty file", layer="well-formed"),
    Rule("XSD001", Severity.ERROR, "The document does not conform to the XML Schema of its profile",
         "compare the element with the schema shipped in vn_egov/schemas", layer="xsd"),
    Rule("VAL001", Severity.ERROR, "No validation profile matches the document",
         "name one with --profile (see 'vn-egov rules')", layer="well-formed"),
])
