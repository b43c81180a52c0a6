"""The namespaces srbgraph uses, as plain strings (no rdflib import needed)."""
from __future__ import annotations

SRB = "https://w3id.org/srbgraph/ontology#"  # classes and properties (ontology/srb.ttl)
SRBR = "https://w3id.org/srbgraph/resource/"  # curated individuals
XSD = "http://www.w3.org/2001/XMLSchema#"

#: prefix → namespace IRI, as bound in every serialisation and used for prefixed names
NAMESPACES = {
    "srb": SRB,
    "srbr": SRBR,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "vann": "http://purl.org/vocab/vann/",
}
