"""File discovery: directories, globs, include/exclude, errors, order."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vn_egov.cli.batch import Plan, chunked
from vn_egov.cli.discovery import discover, is_excluded
from vn_egov.errors import InputError
from vn_egov.validation import ValidationOptions


def _names(paths: list[Path]) -> list[str]:
    return [p.as_posix() for p in paths]


def test_directory_recursive_default_patterns(sample_tree: Path) -> None:
    assert _names(discover(["in"])) == ["in/broken.edxml", "in/good.xml", "in/info.edxml",
                                        "in/sub/bad.xml", "in/sub/warn.xml"]


def test_explicit_file_taken_whatever_its_name(sample_tree: Path) -> None:
    assert _names(discover(["in/readme.txt", "in/good.xml", "in/good.xml"])) == [
        "in/good.xml", "in/readme.txt"]


def test_globs_recursive_and_directories_in_globs(sample_tree: Path) -> None:
    assert _names(discover(["in/**/*.edxml"])) == ["in/broken.edxml", "in/info.edxml"]
    assert _names(discover(["i?/s*"])) == ["in/sub/bad.xml", "in/sub/warn.xml"]


def test_exclude_prunes_folders_and_files(sample_tree: Path) -> None:
    assert _names(discover(["in"], exclude=["sub", "*.edxml"])) == ["in/good.xml"]
    assert _names(discover(["in"], include=["*.txt"])) == ["in/readme.txt"]


@pytest.mark.parametrize(("argument", "message"), [
    ("nope", "nope: path does not exist (hint: check the spelling, or quote a glob pattern)"),
    ("in/*.pdf", "no files matched 'in/*.pdf'"),
    ("empty", "no files matched 'empty'"),
])
def test_errors(sample_tree: Path, argument: str, message: str) -> None:
    (sample_tree / "empty").mkdir()
    with pytest.raises(InputError) as info:
        discover([argument])
    assert message in str(info.value)


def test_excluded_patterns() -> None:
    assert is_excluded(PurePath("a/build/x.xml"), ["build"])
    assert is_excluded(PurePath("a/x.tmp.xml"), ["*.tmp.xml"])
    assert is_excluded(PurePath("out/x.xml"), ["out/*"])
    assert not is_excluded(PurePath("in/x.xml"), ["out/*", "build"])


def test_profile_globs_match_path_or_name() -> None:
    plan = Plan(ValidationOptions(), profile="default",
                profiles={"status/**": "edxml-status", "*.st.xml": "edxml-status"})
    assert plan.profile_for("status/2024/a.xml") == "edxml-status"
    assert plan.profile_for("x/y/a.st.xml") == "edxml-status"
    assert plan.profile_for("docs/a.xml") == "default"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(), max_size=300), st.integers(1, 8))
def test_chunked_keeps_order_and_items(items: list[int], jobs: int) -> None:
    chunks = chunked(items, jobs)
    assert [x for chunk in chunks for x in chunk] == items
    assert all(0 < len(chunk) <= 64 for chunk in chunks)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_pool_start_methods_give_in_process_results(sample_tree: Path, method: str) -> None:
    """Spawned workers know the plugin's profile only by importing it: the plugin mechanism."""
    import multiprocessing

    from vn_egov.cli.batch import run_batch

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{method} is not available here")
    files = discover(["in"]) * 3
    plan = Plan(ValidationOptions(), plugins=("cli_sample_profile",))
    seen: list[int] = []
    pooled = run_batch(files, plan, jobs=2, start_method=method, on_progress=seen.append,
                       adapt=False)  # exactly two workers, however small the batch
    assert pooled == run_batch(files, plan, jobs=1)
    assert sum(seen) == len(files) == 15
    assert [r.profile for r in pooled[:5]] == [None, "test-sample", "test-sample",
                                               "test-sample", "test-sample"]
