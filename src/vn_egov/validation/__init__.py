"""Layered, explainable validation: well-formed -> XSD -> rules (-> signature).

>>> from vn_egov.validation import check
>>> check(b"<unknown/>").rule_ids()
['VAL001']
"""

from vn_egov.validation.api import check, check_parsed, is_valid, iter_issues, validate
from vn_egov.validation.issue import Issue, Severity
from vn_egov.validation.profile import (
    Layer,
    Profile,
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

__all__ = [
    "Issue",
    "Layer",
    "LayerResult",
    "LayerStatus",
    "Profile",
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
