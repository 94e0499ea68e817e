"""tools/lower_bounds.py: the constraints file .ci/run uses for the oldest-dependencies run."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import lower_bounds  # noqa: E402


def _pins(text: str) -> dict[str, Version]:
    pins = {}
    for line in text.splitlines():
        name, version = line.split("==")
        pins[name] = Version(version)
    return pins


def test_every_pin_is_allowed_by_every_specifier_of_its_package(tmp_path: Path) -> None:
    out = tmp_path / "constraints.txt"
    done = subprocess.run([sys.executable, str(REPO / "tools" / "lower_bounds.py"), "-o",
                           str(out)], capture_output=True, text=True, check=True)
    assert done.stderr == ""  # every dependency has a lower bound
    pins = _pins(out.read_text(encoding="utf-8"))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["test"],
             *project["optional-dependencies"]["divisions"]]
    for requirement in (Requirement(line) for line in lines):
        name = canonicalize_name(requirement.name)
        if name == "vn-egov":
            continue
        assert name in pins, name
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])
    # The pinned version of lxml is the test extra's exact pin, not the runtime floor.
    assert pins["lxml"] == Version("6.1.3")


def test_self_references_are_followed_once() -> None:
    project = {"name": "demo", "dependencies": ["a>=1"],
               "optional-dependencies": {"test": ["demo[all]", "demo[x]"], "all": ["demo[x]"],
                                         "x": ["c>=3", "a>=2"]}}
    found = lower_bounds.requirements(project, ["test"])
    pins, unbounded = lower_bounds.lower_bounds(found)
    assert {name: str(v) for name, v in pins.items()} == {"a": "2", "c": "3"}
    assert unbounded == []
    assert [str(r) for r in found].count("c>=3") == 1
