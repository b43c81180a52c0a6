"""Where the shipped ontology, data and queries live.

In a wheel they travel inside the package (``srbgraph/_shipped/…``); in a source checkout or an
editable install they are the top-level folders ``ontology/``, ``data/`` and ``queries/``.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .errors import SrbError

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def _shipped(name: str) -> Path:
    """The shipped folder *name* (looked up once per process: an installation does not move)."""
    for base in (_PACKAGE / "_shipped", _PACKAGE.parent):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise SrbError(f"the shipped folder '{name}/' is missing from this installation of srbgraph")


def ontology_file() -> Path:
    """The OWL ontology ``srb.ttl``."""
    return _shipped("ontology") / "srb.ttl"


def data_dir() -> Path:
    """The curated YAML data shipped with srbgraph."""
    return _shipped("data")



def data_folder(given: Path | None = None) -> Path:
    """The folder *given*, or the shipped data when None; raises when the folder does not exist."""
    folder = Path(given) if given else data_dir()
    if not folder.is_dir():
        raise SrbError(f"data folder not found: {folder}")
    return folder


def queries_dir() -> Path:
    """The named SPARQL queries shipped with srbgraph."""
    return _shipped("queries")


def cache_root() -> Path:
    """Root of srbgraph's build cache: ``$SRBGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/srbgraph``,
    else ``~/.cache/srbgraph``."""
    if os.environ.get("SRBGRAPH_CACHE_DIR"):
        return Path(os.environ["SRBGRAPH_CACHE_DIR"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "srbgraph"


def data_files(folder: Path) -> list[Path]:
    """The curated YAML files of *folder* (``*.yaml``, then ``*.yml``), in name order."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) + sorted(
        p for p in folder.glob("*.yml") if p.is_file()
    )
