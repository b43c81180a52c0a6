"""Every HTML page srbgraph writes or serves, in German and in English, opened in Debian's chromium
— for the accessibility test (axe-core) and the one-language test.

* served by ``srbgraph serve`` (one server per language, ``--lang``): the workbench (as it opens,
  and with a named query chosen and run), the page of an entity, of an ontology term and of an
  unknown id, and the graph page;
* written by ``srbgraph viz``: a neighbourhood at depth 2 with nothing selected (the list of its
  nodes beside the picture) and with the focus selected (its links by relation);
* written by ``srbgraph docs``: index, ontology and catalogue;
* written by ``srbgraph site --lang both`` and opened from disk: the choice of language, the start
  page, the pages of a goal, an obstacle, a link, a replaced entity and an ontology term, the
  ontology, paths, gaps, review status, search (with a query), the graph (a node selected by the
  address an entity page links) and SPARQL (the graph loaded, a named query run).

:func:`opened` yields each page, loaded and in the state named, as ``(name, page)``; every request
to another host than the file or the local server fails the test (the pages load nothing from
elsewhere).
"""
from __future__ import annotations

import urllib.parse
from contextlib import contextmanager

import pytest
from test_viz import browser  # noqa: F401 - browser is a fixture (chromium as every page test opens it)

LANGS = ("de", "en")
OBSTACLE = "obstacle-haltung-der-akteure"
GOAL = "goal-finanzierung-notwendiger-mittel"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """A running ``srbgraph serve`` per language."""
    from test_serve import start, stop

    running = {lang: start(tmp_path_factory.mktemp(f"serve-{lang}"), "--lang", lang) for lang in LANGS}
    yield running
    for served in running.values():
        stop(served)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The files of ``srbgraph viz`` (depth-2 neighbourhood of a goal) and ``srbgraph docs``, per
    language (the commands run as a reader runs them, with a cache of their own)."""
    import os
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("pages")
    env = dict(os.environ, SRBGRAPH_CACHE_DIR=str(tmp_path_factory.mktemp("pages-cache")))

    def srbgraph(*args):
        done = subprocess.run([sys.executable, "-m", "srbgraph", *map(str, args)], env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    files = {}
    for lang in LANGS:
        viz = folder / f"focus-{lang}.html"
        srbgraph("viz", "--focus", GOAL, "--depth", "2", "--lang", lang, "-o", viz)
        site = folder / f"site-{lang}"
        srbgraph("docs", "--lang", lang, "-o", site)
        files[lang] = {"viz": viz, "site": site}
    published = folder / "published"
    srbgraph("site", "--lang", "both", "-o", published)
    for lang in LANGS:
        files[lang]["published"] = published
    return files


# ---------------------------------------------------------------------------------------------
# the pages, each in the state it is checked in
# ---------------------------------------------------------------------------------------------
def _server_pages(url: str, lang: str) -> list[tuple[str, str, str]]:
    """(name, address, what to wait for / do) of the pages one server serves."""
    return [("workbench", url, "workbench"),
            ("workbench, a named query run", url, "run"),
            ("entity page", url + f"resource/{OBSTACLE}", "page"),
            ("entity page, other language", url + f"resource/{OBSTACLE}?lang={'en' if lang == 'de' else 'de'}",
             "page"),
            ("ontology term page", url + "ontology/Obstacle", "page"),
            ("not found", url + "resource/no-such-thing-here", "page"),
            ("graph page", url + f"graph?focus={OBSTACLE}", "viz")]


def _file_pages(files: dict) -> list[tuple[str, str, str]]:
    site = files["site"]
    return [("viz, depth 2, nothing selected", files["viz"].as_uri(), "viz"),
            ("viz, depth 2, the focus selected", files["viz"].as_uri(), "viz-select"),
            ("docs index", (site / "index.html").as_uri(), "page"),
            ("docs ontology", (site / "ontology.html").as_uri(), "page"),
            ("docs catalogue", (site / "catalogue.html").as_uri(), "page")]


#: the published site's pages: (name, path in the language's folder, state)
SITE_PAGES = (("site start", "index.html", "page"),
              ("site goal page", f"resource/{GOAL}.html", "page"),
              ("site obstacle page", f"resource/{OBSTACLE}.html", "page"),
              ("site link page", f"resource/link/{OBSTACLE}/hinders/goal-intensivere-beteiligung.html", "page"),
              ("site replaced entity", "resource/need-transparenz-sicherheit-koordination.html", "page"),
              ("site ontology term", "ontology/Obstacle.html", "page"),
              ("site ontology", "ontology.html", "page"),
              ("site paths", "paths.html", "page"),
              ("site gaps", "gaps.html", "page"),
              ("site review status", "review.html", "page"),
              ("site search", "search.html?q=Fachkr%C3%A4ftemangel", "search"),
              ("site graph, a node selected", f"graph.html#sel={OBSTACLE}", "viz"),
              ("site SPARQL, a named query run", "sparql.html", "site-sparql"))


def _site_pages(published, lang: str) -> list[tuple[str, str, str]]:
    pages = [(name, (published / lang).as_uri() + "/" + path, state) for name, path, state in SITE_PAGES]
    return [("site language choice", (published / "index.html").as_uri(), "page"), *pages]


def addresses(servers, written, lang: str) -> list[tuple[str, str, str]]:
    """Every page of *lang*: (name, address, state)."""
    return (_server_pages(servers[lang].url, lang) + _file_pages(written[lang])
            + _site_pages(written[lang]["published"], lang))


def page_language(name: str, lang: str) -> str:
    """The language a page is in: the entity page asked for in the other language is in that one;
    the site's choice of language is German, its English choice marked so."""
    if name == "site language choice":
        return "de"
    return ("en" if lang == "de" else "de") if name.endswith("other language") else lang


def _prepare(page, state: str) -> None:
    if state == "workbench":
        page.wait_for_selector("body[data-terms]", timeout=60_000)
    elif state == "run":
        page.wait_for_selector("body[data-terms]", timeout=60_000)
        page.click("button.named-query[data-name=measures-for-obstacle]")
        page.click("#named-form button.run")
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
    elif state == "search":
        page.wait_for_selector("#search-results li", timeout=60_000)
    elif state == "site-sparql":
        page.wait_for_selector("body[data-store=ready]", timeout=60_000)
        page.wait_for_selector("body[data-terms]", timeout=60_000)
        page.click("button.named-query[data-name=measures-for-obstacle]")
        page.click("#named-form button.run")
        page.wait_for_selector("table.srb-table tbody tr", timeout=60_000)
    elif state in ("viz", "viz-select"):
        page.wait_for_function("window.srbViz && window.srbViz.drawn", timeout=60_000)
        if state == "viz-select":
            page.evaluate("() => srbViz.selectNode(srbViz.data.focus, false)")
            page.wait_for_selector("#srb-panel .srb-links h4")


@contextmanager
def opened(chromium, name: str, address: str, state: str, *, bypass_csp: bool = False):
    """The page at *address* in *state*; fails on a request to another host or a page error."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=bypass_csp)
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(address, timeout=60_000)
        _prepare(page, state)
        yield page
    finally:
        context.close()
    here = urllib.parse.urlsplit(address).netloc
    elsewhere = [u for u in requests if not u.startswith(("file:", "data:", "about:", "blob:"))
                 and urllib.parse.urlsplit(u).netloc != here]
    assert elsewhere == [], f"{name}: requests to other hosts: {elsewhere[:3]}"
    assert errors == [], f"{name}: page errors: {errors[:3]}"
