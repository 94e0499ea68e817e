"""Entry points: :func:`check`, :func:`validate`, :func:`is_valid`, :func:`iter_issues`.

>>> report = check(b"<not-closed>")
>>> report.valid, report.rule_ids()
(False, ['XML001'])
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Final

from vn_egov._version import __version__
from vn_egov.errors import InputError, MalformedXMLError, UnsafeXMLError
from vn_egov.i18n import tr, translate
from vn_egov.inputs import STDIN, check_path, open_input
from vn_egov.validation.issue import Issue
from vn_egov.validation.profile import (
    Profile,
    ReducedCopy,
    ValidationContext,
    ValidationOptions,
    detect_profile,
    get_profile,
    sniff_profile,
)
from vn_egov.validation.report import LayerResult, LayerStatus, Report
from vn_egov.validation.rules import get_rule
from vn_egov.xml import DEFAULT_LIMITS, ParsedXML, ParseLimits, locating, parse, read_bytes
from vn_egov.xml.parser import Source

__all__ = ["FULL_VALIDATION_BYTES", "check", "check_parsed", "is_valid", "validate"]

WELL_FORMED = "well-formed"
#: Package files up to this size are validated whole; larger ones, when their profile can
#: (edXML), through a reduced copy in bounded memory (:mod:`vn_egov.edoc.large`).
FULL_VALIDATION_BYTES: Final = 32 * 1024 * 1024
_SNIFF_BYTES: Final = 64 * 1024


def check(source: Source, profile: str | Profile | None = None, *,
          options: ValidationOptions | None = None, strict: bool = False,
          limits: ParseLimits = DEFAULT_LIMITS, source_name: str | None = None,
          full_validation_bytes: int | None = FULL_VALIDATION_BYTES) -> Report:
    """Validate *source* and return the :class:`Report`, never raising for bad content.

    *profile* is an id, a :class:`Profile`, or ``None`` to choose one from the content.

    A file (a path) above *full_validation_bytes* whose profile can reduce it (edXML:
    attachments cut to their start, checked while streaming) is validated in bounded memory,
    with the verdict and rule ids of full validation; line numbers after a shortened
    attachment differ. ``full_validation_bytes=None`` validates every input whole.
    """
    options = options or ValidationOptions(strict=strict)
    chosen = get_profile(profile) if isinstance(profile, str) else profile
    scope: AbstractContextManager[Any] = nullcontext()
    try:
        reduced = _reduced_copy(source, chosen, options, limits, full_validation_bytes)
        if reduced is None:
            data, name = read_bytes(source, max_bytes=limits.max_bytes)
            sha = hashlib.sha256(data).hexdigest()
        else:
            data, sha, scope = reduced
            name = os.fsdecode(source)  # type: ignore[arg-type]  # a path: see _reduced_copy
    except (InputError, UnsafeXMLError) as exc:  # unreadable, or refused by its size unread
        return _early_report(chosen, options, None, source_name or exc.source,
                             _error_issue(_rule_for(chosen, exc, b""), exc))
    name = source_name or name
    with scope:
        return _check_bytes(data, name, sha, chosen, options=options, limits=limits)


def _reduced_copy(source: Source, chosen: Profile | None, options: ValidationOptions,
                  limits: ParseLimits, threshold: int | None) -> ReducedCopy | None:
    """The profile's reduced copy of a large file, or ``None``: validate it whole."""
    if threshold is None or not isinstance(source, str | os.PathLike) or source == STDIN or (
            isinstance(source, str) and source.lstrip().startswith("<")):
        return None
    gate: dict[str, Any] = {"max_bytes": limits.max_bytes,
                            "limit_name": "ParseLimits.max_bytes", "too_large": UnsafeXMLError}
    if check_path(source, **gate).st_size <= threshold:
        return None
    if chosen is None:
        with open_input(source, **gate) as reader:
            chosen = sniff_profile(reader.read(_SNIFF_BYTES))
    if chosen is None or chosen.reduce is None:
        return None
    with open_input(source, **gate) as reader:
        return chosen.reduce(reader, options)


def _check_bytes(data: bytes, name: str | None, sha: str, chosen: Profile | None, *,
                 options: ValidationOptions, limits: ParseLimits) -> Report:
    try:
        parsed = parse(data, limits=limits, source_name=name)
    except (MalformedXMLError, UnsafeXMLError, InputError) as exc:
        chosen = chosen or sniff_profile(data)
        rule = _rule_for(chosen, exc, data)
        return _early_report(chosen, options, sha, name, _error_issue(rule, exc))
    if chosen is None:
        chosen = detect_profile(parsed.root)
        if chosen is None:
            issue = _error_issue("VAL001", None, tr(
                "no profile recognises the root element <{tag}>", tag=parsed.root.tag))
            return _early_report(None, options, sha, name, issue, parsed_ok=True)
    return _run_layers(chosen, parsed, options, sha)


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def check_parsed(parsed: ParsedXML, profile: str | Profile, *,
                 options: ValidationOptions | None = None, strict: bool = False) -> Report:
    """Like :func:`check`, for a document already parsed with :func:`vn_egov.xml.parse`.

    >>> from vn_egov.xml import parse
    >>> check_parsed(parse(b"<edXML/>"), "edxml-document").rule_ids()
    ['EDX003', 'XSD001']
    """
    options = options or ValidationOptions(strict=strict)
    chosen = get_profile(profile) if isinstance(profile, str) else profile
    return _run_layers(chosen, parsed, options, parsed.sha256)


def _rule_for(profile: Profile | None, exc: Exception, data: bytes) -> str:
    if isinstance(exc, UnsafeXMLError):
        return profile.unsafe_rule if profile else "XML002"
    if isinstance(exc, InputError):
        return profile.unreadable_rule if profile else "XML003"
    if profile is None:
        return "XML001"
    head = data[:64].lstrip()
    starts_with_markup = head.startswith(b"<") or head.startswith(_BOMS)
    return profile.malformed_rule if starts_with_markup else profile.prolog_rule


def _error_issue(rule_id: str, exc: Exception | None, message: str | None = None) -> Issue:
    rule = get_rule(rule_id)
    line = getattr(exc, "line", None)
    column = getattr(exc, "column", None)
    text = message or str(getattr(exc, "message", exc))
    hint = getattr(exc, "hint", None) or translate(rule.hint) or None
    return Issue(rule=rule.id, severity=rule.severity, message=text, hint=hint, line=line,
                 column=column, layer=WELL_FORMED)


def _early_report(profile: Profile | None, options: ValidationOptions, sha: str | None,
                  name: str | None, issue: Issue, *, parsed_ok: bool = False) -> Report:
    status = LayerStatus.PASSED if parsed_ok else LayerStatus.FAILED
    layers = [LayerResult(WELL_FORMED, status, () if parsed_ok else (issue,))]
    if parsed_ok:
        layers.append(LayerResult("profile", LayerStatus.FAILED, (issue,)))
    for layer in profile.layers if profile else ():
        layers.append(LayerResult(layer.name, LayerStatus.SKIPPED,
                                  reason="skipped: the document could not be parsed"))
    return Report(profile_id=profile.id if profile else None,
                  profile_version=profile.version if profile else None,
                  library_version=__version__, sha256=sha, layers=tuple(layers), source=name,
                  fail_on=options.threshold)


def _run_layers(profile: Profile, parsed: ParsedXML, options: ValidationOptions,
                sha: str) -> Report:
    context = ValidationContext(parsed=parsed, options=options)
    results = [LayerResult(WELL_FORMED, LayerStatus.PASSED)]
    with locating():  # the document is located while its layers run, and released after
        for layer in profile.layers:
            skip = getattr(layer, "skip_reason", None)
            reason = skip(context) if callable(skip) else None
            if reason:
                results.append(LayerResult(layer.name, LayerStatus.SKIPPED, reason=reason))
                continue
            issues = tuple(_apply_policy(layer.run(context), options))
            failed = any(issue.severity >= options.threshold for issue in issues)
            results.append(LayerResult(layer.name,
                                       LayerStatus.FAILED if failed else LayerStatus.PASSED,
                                       issues))
    return Report(profile_id=profile.id, profile_version=profile.version,
                  library_version=__version__, sha256=sha, layers=tuple(results),
                  source=parsed.source, fail_on=options.threshold)


def _apply_policy(issues: Iterable[Issue], options: ValidationOptions) -> Iterator[Issue]:
    for issue in issues:
        if issue.rule in options.disabled_rules:
            continue
        override = options.severity_overrides.get(issue.rule)
        yield issue.with_severity(override) if override else issue


def validate(source: Source, profile: str | Profile | None = None, *,
             options: ValidationOptions | None = None, strict: bool = False,
             limits: ParseLimits = DEFAULT_LIMITS, source_name: str | None = None) -> Report:
    """:func:`check`, then ``report.raise_if_invalid()``: the report, or
    :class:`DocumentInvalid` (with it) if invalid.

    >>> validate(b"<x>")
    Traceback (most recent call last):
    ...
    vn_egov.errors.DocumentInvalid: 1:4: document is invalid: 1 failing issue(s); first: ...
    """
    return check(source, profile, options=options, strict=strict, limits=limits,
                 source_name=source_name).raise_if_invalid()


def is_valid(source: Source, profile: str | Profile | None = None, *,
             options: ValidationOptions | None = None, strict: bool = False,
             limits: ParseLimits = DEFAULT_LIMITS) -> bool:
    """True when :func:`check` finds nothing at or above the failing severity."""
    return check(source, profile, options=options, strict=strict, limits=limits).valid


def iter_issues(source: Source, profile: str | Profile | None = None, *,
                options: ValidationOptions | None = None, strict: bool = False,
                limits: ParseLimits = DEFAULT_LIMITS) -> Iterator[Issue]:
    """Yield every issue of :func:`check`, in layer order."""
    yield from check(source, profile, options=options, strict=strict, limits=limits).issues

