"""Layered, explainable validation: well-formed -> XSD -> rules (-> signature).

>>> from vn_egov.validation import check
>>> check(b"<unknown/>").rule_ids()
['VAL001']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vn_egov._lazy import lazy_exports

if TYPE_CHECKING:
    from vn_egov.validation.api import check, check_parsed, is_valid, iter_issues, validate
    from vn_egov.validation.issue import Issue, Severity
    from vn_egov.validation.profile import (
        Layer,
        Profile,
        ReducedCopy,
        ValidationContext,
        ValidationOptions,
        available_profiles,
        detect_profile,
        get_profile,
        issue_for,
        register_profile,
    )
    from vn_egov.validation.report import LayerResult, LayerStatus, Report
    from vn_egov.validation.result import Result
    from vn_egov.validation.rules import Rule, all_rules, get_rule, register, register_all

# Imported on first use: a module that only declares rules or issues (every area's rules
# module, the edXML models) must not pull in the parser, the profiles and their discovery.
_EXPORTS = {
    "Issue": "issue",
    "Layer": "profile",
    "LayerResult": "report",
    "LayerStatus": "report",
    "Profile": "profile",
    "ReducedCopy": "profile",
    "Report": "report",
    "Result": "result",
    "Rule": "rules",
    "Severity": "issue",
    "ValidationContext": "profile",
    "ValidationOptions": "profile",
    "all_rules": "rules",
    "available_profiles": "profile",
    "check": "api",
    "check_parsed": "api",
    "detect_profile": "profile",
    "get_profile": "profile",
    "get_rule": "rules",
    "is_valid": "api",
    "issue_for": "profile",
    "iter_issues": "api",
    "register": "rules",
    "register_all": "rules",
    "register_profile": "profile",
    "validate": "api",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "Issue",
    "Layer",
    "LayerResult",
    "LayerStatus",
    "Profile",
    "ReducedCopy",
    "Report",
    "Result",
    "Rule",
    "Severity",
    "ValidationContext",
    "ValidationOptions",
    "all_rules",
    "available_profiles",
    "check",
    "check_parsed",
    "detect_profile",
    "get_profile",
    "get_rule",
    "is_valid",
    "issue_for",
    "iter_issues",
    "register",
    "register_all",
    "register_profile",
    "validate",
]
