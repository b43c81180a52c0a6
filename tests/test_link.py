"""srbgraph link: outside tables (CSV, XLSX, RDF) attached to the youth-office districts by key or
name, into named graphs of a persistent store; ambiguous names reported, never guessed; a cross
query over the linked data gives the same rows on Oxigraph and rdflib."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from srbgraph.model import queries
from srbgraph.model.link import link_table, normal_key, parse_name, typed
from srbgraph.model.queries import bind
from srbgraph.stores.base import compare_key
from srbgraph.stores.oxigraph import OxigraphStore
from srbgraph.stores.rdflib_store import RdflibStore
from srbgraph.stores.select import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "link"
LANDESVERWALTUNG = FIXTURES / "kita-jugendaemter-landesverwaltung.csv"
XSD = "http://www.w3.org/2001/XMLSchema#"


def link_json(srbgraph, store, *args):
    result = srbgraph("link", *args, "--store", str(store), "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_all_41_districts_match_as_the_landesverwaltung_spells_them(srbgraph, tmp_path):
    report = link_json(srbgraph, tmp_path / "store", str(LANDESVERWALTUNG), "--key", "Jugendamt")
    assert (len(report["matched"]), report["unmatched"], report["ambiguous"]) == (41, [], [])
    regions = {m["region"] for m in report["matched"]}
    assert len(regions) == 41  # each district once, none twice
    by_key = {m["key"]: m["region"] for m in report["matched"]}
    assert by_key["Kreisverwaltung Kaiserslautern"] == "region-lk-kaiserslautern"
    assert by_key["Stadtverwaltung Kaiserslautern"] == "region-kaiserslautern"
    assert by_key["Stadtverwaltung Landau i. d. Pf."] == "region-landau-in-der-pfalz"
    assert by_key["Stadtverwaltung Neustadt a. d. Weinstraße"] == "region-neustadt-an-der-weinstrasse"
    assert by_key["Kreisverwaltung des Westerwaldkreises"] == "region-lk-westerwaldkreis"
    assert report["key_type"] == "name"  # detected: the keys are not digits


def test_ambiguous_names_are_reported_not_guessed(srbgraph, tmp_path):
    store = tmp_path / "store"
    report = link_json(srbgraph, store, str(FIXTURES / "kita-verzeichnis.csv"), "--key", "Ort / Kreis")
    ambiguous = {a["key"]: set(a["candidates"]) for a in report["ambiguous"]}
    assert ambiguous == {
        "Kaiserslautern": {"region-kaiserslautern", "region-lk-kaiserslautern"},
        "Bad Kreuznach": {"region-bad-kreuznach", "region-lk-bad-kreuznach"},
        "Neuwied": {"region-neuwied", "region-lk-neuwied"},
    }
    assert [u["key"] for u in report["unmatched"]] == ["Mannheim"]
    matched = {m["key"]: m["region"] for m in report["matched"]}
    assert matched == {"Kaiserslautern, Stadt": "region-kaiserslautern",
                       "Landkreis Kaiserslautern": "region-lk-kaiserslautern",
                       "Stadt Neuwied": "region-neuwied",
                       "Neustadt a. d. Weinstraße": "region-neustadt-an-der-weinstrasse"}
    # no ambiguous row is attached to any region in the store
    with OxigraphStore(store) as ox:
        rows = ox.select_values(
            'SELECT ?r WHERE { GRAPH ?g { ?row <https://w3id.org/srbgraph/ontology#aboutRegion> ?r } }')
    assert len(rows) == 4
    text = srbgraph("link", str(FIXTURES / "kita-verzeichnis.csv"), "--key", "Ort / Kreis", "--store", str(store))
    assert "mehrdeutig / ambiguous: Kaiserslautern | Landkreis Kaiserslautern" in text.out
    assert "4 of 8 rows linked by name (1 unmatched, 3 ambiguous)" in text.out


def test_keys_bom_comma_and_german_numbers(srbgraph, tmp_path):
    store = tmp_path / "store"
    report = link_json(srbgraph, store, str(FIXTURES / "srb-zuweisung-2024.csv"), "--key", "Kreisschlüssel",
                       "--licence", "dl-de/by-2-0")
    matched = {m["key"]: m["region"] for m in report["matched"]}
    assert matched == {"07111000": "region-koblenz", "7211": "region-trier", "07317": "region-pirmasens",
                       "073390000000": "region-lk-mainz-bingen", "07339030": "region-ingelheim",
                       "07133006": "region-bad-kreuznach"}
    assert {u["key"]: u["reason"] for u in report["unmatched"]} == {
        "09162": "no region with the key 09162", "": "empty key"}
    with OxigraphStore(store) as ox:
        values = ox.select(
            "SELECT ?v WHERE { GRAPH ?g { ?row <https://w3id.org/srbgraph/ontology#aboutRegion> "
            "<https://w3id.org/srbgraph/resource/region-koblenz> ; ?p ?v . ?p <http://www.w3.org/2000/01/rdf-schema#label> "
            '"SRB-Zuweisung 2024 (EUR)" } }')
        assert [(str(v), v.datatype) for (v,) in values] == [("1234567.89", XSD + "decimal")]
        licence = ox.select_values(
            "SELECT ?l WHERE { GRAPH ?g { ?g <http://purl.org/dc/terms/license> ?l ; "
            "<http://purl.org/dc/terms/identifier> ?id } }")
    assert licence == [("https://www.govdata.de/dl-de/by-2-0",)]
    assert report["sha256"] and len(report["sha256"]) == 64


def test_relinking_the_same_file_replaces_its_graph(srbgraph, tmp_path):
    store = tmp_path / "store"
    count = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    link_json(srbgraph, store, str(LANDESVERWALTUNG), "--key", "Jugendamt")
    with OxigraphStore(store) as ox:
        first = ox.select_values(count)
    again = link_json(srbgraph, store, str(LANDESVERWALTUNG), "--key", "Jugendamt", "--name", "other-name")
    assert again["replaced"] == ["https://w3id.org/srbgraph/graph/linked/kita-jugendaemter-landesverwaltung"]
    link_json(srbgraph, store, str(LANDESVERWALTUNG), "--key", "Jugendamt", "--name", "other-name")
    with OxigraphStore(store) as ox:
        assert ox.select_values(count) == first
        graphs = ox.select_values("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a "
                                  "<https://w3id.org/srbgraph/ontology#LinkedRecord> } }")
    assert graphs == [("https://w3id.org/srbgraph/graph/linked/other-name",)]


def test_mapping_file_for_a_key_column_with_another_name(srbgraph, tmp_path):
    store = tmp_path / "store"
    report = link_json(srbgraph, store, str(FIXTURES / "regionaldatenbank-22541.csv"),
                       "--mapping", str(FIXTURES / "regionaldatenbank-22541.mapping.yaml"))
    assert report["key"] == "Kennziffer" and report["key_type"] == "ags"
    assert [m["region"] for m in report["matched"]] == ["region-koblenz", "region-trier", "region-pirmasens",
                                                       "region-lk-mainz-bingen"]
    assert [u["key"] for u in report["unmatched"]] == ["07000"]
    with OxigraphStore(store) as ox:
        labels = {row[0] for row in ox.select_values(
            "SELECT ?l WHERE { GRAPH ?g { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")}
        quota = ox.select("SELECT ?v WHERE { GRAPH ?g { ?r <https://w3id.org/srbgraph/ontology#aboutRegion> "
                          "<https://w3id.org/srbgraph/resource/region-trier> ; ?p ?v . ?p "
                          '<http://www.w3.org/2000/01/rdf-schema#label> "Betreuungsquote in %" } }')
    assert {"Kitas", "Betreuungsquote in %", "Kennziffer"} <= labels
    assert [(str(v), v.datatype) for (v,) in quota] == [("38.25", XSD + "decimal")]  # English decimals


def test_xlsx_and_rdf_inputs(srbgraph, tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kreis", "Kinder unter 7", "Stand"])
    sheet.append(["Landkreis Kusel", 3412, dt.datetime(2024, 3, 1)])
    sheet.append(["Speyer", 2871.5, dt.datetime(2024, 3, 1)])
    path = tmp_path / "kinder.xlsx"
    book.save(path)
    store = tmp_path / "store"
    report = link_json(srbgraph, store, str(path), "--key", "Kreis")
    assert [m["region"] for m in report["matched"]] == ["region-lk-kusel", "region-speyer"]
    rdf = link_json(srbgraph, store, str(FIXTURES / "kreise.ttl"), "--key", "kreisschluessel")
    assert [m["region"] for m in rdf["matched"]] == ["region-koblenz", "region-mainz"]
    assert [u["key"] for u in rdf["unmatched"]] == ["99999"]
    with OxigraphStore(store) as ox:
        dates = ox.select("SELECT ?d WHERE { GRAPH ?g { ?r ?p ?d . ?p "
                          '<http://www.w3.org/2000/01/rdf-schema#label> "Stand" } }')
    assert {(str(d), d.datatype) for (d,) in dates} == {("2024-03-01", XSD + "date")}


def test_windows_1252_is_read_and_values_are_typed():
    assert LANDESVERWALTUNG.read_bytes().count(b"\xfc") > 0  # ü in Windows-1252
    assert typed("1.234", "de") == ("1234", XSD + "integer")
    assert typed("1.234,5", "de") == ("1234.5", XSD + "decimal")
    assert typed("12.5", "en") == ("12.5", XSD + "decimal")
    assert typed("01.03.2024") == ("2024-03-01", XSD + "date")
    assert typed("-") is None
    assert typed("07131") == ("07131", XSD + "string")
    assert normal_key("7211") == "07211" and normal_key("073390000000") == "07339000"
    assert parse_name("Kaiserslautern, Stadt") == ({"kaiserslautern"}, "city")


def test_a_verbandsgemeinde_is_never_linked_to_its_whole_kreis(srbgraph, tmp_path):
    # A 12-digit ARS whose Gemeinde part is 000 names a Verbandsgemeinde (here Adenau, in the
    # Landkreis Ahrweiler): its figure is not the Kreis's. The Kreis itself (Gemeindeverband 0000)
    # and a kreisfreie Stadt still link by their ARS.
    table = tmp_path / "ars.csv"
    table.write_text("ARS;Kinder\n071315001000;120\n071310000000;5000\n071110000000;3000\n", encoding="utf-8")
    report = link_json(srbgraph, tmp_path / "store", str(table), "--key", "ARS")
    assert {m["key"]: m["region"] for m in report["matched"]} == {
        "071310000000": "region-lk-ahrweiler", "071110000000": "region-koblenz"}
    assert report["unmatched"] == [{"row": 1, "key": "071315001000",
                                    "reason": "071315001 is a Gemeindeverband (Verbandsgemeinde), not a "
                                              "youth-office district"}]
    assert normal_key("071315001000") == "071315001" and normal_key("071315001001") == "07131001"


def test_a_request_that_cannot_be_carried_out_is_refused_before_the_store_is_touched(srbgraph, tmp_path):
    # a missing file or --sum without --aggregate: one line, and no store made (nor the curated
    # graph loaded into one) first
    for args in (["missing.csv", "--key", "x"], [str(LANDESVERWALTUNG), "--key", "Jugendamt", "--sum", "x"]):
        result = srbgraph("link", *args, "--store", str(tmp_path / "s"))
        assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result
        assert "loading the curated graph" not in result.err
        assert not (tmp_path / "s").exists()


def test_errors_are_one_line(srbgraph, tmp_path):
    result = srbgraph("link", str(LANDESVERWALTUNG), "--key", "Jugendamtt", "--store", str(tmp_path / "s"))
    assert result.code == 1 and "no column 'Jugendamtt'" in result.err and "did you mean 'Jugendamt'" in result.err
    result = srbgraph("link", str(tmp_path / "missing.csv"), "--key", "x", "--store", str(tmp_path / "s"))
    assert result.code == 1 and "file not found" in result.err


@pytest.mark.parametrize("name", ["workshop-results-where-figure-above", "linked-figures"])
def test_cross_query_over_linked_data_runs_on_both_embedded_stores(tmp_path, name):
    import pyoxigraph
    import rdflib

    with open_store(store_dir=tmp_path / "store") as ox:
        link_table(ox, LANDESVERWALTUNG, key="Jugendamt")
        link_table(ox, FIXTURES / "srb-zuweisung-2024.csv", key="Kreisschlüssel")
        dataset = rdflib.Dataset()
        for quad in ox.store.quads_for_pattern(None, None, None, None):
            graph = quad.graph_name
            context = (dataset.default_graph if isinstance(graph, pyoxigraph.DefaultGraph)
                       else dataset.graph(rdflib.URIRef(graph.value)))
            context.add(tuple(_to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
        q = queries.named(name)
        params = {"column": "Plätze", "threshold": "10000"} if name.startswith("workshop") else {"column": "Plätze"}
        on_ox = ox.select(q.text, bind(q, params, ox, "de"))
    on_rdflib = RdflibStore(dataset)
    on_rd = on_rdflib.select(q.text, bind(q, params, on_rdflib, "de"))
    assert on_ox.variables == on_rd.variables
    assert compare_key(on_ox) == compare_key(on_rd)
    regions = {str(row[0]).rsplit("/", 1)[-1] for row in on_ox.rows}
    if name == "linked-figures":
        assert len(on_ox) == 41  # one figure per district, its workshop (if any) beside it
    else:
        # of the districts with a workshop, only Trier (12.040 Plätze) lies above 10,000
        assert regions == {"region-trier"}


def _to_rdflib(term):
    import pyoxigraph as ox
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    plain = term.language or term.datatype.value == XSD + "string"  # rdflib tells "a" from "a"^^xsd:string
    return rdflib.Literal(term.value, lang=term.language,
                          datatype=None if plain else rdflib.URIRef(term.datatype.value))


@pytest.mark.parametrize("name, region", [
    ("Stadt Ludwigshafen a. Rh.", "region-ludwigshafen-am-rhein"),
    ("Stadtverwaltung Ludwigshafen a. Rh.", "region-ludwigshafen-am-rhein"),
    ("Neustadt a. d. Weinstr.", "region-neustadt-an-der-weinstrasse"),
    ("Stadt Neustadt a. d. Weinstr.", "region-neustadt-an-der-weinstrasse"),
    ("Kreisverwaltung Südliche Weinstr.", "region-lk-suedliche-weinstrasse"),
    ("Landau i. d. Pf.", "region-landau-in-der-pfalz"),
    ("St. Frankenthal (Pf.)", "region-frankenthal"),
    ("Kr. Kusel", "region-lk-kusel"),
    ("Lkr. Kusel", "region-lk-kusel"),
])
def test_names_with_the_usual_abbreviations_match(srbgraph, tmp_path, name, region):
    table = tmp_path / "names.csv"
    table.write_text(f"Name;Kitas\n{name};5\nKaiserslautern;1\n", encoding="utf-8")
    report = link_json(srbgraph, tmp_path / "store", str(table), "--key", "Name")
    assert [(m["key"], m["region"]) for m in report["matched"]] == [(name, region)]
    assert [a["key"] for a in report["ambiguous"]] == ["Kaiserslautern"]  # still reported, never guessed


def test_a_kreis_row_of_a_plain_table_is_flagged_like_a_genesis_one(srbgraph, tmp_path):
    table, store = tmp_path / "kreise.csv", tmp_path / "store"
    table.write_text("Name;Kitas\nKreis Mayen-Koblenz;7\nLandkreis Kusel;4\n", encoding="utf-8")
    report = link_json(srbgraph, store, str(table), "--key", "Name")
    assert [(f["key"], f["region"], f["also_covers"]) for f in report["not_youth_office_district"]] == [
        ("Kreis Mayen-Koblenz", "region-lk-mayen-koblenz", ["region-andernach", "region-mayen"])]
    text = srbgraph("link", str(table), "--key", "Name", "--store", str(store))
    assert ("Zeile / row 1: Kreis Mayen-Koblenz: Kreiszahl, nicht Jugendamtsbezirk / Kreis figure, not a "
            "youth-office district (also covers region-andernach, region-mayen)") in text.out
    with OxigraphStore(store) as ox:  # as data in the linked graph, as a GENESIS table's
        rows = ox.select_values("""PREFIX srb: <https://w3id.org/srbgraph/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?city ?de WHERE { GRAPH ?g { ?r srb:aboutRegion ?kreis ; srb:alsoCovers ?city ;
                                                 rdfs:comment ?de FILTER(lang(?de) = "de") } } ORDER BY ?city""")
    assert [city.rsplit("/", 1)[1] for city, _de in rows] == ["region-andernach", "region-mayen"]
    assert rows[0][1].startswith("Zahl für den ganzen Landkreis Mayen-Koblenz, einschließlich Andernach und Mayen")
    figures = srbgraph("query", "linked-figures", "-p", "column=Kitas", "--store", str(store), "--format", "csv")
    assert "nicht die Zahl des Kreisjugendamts" in next(line for line in figures.out.splitlines()
                                                         if line.startswith("srbr:region-lk-mayen-koblenz,"))


def test_a_table_of_the_youth_offices_flags_no_kreis(srbgraph, tmp_path):
    """Beside "Stadtverwaltung Andernach" and "Stadtverwaltung Mayen", "Kreisverwaltung
    Mayen-Koblenz" is the Kreisjugendamt's figure: nothing to flag."""
    report = link_json(srbgraph, tmp_path / "store", str(LANDESVERWALTUNG), "--key", "Jugendamt")
    assert report["not_youth_office_district"] == []
