"""The command line: version, help with examples on every command, one-line errors."""
from __future__ import annotations

import subprocess
import sys

import pytest

from srbgraph import __version__
from srbgraph.cli.main import cli


def test_version(srbgraph):
    result = srbgraph("--version")
    assert result.code == 0
    assert result.out.strip() == f"srbgraph, version {__version__}"


@pytest.mark.parametrize("command", cli.list_commands(None))
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_examples(srbgraph, command, flag):
    result = srbgraph(command, flag)
    assert result.code == 0
    assert result.out.startswith(f"Usage: cli {command}") or result.out.startswith(f"Usage: srbgraph {command}")
    assert "Examples:" in result.out
    assert f"srbgraph {command}" in result.out.split("Examples:")[1]


def test_errors_are_one_line_and_traceback_on_request(srbgraph, tmp_path):
    missing = tmp_path / "nowhere"
    result = srbgraph("paths", "--data", missing)
    assert result.code == 1
    assert result.err == f"srbgraph: error: data folder not found: {missing}\n"
    verbose = srbgraph("--traceback", "paths", "--data", missing)
    assert verbose.code == 1
    assert verbose.exception is not None and "data folder not found" in str(verbose.exception)


def test_console_script_runs_as_a_module(tmp_path):
    result = subprocess.run([sys.executable, "-m", "srbgraph", "--help"], capture_output=True, text=True,
                            cwd=tmp_path, check=True)
    assert "goal → development need → obstacle → measure" in result.stdout


def test_start_up_imports_no_heavy_library():
    code = ("import sys, srbgraph.cli; heavy = {'rdflib', 'networkx', 'pyvis', 'owlready2', 'yaml'}; "
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_paths_on_a_warm_cache_reads_the_graph_without_rdflib_or_yaml(tmp_path):
    """The everyday command answers from the cached build: neither the RDF library nor the YAML
    reader is loaded (they cost about 115 and 20 ms of every start)."""
    from srbgraph.build_cache import load

    load()  # a warm build cache, as the command finds it after the first run
    code = ("import sys; from srbgraph.cli.main import cli\n"
            "try:\n    cli(['paths', '--support', 'stated'])\n"
            "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
            "print(sorted(m for m in ('rdflib', 'yaml', 'networkx', 'pyvis') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Orientierung an Bedarfen aller Akteur:innen" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_command_list_in_help_loads_no_command_and_matches_each_command():
    # `srbgraph --help` lists every command with the first sentence of its help, kept in the
    # table of lazy commands so that listing them imports none of their modules.
    import click

    from srbgraph.cli.main import LAZY_COMMANDS

    code = ("import sys; from srbgraph.cli.main import cli\n"
            "try:\n    cli(['--help'])\n"
            "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
            "print(sorted(m for m in sys.modules if m.startswith('srbgraph.cli.') and m not in "
            "('srbgraph.cli.main', 'srbgraph.cli.options')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"
    listed = done.stdout.split("Commands:")[1]
    context = click.Context(cli)
    for name, (_target, summary) in LAZY_COMMANDS.items():
        command = cli.get_command(context, name)
        assert summary == command.get_short_help_str(limit=10_000), name
        assert f"  {name} " in listed


def test_data_init_copies_the_shipped_data_into_a_folder_of_ones_own(srbgraph, tmp_path):
    # after a plain install the shipped data cannot be edited (issue 27): `data init` makes a copy
    from srbgraph import resources

    target = tmp_path / "own" / "data"
    made = srbgraph("data", "init", target)
    assert made.code == 0, made
    shipped = resources.data_files(resources.data_dir())
    assert sorted(p.name for p in target.iterdir()) == sorted([p.name for p in shipped] + ["README.txt"])
    assert all((target / p.name).read_bytes() == p.read_bytes() for p in shipped)
    assert "srbgraph paths --data THIS-FOLDER" in (target / "README.txt").read_text(encoding="utf-8")
    assert f"read and edit them with --data {target}" in made.err
    assert srbgraph("validate", "--data", target).code == 0  # the README beside them is no data file
    # a folder that holds anything is refused, and nothing in it is touched
    again = srbgraph("data", "init", target)
    assert again.code == 1
    assert again.err.strip() == f"srbgraph: error: {target} is not an empty folder: give a new or empty one (nothing was copied)"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert srbgraph("data", "init", empty).code == 0


def test_an_own_query_without_rows_says_so_in_the_table_and_stays_plain_in_csv(srbgraph, tmp_path):
    query = tmp_path / "none.rq"
    query.write_text("SELECT ?s WHERE { ?s <http://example.org/none> ?o }", encoding="utf-8")
    table = srbgraph("query", query)
    assert table.code == 0, table
    assert table.out.splitlines()[-1] == "(keine Zeile: die Abfrage trifft in diesem Graphen nichts)"
    english = srbgraph("query", query, "--lang", "en")
    assert english.out.splitlines()[-1] == "(no rows: the query matches nothing in this graph)"
    assert srbgraph("query", query, "-f", "csv").out.split() == ["s"]  # a file for a program: no prose
