"""The interactive page: one self-contained HTML file drawn by vis-network.

:func:`render_html` turns a laid-out view into the page's data (:func:`page_data`: every node and
edge with what the detail panel shows — labels, class, definition, quotes, links, support,
rationale, reviews — and the legend, filters and words) and the options of vis-network
(:func:`_vis_options`), and renders ``template.html`` and ``page.js`` (files beside this module)
with jinja2, vis-network inlined from pyvis' own copy. pyvis itself is not imported (it imports
IPython, a second of start-up): its vis-network files are read from where it is installed.
:func:`_check_offline` refuses a page that would load anything from a network host.

The data reach the page only as JSON inside a script (``<``, ``>``, ``&`` and ``'`` escaped), and
the page's script builds the panel, tooltips, legend, filters and search list as DOM text nodes
(``textContent``), so a label such as ``<img src=x onerror=alert(1)>`` shows as text and runs
nothing.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ...errors import SrbError
from .layout import layout, node_label, node_size
from .style import (
    GREY,
    RELATION_STYLES,
    WORDS,
    class_style,
    font_size,
)
from .view import CHAIN_RELATIONS, View, VizEdge, VizNode

HERE = Path(__file__).resolve().parent
TEMPLATE_FILE = HERE / "template.html"
#: relations whose links carry an assertion (support, quotes, rationale)
ASSERTED = ("requires", "hinders", "addresses", "supports", "measuredBy", "contributesTo", "fragmentOf", "basisFor")
#: nodes above which the page goes lighter on interaction (no hover, edges hidden while moving)
BIG = 1500
#: screen pixels below which vis-network leaves a label out in a neighbourhood (page.js draws it)
LABEL_THRESHOLD = 10


def _legend(view: View) -> tuple[list[dict], list[dict]]:
    """Classes and relations of the view with their counts, each named in the view's language
    only (one language per page)."""
    lang = view.lang
    counts: dict[str, int] = defaultdict(int)
    sample: dict[str, VizNode] = {}
    for node in view.nodes.values():
        counts[node.cls] += 1
        sample.setdefault(node.cls, node)
    classes = []
    for cls in sorted(counts, key=lambda c: sample[c].class_label(lang).lower()):
        colour, shape = class_style(cls)
        name = sample[cls].class_label(lang)
        classes.append({"cls": cls, "label": name, "name": name, "colour": colour, "shape": shape,
                        "count": counts[cls]})
    rel_counts: dict[str, int] = defaultdict(int)
    rel_sample: dict[str, VizEdge] = {}
    for e in view.edges:
        rel_counts[e.relation] += 1
        rel_sample.setdefault(e.relation, e)
    relations = []
    for rel in sorted(rel_counts, key=lambda r: rel_sample[r].label(lang).lower()):
        name = rel_sample[rel].label(lang)
        relations.append({"rel": rel, "label": name, "name": name,
                          "colour": RELATION_STYLES.get(rel, (GREY, False))[0], "count": rel_counts[rel],
                          "asserted": rel in ASSERTED, "chain": rel in CHAIN_RELATIONS})
    return classes, relations


def _node_data(view: View, node: VizNode, size: float) -> dict:
    lang = view.lang
    other = "en" if lang == "de" else "de"
    label = node.label(lang)
    data = {"id": node.id, "label": node_label(view, node), "x": node.x, "y": node.y, "size": size,
            "cls": node.cls, "name": label, "other": node.label(other) if node.label(other) != label else "",
            "definition": node.definition(lang), "evidence": [list(ev) for ev in node.evidence]}
    for key, value in (("themes", node.themes), ("workshops", node.workshops),
                       ("outside", [list(link) for link in node.outside]), ("more", node.outside_more),
                       ("depth", node.depth), ("figures", node.figures)):
        if value:
            data[key] = value
    return data


def _edge_data(edge: VizEdge) -> dict:
    data = {"id": edge.id, "from": edge.source, "to": edge.target, "rel": edge.relation,
            "support": edge.support}
    if edge.chain:
        data["chain"] = True
    if edge.rejected:
        data["rejected"] = True
    if edge.rationale:
        data["rationale"] = edge.rationale
    if edge.evidence:
        data["evidence"] = [list(ev) for ev in edge.evidence]
    if edge.reviews:
        data["reviews"] = [[r.verdict, r.reviewer, r.date, r.comment] for r in edge.reviews]
    return data


def page_data(view: View) -> dict:
    """Everything the page's script needs, as JSON-ready data: nodes (position, wrapped label,
    size, class, the panel's texts), edges (relation, support, chain, rejected, rationale, quotes,
    reviews), legend, filter choices, class regions and words."""
    if not view.laid_out:
        layout(view)
    degree: dict[str, int] = defaultdict(int)
    for e in view.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    classes, relations = _legend(view)
    names = {c["cls"]: c["label"] for c in classes}
    bent = _through_focus(view, degree)
    return {
        "title": view.title, "lang": view.lang, "kind": view.kind, "words": WORDS[view.lang],
        "focus": view.focus, "depth": view.depth, "big": len(view.nodes) > BIG,
        "classes": classes, "relations": relations,
        "themes": [list(t) for t in view.themes], "workshops": [list(w) for w in view.workshops],
        "verdicts": view.verdicts, "goalClasses": view.goal_classes, "relationNames": view.relation_names,
        "regions": [dict(r, label=names.get(r["cls"], r["cls"]), colour=class_style(r["cls"])[0])
                    for r in view.regions],
        "nodes": [_node_data(view, n, node_size(degree[n.id], n.cls)) for n in view.nodes.values()],
        "edges": [dict(_edge_data(e), bend=True) if e.id in bent else _edge_data(e) for e in view.edges],
    }


def _through_focus(view: View, degree: dict[str, int]) -> set[str]:
    """The edges of a neighbourhood that would run straight across the focus node (two of its
    neighbours opposite each other): the page bends them, so that no line hides the focus and
    its own links."""
    if view.kind != "focus" or view.focus not in view.nodes:
        return set()
    focus = view.nodes[view.focus]
    reach = node_size(degree[focus.id], focus.cls) * 1.3 + 24
    bent = set()
    for e in view.edges:
        if view.focus in (e.source, e.target):
            continue
        a, b = view.nodes[e.source], view.nodes[e.target]
        dx, dy = b.x - a.x, b.y - a.y
        length = dx * dx + dy * dy
        t = 0.0 if not length else max(0.0, min(1.0, ((focus.x - a.x) * dx + (focus.y - a.y) * dy) / length))
        if ((a.x + t * dx - focus.x) ** 2 + (a.y + t * dy - focus.y) ** 2) ** 0.5 < reach:
            bent.add(e.id)
    return bent


def _vis_options(view: View, classes: list[dict]) -> dict:
    """vis-network's options: no physics (the layout is done), a group per class (colour, shape,
    font size), lighter interaction for a big graph."""
    big = len(view.nodes) > BIG
    groups = {}
    for c in classes:
        colour = c["colour"]
        groups[c["cls"]] = {"shape": c["shape"], "font": {"size": font_size(view.kind, c["cls"])},
                            "color": {"background": colour, "border": "#333333",
                                      "highlight": {"background": colour, "border": "#000000"},
                                      "hover": {"background": colour, "border": "#000000"}}}
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "groups": groups,
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False, "keyboard": False},
        "nodes": {"borderWidth": 1, "font": {"face": "DejaVu Sans, Arial, sans-serif", "color": "#222222",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # a label smaller than this on screen is not drawn by vis-network; in a neighbourhood
                  # the page draws the labels that matter itself, readable and not overlapping
                  "scaling": {"label": {"drawThreshold": LABEL_THRESHOLD if view.kind == "focus" else 5}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3},
                  "smooth": ({"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal",
                              "roundness": 0.45} if view.kind == "paths" else False),
                  "selectionWidth": 1.5},
    }


def _pyvis_templates() -> Path:
    """pyvis' templates folder (vis-network 9.1.2 and its CSS), found without importing pyvis."""
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise SrbError("pyvis is not installed (pip install pyvis): the page takes vis-network from it")
    return Path(list(spec.submodule_search_locations)[0]) / "templates"


def render_html(view: View, *, pages: dict[str, str] | None = None, site: dict | None = None) -> str:
    """The interactive page as one self-contained HTML string.

    For the published site (:mod:`srbgraph.site.graph`): *pages* maps node ids to the relative
    address of their page (the detail panel links there, to these addresses only), and *site* is the
    site's header (``title``, ``skip``, ``nav`` label, ``links`` as ``(href, text)``, ``switch``
    ``(href, lang, text)`` or None, ``footer``), written around the picture. Without them the page
    is the one of ``srbgraph viz`` and of the server's ``/graph``."""
    import jinja2

    data = page_data(view)
    if pages is not None:
        data["pages"] = {ident: href for ident, href in pages.items() if ident in view.nodes}
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(HERE)),
                                    jinja2.FileSystemLoader(str(_pyvis_templates()))]),
        autoescape=True, keep_trailing_newline=True,
    )
    html = env.get_template(TEMPLATE_FILE.name).render(
        srb={"title": view.title, "lang": view.lang, "words": WORDS[view.lang]},
        data=data, options=_vis_options(view, data["classes"]), site=site)
    _check_offline(html)
    return html


_NETWORK_REFERENCE = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.IGNORECASE)


def _check_offline(html: str) -> None:
    """Refuse a page that would load anything from a network host (the data lines aside: they are
    JSON text, shown as text)."""
    html = re.sub(r"^  var (DATA|OPTIONS) = .*$", "", html, flags=re.MULTILINE)
    hit = _NETWORK_REFERENCE.search(html)
    if hit:
        start = max(hit.start() - 60, 0)
        raise SrbError(f"internal error: the page refers to a network host: …{html[start:hit.end() + 60]}…")
