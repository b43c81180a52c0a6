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

import sys
from pathlib import Path

from npm_vendor import Vendored  # beside this script: what every refresh script shares

VENDORED = Vendored(
    package="@zazuko/yasgui",
    folder=Path(__file__).resolve().parent.parent / "srbgraph" / "server" / "vendor" / "yasgui",
    #: member of the tarball → name kept in the vendor folder
    kept={"package/build/yasgui.min.js": "yasgui.min.js",
          "package/build/yasgui.min.css": "yasgui.min.css",
          "package/package.json": "package.json"},
    script="python3 scripts/refresh-yasgui.py",
    example="4.6.2",
)

if __name__ == "__main__":
    sys.exit(VENDORED.main(__doc__))
