"""The search of the published site: every label (both languages), other name (``skos:altLabel``)
and quote of the entries that have a page, searched in the browser.

A static folder has no server to ask, and from ``file://`` a page may neither fetch a file nor load
a module; so the index goes into the page itself as a JSON block, read by a classic script
(``static/search.js``). It holds only what a hit shows — the page's address, the kind, the labels,
the other names, the quotes with their section — in a compact list form (one array per entry, the
kinds named once), so the page stays small.

A name is matched as the command line matches it: :func:`srbgraph.terms.fold` (case, umlauts
spelled out, accents, hyphens, spaces and punctuation dropped), ported to the script, so
``fachkraeftemangel`` finds „Fachkräftemangel“ here as ``srbgraph paths fachkraeftemangel`` does.
Everything from the graph reaches the page as text (``textContent``), never as markup.
"""
from __future__ import annotations

from ..terms import SRB, SRBR

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
#: every label and other name of an IRI of the data or the ontology
_NAMES = f"""SELECT ?s ?p ?name WHERE {{
  ?s ?p ?name . VALUES ?p {{ <{_RDFS}label> <{_SKOS}altLabel> }}
  FILTER(isIRI(?s) && isLiteral(?name))
}}"""
#: the types of each IRI, and the classes each class lies below (the most specific type names the kind)
_TYPES = "SELECT ?s ?type WHERE { ?s a ?type . FILTER(isIRI(?s) && isIRI(?type)) }"
_BELOW = f"SELECT ?class ?upper WHERE {{ ?class <{_RDFS}subClassOf>+ ?upper . FILTER(isIRI(?upper)) }}"
_PROPERTIES = {_OWL + "ObjectProperty", _OWL + "DatatypeProperty", _OWL + "AnnotationProperty",
               "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"}


def write(part) -> None:
    """``search.html`` of *part*'s language, with the index of every page's names and quotes."""
    from ..server.pages import json_block

    here = part.page("search.html")
    index = search_index(part, here)
    part.render("search.html", "search.html", index=json_block(index),
                count_forms=json_block(_count_forms(part.lang)))


def _count_forms(lang: str) -> dict:
    """The results line for one and for several hits, ``{n}`` standing for the number."""
    from ..render.i18n import word

    return {"one": word("site-search-count", lang, n=1).replace("1", "{n}", 1),
            "many": word("site-search-count", lang, n=2).replace("2", "{n}", 1),
            "none": word("site-search-none", lang)}


def search_index(part, here: str) -> dict:
    """``{"lang", "kinds": [kind label …], "sections": [section …], "entries": [[href, kind number,
    label de, label en, [[other name, lang] …], [[quote, section number] …], (title, is an id)] …]}``
    for every IRI of the data and the ontology whose page the site has, sorted by label; the title
    (shown, not searched) only where an entry has no label: a link assertion by its ends, else its id."""
    from ..model import catalogue as queries

    store = part.site.store
    entries: dict[str, list] = {}

    def entry(iri: str) -> list | None:
        iri = str(iri)
        if iri not in entries:
            target = part.page_of(iri)
            entries[iri] = [part.url(here, target), None, "", "", [], []] if target else None
        return entries[iri]

    names = store.select(_NAMES).rows
    for subject, predicate, name in names:
        found = entry(subject)
        if found is None:
            continue
        language = getattr(name, "language", None) or ""
        if predicate == _RDFS + "label" and language in ("de", "en"):
            found[2 if language == "de" else 3] = found[2 if language == "de" else 3] or str(name)
        else:  # an other name, or a label in no language of the site's (a reviewer's name)
            found[4].append([str(name), language])
    sections: dict[str, int] = {}  # each section once: many quotes stand in one section
    for owner, quote, section in store.select_values(queries.named("evidence").text):
        found = entry(owner)
        if found is not None:
            found[5].append([str(quote), sections.setdefault(str(section or ""), len(sections))])
    titles = _link_titles(store, part.lang)
    kinds = _kinds(store, part.lang, [iri for iri, found in entries.items() if found is not None], names)
    labels: list[str] = []
    for iri, found in entries.items():
        if found is not None:
            kind = kinds.get(iri, "")
            if kind not in labels:
                labels.append(kind)
            found[1] = labels.index(kind)
            if not (found[2] or found[3]):  # shown by what it is: a link by its ends, else its id
                found.append(titles.get(iri) or [iri.removeprefix(SRBR).removeprefix(SRB), 1])
    kept = sorted((found for found in entries.values() if found is not None),
                  key=lambda e: ((e[2] if part.lang == "de" else e[3]) or e[2] or e[3] or e[6][0]).lower())
    return {"lang": part.lang, "kinds": labels, "sections": list(sections), "entries": kept}


def _kinds(store, lang: str, iris: list[str], names: list[tuple]) -> dict[str, str]:
    """IRI → the label (in *lang*) of its most specific type of the ontology; for a term of the
    ontology itself: a class or a property of the ontology."""
    from ..render.i18n import word

    wanted = set(iris)
    types: dict[str, set[str]] = {}
    for subject, kind in store.select_values(_TYPES):
        if str(subject) in wanted:
            types.setdefault(str(subject), set()).add(str(kind))
    above: dict[str, set[str]] = {}
    for cls, upper in store.select_values(_BELOW):
        above.setdefault(str(cls), set()).add(str(upper))
    labels: dict[str, str] = {}
    for subject, predicate, name in names:
        if predicate == _RDFS + "label" and getattr(name, "language", None) == lang and str(subject).startswith(SRB):
            label = str(name).split(" / ")[0]
            labels.setdefault(str(subject), label[:1].upper() + label[1:])
    found = {}
    for iri in wanted:
        given = types.get(iri, set())
        if _OWL + "Class" in given or _RDFS + "Class" in given:
            found[iri] = word("site-search-class", lang)
        elif given & _PROPERTIES:
            found[iri] = word("site-search-property", lang)
        else:
            own = sorted(t for t in given if t.startswith(SRB) and not any(t in above.get(o, ()) for o in given))
            found[iri] = next((labels[t] for t in own if t in labels), word("site-search-other", lang))
    return found


def _link_titles(store, lang: str) -> dict[str, list]:
    """Assertion IRI → its title in *lang*: "subject – relation – object" by their labels."""
    from ..model.review import every_link
    from ..render.i18n import WORDS, word

    def relation(name: str) -> str:
        return word("rel-" + name, lang) if "rel-" + name in WORDS else name

    return {link.assertion: [f"{link.subject_label} – {relation(link.relation)} – {link.object_label}", 0]
            for link in every_link(store, lang) if link.assertion}
