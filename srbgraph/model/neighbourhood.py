"""The neighbourhood of an entity, asked of the store: what lies within a number of links of it
(:func:`within`, one query per step) and every triple a picture of those entities needs
(:func:`described`, a handful of queries). On an Oxigraph store both take milliseconds, however
large the rest of the graph is; any store (an endpoint, an rdflib graph) answers the same queries.

Links are the ``srb:`` relations between curated individuals (``srbr:``), either direction;
evidence, link assertions and reviews are no neighbours (their content belongs to the entities and
links they describe).
"""
from __future__ import annotations

from typing import Iterable

from ..stores.select import as_store
from ..terms import IRI, NAMESPACES, SRB, SRBR

_PREFIXES = (f"PREFIX srb: <{SRB}>\nPREFIX rdf: <{NAMESPACES['rdf']}>\nPREFIX rdfs: <{NAMESPACES['rdfs']}>\n"
             f"PREFIX prov: <{NAMESPACES['prov']}>\n")
#: an individual drawn as a node: of an srb: class, and no evidence, assertion or review
_DRAWN = (f'FILTER(isIRI(?n) && STRSTARTS(STR(?n), "{SRBR}"))\n'
          f'  FILTER EXISTS {{ ?n a ?class . FILTER(STRSTARTS(STR(?class), "{SRB}")) }}\n'
          "  FILTER NOT EXISTS { ?n a srb:Evidence } FILTER NOT EXISTS { ?n a srb:Assertion }\n"
          "  FILTER NOT EXISTS { ?n a srb:Review }")
_LINK = f'FILTER(STRSTARTS(STR(?p), "{SRB}") && ?p != srb:hasEvidence)'

_NEIGHBOURS = _PREFIXES + f"""SELECT DISTINCT ?n WHERE {{
  {{ ?x ?p ?n }} UNION {{ ?n ?p ?x }}
  {_LINK}
  {_DRAWN}
}}"""
#: the other ends of links that their reviewers reject (at least one rejects, none confirms): the
#: graph keeps their assertion, not their direct triple
_REJECTED_NEIGHBOURS = _PREFIXES + f"""SELECT DISTINCT ?n WHERE {{
  {{ ?a rdf:subject ?x ; rdf:object ?n }} UNION {{ ?a rdf:object ?x ; rdf:subject ?n }}
  ?a a srb:Assertion .
  FILTER EXISTS {{ ?r srb:reviews ?a ; srb:verdict srb:rejected }}
  FILTER NOT EXISTS {{ ?c srb:reviews ?a ; srb:verdict srb:confirmed }}
  {_DRAWN}
}}"""

#: what the picture needs, each query giving rows (?s ?p ?o) for the entities ?x
_DESCRIBE = {
    # the entities' own triples: class, labels, definition, links out, evidence
    "own": "SELECT ?s ?p ?o WHERE { ?x ?p ?o BIND(?x AS ?s) }",
    # links in
    "in": f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?x {_LINK} FILTER(isIRI(?s)) BIND(?x AS ?o) }}",
    # the quotes and sections of their evidence
    "evidence": "SELECT ?s ?p ?o WHERE { ?x srb:hasEvidence ?s . ?s ?p ?o }",
    # class and labels of every entity linked to them (the other ends of links out of the view)
    "ends": f"""SELECT ?s ?p ?o WHERE {{
      {{ ?x ?q ?s }} UNION {{ ?s ?q ?x }}
      FILTER(STRSTARTS(STR(?q), "{SRB}") && ?q != srb:hasEvidence && isIRI(?s))
      ?s ?p ?o FILTER(?p = rdf:type || ?p = rdfs:label)
    }}""",
    # the link assertions of links out of them, their quotes, their reviews and the reviewers' names
    "assertions": "SELECT ?s ?p ?o WHERE { ?s rdf:subject ?x ; ?p ?o }",
    "assertion-evidence": "SELECT ?s ?p ?o WHERE { ?a rdf:subject ?x ; srb:hasEvidence ?s . ?s ?p ?o }",
    "reviews": "SELECT ?s ?p ?o WHERE { ?a rdf:subject ?x . ?s srb:reviews ?a ; ?p ?o }",
    "reviewers": """SELECT ?s ?p ?o WHERE { ?a rdf:subject ?x . ?r srb:reviews ?a ; prov:wasAttributedTo ?s .
                                            ?s rdfs:label ?o BIND(rdfs:label AS ?p) }""",
}
#: the vocabulary's own words: labels of classes, relations, support levels and verdicts; subclasses
_VOCABULARY = _PREFIXES + f"""SELECT ?s ?p ?o WHERE {{
  ?s ?p ?o FILTER((?p = rdfs:label || ?p = rdfs:subClassOf) && STRSTARTS(STR(?s), "{SRB}"))
}}"""
#: entities per query (a VALUES block of this many IRIs)
_CHUNK = 400


def _entities(iris: list[str]) -> tuple:
    """``VALUES ?x { … }`` of *iris* for a store's ``values=`` (each IRI an escaped term)."""
    return ["x"], [[IRI(i)] for i in iris]


def _chunks(iris: Iterable[str]) -> list[list[str]]:
    ordered = sorted(set(map(str, iris)))
    return [ordered[k:k + _CHUNK] for k in range(0, len(ordered), _CHUNK)]


def within(source, start: str, depth: int, *, rejected: bool = False) -> dict[str, int]:
    """Every entity within *depth* links of *start* (an IRI), with its distance (*start*: 0); with
    *rejected*, the links that their reviewers reject count, too."""
    store = as_store(source)
    depths = {str(start): 0}
    frontier = [str(start)]
    queries = [_NEIGHBOURS, _REJECTED_NEIGHBOURS] if rejected else [_NEIGHBOURS]
    for step in range(1, depth + 1):
        found: set[str] = set()
        for chunk in _chunks(frontier):
            for query in queries:
                found.update(row[0] for row in store.select_values(query, values=_entities(chunk)))
        frontier = sorted(found - set(depths))
        if not frontier:
            break
        depths.update(dict.fromkeys(frontier, step))
    return depths


def described(source, iris: Iterable[str]) -> list[tuple]:
    """The triples (as srbgraph terms) that a picture of the entities *iris* needs: their own
    triples and the links into them, their evidence, the class and labels of every entity linked to
    them, the link assertions of their links (quotes, reviews and reviewers with them) and the
    vocabulary's labels and subclasses."""
    store = as_store(source)
    rows: list[tuple] = []
    for chunk in _chunks(iris):
        for query in _DESCRIBE.values():
            rows.extend(store.select(_PREFIXES + query, values=_entities(chunk)).rows)
    rows.extend(store.select(_VOCABULARY).rows)
    return rows
