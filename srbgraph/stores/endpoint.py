"""A remote SPARQL 1.1 endpoint (SPARQL Protocol over HTTP): Fuseki, GraphDB, QLever, the oxigraph
server, Virtuoso …

The queries srbgraph sends are plain SPARQL 1.1. A server that needs another form of the same query
is met by a *dialect*, a subclass that rewrites the query text before it is sent
(:class:`VirtuosoEndpoint`); which one applies is told by the server itself (its ``Server`` header,
read once from a tiny ``ASK`` when the store is opened with :func:`open_endpoint`).
"""
from __future__ import annotations

import json
import re

from ..errors import QueryError
from ..terms import IRI, BNode, Literal, Term
from .base import Results, Store, Triples
from .http import HttpClient, HttpStatusError
from .sparql import TOKEN, bind_values

RESULTS_JSON = "application/sparql-results+json"
#: graph formats an endpoint may answer a CONSTRUCT or DESCRIBE in, by media type → pyoxigraph's
#: name; N-Triples first (read line by line as it is), Turtle for servers that offer nothing
#: else. Not RDF/XML: an XML reader of a stranger's answer is where entity expansion lurks.
GRAPH_TYPES = {"application/n-triples": "N_TRIPLES", "text/plain": "N_TRIPLES", "text/turtle": "TURTLE",
               "application/x-turtle": "TURTLE"}
#: the Accept of a query whose form the client does not know: rows and truth values as SPARQL JSON,
#: graphs as N-Triples or Turtle (a server picks what fits the form of the query it parsed)
#: (not ``application/json``: a server may take it for JSON-LD)
ANY_FORM = f"{RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint (SPARQL Protocol, results as SPARQL JSON)."""

    kind = "endpoint"
    embedded = False
    #: the server software, as it named itself (``Server`` header), when known
    server = ""

    def __init__(self, url: str, timeout: float = 60.0, *, client: HttpClient | None = None):
        self.client = client or HttpClient(url, timeout=timeout, what="endpoint")
        self.url = self.client.url
        self.timeout = timeout

    def _post(self, query: str, accept: str) -> bytes:
        return self._send(query, accept).body

    def _send(self, query: str, accept: str):
        """The server's whole answer (:class:`~srbgraph.stores.http.Response`) to *query*."""
        import urllib.parse

        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        try:
            return self.client.request("POST", data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        except HttpStatusError as exc:
            raise QueryError(f"endpoint {self.url} answered {exc.status}: {exc.detail}") from None

    def _decode(self, data: bytes) -> dict:
        try:
            return json.loads(data)
        except ValueError:
            raise QueryError(f"endpoint {self.url} did not answer with SPARQL JSON results") from None

    @staticmethod
    def _term(cell: dict | None):
        if cell is None:
            return None
        kind = cell.get("type")
        if kind == "uri":
            return IRI(cell["value"])
        if kind == "bnode":
            return BNode(cell["value"])
        return Literal(cell["value"], cell.get("xml:lang"), cell.get("datatype"))

    def _select(self, query) -> Results:
        return self._rows(self._decode(self._post(query, RESULTS_JSON)))

    def _answer(self, query) -> Results | bool | Triples:
        """The server parses the query and answers in the type its form fits (:data:`ANY_FORM`):
        the answer's ``Content-Type`` tells rows and truth values (SPARQL JSON) from a graph."""
        answer = self._send(query, ANY_FORM)
        media = str(answer.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media in GRAPH_TYPES:
            return Triples(self._as_ntriples(answer.body, GRAPH_TYPES[media]))
        doc = self._decode(answer.body)
        if not isinstance(doc, dict) or not ("boolean" in doc or "results" in doc):
            raise QueryError(f"endpoint {self.url} answered in {media or 'an unnamed type'}, neither SPARQL JSON "
                             f"results nor N-Triples or Turtle")
        if "boolean" in doc:
            return bool(doc["boolean"])
        return self._rows(doc)

    def _as_ntriples(self, data: bytes, kind: str) -> bytes:
        """A graph the server sent, as N-Triples (Turtle parsed with its prefixes and base)."""
        if kind == "N_TRIPLES":
            return data
        import pyoxigraph as ox

        try:
            triples = list(ox.parse(data, format=getattr(ox.RdfFormat, kind), base_iri=self.url))
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"endpoint {self.url} sent a graph that is not valid {kind.title()}: "
                             f"{' '.join(str(exc).split())[:200]}") from None
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""

    def _rows(self, doc: dict) -> Results:
        names = doc.get("head", {}).get("vars", [])
        term = self._term
        rows = [tuple(term(b.get(n)) for n in names) for b in doc.get("results", {}).get("bindings", [])]
        return Results(names, rows)

    def _ask(self, query) -> bool:
        return bool(self._decode(self._post(query, RESULTS_JSON)).get("boolean"))

    def dump(self) -> bytes:
        return self._post(self.prepare("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None), "application/n-triples")


class VirtuosoEndpoint(EndpointStore):
    """OpenLink Virtuoso (7.x): the same queries, in the form Virtuoso answers correctly.

    * A ``FILTER`` inside ``OPTIONAL`` does not see a variable bound outside it (SPARQL says it
      does): each parameter's escaped term is also written into the FILTER expressions that name it,
      or the labels in the chosen language come back empty.
    * ``?x a/rdfs:subClassOf* C`` joined with the rest of a pattern gives no rows: the classes come
      from a sub-select instead (its ``LIMIT`` keeps Virtuoso from folding it back into the join).
    """

    def prepare(self, query: str, params: dict[str, Term] | None) -> str:
        return write_into_filters(bind_values(subclass_subselects(query), params), params)


_SUBCLASS_PATH = re.compile(
    r"(?P<var>[?$]\w+)\s+(?:a|rdf:type|<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>)\s*/\s*"
    r"(?:rdfs:subClassOf|<http://www\.w3\.org/2000/01/rdf-schema#subClassOf>)\s*\*\s+"
    r"(?P<cls>[A-Za-z][\w-]*:[\w-]+|<[^<>\s]+>)\s*(?P<end>[.}])")


def subclass_subselects(query: str) -> str:
    """``?x a/rdfs:subClassOf* C .`` → a sub-select of C's subclasses joined with ``?x a ?xClass``."""
    def replace(match: re.Match) -> str:
        var, cls = match.group("var"), match.group("cls")
        helper = f"?{var[1:]}Class_"
        end = " ." if match.group("end") == "." else " }"
        return (f"{{ SELECT {helper} WHERE {{ {helper} <http://www.w3.org/2000/01/rdf-schema#subClassOf>* {cls} }} "
                f"LIMIT 100000 }} {var} a {helper}{end}")
    return _SUBCLASS_PATH.sub(replace, query)


def write_into_filters(query: str, params: dict[str, Term] | None) -> str:
    """*query* with every ``?name`` (or ``$name``) of *params* inside a ``FILTER`` expression
    replaced by the parameter's escaped term. ``FILTER EXISTS { … }`` and ``FILTER NOT EXISTS``
    patterns, projections, ``BIND`` and the rest of the query stay as they are; comments, strings
    and IRIs are skipped."""
    if not params:
        return query
    out: list[str] = []
    tokens = list(TOKEN.finditer(query))
    state = None  # "filter": FILTER read; "call": FILTER name(…) read up to the name
    depth = 0  # parentheses open in the FILTER expression
    i = 0
    while i < len(tokens):
        match = tokens[i]
        kind, text = match.lastgroup, match.group()
        if depth:
            if kind == "other" and text == "(":
                depth += 1
            elif kind == "other" and text == ")":
                depth -= 1
            elif kind == "other" and text in "?$" and i + 1 < len(tokens):
                name = tokens[i + 1]
                if name.lastgroup == "word" and name.start() == match.end() and name.group() in params:
                    out.append(params[name.group()].n3())
                    i += 2
                    continue
        elif state is None:
            if kind == "word" and text.upper() == "FILTER":
                state = "filter"
        elif kind == "other" and text == "(":
            state, depth = None, 1
        elif kind == "comment" or text.isspace():
            pass
        elif state == "filter" and kind == "word" and text.upper() not in ("EXISTS", "NOT"):
            state = "call"  # FILTER regex(…), FILTER bound(…)
        else:
            state = None  # FILTER EXISTS { … }, FILTER NOT EXISTS { … }: a pattern, left alone
        out.append(text)
        i += 1
    return "".join(out)


#: server name (lower case, as in its ``Server`` header) → dialect
DIALECTS = {"virtuoso": VirtuosoEndpoint}


def open_endpoint(url: str, timeout: float = 60.0) -> EndpointStore:
    """The endpoint at *url*, in the dialect its server asks for (one ``ASK {}`` tells)."""
    import urllib.parse

    client = HttpClient(url, timeout=timeout, what="endpoint")
    body = urllib.parse.urlencode({"query": "ASK {}"}).encode("utf-8")
    try:
        answer = client.request("POST", data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": RESULTS_JSON})
        server = str(answer.headers.get("Server") or "")
    except HttpStatusError as exc:
        server = str((exc.headers or {}).get("Server") or "") if exc.headers is not None else ""
    dialect = next((cls for name, cls in DIALECTS.items() if name in server.lower()), EndpointStore)
    store = dialect(url, timeout, client=client)
    store.server = server
    return store
