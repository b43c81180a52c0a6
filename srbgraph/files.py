"""Files in and out: reading with a size limit, writing so that nobody ever sees half a file, and
one writer at a time in a data folder."""
from __future__ import annotations

import contextlib
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
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        _discard([tmp])
        raise


def _stage(path: Path, data: bytes) -> str:
    """Write *data* to a new temporary file beside *path* (made readable as a new file would be,
    flushed to disk) and return its name; on a failure the temporary file is gone again."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        _discard([tmp])
        raise
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
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        _discard(tmp for tmp, _path in staged)
        raise


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of *path*, refusing a file larger than *limit* bytes (a data file, table or graph
    that large is a mistake or an attack, and would be read into memory whole)."""
    path = Path(path)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise SrbError(f"{path}: larger than {limit // 1_000_000:,} MB, the most srbgraph reads from one file")
    return data


#: the lock file every command that writes into a data folder holds while it reads, checks and writes
LOCK_NAME = ".srbgraph.lock"


@contextlib.contextmanager
def data_lock(folder: Path, notify=None, wait: float | None = None):
    """Hold the data folder *folder* for one writer, from its first read to its last write.

    A review import reads the data files, checks every verdict against them and then writes: two
    imports at once would each check against the files as they were and the later write would take
    away the earlier one's verdicts. So each writer takes an exclusive ``flock`` on
    ``FOLDER/.srbgraph.lock`` (the kernel drops it when the process ends, even on a kill) for the
    whole check-and-write. A second writer waits, saying so once through *notify*, at most *wait*
    seconds (default :data:`srbgraph.limits.DATA_LOCK_WAIT`), and then refuses in one line: never
    two writers at once, never a verdict lost."""
    import fcntl
    import time

    from . import limits

    folder = Path(folder)
    wait = limits.DATA_LOCK_WAIT if wait is None else wait
    path = folder / LOCK_NAME
    try:
        handle = open(path, "a+b")
    except OSError as exc:
        raise SrbError(f"{folder}: cannot lock the data folder for writing ({exc.strerror or exc}: {path})") from None
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SrbError(f"{folder}: another srbgraph is still writing into it after {wait:g} s of "
                                   f"waiting (it holds {path}); nothing was written — run this again when "
                                   "it is done") from None
                if not told and notify is not None:
                    notify(f"waiting for another srbgraph writing {folder} …")
                    told = True
                time.sleep(0.05)
        yield
    finally:
        handle.close()  # closing the file releases the lock
