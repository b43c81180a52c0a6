"""The Oxigraph store (pyoxigraph): in memory (the default for the curated graph: it loads the
cached build in milliseconds), or persistent in a folder (``--store DIR``: for large linked graphs,
loaded once and reused; the curated graph is replaced when the data changed, linked named graphs
stay). A persistent store keeps costly results between runs until its files change, and so does
the build of the curated graph in memory until the build changes (:meth:`OxigraphStore.remember`);
the build is read only when a question is asked that no kept result answers
(:meth:`OxigraphStore.of_build`)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import QueryError, SrbError
from ..terms import IRI, BNode, Literal
from .base import Results, Store, Triples

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
        self._build: tuple[Path, str] | None = None  # (file, fingerprint) of a build not read yet
        self._kept_for: tuple[Path, str] | None = None  # (file, fingerprint) of the build held in memory
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise SrbError(f"cannot open the Oxigraph store in {self.path}: {exc}") from None

    @classmethod
    def of_build(cls, path: Path, fingerprint: str) -> OxigraphStore:
        """The build *path* (N-Triples srbgraph wrote from a validated graph, see
        :mod:`srbgraph.build_cache`) in memory, read on the first question a kept result does not
        answer: results :meth:`remember` keeps are filed under the build's *fingerprint*, so a
        command answered from them never reads the graph."""
        store = cls()
        store._build = (Path(path), fingerprint)
        store._kept_for = store._build
        return store

    @property
    def _db(self):
        """The pyoxigraph store, for this class's own use (a build given to :meth:`of_build` is
        read now if it was not yet)."""
        if self._build is not None:
            path, self._build = self._build[0], None
            # lenient: the file is srbgraph's own, written from a graph that passed validation
            # (its IRIs checked then); skipping the second check reads it about a third faster
            self._store.bulk_load(path=str(path), format=self._ox.RdfFormat.N_TRIPLES, lenient=True)
        return self._store

    @property
    def store(self):
        """The pyoxigraph store itself. Whoever takes it may write to it, so results kept for the
        build (:meth:`remember`) are no longer trusted for this instance."""
        self._kept_for = None
        return self._db

    def loaded(self) -> OxigraphStore:
        """This store with its graph read now (before forking workers that should share it)."""
        _ = self._db
        return self

    # -- loading -----------------------------------------------------------------------------
    def load_ntriples(self, data: bytes | str | Path, graph: str | None = None) -> None:
        """Bulk-load N-Triples into the default graph, or into the named *graph*."""
        ox = self._ox
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        if isinstance(data, Path):
            self._db.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        else:
            self._db.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=target)
        self._written()
        self._settle()

    def _settle(self) -> None:
        """Flush and compact a persistent store now rather than in the background, so that its
        files (and with them its :meth:`state`) settle before anyone reads."""
        if self.path is not None and not self.read_only:  # a read-only instance refuses to flush
            self._db.optimize()

    def load_file(self, path: Path, kind: str = "N_TRIPLES") -> None:
        """Bulk-load an RDF file (*kind*: an ``RdfFormat`` name Oxigraph parses itself) into the
        default graph (N-Quads and TriG: each quad into its own graph); a syntax error is one line
        naming the file."""
        ox = self._ox
        target = {} if kind in ("N_QUADS", "TRIG") else {"to_graph": ox.DefaultGraph()}
        try:
            self._db.bulk_load(path=str(path), format=getattr(ox.RdfFormat, kind), **target)
        except SyntaxError as exc:
            raise SrbError(f"{path}: not valid {kind.replace('_', '-').title()}: {' '.join(str(exc).split())[:200]}") from None
        self._written()

    def clear_graph(self, graph: str | None = None) -> None:
        ox = self._ox
        self._db.clear_graph(ox.NamedNode(graph) if graph else ox.DefaultGraph())
        self._written()

    def graph_marker(self, graph: str) -> str | None:
        """The fingerprint recorded for *graph* (see :meth:`mark_graph`)."""
        ox = self._ox
        meta = ox.NamedNode(graph + "#meta")
        for quad in self._db.quads_for_pattern(ox.NamedNode(graph), ox.NamedNode(IDENTIFIER), None, meta):
            return quad.object.value
        return None

    def mark_graph(self, graph: str, marker: str) -> None:
        ox = self._ox
        meta = ox.NamedNode(graph + "#meta")
        self._db.clear_graph(meta)
        self._db.add(ox.Quad(ox.NamedNode(graph), ox.NamedNode(IDENTIFIER), ox.Literal(marker), meta))
        self._written()

    def __len__(self) -> int:
        return len(self._db)

    def state(self) -> str | None:
        """A fingerprint of what the persistent store holds, for keeping query results between
        runs (:mod:`srbgraph.stores.resultcache`): the token of srbgraph's last write (every write
        through this class draws a new one, see :meth:`_written`) and the number of quads (which a
        write by another program changes). None where that cannot be told safely: in memory, and
        for a store opened read-only (another process may write while this one reads an older
        snapshot). The layout of RocksDB's files is no fingerprint: a background compaction moves
        them at any time. A build held in memory (:meth:`of_build`) and not written to since: its
        fingerprint."""
        if self._kept_for is not None:
            return "build " + self._kept_for[1]
        if self.path is None or self.read_only:
            return None
        token = next(self._db.quads_for_pattern(*self._generation_pattern()), None)
        return f"{token.object.value if token else '-'}:{len(self._db)}"

    def _generation_pattern(self) -> tuple:
        ox = self._ox
        return (ox.NamedNode(META_GRAPH + "#generation"), ox.NamedNode(IDENTIFIER), None, ox.NamedNode(META_GRAPH))

    def _written(self) -> None:
        """Record that this store changed: a new generation token (and settle the files)."""
        self._kept_for = None  # no longer the build as it was filed
        if self.path is None:
            return
        import uuid

        subject, predicate, _any, graph = self._generation_pattern()
        for quad in list(self._db.quads_for_pattern(subject, predicate, None, graph)):
            self._db.remove(quad)
        self._db.add(self._ox.Quad(subject, predicate, self._ox.Literal(uuid.uuid4().hex), graph))

    # -- querying ----------------------------------------------------------------------------
    def raw_query(self, query: str, **options):
        """The engine's own result object (pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or
        ``QueryTriples``) for a query whose parameters are already bound; errors as
        :class:`QueryError`. For callers that stream results themselves (``srbgraph serve``);
        *options* go to pyoxigraph's ``Store.query`` (``base_iri``, ``default_graph``,
        ``named_graphs``: the base and the dataset of a request)."""
        return self._run(query, **options)

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

    def _run(self, query: str, **options):
        try:
            return self._db.query(query, **options)
        except SyntaxError as exc:
            raise QueryError(_oxigraph_syntax_message(str(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise _failed(exc) from None

    def _select(self, query) -> Results:
        result = self._run(query)
        if not hasattr(result, "variables"):
            raise QueryError("not a SELECT query")
        return self._solutions(result)

    def _answer(self, query) -> Results | bool | Triples:
        ox = self._ox
        result = self._run(query)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            try:  # triples are computed while they are written: errors come here, too
                return Triples(result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
            except (OSError, ValueError, RuntimeError) as exc:
                raise _failed(exc) from None
        return self._solutions(result)

    def _solutions(self, result) -> Results:
        names = [v.value for v in result.variables]
        width = range(len(names))
        convert = self._from_ox
        try:  # solutions are computed while they are read: errors come here, too
            rows = [tuple(convert(solution[i]) for i in width) for solution in result]
        except (OSError, ValueError, RuntimeError) as exc:
            raise _failed(exc) from None
        return Results(names, rows)

    def _ask(self, query) -> bool:
        return bool(self._run(query))

    def select_values(self, query, params=None, *, values=None) -> list[tuple]:
        result = self._run(self.checked(query, params, values))
        if not hasattr(result, "variables"):
            raise QueryError("not a SELECT query")
        try:
            return [tuple([None if t is None else t.value for t in solution]) for solution in result]
        except (OSError, ValueError, RuntimeError) as exc:
            raise _failed(exc) from None

    def dump(self) -> bytes:
        ox = self._ox
        return self._db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def dump_named(self) -> bytes:
        ox = self._ox
        quads = [q for q in self._db.quads_for_pattern(None, None, None, None)  # not the store's own bookkeeping
                 if not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name.value != META_GRAPH]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"" if quads else b""

    def update(self, text: str) -> None:
        try:
            self._db.update(text)
            self._written()
        except SyntaxError as exc:
            raise QueryError(_oxigraph_syntax_message(str(exc))) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"update failed: {exc}") from None

    def prefers_kept(self) -> bool:
        return self._build is not None

    def remember(self, name, inputs, compute, to_rows, from_rows):
        """Kept in the build cache for a persistent store whose :meth:`state` can be told, and for
        a build held in memory (:mod:`srbgraph.stores.resultcache`), else computed."""
        from . import resultcache

        state = self.state()
        if state is None:
            return compute()
        where = self._kept_for[0] if self._kept_for is not None else self.path
        found = resultcache.read(where, name, state, inputs)
        if found is not None:
            return from_rows(found)
        value = compute()
        resultcache.write(where, name, state, inputs, to_rows(value))
        return value

    def close(self) -> None:
        if self.path is not None and not self.read_only:  # a read-only instance refuses to flush
            try:
                self._db.flush()
            except (OSError, AttributeError):
                pass
        self._store = None
        self._build = None


def _failed(exc: Exception) -> QueryError:
    """The engine's error as one line; a SERVICE call the sandbox stopped (no socket may be opened
    in a confined process, see :mod:`srbgraph.stores.sandbox`) says so."""
    from .sandbox import stopped_by_sandbox

    return QueryError(stopped_by_sandbox(exc) or f"query failed: {' '.join(str(exc).split())}")


def _oxigraph_syntax_message(message: str) -> str:
    match = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", message, re.S)
    if match:
        line, column, what = match.groups()
        return f"SPARQL syntax error at line {line}, column {column}: {' '.join(what.split())}"
    return "SPARQL syntax error: " + " ".join(message.split())
