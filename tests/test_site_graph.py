"""The site's interactive graph (issue 28): ``graph.html`` of ``srbgraph site`` — the picture of the
server's ``/graph``, with the site's header, each node's panel linking to its page, and the address
``graph.html#`` + ``fragment_of(iri)`` opening the page on that node.

The sites are written from the shipped graph with pages of a few entities (a page of one line
each: the entity pages are another part), into a folder by ``replace_folder``, and opened from disk
in Debian's chromium; every test fails on a request that leaves the folder or a page error.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_accessibility import audit
from test_viz import browser  # noqa: F401 - browser is a fixture

from srbgraph.render import viz
from srbgraph.site import graph
from srbgraph.site.context import Site
from srbgraph.site.folder import replace_folder
from srbgraph.stores.select import GraphSource
from srbgraph.terms import SRBR

FOCUS = "obstacle-fachkraeftemangel"
GOAL = "goal-fachpersonal-gewinnen-sichern"
NO_PAGE = "measure-perspektive-fachkraefte-einholen"  # drawn, but the site here has no page of it
WITH_PAGES = (FOCUS, GOAL)


@pytest.fixture(scope="module")
def store():
    with GraphSource().open() as opened:
        yield opened


def write(store, folder: Path, langs: tuple[str, ...]) -> None:
    """A site of *langs* with graph.html and the (one-line) pages of WITH_PAGES, written to *folder*."""
    site = Site(store=store, langs=langs)
    site.pages.update(f"resource/{ident}.html" for ident in WITH_PAGES)
    for lang in langs:
        part = site.part(lang)
        graph.write(part)
        for ident in WITH_PAGES:
            site.files.add(part.page(f"resource/{ident}.html"),
                           f'<!DOCTYPE html><html lang="{lang}"><title>page of {ident}</title><h1>{ident}</h1></html>')
    replace_folder(folder, site.files)


@pytest.fixture(scope="module")
def sites(store, tmp_path_factory):
    """One site in German alone (graph.html at the top) and one in both languages (de/, en/)."""
    one = tmp_path_factory.mktemp("site-graph") / "one"
    both = tmp_path_factory.mktemp("site-graph") / "both"
    write(store, one, ("de",))
    write(store, both, ("de", "en"))
    return {"one": one, "both": both}


@contextmanager
def opened(chromium, address: str):
    """The page at *address*, drawn; fails on a request that leaves the file or a page error."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(address, timeout=60_000)
        page.wait_for_function("window.srbViz && window.srbViz.drawn", timeout=60_000)
        yield page, requests
    finally:
        page.close()
    assert [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))] == []
    assert errors == []


# ---------------------------------------------------------------------------------------------
# The page as written
# ---------------------------------------------------------------------------------------------

def test_fragment_of_is_the_selection_the_viz_page_keeps_in_its_address():
    assert graph.fragment_of(SRBR + FOCUS) == "sel=" + FOCUS
    assert graph.fragment_of(SRBR + "a b&c") == "sel=a+b%26c"  # read back by URLSearchParams
    assert graph.fragment_of("https://w3id.org/srbgraph/ontology#Obstacle") == ""
    assert graph.fragment_of(SRBR) == ""


def test_the_panel_links_only_the_nodes_with_a_page_by_relative_addresses(sites):
    folder = sites["both"]
    html = (folder / "de" / "graph.html").read_text(encoding="utf-8")
    data = viz_data(html)
    assert data["pages"] == {ident: f"resource/{ident}.html" for ident in WITH_PAGES}
    assert NO_PAGE in {n["id"] for n in data["nodes"]}
    assert "https://" not in "".join(data["pages"].values())


def test_the_viz_page_without_the_site_has_no_site_header_and_no_page_links(store):
    html = viz.render_html(viz.build_view(store, focus=FOCUS, lang="de"))
    assert "pages" not in viz_data(html)
    assert 'class="site"' not in html and 'class="skip"' not in html and "<footer" not in html
    assert html.count("<main") == 1 and html.count("<h1") == 1


class Links(HTMLParser):
    """The links of the page's ``<nav>``: [href, text], in order."""

    def __init__(self):
        super().__init__()
        self.nav: list[list[str]] = []
        self.in_nav = self.in_link = False

    def handle_starttag(self, tag, attrs):
        if tag == "nav":
            self.in_nav = True
        elif tag == "a" and self.in_nav:
            self.nav.append([dict(attrs)["href"], ""])
            self.in_link = True

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav = False
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data):
        if self.in_link:
            self.nav[-1][1] += data


def parsed(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.mark.parametrize("lang", ("de", "en"))
def test_the_page_has_the_sites_header_navigation_and_language_switch(store, sites, lang):
    folder = sites["both"]
    html = (folder / lang / "graph.html").read_text(encoding="utf-8")
    # the navigation of every site page, as site_base.html writes it for a page beside this one
    probe = Site(store=store, langs=("de", "en"))
    probe.part(lang).render("graph.html", "site_base.html")
    base = probe.files.files[f"{lang}/graph.html"].decode("utf-8")
    assert parsed(html).nav == parsed(base).nav and len(parsed(html).nav) == 9
    assert parsed(html).nav[4] == ["graph.html", "Interaktiver Graph" if lang == "de" else "Interactive graph"]
    other = "en" if lang == "de" else "de"
    switch = re.search(r'<a class="switch" href="([^"]+)" lang="(\w+)" hreflang="\w+">', html)
    assert switch and switch.groups() == (f"../{other}/graph.html", other)
    assert (folder / other / "graph.html").is_file()
    assert f'<html lang="{lang}">' in html and '<a class="skip" href="#content">' in html
    assert html.count("<main") == 1 and html.count("<h1") == 1 and 'id="content"' in html
    # one language alone: no switch
    single = (sites["one"] / "graph.html").read_text(encoding="utf-8")
    assert 'class="switch"' not in single and parsed(single).nav[0][0] == "index.html"


# ---------------------------------------------------------------------------------------------
# In the browser, from file://
# ---------------------------------------------------------------------------------------------

def test_the_fragment_opens_the_node_centred_with_its_panel_and_its_page_link_leads_there(browser, sites):  # noqa: F811
    folder = sites["one"]
    address = (folder / "graph.html").as_uri() + "#" + graph.fragment_of(SRBR + FOCUS)
    with opened(browser, address) as (page, requests):
        assert page.evaluate("document.getElementById('srb-panel').dataset.id") == FOCUS
        assert page.inner_text("#srb-panel .srb-name") == "Fachkräftemangel"
        assert page.evaluate("srbViz.network.getSelectedNodes()") == [FOCUS]
        # centred: the node lies in the middle of the canvas
        off = page.evaluate("""id => { const n = srbViz.network, p = n.canvasToDOM(n.getPositions([id])[id]);
                                       const c = document.getElementById('srb-network');
                                       return [p.x - c.clientWidth / 2, p.y - c.clientHeight / 2]; }""", FOCUS)
        assert abs(off[0]) < 5 and abs(off[1]) < 5, off
        link = page.locator("#srb-panel .srb-page a")
        assert link.count() == 1 and link.get_attribute("href") == f"resource/{FOCUS}.html"
        assert link.inner_text() == "Seite mit allen Angaben"
        # a node without a page has no link; another with a page has its own
        page.evaluate(f"srbViz.selectNode('{NO_PAGE}', true)")
        assert page.evaluate("document.getElementById('srb-panel').dataset.id") == NO_PAGE
        assert page.locator("#srb-panel .srb-page a").count() == 0
        page.evaluate(f"srbViz.selectNode('{GOAL}', true)")
        assert page.locator("#srb-panel .srb-page a").get_attribute("href") == f"resource/{GOAL}.html"
        assert "sel=" + GOAL in page.evaluate("location.hash")
        page.evaluate(f"srbViz.selectNode('{FOCUS}', true)")
        with page.expect_navigation():
            page.click("#srb-panel .srb-page a")
        assert page.url == (folder / "resource" / f"{FOCUS}.html").as_uri()
        assert page.title() == f"page of {FOCUS}"
        assert all(urllib.parse.urlsplit(u).scheme in ("file", "data") for u in requests)


@pytest.mark.parametrize("lang", ("de", "en"))
def test_no_wcag_2_1_a_or_aa_violation_on_the_sites_graph_page(browser, sites, lang):  # noqa: F811
    folder = sites["both"]
    for state in ("nothing selected", "a node selected"):
        fragment = "#" + graph.fragment_of(SRBR + FOCUS) if state != "nothing selected" else ""
        with opened(browser, (folder / lang / "graph.html").as_uri() + fragment) as (page, _requests):
            if fragment:
                assert page.locator("#srb-panel .srb-page a").count() == 1
            result = audit(page)
        summary = ", ".join(f"{v['id']} ({v['impact']}, {v['count']}×)" for v in result["violations"]) or "none"
        print(f"axe-core [{lang}] site graph page, {state}: {result['passes']} rules passed; violations: {summary}")
        assert result["violations"] == [], result["violations"]


def test_the_skip_link_leads_past_the_navigation_to_the_graph(browser, sites):  # noqa: F811
    folder = sites["both"]
    with opened(browser, (folder / "en" / "graph.html").as_uri()) as (page, _requests):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "srb-search"


def viz_data(html: str) -> dict:
    return json.loads(re.search(r"^  var DATA = (.*);$", html, re.MULTILINE).group(1))
