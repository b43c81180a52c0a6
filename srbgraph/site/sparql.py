"""SPARQL in the browser: the workbench of ``srbgraph serve`` on a static page, its queries run by
Oxigraph's WebAssembly build in the page on the whole graph the site was written from.

The page has to work from ``file://`` in a locked-down office browser, where Chromium refuses ES
modules, ``fetch`` of local files and every request to another host. So everything the page needs
comes as classic ``<script src>`` files, made here at write time from the vendored packages (which
stay untouched):

* ``assets/oxigraph/oxigraph.js`` — Oxigraph's web glue (``web.js``, an ES module) as a classic
  script: its ``export`` keywords taken away, the whole wrapped in a function that hands its
  exports to ``window.oxigraph``. The one place that would load the engine by address
  (``import.meta.url``) throws instead: the page always hands the engine over as bytes. Every
  rewrite must match exactly as often as expected, else the site is not written (a new Oxigraph
  glue is read again, not half-converted);
* ``assets/oxigraph/oxigraph-wasm.js`` — the engine (``web_bg.wasm``) gzip-packed, as base64 in a
  JS string; the page unpacks it with the browser's ``DecompressionStream`` (no request: the bytes
  are in the page already), 1.9 MB instead of 5.4;
* ``assets/sparql-graph.js`` — the graph as Turtle, packed the same way (0.3 MB instead of the 1.0 MB
  of its Turtle, 2.8 of its N-Triples), with the terms the editor completes and the entities a
  named query's parameter may name;
* ``assets/yasgui/`` and ``assets/workbench/`` — YASGUI (vendored for the server, with its
  licence; its script packed the same way, 0.37 MB instead of 1.0, unpacked by the page and run
  from a ``blob:`` address the page makes itself, then the workbench's scripts in order) and the
  server workbench's own scripts, unchanged.

**The in-page endpoint.** YASGUI runs a query with ``fetch(new Request(endpoint, …))``. The page
(``static/sparql-site.js``) replaces ``window.fetch`` before YASGUI starts: a request for the
endpoint's address (``sparql`` beside the page — it names no file and is never fetched) is
answered from the Oxigraph store in the page (SELECT and ASK as SPARQL JSON, CONSTRUCT and
DESCRIBE as Turtle; errors as a 400 whose text YASGUI shows); every other request is refused
before it leaves. This keeps YASGUI whole (no fork of its query code) and makes "nothing leaves
the page" a property of the page, not of a setting: a forgotten look-up fails in the open.
A service worker would be the web's own way, but file:// has none.

**One code path with the server.** The workbench's scripts ask a *backend* for what the server
answers (the endpoint's address, the terms, binding a named query, the page of an IRI); the site
page sets ``window.srbgraphBackend`` before them. Binding happens in the page, as
:func:`srbgraph.model.queries.bind` and :func:`srbgraph.stores.sparql.bind_values` do it: the
offset of each named query's WHERE group is computed here by the library (in UTF-16 units, as JS
counts), so the page only writes the same ``VALUES`` block at the same place; an entity parameter
is chosen from the entities of its kind by label (as :func:`srbgraph.model.entities.resolve`
would find them).

The query runs on the page's main thread: a heavy query holds the page until it is answered (a
worker would need a ``blob:`` script and the engine twice; the shipped graph answers every named
query in well under a second).
"""
from __future__ import annotations

import base64
import json
import re

from ..errors import SrbError
from .context import HERE, Site

OXIGRAPH = HERE / "vendor" / "oxigraph"
SERVER = HERE.parent / "server"
YASGUI = SERVER / "vendor" / "yasgui"
WORKBENCH_SCRIPTS = ("workbench.js", "results-table.js", "named-queries.js")
#: the endpoint's address beside the page: answered in the page, never fetched (see the module)
ENDPOINT_NAME = "sparql"


# --------------------------------------------------------------------------------------------
# once for the site
# --------------------------------------------------------------------------------------------
def write_shared(site: Site) -> None:
    """YASGUI, the workbench's scripts, Oxigraph as classic scripts and the graph, into ``assets/``."""
    for name in ("yasgui.min.css", "LICENSE"):
        site.files.add("assets/yasgui/" + name, (YASGUI / name).read_bytes())
    site.files.add("assets/yasgui/yasgui-packed.js",
                   "/* YASGUI (yasgui.min.js of @zazuko/yasgui, MIT, see LICENSE beside this file), gzip-packed, "
                   "as base64. */\n" f"window.srbgraphYasgui = \"{packed((YASGUI / 'yasgui.min.js').read_bytes())}\";\n")
    for name in WORKBENCH_SCRIPTS:
        site.files.add("assets/workbench/" + name, (SERVER / "static" / name).read_bytes())
    pinned = json.loads((OXIGRAPH / "PINNED.json").read_text(encoding="utf-8"))
    site.files.add("assets/oxigraph/oxigraph.js", classic_glue((OXIGRAPH / "web.js").read_text(encoding="utf-8"),
                                                               pinned["version"]))
    site.files.add("assets/oxigraph/oxigraph-wasm.js", wasm_script((OXIGRAPH / "web_bg.wasm").read_bytes()))
    for name in ("LICENSE-MIT", "LICENSE-APACHE", "package.json"):
        site.files.add("assets/oxigraph/" + name, (OXIGRAPH / name).read_bytes())
    site.files.add("assets/sparql-graph.js", graph_script(site))


_EXPORTED = re.compile(r"^export (class|function) (\w+)", re.MULTILINE)
_EXPORT_LIST = "export { initSync, __wbg_init as default };"
_BY_ADDRESS = "module_or_path = new URL('web_bg.wasm', import.meta.url);"


def classic_glue(text: str, version: str) -> str:
    """Oxigraph's ES-module glue as a classic script that sets ``window.oxigraph`` (see the module)."""
    names = [match.group(2) for match in _EXPORTED.finditer(text)]
    rewrites = ((_BY_ADDRESS, "throw new Error('the Oxigraph engine is handed over as bytes');", 1),
                (_EXPORT_LIST, "", 1))
    for old, new, count in rewrites:
        if text.count(old) != count:
            raise SrbError(f"the vendored Oxigraph glue (web.js {version}) has a form srbgraph cannot turn into "
                           f"a classic script ({old!r} found {text.count(old)} times, expected {count})")
        text = text.replace(old, new)
    text = _EXPORTED.sub(r"\1 \2", text)
    left = re.search(r"^\s*(export|import)\b|import\.meta", text, re.MULTILINE)
    if left or "Store" not in names:
        raise SrbError(f"the vendored Oxigraph glue (web.js {version}) has a form srbgraph cannot turn into a "
                       f"classic script ({left.group(0) if left else 'no Store'!r})")
    exports = ", ".join(f"{name}: {name}" for name in names)
    return (f"/* Oxigraph {version} (MIT OR Apache-2.0, see LICENSE-MIT and LICENSE-APACHE beside this file):\n"
            " * its web glue (web.js of the npm package), made a classic script by srbgraph site, which\n"
            " * removed the export keywords and wraps it; window.oxigraph holds what the module exports. */\n"
            "window.oxigraph = (function () {\n\"use strict\";\n" + text +
            f"\nreturn {{{exports}, initSync: initSync, init: __wbg_init}};\n}})();\n")


def wasm_script(data: bytes) -> str:
    """The engine's bytes, gzip-packed, as base64 in a classic script (no fetch of a .wasm file from
    file://); the page unpacks them with the browser's own ``DecompressionStream`` (1.9 MB instead of
    5.4 MB as plain base64)."""
    return ("/* Oxigraph's WebAssembly engine (web_bg.wasm, MIT OR Apache-2.0), gzip-packed, as base64. */\n"
            f"window.srbgraphOxigraphWasm = \"{packed(data)}\";\n")


def packed(data: bytes) -> str:
    """*data* gzip-compressed (reproducibly: no time stamp) and base64-encoded."""
    import gzip

    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


def graph_script(site: Site) -> str:
    """The graph as Turtle, the terms for completion and the entities parameters may name."""
    from ..model.describe import named_terms
    from ..model.queries import PREFIXES

    store = site.store
    turtle, triples, fmt = graph_turtle(site)
    doc = {"format": fmt, "triples": triples, "packed": packed(turtle.encode("utf-8")), "prefixes": PREFIXES,
           "terms": named_terms(store), "choices": entity_choices(store)}
    return ("/* The graph this site was written from, for the SPARQL page (written by srbgraph site). */\n"
            "window.srbgraphGraph = " + json.dumps(doc, ensure_ascii=False) + ";\n")


def graph_turtle(site: Site) -> tuple[str, int, str]:
    """Every triple of the site's default graph as Turtle with the graph's prefixes, their number
    and the format; with the named graphs of linked tables as TriG (the page's store then holds
    them as the server's does: ``GRAPH ?table { … }``). The triples are those the dumps were
    written from (:func:`srbgraph.site.rdf.whole_graph`, read once)."""
    import pyoxigraph

    from ..terms import NAMESPACES
    from .rdf import named_quads, whole_graph

    triples, named = whole_graph(site), named_quads(site)
    if not named:
        text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE, prefixes=dict(NAMESPACES))
        return text.decode("utf-8"), len(triples), "text/turtle"
    quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.DefaultGraph()) for t in triples] + named
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=dict(NAMESPACES))
    return text.decode("utf-8"), len(quads), "application/trig"


def entity_choices(store) -> dict[str, list[str]]:
    """IRIs an entity parameter may name, by its class (``""``: no class, every entity a reader may
    name) — the entities :func:`~srbgraph.model.entities.resolve` finds them among."""
    from ..model import queries
    from ..model.entities import named_rows
    from ..terms import IRI

    choices = {"": sorted({row[0] for row in named_rows(store)})}
    for query in queries.all_named():
        for parameter in query.parameters.values():
            hint = queries.class_hint(parameter) if parameter.type == "entity" else None
            if hint is not None and str(hint) not in choices:
                rows = store.select(queries.named("entities").text, {"class": IRI(str(hint))}).rows
                choices[str(hint)] = sorted({str(row[0]) for row in rows})
    return choices


# --------------------------------------------------------------------------------------------
# the page of one language
# --------------------------------------------------------------------------------------------
def write(part) -> None:
    """``sparql.html`` in the part's language."""
    from ..model import queries
    from ..server.pages import json_block, words, workbench_data
    from ..stores.sparql import where_group_start

    config, named = workbench_data(part.lang)
    by_name = {query.name: query for query in queries.all_named()}
    for entry in named:
        text = entry["text"]
        try:  # where bind_values writes the VALUES block, in UTF-16 units as the page counts
            entry["at"] = len(text[:where_group_start(text)].encode("utf-16-le")) // 2
        except SrbError:
            entry["at"] = None
        for parameter in entry["parameters"]:
            if parameter["type"] == "entity":
                hint = queries.class_hint(by_name[entry["name"]].parameters[parameter["name"]])
                parameter["choices"] = str(hint) if hint is not None else ""
    t = words(part.lang)
    keys = {"loading": "sparql-loading", "ready": "sparql-ready", "failed": "sparql-failed", "noWasm": "sparql-no-wasm",
            "any": "sparql-any", "unknownEntity": "sparql-unknown-entity", "badIri": "sparql-bad-iri",
            "readOnly": "sparql-read-only", "refused": "sparql-refused", "noParameter": "error-no-parameter",
            "wholeNumber": "error-whole-number", "lang": "error-lang", "support": "error-support", "iri": "error-iri"}
    site_words = {name: t(key) for name, key in keys.items()}  # {placeholders} stay: the page fills them
    here = part.page("sparql.html")
    pages = sorted(p for p in part.site.pages if p.startswith(("resource/", "ontology/")))
    scripts = [part.url(here, "assets/workbench/" + name) for name in WORKBENCH_SCRIPTS]
    site_config = {"lang": part.lang, "words": site_words, "endpoint": ENDPOINT_NAME, "pages": pages, "scripts": scripts,
                   "pageBase": part.url(here, part.page("x"))[:-1], "persistenceId": f"srbgraph-site-{part.lang}"}
    part.render("sparql.html", "sparql.html", config_json=json_block(config), named_json=json_block(named),
                site_json=json_block(site_config))
