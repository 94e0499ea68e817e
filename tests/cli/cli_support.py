"""Helpers shared by the CLI tests: run the CLI in-process, the sample-profile plugin option."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from vn_egov.cli.main import cli

PLUGIN = ["--plugin", "cli_sample_profile"]


@dataclass
class Run:
    """Outcome of one CLI invocation."""

    exit_code: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Run:
    """Run ``vn-egov ARGS`` in-process and capture both streams separately."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)
