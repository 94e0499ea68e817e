"""Certificate trust: one RFC 5280 path validation engine for XML and PDF signatures.

The engine is pyhanko-certvalidator (the validator pyHanko uses for PDF signatures), configured
by :class:`~vn_egov.signature.policy.SignaturePolicy`: path building and RFC 5280 §6 path
validation (signatures, validity, basic constraints and path length, name constraints,
policies, unknown critical extensions), CRL revocation (fail-closed: unknown status is not
trusted unless the policy says ``soft-fail``), and the policy's algorithm and key rules for
every certificate that signs another. This module adds what a signature verifier needs
around it:

* the signer's key usage and extended key usage (SIG023);
* bounds: at most :data:`MAX_PATH_NODES` candidate issuers examined and
  :data:`MAX_CANDIDATE_PATHS` complete paths validated, whatever the certificates given;
* findings with rule ids (SIG017, SIG018, SIG019, SIG022, SIG023, SIG024, SIG025, SIG026);
* a cache of successful validations, reused only while every certificate and CRL involved
  is still within its validity period.

Anchors come only from the policy, never from a system store or ``certifi``.

>>> from vn_egov.signature.pki import make_demo_pki
>>> from vn_egov.signature.policy import SignaturePolicy
>>> pki = make_demo_pki(key_spec="ec-p256")
>>> result = validate_path(pki.signer, [pki.issuing],
...                        SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls))
>>> result.state.value, len(result.chain), result.problems
('trusted', 3, ())
>>> validate_path(pki.revoked, [pki.issuing],
...               SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)).problems[0].rule
'SIG022'
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple, cast

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator import errors as pv_errors
from pyhanko_certvalidator.context import ValidationContext
from pyhanko_certvalidator.ltv.poe import POEManager
from pyhanko_certvalidator.path import ValidationPath
from pyhanko_certvalidator.policy_decl import (
    NO_REVOCATION,
    REQUIRE_REVINFO,
    AlgorithmUsageConstraint,
    AlgorithmUsagePolicy,
    CertRevTrustPolicy,
    NonRevokedStatusAssertion,
    RevocationCheckingPolicy,
)
from pyhanko_certvalidator.registry import CertificateRegistry, SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import (
    process_legacy_crl_input,
    process_legacy_ocsp_input,
)
from pyhanko_certvalidator.revinfo.manager import RevinfoManager
from pyhanko_certvalidator.validate import async_validate_path

from vn_egov.i18n import current_language, tr
from vn_egov.signature._aio import run_stepped
from vn_egov.signature.certificates import subject_string
from vn_egov.signature.keys import facts_of, facts_of_info, key_refusal
from vn_egov.validation import Severity

if TYPE_CHECKING:
    from vn_egov.signature.policy import CrlData, SignaturePolicy

__all__ = [
    "TRUST_BREAKING",
    "PolicyAlgorithms",
    "ResultCache",
    "TrustState",
    "build_context",
    "validate_path",
]

#: Findings that make a certificate untrusted (at error severity).
TRUST_BREAKING: Final = frozenset({"SIG017", "SIG018", "SIG022", "SIG023", "SIG024", "SIG025",
                                   "SIG026", "SIG027"})
#: Candidate issuers examined while building paths, for one verification. Path building
#: is a search: N certificates sharing a name and a key give N! candidate paths.
MAX_PATH_NODES: Final = 256
#: Complete candidate paths validated before giving up.
MAX_CANDIDATE_PATHS: Final = 8



class TrustState(StrEnum):
    """Whether the signer certificate is trusted under the policy."""

    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"
    NOT_CHECKED = "not_checked"


class Problem(NamedTuple):
    """A finding about the certificate: rule id, message, severity (``None``: the rule's)."""

    rule: str
    message: str
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class TrustResult:
    """Outcome: state, the path found (leaf first, anchor last), problems, and whether
    revocation was checked."""

    state: TrustState
    chain: tuple[x509.Certificate, ...]
    problems: tuple[Problem, ...]
    revocation_checked: bool = False


# -- algorithms -------------------------------------------------------------------------

class PolicyAlgorithms(AlgorithmUsagePolicy):
    """The policy's algorithm rules for certificates, CRLs and OCSP responses: allowed hashes
    and mechanisms (RSA PKCS#1 v1.5, RSA-PSS, ECDSA), the signing key's type, curve and size.

    >>> from vn_egov.signature.policy import SignaturePolicy
    >>> PolicyAlgorithms(SignaturePolicy()).hash_allowed("sha1")
    False
    """

    def __init__(self, policy: SignaturePolicy) -> None:
        from vn_egov.signature.policy import _CERTIFICATE_MECHANISMS, ALLOWED_HASHES

        self.policy = policy
        self.hashes = ALLOWED_HASHES | ({"sha1"} if policy.allow_sha1 else set())
        self.mechanisms = _CERTIFICATE_MECHANISMS
        #: The reason of the last refusal, for the finding's message.
        self.last_refusal: str | None = None

    def hash_allowed(self, name: str) -> bool:
        """True when certificates may be signed with hash *name* (asn1crypto spelling)."""
        return name in self.hashes

    def _refuse(self, reason: str) -> AlgorithmUsageConstraint:
        self.last_refusal = reason
        return AlgorithmUsageConstraint(allowed=False, failure_reason=reason)

    def digest_algorithm_allowed(self, algo: Any, moment: dt.datetime | None
                                 ) -> AlgorithmUsageConstraint:
        """Allowed hashes only (SHA-1 under ``allow_sha1``; MD5 never)."""
        name = str(algo["algorithm"].native)
        if self.hash_allowed(name):
            return AlgorithmUsageConstraint(allowed=True)
        return self._refuse(tr("hash {name} is not allowed", name=name))

    def signature_algorithm_allowed(self, algo: Any, moment: dt.datetime | None,
                                    public_key: Any) -> AlgorithmUsageConstraint:
        """Allowed mechanism, hash and signing key."""
        try:
            mechanism = str(algo.signature_algo)
            hash_name = _hash_of(algo, mechanism)
        except (ValueError, KeyError, TypeError):
            return self._refuse(tr("signature algorithm {name} is not allowed",
                                   name=algo["algorithm"].native))
        if mechanism not in self.mechanisms:
            return self._refuse(tr("signature algorithm {name} is not allowed",
                                   name=algo["algorithm"].native))
        if hash_name is not None and not self.hash_allowed(hash_name):
            return self._refuse(tr("hash {name} is not allowed", name=hash_name))
        if public_key is not None:
            policy = self.policy
            refusal = key_refusal(facts_of_info(public_key), min_rsa_bits=policy.min_rsa_bits,
                                  min_ec_bits=policy.min_ec_bits, curves=policy.ec_curves)
            if refusal is not None and not (refusal[0] == "size" and policy.allow_weak_keys):
                return self._refuse(refusal[1])
        return AlgorithmUsageConstraint(allowed=True)


def _hash_of(algo: Any, mechanism: str) -> str | None:
    """The hash named by a signature algorithm: RSASSA-PSS carries it in its parameters; a
    bare ``rsaEncryption`` (CMS signer infos) names none, its digest algorithm is judged on its
    own (:meth:`PolicyAlgorithms.digest_algorithm_allowed`)."""
    if mechanism == "rsassa_pss":
        return str(algo["parameters"]["hash_algorithm"]["algorithm"].native)
    if algo["algorithm"].native in ("rsassa_pkcs1v15", "rsa"):
        return None
    return str(algo.hash_algo)


# -- the validation context -------------------------------------------------------------

class _BoundedRegistry(CertificateRegistry):
    """A certificate registry that stops offering issuers after *limit* look-ups, so that
    path building (a depth-first search) is bounded whatever the certificates given."""

    def __init__(self, limit: int) -> None:
        super().__init__(cert_fetcher=None)
        self.limit = limit
        self.expanded = 0

    @property
    def exhausted(self) -> bool:
        """True when the search was cut short."""
        return self.expanded > self.limit

    def find_potential_issuers(self, cert: Any, trust_manager: Any) -> Any:
        """The issuers pyhanko-certvalidator would consider, until the budget is spent."""
        self.expanded += 1
        if self.expanded > self.limit:
            return iter(())
        return super().find_potential_issuers(cert, trust_manager)


@lru_cache(maxsize=2048)
def _asn1(cert: x509.Certificate) -> Any:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _asn1_crl(item: CrlData) -> Any:
    from asn1crypto import crl as asn1_crl

    data = item if isinstance(item, bytes) else item.public_bytes(Encoding.DER)
    return asn1_crl.CertificateList.load(data)


def _revocation_rules(policy: SignaturePolicy, checked: bool) -> RevocationCheckingPolicy:
    if not checked:
        return NO_REVOCATION
    if policy.revocation == "soft-fail":
        # For a consumer of the context (PDF validation): pyhanko-certvalidator's own
        # soft-fail. validate_path implements soft-fail itself, certificate by certificate.
        return cast(RevocationCheckingPolicy, RevocationCheckingPolicy.from_legacy("soft-fail"))
    return REQUIRE_REVINFO


def build_context(policy: SignaturePolicy, *, at: dt.datetime | None = None,
                  extra_crls: Sequence[CrlData] = (), extra_ocsps: Sequence[bytes] = (),
                  extra_certs: Sequence[x509.Certificate | bytes] = (),
                  rules: RevocationCheckingPolicy | None = None,
                  unrevoked: Iterable[bytes] = (),
                  registry: CertificateRegistry | None = None) -> ValidationContext:
    """The :class:`ValidationContext` of :meth:`SignaturePolicy.validation_context`.

    *rules* overrides the revocation rules; *unrevoked* lists SHA-256 digests of certificates
    whose revocation status is taken as good (``soft-fail`` bookkeeping); *registry* is the
    certificate store (default: a bounded one).
    """
    from asn1crypto import x509 as asn1_x509

    moment = policy.verification_time(at)
    registry = registry or _BoundedRegistry(MAX_PATH_NODES)
    # Configured intermediates first: the registry keeps the first certificate registered
    # for an issuer and serial number, so a look-alike given with the signature never
    # replaces a configured one.
    for cert in policy.intermediates:
        registry.register(_asn1(cert))
    for item in extra_certs:
        registry.register(asn1_x509.Certificate.load(item) if isinstance(item, bytes)
                          else _asn1(item))
    crls = process_legacy_crl_input([*policy._asn1_crls, *(_asn1_crl(c) for c in extra_crls)])
    ocsps = process_legacy_ocsp_input(list(extra_ocsps))
    checked = policy.checks_revocation(extra_crls, extra_ocsps)
    manager = RevinfoManager(
        certificate_registry=registry, poe_manager=POEManager(), crls=crls, ocsps=ocsps,
        assertions=[NonRevokedStatusAssertion(digest, moment) for digest in unrevoked])
    return ValidationContext(
        trust_manager=SimpleTrustManager.build(trust_roots=list(policy._asn1_anchors)),
        certificate_registry=registry, revinfo_manager=manager, moment=moment,
        # A CRL published after the validation time still tells whether the certificate
        # had been revoked by then (its entries carry revocation dates).
        revinfo_policy=CertRevTrustPolicy(rules or _revocation_rules(policy, checked),
                                          retroactive_revinfo=True),
        algorithm_usage_policy=PolicyAlgorithms(policy), allow_fetching=False)


async def _find_path(context: ValidationContext, leaf: Any,
                     params: Any) -> tuple[ValidationPath | None, list[Exception]]:
    """Validate candidate paths until one passes (at most :data:`MAX_CANDIDATE_PATHS`)."""
    failures: list[Exception] = []
    paths = context.path_builder.async_build_paths_lazy(leaf)
    try:
        async for candidate in paths:
            try:
                await async_validate_path(context, candidate, params)
            except pv_errors.ValidationError as exc:
                failures.append(exc)
                if len(failures) >= MAX_CANDIDATE_PATHS:
                    break
            else:
                return candidate, failures
    except pv_errors.PathBuildingError as exc:
        failures.append(exc)
    finally:
        await paths.cancel()  # type: ignore[no-untyped-call]
    return None, failures


def _most_relevant(failures: list[Exception]) -> Exception:
    # As pyhanko-certvalidator chooses: a failure that is not about a signature explains
    # more than "could not verify the signature" of a look-alike path.
    if len(failures) == 1:
        return failures[0]
    for failure in reversed(failures):
        if not isinstance(failure, pv_errors.PathBuildingError) \
                and "signature" not in str(failure):
            return failure
    return failures[0]


# -- findings -----------------------------------------------------------------------------

def _name(cert: x509.Certificate) -> str:
    try:
        return subject_string(cert) or tr("serial {serial}", serial=format(cert.serial_number, "x"))
    except ValueError:
        return tr("serial {serial}", serial=format(cert.serial_number, "x"))


_INTERMEDIATE: Final = re.compile(r"intermediate certificate (\d+)")


class _Chain:
    """The certificates of one validation, to name the one a failure is about."""

    def __init__(self, leaf: x509.Certificate, pool: Sequence[x509.Certificate],
                 anchors: Sequence[x509.Certificate]) -> None:
        self.leaf = leaf
        # Leaf first: when two certificates share a validity bound, the nearer one is named.
        self.by_der = {cert.public_bytes(Encoding.DER): cert
                       for cert in (leaf, *pool, *anchors)}

    def of(self, path: ValidationPath) -> tuple[x509.Certificate, ...]:
        """The path as :mod:`cryptography` certificates, leaf first, anchor last."""
        found = [self.by_der.get(cert.dump()) for cert in path.iter_certs(include_root=True)]
        return tuple(cert for cert in reversed(found) if cert is not None)

    def subject_of(self, failure: Exception) -> x509.Certificate | None:
        """The certificate a pyhanko-certvalidator failure is about, when it can be told."""
        if not isinstance(failure, pv_errors.PathValidationError):
            return None
        if failure.is_ee_cert and not failure.is_side_validation:
            return self.leaf
        match = _INTERMEDIATE.search(str(failure))
        if match is None:
            return None
        try:
            return self.by_der.get(failure.original_path[int(match.group(1))].dump())
        except (IndexError, KeyError, TypeError):
            return None

    def by_time(self, attribute: str, value: dt.datetime) -> x509.Certificate | None:
        """The certificate whose validity bound *attribute* is *value*."""
        for cert in self.by_der.values():
            if getattr(cert, attribute) == value.astimezone(dt.UTC):
                return cert
        return None


def _revocation_reason(failure: Exception, moment: dt.datetime) -> str:
    text = str(failure)
    if isinstance(failure, pv_errors.StaleRevinfoError) or "not recent enough" in text:
        return tr("the CRL of its issuer is out of date at {at}", at=moment.isoformat())
    if "signature could not be verified" in text:
        return tr("the CRL of its issuer fails its signature check")
    if "no revocation information could be found" in text:
        return tr("no CRL from its issuer is configured")
    return text  # another reason, in pyhanko-certvalidator's words


def _issuer(cert: x509.Certificate) -> str:
    try:
        return cert.issuer.rfc4514_string()
    except ValueError:
        return "?"


def _usage_problems(leaf: x509.Certificate, policy: SignaturePolicy,
                    language: str) -> tuple[Problem, ...]:
    return _usage_of(leaf, policy.required_key_usage, policy.signer_extended_key_usages,
                     language)


@lru_cache(maxsize=1024)
def _usage_of(leaf: x509.Certificate, required: frozenset[str], allowed: frozenset[str],
              language: str) -> tuple[Problem, ...]:
    # *language* is part of the cache key: the messages are in it.
    problems: list[Problem] = []
    if required:
        try:
            usage: x509.KeyUsage | None = leaf.extensions.get_extension_for_class(
                x509.KeyUsage).value
        except x509.ExtensionNotFound:
            usage = None
        if usage is None:
            problems.append(Problem("SIG023", tr(
                "signer certificate {name!r} has no KeyUsage extension; one of {usages} is "
                "required", name=_name(leaf), usages=", ".join(sorted(required)))))
        elif not any(getattr(usage, flag, False) for flag in required):
            problems.append(Problem("SIG023", tr(
                "signer certificate {name!r} key usage allows neither digitalSignature nor "
                "nonRepudiation", name=_name(leaf))))
    if allowed:
        try:
            purposes = {oid.dotted_string for oid in leaf.extensions.get_extension_for_class(
                x509.ExtendedKeyUsage).value}
        except x509.ExtensionNotFound:
            purposes = None
        if purposes is not None and not purposes & allowed:
            problems.append(Problem("SIG023", tr(
                "signer certificate {name!r} extended key usage ({purposes}) does not allow "
                "signing documents", name=_name(leaf), purposes=", ".join(sorted(purposes)))))
    return tuple(problems)


def _public_facts(cert: x509.Certificate) -> Any:
    try:
        return facts_of(cert.public_key())
    except (ValueError, UnsupportedAlgorithm):
        return facts_of(None)


def _tolerated(chain: Sequence[x509.Certificate], policy: SignaturePolicy) -> list[Problem]:
    """Warnings for what the legacy flags let through: short CA keys, SHA-1 certificates."""
    problems: list[Problem] = []
    for cert in chain[1:]:  # the signer's own key is judged by the verifier
        refusal = key_refusal(_public_facts(cert), min_rsa_bits=policy.min_rsa_bits,
                              min_ec_bits=policy.min_ec_bits, curves=policy.ec_curves)
        if refusal is not None:
            problems.append(Problem("SIG025", tr(
                "CA certificate {name!r}: {reason} (accepted: allow_weak_keys)",
                name=_name(cert), reason=refusal[1]), Severity.WARNING))
    for cert in chain[:-1]:  # an anchor's own signature is never checked
        try:
            algorithm = cert.signature_hash_algorithm
        except UnsupportedAlgorithm:
            algorithm = None
        if isinstance(algorithm, hashes.SHA1):
            problems.append(Problem("SIG006", tr(
                "certificate {name!r} is signed with SHA-1 (accepted: allow_sha1)",
                name=_name(cert)), Severity.WARNING))
    return problems


# -- validation -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Attempt:
    path: ValidationPath | None
    failure: Exception | None
    registry: _BoundedRegistry
    algorithms: PolicyAlgorithms


class _Validation:
    """One path validation: the inputs, and the runs of the engine it takes."""

    def __init__(self, leaf: x509.Certificate, pool: Sequence[x509.Certificate],
                 policy: SignaturePolicy, *, at: dt.datetime | None,
                 extra_crls: Sequence[CrlData], extra_ocsps: Sequence[bytes]) -> None:
        self.leaf, self.pool, self.policy, self.at = leaf, pool, policy, at
        self.extra_crls, self.extra_ocsps = extra_crls, extra_ocsps
        self.moment = policy.verification_time(at)
        self.checked = policy.checks_revocation(extra_crls, extra_ocsps)
        self.chain = _Chain(leaf, (*pool, *policy.intermediates), policy.trust_anchors)

    def attempt(self, rules: RevocationCheckingPolicy,
                unrevoked: Iterable[bytes] = ()) -> _Attempt:
        """Build and validate paths once under *rules* (revocation)."""
        registry = _BoundedRegistry(MAX_PATH_NODES)
        try:
            context = build_context(self.policy, at=self.at, extra_crls=self.extra_crls,
                                    extra_ocsps=self.extra_ocsps, extra_certs=self.pool,
                                    rules=rules, unrevoked=unrevoked, registry=registry)
            algorithms = cast(PolicyAlgorithms, context.algorithm_policy)
            leaf = _asn1(self.leaf)
            params = self.policy.pkix_params()
            path, failures = run_stepped(lambda: _find_path(context, leaf, params))
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            # Malformed certificate or CRL contents that the ASN.1 layer could not read.
            unreadable = pv_errors.ValidationError(tr(
                "certificate data could not be processed: {error}", error=exc))
            return _Attempt(None, unreadable, registry, PolicyAlgorithms(self.policy))
        if path is not None:
            return _Attempt(path, None, registry, algorithms)
        failure = (_most_relevant(failures) if failures
                   else pv_errors.PathBuildingError(
                       tr("no certificate path to a trust anchor could be built")))
        return _Attempt(None, failure, registry, algorithms)

    def run(self) -> TrustResult:
        """Validate; ``soft-fail`` retries certificate by certificate."""
        attempt = self.attempt(REQUIRE_REVINFO if self.checked else NO_REVOCATION)
        soft: list[Problem] = []
        if (attempt.path is None and self.policy.revocation == "soft-fail"
                and isinstance(attempt.failure, pv_errors.InsufficientRevinfoError)):
            attempt, soft = self.soft_fail()
        if attempt.path is None:
            assert attempt.failure is not None
            return TrustResult(TrustState.UNTRUSTED, (self.leaf,),
                               (*soft, self.problem(attempt)), self.checked)
        found = self.chain.of(attempt.path)
        return TrustResult(TrustState.TRUSTED, found, (*soft, *_tolerated(found, self.policy)),
                           self.checked)

    def soft_fail(self) -> tuple[_Attempt, list[Problem]]:
        """``soft-fail``: find the path without revocation, then check each certificate's
        status on its own (the others taken as good): revoked stays fatal, unknown is a
        warning."""
        unchecked = self.attempt(NO_REVOCATION)
        if unchecked.path is None:
            return unchecked, []
        found = self.chain.of(unchecked.path)
        # The CA certificates of the path (never the leaf: pyhanko-certvalidator skips the
        # whole path when the leaf's status is asserted). It checks from the anchor down, so
        # with the other CAs asserted, a failure is about the certificate examined or, after
        # it, the leaf.
        cas = {cert: cert.fingerprint(hashes.SHA256()) for cert in found[1:-1]}
        warnings: list[Problem] = []
        for cert in found[:-1]:
            others = [digest for ca, digest in cas.items() if ca is not cert]
            single = self.attempt(REQUIRE_REVINFO, unrevoked=others)
            failure = single.failure
            if isinstance(failure, pv_errors.InsufficientRevinfoError):
                if failure.is_ee_cert == (cert is self.leaf):  # about the one examined
                    warnings.append(self.problem(single)._replace(severity=Severity.WARNING))
            elif failure is not None:
                return single, warnings
        return unchecked, warnings

    def problem(self, attempt: _Attempt) -> Problem:
        """The finding for a failed attempt."""
        failure = attempt.failure
        moment = self.moment
        about = self.chain.subject_of(failure) if failure is not None else None
        who = _name(about) if about is not None else tr("a CA certificate of the path")
        detail = str(failure)
        if isinstance(failure, pv_errors.RevokedError):
            return Problem("SIG022", tr(
                "certificate {name!r} was revoked on {date} ({reason})", name=who,
                date=failure.revocation_dt.isoformat(), reason=failure.reason.human_friendly))
        if isinstance(failure, pv_errors.InsufficientRevinfoError):
            return Problem("SIG024", tr(
                "revocation status of certificate {name!r} is unknown: {reason}", name=who,
                reason=_revocation_reason(failure, moment)))
        if isinstance(failure, pv_errors.ExpiredError):
            cert = self.chain.by_time("not_valid_after_utc", failure.expired_dt)
            return Problem("SIG018", tr(
                "certificate {name!r} expired on {date} (checked at {at})",
                name=_name(cert) if cert is not None else who,
                date=failure.expired_dt.isoformat(), at=moment.isoformat()))
        if isinstance(failure, pv_errors.NotYetValidError):
            cert = self.chain.by_time("not_valid_before_utc", failure.valid_from)
            return Problem("SIG018", tr(
                "certificate {name!r} is not valid before {date} (checked at {at})",
                name=_name(cert) if cert is not None else who,
                date=failure.valid_from.isoformat(), at=moment.isoformat()))
        if isinstance(failure, pv_errors.DisallowedAlgorithmError):
            return Problem("SIG025", tr(
                "a certificate of the path is refused by the algorithm policy: {reason}",
                reason=attempt.algorithms.last_refusal or detail))
        if isinstance(failure, pv_errors.PathValidationError) or (
                failure is not None and not isinstance(failure, pv_errors.PathBuildingError)
                and "self-signed" not in detail):
            return Problem("SIG026", tr("the certificate path is not valid: {detail}",
                                        detail=detail))
        message = tr("certificate {name!r} (issuer {issuer!r}) does not chain to a "
                     "configured trust anchor", name=_name(self.leaf),
                     issuer=_issuer(self.leaf))
        if attempt.registry.exhausted:
            message += "; " + tr("path building stopped after examining {count} candidate "
                                 "issuers", count=attempt.registry.limit)
        return Problem("SIG017", message)


def validate_path(leaf: x509.Certificate, supplied: Sequence[x509.Certificate],
                  policy: SignaturePolicy, *, at: dt.datetime | None = None,
                  extra_crls: Sequence[CrlData] = (), extra_ocsps: Sequence[bytes] = ()
                  ) -> TrustResult:
    """Validate the path from *leaf* (with the certificates *supplied* with the signature
    and ``policy.intermediates``) to a configured anchor, at *at* (default: the policy's).

    *extra_crls* / *extra_ocsps* add revocation data that came with the signature (a PDF's
    DSS). The state is ``not_checked`` without anchors, ``trusted`` when a path validates and
    no trust-breaking problem was found, else ``untrusted``.
    """
    language = current_language()
    problems = list(_usage_problems(leaf, policy, language))
    if not policy.trust_anchors:
        return TrustResult(TrustState.NOT_CHECKED, (leaf,), tuple(problems))
    pool = _pool(leaf, supplied)
    checked = policy.checks_revocation(extra_crls, extra_ocsps)
    moment = policy.verification_time(at)
    key = _cache_key(leaf, pool, at, extra=bool(extra_crls or extra_ocsps), language=language)
    outcome = _cached(policy, key, moment)
    if outcome is None:
        outcome = _Validation(leaf, pool, policy, at=at, extra_crls=extra_crls,
                              extra_ocsps=extra_ocsps).run()
        if key is not None and outcome.state is TrustState.TRUSTED:
            _remember(policy, key, outcome)
    problems += outcome.problems
    if not checked and outcome.state is TrustState.TRUSTED:
        problems.append(Problem("SIG019", tr("revocation not checked: no CRL configured")
                                if policy.revocation == "auto"
                                else tr("revocation not checked: checking is off")))
    broken = any(p.rule in TRUST_BREAKING and p.severity in (None, Severity.ERROR)
                 for p in problems)
    state = TrustState.UNTRUSTED if broken else outcome.state
    return TrustResult(state, outcome.chain, tuple(problems), checked)


def _pool(leaf: x509.Certificate, supplied: Sequence[x509.Certificate]
          ) -> tuple[x509.Certificate, ...]:
    seen: dict[bytes, x509.Certificate] = {}
    leaf_der = leaf.public_bytes(Encoding.DER)
    for cert in supplied:
        der = cert.public_bytes(Encoding.DER)
        if der != leaf_der:
            seen.setdefault(der, cert)
    return tuple(seen.values())


# -- the cache of successful validations ----------------------------------------------------

_CACHE_SIZE: Final = 256


def _cache_key(leaf: x509.Certificate, pool: Sequence[x509.Certificate],
               at: dt.datetime | None, *, extra: bool, language: str
               ) -> tuple[object, ...] | None:
    if extra:
        return None  # per-signature revocation data: not worth keeping
    # The language is part of the key: a cached result carries its messages.
    # Certificates compare and hash by their DER encoding.
    return (leaf, pool, at, language)


class ResultCache:
    """Successful validations of one policy, shared by the threads that use the policy."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self.size = size
        self._entries: dict[object, tuple[TrustResult, dt.datetime, dt.datetime]] = {}
        self._lock = threading.Lock()

    def get(self, key: object, moment: dt.datetime) -> TrustResult | None:
        """The result kept for *key*, when *moment* is within its validity window."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None:
            return None
        result, valid_from, valid_until = entry
        return result if valid_from <= moment <= valid_until else None

    def put(self, key: object, result: TrustResult, valid_from: dt.datetime,
            valid_until: dt.datetime) -> None:
        """Keep *result* for *key* (the oldest entry goes when full)."""
        with self._lock:
            if len(self._entries) >= self.size and key not in self._entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = (result, valid_from, valid_until)

    def __len__(self) -> int:
        return len(self._entries)


def _cached(policy: SignaturePolicy, key: tuple[object, ...] | None,
            moment: dt.datetime) -> TrustResult | None:
    if key is None:
        return None
    cache: ResultCache = policy._trust_cache
    return cache.get(key, moment)


def _remember(policy: SignaturePolicy, key: tuple[object, ...], result: TrustResult) -> None:
    """Keep a successful validation for as long as every certificate of its path (and every
    CRL, when revocation was checked) stays within its validity period."""
    starts = [cert.not_valid_before_utc for cert in result.chain]
    ends = [cert.not_valid_after_utc for cert in result.chain]
    if result.revocation_checked:
        for crl in policy.crls:
            starts.append(crl.last_update_utc)
            if crl.next_update_utc is None:
                return
            ends.append(crl.next_update_utc)
    cache: ResultCache = policy._trust_cache
    cache.put(key, result, max(starts), min(ends))
