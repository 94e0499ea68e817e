"""Configuration: discovery upward, pyproject vs vn-egov.toml, unknown keys, precedence."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import PLUGIN, invoke

from vn_egov.cli.config import Config, load_config, parse_config
from vn_egov.errors import ConfigurationError
from vn_egov.validation import Severity


def test_vn_egov_toml_found_upward_and_applied(sample_tree: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (sample_tree / "vn-egov.toml").write_text(
        'strict = true\nplugins = ["cli_sample_profile"]\n', encoding="utf-8")
    monkeypatch.chdir(sample_tree / "in" / "sub")
    run = invoke("validate", "warn.xml")
    assert run.exit_code == 1  # strict from the parent folder's file
    assert invoke("validate", "--no-strict", "warn.xml").exit_code == 0  # CLI wins


def test_pyproject_table_and_toml_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vn-egov]\nfail-on = "info"\n')
    assert load_config(start=tmp_path).fail_on is Severity.INFO
    (tmp_path / "vn-egov.toml").write_text('fail-on = "warning"\n')
    config = load_config(start=tmp_path)
    assert (config.source, config.fail_on) == (tmp_path / "vn-egov.toml", Severity.WARNING)


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n')
    assert load_config(start=inner) == Config()


def test_all_keys_parsed(tmp_path: Path) -> None:
    source = tmp_path / "vn-egov.toml"
    config = parse_config({
        "profile": "edxml-document", "fail-on": "warning", "strict": False,
        "disable": ["EDX009"], "severity": {"EDX105": "error"}, "include": ["*.edxml"],
        "exclude": ["build"], "jobs": 2, "profiles": {"status/*.edxml": "edxml-status"},
        "signature": {"verify": True, "trust": ["ca/root.pem"], "crl": ["ca/x.crl"],
                      "allow-sha1": True},
        "plugins": ["my.profiles"]}, source)
    assert config.severity == {"EDX105": Severity.ERROR}
    assert config.profiles == {"status/*.edxml": "edxml-status"}
    assert config.signature.trust == (tmp_path / "ca/root.pem",)
    assert config.signature.as_settings() == {
        "verify": True, "trust": [str(tmp_path / "ca/root.pem")],
        "crls": [str(tmp_path / "ca/x.crl")], "allow_sha1": True}
    assert (config.jobs, config.include, config.exclude) == (2, ("*.edxml",), ("build",))


@pytest.mark.parametrize(("text", "message"), [
    ('[tool.vn-egov]\nfailon = "x"\n', "unknown configuration key 'tool.vn-egov.failon'"),
    ('[tool.vn-egov.signature]\ntrusted = []\n',
     "unknown configuration key 'tool.vn-egov.signature.trusted'"),
    ('[tool.vn-egov]\njobs = 0\n', "expected a whole number of at least 1, got 0 in key "
                                   "tool.vn-egov.jobs"),
    ('[tool.vn-egov]\nstrict = "yes"\n', "expected true or false"),
    ('[tool.vn-egov]\ndisable = "EDX009"\n', "expected a list of strings in key "
                                             "tool.vn-egov.disable"),
    ('[tool.vn-egov.severity]\nEDX105 = "fatal"\n',
     "unknown severity 'fatal'; choose one of info, warning, error in key "
     "tool.vn-egov.severity.EDX105"),
    ('[tool.vn-egov\n', "not valid TOML"),
])
def test_config_errors_name_key_and_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    with pytest.raises(ConfigurationError) as info:
        load_config(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_unknown_key_exits_2_through_cli(sample_tree: Path) -> None:
    (sample_tree / "vn-egov.toml").write_text("colour = true\n")
    run = invoke("validate", *PLUGIN, "in")
    assert run.exit_code == 2
    assert "vn-egov.toml: unknown configuration key 'colour'" in run.stderr


def test_explicit_pyproject_needs_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\n")
    with pytest.raises(ConfigurationError, match=r"has no \[tool.vn-egov\] table"):
        load_config(path)


def test_config_rule_ids_checked(sample_tree: Path) -> None:
    (sample_tree / "cfg.toml").write_text('plugins = ["cli_sample_profile"]\n'
                                          'disable = ["TST999"]\n')
    run = invoke("validate", "--config", "cfg.toml", "in")
    assert run.exit_code == 2
    assert "unknown rule id(s) in 'disable' of cfg.toml: TST999" in run.stderr


def test_config_include_exclude_severity_and_profile_globs(sample_tree: Path) -> None:
    (sample_tree / "in/plain.txt").write_text("<oops")
    (sample_tree / "vn-egov.toml").write_text(
        'plugins = ["cli_sample_profile"]\ninclude = ["*.xml", "*.txt"]\nexclude = ["sub"]\n'
        '[severity]\nTST003 = "error"\n[profiles]\n"*.txt" = "test-sample"\n')
    run = invoke("validate", "--format", "json", "in")
    import json

    files = {f["path"]: f for f in json.loads(run.stdout)["files"]}
    assert sorted(files) == ["in/good.xml", "in/plain.txt", "in/readme.txt"]
    assert files["in/plain.txt"]["profile"] == "test-sample"
    assert files["in/plain.txt"]["issues"][0]["rule"] == "XML001"
    run = invoke("validate", "in/info.edxml")
    assert run.exit_code == 1
    assert "error TST003" in run.stdout


def test_config_signature_missing_trust_file(sample_tree: Path) -> None:
    (sample_tree / "vn-egov.toml").write_text(
        'plugins = ["cli_sample_profile"]\n[signature]\nverify = true\ntrust = ["ca.pem"]\n')
    run = invoke("validate", "in/good.xml")
    assert run.exit_code == 2
    assert "ca.pem: signature trust anchor, CRL or sender map file not found" in run.stderr
