"""What a build reads, read once: the ontology and every data file as bytes, and a fingerprint of
exactly those bytes.

Parsing and hashing the same bytes is what keeps the build cache honest: a file edited while a
build runs changes the files on disk, not the bytes this build was made from, so the cached graph
is filed under the fingerprint of what it was built from, and the next command sees the edit.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import limits, resources
from .._version import __version__
from ..errors import SrbError
from ..files import read_bounded


@dataclass(frozen=True)
class Inputs:
    """The ontology and the data files of one build, with their bytes."""

    folder: Path
    ontology: Path
    ontology_bytes: bytes
    files: tuple[tuple[Path, bytes], ...]
    fingerprint: str

    @property
    def size(self) -> int:
        """Bytes of data (for deciding whether a build is worth a progress display)."""
        return sum(len(data) for _path, data in self.files)


def read_inputs(data_dir: Path | None = None, ontology: Path | None = None) -> Inputs:
    """Read the ontology and every data file of *data_dir* (default: the shipped data) once."""
    folder = resources.data_folder(data_dir)
    onto = Path(ontology) if ontology else resources.ontology_file()
    if not onto.is_file():
        raise SrbError(f"ontology not found: {onto}")
    onto_bytes = read_bounded(onto, limits.MAX_YAML_BYTES)
    files = tuple((path, _head(path)) for path in resources.data_files(folder))
    digest = hashlib.sha256(f"srbgraph {__version__}\n".encode("utf-8"))
    for path, data in ((onto, onto_bytes), *files):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(data)
        digest.update(b"\0")
    return Inputs(folder, onto, onto_bytes, files, digest.hexdigest())


def _head(path: Path) -> bytes:
    """The file's bytes, but never more than one byte past the limit for data files: a larger
    file is refused when it is read (:func:`srbgraph.curated.read.read_folder` says so), and is
    not read into memory whole first."""
    with open(path, "rb") as handle:
        return handle.read(limits.MAX_YAML_BYTES + 1)
