"""Published XML-DSig interop vectors (read from ../shared/interop/xmldsig when present).

Expected outcomes: vectors with allowed algorithms verify (keys from the vector's own
certificate or KeyValue); SHA-1 vectors are refused by default with SIG006 and verify only under
the legacy flag; forbidden constructions carry their precise rule id.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vn_egov.signature import CryptoState, SignaturePolicy, Verifier

VECTORS = Path(__file__).resolve().parents[3] / "shared" / "interop" / "xmldsig"
if not VECTORS.is_dir():
    VECTORS = Path("/work/shared/interop/xmldsig")

pytestmark = pytest.mark.skipif(not VECTORS.is_dir(), reason="interop vectors not available")

GENERIC = SignaturePolicy(require_whole_document=False, allow_key_value=True)
LEGACY = SignaturePolicy(require_whole_document=False, allow_key_value=True, allow_sha1=True,
                         allow_weak_keys=True)

VALID_BY_DEFAULT = [
    *(f"TR2012/signature-enveloping-{curve}_{digest}.xml"
      for curve in ("p256", "p384", "p521") for digest in ("sha256", "sha384", "sha512")),
    *(f"aleksey-xmldsig-01-enveloped/enveloped-sha256-rsa-sha256-test-{n}.xml"
      for n in range(1, 9)),
    "aleksey-xmldsig-01/enveloping-sha384-rsa-sha384.xml",
    "aleksey-xmldsig-01/enveloping-sha512-rsa-sha512.xml",
    "soap/request.xml",
    "xml-crypto/wsfederation_metadata.xml",
]

SHA1_VECTORS = [
    "TR2012/signature-enveloping-p256_sha1.xml",
    "aleksey-xmldsig-01/enveloping-sha1-rsa-sha1.xml",
    "merlin-xmldsig-twenty-three/signature-enveloping-rsa.xml",
    "pyXMLSecurity/SAML_assertion1.xml",
    "xml-crypto/signature_with_inclusivenamespaces.xml",
]

REFUSED = [
    ("phaos-xmldsig-three/signature-rsa-xpath-transform-enveloped.xml", "SIG004"),
    ("aleksey-xmldsig-01/x509data-test.xml", "SIG004"),
    ("merlin-xmldsig-twenty-three/signature-enveloping-b64-dsa.xml", "SIG004"),
    ("merlin-xmldsig-twenty-three/signature.xml", "SIG001"),
    ("aleksey-xmldsig-01/enveloping-md5-rsa-md5.xml", "SIG007"),
    ("aleksey-xmldsig-01/enveloping-sha256-hmac-sha256.xml", "SIG007"),
    ("TR2012/signature-enveloping-p256_sha224.xml", "SIG007"),
    ("TR2012/signature-enveloping-sha256-rsa-sha256.xml", "SIG008"),
    ("merlin-xmldsig-twenty-three/signature-external-dsa.xml", "SIG010"),
    ("TR2012/signature-enveloping-x509digest-rsa.xml", "SIG016"),
]


@pytest.mark.parametrize("name", VALID_BY_DEFAULT)
def test_allowed_vectors_verify(name: str) -> None:
    result = Verifier(GENERIC).verify(VECTORS / name)
    assert result.crypto is CryptoState.VALID, result.issues
    assert result.signature_intact
    assert result.trust.value == "not_checked"  # no anchors: intact, never the verdict
    assert not result.trusted_valid
    assert result.signed_references == ()
    assert result.references(accept_untrusted=True)


@pytest.mark.parametrize("name", SHA1_VECTORS)
def test_sha1_vectors_refused_by_default(name: str) -> None:
    result = Verifier(GENERIC).verify(VECTORS / name)
    assert result.crypto is CryptoState.UNVERIFIABLE
    assert "SIG006" in result.rule_ids()
    legacy = Verifier(LEGACY).verify(VECTORS / name)
    assert legacy.crypto is CryptoState.VALID, legacy.issues
    assert all(i.severity.value == "warning" for i in legacy.issues if i.rule == "SIG006")


@pytest.mark.parametrize(("name", "rule"), REFUSED)
def test_forbidden_constructions(name: str, rule: str) -> None:
    result = Verifier(GENERIC).verify(VECTORS / name)
    assert result.crypto is CryptoState.UNVERIFIABLE
    assert rule in result.rule_ids()


def test_broken_vector_is_invalid() -> None:
    result = Verifier(GENERIC).verify(
        VECTORS / "aleksey-xmldsig-01-enveloped/invalid_enveloped_transform.xml")
    assert result.crypto is CryptoState.INVALID
    # The SignatureValue is checked first and a mismatch stops there: no digest is computed.
    assert result.rule_ids() == ["SIG014"]
    assert result.signed_xml is None
    assert result.references(accept_untrusted=True) == ()


def test_default_edxml_policy_refuses_enveloping_vectors() -> None:
    result = Verifier().verify(VECTORS / "TR2012/signature-enveloping-p256_sha256.xml")
    assert "SIG003" in result.rule_ids()
