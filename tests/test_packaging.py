"""A plain (non-editable) install carries the ontology, the data and the queries and works anywhere."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_runs_from_any_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(REPO)], check=True, capture_output=True)
    wheel = next(dist.glob("srbgraph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "srbgraph/_shipped/ontology/srb.ttl" in names
    assert "srbgraph/_shipped/queries/paths.rq" in names
    shipped = sorted(p.name for p in (REPO / "data").glob("*.yaml"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("srbgraph/_shipped/data/")) == shipped

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "SRBGRAPH_CACHE_DIR": str(tmp_path / "c")}
    located = subprocess.run([str(python), "-c", "import srbgraph.resources as r; print(r.ontology_file())"],
                             cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    assert "_shipped" in located and str(REPO) not in located
    result = subprocess.run([str(venv / "bin" / "srbgraph"), "paths", "--format", "table"], cwd=elsewhere,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[:2] == ["Ziel", "Bedarf"]
    assert list(elsewhere.iterdir()) == []
