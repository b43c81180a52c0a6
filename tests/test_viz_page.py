"""The page of `srbgraph viz` (issue #17) in the browser: detail panel, edges by support, in-page
focus and filters, the view in the address, PNG, search by keyboard, labels that do not overlap,
the focus at the centre, captions of the whole graph, dashes in a large graph.

The pages are opened from disk in Debian's chromium (Playwright); every test fails on a console
error or a request that leaves the file. The helpers come from test_viz.py.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from srbgraph.render import viz
from srbgraph.stores.select import GraphSource
from test_viz import ARTIFACTS, Page, browser  # noqa: F401 - browser is a fixture

FOCUS = "obstacle-fachkraeftemangel"
GOAL = "goal-fachpersonal-gewinnen-sichern"
REPO = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The whole graph, the path view and the neighbourhood of Fachkräftemangel (depth 2)."""
    folder = tmp_path_factory.mktemp("viz-page")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SRBGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("viz-page-cache")))
        with GraphSource().open() as store:
            views = {"whole": viz.build_view(store), "paths": viz.build_view(store, paths=[]),
                     "focus": viz.build_view(store, focus=FOCUS, depth=2)}
    return views, {name: viz.write(view, folder / f"{name}.html") for name, view in views.items()}


def test_click_a_node_shows_its_quotes_and_a_link_moves_the_selection(browser, written):  # noqa: F811
    views, files = written
    page = Page(browser, files["focus"])
    try:
        page.click_node(FOCUS)
        assert page.js("document.getElementById('srb-panel').dataset.id") == FOCUS
        node = views["focus"].nodes[FOCUS]
        assert page.page.inner_text("#srb-panel .srb-name") == node.label_de
        assert page.page.inner_text("#srb-panel .srb-other") == node.label_en
        shown = page.js("[...document.querySelectorAll('#srb-panel .srb-quotes li')].map(li => "
                        "[li.querySelector('.srb-quote').textContent, li.querySelector('.srb-section').textContent])")
        assert shown == [[quote, "— " + section] for quote, section in node.evidence] and len(shown) >= 1
        # the quotes are text one can select and copy
        page.page.click("#srb-panel .srb-quote", click_count=3)
        assert page.js("window.getSelection().toString()").strip() == node.evidence[0][0]
        links = page.js("[...document.querySelectorAll('#srb-panel .srb-goto')].map(b => b.dataset.node)")
        assert set(links) == views["focus"].neighbours()[FOCUS] and GOAL in links
        page.page.click(f"#srb-panel .srb-goto[data-node='{GOAL}']")
        assert page.js("document.getElementById('srb-panel').dataset.id") == GOAL
        assert page.js("srbViz.network.getSelectedNodes()") == [GOAL]
        assert page.js("srbViz.state.sel") == GOAL and "sel=" + GOAL in page.js("location.hash")
        goal = views["focus"].nodes[GOAL]
        assert page.page.inner_text("#srb-panel .srb-name") == goal.label_de
        assert page.requests == [] and page.errors == [] and page.dialogs == []
    finally:
        page.close()


def click_edge(page: Page, edge_id: str) -> None:
    """Click the edge itself on the canvas, at a point of it where nothing else lies (zoomed in on
    it first: the neighbourhood opens zoomed out far enough to show every label whole)."""
    source, _relation, target = edge_id.split("|")
    page.js("""([a, b]) => { const n = srbViz.network, p = n.getPositions([a, b]);
                 n.moveTo({position: {x: (p[a].x + p[b].x) / 2, y: (p[a].y + p[b].y) / 2}, scale: 1, animation: false}); }""",
            [source, target])
    (x1, y1), (x2, y2) = page.point(source), page.point(target)
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8):
        x, y = x1 + t * (x2 - x1), y1 + t * (y2 - y1)
        at = page.js("""([x, y]) => { const r = document.getElementById('srb-network').getBoundingClientRect();
                             const p = {x: x - r.left, y: y - r.top}; const n = srbViz.network;
                             return [n.getNodeAt(p) || null, n.getEdgeAt(p) || null]; }""", [x, y])
        if at == [None, edge_id]:
            page.page.mouse.click(x, y)
            if page.js("srbViz.state.edge") == edge_id:  # a crossing edge may lie within the click's reach
                return
    raise AssertionError(f"no free point on {edge_id}")


def test_select_an_edge_shows_its_support_quotes_and_rationale(browser, written):  # noqa: F811
    views, files = written
    page = Page(browser, files["focus"])
    try:
        edge = {e.id: e for e in views["focus"].edges}[f"{FOCUS}|hinders|{GOAL}"]
        assert edge.support == "interpreted" and edge.rationale.get("de")
        click_edge(page, edge.id)
        assert page.js("document.getElementById('srb-panel').dataset.id") == edge.id
        assert page.js("document.querySelector('#srb-panel .srb-support').dataset.support") == "interpreted"
        assert page.page.inner_text("#srb-panel .srb-support") == "Lesart der Kuration"
        rationale = page.js("[...document.querySelectorAll('#srb-panel .srb-rationale')].map(p => p.textContent)")
        # one language per page (#27): the German rationale only (the English one on the English page)
        assert rationale == [edge.rationale["de"]]
        quotes = page.js("[...document.querySelectorAll('#srb-panel .srb-quote')].map(q => q.textContent)")
        assert quotes == [quote for quote, _section in edge.evidence]
        assert page.page.inner_text("#srb-panel .srb-reviews, #srb-panel .srb-empty") == "noch nicht begutachtet"
        stated = next(e for e in views["focus"].edges if e.support == "stated" and FOCUS in (e.source, e.target))
        page.page.click(f"#srb-panel .srb-goto[data-node='{FOCUS}']")
        page.page.click(f"#srb-panel .srb-show-edge[data-edge='{stated.id}']")
        assert page.js("document.querySelector('#srb-panel .srb-support').dataset.support") == "stated"
        assert page.page.inner_text("#srb-panel .srb-support") == "in der Quelle genannt"
        assert page.requests == [] and page.errors == [] and page.dialogs == []
    finally:
        page.close()


def test_edges_are_drawn_by_support_and_the_support_filter_dims_them(browser, written):  # noqa: F811
    views, files = written
    page = Page(browser, files["whole"])
    try:
        drawn = {e["id"]: e for e in page.js("srbViz.edges.get()")}
        for e in views["whole"].edges:
            assert drawn[e.id]["srb"]["support"] == e.support
            assert bool(drawn[e.id]["dashes"]) == (e.support == "interpreted"), e.id
        legend = page.js("[...document.querySelectorAll('#srb-legend-support li[data-support]')].map(li => [li.dataset.support, "
                         "li.querySelector('.name').textContent, li.querySelector('svg line').getAttribute('stroke-dasharray')])")
        assert legend == [["stated", "in der Quelle genannt", None], ["interpreted", "Lesart der Kuration", "6,4"],
                          ["context", "ohne Stützungsangabe (Kontext-Verbindung)", None]]
        page.page.uncheck("#srb-legend-support li[data-support='interpreted'] input")
        after = {e["id"]: e for e in page.js("srbViz.edges.get()")}
        interpreted = [e.id for e in views["whole"].edges if e.support == "interpreted"]
        assert interpreted and all(after[i]["color"]["color"] == "#eeeeee" and not after[i].get("hidden") for i in interpreted)
        assert all(after[e.id]["color"]["color"] != "#eeeeee" for e in views["whole"].edges if e.support != "interpreted")
        assert "support=stated%2Ccontext" in page.js("location.hash")
        page.page.check("#srb-mode-hide")
        hidden = {e["id"]: e.get("hidden") for e in page.js("srbViz.edges.get()")}
        assert all(hidden[i] for i in interpreted) and not any(hidden[e.id] for e in views["whole"].edges if e.support != "interpreted")
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_focus_grows_and_shrinks_in_the_page_around_the_centre(browser, written):  # noqa: F811
    from srbgraph.render.viz.view import _distances

    views, files = written
    adjacency = views["whole"].neighbours()
    page = Page(browser, files["whole"])
    try:
        page.page.fill("#srb-search", "Fachkräftemangel")
        page.page.press("#srb-search", "Enter")
        for depth in (1, 2, 3):
            page.page.click("#srb-more")
            assert page.js("srbViz.passing") == sorted(_distances(adjacency, FOCUS, depth))
            assert page.js("srbViz.state.depth") == depth
        page.page.click("#srb-less")
        page.page.click("#srb-less")
        assert page.js("srbViz.passing") == sorted(_distances(adjacency, FOCUS, 1))
        x, y = page.point(FOCUS)
        box = page.js("(() => { const r = document.getElementById('srb-network').getBoundingClientRect();"
                      " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        assert abs(x - box[0]) < 2 and abs(y - box[1]) < 2  # the focus at the centre
        page.page.click("#srb-focus-off")
        assert len(page.js("srbViz.passing")) == len(views["whole"].nodes)
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_only_the_paths_through_a_node(browser, written):  # noqa: F811
    from srbgraph.model.paths import paths_through

    views, files = written
    with GraphSource().open() as store:
        through, _kinds = paths_through(store, [FOCUS])
    members = {n.id for p in through for n in (p.goal, p.need, p.obstacle, p.measure) if n is not None}
    assert len(through) > 1
    page = Page(browser, files["paths"])
    try:
        page.js(f"srbViz.selectNode({json.dumps(FOCUS)}, false)")
        page.page.check("#srb-paths-through")
        assert page.js("srbViz.passing") == sorted(members)
        assert "paths=1" in page.js("location.hash")
        page.page.uncheck("#srb-paths-through")
        assert len(page.js("srbViz.passing")) == len(views["paths"].nodes)
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("kind, value", [("theme", "theme-personelle-ressourcen"), ("workshop", "workshop-trier")])
def test_theme_and_workshop_filters_keep_what_the_command_keeps(browser, written, kind, value):  # noqa: F811
    views, files = written
    with GraphSource().open() as store:
        expected = viz.build_view(store, **{kind + "s": [value]})
    page = Page(browser, files["whole"])
    try:
        page.page.select_option(f"#srb-{kind}", value)
        assert page.js("srbViz.passing") == sorted(expected.nodes)
        faded = set(page.js("srbViz.faded"))
        assert faded == set(views["whole"].nodes) - set(expected.nodes)
        assert page.js("srbViz.nodes.get('obstacle-fachkraeftemangel').color.background") == (
            "#eeeeee" if FOCUS in faded else "#d62728")
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_reload_with_the_address_gives_the_same_view(browser, written):  # noqa: F811
    _views, files = written
    page = Page(browser, files["whole"])
    try:
        page.js(f"srbViz.selectNode({json.dumps(FOCUS)}, true)")
        page.page.click("#srb-more")
        page.page.click("#srb-more")
        page.page.uncheck("#srb-legend-classes li[data-cls='Indicator'] input")
        page.page.uncheck("#srb-legend-support li[data-support='context'] input")
        page.page.check("#srb-mode-hide")
        page.js(f"srbViz.selectNode({json.dumps(GOAL)}, false)")
        state = page.js("srbViz.state")
        seen = page.js("[srbViz.passing, srbViz.faded, srbViz.highlighted, srbViz.network.getSelectedNodes(),"
                       " document.getElementById('srb-panel').innerText]")
        hidden = page.js("srbViz.nodes.get().filter(n => n.hidden).map(n => n.id).sort()")
        address = page.js("location.href")
    finally:
        page.close()
    assert "#" in address and "hide=Indicator" in address and "mode=hide" in address and "depth=2" in address
    again = Page(browser, Path(files["whole"]))
    try:
        again.page.goto(address)
        again.page.reload()
        again.page.wait_for_function("window.srbViz && window.srbViz.drawn", timeout=60_000)
        assert again.js("srbViz.state") == state
        assert again.js("[srbViz.passing, srbViz.faded, srbViz.highlighted, srbViz.network.getSelectedNodes(),"
                        " document.getElementById('srb-panel').innerText]") == seen
        assert again.js("srbViz.nodes.get().filter(n => n.hidden).map(n => n.id).sort()") == hidden
        assert again.page.is_checked("#srb-mode-hide") and not again.page.is_checked(
            "#srb-legend-classes li[data-cls='Indicator'] input")
        assert again.requests == [] and again.errors == []
    finally:
        again.close()


def test_search_by_keyboard_and_png(browser, written):  # noqa: F811
    _views, files = written
    page = Page(browser, files["whole"])
    try:
        page.page.click("#srb-search")
        page.page.keyboard.type("Fachkräftemang")
        page.page.keyboard.press("Tab")
        assert page.js("document.activeElement.dataset.node") == FOCUS
        page.page.keyboard.press("Enter")
        assert page.js("document.getElementById('srb-panel').dataset.id") == FOCUS
        assert page.js("srbViz.network.getSelectedNodes()") == [FOCUS]
        with page.page.expect_download() as download:
            page.page.click("#srb-png")
        saved = Path(download.value.path()).read_bytes()
        assert saved[:8] == b"\x89PNG\r\n\x1a\n" and len(saved) > 20_000
        assert download.value.suggested_filename == "srbgraph-whole.png"
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def label_boxes(page: Page) -> dict[str, list[float]]:
    """Each node's label box as vis-network drew it (canvas pixels): left, top, right, bottom."""
    return page.js("""() => { const out = {}; const body = srbViz.network.body.nodes;
        for (const id of srbViz.nodes.getIds()) { const s = body[id].labelModule.size;
            out[id] = [s.left, s.top, s.left + s.width, s.top + s.height]; }
        return out; }""")


def overlaps(boxes) -> list:
    items = list(boxes.items())
    return [(a, b) for k, (a, p) in enumerate(items) for b, q in items[k + 1:]
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]]


@pytest.mark.parametrize("name", ["focus", "paths"])
def test_no_two_labels_overlap_and_the_focus_is_at_the_centre(browser, written, name):  # noqa: F811
    views, files = written
    page = Page(browser, files[name])
    try:
        boxes = label_boxes(page)
        assert set(boxes) == set(views[name].nodes)
        assert all(b[2] - b[0] > 10 and b[3] - b[1] > 10 for b in boxes.values())  # every label measured
        assert overlaps(boxes) == []
        if name == "focus":
            x, y = page.point(FOCUS)
            centre = page.js("(() => { const r = document.getElementById('srb-network').getBoundingClientRect();"
                             " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
            assert abs(x - centre[0]) < 2 and abs(y - centre[1]) < 2
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / f"viz-page-{name}.png"))
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_the_whole_graph_captions_do_not_overlap(browser, written):  # noqa: F811
    views, files = written
    page = Page(browser, files["whole"])
    try:
        captions = page.js("srbViz.captions")
        assert len(captions) == len(views["whole"].regions) > 20  # every class region captioned
        boxes = {c["text"] + str(k): [c["left"], c["top"], c["right"], c["bottom"]] for k, c in enumerate(captions)}
        assert overlaps(boxes) == []
        width = page.js("document.getElementById('srb-network').clientWidth")
        assert all(0 <= c["left"] and c["right"] <= width for c in captions)  # none cut off at the sides
        page.js("srbViz.captions = null; srbViz.network.moveTo({scale: srbViz.network.getScale() * 0.4, animation: false})")
        page.page.wait_for_function("srbViz.captions !== null")
        small = {c["text"] + str(k): [c["left"], c["top"], c["right"], c["bottom"]]
                 for k, c in enumerate(page.js("srbViz.captions"))}
        assert overlaps(small) == []  # zoomed far out, captions that would collide are left out
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_a_large_graph_dashes_interpreted_links_once_few_are_in_view(browser, tmp_path):  # noqa: F811
    sys.path.insert(0, str(REPO / "benchmarks"))
    from viz_bench import synthetic_graph

    view = viz.build_view(synthetic_graph(1600))
    interpreted = [e.id for e in view.edges if e.support == "interpreted"]
    assert len(interpreted) > 1200  # more than the page dashes at once
    page = Page(browser, viz.write(view, tmp_path / "large.html"))
    try:
        drawn = {e["id"]: e for e in page.js("srbViz.edges.get()")}
        assert not any(drawn[i]["dashes"] for i in interpreted) and all(drawn[i]["color"]["opacity"] < 0.5 for i in interpreted)
        assert page.js("document.querySelector('.srb-dash-note').hidden") is False
        node = next(e.source for e in view.edges if e.support == "interpreted")
        page.js(f"srbViz.selectNode({json.dumps(node)}, false)")
        drawn = {e["id"]: e for e in page.js("srbViz.edges.get()")}
        own = [e.id for e in view.edges if e.support == "interpreted" and node in (e.source, e.target)]
        assert own and all(drawn[i]["dashes"] for i in own)
        assert page.js("document.querySelector('.srb-dash-note').hidden") is True
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


# ---------------------------------------------------------------------------------------------
# A neighbourhood that reads (#27): the focus stands out, the labels that matter are readable at
# depth 2, a list of the nodes beside the picture, relations named in the page's language,
# nothing cut off at the edges
# ---------------------------------------------------------------------------------------------

def _inside(box, width, height) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height


def test_the_focus_stands_out_and_the_labels_that_matter_are_readable_at_depth_2(browser, written):  # noqa: F811
    views, files = written
    view = views["focus"]
    page = Page(browser, files["focus"])
    try:
        # the focus: a larger shape, a thick border, and a first line of its label that says so
        focus = page.js(f"(() => {{ const n = srbViz.nodes.get('{FOCUS}'); return [n.borderWidth, n.size, n.label]; }})()")
        plain = next(n for n in page.js("srbViz.data.nodes") if n["id"] == FOCUS)
        assert focus[0] == 4 and focus[1] > plain["size"] and focus[2].startswith("◎ FOKUS\n")
        # labels written at a readable size where the picture is too small for vis-network's own:
        # the focus and every neighbour first, then goals, needs, obstacles and measures
        written_labels = page.js("srbViz.written")
        ids = [w["id"] for w in written_labels]
        near = {n.id for n in view.nodes.values() if n.depth == 1}
        assert FOCUS in ids and near <= set(ids)
        assert len(ids) >= 25, len(ids)
        width, height = page.js("[document.getElementById('srb-network').clientWidth, "
                                "document.getElementById('srb-network').clientHeight]")
        boxes = {w["id"]: [w["left"], w["top"], w["right"], w["bottom"]] for w in written_labels}
        assert overlaps(boxes) == []
        assert all(_inside(b, width, height) for b in boxes.values())
        # zoomed in, more labels fit
        page.js("srbViz.written = null; srbViz.network.moveTo({scale: srbViz.network.getScale() * 2.5, animation: false})")
        page.page.wait_for_function("srbViz.written !== null")
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "viz-focus-depth2-zoomed.png"))
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_the_list_beside_the_picture_names_every_node_by_distance(browser, written):  # noqa: F811
    views, files = written
    view = views["focus"]
    page = Page(browser, files["focus"])
    try:
        listed = page.js("[...document.querySelectorAll('#srb-panel nav.srb-list li')].map(li => li.dataset.node)")
        assert sorted(listed) == sorted(view.nodes)
        headings = page.page.locator("#srb-panel nav.srb-list h4").all_inner_texts()
        assert headings == ["Fokus", "Abstand 1 vom Fokus", "Abstand 2 vom Fokus"]
        page.page.click(f"#srb-panel nav.srb-list li[data-node='{GOAL}'] .srb-goto")
        assert page.js("srbViz.state.sel") == GOAL
        page.page.keyboard.press("Escape")
        assert page.requests == [] and page.errors == []
    finally:
        page.close()


def test_every_relation_in_the_panel_is_named_in_the_pages_language(browser, tmp_path):  # noqa: F811
    """The links to entities outside the view, too ("hinders →" beside "← setzt an bei", #27)."""
    with GraphSource().open() as store:
        views = {lang: viz.build_view(store, focus=FOCUS, depth=1, lang=lang) for lang in ("de", "en")}
    for lang, view in views.items():
        outside = {link[0] for node in view.nodes.values() for link in node.outside}
        assert outside - {e.relation for e in view.edges}  # relations only outside the view exist
        page = Page(browser, viz.write(view, tmp_path / f"depth1-{lang}.html"))
        try:
            names = set()
            for node in view.nodes:
                page.js(f"srbViz.selectNode('{node}', false)")
                names |= {h.replace("→", "").replace("←", "").strip()
                          for h in page.page.locator("#srb-panel .srb-links h4").all_inner_texts()}
            assert names == {view.relation_names[rel] for rel in view.relation_names}
            # no local name where the ontology's label differs (relatesToPrinciple, aboutTheme …)
            assert not names & {rel for rel, label in view.relation_names.items() if rel != label}
            if lang == "de":
                assert {"bremst", "bezieht sich auf Theoriebezug"} <= names
            # nothing is cut off at the edges: every shape and label lies inside the canvas
            page.js("srbViz.network.unselectAll(); document.getElementById('srb-reset').click()")
            page.js("location.hash = ''")
            reopened = Page(browser, tmp_path / f"depth1-{lang}.html")
            try:
                width, height = reopened.js("[document.getElementById('srb-network').clientWidth, "
                                            "document.getElementById('srb-network').clientHeight]")
                boxes = reopened.js("""() => { const n = srbViz.network, out = {};
                    for (const id of srbViz.nodes.getIds()) { const b = n.getBoundingBox(id);
                        const a = n.canvasToDOM({x: b.left, y: b.top}), z = n.canvasToDOM({x: b.right, y: b.bottom});
                        out[id] = [a.x, a.y, z.x, z.y]; }
                    return out; }""")
                assert [i for i, b in boxes.items() if not _inside(b, width, height)] == []
            finally:
                reopened.close()
            assert page.requests == [] and page.errors == []
        finally:
            page.close()
