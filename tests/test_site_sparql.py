"""SPARQL in the browser (issue 28): the site's ``sparql.html`` opened by file:// in Chromium runs
the workbench against Oxigraph's WebAssembly store in the page, loaded with the graph the site was
written from — and no request leaves the page.

Checked on the shipped graph: the vendored Oxigraph is the pinned one with its licence; the page
loads the graph (status line), answers the default query and named queries with parameters with
the rows the library gives (and the very query text ``srbgraph query NAME -p …`` runs); result IRIs
link to the site's pages only where one is written; a broken graph is said in words; every request
the page makes is to file:, data: or blob:; axe-core finds no WCAG 2.1 A/AA violation in either
language. Load times and asset sizes are measured in ``benchmarks/``, not asserted here.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_accessibility import audit
from test_viz import browser  # noqa: F401 - fixture

from srbgraph.site import sparql

REPO = Path(__file__).resolve().parent.parent
OXIGRAPH = REPO / "srbgraph" / "site" / "vendor" / "oxigraph"
OBSTACLE = "obstacle-haltung-der-akteure"
GOAL = "goal-finanzierung-notwendiger-mittel"
#: named queries run in the page: (name, values given in the form)
NAMED = [("measures-for-obstacle", {"obstacle": OBSTACLE, "lang": "en"}),
         ("paths", {"goal": GOAL}),
         ("goals-without-indicators", {"support": "stated"}),
         ("workshop-results-where-figure-above", {"threshold": "3"}),
         ("entities", {"class": "srb:Obstacle"})]


# --------------------------------------------------------------------------------------------
# the vendored packages
# --------------------------------------------------------------------------------------------
def test_oxigraph_is_vendored_whole_with_its_licence_as_pinned():
    pinned = json.loads((OXIGRAPH / "PINNED.json").read_text(encoding="utf-8"))
    assert pinned["package"] == "oxigraph" and pinned["integrity"].startswith("sha512-")
    assert pinned["version"].startswith("0.5.")  # the series of the pyoxigraph srbgraph runs on
    for name, digest in pinned["files"].items():
        assert hashlib.sha256((OXIGRAPH / name).read_bytes()).hexdigest() == digest, f"{name} differs from the pinned one"
    package = json.loads((OXIGRAPH / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == pinned["version"] and package["license"] == "MIT OR Apache-2.0"
    assert "Permission is hereby granted" in (OXIGRAPH / "LICENSE-MIT").read_text(encoding="utf-8")
    assert "Apache License" in (OXIGRAPH / "LICENSE-APACHE").read_text(encoding="utf-8")


@pytest.mark.parametrize("script", ["refresh-oxigraph.py", "refresh-yasgui.py", "refresh-axe-core.py"])
def test_every_vendored_package_passes_its_offline_check(script):
    done = subprocess.run([sys.executable, str(REPO / "scripts" / script), "--check"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0 and "every kept file is as published" in done.stdout, done.stdout + done.stderr


def test_the_glue_becomes_a_classic_script_or_nothing():
    text = (OXIGRAPH / "web.js").read_text(encoding="utf-8")
    classic = sparql.classic_glue(text, "x")
    assert "import.meta" not in classic and "\nexport " not in classic and "window.oxigraph = (function" in classic
    assert "Store: Store" in classic and "init: __wbg_init" in classic
    with pytest.raises(Exception, match="cannot turn into a classic script"):
        sparql.classic_glue(text.replace("import.meta.url", "import.meta.resolve('x')"), "x")
    with pytest.raises(Exception, match="cannot turn into a classic script"):
        sparql.classic_glue(text + "\nimport something from './other.js';\n", "x")


# --------------------------------------------------------------------------------------------
# the page, written and opened from disk
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def store():
    from srbgraph.stores.select import GraphSource

    return GraphSource().open()


def write_site(store, folder: Path, pages=("resource/" + OBSTACLE + ".html",)) -> Path:
    from srbgraph.site.context import Site
    from srbgraph.site.folder import replace_folder
    from srbgraph.site.writer import SERVER_STYLE, STATIC

    site = Site(store=store, langs=("de", "en"))
    for path in [SERVER_STYLE, *sorted(STATIC.iterdir())]:  # as write_site does
        if path.is_file():
            site.files.add("assets/" + path.name, path.read_bytes())
    site.pages.update(pages)
    sparql.write_shared(site)
    for lang in site.langs:
        sparql.write(site.part(lang))
    replace_folder(folder, site.files)
    return folder


@pytest.fixture(scope="module")
def written(store, tmp_path_factory):
    return write_site(store, tmp_path_factory.mktemp("sparql") / "site")


class Opened:
    """``sparql.html`` of *lang* opened by file://, its requests and page errors recorded."""

    def __init__(self, chromium, folder: Path, lang: str):
        self.context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto((folder / lang / "sparql.html").as_uri(), timeout=60_000)
        self.page.wait_for_selector("body[data-store=ready], body[data-store=error]", timeout=60_000)
        self.page.wait_for_selector("body[data-terms]", timeout=60_000)

    def rows(self) -> list[dict]:
        return self.page.evaluate("""() => srbgraphWorkbench.state.yasgui.getTab().getYasr().results.getBindings()
            .map(row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.value])))""")

    def query_text(self) -> str:
        return self.page.evaluate("() => srbgraphWorkbench.state.yasgui.getTab().getQuery()")

    def run_named(self, name: str, values: dict) -> None:
        page = self.page
        page.evaluate("() => document.body.removeAttribute('data-results')")
        page.click(f"button.named-query[data-name={name}]")
        for key, value in values.items():
            field = page.locator(f"#param-{key}")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        page.click("#named-form button.run")
        page.wait_for_selector("body[data-results=shown], body[data-results=error]", timeout=60_000)

    def close(self) -> list[str]:
        self.context.close()
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]


def library_rows(store, text: str) -> list[dict]:
    result = store.select(text)
    return [{v: str(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_page_loads_the_graph_and_answers_the_default_query_as_the_library(browser, written, store, lang):  # noqa: F811
    from srbgraph.server.pages import EXAMPLE
    from srbgraph.site.context import SRBR

    opened = Opened(browser, written, lang)
    page = opened.page
    assert page.get_attribute("body", "data-store") == "ready"
    status = page.text_content("#store-status")
    assert status.startswith("Bereit:" if lang == "de" else "Ready:") and len(store.dump().splitlines()) > 1000
    assert page.get_attribute("html", "lang") == lang
    page.click(".yasqe_queryButton:visible")
    page.wait_for_selector("body[data-results=shown]", timeout=60_000)
    rows = opened.rows()
    assert rows and rows == library_rows(store, EXAMPLE)
    # an IRI links to its page where the site has one (relative), else it is text with its label
    link = page.locator(f"table.srb-table a.iri[href='../resource/{OBSTACLE}.html'], "
                        f"table.srb-table a.iri[href='resource/{OBSTACLE}.html']")
    assert link.count() == 1 and link.text_content() == f"srbr:{OBSTACLE}"
    assert page.locator("table.srb-table a.iri").count() == 1  # the only page written in this site
    assert page.locator("table.srb-table span.iri").count() == len(rows) - 1
    assert str(SRBR) + OBSTACLE in [row["obstacle"] for row in rows]
    assert opened.errors == []
    assert opened.close() == []


def test_named_queries_bound_in_the_page_are_the_librarys_text_and_rows(browser, written, store):  # noqa: F811
    from srbgraph.model.queries import bind, named

    opened = Opened(browser, written, "de")
    try:
        for name, values in NAMED:
            opened.run_named(name, values)
            query = named(name)
            text = store.prepare(query.text, bind(query, values, store))
            assert opened.query_text() == text, name
            assert opened.page.get_attribute("body", "data-results") == "shown", name
            rows = opened.rows()
            assert rows == library_rows(store, text), name
            assert rows or name == "workshop-results-where-figure-above", name  # linked figures: none shipped
        # a value that cannot be bound says so in the page's words, and no answer stays on screen
        opened.page.click("button.named-query[data-name=workshop-results-where-figure-above]")
        opened.page.fill("#param-threshold", "drei")
        opened.page.click("#named-form button.run")
        opened.page.wait_for_selector("body[data-results=cleared]")
        assert "muss eine ganze Zahl sein, nicht 'drei'" in opened.page.text_content("#status")
        # a CONSTRUCT answers with triples; an update is refused (the graph is read-only)
        answer = opened.page.evaluate("""async () => {
            const ask = body => fetch(srbgraphBackend.endpoint(), {method: 'POST', body: new URLSearchParams(body),
                                                                    headers: {Accept: 'text/turtle'}});
            const made = await ask({query: 'CONSTRUCT WHERE { ?s a <https://w3id.org/srbgraph/ontology#Obstacle> } LIMIT 2'});
            const update = await ask({update: 'INSERT DATA { <urn:a> <urn:b> <urn:c> }'});
            let refused = '';
            try { await fetch('https://example.org/'); } catch (e) { refused = String(e); }
            return {status: made.status, type: made.headers.get('Content-Type'), text: await made.text(),
                    update: update.status, refused: refused};
        }""")
        assert answer["status"] == 200 and answer["type"].startswith("text/turtle") and "Obstacle" in answer["text"]
        assert answer["update"] == 400 and "example.org" in answer["refused"]
        assert opened.errors == []
    finally:
        elsewhere = opened.close()
    assert elsewhere == []


def test_entity_parameters_offer_the_entities_of_their_kind_by_label(browser, written, store):  # noqa: F811
    from srbgraph.model.queries import named
    from srbgraph.terms import IRI, SRB

    opened = Opened(browser, written, "en")
    try:
        opened.page.click("button.named-query[data-name=measures-for-obstacle]")
        options = opened.page.eval_on_selector_all("#param-obstacle option", "os => os.map(o => [o.value, o.text])")
        members = {str(row[0]) for row in store.select(named("entities").text, {"class": IRI(SRB + "Obstacle")}).rows}
        assert options[0] == ["", "– any –"]
        assert {value for value, _ in options[1:]} == {iri.rsplit("/", 1)[1] for iri in members}
        assert ["obstacle-haltung-der-akteure", "Attitude of the actors"] in options
    finally:
        assert opened.close() == []


def test_a_graph_that_cannot_be_loaded_is_said_in_words(browser, store, tmp_path):  # noqa: F811
    folder = write_site(store, tmp_path / "site")
    script = folder / "assets" / "sparql-graph.js"
    from srbgraph.site.sparql import packed

    text, found = re.subn(r'"packed": "[^"]*"', '"packed": "' + packed(b"this is no turtle <") + '"',
                          script.read_text(encoding="utf-8"), count=1)
    assert found == 1
    script.write_text(text, encoding="utf-8")
    opened = Opened(browser, folder, "de")
    try:
        assert opened.page.get_attribute("body", "data-store") == "error"
        status = opened.page.text_content("#store-status")
        assert status.startswith("Der Graph ließ sich nicht laden:") and len(status) > 40
    finally:
        assert opened.close() == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_sparql_page_has_no_wcag_2_1_a_or_aa_violation(browser, written, lang):  # noqa: F811
    opened = Opened(browser, written, lang)
    try:
        opened.run_named("measures-for-obstacle", {"obstacle": OBSTACLE})
        result = audit(opened.page)
        print(f"axe-core [{lang}] site sparql.html: {result['passes']} rules passed")
        assert result["violations"] == [], json.dumps(result["violations"], indent=1, ensure_ascii=False)
    finally:
        assert opened.close() == []
