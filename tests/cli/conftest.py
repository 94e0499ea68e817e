"""Fixtures for the CLI tests: the sample profile, a tree of sample files, a CLI runner."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
if str(HERE) not in sys.path:  # the plugin must be importable by name, also in workers
    sys.path.insert(0, str(HERE))

@pytest.fixture(autouse=True)
def _sample_profile() -> Iterator[None]:
    """The sample profile exists during each CLI test only, never for other test folders."""
    import cli_sample_profile

    cli_sample_profile.register()
    yield
    cli_sample_profile.unregister()


@pytest.fixture
def sample_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with valid, warning-only, invalid and malformed files.

    in/good.xml      valid, no issue
    in/info.edxml    valid, one TST003 info
    in/sub/warn.xml  valid, one TST002 warning
    in/sub/bad.xml   invalid: TST001 error
    in/broken.edxml  not well-formed: XML001
    in/readme.txt    not matched by the default patterns
    """
    import cli_sample_profile

    files = {
        "in/good.xml": cli_sample_profile.document(),
        "in/info.edxml": cli_sample_profile.document(lang=False),
        "in/sub/warn.xml": cli_sample_profile.document(note=True),
        "in/sub/bad.xml": cli_sample_profile.document(title=""),
        "in/broken.edxml": b"<sample>\n  <title>\n",
        "in/readme.txt": b"not xml",
    }
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path
