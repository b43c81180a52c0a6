"""``ontology.html``: the ontology documentation of ``srbgraph docs`` (srbgraph's own page, in the
page's language) inside the site's frame, every term with an anchor (``ontology.html#Obstacle``)
and a link to the term's own page (``ontology/Obstacle.html``), which links back.

The terms are read from the graph the site is written from (its ``srb:`` triples), so a graph file
with a newer ontology documents that one.
"""
from __future__ import annotations

from ..terms import SRB
from .context import Part


def ontology_graph(part: Part):
    """The triples of the ontology's terms (and of the ontology itself) as an rdflib graph."""
    import rdflib

    from .rdf import whole_graph

    site = part.site
    if site.ontology is None:
        base = SRB.rstrip("#")
        lines = [f"{t.subject} {t.predicate} {t.object} .\n" for t in whole_graph(site)
                 if str(t.subject.value if hasattr(t.subject, "value") else t.subject).startswith(base)]
        site.ontology = rdflib.Graph().parse(data="".join(lines), format="nt")
    return site.ontology


def documentation(part: Part):
    """The ontology read for its documentation in the part's language (once per language)."""
    from ..render.docs import ontology_doc

    site = part.site
    if part.lang not in site.ontology_docs:
        site.ontology_docs[part.lang] = ontology_doc(ontology_graph(part), part.lang)
    return site.ontology_docs[part.lang]


def documented(part: Part) -> set[str]:
    """The IRIs of the terms ``ontology.html`` documents (each has an anchor there)."""
    return {row[0] for _anchor, _heading, rows in documentation(part).sections for row in rows}


def write(part: Part) -> None:
    from ..render.docs import ONTOLOGY_IRI

    here = part.page("ontology.html")
    doc = documentation(part)
    sections = []
    for anchor, heading, rows in doc.sections:
        shown = []
        for iri, name, label, definition, axioms in rows:
            target = part.page_of(iri)
            shown.append((iri[len(SRB):], name, part.url(here, target) if target else None, label, definition, axioms))
        sections.append((anchor, heading, shown))
    part.render("ontology.html", "site_ontology.html", doc=doc, sections=sections, ontology_iri=str(ONTOLOGY_IRI))
