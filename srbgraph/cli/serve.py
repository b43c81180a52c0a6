"""``srbgraph serve``: a read-only SPARQL endpoint with a query page and the interactive graph."""
from __future__ import annotations

import click

from .options import CONTEXT, graph_options, say


@click.command("serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback by default; any other address is served too, with a "
                   "warning, as everyone who can reach it can then query the graph.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: a free one, printed at start).")
@click.option("--timeout", type=float, default=30.0, show_default=True, metavar="S",
              help="Time limit of one query in seconds; a query over it is answered 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True, metavar="N",
              help="Largest result in rows (SELECT) or triples (CONSTRUCT); a larger one is answered 413.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the query page and the graph page.")
@graph_options
def serve(host, port, timeout, max_rows, lang, origin):
    """Serve the graph read-only: a SPARQL 1.1 endpoint, a query page and the interactive graph.

    \b
      /sparql  SPARQL 1.1 Protocol (GET ?query=…, POST form or application/sparql-query);
               SELECT/ASK as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, JSON-LD or
               N-Triples, by the Accept header
      /        query page offering the named queries (works offline)
      /graph   the interactive graph (as srbgraph viz)

    SPARQL UPDATE is answered 403 and every write (PUT, DELETE, POST to /store …) 405. One log line
    per request goes to standard error: client, method, path, status, milliseconds, rows. Stop with
    Ctrl-C.

    \b
    Query it from other tools at http://HOST:PORT/sparql, e.g. srbgraph query obstacles-ranked
    --endpoint http://127.0.0.1:8000/sparql.

    \b
    Examples:
      srbgraph serve                                 # http://127.0.0.1:8000/
      srbgraph serve --port 9000 --timeout 5 --max-rows 10000
      srbgraph serve --store srb-store               # a persistent Oxigraph store
    """
    from ..server.app import App, is_loopback, make_server, open_service

    service = open_service(timeout=timeout, max_rows=max_rows, notify=say, origin=origin)
    server = make_server(App(service, data_dir=origin.data, lang=lang), host, port)
    bound_host, bound_port = server.server_address[:2]
    if not is_loopback(host):
        say(f"warning: listening on {host}, not on loopback: everyone who can reach this address can "
            "query the graph")
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    say(f"serving {len(service.store):,} triples at http://{shown}:{bound_port}/ "
        f"(SPARQL: http://{shown}:{bound_port}/sparql; timeout {timeout:g} s, at most {max_rows:,} rows); "
        "Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.server_close()
        service.store.close()
