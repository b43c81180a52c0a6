"""`srbgraph push`: the built graph into a real triple store (a fresh `oxigraph serve`, read-write, on
loopback) through the SPARQL 1.1 Graph Store Protocol; then the store answers as the embedded one."""
from __future__ import annotations

import json

import pytest
from conftest import free_port, running_oxigraph

CURATED = "https://w3id.org/srbgraph/graph/curated"


@pytest.fixture(scope="module")
def writable_store(tmp_path_factory):
    """Its own `oxigraph serve` (not the shared session server): empty, read-write, and with the union
    of all graphs as default graph, so srbgraph's queries see the pushed named graph."""
    folder = tmp_path_factory.mktemp("push-store")
    with running_oxigraph(folder / "db", "--union-default-graph") as base:
        yield base


def count(base: str, graph: str) -> int:
    from srbgraph.stores.endpoint import EndpointStore

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(EndpointStore(base + "/query").select(query).rows[0][0])


def test_push_then_query_the_store_gives_the_embedded_paths(writable_store, srbgraph):
    from srbgraph.build_cache import ensure_built

    pushed = srbgraph("push", "--endpoint", writable_store + "/store")
    assert pushed.code == 0, pushed
    triples = sum(1 for line in ensure_built().read_bytes().splitlines() if line.strip())
    assert pushed.err.strip().endswith(")")
    assert f"pushed {triples:,} triples into graph <{CURATED}> at {writable_store}/store?graph=" in pushed.err
    assert count(writable_store, CURATED) == triples

    embedded = srbgraph("paths", "--format", "json")
    remote = srbgraph("paths", "--format", "json", "--endpoint", writable_store + "/query")
    assert embedded.code == remote.code == 0, remote
    assert json.loads(remote.out) == json.loads(embedded.out)
    assert len(json.loads(embedded.out)) > 10

    # pushing again replaces the graph: nothing doubles
    again = srbgraph("push", "--endpoint", writable_store + "/store")
    assert again.code == 0, again
    assert count(writable_store, CURATED) == triples


def test_push_into_another_named_graph_leaves_the_first(writable_store, srbgraph):
    other = "https://example.org/srb/other"
    pushed = srbgraph("push", "--endpoint", writable_store + "/store", "--named-graph", other)
    assert pushed.code == 0, pushed
    assert count(writable_store, other) == count(writable_store, CURATED) > 1000


def test_push_errors_are_one_line(writable_store, srbgraph):
    wrong_path = srbgraph("push", "--endpoint", writable_store + "/query")  # the query address refuses PUT
    assert wrong_path.code == 1
    error = wrong_path.err.splitlines()[-1]  # (a line before it may say that the graph is being built)
    assert error.startswith(f"srbgraph: error: {writable_store}/query?graph=")
    assert "Graph Store address" in error and wrong_path.err.count("srbgraph: error") == 1

    nobody = srbgraph("push", "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert nobody.code == 1
    assert nobody.err.splitlines()[-1].startswith("srbgraph: error: cannot reach http://127.0.0.1:")

    not_url = srbgraph("push", "--endpoint", "localhost:7878/store")
    assert not_url.code == 1 and "must be an http(s) URL" in not_url.err

    bad_graph = srbgraph("push", "--endpoint", writable_store + "/store", "--named-graph", "not an iri")
    assert bad_graph.code == 1 and "not a valid IRI" in bad_graph.err


def test_credentials_in_the_url_are_taken_out_of_it():
    from srbgraph.stores.push import target_url

    url, shown, credentials = target_url("http://dba:s3cr%40t@127.0.0.1:8890/sparql-graph-crud-auth", CURATED)
    assert "s3cr" not in url and "s3cr" not in shown
    assert url == "http://127.0.0.1:8890/sparql-graph-crud-auth?graph=https%3A%2F%2Fw3id.org%2Fsrbgraph%2Fgraph%2Fcurated"
    assert credentials == ("dba", "s3cr@t")
    assert target_url("http://h/store", None)[0] == "http://h/store?default"
    assert target_url("http://h/store", None)[2] is None


@pytest.fixture
def basic_auth_store():
    """A minimal Graph Store stand-in on loopback that wants HTTP Basic auth (user srb, password
    geheim) for HEAD and PUT, and records what reached it. (Digest: tests/test_push_virtuoso.py.)"""
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []
    good = "Basic " + base64.b64encode(b"srb:geheim").decode()

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            authorized = self.headers.get("Authorization") == good
            seen.append((self.command, authorized, len(body)))
            self.send_response(204 if authorized and self.command == "PUT" else 200 if authorized else 401)
            if not authorized:
                self.send_header("WWW-Authenticate", 'Basic realm="srb"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_PUT = answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_push_answers_a_basic_challenge_before_sending_the_graph(basic_auth_store, srbgraph):
    where, seen = basic_auth_store
    pushed = srbgraph("push", "--endpoint", f"http://srb:geheim@{where}/store")
    assert pushed.code == 0, pushed
    assert "geheim" not in pushed.err and "(HTTP 204," in pushed.err
    # HEAD without credentials (the challenge), HEAD with them (the check), then the graph, once
    assert [(method, ok) for method, ok, _ in seen] == [("HEAD", False), ("HEAD", True), ("PUT", True)]
    assert seen[-1][2] > 1_000_000

    seen.clear()
    wrong = srbgraph("push", "--endpoint", f"http://srb:falsch@{where}/store")
    assert wrong.code == 1 and "falsch" not in wrong.err
    assert wrong.err.splitlines()[-1].endswith("answered 401 Unauthorized — wrong user or password?")
    assert [method for method, _, _ in seen] == ["HEAD", "HEAD"]  # the graph was not sent

    seen.clear()
    anonymous = srbgraph("push", "--endpoint", f"http://{where}/store")
    assert anonymous.code == 1
    assert anonymous.err.splitlines()[-1].endswith("the store wants a user and password: http://user:password@host/…")
