"""The ontology: OWL 2 terms of the contract, bilingual labels and definitions, a complete header;
it parses with rdflib and loads, with the data, into owlready2."""
from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from srbgraph import resources
from srbgraph.curated.build import build_graph
from srbgraph.curated.vocabulary import ONTOLOGY_IRI, SRB, SRBR
from srbgraph.rdf_io import serialize

VANN = "http://purl.org/vocab/vann/"
PATH_CLASSES = {SRB.Goal, SRB.DevelopmentNeed, SRB.Obstacle, SRB.Measure, SRB.Indicator}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(resources.ontology_file(), format="turtle")
    return graph


def srb_terms(graph: Graph):
    """Classes, properties and the named individuals the ontology itself defines (the support levels
    srb:stated / srb:interpreted, the verdicts srb:confirmed / srb:rejected / srb:unclear)."""
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual):
        for term in graph.subjects(RDF.type, kind):
            if str(term).startswith(str(SRB)):
                yield term


def test_every_contract_name_is_defined(ontology, contract):
    names = set(re.findall(r"`srb:(\w+)`", contract.read_text(encoding="utf-8")))
    assert len(names) > 40
    defined = {str(t)[len(SRB):] for t in srb_terms(ontology)}
    assert sorted(names - defined) == []


@pytest.mark.parametrize("prop, lang", [(RDFS.label, "de"), (RDFS.label, "en"),
                                        (SKOS.definition, "de"), (SKOS.definition, "en")])
def test_every_term_has_labels_and_definitions_in_both_languages(ontology, prop, lang):
    missing = [str(term) for term in srb_terms(ontology)
               if not any(getattr(o, "language", None) == lang for o in ontology.objects(term, prop))]
    assert missing == []


def test_properties_have_domains_ranges_and_inverses(ontology):
    assert (SRB.hinders, RDFS.domain, SRB.Obstacle) in ontology
    assert (SRB.addresses, RDFS.range, SRB.Obstacle) in ontology
    assert ontology.value(SRB.hinderedBy, OWL.inverseOf) == SRB.hinders
    assert ontology.value(SRB.addressedBy, OWL.inverseOf) == SRB.addresses
    assert ontology.value(SRB.indicates, OWL.inverseOf) == SRB.measuredBy
    without_range = [str(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
                     if str(p).startswith(str(SRB)) and ontology.value(p, RDFS.range) is None]
    assert without_range == []


def test_the_five_path_classes_are_pairwise_disjoint(ontology):
    from rdflib.collection import Collection

    groups = [set(Collection(ontology, ontology.value(axiom, OWL.members)))
              for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert PATH_CLASSES in groups


def test_header_is_complete(ontology):
    header = ONTOLOGY_IRI
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.license, DCTERMS.creator):
        assert ontology.value(header, prop) is not None, prop
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in ontology.objects(header, prop)} >= {"de", "en"}, prop
    assert str(ontology.value(header, URIRef(VANN + "preferredNamespacePrefix"))) == "srb"


@pytest.mark.parametrize("term", [SRB.GuidingGoal, SRB.ActionGoal, SRB.Indicator,
                                  SRBR["principle-diskurs"], SRBR["principle-haltung"],
                                  SRBR["principle-sozialer-ausgleich"], SRBR["principle-vielfalt"],
                                  SRBR["principle-agency"]])
def test_terms_the_source_defines_cite_it(ontology, term):
    assert (term, DCTERMS.source, SRBR["doc-srb-workshops-2023"]) in ontology
    assert {d.language for d in ontology.objects(term, SKOS.definition)} == {"de", "en"}


def test_owlready2_loads_ontology_and_data_in_an_isolated_world(tmp_path):
    from owlready2 import World

    nt = tmp_path / "srb.nt"
    nt.write_bytes(serialize(build_graph(), "nt"))
    world = World()  # isolated: nothing leaks into owlready2's default world
    onto = world.get_ontology(nt.as_uri()).load()
    classes = {c.name for c in onto.classes()}
    assert {"Obstacle", "Measure", "Goal", "Workshop"} <= classes
    koblenz = world.search_one(iri=str(SRBR["workshop-koblenz"]))
    assert koblenz is not None
    assert "Workshop" in {c.name for c in koblenz.is_a}
    world.close()
