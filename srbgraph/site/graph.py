"""The site's interactive graph: ``graph.html``, the picture ``srbgraph serve`` shows at ``/graph``.

The page is the one of ``srbgraph viz`` (:func:`srbgraph.render.viz.render_html`: the whole graph,
laid out in Python, vis-network inlined, the data as JSON in the page), so that the site, the server
and the command show one picture. Two things make it a page of the site:

* the site's header (skip link, the navigation, the switch to the other language) and footer, given
  to the viz template as data (:func:`site_header`) — the template writes them only when given,
  so ``srbgraph viz`` and the server's ``/graph`` stay as they are;
* a map node id → relative address of the node's page, only for the nodes that have one
  (:meth:`~srbgraph.site.context.Part.page_of`): the detail panel links there, to these addresses
  only, never to one made from the data's text.

The way back: an entity page links to ``graph.html#`` + :func:`fragment_of`; the fragment is the
state the viz page keeps in its address (``sel=ID``), so the page opens with that node selected,
centred and its panel open — without any script of the entity page.
"""
from __future__ import annotations

from urllib.parse import urlencode

from ..terms import SRBR

NAME = "graph.html"
#: the site's navigation as ``site_base.html`` writes it: (page of this language, word or text,
#: fragment); ``tests/test_site_graph.py`` holds the two to one another
NAV = (("index.html", "site-start", ""), ("paths.html", "site-paths", ""), ("gaps.html", "site-gaps", ""),
       ("review.html", "site-review", ""), ("graph.html", "interactive-graph", ""),
       ("search.html", "site-search", ""), ("sparql.html", None, ""), ("ontology.html", "docs-ontology", ""),
       ("index.html", "site-data", "data"))


def fragment_of(iri: str) -> str:
    """The fragment (without ``#``) that opens ``graph.html`` with the node of *iri* selected,
    centred, its panel open; ``""`` for an IRI that is no node of the picture's namespace (the
    entity pages link only entities the picture draws, as the server's ``graph_link`` does)."""
    if not iri.startswith(SRBR) or len(iri) == len(SRBR):
        return ""
    return urlencode({"sel": iri[len(SRBR):]})


def site_header(part, here: str) -> dict:
    """The site's header and footer around the picture, for the viz template: every address
    relative to *here*."""
    from ..server.pages import words

    t = words(part.lang)
    links = []
    for name, key, fragment in NAV:
        target = part.page(name) + ("#" + fragment if fragment else "")
        links.append((part.url(here, target), t(key) if key else "SPARQL", name == NAME and not fragment))
    switch = part.switch(NAME)
    return {"title": f"{t('interactive-graph')} – {t('site-name')}", "skip": t("site-skip"), "nav": t("site-nav"),
            "links": links, "footer": t("site-footer"),
            "switch": (part.url(here, switch), part.other, t("in-other-language")) if switch else None}


def write(part) -> None:
    """``graph.html`` of *part*'s language: the whole graph of the site's store."""
    from ..render.viz import build_view, render_html

    here = part.page(NAME)
    view = build_view(part.site.store, lang=part.lang)
    part.site.drawn.update(node.iri for node in view.nodes.values())  # the entity pages link these
    pages = {}
    for node in view.nodes.values():
        target = part.page_of(node.iri)
        if target:
            pages[node.id] = part.url(here, target)
    part.site.files.add(here, render_html(view, pages=pages, site=site_header(part, here)))
