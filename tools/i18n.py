"""Maintain the message catalogues of ``vn_egov`` (needs Babel: ``pip install -e ".[test]"``).

    python tools/i18n.py update     # extract every message, merge into the .po files
    python tools/i18n.py compile    # compile .po -> .mo (the .mo files are committed)
    python tools/i18n.py check      # list untranslated messages and broken translations
    python tools/i18n.py lint [AREA]  # list user-facing literals that bypass tr()

Messages are found in four places: calls of ``tr``/``N_``/``translate`` with a literal first
argument (Babel's Python extractor), the titles and hints of registered rules, the help texts
of every CLI command and option, and the fixed list of click's own texts (``click.po``, kept
by hand: click's wording is not ours to extract). Each area of the library has its own
catalogue (``edoc.po``, ``signature.po`` ...), so that work on one area never conflicts with
another; the runtime chains them into one lookup.

``lint`` finds what extraction cannot: user-facing text written as a plain literal or f-string
instead of going through ``tr``. It reads the syntax tree of every module (no import) and
looks where text reaches a user: the first argument of an exception (raised or built), the
``hint=``/``message=``/``label=`` arguments, what is echoed or printed, the messages given to
the finding helpers (``report``, ``issue``, ``issue_for``, ``add``, ``Issue``), and what the
reporters return or collect. Programming errors (an API misused by a caller, never caused by
input) may stay English: :data:`ALLOWED_ENGLISH` lists each one with its reason.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import datetime
import functools
import importlib
import io
import re
import string
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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

__all__ = ["ALLOWED_ENGLISH", "Missing", "Untranslated", "check", "compile_all", "conflicts",
           "extract", "lint", "missing", "placeholders", "scan", "untranslated", "update"]


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


@dataclass(frozen=True)
class Missing:
    """An extracted message without a Vietnamese form in its area's catalogue."""

    domain: str
    message: str
    locations: tuple[str, ...]  # "src/vn_egov/x.py:12", "rule:EDX101", "command:vn-egov/demo"

    def __str__(self) -> str:
        where = ", ".join(self.locations[:2])
        return f"{self.domain}: no Vietnamese for {self.message!r} ({where})"


def missing() -> list[Missing]:
    """Every message the sources contain that its area's catalogue does not translate."""
    found = []
    for domain, template in sorted(extract().items()):
        catalog = load(domain)
        for message in template:
            if not message.id:
                continue
            entry = catalog.get(message.id)
            if entry is None or not entry.string or entry.fuzzy:
                found.append(Missing(domain, str(message.id),
                                     tuple(location for location, _ in message.locations)))
    return found


def conflicts() -> Iterator[str]:
    """Messages translated differently by two catalogues: the runtime chains every catalogue
    into one lookup, so only one of the translations would ever be shown."""
    seen: dict[str, tuple[str, str]] = {}
    for po_file in sorted((LOCALE / LANG / "LC_MESSAGES").glob("*.po")):
        for entry in load(po_file.stem):
            if not entry.id or not isinstance(entry.string, str) or not entry.string:
                continue
            first = seen.setdefault(str(entry.id), (po_file.stem, entry.string))
            if first[1] != entry.string:
                yield (f"{first[0]}/{po_file.stem}: {entry.id!r} is translated differently "
                       f"({first[1]!r} vs {entry.string!r}); use one translation or another "
                       "English text")


def check() -> list[str]:
    """Every problem of the catalogues, one line each (an empty list: all is well)."""
    problems = [str(item) for item in missing()]
    for po_file in sorted((LOCALE / LANG / "LC_MESSAGES").glob("*.po")):
        problems.extend(_check_translations(po_file.stem))
    problems.extend(conflicts())
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


# -- user-facing literals that bypass tr() -------------------------------------------------------

#: Programming errors that stay English: (module under src/vn_egov, start of the text) and why.
#: Text placeholders are written ``{}``. Only a caller's mistake belongs here, never an input's.
ALLOWED_ENGLISH: dict[tuple[str, str], str] = {
    ("_lazy.py", "module {} has no attribute"):
        "Python's attribute protocol (hasattr, import machinery); a misspelt import",
    ("i18n/__init__.py", "unsupported language"):
        "set_language() misuse; --lang, lang and VN_EGOV_LANG are checked before",
    ("hub/ledger.py", "message type must be edoc or status"):
        "the ledger is called with the library's own type and computed hash",
    ("hub/server/storage.py", "not a SHA-256 hex digest"):
        "the digest comes from the hub's own database, never from a request",
    ("hub/transport.py", "unreachable"): "guards a loop that always returns or raises",
    ("services/catalogue/schemas.py", "no XSD type for"):
        "a model field without an XSD mapping: a bug of the schema generator",
    ("validation/rules.py", "rule {} is already registered"):
        "two modules register one rule id differently: a bug of a rule module",
    ("validation/rules.py", "unknown rule id"):
        "get_rule() with an id no module registered: a bug of the caller",
    ("cli/main.py", "{}.command is not a click command"):
        "a command module without a click command: a bug of that module",
    ("cli/commands/hub.py", "listening on"):
        "the readiness line scripts wait for: a fixed token like a JSON key, in every language",
    ("cli/reporters/__init__.py", "unknown format"):
        "get_reporter() misuse; --format is a click choice of the known formats",
    ("signature/certificates.py", "password must be bytes, str or None, not {}"):
        "a password of another type given by a program (the CLI passes text): like Python's "
        "own TypeError, it names the types expected",
    ("signature/verifier.py", "Verifier.verify_or_raise() is deprecated"):
        "a DeprecationWarning for the programmer who calls the old name, like Python's own",
    ("signature/signer.py", "sign() takes the XML to sign as"):
        "an argument of the wrong type given by a program: a TypeError naming the types expected",
    ("edoc/builders.py", "answer() takes the DocumentPackage to answer"):
        "an argument of the wrong type given by a program: a TypeError naming the type expected",
    ("services/calendar/deadlines.py", "received must be the receipt date and time"):
        "an argument of the wrong type given by a program: a TypeError naming the type expected",
    ("services/calendar/deadlines.py", "limit must be a TimeLimit"):
        "an argument of the wrong type given by a program: a TypeError naming the type expected",
}

#: Calls whose first argument is shown as is.
_SHOWN = frozenset({"echo", "secho", "fail", "print", "warn"})
#: Calls that record a finding: the arguments after the rule id are messages or hints.
_FINDINGS = frozenset({"report", "issue", "issue_for", "add", "Issue", "_warn"})
#: Keyword arguments that carry shown text wherever they appear.
_TEXT_KEYWORDS = frozenset({"hint", "message", "label"})
#: Calls that translate (their argument is a msgid, not shown text).
_TRANSLATING = frozenset({"tr", "translate", "N_"})
#: Modules whose returned, collected or ``.text``-assigned strings are messages.
MESSAGE_MODULES = ("cli/reporters/", "conformance/html_report.py", "conformance/keyfields.py",
                   "conformance/reporters.py", "conformance/results.py",
                   "conformance/runner.py")
_PLACEHOLDER_MARK = "\x00"
_TAG = re.compile(r"<[^<>]*>|&[#\w]+;")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Untranslated:
    """A user-facing literal that does not go through ``tr``."""

    module: str  # path under src/vn_egov, POSIX
    line: int
    where: str  # what shows it: "raise X", "echo", "hint=", "finding", "reporter"
    text: str  # the literal, formatted values written {}

    @property
    def domain(self) -> str:
        """The catalogue (area) the module belongs to."""
        return domain_of(PACKAGE / self.module)

    @property
    def allowed(self) -> bool:
        """Listed in :data:`ALLOWED_ENGLISH`."""
        return any(self.module == module and self.text.startswith(start)
                   for module, start in ALLOWED_ENGLISH)

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.where}: {self.text!r}"


@functools.cache
def _exception_names() -> frozenset[str]:
    import click

    from vn_egov import errors

    names = set()
    for namespace in (vars(builtins), vars(errors), vars(click.exceptions)):
        names.update(name for name, value in namespace.items()
                     if isinstance(value, type) and issubclass(value, BaseException))
    return frozenset(names - {"SystemExit", "KeyboardInterrupt", "StopIteration",
                              "GeneratorExit"})


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _texts(node: ast.AST | None) -> Iterator[str]:
    """The literal texts *node* shows (formatted values as a mark), translated parts left out."""
    if node is None:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(part.value if isinstance(part, ast.Constant) else _PLACEHOLDER_MARK
                      for part in node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        yield from _texts(node.left)
        if isinstance(node.op, ast.Add):
            yield from _texts(node.right)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _texts(value)
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            yield from _texts(element)
    elif isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        yield from _texts(node.elt)
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
          and node.func.attr == "format"):
        yield from _texts(node.func.value)


def _words(text: str) -> tuple[list[str], str]:
    bare = _TAG.sub(" ", text).replace(_PLACEHOLDER_MARK, "")
    return _WORD.findall(bare), bare.strip()


def is_prose(text: str, *, sentence: bool = False) -> bool:
    """Whether *text* holds words a reader reads (markup and placeholders aside); with
    *sentence*, at least two words apart (a path or an identifier is not one).

    >>> is_prose("Done."), is_prose("{}: {}"), is_prose("<td>{}</td>")
    (True, False, False)
    >>> is_prose("$.LOAITTHC", sentence=True), is_prose("not a number", sentence=True)
    (False, True)
    """
    words, bare = _words(text.replace("{}", _PLACEHOLDER_MARK))
    if sentence:
        return len(words) >= 2 and any(char.isspace() for char in bare)
    return bool(words)


class _Finder(ast.NodeVisitor):
    def __init__(self, module: str, exceptions: frozenset[str]) -> None:
        self.module = module
        self.exceptions = exceptions
        self.messages_module = module.startswith(MESSAGE_MODULES)
        self.found: list[Untranslated] = []
        self.translated_or_tested: set[int] = set()

    def visit(self, node: ast.AST) -> None:
        """Visit *node*, first noting the expressions translated or only tested for truth."""
        if isinstance(node, ast.Module):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _callee(inner) in _TRANSLATING:
                    self.translated_or_tested.update(id(arg) for arg in inner.args[:1])
                elif isinstance(inner, (ast.If, ast.IfExp, ast.While)):
                    self.translated_or_tested.add(id(inner.test))
        super().visit(node)

    def _flag(self, node: ast.AST | None, where: str, *, sentence: bool = False) -> None:
        for text in _texts(node):
            if is_prose(text, sentence=sentence):
                assert node is not None
                self.found.append(Untranslated(self.module, getattr(node, "lineno", 0), where,
                                               text.replace(_PLACEHOLDER_MARK, "{}")))

    def visit_Call(self, node: ast.Call) -> None:
        name = _callee(node)
        if name in _TRANSLATING:
            return  # a msgid: extracted and translated, not shown as is
        if name in self.exceptions or name.endswith("Error"):
            self._flag(node.args[0] if node.args else None, f"raise {name}")
        elif name in _SHOWN:
            self._flag(node.args[0] if node.args else None, name)
        elif name in _FINDINGS:
            for argument in node.args[1:]:
                self._flag(argument, "finding", sentence=True)
        elif self.messages_module and name in ("append", "extend"):
            for argument in node.args:
                self._flag(argument, "reporter", sentence=True)
        for keyword in node.keywords:
            if keyword.arg in _TEXT_KEYWORDS:
                self._flag(keyword.value, f"{keyword.arg}=")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        # A rule's title or hint is an English msgid: shown only through translate().
        base = node.value
        if node.attr in ("title", "hint") and (
                (isinstance(base, ast.Name) and base.id in ("rule", "definition"))
                or (isinstance(base, ast.Call) and _callee(base) == "get_rule")) \
                and id(node) not in self.translated_or_tested:
            self.found.append(Untranslated(self.module, node.lineno, "rule text",
                                           f"{ast.unparse(node)} without translate()"))
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if self.messages_module:
            self._flag(node.value, "reporter", sentence=True)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        if self.messages_module and any(isinstance(target, ast.Attribute)
                                        and target.attr == "text" for target in node.targets):
            self._flag(node.value, "reporter", sentence=True)
        self.generic_visit(node)


def scan(source: str | bytes, module: str) -> list[Untranslated]:
    """The user-facing literals of one module's *source* that bypass ``tr`` (*module*: its
    path under ``src/vn_egov``).

    >>> [item.where for item in scan('raise InputError(f"no file {p}")', "x.py")]
    ['raise InputError']
    >>> scan('raise InputError(tr("no file {p}", p=p))', "x.py")
    []
    """
    finder = _Finder(module, _exception_names())
    finder.visit(ast.parse(source, module))
    return finder.found


def untranslated(paths: Iterable[Path] | None = None) -> list[Untranslated]:
    """Every user-facing literal of *paths* (default: the whole package) that bypasses ``tr``,
    allowed ones included (see :attr:`Untranslated.allowed`)."""
    found: list[Untranslated] = []
    for path in sorted(PACKAGE.rglob("*.py")) if paths is None else paths:
        found += scan(path.read_bytes(), path.relative_to(PACKAGE).as_posix())
    return found


def lint(domains: Iterable[str] = ()) -> list[Untranslated]:
    """The untranslated literals of *domains* (default: every area), allowed ones left out."""
    wanted = set(domains)
    return [item for item in untranslated()
            if not item.allowed and (not wanted or item.domain in wanted)]


def main(argv: list[str] | None = None) -> int:
    """Command line of the tool."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("update", "compile", "check", "lint"))
    parser.add_argument("areas", nargs="*", help="lint: only these areas (default: all)")
    arguments = parser.parse_args(argv)
    action = arguments.action
    importlib.invalidate_caches()
    if action == "update":
        print("updated:", ", ".join(update()))
        return 0
    if action == "compile":
        print("compiled:", ", ".join(p.name for p in compile_all()))
        return 0
    if action == "lint":
        found = lint(arguments.areas)
        for item in found:
            print(f"{item.domain}: {item}")
        print(f"{len(found)} untranslated text(s)")
        return 1 if found else 0
    problems = check()
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
