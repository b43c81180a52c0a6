"""The Oxigraph store (pyoxigraph): in memory (the default for the curated graph: it loads the
cached build in milliseconds), or persistent in a folder (``--store DIR``: for large linked graphs,
loaded once and reused; the curated graph is replaced when the data changed, linked named graphs
stay). A persistent store keeps costly results between runs until its files change
(:meth:`OxigraphStore.remember`)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import QueryError, SrbError
from ..terms import IRI, BNode, Literal
from .base import Results, Store

#: where srbgraph notes the token of its last write to a persistent store
META_GRAPH = "https://w3id.org/srbgraph/graph/meta"
IDENTIFIER = "http://purl.org/dc/terms/identifier"


class OxigraphStore(Store):
    """A pyoxigraph store, in memory (*path* None) or persistent in the folder *path*."""

    kind = "oxigraph"
    writable = True

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
        self._written()
        self._settle()

    def _settle(self) -> None:
        """Flush and compact a persistent store now rather than in the background, so that its
        files (and with them its :meth:`state`) settle before anyone reads."""
        if self.path is not None and not self.read_only:  # a read-only instance refuses to flush
            self.store.optimize()

    def load_file(self, path: Path, kind: str = "N_TRIPLES") -> None:
        """Bulk-load an RDF file (*kind*: an ``RdfFormat`` name Oxigraph parses itself) into the
        default graph; a syntax error is one line naming the file."""
        ox = self._ox
        try:
            self.store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, kind), to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise SrbError(f"{path}: not valid {kind.replace('_', '-').title()}: {' '.join(str(exc).split())[:200]}") from None
        self._written()

    def clear_graph(self, graph: str | None = None) -> None:
        ox = self._ox
        self.store.clear_graph(ox.NamedNode(graph) if graph else ox.DefaultGraph())
        self._written()

    def graph_marker(self, graph: str) -> str | None:
        """The fingerprint recorded for *graph* (see :meth:`mark_graph`)."""
        ox = self._ox
        meta = ox.NamedNode(graph + "#meta")
        for quad in self.store.quads_for_pattern(ox.NamedNode(graph), ox.NamedNode(IDENTIFIER), None, meta):
            return quad.object.value
        return None

    def mark_graph(self, graph: str, marker: str) -> None:
        ox = self._ox
        meta = ox.NamedNode(graph + "#meta")
        self.store.clear_graph(meta)
        self.store.add(ox.Quad(ox.NamedNode(graph), ox.NamedNode(IDENTIFIER),
                               ox.Literal(marker), meta))
        self._written()

    def __len__(self) -> int:
        return len(self.store)

    def state(self) -> str | None:
        """A fingerprint of what the persistent store holds, for keeping query results between
        runs (:mod:`srbgraph.stores.resultcache`): the token of srbgraph's last write (every write
        through this class draws a new one, see :meth:`_written`) and the number of quads (which a
        write by another program changes). None where that cannot be told safely: in memory, and
        for a store opened read-only (another process may write while this one reads an older
        snapshot). The layout of RocksDB's files is no fingerprint: a background compaction moves
        them at any time."""
        if self.path is None or self.read_only:
            return None
        token = next(self.store.quads_for_pattern(*self._generation_pattern()), None)
        return f"{token.object.value if token else '-'}:{len(self.store)}"

    def _generation_pattern(self) -> tuple:
        ox = self._ox
        return (ox.NamedNode(META_GRAPH + "#generation"), ox.NamedNode(IDENTIFIER), None, ox.NamedNode(META_GRAPH))

    def _written(self) -> None:
        """Record that this store changed: a new generation token (and settle the files)."""
        if self.path is None:
            return
        import uuid

        subject, predicate, _any, graph = self._generation_pattern()
        for quad in list(self.store.quads_for_pattern(subject, predicate, None, graph)):
            self.store.remove(quad)
        self.store.add(self._ox.Quad(subject, predicate, self._ox.Literal(uuid.uuid4().hex), graph))

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
        result = self._run(self.checked(query, params))
        if not hasattr(result, "variables"):
            raise QueryError("not a SELECT query")
        return [tuple([None if t is None else t.value for t in solution]) for solution in result]

    def dump(self) -> bytes:
        ox = self._ox
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def update(self, text: str) -> None:
        try:
            self.store.update(text)
            self._written()
        except SyntaxError as exc:
            raise QueryError(_oxigraph_syntax_message(str(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def remember(self, name, inputs, compute, to_rows, from_rows):
        """Kept in the build cache for a persistent store whose :meth:`state` can be told
        (:mod:`srbgraph.stores.resultcache`), else computed."""
        from . import resultcache

        state = self.state()
        if state is None:
            return compute()
        found = resultcache.read(self.path, name, state, inputs)
        if found is not None:
            return from_rows(found)
        value = compute()
        resultcache.write(self.path, name, state, inputs, to_rows(value))
        return value

    def close(self) -> None:
        if self.path is not None and not self.read_only:  # a read-only instance refuses to flush
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
