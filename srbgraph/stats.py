"""Counts per class and per relation: what the graph holds at a glance."""
from __future__ import annotations

from . import queries
from .paths import as_store

SRB = "https://w3id.org/srbgraph/ontology#"


def graph_stats(source) -> dict:
    """``{"classes": {Class: n}, "relations": {property: n}, "labels_de": {name: label},
    "triples": n}`` for the curated individuals (``srbr:`` subjects); classes count direct types."""
    if not hasattr(source, "select") and hasattr(source, "triples"):  # an rdflib graph: count in Python
        return _rdflib_stats(source)
    store = as_store(source)
    classes, relations, labels = {}, {}, {}
    for target, name in ((classes, "class-counts"), (relations, "relation-counts")):
        for iri, label_de, _label_en, count in store.select(queries.named(name).text).rows:
            local = str(iri)[len(SRB):]
            target[local] = int(count)
            if label_de:
                labels[local] = str(label_de)
    triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    return {
        "labels_de": dict(sorted(labels.items())),
        "classes": dict(sorted(classes.items())),
        "relations": dict(sorted(relations.items())),
        "triples": int(triples),
    }


def _rdflib_stats(graph) -> dict:
    """The same counts straight from an rdflib graph (its SPARQL engine is slow at this)."""
    from collections import Counter

    from rdflib import RDF, RDFS, URIRef

    srbr = "https://w3id.org/srbgraph/resource/"
    classes: Counter = Counter()
    relations: Counter = Counter()
    for s, p, o in graph:
        if not str(s).startswith(srbr):
            continue
        if p == RDF.type:
            if str(o).startswith(SRB):
                classes[str(o)[len(SRB):]] += 1
        elif str(p).startswith(SRB):
            relations[str(p)[len(SRB):]] += 1
    labels = {}
    for name in [*classes, *relations]:
        for label in graph.objects(URIRef(SRB + name), RDFS.label):
            if getattr(label, "language", None) == "de":
                labels[name] = str(label)
    return {"labels_de": dict(sorted(labels.items())), "classes": dict(sorted(classes.items())),
            "relations": dict(sorted(relations.items())), "triples": len(graph)}
