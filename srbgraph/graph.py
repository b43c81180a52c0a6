"""Load the built graph: from the cache when it is fresh, else build it (and refresh the cache)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from rdflib import Graph

from . import cache, resources
from .vocabulary import PREFIXES


def _say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def load(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    *,
    rebuild: bool = False,
    notify: Callable[[str], None] | None = _say_on_stderr,
) -> Graph:
    """The graph of *data_dir* (default: the shipped data) as an rdflib :class:`~rdflib.Graph`.

    Uses the build cache when nothing changed since the last build; otherwise validates and builds
    (raising :class:`~srbgraph.errors.ValidationFailed` on bad data) and refreshes the cache.
    """
    resources.data_folder(data_dir)  # a missing folder is an error, not a reason to rebuild
    if not rebuild and cache.is_fresh(data_dir, ontology):
        graph = Graph()
        graph.parse(cache.cached_graph_file(data_dir), format="nt")
    else:
        from .build import build_graph, serialize

        if notify:
            notify("building the graph (data or ontology changed since the last build) …")
        graph = build_graph(data_dir, ontology)
        cache.store(serialize(graph, "nt"), data_dir, ontology)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph
