"""Every attack of the corpus through the command line: a clear message, exit 1 or 2, no
traceback, and nothing read or connected (the same canaries as the library tests)."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from attack_tools import Guard, _release
from click.testing import CliRunner, Result
from test_corpus import CASES, Builder

from vn_egov.cli.main import cli
from vn_egov.errors import VnEgovError

BOUND = 10.0
# An attack is refused before the profile can be known: the generic rule ids apply, or the
# edXML ones when the bytes are recognisably edXML.
VALIDATE_LINE = re.compile(r": error (XML00[123]|EDX00[12]) ")


def _invoke(args: list[str], guard: Guard) -> Result:
    outcome: dict[str, Any] = {}

    def target() -> None:
        outcome["result"] = CliRunner().invoke(cli, args)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(BOUND)
    if thread.is_alive():
        _release(guard.fifo)
        pytest.fail(f"vn-egov {' '.join(args)} did not finish: a canary was opened or it hung")
    result: Result = outcome["result"]
    return result


@pytest.mark.parametrize(("builder", "error", "message"),
                         [pytest.param(b, e, m, id=i) for i, b, e, m in CASES])
def test_cli_refuses_every_attack(guard: Guard, tmp_path: Path, builder: Builder,
                                  error: type[VnEgovError], message: str) -> None:
    path = tmp_path / "attack.edxml"
    path.write_bytes(builder(guard))

    validated = _invoke(["validate", str(path)], guard)
    assert validated.exit_code == 1, validated.output
    assert VALIDATE_LINE.search(validated.output), validated.output
    assert "Traceback" not in validated.output

    for args in (["inspect", str(path)], ["extract", str(path), "-d", str(tmp_path / "out")],
                 ["verify", str(path), "--trust", str(path)]):
        result = _invoke(args, guard)
        assert result.exit_code in (1, 2), (args, result.output)
        assert "Traceback" not in result.output, (args, result.output)
        assert result.output.startswith("vn-egov: error: "), (args, result.output)
    inspected = _invoke(["inspect", str(path)], guard)
    assert message in inspected.output, inspected.output
    assert str(path) in inspected.output
