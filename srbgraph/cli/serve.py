"""``srbgraph serve``: a read-only SPARQL endpoint with a query page and the interactive graph."""
from __future__ import annotations

import re

import click

from .options import CONTEXT, graph_options, lang_option, say


class Size(click.ParamType):
    """A size in bytes: ``65536``, ``64K``, ``64M``, ``1G``."""

    name = "SIZE"
    _UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)i?B?\s*", str(value), re.I)
        if not match or int(match.group(1)) < 1:
            self.fail(f"{value!r} is not a size (e.g. 65536, 64M, 1G)", param, ctx)
        return int(match.group(1)) * self._UNITS[match.group(2).upper()]


@click.command("serve", context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Loopback by default; any other address (\"\" or 0.0.0.0: every "
                   "interface) is served too, with a warning, as everyone who can reach it can then query the graph.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: a free one, printed at start).")
@click.option("--timeout", type=float, default=30.0, show_default=True, metavar="S",
              help="Time limit of one query in seconds; a query over it is stopped and answered 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True, metavar="N",
              help="Largest result in rows (SELECT) or triples (CONSTRUCT); a larger one is answered 413.")
@click.option("--max-bytes", type=Size(), default="64M", show_default=True,
              help="Largest answer in bytes; a larger one is answered 413.")
@click.option("--max-memory", type=Size(), default="1G", show_default=True,
              help="Memory one query may take (its worker's cap); a query over it is stopped and answered 503.")
@click.option("--workers", type=click.IntRange(1, 256), default=16, show_default=True, metavar="N",
              help="Most queries running at once, each in its own worker process (started on demand; two "
                   "are kept ready).")
@click.option("--idle-timeout", type=click.IntRange(min=1), default=30, show_default=True, metavar="S",
              help="Close a connection that sent nothing for S seconds (also one that stopped half-way).")
@click.option("--allow-service", "allow_service", multiple=True, metavar="IRI",
              help="Let queries call SERVICE <IRI> (exactly this IRI; repeatable). Without it every "
                   "SERVICE is refused, so the server fetches nothing for its clients.")
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header names NAME (repeatable; loopback names and "
                   "--host are always answered).")
@lang_option(help="Language of the pages (German pages carry the English words beside).")
@graph_options
def serve(host, port, timeout, max_rows, max_bytes, max_memory, workers, idle_timeout, allow_service,
          allow_host, lang, origin):
    """Serve the graph read-only: a SPARQL 1.1 endpoint, a query workbench, a page for every IRI.

    \b
      /sparql            SPARQL 1.1 Protocol (GET ?query=…, POST form or application/sparql-query);
                         SELECT/ASK as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, JSON-LD
                         or N-Triples, by the Accept header; without a query: the Service Description
      /                  the query workbench: YASGUI, bundled (works offline), completing from the
                         graph; the named queries with a form for their parameters; share links
      /resource/ID       a page for every IRI of the data (/ontology/TERM: the ontology's terms);
                         Turtle, JSON-LD or N-Triples by the Accept header
      /.well-known/void  the VoID description of the dataset
      /graph             the interactive graph (as srbgraph viz; ?focus=ID)

    SPARQL UPDATE is answered 403 and every write (PUT, DELETE, POST to /store …) 405. Each query
    runs in a worker process that is stopped at the time limit or at its memory cap (503) and
    replaced; a query nested deeper than 100 or calling a SERVICE not allowed with --allow-service
    is refused (400). --store opens the store read-only (srbgraph paths --store DIR refreshes its
    curated graph). One log line per request goes to standard error: client, method, path,
    status, milliseconds, rows. Stop with Ctrl-C.

    \b
    Query it from other tools at http://HOST:PORT/sparql, e.g. srbgraph query obstacles-ranked
    --endpoint http://127.0.0.1:8000/sparql.

    \b
    Examples:
      srbgraph serve                                 # http://127.0.0.1:8000/
      srbgraph serve --port 9000 --timeout 5 --max-rows 10000
      srbgraph serve --store srb-store               # a persistent Oxigraph store, read-only
      srbgraph serve --allow-service https://query.wikidata.org/sparql
    """
    import signal

    from ..server.app import App, HostCheck, exposure_warning, make_server
    from ..server.service import open_service

    service = open_service(origin, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, max_memory=max_memory,
                           workers=workers, allow_service=allow_service, notify=say)
    try:
        app = App(service, lang=lang, hosts=HostCheck(host, allow_host))
        server = make_server(app, host, port, threads=workers + 4, idle_timeout=idle_timeout)
        warning = exposure_warning(host, allow_service)
        if warning:
            say(warning)
        bound_host, bound_port = server.effective_host, server.effective_port
        shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
        say(f"serving {service.triples:,} triples at http://{shown}:{bound_port}/ "
            f"(SPARQL: http://{shown}:{bound_port}/sparql; timeout {timeout:g} s, at most {max_rows:,} rows); "
            "Ctrl-C stops")
        signal.signal(signal.SIGTERM, _stop)  # `kill` ends the workers too, and says so
        try:
            server.run()  # returns on Ctrl-C or SIGTERM (waitress catches the KeyboardInterrupt)
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
    finally:
        service.close()
    say("stopped")


def _stop(_signum, _frame):
    raise KeyboardInterrupt
