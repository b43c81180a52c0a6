"""How the endpoint describes itself: a SPARQL 1.1 Service Description (``GET /sparql`` without a
query) and a VoID description of its dataset (``/.well-known/void``).

Clients and catalogues read these to learn, without a query, what the endpoint speaks (SPARQL 1.1
Query, read-only, which result formats) and what it holds (how many triples, entities per class,
triples per property, under which licence, from which source). The two point at each other: the
service's default dataset is the VoID dataset.
"""
from __future__ import annotations

from ..terms import IRI, SRB, SRBR, XSD, BNode, Literal

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"
RDFS_COMMENT = IRI("http://www.w3.org/2000/01/rdf-schema#comment")
#: the result formats /sparql writes, as the W3C's format IRIs
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "JSON-LD", "N-Triples", "RDF_XML")
VOID_PATH = "/.well-known/void"


def _number(n: int) -> Literal:
    return Literal(str(int(n)), datatype=XSD + "integer")


def dataset_iri(base: str) -> IRI:
    return IRI(base + VOID_PATH + "#dataset")


def service_description(base: str, service, named_graphs=(), more: bool = False) -> list[tuple]:
    """The Service Description of the endpoint at *base* (``http://host:port``) as triples; the
    default dataset lists *named_graphs* (IRIs; *more*: the store holds more than are listed)."""
    node, endpoint = IRI(base + "/sparql#service"), IRI(base + "/sparql")
    graph = BNode("default-graph")
    triples = [(node, RDF_TYPE, IRI(SD + "Service")), (node, IRI(SD + "endpoint"), endpoint),
               (node, IRI(SD + "supportedLanguage"), IRI(SD + "SPARQL11Query")),
               (node, IRI(SD + "defaultEntailmentRegime"), IRI("http://www.w3.org/ns/entailment/Simple")),
               (node, IRI(SD + "defaultDataset"), dataset_iri(base)),
               (dataset_iri(base), RDF_TYPE, IRI(SD + "Dataset")),
               (dataset_iri(base), IRI(SD + "defaultGraph"), graph), (graph, RDF_TYPE, IRI(SD + "Graph")),
               (node, IRI(DCTERMS + "title"), Literal("srbgraph: SPARQL-Endpunkt, nur lesend", "de")),
               (node, IRI(DCTERMS + "title"), Literal("srbgraph: read-only SPARQL endpoint", "en"))]
    triples += [(node, IRI(SD + "resultFormat"), IRI(FORMATS + name)) for name in RESULT_FORMATS]
    if service.allow_service:
        triples.append((node, IRI(SD + "feature"), IRI(SD + "BasicFederatedQuery")))
    limits = (f"Read-only: SPARQL UPDATE and Graph Store writes are refused. Each query runs within "
              f"{service.timeout:g} s and at most {service.max_rows:,} rows; SERVICE calls "
              + (f"only to {', '.join(service.allow_service)}." if service.allow_service else "are refused."))
    for number, name in enumerate(named_graphs):
        graph_node = BNode(f"named{number}")
        triples += [(dataset_iri(base), IRI(SD + "namedGraph"), graph_node), (graph_node, RDF_TYPE, IRI(SD + "NamedGraph")),
                    (graph_node, IRI(SD + "name"), IRI(name))]
    if more:
        limits += f" The store holds more named graphs than the {len(named_graphs):,} listed here."
    limits += (" A request may name its dataset with default-graph-uri and named-graph-uri (or FROM and FROM "
               "NAMED): graphs of this store, nothing is fetched; relative IRIs resolve against the endpoint's IRI.")
    triples.append((node, RDFS_COMMENT, Literal(limits, "en")))
    return triples


def void_description(base: str, counts: dict) -> list[tuple]:
    """The VoID description of the dataset behind *base*, from :func:`srbgraph.model.stats.dataset_counts`."""
    node = dataset_iri(base)
    triples = [(node, RDF_TYPE, IRI(VOID + "Dataset")),
               (node, IRI(VOID + "sparqlEndpoint"), IRI(base + "/sparql")),
               (node, IRI(VOID + "uriSpace"), Literal(SRBR)),
               (node, IRI(VOID + "vocabulary"), IRI(SRB.rstrip("#"))),
               (node, IRI(VOID + "triples"), _number(counts["triples"])),
               (node, IRI(VOID + "distinctSubjects"), _number(counts["subjects"])),
               (node, IRI(VOID + "distinctObjects"), _number(counts["objects"])),
               (node, IRI(VOID + "classes"), _number(len(counts["classes"]))),
               (node, IRI(VOID + "properties"), _number(len(counts["properties"])))]
    for lang, title in sorted(counts["titles"].items()):
        triples.append((node, IRI(DCTERMS + "title"), Literal(title, lang)))
    if counts["license"]:
        triples.append((node, IRI(DCTERMS + "license"), IRI(counts["license"])))
    if counts["source"]:
        triples.append((node, IRI(DCTERMS + "source"), IRI(counts["source"])))
    for number, (cls, n) in enumerate(sorted(counts["classes"].items())):
        part = BNode(f"class{number}")
        triples += [(node, IRI(VOID + "classPartition"), part), (part, IRI(VOID + "class"), IRI(cls)),
                    (part, IRI(VOID + "entities"), _number(n))]
    for number, (prop, n) in enumerate(sorted(counts["properties"].items())):
        part = BNode(f"property{number}")
        triples += [(node, IRI(VOID + "propertyPartition"), part), (part, IRI(VOID + "property"), IRI(prop)),
                    (part, IRI(VOID + "triples"), _number(n))]
    return triples
