"""Shared fixtures for the signature tests: demo PKIs, edXML packages, and
the independent peer (python-xmlsec / libxmlsec1)."""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

HERE = _Path(__file__).resolve().parent
if str(HERE) not in _sys.path:  # the test modules import their helper modules by name
    _sys.path.insert(0, str(HERE))

from collections.abc import Callable  # noqa: E402

import pytest  # noqa: E402
from sig_support import (  # noqa: E402
    PLACEHOLDER_SIGNATURE,
    build_package,
    key_pem,
    pem,
    xmlsec_sign,
    xmlsec_verify,
)

from vn_egov.signature import DemoPKI, SignaturePolicy, Signer, Verifier, make_demo_pki  # noqa: E402


@pytest.fixture(scope="session")
def pki() -> DemoPKI:
    return make_demo_pki()


@pytest.fixture(scope="session")
def ec_pki() -> DemoPKI:
    return make_demo_pki(key_spec="ec-p256")


@pytest.fixture
def package() -> Callable[..., bytes]:
    return build_package


@pytest.fixture(scope="session")
def policy(pki: DemoPKI) -> SignaturePolicy:
    return SignaturePolicy(trust_anchors=(pki.root,), crls=pki.crls)


@pytest.fixture(scope="session")
def verifier(policy: SignaturePolicy) -> Verifier:
    return Verifier(policy)


@pytest.fixture(scope="session")
def signed_package(pki: DemoPKI) -> bytes:
    return Signer(pki.signer_key, pki.chain).sign(build_package())


class Peer:
    """The libxmlsec1 peer as a fixture object."""

    sign = staticmethod(xmlsec_sign)
    verify = staticmethod(xmlsec_verify)
    pem = staticmethod(pem)
    key_pem = staticmethod(key_pem)


@pytest.fixture(scope="session")
def peer() -> Peer:
    return Peer()


@pytest.fixture(scope="session")
def placeholder_signature() -> str:
    return PLACEHOLDER_SIGNATURE
