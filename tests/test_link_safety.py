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


# --------------------------------------------------------------------------------------------
# a plain table is streamed (issue 25, point 4): rows read from the file, not held
# --------------------------------------------------------------------------------------------
REPEATING = ["07111", "7211", "07111", "07211", "07111", "Kusel", "07111", "Kusel", "07111", "kusel ", "07111",
             "07317", "07111", None, "Speyer", "", "Speyer", "Landau i. d. Pf."]


def test_a_plain_csv_or_xlsx_table_is_read_from_the_file_each_time_not_held(tmp_path):
    from openpyxl import Workbook

    from srbgraph.model.tables_in import read_table

    table = read_table(write_table(tmp_path / "kitas.csv", 50), "Kreisschlüssel")
    assert table.headers == ["Kreisschlüssel", "Einrichtung", "Plätze", "Quote"]
    assert not isinstance(table.rows, list) and len(table.rows) == 50
    rows = list(table.rows)
    assert rows[:2] == [["07111", "Kita 0", "0", "0,5"], ["07211", "Kita 1", "1", "1,5"]]
    assert list(table.rows) == rows  # read again from the file: the same rows

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Kreise")
    sheet.append(["Kreis", "Kinder"])
    for number in range(30):
        sheet.append([f"Kreis {number}", number])
    book.save(tmp_path / "kreise.xlsx")
    table = read_table(tmp_path / "kreise.xlsx", "Kreis")
    assert not isinstance(table.rows, list) and len(table.rows) == 30
    assert list(table.rows)[-1] == ["Kreis 29", 29] and list(table.rows) == list(table.rows)


def test_the_python_memory_of_link_does_not_grow_with_the_unmatched_rows(tmp_path):
    """The same 8 linked rows among 5,000 and among 60,000 rows of other Länder: the peak of Python's
    own memory is the same (before: every row was held, about 350 bytes each, 19 MB more)."""
    import tracemalloc

    from srbgraph.model.link import link_table
    from srbgraph.stores.select import open_store

    def table(path: Path, rows: int) -> Path:
        lines = ["Kreisschlüssel;Einwohner;Anteil;Plätze"] + [f"{key};{n};{n % 9},5;{n % 70}" for n, key in enumerate(KEYS)]
        lines += [f"09{n:06d};{n};{n % 9},5;{n % 70}" for n in range(rows - len(KEYS))]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    small, large = table(tmp_path / "small.csv", 5_000), table(tmp_path / "large.csv", 60_000)
    with open_store(store_dir=tmp_path / "store") as store:
        link_table(store, small, key="Kreisschlüssel", name="warm-up")  # caches, regular expressions
        peaks = {}
        tracemalloc.start()
        try:
            for path in (small, large):
                tracemalloc.reset_peak()
                before = tracemalloc.get_traced_memory()[0]
                report = link_table(store, path, key="Kreisschlüssel")
                peaks[path.name] = tracemalloc.get_traced_memory()[1] - before
                assert report.counts == {"matched": 8, "unmatched": len(report.unmatched) + (
                    report.counts["unmatched"] - len(report.unmatched)), "ambiguous": 0}
                # the rows' triples and the graph's own, and a note on each Kreis row whose area holds a
                # city with a youth office of its own (srb:alsoCovers each city, a comment de and en)
                notes = sum(len(flag["also_covers"]) + 2 for flag in report.not_youth_office_district)
                assert len(report.unmatched) == 1_000 and report.triples == 4 * 1 + 8 * 7 + 5 + notes
                assert {flag["region"] for flag in report.not_youth_office_district} >= {"region-lk-mayen-koblenz"}
        finally:
            tracemalloc.stop()
    assert peaks["large.csv"] - peaks["small.csv"] < 2_000_000, peaks


def test_repeated_keys_and_misfits_are_named_as_when_every_key_was_held(monkeypatch):
    from srbgraph.model.link import KeyColumn, detect_key_type, repeated_keys_warning

    ags = ("4 keys repeat: '07111' in rows 1, 3, 5, 7, 9 and 2 more; '7211' in rows 2, 4; 'Kusel' in rows "
           "6, 8, 10; and 1 more keys")
    name = "3 keys repeat: '07111' in rows 1, 3, 5, 7, 9 and 2 more; 'Kusel' in rows 6, 8, 10; 'Speyer' in rows 15, 17"
    misfits = ("6 of 16 keys do not fit the key type ags that most rows have (they are not official keys): "
               "row 6, 8, 10, 15, 17, 18")
    many = [f"Kreis {i}" for i in range(14)] + [f"07{i:03d}" for i in range(30)]
    for slots in (KeyColumn.SLOTS, 4):  # 4 slots: every key "may repeat"; only the exact count decides
        monkeypatch.setattr(KeyColumn, "SLOTS", slots)
        assert repeated_keys_warning(REPEATING, "ags") == ags
        assert repeated_keys_warning(REPEATING, "name") == name
        assert repeated_keys_warning(["07111", "07211", "Kusel"], "ags") is None
        assert detect_key_type(REPEATING) == ("ags", misfits)
        assert detect_key_type(many) == ("ags", ("14 of 44 keys do not fit the key type ags that most rows have "
                                                 "(they are not official keys): row 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 "
                                                 "and 4 more"))
        assert detect_key_type([None, " ", ""]) == ("name", None)


def test_link_warns_of_repeated_keys_in_a_workbook_as_in_a_csv(srbgraph, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Schlüssel", "n"])
    for number, key in enumerate(REPEATING):
        book.active.append([key, number])
    book.save(tmp_path / "keys.xlsx")
    (tmp_path / "keys.csv").write_text("Schlüssel;n\n" + "".join(f"{k or ''};{n}\n" for n, k in enumerate(REPEATING)),
                                       encoding="utf-8")
    reports = []
    for name in ("keys.xlsx", "keys.csv"):
        result = srbgraph("link", tmp_path / name, "--key", "Schlüssel", "--store", tmp_path / "store", "-f", "json")
        assert result.code == 0, result
        reports.append(json.loads(result.out))
    xlsx, plain = reports
    assert xlsx["warnings"] == plain["warnings"]
    assert plain["warnings"][1] == ("4 keys repeat: '07111' in rows 1, 3, 5, 7, 9 and 2 more; '7211' in rows 2, 4; "
                                    "'Kusel' in rows 6, 8, 10; and 1 more keys")
    assert plain["counts"] == xlsx["counts"] == {"matched": 10, "unmatched": 8, "ambiguous": 0}
