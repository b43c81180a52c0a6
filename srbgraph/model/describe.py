"""What the graph says about one IRI: the facts that describe it, and those facts read for a page.

Linked-data practice: every IRI of the dataset resolves to a page for people and to RDF for
machines. Both come from the same facts (:func:`facts`), so the page never says more than the RDF:

* the triples with the IRI as subject, and those with it as object (its incoming links; the first
  :data:`MOST_INCOMING` of them: a class with more members is cut there); every other look-up
  stops at :data:`MOST_FACTS` rows, so one IRI of a huge linked graph costs a bounded page;
* its evidence nodes (``srb:hasEvidence``: quote and section);
* the link assertions (``srb:Assertion``) whose subject or object it is, their evidence, and the
  reviews of those assertions (``srb:Review``, where the data has any);
* the labels of every IRI named in these triples (relations and classes included), so a reader —
  or a program — sees names, not bare IRIs;
* for a successor, the entities it replaces (``dcterms:isReplacedBy`` it) are deprecated
  (``owl:deprecated true``), so a program that followed the redirect of an old IRI reads what
  became of it.

:func:`describe` reads these facts for a page: labels and definitions by language, classes,
evidence, the links out and in grouped by relation — each with how the documentation supports it
(``stated``/``interpreted``), the review verdicts and whether its reviewers rejected it — and the
paths through a path entity (:func:`~srbgraph.model.paths.paths_through`).

Each query binds the IRI in a triple pattern of a flat group (a ``VALUES`` block, as every
parameter of srbgraph), so it stays a lookup however large the store is. Works on any store.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import did_you_mean
from ..stores.select import as_store
from ..terms import IRI, SRB, SRBR, Literal, local_id
from .entities import ENTITY_KINDS

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TYPE, LABEL, DEFINITION = RDF + "type", RDFS + "label", SKOS + "definition"
#: a replaced entity names its successor (the contract's "Replaced entities")
REPLACED_BY = "http://purl.org/dc/terms/isReplacedBy"
HAS_EVIDENCE, SUPPORT = SRB + "hasEvidence", SRB + "support"
#: incoming triples read at most (a class with more members shows the first ones and says so)
MOST_INCOMING = 2000
#: rows read at most by each of the other look-ups of one IRI (its own triples, evidence, assertions)
MOST_FACTS = 20_000

_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX srb: <https://w3id.org/srbgraph/ontology#>
"""
#: (query, how its rows become triples, most rows read): each binds ?e in a triple pattern
_FACT_QUERIES = tuple((f"{prefixes}SELECT {head} WHERE {{ {pattern} }} LIMIT {most}", shape)
                      for prefixes, head, pattern, shape, most in (
    ("", "?p ?o", "?e ?p ?o", "out", MOST_FACTS),
    ("", "?s ?p", "?s ?p ?e", "in", MOST_INCOMING + 1),
    (_PREFIXES, "?s ?p ?o", "?e srb:hasEvidence ?s . ?s ?p ?o", "spo", MOST_FACTS),
    (_PREFIXES, "?s ?p ?o", "?s rdf:subject|rdf:object ?e ; a srb:Assertion ; ?p ?o", "spo", MOST_FACTS),
    (_PREFIXES, "?s ?p ?o", "?a rdf:subject|rdf:object ?e ; srb:hasEvidence ?s . ?s ?p ?o", "spo", MOST_FACTS),
    (_PREFIXES, "?s ?p ?o", "?a rdf:subject|rdf:object ?e . ?s srb:reviews ?a ; ?p ?o", "spo", MOST_FACTS),
    (_PREFIXES, "?s ?p ?o", "?s srb:reviews ?e ; ?p ?o", "spo", MOST_FACTS),
    (_PREFIXES, "?s ?p ?o", f"?s <{REPLACED_BY}> ?e ; ?p ?o . FILTER(?p = <{OWL}deprecated>)", "spo", MOST_FACTS),
))
#: incoming triples of an assertion node: each is shown as its link's support, not as a link
_SHOWN_BY_ASSERTIONS = (RDF + "subject", RDF + "predicate", RDF + "object")
_LABELS = "SELECT ?s ?o WHERE { ?s <" + LABEL + "> ?o }"
_IS_A = _PREFIXES + "ASK { ?e a/rdfs:subClassOf* ?class }"


@dataclass
class Review:
    """One reviewer's verdict on a link (``srb:Review``)."""

    iri: str
    verdict: str  # confirmed, rejected or unclear
    reviewer: str = ""
    date: str = ""
    comment: str = ""


@dataclass
class Link:
    """A link of the entity to another IRI by one relation, with what the data says about it."""

    relation: str
    other: str
    assertion: str | None = None  # the srb:Assertion of a path link
    support: str | None = None  # stated, interpreted (None: not a path link, or not known)
    rejected: bool = False  # owl:deprecated: its reviewers rejected it (no direct triple left)
    reviews: list[Review] = field(default_factory=list)


@dataclass
class Quote:
    iri: str
    quote: str
    section: str = ""


@dataclass
class Value:
    """A literal value of the entity other than its label and definition."""

    relation: str
    text: str
    lang: str | None = None
    datatype: str | None = None


@dataclass
class Description:
    """One IRI as its page shows it; :attr:`names` holds the labels (``{lang: label}``) of every
    IRI the page names."""

    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    classes: list[str] = field(default_factory=list)
    evidence: list[Quote] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    outgoing: dict[str, list[Link]] = field(default_factory=dict)
    incoming: dict[str, list[Link]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    kind: str | None = None  # goal, need, obstacle or measure: an entity on the paths
    replaced_by: str | None = None  # a replaced entity: its successor (dcterms:isReplacedBy)
    replaces: list[str] = field(default_factory=list)  # the entities this one replaces
    paths: list = field(default_factory=list)
    incoming_cut: bool = False  # more incoming links than MOST_INCOMING

    def label(self, iri: str, lang: str = "de") -> str:
        """The label of *iri* in *lang*, else in the other language, else empty."""
        found = self.names.get(iri, {})
        return found.get(lang) or found.get("en" if lang == "de" else "de") or ""


# --------------------------------------------------------------------------------------------
# the facts
# --------------------------------------------------------------------------------------------
def facts(source, iri: str) -> list[tuple]:
    """The triples that describe *iri* (see the module's docstring), as srbgraph terms, without
    repeats; empty when the graph does not know *iri* at all."""
    store = as_store(source)
    subject = IRI(iri)
    found: dict[tuple, None] = {}
    for query, shape in _FACT_QUERIES:
        for row in store.select(query, {"e": subject}).rows:
            if shape == "out":
                found[(subject, row[0], row[1])] = None
            elif shape == "in":
                found[(row[0], row[1], subject)] = None
            else:
                found[tuple(row)] = None
    triples = list(found)
    named = sorted({str(term) for triple in triples for term in triple if isinstance(term, IRI)})
    if named:
        for row in store.select(_LABELS, values=(["s"], [[IRI(n)] for n in named])).rows:
            found.setdefault((row[0], IRI(LABEL), row[1]), None)
    return list(found)


def unknown_hint(source, iri: str) -> str:
    """For an IRI the graph does not know: `` (did you mean 'a', 'b'?)`` naming the closest ids of
    its namespace (srbr: ids, or srb: terms), or an empty text."""
    store = as_store(source)
    namespace = SRBR if iri.startswith(SRBR) else SRB if iri.startswith(SRB) else None
    if namespace is None:
        return ""
    query = ("SELECT DISTINCT ?s WHERE { ?s ?p ?o . FILTER(STRSTARTS(STR(?s), " + Literal(namespace).n3() + ")) }")
    ids = [str(row[0])[len(namespace):] for row in store.select(query).rows]
    return did_you_mean(iri[len(namespace):], ids, n=3)


# --------------------------------------------------------------------------------------------
# the facts read for a page
# --------------------------------------------------------------------------------------------
def describe(source, iri: str, lang: str = "de", triples: list[tuple] | None = None) -> Description | None:
    """*iri* as its page shows it (None when the graph does not know it); *triples* are its
    :func:`facts` when the caller has them already."""
    store = as_store(source)
    triples = facts(store, iri) if triples is None else triples
    if not any(iri in (str(s), str(o)) for s, _p, o in triples):
        return None
    page = Description(iri)
    by_subject: dict[str, list[tuple]] = {}
    for s, p, o in triples:
        by_subject.setdefault(str(s), []).append((str(p), o))
        if str(p) == LABEL and isinstance(o, Literal) and o.language in ("de", "en"):
            page.names.setdefault(str(s), {})[o.language] = str(o)
    _read_own(page, by_subject.get(iri, []), by_subject)
    links = _assertions(by_subject, iri)
    _read_links(page, triples, links)
    page.replaces = sorted(str(s) for s, p, o in triples if str(p) == REPLACED_BY and str(o) == iri)
    # a replaced entity is on no path (a look-up of its id would give its successor's paths)
    page.kind, page.paths = (None, []) if page.replaced_by else _paths(store, iri, lang)
    return page


def _read_own(page: Description, own: list[tuple], by_subject: dict) -> None:
    """Labels, definitions, classes, evidence and other literal values of the entity itself."""
    for p, o in own:
        if p == TYPE:
            if str(o) != OWL + "NamedIndividual":
                page.classes.append(str(o))
        elif p in (LABEL, DEFINITION) and isinstance(o, Literal) and o.language in ("de", "en"):
            (page.labels if p == LABEL else page.definitions)[o.language] = str(o)
        elif p == REPLACED_BY:
            page.replaced_by = str(o)
        elif p == HAS_EVIDENCE:
            fields = {q: str(v) for q, v in by_subject.get(str(o), [])}
            if SRB + "quote" in fields:
                page.evidence.append(Quote(str(o), fields[SRB + "quote"], fields.get(SRB + "section", "")))
        elif isinstance(o, Literal):
            page.values.append(Value(p, str(o), o.language, o.datatype))
    page.classes.sort(key=lambda c: (not c.startswith(SRB), c))
    page.evidence.sort(key=lambda q: _number_last(q.iri))
    page.values.sort(key=lambda v: (v.relation, v.lang or "", v.text))


def _assertions(by_subject: dict, iri: str) -> dict[tuple, Link]:
    """(subject, relation, object) → the :class:`Link` its assertion describes, with its reviews,
    for every assertion among the facts whose subject or object is *iri*."""
    reviews: dict[str, list[Review]] = {}
    for node, pairs in by_subject.items():
        fields = dict(pairs)
        if SRB + "reviews" in fields and SRB + "verdict" in fields:
            agent = str(fields.get("http://www.w3.org/ns/prov#wasAttributedTo", ""))
            agent_label = next((str(o) for p, o in by_subject.get(agent, []) if p == LABEL), local_id(agent))
            reviews.setdefault(str(fields[SRB + "reviews"]), []).append(Review(
                node, str(fields[SRB + "verdict"]).removeprefix(SRB), agent_label,
                str(fields.get("http://purl.org/dc/terms/date", "")), str(fields.get(RDFS + "comment", ""))))
    links = {}
    for node, pairs in by_subject.items():
        fields = dict(pairs)
        ends = (str(fields.get(RDF + "subject", "")), str(fields.get(RDF + "predicate", "")),
                str(fields.get(RDF + "object", "")))
        if all(ends) and iri in (ends[0], ends[2]):
            support = str(fields.get(SUPPORT, "")).removeprefix(SRB) or None
            deprecated = str(fields.get(OWL + "deprecated", "")).lower() in ("true", "1")
            found = sorted(reviews.get(node, []), key=lambda r: (r.reviewer, r.date))
            links[ends] = Link(ends[1], "", node, support, deprecated, found)
    return links


def _read_links(page: Description, triples: list[tuple], links: dict[tuple, Link]) -> None:
    """The entity's links to other IRIs, out and in, grouped by relation; every link assertion is
    one of them, also a rejected one whose direct triple is gone."""
    iri = page.iri
    seen = set()
    for s, p, o in triples:
        if not (isinstance(s, IRI) and isinstance(o, IRI)) or iri not in (str(s), str(o)):
            continue
        s, p, o = str(s), str(p), str(o)
        if s == iri and p not in (TYPE, HAS_EVIDENCE, REPLACED_BY):  # the successor is shown apart
            _add(page.outgoing, links.get((s, p, o)), p, o)
        if o == iri and p not in _SHOWN_BY_ASSERTIONS and p != REPLACED_BY:
            _add(page.incoming, links.get((s, p, o)), p, s)
        seen.add((s, p, o))
    for (s, p, o), link in links.items():
        if (s, p, o) not in seen:  # a rejected link: its assertion is kept, its triple is not
            _add(page.outgoing if s == iri else page.incoming, link, p, o if s == iri else s)
    for groups in (page.outgoing, page.incoming):
        for relation in groups:
            groups[relation].sort(key=lambda link: (page.label(link.other).lower(), link.other))
    page.incoming_cut = sum(len(group) for group in page.incoming.values()) > MOST_INCOMING


def _add(groups: dict, link: Link | None, relation: str, other: str) -> None:
    if link is None:
        link = Link(relation, other)
    else:
        link = Link(relation, other, link.assertion, link.support, link.rejected, link.reviews)
    groups.setdefault(relation, []).append(link)


def _paths(store, iri: str, lang: str) -> tuple[str | None, list]:
    """``(kind, paths)`` for a goal, need, obstacle, measure or indicator; ``(None, [])`` for
    anything else."""
    if not iri.startswith(SRBR):
        return None, []
    for kind, cls in ENTITY_KINDS.items():  # the kinds of path entities (a subclass counts)
        if store.ask(_IS_A, {"e": IRI(iri), "class": IRI(SRB + cls)}):
            from .paths import paths_at

            return kind, paths_at(store, [(kind, iri)], lang=lang)
    return None, []


def _number_last(iri: str) -> tuple:
    """Evidence nodes in their order (``…-1``, ``…-2``, ``…-10``)."""
    tail = iri.rsplit("-", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, iri)


# --------------------------------------------------------------------------------------------
# every term the graph names (for completion in the query editor)
# --------------------------------------------------------------------------------------------
_KINDS = _PREFIXES + """PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?term ?kind WHERE {
  { ?term a ?type . VALUES ?type { owl:Class rdfs:Class } BIND("class" AS ?kind) }
  UNION { ?thing a ?term . BIND("class" AS ?kind) }
  UNION { ?term a ?type . VALUES ?type { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property }
          BIND("property" AS ?kind) }
  UNION { SELECT DISTINCT ?term WHERE { ?s ?term ?o } }
}"""
_ALL_LABELS = "SELECT ?term ?label WHERE { ?term <" + LABEL + "> ?label }"
_REPLACED = "SELECT DISTINCT ?term WHERE { ?term <" + REPLACED_BY + "> ?successor }"


def named_terms(source) -> list[dict]:
    """Every class and property the graph declares or uses, and every labelled individual of the
    curated data (``srbr:``) but the replaced ones: ``{"iri", "kind" (class, property, individual),
    "de", "en"}``, sorted by kind and IRI."""
    store = as_store(source)
    kinds: dict[str, str] = {}
    for term, kind in store.select(_KINDS).rows:
        if isinstance(term, IRI):
            kinds.setdefault(str(term), str(kind) if kind else "property")
    labels: dict[str, dict[str, str]] = {}
    for term, label in store.select(_ALL_LABELS).rows:
        if isinstance(term, IRI) and isinstance(label, Literal) and label.language in ("de", "en"):
            labels.setdefault(str(term), {})[label.language] = str(label)
    replaced = {str(row[0]) for row in store.select(_REPLACED).rows}
    for term in labels:
        if term.startswith(SRBR) and term not in kinds and term not in replaced:
            kinds[term] = "individual"
    order = {"class": 0, "property": 1, "individual": 2}
    return [{"iri": term, "kind": kind, "de": labels.get(term, {}).get("de", ""), "en": labels.get(term, {}).get("en", "")}
            for term, kind in sorted(kinds.items(), key=lambda item: (order[item[1]], item[0]))]
