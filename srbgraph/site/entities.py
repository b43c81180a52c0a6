"""The page of every IRI of the data (``resource/ID.html``) and of the ontology
(``ontology/TERM.html``), each with its description as Turtle beside it (``resource/ID.ttl``).

A page holds what ``srbgraph serve`` shows at ``/resource/ID`` — labels, kind, definition, quotes
with their section, the links in and out with their support and the reviewers' verdicts, the paths
through it, the linked district figures — from the same library call
(:func:`srbgraph.model.describe.describe`) and the same template content
(``server/templates/resource_content.html``); only the addresses differ: relative, to the site's
files. The facts of one IRI are read once and serve every language's page and its Turtle.

A replaced entity keeps its page: it says at the top what replaced it and links there (a static
host cannot redirect; the w3id rule in the README may).

A quote's evidence node (``evidence/goal-x-1``) has no page of its own: its quote stands on its
entity's page with the anchor ``#q-evidence/goal-x-1``, and every link to it leads there. Its id
names its entity, so the README's w3id rule sends its IRI to that anchor too; 1,254 pages that only
lead elsewhere would have cost 0.8 MB of a site that must stay small.
"""
from __future__ import annotations

from ..model.describe import describe, facts
from ..server.pages import ResourceView
from ..terms import SRB, SRBR, Literal
from .context import Part, Site, id_path, page_path_of

#: a quote's evidence node and the entity (or link assertion) it belongs to
_EVIDENCE = ("SELECT ?owner ?evidence WHERE { ?owner <" + SRB + "hasEvidence> ?evidence . "
             "FILTER(isIRI(?owner) && isIRI(?evidence)) }")
#: every IRI of the data and of the ontology that is the subject of a triple
_SUBJECTS = ("SELECT DISTINCT ?s WHERE { ?s ?p ?o . FILTER(isIRI(?s) && (STRSTARTS(STR(?s), "
             + Literal(SRBR).n3() + ") || STRSTARTS(STR(?s), " + Literal(SRB).n3() + "))) }")


class SiteResourceView(ResourceView):
    """The resource page's view with the site's relative addresses."""

    compact_paths = True

    def __init__(self, description, part: Part, here: str, rdf_file: str | None, graph_link: str | None,
                 documented: set[str] = frozenset()):
        super().__init__(description, part.lang)
        self.part, self.here = part, here
        self.rdf_links = [("Turtle", part.url(here, rdf_file))] if rdf_file else []
        switch = part.switch(page_path_of(description.iri) or "")
        self.other_language_href = part.url(here, switch) if switch else None
        self.graph_link = graph_link
        term = description.iri[len(SRB):] if description.iri in documented else None
        self.docs_link = part.url(here, part.page("ontology.html") + "#" + term) if term else None

    def href(self, iri: str) -> str | None:
        target = self.part.page_of(iri) if iri else None
        return self.part.url(self.here, target) if target else None

    def own_page(self, iri: str) -> str | None:  # a static page does not redirect: its own page is its address
        return self.href(iri)


def every_iri(store) -> list[str]:
    return sorted(str(row[0]) for row in store.select(_SUBJECTS).rows)


def rdf_path(iri: str) -> str:
    """The site path of *iri*'s Turtle (one for all languages)."""
    return page_path_of(iri)[:-len(".html")] + ".ttl"


def plan(site: Site) -> None:
    """Decide which IRIs get a page (before any page is written: every page links to the others).
    A quote's evidence node is shown on its owner's page: links to it lead there."""
    if site.pages:
        return
    every = every_iri(site.store)
    owners: dict[str, str] = {}
    for owner, evidence in site.store.select_values(_EVIDENCE):
        owners.setdefault(evidence, owner)
    known = set(every)
    site.iris = [iri for iri in every if owners.get(iri) not in known]
    site.pages.update(page_path_of(iri) for iri in site.iris)
    site.anchors = {evidence: owner for evidence, owner in sorted(owners.items()) if owner in known and evidence in known}


def write_shared(site: Site) -> None:
    """The Turtle of every page's IRI, and the facts kept for the pages of each language."""
    plan(site)
    site.facts = {}
    for number, iri in enumerate(site.iris, 1):
        _progress(site, number, "read")
        triples = facts(site.store, iri)
        site.facts[iri] = triples
        site.files.add(rdf_path(iri), turtle(triples))


def turtle(triples: list[tuple]) -> bytes:
    """*triples* as Turtle declaring only the prefixes it uses (a thousand small files would
    otherwise carry 0.5 MB of unused declarations)."""
    import pyoxigraph as ox

    from ..server.rdfout import PREFIXES, _term

    written = [ox.Triple(_term(s, ox), _term(p, ox), _term(o, ox)) for s, p, o in triples]
    terms = {str(term) for triple in triples for term in triple}
    used = {name: ns for name, ns in PREFIXES.items() if any(term.startswith(ns) for term in terms)}
    return ox.serialize(written, format=ox.RdfFormat.TURTLE, prefixes=used) or b""


#: a progress line every so many entities (a large store's site takes minutes)
PROGRESS_EVERY = 1000


def _progress(site: Site, number: int, what: str) -> None:
    if site.tell and number % PROGRESS_EVERY == 0:
        site.tell(f"site: entities, {what} {number:,} of {len(site.iris):,} …")


def figure_groups(figures: list[dict], lang: str) -> list[tuple[str, list[str]]]:
    """A district's linked figures as its page lists them: per table and Stichtag, one line per
    column (the words of the graph page's tooltip, :func:`srbgraph.render.viz.figures.figure_lines`)."""
    from ..render.viz.figures import figure_lines

    groups: list[tuple[str, list[str]]] = []
    for line in figure_lines(figures, lang):
        if line.startswith("  ") and groups:
            groups[-1][1].append(line.strip())
        else:
            groups.append((line, []))
    return groups


def write(part: Part) -> None:
    site = part.site
    if not site.facts:
        write_shared(site)
    from ..model.districts import district_figures
    from .graph import fragment_of
    from .ontology import documented

    terms = documented(part)
    figures = district_figures(site.store, part.lang)  # empty where no table was linked
    for number, iri in enumerate(site.iris, 1):
        _progress(site, number, f"pages ({part.lang})")
        description = describe(site.store, iri, part.lang, site.facts[iri])
        if description is None:
            continue
        name = page_path_of(iri)
        here = part.page(name)
        drawn = iri in site.drawn and fragment_of(iri) and not description.replaced_by
        graph = part.url(here, part.page("graph.html") + "#" + fragment_of(iri)) if drawn else None
        view = SiteResourceView(description, part, here, rdf_path(iri), graph, terms)
        view.figures = figure_groups(figures.get(iri, []), part.lang)
        part.render(name, "site_resource.html", compact=True, d=description, view=view, graph_link=graph)


__all__ = ["SiteResourceView", "every_iri", "id_path", "plan", "rdf_path", "write", "write_shared"]
