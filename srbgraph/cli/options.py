"""The options the commands share, each defined once, and the one way output leaves a command.

* :func:`graph_options` — where the graph comes from (``--data``, ``--graph``, ``--store``,
  ``--endpoint``, ``--engine``), handed to the command as one
  :class:`~srbgraph.stores.select.GraphSource` named ``origin``; the library checks it.
* :func:`lang_option` — ``--lang de|en`` on every command that prints labels.
* :func:`output_options` — ``-f/--format`` and ``-o/--output`` on every command that prints rows
  or a report; :func:`emit` prints or writes atomically.

Only click and the standard library are imported here (``srbgraph --help`` stays instant).
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterable, Sequence

import click

from ..errors import SrbError
from ..render.tables import TABULAR

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LANGS = click.Choice(["de", "en"])
#: formats of a report (validate, check, check-evidence …)
REPORT = ("text", "json")


def say(message: str) -> None:
    """A progress or status line on standard error: one line, made terminal-safe (it may name data)."""
    from ..terminal import clean

    click.echo(clean(message), err=True)


def say_replaced(lang: str = "de") -> Callable:
    """The ``on_replaced`` of a look-up (:func:`srbgraph.model.entities.resolve`,
    ``resolve_any``): a name that named a replaced entity gets one line on standard error,
    "OLD-ID ist ersetzt durch NEW-ID" (English with ``--lang en``); a name that fits other entries
    beside the one shown gets one line naming them (:func:`srbgraph.render.i18n.also_fits`)."""
    from ..render.i18n import also_fits, word

    def tell(what) -> None:
        if hasattr(what, "others"):
            say(also_fits(what, lang))
        else:
            say(word("replaced-by", lang, old=what.old_id, new=what.new_id))
    return tell


def data_option(func):
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Folder of curated YAML files [default: the data shipped with srbgraph].",
    )(func)


def lang_option(func=None, *, help: str = "Language of labels: German (de) or English (en)."):
    """``--lang de|en``; ``@lang_option`` or, with another help text, ``@lang_option(help=…)``."""
    option = click.option("--lang", type=LANGS, default="de", show_default=True, help=help)
    return option(func) if func is not None else option


def support_option(func):
    return click.option(
        "--support", type=click.Choice(["any", "stated"]), default="any", show_default=True,
        help="Which path links count: any, or only those the documentation itself states "
             "(the others are the curation's reading, each with its rationale).")(func)


def rejected_option(func):
    return click.option(
        "--include-rejected", is_flag=True,
        help="Take back the links that expert reviewers rejected (they are left out otherwise), "
             "marked as rejected (see `srbgraph review`).")(func)


def graph_options(func):
    """``--data``, ``--graph``, ``--store``, ``--endpoint``, ``--engine``: where the graph comes from.
    The command receives them as one ``origin`` (a :class:`~srbgraph.stores.select.GraphSource`)."""
    @functools.wraps(func)
    def command(*args, data_dir, graph_file, store_dir, endpoint, engine, **kwargs):
        from ..stores.select import GraphSource

        origin = GraphSource(data=data_dir, graph=graph_file or None, store=store_dir, endpoint=endpoint, engine=engine)
        return func(*args, origin=origin, **kwargs)

    command = click.option(
        "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
        help="Engine for a graph in memory (the shipped data, --data, --graph).")(command)
    command = click.option(
        "--endpoint", metavar="URL",
        help="Read the graph from a SPARQL 1.1 endpoint (Fuseki, GraphDB, Virtuoso, QLever, oxigraph …).")(command)
    command = click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Persistent Oxigraph store folder for large linked graphs: loaded once, reused, "
             "refreshed when the curated data changed.")(command)
    command = click.option(
        "--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path), multiple=True,
        help="Read the graph from a file (Turtle, N-Triples, RDF/XML, JSON-LD; N-Quads and TriG with their named "
             "graphs), e.g. one `srbgraph build` wrote; repeatable: the union of the files.")(command)
    return data_option(command)


#: the time limit of a command that runs queries, in seconds (``--timeout``; 0: none)
QUERY_TIMEOUT = 120.0


def query_limits(service: bool = False) -> Callable:
    """``--timeout S`` (and, with *service*, ``--allow-service IRI``) for a command that runs
    queries: Ctrl-C and the time limit stop it at once, even while an engine computes (see
    :func:`~srbgraph.stores.killable.command_limits`). Goes below :func:`graph_options`, whose
    ``origin`` it hands on with the allowed SERVICE IRIs."""
    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def command(*args, timeout, allow_service=(), **kwargs):
            import dataclasses

            from ..stores.killable import command_limits

            if allow_service and "origin" in kwargs:
                kwargs["origin"] = dataclasses.replace(kwargs["origin"], allow_service=tuple(allow_service))
            with command_limits(timeout or None):
                return func(*args, **kwargs)

        if service:
            command = click.option(
                "--allow-service", "allow_service", multiple=True, metavar="IRI",
                help="Let the query call SERVICE <IRI> (exactly this IRI; repeatable). Without it every "
                     "SERVICE is refused, and a query from a file or standard input runs without network "
                     "access.")(command)
        return click.option(
            "--timeout", type=click.FloatRange(min=0), default=QUERY_TIMEOUT, show_default=True, metavar="S",
            help="Stop after S seconds (0: no limit). Ctrl-C stops at once in any case.")(command)
    return decorate


def output_options(formats: Sequence[str] = TABULAR, default: str = "table") -> Callable:
    """Decorator adding ``-f/--format`` (one of *formats*) and ``-o/--output FILE`` to a command;
    the command receives ``fmt`` and ``output``."""
    def decorate(func: Callable) -> Callable:
        func = click.option(
            "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
            help="Write the result to FILE (atomically) instead of standard output.")(func)
        func = click.option(
            "-f", "--format", "fmt", type=click.Choice(list(formats)), default=default,
            show_default=True, help="Output format.")(func)
        return func
    return decorate


#: formats printed for people: on standard output they are made terminal-safe even when piped
#: (CSV, JSON … keep their text unless standard output is a terminal)
FOR_PEOPLE = ("table", "text", "tree")


def emit(text: str, output: Path | None = None, *, cleaned: bool = False) -> None:
    """Print *text*, or write it to *output* atomically. Printed text loses the control characters
    of the data (:func:`srbgraph.terminal.clean`) when it goes to a terminal or is a format for
    people; *cleaned* says its renderer did that already (and may have added escapes of its own)."""
    if output is None or str(output) == "-":
        if not cleaned:
            import sys

            from ..terminal import clean

            context = click.get_current_context(silent=True)
            fmt = context.params.get("fmt") if context is not None else None
            if fmt is None or fmt in FOR_PEOPLE or sys.stdout.isatty():
                text = clean(text, lines=True)
        click.echo(text)
        return
    from ..files import write_atomic

    write_atomic(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


def iter_params(pairs: Iterable[str]) -> Sequence[tuple[str, str]]:
    """``name=value`` strings → pairs (the value may hold '=')."""
    out = []
    for pair in pairs:
        if "=" not in pair:
            raise SrbError(f"--param needs name=value, got {pair!r}")
        name, value = pair.split("=", 1)
        out.append((name.strip().lstrip("?$"), value))
    return out
