"""The build cache: later commands reuse the last build and rebuild it when an input changed.

Location: ``$SRBGRAPH_CACHE_DIR`` (else ``$XDG_CACHE_HOME/srbgraph``, else ``~/.cache/srbgraph``),
one sub-folder per data folder (``shipped`` for the data that comes with srbgraph). Each holds
``graph.nt`` (the last build) and ``fingerprint``: the hash of srbgraph's version, the ontology
and every data file. Each input is read once (:mod:`srbgraph.curated.inputs`): the graph is built
from the same bytes the fingerprint describes, so a file edited during a build is seen as a change
by the next command instead of being cached under the wrong graph.
"""
from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import resources
from .curated.inputs import Inputs, read_inputs
from .files import write_atomic

Notify = Callable[[str], None]

#: Data of at least this many bytes is worth a progress display while it builds (on a terminal).
PROGRESS_FROM = 5 * 1024 * 1024


def _say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def cache_dir(data_dir: Path | None = None) -> Path:
    """The cache folder for *data_dir* (the shipped data when None)."""
    shipped = resources.data_dir().resolve()
    folder = Path(data_dir).resolve() if data_dir else shipped
    if folder == shipped:
        name = "shipped"
    else:
        name = "data-" + hashlib.sha256(str(folder).encode("utf-8")).hexdigest()[:12]
    return resources.cache_root() / name


@dataclass(frozen=True)
class Build:
    """A build in the cache: the N-Triples file and the fingerprint of the inputs it was made from."""

    path: Path
    fingerprint: str


def _stored_fingerprint(folder: Path) -> str | None:
    try:
        return (folder / "fingerprint").read_text(encoding="ascii").strip()
    except OSError:
        return None


def is_fresh(data_dir: Path | None = None, ontology: Path | None = None) -> bool:
    """Whether the cached build describes the inputs as they are now."""
    folder = cache_dir(data_dir)
    return (_stored_fingerprint(folder) == read_inputs(data_dir, ontology).fingerprint
            and (folder / "graph.nt").is_file())


def put(inputs: Inputs, nt_bytes: bytes, data_dir: Path | None = None) -> Build:
    """File a build of *inputs* (graph first, fingerprint last: a reader never sees a fingerprint
    without its graph)."""
    folder = cache_dir(data_dir)
    write_atomic(folder / "graph.nt", nt_bytes)
    write_atomic(folder / "fingerprint", (inputs.fingerprint + "\n").encode("ascii"))
    return Build(folder / "graph.nt", inputs.fingerprint)


def current_build(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    *,
    rebuild: bool = False,
    notify: Notify | None = _say_on_stderr,
) -> Build:
    """The build of *data_dir* (default: the shipped data) that matches its files now, made first
    when the data, the ontology or srbgraph changed since the last build. Raises
    :class:`~srbgraph.errors.ValidationFailed` on bad data."""
    inputs = read_inputs(data_dir, ontology)
    folder = cache_dir(data_dir)
    if not rebuild and _stored_fingerprint(folder) == inputs.fingerprint and (folder / "graph.nt").is_file():
        return Build(folder / "graph.nt", inputs.fingerprint)
    return _rebuild(inputs, data_dir, notify)[0]


def ensure_built(data_dir: Path | None = None, ontology: Path | None = None, *, rebuild: bool = False,
                 notify: Notify | None = _say_on_stderr) -> Path:
    """The N-Triples file of the current build (see :func:`current_build`)."""
    return current_build(data_dir, ontology, rebuild=rebuild, notify=notify).path


def _rebuild(inputs: Inputs, data_dir: Path | None, notify: Notify | None):
    """Build from *inputs*, file the build, and return ``(build, rdflib graph)``."""
    from .curated.build import build_graph
    from .rdf_io import serialize

    if notify:
        notify("building the graph (first run, or data or ontology changed since the last build) …")
    progress = _progress_line if inputs.size >= PROGRESS_FROM and sys.stderr.isatty() else None
    graph = build_graph(inputs=inputs, progress=progress)
    if progress:
        progress("writing the build cache")
    # only ever loaded (by srbgraph, or by the server `push` sends it to): its blank-node labels need
    # not be canonical, which took 0.4 s of the shipped build (`build --output` still makes them so)
    build = put(inputs, serialize(graph, "nt", is_canonical=True), data_dir)
    if progress:
        sys.stderr.write("\n")
    return build, graph


def _progress_line(message: str) -> None:
    """One line on the terminal, overwritten by the next step."""
    sys.stderr.write(f"\r\033[K{message}")
    sys.stderr.flush()


def load(
    data_dir: Path | None = None,
    ontology: Path | None = None,
    *,
    rebuild: bool = False,
    notify: Notify | None = _say_on_stderr,
):
    """The graph of *data_dir* (default: the shipped data) as an rdflib :class:`~rdflib.Graph`."""
    from .terms import NAMESPACES

    inputs = read_inputs(data_dir, ontology)
    folder = cache_dir(data_dir)
    if rebuild or _stored_fingerprint(folder) != inputs.fingerprint or not (folder / "graph.nt").is_file():
        graph = _rebuild(inputs, data_dir, notify)[1]  # no need to read back what was just built
    else:
        from .rdf_io import read_ntriples

        graph = read_ntriples(folder / "graph.nt")  # linear also for very long labels
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph
