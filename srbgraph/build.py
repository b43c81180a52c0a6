"""Curated YAML + ontology → one RDF graph, serialised deterministically and written atomically."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from . import resources
from .curation import Curation, read_folder
from .errors import SrbError, ValidationFailed
from .validation import as_list, validate
from .vocabulary import PREFIXES, SRB, SRBR, Vocabulary

#: ``--format`` name → (rdflib serializer, file extension)
FORMATS = {
    "ttl": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "xml": ("xml", ".rdf"),
    "jsonld": ("json-ld", ".jsonld"),
}


def resource(ident: str) -> URIRef:
    """The IRI of a curated individual: ``srbr:<id>``."""
    return SRBR[ident]


def evidence_iri(ident: str, number: int) -> URIRef:
    return SRBR[f"evidence/{ident}-{number}"]


def load_vocabulary(ontology: Path | None = None) -> Vocabulary:
    path = ontology or resources.ontology_file()
    if not path.is_file():
        raise SrbError(f"ontology not found: {path}")
    return Vocabulary.from_file(path)


def read_data(data_dir: Path | None = None) -> Curation:
    folder = resources.data_folder(data_dir)
    curation = read_folder(folder)
    if not curation.files:
        raise SrbError(f"no *.yaml files in data folder {folder}")
    return curation


def check_data(data_dir: Path | None = None, ontology: Path | None = None):
    """Read and validate; returns ``(curation, vocabulary, problems)``."""
    vocabulary = load_vocabulary(ontology)
    curation = read_data(data_dir)
    return curation, vocabulary, validate(curation, vocabulary)


def build_graph(data_dir: Path | None = None, ontology: Path | None = None) -> Graph:
    """Ontology plus curated data as one rdflib graph; raises :class:`ValidationFailed`."""
    curation, vocabulary, problems = check_data(data_dir, ontology)
    if problems:
        raise ValidationFailed(problems)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph += vocabulary.graph
    add_entities(graph, curation, vocabulary)
    return graph


def _literal(value, datatype: URIRef | None) -> Literal:
    if datatype == XSD.date:
        return Literal(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
    if datatype == XSD.anyURI:
        return URIRef(str(value))
    if datatype == XSD.gYear:
        return Literal(str(value), datatype=XSD.gYear)
    if datatype in (XSD.integer, XSD.boolean):
        return Literal(value, datatype=datatype)
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        return Literal(str(value))
    return Literal(value)


def add_entities(graph: Graph, curation: Curation, vocabulary: Vocabulary) -> None:
    """Add the (already validated) entities of *curation* to *graph*."""
    fields = vocabulary.fields
    for entity in curation.entities:
        subject = resource(entity.id)
        graph.add((subject, RDF.type, vocabulary.classes[entity.type]))
        graph.add((subject, RDF.type, OWL.NamedIndividual))
        data = entity.fields
        graph.add((subject, RDFS.label, Literal(data["label_de"].strip(), lang="de")))
        graph.add((subject, RDFS.label, Literal(data["label_en"].strip(), lang="en")))
        for key, lang in (("definition_de", "de"), ("definition_en", "en")):
            if data.get(key):
                graph.add((subject, SKOS.definition, Literal(data[key].strip(), lang=lang)))
        if data.get("note"):
            graph.add((subject, SKOS.editorialNote, Literal(data["note"].strip())))
        for number, item in enumerate(data["evidence"], start=1):
            node = evidence_iri(entity.id, number)
            graph.add((subject, SRB.hasEvidence, node))
            graph.add((node, RDF.type, SRB.Evidence))
            graph.add((node, RDF.type, OWL.NamedIndividual))
            graph.add((node, SRB.quote, Literal(" ".join(item["quote"].split()))))
            graph.add((node, SRB.section, Literal(" ".join(item["section"].split()))))
            if item.get("source"):
                graph.add((node, SRB.sourceFile, Literal(item["source"])))
        for key, value in data.items():
            spec = fields.get(key)
            if spec is None:
                continue
            if spec.is_relation:
                for target in as_list(value):
                    graph.add((subject, spec.iri, resource(target)))
            else:
                datatype = next(iter(spec.range), None) if len(spec.range) == 1 else None
                for item in as_list(value):
                    graph.add((subject, spec.iri, _literal(item, datatype)))


def _sort_key(term) -> tuple:
    order = 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2
    if isinstance(term, Literal):
        return (order, str(term), str(term.language or ""), str(term.datatype or ""))
    return (order, str(term), "", "")


class _OrderedGraph(Graph):
    """A graph whose unfiltered ``subjects()`` come sorted (rdflib's RDF/XML writer walks them,
    and the memory store would give them in hash order)."""

    def subjects(self, predicate=None, object=None, unique=False):  # noqa: A002 - rdflib's name
        if predicate is None and object is None:
            return iter(sorted(set(super().subjects()), key=_sort_key))
        return super().subjects(predicate, object, unique)


def canonical(graph: Graph) -> Graph:
    """A copy of *graph* with deterministic blank-node labels and triples inserted in sorted order,
    so that every serialiser writes the same bytes for the same content."""
    from rdflib.compare import to_canonical_graph

    ordered = _OrderedGraph()
    for prefix, namespace in graph.namespaces():
        ordered.bind(prefix, namespace, replace=True)
    triples = sorted(to_canonical_graph(graph), key=lambda t: tuple(_sort_key(x) for x in t))
    for triple in triples:
        ordered.add(triple)
    return ordered


def serialize(graph: Graph, fmt: str = "ttl", *, is_canonical: bool = False) -> bytes:
    """Serialise *graph* in one of :data:`FORMATS`; the same content always gives the same bytes.
    Pass ``is_canonical=True`` for a graph that :func:`canonical` made, to skip that step."""
    if fmt not in FORMATS:
        raise SrbError(f"unknown format '{fmt}' (choose one of {', '.join(FORMATS)})")
    ordered = graph if is_canonical else canonical(graph)
    if fmt == "nt":
        lines = ordered.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
        return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")
    if fmt == "jsonld":
        return _jsonld(ordered)
    return ordered.serialize(format=FORMATS[fmt][0], encoding="utf-8")


def _jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD with the project's prefixes as context; nodes sorted by ``@id`` (rdflib's
    writer emits them in hash order)."""
    import json

    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", []) if isinstance(doc, dict) else doc
    nodes.sort(key=lambda node: (str(node.get("@id", "")), json.dumps(node, sort_keys=True)))
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


