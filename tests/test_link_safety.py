"""srbgraph link replaces a graph in one step (a process killed at any moment leaves the old graph
or the new one), and warns about keys that do not fit the detected key type or that repeat."""
from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import srbgraph

PACKAGE_ROOT = str(Path(srbgraph.__file__).resolve().parent.parent)
GRAPH = "https://w3id.org/srbgraph/graph/linked/kitas"
KEYS = ["07111", "07211", "07317", "07339", "07131", "07133", "07135", "07137"]


def write_table(path: Path, rows: int) -> Path:
    lines = ["Kreisschlüssel;Einrichtung;Plätze;Quote"]
    lines += [f"{KEYS[i % len(KEYS)]};Kita {i};{i % 120};{i % 100},5" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def link_command(table: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "srbgraph", "link", str(table), "--key", "Kreisschlüssel",
            "--name", "kitas", "--store", str(store)]


def graph_state(store: Path) -> tuple[int, list[str]]:
    """Rows in the linked graph, and the names of all named graphs, as a new process sees them."""
    import pyoxigraph as ox

    opened = ox.Store(str(store))
    try:
        rows = next(iter(opened.query(
            "SELECT (COUNT(?r) AS ?n) WHERE { GRAPH <%s> { ?r a "
            "<https://w3id.org/srbgraph/ontology#LinkedRecord> } }" % GRAPH)))[0]
        graphs = sorted(g.value for g in opened.named_graphs())
        return int(rows.value), graphs
    finally:
        del opened
        gc.collect()  # releases the store's lock for the next process


def test_a_kill_at_any_moment_leaves_the_old_or_the_new_graph(srbgraph, tmp_path):
    env = {**os.environ, "PYTHONPATH": PACKAGE_ROOT}
    store = tmp_path / "store"
    old, new = write_table(tmp_path / "old.csv", 500), write_table(tmp_path / "new.csv", 20_000)
    assert srbgraph("link", old, "--key", "Kreisschlüssel", "--name", "kitas", "--store", store).code == 0
    assert graph_state(store)[0] == 500
    graphs_before = graph_state(store)[1]

    started = time.monotonic()  # one whole run, for the moments to kill at
    subprocess.run(link_command(new, store), env=env, check=True, capture_output=True, timeout=300)
    whole = time.monotonic() - started
    assert graph_state(store) == (20_000, graphs_before)

    outcomes = []
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95):
        if graph_state(store)[0] != 500:
            assert srbgraph("link", old, "--key", "Kreisschlüssel", "--name", "kitas",
                            "--store", store).code == 0
        process = subprocess.Popen(link_command(new, store), env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(whole * fraction)
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        rows, graphs = graph_state(store)
        outcomes.append((fraction, killed, rows))
        assert rows in (500, 20_000), outcomes
        assert graphs == graphs_before, graphs  # no half graph, no temporary graph left behind
    print("whole run", round(whole, 1), "s; (fraction, killed, rows):", outcomes)
    assert any(killed and rows == 500 for _fraction, killed, rows in outcomes), outcomes


def test_key_type_is_decided_by_the_majority_and_the_others_are_named(srbgraph, tmp_path):
    table = tmp_path / "kreise.csv"
    table.write_text("Schlüssel;n\n07111;1\n07211;2\nKoblenz (Stadt);3\n07317;4\n07211;5\n", encoding="utf-8")
    result = srbgraph("link", table, "--key", "Schlüssel", "--store", tmp_path / "store", "-f", "json")
    assert result.code == 0, result
    report = json.loads(result.out)
    assert report["key_type"] == "ags"
    assert [m["region"] for m in report["matched"]] == ["region-koblenz", "region-trier",
                                                       "region-pirmasens", "region-trier"]
    assert [u["row"] for u in report["unmatched"]] == [3]
    assert report["warnings"] == [
        "1 of 5 keys do not fit the key type ags that most rows have (they are not official keys): row 3",
        "1 key repeats: '07211' in rows 2, 5"]
    warnings = [line for line in result.err.splitlines() if line.startswith("srbgraph: warning:")]
    assert warnings == [f"srbgraph: warning: {table}: {w}" for w in report["warnings"]]


def test_no_warning_when_every_key_fits_once(srbgraph, tmp_path):
    table = tmp_path / "kreise.csv"
    table.write_text("Kreis;n\nKusel;1\nSpeyer;2\n", encoding="utf-8")
    result = srbgraph("link", table, "--key", "Kreis", "--store", tmp_path / "store", "-f", "json")
    assert result.code == 0, result
    assert json.loads(result.out)["warnings"] == []
    assert "srbgraph: warning" not in result.err
