"""srbgraph — a knowledge graph of the Sozialraumbudget (SRB) workshops of Rhineland-Palatinate, 2023.

The library API (the ``srbgraph`` command is a thin layer over it)::

    import srbgraph
    graph = srbgraph.load()                 # the shipped graph (rebuilt when the data changed)
    for path in srbgraph.paths(graph):      # goal → (need) → obstacle → measure
        print(path.goal.label, "→", path.obstacle.label, "→", path.measure and path.measure.label)

Heavy modules (rdflib, networkx, pyvis, owlready2) are imported only when a function needs them.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "build_graph", "load", "paths", "check_evidence", "SrbError", "ValidationFailed"]

from .errors import SrbError, ValidationFailed


def __getattr__(name: str):
    if name == "build_graph":
        from .build import build_graph

        return build_graph
    if name == "load":
        from .graph import load

        return load
    if name == "paths":
        from .paths import find_paths

        return find_paths
    if name == "check_evidence":
        from .evidence import check_evidence

        return check_evidence
    raise AttributeError(f"module 'srbgraph' has no attribute {name!r}")
