"""The message catalogues and the language choice (context-local, CLI order of precedence)."""

from __future__ import annotations

import ast
import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from vn_egov._version import __version__
from vn_egov.cli.i18n import language_from_argv, resolve_language
from vn_egov.cli.main import cli, main
from vn_egov.i18n import current_language, language, normalize_language, set_language, tr, translate

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import i18n as catalogue_tool  # noqa: E402

SIGNATURELESS = "the package carries no signature"
SIGNATURELESS_VI = "gói tin không có chữ ký số"


def test_default_is_english_and_context_manager_switches() -> None:
    assert current_language() == "en"
    assert tr(SIGNATURELESS) == SIGNATURELESS
    with language("vi_VN.UTF-8") as chosen:
        assert chosen == "vi"
        assert tr(SIGNATURELESS) == SIGNATURELESS_VI
    assert tr(SIGNATURELESS) == SIGNATURELESS


def test_environment_variable_is_the_library_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VN_EGOV_LANG", "vi")
    assert tr(SIGNATURELESS) == SIGNATURELESS_VI
    with language("en"):
        assert tr(SIGNATURELESS) == SIGNATURELESS


def test_language_does_not_leak_between_threads() -> None:
    seen: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def worker(lang: str) -> None:
        with language(lang):
            barrier.wait()  # both threads hold their own choice at the same time
            seen[lang] = tr(SIGNATURELESS)

    threads = [threading.Thread(target=worker, args=(lang,)) for lang in ("vi", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"vi": SIGNATURELESS_VI, "en": SIGNATURELESS}
    assert current_language() == "en"


def test_language_does_not_leak_between_asyncio_tasks() -> None:
    async def handler(lang: str, started: asyncio.Event, other: asyncio.Event) -> str:
        set_language(lang)  # a request handler choosing the language of its request
        started.set()
        await other.wait()
        return tr(SIGNATURELESS)

    async def serve() -> list[str]:
        first, second = asyncio.Event(), asyncio.Event()
        return list(await asyncio.gather(handler("vi", first, second),
                                         handler("en", second, first)))

    assert asyncio.run(serve()) == [SIGNATURELESS_VI, SIGNATURELESS]
    assert current_language() == "en"


def test_translate_with_explicit_language_and_params() -> None:
    assert translate(SIGNATURELESS, "vi") == SIGNATURELESS_VI
    assert translate("vn-egov: error: {error}", "vi", error="x") == "vn-egov: lỗi: x"
    assert tr("{count} unknown text", count=2) == "2 unknown text"


def test_a_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from vn_egov import i18n

    broken = {"{error} happened": "{missing} placeholder"}
    monkeypatch.setattr(i18n, "_catalogue", lambda lang: broken)
    assert translate("{error} happened", "vi", error="E") == "E happened"


@pytest.mark.parametrize(("value", "expected"), [
    ("vi", "vi"), ("vi-VN", "vi"), ("VI_vn.utf8", "vi"), ("en_GB.UTF-8", "en"), ("C", None),
    ("fr_FR", None), ("", None)])
def test_normalize_language(value: str, expected: str | None) -> None:
    assert normalize_language(value) == expected


def test_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="choose one of: vi, en"), language("fr"):
        pass  # pragma: no cover - never reached


def test_cli_order_of_precedence(tmp_path: Path) -> None:
    configured, plain = tmp_path / "configured", tmp_path / "plain"
    configured.mkdir()
    plain.mkdir()
    (configured / "vn-egov.toml").write_text('lang = "vi"\n', encoding="utf-8")
    env = {"VN_EGOV_LANG": "en", "LANG": "vi_VN.UTF-8"}
    assert resolve_language("en", environ=env, start=configured) == "en"
    assert resolve_language(None, environ=env, start=configured) == "vi"  # configuration
    assert resolve_language(None, environ={"LANG": "vi_VN.UTF-8"}, start=plain) == "vi"
    assert resolve_language(None, environ={"LC_ALL": "C", "LANG": "vi_VN"}, start=plain) == "en"
    assert resolve_language(None, environ={}, start=plain) == "en"
    assert resolve_language(None, environ=env, start=plain) == "en"  # the variable wins


def test_language_from_argv_stops_at_double_dash() -> None:
    assert language_from_argv(["--lang=vi", "x"]) == "vi"
    assert language_from_argv(["--", "--lang", "vi"]) is None


def test_cli_help_and_click_errors_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate", "--lang", "vi", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Cách dùng: vn-egov validate" in err
    assert "Lỗi: Không có tùy chọn '--bogus'." in err
    help_text = CliRunner().invoke(cli, ["--lang", "vi", "--help"]).output
    assert "Ngôn ngữ của thông báo và báo cáo" in help_text
    assert current_language() == "en"  # the run's choice ended with the run


def test_configuration_rejects_an_unknown_language(tmp_path: Path) -> None:
    from vn_egov.cli.config import load_config
    from vn_egov.errors import ConfigurationError

    (tmp_path / "vn-egov.toml").write_text('lang = "fr"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="use vi or en"):
        load_config(start=tmp_path)


# -- the catalogues ------------------------------------------------------------------------


def test_translations_keep_placeholders_are_nfc_and_compiled() -> None:
    problems = [line for line in catalogue_tool.check() if "no Vietnamese for" not in line]
    assert problems == []


#: Every area of the library: each message of each has a Vietnamese form.
COMPLETE_DOMAINS = ("cli", "click", "conformance", "core", "edoc", "hub", "services",
                    "signature", "units", "validation", "xml")


def test_every_area_is_checked() -> None:
    # A new area (a new catalogue) must join the checks below, not slip past them.
    expected = {*catalogue_tool.DOMAINS, "core", *catalogue_tool.MANUAL_DOMAINS}
    assert set(COMPLETE_DOMAINS) == expected


@pytest.fixture(scope="module")
def missing_translations() -> list[catalogue_tool.Missing]:
    return catalogue_tool.missing()


@pytest.mark.parametrize("domain", COMPLETE_DOMAINS)
def test_every_message_of_a_complete_area_is_translated(
        domain: str, missing_translations: list[catalogue_tool.Missing]) -> None:
    assert [str(item) for item in missing_translations if item.domain == domain] == []


def _tr_calls_with_computed_text(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "N_") and node.args
                and not (isinstance(node.args[0], ast.Constant)
                         and isinstance(node.args[0].value, str))):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_messages_are_literal_so_they_can_be_extracted() -> None:
    offenders = [where for path in sorted((REPO / "src" / "vn_egov").rglob("*.py"))
                 for where in _tr_calls_with_computed_text(path)]
    assert offenders == []


def _tr_calls_inside_f_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(REPO)}:{call.lineno}"
            for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
            for call in ast.walk(node)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id in ("tr", "N_", "translate") and call.args
            and isinstance(call.args[0], ast.Constant)]


def test_no_message_is_written_inside_an_f_string() -> None:
    # Babel's extractor does not look inside f-strings on every Python version: a message
    # there would silently never reach the catalogue.
    offenders = [where for path in sorted((REPO / "src" / "vn_egov").rglob("*.py"))
                 for where in _tr_calls_inside_f_strings(path)]
    assert offenders == []


# -- no user-facing literal bypasses tr() ------------------------------------------------------


@pytest.fixture(scope="module")
def every_untranslated() -> list[catalogue_tool.Untranslated]:
    """What the lint finds in the whole package, allowed texts included (one scan, ~0.5 s)."""
    return catalogue_tool.untranslated()


@pytest.fixture(scope="module")
def untranslated(every_untranslated: list[catalogue_tool.Untranslated],
                 ) -> list[catalogue_tool.Untranslated]:
    return [item for item in every_untranslated if not item.allowed]


@pytest.mark.parametrize("domain", COMPLETE_DOMAINS)
def test_no_user_facing_literal_of_a_complete_area_bypasses_tr(
        domain: str, untranslated: list[catalogue_tool.Untranslated]) -> None:
    assert [str(item) for item in untranslated if item.domain == domain] == []


def test_every_allowed_english_text_still_exists(
        every_untranslated: list[catalogue_tool.Untranslated]) -> None:
    found = every_untranslated
    stale = [entry for entry in catalogue_tool.ALLOWED_ENGLISH
             if not any(item.module == entry[0] and item.text.startswith(entry[1])
                        for item in found)]
    assert stale == []
    assert all(reason.strip() for reason in catalogue_tool.ALLOWED_ENGLISH.values())


@pytest.mark.parametrize(("source", "where"), [
    ('raise ConfigurationError(f"cannot read {path}")', "raise ConfigurationError"),
    ('raise click.BadParameter("not a date")', "raise BadParameter"),
    ('error = InputError("empty file", hint="give a file")', "raise InputError, hint="),
    ('raise InputError(tr("empty file"), hint="give a file")', "hint="),
    ('click.echo("Done.")', "echo"),
    ('fail("give --days")', "fail"),
    ('echo(f"{step}. Sent {name}")', "echo"),
    ('self.report("EDX101", "missing Subject", element)', "finding"),
    ('out.add("SVC104", path, f"time limit {value} is not a number")', "finding"),
    ('Issue("X", Severity.ERROR, "bad value: " + detail)', "finding"),
    ('warnings.warn(f"plugin {name} failed")', "warn"),
    ('raise InputError(tr("x"), hint=get_rule("SVC110").hint)', "rule text"),
    ('click.progressbar(length=3, label="Validating")', "label="),
])
def test_the_check_finds_untranslated_text(source: str, where: str) -> None:
    assert [item.where for item in catalogue_tool.scan(source, "any.py")] == where.split(", ")


@pytest.mark.parametrize("source", [
    'raise ConfigurationError(tr("cannot read {path}", path=path), hint=tr("check it"))',
    'click.echo(f"{key}: {value}")',  # data, no words of ours
    'click.echo(translate(rule.title))',
    'out.add("SVC101", f"$.{key}.KENH", tr("channel {value}", value=v))',  # a path, not prose
    'raise InputError(message)',  # computed elsewhere (checked where it is written)
    'hint = translate(rule.hint) if rule.hint else None',
    'parts.append("<td>" + escape(text) + "</td>")',  # in a message module: markup only
])
def test_the_check_accepts_translated_and_non_text(source: str) -> None:
    assert catalogue_tool.scan(source, "conformance/reporters.py") == []


def test_reporter_modules_return_translated_text() -> None:
    found = catalogue_tool.scan('def line(run):\n    return f"{run.mode} run of {run.target}"',
                                "conformance/reporters.py")
    assert [item.where for item in found] == ["reporter"]
    assert catalogue_tool.scan('def line(run):\n    return f"{run.mode} run of {run.target}"',
                               "edoc/models.py") == []


def test_choosing_the_language_keeps_version_light(tmp_path: Path) -> None:
    # Every run reads ``lang`` from the configuration first; that must not import the
    # validation machinery (lxml, the profiles) that --version never needs.
    (tmp_path / "vn-egov.toml").write_text('lang = "vi"\nstrict = true\n', encoding="utf-8")
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print(sorted(m for m in sys.modules\n"
            "                                      if m.startswith('vn_egov.validation'))))\n"
            "from vn_egov.cli.main import main\n"
            "main(['--version'])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["vn-egov, version " + __version__, "[]"]
