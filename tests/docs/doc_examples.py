"""Run the examples of a Markdown page as its reader would, top to bottom.

A page is one session: its blocks run in order, in one temporary working directory, Python
blocks share one namespace, and the environment variables set by ``export`` lines carry over.

* ```` ```python ```` / ```` ```pycon ````: a block with ``>>>`` prompts is a doctest (its output
  is compared, ``...`` and whitespace are forgiving); any other Python block is executed.
* ```` ```console ````: ``$ command`` lines, each followed by the output the page shows (compared
  with what the command prints on standard output and standard error; ``...`` elides).
* ```` ```sh ````: one command per line (``\\`` continues a line).
* A command ending in ``# exit code N`` (or ``# exit N``) must exit with N, every other with 0.
  A command ending in ``&`` starts in the background (a server); it is stopped when the page
  ends, and the next command waits until the port given by ``--port`` accepts connections.
* Commands run by bash when their first word is ``vn-egov`` or one of the shell tools in
  :data:`SHELL_TOOLS`; other commands (``pip install``, ``python -m pytest``) are installation
  or development steps of the reader's machine and are not run here.
* A block with ``title="NAME"`` (any language) is a file: it is written to NAME in the working
  directory before the next block runs (TOML blocks are also parsed).
* Other TOML and YAML blocks must parse; blocks in ``text`` (or no language) are not examples.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

#: Shell tools a page may use around vn-egov (creating folders, showing files).
SHELL_TOOLS = frozenset({"export", "cd", "mkdir", "cp", "mv", "cat", "ls", "echo", "printf",
                         "rm", "head", "grep", "test", "unset"})
#: Commands whose effect is reused by later pages of the same run, with the folder they write
#: (they are slow, and their results are equivalent: fresh demonstration material).
CACHEABLE = {"vn-egov demo": "vn-egov-demo", "vn-egov demo -o demo": "demo",
             "vn-egov pki demo -o pki": "pki"}
PYTHON_LANGS = frozenset({"python", "py", "pycon"})
SHELL_LANGS = frozenset({"sh", "bash", "shell", "console"})
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w+-]*)(?P<info>.*)$")
_TITLE = re.compile(r'title="([^"]+)"')
_EXIT = re.compile(r"#.*\bexit(?: code)? (\d+)\b[^#]*$")
_PORT = re.compile(r"--port[ =](\d+)")
_BACKGROUND = re.compile(r"(?<!&)&\s*(#[^'\"]*)?$")
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    path: Path
    line: int  # of the first content line, 1-based
    lang: str
    title: str | None
    text: str

    @property
    def where(self) -> str:
        shown = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{shown}:{self.line}"

    @property
    def runnable(self) -> bool:
        return self.title is not None or self.lang in PYTHON_LANGS | SHELL_LANGS | {
            "toml", "yaml", "yml"}


def blocks(path: Path) -> list[Block]:
    """Every fenced block of the Markdown file *path*, in order."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        title = _TITLE.search(match["info"])
        body: list[str] = []
        index += 1
        start = index + 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            line = lines[index]
            body.append(line[indent:] if line[:indent].strip() == "" else line)
            index += 1
        index += 1
        found.append(Block(path, start, match["lang"].lower(), title and title.group(1),
                           "\n".join(body) + "\n"))
    return found


@dataclass
class Command:
    """One shell command of a block and what the page says it does."""

    text: str
    expected_output: str | None = None  # console blocks only
    exit_code: int = 0
    background: bool = False

    @property
    def first_word(self) -> str:
        words = shlex.split(self.text, comments=True) or [""]
        for word in words:  # skip VAR=value prefixes
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", word):
                return word
        return ""


def _command(text: str) -> Command:
    text = text.strip()
    exit_match = _EXIT.search(text)
    background_match = _BACKGROUND.search(text)
    background = background_match is not None
    if background_match:
        text = text[:background_match.start()].rstrip()
    return Command(text, exit_code=int(exit_match.group(1)) if exit_match else 0,
                   background=background)


def _joined(lines: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Join ``\\``-continued lines; yield (command, the lines after it up to the next one)."""
    pending = ""
    for line in lines:
        if pending:
            pending += "\n" + line
            if not line.rstrip().endswith("\\"):
                yield pending, []
                pending = ""
            continue
        if line.rstrip().endswith("\\"):
            pending = line
        else:
            yield line, []
    if pending:
        yield pending, []


def commands(block: Block) -> list[Command]:
    """The commands of a shell block, with the output a console block shows for each."""
    lines = block.text.rstrip("\n").split("\n")
    if block.lang != "console":
        return [_command(text) for text, _ in _joined(lines)
                if text.strip() and not text.strip().startswith("#")]
    result: list[Command] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.startswith("$ "):
            index += 1
            continue
        text = line[2:]
        index += 1
        while text.rstrip().endswith("\\") and index < len(lines):
            text += "\n" + lines[index]
            index += 1
        output: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        command = _command(text)
        shown = "\n".join(output).strip("\n")
        command.expected_output = shown + "\n" if shown else None
        result.append(command)
    return result


@dataclass
class Session:
    """The reader's terminal and Python prompt for one page."""

    workdir: Path
    cache: Path
    env: dict[str, str] = field(default_factory=dict)
    namespace: dict[str, object] = field(default_factory=dict)
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    waiting_port: int | None = None

    @classmethod
    def start(cls, workdir: Path, cache: Path) -> Session:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("VN_EGOV_", "LC_", "PYTEST", "COV_"))}
        env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                   LANG="C.UTF-8", COLUMNS="100", NO_COLOR="1", PYTHONIOENCODING="utf-8",
                   HOME=str(workdir))
        return cls(workdir, cache, env, {"__name__": "__docs__"})

    # -- blocks -----------------------------------------------------------------------------

    def run(self, block: Block) -> None:
        if block.title is not None:
            self._write_file(block)
        elif block.lang in PYTHON_LANGS:
            self._python(block)
        elif block.lang in SHELL_LANGS:
            for command in commands(block):
                self._shell(block, command)
        elif block.lang == "toml":
            self._check_parses(block, tomllib.loads)
        elif block.lang in {"yaml", "yml"}:
            self._check_parses(block, yaml.safe_load)

    def _write_file(self, block: Block) -> None:
        target = self.workdir / block.title  # type: ignore[operator]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text, encoding="utf-8")
        if block.lang == "toml":
            self._check_parses(block, tomllib.loads)

    def _check_parses(self, block: Block, parse: object) -> None:
        try:
            parse(block.text)  # type: ignore[operator]
        except Exception as error:  # any parse error is the finding
            self.failures.append(f"{block.where}: {block.lang} block does not parse: {error}")

    def _python(self, block: Block) -> None:
        with _cwd(self.workdir), _environ(self.env):
            if any(line.lstrip().startswith(">>>") for line in block.text.splitlines()):
                self._doctest(block)
                return
            try:
                exec(compile(block.text, block.where, "exec"), self.namespace)
            except Exception as error:
                self.failures.append(f"{block.where}: {type(error).__name__}: {error}")

    def _doctest(self, block: Block) -> None:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(block.text, self.namespace, block.where, str(block.path),
                                  block.line - 1)
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=OPTIONS)
        runner.run(test, out=report.append, clear_globs=False)
        self.namespace.update(test.globs)  # DocTest works on a copy; later blocks see the names
        if runner.failures:
            self.failures.append(f"{block.where}: doctest failed\n" + "".join(report))

    def _shell(self, block: Block, command: Command) -> None:
        word = command.first_word
        if word != "vn-egov" and word not in SHELL_TOOLS:
            return
        if word == "export":
            self._export(command.text)
            return
        if word == "unset":
            for name in shlex.split(command.text, comments=True)[1:]:
                self.env.pop(name, None)
            return
        if command.background:
            self._background(command)
            return
        self._wait_for_server()
        key = " ".join(command.text.split("#")[0].split())
        if key in CACHEABLE and self._from_cache(key):
            return
        done = subprocess.Popen(["bash", "-c", command.text], cwd=self.workdir, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            raw, _ = done.communicate(timeout=300)
        except subprocess.TimeoutExpired:  # a server started in the foreground, a hang
            os.killpg(done.pid, signal.SIGKILL)
            done.communicate()
            self.failures.append(f"{block.where}: `{command.text}` still ran after 300 s")
            return
        output = raw.decode("utf-8", "replace")
        if done.returncode != command.exit_code:
            self.failures.append(
                f"{block.where}: `{command.text}` exited {done.returncode}, the page says "
                f"{command.exit_code}\n{output}")
        elif command.expected_output is not None and not doctest.OutputChecker().check_output(
                command.expected_output, output, OPTIONS):
            self.failures.append(
                f"{block.where}: `{command.text}` printed:\n{output}\nthe page shows:\n"
                f"{command.expected_output}")
        elif key in CACHEABLE:
            self._to_cache(key)

    def _export(self, text: str) -> None:
        for word in shlex.split(text, comments=True)[1:]:
            name, _, value = word.partition("=")
            self.env[name] = os.path.expandvars(value)

    def _background(self, command: Command) -> None:
        log = self.workdir.parent / f"{self.workdir.name}-server-{len(self.servers)}.log"
        with log.open("wb") as output:
            server = subprocess.Popen(["bash", "-c", f"exec {command.text}"], cwd=self.workdir,
                                      env=self.env, stdout=output, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        self.servers.append(server)
        self.logs.append(log)
        port = _PORT.search(command.text)
        self.waiting_port = int(port.group(1)) if port else None

    def _wait_for_server(self) -> None:
        if self.waiting_port is None:
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            server, log = self.servers[-1], self.logs[-1]
            if server.poll() is not None:  # it stopped: e.g. the port is taken
                self.failures.append(f"the server stopped (exit {server.returncode}): "
                                     f"{log.read_text(errors='replace') if log.is_file() else ''}")
                self.waiting_port = None
                return
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.waiting_port)) == 0:
                    self.waiting_port = None
                    return
            time.sleep(0.1)
        self.failures.append(f"nothing listens on port {self.waiting_port} after 30 s")
        self.waiting_port = None

    # -- cached commands --------------------------------------------------------------------

    def _cache_dir(self, key: str) -> Path:
        return self.cache / re.sub(r"\W+", "_", key)

    def _from_cache(self, key: str) -> bool:
        cached = self._cache_dir(key)
        if not cached.is_dir():
            return False
        subprocess.run(["cp", "-a", f"{cached}/.", str(self.workdir)], check=True)
        return True

    def _to_cache(self, key: str) -> None:
        target = self._cache_dir(key)
        output = CACHEABLE[key]
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(self.workdir / output), str(target)], check=True)

    def close(self) -> None:
        for server in self.servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextmanager
def _environ(env: dict[str, str]) -> Iterator[None]:
    """The page's exported variables, also for its Python blocks."""
    saved = dict(os.environ)
    for key in [key for key in os.environ if key.startswith("VN_EGOV_")]:
        del os.environ[key]
    os.environ.update({key: value for key, value in env.items()
                       if key not in {"PATH", "HOME"}})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_page(path: Path, workdir: Path, cache: Path) -> list[str]:
    """Run every example of *path*; return the failures (empty when the page tells the truth)."""
    session = Session.start(workdir, cache)
    try:
        for block in blocks(path):
            if block.runnable:
                session.run(block)
    finally:
        session.close()
    return session.failures
