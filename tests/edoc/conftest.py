"""Fixtures of the edXML tests; the helpers themselves are in ``edoc_support``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # ``import edoc_support, strategies`` from the test modules
    sys.path.insert(0, str(HERE))

from edoc_support import document, status  # noqa: E402

from vn_egov.edoc import DocumentPackage, StatusPackage  # noqa: E402


@pytest.fixture
def small_document() -> DocumentPackage:
    """A fresh small document package."""
    return document()


@pytest.fixture
def small_status() -> StatusPackage:
    """A fresh small status package."""
    return status()
