"""``vn-egov validate``: text output, exit codes, severity policy, jobs, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import PLUGIN, invoke

ALL_LINES = [
    "in/broken.edxml:3:1: error XML001 ",
    "in/info.edxml:1:1: info TST003 sample has no lang attribute [/sample]",
    "in/sub/bad.xml:2:3: error TST001 title is empty [/sample/title]",
    "in/sub/warn.xml:3:3: warning TST002 note element present [/sample/note]",
]


def _lines(stdout: str) -> list[str]:
    return stdout.splitlines()


def test_text_output_sorted_with_summary_on_stderr(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "in")
    assert run.exit_code == 1
    lines = _lines(run.stdout)
    assert len(lines) == 4
    for line, expected in zip(lines, ALL_LINES, strict=True):
        assert line.startswith(expected)
    assert "5 files, 2 invalid: 2 errors, 1 warning, 1 info" in run.stderr


def test_valid_files_exit_zero_and_warnings_allowed(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "in/good.xml", "in/sub/warn.xml")
    assert run.exit_code == 0
    assert _lines(run.stdout) == [ALL_LINES[3]]
    assert "2 files, 0 invalid: 1 warning" in run.stderr


def test_no_issue_summary(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "in/good.xml")
    assert (run.exit_code, run.stdout) == (0, "")
    assert "1 file, 0 invalid: no issues" in run.stderr


@pytest.mark.parametrize(("options", "expected"), [
    ([], 0),
    (["--strict"], 1),
    (["--fail-on", "warning"], 1),
    (["--fail-on", "info"], 1),
    (["--strict", "--fail-on", "error"], 0),
    (["--strict", "--exit-zero"], 0),
    (["--strict", "--disable", "TST002"], 0),
    (["--severity", "TST002=error"], 1),
    (["--strict", "--severity", "TST002=info"], 0),
])
def test_severity_policy_on_warning_file(sample_tree: Path, options: list[str],
                                         expected: int) -> None:
    run = invoke("validate", *PLUGIN, *options, "in/sub/warn.xml")
    assert run.exit_code == expected


def test_info_fails_only_with_fail_on_info(sample_tree: Path) -> None:
    assert invoke("validate", *PLUGIN, "--strict", "in/info.edxml").exit_code == 0
    assert invoke("validate", *PLUGIN, "--fail-on", "info", "in/info.edxml").exit_code == 1


def test_severity_override_is_shown(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "--severity", "TST002=error", "in/sub/warn.xml")
    assert _lines(run.stdout) == [ALL_LINES[3].replace("warning TST002", "error TST002")]


def test_disabled_rule_is_not_reported(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "--disable", "TST001", "in/sub/bad.xml")
    assert (run.exit_code, run.stdout) == (0, "")


def test_exit_zero_keeps_findings_printed(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "--exit-zero", "in")
    assert run.exit_code == 0
    assert len(_lines(run.stdout)) == 4


def test_exit_is_never_a_count(sample_tree: Path) -> None:
    for index in range(5):
        (sample_tree / f"in/more{index}.xml").write_bytes(b"<oops")
    assert invoke("validate", *PLUGIN, "in").exit_code == 1


def test_glob_expanded_by_the_tool(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "in/**/*.xml")
    assert run.exit_code == 1
    assert [line.split(":")[0] for line in _lines(run.stdout)] == ["in/sub/bad.xml",
                                                                  "in/sub/warn.xml"]
    assert "3 files, 1 invalid" in run.stderr


def test_explicit_profile_and_unknown_profile(sample_tree: Path) -> None:
    run = invoke("validate", *PLUGIN, "--profile", "test-sample", "in/good.xml")
    assert run.exit_code == 0
    run = invoke("validate", *PLUGIN, "--profile", "no-such", "in/good.xml")
    assert run.exit_code == 2
    assert "unknown profile 'no-such'" in run.stderr
    assert "test-sample" in run.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["missing.xml"], "missing.xml: path does not exist"),
    (["in/*.nothing"], "no files matched 'in/*.nothing'"),
    (["--disable", "NOPE1", "in"], "unknown rule id(s) in --disable: NOPE1"),
    (["--severity", "TST002", "in"], "'TST002' is not RULE=LEVEL"),
    (["--severity", "TST002=fatal", "in"], "unknown severity 'fatal'"),
    (["--severity", "NOPE2=error", "in"], "unknown rule id(s) in --severity: NOPE2"),
    (["--plugin", "no_such_module_x", "in"], "cannot import plugin 'no_such_module_x'"),
    (["--verify-signature", "in"], "--verify-signature needs at least one --trust"),
    (["--allow-sha1", "in"], "--allow-sha1 only apply with --verify-signature"),
    (["--config", "nope.toml", "in"], "cannot read configuration file"),
    ([], "Missing argument"),
])
def test_usage_and_input_errors_exit_2(sample_tree: Path, args: list[str], message: str) -> None:
    run = invoke("validate", *PLUGIN, *args)
    assert run.exit_code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_unreadable_path_exits_2(sample_tree: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read every file")
    path = sample_tree / "in/good.xml"
    path.chmod(0)
    run = invoke("validate", *PLUGIN, "in/good.xml")
    assert (run.exit_code, "permission denied" in run.stderr) == (2, True)


def test_signature_settings_reach_the_options(sample_tree: Path) -> None:
    from vn_egov.cli.commands.validate import CommandLine, build_plan
    from vn_egov.cli.config import Config

    ca = sample_tree / "ca.pem"
    ca.write_text("not checked here")
    plan, _ = build_plan(Config(), CommandLine(verify_signature=True, trust=(ca,),
                                               allow_sha1=True, plugins=("cli_sample_profile",)))
    assert plan.options.settings["signature"] == {"verify": True, "trust": [str(ca)],
                                                  "crls": [], "allow_sha1": True}
    run = invoke("validate", *PLUGIN, "--verify-signature", "--trust", "ca.pem", "in/good.xml")
    assert run.exit_code == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jobs_output_identical(sample_tree: Path, jobs: str) -> None:
    for index in range(12):
        name = f"in/many/{index:02d}.xml"
        (sample_tree / name).parent.mkdir(exist_ok=True)
        (sample_tree / name).write_bytes(b"<x" if index % 3 == 0 else b"<x/>")
    run = invoke("validate", *PLUGIN, "--jobs", jobs, "--format", "json", "in")
    reference = invoke("validate", *PLUGIN, "--jobs", "1", "--format", "json", "in")
    assert run.exit_code == reference.exit_code == 1
    assert run.stdout == reference.stdout


def _run_with_stderr(stderr_tty: bool, folder: Path) -> str:
    """Run the real CLI in a subprocess with stderr on a pseudo-terminal or a pipe."""
    import os
    import subprocess
    import sys

    code = "from vn_egov.cli.main import main; main()"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    args = [sys.executable, "-W", "ignore", "-c", code, "validate", *PLUGIN, str(folder)]
    if not stderr_tty:
        done = subprocess.run(args, capture_output=True, check=False, env=env)
        return done.stderr.decode()
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=slave, env=env) as proc:
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode(errors="replace")


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import cli_sample_profile

    from vn_egov.cli.commands.validate import PROGRESS_MIN_FILES

    for index in range(PROGRESS_MIN_FILES):
        (tmp_path / f"{index:02d}.xml").write_bytes(cli_sample_profile.document())
    on_tty = _run_with_stderr(True, tmp_path)
    piped = _run_with_stderr(False, tmp_path)
    assert "Validating" in on_tty
    assert f"{PROGRESS_MIN_FILES} files, 0 invalid: no issues" in on_tty
    assert "Validating" not in piped
    assert piped.strip() == f"{PROGRESS_MIN_FILES} files, 0 invalid: no issues"
