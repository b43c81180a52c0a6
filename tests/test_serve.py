"""`srbgraph serve`: the read-only SPARQL endpoint, its pages, its limits, under load.

The server runs as a real `srbgraph serve` process on 127.0.0.1 (a free port), and is queried by a
real SPARQL client (SPARQLWrapper), by `srbgraph query --endpoint` and by plain HTTP."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

COUNT_CLASSES = ("PREFIX srb: <https://w3id.org/srbgraph/ontology#> "
                 "SELECT ?obstacle (COUNT(?o) AS ?n) WHERE { ?obstacle a srb:Obstacle ; ?p ?o } GROUP BY ?obstacle ORDER BY ?obstacle")


class Served:
    def __init__(self, process, url: str, log: Path):
        self.process, self.url, self.log = process, url, log

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


def start(folder: Path, *args: str) -> Served:
    """`srbgraph serve --port 0 …` as a subprocess; its log (stderr) goes to a file."""
    log = folder / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "srbgraph", "serve", "--port", "0", *args],
                               stdout=subprocess.DEVNULL, stderr=log.open("w"))
    deadline = time.monotonic() + 60
    while True:
        found = re.search(r"serving .* at (http://127\.0\.0\.1:\d+/)", log.read_text(encoding="utf-8"))
        if found:
            return Served(process, found.group(1), log)
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"srbgraph serve did not start: {log.read_text()[-1000:]}")
        time.sleep(0.05)


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start(tmp_path_factory.mktemp("serve"), "--max-rows", "5000")
    yield served
    stop(served)


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory):
    """A server with a tiny time limit and a small row limit."""
    served = start(tmp_path_factory.mktemp("serve-strict"), "--timeout", "0.3", "--max-rows", "500000000")
    yield served
    stop(served)


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body text) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode("utf-8")


def client(served: Served, query: str, fmt) -> SPARQLWrapper:
    sparql = SPARQLWrapper(served.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def expected_counts() -> list[tuple[str, int]]:
    from srbgraph.stores.select import open_store

    with open_store() as store:
        return [(str(obstacle), int(n)) for obstacle, n in store.select(COUNT_CLASSES).rows]


# --------------------------------------------------------------------------------------------
def test_select_in_every_format_parses_back_to_the_embedded_answer(server):
    expected = expected_counts()
    assert len(expected) > 5

    doc = client(server, COUNT_CLASSES, JSON).queryAndConvert()
    assert [(b["obstacle"]["value"], int(b["n"]["value"])) for b in doc["results"]["bindings"]] == expected
    assert doc["results"]["bindings"][0]["n"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"

    tree = client(server, COUNT_CLASSES, XML).queryAndConvert()  # an xml.dom document
    ns = "{http://www.w3.org/2005/sparql-results#}"
    root = ET.fromstring(tree.toxml())
    rows = [(r.find(f"{ns}binding[@name='obstacle']/{ns}uri").text,
             int(r.find(f"{ns}binding[@name='n']/{ns}literal").text)) for r in root.iter(f"{ns}result")]
    assert rows == expected

    text = client(server, COUNT_CLASSES, CSV).queryAndConvert().decode("utf-8")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == ["obstacle", "n"]
    assert [(g, int(n)) for g, n in table[1:]] == expected

    text = client(server, COUNT_CLASSES, TSV).queryAndConvert().decode("utf-8")
    lines = [line.split("\t") for line in text.splitlines()]
    assert lines[0] == ["?obstacle", "?n"]
    assert [(g.strip("<>"), int(n.split("^^")[0].strip('"'))) for g, n in lines[1:]] == expected


def test_labels_keep_their_language_in_json_and_tsv(server):
    query = ('SELECT ?label WHERE { <https://w3id.org/srbgraph/resource/obstacle-haltung-der-akteure> '
             '<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label')
    doc = client(server, query, JSON).queryAndConvert()
    assert sorted(b["label"]["xml:lang"] for b in doc["results"]["bindings"]) == ["de", "en"]
    text = client(server, query, TSV).queryAndConvert().decode("utf-8")
    assert re.search(r'^".+"@de$', text, re.MULTILINE) and re.search(r'^".+"@en$', text, re.MULTILINE)


def test_ask_as_json_and_xml(server):
    query = "ASK { ?obstacle a <https://w3id.org/srbgraph/ontology#Obstacle> }"
    assert client(server, query, JSON).queryAndConvert()["boolean"] is True
    root = ET.fromstring(client(server, query, XML).queryAndConvert().toxml())
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_construct_as_turtle_and_json_ld(server):
    query = ("CONSTRUCT { ?obstacle a <https://w3id.org/srbgraph/ontology#Obstacle> ; "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?label } "
             "WHERE { ?obstacle a <https://w3id.org/srbgraph/ontology#Obstacle> ; "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?label }")
    expected = len(expected_counts())
    turtle = client(server, query, TURTLE).queryAndConvert()
    graph = rdflib.Graph().parse(data=turtle, format="turtle")
    obstacles = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/srbgraph/ontology#Obstacle")))
    assert len(obstacles) == expected
    assert len(graph) == expected * 3  # type, label @de, label @en

    jsonld = client(server, query, JSONLD).query().response.read()
    graph = rdflib.Graph().parse(data=jsonld, format="json-ld")
    assert len(graph) == expected * 3


def test_srbgraph_query_against_the_endpoint_equals_the_embedded_store(server, srbgraph):
    embedded = srbgraph("query", "obstacles-ranked", "--format", "json")
    remote = srbgraph("query", "obstacles-ranked", "--format", "json", "--endpoint", server.sparql)
    assert embedded.code == remote.code == 0, remote
    assert json.loads(remote.out) == json.loads(embedded.out)
    assert len(json.loads(remote.out)) > 10


def test_get_and_post_sparql_query_body(server):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, kind, body = http(server.sparql + "?" + urllib.parse.urlencode({"query": query}))
    assert status == 200 and kind == "application/sparql-results+json"
    total = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    status, _kind, body = http(server.sparql, query.encode(), {"Content-Type": "application/sparql-query",
                                                               "Accept": "text/csv"})
    assert status == 200 and body.splitlines() == ["n", str(total)]


def test_update_and_graph_store_writes_are_refused(server):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    with pytest.raises(Exception) as refused:  # SPARQLWrapper sends it as a form field `update`
        sparql = SPARQLWrapper(server.sparql)
        sparql.setMethod("POST")
        sparql.setQuery(update)
        sparql.query()
    assert "403" in str(refused.value) or "read-only" in str(refused.value)

    status, _, body = http(server.sparql, urllib.parse.urlencode({"update": update}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and "read-only" in body and "SPARQL UPDATE" in body
    status, _, body = http(server.sparql, update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    for method in ("PUT", "POST", "DELETE"):
        status, _, body = http(server.url + "store?default", b"<urn:a> <urn:b> <urn:c> .",
                               {"Content-Type": "application/n-triples"}, method)
        assert status == 405 and "read-only" in body, (method, status, body)
    status, _, _ = http(server.sparql, b"x", {"Content-Type": "text/turtle"}, "PUT")
    assert status == 405
    # nothing changed
    assert client(server, "ASK { <urn:a> ?p ?o }", JSON).queryAndConvert()["boolean"] is False


def test_malformed_query_is_400_with_line_and_column(server):
    with pytest.raises(QueryBadFormed) as bad:
        client(server, "SELECT ?s WHERE {\n  ?s ?p \n}", JSON).query()
    assert "SPARQL syntax error at line 3, column 2" in str(bad.value)
    status, kind, body = http(server.sparql + "?query=" + urllib.parse.quote("SELEC ?x"))
    assert status == 400 and kind.startswith("text/plain")
    assert re.match(r"SPARQL syntax error at line 1, column \d+: expected", body), body


def test_result_size_limit_answers_422_naming_the_result(server):
    status, _, body = http(server.sparql + "?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }"))
    assert status == 422  # issue #26: not 413, whose phrase names the request
    assert "more than 5,000 rows" in body and "--max-rows" in body


def test_unacceptable_type_is_406_and_missing_query_400(server):
    status, _, body = http(server.sparql + "?query=" + urllib.parse.quote("ASK {}"), headers={"Accept": "image/png"})
    assert status == 406 and "image/png" in body
    status, _, body = http(server.sparql + "?query=")
    assert status == 400 and "give exactly one SPARQL query" in body
    status, _, body = http(server.sparql, b"", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and "give exactly one SPARQL query" in body


def test_over_time_query_is_cut_with_503(strict_server):
    cross_join = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # about 100 million rows
    with pytest.raises(urllib.error.HTTPError) as cut:  # SPARQLWrapper passes a 503 on as it is
        client(strict_server, cross_join, JSON).query()
    assert cut.value.code == 503
    assert "query exceeded the time limit of 0.3 s" in cut.value.read().decode("utf-8")
    status, _, body = http(strict_server.sparql + "?query=" + urllib.parse.quote(cross_join))
    assert status == 503 and "time limit of 0.3 s" in body
    # the server still answers
    assert client(strict_server, "ASK {}", JSON).queryAndConvert()["boolean"] is True


def test_pages_query_editor_and_graph(server):
    from srbgraph.model.queries import all_named

    status, kind, page = http(server.url)
    assert status == 200 and kind.startswith("text/html")
    named = json.loads(re.search(r'<script id="named-queries" type="application/json">(.*?)</script>',
                                 page, re.S).group(1))
    assert [q["name"] for q in named] == [q.name for q in all_named()]
    assert all(q["text"] and q["title"] for q in named)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # offline: nothing from a CDN
    status, kind, graph_page = http(server.url + "graph")
    assert status == 200 and kind.startswith("text/html") and "vis.Network" in graph_page
    assert http(server.url + "nowhere")[0] == 404


def test_one_log_line_per_request(server):
    http(server.sparql + "?query=" + urllib.parse.quote("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"))
    time.sleep(0.2)
    last = server.log_lines()[-1]
    assert re.fullmatch(r"127\.0\.0\.1 GET /sparql 200 \d+\.\d ms 3 rows", last), last


def test_load_20_clients_2000_queries_without_error(server):
    queries = [COUNT_CLASSES, "ASK { ?s a <https://w3id.org/srbgraph/ontology#Obstacle> }",
               "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 50"]

    def one(i: int) -> int:
        query = queries[i % len(queries)]
        request = urllib.request.Request(server.sparql, data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            json.loads(response.read())
            return response.status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(one, range(2000)))
    assert statuses == [200] * 2000


def test_the_graph_page_draws_the_graph_being_served(tmp_path):
    """`serve --graph FILE`: /graph is drawn from that file's store (in a query worker), not from
    the shipped data; a focus that names nothing is 404 with the reason, and the server goes on."""
    graph = tmp_path / "own.ttl"
    graph.write_text(
        "@prefix srb: <https://w3id.org/srbgraph/ontology#> .\n"
        "@prefix srbr: <https://w3id.org/srbgraph/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'srbr:obstacle-nur-hier a srb:Obstacle ; rdfs:label "Nur in dieser Datei"@de .\n'
        'srbr:measure-nur-hier a srb:Measure ; rdfs:label "Eine Maßnahme dagegen"@de ;\n'
        "    srb:addresses srbr:obstacle-nur-hier .\n", encoding="utf-8")
    served = start(tmp_path, "--graph", str(graph))
    try:
        status, _kind, page = http(served.url + "graph?focus=obstacle-nur-hier")
        assert status == 200 and "Umgebung von Nur in dieser Datei (Tiefe 1) (2 Knoten, 1 Kanten)" in page
        assert "measure-nur-hier" in page
        status, _kind, whole = http(served.url + "graph")
        assert status == 200 and "Haltung der Akteur:innen" not in whole  # nothing of the shipped data
        status, _kind, missing = http(served.url + "graph?focus=obstacle-haltung-der-akteure")
        assert status == 404 and "obstacle-haltung-der-akteure" in missing
        assert http(served.sparql + "?query=" + urllib.parse.quote("ASK {}"))[0] == 200
    finally:
        stop(served)


def test_an_entity_description_larger_than_max_bytes_is_413(tmp_path):
    """The RDF of one IRI is held to the same byte cap as a query's result."""
    served = start(tmp_path, "--max-bytes", "2K")
    try:
        url = served.url + "resource/obstacle-haltung-der-akteure"
        status, _kind, body = http(url, headers={"Accept": "text/turtle"})
        assert status == 413 and "--max-bytes" in body
        status, _kind, body = http(url)  # the page for people is held to it too (#25)
        assert status == 413 and "the page is larger than 2,048 bytes" in body and "--max-bytes" in body
        assert http(served.sparql + "?query=" + urllib.parse.quote("ASK {}"))[0] == 200
    finally:
        stop(served)
