"""Counts per class and per relation: what the graph holds at a glance."""
from __future__ import annotations

from ..stores.select import as_store
from ..terms import SRB
from . import catalogue as queries


def graph_stats(source) -> dict:
    """``{"classes": {Class: n}, "relations": {property: n}, "labels_de": {name: label},
    "labels_en": {name: label}, "triples": n}`` for the curated individuals (``srbr:`` subjects);
    classes count direct types."""
    store = as_store(source)
    classes, relations, labels, labels_en = {}, {}, {}, {}
    for target, name in ((classes, "class-counts"), (relations, "relation-counts")):
        for iri, label_de, label_en, count in store.select(queries.named(name).text).rows:
            local = str(iri)[len(SRB):]
            target[local] = int(count)
            if label_de:
                labels[local] = str(label_de)
            if label_en:
                labels_en[local] = str(label_en)
    triples = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    return {
        "labels_de": dict(sorted(labels.items())),
        "labels_en": dict(sorted(labels_en.items())),
        "classes": dict(sorted(classes.items())),
        "relations": dict(sorted(relations.items())),
        "triples": int(triples),
    }
