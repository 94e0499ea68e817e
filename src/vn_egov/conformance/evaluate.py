"""What the installed library says about a case: the *actual* side of a self-test.

>>> from vn_egov.conformance.manifest import load_manifest
>>> manifest = load_manifest()
>>> outcome = evaluate(manifest, manifest.case("status-03-acceptance"))
>>> outcome.valid, outcome.rules, outcome.fields["status_code"]
(True, ('EDX501',), '03')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vn_egov.conformance.keyfields import key_fields
from vn_egov.conformance.manifest import Case, Manifest
from vn_egov.errors import CodeError, VnEgovError

__all__ = ["Outcome", "evaluate", "evaluate_edxml_file"]


@dataclass(frozen=True)
class Outcome:
    """An observed result, in the shape of :class:`~vn_egov.conformance.manifest.Expected`."""

    valid: bool
    readable: bool | None = None
    rules: tuple[str, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)
    message: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``readable`` and ``message`` only when set).

        >>> Outcome(valid=False, rules=("EDX101",)).to_dict()
        {'valid': False, 'rules': ['EDX101'], 'fields': {}}
        """
        data: dict[str, Any] = {"valid": self.valid}
        if self.readable is not None:
            data["readable"] = self.readable
        data["rules"] = list(self.rules)
        data["fields"] = self.fields
        if self.message:
            data["message"] = self.message
        return data


def evaluate_edxml_file(path: Path, profile: str | None,
                        settings: dict[str, Any] | None = None) -> Outcome:
    """Validate and read the edXML package at *path* with the default (non-strict) policy."""
    from vn_egov.edoc import read
    from vn_egov.edoc.summary import summarize
    from vn_egov.validation import ValidationOptions, check

    options = ValidationOptions(settings=settings or {})
    report = check(path, profile, options=options)
    fields: dict[str, Any] = {}
    message = None
    try:
        fields = key_fields(summarize(read(path, options=options)))
        readable = True
    except VnEgovError as exc:
        readable, message = False, exc.message
    return Outcome(valid=report.valid, readable=readable, rules=tuple(report.rule_ids()),
                   fields=fields, message=message)


def _evaluate_signature(manifest: Manifest, case: Case) -> Outcome:
    from vn_egov.signature import SignaturePolicy, Verifier, load_certificates

    setup = case.signature
    # Both are guaranteed by the Case model's validation for signature cases.
    assert setup is not None
    assert case.input is not None
    anchors = tuple(cert for name in setup.trust
                    for cert in load_certificates(manifest.path(name)))
    intermediates = tuple(cert for name in setup.intermediates
                          for cert in load_certificates(manifest.path(name)))
    policy = SignaturePolicy(trust_anchors=anchors, intermediates=intermediates, at=setup.at)
    result = Verifier(policy).verify(manifest.path(case.input))
    return Outcome(valid=result.trusted_valid, rules=tuple(result.rule_ids()),
                   fields={"crypto": result.crypto.value, "trust": result.trust.value})


def _evaluate_code(case: Case) -> Outcome:
    from vn_egov.edoc import notation
    from vn_egov.units import agency, division

    module: Any = {"agency": agency, "division": division, "notation": notation}[
        str(case.code_system)]
    try:
        normalized = module.validate(case.value)
    except CodeError as exc:
        return Outcome(valid=False, fields={"error": type(exc).__name__}, message=exc.message)
    return Outcome(valid=True, fields={"normalized": normalized})


def evaluate(manifest: Manifest, case: Case) -> Outcome:
    """Run *case* through the installed library and return what it observed."""
    if case.type == "edxml":
        assert case.input is not None  # guaranteed by Case validation
        return evaluate_edxml_file(manifest.path(case.input), case.profile, case.settings)
    if case.type == "signature":
        return _evaluate_signature(manifest, case)
    return _evaluate_code(case)
