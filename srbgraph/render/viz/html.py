"""The interactive page: one self-contained HTML file drawn by vis-network.

:func:`render_html` turns a laid-out view into the node, edge and option data of vis-network
(:func:`_vis_data`) and the legend (:func:`_legend`), and has pyvis render them into
``template.html`` (a file beside this module) with vis-network inlined from pyvis' own copy.
:func:`_check_offline` refuses a page that would load anything from a network host.

Node data reach the page only as JSON inside a script (``<``, ``>`` and ``&`` escaped), and the
page builds tooltips, the legend and the search list as DOM text nodes, so a label such as
``<img src=x onerror=alert(1)>`` shows as text and runs nothing.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

from ...errors import SrbError
from .layout import layout
from .style import (
    GREY,
    RELATION_STYLES,
    WORDS,
    class_style,
    font_size,
    wrap,
    wrap_width,
)
from .view import View, VizEdge, VizNode

# The page. pyvis renders it (``generate_html``) with vis-network inlined from pyvis' own copy.
# Everything a reader sees of the data is set with textContent by the script in the template.
TEMPLATE_FILE = Path(__file__).with_name("template.html")


def _legend(view: View) -> tuple[list[dict], list[dict]]:
    lang = view.lang
    counts: dict[str, int] = defaultdict(int)
    sample: dict[str, VizNode] = {}
    for node in view.nodes.values():
        counts[node.cls] += 1
        sample.setdefault(node.cls, node)

    def both(first: str, second: str) -> str:  # German with English beside it
        return f"{first} ({second})" if first and second and first != second else first or second

    classes = []
    for cls in sorted(counts, key=lambda c: sample[c].class_label(lang).lower()):
        colour, shape = class_style(cls)
        node = sample[cls]
        text = both(node.class_de, node.class_en) if lang == "de" else both(node.class_en, node.class_de)
        classes.append({"cls": cls, "label": text or cls, "colour": colour, "shape": shape, "count": counts[cls]})
    rel_counts: dict[str, int] = defaultdict(int)
    rel_sample: dict[str, VizEdge] = {}
    for e in view.edges:
        rel_counts[e.relation] += 1
        rel_sample.setdefault(e.relation, e)
    relations = []
    for rel in sorted(rel_counts, key=lambda r: rel_sample[r].label(lang).lower()):
        colour, dashed = RELATION_STYLES.get(rel, (GREY, False))
        e = rel_sample[rel]
        text = both(e.label_de, e.label_en) if lang == "de" else both(e.label_en, e.label_de)
        relations.append({"rel": rel, "label": text or rel, "colour": colour, "dashed": dashed,
                          "count": rel_counts[rel]})
    return classes, relations


def _vis_data(view: View) -> tuple[list[dict], list[dict], dict]:
    lang = view.lang
    other = "en" if lang == "de" else "de"
    degree: dict[str, int] = defaultdict(int)
    for e in view.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    big = len(view.nodes) > 1500
    nodes = []
    for node in view.nodes.values():
        colour, shape = class_style(node.cls)
        label = node.label(lang)
        size = 9 + min(16, 2.2 * math.sqrt(degree[node.id]))
        if node.cls in ("GuidingGoal", "ActionGoal"):
            size += 8
        nodes.append({
            "id": node.id, "label": wrap(label, wrap_width(view)), "x": node.x, "y": node.y, "shape": shape,
            "size": round(size, 1),
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "font": {"size": font_size(view, node.cls)},
            # what the page's own script turns into text nodes (tooltip, search list)
            "srb": {"label": label, "other": node.label(other) if node.label(other) != label else "",
                    "id": node.id, "cls": node.class_label(lang), "definition": node.definition(lang),
                    "evidence": [list(ev) for ev in node.evidence], "figures": node.figures},
        })
    edges = []
    for e in view.edges:
        colour, dashed = RELATION_STYLES.get(e.relation, (GREY, False))
        faint = view.kind == "paths" and not e.chain
        edges.append({
            "id": e.id, "from": e.source, "to": e.target, "label": e.label(lang),
            "color": {"color": "#cccccc" if faint else colour, "highlight": colour, "hover": colour,
                      "opacity": 0.9},
            "dashes": dashed, "width": 3.5 if e.chain else 1.2,
            "srb": {"relation": e.relation, "chain": e.chain, "support": e.support},
        })
    return nodes, edges, _vis_options(view, big)


def _vis_options(view: View, big: bool) -> dict:
    """vis-network's options: no physics (the layout is done), lighter interaction for a *big* graph."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"face": "DejaVu Sans, Arial, sans-serif", "color": "#222222",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3},
                  "smooth": ({"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal",
                              "roundness": 0.45} if view.kind == "paths" else False),
                  "selectionWidth": 1.5},
    }


def _environment(view: View, options: dict, classes: list[dict], relations: list[dict]):
    """The jinja2 environment of the page: ``template.html`` as ``srbgraph-viz.html``, pyvis'
    templates folder for the vis-network assets it includes, and the page's data as globals."""
    import jinja2
    import pyvis

    assets = Path(pyvis.__file__).resolve().parent / "templates"
    page = TEMPLATE_FILE.read_text(encoding="utf-8")
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader({"srbgraph-viz.html": page}),
                                    jinja2.FileSystemLoader(str(assets))]),
        autoescape=True,
    )
    env.globals["srb"] = {"title": view.title, "lang": view.lang, "words": WORDS[view.lang],
                          "legend": {"classes": classes, "relations": relations}, "kind": view.kind}
    env.globals["srb_options"] = options
    names = {c["cls"]: c["label"] for c in classes}
    env.globals["srb"]["regions"] = [dict(r, label=names.get(r["cls"], r["cls"]), colour=class_style(r["cls"])[0])
                                     for r in view.regions]
    return env


def render_html(view: View) -> str:
    """The interactive page as one self-contained HTML string (pyvis' ``generate_html`` with
    srbgraph's own template: no CDN, no Bootstrap, tooltips as text)."""
    from pyvis.network import Network

    if not view.laid_out:
        layout(view)
    nodes, edges, options = _vis_data(view)
    classes, relations = _legend(view)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    # pyvis' add_node/add_edge check for duplicates in a list (quadratic): the lists are set directly.
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.options = options
    net.templateEnv = _environment(view, options, classes, relations)
    net.path = "srbgraph-viz.html"
    html = net.generate_html()
    _check_offline(html)
    return html


_NETWORK_REFERENCE = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.IGNORECASE)


def _check_offline(html: str) -> None:
    """Refuse a page that would load anything from a network host (the data lines aside: they are
    JSON text, shown as text)."""
    html = re.sub(r"^  var (NODES|EDGES|OPTIONS|SRB) = .*$", "", html, flags=re.MULTILINE)
    hit = _NETWORK_REFERENCE.search(html)
    if hit:
        start = max(hit.start() - 60, 0)
        raise SrbError(f"internal error: the page refers to a network host: …{html[start:hit.end() + 60]}…")
