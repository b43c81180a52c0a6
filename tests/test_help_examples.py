"""Every example in every ``--help`` runs as a user would type it.

The examples are read from the help text itself and run in a shell, one after another, in one
working folder that holds the files they name (a copy of the data as ``my-data/``, the link
fixtures under the names the link help uses, a query file …) and with a home folder of their own
(``~/.cache/srbgraph`` is the build cache there). ``serve`` runs until it answers and is then
stopped with Ctrl-C; ``push`` gets an Oxigraph server on the port its examples name. An example
that needs the source text (``documentation.txt``) skips where that text is absent, except in CI.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import REPO, SOURCE, oxigraph_exe, shared_file, wait_until_answering

from srbgraph import resources
from srbgraph.cli.main import cli

FIXTURES = REPO / "tests" / "fixtures" / "link"
COMMAND = re.compile(r"^\s+((?:[A-Z_]+=\S+\s+)?(?:echo .+\|\s*)?srbgraph\s.*?)(?:\s{2,}#.*)?$")


def help_examples() -> list[tuple[str, str]]:
    """(command, example) for every example line of every command's help, and of every subcommand's
    of a command group (``review export``, ``review import`` …)."""
    found = []
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        names = [[name]]
        if isinstance(command, click.Group):
            names += [[name, sub] for sub in command.list_commands(click.Context(command))]
        for words in names:
            text = CliRunner().invoke(cli, [*words, "--help"], terminal_width=200).output
            block = text.split("Examples:", 1)[1].split("\n\n", 1)[0]
            found += [(" ".join(words), match.group(1).strip()) for line in block.splitlines()
                      if (match := COMMAND.match(line))]
    return found


EXAMPLES = help_examples()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> dict:
    """The working folder and the environment the examples run in."""
    root = tmp_path_factory.mktemp("examples")
    work, home = root / "work", root / "home"
    work.mkdir()
    home.mkdir()
    shutil.copytree(resources.data_dir(), work / "my-data")
    shutil.copy(FIXTURES / "kita-jugendaemter-landesverwaltung.csv", work / "kita-statistik.csv")
    shutil.copy(FIXTURES / "regionaldatenbank-22541.csv", work / "22541.csv")
    shutil.copy(FIXTURES / "regionaldatenbank-22541.mapping.yaml", work / "22541.yaml")
    shutil.copy(FIXTURES / "kreise.ttl", work / "kreise.ttl")
    _xlsx_from_csv(FIXTURES / "srb-zuweisung-2024.csv", work / "zuweisung.xlsx")
    _reviewed_workbook(work / "geprueft.xlsx")
    (work / "my-question.rq").write_text(
        "SELECT ?obstacle WHERE { ?obstacle a <https://w3id.org/srbgraph/ontology#Obstacle> }\n", encoding="utf-8")
    if SOURCE.is_file():
        shutil.copy(SOURCE, work / "documentation.txt")
        reference = SOURCE.parent.parent / "reference"
        if reference.is_dir():  # quotes of reference facts are checked against ../reference/
            shutil.copytree(reference, root / "reference")
    env = {key: value for key, value in os.environ.items()
           if key not in ("SRBGRAPH_CACHE_DIR", "XDG_CACHE_HOME", "SRBGRAPH_SOURCE")}
    env.update(HOME=str(home), BROWSER="true", PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""))
    subprocess.run([sys.executable, "-m", "srbgraph", "build", "-o", "srb.ttl"], cwd=work, env=env,
                   check=True, capture_output=True)
    return {"work": work, "env": env}


def _reviewed_workbook(target: Path) -> None:
    """The review workbook as a reviewer sends it back: one link confirmed (`review import` examples)."""
    from openpyxl import load_workbook

    result = CliRunner().invoke(cli, ["review", "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index("Urteil (verdict)") + 1).value = "bestätigt"
    book.save(target)


def _xlsx_from_csv(source: Path, target: Path) -> None:
    import csv

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    with open(source, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(target)


def _shell(example: str) -> list[str]:
    """The example in bash, with `srbgraph` standing for this interpreter's srbgraph."""
    function = f'srbgraph() {{ "{sys.executable}" -m srbgraph "$@"; }}; export -f srbgraph; '
    return ["bash", "-c", function + example]


@pytest.fixture(scope="module")
def graph_store(workspace):
    """An Oxigraph server on the port the push examples name (its default graph: the union)."""
    if _answers("http://127.0.0.1:7878/query"):
        pytest.fail("port 7878 is taken: the push examples need it for their Oxigraph server")
    location = workspace["work"].parent / "oxigraph"
    log = workspace["work"].parent / "oxigraph.log"  # a file, not a pipe nobody reads (it would fill and block)
    with open(log, "wb") as sink:
        process = subprocess.Popen([oxigraph_exe(), "serve", "--location", str(location), "--bind", "127.0.0.1:7878",
                                    "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=sink)
    try:
        wait_until_answering("http://127.0.0.1:7878/query?query=ASK%7B%7D", process, 30,
                             lambda: log.read_text(errors="replace")[-2000:])
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("command, example", EXAMPLES, ids=[f"{c}:{e}" for c, e in EXAMPLES])
def test_help_example_runs(command, example, workspace, request):
    if "documentation.txt" in example:
        shared_file(SOURCE, "the source text")
    if command == "push" or "127.0.0.1:7878" in example:
        request.getfixturevalue("graph_store")
    if re.match(r"srbgraph serve\b", example):
        _serve(example, workspace)
        return
    result = subprocess.run(_shell(example), cwd=workspace["work"], env=workspace["env"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{example}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"


def _serve(example: str, workspace: dict) -> None:
    """Run a `serve` example until it answers on its port, then stop it with Ctrl-C."""
    port = re.search(r"--port (\d+)", example)
    url = f"http://127.0.0.1:{port.group(1) if port else 8000}/sparql?query=ASK%7B%7D"
    if _answers(url):
        pytest.fail(f"{url} answers already: the port of this serve example is taken")
    log = workspace["work"].parent / "serve.log"  # a file: a pipe nobody reads would fill and block the server
    sink = open(log, "w")
    process = subprocess.Popen(_shell("exec " + example), cwd=workspace["work"], env=workspace["env"],
                               stdout=subprocess.DEVNULL, stderr=sink, text=True)
    try:
        deadline = time.monotonic() + 120
        while not _answers(url):
            assert process.poll() is None, f"{example} ended: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"{example} did not answer within 120 s"
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        sink.close()
    assert process.returncode == 0, f"{example} did not stop cleanly on Ctrl-C: {log.read_text()[-2000:]}"
