"""Ontology quality: labels and definitions on every term, no undefined terms in the data, no
unused terms without a stated reason, a complete ontology header.

Works on any built graph (ontology + data in one graph, as ``srbgraph build`` writes it). A term
is a class or property the ontology defines: an ``srb:`` class or property, or an outside term it
re-describes with ``rdfs:isDefinedBy`` (``schema:startDate``, ``dcterms:publisher``).
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..curated.vocabulary import ONTOLOGY_IRI, PREFIXES, SRB, SRBR

VANN = PREFIXES["vann"]

#: Terms the ontology defines that the data does not (yet) use, with the reason. A term may also
#: state its own reason in the ontology: ``skos:editorialNote "unused: …"``. Inverse properties
#: (``owl:inverseOf`` a used property) need no entry: ``srbgraph build --reason`` materialises them.
UNUSED_ALLOWED: dict = {
    SRB[name]: "written by the build for each review of a link (srbgraph review import puts them into the "
               "data); a data folder whose links carry no reviews yet has none"
    for name in ("Review", "reviews", "verdict")
}

#: Header fields of the ``owl:Ontology`` node: property → languages required (empty: any value).
HEADER = {
    DCTERMS.title: ("de", "en"),
    DCTERMS.description: ("de", "en"),
    DCTERMS.license: (),
    DCTERMS.creator: (),
    DCTERMS.created: (),
    DCTERMS.modified: (),
    OWL.versionIRI: (),
    OWL.versionInfo: (),
    VANN.preferredNamespacePrefix: (),
    VANN.preferredNamespaceUri: (),
}

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@dataclass(frozen=True, order=True)
class QualityProblem:
    rule: str  # labels | definitions | undefined | unused | header
    term: str
    message: str

    def __str__(self) -> str:
        return f"{self.term}: {self.message}"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _is_individual_iri(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(SRBR))


def defined_terms(graph: Graph) -> dict[URIRef, URIRef]:
    """Term → its kind (owl:Class, owl:ObjectProperty …) for the terms this ontology defines."""
    terms: dict[URIRef, URIRef] = {}
    for kind in TERM_TYPES:
        for term in graph.subjects(RDF.type, kind):
            if not isinstance(term, URIRef):
                continue
            ours = str(term).startswith(str(SRB))
            if ours or (graph.value(term, RDFS.isDefinedBy) is not None and kind != OWL.AnnotationProperty):
                terms.setdefault(term, kind)
    return terms


def _langs(graph: Graph, term, predicate) -> set[str]:
    return {getattr(v, "language", None) or "" for v in graph.objects(term, predicate) if str(v).strip()}


def check_quality(graph: Graph) -> list[QualityProblem]:
    """Every quality problem of the ontology in *graph* (empty: all good)."""
    terms = defined_terms(graph)
    used_classes, used_predicates = _used_terms(graph)
    problems = [*_missing_labels(graph, terms), *_undefined(graph, terms, used_classes, used_predicates),
                *_unused(graph, terms, used_classes, used_predicates), *_header(graph)]
    return sorted(problems)


def _missing_labels(graph: Graph, terms: dict) -> list[QualityProblem]:
    """Terms without a German or English label or definition."""
    from .reasoning import short

    problems = []
    for term in sorted(terms):
        for predicate, rule, word in ((RDFS.label, "labels", "label"),
                                      (SKOS.definition, "definitions", "definition")):
            missing = [lang for lang in ("de", "en") if lang not in _langs(graph, term, predicate)]
            if missing:
                names = " and ".join({"de": "German", "en": "English"}[m] for m in missing)
                problems.append(QualityProblem(rule, short(term), f"no {names} {word} "
                                               f"({short(predicate)} @{'/@'.join(missing)})"))
    return problems


def _used_terms(graph: Graph) -> tuple[set[URIRef], set[URIRef]]:
    """The classes and the predicates the data (srbr: individuals) uses."""
    used_predicates: set[URIRef] = set()
    used_classes: set[URIRef] = set()
    for s, p, o in graph:
        if not _is_individual_iri(s):
            continue
        if p == RDF.type:
            if isinstance(o, URIRef):
                used_classes.add(o)
        else:
            used_predicates.add(p)
    return used_classes, used_predicates


def _undefined(graph: Graph, terms: dict, used_classes: set, used_predicates: set) -> list[QualityProblem]:
    """srb: terms the data uses that the ontology does not define."""
    from .reasoning import short

    srb = str(SRB)
    problems = []
    for p in sorted(used_predicates):
        if str(p).startswith(srb) and terms.get(p) not in (OWL.ObjectProperty, OWL.DatatypeProperty):
            users = sorted(short(s) for s in graph.subjects(p, None) if _is_individual_iri(s))
            problems.append(QualityProblem("undefined", short(p),
                                           f"used by the data ({', '.join(users[:3])}"
                                           f"{' …' if len(users) > 3 else ''}) but not defined as a "
                                           "property in the ontology"))
    for c in sorted(used_classes):
        if str(c).startswith(srb) and terms.get(c) != OWL.Class:
            users = sorted(short(s) for s in graph.subjects(RDF.type, c) if _is_individual_iri(s))
            problems.append(QualityProblem("undefined", short(c),
                                           f"used as a type by the data ({', '.join(users[:3])}"
                                           f"{' …' if len(users) > 3 else ''}) but not defined as a "
                                           "class in the ontology"))
    return problems


def _unused(graph: Graph, terms: dict, used_classes: set, used_predicates: set) -> list[QualityProblem]:
    """srb: terms the ontology defines that no data uses, without a stated reason."""
    from .reasoning import short

    parents: dict[URIRef, set[URIRef]] = {}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        parents.setdefault(sub, set()).add(sup)
    covered: set[URIRef] = set()
    todo = list(used_classes)
    while todo:
        cls = todo.pop()
        if cls not in covered:
            covered.add(cls)
            todo.extend(parents.get(cls, ()))
    inverse = {a: b for a, b in graph.subject_objects(OWL.inverseOf)}
    inverse.update({b: a for a, b in graph.subject_objects(OWL.inverseOf)})
    problems = []
    for term, kind in sorted(terms.items()):
        if not str(term).startswith(str(SRB)) or kind == OWL.AnnotationProperty:
            continue
        used = term in covered if kind == OWL.Class else (
            term in used_predicates or inverse.get(term) in used_predicates)
        if used or term in UNUSED_ALLOWED:
            continue
        if any(str(note).strip().lower().startswith("unused:")
               for note in graph.objects(term, SKOS.editorialNote)):
            continue
        what = "class has no individual" if kind == OWL.Class else "property is used by no individual"
        problems.append(QualityProblem("unused", short(term),
                                       f"the {what}; remove it or state why it stays "
                                       "(skos:editorialNote \"unused: …\")"))
    return problems


def _header(graph: Graph) -> list[QualityProblem]:
    """The ontology header: title, description, version, licence, creators (de and en where text)."""
    from .reasoning import short

    if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in graph:
        return [QualityProblem("header", f"<{ONTOLOGY_IRI}>", "no owl:Ontology header")]
    problems = []
    for predicate, langs in HEADER.items():
        have = _langs(graph, ONTOLOGY_IRI, predicate)
        if not have:
            problems.append(QualityProblem("header", short(predicate),
                                           f"the ontology header has no {short(predicate)}"))
        for lang in langs:
            if have and lang not in have:
                problems.append(QualityProblem("header", short(predicate),
                                               f"the ontology header has no {short(predicate)} @{lang}"))
    return problems
