"""Client settings of ``vn-egov hub``: endpoint, system id, secret, protocol.

Read from a TOML file with a ``[hub]`` table (``--config FILE`` or ``VN_EGOV_HUB_CONFIG``);
command-line options win over the file. The secret comes from ``VN_EGOV_HUB_SECRET`` first,
then from the file's ``secret`` (or ``secret-file``); it is never printed or logged.

>>> settings = parse_client_config({"endpoint": "https://hub.example.gov.vn",
...                                 "system-id": "vxp.hp.01"}, "hub.toml")
>>> settings.endpoint, settings.protocol, settings.secret
('https://hub.example.gov.vn', 'vpcp', None)
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr

__all__ = ["load_client_config"]

SECRET_ENV: Final = "VN_EGOV_HUB_SECRET"
CONFIG_ENV: Final = "VN_EGOV_HUB_CONFIG"
_KEYS: Final = ("endpoint", "system-id", "secret", "secret-file", "protocol", "organ-id",
                "timeout", "retries", "state", "fetch")


@dataclass(frozen=True)
class ClientSettings:
    """Where the hub is and who we are. ``secret`` never appears in ``repr``."""

    endpoint: str | None = None
    system_id: str | None = None
    secret: str | None = field(default=None, repr=False)
    protocol: Literal["vpcp", "bkav"] = "vpcp"
    organ_id: str | None = None
    timeout: float = 30.0
    retries: int = 3
    state: Path | None = None
    fetch: Literal["getEdoc", "downloadEdoc"] = "getEdoc"

    def with_options(self, **options: Any) -> ClientSettings:
        """These settings with the options that were given (``None`` = not given)."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def _error(source: str, problem: str) -> ConfigurationError:
    return ConfigurationError(problem, source=source,
                              hint=tr("the [hub] table takes: {keys}", keys=", ".join(_KEYS)))


def _text(data: Mapping[str, Any], key: str, source: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _error(source, tr("{key} must be text", key=key))


def parse_client_config(data: Mapping[str, Any], source: str) -> ClientSettings:
    """Check the ``[hub]`` table and build :class:`ClientSettings`."""
    unknown = sorted(set(data) - set(_KEYS))
    if unknown:
        raise _error(source, tr("unknown keys in [hub]: {keys}", keys=", ".join(unknown)))
    protocol = _text(data, "protocol", source) or "vpcp"
    if protocol not in ("vpcp", "bkav"):
        raise _error(source, tr("protocol must be vpcp or bkav"))
    fetch = _text(data, "fetch", source) or "getEdoc"
    if fetch not in ("getEdoc", "downloadEdoc"):
        raise _error(source, tr("fetch must be getEdoc or downloadEdoc"))
    timeout, retries = data.get("timeout", 30.0), data.get("retries", 3)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise _error(source, tr("timeout must be a positive number of seconds"))
    if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= 10:
        raise _error(source, tr("retries must be a whole number from 0 to 10"))
    secret = _text(data, "secret", source)
    secret_file = _text(data, "secret-file", source)
    base = Path(source).parent
    if secret is None and secret_file is not None:
        try:
            secret = (base / secret_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise _error(source, tr("cannot read the secret file: {reason}",
                                    reason=exc.strerror)) from None
    state = _text(data, "state", source)
    return ClientSettings(
        endpoint=_text(data, "endpoint", source), system_id=_text(data, "system-id", source),
        secret=secret, protocol=protocol,  # type: ignore[arg-type]
        organ_id=_text(data, "organ-id", source), timeout=float(timeout), retries=retries,
        state=base / state if state else None, fetch=fetch)  # type: ignore[arg-type]


def load_client_config(path: Path | None, *,
                       environ: Mapping[str, str] | None = None) -> ClientSettings:
    """Settings from *path* (or ``VN_EGOV_HUB_CONFIG``), the secret from the environment
    first. No file: defaults."""
    env = os.environ if environ is None else environ
    chosen = path or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    settings = ClientSettings()
    if chosen is not None:
        try:
            document = tomllib.loads(chosen.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigurationError(tr("cannot read {path}: {reason}", path=chosen,
                                        reason=exc.strerror), source=str(chosen)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigurationError(tr("{path} is not valid TOML: {reason}", path=chosen,
                                        reason=exc), source=str(chosen)) from None
        table = document.get("hub")
        if not isinstance(table, Mapping):
            raise ConfigurationError(tr("{path} has no [hub] table", path=chosen),
                                     source=str(chosen))
        settings = parse_client_config(table, str(chosen))
    if env.get(SECRET_ENV):
        settings = replace(settings, secret=env[SECRET_ENV])
    return settings
