"""A figure linked once is seen by every command: `srbgraph link` without --store writes into the
store of the build cache, and a command given no other source reads that store (its curated graph
kept in step with the data, the linked tables beside it); a command that reads no linked graph while
that store exists says so in one note line."""
from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from srbgraph.build_cache import cache_dir
from srbgraph.stores.oxigraph import OxigraphStore
from srbgraph.stores.select import GraphSource, linked_store

FIXTURES = Path(__file__).parent / "fixtures" / "link"
LANDESVERWALTUNG = FIXTURES / "kita-jugendaemter-landesverwaltung.csv"
LINKED = "https://w3id.org/srbgraph/graph/linked/kita-jugendaemter-landesverwaltung"
COUNT_LINKED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?record srb:aboutRegion ?region } }"


def linked_once(srbgraph):
    result = srbgraph("link", str(LANDESVERWALTUNG), "--key", "Jugendamt")
    assert result.code == 0, result
    return cache_dir() / "store"


def figures(srbgraph, *args) -> dict:
    result = srbgraph("query", "linked-figures", "-p", "column=Kitas", "--format", "csv", *args)
    assert result.code == 0, result
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 41
    return {row["region"]: row for row in rows}


def test_a_figure_linked_without_store_is_read_by_query_without_store(srbgraph):
    store = linked_once(srbgraph)
    rows = figures(srbgraph)
    assert rows["srbr:region-koblenz"]["value"] == "128" and rows["srbr:region-koblenz"]["dataset"] == LINKED
    assert all(row["value"] for row in rows.values())  # every district: its figure, none empty
    assert rows == figures(srbgraph, "--store", str(store))  # the same as naming the store


def test_paths_stats_and_a_notebook_read_the_linked_store(srbgraph):
    store = linked_once(srbgraph)
    origin = GraphSource()
    assert origin.store == store and origin.linked_default and linked_store() == store
    with origin.open() as opened:
        assert opened.path == store and opened.select_values(
            "PREFIX srb: <https://w3id.org/srbgraph/ontology#> " + COUNT_LINKED) == [("41",)]
    paths = srbgraph("paths", "Fachkräftemangel", "--format", "json")
    assert paths.code == 0 and "note:" not in paths.err, paths
    # as `srbgraph serve` opens it: read-only, the linked graph there
    with dataclasses.replace(origin, read_only=True).open() as served:
        assert served.read_only and served.select_values(
            "PREFIX srb: <https://w3id.org/srbgraph/ontology#> " + COUNT_LINKED) == [("41",)]


def test_without_a_linked_store_the_build_in_memory_is_read(srbgraph):
    origin = GraphSource()
    assert origin.store is None and not origin.linked_default and origin.unread_linked is None
    rows = figures(srbgraph)
    assert not any(row["value"] for row in rows.values())
    assert "note:" not in srbgraph("paths", "Fachkräftemangel").err


def test_a_source_that_reads_no_linked_graph_says_so_in_one_line(srbgraph, tmp_path):
    store = linked_once(srbgraph)
    note = (f"note: the tables `srbgraph link` linked into {store} are not read from --engine rdflib "
            f"(--store {store} reads them)")
    result = srbgraph("query", "-", "--engine", "rdflib", input=COUNT_LINKED.replace("GRAPH ?g ", ""))
    assert result.code == 0, result
    assert [line for line in result.err.splitlines() if line.startswith("note: the tables")] == [note]
    graph = cache_dir() / "graph.nt"
    result = srbgraph("paths", "Fachkräftemangel", "--graph", str(graph))
    assert result.code == 0, result
    expected = (f"note: the tables `srbgraph link` linked into {store} are not read from the graph file {graph} "
                f"(--store {store} reads them)")
    assert [line for line in result.err.splitlines() if line.startswith("note: the tables")] == [expected]
    assert GraphSource(graph=graph).unread_linked == store


def test_a_store_another_command_holds_is_read_as_it_is(srbgraph):
    store = linked_once(srbgraph)
    holder = OxigraphStore(store)  # another command writing: the lock is taken
    try:
        with GraphSource().open() as opened:
            assert opened.read_only and opened.select_values(
                "PREFIX srb: <https://w3id.org/srbgraph/ontology#> " + COUNT_LINKED) == [("41",)]
    finally:
        holder.close()
