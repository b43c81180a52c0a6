"""Keeping a package from the npm registry whole in a vendor folder: what the ``refresh-*.py``
scripts beside this file share.

A vendored package is a dependency, not code of ours: its published files are kept exactly as the
registry serves them, with a ``PINNED.json`` that names the version, the tarball, the registry's
SHA-512 integrity and each kept file's SHA-256. :meth:`Vendored.refresh` is the only way the files
change: the tarball comes from registry.npmjs.org only, is checked against the integrity the
registry states (and, for the pinned version, the one in ``PINNED.json``) before anything is
written; a mismatch writes nothing. :meth:`Vendored.check` compares the kept files with the pin,
offline. Standard library only.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "https://registry.npmjs.org/"
LARGEST = 64 << 20  # bytes of a tarball or metadata document read at most


def fetch(url: str) -> bytes:
    if not url.startswith(REGISTRY):
        raise SystemExit(f"refusing to fetch from another host than the registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as answer:
        data = answer.read(LARGEST + 1)
    if len(data) > LARGEST:
        raise SystemExit(f"{url}: larger than {LARGEST >> 20} MB")
    return data


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha512_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


@dataclass(frozen=True)
class Vendored:
    """The npm *package* kept in *folder*: *kept* maps a member of its tarball to the name kept."""

    package: str
    folder: Path
    kept: dict
    script: str  # how to run the script that refreshes it (for messages)
    example: str  # a version, for the message on a malformed one

    @property
    def pinned_file(self) -> Path:
        return self.folder / "PINNED.json"

    def registry_dist(self, version: str) -> dict:
        """The ``dist`` block (tarball address and integrity) the registry states for *version*."""
        if not re.fullmatch(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?", version):
            raise SystemExit(f"not a version: {version!r} (e.g. {self.example})")
        meta = json.loads(fetch(f"{REGISTRY}{self.package}/{version}"))
        dist = meta.get("dist") or {}
        if meta.get("version") != version or not dist.get("tarball") or not dist.get("integrity"):
            raise SystemExit(f"the registry has no {self.package}@{version} with a tarball and an integrity")
        return dist

    def verified_tarball(self, version: str, pinned: dict | None) -> tuple[bytes, dict]:
        """The tarball of *version*, checked against the registry's integrity and the pinned one."""
        dist = self.registry_dist(version)
        if not dist["integrity"].startswith("sha512-"):
            raise SystemExit(f"the registry states no SHA-512 integrity for {version}: {dist['integrity']}")
        if pinned and pinned.get("version") == version and pinned.get("integrity") != dist["integrity"]:
            raise SystemExit(f"the registry's integrity of {version} differs from the pinned one; nothing written")
        data = fetch(dist["tarball"])
        found = sha512_integrity(data)
        if found != dist["integrity"]:
            raise SystemExit(f"tarball integrity mismatch: expected {dist['integrity']}, got {found}; nothing written")
        return data, dist

    def members(self, data: bytes) -> dict[str, bytes]:
        """The kept files of the tarball (read by name; nothing else is extracted)."""
        found = {}
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member, name in self.kept.items():
                info = tar.getmember(member)
                if not info.isfile():
                    raise SystemExit(f"{member} is not a file in the tarball")
                found[name] = tar.extractfile(info).read()
        return found

    def check(self) -> int:
        pinned = json.loads(self.pinned_file.read_text(encoding="utf-8"))
        bad = [name for name, digest in pinned["files"].items()
               if not (self.folder / name).is_file() or sha256((self.folder / name).read_bytes()) != digest]
        if bad:
            print(f"changed or missing: {', '.join(bad)} ({self.script} restores them)")
            return 1
        print(f"{self.package}@{pinned['version']}: every kept file is as published")
        return 0

    def refresh(self, version: str | None) -> int:
        pinned = json.loads(self.pinned_file.read_text(encoding="utf-8")) if self.pinned_file.is_file() else None
        version = version or (pinned or {}).get("version")
        if not version:
            raise SystemExit("no pinned version yet: give --version")
        data, dist = self.verified_tarball(version, pinned)
        files = self.members(data)
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (self.folder / name).write_bytes(content)
        record = {"package": self.package, "version": version, "tarball": dist["tarball"],
                  "integrity": dist["integrity"], "files": {name: sha256(content) for name, content in sorted(files.items())}}
        self.pinned_file.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"{self.package}@{version}: {', '.join(sorted(files))} written to {self.folder} (integrity checked)")
        return 0

    def main(self, description: str) -> int:
        parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
        parser.add_argument("--version", help="pin this version instead of the pinned one")
        parser.add_argument("--check", action="store_true", help="only check the kept files against PINNED.json")
        args = parser.parse_args()
        return self.check() if args.check else self.refresh(args.version)
