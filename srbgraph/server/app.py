"""``srbgraph serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the graph page.

A WSGI application served by waitress. Why waitress and not the standard library's
``http.server`` (which Python's documentation says is not for production): the HTTP framing is
where a server left running for colleagues is attacked, and waitress has it right and kept — a
``Content-Length`` that is not a number (or negative) is a ``400``, chunked bodies are read as
bodies, a body is never read as the next request, bodies over a size are ``413``, connections idle
longer than a timeout are closed, open connections are capped, and it is pure Python (no compiler,
starts in milliseconds).

* ``/sparql`` (and ``/sparql/``, the protocol suite's address) — SPARQL 1.1 Protocol: ``GET
  ?query=…``, ``POST`` form-encoded (``query=…``) or ``application/sparql-query``, the body read in
  its declared ``charset`` (UTF-8 when none; UTF-16 and bytes not of the charset are refused, never
  misread). SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle,
  JSON-LD, N-Triples or RDF/XML, chosen by ``Accept`` (or ``?format=json|xml|csv|tsv|ttl|jsonld|nt|
  rdfxml``, when it names a format of the query's kind; an unknown name is ``400``); JSON and
  Turtle when the client takes anything. The dataset of a request: ``default-graph-uri`` and
  ``named-graph-uri`` (repeatable; :class:`Dataset`), else the query's FROM / FROM NAMED — graphs of
  the store, nothing fetched. Relative IRIs resolve against the endpoint's IRI (as Oxigraph's own
  server does).
* ``GET /sparql`` without a query — the SPARQL 1.1 Service Description (Turtle, JSON-LD, N-Triples).
* ``/`` — the query workbench: YASGUI, bundled and offline, completing from the graph, with the
  named queries and their parameters; ``/resource/<id>`` and ``/ontology/<term>`` — a page for every
  IRI (RDF by ``Accept``); ``/.well-known/void`` — the VoID description; ``/graph`` — the
  interactive graph of ``srbgraph viz`` (``?focus=ID``). These live in :mod:`srbgraph.server.routes`.

Read-only: SPARQL UPDATE (form field ``update``, ``application/sparql-update``) is answered
``403``, every write method (PUT, DELETE, PATCH; POST outside ``/sparql``, e.g. a Graph Store
``/store``) ``405``. Limits (:mod:`srbgraph.server.service`): a query over the time limit or the
memory cap is answered ``503``, a result over the row or byte cap ``422`` with a status line that
says so ("Result Too Large: over 5,000 rows (srbgraph serve --max-rows)" — clients such as
SPARQLWrapper and rdflib show the phrase, not the body), a malformed or refused query ``400`` with
line, column and what was expected in words.

What this layer adds to waitress: the ``Host`` header must name this server (a loopback name, the
``--host`` given, or ``--allow-host``), else ``421`` — so a page whose DNS name was re-bound to
this machine cannot read answers; ``/sparql`` and ``/api/*`` refuse (``403``) a request that a
browser marks as sent by another site (an ``Origin`` other than this server's, or
``Sec-Fetch-Site: cross-site``/``same-site`` — another port of ``localhost`` is another origin but
the same site), so a page elsewhere cannot make a reader's browser run queries here; programs
(no ``Origin``, no ``Sec-Fetch-Site``) and the server's own pages are answered; ``--cors ORIGIN``
(:attr:`App.cors`) lets the pages of ORIGIN (or ``*``: any) query it — preflight ``OPTIONS``
answered, ``Access-Control-Allow-Origin`` on every answer to them; off by default, as a
read-only endpoint still shows all it serves to any page allowed to read it; a request must arrive whole within
``--read-timeout`` seconds and one client holds a share of the connections
(:mod:`srbgraph.server.connections`); the client (its remote address) is handed to the query
service, which limits each client's queries; a ``GET`` or ``HEAD`` with a body is refused (``400``); every
answer carries ``nosniff``, a Content-Security-Policy that allows the server's own origin only
(the workbench runs script files of its own; the graph page's inline scripts are allowed by hash)
and ``frame-ancestors 'none'``; a ``200`` to ``GET`` carries a strong ``ETag`` (a digest of its
bytes: the graph does not change while served) and ``Cache-Control: no-cache``, and
``If-None-Match`` with that tag is answered ``304``; text, JSON, scripts and results over 1 KB are
gzipped for a client that accepts gzip (the large ones kept packed, :class:`Compressed`); one log
line per request, with control characters escaped.
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
#: connections of one client (remote address) read at once; as many more wait, beyond that closed
CLIENT_CONNECTIONS = 100
#: open connections at most (waitress stops accepting beyond this)
MAX_CONNECTIONS = 500
#: seconds a request may take to arrive whole (headers and body) from its first byte
READ_TIMEOUT = 10
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

    def __init__(self, service, *, lang: str = "de", log=None, hosts=None, cors=()):
        from .routes import Routes

        self.service = service
        self.lang = lang
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.hosts = hosts or HostCheck("127.0.0.1")
        #: origins (``scheme://host:port``, or ``*``: any) whose pages may query this server from a browser
        self.cors = frozenset(origin.strip().rstrip("/").lower() for origin in cors)
        self.routes = Routes(service, lang=lang)
        self.compressed = Compressed()

    # -- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        started = time.perf_counter()
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        from .service import CLIENT

        token = CLIENT.set(environ.get("REMOTE_ADDR") or None)
        try:
            reply = self._respond(environ, method, path)
        except HttpError as exc:
            reply = Reply(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8"),
                          headers=exc.headers, reason=exc.reason)
        except Exception as exc:  # a bug: the client gets a 500 and the log a line
            reply = Reply(500, "text/plain; charset=utf-8",
                          f"internal error: {type(exc).__name__}: {exc}\n".encode("utf-8"))
        finally:
            CLIENT.reset(token)
        own = dict(reply.headers or {})
        own.update(self.cors_headers(environ, method))
        body, status = reply.body, reply.status
        vary = "Accept, Accept-Encoding" + (", Origin" if self.cors else "")
        if status == 200 and method in ("GET", "HEAD"):
            tag = etag(body)
            if "Cache-Control" not in own:  # kept, but asked again each time: the ETag answers 304
                own["Cache-Control"] = "no-cache"
            if body and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")) and compressible(reply.content_type, body):
                body, tag = self.compressed.get(tag, body), tag[:-1] + '-gzip"'
                own["Content-Encoding"] = "gzip"
            own["ETag"] = tag
            if matches(environ.get("HTTP_IF_NONE_MATCH"), tag):
                status, body = 304, b""
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(body))),
                   *((name, value) for name, value in COMMON_HEADERS if name not in own and name != "Vary"),
                   ("Vary", vary), *own.items()]
        if status == 304:  # no body: no type, no length of one
            headers = [(name, value) for name, value in headers if name not in ("Content-Type", "Content-Length")]
        if "Content-Security-Policy" not in own:
            headers.append(("Content-Security-Policy", DATA_POLICY))
        start_response(f"{status} {reply.reason if status == reply.status and reply.reason else _phrase(status)}",
                       headers)
        ms = (time.perf_counter() - started) * 1000
        rows = "-" if reply.rows is None else f"{reply.rows} rows"
        self.log(f"{escape_log(environ.get('REMOTE_ADDR', '-'))} {escape_log(method)} {escape_log(path)} "
                 f"{status} {ms:.1f} ms {rows}")
        return [body]

    def cors_headers(self, environ, method: str) -> dict:
        """The CORS headers for a request from an origin ``--cors`` allows (none for others: a
        browser then keeps the answer from the page)."""
        origin = (environ.get("HTTP_ORIGIN") or "").strip().rstrip("/")
        if not origin or not self.cors or (origin.lower() not in self.cors and "*" not in self.cors):
            return {}
        headers = {"Access-Control-Allow-Origin": "*" if "*" in self.cors else origin,
                   "Access-Control-Expose-Headers": "ETag, Content-Length, Retry-After",
                   "Cross-Origin-Resource-Policy": "cross-origin"}
        if method == "OPTIONS":
            headers.update({"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                            "Access-Control-Allow-Headers": "Accept, Content-Type, If-None-Match",
                            "Access-Control-Max-Age": "600"})
        return headers

    def preflight(self, environ, path: str) -> Reply:
        """``OPTIONS``: a browser asks before a cross-origin request that is not simple (``POST``
        of ``application/sparql-query``, an ``If-None-Match``). Answered for the origins of
        ``--cors``; refused (403, saying how to allow one) for the others."""
        origin = (environ.get("HTTP_ORIGIN") or "").strip().rstrip("/")
        if not origin:
            return Reply(204, "text/plain; charset=utf-8", b"", headers={"Allow": "GET, POST, OPTIONS"})
        if not self.cors_headers(environ, "OPTIONS"):
            raise HttpError(403, f"cross-origin requests from {escape_log(origin)[:200]!r} are not allowed: start "
                                 "srbgraph serve with --cors ORIGIN to let the pages of ORIGIN query it")
        return Reply(204, "text/plain; charset=utf-8", b"")

    def _respond(self, environ, method: str, path: str) -> Reply:
        self.hosts.check(environ.get("HTTP_HOST"))
        if path == "/sparql/":  # the protocol suite's own address, and what many clients are given
            path = "/sparql"
        if method == "OPTIONS":
            return self.preflight(environ, path)
        if path == "/sparql" or path.startswith("/api/"):
            self.same_origin(environ)
        length = _content_length(environ)
        if method in ("GET", "HEAD"):
            if length:
                raise HttpError(400, f"a {method} request carries no body (send a query with POST)")
            return self._get(environ, path)
        if method == "POST":
            body = environ["wsgi.input"].read(length) if length else b""
            if path != "/sparql":
                raise HttpError(405, READ_ONLY.format(what=f"POST to {path} (a Graph Store write)"), {"Allow": "GET"})
            return self._post(environ, body, path)
        what = f"{method} (a Graph Store write)" if method in ("PUT", "DELETE", "PATCH") else method
        raise HttpError(405, READ_ONLY.format(what=what), {"Allow": "GET, POST" if path == "/sparql" else "GET"})

    def same_origin(self, environ) -> None:
        """Refuse (403) a request a browser sent for a page of another origin. The origin's host
        and port are compared with ``Host`` (a proxy in front may change the scheme)."""
        origin = (environ.get("HTTP_ORIGIN") or "").strip().rstrip("/").lower()
        fetch_site = (environ.get("HTTP_SEC_FETCH_SITE") or "").strip().lower()
        host = (environ.get("HTTP_HOST") or "").strip().lower()
        if origin and (origin in self.cors or "*" in self.cors):
            return
        if origin and origin.partition("://")[2] != host:
            who = f"the origin {escape_log(origin)[:200]!r}"
        elif fetch_site in ("cross-site", "same-site"):
            who = f"another site (Sec-Fetch-Site: {escape_log(fetch_site)[:40]})"
        else:
            return
        raise HttpError(403, f"cross-site request refused: a page of {who} may not query this server; open "
                             f"http://{escape_log(host)[:200]}/ and query there, or query from a program")

    def _get(self, environ, path: str) -> Reply:
        params = query_params(environ)
        routes = self.routes
        if path == "/sparql":
            if "query" not in params and set(params) <= {"format"}:
                return routes.service_description(environ, params)
            return self._sparql(environ, params, path)
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

    def _post(self, environ, body: bytes, path: str) -> Reply:
        kind, charset = media_type(environ.get("CONTENT_TYPE"))
        params = query_params(environ)
        if kind == "application/sparql-update":
            raise HttpError(403, READ_ONLY.format(what="SPARQL UPDATE"))
        if kind == "application/x-www-form-urlencoded":
            text = body_text(body, charset, "the form")
            try:
                form = parse_qs(text, keep_blank_values=True, encoding=charset or "utf-8", errors="strict")
            except UnicodeDecodeError:
                raise HttpError(400, f"a %-escape of the form is not {charset or 'UTF-8'}: send the query as "
                                     "UTF-8 or declare the charset of the form (Content-Type: …; charset=…)") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            return self._sparql(environ, params, path)
        if kind == "application/sparql-query":
            params["query"] = [body_text(body, charset, "the query")]
            return self._sparql(environ, params, path)
        raise HttpError(415, f"POST a query as application/x-www-form-urlencoded (query=…) or "
                             f"application/sparql-query, not {escape_log(kind)[:100] or 'no Content-Type'}")

    def _sparql(self, environ, params: dict, path: str = "/sparql") -> Reply:
        if "update" in params:
            raise HttpError(403, READ_ONLY.format(what="SPARQL UPDATE"))
        for name in ("using-graph-uri", "using-named-graph-uri"):
            if name in params:
                raise HttpError(400, f"{name} names the dataset of a SPARQL UPDATE, which this read-only endpoint "
                                     "refuses; a query takes default-graph-uri and named-graph-uri")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            raise HttpError(400, "give exactly one SPARQL query: GET /sparql?query=… or POST query=… "
                                 "(the query workbench is at /; GET /sparql alone describes the service)")
        fmt = (params.get("format") or [None])[0]
        from .routes import base_url

        dataset = Dataset.of(params)
        return self.service.run(queries[0], environ.get("HTTP_ACCEPT"), fmt, base=base_url(environ) + path,
                                dataset=dataset)


#: media types sent gzipped to a client that accepts it (when larger than :data:`GZIP_FROM` bytes)
_COMPRESSIBLE = re.compile(r"text/|application/(?:json|javascript|ld\+json|rdf\+xml|n-triples|xml|"
                           r"sparql-results\+(?:json|xml)|n-quads|trig)|image/svg\+xml")
GZIP_FROM = 1024


def etag(body: bytes) -> str:
    """A strong ETag of *body*: a digest of its bytes. The graph served does not change while the
    server runs, so one answer's digest is the version of what it shows; another graph (or a
    restart on changed data) gives other bytes and another tag. The gzipped form is tagged
    ``…-gzip`` (another representation)."""
    import hashlib

    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def matches(header: str | None, tag: str) -> bool:
    """``If-None-Match`` names *tag* (or ``*``); either content coding of a tag counts (RFC 9110:
    the comparison is weak)."""
    if not header:
        return False
    plain = tag.replace('-gzip"', '"')
    for candidate in header.split(","):
        candidate = candidate.strip().removeprefix("W/")
        if candidate == "*" or candidate in (tag, plain, plain[:-1] + '-gzip"'):
            return True
    return False


def accepts_gzip(header: str | None) -> bool:
    for part in (header or "").lower().split(","):
        coding, *params = [field.strip() for field in part.split(";")]
        if coding in ("gzip", "x-gzip", "*"):
            return not any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
    return False


def compressible(content_type: str, body: bytes) -> bool:
    return len(body) > GZIP_FROM and bool(_COMPRESSIBLE.match(content_type or ""))


class Compressed:
    """gzip of answers, the large ones kept by their ETag (the graph page, ``/api/terms``, the
    scripts are asked for again and again): at most :attr:`budget` bytes, the oldest dropped."""

    def __init__(self, budget: int = 32 << 20, keep_from: int = 64 << 10):
        import threading

        self.budget, self.keep_from = budget, keep_from
        self._kept: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, tag: str, body: bytes) -> bytes:
        import gzip

        with self._lock:
            found = self._kept.get(tag)
        if found is not None:
            return found
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(body) >= self.keep_from and len(packed) <= self.budget:
            with self._lock:
                self._kept[tag] = packed
                while sum(map(len, self._kept.values())) > self.budget:
                    del self._kept[next(iter(self._kept))]
        return packed


#: graphs one request may name in default-graph-uri and named-graph-uri together
MOST_GRAPHS = 1000
#: an absolute IRI (RFC 3987's characters; no spaces, no angle brackets, quotes or braces)
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*")


class Dataset:
    """The RDF dataset a request names (SPARQL 1.1 Protocol, 2.1.4): the graphs merged into the
    default graph (``default-graph-uri``) and the named graphs (``named-graph-uri``), each
    parameter repeatable. Given, it replaces the query's own FROM and FROM NAMED; one of the two
    given alone leaves the other empty. The IRIs only name graphs of the store being served —
    nothing is fetched for them, a file: IRI reads no file."""

    __slots__ = ("default", "named")

    def __init__(self, default=(), named=()):
        self.default, self.named = tuple(default), tuple(named)

    @classmethod
    def of(cls, params: dict) -> Dataset | None:
        default, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        if not default and not named:
            return None
        if len(default) + len(named) > MOST_GRAPHS:
            raise HttpError(400, f"a request may name at most {MOST_GRAPHS} graphs (default-graph-uri and "
                                 f"named-graph-uri), not {len(default) + len(named)}")
        for name, values in (("default-graph-uri", default), ("named-graph-uri", named)):
            for value in values:
                if len(value) > 4000 or not _ABSOLUTE_IRI.fullmatch(value):
                    raise HttpError(400, f"{name} must be an absolute IRI (as http://example.org/graph), not "
                                         f"{escape_log(value)[:200]!r}")
        return cls(dict.fromkeys(default), dict.fromkeys(named))

    def __repr__(self):
        return f"Dataset(default={self.default!r}, named={self.named!r})"


def media_type(header: str | None) -> tuple[str, str | None]:
    """``(media type, charset or None)`` of a ``Content-Type`` header, both lower case."""
    kind, *params = (header or "").split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower() or None
    return kind.strip().lower(), charset


def body_text(body: bytes, charset: str | None, what: str) -> str:
    """*body* read in its declared *charset* (UTF-8 when none is declared). A charset that is not
    a superset of ASCII (UTF-16, UTF-32) is refused, as the SPARQL protocol sends UTF-8 (its suite
    holds such a request for an error); one Python does not know, and bytes that are not of the
    charset, are a clear 400/415 — never read as something else."""
    import codecs

    name = charset or "utf-8"
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise HttpError(415, f"unknown charset {escape_log(name)[:60]!r} in Content-Type: send {what} as "
                             "UTF-8 (charset=utf-8)") from None
    if "query=".encode(codec.name, "replace") != b"query=":
        raise HttpError(415, f"{what} is declared {escape_log(name)[:60]}: the SPARQL protocol takes UTF-8 (or "
                             "a charset that extends ASCII, such as ISO-8859-1); send it as UTF-8")
    try:
        return body.decode(codec.name)
    except UnicodeDecodeError as exc:
        shown = body[exc.start:exc.start + 4].hex(" ")
        declared = f"declared {name}" if charset else "UTF-8 (no charset declared)"
        raise HttpError(400, f"{what} is not {declared}: the bytes {shown} at byte {exc.start + 1} cannot be read "
                             "so; send it as UTF-8, or declare its charset (Content-Type: …; charset=iso-8859-1)") from None


def query_params(environ) -> dict:
    """The parameters of the request's query string, %-escapes read as UTF-8 (else 400)."""
    try:
        return parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "a %-escape of the address is not UTF-8: escape the query's text as UTF-8") from None


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
                idle_timeout: int = 30, read_timeout: float = READ_TIMEOUT, client_connections: int = CLIENT_CONNECTIONS):
    """A waitress server bound to *host*:*port* (port 0: a free one; see ``server.effective_port``),
    with a deadline for each request and a share of the connections per client
    (:mod:`.connections`). Not started: call ``server.run()``."""
    import logging
    import socket

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
    from .connections import create

    return create(app, sock, threads=threads, idle_timeout=idle_timeout, read_timeout=read_timeout,
                  per_client=client_connections, connection_limit=max(MAX_CONNECTIONS, 2 * client_connections + 100),
                  log=lambda line: app.log(escape_log(line)), max_request_body_size=MAX_BODY,
                  max_request_header_size=256 * 1024, backlog=128, ident="srbgraph", expose_tracebacks=False,
                  asyncore_use_poll=True, clear_untrusted_proxy_headers=True)


def _log_handler(log):
    """A logging handler that writes waitress' own warnings (queue depth, connection limit) as
    escaped lines of the server's log."""
    import logging

    class LogLines(logging.Handler):
        def emit(self, record):
            log("waitress: " + escape_log(record.getMessage())[:500])

    return LogLines(logging.WARNING)
