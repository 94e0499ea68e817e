"""The local hub's configuration: connected systems (``systems.toml``) and settings.

>>> systems = parse_systems({"system": [{"id": "vxp.hp.01", "secret": "s3cret-1",
...                                       "organ_ids": ["000.00.00.H24"]}]}, "systems.toml")
>>> systems.by_organ("000.00.00.H24").id
'vxp.hp.01'
>>> systems.secret_of("nobody") is None
True
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr

__all__ = ["DEFAULT_MAX_PACKAGE_BYTES", "HubSettings", "HubSystem", "Systems", "load_systems",
           "parse_systems"]

DEFAULT_MAX_PACKAGE_BYTES: Final = 512 * 1024 * 1024
_SYSTEM_KEYS: Final = ("id", "secret", "organ_ids", "name")
# A system id travels in a header and is shown in lists: printable ASCII without separators.
_SYSTEM_ID: Final = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_ORGAN_ID: Final = re.compile(r"^[A-Za-z0-9.]{1,35}$")


@dataclass(frozen=True)
class HubSystem:
    """One connected system: its id, HMAC secret, and the agencies it serves."""

    id: str
    secret: str = field(repr=False)
    organ_ids: tuple[str, ...] = ()
    name: str = ""


class Systems:
    """The connected systems, looked up by id and by the OrganIds they serve."""

    def __init__(self, systems: Iterable[HubSystem]) -> None:
        self._by_id: dict[str, HubSystem] = {}
        self._by_organ: dict[str, HubSystem] = {}
        for system in systems:
            if system.id in self._by_id:
                raise ConfigurationError(tr("system {id} is listed twice", id=system.id))
            self._by_id[system.id] = system
            for organ in system.organ_ids:
                if organ in self._by_organ:
                    raise ConfigurationError(
                        tr("agency {organ} is served by two systems ({first}, {second})",
                           organ=organ, first=self._by_organ[organ].id, second=system.id),
                        hint=tr("route each agency to one system"))
                self._by_organ[organ] = system

    def get(self, system_id: str) -> HubSystem | None:
        """The system with this id, or ``None``."""
        return self._by_id.get(system_id)

    def secret_of(self, system_id: str) -> str | None:
        """The secret of *system_id*, ``None`` for an unknown system."""
        system = self._by_id.get(system_id)
        return system.secret if system else None

    def by_organ(self, organ_id: str) -> HubSystem | None:
        """The system that receives for *organ_id*, or ``None``."""
        return self._by_organ.get(organ_id)

    def organs(self) -> Mapping[str, HubSystem]:
        """Every served OrganId with its system."""
        return dict(self._by_organ)

    def __iter__(self) -> Iterator[HubSystem]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def _error(source: str, problem: str) -> ConfigurationError:
    return ConfigurationError(problem, source=source,
                              hint=tr('each [[system]] needs id = "...", secret = "..." and '
                                      'organ_ids = ["..."]'))


def _system(row: Any, index: int, source: str) -> HubSystem:
    if not isinstance(row, Mapping):
        raise _error(source, tr("system #{index} is not a table", index=index))
    unknown = sorted(set(row) - set(_SYSTEM_KEYS))
    if unknown:
        raise _error(source, tr("system #{index} has unknown keys: {keys}", index=index,
                                keys=", ".join(unknown)))
    system_id, secret = row.get("id"), row.get("secret")
    organs, name = row.get("organ_ids", []), row.get("name", "")
    if not isinstance(system_id, str) or not _SYSTEM_ID.match(system_id):
        raise _error(source, tr("system #{index}: id must be 1-64 characters of letters, "
                                "digits, '.', '_' or '-'", index=index))
    if not isinstance(secret, str) or len(secret) < 8 or not secret.isascii():
        raise _error(source, tr("system {id}: secret must be ASCII text of 8 characters or "
                                "more", id=system_id))
    if not isinstance(organs, list) or not all(isinstance(o, str) and _ORGAN_ID.match(o)
                                               for o in organs):
        raise _error(source, tr("system {id}: organ_ids must be a list of agency codes",
                                id=system_id))
    if not isinstance(name, str):
        raise _error(source, tr("system {id}: name must be text", id=system_id))
    return HubSystem(system_id, secret, tuple(organs), name)


def parse_systems(data: Mapping[str, Any], source: str) -> Systems:
    """Check a parsed ``systems.toml`` (``[[system]]`` tables) and build :class:`Systems`."""
    unknown = sorted(set(data) - {"system"})
    if unknown:
        raise _error(source, tr("unknown keys: {keys}", keys=", ".join(unknown)))
    rows = data.get("system", [])
    if not isinstance(rows, list) or not rows:
        raise _error(source, tr("no [[system]] is listed"))
    return Systems(_system(row, index, source) for index, row in enumerate(rows, start=1))


def load_systems(path: str | Path) -> Systems:
    """Read and check a ``systems.toml`` file."""
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(tr("cannot read {path}: {reason}", path=file,
                                    reason=exc.strerror), source=str(file)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigurationError(tr("{path} is not valid TOML: {reason}", path=file,
                                    reason=exc), source=str(file)) from None
    return parse_systems(data, str(file))


@dataclass(frozen=True)
class HubSettings:
    """Where and how the hub keeps its data.

    ``data_dir`` holds the package bodies (by content hash) and, by default, the SQLite
    database; ``database_url`` is any SQLAlchemy URL (e.g. ``postgresql+psycopg://...``).
    ``validate=False`` accepts packages without validating them (to test receivers against
    a hub that does not check); ``full_validation_bytes``: see :mod:`vn_egov.edoc.large`.
    """

    data_dir: Path
    database_url: str | None = None
    max_package_bytes: int = DEFAULT_MAX_PACKAGE_BYTES
    validate: bool = True
    #: Larger packages are validated with their attachments checked by streaming.
    full_validation_bytes: int = 32 * 1024 * 1024

    @property
    def url(self) -> str:
        """The database URL actually used."""
        return self.database_url or f"sqlite:///{self.data_dir / 'hub.sqlite3'}"
