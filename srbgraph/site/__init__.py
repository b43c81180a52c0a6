"""The graph published as a static site: one folder that opens from disk or from any web host.

``srbgraph site -o DIR`` writes, from whatever graph it is given: a start page; a page per IRI of
the data and of the ontology (the content of ``srbgraph serve``'s ``/resource/ID`` page) with its
RDF beside it; the paths, gaps and review status; the interactive graph; a search over labels,
aliases and quotes; SPARQL in the browser (YASGUI over Oxigraph's WebAssembly build, both vendored);
the whole graph as RDF and its VoID description; the ontology documentation. Every address is
relative and nothing is loaded from another host::

    from srbgraph.site import write_site
    result = write_site("public", lang="both")

The modules: :mod:`.context` (site paths, relative addresses, templates), :mod:`.folder` (the files
and the atomic replacement of the folder), :mod:`.writer` (the parts in order) and one module per
part (:mod:`.entities`, :mod:`.start`, :mod:`.views`, :mod:`.search`, :mod:`.graph`,
:mod:`.sparql`, :mod:`.ontology`, :mod:`.rdf`).
"""
from __future__ import annotations


def write_site(*args, **kwargs):
    from .writer import write_site as write

    return write(*args, **kwargs)
