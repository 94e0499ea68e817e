"""Certificate path building and validation against configured trust anchors.

Explicit checks (rather than a WebPKI policy, which Vietnamese government CAs may not meet,
``signature.md`` §4.2 item 5), each mapped to a rule id: path to an anchor (SIG017), validity
at the verification time (SIG018), revocation by a user-given CRL whose signature is checked
(SIG022, SIG024, SIG019 when not checked), signer key usage (SIG023). Anchors come only from
the policy, never from a system store or ``certifi``.

>>> from vn_egov.signature.pki import make_demo_pki
>>> from vn_egov.signature.policy import SignaturePolicy
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> result = validate_chain(pki.signer, [pki.issuing],
...                         SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls))
>>> result.state.value, len(result.chain), result.problems
('trusted', 3, ())
>>> validate_chain(pki.revoked, [pki.issuing],
...                SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).state.value
'untrusted'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Final

from cryptography import x509
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature

from vn_egov.signature.certificates import subject_string
from vn_egov.signature.policy import SignaturePolicy

__all__ = [
    "MAX_PATH_LENGTH",
    "TRUST_BREAKING",
    "TrustResult",
    "TrustState",
    "issuer_of",
    "subject_of",
    "validate_chain",
]

#: Findings that make a certificate untrusted: no path to an anchor, not valid at the time,
#: revoked, wrong key usage.
TRUST_BREAKING: Final = frozenset({"SIG017", "SIG018", "SIG022", "SIG023"})

MAX_PATH_LENGTH: Final = 8


class TrustState(StrEnum):
    """Whether the signer certificate is trusted under the policy."""

    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True, slots=True)
class TrustResult:
    """Outcome: state, the path found (leaf first, anchor last) and ``(rule, message)`` pairs."""

    state: TrustState
    chain: tuple[x509.Certificate, ...]
    problems: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1024)
def subject_of(cert: x509.Certificate) -> bytes:
    """DER of ``cert.subject``, cached: comparing bytes is much cheaper than comparing
    :class:`x509.Name` objects, which cryptography rebuilds on every access.

    >>> from vn_egov.signature.pki import make_certificate_pair
    >>> cert = make_certificate_pair("CN=A")[1]
    >>> subject_of(cert) == issuer_of(cert)
    True
    """
    return cert.subject.public_bytes()


@lru_cache(maxsize=1024)
def issuer_of(cert: x509.Certificate) -> bytes:
    """DER of ``cert.issuer``, cached."""
    return cert.issuer.public_bytes()


@lru_cache(maxsize=1024)
def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    # Cached: a signature check is the costly part of path building and its result only
    # depends on the two certificates (both hashable, compared by their DER bytes).
    if issuer_of(cert) != subject_of(issuer):
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, CryptoInvalidSignature):
        return False
    return True


@lru_cache(maxsize=1024)
def _is_ca(cert: x509.Certificate) -> bool:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not constraints.ca:
        return False
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.key_cert_sign


def _build_path(leaf: x509.Certificate, pool: Sequence[x509.Certificate],
                anchors: Sequence[x509.Certificate]) -> tuple[x509.Certificate, ...] | None:
    if leaf in anchors:  # pinned end-entity certificate
        return (leaf,)

    def extend(path: tuple[x509.Certificate, ...]) -> tuple[x509.Certificate, ...] | None:
        current = path[-1]
        for anchor in anchors:
            if _issued_by(current, anchor) and (_is_ca(anchor) or anchor == current):
                return (*path, anchor)
        if len(path) >= MAX_PATH_LENGTH:
            return None
        for candidate in pool:
            if candidate not in path and _is_ca(candidate) and _issued_by(current, candidate):
                found = extend((*path, candidate))
                if found is not None:
                    return found
        return None

    return extend((leaf,))


_CRL_CHECKS: dict[int, tuple[x509.CertificateRevocationList, x509.Certificate, bool]] = {}
_CRL_ISSUERS: dict[int, tuple[x509.CertificateRevocationList, bytes]] = {}


def _crl_issuer(crl: x509.CertificateRevocationList) -> bytes:
    cached = _CRL_ISSUERS.get(id(crl))
    if cached is not None and cached[0] is crl:
        return cached[1]
    if len(_CRL_ISSUERS) > 256:
        _CRL_ISSUERS.clear()
    issuer = crl.issuer.public_bytes()
    _CRL_ISSUERS[id(crl)] = (crl, issuer)
    return issuer


def _crl_signed_by(crl: x509.CertificateRevocationList, issuer: x509.Certificate) -> bool:
    # CRLs are not hashable; the cache keeps the object itself so its id cannot be reused.
    cached = _CRL_CHECKS.get(id(crl))
    if cached is not None and cached[0] is crl and cached[1] == issuer:
        return cached[2]
    valid = crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]
    if len(_CRL_CHECKS) > 256:
        _CRL_CHECKS.clear()
    _CRL_CHECKS[id(crl)] = (crl, issuer, valid)
    return valid


_CRL_ENTRIES: dict[int, tuple[x509.CertificateRevocationList, dt.datetime | None,
                              dict[int, dt.datetime]]] = {}


def _crl_entries(crl: x509.CertificateRevocationList
                 ) -> tuple[dt.datetime | None, dict[int, dt.datetime]]:
    # One pass over the CRL, then dictionary look-ups (CRLs of real CAs list thousands).
    cached = _CRL_ENTRIES.get(id(crl))
    if cached is not None and cached[0] is crl:
        return cached[1], cached[2]
    revoked = {entry.serial_number: entry.revocation_date_utc for entry in crl}
    if len(_CRL_ENTRIES) > 256:
        _CRL_ENTRIES.clear()
    _CRL_ENTRIES[id(crl)] = (crl, crl.next_update_utc, revoked)
    return crl.next_update_utc, revoked


def _name(cert: x509.Certificate) -> str:
    return subject_string(cert) or f"serial {cert.serial_number:x}"


@lru_cache(maxsize=1024)
def _validity(cert: x509.Certificate) -> tuple[dt.datetime, dt.datetime]:
    return cert.not_valid_before_utc, cert.not_valid_after_utc


def _validity_problems(path: Sequence[x509.Certificate], at: dt.datetime) -> list[tuple[str, str]]:
    problems = []
    for cert in path:
        not_before, not_after = _validity(cert)
        if not_before <= at <= not_after:
            continue
        if at < cert.not_valid_before_utc:
            problems.append(("SIG018", f"certificate {_name(cert)!r} is not valid before "
                             f"{cert.not_valid_before_utc.isoformat()} (checked at "
                             f"{at.isoformat()})"))
        elif at > cert.not_valid_after_utc:
            problems.append(("SIG018", f"certificate {_name(cert)!r} expired on "
                             f"{cert.not_valid_after_utc.isoformat()} (checked at "
                             f"{at.isoformat()})"))
    return problems


@lru_cache(maxsize=1024)
def _key_usage_problem(leaf: x509.Certificate, required: frozenset[str]
                       ) -> tuple[tuple[str, str], ...]:
    if not required:
        return ()
    try:
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return (("SIG023", f"signer certificate {_name(leaf)!r} has no KeyUsage extension; "
                 f"one of {sorted(required)} is required"),)
    if any(getattr(usage, flag, False) for flag in required):
        return ()
    return (("SIG023", f"signer certificate {_name(leaf)!r} key usage allows neither "
             "digitalSignature nor nonRepudiation"),)


def _revocation_problems(path: Sequence[x509.Certificate], policy: SignaturePolicy,
                         at: dt.datetime) -> list[tuple[str, str]]:
    if not policy.crls:
        return [("SIG019", "revocation not checked: no CRL configured")]
    problems: list[tuple[str, str]] = []
    for cert, issuer in pairwise(path):
        crls = [crl for crl in policy.crls if _crl_issuer(crl) == subject_of(issuer)]
        if not crls:
            problems.append(("SIG019", f"revocation of {_name(cert)!r} not checked: no CRL from "
                             f"{_name(issuer)!r} configured"))
            continue
        for crl in crls:
            if not _crl_signed_by(crl, issuer):
                problems.append(("SIG024", f"CRL of {_name(issuer)!r} has an invalid signature; "
                                 "it was not used"))
                continue
            next_update, revoked = _crl_entries(crl)
            if next_update is not None and next_update < at:
                problems.append(("SIG024", f"CRL of {_name(issuer)!r} is out of date (next "
                                 f"update {next_update.isoformat()}); it was still applied"))
            revoked_at = revoked.get(cert.serial_number)
            if revoked_at is not None and revoked_at <= at:
                problems.append(("SIG022", f"certificate {_name(cert)!r} was revoked on "
                                 f"{revoked_at.isoformat()}"))
    return problems


def validate_chain(leaf: x509.Certificate, supplied: Sequence[x509.Certificate],
                   policy: SignaturePolicy) -> TrustResult:
    """Build a path from *leaf* through *supplied* and ``policy.intermediates`` to an anchor.

    The state is ``not_checked`` without anchors, ``trusted`` when a path exists and no
    trust-breaking problem (SIG017, SIG018, SIG022, SIG023) was found, else ``untrusted``.
    """
    at = policy.verification_time()
    problems = list(_key_usage_problem(leaf, policy.required_key_usage))
    if not policy.trust_anchors:
        return TrustResult(TrustState.NOT_CHECKED, (leaf,), tuple(problems))
    pool = [c for c in (*supplied, *policy.intermediates) if c != leaf]
    path = _build_path(leaf, pool, policy.trust_anchors)
    if path is None:
        problems.append(("SIG017", f"certificate {_name(leaf)!r} (issuer "
                         f"{leaf.issuer.rfc4514_string()!r}) does not chain to a configured "
                         "trust anchor"))
        return TrustResult(TrustState.UNTRUSTED, (leaf,), tuple(problems))
    problems += _validity_problems(path, at)
    problems += _revocation_problems(path, policy, at)
    state = (TrustState.UNTRUSTED if any(rule in TRUST_BREAKING for rule, _ in problems)
             else TrustState.TRUSTED)
    return TrustResult(state, path, tuple(problems))
