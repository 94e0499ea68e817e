"""Shared constants of the conformance-kit tests (imported by name: the folder is on sys.path)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Our own CLI as an external command, independent of PATH and of console-script shims.
CLI = shlex.join([sys.executable, "-c", "from vn_egov.cli.main import main; main()"])
PYTHON = shlex.quote(sys.executable)
