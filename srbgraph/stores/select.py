"""Opening the store a command or a notebook asks for."""
from __future__ import annotations

from pathlib import Path

from ..terms import CURATED_GRAPH
from .base import Store
from .endpoint import EndpointStore
from .oxigraph import OxigraphStore
from .rdflib_store import RdflibStore


# --------------------------------------------------------------------------------------------
# opening the store a command asks for
# --------------------------------------------------------------------------------------------
def open_store(data_dir: Path | None = None, *, store_dir: Path | None = None, endpoint: str | None = None,
               engine: str = "oxigraph", notify=None) -> Store:
    """The store for a command: an endpoint, a persistent Oxigraph folder (kept in step with the
    curated data), or the curated graph in memory (Oxigraph by default, rdflib on request)."""
    if endpoint:
        return EndpointStore(endpoint)
    from .. import build_cache as cache
    from ..build_cache import ensure_built

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
        from ..build_cache import load

        return RdflibStore(load(data_dir, notify=notify))
    store = OxigraphStore()
    store.load_ntriples(nt_file)
    return store






def as_store(source):
    """A :class:`~srbgraph.store.Store` for *source* (a store already, or an rdflib graph)."""
    from .base import Store
    from .rdflib_store import RdflibStore

    if isinstance(source, Store):
        return source
    if hasattr(source, "query") and hasattr(source, "triples"):
        return RdflibStore(source)
    raise TypeError(f"expected a srbgraph store or an rdflib graph, got {type(source).__name__}")
