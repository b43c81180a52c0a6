"""A plain install — the wheel into a fresh virtual environment, no extras — carries the ontology, the
data and the queries, declares every library it imports, and every command does real work on the
shipped graph from any folder. Works whether pytest itself runs inside a virtual environment or not
(the new environment is made from the base interpreter and sees none of this one's packages)."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import zipfile

import pytest
from conftest import REPO, SOURCE, free_port, running_oxigraph, shared_file

FIXTURES = REPO / "tests" / "fixtures" / "link"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """The wheel, installed with its dependencies (and nothing else) into a fresh venv."""
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(REPO)], check=True, capture_output=True)
    wheel = next(dist.glob("srbgraph-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    installing = subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert installing.returncode == 0, installing.stderr[-3000:]
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp / "home"), "LANG": "C.UTF-8",
           "SRBGRAPH_CACHE_DIR": str(tmp / "cache"), "BROWSER": "true"}
    return {"wheel": wheel, "venv": venv, "python": python, "cwd": elsewhere, "env": env}


def run(installed, *args, input: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed["venv"] / "bin" / "srbgraph"), *map(str, args)], cwd=installed["cwd"],
                          env=installed["env"], capture_output=True, text=True, input=input, timeout=timeout)


def test_the_wheel_carries_ontology_data_and_queries(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert "srbgraph/_shipped/ontology/srb.ttl" in names
    assert "srbgraph/_shipped/queries/paths.rq" in names
    assert "srbgraph/render/viz/template.html" in names
    # the query workbench: its templates, scripts and the vendored YASGUI with its licence and pin
    for name in ("templates/workbench.html", "templates/resource.html", "static/workbench.js",
                 "vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css", "vendor/yasgui/LICENSE",
                 "vendor/yasgui/PINNED.json"):
        assert f"srbgraph/server/{name}" in names, name
    for script in ("page.js", "page_state.js", "page_panel.js", "page_controls.js"):
        assert f"srbgraph/render/viz/{script}" in names
    shipped = sorted(p.name for p in (REPO / "data").glob("*.yaml"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("srbgraph/_shipped/data/")) == shipped
    located = subprocess.run([str(installed["python"]), "-c", "import srbgraph.resources as r; print(r.ontology_file())"],
                             cwd=installed["cwd"], env=installed["env"], capture_output=True, text=True, check=True).stdout
    assert "_shipped" in located and str(REPO) not in located
    # no test extra crept in: pandas is an extra of its own, pytest is not there at all
    missing = subprocess.run([str(installed["python"]), "-c", "import pytest"], env=installed["env"], capture_output=True)
    assert missing.returncode != 0


# every command once, doing real work on the shipped graph (the files it writes land in the folder)
COMMANDS = [
    ("build", ["build", "-o", "srb.ttl"], "built "),
    ("validate", ["validate"], "ok: "),
    ("paths", ["paths", "--format", "table"], "Ziel"),
    ("paths stated", ["paths", "--support", "stated", "--format", "json"], "goal-orientierung-an-bedarfen"),
    ("query", ["query", "obstacles-ranked", "--format", "csv"], "obstacle"),
    ("queries", ["queries"], "paths"),
    ("gaps", ["gaps", "--lang", "en"], "obstacle with no measure"),
    ("rank", ["rank", "--top", "3", "--kind", "obstacle"], "Bremse"),
    ("stats", ["stats"], "Workshop"),
    ("viz", ["viz", "--paths", "-o", "paths.html"], "wrote paths.html"),
    ("viz graphml", ["viz", "-f", "graphml", "-o", "srb.graphml"], "wrote srb.graphml"),
    ("export csv", ["export", "-f", "csv", "-o", "tables"], "wrote "),
    ("export xlsx", ["export", "-f", "xlsx", "-o", "srb.xlsx"], "wrote "),
    ("docs", ["docs", "-o", "site"], "index.html"),
    ("check", ["check", "--no-pellet"], "bestanden / passed"),
    ("link", ["link", FIXTURES / "kita-jugendaemter-landesverwaltung.csv", "--key", "Jugendamt", "--store", "store"],
     "41 of 41 rows linked"),
    ("review export", ["review", "export", "-o", "review.xlsx"], "links to review"),
    ("review import", ["review", "import", "review.xlsx", "--reviewer", "Dr. M. Muster"], "0 verdicts of Dr. M. Muster"),
    ("review status", ["review", "status", "--format", "json"], '"unreviewed"'),
    ("schema", ["schema", "-o", "data.schema.json"], "wrote data.schema.json"),
]


@pytest.mark.parametrize("name, args, expected", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_works_from_a_plain_install(installed, name, args, expected):
    result = run(installed, *args)
    assert result.returncode == 0, f"{name}: {result.stderr[-3000:]}"
    assert expected in result.stdout + result.stderr, f"{name}: {result.stdout[-1500:]}{result.stderr[-1500:]}"


def test_evidence_commands_from_a_plain_install(installed):
    shared_source = shared_file(SOURCE, "the source text")
    checked = run(installed, "check-evidence", "--source", shared_source)
    assert checked.returncode == 0, checked.stderr[-2000:]
    shown = run(installed, "evidence", "obstacle-haltung-der-akteure", "hinders",
                "goal-intensivere-beteiligung", "--source", shared_source)
    assert shown.returncode == 0 and "**Diese Faktoren" in shown.stdout, shown.stderr[-2000:]


def test_serve_and_push_from_a_plain_install(installed, tmp_path):
    port = free_port()
    server = subprocess.Popen([str(installed["venv"] / "bin" / "srbgraph"), "serve", "--port", str(port)],
                              cwd=installed["cwd"], env=installed["env"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    assert b"true" in answer.read()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()[-2000:]
                assert time.monotonic() < deadline, "srbgraph serve did not answer within 120 s"
                time.sleep(0.2)
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/", timeout=60) as answer:  # the workbench, from the installed templates
            script = re.search(r'<script src="(/vendor/yasgui/yasgui.min.js[^"]*)"', answer.read().decode()).group(1)
        with urllib.request.urlopen(base + script, timeout=60) as answer:
            assert len(answer.read()) > 500_000
        request = urllib.request.Request(base + "/resource/obstacle-haltung-der-akteure",
                                         headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert "Haltung der Akteur:innen" in answer.read().decode()
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=30)
    with running_oxigraph(tmp_path / "oxigraph") as base:
        pushed = run(installed, "push", "--endpoint", f"{base}/store")
        assert pushed.returncode == 0 and "pushed " in pushed.stderr, pushed.stderr[-2000:]


def test_the_package_uses_only_what_it_declares(installed):
    # pandas is the one optional library (Results.to_pandas, extra "pandas"): without it, one clear line
    code = ("import srbgraph; s = srbgraph.open_store(); "
            "r = srbgraph.query(s, 'obstacles-ranked');\n"
            "try:\n    r.to_pandas()\nexcept srbgraph.SrbError as e:\n    print(e)")
    out = subprocess.run([str(installed["python"]), "-c", code], cwd=installed["cwd"], env=installed["env"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "pandas is not installed (pip install 'srbgraph[pandas]')"
    assert shutil.which("srbgraph", path=os.path.dirname(installed["python"]))
