"""The files the pages of ``srbgraph serve`` load besides themselves: our own scripts and style
sheets (``static/``) and the vendored YASGUI (``vendor/yasgui/``).

A fixed list, read once: only the regular files of these two folders are served, by their exact
names — a path that names anything else is a 404, so no request reaches the rest of the disk.
Each file's address carries a hash of its content (``…/workbench.js?v=3f2a…``), so a browser may
keep it for a year and still never runs a stale one after an upgrade.
"""
from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDERS = {"/static/": HERE / "static", "/vendor/yasgui/": HERE / "vendor" / "yasgui"}
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".json": "application/json", "": "text/plain; charset=utf-8"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class Assets:
    """The served files: URL path → (content, media type, content hash)."""

    def __init__(self):
        self._files: dict[str, tuple[bytes, str, str]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, tuple[bytes, str, str]]:
        with self._lock:
            if self._files is None:
                files = {}
                for prefix, folder in FOLDERS.items():
                    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
                        if path.is_file() and _NAME.fullmatch(path.name):
                            data = path.read_bytes()
                            files[prefix + path.name] = (data, TYPES.get(path.suffix, TYPES[""]),
                                                         hashlib.sha256(data).hexdigest()[:16])
                self._files = files
            return self._files

    def get(self, path: str) -> tuple[bytes, str, str] | None:
        """``(content, media type, hash)`` of the file at the URL *path*, or None."""
        return self._load().get(path)

    def url(self, path: str) -> str:
        """*path* with the hash of its content, for the pages' ``src`` and ``href``."""
        found = self._load().get(path)
        if found is None:
            raise KeyError(f"no served file {path}")
        return f"{path}?v={found[2]}"
