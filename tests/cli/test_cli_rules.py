"""``vn-egov rules`` and the generated ``docs/rules.md``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import PLUGIN, invoke

from vn_egov.cli.commands.rules import render_markdown
from vn_egov.validation import all_rules, get_rule

DOCS = Path(__file__).parents[2] / "docs" / "rules.md"


def test_text_lists_every_rule() -> None:
    run = invoke("rules", *PLUGIN)
    assert run.exit_code == 0
    heads = [line.split()[0] for line in run.stdout.splitlines() if not line.startswith(" ")]
    assert heads == [rule.id for rule in all_rules()]
    assert ("TST002  warning  rules  test-sample  Note present\n    hint: drop the note\n"
            "    reference: test spec §2\n") in run.stdout


def test_json_fields() -> None:
    run = invoke("rules", *PLUGIN, "--format", "json")
    rules = {rule["id"]: rule for rule in json.loads(run.stdout)}
    assert rules["TST100"] == {"id": "TST100", "severity": "error", "layer": "xsd",
                               "profiles": ["test-sample"],
                               "title": "Schema violation of the sample profile",
                               "hint": "compare with sample.xsd", "reference": "sample.xsd"}
    assert rules["XML001"]["reference"] == "XML 1.0 §2.1"


def test_markdown_table_escapes_pipes() -> None:
    from vn_egov.validation import Rule, Severity

    rule = Rule("ZZZ001", Severity.INFO, "a | b", "", "", ("p1", "p2"))
    last = render_markdown([rule]).splitlines()[-1]
    assert last == "| `ZZZ001` | info | rules | p1, p2 | a \\| b | — | — |"
    assert render_markdown([rule]).splitlines()[0] == "# Rule catalogue"


def test_rules_unknown_plugin_exits_2() -> None:
    run = invoke("rules", "--plugin", "no_such_module_y")
    assert run.exit_code == 2
    assert "cannot import plugin 'no_such_module_y'" in run.stderr


def test_docs_rules_md_is_generated_text() -> None:
    """docs/rules.md must equal the command's output; regenerate with
    ``vn-egov rules --format markdown > docs/rules.md``.

    Runs in a fresh interpreter so the test profile's rules (registered in this process)
    do not leak into the comparison.
    """
    code = ("import sys; from vn_egov.cli.main import main; "
            "main(['rules', '--format', 'markdown'])")
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                          check=False, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    if DOCS.read_text(encoding="utf-8") != done.stdout:
        pytest.fail("docs/rules.md is out of date: run "
                    "`vn-egov rules --format markdown > docs/rules.md`")


def test_registered_core_rules_present() -> None:
    assert get_rule("VAL001").layer == "well-formed"
