"""Write a pip constraints file that pins every dependency to its lowest allowed version.

    python tools/lower_bounds.py [--extra test] [-o constraints.txt]

Reads ``pyproject.toml``: the runtime dependencies plus the optional extras named with
``--extra`` (default: ``test``), following self-references such as ``vn-egov[all]``. For each
package the lowest version every specifier allows is the largest of its lower bounds (``>=``,
``==``, ``~=``), so ``lxml>=5.2`` next to ``lxml==6.1.3`` pins ``lxml==6.1.3``. A package with
no lower bound is left out (pip then picks the newest) and named on standard error. Use the
result with ``pip install -c constraints.txt -e ".[test]"`` to test the oldest versions the
constraints claim to support. Needs ``packaging`` (a dependency of pip's toolchain and pytest).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOWER_OPERATORS = frozenset({">=", "==", "~="})

__all__ = ["lower_bounds", "requirements"]


def requirements(project: dict[str, object], extras: list[str]) -> list[Requirement]:
    """The requirements of the runtime plus *extras*, self-references expanded.

    >>> project = {"name": "demo", "dependencies": ["a>=1"],
    ...            "optional-dependencies": {"test": ["demo[x]", "b==2"], "x": ["c>=3"]}}
    >>> [str(r) for r in requirements(project, ["test"])]
    ['a>=1', 'b==2', 'c>=3']
    """
    name = canonicalize_name(str(project["name"]))
    optional = project.get("optional-dependencies", {})
    assert isinstance(optional, dict)
    found: list[Requirement] = []
    pending = [("", [str(r) for r in project.get("dependencies", [])])]  # type: ignore[attr-defined]
    pending += [(extra, list(optional.get(extra, []))) for extra in extras]
    seen_extras: set[str] = set()
    while pending:
        extra, lines = pending.pop(0)
        if extra in seen_extras:
            continue
        seen_extras.add(extra)
        for line in lines:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == name:
                pending += [(sub, list(optional.get(sub, []))) for sub in requirement.extras]
            else:
                found.append(requirement)
    return found


def lower_bounds(found: list[Requirement]) -> tuple[dict[str, Version], list[str]]:
    """Per package, the largest lower bound; and the packages that have none.

    >>> pins, unbounded = lower_bounds([Requirement("lxml>=5.2"), Requirement("lxml==6.1.3"),
    ...                                 Requirement("Click>=8.1"), Requirement("six")])
    >>> {name: str(version) for name, version in pins.items()}, unbounded
    ({'lxml': '6.1.3', 'click': '8.1'}, ['six'])
    """
    pins: dict[str, Version] = {}
    names: list[str] = []
    for requirement in found:
        name = canonicalize_name(requirement.name)
        if name not in names:
            names.append(name)
        for spec in requirement.specifier:
            if spec.operator in LOWER_OPERATORS:
                bound = Version(spec.version)
                pins[name] = max(pins.get(name, bound), bound)
    return pins, [name for name in names if name not in pins]


def main(argv: list[str] | None = None) -> int:
    """Command line of the tool."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--extra", action="append", default=None,
                        help="optional extra to include (repeatable; default: test)")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="file to write (default: standard output)")
    options = parser.parse_args(argv)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins, unbounded = lower_bounds(requirements(project, options.extra or ["test"]))
    text = "".join(f"{name}=={version}\n" for name, version in sorted(pins.items()))
    if options.output is None:
        sys.stdout.write(text)
    else:
        options.output.write_text(text, encoding="utf-8")
    for name in unbounded:
        print(f"lower_bounds: {name} has no lower bound; pip will pick its newest version",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
