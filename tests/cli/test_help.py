"""Every ``--help`` teaches: one or two examples that name real commands and options, lines
that fit an 80-column terminal, in English and in Vietnamese; ``build --example`` and
``--print-schema`` need nothing else."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from vn_egov.cli.i18n import localize_click
from vn_egov.cli.main import cli
from vn_egov.i18n import language

HEADINGS = {"en": "Examples:", "vi": "Ví dụ:"}
WIDTH = 80


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()
              ) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    yield path, group
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = list(_commands())


def _help(path: tuple[str, ...], lang: str) -> str:
    localize_click()
    with language(lang):
        result = CliRunner().invoke(cli, [*path, "--help", "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.output


def _examples(text: str, lang: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(HEADINGS[lang]) + 1
    found = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        found.append(line.strip())
    return found


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "vn-egov")
def test_help_has_examples_and_fits_the_terminal(path: tuple[str, ...], lang: str) -> None:
    text = _help(path, lang)
    assert "object at 0x" not in text
    too_wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not too_wide, too_wide
    examples = _examples(text, lang)
    assert 1 <= len(examples) <= 2, text
    for example in examples:
        assert example.startswith("vn-egov"), (path, example)


def _resolve(words: list[str]) -> tuple[list[click.Command], list[str]]:
    """The chain of commands an example runs, and its remaining words."""
    chain: list[click.Command] = [cli]
    rest = list(words)
    while rest and isinstance(chain[-1], click.Group):
        group = chain[-1]
        assert isinstance(group, click.Group)
        if rest[0].startswith("-"):  # an option of the group itself (hub --config FILE)
            rest = rest[2:]
            continue
        command = group.get_command(click.Context(group), rest[0])
        if command is None:
            break
        chain.append(command)
        rest.pop(0)
    return chain, rest


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "vn-egov")
def test_examples_name_real_commands_and_options(path: tuple[str, ...]) -> None:
    command = dict(COMMANDS)[path]
    for example in command.examples:  # type: ignore[attr-defined]
        words = shlex.split(example.split(" > ")[0])
        assert words[0] == "vn-egov"
        chain, rest = _resolve(words[1:])
        known = {opt for link in chain for param in link.params
                 for opt in (*param.opts, *param.secondary_opts)}
        options = [word.split("=")[0] for word in rest if word.startswith("-") and word != "-"]
        assert set(options) <= known, (example, set(options) - known)
        assert not isinstance(chain[-1], click.Group) or chain[-1] is command, example


def test_build_example_and_schema_need_no_other_argument() -> None:
    from vn_egov.edoc.spec import BuildSpec

    example = CliRunner().invoke(cli, ["build", "--example"])
    assert example.exit_code == 0, example.output
    spec = BuildSpec.model_validate(json.loads(example.stdout))
    assert spec.to_package().header.code.notation == "KH-UBND"
    schema = CliRunner().invoke(cli, ["build", "--print-schema"])
    assert schema.exit_code == 0, schema.output
    assert set(json.loads(schema.stdout)["properties"]) == {"header", "trace", "timestamp"}


def test_a_bad_spec_lists_each_problem_with_its_json_path(tmp_path: object) -> None:
    from pathlib import Path

    from vn_egov.edoc.spec import example_spec

    spec = example_spec()
    spec["header"]["subjekt"] = spec["header"].pop("subject")
    spec["header"]["code"]["number"] = 4547
    path = Path(str(tmp_path)) / "spec.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(path.with_suffix(".edxml"))])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path}: $.header.subject: a value is required" in lines
    assert f"{path}: $.header.code.number: expected text, got 4547" in lines
    assert f"{path}: $.header.subjekt: unknown key (a misspelt name?)" in lines
    assert lines[-1].startswith(f"vn-egov: error: {path} is not a valid build specification: "
                                "3 problem(s) (hint: 'vn-egov build --example' prints")
    assert not path.with_suffix(".edxml").exists()


def test_a_date_without_a_time_is_refused_not_read_as_midnight() -> None:
    result = CliRunner().invoke(cli, ["services", "deadline", "--start", "2025-03-03",
                                      "--days", "1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "vn-egov: error: --start '2025-03-03' is a date without a time of day; give the time "
        "the dossier was received, e.g. 2025-03-03T09:00 (a date alone would be read as "
        "midnight)")
    with_time = CliRunner().invoke(cli, ["services", "deadline", "--start", "2025-03-03T09:00",
                                         "--days", "1"])
    assert with_time.exit_code == 0, with_time.output
