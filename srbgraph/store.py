"""Where SPARQL runs: three kinds of store behind one small interface.

* :class:`OxigraphStore` — pyoxigraph, in memory (the default for the shipped graph: it loads the
  cached build in milliseconds) or persistent in a folder (``--store DIR``: for large linked graphs,
  loaded once and reused; the curated graph is replaced when the data changed, linked named graphs
  stay).
* :class:`RdflibStore` — an rdflib graph in memory (interop, notebooks, ``--engine rdflib``).
* :class:`EndpointStore` — any SPARQL 1.1 endpoint over HTTP (``--endpoint URL``: Fuseki, GraphDB,
  Virtuoso, QLever, the oxigraph server …).

The same named query runs unchanged on all three. Parameters are never pasted into the query
text as strings: on every store they become a ``VALUES`` block of RDF terms, each escaped by its
own serialiser (``IRI.n3``, ``Literal.n3``), placed at the start of the query's WHERE group — so a
value holding quotes, ``}`` or ``#`` stays one value, and every store gives the same answer.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .errors import SrbError
from .namespaces import XSD

CURATED_GRAPH = "https://w3id.org/srbgraph/graph/curated"


# --------------------------------------------------------------------------------------------
# terms: a small, engine-neutral representation of what queries return and take
# --------------------------------------------------------------------------------------------
class IRI(str):
    """An IRI."""

    __slots__ = ()

    def n3(self) -> str:
        if re.search(r'[\x00-\x20<>"{}|^`\\]', self):
            raise SrbError(f"not a valid IRI: {str(self)!r}")
        return f"<{self}>"


class Literal(str):
    """A literal with an optional language tag or datatype IRI."""

    __slots__ = ("language", "datatype")

    def __new__(cls, value: str, language: str | None = None, datatype: str | None = None):
        self = super().__new__(cls, value)
        self.language = language or None
        self.datatype = None if language else (datatype or None)
        if self.datatype == XSD + "string":
            self.datatype = None
        return self

    def n3(self) -> str:
        escaped = (str(self).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\r", "\\r").replace("\t", "\\t"))
        if self.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", self.language):
                raise SrbError(f"not a valid language tag: {self.language!r}")
            return f'"{escaped}"@{self.language}'
        if self.datatype:
            return f'"{escaped}"^^{IRI(self.datatype).n3()}'
        return f'"{escaped}"'

    def value(self):
        """The Python value: int, float, bool or str."""
        if self.datatype in (XSD + "integer", XSD + "int", XSD + "long"):
            try:
                return int(self)
            except ValueError:
                return str(self)
        if self.datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            try:
                return float(self)
            except ValueError:
                return str(self)
        if self.datatype == XSD + "boolean":
            return str(self) in ("true", "1")
        return str(self)


class BNode(str):
    """A blank node (its label is only meaningful inside one result)."""

    __slots__ = ()

    def n3(self) -> str:
        return f"_:{self}"


Term = IRI | Literal | BNode


@dataclass
class Results:
    """A SELECT result: variable names and rows of terms (``None`` where unbound)."""

    variables: list[str]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def to_pandas(self):
        """A pandas DataFrame (needs pandas installed): IRIs as text, literals as Python values."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise SrbError("pandas is not installed (pip install pandas)") from None
        return pd.DataFrame([[python_value(t) for t in row] for row in self.rows], columns=self.variables)


def python_value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.value()
    return str(term)


class QueryError(SrbError):
    """A query the engine refused; the message names line and column where the engine gives them."""


# --------------------------------------------------------------------------------------------
# stores
# --------------------------------------------------------------------------------------------
class Store:
    """What every store offers. Parameters are bound the same way on every store (a ``VALUES``
    block of escaped terms at the start of the WHERE group, see :func:`bind_values`), so a query
    gives the same answer wherever it runs."""

    kind = "store"
    #: the data sit in this process (not behind an endpoint): a query may read much of them
    embedded = True

    def state(self) -> str | None:
        """A fingerprint of what the store holds, where one can be told cheaply and safely (see
        :meth:`OxigraphStore.state`); None here."""
        return None

    def bind(self, query: str, params: dict[str, Term] | None) -> str:
        """*query* with *params* bound, as this store is sent it."""
        return bind_values(query, params)

    def select(self, query: str, params: dict[str, Term] | None = None) -> Results:
        return self._select(self.bind(query, params))

    def ask(self, query: str, params: dict[str, Term] | None = None) -> bool:
        return self._ask(self.bind(query, params))

    def _select(self, query: str) -> Results:
        raise NotImplementedError

    def select_values(self, query: str, params: dict[str, Term] | None = None) -> list[tuple]:
        """Rows of plain strings (IRI or literal value; ``None`` where unbound): the fast path for
        large results whose terms need no datatype or language."""
        return [tuple(None if t is None else str(t) for t in row) for row in self.select(query, params).rows]

    def _ask(self, query: str) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class OxigraphStore(Store):
    """A pyoxigraph store, in memory (*path* None) or persistent in the folder *path*."""

    kind = "oxigraph"

    def __init__(self, path: Path | None = None, *, read_only: bool = False):
        import pyoxigraph as ox

        self._ox = ox
        self.path = Path(path) if path else None
        self.read_only = bool(read_only)
        try:
            if self.path is None:
                self.store = ox.Store()
            elif read_only:
                self.store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(self.path))
        except OSError as exc:
            raise SrbError(f"cannot open the Oxigraph store in {self.path}: {exc}") from None

    # -- loading -----------------------------------------------------------------------------
    def load_ntriples(self, data: bytes | str | Path, graph: str | None = None) -> None:
        """Bulk-load N-Triples into the default graph, or into the named *graph*."""
        ox = self._ox
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        if isinstance(data, Path):
            self.store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        else:
            self.store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=target)
        if self.path is not None:
            # compact now rather than in the background, so that the store's files (and with them
            # its state, see below) settle before anyone reads
            self.store.optimize()

    def clear_graph(self, graph: str | None = None) -> None:
        ox = self._ox
        self.store.clear_graph(ox.NamedNode(graph) if graph else ox.DefaultGraph())

    def graph_marker(self, graph: str) -> str | None:
        """The fingerprint recorded for *graph* (see :meth:`mark_graph`)."""
        ox = self._ox
        meta = ox.NamedNode(graph + "#meta")
        for quad in self.store.quads_for_pattern(ox.NamedNode(graph), ox.NamedNode(
                "http://purl.org/dc/terms/identifier"), None, meta):
            return quad.object.value
        return None

    def mark_graph(self, graph: str, marker: str) -> None:
        ox = self._ox
        meta = ox.NamedNode(graph + "#meta")
        self.store.clear_graph(meta)
        self.store.add(ox.Quad(ox.NamedNode(graph), ox.NamedNode("http://purl.org/dc/terms/identifier"),
                               ox.Literal(marker), meta))

    def __len__(self) -> int:
        return len(self.store)

    def state(self) -> str | None:
        """A fingerprint of what the persistent store holds, for keeping query results between
        runs (:mod:`srbgraph.resultcache`); None where that cannot be told safely: in memory, and
        for a store opened read-only (another process may write while this one reads an older
        snapshot). Oxigraph keeps its data in RocksDB, whose table files (``*.sst``) never change
        and whose write-ahead logs (``*.log``) only grow, so their names and sizes change with every
        write; this process holds the store's lock, so no other process writes meanwhile."""
        if self.path is None or self.read_only:
            return None
        try:
            with os.scandir(self.path) as entries:
                sizes = {e.name: e.stat().st_size for e in entries if e.name.endswith((".sst", ".log"))}
        except OSError:
            return None
        if not any(name.endswith(".sst") for name in sizes):
            return None  # not the layout described above: no promise can be made
        return ";".join(f"{name}:{size}" for name, size in sorted(sizes.items())
                        if size or name.endswith(".sst"))

    # -- querying ----------------------------------------------------------------------------
    def raw_query(self, query: str):
        """The engine's own result object (pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or
        ``QueryTriples``) for a query whose parameters are already bound; errors as
        :class:`QueryError`. For callers that stream results themselves (``srbgraph serve``)."""
        return self._run(query)

    def _from_ox(self, term):
        if term is None:
            return None
        ox = self._ox
        if isinstance(term, ox.NamedNode):
            return IRI(term.value)
        if isinstance(term, ox.Literal):
            return Literal(term.value, term.language, term.datatype.value if term.datatype else None)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        return Literal(str(term))

    def _run(self, query: str):
        try:
            return self.store.query(query)
        except SyntaxError as exc:
            raise QueryError(_oxigraph_syntax_message(str(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def _select(self, query) -> Results:
        result = self._run(query)
        if not hasattr(result, "variables"):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        width = range(len(names))
        convert = self._from_ox
        rows = [tuple(convert(solution[i]) for i in width) for solution in result]
        return Results(names, rows)

    def _ask(self, query) -> bool:
        return bool(self._run(query))

    def select_values(self, query, params=None) -> list[tuple]:
        result = self._run(self.bind(query, params))
        if not hasattr(result, "variables"):
            raise QueryError("not a SELECT query")
        return [tuple([None if t is None else t.value for t in solution]) for solution in result]

    def close(self) -> None:
        if self.path is not None:
            try:
                self.store.flush()
            except (OSError, AttributeError):
                pass
        self.store = None


def _oxigraph_syntax_message(message: str) -> str:
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", message, re.S)
    if match:
        line, column, what = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {' '.join(what.split())}"
    return "SPARQL syntax error: " + " ".join(message.split())


class RdflibStore(Store):
    """An rdflib graph in memory."""

    kind = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    @staticmethod
    def _from_rdflib(term):
        import rdflib

        if term is None:
            return None
        if isinstance(term, rdflib.URIRef):
            return IRI(str(term))
        if isinstance(term, rdflib.Literal):
            return Literal(str(term), term.language, str(term.datatype) if term.datatype else None)
        if isinstance(term, rdflib.BNode):
            return BNode(str(term))
        return Literal(str(term))

    def _run(self, query: str):
        from pyparsing import ParseException

        try:
            return self.graph.query(query)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
        except Exception as exc:  # rdflib raises many kinds
            raise QueryError(f"query failed: {type(exc).__name__}: {exc}") from None

    def _select(self, query) -> Results:
        result = self._run(query)
        if result.type != "SELECT":
            raise QueryError("not a SELECT query")
        names = [str(v) for v in result.vars]
        convert = self._from_rdflib
        return Results(names, [tuple(convert(t) for t in row) for row in result])

    def _ask(self, query) -> bool:
        return bool(self._run(query).askAnswer)


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


# --------------------------------------------------------------------------------------------
# parameters as a VALUES block (for endpoints)
# --------------------------------------------------------------------------------------------
_TOKEN = re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<word>[A-Za-z_][A-Za-z0-9_]*)'
    r'|(?P<open>\{)|(?P<close>\})'
    r'|(?P<other>[\s\S])'
)


@lru_cache(maxsize=256)
def where_group_start(query: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group (comments, strings and IRIs
    are skipped; ``CONSTRUCT { … } WHERE { … }`` picks the second brace)."""
    depth = 0
    first_open = None
    after_where = False
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word" and depth == 0 and match.group().upper() == "WHERE":
            after_where = True
        elif kind == "open":
            if depth == 0:
                if after_where:
                    return match.end()
                if first_open is None:
                    first_open = match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_open is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    return first_open


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


def bind_values(query: str, params: dict[str, Term] | None) -> str:
    """*query* with *params* as ``VALUES (?a ?b) { (… …) }`` at the start of its WHERE group; each
    value is written as an escaped RDF term, so it cannot change the query's structure."""
    if not params:
        return query
    names = list(params)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SrbError(f"not a valid parameter name: {name!r}")
    values = " ".join(params[n].n3() for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    at = where_group_start(query)
    return query[:at] + block + query[at:]


# --------------------------------------------------------------------------------------------
# opening the store a command asks for
# --------------------------------------------------------------------------------------------
def open_store(data_dir: Path | None = None, *, store_dir: Path | None = None, endpoint: str | None = None,
               engine: str = "oxigraph", notify=None) -> Store:
    """The store for a command: an endpoint, a persistent Oxigraph folder (kept in step with the
    curated data), or the curated graph in memory (Oxigraph by default, rdflib on request)."""
    if endpoint:
        return EndpointStore(endpoint)
    from . import cache
    from .graph import ensure_built

    nt_file = ensure_built(data_dir, notify=notify)
    if store_dir is not None:
        store = OxigraphStore(store_dir)
        marker = cache.fingerprint(data_dir)
        if store.graph_marker(CURATED_GRAPH) != marker:
            if notify:
                notify(f"loading the curated graph into the store {store_dir} …")
            store.clear_graph(None)
            store.load_ntriples(nt_file)
            store.mark_graph(CURATED_GRAPH, marker)
        return store
    if engine == "rdflib":
        from .graph import load

        return RdflibStore(load(data_dir, notify=notify))
    store = OxigraphStore()
    store.load_ntriples(nt_file)
    return store


def compare_key(results: Results) -> list[tuple]:
    """Rows as sorted tuples of plain strings: for comparing results across engines."""
    def plain(term):
        if term is None:
            return ""
        if isinstance(term, Literal):
            return f"{term}@{term.language or ''}^^{term.datatype or ''}"
        if isinstance(term, BNode):
            return "_:"
        return str(term)
    return sorted(tuple(plain(t) for t in row) for row in results.rows)


def iter_params(pairs: Iterable[str]) -> Sequence[tuple[str, str]]:
    """``name=value`` strings → pairs (the value may hold '=')."""
    out = []
    for pair in pairs:
        if "=" not in pair:
            raise SrbError(f"--param needs name=value, got {pair!r}")
        name, value = pair.split("=", 1)
        out.append((name.strip().lstrip("?$"), value))
    return out
