"""The public surface is trimmed: every name a module lists in ``__all__`` is used outside it
(by another module, a test, a tool or a benchmark) or documented (``docs/``, README)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "vn_egov"

#: Names of modules other work changes in parallel (the parsers and the attachment
#: streaming); the lead trims them after merging. Nothing may be added here.
PENDING = {
    "xml/streaming.py": {"StreamHandler"},
    "xml/prolog.py": {"ACCEPTED_ENCODINGS"},
    "xml/checks.py": {"estimate_nodes"},
    "edoc/streaming.py": {"StreamedAttachment"},
    "edoc/attachments.py": {"UnpackedFile"},
    "edoc/mapping.py": {"INHERIT", "XmlElement"},
    "edoc/fields.py": {"ATTACHMENT_LIKE", "serialize"},
    "cli/batch.py": {"default_start_method"},
}


_WORD = re.compile(r"\w+")


@cache
def _sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")}


@cache
def _words() -> dict[Path, frozenset[str]]:
    return {path: frozenset(_WORD.findall(text)) for path, text in _sources().items()}


@cache
def _outside() -> frozenset[str]:
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "docs").rglob("*.md")]
    texts.append((ROOT / "README.md").read_text(encoding="utf-8"))
    for folder in ("tests", "tools", "benchmarks"):
        texts += [path.read_text(encoding="utf-8") for path in (ROOT / folder).rglob("*.py")
                  if path != Path(__file__).resolve()]  # its own list is no use
    return frozenset(_WORD.findall("\n".join(texts)))


def _exported(text: str) -> list[str]:
    for node in ast.parse(text).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "__all__"
                for target in node.targets):
            return list(ast.literal_eval(node.value))
    return []


def _unused(path: Path) -> set[str]:
    """The names of *path*'s ``__all__`` nothing else names (a package ``__init__`` that
    re-exports a name does not count as a use)."""
    found = set()
    for name in _exported(_sources()[path]):
        used = any(name in words for other, words in _words().items()
                   if other != path and other.name != "__init__.py")
        if not used and name not in _outside():
            found.add(name)
    return found


@pytest.mark.parametrize("path", sorted(p for p in SRC.rglob("*.py") if "__all__" in
                                        p.read_text(encoding="utf-8")),
                         ids=lambda p: str(p.relative_to(SRC)))
def test_every_exported_name_is_used_or_documented(path: Path) -> None:
    relative = str(path.relative_to(SRC))
    assert _unused(path) <= PENDING.get(relative, set()), relative


def test_pending_names_are_still_pending() -> None:
    """A pending name trimmed (or used) since leaves the list, which only shrinks."""
    for relative, names in PENDING.items():
        assert names <= _unused(SRC / relative), relative
