"""The measuring harness shared by every script in ``benchmarks/``.

It enforces what makes a figure trustworthy on a shared, loaded machine:

* **Interleaving.** Cases that are compared run in rounds: each round takes one sample of
  every case, in an order that rotates from round to round. Load from other processes then
  spreads over all cases instead of landing on the block of one side.
* **Warm-up** rounds first (not recorded). Each in-process sample times a batch of calls
  long enough for the clocks (``--min-time``) and reports the time per call.
* **CPU and wall time**, as medians with their spread (interquartile range, min-max). CPU
  time is the whole process: ``time.process_time`` in-process, ``wait4`` resource usage of
  a child process (its own children included), every JVM thread for the Java peer.
* **Ratios** are medians of per-round ratios of paired samples, which cancels most of the
  load that hits both sides of a round.
* **Peak RSS** per case in a fresh interpreter (:func:`run_child`, the ``--child`` mode of
  this module), or from ``wait4`` for command lines.
* The **machine and versions** are printed at the top (:func:`print_header`), the load
  average again at the end (:func:`print_footer`).
* ``--quick``: few rounds and small inputs, for a smoke run in well under a minute.

Adopting it in a script (``bench_signature.py`` for instance)::

    import argparse
    import harness

    def ours_sign(path: str) -> Callable[[], object]:   # a module-level factory
        data = Path(path).read_bytes()
        return lambda: signer.sign(data)

    parser = argparse.ArgumentParser(description=__doc__)
    harness.add_arguments(parser)                 # --quick --rounds --warmup --min-time
    settings = harness.Settings.from_args(parser.parse_args())
    harness.print_header("signatures", settings, packages=("lxml", "xmlsec", "cryptography"))
    result = harness.compare({"xmlsec sign": harness.InProcess(theirs),
                              "vn_egov sign": harness.Op(ours_sign, path).in_process()},
                             settings, baseline="xmlsec sign", title="sign 1 MB")
    result.print_table()
    print(harness.format_memory(harness.run_child(harness.Op(ours_sign, path))))
    harness.print_footer()

A factory (module-level function returning the callable to time) serves both timing in
this process (``Op(...).in_process()``) and peak RSS in a fresh one (``run_child(Op(...))``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import importlib
import io
import json
import math
import os
import platform
import pstats
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any, Protocol

HERE = Path(__file__).resolve().parent
JAVA_SOURCE = HERE / "java" / "EdxmlParseBench.java"
JAR_ENVIRONMENT = "VN_EGOV_EDXML102_JAR"
MiB = 1024 * 1024


# -- settings --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """How much to measure. ``quick`` also asks scripts for small inputs."""

    quick: bool = False
    rounds: int = 15
    warmup: int = 2
    min_time: float = 0.05
    process_rounds: int = 9
    java_jar: Path | None = None
    java: bool = True

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Settings:
        """Settings from the options of :func:`add_arguments` (explicit values win)."""
        quick = bool(args.quick)
        base = cls(quick=True, rounds=5, warmup=1, min_time=0.01, process_rounds=3) if quick \
            else cls()
        jar = getattr(args, "java_jar", None) or os.environ.get(JAR_ENVIRONMENT)
        return cls(quick=quick,
                   rounds=args.rounds or base.rounds,
                   warmup=base.warmup if args.warmup is None else args.warmup,
                   min_time=args.min_time or base.min_time,
                   process_rounds=args.process_rounds or base.process_rounds,
                   java_jar=Path(jar) if jar else None,
                   java=not getattr(args, "no_java", False))

    def describe(self) -> str:
        """One line for the header."""
        return (f"{'quick' if self.quick else 'full'} run: {self.rounds} interleaved rounds "
                f"({self.process_rounds} for whole processes) after {self.warmup} warm-up "
                f"round(s); in-process samples batch calls up to {self.min_time * 1e3:g} ms")


def add_arguments(parser: argparse.ArgumentParser, *, java: bool = False) -> None:
    """Add the common options; ``java=True`` adds ``--java-jar`` and ``--no-java``."""
    parser.add_argument("--quick", action="store_true",
                        help="few rounds and small inputs (a smoke run, well under a minute)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds of in-process cases")
    parser.add_argument("--process-rounds", type=int,
                        help="interleaved rounds of cases that start a process each")
    parser.add_argument("--warmup", type=int, help="unrecorded rounds before measuring")
    parser.add_argument("--min-time", type=float,
                        help="seconds per in-process sample (calls are batched up to it)")
    if java:
        parser.add_argument("--java-jar", type=Path,
                            help=f"EdXML102-0.0.3.jar; the other jars of its folder are its "
                                 f"class path (default: ${JAR_ENVIRONMENT})")
        parser.add_argument("--no-java", action="store_true", help="skip the Java peer")


# -- statistics ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spread:
    """Median, quartiles and range of a series.

    >>> s = Spread.of([5.0, 1.0, 4.0, 2.0, 3.0])
    >>> s.median, s.q1, s.q3, s.low, s.high
    (3.0, 2.0, 4.0, 1.0, 5.0)
    """

    median: float
    q1: float
    q3: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of *values* (at least one)."""
        if len(values) == 1:
            only = values[0]
            return cls(only, only, only, only, only)
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return cls(median, q1, q3, min(values), max(values))


def format_seconds(seconds: float) -> str:
    """Three significant digits in a readable unit.

    >>> format_seconds(0.000026), format_seconds(0.4361), format_seconds(43.2)
    ('26.0 µs', '436 ms', '43.2 s')
    """
    for unit, factor in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if abs(seconds) >= factor or unit == "µs":
            value = seconds / factor
            digits = max(0, 2 - math.floor(math.log10(abs(value)))) if value else 0
            return f"{value:.{digits}f} {unit}"
    raise AssertionError("unreachable")


def format_spread(spread: Spread, *, show: str = "iqr") -> str:
    """``median [q1-q3]`` (``show="iqr"``) or ``median [min-max]`` (``show="range"``)."""
    low, high = (spread.q1, spread.q3) if show == "iqr" else (spread.low, spread.high)
    return f"{format_seconds(spread.median)} [{format_seconds(low)}-{format_seconds(high)}]"


def format_ratio(spread: Spread) -> str:
    """``1.41x [1.38-1.45]``: a median ratio and its interquartile range."""
    return f"{spread.median:.2f}x [{spread.q1:.2f}-{spread.q3:.2f}]"


def format_bytes(count: float) -> str:
    """Sizes in MB (MiB) or KB (KiB).

    >>> format_bytes(4051), format_bytes(300 * 1024 * 1024)
    ('4.0 KB', '300.0 MB')
    """
    if count >= MiB:
        return f"{count / MiB:.1f} MB"
    return f"{count / 1024:.1f} KB"


# -- timers ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    """Seconds per operation (CPU, wall) and, for whole processes, their peak RSS in bytes."""

    cpu: float
    wall: float
    peak_rss: int | None = None


class Timer(Protocol):
    """Something :func:`compare` can sample: ``measure(number)`` runs *number* operations."""

    batchable: bool

    def measure(self, number: int) -> Sample:
        """Run *number* operations; return the time per operation."""
        ...


class InProcess:
    """Time a callable in this process; a batch of *number* calls makes one sample.

    *after*, when given, runs after each call outside the timed region (clean-up of files
    an operation wrote); each call is then timed on its own. The garbage collector stays on
    (the library pays for its own garbage) but a full collection runs before each sample.

    >>> InProcess(lambda: sum(range(100))).measure(10).cpu > 0
    True
    """

    batchable = True

    def __init__(self, func: Callable[[], object], *,
                 after: Callable[[], object] | None = None) -> None:
        self.func = func
        self.after = after

    def measure(self, number: int) -> Sample:
        """Run *number* calls; return CPU and wall time per call."""
        gc.collect()
        if self.after is None:
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(number):
                self.func()
            return Sample((time.process_time() - cpu) / number,
                          (time.perf_counter() - wall) / number)
        cpu_total = wall_total = 0.0
        for _ in range(number):
            cpu, wall = time.process_time(), time.perf_counter()
            self.func()
            cpu_total += time.process_time() - cpu
            wall_total += time.perf_counter() - wall
            self.after()
        return Sample(cpu_total / number, wall_total / number)


class ProcessFailed(RuntimeError):
    """A measured command exited with an unexpected status."""


@dataclass(frozen=True)
class Finished:
    """One finished child process: exit code, CPU (its children included), wall, peak RSS."""

    code: int
    cpu: float
    wall: float
    peak_rss: int
    stdout: str
    stderr: str
    timed_out: bool = False


def _rss_bytes(ru_maxrss: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


# Whole processes are started by this small launcher, never by the harness itself: Linux
# carries the resident-set high-water mark of the process that forks into the child's
# ru_maxrss, so a child of a 300 MB harness would report at least 300 MB. Children of the
# launcher inherit its own ~10 MB only. It runs each command with posix_spawn, waits with
# wait4 (exact CPU time, the child's own children included) and answers in JSON.
_LAUNCHER = r"""
import json, os, sys, time
def wait(pid, timeout):
    if timeout is None:
        return os.wait4(pid, 0), False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = os.wait4(pid, os.WNOHANG)
        if done[0]:
            return done, False
        time.sleep(0.02)
    os.kill(pid, 9)
    return os.wait4(pid, 0), True
for line in sys.stdin:
    job = json.loads(line)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 0, job["stdin"], os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, job["stdout"], flags, 0o600),
               (os.POSIX_SPAWN_OPEN, 2, job["stderr"], flags, 0o600)]
    start = time.perf_counter()
    pid = os.posix_spawnp(job["argv"][0], job["argv"], job["env"], file_actions=actions)
    (_, status, usage), killed = wait(pid, job["timeout"])
    wall = time.perf_counter() - start
    print(json.dumps({"code": os.waitstatus_to_exitcode(status), "wall": wall,
                      "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss,
                      "timed_out": killed}), flush=True)
"""


class _Launcher:
    """The process that starts every measured command (see ``_LAUNCHER``)."""

    _instance: _Launcher | None = None

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)

    @classmethod
    def get(cls) -> _Launcher:
        """The running launcher, started on first use."""
        if cls._instance is None or cls._instance.process.poll() is not None:
            cls._instance = cls()
        return cls._instance

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run one job; return the launcher's answer."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise ProcessFailed(f"the launcher stopped while running {job['argv']}")
        return json.loads(answer)  # type: ignore[no-any-return]


def run_process(argv: Sequence[str], *, env: Mapping[str, str] | None = None,
                timeout: float | None = None, stdin: Path | None = None) -> Finished:
    """Run *argv* (through the launcher) and return its exact resource usage.

    The CPU time includes the children it waited for (``--jobs`` workers); the peak RSS is
    the largest of the process and those children (at least the launcher's ~10 MB). Output
    goes to temporary files, so a chatty child never blocks on a full pipe.
    """
    with tempfile.TemporaryDirectory(prefix="vn-egov-bench-") as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        answer = _Launcher.get().run({
            "argv": list(argv), "env": dict(os.environ if env is None else env),
            "stdin": str(stdin or os.devnull), "stdout": str(out), "stderr": str(err),
            "timeout": timeout})
        return Finished(answer["code"], answer["cpu"], answer["wall"],
                        _rss_bytes(answer["maxrss"]),
                        out.read_text("utf-8", "replace") if out.exists() else "",
                        err.read_text("utf-8", "replace") if err.exists() else "",
                        answer["timed_out"])


class Subprocess:
    """Time a command line: one process per operation, never batched in one process.

    *ok_codes* are the exit statuses that count as success (``vn-egov validate`` exits 1
    when it reports findings).
    """

    batchable = False

    def __init__(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None,
                 ok_codes: Sequence[int] = (0,)) -> None:
        self.argv = list(argv)
        self.env = env
        self.ok_codes = tuple(ok_codes)

    def measure(self, number: int) -> Sample:
        """Run the command *number* times; CPU, wall and peak RSS per run."""
        cpu = wall = 0.0
        peak = 0
        for _ in range(number):
            done = run_process(self.argv, env=self.env)
            if done.code not in self.ok_codes:
                raise ProcessFailed(f"{shlex.join(self.argv)} exited {done.code}:\n"
                                    f"{done.stderr[-2000:]}")
            cpu += done.cpu
            wall += done.wall
            peak = max(peak, done.peak_rss)
        return Sample(cpu / number, wall / number, peak)


def python_command(code: str, *args: str) -> list[str]:
    """``python -c CODE ARGS`` with this interpreter (whether or not a venv is active)."""
    return [sys.executable, "-c", code, *args]


def cli_command(*args: str) -> list[str]:
    """The ``vn-egov`` console script of this interpreter, run by this interpreter.

    Works with and without an activated venv: the script is looked up in this
    interpreter's scripts folder, never on ``PATH``; ``python -m vn_egov`` when the
    script is not installed.
    """
    script = Path(sysconfig.get_path("scripts")) / "vn-egov"
    if script.is_file():
        return [sys.executable, str(script), *args]
    return [sys.executable, "-m", "vn_egov", *args]


# -- operations that run here or in a fresh interpreter -------------------------------------

@dataclass(frozen=True)
class Op:
    """A module-level factory and its string arguments: ``factory(*args)`` returns the
    callable to measure. The factory does the set-up (imports, reading inputs); the callable
    is the operation. The same Op is timed here (:meth:`in_process`) and measured for
    memory in a fresh interpreter (:func:`run_child`)."""

    factory: Callable[..., Callable[[], object]]
    args: tuple[str, ...] = ()
    after: Callable[..., Callable[[], object]] | None = None

    def __init__(self, factory: Callable[..., Callable[[], object]], *args: str | Path,
                 after: Callable[..., Callable[[], object]] | None = None) -> None:
        object.__setattr__(self, "factory", factory)
        object.__setattr__(self, "args", tuple(str(arg) for arg in args))
        object.__setattr__(self, "after", after)

    @property
    def target(self) -> str:
        """``module:function``, importable from ``benchmarks/`` in a child interpreter."""
        module = self.factory.__module__
        if module == "__main__":
            module = Path(sys.modules["__main__"].__file__ or "").stem
        return f"{module}:{self.factory.__qualname__}"

    def in_process(self) -> InProcess:
        """A timer for this process (runs the set-up now)."""
        after = self.after(*self.args) if self.after else None
        return InProcess(self.factory(*self.args), after=after)


@dataclass(frozen=True)
class ChildResult:
    """One operation in a fresh interpreter: its CPU and wall time, the peak RSS of the
    process, and the peak reached before the operation (interpreter, imports, set-up)."""

    cpu: float
    wall: float
    peak_rss: int
    setup_rss: int
    timed_out: bool = False
    cap: float | None = None


def run_child(op: Op, *, timeout: float | None = None) -> ChildResult:
    """Run *op* once in a fresh interpreter; kill it after *timeout* seconds."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", op.target, *op.args]
    done = run_process(argv, timeout=timeout)
    if done.timed_out:
        return ChildResult(done.cpu, done.wall, done.peak_rss, 0, timed_out=True, cap=timeout)
    if done.code != 0:
        raise ProcessFailed(f"{op.target} {' '.join(op.args)} failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return ChildResult(figures["cpu"], figures["wall"], figures["peak_rss"],
                       figures["setup_rss"])


def peak_rss_self() -> int:
    """This process's peak RSS in bytes: ``VmHWM`` (exact since ``exec``), else rusage."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) * 1024
    return _rss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _child_main(target: str, args: Sequence[str]) -> None:
    """The ``--child`` mode: set up, note the peak so far, run the operation once."""
    sys.path.insert(0, str(HERE))
    module, _, name = target.partition(":")
    operation = getattr(importlib.import_module(module), name)(*args)
    gc.collect()
    setup_rss = peak_rss_self()
    cpu, wall = time.process_time(), time.perf_counter()
    operation()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak = peak_rss_self()
    print(json.dumps({"cpu": cpu, "wall": wall, "peak_rss": peak, "setup_rss": setup_rss}))


def format_memory(result: ChildResult, size: int | None = None) -> str:
    """``peak 123.4 MB (set-up 40.1 MB)`` plus ``= 1.23x the package`` when *size* is known."""
    if result.timed_out:
        return f"killed after {result.cap:g} s"
    text = f"peak {format_bytes(result.peak_rss)} (set-up {format_bytes(result.setup_rss)})"
    if size:
        text += f" = {result.peak_rss / size:.2f}x the package"
    return text


# -- interleaved comparison ------------------------------------------------------------------

@dataclass
class Comparison:
    """The samples of an interleaved comparison, per case, in round order."""

    title: str
    numbers: dict[str, int]
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    baseline: str | None = None

    def cpu(self, name: str) -> Spread:
        """CPU seconds per operation."""
        return Spread.of([sample.cpu for sample in self.samples[name]])

    def wall(self, name: str) -> Spread:
        """Wall seconds per operation."""
        return Spread.of([sample.wall for sample in self.samples[name]])

    def ratio(self, name: str, reference: str, *, clock: str = "cpu") -> Spread:
        """Time of *name* / time of *reference*, paired round by round (> 1: slower).

        >>> c = Comparison("t", {"a": 1, "b": 1}, {"a": [Sample(2, 2), Sample(4, 4)],
        ...                                       "b": [Sample(1, 1), Sample(1, 2)]})
        >>> c.ratio("a", "b").median, c.ratio("a", "b", clock="wall").median
        (3.0, 2.0)
        """
        return Spread.of([getattr(mine, clock) / getattr(theirs, clock)
                          for mine, theirs in zip(self.samples[name], self.samples[reference],
                                                  strict=True)])

    def print_table(self, out: IO[str] | None = None) -> None:
        """One line per case: CPU median [IQR], wall median [min-max], ratio to baseline."""
        out = out or sys.stdout
        rounds = len(next(iter(self.samples.values())))
        print(f"\n## {self.title} ({rounds} interleaved rounds)", file=out)
        width = max(len(name) for name in self.samples) + 2
        header = (f"{'case':<{width}}{'calls':>7}  {'CPU per op [IQR]':<31}"
                  f"{'wall per op [min-max]':<31}")
        if self.baseline:
            header += f"CPU / {self.baseline} [IQR]"
        print(header, file=out)
        for name in self.samples:
            line = (f"{name:<{width}}{self.numbers[name]:>7}  {format_spread(self.cpu(name)):<31}"
                    f"{format_spread(self.wall(name), show='range'):<31}")
            if self.baseline and name != self.baseline:
                line += format_ratio(self.ratio(name, self.baseline))
            peaks = [sample.peak_rss for sample in self.samples[name] if sample.peak_rss]
            if peaks:
                line += f"  peak RSS {format_bytes(max(peaks))}"
            print(line, file=out)


def _calibrate(case: Timer, min_time: float) -> int:
    """Calls per sample: enough to last *min_time* (the calls are also a first warm-up)."""
    if not case.batchable:
        case.measure(1)
        return 1
    one = min(case.measure(1).wall, case.measure(1).wall)  # the first call may be cold
    return max(1, min(1_000_000, math.ceil(min_time / max(one, 1e-7))))


def compare(cases: Mapping[str, Timer], settings: Settings, *, baseline: str | None = None,
            title: str = "comparison", progress: IO[str] | None = None) -> Comparison:
    """Sample every case in interleaved, rotating rounds after a calibration and warm-up.

    In-process cases batch enough calls to last ``settings.min_time``; whole processes run
    once per sample, for ``settings.process_rounds`` rounds when every case is a process.
    """
    progress = progress or sys.stderr
    names = list(cases)
    numbers = {}
    for name in names:
        numbers[name] = _calibrate(cases[name], settings.min_time)
    batchable = any(cases[name].batchable for name in names)
    rounds = settings.rounds if batchable else settings.process_rounds
    comparison = Comparison(title, numbers, {name: [] for name in names}, baseline)
    print(f"{title}: ", end="", file=progress, flush=True)
    for index in range(settings.warmup + rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            sample = cases[name].measure(numbers[name])
            if index >= settings.warmup:
                comparison.samples[name].append(sample)
        print("." if index >= settings.warmup else "w", end="", file=progress, flush=True)
    print(file=progress)
    return comparison


# -- the Java peer ---------------------------------------------------------------------------

def edxml102_classpath(jar: Path) -> list[Path]:
    """The EdXML102 jar first, then every other jar of its folder (its dependencies)."""
    return [jar, *sorted(path for path in jar.parent.glob("*.jar") if path != jar)]


class JavaUnavailable(RuntimeError):
    """No JDK or no EdXML102 jar: the Java comparison is skipped with this note."""


class JavaPeer:
    """The official EdXML102 parser, compiled against at run time and kept warm in one JVM.

    Build with :meth:`start` (which raises :class:`JavaUnavailable` with the reason when a
    JDK or the jar is missing); close with :meth:`close` or a ``with`` block.
    """

    def __init__(self, jar: Path, classes: Path, classpath: list[Path]) -> None:
        self.jar = jar
        self.classes = classes
        self.classpath = classpath
        self.version = _java_version()
        self._server: subprocess.Popen[bytes] | None = None
        # the JVM's standard error, kept for as long as the peer runs
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115

    @classmethod
    def start(cls, settings: Settings, workdir: Path) -> JavaPeer:
        """Compile the driver into *workdir* and start the serving JVM."""
        if not settings.java:
            raise JavaUnavailable("--no-java given")
        java, javac = shutil.which("java"), shutil.which("javac")
        if not (java and javac):
            raise JavaUnavailable("no JDK (java and javac) on PATH")
        if settings.java_jar is None:
            raise JavaUnavailable(f"no EdXML102 jar: pass --java-jar or set ${JAR_ENVIRONMENT} "
                                  "(see benchmarks/README.md)")
        jar = settings.java_jar.resolve()
        if not jar.is_file():
            raise JavaUnavailable(f"{jar} does not exist")
        classpath = edxml102_classpath(jar)
        classes = workdir / "java-classes"
        classes.mkdir(exist_ok=True)
        built = subprocess.run([javac, "-nowarn", "-cp", os.pathsep.join(map(str, classpath)),
                                "-d", str(classes), str(JAVA_SOURCE)],
                               capture_output=True, text=True, check=False)
        if built.returncode != 0:
            raise JavaUnavailable(f"javac failed (is {jar.name} with its dependency jars, "
                                  f"jdom2, guava and commons-codec, in one folder?):\n"
                                  f"{built.stderr[-2000:]}")
        peer = cls(jar, classes, classpath)
        peer._server = subprocess.Popen(peer.command("--serve"), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=peer._errors)
        return peer

    def command(self, *args: str) -> list[str]:
        """``java -cp ... EdxmlParseBench ARGS``."""
        path = os.pathsep.join(str(entry) for entry in [self.classes, *self.classpath])
        return ["java", "-cp", path, "EdxmlParseBench", *args]

    def describe(self) -> str:
        """Version line for the header."""
        return (f"{self.version}; {self.jar.name} with {len(self.classpath) - 1} jars of "
                f"its folder on the class path")

    def request(self, path: Path, iterations: int) -> JavaBatch:
        """Parse *path* *iterations* times in the warm JVM."""
        server = self._server
        assert server is not None
        assert server.stdin is not None
        assert server.stdout is not None
        server.stdin.write(f"{iterations}\t{path}\n".encode())
        server.stdin.flush()
        thread_cpu: list[int] = []
        while True:
            line = server.stdout.readline().decode()
            if not line:
                self._errors.seek(0)
                raise ProcessFailed("the Java peer stopped:\n" +
                                    self._errors.read().decode("utf-8", "replace")[-3000:])
            fields = line.split()
            if fields[0] == "done":
                cpu, wall, attachments, size, header = (int(value) for value in fields[1:])
                return JavaBatch(iterations, cpu / 1e9, wall / 1e9, thread_cpu, attachments,
                                 size, header)
            thread_cpu.append(int(fields[1]))

    def warm(self, path: Path, seconds: float, progress: IO[str] | None = None) -> float:
        """Parse *path* until the JIT has settled: at least *seconds*, then until two
        successive batches agree within 5% (at most twice *seconds*); return the time
        spent."""
        progress = progress or sys.stderr
        start = time.perf_counter()
        batch, previous = 1, math.inf
        while True:
            result = self.request(path, batch)
            per_op = statistics.median(result.thread_cpu) / 1e9
            elapsed = time.perf_counter() - start
            settled = math.isfinite(previous) and abs(per_op - previous) <= 0.05 * previous
            if (elapsed >= seconds and settled) or elapsed >= 2 * seconds:
                print(f"Java warm-up of {path.name}: {elapsed:.1f} s", file=progress)
                return elapsed
            previous = per_op
            batch = max(1, min(10_000, int(0.5 / max(result.wall / batch, 1e-6))))

    def parse(self, path: Path) -> JavaParse:
        """A timer for the warm parse of *path*."""
        return JavaParse(self, path)

    def per_process(self, path: Path) -> Subprocess:
        """A timer for one fresh JVM parsing *path* once (start-up included)."""
        return Subprocess(self.command(str(path), "1"))

    def close(self) -> None:
        """Stop the serving JVM."""
        if self._server is not None:
            assert self._server.stdin is not None
            self._server.stdin.close()
            self._server.wait(timeout=30)
            self._server = None
        self._errors.close()

    def __enter__(self) -> JavaPeer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class JavaBatch:
    """The answer to one request: totals in seconds, and what the parser saw."""

    iterations: int
    cpu: float
    wall: float
    thread_cpu: list[int]
    attachments: int
    attachment_bytes: int
    header_chars: int


class JavaParse:
    """Timer: warm EdXML102 parses of one file, *number* per sample.

    The sample's CPU time is the whole JVM's (garbage collector and JIT threads included),
    the figure comparable with a Python process's; :meth:`thread_cpu` gives the parsing
    thread alone, per parse, for reference.
    """

    batchable = True

    def __init__(self, peer: JavaPeer, path: Path) -> None:
        self.peer = peer
        self.path = path
        self._thread_cpu: list[int] = []

    def measure(self, number: int) -> Sample:
        """Parse *number* times; CPU (all JVM threads) and wall time per parse."""
        batch = self.peer.request(self.path, number)
        self._thread_cpu.extend(batch.thread_cpu)
        return Sample(batch.cpu / number, batch.wall / number)

    def thread_cpu(self) -> Spread:
        """CPU seconds of the parsing thread per parse, over every parse measured so far."""
        return Spread.of([value / 1e9 for value in self._thread_cpu])

    def describe(self) -> str:
        """One line: the parsing thread alone, per parse."""
        return (f"Java {self.path.name}: parsing thread alone "
                f"{format_spread(self.thread_cpu())} CPU per parse (IQR), over "
                f"{len(self._thread_cpu):,} parses; the table counts every JVM thread")


@contextlib.contextmanager
def java_peer(settings: Settings, workdir: Path) -> Iterator[JavaPeer | None]:
    """The Java peer, or ``None`` after printing why it is skipped."""
    try:
        peer = JavaPeer.start(settings, workdir)
    except JavaUnavailable as reason:
        print(f"Java peer skipped: {reason}")
        yield None
        return
    with peer:
        yield peer


def _java_version() -> str:
    done = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    lines = (done.stderr or done.stdout).splitlines()
    return " / ".join(lines[:2]) if lines else "java (version unknown)"


# -- machine, versions, profiles -------------------------------------------------------------

def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory() -> str:
    with contextlib.suppress(OSError, ValueError, KeyError):
        values = {line.split(":")[0]: int(line.split()[1])
                  for line in Path("/proc/meminfo").read_text().splitlines()}
        return (f"RAM {values['MemTotal'] / MiB:.1f} GiB "
                f"({values['MemAvailable'] / MiB:.1f} GiB available)")
    return "RAM unknown"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages and the number of CPUs."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def package_version(name: str) -> str:
    """The installed version of *name*, or ``absent``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _library_versions(packages: Sequence[str]) -> list[str]:
    parts = [f"vn_egov {package_version('vn-egov')}"]
    for name in packages:
        version = package_version(name)
        if name == "lxml" and version != "absent":
            from lxml import etree

            runtime = ".".join(map(str, etree.LIBXML_VERSION))
            compiled = ".".join(map(str, etree.LIBXML_COMPILED_VERSION))
            version += f" (libxml2 {runtime}, compiled against {compiled})"
        elif name == "xmlsec" and version != "absent":
            import xmlsec

            native = getattr(xmlsec, "get_libxmlsec_version", lambda: ("?",))()
            version += " (libxmlsec1 {})".format(".".join(map(str, native)))
        parts.append(f"{name} {version}")
    return parts


def print_header(title: str, settings: Settings, *, packages: Sequence[str] = (),
                 java: JavaPeer | None = None) -> None:
    """Print what was run, where, with which versions."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    venv = os.environ.get("VIRTUAL_ENV")
    print(f"# {title}")
    print(f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"command: {shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]])}")
    print(f"machine: {_cpu_model()}, {os.cpu_count()} logical CPUs ({usable} usable), "
          f"{_memory()}, {platform.system()} {platform.release()}")
    print(f"start: {load_average()}")
    print(f"python: {platform.python_implementation()} {platform.python_version()} "
          f"({sys.executable}; {'venv ' + venv + ' active' if venv else 'no venv active'})")
    print("versions: " + ", ".join(_library_versions(packages)))
    if java is not None:
        print(f"java: {java.describe()}")
    print(settings.describe())


def print_footer() -> None:
    """Print the load at the end of the run."""
    print(f"\nend: {load_average()}")


def profile(func: Callable[[], object], *, number: int, top: int = 15,
            title: str = "profile") -> str:
    """cProfile of *number* calls: the *top* functions by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(number):
        func()
    profiler.disable()
    text = io.StringIO()
    for key in ("tottime", "cumulative"):
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(key)
        print(f"\n### {title}: {number} calls, top {top} by {key}", file=text)
        stats.print_stats(top)
    return text.getvalue()


def main(argv: Sequence[str] | None = None) -> None:
    """``python harness.py --child module:function ARGS``: see :func:`run_child`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "--child":
        raise SystemExit("usage: harness.py --child module:function [ARG...]")
    _child_main(args[1], args[2:])


def expect(label: str, actual: Any, expected: Any) -> None:
    """Stop the run when a measured operation did not do what it claims."""
    if actual != expected:
        raise SystemExit(f"{label}: expected {expected!r}, got {actual!r}")


if __name__ == "__main__":
    main()
