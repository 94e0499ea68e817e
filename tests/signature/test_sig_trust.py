"""Certificate trust (issue 15 items 1, 2, 7): RFC 5280 path validation by the one engine,
fail-closed revocation, the policy's keys and algorithms for every certificate, attacker
certificates as findings, and the validation context shared with PDF verification."""

from __future__ import annotations

import base64
import datetime as dt
import re
import time
from typing import Any

import pytest
import xmlsec
from certbuilder import (
    CLIENT_AUTH,
    EMAIL_PROTECTION,
    NOW,
    SERVER_AUTH,
    Party,
    corrupt_name,
    directory_name,
    issue,
    resign_sha1,
)
from cryptography.hazmat.primitives import serialization
from sig_support import build_package, xmlsec_sign

from vn_egov.signature import (
    CryptoState,
    SignaturePolicy,
    Signer,
    TrustState,
    VerificationResult,
    Verifier,
    make_crl,
)
from vn_egov.signature.trust import validate_path
from vn_egov.validation import Severity

ORG = "CN=Sở Khoa học và Công nghệ (DEMO),O=Tỉnh Mẫu,C=VN,UID=MST:0100000000"


@pytest.fixture(scope="module")
def root() -> Party:
    return issue("CN=Root CA (DEMO),O=Tỉnh Mẫu,C=VN", ca=True)


@pytest.fixture(scope="module")
def issuing(root: Party) -> Party:
    return issue("CN=Issuing CA (DEMO),O=Tỉnh Mẫu,C=VN", issuer=root, ca=True)


@pytest.fixture(scope="module")
def leaf(issuing: Party) -> Party:
    return issue(ORG, issuer=issuing)


def _sign(leaf: Party, *chain: Party) -> bytes:
    return Signer(leaf.key, (leaf.cert, *(p.cert for p in chain))).sign(build_package())


def _verify(data: bytes, root: Party, **options: Any) -> VerificationResult:
    options.setdefault("revocation", "off")
    return Verifier(SignaturePolicy(trust_anchors=(root.cert,), **options)).verify(data)


def _errors(result: VerificationResult) -> list[str]:
    return sorted({i.rule for i in result.issues if i.severity is Severity.ERROR})


def _message(result: VerificationResult, rule: str) -> str:
    return next(i.message for i in result.issues if i.rule == rule)


def test_control_chain_is_trusted(root: Party, issuing: Party, leaf: Party) -> None:
    result = _verify(_sign(leaf, issuing), root)
    assert result.trusted_valid, result.issues
    assert [c.subject for c in result.chain] == [leaf.cert.subject, issuing.cert.subject,
                                                 root.cert.subject]
    assert result.rule_ids() == ["SIG019"]  # revocation="off" is said, never silent


# -- RFC 5280 constraints (item 2) --------------------------------------------------------------

@pytest.mark.parametrize(("length", "trusted"), [(0, False), (1, True)])
def test_path_length_constraint(root: Party, length: int, trusted: bool) -> None:
    upper = issue("CN=Upper CA,C=VN", issuer=root, ca=True, path_length=length)
    lower = issue("CN=Lower CA,C=VN", issuer=upper, ca=True)
    signer = issue(ORG, issuer=lower)
    result = _verify(_sign(signer, lower, upper), root)
    assert result.trusted_valid is trusted
    if not trusted:
        assert _errors(result) == ["SIG026"]
        assert "maximum path length" in _message(result, "SIG026")


@pytest.mark.parametrize(("organisation", "trusted"), [("Tỉnh Mẫu", True), ("Tỉnh Khác", False)])
def test_name_constraints(root: Party, organisation: str, trusted: bool) -> None:
    constrained = issue("CN=Constrained CA,O=Tỉnh Mẫu,C=VN", issuer=root, ca=True,
                        permitted=[directory_name("Tỉnh Mẫu")])
    signer = issue(f"CN=Văn thư,O={organisation},C=VN", issuer=constrained)
    result = _verify(_sign(signer, constrained), root)
    assert result.trusted_valid is trusted, result.issues
    if not trusted:
        assert _errors(result) == ["SIG026"]
        assert "permitted namespace" in _message(result, "SIG026")


@pytest.mark.parametrize("where", ["leaf", "ca"])
def test_unknown_critical_extension(root: Party, where: str) -> None:
    ca = issue("CN=Odd CA,C=VN", issuer=root, ca=True, unknown_critical=where == "ca")
    signer = issue(ORG, issuer=ca, unknown_critical=where == "leaf")
    result = _verify(_sign(signer, ca), root)
    assert not result.trusted_valid
    assert result.signature_intact
    assert _errors(result) == ["SIG026"]
    assert "1.3.6.1.4.1.55555.1.1" in _message(result, "SIG026")


@pytest.mark.parametrize(("usages", "accepted"), [
    ([SERVER_AUTH], False), ([EMAIL_PROTECTION], True), ([CLIENT_AUTH, EMAIL_PROTECTION], True),
    (None, True)])
def test_extended_key_usage(root: Party, issuing: Party, usages: Any, accepted: bool) -> None:
    signer = issue(ORG, issuer=issuing, extended_usage=usages)
    result = _verify(_sign(signer, issuing), root)
    assert result.trusted_valid is accepted
    if not accepted:
        assert _errors(result) == ["SIG023"]
        assert "extended key usage (1.3.6.1.5.5.7.3.1)" in _message(result, "SIG023")
        relaxed = _verify(_sign(signer, issuing), root,
                          signer_extended_key_usages=frozenset())
        assert relaxed.trusted_valid


def test_rsa_1024_intermediate_refused_by_default(root: Party) -> None:
    weak = issue("CN=Weak CA,C=VN", issuer=root, ca=True, kind="rsa1024")
    signer = issue(ORG, issuer=weak)
    result = _verify(_sign(signer, weak), root)
    assert _errors(result) == ["SIG025"]
    assert "RSA-1024 key; at least 2048 bits" in _message(result, "SIG025")
    legacy = _verify(_sign(signer, weak), root, allow_weak_keys=True)
    assert legacy.trusted_valid
    assert [(i.rule, i.severity) for i in legacy.issues if i.rule == "SIG025"] == [
        ("SIG025", Severity.WARNING)]


def test_secp256k1_refused_for_signer_and_for_ca(root: Party, issuing: Party) -> None:
    k1_leaf = issue(ORG, issuer=issuing, kind="secp256k1")
    signed = xmlsec_sign(build_package(), k1_leaf.key, k1_leaf.cert,
                         method=xmlsec.constants.TransformEcdsaSha256,
                         parent_xpath="//edXML:edXMLHeader")
    result = _verify(signed, root, intermediates=(issuing.cert,))
    assert result.crypto is CryptoState.UNVERIFIABLE
    assert result.rule_ids() == ["SIG007"]
    assert "secp256k1" in _message(result, "SIG007")
    k1_ca = issue("CN=K1 CA,C=VN", issuer=root, ca=True, kind="secp256k1")
    signer = issue(ORG, issuer=k1_ca)
    result = _verify(_sign(signer, k1_ca), root)
    assert _errors(result) == ["SIG025"]
    assert "EC-secp256k1 key: the curve is not allowed" in _message(result, "SIG025")


def test_sha1_certificate_signature(root: Party) -> None:
    rsa_root = issue("CN=RSA Root CA,C=VN", ca=True, kind="rsa2048")
    modern = issue("CN=SHA-1 CA,C=VN", issuer=rsa_root, ca=True, kind="rsa2048")
    old = Party(modern.key, resign_sha1(modern.cert, rsa_root.key))
    signer = issue(ORG, issuer=old)
    root = rsa_root
    result = _verify(_sign(signer, old), root)
    assert _errors(result) == ["SIG025"]
    assert "hash sha1 is not allowed" in _message(result, "SIG025")
    legacy = _verify(_sign(signer, old), root, allow_sha1=True)
    assert legacy.trusted_valid
    assert [(i.rule, i.severity) for i in legacy.issues if i.rule == "SIG006"] == [
        ("SIG006", Severity.WARNING)]


# -- attacker certificates (item 7) ------------------------------------------------------------

def _with_certificate(signed: bytes, cert: Any) -> bytes:
    text = base64.b64encode(cert.public_bytes(serialization.Encoding.DER))
    return re.sub(rb"<X509Certificate>[^<]+</X509Certificate>",
                  b"<X509Certificate>" + text + b"</X509Certificate>", signed, count=1)


@pytest.mark.parametrize("kind", ["dsa", "ed25519"])
def test_dsa_and_ed25519_certificates_with_an_rsa_method(root: Party, issuing: Party,
                                                         kind: str) -> None:
    rsa_leaf = issue(ORG, issuer=issuing, kind="rsa2048")
    other = issue(ORG, issuer=issuing, kind=kind)
    forged = _with_certificate(_sign(rsa_leaf, issuing), other.cert)
    result = _verify(forged, root)
    assert result.crypto is CryptoState.UNVERIFIABLE
    assert result.rule_ids() == ["SIG007"]
    assert "only RSA and ECDSA keys are allowed" in _message(result, "SIG007")


@pytest.mark.parametrize(("tag", "replacement"), [(None, b"\xff\xfeZZMARKER"),
                                                  (0x14, b"\xff\xfeZZMARKER")])
def test_names_that_cannot_be_decoded(root: Party, issuing: Party, tag: int | None,
                                      replacement: bytes) -> None:
    """Invalid UTF-8 in a UTF8String, invalid bytes in a T61String: SIG016, no crash."""
    signer = issue("CN=ZZZZMARKER,O=Tỉnh Mẫu,C=VN", issuer=issuing)
    broken = corrupt_name(signer.cert, b"ZZZZMARKER", replacement, tag)
    result = _verify(_with_certificate(_sign(signer, issuing), broken), root)
    assert result.crypto is CryptoState.UNVERIFIABLE
    assert result.rule_ids() == ["SIG016"]
    assert "cannot be read" in _message(result, "SIG016")


def test_undecodable_intermediate_does_not_crash_path_validation(root: Party,
                                                                  issuing: Party) -> None:
    look_alike = issue("CN=ZZZZMARKER,C=VN", issuer=root, ca=True)
    broken = corrupt_name(look_alike.cert, b"ZZZZMARKER", b"\xff\xfeZZMARKER")
    outcome = validate_path(issue(ORG, issuer=issuing).cert, [broken],
                            SignaturePolicy(trust_anchors=(root.cert,), revocation="off"))
    assert outcome.state is TrustState.UNTRUSTED
    assert [p.rule for p in outcome.problems] == ["SIG026"]
    assert "certificate data could not be processed" in outcome.problems[0].message


# -- revocation (item 1) -----------------------------------------------------------------------

def _crl(issuer: Party, revoked: tuple[Party, ...] = (), **times: dt.datetime) -> Any:
    return make_crl((issuer.key, issuer.cert), [p.cert for p in revoked], **times)


def test_crl_from_a_look_alike_ca_with_the_same_name(root: Party, issuing: Party,
                                                     leaf: Party) -> None:
    look_alike = issue("CN=Issuing CA (DEMO),O=Tỉnh Mẫu,C=VN", ca=True)  # same name
    crls = (_crl(look_alike), _crl(root))
    result = _verify(_sign(leaf, issuing), root, crls=crls, revocation="auto")
    assert _errors(result) == ["SIG024"]
    assert result.trust is TrustState.UNTRUSTED
    assert "fails its signature check" in _message(result, "SIG024")


def test_stale_crl_is_unknown_not_trusted(root: Party, issuing: Party, leaf: Party) -> None:
    stale = _crl(issuing, last_update=NOW - dt.timedelta(days=40),
                 next_update=NOW - dt.timedelta(days=10))
    result = _verify(_sign(leaf, issuing), root, crls=(stale, _crl(root)), revocation="auto")
    assert _errors(result) == ["SIG024"]
    assert "out of date" in _message(result, "SIG024")
    soft = _verify(_sign(leaf, issuing), root, crls=(stale, _crl(root)),
                   revocation="soft-fail")
    assert soft.trusted_valid
    assert [(i.rule, i.severity) for i in soft.issues] == [("SIG024", Severity.WARNING)]


def test_every_ca_of_the_path_needs_revocation_data(root: Party, issuing: Party,
                                                    leaf: Party) -> None:
    signed = _sign(leaf, issuing)
    result = _verify(signed, root, crls=(_crl(issuing),), revocation="auto")
    assert _errors(result) == ["SIG024"]
    assert "Issuing CA (DEMO)" in _message(result, "SIG024")
    assert "no CRL from its issuer" in _message(result, "SIG024")
    assert _verify(signed, root, crls=(_crl(issuing), _crl(root)),
                   revocation="auto").trusted_valid
    assert _errors(_verify(signed, root, revocation="require")) == ["SIG024"]
    unchecked = _verify(signed, root, revocation="auto")
    assert unchecked.trusted_valid
    assert [(i.rule, i.severity) for i in unchecked.issues] == [("SIG019", Severity.INFO)]


def test_soft_fail_still_refuses_a_revoked_signer(root: Party, issuing: Party) -> None:
    revoked = issue(ORG, issuer=issuing)
    # The issuing CA's CRL revokes the signer; the root's CRL is missing (unknown status).
    result = _verify(_sign(revoked, issuing), root, crls=(_crl(issuing, (revoked,)),),
                     revocation="soft-fail")
    assert not result.trusted_valid
    assert "SIG022" in _errors(result)


def test_revoked_intermediate(root: Party) -> None:
    ca = issue("CN=Revoked CA,C=VN", issuer=root, ca=True)
    signer = issue(ORG, issuer=ca)
    result = _verify(_sign(signer, ca), root, crls=(_crl(ca), _crl(root, (ca,))),
                     revocation="auto")
    assert _errors(result) == ["SIG022"]
    assert "Revoked CA" in _message(result, "SIG022")


# -- the engine shared with PDF verification ----------------------------------------------------

def test_validation_context_drives_pyhanko_certvalidator_directly(root: Party,
                                                                   issuing: Party) -> None:
    """What a PDF verifier does with the policy: pyhanko-certvalidator's own validator."""
    import asyncio

    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathValidationError, RevokedError

    def asn1(party: Party) -> Any:
        return asn1_x509.Certificate.load(party.cert.public_bytes(serialization.Encoding.DER))

    good, bad = issue(ORG, issuer=issuing), issue(ORG, issuer=issuing)
    crls = [_crl(issuing, (bad,)).public_bytes(serialization.Encoding.DER),
            _crl(root).public_bytes(serialization.Encoding.DER)]
    policy = SignaturePolicy(trust_anchors=(root.cert,))  # no CRL: they come with the PDF
    context = policy.validation_context(extra_crls=crls, extra_certs=[issuing.cert])
    path = asyncio.run(CertificateValidator(asn1(good), validation_context=context)
                       .async_validate_path())
    assert path.pkix_len == 2
    context = policy.validation_context(extra_crls=crls, extra_certs=[issuing.cert])
    with pytest.raises(RevokedError):
        asyncio.run(CertificateValidator(asn1(bad), validation_context=context)
                    .async_validate_path())
    weak = issue("CN=Weak CA,C=VN", issuer=root, ca=True, kind="rsa1024")
    context = SignaturePolicy(trust_anchors=(root.cert,)).validation_context(
        extra_certs=[weak.cert])
    with pytest.raises(PathValidationError, match="RSA-1024"):
        asyncio.run(CertificateValidator(asn1(issue(ORG, issuer=weak)),
                                         validation_context=context).async_validate_path())
    assert validate_path(bad.cert, [issuing.cert], policy,
                         extra_crls=crls).problems[0].rule == "SIG022"


def test_successful_validations_are_reused_only_while_valid(root: Party, issuing: Party,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    from vn_egov.signature import trust

    runs: list[int] = []
    real = trust._Validation.run

    def counted(self: Any) -> Any:
        runs.append(1)
        return real(self)

    monkeypatch.setattr(trust._Validation, "run", counted)
    short = issue(ORG, issuer=issuing, not_after=dt.datetime.now(dt.UTC)
                  + dt.timedelta(seconds=3))
    policy = SignaturePolicy(trust_anchors=(root.cert,), revocation="off")
    first = validate_path(short.cert, [issuing.cert], policy)
    second = validate_path(short.cert, [issuing.cert], policy)
    assert first.state is second.state is TrustState.TRUSTED
    assert len(runs) == 1  # the second came from the cache
    time.sleep(4.5)  # past notAfter (and the validator's one-second tolerance)
    third = validate_path(short.cert, [issuing.cert], policy)
    assert len(runs) == 2
    assert third.state is TrustState.UNTRUSTED
    assert [p.rule for p in third.problems] == ["SIG018"]


def test_verification_inside_an_event_loop_and_from_threads(pki: Any,
                                                            signed_package: bytes) -> None:
    """The hub verifies from asyncio handlers and worker threads: the path validator's
    coroutines never need the caller's loop, and one policy is shared safely."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    shared = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)

    async def handler() -> bool:
        fresh = SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)
        return Verifier(fresh).verify(signed_package).trusted_valid

    assert asyncio.run(handler())

    def work(index: int) -> bool:
        policy = shared if index % 2 else SignaturePolicy(trust_anchors=(pki.root,),
                                                          crls=pki.crls)
        return Verifier(policy).verify(signed_package).trusted_valid

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, range(16)))
    assert len(shared._trust_cache) == 1


def test_coroutines_that_wait_run_in_their_own_loop() -> None:
    """The engine's coroutines do no I/O and finish in one step; one that waits (should a
    future pyhanko-certvalidator version yield) runs again in a thread with its own loop,
    also when the caller is inside a running loop, and in the caller's language."""
    import asyncio

    from vn_egov.i18n import current_language, language
    from vn_egov.signature._aio import run_stepped

    async def immediate() -> str:
        return "direct"

    async def waiting() -> str:
        await asyncio.sleep(0)
        return f"in a loop, {current_language()}"

    assert run_stepped(immediate) == "direct"
    assert run_stepped(waiting) == "in a loop, en"

    async def caller() -> str:
        with language("vi"):
            return run_stepped(waiting)

    assert asyncio.run(caller()) == "in a loop, vi"
