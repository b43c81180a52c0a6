"""Curated YAML → graph: reading the data files once (:mod:`.inputs`, :mod:`.read`), the
ontology's vocabulary, validation (:mod:`.validate`, :mod:`.links`), and building the rdflib graph
(:mod:`.build`, no I/O of its own)."""
