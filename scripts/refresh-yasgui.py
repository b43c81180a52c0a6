#!/usr/bin/env python3
"""Refresh the vendored YASGUI (``srbgraph/server/vendor/yasgui/``) from the npm registry.

YASGUI is a dependency of the query workbench of ``srbgraph serve``, not code of ours: its built
files are kept whole, exactly as the npm package ``@zazuko/yasgui`` publishes them, so that the
page works without internet. This script is the only way they change:

    python3 scripts/refresh-yasgui.py                  # the pinned version again (repairs edits)
    python3 scripts/refresh-yasgui.py --version 4.7.0  # pin another version
    python3 scripts/refresh-yasgui.py --check          # offline: are the kept files the pinned ones?

It downloads the package tarball from registry.npmjs.org, checks it against the ``dist.integrity``
(SHA-512) the registry states for that version — and, for the pinned version, against the integrity
recorded in ``PINNED.json`` — and only then writes the kept files and their SHA-256 into
``PINNED.json``. A tarball whose hash differs is refused and nothing is written. Standard library
only; the registry is the only host it talks to.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import sys
import re
import tarfile
import urllib.request
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
REGISTRY = "https://registry.npmjs.org/"
FOLDER = Path(__file__).resolve().parent.parent / "srbgraph" / "server" / "vendor" / "yasgui"
PINNED = FOLDER / "PINNED.json"
#: member of the tarball → name kept in the vendor folder
KEPT = {"package/build/yasgui.min.js": "yasgui.min.js",
        "package/build/yasgui.min.css": "yasgui.min.css",
        "package/package.json": "package.json"}
LARGEST = 64 << 20  # bytes of a tarball or metadata document read at most


def fetch(url: str) -> bytes:
    if not url.startswith(REGISTRY):
        raise SystemExit(f"refusing to fetch from another host than the registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as answer:
        data = answer.read(LARGEST + 1)
    if len(data) > LARGEST:
        raise SystemExit(f"{url}: larger than {LARGEST >> 20} MB")
    return data


def registry_dist(version: str) -> dict:
    """The ``dist`` block (tarball address and integrity) the registry states for *version*."""
    if not re.fullmatch(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?", version):
        raise SystemExit(f"not a version: {version!r} (e.g. 4.6.2)")
    url = REGISTRY + PACKAGE + "/" + version
    meta = json.loads(fetch(url))
    dist = meta.get("dist") or {}
    if meta.get("version") != version or not dist.get("tarball") or not dist.get("integrity"):
        raise SystemExit(f"the registry has no {PACKAGE}@{version} with a tarball and an integrity")
    return dist


def sha512_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified_tarball(version: str, pinned: dict | None) -> tuple[bytes, dict]:
    """The tarball of *version*, checked against the registry's integrity and the pinned one."""
    dist = registry_dist(version)
    if not dist["integrity"].startswith("sha512-"):
        raise SystemExit(f"the registry states no SHA-512 integrity for {version}: {dist['integrity']}")
    if pinned and pinned.get("version") == version and pinned.get("integrity") != dist["integrity"]:
        raise SystemExit(f"the registry's integrity of {version} differs from the pinned one; nothing written")
    data = fetch(dist["tarball"])
    found = sha512_integrity(data)
    if found != dist["integrity"]:
        raise SystemExit(f"tarball integrity mismatch: expected {dist['integrity']}, got {found}; nothing written")
    return data, dist


def members(data: bytes) -> dict[str, bytes]:
    """The kept files of the tarball (read by name; nothing else is extracted)."""
    found = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member, name in KEPT.items():
            info = tar.getmember(member)
            if not info.isfile():
                raise SystemExit(f"{member} is not a file in the tarball")
            found[name] = tar.extractfile(info).read()
    return found


def check() -> int:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    bad = [name for name, digest in pinned["files"].items()
           if not (FOLDER / name).is_file() or sha256((FOLDER / name).read_bytes()) != digest]
    if bad:
        print(f"changed or missing: {', '.join(bad)} (python3 scripts/refresh-yasgui.py restores them)")
        return 1
    print(f"{PACKAGE}@{pinned['version']}: every kept file is as published")
    return 0


def refresh(version: str | None) -> int:
    pinned = json.loads(PINNED.read_text(encoding="utf-8")) if PINNED.is_file() else None
    version = version or (pinned or {}).get("version")
    if not version:
        raise SystemExit("no pinned version yet: give --version")
    data, dist = verified_tarball(version, pinned)
    files = members(data)
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (FOLDER / name).write_bytes(content)
    record = {"package": PACKAGE, "version": version, "tarball": dist["tarball"], "integrity": dist["integrity"],
              "files": {name: sha256(content) for name, content in sorted(files.items())}}
    PINNED.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"{PACKAGE}@{version}: {', '.join(sorted(files))} written to {FOLDER} (integrity checked)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", help="pin this version instead of the pinned one")
    parser.add_argument("--check", action="store_true", help="only check the kept files against PINNED.json")
    args = parser.parse_args()
    return check() if args.check else refresh(args.version)


if __name__ == "__main__":
    sys.exit(main())
