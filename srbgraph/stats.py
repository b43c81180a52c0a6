"""Counts per class and per relation: what the graph holds at a glance."""
from __future__ import annotations

from collections import Counter

from rdflib import RDF, RDFS, Graph

from .vocabulary import SRB, SRBR


def graph_stats(graph: Graph) -> dict:
    """``{"classes": {Class: n}, "relations": {property: n}, "triples": n}`` for the individuals
    of the graph (``srbr:`` subjects); classes count direct types, sorted by name."""
    classes: Counter = Counter()
    relations: Counter = Counter()
    srb, srbr = str(SRB), str(SRBR)
    for s, p, o in graph:
        if not str(s).startswith(srbr):
            continue
        if p == RDF.type:
            if str(o).startswith(srb):
                classes[str(o)[len(srb):]] += 1
        elif str(p).startswith(srb):
            relations[str(p)[len(srb):]] += 1
    labels = {}
    for name in [*classes, *relations]:
        for label in graph.objects(SRB[name], RDFS.label):
            if getattr(label, "language", None) == "de":
                labels[name] = str(label)
    return {
        "labels_de": dict(sorted(labels.items())),
        "classes": dict(sorted(classes.items())),
        "relations": dict(sorted(relations.items())),
        "triples": len(graph),
    }
