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
              help="Largest result in rows (SELECT) or triples (CONSTRUCT); a larger one is answered 422 "
                   "\"Result Too Large\" (the status line names the limit).")
@click.option("--max-bytes", type=Size(), default="64M", show_default=True,
              help="Largest answer in bytes; a larger result is answered 422 \"Result Too Large\", a larger page 413.")
@click.option("--max-memory", type=Size(), default="1G", show_default=True,
              help="Memory one query may take (its worker's cap); a query over it is stopped and answered 503.")
@click.option("--workers", type=click.IntRange(1, 256), default=16, show_default=True, metavar="N",
              help="Most queries running at once, each in its own worker process (started on demand; two "
                   "are kept ready).")
@click.option("--reserved", type=click.IntRange(min=0), default=None, metavar="N",
              help="Workers kept for short queries: at most workers − N queries run longer than a second "
                   "at once; one more is stopped at the second (503). Default: 4, at most a quarter of --workers.")
@click.option("--per-client", "per_client", type=click.IntRange(min=1), default=None, metavar="N",
              help="Queries one client (remote address) may have running or waiting for a worker at once, and "
                   "as many more waiting their turn; beyond that 429 with Retry-After. Default: workers − "
                   "reserved. Behind a reverse proxy on this machine all its clients are one client.")
@click.option("--idle-timeout", type=click.IntRange(min=1), default=30, show_default=True, metavar="S",
              help="Close a connection that sent nothing for S seconds (also one that stopped half-way).")
@click.option("--read-timeout", type=click.FloatRange(min=0.5), default=10.0, show_default=True, metavar="S",
              help="Close a connection whose request (headers and body) has not arrived whole S seconds after "
                   "its first byte (slow clients). One client's connections beyond 100 wait, beyond 200 are closed.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="IRI",
              help="Let queries call SERVICE <IRI> (exactly this IRI; repeatable). Without it every "
                   "SERVICE is refused, so the server fetches nothing for its clients.")
@click.option("--allow-host", "allow_host", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header names NAME (repeatable; loopback names and "
                   "--host are always answered).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let the pages of ORIGIN (https://host[:port]; repeatable; * for any) query this server from a "
                   "browser: preflight (OPTIONS) answered, Access-Control-Allow-Origin sent. Off by default: a "
                   "read-only endpoint still shows what it serves to every page that may read it.")
@lang_option(help="Language of the pages: German (de) or English (en) throughout.")
@graph_options
def serve(host, port, timeout, max_rows, max_bytes, max_memory, workers, reserved, per_client, idle_timeout,
          read_timeout, allow_service, allow_host, cors, lang, origin):
    """Serve the graph read-only: a SPARQL 1.1 endpoint, a query workbench, a page for every IRI.

    \b
      /sparql            SPARQL 1.1 Protocol (GET ?query=…, POST form or application/sparql-query);
                         SELECT/ASK as JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle, JSON-LD,
                         N-Triples or RDF/XML, by the Accept header; without a query: the Service
                         Description (also at /sparql/)
      /                  the query workbench: YASGUI, bundled (works offline), completing from the
                         graph; the named queries with a form for their parameters; share links
      /resource/ID       a page for every IRI of the data (/ontology/TERM: the ontology's terms);
                         Turtle, JSON-LD, N-Triples or RDF/XML by the Accept header
      /.well-known/void  the VoID description of the dataset
      /graph             the interactive graph (as srbgraph viz; ?focus=ID)

    Datasets per request: default-graph-uri and named-graph-uri (repeatable) or FROM / FROM NAMED
    name graphs of the store (nothing is fetched). Relative IRIs resolve against the endpoint's
    IRI. CONSTRUCT and DESCRIBE also as RDF/XML. A result over --max-rows or --max-bytes is
    answered 422 "Result Too Large: …" (raise the limits with those options). Answers carry an
    ETag (304 on If-None-Match) and are gzipped for clients that accept it. --cors ORIGIN lets
    pages of another origin (a notebook, a YASGUI elsewhere) query it.

    SPARQL UPDATE is answered 403 and every write (PUT, DELETE, POST to /store …) 405. Each query
    runs in a worker process that is stopped at the time limit or at its memory cap (503) and
    replaced; workers are kept for short queries (--reserved) and each client's share is limited
    (--per-client), so one client's runaway queries leave the others answered; a query nested deeper than 100 or calling a SERVICE not allowed with --allow-service
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
      srbgraph serve --cors https://jupyterlite.example.org   # a notebook on that origin may query
    """
    import signal

    from ..server.app import App, HostCheck, exposure_warning, make_server
    from ..server.service import open_service

    service = open_service(origin, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes, max_memory=max_memory,
                           workers=workers, allow_service=allow_service, notify=say, reserved=reserved,
                           per_client=per_client)
    try:
        app = App(service, lang=lang, hosts=HostCheck(host, allow_host), cors=check_origins(cors))
        # request threads: one client holds at most 2 × its share (in the pool, waiting), so others find threads
        server = make_server(app, host, port, threads=2 * workers + 8, idle_timeout=idle_timeout,
                             read_timeout=read_timeout)
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


def check_origins(origins) -> tuple[str, ...]:
    """The ``--cors`` values: ``*`` or an origin ``scheme://host[:port]`` (no path), else an error."""
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?",
                                              origin.rstrip("/")):
            raise click.BadParameter(f"{origin!r} is not an origin: give scheme://host[:port] (e.g. "
                                     "https://yasgui.example.org) or *", param_hint="--cors")
    return tuple(origins)


def _stop(_signum, _frame):
    raise KeyboardInterrupt
