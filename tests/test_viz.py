"""`srbgraph viz`: the interactive page (checked in a real headless Chromium) and the other formats.

The browser tests open the written HTML from disk (file://) in Debian's chromium, driven by
Playwright, and fail on any console error or any request that leaves the file. Screenshots of the
whole graph and of a path view are kept in test-artifacts/.
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from srbgraph.build_cache import load
from srbgraph.curated.vocabulary import SRB, SRBR
from srbgraph.render import viz

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = "<img src=x onerror=alert(1)>"


def local(iri) -> str:
    return str(iri)[len(str(SRBR)):]


def expected_whole(graph: Graph) -> tuple[set[str], set[str]]:
    """Every individual but the evidence, the link assertions (their quotes and support belong to
    the edges) and the replaced entities (their successors stand for them), and every srb: link
    between two of them (hasEvidence aside)."""
    skipped = {SRB.Evidence, SRB.Assertion}
    replaced = set(graph.subjects(DCTERMS.isReplacedBy, None))
    kinds: dict = {}
    for s, o in graph.subject_objects(RDF.type):
        if str(s).startswith(str(SRBR)) and str(o).startswith(str(SRB)) and s not in replaced:
            kinds.setdefault(s, set()).add(o)
    individuals = {s for s, types in kinds.items() if not types & skipped}
    edges = {f"{local(s)}|{str(p)[len(str(SRB)):]}|{local(o)}"
             for s, p, o in graph if s in individuals and o in individuals and str(p).startswith(str(SRB))}
    return {local(i) for i in individuals}, edges


# ---------------------------------------------------------------------------------------------
# The views, the command and the files it writes
# ---------------------------------------------------------------------------------------------

def test_whole_view_holds_every_entity_and_link_but_no_evidence_node():
    graph = load()
    view = viz.build_view(graph)
    nodes, edges = expected_whole(graph)
    assert set(view.nodes) == nodes
    assert {e.id for e in view.edges} == edges
    assert len(nodes) > 500 and not any(n.startswith("evidence/") for n in view.nodes)
    quoted = view.nodes["obstacle-fachkraeftemangel"]
    assert quoted.evidence and all(quote and section for quote, section in quoted.evidence)


def test_html_is_self_contained_and_written_alone(srbgraph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = srbgraph("viz", "--output", "graph.html")
    assert result.code == 0, result
    assert "\nwrote graph.html (" in "\n" + result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]  # no lib/ folder, no temp file
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "vis.Network" in html and "<script src" not in html and "<link rel=\"stylesheet\"" not in html
    for pattern in (r"""(src|href)\s*=\s*["']?(https?:)?//""", r"url\(\s*['\"]?(https?:)?//", "@import",
                    "cdn.jsdelivr", "cdnjs", "bootstrap"):
        assert not re.search(pattern, html, re.IGNORECASE), pattern


def test_default_output_is_srbgraph_graph_html_in_the_current_directory(srbgraph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = srbgraph("viz", "--classes", "Goal")
    assert result.code == 0, result
    assert sorted(p.name for p in tmp_path.iterdir()) == ["srbgraph-graph.html"]


def test_path_view_holds_the_chains_of_the_goal_highlighted():
    from srbgraph.model.paths import find_paths

    graph = load()
    goal = "goal-fachpersonal-gewinnen-sichern"
    view = viz.build_view(graph, paths=[goal])
    chains = [p for p in find_paths(graph, [goal]) if p.kind != "indicator"]  # indicators are no chain
    members = {n.id for p in chains for n in p.nodes}
    assert set(view.nodes) == members and "goal-leitziel-weiterentwicklung-srb" in members  # it contributes
    chain_edges = {(e.source, e.relation, e.target) for e in view.edges if e.chain}
    short = len("https://w3id.org/srbgraph/resource/")
    for p in chains:
        for hop in p.hops:
            subject, relation, obj = hop.link
            assert (subject[short:], relation, obj[short:]) in chain_edges
    viz.layout(view)
    column = {n.layer: n.x for n in view.nodes.values()}
    assert column[0] < column[1] < column[2] < column[3]  # goal → need → obstacle → measure, left to right


def test_focus_depth_and_filters():
    graph = load()
    one = viz.build_view(graph, focus="Fachkräftemangel", depth=1)
    neighbours = {e.target for e in one.edges if e.source == "obstacle-fachkraeftemangel"} | {
        e.source for e in one.edges if e.target == "obstacle-fachkraeftemangel"}
    assert set(one.nodes) == {"obstacle-fachkraeftemangel"} | neighbours
    two = viz.build_view(graph, focus="obstacle-fachkraeftemangel", depth=2)
    assert set(one.nodes) < set(two.nodes)
    goals = viz.build_view(graph, classes=["Goal,Obstacle"])
    assert {n.cls for n in goals.nodes.values()} == {"ActionGoal", "GuidingGoal", "GoalFragment", "Obstacle"}
    trier = viz.build_view(graph, workshops=["workshop-trier"])
    assert "workshop-trier" in trier.nodes and all(
        any("workshop-trier" in (e.source, e.target) for e in trier.edges) for n in trier.nodes if n != "workshop-trier")
    theme = viz.build_view(graph, paths=[], themes=["theme-personelle-ressourcen"], lang="en")
    assert theme.nodes and theme.title.startswith("SRB knowledge graph — goal → need → obstacle → measure")


def test_unknown_names_are_one_line_errors_with_suggestions(srbgraph, tmp_path):
    load()  # build beforehand, so that stderr holds the error alone
    out = tmp_path / "x.html"
    for args, message in [
        (("--focus", "Fachkraeftmangl"), "no entity named 'Fachkraeftmangl' (did you mean 'obstacle-fachkraeftemangel'"),
        (("--classes", "Gaol"), "no class named 'Gaol' (did you mean 'Goal'?)"),
        (("--paths", "Fachkraefte gewinen"), "no goal named"),
        (("goal-x",), "GOAL arguments go with --paths"),
    ]:
        result = srbgraph("viz", *args, "-o", out)
        assert result.code == 1 and result.err.startswith("srbgraph: error: ") and message in result.err, result
        assert result.err.count("\n") == 1
    assert not out.exists()


def test_graphml_gexf_and_dot_for_other_tools(srbgraph, tmp_path):
    graph = load()
    nodes, edges = expected_whole(graph)
    for fmt in ("graphml", "gexf"):
        result = srbgraph("viz", "-o", tmp_path / f"srb.{fmt}")
        assert result.code == 0, result
        read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        g = read(tmp_path / f"srb.{fmt}")
        assert set(g.nodes) == nodes and g.number_of_edges() == len(edges)
        assert g.nodes["obstacle-fachkraeftemangel"]["label"] == "Fachkräftemangel"
    result = srbgraph("viz", "--paths", "-f", "dot", "-o", tmp_path / "paths.gv", "--lang", "en")
    assert result.code == 0, result
    dot = (tmp_path / "paths.gv").read_text(encoding="utf-8")
    assert dot.startswith("digraph srbgraph {") and '"obstacle-fachkraeftemangel" -> ' in dot
    assert 'xlabel="Shortage of skilled\\nprofessionals"' in dot


def test_svg_and_png_through_graphviz(srbgraph, tmp_path):
    assert shutil.which("dot"), "Graphviz is missing: run tests/install-system-deps.sh"
    result = srbgraph("viz", "--paths", "goal-fachpersonal-gewinnen-sichern", "-o", tmp_path / "p.svg")
    assert result.code == 0, result
    svg = ET.parse(tmp_path / "p.svg").getroot()
    assert svg.tag.endswith("svg") and "Fachkräftemangel" in (tmp_path / "p.svg").read_text(encoding="utf-8")
    result = srbgraph("viz", "--focus", "obstacle-fachkraeftemangel", "-f", "png", "-o", tmp_path / "f.png")
    assert result.code == 0, result
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_svg_without_graphviz_is_a_clear_error_and_writes_nothing(srbgraph, tmp_path, monkeypatch):
    load()  # build first: the PATH below has nothing on it
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = srbgraph("viz", "-o", tmp_path / "g.svg")
    assert result.code == 1
    assert result.err == ("srbgraph: error: --format svg needs Graphviz, which is not installed "
                          "(Debian/Ubuntu: apt-get install graphviz); --format dot or html work without it\n")
    assert not (tmp_path / "g.svg").exists()


def test_hostile_label_is_escaped_in_the_page(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert HOSTILE not in html and "onerror=alert" in html  # present only as escaped JSON text
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html


# ---------------------------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The whole graph, a path view and a neighbourhood, written once for the browser tests."""
    folder = tmp_path_factory.mktemp("viz")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SRBGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("viz-cache")))
        graph = load()
        written = {
            "whole": viz.write(viz.build_view(graph), folder / "whole.html"),
            "paths": viz.write(viz.build_view(graph, paths=[]), folder / "paths.html"),
            "focus": viz.write(viz.build_view(graph, focus="obstacle-fachkraeftemangel"), folder / "focus.html"),
        }
    return graph, written


@pytest.fixture
def hostile_page(data_copy, tmp_path, srbgraph):
    """The page of data where a label is an HTML tag and a definition mentions href (which would
    switch pyvis' own template to innerHTML tooltips)."""
    obstacles = data_copy / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    text = text.replace('label_de: "Fachkräftemangel"',
                        f'label_de: "{HOSTILE}"\n    definition_de: "<a href=x onclick=alert(2)>href</a>"', 1)
    obstacles.write_text(text, encoding="utf-8")
    out = tmp_path / "hostile.html"
    result = srbgraph("viz", "--data", data_copy, "--focus", "obstacle-fachkraeftemangel", "-o", out)
    assert result.code == 0, result
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: run tests/install-system-deps.sh"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


class Page:
    """A page opened from disk, recording requests off the file, console errors and dialogs."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1600, "height": 1000})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:"))
                     else self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.srbViz && window.srbViz.drawn", timeout=60_000)

    def js(self, code: str, arg=None):
        return self.page.evaluate(code, arg)

    def point(self, node_id: str) -> tuple[float, float]:
        """Where the node is on the page (CSS pixels)."""
        return self.js("""id => { const n = srbViz.network; const p = n.canvasToDOM(n.getPositions([id])[id]);
                               const r = document.getElementById('srb-network').getBoundingClientRect();
                               return [r.left + p.x, r.top + p.y]; }""", node_id)

    def click_node(self, node_id: str) -> None:
        x, y = self.point(node_id)
        self.page.mouse.click(x, y)

    def close(self):
        self.page.close()


def test_whole_graph_in_the_browser(browser, pages):
    graph, written = pages
    page = Page(browser, written["whole"])
    try:
        nodes, edges = expected_whole(graph)
        assert set(page.js("srbViz.nodes.getIds()")) == nodes
        assert set(page.js("srbViz.edges.getIds()")) == edges
        # the picture stands still: no physics, and positions do not change
        before = page.js("srbViz.network.getPositions()")
        page.page.wait_for_timeout(500)
        assert page.js("srbViz.network.getPositions()") == before
        assert page.js("srbViz.network.physics.physicsEnabled") is False
        legend = page.js("[...document.querySelectorAll('#srb-legend-classes li')].map(li => li.dataset.cls)")
        assert "Obstacle" in legend and "Measure" in legend
        assert sorted(legend) == sorted({n.cls for n in viz.build_view(graph).nodes.values()})
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "viz-whole.png"))
        assert page.requests == [] and page.errors == [] and page.dialogs == []
    finally:
        page.close()


def test_path_view_in_the_browser(browser, pages):
    _graph, written = pages
    page = Page(browser, written["paths"])
    try:
        chain = page.js("srbViz.edges.get().filter(e => e.srb.chain).map(e => e.id)")
        assert "obstacle-fachkraeftemangel|hinders|goal-fachpersonal-gewinnen-sichern" in chain
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "viz-paths.png"))
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_search_selects_and_click_highlights_the_neighbourhood(browser, pages):
    graph, written = pages
    view = viz.build_view(graph)
    neighbours = view.neighbours()
    page = Page(browser, written["whole"])
    try:
        page.page.fill("#srb-search", "Fachkräftemangel")
        page.page.press("#srb-search", "Enter")
        assert page.js("srbViz.network.getSelectedNodes()") == ["obstacle-fachkraeftemangel"]
        expected = sorted({"obstacle-fachkraeftemangel"} | neighbours["obstacle-fachkraeftemangel"])
        assert page.js("srbViz.highlighted") == expected
        faded = page.js("srbViz.nodes.get('theme-sozialraumanalyse').color.background")
        assert faded == "#eeeeee"  # not a neighbour: greyed out
        page.page.fill("#srb-search", "kein solcher Knoten")
        page.page.press("#srb-search", "Enter")
        assert page.page.inner_text("#srb-status") == "nichts gefunden"
        page.page.click("#srb-reset")
        assert page.js("srbViz.highlighted") is None
        assert page.requests == [] and page.errors == []
    finally:
        page.close()
    page = Page(browser, written["focus"])
    try:
        focus_view = viz.build_view(graph, focus="obstacle-fachkraeftemangel")
        page.click_node("obstacle-fachkraeftemangel")
        assert page.js("srbViz.highlighted") == sorted(focus_view.nodes)
        page.click_node("goal-fachpersonal-gewinnen-sichern")
        around = focus_view.neighbours()["goal-fachpersonal-gewinnen-sichern"]
        assert page.js("srbViz.highlighted") == sorted({"goal-fachpersonal-gewinnen-sichern"} | around)
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_hostile_label_stays_inert_in_the_browser(browser, hostile_page):
    page = Page(browser, hostile_page)
    try:
        assert page.js("document.querySelectorAll('img, a').length") == 0
        page.page.mouse.move(5, 5)
        page.click_node("obstacle-fachkraeftemangel")  # select it, then hover for the tooltip
        x, y = page.js("""() => { const n = srbViz.network; const p = n.canvasToDOM(n.getPositions(
                          ['obstacle-fachkraeftemangel'])['obstacle-fachkraeftemangel']);
                          const r = document.getElementById('srb-network').getBoundingClientRect();
                          return [r.left + p.x, r.top + p.y]; }""")
        page.page.mouse.move(x + 1, y + 1)
        page.page.wait_for_selector("div.vis-tooltip .srb-tip-label", state="visible", timeout=5_000)
        assert page.page.inner_text("div.vis-tooltip .srb-tip-label") == HOSTILE
        assert "<a href=x onclick=alert(2)>href</a>" in page.page.inner_text("div.vis-tooltip")
        page.page.fill("#srb-search", "onerror")
        page.page.dispatch_event("#srb-search", "input")
        assert page.js("[...document.querySelectorAll('#srb-results button')].some(b => b.firstChild.textContent === "
                       + json.dumps(HOSTILE) + ")")
        assert page.js("document.querySelectorAll('img, a').length") == 0
        assert page.dialogs == [] and page.requests == [] and page.errors == []
    finally:
        page.close()


def test_open_hands_the_file_to_the_web_browser(srbgraph, tmp_path, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda uri: opened.append(uri) or True)
    result = srbgraph("viz", "--focus", "obstacle-fachkraeftemangel", "-o", tmp_path / "f.html", "--open")
    assert result.code == 0, result
    assert opened == [(tmp_path / "f.html").resolve().as_uri()]


def test_the_looks_know_no_view_the_modules_form_no_circle():
    """#27: render/viz/style.py ↔ view.py was a circle (a TYPE_CHECKING import one way, the words
    the other): style takes the kind of view now and imports nothing of the package but i18n."""
    import ast

    source = Path(viz.__file__).with_name("style.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "i18n"}, imported
    assert "TYPE_CHECKING" not in source
