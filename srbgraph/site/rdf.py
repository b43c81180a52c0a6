"""The whole graph as published data: ``data/graph.ttl.gz`` and the same triples as N-Triples, RDF/XML
and JSON-LD, and a VoID description (``void.ttl``) that names them, so a linked-data client can take
the folder as a dataset.

The dumps are gzip-compressed, as published RDF dumps usually are: plain they would be 7.5 MB of a
site that must stay small for office mail and web space, packed 0.83 MB, and every RDF tool reads
gzip (rdflib, Jena's riot, Oxigraph). A reader who wants to read Turtle finds each entity's beside
its page (``resource/ID.ttl``, plain). The VoID description says each dump's format and
compression. IRIs in ``void.ttl`` are relative, so they resolve against wherever the folder is
published. Where tables were linked into the store (``srbgraph link``), ``data/dataset.nq.gz`` holds
the whole dataset: the graph and the named graph of each table.
"""
from __future__ import annotations

import gzip

from ..server.rdfout import PREFIXES
from ..server.selfdesc import void_description
from ..terms import IRI, Literal
from .context import Site

#: the dumps: site path → (pyoxigraph format name, media type, compressed)
DUMPS = {"data/graph.ttl.gz": ("TURTLE", "text/turtle", True),
         "data/graph.nt.gz": ("N_TRIPLES", "application/n-triples", True),
         "data/graph.rdf.gz": ("RDF_XML", "application/rdf+xml", True),
         "data/graph.jsonld.gz": ("JSON_LD", "application/ld+json", True)}
#: the whole dataset with the named graphs of linked tables, where the store has any
DATASET = "data/dataset.nq.gz"
#: the made-up base the VoID description is written against, then dropped, so its IRIs stay
#: relative; of a scheme of its own (an https base would write the https IRIs of others as
#: ``//host/…``, which a reader of the file from disk would resolve to ``file://host/…``)
_BASE = "file:///srbgraph-site/"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
FORMATS = "http://www.w3.org/ns/formats/"


def whole_graph(site: Site) -> list:
    """Every triple of the site's graph, as pyoxigraph triples (read once)."""
    import pyoxigraph as ox

    if site.triples is None:  # sorted: the same graph gives the same files
        site.triples = sorted(ox.parse(site.store.dump(), format=ox.RdfFormat.N_TRIPLES),
                              key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return site.triples


def write_shared(site: Site) -> None:
    import pyoxigraph as ox

    triples = whole_graph(site)
    for path, (name, _media, compressed) in DUMPS.items():
        fmt = getattr(ox.RdfFormat, name)
        data = ox.serialize(triples, format=fmt, prefixes=PREFIXES if name in ("TURTLE", "RDF_XML") else None)
        site.files.add(path, gzip.compress(data, mtime=0) if compressed else data)
    named = named_quads(site)
    if named:  # the linked tables: the whole dataset, the named graphs with it
        whole = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples] + named
        site.files.add(DATASET, gzip.compress(ox.serialize(whole, format=ox.RdfFormat.N_QUADS), mtime=0))
    site.files.add("void.ttl", void_turtle(site))


def named_quads(site: Site) -> list:
    """The quads of the store's named graphs (the tables ``srbgraph link`` attached), sorted."""
    import pyoxigraph as ox

    if site.named is None:
        data = site.store.dump_named()
        site.named = sorted(ox.parse(data, format=ox.RdfFormat.N_QUADS), key=str) if data else []
    return site.named


def void_turtle(site: Site) -> bytes:
    from ..model.stats import dataset_counts
    from ..server.rdfout import serialize

    triples = [t for t in void_description(_BASE.rstrip("/"), dataset_counts(site.store))
               if str(t[1]) != VOID + "sparqlEndpoint"]  # a folder answers no queries
    dataset = triples[0][0]
    site_dataset = IRI(_BASE + "void.ttl#dataset")
    triples = [tuple(site_dataset if term == dataset else term for term in t) for t in triples]
    dumps = dict(DUMPS, **({DATASET: ("N_QUADS", "application/n-quads", True)} if site.named else {}))
    for path, (name, media, compressed) in dumps.items():
        dump = IRI(_BASE + path)
        triples += [(site_dataset, IRI(VOID + "dataDump"), dump),
                    (dump, IRI(DCTERMS + "format"), Literal(media))]
        if compressed:
            triples.append((dump, IRI(DCTERMS + "format"), Literal("application/gzip")))
    triples.append((site_dataset, IRI(VOID + "rootResource"), IRI(_BASE + site.part(site.langs[0]).page("index.html"))))
    return _relative(serialize(triples, "ttl")[1])


def _relative(turtle: bytes) -> bytes:
    """Turtle with the made-up base dropped: its relative IRIs then resolve against the file."""
    import pyoxigraph as ox

    data = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    text = ox.serialize(data, format=ox.RdfFormat.TURTLE, base_iri=_BASE,
                        prefixes={k: v for k, v in PREFIXES.items() if k in ("void", "dcterms", "xsd", "srb", "rdfs")})
    lines = [line for line in text.decode("utf-8").splitlines() if not line.startswith("@base ")]
    return ("\n".join(lines) + "\n").encode("utf-8")
