"""The built graph: from the cache when it is fresh, else built (and the cache refreshed)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from . import cache, resources


def _say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def ensure_built(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    *,
    rebuild: bool = False,
    notify: Callable[[str], None] | None = _say_on_stderr,
) -> Path:
    """The N-Triples file of the current build of *data_dir* (default: the shipped data), built
    first when the data, the ontology or srbgraph changed since the last build. Raises
    :class:`~srbgraph.errors.ValidationFailed` on bad data."""
    resources.data_folder(data_dir)  # a missing folder is an error, not a reason to rebuild
    if rebuild or not cache.is_fresh(data_dir, ontology):
        _rebuild(data_dir, ontology, notify)
    return cache.cached_graph_file(data_dir)


def _rebuild(data_dir, ontology, notify):
    """Build, refresh the cache, and return the built rdflib graph."""
    from .build import build_graph, serialize

    if notify:
        notify("building the graph (first run, or data or ontology changed since the last build) …")
    graph = build_graph(data_dir, ontology)
    cache.store(serialize(graph, "nt"), data_dir, ontology)
    return graph


def load(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    *,
    rebuild: bool = False,
    notify: Callable[[str], None] | None = _say_on_stderr,
):
    """The graph of *data_dir* (default: the shipped data) as an rdflib :class:`~rdflib.Graph`."""
    from rdflib import Graph

    from .vocabulary import PREFIXES

    resources.data_folder(data_dir)
    if rebuild or not cache.is_fresh(data_dir, ontology):
        graph = _rebuild(data_dir, ontology, notify)  # no need to read back what was just built
    else:
        graph = Graph()
        graph.parse(cache.cached_graph_file(data_dir), format="nt")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph
