"""Checks of the data and the graph: evidence against the source, SHACL shapes, OWL reasoning,
ontology quality, and the one report of ``srbgraph check``."""
