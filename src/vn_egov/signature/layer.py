"""The ``signature`` validation layer, for profiles and ``vn-egov validate --verify-signature``.

The layer reads ``ValidationOptions.settings["signature"]``: either ``{"policy":
SignaturePolicy(...)}`` or plain settings ``trust`` (PEM bundle, DER file, directory or
certificates), ``intermediates``, ``crls`` (list of CRL files/bytes), ``at`` (datetime or ISO
8601 text), ``revocation`` (``auto``, ``require``, ``soft-fail``, ``off``), ``allow_sha1``,
``allow_weak_keys``, ``allow_vpcp_quirks``, ``require_whole_document``, ``bind_sender``,
``sender_map`` (a mapping, or the path of a TOML/JSON file) and ``expected_sender``.

Running the layer means verification was asked for, so its verdict is the ``verify``
command's: when the package is not valid *and* trusted, SIG029 (an error) says so, whatever
the severity of the findings behind it (an untrusted chain is a warning-level SIG017 on its
own). Anything the layer reads of the package (the sender) comes from the signed content.

>>> from vn_egov.validation import ValidationContext, ValidationOptions
>>> from vn_egov.xml import parse
>>> context = ValidationContext(parse(b"<r><Signature/></r>"), ValidationOptions())
>>> [issue.rule for issue in SignatureLayer().run(context)]
['SIG015', 'SIG029']
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr
from vn_egov.signature.certificates import load_certificates
from vn_egov.signature.policy import REVOCATION_MODES, SignaturePolicy
from vn_egov.signature.result import VerificationResult, state_label
from vn_egov.signature.sender import load_sender_map, sender_map_from
from vn_egov.signature.verifier import Verifier
from vn_egov.validation import Issue, Severity, ValidationContext, issue_for

__all__ = ["SignatureLayer", "policy_from_settings"]

SETTINGS_KEY: Final = "signature"
_FLAGS: Final = ("allow_sha1", "allow_weak_keys", "allow_vpcp_quirks", "require_whole_document",
                  "bind_sender")
# "verify" is the switch read by the edXML profiles (vn_egov.edoc.profiles); ignored here.
_KNOWN: Final = frozenset({"verify", "policy", "trust", "intermediates", "crls", "at",
                           "revocation", "sender_map", "expected_sender", *_FLAGS})


def _parse_time(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigurationError(tr("signature setting 'at' = {value!r} is not a datetime",
                                value=value),
                             hint=tr("use ISO 8601, e.g. 2025-03-12T09:00:00+07:00"))


def policy_from_settings(settings: Mapping[str, Any]) -> SignaturePolicy:
    """Build the policy from the layer settings (see the module docstring).

    >>> policy_from_settings({"allow_sha1": True, "at": "2025-01-01T00:00:00+07:00"}).at.year
    2025
    >>> policy_from_settings({"trusted": "x"})
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: unknown signature setting(s): trusted...
    """
    unknown = sorted(set(settings) - _KNOWN)
    if unknown:
        raise ConfigurationError(tr("unknown signature setting(s): {names}",
                                    names=", ".join(unknown)),
                                 hint=tr("known settings: {names}",
                                         names=", ".join(sorted(_KNOWN))))
    policy = settings.get("policy")
    if policy is not None:
        if not isinstance(policy, SignaturePolicy):
            raise ConfigurationError(tr("signature setting 'policy' must be a SignaturePolicy"))
        return policy
    options: dict[str, object] = {flag: bool(settings[flag]) for flag in _FLAGS
                                  if flag in settings}
    if settings.get("at") is not None:
        options["at"] = _parse_time(settings["at"])
    if settings.get("revocation") is not None:
        if settings["revocation"] not in REVOCATION_MODES:
            raise ConfigurationError(
                tr("signature setting 'revocation' = {value!r} is not a revocation mode",
                   value=settings["revocation"]),
                hint=tr("use one of: {modes}", modes=", ".join(REVOCATION_MODES)))
        options["revocation"] = settings["revocation"]
    senders = settings.get("sender_map")
    if senders is not None:
        options["sender_map"] = (load_sender_map(senders) if isinstance(senders, str | os.PathLike)
                                 else sender_map_from(senders))
        options.setdefault("bind_sender", True)
    crls = settings.get("crls") or ()
    if isinstance(crls, str | bytes):
        crls = (crls,)
    return SignaturePolicy.from_files(trust=_certificates(settings.get("trust")),
                                      intermediates=_certificates(settings.get("intermediates")),
                                      crls=tuple(crls) if isinstance(crls, Sequence) else (),
                                      **options)


def _certificates(value: Any) -> Any:
    """A list of paths (as the CLI and configuration give) becomes the certificates they hold.

    >>> _certificates(None) is None, _certificates(()) is None
    (True, True)
    """
    if isinstance(value, list | tuple):
        if not value:
            return None
        if all(isinstance(item, str | os.PathLike) for item in value):
            return tuple(cert for item in value for cert in load_certificates(item))
    return value


@dataclass(frozen=True)
class SignatureLayer:
    """Validation layer named ``signature``: verifies the document's XML-DSig signature and the
    signatures of its PDF attachments."""

    name: str = "signature"

    def run(self, context: ValidationContext) -> list[Issue]:
        """Verify the signature of ``context.parsed``; its issues, and SIG029 when the
        verdict is negative."""
        settings = context.options.settings.get(SETTINGS_KEY, {})
        policy = cached_policy(settings)
        expected = settings.get("expected_sender")
        result = Verifier(policy).verify_parsed(context.parsed, expected_sender=expected)
        context.cache["signature-result"] = result
        issues = list(result.issues)
        if not result.trusted_valid:
            issues.append(verdict_issue(result))
        from vn_egov.signature.pdf.package import verify_parsed_attachments

        # The signatures of the PDF attachments too (person, agency seal): PDF0xx findings.
        issues.extend(verify_parsed_attachments(context.parsed, policy))
        return issues


def verdict_issue(result: VerificationResult) -> Issue:
    """SIG029: why a verification whose verdict is negative was not accepted.

    >>> from vn_egov.signature.result import CryptoState, TrustState
    >>> verdict_issue(VerificationResult(CryptoState.UNSIGNED, TrustState.NOT_CHECKED)).message
    'signature not accepted: the package is not signed'
    """
    if result.crypto.value in ("unsigned", "placeholder"):
        reason = tr("the package is not signed")
    else:
        failing = sorted({i.rule for i in result.issues
                          if i.severity in (Severity.ERROR, Severity.WARNING)})
        reason = tr("signature {crypto}, certificate {trust} (see {rules})",
                    crypto=state_label(result.crypto.value),
                    trust=state_label(result.trust.value), rules=", ".join(failing) or "-")
    return issue_for("SIG029", tr("signature not accepted: {reason}", reason=reason))


def cached_policy(settings: Mapping[str, Any]) -> SignaturePolicy:
    """:func:`policy_from_settings`, built once per process for the same settings and files.

    A batch validates every file with the same settings; without this, every file would
    re-read and re-check the trust anchors and CRLs. The key includes each named file's
    modification time, so an updated CRL is picked up.

    >>> cached_policy({"allow_sha1": True}) is cached_policy({"allow_sha1": True})
    True
    """
    try:
        key = _freeze(settings)
        hash(key)
    except TypeError:  # e.g. a caller's own objects in the settings: no caching
        return policy_from_settings(settings)
    policy = _POLICIES.get(key)
    if policy is None:
        policy = policy_from_settings(settings)
        if len(_POLICIES) >= 8:
            _POLICIES.pop(next(iter(_POLICIES)))  # oldest first
        _POLICIES[key] = policy
    return policy


_POLICIES: dict[object, SignaturePolicy] = {}


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, str | os.PathLike) and os.path.exists(value):
        return (os.fspath(value), os.stat(value).st_mtime_ns)
    return value
