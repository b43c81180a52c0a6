"""RDF in and out: the formats srbgraph writes and reads (one table of names and suffixes), and
deterministic serialisation (the same content always gives the same bytes)."""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .curated.vocabulary import PREFIXES
from .errors import SrbError

#: ``--format`` name → (rdflib serializer and parser, file extension)
FORMATS = {
    "ttl": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "xml": ("xml", ".rdf"),
    "jsonld": ("json-ld", ".jsonld"),
}
#: file suffix → ``--format`` name (the one table of suffixes srbgraph reads and writes)
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
            ".jsonld": "jsonld", ".json": "jsonld"}
#: suffixes srbgraph reads but never writes → rdflib parser
READ_ONLY = {".n3": "n3", ".nq": "nquads", ".trig": "trig"}


def parser_for(path: Path | str) -> str | None:
    """The rdflib parser for a file, by its suffix (None: not an RDF file srbgraph reads)."""
    suffix = Path(path).suffix.lower()
    return FORMATS[SUFFIXES[suffix]][0] if suffix in SUFFIXES else READ_ONLY.get(suffix)


def format_for(path: Path | str | None, given: str | None = None, default: str = "ttl") -> str:
    """The format named by *given*, else by the suffix of *path*, else *default*."""
    if given:
        return given
    if path is not None and str(path) != "-":
        return SUFFIXES.get(Path(path).suffix.lower(), default)
    return default


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
    Pass ``is_canonical=True`` to skip that step: for a graph that :func:`canonical` made, or where
    the content matters and blank-node labels do not (a file only srbgraph reads back, a store to
    load)."""
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

    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", []) if isinstance(doc, dict) else doc
    nodes.sort(key=lambda node: (str(node.get("@id", "")), json.dumps(node, sort_keys=True)))
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")



def read_graph_file(path: Path) -> Graph:
    """A built graph in any RDF format srbgraph writes (ttl, nt, xml/rdf/owl, jsonld), checked
    first (:func:`srbgraph.limits.check_rdf_file`): bounded size, no XML entity declarations, no
    remote JSON-LD context."""
    from .errors import first_line

    path = Path(path)
    fmt = check_graph_file(path)
    try:
        if fmt == "nt":
            return read_ntriples(path)
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise SrbError(f"cannot read {path} as {fmt}: {first_line(exc)}") from None


def check_graph_file(path: Path) -> str:
    """The rdflib parser for the graph file *path* (``--graph``), after the checks every reader of it
    makes first, whatever its format and whichever engine then parses it: it exists, it is no larger
    than the cap on RDF files (:data:`srbgraph.limits.MAX_TABLE_BYTES`), no XML entity declarations,
    no remote JSON-LD context. Oxigraph bulk-loads Turtle and N-Triples itself, bypassing
    :func:`read_graph_file`: it calls this first too, so no format escapes the cap."""
    from .limits import check_rdf_file

    path = Path(path)
    if not path.is_file():
        raise SrbError(f"graph file not found: {path}")
    fmt = parser_for(path) or "turtle"
    check_rdf_file(path, fmt)
    return fmt


class _WholeLines:
    """A text file whose ``read`` hands out one whole line, whatever size is asked for.

    rdflib's N-Triples parser reads 2,048 characters at a time and, until a line ends, appends them
    to its buffer and matches its line pattern on the whole buffer again: quadratic in the length of
    a line. A 9 MB label is one 9 MB line, and loading the graph with two of them took minutes
    (793 s for an XLSX export). Given whole lines, the pattern matches on the first try."""

    def __init__(self, handle):
        self._handle = handle
        self.encoding = "utf-8"  # tells the parser the stream gives text, not bytes

    def read(self, _size: int = -1) -> str:
        return self._handle.readline()


def read_ntriples(path: Path, graph: Graph | None = None) -> Graph:
    """The N-Triples file *path* parsed into *graph* (default: a new one), in time linear in the
    file's size, also for very long lines (see :class:`_WholeLines`)."""
    from rdflib.plugins.parsers.ntriples import NTGraphSink, W3CNTriplesParser

    graph = Graph() if graph is None else graph
    with open(path, encoding="utf-8", newline="") as handle:
        W3CNTriplesParser(NTGraphSink(graph)).parse(_WholeLines(handle))
    return graph
