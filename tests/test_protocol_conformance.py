"""The W3C SPARQL 1.1 Protocol test suite, replayed against a real `srbgraph serve`.

`../shared/conformance/sparql11-protocol/manifest.ttl` (a verbatim copy of the W3C suite, with its
licence) is read with rdflib. Its dataset — each `ut:graphData` file loaded into the named graph its
label names — is served by `srbgraph serve` twice: from an Oxigraph store folder (`--store`) and
from an N-Quads file (`--graph`, the embedded store). Every request
of every test is sent as the manifest writes it: method, path (`/sparql/…`, as written), headers, and
the body encoded in its stated character encoding — over a plain socket connection, so no client
library adds a Content-Type of its own. Only the authority is ours (the manifest's `www.example` is
not this server). The answer's status class, result format (boolean, tabular, RDF) and boolean are
checked.

`update_*` tests: srbgraph serve is read-only, so their first request (a SPARQL UPDATE) must be
refused as a read-only endpoint refuses (403, saying so) — their later requests check the update's
effect and are not sent. `bad_update_*` tests expect a 4xx and are checked as written.

Skipped only where ../shared is absent, and never under SRBGRAPH_REQUIRE_SOURCE=1 (CI).
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from http.client import HTTPConnection
from pathlib import Path

import pytest
from conftest import SHARED, shared_file
from test_serve_hardening import start, stop

SUITE = SHARED / "conformance" / "sparql11-protocol"
MANIFEST = SUITE / "manifest.ttl"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
#: the namespace of the manifest's tests (its `:` prefix)
TESTS = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

RESULT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
             "application/rdf+xml": "xml"}


def _manifest():
    import rdflib

    graph = rdflib.Graph()
    graph.parse(MANIFEST, format="turtle")
    return graph


def _names() -> list[str]:
    """The tests of the manifest, in its order (none when ../shared is absent: one test says so)."""
    if not MANIFEST.is_file():
        return ["manifest-absent"]
    import rdflib

    graph = _manifest()
    entries = graph.value(rdflib.URIRef(MANIFEST.as_uri()), rdflib.URIRef(MF + "entries"))
    return [str(node).rsplit("#", 1)[1] for node in rdflib.collection.Collection(graph, entries)]


def _test(graph, name: str) -> dict:
    """One test as plain data: its graph data and its requests."""
    import rdflib
    from rdflib.collection import Collection

    U = rdflib.URIRef
    node = U(TESTS + name)
    data = [(Path(graph.value(d, U(UT + "graph"))), str(graph.value(d, U(RDFS_LABEL))))
            for d in graph.objects(node, U(UT + "graphData"))]
    action = graph.value(node, U(MF + "action"))
    requests = []
    for request in Collection(graph, graph.value(action, U(HT + "requests"))):
        headers = {}
        listed = graph.value(request, U(HT + "headers"))
        for header in Collection(graph, listed) if listed is not None else ():
            headers[str(graph.value(header, U(HT + "fieldName")))] = str(graph.value(header, U(HT + "fieldValue")))
        body = graph.value(request, U(HT + "body"))
        encoded = None
        if body is not None:
            encoding = str(graph.value(body, U(CNT + "characterEncoding")) or "UTF-8")
            encoded = str(graph.value(body, U(CNT + "chars"))).encode(encoding)
        response = graph.value(request, U(HT + "resp"))
        expected_boolean = graph.value(response, U(MF + "expectedBoolean"))
        requests.append({
            "method": str(graph.value(request, U(HT + "methodName"))),
            "path": str(graph.value(request, U(HT + "absolutePath"))),
            "headers": headers, "body": encoded,
            "status": sorted(int(str(s)[len(HTS)]) for s in graph.objects(response, U(MF + "expectedStatus"))),
            "format": str(graph.value(response, U(MF + "expectedFormat")) or "") or None,
            "boolean": None if expected_boolean is None else expected_boolean.toPython(),
        })
    return {"data": data, "requests": requests}


@pytest.fixture(scope="module", params=["store", "nquads"])
def suite_server(request, tmp_path_factory):
    """`srbgraph serve` over the suite's dataset — every data file in the named graph its label
    names (the union of all tests' graph data: the same file has the same name everywhere) — from
    an Oxigraph store folder (``--store``) and from an N-Quads file (``--graph``, embedded store)."""
    shared_file(MANIFEST, "the W3C SPARQL 1.1 Protocol suite")
    import pyoxigraph as ox

    graph = _manifest()
    folder = tmp_path_factory.mktemp("protocol")
    named = {label: path for name in _names() for path, label in _test(graph, name)["data"]}
    dataset = ox.Dataset()
    for label, path in named.items():
        for triple in ox.parse(path=str(SUITE / path.name), format=ox.RdfFormat.N_TRIPLES):
            dataset.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(label)))
    if request.param == "store":
        store = ox.Store(str(folder / "store"))
        store.extend(dataset)
        store.flush()
        del store
        served = start(folder, "--store", str(folder / "store"))
    else:
        (folder / "suite.nq").write_bytes(ox.serialize(dataset, format=ox.RdfFormat.N_QUADS))
        served = start(folder, "--graph", str(folder / "suite.nq"))
    yield served, graph
    stop(served)


def send(port: int, request: dict):
    """(status, media type, body bytes) of *request*, sent as written (only the authority is ours)."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.putrequest(request["method"], request["path"], skip_accept_encoding=True)
        for name, value in request["headers"].items():
            connection.putheader(name, value)
        body = request["body"]
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return response.status, kind, response.read()
    finally:
        connection.close()


def boolean_of(kind: str, body: bytes) -> bool:
    if RESULT_TYPES.get(kind) == "json":
        return json.loads(body)["boolean"]
    assert RESULT_TYPES.get(kind) == "xml", f"a boolean answered as {kind}"
    found = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return found.text.strip() == "true"


def check_answer(expected: dict, status: int, kind: str, body: bytes) -> None:
    text = body[:300].decode("utf-8", "replace")
    assert status // 100 in expected["status"], f"status {status} (expected {expected['status']}xx): {text}"
    if expected["format"] == "boolean":
        assert RESULT_TYPES.get(kind) in ("json", "xml"), f"a boolean answered as {kind}"
        if expected["boolean"] is not None:
            assert boolean_of(kind, body) is expected["boolean"], text
    elif expected["format"] == "tabular":
        assert kind in RESULT_TYPES, f"solutions answered as {kind}"
        if RESULT_TYPES[kind] == "json":
            assert "bindings" in json.loads(body)["results"]
    elif expected["format"] == "RDF":
        import rdflib

        assert kind in RDF_TYPES, f"a graph answered as {kind}"
        rdflib.Graph().parse(data=body, format=RDF_TYPES[kind])


@pytest.mark.parametrize("name", _names())
def test_w3c_protocol_suite(suite_server, name):
    served, graph = suite_server
    test = _test(graph, name)
    first = test["requests"][0]
    if name.startswith("update_"):
        status, _kind, body = send(served.port, first)
        assert status == 403 and b"read-only" in body, f"an update answered {status}: {body[:300]!r}"
        return  # the later requests check what the update changed: nothing, on a read-only endpoint
    for request in test["requests"]:
        check_answer(request, *send(served.port, request))
