"""Triples of srbgraph terms written as Turtle, JSON-LD, N-Triples or RDF/XML by pyoxigraph: the entity
descriptions of the resource pages, the service description and the VoID description.

pyoxigraph rather than rdflib: the server and its query workers have it loaded already (rdflib
would add half a second to the first request of every worker), and it writes all four formats.
"""
from __future__ import annotations

from ..terms import NAMESPACES, IRI, BNode, Literal
from .results import GRAPH_FORMATS

#: prefixes written into Turtle (every namespace srbgraph names, and those of its self-descriptions)
PREFIXES = {**NAMESPACES, "sd": "http://www.w3.org/ns/sparql-service-description#",
            "void": "http://rdfs.org/ns/void#", "formats": "http://www.w3.org/ns/formats/"}


def _term(term, ox):
    if isinstance(term, IRI):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(term.datatype))
    return ox.Literal(str(term))


def serialize(triples, key: str) -> tuple[str, bytes]:
    """``(media type, bytes)`` of *triples* (tuples of :class:`~srbgraph.terms.IRI`,
    :class:`~srbgraph.terms.BNode` and :class:`~srbgraph.terms.Literal`) in the format *key* of
    :data:`~srbgraph.server.results.GRAPH_FORMATS` (``ttl``, ``jsonld``, ``nt``, ``rdfxml``)."""
    import pyoxigraph as ox

    formats = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
               "rdfxml": ox.RdfFormat.RDF_XML}
    grouped: dict = {}  # by subject, in the order the subjects come: Turtle writes each subject once
    for s, p, o in triples:
        grouped.setdefault(s, []).append((p, o))
    if key == "rdfxml":
        from .results import check_rdf_xml

        check_rdf_xml(str(p) for s, pairs in grouped.items() for p, o in pairs)
    written = [ox.Triple(_term(s, ox), _term(p, ox), _term(o, ox)) for s, pairs in grouped.items() for p, o in pairs]
    data = ox.serialize(written, format=formats[key], prefixes=PREFIXES if key in ("ttl", "rdfxml") else None) or b""
    return GRAPH_FORMATS[key][0], data
