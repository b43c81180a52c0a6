"""``srbgraph serve``: the read-only SPARQL endpoint with its pages."""
