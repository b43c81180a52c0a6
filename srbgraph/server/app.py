"""``srbgraph serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the graph page.

Built on the standard library's :class:`http.server.ThreadingHTTPServer` (no web framework: the
protocol part is small, and the server must start as fast as the CLI).

* ``/sparql`` — SPARQL 1.1 Protocol: ``GET ?query=…``, ``POST`` form-encoded (``query=…``) or
  ``application/sparql-query``. SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/
  DESCRIBE as Turtle, JSON-LD or N-Triples, chosen by ``Accept`` (or ``?format=json|xml|csv|tsv|
  ttl|jsonld|nt``, when it names a format of the query's kind); JSON and Turtle when the client takes anything.
* ``/`` — a query editor (plain HTML and JavaScript, works offline) offering the named queries.
* ``/graph`` — the interactive graph of ``srbgraph viz``.

Read-only: SPARQL UPDATE (form field ``update``, ``application/sparql-update``) is answered
``403``, every write method (PUT, DELETE, PATCH; POST outside ``/sparql``, e.g. a Graph Store
``/store``) ``405``.

Limits. A query runs in a worker thread under a deadline (``timeout``). When the deadline passes,
the client gets ``503 Service Unavailable`` with "query exceeded the time limit of N s" and the
worker stops at the next solution it produces. pyoxigraph cannot interrupt a query that is still
computing its first solution (a COUNT or ORDER BY over a huge join): such a worker finishes in the
background, and the fixed number of workers (:data:`WORKERS`) bounds how many can. A result larger
than ``max_rows`` solutions (or triples) is refused with ``413`` — never cut silently. A malformed
query gets ``400`` with the parser's message (line and column).
"""
from __future__ import annotations

import csv
import io
import ipaddress
import json
import queue
import sys
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from ..errors import SrbError

WORKERS = 8
MAX_BODY = 1 << 20  # bytes of a POSTed query
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: result formats: key → (media type sent, media types accepted)
SOLUTION_FORMATS = {
    "json": ("application/sparql-results+json", ("application/sparql-results+json", "application/json",
                                                 "text/javascript", "application/javascript")),
    "xml": ("application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    "csv": ("text/csv", ("text/csv",)),
    "tsv": ("text/tab-separated-values", ("text/tab-separated-values",)),
}
GRAPH_FORMATS = {
    "ttl": ("text/turtle", ("text/turtle", "application/turtle", "application/x-turtle")),
    "jsonld": ("application/ld+json", ("application/ld+json", "application/x-json+ld", "application/json")),
    "nt": ("application/n-triples", ("application/n-triples", "text/plain")),
}

#: names the ``format`` parameter may give (clients such as SPARQLWrapper send it besides Accept)
FORMAT_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
                  "ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "nt": "nt",
                  "ntriples": "nt", "n-triples": "nt"}


class HttpError(Exception):
    """An answer other than 200: status and a one-line message for the client."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    headers: dict | None = None


# --------------------------------------------------------------------------------------------
# content negotiation
# --------------------------------------------------------------------------------------------
def negotiate(accept: str | None, formats: dict, wanted: str | None = None) -> str:
    """The key of *formats* the ``Accept`` header prefers (q-values honoured; the first format for
    ``*/*`` or no header); *wanted* (``?format=``) wins. Raises 406 when nothing fits."""
    wanted = FORMAT_ALIASES.get((wanted or "").lower())
    if wanted in formats:  # a name of another kind of result (json for a CONSTRUCT): Accept decides
        return wanted
    if not accept or not accept.strip():
        return next(iter(formats))
    offers = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for field in fields[1:]:
            if field.lower().startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            offers.append((-q, position, media))
    for _q, _position, media in sorted(offers):
        if media in ("*/*", "application/*", "text/*"):
            if media == "*/*":
                return next(iter(formats))
            family = media.split("/")[0]
            for key, (sent, _accepted) in formats.items():
                if sent.startswith(family + "/"):
                    return key
            continue
        for key, (_sent, accepted) in formats.items():
            if media in accepted:
                return key
    names = ", ".join(sent for sent, _ in formats.values())
    raise HttpError(406, f"cannot answer in any type of Accept: {accept} (offered: {names})")


# --------------------------------------------------------------------------------------------
# serialising solutions (written here, not by pyoxigraph, because the rows are counted and the
# deadline checked while they are read)
# --------------------------------------------------------------------------------------------
def _kind(term, ox) -> str:
    if isinstance(term, ox.NamedNode):
        return "uri"
    if isinstance(term, ox.BlankNode):
        return "bnode"
    if isinstance(term, ox.Literal):
        return "literal"
    return "triple"


def _json_term(term, ox) -> dict:
    kind = _kind(term, ox)
    if kind == "literal":
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            cell["datatype"] = term.datatype.value
        return cell
    if kind == "triple":
        return {"type": "literal", "value": str(term)}
    return {"type": kind, "value": term.value}


def _xml_term(term, ox) -> str:
    kind = _kind(term, ox)
    if kind == "literal":
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype is not None and term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    if kind == "triple":
        return f"<literal>{escape(str(term))}</literal>"
    return f"<{kind}>{escape(term.value)}</{kind}>"


def _tsv_term(term, ox) -> str:
    from ..terms import IRI, BNode, Literal

    kind = _kind(term, ox)
    if kind == "uri":
        return IRI(term.value).n3()
    if kind == "bnode":
        return BNode(term.value).n3()
    if kind == "literal":
        datatype = term.datatype.value if term.datatype is not None else None
        return Literal(term.value, term.language, None if datatype == RDF_LANGSTRING else datatype).n3()
    return str(term)


def serialize_solutions(variables: list[str], rows: list[list], fmt: str, ox) -> bytes:
    if fmt == "json":
        bindings = [{v: _json_term(t, ox) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
               "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>", "<results>"]
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t, ox)}</binding>"
                            for v, t in zip(variables, row) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else ("_:" + t.value if _kind(t, ox) == "bnode" else
                                                   getattr(t, "value", str(t))) for t in row])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else _tsv_term(t, ox) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(fmt)


def serialize_boolean(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode("utf-8")
    return f"{word}\n".encode("utf-8")


# --------------------------------------------------------------------------------------------
# running queries under limits
# --------------------------------------------------------------------------------------------
class _Cancelled(Exception):
    pass


class Workers:
    """A fixed set of daemon threads that run queries (daemon: a runaway query never keeps the
    process alive after the server stopped)."""

    def __init__(self, count: int = WORKERS):
        self.jobs: queue.Queue = queue.Queue()
        for n in range(count):
            threading.Thread(target=self._work, name=f"srbgraph-query-{n}", daemon=True).start()

    def _work(self):
        while True:
            func, future = self.jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(func())
            except BaseException as exc:  # handed to the waiting request
                future.set_exception(exc)

    def submit(self, func) -> Future:
        future: Future = Future()
        self.jobs.put((func, future))
        return future


class QueryService:
    """Runs SPARQL queries on an Oxigraph store with a time limit and a result size limit."""

    def __init__(self, store, *, timeout: float = 30.0, max_rows: int = 100_000, workers: int = WORKERS):
        import pyoxigraph

        self.ox = pyoxigraph
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.workers = Workers(workers)

    def _limit_text(self) -> str:
        return f"{self.timeout:g} s"

    def run(self, query: str, accept: str | None = None, fmt: str | None = None) -> Reply:
        cancel = threading.Event()
        deadline = time.monotonic() + self.timeout
        future = self.workers.submit(lambda: self._evaluate(query, accept, fmt, deadline, cancel))
        try:
            return future.result(timeout=max(deadline - time.monotonic(), 0))
        except (FutureTimeout, _Cancelled):  # over time here, or noticed by the worker
            cancel.set()
            future.cancel()  # still queued: never starts
            raise HttpError(503, f"query exceeded the time limit of {self._limit_text()} "
                                 "(srbgraph serve --timeout S raises it)") from None

    def _evaluate(self, query: str, accept, fmt, deadline: float, cancel: threading.Event) -> Reply:
        from ..errors import QueryError

        ox = self.ox
        if cancel.is_set():
            raise _Cancelled
        try:
            result = self.store.raw_query(query)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        limit = self.max_rows

        def bounded(items, what: str) -> list:
            """*items* as a list, stopped when the time is up or when there are more than *limit*."""
            taken = []
            for item in items:
                if cancel.is_set() or time.monotonic() > deadline:
                    raise _Cancelled
                if len(taken) >= limit:
                    raise HttpError(413, f"the result has more than {limit:,} {what}, the limit of this endpoint "
                                         "(add LIMIT to the query, or start srbgraph serve with --max-rows)")
                taken.append(item)
            return taken

        try:
            if isinstance(result, ox.QueryBoolean):
                key = negotiate(accept, SOLUTION_FORMATS, fmt)
                return Reply(200, SOLUTION_FORMATS[key][0], serialize_boolean(bool(result), key), 1)
            if isinstance(result, ox.QuerySolutions):
                key = negotiate(accept, SOLUTION_FORMATS, fmt)
                variables = [v.value for v in result.variables]
                rows = [list(solution) for solution in bounded(result, "rows")]
                return Reply(200, SOLUTION_FORMATS[key][0], serialize_solutions(variables, rows, key, ox), len(rows))
            key = negotiate(accept, GRAPH_FORMATS, fmt)
            triples = bounded(result, "triples")
            rdf_format = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                          "nt": ox.RdfFormat.N_TRIPLES}[key]
            body = ox.serialize(triples, format=rdf_format, prefixes=_prefixes() if key == "ttl" else None) or b""
            return Reply(200, GRAPH_FORMATS[key][0], body, len(triples))
        except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors while reading
            raise HttpError(500, f"query failed: {' '.join(str(exc).split())}") from None


def _prefixes() -> dict:
    from ..model.queries import PREFIXES

    return dict(PREFIXES)


# --------------------------------------------------------------------------------------------
# the HTTP layer
# --------------------------------------------------------------------------------------------
READ_ONLY = ("srbgraph serve is read-only: {what} is refused. To change a shared graph, load it "
             "into a writable triple store with srbgraph push.")


class Handler(BaseHTTPRequestHandler):
    server_version = "srbgraph"
    protocol_version = "HTTP/1.1"
    app: "App"  # set on the subclass made by make_server

    # -- helpers -------------------------------------------------------------------------------
    def log_message(self, format, *args):  # the default access log is replaced by _log
        pass

    def _log(self, status: int, started: float, rows: int | None) -> None:
        ms = (time.perf_counter() - started) * 1000
        path = urlsplit(self.path).path
        rows_text = "-" if rows is None else f"{rows} rows"
        self.app.log(f"{self.client_address[0]} {self.command} {path} {status} {ms:.1f} ms {rows_text}")

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Vary", "Accept")
        for name, value in (reply.headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _handle(self, respond) -> None:
        started = time.perf_counter()
        try:
            reply = respond()
        except HttpError as exc:
            reply = Reply(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8"),
                          headers=exc.headers)
        except Exception as exc:  # a bug: the client gets a 500 and the log a line
            reply = Reply(500, "text/plain; charset=utf-8",
                          f"internal error: {type(exc).__name__}: {exc}\n".encode("utf-8"))
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self._log(reply.status, started, reply.rows)

    # -- methods ---------------------------------------------------------------------------------
    def do_GET(self):
        self._handle(self._get)

    def do_HEAD(self):
        self._handle(self._get)

    def do_POST(self):
        self._handle(self._post)

    def _refuse_write(self):
        self._handle(self._write_refused)

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _write_refused(self) -> Reply:
        self._drain()
        raise HttpError(405, READ_ONLY.format(what=f"{self.command} (a Graph Store write)"),
                        {"Allow": "GET, POST" if urlsplit(self.path).path == "/sparql" else "GET"})

    def _drain(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            raise HttpError(413, f"request body larger than {MAX_BODY:,} bytes")
        return self.rfile.read(length) if length else b""

    def _get(self) -> Reply:
        parts = urlsplit(self.path)
        if parts.path == "/sparql":
            params = parse_qs(parts.query, keep_blank_values=True)
            return self._sparql(params)
        if parts.path in ("/", "/index.html"):
            return Reply(200, "text/html; charset=utf-8", self.app.editor_page())
        if parts.path == "/graph":
            return Reply(200, "text/html; charset=utf-8", self.app.graph_page())
        raise HttpError(404, f"no page {parts.path} (try / for the query page, /sparql for SPARQL, /graph)")

    def _post(self) -> Reply:
        parts = urlsplit(self.path)
        body = self._drain()
        if parts.path != "/sparql":
            raise HttpError(405, READ_ONLY.format(what=f"POST to {parts.path} (a Graph Store write)"),
                            {"Allow": "GET"})
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(parts.query, keep_blank_values=True)
        if kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            return self._sparql(params)
        if kind == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
            return self._sparql(params)
        if kind == "application/sparql-update":
            raise HttpError(403, READ_ONLY.format(what="SPARQL UPDATE"))
        raise HttpError(415, f"POST a query as application/x-www-form-urlencoded (query=…) or "
                             f"application/sparql-query, not {kind or 'no Content-Type'}")

    def _sparql(self, params: dict) -> Reply:
        if "update" in params:
            raise HttpError(403, READ_ONLY.format(what="SPARQL UPDATE"))
        for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise HttpError(400, f"{name} is not supported by this endpoint; name graphs in the query "
                                     "(FROM, GRAPH) instead")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise HttpError(400, "give exactly one SPARQL query: GET /sparql?query=… or POST query=… "
                                 "(the query page is at /)")
        fmt = (params.get("format") or [None])[0]
        return self.app.service.run(queries[0], self.headers.get("Accept"), fmt)


class App:
    """What the handler serves: the query service and the two pages (made once, on first request)."""

    def __init__(self, service: QueryService, *, data_dir=None, lang: str = "de", log=None):
        self.service = service
        self.data_dir = data_dir
        self.lang = lang
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self._pages: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def _page(self, name: str, make) -> bytes:
        with self._lock:
            if name not in self._pages:
                self._pages[name] = make()
            return self._pages[name]

    def editor_page(self) -> bytes:
        from .pages import editor_html

        return self._page("editor", lambda: editor_html(self.lang, self.service).encode("utf-8"))

    def graph_page(self) -> bytes:
        def make() -> bytes:
            from ..build_cache import load
            from ..render.viz import build_view, render_html

            view = build_view(load(self.data_dir, notify=None), lang=self.lang)
            return render_html(view).encode("utf-8")
        return self._page("graph", make)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(app: App, host: str = "127.0.0.1", port: int = 8000) -> Server:
    """A server bound to *host*:*port* (port 0: a free one; see ``server.server_address``)."""
    import socket

    handler = type("SrbHandler", (Handler,), {"app": app})
    server_class = Server
    if ":" in host.strip("[]"):
        server_class = type("Server6", (Server,), {"address_family": socket.AF_INET6})
    try:
        return server_class((host.strip("[]"), port), handler)
    except OSError as exc:
        raise SrbError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def open_service(data_dir=None, store_dir=None, *, timeout: float = 30.0, max_rows: int = 100_000,
                 notify=None, origin=None) -> QueryService:
    """The graph of *origin* (a :class:`~srbgraph.stores.select.GraphSource`; default: the curated
    graph of *data_dir*, or the persistent store *store_dir*) in an Oxigraph store."""
    from ..stores.select import GraphSource

    if timeout <= 0:
        raise SrbError("--timeout must be more than 0 seconds")
    if max_rows < 1:
        raise SrbError("--max-rows must be 1 or more")
    origin = origin or GraphSource(data=data_dir, store=store_dir)
    if not origin.local or origin.engine != "oxigraph":
        raise SrbError(f"srbgraph serve serves a graph it holds itself (the shipped data, --data, --graph or "
                       f"--store), not {origin.describe()} with --engine {origin.engine}"
                       if origin.local else f"srbgraph serve cannot serve {origin.describe()}: query it directly")
    store = origin.open(notify)
    return QueryService(store, timeout=timeout, max_rows=max_rows)
