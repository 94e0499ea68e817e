"""The ``signature`` validation layer, for profiles and ``vn-egov validate --verify-signature``.

The layer reads ``ValidationOptions.settings["signature"]``: either ``{"policy":
SignaturePolicy(...)}`` or plain settings ``trust`` (PEM bundle, DER file, directory or
certificates), ``intermediates``, ``crls`` (list of CRL files/bytes), ``at`` (datetime or ISO
8601 text), ``allow_sha1``, ``allow_weak_keys``, ``allow_vpcp_quirks``,
``require_whole_document``. Findings are the SIG rules; an unsigned package gives no finding
(the edXML rules report it), a placeholder gives SIG015.

>>> from vn_egov.validation import ValidationContext, ValidationOptions
>>> from vn_egov.xml import parse
>>> context = ValidationContext(parse(b"<r><Signature/></r>"), ValidationOptions())
>>> [issue.rule for issue in SignatureLayer().run(context)]
['SIG015']
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from vn_egov.errors import ConfigurationError
from vn_egov.signature.certificates import load_certificates
from vn_egov.signature.policy import SignaturePolicy
from vn_egov.signature.verifier import Verifier
from vn_egov.validation import Issue, ValidationContext

__all__ = ["SETTINGS_KEY", "SignatureLayer", "policy_from_settings"]

SETTINGS_KEY: Final = "signature"
_FLAGS: Final = ("allow_sha1", "allow_weak_keys", "allow_vpcp_quirks", "require_whole_document")
# "verify" is the switch read by the edXML profiles (vn_egov.edoc.profiles); ignored here.
_KNOWN: Final = frozenset({"verify", "policy", "trust", "intermediates", "crls", "at", *_FLAGS})


def _parse_time(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigurationError(f"signature setting 'at' = {value!r} is not a datetime",
                             hint="use ISO 8601, e.g. 2025-03-12T09:00:00+07:00")


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
        raise ConfigurationError(f"unknown signature setting(s): {', '.join(unknown)}",
                                 hint=f"known settings: {', '.join(sorted(_KNOWN))}")
    policy = settings.get("policy")
    if policy is not None:
        if not isinstance(policy, SignaturePolicy):
            raise ConfigurationError("signature setting 'policy' must be a SignaturePolicy")
        return policy
    options: dict[str, object] = {flag: bool(settings[flag]) for flag in _FLAGS
                                  if flag in settings}
    if settings.get("at") is not None:
        options["at"] = _parse_time(settings["at"])
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
        """Verify the signature of ``context.parsed`` and return its issues."""
        policy = cached_policy(context.options.settings.get(SETTINGS_KEY, {}))
        from vn_egov.signature.pdf.package import verify_parsed_attachments

        # The signatures of the PDF attachments too (person, agency seal): PDF0xx findings.
        return [*Verifier(policy).verify_parsed(context.parsed).issues,
                *verify_parsed_attachments(context.parsed, policy)]


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
