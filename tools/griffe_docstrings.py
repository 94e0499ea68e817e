r"""Griffe extension for the API reference: docstrings written for ``help()`` read well as Markdown.

The library's docstrings follow the standard library's habits (reStructuredText roles, doctest
examples, ``literal`` spans). mkdocstrings renders docstrings as Markdown, where a doctest's
output such as ``['G22']`` would be read as a reference link. This extension, loaded by
``mkdocs.yml``, changes only the rendered text:

* each run of doctest lines (``>>>``, ``...`` and their output) becomes a ``pycon`` code block;
* ``:class:`~vn_egov.x.Y``` and the other roles become code spans (``Y``);
* ``double backquotes`` become single ones.

>>> to_markdown(">>> [1]\n[1]\n\nSee :class:`~vn_egov.edoc.Attachment`.").splitlines()
['```pycon', '>>> [1]', '[1]', '```', '', 'See `Attachment`.']
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|attr|data|exc|obj|const|term|ref):`~?([^`]+)`")
_DOUBLE = re.compile(r"``([^`]+)``")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    whole = match.group(0)
    shown = target.rsplit(".", 1)[-1] if "`~" in whole else target
    return f"`{shown}`"


def _fence_doctests(text: str) -> str:
    out: list[str] = []
    in_block = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not in_block and stripped.startswith(">>>"):
            out.append("```pycon")
            in_block = True
        elif in_block and not stripped:
            out.append("```")
            in_block = False
        out.append(line)
    if in_block:
        out.append("```")
    return "\n".join(out)


def to_markdown(text: str) -> str:
    """The Markdown form of a docstring (see the module's docstring)."""
    parts = re.split(r"(^```.*?^```)", text, flags=re.DOTALL | re.MULTILINE)
    for index in range(0, len(parts), 2):  # only outside existing fences
        converted = _fence_doctests(parts[index])
        pieces = re.split(r"(^```.*?^```)", converted, flags=re.DOTALL | re.MULTILINE)
        parts[index] = "".join(
            piece if position % 2 else _DOUBLE.sub(r"`\1`", _ROLE.sub(_role, piece))
            for position, piece in enumerate(pieces))
    return "".join(parts)


class DocstringsAsMarkdown(griffe.Extension):
    """Rewrite each docstring once it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)
