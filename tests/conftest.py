"""Shared helpers: the real source text, an isolated build cache, a copy of the shipped data."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from srbgraph import resources
from srbgraph.cli import cli

REPO = Path(__file__).resolve().parent.parent
SOURCE = Path(os.environ.get("SRBGRAPH_SOURCE", REPO.parent / "shared" / "seed" / "000_5a4910b2f8e476fd.txt"))


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own empty build cache, so no test sees another's build."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SRBGRAPH_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def source() -> Path:
    """The real source documentation (../shared/seed/…): required, never skipped."""
    assert SOURCE.is_file(), f"the source text is missing: {SOURCE} (../shared must lie beside the repo)"
    return SOURCE


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
