"""Maintain the message catalogues of ``vn_egov`` (needs Babel: ``pip install -e ".[test]"``).

    python tools/i18n.py update     # extract every message, merge into the .po files
    python tools/i18n.py compile    # compile .po -> .mo (the .mo files are committed)
    python tools/i18n.py check      # list untranslated messages and broken translations

Messages are found in four places: calls of ``tr``/``N_``/``translate`` with a literal first
argument (Babel's Python extractor), the titles and hints of registered rules, the help texts
of every CLI command and option, and the fixed list of click's own texts (``click.po``, kept
by hand: click's wording is not ours to extract). Each area of the library has its own
catalogue (``edoc.po``, ``signature.po`` ...), so that work on one area never conflicts with
another; the runtime chains them into one lookup.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import io
import re
import string
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "vn_egov"
LOCALE = PACKAGE / "i18n" / "locale"
LANG = "vi"
KEYWORDS = {"tr": None, "N_": None, "translate": None}
#: Areas with their own catalogue; every other module belongs to ``core``.
DOMAINS = ("cli", "conformance", "edoc", "hub", "services", "signature", "units", "validation",
           "xml")
#: Rule id prefixes and the catalogue their titles and hints belong to.
RULE_DOMAINS = {"EDX": "edoc", "SIG": "signature", "PDF": "signature", "SVC": "services",
                "HUB": "hub", "XML": "validation", "XSD": "validation", "VAL": "validation"}
#: Catalogues maintained by hand (never regenerated from the sources).
MANUAL_DOMAINS = ("click",)
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)?[^{}]*\}")

__all__ = ["check", "compile_all", "extract", "placeholders", "update"]


def domain_of(path: Path) -> str:
    """The catalogue of a source file: its top-level subpackage, or ``core``."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in DOMAINS else "core"


def _source_messages() -> Iterator[tuple[str, str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        for lineno, message, _comments, _context in extract_from_file(
                "python", str(path), keywords=KEYWORDS, comment_tags=("i18n:",)):
            if isinstance(message, str) and message:
                yield domain_of(path), message, f"{path.relative_to(ROOT)}:{lineno}"


def _rule_messages() -> Iterator[tuple[str, str, str]]:
    from vn_egov.cli.commands.rules import load_rules

    for rule in load_rules():
        domain = RULE_DOMAINS.get(rule.id[:3])
        if domain is None:
            continue  # a plugin's (or a test's) rule: not ours to translate
        for text in (rule.title, rule.hint):
            if text:
                yield domain, text, f"rule:{rule.id}"


def _cli_messages() -> Iterator[tuple[str, str, str]]:
    import click

    from vn_egov.cli.i18n import help_texts
    from vn_egov.cli.main import cli

    ctx = click.Context(cli)
    for name, text in help_texts(cli, ctx):
        yield "cli", text, "command:" + name.replace(" ", "/")


def extract() -> dict[str, Catalog]:
    """One template catalogue per domain with every message the sources contain."""
    templates: dict[str, Catalog] = {}
    for producer in (_source_messages, _rule_messages, _cli_messages):
        for domain, message, where in producer():
            catalog = templates.setdefault(domain, _new_catalog(domain, locale=None))
            entry = catalog.get(message)
            if entry is None:
                catalog.add(message, locations=[(where, None)], flags=_flags(message))
            elif (where, None) not in entry.locations:
                entry.locations.append((where, None))
    return templates


#: Fixed header dates keep the .po files free of churn between runs.
_EPOCH = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
_HEADER = """# Vietnamese messages of vn-egov. Licence: Apache-2.0.
# Maintained with tools/i18n.py (update, compile, check); terms follow docs/glossary.md."""


def _new_catalog(domain: str, locale: str | None) -> Catalog:
    return Catalog(locale=locale, domain=domain, project="vn-egov", version="1",
                   header_comment=_HEADER, copyright_holder="vn_egov developers",
                   msgid_bugs_address="vn_egov developers", creation_date=_EPOCH,
                   revision_date=_EPOCH,
                   last_translator="vn_egov developers", language_team="vi", fuzzy=False)


def _flags(message: str) -> tuple[str, ...]:
    return ("python-brace-format",) if placeholders(message) else ()


def placeholders(text: str) -> set[str]:
    """The ``str.format`` field names of *text*.

    >>> sorted(placeholders("{count} file(s) in {path!r}, {{literal}}"))
    ['count', 'path']
    """
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text)
            if name is not None}


def _po_path(domain: str) -> Path:
    return LOCALE / LANG / "LC_MESSAGES" / f"{domain}.po"


def load(domain: str) -> Catalog:
    """The Vietnamese catalogue of *domain* (empty when it does not exist yet)."""
    path = _po_path(domain)
    if not path.exists():
        return _new_catalog(domain, LANG)
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=LANG, domain=domain)
    catalog.header_comment = _HEADER
    catalog.fuzzy = False
    return catalog


def save(catalog: Catalog, domain: str) -> None:
    """Write *catalog* as the .po of *domain*, sorted and without line numbers (small diffs)."""
    path = _po_path(domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def update() -> list[str]:
    """Merge the extracted messages into every .po; returns the domains written."""
    written = []
    for domain, template in sorted(extract().items()):
        catalog = load(domain)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = catalog.revision_date = _EPOCH
        save(catalog, domain)
        written.append(domain)
    return written


def compiled(domain: str) -> bytes:
    """The .mo bytes the .po of *domain* compiles to."""
    buffer = io.BytesIO()
    write_mo(buffer, load(domain), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    """Compile every .po into its .mo; returns the files written."""
    written = []
    for po_file in sorted((LOCALE / LANG / "LC_MESSAGES").glob("*.po")):
        target = po_file.with_suffix(".mo")
        target.write_bytes(compiled(po_file.stem))
        written.append(target)
    return written


def check() -> list[str]:
    """Every problem of the catalogues, one line each (an empty list: all is well)."""
    problems = []
    for domain, template in sorted(extract().items()):
        catalog = load(domain)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            where = ", ".join(loc for loc, _ in message.locations[:2])
            if entry is None or not entry.string or entry.fuzzy:
                problems.append(f"{domain}: no Vietnamese for {message.id!r} ({where})")
    for po_file in sorted((LOCALE / LANG / "LC_MESSAGES").glob("*.po")):
        problems.extend(_check_translations(po_file.stem))
    return problems


def _check_translations(domain: str) -> Iterator[str]:
    catalog = load(domain)
    for entry in catalog:
        if not entry.id or not isinstance(entry.string, str) or not entry.string:
            continue
        if placeholders(entry.id) != placeholders(entry.string):
            yield (f"{domain}: placeholders differ in {entry.id!r}: "
                   f"{sorted(placeholders(entry.id))} vs {sorted(placeholders(entry.string))}")
        if unicodedata.normalize("NFC", entry.string) != entry.string:
            yield f"{domain}: translation of {entry.id!r} is not NFC"
    mo_file = _po_path(domain).with_suffix(".mo")
    if not mo_file.exists() or mo_file.read_bytes() != compiled(domain):
        yield f"{domain}: {mo_file.name} is out of date; run python tools/i18n.py compile"


def main(argv: list[str] | None = None) -> int:
    """Command line of the tool."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("update", "compile", "check"))
    action = parser.parse_args(argv).action
    importlib.invalidate_caches()
    if action == "update":
        print("updated:", ", ".join(update()))
        return 0
    if action == "compile":
        print("compiled:", ", ".join(p.name for p in compile_all()))
        return 0
    problems = check()
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
