"""Where the shipped data files (XSDs, conformance corpus) live.

In a wheel they are inside the package (``vn_egov/schemas``, ``vn_egov/conformance_corpus``);
in a source checkout (editable install) they are at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import tr

__all__ = ["conformance_dir", "schema_path"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


@cache
def _data_dir(installed: str, checkout: str) -> Path:
    for candidate in (_PACKAGE / installed, _CHECKOUT / checkout):
        if candidate.is_dir():
            return candidate
    raise ConfigurationError(tr("data folder {folder!r} not found next to the package",
                                folder=installed), hint=tr("reinstall vn-egov; the wheel ships it"))


def schema_path(relative: str) -> Path:
    """Absolute path of a shipped XSD, e.g. ``schema_path("w3c/xmldsig-core-schema.xsd")``."""
    return _data_dir("schemas", "schemas") / relative


def conformance_dir() -> Path:
    """Folder of the shipped conformance corpus."""
    return _data_dir("conformance_corpus", "conformance")
