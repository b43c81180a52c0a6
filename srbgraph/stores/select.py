"""Where the graph comes from: one way to say it, the same for every command and for a notebook.

A :class:`GraphSource` is one of five things:

* nothing given — the curated data shipped with srbgraph (built once, then taken from the build
  cache);
* ``data`` — a folder of curated YAML files of your own;
* ``graph`` — a graph file (Turtle, N-Triples, RDF/XML, JSON-LD), e.g. one ``srbgraph build``
  wrote;
* ``store`` — a persistent Oxigraph folder for large linked graphs: its curated (default) graph is
  kept in step with the shipped data or with ``data``; linked tables stay in named graphs;
* ``endpoint`` — any SPARQL 1.1 endpoint.

A figure linked once is seen by every command: ``srbgraph link`` writes, without ``--store``, into
the folder ``store`` of the build cache (:func:`linked_store`), and a source given nothing else
reads that store when it exists — the curated graph in it kept in step with the data, the linked
tables in their named graphs — instead of the build in memory. Its presence is one ``stat``, and a
persistent store keeps costly results as the build does, so ``srbgraph paths`` stays as quick. A
source that reads no linked graph while that store exists (``--graph``, ``--endpoint``, ``--engine
rdflib``) says so in one note line when it is opened.

:meth:`GraphSource.open` gives a :class:`~srbgraph.stores.base.Store` to query;
:meth:`GraphSource.rdflib_graph` the whole graph as an rdflib graph (for drawing, exporting and
checking). Combinations that make no sense are refused here, so a notebook gets the same errors
as the command line.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import SrbError
from ..terms import CURATED_GRAPH
from .base import Store
from .oxigraph import OxigraphStore
from .rdflib_store import RdflibStore

ENGINES = ("oxigraph", "rdflib")
#: graph file suffixes Oxigraph reads itself (no XML: RDF/XML and JSON-LD go through the bounded
#: reader of :mod:`srbgraph.rdf_io`)
_OXIGRAPH_READS = {".nt": "N_TRIPLES", ".ttl": "TURTLE", ".nq": "N_QUADS", ".trig": "TRIG"}
#: graph files that hold named graphs (their quads keep their graph; only Oxigraph keeps them)
_QUAD_FILES = (".nq", ".trig")


@dataclass(frozen=True)
class GraphSource:
    data: Path | None = None
    graph: Path | None = None
    store: Path | None = None
    endpoint: str | None = None
    engine: str = "oxigraph"
    #: open a persistent store read-only (it is then not refreshed from the data)
    read_only: bool = False
    #: the SERVICE IRIs queries on the opened store may call (``--allow-service``; default none)
    allow_service: tuple[str, ...] = ()
    #: given nothing else, read the store ``srbgraph link`` wrote into (see :func:`linked_store`)
    with_linked: bool = True
    #: set here: ``store`` is that store, chosen because nothing else was given
    linked_default: bool = False
    #: set here: that store exists but this source does not read it (it is named in a note)
    unread_linked: Path | None = None

    def __post_init__(self):
        if isinstance(self.graph, (list, tuple)):  # --graph given more than once: their union
            files = tuple(Path(g) for g in self.graph)
            object.__setattr__(self, "graph", files[0] if len(files) == 1 else files or None)
        given = [name for name, value in (("--graph", self.graph), ("--store", self.store),
                                           ("--endpoint", self.endpoint)) if value]
        if len(given) > 1:
            raise SrbError(f"give only one of {', '.join(given)} (each says where the graph comes from)")
        if self.data and (self.graph or self.endpoint):
            raise SrbError(f"--data goes with the shipped graph or --store, not with {given[0]}")
        if self.engine not in ENGINES:
            raise SrbError(f"unknown engine '{self.engine}' (use {' or '.join(ENGINES)})")
        if self.engine != "oxigraph" and (self.store or self.endpoint):
            raise SrbError(f"--engine {self.engine} is for a graph in memory, not with {given[0]}")
        if self.with_linked and not self.store and not self.linked_default:
            folder = linked_store(self.data)
            if folder is not None and not self.graph and not self.endpoint and self.engine == "oxigraph":
                object.__setattr__(self, "store", folder)
                object.__setattr__(self, "linked_default", True)
            elif folder is not None:
                object.__setattr__(self, "unread_linked", folder)

    # -- what it is --------------------------------------------------------------------------------
    @property
    def graphs(self) -> tuple[Path, ...]:
        """The graph files (``--graph``, one or more)."""
        if not self.graph:
            return ()
        return tuple(self.graph) if isinstance(self.graph, tuple) else (Path(self.graph),)

    @property
    def local(self) -> bool:
        """The graph is read in this process (not from an endpoint)."""
        return not self.endpoint

    def describe(self) -> str:
        if self.endpoint:
            return f"the endpoint {self.endpoint}"
        if self.store:
            return f"the store {self.store}"
        if self.graph:
            names = ", ".join(map(str, self.graphs))
            return f"the graph file{'s' if len(self.graphs) > 1 else ''} {names}"
        return f"the data folder {self.data}" if self.data else "the shipped data"

    # -- opening ----------------------------------------------------------------------------------
    def open(self, notify: Callable[[str], None] | None = None) -> Store:
        """A store to query (close it, or use it in a ``with`` block)."""
        self._note_unread(notify)
        store = self._open(notify)
        store.allow_service = tuple(self.allow_service)
        return store

    def _open(self, notify) -> Store:
        if self.endpoint:
            from .endpoint import open_endpoint

            return open_endpoint(self.endpoint)
        if self.graph:
            return self._graph_file_store()
        if self.store:
            return self._persistent_store(notify)
        from ..build_cache import current_build, load

        if self.engine == "rdflib":
            return RdflibStore(load(self.data, notify=notify))
        build = current_build(self.data, notify=notify)
        return OxigraphStore.of_build(build.path, build.fingerprint)

    def _graph_file_store(self) -> Store:
        from ..rdf_io import check_graph_file

        for path in self.graphs:  # every file, whatever its format and engine: it exists, within the cap
            check_graph_file(path)
        if self.engine == "rdflib":
            from ..rdf_io import read_graph_file

            quads = [path for path in self.graphs if path.suffix.lower() in _QUAD_FILES]
            if quads:
                raise SrbError(f"{quads[0]} holds named graphs: read it with --engine oxigraph (the default)")
            graph = read_graph_file(self.graphs[0])
            for path in self.graphs[1:]:
                graph += read_graph_file(path)
            return RdflibStore(graph)
        store = OxigraphStore()
        for path in self.graphs:  # one store: the default graph is the union of the files' default graphs
            kind = _OXIGRAPH_READS.get(path.suffix.lower())
            if kind is None:
                from ..rdf_io import read_graph_file, serialize

                store.load_ntriples(serialize(read_graph_file(path), "nt", is_canonical=True))
            else:
                store.load_file(path, kind)
        return store

    def _note_unread(self, notify) -> None:
        if self.unread_linked is not None and notify:
            how = f"--engine {self.engine}" if self.engine != "oxigraph" and not self.graph else self.describe()
            notify(f"note: the tables `srbgraph link` linked into {self.unread_linked} are not read from {how} "
                   f"(--store {self.unread_linked} reads them)")

    def _persistent_store(self, notify) -> Store:
        """The store folder, its curated graph replaced first when the data changed (a store
        opened read-only is taken as it is, except the store chosen by default, whose curated
        graph is brought up to date first when no other process holds it)."""
        if self.read_only:
            if not Path(self.store).is_dir():
                raise SrbError(f"store folder not found: {self.store}")
            if self.linked_default:
                try:
                    self._refreshed(notify).close()
                except SrbError as exc:  # held by another process (which keeps it up to date): read it as it is
                    if "lock" not in str(exc).lower():
                        raise
            return OxigraphStore(self.store, read_only=True)
        if self.linked_default:
            try:
                return self._refreshed(notify)
            except SrbError as exc:
                if "lock" not in str(exc).lower():
                    raise
                return OxigraphStore(self.store, read_only=True)  # another command holds it: read it as it is
        return self._refreshed(notify)

    def _refreshed(self, notify) -> Store:
        from ..build_cache import current_build

        build = current_build(self.data, notify=notify)
        store = OxigraphStore(self.store)
        if store.graph_marker(CURATED_GRAPH) != build.fingerprint:
            if notify:
                notify(f"loading the curated graph into the store {self.store} …")
            store.clear_graph(None)
            store.load_ntriples(build.path)
            store.mark_graph(CURATED_GRAPH, build.fingerprint)
        return store

    def rdflib_graph(self, notify: Callable[[str], None] | None = None):
        """The whole graph (default graph) as an rdflib :class:`~rdflib.Graph`."""
        if self.graph and len(self.graphs) == 1 and self.graphs[0].suffix.lower() not in _QUAD_FILES:
            from ..rdf_io import read_graph_file

            return read_graph_file(self.graphs[0])
        if self.linked_default:  # its default graph is the build: read the build, not the store
            from ..build_cache import load

            return load(self.data, notify=notify)
        if self.graph or self.store or self.endpoint:  # several files, or named graphs: the default graph
            from rdflib import Graph

            from ..terms import NAMESPACES

            with self.open(notify) as store:
                data = store.dump()
            graph = Graph()
            graph.parse(data=data, format="nt")
            for prefix, namespace in NAMESPACES.items():
                graph.bind(prefix, namespace, replace=True)
            return graph
        from ..build_cache import load

        self._note_unread(notify)
        return load(self.data, notify=notify)


def linked_store(data: Path | None = None) -> Path | None:
    """The store ``srbgraph link`` writes into by default (the folder ``store`` in the build cache
    of *data*), when it exists; else None."""
    from ..build_cache import cache_dir

    folder = cache_dir(data) / "store"
    return folder if folder.is_dir() else None


def open_store(data_dir: Path | None = None, *, store_dir: Path | None = None, endpoint: str | None = None,
               engine: str = "oxigraph", graph: Path | None = None, notify=None) -> Store:
    """The store for the shipped data, a data folder, a graph file, a persistent store or an
    endpoint (see :class:`GraphSource`)."""
    return GraphSource(data=data_dir, graph=graph, store=store_dir, endpoint=endpoint, engine=engine).open(notify)


def as_store(source) -> Store:
    """A :class:`~srbgraph.stores.base.Store` for *source* (a store already, or an rdflib graph)."""
    if isinstance(source, Store):
        return source
    if hasattr(source, "query") and hasattr(source, "triples"):
        return RdflibStore(source)
    raise TypeError(f"expected a srbgraph store or an rdflib graph, got {type(source).__name__}")
