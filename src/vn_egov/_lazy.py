"""Lazy package exports: ``from vn_egov.signature import Signer`` imports only what it needs.

A package lists ``{name: submodule}``; :func:`lazy_exports` returns the module-level
``__getattr__`` and ``__dir__`` that import the submodule on first access (PEP 562), so that
importing a package (or one of its light submodules, e.g. its rule ids) stays cheap.

>>> getattr_, dir_ = lazy_exports("vn_egov.edoc", {"read": "reader"})
>>> getattr_("read").__module__
'vn_egov.edoc.reader'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = []


def lazy_exports(package: str, exports: Mapping[str, str]
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for *package*, resolving *exports* on demand."""

    def get_attribute(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def list_names() -> list[str]:
        return sorted(exports)

    return get_attribute, list_names
