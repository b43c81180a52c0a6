#!/usr/bin/env python3
"""Refresh the vendored Oxigraph WebAssembly build (``srbgraph/site/vendor/oxigraph/``) from the npm registry.

Oxigraph (MIT OR Apache-2.0) is the SPARQL engine of the static site's SPARQL page: its web build
(the JavaScript glue ``web.js`` and the engine ``web_bg.wasm``) runs the reader's queries in the
browser, with no server. It is a dependency, not code of ours: the files are kept whole, exactly
as the npm package ``oxigraph`` publishes them; ``srbgraph site`` derives the page's classic-script
form from them at write time (:mod:`srbgraph.site.sparql`) and never changes them. The version is
the newest 0.5.x on npm, nearest to the pyoxigraph srbgraph runs on (0.5.13; npm's latest is
0.5.11), so the page answers as ``srbgraph query`` does. This script is the only way they change:

    python3 scripts/refresh-oxigraph.py                   # the pinned version again (repairs edits)
    python3 scripts/refresh-oxigraph.py --version 0.5.11  # pin another version
    python3 scripts/refresh-oxigraph.py --check           # offline: are the kept files the pinned ones?

As ``scripts/refresh-yasgui.py`` does for YASGUI: the tarball comes from registry.npmjs.org only,
is checked against the SHA-512 ``dist.integrity`` the registry states (and, for the pinned version,
the one in ``PINNED.json``) before anything is written; the kept files' SHA-256 go to
``PINNED.json``. The npm tarball carries no licence file (its ``package.json`` states
"MIT OR Apache-2.0", its README the terms, both kept): ``LICENSE-MIT`` and ``LICENSE-APACHE`` beside
them are the texts of Oxigraph's repository (unchanged there since its first release), kept by
hand and not touched by this script. Standard library only.
"""
from __future__ import annotations

import sys
from pathlib import Path

from npm_vendor import Vendored  # beside this script: what every refresh script shares

VENDORED = Vendored(
    package="oxigraph",
    folder=Path(__file__).resolve().parent.parent / "srbgraph" / "site" / "vendor" / "oxigraph",
    #: member of the tarball → name kept in the vendor folder (the web build; not the Node one)
    kept={"package/web.js": "web.js", "package/web_bg.wasm": "web_bg.wasm", "package/web.d.ts": "web.d.ts",
          "package/package.json": "package.json", "package/README.md": "README.md"},
    script="python3 scripts/refresh-oxigraph.py",
    example="0.5.11",
)

if __name__ == "__main__":
    sys.exit(VENDORED.main(__doc__))
