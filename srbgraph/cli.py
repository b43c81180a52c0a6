"""The ``srbgraph`` command: a thin layer over the library.

Only click is imported at start-up; each command imports what it needs, so ``srbgraph --help``
stays instant and no command pays for another's libraries.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import SrbError, ValidationFailed

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LANGS = click.Choice(["de", "en"])


#: Commands that live in their own module (``srbgraph/commands/…``): name → "module:attribute".
#: The module is imported only when the command runs or help lists it; keep their top-level
#: imports to click and the standard library.
LAZY_COMMANDS: dict[str, str] = {
}


class Cli(click.Group):
    """Prints user errors as one line (``srbgraph: error: …``) unless ``--traceback`` is given,
    and loads the commands of :data:`LAZY_COMMANDS` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except ValidationFailed as exc:
            if ctx.meta.get("srbgraph.traceback"):
                raise
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            fail(str(exc))
        except (SrbError, OSError) as exc:
            if ctx.meta.get("srbgraph.traceback"):
                raise
            fail(str(exc) if isinstance(exc, SrbError) else f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except KeyboardInterrupt:
            click.echo("srbgraph: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # an unexpected failure: still one line, with a pointer
            if ctx.meta.get("srbgraph.traceback"):
                raise
            fail(f"{type(exc).__name__}: {exc} (run with --traceback for details)")


def fail(message: str, code: int = 1):
    click.echo(f"srbgraph: error: {message}", err=True)
    sys.exit(code)


def data_option(func):
    return click.option(
        "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Folder of curated YAML files [default: the data shipped with srbgraph].",
    )(func)


def lang_option(func):
    return click.option("--lang", type=LANGS, default="de", show_default=True,
                        help="Language of labels: German (de) or English (en).")(func)


@click.group(cls=Cli, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="srbgraph")
@click.option("--traceback", is_flag=True, help="Show the full Python traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool):
    """Knowledge graph of the Sozialraumbudget (SRB) workshops 2023 in Rhineland-Palatinate.

    Builds an RDF graph from the ontology and the curated, quote-backed data, and traces
    goal → development need → obstacle → measure paths.

    \b
    Examples:
      srbgraph paths                         # all goal → obstacle → measure paths
      srbgraph paths "Fachkräfte gewinnen"   # paths of one goal (id or label)
      srbgraph build --output srb.ttl        # write the whole graph as Turtle
      srbgraph check-evidence --source ../shared/seed/000_5a4910b2f8e476fd.txt
    """
    ctx.meta["srbgraph.traceback"] = traceback


def _format_for(output: Path | None, given: str | None) -> str:
    if given:
        return given
    if output is not None and str(output) != "-":
        by_ext = {".ttl": "ttl", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
                  ".jsonld": "jsonld", ".json": "jsonld"}
        if output.suffix.lower() in by_ext:
            return by_ext[output.suffix.lower()]
    return "ttl"


@cli.command(context_settings=CONTEXT)
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, '-' for standard output "
                   "[default: graph.<ext> in the build cache, printed at the end].")
@click.option("-f", "--format", "fmt", type=click.Choice(["ttl", "nt", "xml", "jsonld"]),
              help="RDF format [default: from the --output extension, else ttl].")
def build(data_dir: Path | None, output: Path | None, fmt: str | None):
    """Build the RDF graph: ontology + curated data, validated, written atomically.

    The same input always gives byte-identical output. Without --output the graph goes into the
    build cache ($SRBGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/srbgraph, else ~/.cache/srbgraph), which
    the other commands reuse until a data file or the ontology changes.

    \b
    Examples:
      srbgraph build                                # validate, build, print where it went
      srbgraph build -o srb.ttl                     # Turtle into ./srb.ttl
      srbgraph build -o srb.rdf                     # RDF/XML (Protégé), format from the extension
      srbgraph build --data my-data/ -f nt -o -     # your own data, N-Triples to stdout
    """
    from . import cache
    from .build import FORMATS, build_graph, canonical, serialize, write_atomic

    fmt = _format_for(output, fmt)
    graph = canonical(build_graph(data_dir))
    payload = serialize(graph, fmt, is_canonical=True)
    nt = payload if fmt == "nt" else serialize(graph, "nt", is_canonical=True)
    cache.store(nt, data_dir)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        target = "standard output"
    else:
        path = output or cache.cache_dir(data_dir) / f"graph{FORMATS[fmt][1]}"
        write_atomic(path, payload)
        target = str(path)
    entities = len(set(graph.subjects(None, None)))
    click.echo(f"built {len(graph):,} triples about {entities:,} subjects → {target}", err=True)


@cli.command(context_settings=CONTEXT)
@data_option
def validate(data_dir: Path | None):
    """Check the curated data against the ontology and the curation rules, without building.

    Reports every problem in one run, one line each (file:line: entity: problem), and exits
    with 1 when there is any.

    \b
    Examples:
      srbgraph validate
      srbgraph validate --data my-data/
    """
    from .build import check_data

    curation, _vocabulary, problems = check_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    click.echo(f"ok: {len(curation.entities):,} entities in {len(curation.files)} files, no problems")


@cli.command("check-evidence", context_settings=CONTEXT)
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from (it is not shipped with srbgraph).")
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
def check_evidence(source: Path | None, data_dir: Path | None, fmt: str):
    """Check that every evidence quote and section stands in the source text.

    Whitespace, line-end hyphenation and the style of quotation marks are ignored; anything
    else must match. Each miss is listed with the closest passage of the source and its line.

    \b
    Examples:
      srbgraph check-evidence --source ../shared/seed/000_5a4910b2f8e476fd.txt
      SRBGRAPH_SOURCE=source.txt srbgraph check-evidence --format json
    """
    import json

    from .evidence import check_evidence as run

    if source is None:
        raise SrbError("give the source text with --source FILE (or set SRBGRAPH_SOURCE)")
    report = run(source, data_dir)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for miss in report.misses:
            click.echo(str(miss))
        click.echo(f"{report.found:,} of {report.quotes:,} quotes of {report.entities:,} entities "
                   f"found in {source}" + ("" if report.ok else f"; {len(report.misses)} problems"))
    if not report.ok:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("goals", nargs=-1, metavar="[GOAL]...")
@data_option
@lang_option
@click.option("-f", "--format", "fmt", type=click.Choice(["tree", "table", "json", "csv"]),
              default="tree", show_default=True, help="Output format.")
def paths(goals: tuple[str, ...], data_dir: Path | None, lang: str, fmt: str):
    """Trace goal → (development need) → obstacle → measure paths.

    GOAL is an id or a German or English label; case, umlauts (Fachkraefte = Fachkräfte) and
    hyphens do not matter. Without GOAL, every goal is shown.

    \b
    Examples:
      srbgraph paths
      srbgraph paths goal-fachpersonal-gewinnen-sichern --format table
      srbgraph paths "Finanzierung der notwendigen Mittel" --lang en --format json
    """
    from .graph import load
    from .paths import find_paths
    from .views import paths_view

    graph = load(data_dir)
    found = find_paths(graph, goals, lang=lang)
    click.echo(paths_view(found, fmt, lang))


@cli.command(context_settings=CONTEXT)
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")
def stats(data_dir: Path | None, fmt: str):
    """Count individuals per class and links per relation in the built graph.

    \b
    Examples:
      srbgraph stats
      srbgraph stats --format json
    """
    import json

    from .graph import load
    from .stats import graph_stats
    from .views import table

    result = graph_stats(load(data_dir))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    german = result["labels_de"]
    click.echo(table(["Klasse", "class", "Anzahl / count"],
                     [[german.get(k, ""), k, f"{v:,}"] for k, v in result["classes"].items()]))
    click.echo()
    click.echo(table(["Beziehung", "relation", "Anzahl / count"],
                     [[german.get(k, ""), k, f"{v:,}"] for k, v in result["relations"].items()]))
    click.echo(f"\n{result['triples']:,} triples")


def main() -> None:  # console-script entry point
    cli(prog_name="srbgraph")


if __name__ == "__main__":  # pragma: no cover
    main()
