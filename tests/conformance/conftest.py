"""Fixtures for the conformance-kit tests: the shipped manifest and small external programs."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).parent
if str(HERE) not in sys.path:  # conformance_support is imported by name
    sys.path.insert(0, str(HERE))

from conformance_support import PYTHON  # noqa: E402

from vn_egov.conformance.manifest import Manifest, load_manifest  # noqa: E402


@pytest.fixture(scope="session")
def manifest() -> Manifest:
    """The corpus as shipped (the checkout's conformance/ folder in an editable install)."""
    return load_manifest()


@pytest.fixture
def script(tmp_path: Path) -> Callable[[str, str], str]:
    """Write a small Python program; return the command line that runs it."""
    def make(name: str, source: str) -> str:
        path = tmp_path / name
        path.write_text(source, encoding="utf-8")
        return f"{PYTHON} {shlex.quote(str(path))}"
    return make
