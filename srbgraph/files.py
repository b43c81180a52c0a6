"""Files in and out: reading with a size limit, writing so that nobody ever sees half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import SrbError


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* so that readers see the old file or the whole new one, never a part.

    A failure (no space left on device, no permission …) raises an :class:`OSError` whose
    ``filename`` is *path*, the file the user asked for, and leaves no temporary file behind."""
    path = Path(path)
    try:
        _write(path, data)
    except OSError as exc:
        if exc.filename == str(path):
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    made: list[str] = []
    try:
        os.replace(_stage(path, data, made.append), path)
    except BaseException:
        _discard(made)
        raise


def _stage(path: Path, data: bytes, created) -> str:
    """Write *data* to a new temporary file beside *path* (made readable as a new file would be,
    flushed to disk) and return its name; *created* hears the name as soon as the file exists."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    created(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def _discard(names) -> None:
    for name in names:
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


def write_atomic_many(files: dict[Path, bytes]) -> None:
    """Write several files so that each is old or wholly new: every new content is written to a
    temporary file beside its target first, and only when all are there are they moved into
    place (a full disk or a missing permission then leaves every target as it was)."""
    made: list[str] = []
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            staged.append((_stage(path, data, made.append), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        _discard(made)
        raise


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of *path*, refusing a file larger than *limit* bytes (a data file, table or graph
    that large is a mistake or an attack, and would be read into memory whole)."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise SrbError(f"{path}: larger than {limit // (1024 * 1024):,} MB, the most srbgraph reads from one file")
    return data
