"""The build cache: later commands reuse the last build and rebuild when an input changed.

Location: ``$SRBGRAPH_CACHE_DIR`` (else ``$XDG_CACHE_HOME/srbgraph``, else ``~/.cache/srbgraph``),
one sub-folder per data folder (``shipped`` for the data that comes with srbgraph). Each holds
``graph.nt`` (the last build) and ``fingerprint`` (a hash of srbgraph's version, the ontology and
every data file). A changed file, added or removed, changes the fingerprint.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__, resources
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
