"""Messages in Vietnamese and English: one context-local language choice, gettext catalogues.

Every user-facing text of the library goes through :func:`tr`. The source text (the msgid) is
English; the Vietnamese forms live in gettext catalogues (``.po`` in the repository, compiled
``.mo`` shipped in the wheel), one per area of the library (``edoc``, ``signature`` ...). The
language is a context variable: :func:`language` sets it for a block (a thread, an asyncio task
or a request handler sees only its own choice), never for the whole process.

>>> tr("the package carries no signature")
'the package carries no signature'
>>> with language("vi"):
...     tr("the package carries no signature")
'gói tin không có chữ ký số'
>>> tr("{count} file(s) checked", count=3)
'3 file(s) checked'

Placeholders use :meth:`str.format` names; a translation must use the same names (a test
checks every catalogue). Texts defined at import time (rule titles, CLI help) are marked with
:func:`N_` and translated where they are shown.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path
from typing import Final, Literal

__all__ = [
    "N_",
    "Language",
    "current_language",
    "language",
    "normalize_language",
    "reset_language",
    "set_language",
    "tr",
    "translate",
]

Language = Literal["en", "vi"]
#: The languages every message exists in; English is the source language.
LANGUAGES: Final[tuple[Language, ...]] = ("en", "vi")
LOCALE_DIR: Final = Path(__file__).resolve().parent / "locale"
#: The environment variable that chooses the language when nothing closer does.
ENV_VAR: Final = "VN_EGOV_LANG"

_CURRENT: ContextVar[Language | None] = ContextVar("vn_egov_language", default=None)


def normalize_language(value: str) -> Language | None:
    """``"vi"`` or ``"en"`` from a language tag or POSIX locale name, ``None`` when neither.

    >>> normalize_language("vi_VN.UTF-8"), normalize_language("EN-us"), normalize_language("C")
    ('vi', 'en', None)
    """
    code = value.strip().lower().replace("-", "_").split(".")[0].split("@")[0].split("_")[0]
    if code == "vi":
        return "vi"
    if code == "en":
        return "en"
    return None


def current_language() -> Language:
    """The language of the current context: :func:`language`/:func:`set_language`, then the
    ``VN_EGOV_LANG`` environment variable, then English.

    >>> current_language()
    'en'
    """
    chosen = _CURRENT.get()
    if chosen is not None:
        return chosen
    return normalize_language(os.environ.get(ENV_VAR, "")) or "en"


def set_language(lang: str) -> Token[Language | None]:
    """Choose the language for the current context; returns a token for :func:`reset_language`.

    Raises ``ValueError`` for a language other than ``vi`` or ``en``.
    """
    normalized = normalize_language(lang)
    if normalized is None:
        raise ValueError(f"unsupported language {lang!r}; choose one of: vi, en")
    return _CURRENT.set(normalized)


def reset_language(token: Token[Language | None]) -> None:
    """Undo a :func:`set_language`."""
    _CURRENT.reset(token)


@contextmanager
def language(lang: str) -> Iterator[Language]:
    """Use *lang* (``"vi"`` or ``"en"``) for the messages made inside the block.

    >>> with language("vi") as lang:
    ...     lang
    'vi'
    """
    token = set_language(lang)
    try:
        yield current_language()
    finally:
        reset_language(token)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark *message* for extraction without translating it (translate where it is shown)."""
    return message


@cache
def _catalogue(lang: Language) -> dict[str, str]:
    """Every compiled catalogue of *lang* merged into one mapping (loaded once per process).

    One dictionary instead of a chain of gettext fallbacks: a message costs one lookup
    whichever area's catalogue holds it (a test keeps the areas from translating one message
    two ways, so the order of the merge does not matter).
    """
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    merged: dict[str, str] = {}
    for mo_file in sorted(folder.glob("*.mo")) if folder.is_dir() else ():
        with mo_file.open("rb") as stream:
            domain = gettext.GNUTranslations(stream)
        # GNUTranslations keeps the parsed .mo in its _catalog attribute (msgid -> msgstr;
        # plural forms are keyed by tuples and the header by "", neither is used here).
        parsed: dict[object, str] = vars(domain)["_catalog"]
        merged.update((key, value) for key, value in parsed.items()
                      if isinstance(key, str) and key)
    return merged


def translate(message: str, lang: str | None = None, /, **params: object) -> str:
    """*message* in *lang* (default: :func:`current_language`), formatted with *params*.

    A translation whose placeholders do not fit *params* falls back to the English source, so
    a faulty catalogue can never turn a finding into a crash.

    >>> translate("the package carries no signature", "vi")
    'gói tin không có chữ ký số'

    The empty text stays empty (gettext would answer it with the catalogue's header), so an
    optional text such as a rule's hint can be passed as it is.

    >>> translate("", "vi")
    ''
    """
    chosen = normalize_language(lang) if lang else current_language()
    english = not message or chosen in (None, "en")
    text = message if english else _catalogue(chosen).get(message, message)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return message.format(**params)


def tr(message: str, /, **params: object) -> str:
    """*message* in the current language, formatted with *params* (see :func:`translate`)."""
    return translate(message, None, **params)
