"""Fixtures of the documentation tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


@pytest.fixture(scope="session")
def command_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the slow demonstration commands keep their output for later pages."""
    return tmp_path_factory.mktemp("docs-command-cache")
