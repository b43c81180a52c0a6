"""The files of a site being made, and the folder they replace whole or not at all.

A site is written into a new folder beside the target (``.DIR.srbgraph-new-…``); only when every
file is there does it take the target's place: by an atomic exchange of the two folders where the
system offers one (Linux ``renameat2(RENAME_EXCHANGE)``), else by two renames in a row. The old
site is removed afterwards. A target that holds anything but an earlier site (marked by
:data:`MARKER`) is never replaced: a typo in ``-o`` must not delete someone's documents.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from ..errors import SrbError

#: the file that marks a folder as written by ``srbgraph site`` (it may be replaced)
MARKER = ".srbgraph-site"
#: bytes a site may hold at most (the shipped graph's site is far below; a huge store is refused)
MOST_BYTES = 2 << 30


class SiteFiles:
    """Site path (``de/resource/goal-x.html``, always ``/``-separated, relative) → bytes."""

    def __init__(self, most_bytes: int = MOST_BYTES):
        self.files: dict[str, bytes] = {}
        self.most_bytes = most_bytes
        self.size = 0

    def add(self, path: str, data: bytes | str) -> None:
        clean = PurePosixPath(path)
        if clean.is_absolute() or ".." in clean.parts or not clean.parts or str(clean) != path:
            raise SrbError(f"internal error: a site path must be relative and plain: {path!r}")
        if path in self.files:
            raise SrbError(f"internal error: two files of the site at {path}")
        data = data.encode("utf-8") if isinstance(data, str) else data
        self.size += len(data)
        if self.size > self.most_bytes:
            raise SrbError(f"the site would be larger than {self.most_bytes >> 20} MB: nothing was written")
        self.files[path] = data

    def __len__(self) -> int:
        return len(self.files)


def check_target(target: Path) -> None:
    """Refuse a target that is a file, or a folder holding anything but an earlier site."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise SrbError(f"{target}: not a folder; give -o a folder to write the site into")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise SrbError(f"{target}: the folder holds other files, not a site written by srbgraph site "
                       f"(no {MARKER}); choose a new or empty folder, nothing was written")


def replace_folder(target: Path, files: SiteFiles, on_written=None) -> None:
    """Write *files* into a new folder and put it in the place of *target* (see the module)."""
    target = Path(target).absolute()
    check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.srbgraph-new-", dir=target.parent))
    try:
        made: set[Path] = {new}
        for path, data in files.files.items():
            file = new / path
            if file.parent not in made:
                file.parent.mkdir(parents=True, exist_ok=True)
                made.add(file.parent)
            file.write_bytes(data)
        (new / MARKER).write_text("written by srbgraph site; the folder is replaced whole by the next run\n",
                                  encoding="utf-8")
        new.chmod(0o755)
        if on_written:
            on_written()
        _swap_in(new, target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise


def _swap_in(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    check_target(target)  # again: it may have changed while the site was written
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # *new* now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.srbgraph-old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    the system or its file system cannot."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
