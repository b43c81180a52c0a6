"""A remote SPARQL 1.1 endpoint (SPARQL Protocol over HTTP)."""
from __future__ import annotations

import json
import re

from ..errors import QueryError, SrbError
from ..terms import IRI, BNode, Literal, Term
from .base import Results, Store
from .sparql import _TOKEN, bind_values


class EndpointStore(Store):
    """A remote SPARQL 1.1 endpoint (SPARQL Protocol, results as SPARQL JSON)."""

    kind = "endpoint"
    embedded = False

    def bind(self, query: str, params: dict[str, Term] | None) -> str:
        """The ``VALUES`` block, and each parameter's term also written into the FILTER expressions
        that name it: some servers (Virtuoso 7) do not let a FILTER inside OPTIONAL see a variable
        bound outside it, where SPARQL says it does; the labels in the chosen language then come
        back empty. Standard servers answer the same either way."""
        return write_into_filters(bind_values(query, params), params)

    def __init__(self, url: str, timeout: float = 60.0):
        if not re.match(r"https?://", url):
            raise SrbError(f"endpoint must be an http(s) URL, got {url!r}")
        self.url = url
        self.timeout = timeout

    def _post(self, query: str, accept: str) -> bytes:
        import urllib.error
        import urllib.parse
        import urllib.request

        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept,
            "User-Agent": "srbgraph"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            raise QueryError(f"endpoint {self.url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SrbError(f"cannot reach endpoint {self.url}: {reason}") from None

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
        doc = self._decode(self._post(query, "application/sparql-results+json"))
        names = doc.get("head", {}).get("vars", [])
        term = self._term
        rows = [tuple(term(b.get(n)) for n in names) for b in doc.get("results", {}).get("bindings", [])]
        return Results(names, rows)

    def _ask(self, query) -> bool:
        return bool(self._decode(self._post(query, "application/sparql-results+json")).get("boolean"))


def write_into_filters(query: str, params: dict[str, Term] | None) -> str:
    """*query* with every ``?name`` (or ``$name``) of *params* inside a ``FILTER`` expression
    replaced by the parameter's escaped term. ``FILTER EXISTS { … }`` and ``FILTER NOT EXISTS``
    patterns, projections, ``BIND`` and the rest of the query stay as they are; comments, strings
    and IRIs are skipped."""
    if not params:
        return query
    out: list[str] = []
    tokens = list(_TOKEN.finditer(query))
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
