"""`srbgraph serve` as the SPARQL clients in the field use it (issue #26): datasets per request,
RDF/XML, the base IRI and plain syntax errors, character sets, the row cap as clients show it,
`/sparql/`.

Each test talks to a real `srbgraph serve` process (127.0.0.1, a free port) — with SPARQLWrapper,
rdflib's SPARQLStore, or plain HTTP where the bytes on the wire matter."""
from __future__ import annotations

import json
import urllib.parse
from http.client import HTTPConnection

import pytest
import rdflib
from SPARQLWrapper import JSON, SPARQLWrapper
from test_serve_hardening import start, stop

SRBR = "https://w3id.org/srbgraph/resource/"
ENTITY = "obstacle-haltung-der-akteure"
G1, G2, G3 = "http://example.org/g1", "http://example.org/g2", "http://example.org/g3"


def write_store(folder):
    """An Oxigraph store folder: a triple in the default graph and one in each of three named graphs."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    p = ox.NamedNode("http://example.org/p")
    store.add(ox.Quad(ox.NamedNode("http://example.org/d"), p, ox.Literal("default")))
    for number, graph in enumerate((G1, G2, G3), 1):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{number}"), p, ox.Literal(f"in {number}"),
                          ox.NamedNode(graph)))
    store.flush()
    del store


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped graph, with a small row cap."""
    served = start(tmp_path_factory.mktemp("protocol-shipped"), "--max-rows", "50")
    yield served
    stop(served)


@pytest.fixture(scope="module")
def quads(tmp_path_factory):
    """A store folder with named graphs, served with --store."""
    folder = tmp_path_factory.mktemp("protocol-store")
    write_store(folder / "store")
    served = start(folder, "--store", str(folder / "store"))
    yield served
    stop(served)


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    """(status, content type, body text) of one request; errors are answers too."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def get(served, query: str, **params) -> tuple[int, str, str]:
    pairs = [("query", query)] + [(name.replace("_", "-"), value) for name, values in params.items()
                                  for value in ([values] if isinstance(values, str) else values)]
    return http(served.sparql + "?" + urllib.parse.urlencode(pairs), headers={"Accept": "application/sparql-results+json"})


def values(body: str, name: str = "o") -> list[str]:
    return sorted(row[name]["value"] for row in json.loads(body)["results"]["bindings"])


def raw(served, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """(status, reason phrase, headers, body) of one request sent as given (no header added)."""
    connection = HTTPConnection("127.0.0.1", served.port, timeout=60)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.reason, response.msg, response.read()  # headers: any case
    finally:
        connection.close()


# -- datasets per request --------------------------------------------------------------------------
def test_default_graph_uri_repeated_merges_the_graphs_into_the_default_graph(quads):
    query = "SELECT ?o WHERE { ?s <http://example.org/p> ?o }"
    assert values(get(quads, query)[2]) == ["default"]
    assert values(get(quads, query, default_graph_uri=[G1, G2])[2]) == ["in 1", "in 2"]
    form = urllib.parse.urlencode([("query", query), ("default-graph-uri", G1), ("default-graph-uri", G3)]).encode()
    status, _kind, body = http(quads.sparql, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                     "Accept": "application/sparql-results+json"})
    assert status == 200 and values(body) == ["in 1", "in 3"]


def test_named_graph_uri_limits_the_named_graphs_and_overrides_from(quads):
    query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert values(get(quads, query)[2], "g") == [G1, G2, G3]
    assert values(get(quads, query, named_graph_uri=[G1, G3])[2], "g") == [G1, G3]
    # the protocol's dataset replaces the query's own: FROM NAMED g2 is not used
    status, _kind, body = get(quads, f"SELECT ?g FROM NAMED <{G2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                              named_graph_uri=G1)
    assert status == 200 and values(body, "g") == [G1]
    # FROM and FROM NAMED alone are honoured
    body = get(quads, f"SELECT ?o FROM <{G2}> FROM <{G3}> WHERE {{ ?s ?p ?o }}")[2]
    assert values(body) == ["in 2", "in 3"]


def test_sparqlwrapper_add_default_graph_and_rdflib_graph_identifier(quads):
    sparql = SPARQLWrapper(quads.sparql)
    sparql.addDefaultGraph(G2)
    sparql.setQuery("SELECT ?o WHERE { ?s ?p ?o }")
    sparql.setReturnFormat(JSON)
    assert [row["o"]["value"] for row in sparql.queryAndConvert()["results"]["bindings"]] == ["in 2"]
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(SPARQLStore(quads.sparql), identifier=rdflib.URIRef(G3))
    assert [str(o) for o in graph.objects(None, rdflib.URIRef("http://example.org/p"))] == ["in 3"]


def test_dataset_iris_read_no_file_and_bad_ones_are_400(quads, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<http://example.org/x> <http://example.org/p> "secret" .\n')
    status, _kind, body = get(quads, "SELECT ?o WHERE { ?s ?p ?o }", default_graph_uri=secret.as_uri())
    assert status == 200 and values(body) == []
    status, _kind, body = get(quads, f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}")
    assert status == 200 and values(body) == []
    status, _kind, body = get(quads, "ASK {}", default_graph_uri="not an iri")
    assert status == 400 and "default-graph-uri must be an absolute IRI" in body


def test_the_embedded_store_takes_a_dataset_too(shipped):
    query = "ASK { ?s ?p ?o }"
    assert json.loads(get(shipped, query)[2])["boolean"] is True
    assert json.loads(get(shipped, query, default_graph_uri="http://example.org/none")[2])["boolean"] is False


def test_service_description_lists_the_named_graphs(quads):
    status, _kind, body = http(quads.sparql, headers={"Accept": "text/turtle"})
    assert status == 200
    graph = rdflib.Graph().parse(data=body, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    names = sorted(str(graph.value(node, SD.name)) for node in graph.objects(None, SD.namedGraph))
    assert names == [G1, G2, G3]
    assert (None, SD.resultFormat, rdflib.URIRef("http://www.w3.org/ns/formats/RDF_XML")) in graph


# -- RDF/XML ---------------------------------------------------------------------------------------
CONSTRUCT = f"CONSTRUCT {{ <{SRBR}{ENTITY}> ?p ?o }} WHERE {{ <{SRBR}{ENTITY}> ?p ?o }}"


def test_construct_with_the_defaults_of_sparqlwrapper_and_rdflib(shipped):
    sparql = SPARQLWrapper(shipped.sparql)  # its default return format for CONSTRUCT: RDF/XML
    sparql.setQuery(CONSTRUCT)
    result = sparql.query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    graph = result.convert()
    assert len(graph) > 3 and (rdflib.URIRef(SRBR + ENTITY), None, None) in graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    answer = rdflib.Graph(SPARQLStore(shipped.sparql)).query(CONSTRUCT)
    assert len(answer.graph) == len(graph)


def test_rdf_xml_by_accept_and_format_on_resources_and_results(shipped):
    status, kind, body = http(shipped.url + "resource/" + ENTITY, headers={"Accept": "application/rdf+xml"})
    assert status == 200 and kind.startswith("application/rdf+xml")
    assert (rdflib.URIRef(SRBR + ENTITY), None, None) in rdflib.Graph().parse(data=body, format="xml")
    status, kind, body = http(shipped.url + "resource/" + ENTITY + "?format=rdfxml")
    assert status == 200 and kind.startswith("application/rdf+xml")
    status, kind, _body = http(shipped.sparql + "?format=rdfxml")  # the Service Description
    assert status == 200 and kind.startswith("application/rdf+xml")
    status, kind, body = http(shipped.sparql + "?" + urllib.parse.urlencode({"query": CONSTRUCT, "format": "xml"}))
    assert status == 200 and kind.startswith("application/rdf+xml")
    rdflib.Graph().parse(data=body, format="xml")


def test_unknown_format_is_a_clear_400(shipped):
    for url in (shipped.url + "resource/" + ENTITY + "?format=yaml",
                shipped.sparql + "?" + urllib.parse.urlencode({"query": "ASK {}", "format": "yaml"})):
        status, kind, body = http(url)
        assert status == 400 and kind.startswith("text/plain"), (url, status, kind)
        assert "unknown format='yaml'" in body and "ttl" in body


def test_a_property_rdf_xml_cannot_write_is_406_not_broken_xml(shipped):
    query = "CONSTRUCT { <http://example.org/s> <http://example.org/p/1> 1 } WHERE {}"
    status, _kind, body = http(shipped.sparql + "?" + urllib.parse.urlencode({"query": query}),
                               headers={"Accept": "application/rdf+xml"})
    assert status == 406 and "cannot be written as RDF/XML" in body and "Turtle" in body


# -- base IRI and syntax errors --------------------------------------------------------------------
def test_relative_iris_resolve_against_the_endpoint(shipped):
    status, _kind, body = http(shipped.sparql + "?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}), headers={"Accept": "application/n-triples"})
    assert status == 200 and body.startswith(f"<{shipped.url}s> <{shipped.url}p> "), body
    status, _kind, body = http(shipped.url + "sparql/?" + urllib.parse.urlencode(
        {"query": "SELECT (<x> AS ?x) {}"}), headers={"Accept": "application/sparql-results+json"})
    assert values(body, "x") == [shipped.url + "x"]  # /sparql/ is /sparql: one endpoint IRI


def test_a_syntax_error_says_where_and_what_was_expected_in_words(shipped):
    status, _kind, body = get(shipped, "SELECT ?s\nWHERE { ?s ?p")
    assert status == 400
    assert body.startswith("SPARQL syntax error at line 2, column 14: expected "), body
    assert "a variable" in body and "an IRI" in body and "a string" in body and "(found the end of the query)" in body
    assert "'$'" not in body and "[_]" not in body and "..=" not in body


# -- character sets --------------------------------------------------------------------------------
def test_a_body_is_read_in_its_declared_charset(shipped):
    query = 'SELECT (STR("Maßnahme") AS ?x) {}'
    for kind, body in (("application/sparql-query; charset=ISO-8859-1", query.encode("latin-1")),
                       ("application/x-www-form-urlencoded; charset=iso-8859-1",
                        urllib.parse.urlencode({"query": query}, encoding="latin-1").encode("ascii")),
                       ("application/sparql-query", query.encode("utf-8"))):
        status, _kind, answer = http(shipped.sparql, body, {"Content-Type": kind,
                                                            "Accept": "application/sparql-results+json"})
        assert status == 200 and values(answer, "x") == ["Maßnahme"], (kind, answer)


def test_an_undecodable_body_is_a_clear_400(shipped):
    status, _reason, _headers, body = raw(shipped, "POST", "/sparql", 'ASK { ?s ?p "Maßnahme" }'.encode("latin-1"),
                                          {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"not UTF-8" in body and b"charset" in body
    status, _reason, _headers, body = raw(shipped, "POST", "/sparql", b"ASK {}",
                                          {"Content-Type": "application/sparql-query; charset=klingon"})
    assert status == 415 and b"unknown charset 'klingon'" in body


# -- the row cap -----------------------------------------------------------------------------------
TOO_MANY = "SELECT * WHERE { ?s ?p ?o }"


def test_over_the_row_cap_the_status_line_names_the_result(shipped):
    status, reason, _headers, body = raw(shipped, "GET", "/sparql?" + urllib.parse.urlencode({"query": TOO_MANY}))
    assert status == 422 and reason == "Result Too Large: over 50 rows (srbgraph serve --max-rows)"
    assert b"more than 50 rows" in body and b"--max-rows" in body


def test_sparqlwrapper_and_rdflib_users_see_why(shipped):
    sparql = SPARQLWrapper(shipped.sparql)
    sparql.setQuery(TOO_MANY)
    sparql.setReturnFormat(JSON)
    with pytest.raises(Exception) as raised:
        sparql.query()
    assert "Result Too Large: over 50 rows (srbgraph serve --max-rows)" in str(raised.value)
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    with pytest.raises(Exception) as raised:
        list(rdflib.Graph(SPARQLStore(shipped.sparql)).query(TOO_MANY))
    shown = str(raised.value) + str(raised.value.__context__)  # what the traceback prints
    assert "Result Too Large: over 50 rows" in shown


def test_sparql_with_a_slash_answers_as_sparql(shipped):
    assert http(shipped.url + "sparql/", headers={"Accept": "text/turtle"})[0] == 200
    status, _kind, body = http(shipped.url + "sparql/?" + urllib.parse.urlencode({"query": "ASK {}"}),
                               headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True


# -- CORS on request -------------------------------------------------------------------------------
NOTEBOOK = "https://notebook.example.org"


@pytest.fixture(scope="module")
def with_cors(tmp_path_factory):
    served = start(tmp_path_factory.mktemp("protocol-cors"), "--cors", NOTEBOOK, "--cors", "http://localhost:9999")
    yield served
    stop(served)


def test_without_cors_another_origin_is_refused_and_preflight_too(shipped):
    status, _reason, headers, body = raw(shipped, "OPTIONS", "/sparql", headers={
        "Origin": NOTEBOOK, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert status == 403 and b"--cors" in body and "Access-Control-Allow-Origin" not in headers
    status, _reason, headers, _body = raw(shipped, "GET", "/sparql?query=ASK%7B%7D", headers={"Origin": NOTEBOOK})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_cors_answers_preflight_and_the_query_of_an_allowed_origin(with_cors):
    status, _reason, headers, _body = raw(with_cors, "OPTIONS", "/sparql", headers={
        "Origin": NOTEBOOK, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == NOTEBOOK
    assert "POST" in headers["Access-Control-Allow-Methods"] and "Content-Type" in headers["Access-Control-Allow-Headers"]
    status, _reason, headers, body = raw(with_cors, "POST", "/sparql", b"ASK {}", {
        "Origin": NOTEBOOK, "Sec-Fetch-Site": "cross-site", "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body)["boolean"] is True
    assert headers["Access-Control-Allow-Origin"] == NOTEBOOK and "Origin" in headers["Vary"]
    # an origin not named is still refused, and gets no CORS header
    status, _reason, headers, _body = raw(with_cors, "GET", "/sparql?query=ASK%7B%7D",
                                          headers={"Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_cors_star_allows_every_origin(tmp_path):
    served = start(tmp_path, "--cors", "*")
    try:
        status, _reason, headers, _body = raw(served, "GET", "/sparql?query=ASK%7B%7D",
                                              headers={"Origin": "https://anywhere.example"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    finally:
        stop(served)


def test_cors_refuses_what_is_not_an_origin(srbgraph):
    run = srbgraph("serve", "--port", "0", "--cors", "https://example.org/path")
    assert run.code != 0 and "is not an origin" in run.err


# -- ETag and gzip ---------------------------------------------------------------------------------
def test_etag_and_304_on_results_pages_and_descriptions(shipped):
    for path, accept in (("/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"}),
                          "application/sparql-results+json"),
                         ("/resource/" + ENTITY, "text/html"), ("/resource/" + ENTITY, "text/turtle"),
                         ("/sparql", "text/turtle"), ("/api/terms", "*/*")):
        status, _reason, headers, body = raw(shipped, "GET", path, headers={"Accept": accept})
        assert status == 200 and headers["ETag"].startswith('"') and headers["Cache-Control"] == "no-cache", path
        status, _reason, again, body = raw(shipped, "GET", path, headers={"Accept": accept,
                                                                           "If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"" and again["ETag"] == headers["ETag"], path
        status, *_ = raw(shipped, "GET", path, headers={"Accept": accept, "If-None-Match": '"other"'})
        assert status == 200, path
    turtle = raw(shipped, "GET", "/resource/" + ENTITY, headers={"Accept": "text/turtle"})[2]["ETag"]
    html = raw(shipped, "GET", "/resource/" + ENTITY, headers={"Accept": "text/html"})[2]["ETag"]
    assert turtle != html  # one tag per representation


def test_gzip_when_accepted(shipped):
    import gzip

    plain = raw(shipped, "GET", "/graph")
    packed = raw(shipped, "GET", "/graph", headers={"Accept-Encoding": "gzip, deflate"})
    assert plain[0] == packed[0] == 200 and "Content-Encoding" not in plain[2]
    assert packed[2]["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed[2]["Vary"]
    assert gzip.decompress(packed[3]) == plain[3] and len(packed[3]) < len(plain[3]) / 3
    assert packed[2]["ETag"] != plain[2]["ETag"]
    query = "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 40"})
    answer = raw(shipped, "GET", query, headers={"Accept-Encoding": "gzip", "Accept": "application/sparql-results+json"})
    assert answer[2]["Content-Encoding"] == "gzip" and len(json.loads(gzip.decompress(answer[3]))["results"]["bindings"]) == 40
    refused = raw(shipped, "GET", "/graph", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused[2]


# -- named graphs from files -----------------------------------------------------------------------
def test_graph_takes_n_quads_and_trig_more_than_once(tmp_path):
    (tmp_path / "a.nq").write_text(f'<http://example.org/s1> <http://example.org/p> "in 1" <{G1}> .\n'
                                   '<http://example.org/d> <http://example.org/p> "default" .\n')
    (tmp_path / "b.trig").write_text(f'<{G2}> {{ <http://example.org/s2> <http://example.org/p> "in 2" . }}\n')
    (tmp_path / "c.ttl").write_text('<http://example.org/c> <http://example.org/p> "turtle" .\n')
    served = start(tmp_path, "--graph", str(tmp_path / "a.nq"), "--graph", str(tmp_path / "b.trig"),
                   "--graph", str(tmp_path / "c.ttl"))
    try:
        query = "SELECT ?o WHERE { ?s <http://example.org/p> ?o }"
        assert values(get(served, query)[2]) == ["default", "turtle"]
        assert values(get(served, "SELECT ?g WHERE { GRAPH ?g {} }")[2], "g") == [G1, G2]
        assert values(get(served, query, default_graph_uri=G2)[2]) == ["in 2"]
        body = http(served.sparql, headers={"Accept": "text/turtle"})[2]
        SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
        graph = rdflib.Graph().parse(data=body, format="turtle")
        assert sorted(str(graph.value(n, SD.name)) for n in graph.objects(None, SD.namedGraph)) == [G1, G2]
    finally:
        stop(served)


def test_named_graph_files_need_the_oxigraph_engine(srbgraph, tmp_path):
    (tmp_path / "a.nq").write_text(f'<http://example.org/s1> <http://example.org/p> "in 1" <{G1}> .\n')
    run = srbgraph("stats", "--graph", tmp_path / "a.nq", "--engine", "rdflib")
    assert run.code != 0 and "holds named graphs: read it with --engine oxigraph" in run.err
