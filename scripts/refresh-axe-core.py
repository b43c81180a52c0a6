#!/usr/bin/env python3
"""Refresh the vendored axe-core (``tests/vendor/axe-core/``) from the npm registry.

axe-core (Deque Systems, MPL-2.0) is the accessibility checker ``tests/test_accessibility.py``
runs in Chromium on every HTML page srbgraph writes or serves: a test dependency, not code of
ours. Its built file is kept whole, exactly as the npm package ``axe-core`` publishes it, with its
licence, so that the test needs no internet. This script is the only way the files change:

    python3 scripts/refresh-axe-core.py                   # the pinned version again (repairs edits)
    python3 scripts/refresh-axe-core.py --version 4.14.1  # pin another version
    python3 scripts/refresh-axe-core.py --check           # offline: are the kept files the pinned ones?

As ``scripts/refresh-yasgui.py`` does for YASGUI: the tarball comes from registry.npmjs.org only,
is checked against the SHA-512 ``dist.integrity`` the registry states (and, for the pinned version,
the one in ``PINNED.json``) before anything is written; the kept files' SHA-256 go to
``PINNED.json``. Standard library only.
"""
from __future__ import annotations

import sys
from pathlib import Path

from npm_vendor import Vendored  # beside this script: what every refresh script shares

VENDORED = Vendored(
    package="axe-core",
    folder=Path(__file__).resolve().parent.parent / "tests" / "vendor" / "axe-core",
    #: member of the tarball → name kept in the vendor folder
    kept={"package/axe.min.js": "axe.min.js", "package/LICENSE": "LICENSE",
          "package/package.json": "package.json"},
    script="python3 scripts/refresh-axe-core.py",
    example="4.14.1",
)

if __name__ == "__main__":
    sys.exit(VENDORED.main(__doc__))
