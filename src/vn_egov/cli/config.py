"""Configuration of ``vn-egov validate``: ``[tool.vn-egov]`` or ``vn-egov.toml``.

The file is found upward from the working directory: in each folder a ``vn-egov.toml``
wins over a ``pyproject.toml``, and a ``pyproject.toml`` counts only when it has a
``[tool.vn-egov]`` table. ``--config FILE`` names one explicitly. Unknown keys and wrong
types are errors that name the key and the file, because a misspelt key that is silently
ignored would change a CI verdict without anyone noticing.

>>> config = parse_config({"strict": True, "disable": ["EDX009"]}, Path("vn-egov.toml"))
>>> config.strict, config.disable
(True, ('EDX009',))
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vn_egov.errors import ConfigurationError, InputError
from vn_egov.i18n import normalize_language, tr
from vn_egov.inputs import read_input

if TYPE_CHECKING:
    # Imported where a severity is read: every command, ``--version`` included, looks up
    # ``lang`` here first, and vn_egov.validation (lxml, the profiles) would triple its
    # start-up time.
    from vn_egov.validation import Severity

__all__ = [
    "DEFAULT_INCLUDE",
    "Config",
    "SignatureConfig",
    "find_config",
    "load_config",
    "parse_config",
]

SECTION = "tool.vn-egov"
DEFAULT_INCLUDE: tuple[str, ...] = ("*.edxml", "*.xml")

_TOP_KEYS = ("profile", "fail-on", "strict", "disable", "severity", "include", "exclude",
             "jobs", "profiles", "signature", "plugins", "lang")
_SIGNATURE_KEYS = ("verify", "trust", "intermediates", "crl", "revocation", "sender-map",
                   "allow-sha1")
#: The revocation modes of :class:`vn_egov.signature.SignaturePolicy` (kept here so that reading
#: a configuration does not import the signature package).
_REVOCATION_MODES = ("auto", "require", "soft-fail", "off")


@dataclass(frozen=True)
class SignatureConfig:
    """The ``signature`` table: verify signatures against trust anchors and CRLs.

    Paths are resolved against the folder of the configuration file.

    >>> SignatureConfig().as_settings()
    {'verify': False, 'trust': [], 'crls': [], 'allow_sha1': False}
    >>> SignatureConfig(revocation="require", sender_map=Path("senders.toml")).as_settings()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'verify': False, 'trust': [], 'crls': [], 'allow_sha1': False, 'revocation': 'require',
     'sender_map': 'senders.toml'}
    """

    verify: bool = False
    trust: tuple[Path, ...] = ()
    crl: tuple[Path, ...] = ()
    allow_sha1: bool = False
    intermediates: tuple[Path, ...] = ()
    revocation: str | None = None
    sender_map: Path | None = None

    def files(self) -> tuple[Path, ...]:
        """Every file the table names (each must exist)."""
        return (*self.trust, *self.intermediates, *self.crl,
                *((self.sender_map,) if self.sender_map is not None else ()))

    def as_settings(self) -> dict[str, Any]:
        """The mapping stored in ``ValidationOptions.settings["signature"]`` (the settings of
        :func:`vn_egov.signature.layer.policy_from_settings`)."""
        settings: dict[str, Any] = {
            "verify": self.verify, "trust": [str(p) for p in self.trust],
            "crls": [str(p) for p in self.crl], "allow_sha1": self.allow_sha1}
        if self.intermediates:
            settings["intermediates"] = [str(p) for p in self.intermediates]
        if self.revocation is not None:
            settings["revocation"] = self.revocation
        if self.sender_map is not None:
            settings["sender_map"] = str(self.sender_map)
        return settings


@dataclass(frozen=True)
class Config:
    """Validated configuration values; ``None`` means "not set, use the default".

    >>> Config().include
    ('*.edxml', '*.xml')
    """

    source: Path | None = None
    profile: str | None = None
    fail_on: Severity | None = None
    strict: bool | None = None
    disable: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    jobs: int | None = None
    profiles: Mapping[str, str] = field(default_factory=dict)
    signature: SignatureConfig = field(default_factory=SignatureConfig)
    plugins: tuple[str, ...] = ()
    lang: str | None = None


def find_config(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The first configuration found from *start* upward, with its ``vn-egov`` table.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "vn-egov.toml").write_text('profile = "edxml-status"')
    ...     (Path(tmp) / "sub").mkdir()
    ...     path, table = find_config(Path(tmp) / "sub")
    ...     path.name, dict(table)
    ('vn-egov.toml', {'profile': 'edxml-status'})
    """
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "vn-egov.toml"
        if own.is_file():
            return own, _read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(_read_toml(pyproject))
            if table is not None:
                return pyproject, table
    return None


def load_config(explicit: Path | None = None, *, start: Path | None = None) -> Config:
    """Load ``--config`` *explicit*, or the configuration found from *start* (default cwd).

    A ``pyproject.toml`` given explicitly must have a ``[tool.vn-egov]`` table.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     pyproject = Path(tmp) / "pyproject.toml"
    ...     _ = pyproject.write_text('[tool.vn-egov]\\nstrict = true\\nexclude = ["out/*"]')
    ...     config = load_config(start=Path(tmp))
    ...     config.source == pyproject, config.strict, config.exclude
    (True, True, ('out/*',))
    """
    if explicit is not None:
        data: Mapping[str, Any] = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            table = _tool_table(data)
            if table is None:
                raise ConfigurationError(
                    tr("{path} has no [{section}] table", path=explicit, section=SECTION),
                    source=str(explicit),
                    hint=tr("add a [{section}] table or name a vn-egov.toml", section=SECTION))
            data = table
        return parse_config(data, explicit)
    found = find_config(start or Path.cwd())
    if found is None:
        return Config()
    return parse_config(found[1], found[0])


def parse_config(data: Mapping[str, Any], source: Path) -> Config:
    """Check every key and type of one configuration table and build a :class:`Config`.

    >>> parse_config({"fail-on": "warning", "jobs": 2}, Path("x.toml")).fail_on
    <Severity.WARNING: 'warning'>
    >>> parse_config({"failon": "warning"}, Path("x.toml"))
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: x.toml: unknown configuration key 'failon' ...
    """
    reader = _Reader(source, _prefix(source))
    reader.check_keys(data, _TOP_KEYS, "")
    base = source.parent
    return Config(
        source=source,
        profile=reader.string(data, "profile"),
        fail_on=reader.severity(data, "fail-on"),
        strict=reader.boolean(data, "strict"),
        disable=reader.strings(data, "disable") or (),
        severity=reader.severity_table(data, "severity"),
        include=reader.strings(data, "include") or DEFAULT_INCLUDE,
        exclude=reader.strings(data, "exclude") or (),
        jobs=reader.jobs(data, "jobs"),
        profiles=reader.string_table(data, "profiles"),
        signature=reader.signature(data.get("signature"), base),
        plugins=reader.strings(data, "plugins") or (),
        lang=reader.language(data, "lang"),
    )


def _prefix(source: Path) -> str:
    return f"{SECTION}." if source.name == "pyproject.toml" else ""


#: Configuration files are small; a larger one is refused before it is read.
CONFIG_MAX_BYTES = 1024 * 1024


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data, _name = read_input(path, max_bytes=CONFIG_MAX_BYTES)
        return tomllib.loads(data.decode("utf-8"))
    except InputError as exc:  # a FIFO, a device or a directory is refused unopened
        raise ConfigurationError(tr("cannot read configuration file: {reason}",
                                    reason=exc.message),
                                 source=str(path), hint=tr("check the --config path")) from None
    except UnicodeDecodeError:
        raise ConfigurationError(tr("configuration file is not UTF-8 text"), source=str(path),
                                 hint=tr("give a TOML file (vn-egov.toml or pyproject.toml)")
                                 ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(tr("configuration file is not valid TOML: {error}", error=exc),
                                 source=str(path),
                                 hint=tr("fix the TOML syntax at the position named")) from None


def _tool_table(pyproject: Mapping[str, Any]) -> Mapping[str, Any] | None:
    tool = pyproject.get("tool")
    if not isinstance(tool, Mapping):
        return None
    table = tool.get("vn-egov")
    return table if isinstance(table, Mapping) else None


@dataclass(frozen=True)
class _Reader:
    """Typed access to a TOML table; every error names the file and the full key."""

    source: Path
    prefix: str

    def error(self, key: str, problem: str, hint: str | None = None) -> ConfigurationError:
        full_key = self.prefix + key
        return ConfigurationError(tr("{problem} in key {key}", problem=problem, key=full_key),
                                  source=str(self.source), hint=hint)

    def check_keys(self, data: Mapping[str, Any], known: tuple[str, ...], table: str) -> None:
        for key in data:
            if key not in known:
                full = f"{self.prefix}{table}{key}"
                raise ConfigurationError(tr("unknown configuration key {key!r}", key=full),
                                         source=str(self.source),
                                         hint=tr("known keys: {keys}", keys=", ".join(known)))

    def string(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self.error(key, tr("expected a string, got {kind}", kind=type(value).__name__))

    def language(self, data: Mapping[str, Any], key: str) -> str | None:
        value = self.string(data, key)
        if value is not None and normalize_language(value) is None:
            raise self.error(key, tr("{value!r} is not a supported language", value=value),
                             hint=tr("use vi or en"))
        return normalize_language(value) if value is not None else None

    def boolean(self, data: Mapping[str, Any], key: str) -> bool | None:
        value = data.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.error(key, tr("expected true or false, got {value!r}", value=value))

    def strings(self, data: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
        example = key + ' = ["..."]'
        raise self.error(key, tr("expected a list of strings"), tr("e.g. {example}",
                                                                    example=example))

    def severity(self, data: Mapping[str, Any], key: str) -> Severity | None:
        from vn_egov.validation import Severity

        value = self.string(data, key)
        if value is None:
            return None
        try:
            return Severity.parse(value)
        except ValueError as exc:
            raise self.error(key, str(exc)) from None

    def severity_table(self, data: Mapping[str, Any], key: str) -> dict[str, Severity]:
        from vn_egov.validation import Severity

        table = self.string_table(data, key)
        result: dict[str, Severity] = {}
        for rule, level in table.items():
            try:
                result[rule] = Severity.parse(level)
            except ValueError as exc:
                raise self.error(f"{key}.{rule}", str(exc)) from None
        return result

    def string_table(self, data: Mapping[str, Any], key: str) -> dict[str, str]:
        value = data.get(key)
        if value is None:
            return {}
        if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
            return dict(value)
        example = f"[{self.prefix}{key}]"
        raise self.error(key, tr("expected a table of strings"), tr("e.g. {example}",
                                                                     example=example))

    def jobs(self, data: Mapping[str, Any], key: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        raise self.error(key, tr("expected a whole number of at least 1, got {value!r}",
                                 value=value))

    def signature(self, value: object, base: Path) -> SignatureConfig:
        if value is None:
            return SignatureConfig()
        if not isinstance(value, Mapping):
            table_name = self.prefix + "signature"
            raise self.error("signature", tr("expected a table"),
                             tr("use [{table}]", table=table_name))
        table = _Reader(self.source, f"{self.prefix}signature.")
        table.check_keys(value, _SIGNATURE_KEYS, "")
        revocation = table.string(value, "revocation")
        if revocation is not None and revocation not in _REVOCATION_MODES:
            raise table.error("revocation", tr("{value!r} is not a revocation mode",
                                               value=revocation),
                              tr("use one of {modes}", modes=", ".join(_REVOCATION_MODES)))
        sender_map = table.string(value, "sender-map")
        return SignatureConfig(
            verify=table.boolean(value, "verify") or False,
            trust=tuple(base / p for p in table.strings(value, "trust") or ()),
            intermediates=tuple(base / p for p in table.strings(value, "intermediates") or ()),
            crl=tuple(base / p for p in table.strings(value, "crl") or ()),
            revocation=revocation,
            sender_map=base / sender_map if sender_map is not None else None,
            allow_sha1=table.boolean(value, "allow-sha1") or False,
        )
