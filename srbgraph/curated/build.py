"""Curated YAML + ontology → one rdflib graph (validated first; nothing is written here)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .. import resources
from ..errors import SrbError, ValidationFailed
from .inputs import Inputs, read_inputs
from .links import LINK_RELATIONS, Link, links_of
from .read import Curation, read_folder
from .reviews import VERDICT_DE, Review
from .validate import as_list, validate
from .vocabulary import PREFIXES, SRB, SRBR, Vocabulary


def resource(ident: str) -> URIRef:
    """The IRI of a curated individual: ``srbr:<id>``."""
    return SRBR[ident]


def evidence_iri(ident: str, number: int) -> URIRef:
    return SRBR[f"evidence/{ident}-{number}"]


def load_vocabulary(ontology: Path | None = None) -> Vocabulary:
    """The ontology's vocabulary (default: the shipped ontology)."""
    path = ontology or resources.ontology_file()
    if not path.is_file():
        raise SrbError(f"ontology not found: {path}")
    return Vocabulary.from_file(path)


def read_data(data_dir: Path | None = None, *, inputs: Inputs | None = None) -> Curation:
    """The curated entities of *data_dir* (or of *inputs*, read already)."""
    inputs = inputs or read_inputs(data_dir)
    if not inputs.files:
        raise SrbError(f"no *.yaml files in data folder {inputs.folder}")
    return read_folder(inputs.folder, inputs.files)


def check_data(data_dir: Path | None = None, ontology: Path | None = None, *, inputs: Inputs | None = None,
               progress: Callable[[str], None] | None = None):
    """Read and validate; returns ``(curation, vocabulary, problems)``."""
    inputs = inputs or read_inputs(data_dir, ontology)
    vocabulary = Vocabulary.from_bytes(inputs.ontology_bytes, str(inputs.ontology))
    if progress:
        progress(f"reading {len(inputs.files)} data files ({inputs.size / 1e6:,.1f} MB) …")
    curation = read_data(inputs=inputs)
    if progress:
        progress(f"checking {len(curation.entities):,} entities …")
    return curation, vocabulary, validate(curation, vocabulary)


def build_graph(data_dir: Path | None = None, ontology: Path | None = None, *,
                inputs: Inputs | None = None, progress: Callable[[str], None] | None = None) -> Graph:
    """Ontology plus curated data as one rdflib graph, from *inputs* (read once, see
    :mod:`srbgraph.curated.inputs`) or else from *data_dir* and *ontology*; raises
    :class:`ValidationFailed` and writes nothing."""
    curation, vocabulary, problems = check_data(data_dir, ontology, inputs=inputs, progress=progress)
    if problems:
        raise ValidationFailed(problems)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph += vocabulary.graph
    add_entities(graph, curation, vocabulary, progress)
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


def add_evidence(graph: Graph, subject: URIRef, ident: str, items) -> None:
    """``subject srb:hasEvidence`` one ``srb:Evidence`` node per item (quote, section, source file)."""
    for number, item in enumerate(items, start=1):
        node = evidence_iri(ident, number)
        graph.add((subject, SRB.hasEvidence, node))
        graph.add((node, RDF.type, SRB.Evidence))
        graph.add((node, RDF.type, OWL.NamedIndividual))
        graph.add((node, SRB.quote, Literal(" ".join(item["quote"].split()))))
        graph.add((node, SRB.section, Literal(" ".join(item["section"].split()))))
        if item.get("source"):
            graph.add((node, SRB.sourceFile, Literal(item["source"])))


def review_iri(link: Link, review: Review) -> URIRef:
    """``srbr:review/<subject>/<relation>/<object>/<reviewer>``: one per reviewer and link, stable
    while neither the link's ends nor the reviewer's name change."""
    return SRBR[f"review/{link.subject}/{link.relation}/{link.target}/{review.slug}"]


def agent_iri(review: Review) -> URIRef:
    """``srbr:agent/<reviewer>``: the reviewer as a ``prov:Agent``."""
    return SRBR[f"agent/{review.slug}"]


def add_link(graph: Graph, link: Link, predicate: URIRef) -> None:
    """The direct triple of *link*, and its ``srb:Assertion`` (standard RDF reification, so every
    store answers it): support, rationale, evidence, reviews.

    A link its reviewers reject (:attr:`Link.status` ``rejected``) keeps its assertion, marked
    ``owl:deprecated true``, but gets no direct triple, so paths, gaps, rankings and views no longer
    pass through it. ``owl:deprecated`` rather than a term of our own: it is OWL's built-in
    annotation for "kept, but no longer to be used" (Wikidata's deprecated rank, an obsolete term in
    an ontology), Protégé and pyLODE show it, and as an annotation it changes no reasoning."""
    subject, target = resource(link.subject), resource(link.target)
    rejected = link.status == "rejected"
    if not rejected:
        graph.add((subject, predicate, target))
    node = resource(link.id)
    graph.add((node, RDF.type, SRB.Assertion))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, target))
    graph.add((node, SRB.support, SRB[link.support]))
    if link.rationale:
        graph.add((node, SRB.rationale, Literal(link.rationale, lang="de")))
    if link.rationale_en:
        graph.add((node, SRB.rationale, Literal(link.rationale_en, lang="en")))
    add_evidence(graph, node, link.id, link.evidence)
    if rejected:
        graph.add((node, OWL.deprecated, Literal(True)))
    for review in link.reviews:
        add_review(graph, node, link, review)


def add_review(graph: Graph, assertion: URIRef, link: Link, review: Review) -> None:
    """One ``srb:Review`` of *assertion* (the vocabulary contract's "Reviews"): verdict, reviewer
    (``prov:wasAttributedTo`` a ``prov:Agent`` with the name as ``rdfs:label``), date, comment, and a
    label in German and English. The name is a plain literal: a person's name has no language."""
    node, agent = review_iri(link, review), agent_iri(review)
    graph.add((node, RDF.type, SRB.Review))
    graph.add((node, RDF.type, OWL.NamedIndividual))
    graph.add((node, SRB.reviews, assertion))
    graph.add((node, SRB.verdict, SRB[review.verdict]))
    graph.add((node, PROV.wasAttributedTo, agent))
    graph.add((node, DCTERMS.date, Literal(review.date)))
    if review.comment:
        graph.add((node, RDFS.comment, Literal(review.comment)))
    when = review.date.isoformat()
    graph.add((node, RDFS.label, Literal(f"Begutachtung: {VERDICT_DE[review.verdict]} ({review.reviewer}, {when})",
                                         lang="de")))
    graph.add((node, RDFS.label, Literal(f"review: {review.verdict} ({review.reviewer}, {when})", lang="en")))
    graph.add((agent, RDF.type, PROV.Agent))
    graph.add((agent, RDF.type, OWL.NamedIndividual))
    graph.add((agent, RDFS.label, Literal(review.reviewer)))


def add_entities(graph: Graph, curation: Curation, vocabulary: Vocabulary,
                 progress: Callable[[str], None] | None = None) -> None:
    """Add the (already validated) entities of *curation* to *graph*. A replaced entity (one with
    ``isReplacedBy``, the contract's "Replaced entities") keeps its IRI, labels and evidence, gets
    ``dcterms:isReplacedBy`` its successor and ``owl:deprecated true`` (the same annotation as a
    rejected link's assertion: "kept, but no longer to be used")."""
    fields = vocabulary.fields
    total = len(curation.entities)
    for number, entity in enumerate(curation.entities, start=1):
        if progress and number % 1000 == 0:
            progress(f"building the graph: {number:,} of {total:,} entities …")
        subject = resource(entity.id)
        graph.add((subject, RDF.type, vocabulary.classes[entity.type]))
        graph.add((subject, RDF.type, OWL.NamedIndividual))
        data = entity.fields
        graph.add((subject, RDFS.label, Literal(data["label_de"].strip(), lang="de")))
        graph.add((subject, RDFS.label, Literal(data["label_en"].strip(), lang="en")))
        for key, lang in (("definition_de", "de"), ("definition_en", "en")):
            if data.get(key):
                graph.add((subject, SKOS.definition, Literal(data[key].strip(), lang=lang)))
        if data.get("note"):  # the curators' note: English, written without a language tag
            graph.add((subject, SKOS.editorialNote, Literal(data["note"].strip())))
        if data.get("note_de"):  # and in German, for the German pages (one language per page)
            graph.add((subject, SKOS.editorialNote, Literal(data["note_de"].strip(), lang="de")))
        add_evidence(graph, subject, entity.id, data["evidence"])
        if entity.replaced_by:  # its dcterms:isReplacedBy follows with the other relations
            graph.add((subject, OWL.deprecated, Literal(True)))
        for link in links_of(entity):
            add_link(graph, link, fields[link.relation].iri)
        for key, value in data.items():
            spec = fields.get(key)
            if spec is None or key in LINK_RELATIONS:
                continue
            if spec.is_relation:
                for target in as_list(value):
                    graph.add((subject, spec.iri, resource(target)))
            else:
                datatype = next(iter(spec.range), None) if len(spec.range) == 1 else None
                for item in as_list(value):
                    graph.add((subject, spec.iri, _literal(item, datatype)))
