"""Options and output shared by the commands (the one home of each)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from ..errors import SrbError
from ..render.tables import TABULAR


def iter_params(pairs: Iterable[str]) -> Sequence[tuple[str, str]]:
    """``name=value`` strings → pairs (the value may hold '=')."""
    out = []
    for pair in pairs:
        if "=" not in pair:
            raise SrbError(f"--param needs name=value, got {pair!r}")
        name, value = pair.split("=", 1)
        out.append((name.strip().lstrip("?$"), value))
    return out



from typing import Callable

import click


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


def emit(text: str, output: Path | None = None) -> None:
    """Print *text*, or write it to *output* atomically."""
    if output is None or str(output) == "-":
        click.echo(text)
        return
    from ..files import write_atomic

    write_atomic(output, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
    click.echo(f"wrote {output}", err=True)






CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LANGS = click.Choice(["de", "en"])


def data_option(func):
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Folder of curated YAML files [default: the data shipped with srbgraph].",
    )(func)


def lang_option(func):
    return click.option("--lang", type=LANGS, default="de", show_default=True,
                        help="Language of labels: German (de) or English (en).")(func)


def store_options(func):
    """--data, --store, --endpoint and --engine: where the graph is queried."""
    func = click.option(
        "--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
        help="In-memory engine for the curated graph (ignored with --store or --endpoint).")(func)
    func = click.option(
        "--endpoint", metavar="URL",
        help="Query a SPARQL 1.1 endpoint instead (Fuseki, GraphDB, Virtuoso, QLever, oxigraph …).")(func)
    func = click.option(
        "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Persistent Oxigraph store folder for large linked graphs: loaded once, reused, "
             "refreshed when the curated data changed.")(func)
    return data_option(func)


def open_store(data_dir, store_dir, endpoint, engine):
    from ..stores.select import open_store as _open

    if store_dir and endpoint:
        raise SrbError("give either --store or --endpoint, not both")
    return _open(data_dir, store_dir=store_dir, endpoint=endpoint, engine=engine,
                 notify=lambda message: click.echo(message, err=True))
