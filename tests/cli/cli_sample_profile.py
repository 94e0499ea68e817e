"""A small validation profile for the CLI tests, independent of the edXML profiles.

Imported as a plugin (``--plugin cli_sample_profile``) so that spawned worker processes
register it too. Documents look like::

    <sample xmlns="urn:vn-egov:test:sample" lang="vi"><title>Kế hoạch</title><note/></sample>
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from lxml import etree

from vn_egov.validation import (
    Issue,
    Profile,
    Rule,
    Severity,
    ValidationContext,
    register_all,
    register_profile,
)

NS = "urn:vn-egov:test:sample"
PROFILE_ID = "test-sample"
XSD = Path(__file__).with_name("sample.xsd")

RULES = (
    Rule("TST001", Severity.ERROR, "Title is empty", "write a title", "test spec §1",
         (PROFILE_ID,), "rules"),
    Rule("TST002", Severity.WARNING, "Note present", "drop the note", "test spec §2",
         (PROFILE_ID,), "rules"),
    Rule("TST003", Severity.INFO, "No lang attribute", "add lang=\"vi\"", "test spec §3",
         (PROFILE_ID,), "rules"),
    Rule("TST100", Severity.ERROR, "Schema violation of the sample profile",
         "compare with sample.xsd", "sample.xsd", (PROFILE_ID,), "xsd"),
)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


class SampleXsdLayer:
    """XSD layer over the test schema (the library's XsdLayer only reads shipped schemas)."""

    name = "xsd"

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        schema = _schema()
        if schema.validate(context.parsed.tree):
            return []
        return [context.issue("TST100", f"schema: {entry.message}", line=entry.line or None,
                              column=entry.column or None, xpath=entry.path or None)
                for entry in schema.error_log]


class SampleRuleLayer:
    """Rules TST001-TST003."""

    name = "rules"

    def run(self, context: ValidationContext) -> Sequence[Issue]:
        root = context.parsed.root
        issues = []
        title = root.find(f"{{{NS}}}title")
        if title is not None and not (title.text or "").strip():
            issues.append(context.issue("TST001", "title is empty", element=title))
        note = root.find(f"{{{NS}}}note")
        if note is not None:
            issues.append(context.issue("TST002", "note element present", element=note))
        if root.get("lang") is None:
            issues.append(context.issue("TST003", "sample has no lang attribute", element=root))
        return issues


PROFILE = Profile(id=PROFILE_ID, version="1", title="CLI test sample",
                  layers=(SampleXsdLayer(), SampleRuleLayer()),
                  detect=lambda root: root.tag == f"{{{NS}}}sample")


def register() -> None:
    """Register the rules and the profile (idempotent); importing the module does it too."""
    register_all(RULES)
    register_profile(PROFILE)


def unregister() -> None:
    """Remove them again, so that test suites running after the CLI tests never see them.

    The registry has no public removal API (rules are meant to be permanent), hence the
    private access, confined to this test helper.
    """
    from vn_egov.validation import profile, rules

    for rule in RULES:
        rules._REGISTRY.pop(rule.id, None)
    profile._USER_PROFILES.pop(PROFILE_ID, None)


register()


def document(title: str = "Kế hoạch", *, note: bool = False, lang: bool = True) -> bytes:
    """A sample document; the defaults give a valid one with no issue."""
    attrs = ' lang="vi"' if lang else ""
    extra = "\n  <note>ghi chú</note>" if note else ""
    return (f'<sample xmlns="{NS}"{attrs}>\n  <title>{title}</title>{extra}\n</sample>\n'
            ).encode()
