"""Fixtures for the PDF signature tests: the local PKI with its timestamp authority and CRL
server on 127.0.0.1 (one per test session), and small PDFs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the test modules import pdf_support by name
    sys.path.insert(0, str(HERE))

pytest.importorskip("pyhanko", reason="the pdf extra (pyHanko) is not installed")

from pdf_support import TestPKI, make_test_pki, stop_services  # noqa: E402


@pytest.fixture(scope="session")
def pki() -> Iterator[TestPKI]:
    """The local PKI and its HTTP services (TSA, CRLs)."""
    test_pki = make_test_pki()
    yield test_pki
    stop_services(test_pki.services)


@pytest.fixture(scope="session")
def plain_pdf() -> bytes:
    """A one-page unsigned PDF."""
    from vn_egov.edoc.demo import minimal_pdf

    return minimal_pdf("Ke hoach so 4547/KH-UBND")
