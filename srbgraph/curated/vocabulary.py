"""The vocabulary of the ontology as the data files use it: classes, relations and value fields.

The ontology (``ontology/srb.ttl``) is the single source of truth. A YAML field name is the local
name of an ``srb:`` property (``hinders``, ``rank`` …) or one of a few aliases for standard
properties (``startDate`` → ``schema:startDate``). Whether a field holds ids (an
``owl:ObjectProperty``) or values, and which classes it may link, is read from the ontology.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS

from ..terms import NAMESPACES

SRB = Namespace(NAMESPACES["srb"])
SRBR = Namespace(NAMESPACES["srbr"])
ONTOLOGY_IRI = URIRef("https://w3id.org/srbgraph/ontology")

PREFIXES = {prefix: Namespace(iri) for prefix, iri in NAMESPACES.items()}

#: YAML field names that stand for properties outside the ``srb:`` namespace.
ALIASES = {
    "startDate": SDO.startDate,
    "publisher": DCTERMS.publisher,
    "creator": DCTERMS.creator,
    "issued": DCTERMS.issued,
    "exactMatch": SKOS.exactMatch,
    "wasDerivedFrom": PROV.wasDerivedFrom,
    "isReplacedBy": DCTERMS.isReplacedBy,
}
#: The field of a replaced entity (``data/replaced.yaml``): the one id of its successor. An entity
#: that carries it is kept (IRI, labels, evidence) but deprecated, with no path link of its own.
REPLACED_BY = "isReplacedBy"
#: Alias fields whose values are IRIs outside the graph (a Wikidata item), not ids of individuals.
EXTERNAL_LINKS = {SKOS.exactMatch}
#: Datatypes of alias value fields the ontology declares as annotation properties.
ALIAS_DATATYPES = {DCTERMS.issued: XSD.gYear}

#: Fields every entity may carry besides relations and values.
RESERVED = ("id", "type", "label_de", "label_en", "definition_de", "definition_en", "note", "note_de",
            "evidence")
#: ``source`` (optional) names a reference file the quote stands in, e.g. ``reference/rlp-regions.csv``
#: (relative to the shared folder beside the source text; see :mod:`srbgraph.evidence`).
EVIDENCE_KEYS = ("quote", "section", "source")


@dataclass(frozen=True)
class Field:
    """A YAML field backed by an ontology property."""

    name: str
    iri: URIRef
    is_relation: bool
    domain: frozenset[URIRef]  # empty: any class
    range: frozenset[URIRef]  # classes for relations; a datatype (or empty) for values


class Vocabulary:
    """Classes and properties of the ontology, with the class hierarchy."""

    def __init__(self, graph: Graph):
        self.graph = graph

    @classmethod
    def from_file(cls, path: Path) -> "Vocabulary":
        return cls.from_bytes(Path(path).read_bytes(), str(path))

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "ontology") -> "Vocabulary":
        """The vocabulary of the Turtle ontology *data* (*name* says where it came from)."""
        graph = Graph()
        graph.parse(data=data, format="turtle", publicID=Path(name).resolve().as_uri())
        return cls(graph)

    @cached_property
    def classes(self) -> dict[str, URIRef]:
        """Local name → IRI of every ``srb:`` class."""
        return {
            str(c)[len(SRB):]: c
            for c in self.graph.subjects(RDF.type, OWL.Class)
            if isinstance(c, URIRef) and str(c).startswith(str(SRB))
        }

    @cached_property
    def _superclasses(self) -> dict[URIRef, frozenset[URIRef]]:
        parents: dict[URIRef, set[URIRef]] = {}
        for sub, sup in self.graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                parents.setdefault(sub, set()).add(sup)
        closure: dict[URIRef, frozenset[URIRef]] = {}
        for cls_iri in self.classes.values():
            seen = {cls_iri}
            todo = [cls_iri]
            while todo:
                for sup in parents.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            closure[cls_iri] = frozenset(seen)
        return closure

    def is_a(self, cls_iri: URIRef, allowed: frozenset[URIRef]) -> bool:
        """Whether *cls_iri* is one of *allowed* or a subclass of one."""
        return bool(self._superclasses.get(cls_iri, frozenset({cls_iri})) & allowed)

    def _class_set(self, node) -> frozenset[URIRef]:
        if node is None:
            return frozenset()
        if isinstance(node, URIRef):
            return frozenset({node})
        members = self.graph.value(node, OWL.unionOf)
        if members is not None:
            return frozenset(m for m in Collection(self.graph, members) if isinstance(m, URIRef))
        return frozenset()

    @cached_property
    def fields(self) -> dict[str, Field]:
        """YAML field name → :class:`Field`, for every property the data may use."""
        props: dict[str, URIRef] = {}
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            for prop in self.graph.subjects(RDF.type, kind):
                if isinstance(prop, URIRef) and str(prop).startswith(str(SRB)):
                    props[str(prop)[len(SRB):]] = prop
        props.update(ALIASES)
        result = {}
        for name, prop in props.items():
            is_relation = (prop, RDF.type, OWL.ObjectProperty) in self.graph and prop not in EXTERNAL_LINKS
            rng = self._class_set(self.graph.value(prop, RDFS.range))
            if prop in EXTERNAL_LINKS:
                rng = frozenset({XSD.anyURI})
            if not is_relation and not rng and prop in ALIAS_DATATYPES:
                rng = frozenset({ALIAS_DATATYPES[prop]})
            result[name] = Field(
                name=name,
                iri=prop,
                is_relation=is_relation,
                domain=self._class_set(self.graph.value(prop, RDFS.domain)),
                range=rng,
            )
        return result

    def local(self, iri: URIRef) -> str:
        """``srb:Obstacle`` → ``Obstacle``; other IRIs unchanged."""
        text = str(iri)
        return text[len(SRB):] if text.startswith(str(SRB)) else text

    def names(self, classes: frozenset[URIRef]) -> str:
        """Readable list of class names: ``Goal or DevelopmentNeed``."""
        return " or ".join(sorted(self.local(c) for c in classes))
