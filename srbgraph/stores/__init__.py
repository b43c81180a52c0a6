"""Where SPARQL runs: stores behind one interface (:mod:`.base`), opened from one description of
where the graph comes from (:mod:`.select`).

* :mod:`.oxigraph` — pyoxigraph, in memory or persistent in a folder (the default);
* :mod:`.rdflib_store` — an rdflib graph in memory (interop, notebooks);
* :mod:`.endpoint` — any SPARQL 1.1 endpoint, with dialects for servers that need them (Virtuoso);
* :mod:`.http` — the one HTTP client (queries to endpoints, graphs to Graph Stores by :mod:`.push`);
* :mod:`.sparql` — query text: tokens, parameters bound as ``VALUES``;
* :mod:`.resultcache` — results of a persistent store kept between runs.
"""
