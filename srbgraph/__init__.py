"""srbgraph — a knowledge graph of the Sozialraumbudget (SRB) workshops of Rhineland-Palatinate, 2023.

The library API (the ``srbgraph`` command is a thin layer over it)::

    import srbgraph
    store = srbgraph.open_store()                    # the shipped graph, in memory (Oxigraph)
    for p in srbgraph.paths(store, ["goal-orientierung-an-bedarfen"]):
        print(p.kind, " → ".join(node.label() for node in p.nodes), p.support)
    table = srbgraph.query(store, "obstacles-ranked", lang="en")
    table.to_pandas()                                # when pandas is installed
    graph = srbgraph.load()                          # the same graph as an rdflib Graph

Heavy modules (rdflib, networkx, pyvis, owlready2) are imported only when a function needs them.
"""
from __future__ import annotations

from ._version import __version__

__all__ = [
    "__version__", "SrbError", "ValidationFailed",
    "build_graph", "load", "open_store", "query", "paths", "gaps", "rank", "check_evidence",
]

from .errors import SrbError, ValidationFailed


def open_store(data_dir=None, *, store_dir=None, endpoint=None, engine="oxigraph", graph=None):
    """A store to query: the curated graph in memory (Oxigraph, or rdflib with ``engine="rdflib"``),
    a graph file (*graph*), a persistent Oxigraph folder (*store_dir*) or a SPARQL endpoint
    (*endpoint*); the same choices as the command line's ``--data/--graph/--store/--endpoint``."""
    from .stores.select import open_store as _open

    return _open(data_dir, store_dir=store_dir, endpoint=endpoint, engine=engine, graph=graph)


def query(store, name: str, lang: str = "de", **params):
    """Run the named query *name* (or SPARQL text) on *store* (a store or an rdflib graph) with
    *params* as strings, as on the command line; returns :class:`srbgraph.stores.base.Results`."""
    from pathlib import Path

    from .model.queries import bind, named, parse
    from .stores.select import as_store

    store = as_store(store)
    q = parse(Path("<text>"), name) if ("{" in name or "\n" in name) else named(name)
    return store.select(q.text, bind(q, {k: str(v) for k, v in params.items()}, store, lang))


def __getattr__(name: str):
    if name == "build_graph":
        from .curated.build import build_graph

        return build_graph
    if name == "load":
        from .build_cache import load

        return load
    if name == "paths":
        from .model.paths import find_paths

        return find_paths
    if name in ("gaps", "rank"):
        from .model import analysis

        return getattr(analysis, name)
    if name == "check_evidence":
        from .checks.evidence import check_evidence

        return check_evidence
    raise AttributeError(f"module 'srbgraph' has no attribute {name!r}")
