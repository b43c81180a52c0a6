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
_OXIGRAPH_READS = {".nt": "N_TRIPLES", ".ttl": "TURTLE"}


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

    def __post_init__(self):
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

    # -- what it is --------------------------------------------------------------------------------
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
            return f"the graph file {self.graph}"
        return f"the data folder {self.data}" if self.data else "the shipped data"

    # -- opening ----------------------------------------------------------------------------------
    def open(self, notify: Callable[[str], None] | None = None) -> Store:
        """A store to query (close it, or use it in a ``with`` block)."""
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
        path = Path(self.graph)
        if not path.is_file():
            raise SrbError(f"graph file not found: {path}")
        if self.engine == "rdflib":
            from ..rdf_io import read_graph_file

            return RdflibStore(read_graph_file(path))
        store = OxigraphStore()
        kind = _OXIGRAPH_READS.get(path.suffix.lower())
        if kind is None:
            from ..rdf_io import read_graph_file, serialize

            store.load_ntriples(serialize(read_graph_file(path), "nt", is_canonical=True))
        else:
            store.load_file(path, kind)
        return store

    def _persistent_store(self, notify) -> Store:
        """The store folder, its curated graph replaced first when the data changed (a store
        opened read-only is taken as it is)."""
        if self.read_only:
            if not Path(self.store).is_dir():
                raise SrbError(f"store folder not found: {self.store}")
            return OxigraphStore(self.store, read_only=True)
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
        if self.graph:
            from ..rdf_io import read_graph_file

            return read_graph_file(Path(self.graph))
        if self.store or self.endpoint:
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

        return load(self.data, notify=notify)


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
