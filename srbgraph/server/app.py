"""``srbgraph serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the graph page.

A WSGI application served by waitress. Why waitress and not the standard library's
``http.server`` (which Python's documentation says is not for production): the HTTP framing is
where a server left running for colleagues is attacked, and waitress has it right and kept — a
``Content-Length`` that is not a number (or negative) is a ``400``, chunked bodies are read as
bodies, a body is never read as the next request, bodies over a size are ``413``, connections idle
longer than a timeout are closed, open connections are capped, and it is pure Python (no compiler,
starts in milliseconds).

* ``/sparql`` — SPARQL 1.1 Protocol: ``GET ?query=…``, ``POST`` form-encoded (``query=…``) or
  ``application/sparql-query``. SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/
  DESCRIBE as Turtle, JSON-LD or N-Triples, chosen by ``Accept`` (or ``?format=json|xml|csv|tsv|
  ttl|jsonld|nt``, when it names a format of the query's kind); JSON and Turtle when the client takes anything.
* ``GET /sparql`` without a query — the SPARQL 1.1 Service Description (Turtle, JSON-LD, N-Triples).
* ``/`` — the query workbench: YASGUI, bundled and offline, completing from the graph, with the
  named queries and their parameters; ``/resource/<id>`` and ``/ontology/<term>`` — a page for every
  IRI (RDF by ``Accept``); ``/.well-known/void`` — the VoID description; ``/graph`` — the
  interactive graph of ``srbgraph viz`` (``?focus=ID``). These live in :mod:`srbgraph.server.routes`.

Read-only: SPARQL UPDATE (form field ``update``, ``application/sparql-update``) is answered
``403``, every write method (PUT, DELETE, PATCH; POST outside ``/sparql``, e.g. a Graph Store
``/store``) ``405``. Limits (:mod:`srbgraph.server.service`): a query over the time limit or the
memory cap is answered ``503``, a result over the row or byte cap ``413``, a malformed or refused
query ``400`` with line and column.

What this layer adds to waitress: the ``Host`` header must name this server (a loopback name, the
``--host`` given, or ``--allow-host``), else ``421`` — so a page whose DNS name was re-bound to
this machine cannot read answers; a ``GET`` or ``HEAD`` with a body is refused (``400``); every
answer carries ``nosniff``, a Content-Security-Policy that allows the server's own origin only
(the workbench runs script files of its own; the graph page's inline scripts are allowed by hash)
and ``frame-ancestors 'none'``; one log line per request,
with control characters escaped.
"""
from __future__ import annotations

import ipaddress
import re
import sys
import time
from http import HTTPStatus
from urllib.parse import parse_qs

from ..errors import SrbError
from .results import HttpError
from .service import Reply

MAX_BODY = 1 << 20  # bytes of a POSTed query
#: open connections at most (waitress stops accepting beyond this)
MAX_CONNECTIONS = 100
READ_ONLY = ("srbgraph serve is read-only: {what} is refused. To change a shared graph, load it "
             "into a writable triple store with srbgraph push.")
#: answers that are never rendered as a page
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
COMMON_HEADERS = [("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                  ("Referrer-Policy", "no-referrer"), ("Cross-Origin-Resource-Policy", "same-origin"),
                  ("Cache-Control", "no-store"), ("Vary", "Accept")]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\\]")
def escape_log(text: str) -> str:
    """*text* with control characters (and the backslash) written as escapes: one log line stays one."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class App:
    """The WSGI application: the SPARQL protocol, the checks above, and routing to the pages
    (:class:`~srbgraph.server.routes.Routes`)."""

    def __init__(self, service, *, lang: str = "de", log=None, hosts=None):
        from .routes import Routes

        self.service = service
        self.lang = lang
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.hosts = hosts or HostCheck("127.0.0.1")
        self.routes = Routes(service, lang=lang)

    # -- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        try:
            reply = self._respond(environ, method, path)
        except HttpError as exc:
            reply = Reply(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8"),
                          headers=exc.headers)
        except Exception as exc:  # a bug: the client gets a 500 and the log a line
            reply = Reply(500, "text/plain; charset=utf-8",
                          f"internal error: {type(exc).__name__}: {exc}\n".encode("utf-8"))
        own = reply.headers or {}
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(reply.body))),
                   *((name, value) for name, value in COMMON_HEADERS if name not in own), *own.items()]
        if "Content-Security-Policy" not in own:
            headers.append(("Content-Security-Policy", DATA_POLICY))
        start_response(f"{reply.status} {_phrase(reply.status)}", headers)
        ms = (time.perf_counter() - started) * 1000
        rows = "-" if reply.rows is None else f"{reply.rows} rows"
        self.log(f"{escape_log(environ.get('REMOTE_ADDR', '-'))} {escape_log(method)} {escape_log(path)} "
                 f"{reply.status} {ms:.1f} ms {rows}")
        return [reply.body]

    def _respond(self, environ, method: str, path: str) -> Reply:
        self.hosts.check(environ.get("HTTP_HOST"))
        length = _content_length(environ)
        if method in ("GET", "HEAD"):
            if length:
                raise HttpError(400, f"a {method} request carries no body (send a query with POST)")
            return self._get(environ, path)
        if method == "POST":
            body = environ["wsgi.input"].read(length) if length else b""
            if path != "/sparql":
                raise HttpError(405, READ_ONLY.format(what=f"POST to {path} (a Graph Store write)"), {"Allow": "GET"})
            return self._post(environ, body)
        what = f"{method} (a Graph Store write)" if method in ("PUT", "DELETE", "PATCH") else method
        raise HttpError(405, READ_ONLY.format(what=what), {"Allow": "GET, POST" if path == "/sparql" else "GET"})

    def _get(self, environ, path: str) -> Reply:
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        routes = self.routes
        if path == "/sparql":
            if "query" not in params and set(params) <= {"format"}:
                return routes.service_description(environ, params)
            return self._sparql(environ, params)
        if path in ("/", "/index.html"):
            return routes.workbench()
        if path.startswith(("/resource/", "/ontology/")):
            return routes.resource(environ, path, params)
        pages = {"/graph": lambda: routes.graph(params), "/api/terms": routes.terms,
                 "/api/bind": lambda: routes.bind(params), "/.well-known/void": lambda: routes.void(environ, params)}
        if path in pages:
            return pages[path]()
        found = routes.asset(path, params)
        if found is not None:
            return found
        raise HttpError(404, f"no page {path} (try / for the query workbench, /sparql for SPARQL, /graph, "
                             "/resource/ID for an entity)")

    def _post(self, environ, body: bytes) -> Reply:
        kind = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if kind == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            return self._sparql(environ, params)
        if kind == "application/sparql-query":
            params["query"] = [body.decode("utf-8", "replace")]
            return self._sparql(environ, params)
        if kind == "application/sparql-update":
            raise HttpError(403, READ_ONLY.format(what="SPARQL UPDATE"))
        raise HttpError(415, f"POST a query as application/x-www-form-urlencoded (query=…) or "
                             f"application/sparql-query, not {kind[:100] or 'no Content-Type'}")

    def _sparql(self, environ, params: dict) -> Reply:
        if "update" in params:
            raise HttpError(403, READ_ONLY.format(what="SPARQL UPDATE"))
        for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise HttpError(400, f"{name} is not supported by this endpoint; name graphs in the query "
                                     "(FROM, GRAPH) instead")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise HttpError(400, "give exactly one SPARQL query: GET /sparql?query=… or POST query=… "
                                 "(the query workbench is at /; GET /sparql alone describes the service)")
        fmt = (params.get("format") or [None])[0]
        return self.service.run(queries[0], environ.get("HTTP_ACCEPT"), fmt)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _content_length(environ) -> int:
    """The body's length (waitress has checked the header, and de-chunked a chunked body)."""
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or 0))
    except ValueError:
        raise HttpError(400, "Content-Length is not a number") from None


# --------------------------------------------------------------------------------------------
# where the server listens, and for which names it answers
# --------------------------------------------------------------------------------------------
WILDCARDS = ("", "*", "0.0.0.0", "::", "[::]")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, allow_service=()) -> str | None:
    """The warning for a server reachable from other machines (None on loopback), naming the
    address plainly (an empty or wildcard host means every interface) and what exposure means."""
    if is_loopback(host):
        return None
    where = (f"every network interface of this machine (--host {host!r})" if host in WILDCARDS
             else f"{host}, not on loopback")
    services = (f"SERVICE only to {', '.join(allow_service)}" if allow_service
                else "SERVICE to no other server (none allowed)")
    return (f"warning: listening on {where}: anyone who can reach this address can run SPARQL queries on "
            f"the graph (read-only, each within the time, memory and size limits; {services})")


class HostCheck:
    """The names a request's ``Host`` may give: loopback names, the ``--host`` given, any IP address
    when listening on every interface (an address is no DNS name, so it cannot be re-bound), this
    machine's names then, and *extra* (``--allow-host``)."""

    def __init__(self, host: str, extra=()):
        names = {"localhost", *(name.lower().rstrip(".") for name in extra)}
        self.any_address = host in WILDCARDS
        if self.any_address:
            import socket

            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        elif host:
            names.add(host.strip("[]").lower())
        self.names = frozenset(names)

    def allows(self, header: str | None) -> bool:
        if header is None:  # HTTP/1.0 without Host: no browser sends that
            return True
        header = header.strip().lower()
        if header.startswith("["):
            name = header[1:header.find("]")] if "]" in header else header
        else:
            name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
        name = name.rstrip(".")
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return name in self.names or name.endswith(".localhost")
        return self.any_address or address.is_loopback or name in self.names

    def check(self, header: str | None) -> None:
        if not self.allows(header):
            raise HttpError(421, f"this server does not answer for the host {escape_log(header or '')[:200]!r} "
                                 "(start srbgraph serve with --allow-host NAME to allow a name)")


def make_server(app: App, host: str = "127.0.0.1", port: int = 8000, *, threads: int = 20,
                idle_timeout: int = 30):
    """A waitress server bound to *host*:*port* (port 0: a free one; see ``server.effective_port``).
    Not started: call ``server.run()``."""
    import logging
    import socket

    from waitress.server import create_server

    name = None if host in WILDCARDS else host.strip("[]")
    try:
        family, kind, proto, _canon, address = socket.getaddrinfo(
            name, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise SrbError(f"cannot listen on {host or '*'}:{port}: {exc.strerror or exc}") from None
    waitress_log = logging.getLogger("waitress")
    waitress_log.propagate = False
    waitress_log.handlers[:] = [_log_handler(app.log)]
    return create_server(app, sockets=[sock], threads=threads, channel_timeout=idle_timeout,
                         cleanup_interval=max(1, min(30, idle_timeout // 2)), connection_limit=MAX_CONNECTIONS,
                         max_request_body_size=MAX_BODY, max_request_header_size=256 * 1024, backlog=128,
                         ident="srbgraph", expose_tracebacks=False, asyncore_use_poll=True,
                         clear_untrusted_proxy_headers=True)


def _log_handler(log):
    """A logging handler that writes waitress' own warnings (queue depth, connection limit) as
    escaped lines of the server's log."""
    import logging

    class LogLines(logging.Handler):
        def emit(self, record):
            log("waitress: " + escape_log(record.getMessage())[:500])

    return LogLines(logging.WARNING)
