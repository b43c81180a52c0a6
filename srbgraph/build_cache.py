"""The build cache: later commands reuse the last build and rebuild when an input changed.

Location: ``$SRBGRAPH_CACHE_DIR`` (else ``$XDG_CACHE_HOME/srbgraph``, else ``~/.cache/srbgraph``),
one sub-folder per data folder (``shipped`` for the data that comes with srbgraph). Each holds
``graph.nt`` (the last build) and ``fingerprint`` (a hash of srbgraph's version, the ontology and
every data file). A changed file, added or removed, changes the fingerprint.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import resources
from ._version import __version__
from .resources import data_files


def cache_dir(data_dir: Path | None = None) -> Path:
    """The cache folder for *data_dir* (the shipped data when None)."""
    shipped = resources.data_dir().resolve()
    folder = Path(data_dir).resolve() if data_dir else shipped
    if folder == shipped:
        name = "shipped"
    else:
        name = "data-" + hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:12]
    return resources.cache_root() / name


def fingerprint(data_dir: Path | None = None, ontology: Path | None = None) -> str:
    """A hash of everything a build depends on."""
    folder = resources.data_folder(data_dir)
    digest = hashlib.sha256(f"srbgraph {__version__}\n".encode("utf-8"))
    onto = ontology or resources.ontology_file()
    for path in [onto, *data_files(folder)]:
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def cached_graph_file(data_dir: Path | None = None) -> Path:
    return cache_dir(data_dir) / "graph.nt"


def is_fresh(data_dir: Path | None = None, ontology: Path | None = None) -> bool:
    folder = cache_dir(data_dir)
    try:
        stored = (folder / "fingerprint").read_text(encoding="ascii").strip()
    except OSError:
        return False
    return stored == fingerprint(data_dir, ontology) and (folder / "graph.nt").is_file()


def store(nt_bytes: bytes, data_dir: Path | None = None, ontology: Path | None = None) -> Path:
    """Put a fresh build into the cache (graph first, fingerprint last)."""
    from .files import write_atomic

    folder = cache_dir(data_dir)
    write_atomic(folder / "graph.nt", nt_bytes)
    write_atomic(folder / "fingerprint", (fingerprint(data_dir, ontology) + "\n").encode("ascii"))
    return folder / "graph.nt"


"""The built graph: from the cache when it is fresh, else built (and the cache refreshed)."""

import sys
from typing import Callable


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
    if rebuild or not is_fresh(data_dir, ontology):
        _rebuild(data_dir, ontology, notify)
    return cached_graph_file(data_dir)


def _rebuild(data_dir, ontology, notify):
    """Build, refresh the cache, and return the built rdflib graph."""
    from .curated.build import build_graph
    from .rdf_io import serialize

    if notify:
        notify("building the graph (first run, or data or ontology changed since the last build) …")
    graph = build_graph(data_dir, ontology)
    store(serialize(graph, "nt"), data_dir, ontology)
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

    from .curated.vocabulary import PREFIXES

    resources.data_folder(data_dir)
    if rebuild or not is_fresh(data_dir, ontology):
        graph = _rebuild(data_dir, ontology, notify)  # no need to read back what was just built
    else:
        graph = Graph()
        graph.parse(cached_graph_file(data_dir), format="nt")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph
