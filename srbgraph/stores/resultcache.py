"""Results of costly queries on a persistent Oxigraph store or on a build of the curated graph,
kept between runs until the store or the build changes.

A result is filed under the store's folder (or the build's file) and a name (``paths-de``) in
``<cache root>/stores/<hash of that path>/`` and carries what it was computed from: the store's
state (:meth:`srbgraph.stores.oxigraph.OxigraphStore.state`: for a persistent store it changes
with every write, for a build it is the build's fingerprint), the query texts, and the versions of
srbgraph and Python. A file that does not match all of them is
ignored and replaced; a damaged file too. Files are JSON and written atomically.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from .. import resources
from .._version import __version__


def _file(store_path: Path, name: str) -> Path:
    key = hashlib.sha256(str(Path(store_path).resolve()).encode("utf-8")).hexdigest()[:16]
    return resources.cache_root() / "stores" / key / f"{name}.json"


def _stamp(state: str, inputs: tuple[str, ...]) -> str:
    digest = hashlib.sha256(f"srbgraph {__version__} python {sys.version_info[:2]}\n{state}\n".encode("utf-8"))
    for text in inputs:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def read(store_path: Path, name: str, state: str, inputs: tuple[str, ...]) -> list[tuple] | None:
    """The rows filed for this store, state and inputs, or None."""
    try:
        with open(_file(store_path, name), "rb") as handle:
            first = handle.readline()
            if json.loads(first) != _stamp(state, inputs):
                return None
            return [tuple(row) for row in json.loads(handle.read())]
    except (OSError, ValueError):
        return None


def write(store_path: Path, name: str, state: str, inputs: tuple[str, ...], rows: list[tuple]) -> None:
    """File *rows* (lists of strings or None); a cache that cannot be written is skipped."""
    from ..files import write_atomic

    payload = (json.dumps(_stamp(state, inputs)) + "\n" +
               json.dumps(rows, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
    try:
        write_atomic(_file(store_path, name), payload)
    except OSError:
        pass
