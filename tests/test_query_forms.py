"""srbgraph query answers every form of SPARQL query, on every store: ASK as a word of the view's
language (true/false and SPARQL JSON for machines), CONSTRUCT and DESCRIBE as RDF in the format
asked for — Turtle by default, N-Triples, RDF/XML, JSON-LD — to standard output or atomically to a
file. A table format asked of a graph (or a graph format of rows) is one line naming the formats
that fit. A caller's CONSTRUCT runs in the confined child like any caller's query."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from loopback import Listener
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib import Literal as RdfLiteral

from srbgraph.build_cache import load
from srbgraph.errors import QueryError
from srbgraph.stores import guard, sandbox
from srbgraph.stores.base import Results, Triples
from srbgraph.stores.endpoint import EndpointStore
from srbgraph.stores.rdflib_store import RdflibStore
from srbgraph.stores.select import open_store

SRB = "https://w3id.org/srbgraph/ontology#"
SRBR = "https://w3id.org/srbgraph/resource/"
ASK_TRUE = f"ASK {{ ?m a <{SRB}Measure> }}"
ASK_FALSE = f"ASK {{ ?m a <{SRB}NoSuchClass> }}"
LABELS = f"CONSTRUCT {{ ?m <{RDFS.label}> ?l }} WHERE {{ ?m a <{SRB}Measure> ; <{RDFS.label}> ?l }}"
ENTITY = URIRef(SRBR + "obstacle-fachkraeftemangel")
DESCRIBE = f"DESCRIBE <{ENTITY}>"
ENGINES = ["oxigraph", "rdflib"]
GRAPH_NAMES = "turtle, ntriples, rdfxml, jsonld"


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return load()


def measure_labels(graph: Graph) -> set:
    """What LABELS should give, read from the graph without SPARQL."""
    return {(m, RDFS.label, label) for m in graph.subjects(RDF.type, URIRef(SRB + "Measure"))
            for label in graph.objects(m, RDFS.label)}


def parsed(text: str, fmt: str) -> Graph:
    return Graph().parse(data=text, format=fmt)


def one_error(run) -> str:
    """The one error line, the last on standard error (progress lines may stand before it)."""
    lines = run.err.strip().splitlines()
    errors = [line for line in lines if line.startswith("srbgraph:")]
    assert len(errors) == 1 and lines[-1] == errors[0] and errors[0].startswith("srbgraph: error: "), run
    return errors[0]


# --------------------------------------------------------------------------------------------
# ASK
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_ask_answers_in_the_words_of_the_view(srbgraph, engine):
    for text, lang, word in [(ASK_TRUE, "de", "ja"), (ASK_FALSE, "de", "nein"),
                             (ASK_TRUE, "en", "yes"), (ASK_FALSE, "en", "no")]:
        run = srbgraph("query", "-", "--engine", engine, "--lang", lang, input=text)
        assert run.code == 0, run
        assert run.out == word + "\n"
    md = srbgraph("query", "-", "--engine", engine, "-f", "md", input=ASK_TRUE)
    assert md.out == "ja\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_gives_true_or_false_and_sparql_json_to_machines(srbgraph, engine):
    for text, value in [(ASK_TRUE, True), (ASK_FALSE, False)]:
        run = srbgraph("query", "-", "--engine", engine, "-f", "json", input=text)
        assert run.code == 0, run
        assert run.out == json.dumps({"head": {}, "boolean": value}, separators=(",", ":")) + "\n"
        assert json.loads(run.out) == {"head": {}, "boolean": value}
        lines = srbgraph("query", "-", "--engine", engine, "-f", "jsonl", input=text).out.splitlines()
        assert [json.loads(line) for line in lines] == [{"head": {}, "boolean": value}]
        for fmt in ("csv", "tsv"):
            assert srbgraph("query", "-", "--engine", engine, "-f", fmt, input=text).out == f"{str(value).lower()}\n"


def test_exit_status_tells_the_answer_on_request(srbgraph):
    assert srbgraph("query", "-", "--exit-status", input=ASK_TRUE).code == 0
    false = srbgraph("query", "-", "--exit-status", input=ASK_FALSE)
    assert false.code == 1 and false.out == "nein\n" and "error" not in false.err
    assert srbgraph("query", "-", input=ASK_FALSE).code == 0  # without the flag: 0 either way


def test_a_graph_format_is_refused_for_an_ask_and_a_select(srbgraph):
    ask = srbgraph("query", "-", "-f", "turtle", input=ASK_TRUE)
    assert ask.code == 1 and ask.out == ""
    assert one_error(ask) == ("srbgraph: error: --format turtle writes a graph, but an ASK query gives a truth "
                              "value: use one of table, csv, tsv, json, jsonl, md (graph formats are for "
                              "CONSTRUCT and DESCRIBE)")
    select = srbgraph("query", "obstacles-ranked", "-f", "rdfxml")
    assert select.code == 1 and "a SELECT query gives rows: use one of table, csv" in one_error(select)


# --------------------------------------------------------------------------------------------
# CONSTRUCT and DESCRIBE
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_construct_writes_turtle_that_parses_back_to_the_same_graph(srbgraph, shipped, engine):
    run = srbgraph("query", "-", "--engine", engine, input=LABELS)
    assert run.code == 0, run
    assert "@prefix srbr: <https://w3id.org/srbgraph/resource/> ." in run.out  # the project's prefixes
    graph = parsed(run.out, "turtle")
    expected = measure_labels(shipped)
    assert len(expected) > 40
    assert set(graph) == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_describe_of_an_entity_gives_what_the_graph_says_of_it(srbgraph, shipped, engine):
    run = srbgraph("query", "-", "--engine", engine, "-f", "ntriples", input=DESCRIBE)
    assert run.code == 0, run
    graph = parsed(run.out, "nt")
    assert (ENTITY, RDFS.label, RdfLiteral("Fachkräftemangel", lang="de")) in graph
    assert set(shipped.triples((ENTITY, None, None))) <= set(graph)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("fmt, parser", [("rdfxml", "xml"), ("xml", "xml"), ("jsonld", "json-ld"),
                                         ("ntriples", "nt"), ("nt", "nt"), ("ttl", "turtle")])
def test_every_graph_format_parses_back(srbgraph, shipped, engine, fmt, parser):
    run = srbgraph("query", "-", "--engine", engine, "-f", fmt, input=LABELS)
    assert run.code == 0, run
    assert set(parsed(run.out, parser)) == measure_labels(shipped)
    if parser == "xml":
        assert run.out.startswith('<?xml version="1.0" encoding="utf-8"?>')


def test_a_table_format_for_a_graph_is_one_line_naming_the_formats_that_fit(srbgraph, tmp_path):
    target = tmp_path / "answer.csv"
    run = srbgraph("query", "-", "-f", "csv", "-o", target, input=DESCRIBE)
    assert run.code == 1 and run.out == ""
    assert one_error(run) == ("srbgraph: error: --format csv writes rows, but a CONSTRUCT or DESCRIBE query "
                              f"gives a graph: use one of {GRAPH_NAMES}")
    assert list(tmp_path.iterdir()) == []  # nothing half-written
    for fmt in ("table", "json"):
        assert GRAPH_NAMES in one_error(srbgraph("query", "-", "-f", fmt, input=LABELS))


def test_a_graph_rdfxml_cannot_hold_is_one_line_and_no_file(srbgraph, tmp_path):
    target = tmp_path / "numbered.rdf"
    text = f"CONSTRUCT {{ ?m <http://example.org/p/1> ?l }} WHERE {{ ?m a <{SRB}Measure> ; <{RDFS.label}> ?l }}"
    run = srbgraph("query", "-", "-o", target, input=text)
    assert run.code == 1 and run.out == ""
    error = one_error(run)
    assert error.startswith("srbgraph: error: cannot write this graph as RDF/XML: ")
    assert "http://example.org/p/1" in error and error.endswith("(Turtle, N-Triples and JSON-LD write any graph)")
    assert list(tmp_path.iterdir()) == []
    assert srbgraph("query", "-", "-f", "turtle", input=text).code == 0


def test_a_graph_file_takes_its_format_from_its_suffix_and_is_written_atomically(srbgraph, shipped, tmp_path):
    for name, parser in [("labels.nt", "nt"), ("labels.rdf", "xml"), ("labels.jsonld", "json-ld"),
                         ("labels.ttl", "turtle")]:
        target = tmp_path / name
        run = srbgraph("query", "-", "-o", target, input=LABELS)
        assert run.code == 0, run
        assert run.out == "" and f"wrote {target}" in run.err
        assert set(parsed(target.read_text(encoding="utf-8"), parser)) == measure_labels(shipped)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labels.jsonld", "labels.nt", "labels.rdf", "labels.ttl"]
    forced = tmp_path / "labels.txt"
    assert srbgraph("query", "-", "-f", "ntriples", "-o", forced, input=LABELS).code == 0
    assert set(parsed(forced.read_text(encoding="utf-8"), "nt")) == measure_labels(shipped)


def test_a_callers_construct_runs_in_the_child(srbgraph, shipped, tmp_path, monkeypatch):
    spec = tmp_path / "labels.rq"
    spec.write_text(LABELS, encoding="utf-8")
    forked = []
    original = sandbox.run_in_child
    monkeypatch.setattr(sandbox, "run_in_child", lambda task, **kw: forked.append(kw) or original(task, **kw))
    run = srbgraph("query", str(spec))
    assert run.code == 0, run
    assert forked == [{"network": False}]
    assert set(parsed(run.out, "turtle")) == measure_labels(shipped)


def test_a_callers_construct_reaches_no_network_with_the_guard_bypassed(tmp_path):
    listener = Listener()
    try:
        spec = tmp_path / "service.rq"
        spec.write_text(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                        encoding="utf-8")
        run = subprocess.run([sys.executable, "-m", "srbgraph", "query", str(spec)], capture_output=True,
                             text=True, env={**os.environ, guard.TEST_HOOK: "skip the guard"}, timeout=300,
                             check=False)
        assert run.returncode == 1 and run.stdout == "", run
        assert run.stderr.splitlines()[-1].startswith("srbgraph: error: query failed: a SERVICE call was stopped")
        assert listener.seen == []
    finally:
        listener.close()


def test_a_persistent_store_answers_every_form(srbgraph, shipped, tmp_path):
    store = tmp_path / "store"
    ask = srbgraph("query", "-", "--store", store, input=ASK_TRUE)
    assert ask.code == 0 and ask.out == "ja\n", ask
    run = srbgraph("query", "-", "--store", store, "-f", "nt", input=LABELS)
    assert run.code == 0, run
    assert set(parsed(run.out, "nt")) == measure_labels(shipped)
    described = srbgraph("query", "-", "--store", store, input=DESCRIBE)
    assert (ENTITY, RDFS.label, RdfLiteral("Fachkräftemangel", lang="de")) in parsed(described.out, "turtle")


def test_an_endpoint_answers_every_form(srbgraph, shipped, oxigraph_server):
    endpoint = f"{oxigraph_server}/query"
    assert srbgraph("query", "-", "--endpoint", endpoint, input=ASK_TRUE).out == "ja\n"
    assert srbgraph("query", "-", "--endpoint", endpoint, "-f", "json", input=ASK_FALSE).out == \
        '{"head":{},"boolean":false}\n'
    run = srbgraph("query", "-", "--endpoint", endpoint, "-f", "rdfxml", input=LABELS)
    assert run.code == 0, run
    assert set(parsed(run.out, "xml")) == measure_labels(shipped)
    described = srbgraph("query", "-", "--endpoint", endpoint, input=DESCRIBE)
    assert set(shipped.triples((ENTITY, None, None))) <= set(parsed(described.out, "turtle"))
    rows = srbgraph("query", "obstacles-ranked", "--endpoint", endpoint, "-f", "json")
    assert rows.code == 0 and len(json.loads(rows.out)) >= 15  # SELECT still rows


class _TurtleOnly(BaseHTTPRequestHandler):
    """A SPARQL server that answers every query with one graph in Turtle (and notes the Accept);
    *media* and *body* set otherwise, with that."""

    seen: ClassVar[list] = []
    media = "text/turtle; charset=utf-8"
    body = (f"@prefix srbr: <{SRBR}> .\n@prefix rdfs: <{RDFS}> .\n"
            "srbr:x rdfs:label \"x\\tmit Tab\"@de .\n").encode()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append(self.headers.get("Accept"))
        body = self.body
        self.send_response(200)
        self.send_header("Content-Type", self.media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def answer_of(handler, query: str):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        return EndpointStore(f"http://127.0.0.1:{server.server_address[1]}/sparql").answer(query)
    finally:
        server.shutdown()
        server.server_close()


def test_an_endpoint_is_asked_with_an_accept_that_fits_every_form_and_turtle_is_read():
    answer = answer_of(_TurtleOnly, DESCRIBE)
    accept = _TurtleOnly.seen[-1]
    assert accept.startswith("application/sparql-results+json")
    assert "application/n-triples" in accept and "text/turtle" in accept
    assert isinstance(answer, Triples)
    assert set(Graph().parse(data=answer.ntriples, format="nt")) == {
        (URIRef(SRBR + "x"), RDFS.label, RdfLiteral("x\tmit Tab", lang="de"))}


def test_an_endpoint_answer_that_is_no_result_is_one_line():
    class JsonLd(_TurtleOnly):
        media, body = "application/ld+json", b'[{"@id": "http://example.org/x"}]'

    class BadTurtle(_TurtleOnly):
        body = b"srbr:x rdfs:label"

    with pytest.raises(QueryError, match=r"answered in application/ld\+json, neither SPARQL JSON results nor "):
        answer_of(JsonLd, DESCRIBE)
    with pytest.raises(QueryError, match=r"sent a graph that is not valid Turtle: "):
        answer_of(BadTurtle, DESCRIBE)


# --------------------------------------------------------------------------------------------
# the library: Store.answer on both engines
# --------------------------------------------------------------------------------------------
def test_store_answer_gives_the_same_on_both_engines(shipped):
    on_rdflib = RdflibStore(shipped)
    with open_store() as on_oxigraph:
        for store in (on_rdflib, on_oxigraph):
            assert store.answer(ASK_TRUE) is True and store.answer(ASK_FALSE) is False
            graph = store.answer(LABELS)
            assert isinstance(graph, Triples) and len(graph) == len(measure_labels(shipped))
            assert set(Graph().parse(data=graph.ntriples, format="nt")) == measure_labels(shipped)
            rows = store.answer(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?m a <{SRB}Measure> }}")
            assert isinstance(rows, Results) and rows.rows[0][0].value() > 20
