"""Helpers for tests of SSRF: an HTTP listener on loopback that records what reaches it, and every
spelling of a SERVICE call to it."""
from __future__ import annotations

import http.server
import json
import threading


class Listener:
    """An HTTP server on loopback that records every request and answers as a SPARQL endpoint
    with one empty solution."""

    def __init__(self):
        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                seen.append((self.command, self.path, self.rfile.read(length) if length else b""))
                body = json.dumps({"head": {"vars": []}, "results": {"bindings": [{}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def service_variants(port: int) -> dict[str, str]:
    """Every spelling of a SERVICE call to the loopback listener the issue names, and more."""
    url = f"http://127.0.0.1:{port}/sparql"
    body = "{ ?s ?p ?o }"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {body} }}",
        "lower case": f"select * where {{ service <{url}> {body} }}",
        "mixed case, SILENT": f"SELECT * WHERE {{ SeRvIcE sIlEnT <{url}> {body} }}",
        "comment between": f"SELECT * WHERE {{ SERVICE # a comment\n  <{url}> {body} }}",
        "prefixed name": f"PREFIX l: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE l:sparql {body} }}",
        "empty prefix": f"PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE :sparql {body} }}",
        "escaped local name": f"PREFIX l: <http://127.0.0.1:{port}> SELECT * WHERE {{ SERVICE l:\\/sparql {body} }}",
        "BASE and relative IRI": f"BASE <http://127.0.0.1:{port}/a/b> SELECT * WHERE {{ SERVICE <../sparql> {body} }}",
        "BASE and relative PREFIX": (f"BASE <http://127.0.0.1:{port}/x/> PREFIX l: <../> "
                                     f"SELECT * WHERE {{ SERVICE l:sparql {body} }}"),
        "decimal IP": f"SELECT * WHERE {{ SERVICE <http://2130706433:{port}/sparql> {body} }}",
        "\\u escape in the IRI": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1\\u003a{port}/sparql> {body} }}",
        "\\u escape in the keyword": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {body} }}",
        "\\U escape in the keyword": f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {body} }}",
        "escaped quotes around it": (f'SELECT * WHERE {{ BIND("\\u0022" AS ?a) SERVICE <{url}> {body} '
                                     f'BIND("\\u0022" AS ?b) }}'),
        "variable": f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {body} }}",
        "inside a sub-select": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {body} }} }} }}",
        "inside OPTIONAL": f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {body} }} }}",
    }
