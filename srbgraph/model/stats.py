"""Counts per class and per relation: what the graph holds at a glance."""
from __future__ import annotations

from ..stores.select import as_store
from ..terms import SRB
from . import catalogue as queries


def graph_stats(source) -> dict:
    """``{"classes": {Class: n}, "relations": {property: n}, "labels_de": {name: label},
    "labels_en": {name: label}, "replaced": n, "triples": n}`` for the curated individuals
    (``srbr:`` subjects); classes count direct types of the live individuals: a replaced entity
    (merged or renamed, ``dcterms:isReplacedBy``) is counted apart, in ``replaced``."""
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
    replaced = len({row[0] for row in store.select_values(queries.named("replaced").text)})
    return {
        "labels_de": dict(sorted(labels.items())),
        "labels_en": dict(sorted(labels_en.items())),
        "classes": dict(sorted(classes.items())),
        "relations": dict(sorted(relations.items())),
        "replaced": int(replaced),
        "triples": int(triples),
    }


#: a replaced entity (deprecated, with a successor) is no live member of its class; a rejected
#: link's assertion, deprecated too, still is an assertion
_LIVE = ("FILTER NOT EXISTS { ?s <http://www.w3.org/2002/07/owl#deprecated> true . "
         "FILTER NOT EXISTS { ?s a <https://w3id.org/srbgraph/ontology#Assertion> } }")


_DATASET = {
    "size": "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects) "
            "WHERE { ?s ?p ?o }",
    "classes": "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class " + _LIVE + " } GROUP BY ?class ORDER BY ?class",
    "properties": "SELECT ?property (COUNT(*) AS ?n) WHERE { ?s ?property ?o } GROUP BY ?property ORDER BY ?property",
    "header": "PREFIX dcterms: <http://purl.org/dc/terms/>\nPREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
              "SELECT ?ontology ?license ?source ?title WHERE { ?ontology a owl:Ontology . "
              "OPTIONAL { ?ontology dcterms:license ?license } OPTIONAL { ?ontology dcterms:source ?source } "
              "OPTIONAL { ?ontology dcterms:title ?title } } ORDER BY ?ontology",
}


def dataset_counts(source) -> dict:
    """What a VoID description of the default graph states: ``triples``, distinct ``subjects`` and
    ``objects``, entities per class (``classes``: IRI → n, every class, not only srb:; replaced
    entities left out), triples per
    property (``properties``), and from the ontology's header its ``license``, ``source`` and
    ``titles`` (language → title)."""
    from ..terms import IRI

    store = as_store(source)
    triples, subjects, objects = store.select(_DATASET["size"]).rows[0]
    counts = {"triples": int(triples), "subjects": int(subjects), "objects": int(objects),
              "license": None, "source": None, "titles": {}}
    for key in ("classes", "properties"):
        counts[key] = {str(iri): int(n) for iri, n in store.select(_DATASET[key]).rows if isinstance(iri, IRI)}
    for _ontology, license, origin, title in store.select(_DATASET["header"]).rows:
        counts["license"] = counts["license"] or (str(license) if license else None)
        counts["source"] = counts["source"] or (str(origin) if origin else None)
        if title is not None and getattr(title, "language", None):
            counts["titles"].setdefault(title.language, str(title))
    return counts
