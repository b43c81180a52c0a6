"""The Oxigraph store (pyoxigraph): in memory, or persistent in a folder (RocksDB)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import QueryError, SrbError
from ..terms import IRI, BNode, Literal
from .base import Results, Store


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
