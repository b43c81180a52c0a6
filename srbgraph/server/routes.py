"""The pages and look-ups of ``srbgraph serve`` besides the SPARQL protocol itself.

* ``/`` — the query workbench (YASGUI, offline; :mod:`srbgraph.server.pages`);
* ``/api/terms`` — what the editor completes: the graph's prefixes, classes, properties and
  labelled individuals (JSON, computed once);
* ``/api/bind?named=NAME&param=value…`` — a named query with its parameters bound as RDF terms, as
  ``srbgraph query`` binds them (JSON ``{"query": …}`` or ``{"error": …}``);
* ``/resource/<id>``, ``/ontology/<term>`` — the page of every IRI of the data and of the
  ontology; ``Accept: text/turtle``, ``application/ld+json`` or ``application/n-triples`` (or
  ``?format=ttl|jsonld|nt``) gives its description as RDF; an unknown one a 404 with "did you mean";
  a replaced entity (merged or renamed) a 301 Moved Permanently to its successor, for people and
  programs alike (the successor's description says what it replaces; ``?redirect=no`` gives the
  old entity's own page or RDF, as SPARQL does);
* ``GET /sparql`` without a query — the SPARQL 1.1 Service Description; ``/.well-known/void`` — the
  VoID description of the dataset;
* ``/graph`` (``?focus=ID``: the entity and its neighbours) — the interactive graph of ``srbgraph viz``;
* ``/static/…``, ``/vendor/yasgui/…`` — the pages' scripts and style sheets (:mod:`.assets`).

Every look-up in the graph runs in a query worker (:meth:`QueryService.task`), under the same time
limit and memory cap as a client's query; the server process itself never queries the store.
Every answer — pages, ``/api/terms``, the graph page, RDF — is held to ``--max-bytes`` (``413``;
issue #25: 150 MB of terms for a data folder with 9 MB labels), and what the server keeps between
requests is bounded: at most :data:`KEPT_BYTES` bytes, the oldest dropped first.
"""
from __future__ import annotations

import json
import re
import threading
from urllib.parse import quote

from ..errors import did_you_mean
from ..terms import SRB, SRBR
from .results import GRAPH_FORMATS, HttpError, negotiate
from .service import Reply

PAGE_FORMATS = {"html": ("text/html; charset=utf-8", ("text/html", "application/xhtml+xml")), **GRAPH_FORMATS}
#: characters an id in a page address may not hold (they cannot stand in an IRI)
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-]+)(:\d{1,5})?")
LONGEST_ID = 400
#: parameters of one named query at most, and characters of one value
MOST_PARAMETERS, LONGEST_VALUE = 20, 2000
#: focus views of the graph kept at most
KEPT_FOCUS_PAGES = 32
#: bytes of pages and look-ups kept between requests at most (each is also under --max-bytes)
KEPT_BYTES = 128 << 20
#: named graphs the Service Description lists at most
LISTED_GRAPHS = 1000
#: classes whose members the graph view does not draw (their content goes to what they describe)
NOT_DRAWN = (SRB + "Evidence", SRB + "Assertion", SRB + "Review")
HTML_POLICY = ("default-src 'self'; script-src {scripts}; style-src 'self'{inline}; img-src 'self' data:; "
               "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'self'")


#: a script element a browser runs (no src, not a JSON data block)
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\b(?:src\s*=|type\s*=\s*[\"']?application/json))[^>]*>(.*?)</script>",
                            re.S | re.I)


def html_policy(scripts: str = "'self'", inline_styles: bool = False) -> str:
    """The Content-Security-Policy of a page: the server's own origin only."""
    return HTML_POLICY.format(scripts=scripts, inline=" 'unsafe-inline'" if inline_styles else "")


def page_policy(page: bytes) -> str:
    """The Content-Security-Policy of the graph page (made by ``srbgraph viz``, which inlines its
    scripts and styles): its own origin, and its inline scripts by hash."""
    import base64
    import hashlib

    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode("ascii") + "'"
                      for script in _INLINE_SCRIPT.findall(page))
    return html_policy(f"'self' {hashes}", inline_styles=True)


def first(params: dict, name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def base_url(environ) -> str:
    """``http://host:port`` of this server as the client named it (the ``Host`` header, already
    checked by :class:`~srbgraph.server.app.HostCheck`), else the address it listens on."""
    host = environ.get("HTTP_HOST") or ""
    if not _HOST.fullmatch(host):
        name, port = environ.get("SERVER_NAME", "127.0.0.1"), environ.get("SERVER_PORT", "80")
        host = f"[{name}]:{port}" if ":" in name else f"{name}:{port}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}"


def iri_of(path: str) -> str | None:
    """The IRI a page address names (``/resource/<id>`` → ``srbr:<id>``, ``/ontology/<term>`` →
    ``srb:<term>``), or None when the address cannot name one."""
    try:  # WSGI gives the path as bytes read as Latin-1
        path = path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    for prefix, namespace in (("/resource/", SRBR), ("/ontology/", SRB)):
        if path.startswith(prefix):
            local = path[len(prefix):]
            if 0 < len(local) <= LONGEST_ID and not _NOT_IN_IRI.search(local):
                return namespace + local
    return None


class Routes:
    """The handlers; pages and look-ups that cannot change while the server runs are made once."""

    def __init__(self, service, *, lang: str = "de"):
        from .assets import Assets

        self.service, self.lang = service, lang
        self.assets = Assets()
        self._kept: dict[str, object] = {}
        self._lock = threading.Lock()

    def kept(self, key: str, make):
        """What *make* gives, made once (a failed make is tried again next time), while the kept
        values stay under :data:`KEPT_BYTES` (the oldest are dropped to make room; one larger than
        that is not kept). The lock guards only the table: a slow make holds up no other page."""
        with self._lock:
            if key in self._kept:
                return self._kept[key]
        made = make()
        size = _size(made)
        with self._lock:
            if key in self._kept:
                return self._kept[key]
            if size > KEPT_BYTES:
                return made
            while self._kept and sum(_size(v) for v in self._kept.values()) + size > KEPT_BYTES:
                del self._kept[next(iter(self._kept))]
            self._kept[key] = made
            return made

    def capped(self, body: bytes, what: str) -> bytes:
        """*body*, or 413 when it is larger than ``--max-bytes``."""
        if len(body) > self.service.max_bytes:
            raise self.too_large(what)
        return body

    def too_large(self, what: str) -> HttpError:
        return HttpError(413, f"{what} is larger than {self.service.max_bytes:,} bytes, the limit of this "
                              "endpoint (srbgraph serve --max-bytes raises it)")

    # -- the workbench and its look-ups ----------------------------------------------------------
    def workbench(self) -> Reply:
        from .pages import workbench_html

        page = self.kept("workbench", lambda: workbench_html(self.lang, self.service, self.assets).encode("utf-8"))
        page = self.capped(page, "the workbench page")
        return Reply(200, "text/html; charset=utf-8", page, headers={"Content-Security-Policy": html_policy()})

    def terms(self) -> Reply:
        from . import tasks

        body = self.kept("terms", lambda: self.service.task(tasks.completion_terms, self.service.max_bytes))
        if body is None:  # measured in the worker: so large a body never crosses the pipe
            raise self.too_large("the terms for completion")
        return Reply(200, "application/json; charset=utf-8", body)

    def bind(self, params: dict) -> Reply:
        from ..model.queries import all_named
        from . import tasks

        from ..render.i18n import word

        # errors in the workbench's language; a message from deeper down that has no words of its
        # own stays English, and says so ("lang"), so the page can mark it
        lang = self.lang
        name = first(params, "named") or ""
        names = self.kept("named", lambda: [q.name for q in all_named()])
        if name not in names:
            hint = did_you_mean(name, names, otherwise='')
            hint = hint.replace(" (did you mean", " (meinten Sie") if lang == "de" else hint
            return _json(404, {"error": word("error-no-named-query", lang, name=repr(name[:80])) + hint, "lang": lang})
        given = {key: values[-1] for key, values in params.items() if key != "named"}
        if len(given) > MOST_PARAMETERS or any(len(v) > LONGEST_VALUE or len(k) > 100 for k, v in given.items()):
            return _json(400, {"error": word("error-too-many-parameters", lang, n=MOST_PARAMETERS, chars=LONGEST_VALUE),
                               "lang": lang})
        outcome, text = self.service.task(tasks.bound_query, name, given, lang)
        if outcome in ("error", "refused"):
            return _json(400, {"error": text, "lang": lang if outcome == "refused" else "en"})
        return _json(200, {"named": name, "parameters": given, "query": text})

    # -- one IRI -------------------------------------------------------------------------------------
    def resource(self, environ, path: str, params: dict) -> Reply:
        from . import tasks

        lang = first(params, "lang") if first(params, "lang") in ("de", "en") else self.lang
        key = negotiate(environ.get("HTTP_ACCEPT"), PAGE_FORMATS, first(params, "format"))
        iri = iri_of(path)
        if iri is None:
            return self.not_found(key, lang, path[:LONGEST_ID], "")
        answer = self.service.task(tasks.resource, iri, lang, key, first(params, "redirect") != "no")
        if answer[0] == "unknown":
            return self.not_found(key, lang, iri, answer[1])
        if answer[0] == "moved":
            return moved(answer[1], environ, iri)
        if answer[0] == "rdf":
            if len(answer[2]) > self.service.max_bytes:
                raise HttpError(413, f"the description is larger than {self.service.max_bytes:,} bytes, the "
                                     "limit of this endpoint (srbgraph serve --max-bytes raises it)")
            return Reply(200, answer[1], answer[2])
        from .pages import resource_html

        description = answer[1]
        page = resource_html(description, lang, self.assets, self.graph_link(description))
        return Reply(200, "text/html; charset=utf-8", self.capped(page.encode("utf-8"), "the page"),
                     headers={"Content-Security-Policy": html_policy("'none'")})

    @staticmethod
    def graph_link(description) -> str | None:
        """``/graph?focus=ID`` for an entity the graph view draws, else None (no dead links)."""
        if not description.iri.startswith(SRBR) or not description.labels or description.replaced_by:
            return None
        drawn = [c for c in description.classes if c.startswith(SRB) and c not in NOT_DRAWN]
        if not drawn or any(c in NOT_DRAWN for c in description.classes):
            return None
        return "/graph?focus=" + quote(description.iri[len(SRBR):], safe="")

    def not_found(self, key: str, lang: str, name: str, hint: str) -> Reply:
        from .pages import not_found_html, page_of, words
        from ..terms import shorten

        shown = shorten(name, ("srb", "srbr"))
        if key != "html":
            return Reply(404, "text/plain; charset=utf-8", f"not found: {shown}{hint}\n".encode("utf-8"))
        namespace = SRBR if name.startswith(SRBR) else SRB
        suggestions = [(shorten(namespace + found, ("srb", "srbr")), page_of(namespace + found))
                       for found in re.findall(r"'([^']*)'", hint)]
        page = not_found_html(lang, self.assets, words(lang)("unknown-iri", name=shown), suggestions)
        return Reply(404, "text/html; charset=utf-8", self.capped(page.encode("utf-8"), "the page"),
                     headers={"Content-Security-Policy": html_policy("'none'")})

    # -- self-description ------------------------------------------------------------------------
    def service_description(self, environ, params: dict) -> Reply:
        from . import tasks
        from .rdfout import serialize
        from .selfdesc import service_description

        key = negotiate(environ.get("HTTP_ACCEPT"), GRAPH_FORMATS, first(params, "format"))
        names, more = self.kept("named-graphs", lambda: self.service.task(tasks.named_graphs, LISTED_GRAPHS))
        kind, body = serialize(service_description(base_url(environ), self.service, names, more), key)
        return Reply(200, kind, body)

    def void(self, environ, params: dict) -> Reply:
        from . import tasks
        from .rdfout import serialize
        from .selfdesc import void_description

        key = negotiate(environ.get("HTTP_ACCEPT"), GRAPH_FORMATS, first(params, "format"))
        counts = self.kept("void", lambda: self.service.task(tasks.dataset_counts))
        kind, body = serialize(void_description(base_url(environ), counts), key)
        return Reply(200, kind, body)

    # -- the graph view and the files ------------------------------------------------------------
    def graph(self, params: dict) -> Reply:
        """The graph view of the store being served, made in a query worker (under its deadline
        and memory cap), the newest focus views kept."""
        from . import tasks

        focus = (first(params, "focus") or "").strip()
        if len(focus) > LONGEST_ID:
            raise HttpError(404, "no entity with so long a name")

        def make() -> tuple[bytes, str]:
            outcome, value = self.service.task(tasks.graph_page, focus, self.lang, self.service.max_bytes)
            if outcome == "error":
                raise HttpError(404, value)
            if outcome == "large":
                raise self.too_large("the graph page")
            return value, page_policy(value)

        page = self.kept("graph:" + focus, make)
        with self._lock:  # the focus views kept: the newest ones
            focused = [k for k in self._kept if k.startswith("graph:") and k != "graph:"]
            for old in focused[:-KEPT_FOCUS_PAGES]:
                del self._kept[old]
        return Reply(200, "text/html; charset=utf-8", page[0], headers={"Content-Security-Policy": page[1]})

    def asset(self, path: str, params: dict) -> Reply | None:
        found = self.assets.get(path)
        if found is None:
            return None
        content, kind, digest = found
        cache = "public, max-age=31536000, immutable" if first(params, "v") == digest else "no-cache"
        return Reply(200, kind, content, headers={"Cache-Control": cache})


def moved(successor: str, environ, iri: str) -> Reply:
    """301 Moved Permanently to the page of *successor* (the query string kept: ``?format=``,
    ``?lang=``), for the replaced entity *iri*: the contract's "every look-up by id leads to the
    successor", as Linked Data redirects a retired IRI."""
    from urllib.parse import parse_qsl, urlencode

    from .pages import page_of

    kept = [(k, v) for k, v in parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True) if k != "redirect"]
    location = (page_of(successor) or "/") + ("?" + urlencode(kept) if kept else "")
    text = f"moved permanently: {iri[len(SRBR):]} is replaced by {successor[len(SRBR):]} ({location})\n"
    return Reply(301, "text/plain; charset=utf-8", text.encode("utf-8"), headers={"Location": location})


def _size(value) -> int:
    """Bytes a kept value holds, about: its bytes and texts (the rest counted small)."""
    if isinstance(value, (bytes, str)):
        return len(value)
    if isinstance(value, (tuple, list)):
        return 64 + sum(_size(item) for item in value)
    if isinstance(value, dict):
        return 64 + sum(_size(k) + _size(v) for k, v in value.items())
    return 64


def _json(status: int, value) -> Reply:
    return Reply(status, "application/json; charset=utf-8", json.dumps(value, ensure_ascii=False).encode("utf-8"))
