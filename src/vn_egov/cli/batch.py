"""Validate many files, in this process or in a pool of worker processes.

``jobs`` is the most processes to use. Workers pay only where they can run at the same
time: a batch too small to repay starting them, or a machine without a free core for
each (load average), is validated in this process (:func:`worker_count`), so ``--jobs 2``
is never slower than ``--jobs 1``. Otherwise the files are cut into chunks and sent to a
:class:`~concurrent.futures.ProcessPoolExecutor`. Where the platform offers it the pool
*forks* (the CLI is single-threaded, and workers inherit the loaded profiles and compiled
schemas: measured 1.4x faster than spawning on 2,000 small packages, see
``benchmarks/bench_batch.py``); elsewhere it *spawns*. Everything is spawn-safe: the
worker function is module-level, its arguments are picklable, workers import the
*plugins* modules first (so profiles and rules registered by user code exist there too)
and send back the results themselves (pickled, nothing rebuilt here). Results always come
back in the order of the input paths, whatever the number of jobs.

>>> plan = Plan(options=ValidationOptions())
>>> [r.rule_ids() for r in run_batch([b"<broken"], plan)]
[['XML001']]
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePath
from typing import Any

from vn_egov.errors import ConfigurationError
from vn_egov.i18n import current_language, language, tr
from vn_egov.validation import Issue, Report, Severity, ValidationOptions, check
from vn_egov.xml.text import display_path

__all__ = ["FileResult", "Plan", "chunked", "default_start_method", "import_plugins",
           "run_batch", "worker_count"]

#: Each worker gets a few chunks, so a slow file does not leave the other worker idle.
_CHUNKS_PER_JOB = 4
_MAX_CHUNK = 64
#: Fewer files than this per worker do not repay starting it (a fork and its first pages
#: cost about as much as validating 50 small packages).
MIN_FILES_PER_WORKER = 50


@dataclass(frozen=True)
class FileResult:
    """What validating one file found, in a form every reporter can render.

    >>> from vn_egov.validation import check
    >>> result = FileResult.from_report("a.xml", check(b"<a>", source_name="a.xml"))
    >>> result.valid, result.rule_ids(), FileResult.from_dict(result.to_dict()) == result
    (False, ['XML001'], True)
    """

    path: str
    profile: str | None
    profile_version: str | None
    valid: bool
    fail_on: Severity
    sha256: str | None
    issues: tuple[Issue, ...] = ()

    @classmethod
    def from_report(cls, path: str, report: Report) -> FileResult:
        """Keep what the reporters need from a :class:`~vn_egov.validation.Report`."""
        return cls(path=path, profile=report.profile_id, profile_version=report.profile_version,
                   valid=report.valid, fail_on=report.fail_on, sha256=report.sha256,
                   issues=report.issues)

    @property
    def failing(self) -> tuple[Issue, ...]:
        """Issues at or above the failing severity."""
        return tuple(issue for issue in self.issues if issue.severity >= self.fail_on)

    def counts(self) -> dict[str, int]:
        """Number of issues per severity name (``error``, ``warning``, ``info``)."""
        counts = {severity.value: 0 for severity in (Severity.ERROR, Severity.WARNING,
                                                     Severity.INFO)}
        for issue in self.issues:
            counts[issue.severity.value] += 1
        return counts

    def rule_ids(self) -> list[str]:
        """Sorted, de-duplicated rule ids."""
        return sorted({issue.rule for issue in self.issues})

    def to_dict(self) -> dict[str, Any]:
        """Plain data (sent back by worker processes; also the JSON reporter's file entry)."""
        return {"path": self.path, "profile": self.profile,
                "profile_version": self.profile_version, "valid": self.valid,
                "fail_on": self.fail_on.value, "sha256": self.sha256, "counts": self.counts(),
                "issues": [issue.to_dict() for issue in self.issues]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FileResult:
        """Inverse of :meth:`to_dict`."""
        issues = tuple(Issue.from_dict(i) for i in data["issues"])
        return cls(path=data["path"], profile=data["profile"],
                   profile_version=data["profile_version"], valid=data["valid"],
                   fail_on=Severity(data["fail_on"]), sha256=data["sha256"], issues=issues)


@dataclass(frozen=True)
class Plan:
    """How to validate: options, a default profile, glob -> profile rules and plugins.

    >>> plan = Plan(ValidationOptions(), profile=None,
    ...             profiles={"status/*.edxml": "edxml-status"})
    >>> plan.profile_for("status/a.edxml"), plan.profile_for("in/a.edxml")
    ('edxml-status', None)
    """

    options: ValidationOptions
    profile: str | None = None
    profiles: Mapping[str, str] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()
    #: Language of the messages; worker processes do not inherit the parent's context.
    lang: str = field(default_factory=current_language)

    def profile_for(self, path: str) -> str | None:
        """The profile id for *path*: the first matching glob, else the default profile.

        A glob matches the whole path or, when it has no ``/``, the file name.
        """
        posix = PurePath(path).as_posix()
        for pattern, profile_id in self.profiles.items():
            target = posix if "/" in pattern else PurePath(path).name
            if fnmatch(target, pattern):
                return profile_id
        return self.profile


def import_plugins(modules: Sequence[str]) -> None:
    """Import *modules* so the profiles and rules they register exist in this process.

    >>> import_plugins(["vn_egov.validation"])
    >>> import_plugins(["no_such_plugin_module"])
    Traceback (most recent call last):
    ...
    vn_egov.errors.ConfigurationError: cannot import plugin 'no_such_plugin_module': ...
    """
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ConfigurationError(
                tr("cannot import plugin {module!r}: {error}", module=module, error=exc),
                hint=tr("install it, or check the module name and PYTHONPATH")) from exc


def chunked(items: Sequence[Any], jobs: int) -> list[Sequence[Any]]:
    """Cut *items* into consecutive chunks, a few per job and at most 64 items each.

    >>> [len(c) for c in chunked(list(range(10)), 2)]
    [2, 2, 2, 2, 2]
    """
    if not items:
        return []
    size = max(1, min(_MAX_CHUNK, -(-len(items) // (jobs * _CHUNKS_PER_JOB))))
    return [items[start:start + size] for start in range(0, len(items), size)]


Source = Path | bytes


def default_start_method() -> str:
    """``fork`` where available (POSIX), else ``spawn``.

    >>> default_start_method() in {"fork", "spawn"}
    True
    """
    import multiprocessing

    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def worker_count(jobs: int, files: int, *, cpus: int | None = None,
                 load: float | None = None) -> int:
    """How many processes validate *files* files with at most *jobs*: 1 (this process)
    when there are fewer than :data:`MIN_FILES_PER_WORKER` files per extra worker, or when
    the machine lacks a free CPU for each worker (*cpus* usable minus the 1-minute *load*
    average, rounded; this process waits while its workers run). Two processes sharing
    one CPU take longer than one, and more CPU time.

    >>> worker_count(2, 2000, cpus=2, load=0.3), worker_count(2, 2000, cpus=2, load=0.9)
    (2, 1)
    >>> worker_count(8, 2000, cpus=8, load=2.0), worker_count(8, 120, cpus=8, load=0.0)
    (6, 2)
    """
    if jobs <= 1 or files < 2 * MIN_FILES_PER_WORKER:
        return 1
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
    if load is None:
        try:
            load = os.getloadavg()[0]
        except OSError:  # not available on this platform: assume the machine is idle
            load = 0.0
    free = round(cpus - load)
    return max(1, min(jobs, free, files // MIN_FILES_PER_WORKER))


def run_batch(sources: Sequence[Source], plan: Plan, *, jobs: int = 1,
              on_progress: Callable[[int], None] | None = None,
              start_method: str | None = None, adapt: bool = True) -> list[FileResult]:
    """Validate *sources* (paths, or bytes for in-memory checks) and return results in order.

    *jobs* is the most processes to use (:func:`worker_count` chooses; ``adapt=False``
    uses exactly *jobs*). *on_progress* is called with the number of files just finished;
    *start_method* is a :mod:`multiprocessing` start method (default:
    :func:`default_start_method`).
    """
    workers = worker_count(jobs, len(sources)) if adapt else jobs
    if workers <= 1 or len(sources) <= 1:
        return [_validate_one(source, plan, on_progress) for source in sources]
    method = start_method or default_start_method()
    return list(_run_pool(sources, plan, workers, on_progress, method))


def _validate_one(source: Source, plan: Plan,
                  on_progress: Callable[[int], None] | None) -> FileResult:
    result = _validate(source, plan)
    if on_progress is not None:
        on_progress(1)
    return result


def _validate(source: Source, plan: Plan) -> FileResult:
    name = display_path(source.as_posix()) if isinstance(source, Path) else "<bytes>"
    profile_id = plan.profile_for(name)
    report = check(source, profile_id, options=plan.options, source_name=name)
    return FileResult.from_report(name, report)


def _run_pool(sources: Sequence[Source], plan: Plan, jobs: int,
              on_progress: Callable[[int], None] | None,
              start_method: str) -> Iterator[FileResult]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = chunked(sources, jobs)
    context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context,
                             initializer=import_plugins, initargs=(plan.plugins,)) as pool:
        # map() yields in submission order, which keeps the output deterministic.
        for chunk_result in pool.map(_validate_chunk, chunks, [plan] * len(chunks)):
            if on_progress is not None:
                on_progress(len(chunk_result))
            yield from chunk_result


def _validate_chunk(sources: Sequence[Source], plan: Plan) -> list[FileResult]:
    with language(plan.lang):
        return [_validate(source, plan) for source in sources]
