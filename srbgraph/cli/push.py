"""``srbgraph push``: load the built graph into an external triple store (SPARQL 1.1 Graph Store
Protocol)."""
from __future__ import annotations

import click

from .options import CONTEXT, data_option, say

CURATED = "https://w3id.org/srbgraph/graph/curated"


def _old_graph_option(ctx, _param, value):
    """``--graph IRI`` was push's name for ``--named-graph`` (everywhere else ``--graph`` is a file)."""
    if value is not None:
        say("warning: push --graph IRI is now --named-graph IRI (--graph names a graph file elsewhere)")
        ctx.meta["srbgraph.push.graph"] = value
    return value


@click.command("push", context_settings=CONTEXT)
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol address of the store: oxigraph http://HOST:7878/store, Fuseki "
                   "http://HOST:3030/DATASET/data, GraphDB http://HOST:7200/repositories/REPO/rdf-graphs/service, "
                   "Virtuoso http://HOST:8890/sparql-graph-crud-auth; user:password@ in the URL for Basic or Digest "
                   "auth (never printed).")
@click.option("--named-graph", "named_graph", default=CURATED, show_default=True, metavar="IRI",
              help="Named graph to replace; 'default' for the store's default graph.")
@click.option("--graph", "old_graph", metavar="IRI", hidden=True, expose_value=True, callback=_old_graph_option)
@click.option("--timeout", type=float, default=300.0, show_default=True, metavar="S",
              help="How long to wait for the store, in seconds.")
@data_option
def push(endpoint, named_graph, old_graph, timeout, data_dir):
    """Load the built graph into a triple store, replacing one named graph.

    One HTTP PUT of the graph (ontology + curated data, N-Triples) to URL?graph=IRI, as the SPARQL
    1.1 Graph Store Protocol defines: the named graph then holds exactly this build; other graphs of
    the store stay as they are. Query it with GRAPH <IRI> { … }, or start the store so that its
    default graph is the union of all graphs (oxigraph serve --union-default-graph; Virtuoso's /sparql
    does this by itself) and run every srbgraph command against it with --endpoint.

    A store whose default graph is the union of its graphs answers every graph you pushed at once:
    push the curated graph into one graph of it, or the paths come back as often as it holds them.
    Virtuoso wants a user and password (Digest): srbgraph push --endpoint
    http://dba:PASSWORD@HOST:8890/sparql-graph-crud-auth (the password is never printed).

    \b
    Examples:
      srbgraph push --endpoint http://127.0.0.1:7878/store
      srbgraph paths --endpoint http://127.0.0.1:7878/query    # then query the store
      srbgraph push --endpoint http://127.0.0.1:7878/store --named-graph https://example.org/srb
      srbgraph push --endpoint http://127.0.0.1:7878/store --named-graph default --data my-data/
    """
    from ..stores.push import push as run

    graph = old_graph if old_graph is not None else named_graph
    report = run(endpoint, None if graph == "default" else graph, data_dir, timeout=timeout, notify=say)
    where = "the default graph" if report.graph is None else f"graph <{report.graph}>"
    say(f"pushed {report.triples:,} triples into {where} at {report.url} "
        f"(HTTP {report.status}, {report.seconds:.2f} s)")
