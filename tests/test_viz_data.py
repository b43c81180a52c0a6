"""`srbgraph viz` (issue #17), the data side: the view read from the Oxigraph store (and equal
to the one from rdflib), the neighbourhood query, the support, quotes and rationale of each link,
reviews and rejected links (in a copy of the shipped graph with review triples added), the focus
command without rdflib or pyvis, support in GraphML and DOT, and hostile text in every place the
page shows data.

Browser tests open the written HTML from disk in Debian's chromium (Playwright) and fail on any
console error, dialog or request that leaves the file; the helpers come from test_viz.py.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from srbgraph.build_cache import load
from srbgraph.curated.vocabulary import SRB, SRBR
from srbgraph.render import viz
from srbgraph.stores.select import GraphSource
from test_viz import Page, browser  # noqa: F401 - browser is a fixture

PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOCUS = "obstacle-fachkraeftemangel"
GOAL = "goal-fachpersonal-gewinnen-sichern"
REPO = Path(__file__).resolve().parent.parent


def view_key(view: viz.View):
    """What a reader sees of a view, in comparable form."""
    nodes = {i: (n.cls, n.label_de, n.label_en, n.class_de, n.definition_de, tuple(n.evidence), n.depth, n.layer,
                 tuple(n.themes), tuple(n.workshops), tuple(n.outside), n.outside_more) for i, n in view.nodes.items()}
    edges = [(e.id, e.support, e.chain, e.assertion, tuple(sorted(e.rationale.items())), tuple(e.evidence),
              tuple(e.reviews), e.rejected) for e in view.edges]
    return nodes, edges, view.title, view.themes, view.workshops, view.focus


# ---------------------------------------------------------------------------------------------
# The view, read from the store
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs", [{}, {"focus": "Fachkräftemangel", "depth": 2},
                                    {"focus": "theme-personelle-ressourcen", "depth": 1},
                                    {"paths": []}, {"classes": ["Goal,Obstacle"], "lang": "en"},
                                    {"focus": "workshop-trier", "depth": 2, "classes": ["Statement"]}])
def test_the_view_from_the_oxigraph_store_equals_the_view_from_rdflib(kwargs):
    with GraphSource().open() as store:
        from_store = viz.build_view(store, **kwargs)
    from_graph = viz.build_view(load(), **kwargs)
    assert view_key(from_store) == view_key(from_graph)
    assert from_store.nodes


def test_neighbourhood_from_the_store_is_the_breadth_first_search():
    from srbgraph.model.neighbourhood import within
    from srbgraph.render.viz.facts import Facts, rows_of_graph
    from srbgraph.render.viz.view import _distances

    facts = Facts(rows_of_graph(load()))
    adjacency = facts.adjacency()
    with GraphSource().open() as store:
        for name in (FOCUS, GOAL, "theme-sozialraumanalyse", "workshop-trier"):
            for depth in (0, 1, 2, 3):
                start = str(SRBR[name])
                assert within(store, start, depth) == _distances(adjacency, start, depth), (name, depth)


def test_edges_carry_the_support_rationale_and_quotes_of_their_assertion():
    graph = load()
    view = viz.build_view(graph)
    asserted = {}
    for a in graph.subjects(RDF.type, SRB.Assertion):
        link = (graph.value(a, RDF.subject), str(graph.value(a, RDF.predicate))[len(str(SRB)):], graph.value(a, RDF.object))
        asserted[(str(link[0])[len(str(SRBR)):], link[1], str(link[2])[len(str(SRBR)):])] = a
    checked = 0
    for e in view.edges:
        a = asserted.get((e.source, e.relation, e.target))
        if e.relation in ("requires", "hinders", "addresses", "supports", "measuredBy", "contributesTo"):
            assert a is not None, e.id
        if a is None:
            assert e.support is None and not e.rationale and not e.evidence
            continue
        assert e.support == str(graph.value(a, SRB.support))[len(str(SRB)):]
        assert e.rationale == {r.language: str(r) for r in graph.objects(a, SRB.rationale)}
        quotes = {str(graph.value(ev, SRB.quote)) for ev in graph.objects(a, SRB.hasEvidence)}
        assert {q for q, _section in e.evidence} == quotes
        checked += 1
    assert checked > 100 and {e.support for e in view.edges} == {None, "stated", "interpreted"}


# ---------------------------------------------------------------------------------------------
# Reviews: a copy of the shipped graph with review triples added, as the contract describes them
# ---------------------------------------------------------------------------------------------

REVIEWED = ("obstacle-fachkraeftemangel", "hinders", "goal-fachpersonal-gewinnen-sichern")
REJECTED = ("goal-fachpersonal-gewinnen-sichern", "measuredBy", "ind-wg03-2")


def assertion_of(graph: Graph, link) -> URIRef:
    s, p, o = SRBR[link[0]], SRB[link[1]], SRBR[link[2]]
    found = [a for a in graph.subjects(RDF.subject, s) if graph.value(a, RDF.predicate) == p and graph.value(a, RDF.object) == o]
    assert len(found) == 1, link
    return found[0]


def add_review(graph: Graph, n: int, link, verdict: str, who: str, date: str, comment: str) -> None:
    review, agent = SRBR[f"review/test-{n}"], SRBR[f"reviewer/test-{abs(hash(who))}"]
    graph.add((review, RDF.type, SRB.Review))
    graph.add((review, SRB.reviews, assertion_of(graph, link)))
    graph.add((review, SRB.verdict, SRB[verdict]))
    graph.add((review, PROV.wasAttributedTo, agent))
    graph.add((agent, RDF.type, PROV.Agent))
    graph.add((agent, RDFS.label, Literal(who)))
    graph.add((review, DCTERMS.date, Literal(date, datatype=XSD.date)))
    graph.add((review, RDFS.comment, Literal(comment, lang="de")))


@pytest.fixture(scope="module")
def reviewed_graph(tmp_path_factory) -> Path:
    """The shipped graph with two reviews of one link (confirmed, unclear) and a rejected link
    whose direct triple is gone (its assertion stays), written as N-Triples."""
    folder = tmp_path_factory.mktemp("reviewed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SRBGRAPH_CACHE_DIR", str(folder / "cache"))
        graph = Graph()
        for triple in load():
            graph.add(triple)
    add_review(graph, 1, REVIEWED, "confirmed", "Anna Beispiel", "2025-03-01", "Im Text klar genannt.")
    add_review(graph, 2, REVIEWED, "unclear", "Ben Muster", "2025-03-04", "Nur mittelbar.")
    add_review(graph, 3, REJECTED, "rejected", "Anna Beispiel", "2025-03-02", "Der Indikator gehört zu einem anderen Ziel.")
    graph.remove((SRBR[REJECTED[0]], SRB[REJECTED[1]], SRBR[REJECTED[2]]))
    path = folder / "reviewed.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def test_reviews_show_and_rejected_links_only_when_asked(reviewed_graph):
    rejected_id, reviewed_id = "|".join(REJECTED), "|".join(REVIEWED)
    for engine in ("oxigraph", "rdflib"):
        with GraphSource(graph=reviewed_graph, engine=engine).open() as store:
            plain = viz.build_view(store)
            with_rejected = viz.build_view(store, include_rejected=True)
            focus = viz.build_view(store, focus=FOCUS, depth=2, include_rejected=True)
        assert rejected_id not in {e.id for e in plain.edges}
        edge = {e.id: e for e in with_rejected.edges}[rejected_id]
        assert edge.rejected and edge.support == "interpreted"
        assert [(r.verdict, r.reviewer, r.date) for r in edge.reviews] == [("rejected", "Anna Beispiel", "2025-03-02")]
        reviewed = {e.id: e for e in plain.edges}[reviewed_id]
        assert not reviewed.rejected
        assert [(r.verdict, r.reviewer, r.date, r.comment) for r in reviewed.reviews] == [
            ("confirmed", "Anna Beispiel", "2025-03-01", "Im Text klar genannt."),
            ("unclear", "Ben Muster", "2025-03-04", "Nur mittelbar.")]
        assert {e.id: e for e in focus.edges}[reviewed_id].reviews == reviewed.reviews
        assert rejected_id in {e.id for e in focus.edges}
        assert {"confirmed": "bestätigt", "rejected": "abgelehnt", "unclear": "unklar"}.items() <= plain.verdicts.items()


def test_reviews_and_rejected_links_in_the_browser(browser, reviewed_graph, srbgraph, tmp_path):  # noqa: F811
    out = tmp_path / "reviewed.html"
    result = srbgraph("viz", "--graph", reviewed_graph, "--include-rejected", "-o", out)
    assert result.code == 0, result
    page = Page(browser, out)
    try:
        rejected = page.js(f"srbViz.edges.get({json.dumps('|'.join(REJECTED))})")
        assert rejected["srb"] == {"relation": "measuredBy", "chain": False, "support": "interpreted", "rejected": True}
        assert rejected["color"]["opacity"] < 0.5 and rejected["dashes"]
        legend = page.js("[...document.querySelectorAll('#srb-legend-support li[data-support]')].map(li => li.dataset.support)")
        assert legend == ["stated", "interpreted", "context", "rejected"]
        page.js(f"srbViz.selectEdge({json.dumps('|'.join(REVIEWED))})")
        reviews = page.js("[...document.querySelectorAll('#srb-panel .srb-review')].map(li => [li.dataset.verdict, li.innerText])")
        assert [v for v, _text in reviews] == ["confirmed", "unclear"]
        assert reviews[0][1].startswith("bestätigt — Anna Beispiel, 2025-03-01") and "Im Text klar genannt." in reviews[0][1]
        page.js(f"srbViz.selectEdge({json.dumps('|'.join(REJECTED))})")
        assert page.page.inner_text("#srb-panel .srb-rejected-note") == "von der Begutachtung abgelehnt"
        assert page.page.inner_text("#srb-panel .srb-verdict") == "abgelehnt"
        assert page.requests == [] and page.errors == [] and page.dialogs == []
    finally:
        page.close()
    plain = tmp_path / "plain.html"
    assert srbgraph("viz", "--graph", reviewed_graph, "-o", plain).code == 0
    html = plain.read_text(encoding="utf-8")
    assert "|".join(REJECTED) not in html and "Anna Beispiel" in html


# ---------------------------------------------------------------------------------------------
# The command: the focus view is read from the store, with neither rdflib nor pyvis loaded
# ---------------------------------------------------------------------------------------------

def test_the_focus_view_needs_neither_rdflib_nor_pyvis(tmp_path):
    load()  # a warm build cache, as the command finds it after the first run
    out = tmp_path / "f.html"
    code = ("import sys; from srbgraph.cli.main import cli\n"
            "try:\n    cli(['viz', '--focus', 'Fachkräftemangel', '--depth', '2', '-o', sys.argv[1]])\n"
            "except SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
            "print(sorted(m for m in ('rdflib', 'pyvis', 'IPython', 'numpy') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert f"wrote {out} (" in done.stderr
    assert out.read_text(encoding="utf-8").count("vis.Network") >= 1


# ---------------------------------------------------------------------------------------------
# Hostile text in every place the page shows data
# ---------------------------------------------------------------------------------------------

HOSTILE = {
    "label": "<img src=x onerror=alert(1)>",
    "label_en": '"><svg onload=alert(2)>',
    "definition": "</script><script>alert(3)</script>",
    "quote": "</script><img src=x onerror=alert(4)>",
    "section": '"><svg onload=alert(5)>',
    "class": "<img src=x onerror=alert(6)>Bremse",
    "relation": "<svg onload=alert(7)>bremst",
    "theme": "<img src=x onerror=alert(8)>Thema",
    "rationale": "</script><script>alert(9)</script>",
    "reviewer": '"><img src=x onerror=alert(10)>',
    "comment": "<script>alert(11)</script>",
}


def replace_literal(graph: Graph, subject, predicate, lang: str, text: str) -> None:
    for old in [o for o in graph.objects(subject, predicate) if getattr(o, "language", None) == lang]:
        graph.remove((subject, predicate, old))
    graph.add((subject, predicate, Literal(text, lang=lang)))


@pytest.fixture
def hostile_graph(tmp_path) -> Path:
    graph = Graph()
    for triple in load():
        graph.add(triple)
    focus, theme = SRBR[FOCUS], SRBR["theme-personelle-ressourcen"]
    replace_literal(graph, focus, RDFS.label, "de", HOSTILE["label"])
    replace_literal(graph, focus, RDFS.label, "en", HOSTILE["label_en"])
    graph.add((focus, URIRef("http://www.w3.org/2004/02/skos/core#definition"), Literal(HOSTILE["definition"], lang="de")))
    evidence = sorted(graph.objects(focus, SRB.hasEvidence))[0]
    graph.set((evidence, SRB.quote, Literal(HOSTILE["quote"], lang="de")))
    graph.set((evidence, SRB.section, Literal(HOSTILE["section"])))
    replace_literal(graph, SRB.Obstacle, RDFS.label, "de", HOSTILE["class"])
    replace_literal(graph, SRB.hinders, RDFS.label, "de", HOSTILE["relation"])
    replace_literal(graph, theme, RDFS.label, "de", HOSTILE["theme"])
    link = (FOCUS, "hinders", GOAL)
    replace_literal(graph, assertion_of(graph, link), SRB.rationale, "de", HOSTILE["rationale"])
    add_review(graph, 9, link, "unclear", HOSTILE["reviewer"], "2025-01-01", HOSTILE["comment"])
    path = tmp_path / "hostile.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def test_hostile_text_stays_inert_in_panel_legend_search_and_tooltips(browser, hostile_graph, srbgraph, tmp_path):  # noqa: F811
    out = tmp_path / "hostile.html"
    result = srbgraph("viz", "--graph", hostile_graph, "--focus", FOCUS, "--depth", "2", "-o", out)
    assert result.code == 0, result
    html = out.read_text(encoding="utf-8")
    for text in HOSTILE.values():
        assert text not in html  # only as escaped JSON text
    page = Page(browser, out)
    inert = """() => document.querySelectorAll('img, script:not([src]) ~ script, iframe').length === 0
                 && ![...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))
                 && document.scripts.length === 2"""
    try:
        assert page.js(inert)
        page.click_node(FOCUS)
        panel = page.page
        assert panel.inner_text("#srb-panel .srb-name") == HOSTILE["label"]
        assert panel.inner_text("#srb-panel .srb-other") == HOSTILE["label_en"]
        assert panel.inner_text("#srb-panel .srb-definition") == HOSTILE["definition"]
        quotes = page.js("[...document.querySelectorAll('#srb-panel .srb-quote')].map(q => q.textContent)")
        sections = page.js("[...document.querySelectorAll('#srb-panel .srb-section')].map(q => q.textContent)")
        assert HOSTILE["quote"] in quotes and "— " + HOSTILE["section"] in sections
        headings = page.js("[...document.querySelectorAll('#srb-panel h4')].map(h => h.textContent)")
        assert HOSTILE["relation"] + " →" in headings
        page.js(f"srbViz.selectEdge({json.dumps(FOCUS + '|hinders|' + GOAL)})")
        assert page.js("document.querySelector('#srb-panel .srb-rationale').textContent") == HOSTILE["rationale"]
        assert panel.inner_text("#srb-panel .srb-comment") == HOSTILE["comment"]
        assert HOSTILE["reviewer"] in panel.inner_text("#srb-panel .srb-reviewer")
        legend = panel.inner_text("#srb-legend")
        assert HOSTILE["class"] in legend and HOSTILE["relation"] in legend
        assert HOSTILE["theme"] in page.js("[...document.querySelectorAll('#srb-theme option')].map(o => o.textContent)")
        panel.fill("#srb-search", "<img src")
        panel.dispatch_event("#srb-search", "input")
        assert page.js("document.querySelector('#srb-results button').firstChild.textContent") == HOSTILE["label"]
        panel.keyboard.press("Escape")
        panel.mouse.move(5, 5)
        x, y = page.point(FOCUS)
        panel.mouse.move(x + 1, y + 1)
        panel.wait_for_selector("div.vis-tooltip .srb-tip-label", state="visible", timeout=5_000)
        assert panel.inner_text("div.vis-tooltip .srb-tip-label") == HOSTILE["label"]
        assert HOSTILE["quote"] in panel.inner_text("div.vis-tooltip")
        panel.wait_for_timeout(300)  # an image that failed to load would have fired by now
        assert page.js(inert)
        assert page.dialogs == [] and page.requests == [] and page.errors == []
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------
# Support in the other formats
# ---------------------------------------------------------------------------------------------

def test_graphml_and_dot_carry_the_support_of_each_link(srbgraph, tmp_path):
    import networkx as nx

    view = viz.build_view(load())
    support = {(e.source, e.target, e.relation): e.support or "" for e in view.edges}
    assert srbgraph("viz", "-o", tmp_path / "g.graphml").code == 0
    g = nx.read_graphml(tmp_path / "g.graphml")
    assert {(s, t, d["relation"]): d["support"] for s, t, d in g.edges(data=True)} == support
    assert srbgraph("viz", "--focus", FOCUS, "-o", tmp_path / "f.dot").code == 0
    dot = (tmp_path / "f.dot").read_text(encoding="utf-8")
    line = next(x for x in dot.splitlines() if x.startswith(f'  "{FOCUS}" -> "{GOAL}"'))
    assert "style=dashed" in line  # interpreted
