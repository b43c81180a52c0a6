"""Shared helpers: the real source text, an isolated build cache, a copy of the shipped data."""
from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from srbgraph import resources
from srbgraph.cli.main import cli

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
#: The source text (the IBEB documentation as text) and the vocabulary contract are not part of the
#: project: they lie in ../shared beside a checkout of it (or SRBGRAPH_SOURCE names the source text).
SOURCE = Path(os.environ.get("SRBGRAPH_SOURCE", SHARED / "seed" / "000_5a4910b2f8e476fd.txt"))
CONTRACT = SHARED / "ontology-contract.md"
#: Set by .ci/run: there a missing source text or contract fails the tests instead of skipping them.
REQUIRED = os.environ.get("SRBGRAPH_REQUIRE_SOURCE") == "1"


def shared_file(path: Path, what: str) -> Path:
    """*path* when it exists; else the test is skipped with the reason (failed under CI)."""
    if path.is_file():
        return path
    message = f"{what} not found at {path} (put ../shared beside the checkout, or set SRBGRAPH_SOURCE)"
    if REQUIRED:
        pytest.fail(message + " — SRBGRAPH_REQUIRE_SOURCE=1 requires it", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own empty build cache, so no test sees another's build."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SRBGRAPH_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def source() -> Path:
    """The real source documentation (../shared/seed/…); skipped where it is absent, except in CI."""
    return shared_file(SOURCE, "the source text")


@pytest.fixture
def contract() -> Path:
    """The vocabulary contract (../shared/ontology-contract.md); skipped where absent, except in CI."""
    return shared_file(CONTRACT, "the vocabulary contract")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data folder, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(resources.data_dir(), target)
    return target


class Run:
    """Result of one srbgraph invocation: exit code, stdout, stderr."""

    def __init__(self, result):
        self.code = result.exit_code
        self.out = result.stdout
        self.err = result.stderr
        self.exception = result.exception

    def __repr__(self):
        return f"<exit {self.code}\nstdout: {self.out[:2000]}\nstderr: {self.err[:2000]}>"


@pytest.fixture
def srbgraph():
    """Call the srbgraph command in-process: srbgraph("paths", "--format", "json")."""
    def run(*args: str, input: str | None = None) -> Run:
        return Run(CliRunner().invoke(cli, list(map(str, args)), input=input, catch_exceptions=True))
    return run


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_exe() -> str:
    import shutil

    exe = shutil.which("oxigraph")
    assert exe, "the oxigraph server is missing: pip install -e '.[test]' installs it"
    return exe


def wait_until_answering(url: str, process, timeout: float, failure) -> None:
    """Ask *url* until it answers; a RuntimeError with the text *failure()* gives when *process*
    ends first or *timeout* seconds pass."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(failure()) from None
            time.sleep(0.1)


def stop(process, timeout: float = 20) -> None:
    """Ask a server *process* to end, and end it if it does not within *timeout* seconds."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running_oxigraph(location: Path, *options: str):
    """`oxigraph serve --location LOCATION OPTIONS…` on a free loopback port, until the block ends;
    yields its base URL once it answers."""
    import subprocess

    port = free_port()
    log = Path(str(location) + ".log")  # a file: a pipe nobody reads fills up and blocks the server
    with open(log, "wb") as sink:
        process = subprocess.Popen([oxigraph_exe(), "serve", "--location", str(location), "--bind",
                                    f"127.0.0.1:{port}", *options], stdout=subprocess.DEVNULL, stderr=sink)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base}/query?query=ASK%7B%7D", process, 30, lambda: (
            f"oxigraph server did not start: {log.read_text(errors='replace')[-500:]}"))
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """A real SPARQL server (the `oxigraph` server from PyPI) on loopback, holding the shipped graph
    in its default graph; started for the test session and stopped after. Yields its base URL."""
    import subprocess

    from srbgraph.curated.build import build_graph
    from srbgraph.rdf_io import serialize

    folder = tmp_path_factory.mktemp("oxigraph-server")
    graph_file = folder / "graph.nt"
    graph_file.write_bytes(serialize(build_graph(), "nt"))
    subprocess.run([oxigraph_exe(), "load", "--location", str(folder / "db"), "--file", str(graph_file)],
                   check=True, capture_output=True)
    with running_oxigraph(folder / "db") as base:
        yield base
