"""Pictures of the graph: an interactive, self-contained HTML page (vis-network) and files for
Gephi, Cytoscape and Graphviz.

The pipeline is ``build_view`` (which part of the graph to show, from an rdflib graph or any
store) → ``layout`` (positions, computed here in Python so that the page stands still at once) →
``render`` (``html``, ``graphml``, ``gexf``, ``dot``, ``svg``, ``png``)::

    from srbgraph.stores.select import GraphSource
    from srbgraph.render import viz

    with GraphSource().open() as store:       # or an rdflib graph: srbgraph.build_cache.load()
        view = viz.build_view(store, focus="Fachkräftemangel", depth=2, lang="en")
    viz.write(view, "focus.html")

The HTML page works offline: vis-network and every style are inlined and no URL of a network host
is left in it. The view's data — labels, definitions, quotes, links, the support, quotes, rationale
and reviews of each link — reach the page only as JSON inside a script (``<``, ``>`` and ``&``
escaped), and the page's script builds the detail panel, tooltips, legend, filters and search list
as DOM text nodes, so a label such as ``<img src=x onerror=alert(1)>`` shows as text and runs
nothing.

The modules follow the pipeline: :mod:`.facts` (what the graph says, read in one pass over rows of
triples), :mod:`.view` (which nodes and edges), :mod:`.layout` (positions, label boxes that do not
overlap), :mod:`.style` (colours, shapes, fonts, label widths, the page's words), :mod:`.html`
(the page, from ``template.html`` and its scripts ``page.js``, ``page_state.js``,
``page_panel.js``, ``page_controls.js``) and :mod:`.formats` (every output format, :func:`render`
and :func:`write`). Importing this package loads none of rdflib, pyvis, networkx, numpy or jinja2:
the functions that need them import them (and the page never imports pyvis, only reads its copy of
vis-network).
"""
from __future__ import annotations

from .formats import (
    DEFAULT_NAME,
    FORMATS,
    format_for,
    render,
    render_dot,
    to_networkx,
    write,
)
from .html import render_html
from .layout import fruchterman_reingold, layout
from .style import CLASS_FONT, CLASS_STYLES, GREY, RELATION_STYLES, WORDS, class_style
from .view import CHAIN_RELATIONS, PATH_LAYERS, View, VizEdge, VizNode, build_view

__all__ = [
    "CHAIN_RELATIONS", "CLASS_FONT", "CLASS_STYLES", "DEFAULT_NAME", "FORMATS", "GREY", "PATH_LAYERS",
    "RELATION_STYLES", "WORDS", "View", "VizEdge", "VizNode", "build_view", "class_style", "format_for",
    "fruchterman_reingold", "layout", "render", "render_dot", "render_html", "to_networkx", "write",
]
