"""``srbgraph push``: load the built graph into an external triple store (SPARQL 1.1 Graph Store
Protocol)."""
from __future__ import annotations

from pathlib import Path

import click

CURATED = "https://w3id.org/srbgraph/graph/curated"


@click.command("push", context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol address of the store: oxigraph http://HOST:7878/store, Fuseki "
                   "http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service, "
                   "Virtuoso http://HOST:8890/sparql-graph-crud-auth; user:password@ in the URL for Basic or Digest "
                   "auth (never printed).")
@click.option("--graph", "graph", default=CURATED, show_default=True, metavar="IRI",
              help="Named graph to replace; 'default' for the store's default graph.")
@click.option("--timeout", type=float, default=300.0, show_default=True, metavar="S",
              help="How long to wait for the store, in seconds.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of curated YAML files [default: the data shipped with srbgraph].")
def push(endpoint, graph, timeout, data_dir):
    """Load the built graph into a triple store, replacing one named graph.

    One HTTP PUT of the graph (ontology + curated data, N-Triples) to URL?graph=IRI, as the SPARQL
    1.1 Graph Store Protocol defines: the named graph then holds exactly this build; other graphs of
    the store stay as they are. Query it with GRAPH <IRI> { … }, or start the store so that its
    default graph is the union of all graphs (oxigraph serve --union-default-graph; Virtuoso's /sparql
    does this by itself) and run every srbgraph command against it with --endpoint.

    \b
    Examples:
      srbgraph push --endpoint http://127.0.0.1:7878/store
      srbgraph push --endpoint http://127.0.0.1:3030/srb/data --graph https://example.org/srb
      srbgraph push --endpoint http://127.0.0.1:7878/store --graph default --data my-data/
      srbgraph push --endpoint http://dba:PASSWORD@127.0.0.1:8890/sparql-graph-crud-auth   # Virtuoso
      srbgraph paths --endpoint http://127.0.0.1:7878/query    # then query the store
    """
    from ..stores.push import push as run

    report = run(endpoint, None if graph == "default" else graph, data_dir,
                 timeout=timeout, notify=lambda message: click.echo(message, err=True))
    where = "the default graph" if report.graph is None else f"graph <{report.graph}>"
    click.echo(f"pushed {report.triples:,} triples into {where} at {report.url} "
               f"(HTTP {report.status}, {report.seconds:.2f} s)", err=True)
