"""The views of the published site (issue 28): paths, gaps, review status and the search, written
from the shipped data and opened from disk in Debian's chromium.

Each page is held to the library it is read from (the path listing, the gaps, the review round),
the filters and the search are used as a reader uses them, and the pages pass axe-core's WCAG 2.1
A/AA rules and speak one language. A second graph — the shipped one with a label that is markup
and a link its reviewer rejected — shows that data reach the page as text and that a rejected link
is left out and counted.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from every_page import opened
from test_accessibility import audit
from test_page_language import READ, ontology_words, strays
from test_viz import browser  # noqa: F401 - a fixture

from srbgraph.terms import SRB, SRBR, fold

LANGS = ("de", "en")
FACHKRAEFTEMANGEL = SRBR + "obstacle-fachkraeftemangel"
MARKUP = '<img src=x onerror="window.__xss=1">Haltung'
TRICKY = ["Fachkräfte-mangel", "FACHKRAEFTEMANGEL", "Fachkräftemangel", "Straße", "STRASSE", "ẞ", "é", "Été",
          "ß", "Zürich 2023", "a1-b2_c3", "„Mut zur Auseinandersetzung“!", "İstanbul", "ﬁnanz", "x²", "Ünïcödé",
          "Ä Ö Ü ä ö ü", "e\u0301", "Kita-Sozialarbeiter:innen", "   ", "", "Ω≈ç√", "١٢٣"]


def site_of(store, folder: Path):
    """The views and the search of *store* in both languages, written into *folder* (with every
    IRI of the data and the ontology given a page, as the entity pages give them)."""
    from srbgraph.site import search, views
    from srbgraph.site.context import Site, page_path_of
    from srbgraph.site.writer import STATIC

    site = Site(store=store, langs=LANGS)
    for (iri,) in store.select_values("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"):
        path = page_path_of(iri)
        if path:
            site.pages.add(path)
    for lang in LANGS:
        views.write(site.part(lang))
        search.write(site.part(lang))
    for name in ("views.js", "views.css", "search.js"):
        site.files.add("assets/" + name, (STATIC / name).read_bytes())
    for path, data in site.files.files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return site


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    from srbgraph.stores.select import open_store

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SRBGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("views-cache")))
        store = open_store()
        folder = tmp_path_factory.mktemp("site")
        site = site_of(store, folder)
        yield store, site, folder


@pytest.fixture(scope="module")
def altered(tmp_path_factory):
    """The shipped graph with an obstacle labelled with markup and one path link rejected by a
    reviewer (its direct triple gone, its assertion deprecated, as the build writes a rejection)."""
    import rdflib
    from rdflib.namespace import OWL, RDF, RDFS

    from srbgraph.model.paths import find_paths
    from srbgraph.stores.select import GraphSource, as_store

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SRBGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("views-cache-2")))
        graph = GraphSource().rdflib_graph()
        obstacle = rdflib.URIRef(SRBR + "obstacle-haltung-der-akteure")
        graph.remove((obstacle, RDFS.label, None))
        graph.add((obstacle, RDFS.label, rdflib.Literal(MARKUP, lang="de")))
        graph.add((obstacle, RDFS.label, rdflib.Literal(MARKUP, lang="en")))
        hop = next(h for p in find_paths(as_store(graph)) for h in p.hops if h.relation == "addresses")
        subject, relation, target = (rdflib.URIRef(x) for x in (hop.link[0], SRB + hop.link[1], hop.link[2]))
        assertion = next(a for a in graph.subjects(RDF.subject, subject) if (a, RDF.object, target) in graph
                         and (a, RDF.predicate, relation) in graph)
        graph.remove((subject, relation, target))
        graph.add((assertion, OWL.deprecated, rdflib.Literal(True)))
        review, agent = rdflib.URIRef(SRBR + "review/test"), rdflib.URIRef(SRBR + "agent/test")
        prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
        graph.add((review, RDF.type, rdflib.URIRef(SRB + "Review")))
        graph.add((review, rdflib.URIRef(SRB + "reviews"), assertion))
        graph.add((review, rdflib.URIRef(SRB + "verdict"), rdflib.URIRef(SRB + "rejected")))
        graph.add((review, prov.wasAttributedTo, agent))
        graph.add((agent, RDFS.label, rdflib.Literal("Dr. <b>Muster</b>")))
        store = as_store(graph)
        folder = tmp_path_factory.mktemp("site-altered")
        site = site_of(store, folder)
        yield store, site, folder, hop


def text(site, path: str) -> str:
    return site.files.files[path].decode("utf-8")


def uri(folder: Path, path: str) -> str:
    return (folder / path).as_uri()


# ------------------------------------------------------------------------------------------------
# the pages against the library
# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_paths_page_holds_every_path_of_the_library_once_in_the_table_and_in_the_tree(shipped, lang):
    from srbgraph.model.paths import find_paths
    from srbgraph.model.review import every_link
    from srbgraph.render.paths import count_line

    store, site, _folder = shipped
    paths = find_paths(store, lang=lang)
    page = text(site, f"{lang}/paths.html")
    assert len(paths) > 100
    assert page.count('<tr class="path') == len(paths)
    assert page.count('<section class="root"') == len({p.head.iri for p in paths})
    assert count_line(paths, lang).split(";")[0] in page  # "91 Pfade ab einem Ziel: …"
    # every hop's marker leads to the page of its link's assertion, and the page is in the site
    hops = sum(len(p.hops) for p in paths)
    marks = re.findall(r'<a class="mark [a-z]*" href="([^"]+)"', page)
    assert len(marks) >= hops  # the table has one per hop; the tree one per branch
    from srbgraph.site.context import page_path_of

    assertions = {page_path_of(link.assertion) for link in every_link(store, lang)}
    assert set(marks) <= assertions and set(marks) <= site.pages
    assert len(set(marks)) == len({h.link for p in paths for h in p.hops})
    # every entity links to its own page, relative
    assert 'href="resource/obstacle-fachkraeftemangel.html"' in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_gaps_page_lists_every_gap_the_library_finds(shipped, lang):
    from srbgraph.model.analysis import gaps

    store, site, _folder = shipped
    found = gaps(store, lang)
    page = text(site, f"{lang}/gaps.html")
    assert found and page.count('<li class="gap">') == len(found)
    for gap in found:
        assert f'href="resource/{gap.id}.html">' in page
    # beside an obstacle with no measure: what the documentation says of it (as `paths Fachkräftemangel` ends)
    assert "konkrete Lösungsstrategien" in page or "Lösungsstrategien" in page


@pytest.mark.parametrize("lang", LANGS)
def test_the_review_page_counts_what_the_round_state_counts(shipped, lang):
    from srbgraph.curated.reviews import STATUSES
    from srbgraph.model.review import round_state

    store, site, _folder = shipped
    state = round_state(store, lang)
    page = text(site, f"{lang}/review.html")
    table = page[page.index('id="review-counts"'):page.index("</table>", page.index('id="review-counts"'))]
    table = table[table.index("<tbody>"):]  # the rows of counts, then the totals
    cells = [[int(n) for n in re.findall(r"<td>(\d+)</td>", row)] for row in re.findall(r"<tr>(.*?)</tr>", table)]
    expected = [[counts[s] for s in STATUSES] + [sum(counts.values())] for counts in state.counts.values()]
    assert cells == expected + [[sum(c[i] for c in expected) for i in range(len(STATUSES) + 1)]]
    assert page.count('<tr class="status-') == len(state.links)


def test_a_rejected_link_is_left_out_and_counted_and_its_verdict_is_on_the_review_page(altered):
    from srbgraph.model.paths import find_paths
    from srbgraph.model.review import round_state

    store, site, _folder, hop = altered
    paths = find_paths(store)
    assert not any(h.link == hop.link for p in paths for h in p.hops)
    page = text(site, "de/paths.html")
    assert page.count('<tr class="path') == len(paths)
    assert "1 Verknüpfung haben Gutachter:innen abgelehnt" in page
    review = text(site, "de/review.html")
    assert round_state(store).counts[hop.support]["rejected"] == 1
    assert "Dr. &lt;b&gt;Muster&lt;/b&gt;: abgelehnt" in review


# ------------------------------------------------------------------------------------------------
# in the browser, from disk
# ------------------------------------------------------------------------------------------------
VISIBLE_ROWS = "() => [...document.querySelectorAll('#path-table tbody tr')].filter(r => r.checkVisibility())" \
               ".map(r => [r.dataset.goal, r.dataset.stated])"


@pytest.mark.parametrize("lang", LANGS)
def test_the_goal_and_support_filters_show_exactly_the_paths_asked_for(browser, shipped, lang):  # noqa: F811
    from srbgraph.model.paths import STATED, find_paths

    store, _site, folder = shipped
    paths = find_paths(store, lang=lang)
    goal = next(p.head.iri for p in paths if p.head.kind == "goal" and any(
        n.iri == FACHKRAEFTEMANGEL for n in p.nodes))
    with opened(browser, "paths", uri(folder, f"{lang}/paths.html"), "page") as page:
        assert len(page.evaluate(VISIBLE_ROWS)) == len(paths)
        page.select_option("#filter-goal", goal)
        rows = page.evaluate(VISIBLE_ROWS)
        assert len(rows) == sum(1 for p in paths if p.head.iri == goal) and {g for g, _s in rows} == {goal}
        assert str(len(rows)) in page.inner_text("#paths-shown")
        roots = page.evaluate("() => [...document.querySelectorAll('.tree section.root')]"
                              ".filter(r => r.checkVisibility()).map(r => r.dataset.goal)")
        assert roots == [goal]
        page.select_option("#filter-goal", "")
        page.select_option("#filter-support", "stated")
        rows = page.evaluate(VISIBLE_ROWS)
        assert len(rows) == sum(1 for p in paths if p.support == STATED) and {s for _g, s in rows} == {"1"}
        marks = page.evaluate("() => [...document.querySelectorAll('.tree li')].filter(l => l.checkVisibility())"
                              ".map(l => l.querySelector('.mark') ? l.querySelector('.mark').className : 'end')")
        assert marks and all(m in ("mark stated", "end") for m in marks)
        page.focus("#filter-support")  # keyboard: the filter is a plain select
        page.keyboard.press("ArrowUp")
        assert len(page.evaluate(VISIBLE_ROWS)) == len(paths)


def test_without_script_every_path_is_visible(browser, shipped):  # noqa: F811
    store, _site, folder = shipped
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(uri(folder, "de/paths.html"))
        from srbgraph.model.paths import find_paths

        visible = page.locator("#path-table tbody tr:visible").count()
        assert visible == len(find_paths(store)) and page.locator("#path-filter").is_hidden()
    finally:
        context.close()


def search_hits(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('#search-results li > a')].map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_finds_a_name_without_umlauts_and_a_word_of_a_quote(browser, shipped, lang):  # noqa: F811
    _store, site, folder = shipped
    page_text = text(site, f"{lang}/search.html")
    index = json.loads(re.search(r'id="search-index">(.*?)</script>', page_text, re.DOTALL).group(1))
    # a word of a quote that stands in no label or other name of any entry
    names = " ".join(fold(n) for e in index["entries"] for n in (e[2], e[3], *(a[0] for a in e[4])))
    entry, word = next((e, w) for e in index["entries"] if e[5] for w in re.findall(r"\w{9,}", e[5][0][0])
                       if fold(w) not in names)
    with opened(browser, "search", uri(folder, f"{lang}/search.html") + "?q=fachkraeftemangel", "page") as page:
        assert page.input_value("#search-q") == "fachkraeftemangel"
        assert "resource/obstacle-fachkraeftemangel.html" in search_hits(page)
        assert page.inner_text("#search-count").strip()[0].isdigit()
        page.fill("#search-q", "")
        page.focus("#search-q")
        page.keyboard.type(word.upper())
        page.keyboard.press("Enter")
        assert entry[0] in search_hits(page)
        shown = page.inner_text("#search-results")
        assert index["sections"][entry[5][0][1]] in shown  # the quote's section
    with opened(browser, "search", uri(folder, f"{lang}/search.html") + "?q=FACHKR%C3%84FTE-MANGEL", "page") as page:
        assert "resource/obstacle-fachkraeftemangel.html" in search_hits(page)


def test_the_script_folds_as_the_command_line_folds(browser, shipped):  # noqa: F811
    _store, _site, folder = shipped
    with opened(browser, "search", uri(folder, "de/search.html"), "page") as page:
        folded = page.evaluate("(list) => list.map(s => srbSearch.fold(s))", TRICKY)
    assert folded == [fold(s) for s in TRICKY]
    assert folded[:3] == ["fachkraeftemangel"] * 3 and folded[3] == folded[4] == "strasse"


def test_markup_in_a_label_stays_text(browser, altered):  # noqa: F811
    _store, site, folder, _hop = altered
    assert MARKUP not in text(site, "de/paths.html") and "&lt;img src=x" in text(site, "de/paths.html")
    for address, where in ((uri(folder, "de/paths.html"), "#content"),
                           (uri(folder, "de/search.html") + "?q=img%20src", "#search-results")):
        with opened(browser, address, address, "page") as page:
            assert page.evaluate("() => document.querySelectorAll('#content img').length") == 0
            assert page.evaluate("() => window.__xss") is None
            assert MARKUP in page.inner_text(where)


# ------------------------------------------------------------------------------------------------
# accessibility and one language
# ------------------------------------------------------------------------------------------------
def _pages(folder: Path, lang: str) -> list[tuple[str, str]]:
    return [(name, uri(folder, f"{lang}/{name}")) for name in ("paths.html", "gaps.html", "review.html")] + [
        ("search.html?q=kita", uri(folder, f"{lang}/search.html") + "?q=kita")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_views_and_the_search_have_no_wcag_violation_and_speak_one_language(browser, shipped, lang):  # noqa: F811
    _store, _site, folder = shipped
    words = ontology_words()["en" if lang == "de" else "de"]
    failing, foreign = {}, {}
    for name, address in _pages(folder, lang):
        with opened(browser, name, address, "page", bypass_csp=True) as page:
            assert page.evaluate("document.documentElement.lang") == lang
            assert page.evaluate("document.querySelectorAll('main').length") == 1
            texts = page.evaluate(READ, lang)
            result = audit(page)
        print(f"[{lang}] {name}: {result['passes']} rules passed, {len(result['violations'])} violations, "
              f"{len(texts)} texts")
        if result["violations"]:
            failing[name] = result["violations"]
        hits = strays(texts, words)
        if hits:
            foreign[name] = hits[:8]
    assert failing == {}, json.dumps(failing, indent=1, ensure_ascii=False)
    assert foreign == {}, json.dumps(foreign, indent=1, ensure_ascii=False)


def test_the_search_index_stays_small(shipped):
    _store, site, _folder = shipped
    sizes = {path: len(data) for path, data in site.files.files.items()}
    print({path: f"{size / 1000:.0f} kB" for path, size in sizes.items()})
    assert sum(sizes.values()) < 2_000_000  # of the 15 MB the whole site may take
