"""The documentation site builds with ``mkdocs build --strict``: no warning, every page in the
navigation, an API reference page for each public module."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from doc_examples import ROOT

#: The public modules that have an API reference page (docs/api/<name>.md).
API_MODULES = ("edoc", "validation", "signature", "signature.pdf", "units", "services", "hub",
               "i18n", "errors")


def _nav_pages(entries: object) -> list[str]:
    if isinstance(entries, str):
        return [entries]
    if isinstance(entries, list):
        return [page for entry in entries for page in _nav_pages(entry)]
    if isinstance(entries, dict):
        return [page for value in entries.values() for page in _nav_pages(value)]
    return []


def _config() -> dict[str, object]:
    # mkdocs.yml holds one !!python tag (the slug function): read it without running it.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_args: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_site_builds_strictly(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                           str(ROOT / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                          timeout=600)
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    assert "WARNING" not in log, log
    api = (tmp_path / "site" / "api" / "edoc" / "index.html").read_text(encoding="utf-8")
    assert "DocumentPackage" in api
    assert "write_file" in api
    vietnamese = (tmp_path / "site" / "vi" / "chu-ky-so" / "index.html").read_text(
        encoding="utf-8")
    assert "người có thẩm quyền" in vietnamese


def test_every_page_is_in_the_navigation() -> None:
    nav = set(_nav_pages(_config()["nav"]))
    pages = {str(path.relative_to(ROOT / "docs")) for path in (ROOT / "docs").rglob("*.md")}
    assert pages == nav


@pytest.mark.parametrize("module", API_MODULES)
def test_public_module_has_an_api_page(module: str) -> None:
    page = ROOT / "docs" / "api" / f"{module.replace('.', '-')}.md"
    assert f"::: vn_egov.{module}\n" in page.read_text(encoding="utf-8")
    assert f"api/{page.name}" in _nav_pages(_config()["nav"])


def test_docstring_extension_renders_doctests_as_code() -> None:
    spec = importlib.util.spec_from_file_location("griffe_docstrings",
                                                  ROOT / "tools" / "griffe_docstrings.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = "Parse.\n\n>>> agency.search('x')\n['G22']\n\nSee :func:`~vn_egov.units.agency.parse`."
    assert module.to_markdown(text) == (
        "Parse.\n\n```pycon\n>>> agency.search('x')\n['G22']\n```\n\nSee `parse`.")
    fenced = "```python\n:class:`x`\n```"
    assert module.to_markdown(fenced) == fenced  # code blocks are left alone
