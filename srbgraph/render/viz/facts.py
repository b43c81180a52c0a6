"""What a view of the graph needs to know, read in one pass over plain rows of triples.

:class:`Facts` takes rows ``(subject, predicate, object, is_literal, language)`` of plain strings —
from an rdflib graph (:func:`rows_of_graph`), from every triple of a store's default graph
(:func:`rows_of_store`), or from the few queries of
:func:`srbgraph.model.neighbourhood.described` for the neighbourhood of one entity — and keeps the
classes, labels, definitions, evidence quotes, links between individuals, link assertions (with
their support, rationale and quotes) and the expert reviews of those assertions. A replaced entity
(merged or renamed: ``dcterms:isReplacedBy``) is no individual a view draws: its successor is.

Reviews are read by the terms of the vocabulary contract (``srb:Review``, ``srb:reviews``,
``srb:verdict``, ``prov:wasAttributedTo`` with the reviewer's ``rdfs:label``, ``dcterms:date``,
``rdfs:comment``), so they show wherever a graph has them.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from ...terms import NAMESPACES, SRB, SRBR

RDF = NAMESPACES["rdf"]
RDFS = NAMESPACES["rdfs"]
SKOS = NAMESPACES["skos"]
PROV = NAMESPACES["prov"]
DCTERMS = NAMESPACES["dcterms"]

#: classes whose members are not drawn: their content belongs to the nodes and edges they describe
NOT_DRAWN = frozenset({"Evidence", "Assertion", "Review"})

Row = tuple  # (subject, predicate, object, is_literal, language), all plain strings but is_literal


def rows_of_graph(graph) -> Iterator[Row]:
    """Every triple of an rdflib graph as a plain row."""
    from rdflib import Literal

    for s, p, o in graph:
        literal = isinstance(o, Literal)
        yield str(s), str(p), str(o), literal, (o.language or "") if literal else ""


def rows_of_terms(rows: Iterable[tuple]) -> Iterator[Row]:
    """Rows of srbgraph terms (``IRI``, ``Literal``, ``BNode``; a store's ``select``) as plain rows."""
    from ...terms import Literal

    for s, p, o in rows:
        literal = isinstance(o, Literal)
        yield str(s), str(p), str(o), literal, (o.language or "") if literal else ""


def rows_of_store(store) -> Iterator[Row]:
    """Every triple of the default graph of *store*: an rdflib graph in memory is read directly, an
    endpoint is asked for all of it at once (``dump``, as every command that draws the whole graph
    asks it) and read through an Oxigraph store in memory."""
    from ...stores.oxigraph import OxigraphStore
    from ...stores.rdflib_store import RdflibStore

    if isinstance(store, RdflibStore):
        return rows_of_graph(store.graph)
    if not store.embedded:
        copy = OxigraphStore()
        copy.load_ntriples(store.dump())
        store = copy
    rows = store.select_values("SELECT ?s ?p ?o (isLiteral(?o) AS ?literal) (LANG(?o) AS ?lang) WHERE { ?s ?p ?o }")
    return ((s, p, o, literal == "true", lang or "") for s, p, o, literal, lang in rows)


@dataclass
class Review:
    """One reviewer's verdict on one link assertion."""

    verdict: str  # local name: confirmed, rejected, unclear (or whatever the graph says)
    reviewer: str
    date: str
    comment: str


def _evidence_order(ev: str):
    tail = ev.rsplit("-", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, ev)


class Facts:
    """Everything :func:`~srbgraph.render.viz.view.build_view` needs, read from *rows* in one pass."""

    def __init__(self, rows: Iterable[Row]):
        self.types: dict[str, str] = {}
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.definitions: dict[str, dict[str, str]] = defaultdict(dict)
        self.superclass: dict[str, set[str]] = defaultdict(set)
        self.links: set[tuple[str, str, str]] = set()
        self.rationale: dict[str, dict[str, str]] = defaultdict(dict)
        self._evidence_of: dict[str, list[str]] = defaultdict(list)
        self._quote: dict[str, str] = {}
        self._section: dict[str, str] = {}
        self._reified: dict[str, dict[str, str]] = defaultdict(dict)
        self._review: dict[str, dict[str, str]] = defaultdict(dict)
        self._reviews_of: dict[str, list[str]] = defaultdict(list)
        self._comment: dict[str, str] = {}
        #: replaced entity → its successor
        self.replaced_by: dict[str, str] = {}
        handlers = self._handlers()
        for s, p, o, literal, lang in rows:
            handler = handlers.get(p)
            if handler is not None:
                handler(s, o, literal, lang)
            elif p.startswith(SRB) and not literal and s.startswith(SRBR) and o.startswith(SRBR):
                self.links.add((s, p[len(SRB):], o))
        self._finish()

    def _handlers(self) -> dict:
        parts = {RDF + "subject": "s", RDF + "predicate": "p", RDF + "object": "o", SRB + "support": "support"}

        def reified(part):
            return lambda s, o, _l, _g: self._reified[s].__setitem__(part, o)

        def review(part):
            return lambda s, o, _l, _g: self._review[s].__setitem__(part, o)

        def text(table):
            return lambda s, o, literal, lang: table[s].__setitem__(lang, o) if literal else None

        handlers = {p: reified(part) for p, part in parts.items()}
        handlers.update({
            RDF + "type": self._type,
            RDFS + "label": text(self.labels),
            SKOS + "definition": text(self.definitions),
            SRB + "rationale": lambda s, o, literal, lang: self.rationale[s].__setitem__(lang, o),
            SRB + "hasEvidence": lambda s, o, _l, _g: self._evidence_of[s].append(o),
            SRB + "quote": lambda s, o, _l, _g: self._quote.__setitem__(s, o),
            SRB + "section": lambda s, o, _l, _g: self._section.__setitem__(s, o),
            RDFS + "subClassOf": self._subclass,
            SRB + "reviews": lambda s, o, _l, _g: self._reviews_of[o].append(s),
            SRB + "verdict": review("verdict"),
            PROV + "wasAttributedTo": review("agent"),
            DCTERMS + "date": review("date"),
            RDFS + "comment": lambda s, o, _l, _g: self._comment.__setitem__(s, o),
            DCTERMS + "isReplacedBy": lambda s, o, _l, _g: self.replaced_by.__setitem__(s, o),
        })
        return handlers

    def _type(self, s: str, o: str, literal: bool, _lang: str) -> None:
        if not literal and o.startswith(SRB):
            self.types[s] = o[len(SRB):]

    def _subclass(self, s: str, o: str, _literal: bool, _lang: str) -> None:
        if s.startswith(SRB) and o.startswith(SRB):
            self.superclass[s[len(SRB):]].add(o[len(SRB):])

    def _finish(self) -> None:
        self.individuals = {iri for iri, cls in self.types.items()
                            if iri.startswith(SRBR) and cls not in NOT_DRAWN and iri not in self.replaced_by}
        #: (subject, relation, object) → assertion IRI, for every link assertion
        self.assertions: dict[tuple[str, str, str], str] = {}
        self.support: dict[str, str | None] = {}
        for iri, r in self._reified.items():
            if {"s", "p", "o"} <= set(r) and r["p"].startswith(SRB):
                self.assertions[(r["s"], r["p"][len(SRB):], r["o"])] = iri
                level = r.get("support", "")
                self.support[iri] = level[len(SRB):] if level.startswith(SRB) else None
        self.evidence: dict[str, list[tuple[str, str]]] = {
            iri: [(self._quote.get(ev, ""), self._section.get(ev, "")) for ev in sorted(items, key=_evidence_order)]
            for iri, items in self._evidence_of.items()}

    # -- asking ------------------------------------------------------------------------------------
    def ident(self, iri: str) -> str:
        return iri[len(SRBR):] if iri.startswith(SRBR) else iri

    def is_a(self, cls: str, wanted: set[str]) -> bool:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c in wanted:
                return True
            if c not in seen:
                seen.add(c)
                todo.extend(self.superclass.get(c, ()))
        return False

    def term_label(self, local: str, lang: str) -> str:
        return self.labels.get(SRB + local, {}).get(lang, "")

    def label(self, iri: str, lang: str) -> str:
        labels = self.labels.get(iri, {})
        other = "en" if lang == "de" else "de"
        return labels.get(lang) or labels.get(other) or labels.get("") or self.ident(iri)

    def reviews(self, assertion: str) -> list[Review]:
        """The reviews of *assertion*, oldest first."""
        found = []
        for review in self._reviews_of.get(assertion, ()):
            props = self._review.get(review, {})
            verdict = props.get("verdict", "")
            agent = props.get("agent", "")
            reviewer = self.labels.get(agent, {})
            found.append(Review(verdict[len(SRB):] if verdict.startswith(SRB) else verdict,
                                reviewer.get("") or reviewer.get("de") or reviewer.get("en") or agent,
                                props.get("date", ""), self._comment.get(review, "")))
        return sorted(found, key=lambda r: (r.date, r.reviewer, r.verdict))

    def rejected(self, assertion: str) -> bool:
        """Its reviewers reject the link: at least one rejects it and none confirms it (the rule of
        the vocabulary contract)."""
        verdicts = {r.verdict for r in self.reviews(assertion)}
        return "rejected" in verdicts and "confirmed" not in verdicts

    def adjacency(self, rejected: bool = False) -> dict[str, set[str]]:
        """Each individual's neighbours over the links between individuals, either direction; with
        *rejected*, over the links that their reviewers reject, too."""
        adjacency: dict[str, set[str]] = defaultdict(set)
        individuals = self.individuals
        links = set(self.links)
        if rejected:
            links |= {link for link, assertion in self.assertions.items() if self.rejected(assertion)}
        for s, _p, o in links:
            if s in individuals and o in individuals:
                adjacency[s].add(o)
                adjacency[o].add(s)
        return adjacency
