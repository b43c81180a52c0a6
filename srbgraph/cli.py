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
from .output import emit, output_options

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LANGS = click.Choice(["de", "en"])


#: Commands that live in their own module (``srbgraph/commands/…``): name → "module:attribute".
#: The module is imported only when the command runs or help lists it; keep their top-level
#: imports to click and the standard library.
LAZY_COMMANDS: dict[str, str] = {
    "viz": "srbgraph.commands.viz:viz",
    "check": "srbgraph.commands.check:check",
    "docs": "srbgraph.commands.docs:docs",
    "export": "srbgraph.commands.export:export",
    "link": "srbgraph.commands.link:link",
    "serve": "srbgraph.commands.serve:serve",
    "push": "srbgraph.commands.push:push",
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
@click.option("--reason", is_flag=True,
              help="Also write what an OWL reasoner infers: every class of every individual and the "
                   "inverse relations (hinderedBy, addressedBy …); HermiT, or owlrl without Java. "
                   "Refuses an inconsistent graph. [default file: graph-reasoned.<ext> in the cache]")
def build(data_dir: Path | None, output: Path | None, fmt: str | None, reason: bool):
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
      srbgraph build --reason -o srb-inferred.ttl   # with inferred types and inverse relations
    """
    from . import cache
    from .build import FORMATS, build_graph, canonical, serialize
    from .files import write_atomic

    fmt = _format_for(output, fmt)
    graph = canonical(build_graph(data_dir))
    payload = serialize(graph, fmt, is_canonical=True)
    nt = payload if fmt == "nt" else serialize(graph, "nt", is_canonical=True)
    cache.store(nt, data_dir)  # the cache holds the plain graph, also after --reason
    if reason:
        from .reasoning import materialize

        reasoned, report = materialize(graph)
        added = len(reasoned) - len(graph)
        graph = canonical(reasoned)
        payload = serialize(graph, fmt, is_canonical=True)
        click.echo(f"{report.reasoner}: consistent; {added:,} inferred triples added "
                   f"({report.seconds:.1f} s)", err=True)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        target = "standard output"
    else:
        path = output or cache.cache_dir(data_dir) / f"graph{'-reasoned' if reason else ''}{FORMATS[fmt][1]}"
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
@click.option("--reference-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the reference files that evidence 'source: reference/<file>' names "
                   "[default: 'reference' beside the source text's folder].")
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
def check_evidence(source: Path | None, reference_dir: Path | None, data_dir: Path | None, fmt: str):
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
    report = run(source, data_dir, reference_dir)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for miss in report.misses:
            click.echo(str(miss))
        click.echo(f"{report.found:,} of {report.quotes:,} quotes of {report.entities:,} entities "
                   f"found in {source}" + ("" if report.ok else f"; {len(report.misses)} problems"))
    if not report.ok:
        sys.exit(1)


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
    from .store import open_store as _open

    if store_dir and endpoint:
        raise SrbError("give either --store or --endpoint, not both")
    return _open(data_dir, store_dir=store_dir, endpoint=endpoint, engine=engine,
                 notify=lambda message: click.echo(message, err=True))


@cli.command(context_settings=CONTEXT)
@click.argument("goals", nargs=-1, metavar="[GOAL]...")
@click.option("--obstacle", metavar="OBSTACLE", help="Only paths through this obstacle (id or label).")
@click.option("--measure", metavar="MEASURE",
              help="Only paths ending at this measure (id or label); the tree then runs from the "
                   "measure back to the goals.")
@store_options
@lang_option
@output_options(("tree", "table", "json", "jsonl", "csv", "tsv", "md"), default="tree")
def paths(goals, obstacle, measure, data_dir, store_dir, endpoint, engine, lang, fmt, output):
    """Trace goal → (development need) → obstacle → measure paths, in both directions.

    GOAL, OBSTACLE and MEASURE are ids or German or English labels; case, umlauts
    (Fachkraefte = Fachkräfte) and hyphens do not matter, and an unknown name gets a
    "did you mean". Without GOAL, every goal is shown.

    \b
    Examples:
      srbgraph paths
      srbgraph paths goal-fachpersonal-gewinnen-sichern --format table
      srbgraph paths "Finanzierung der notwendigen Mittel" --lang en --format json
      srbgraph paths --obstacle Fachkraeftemangel
      srbgraph paths --measure measure-strukturen-netzwerkarbeit     # measure → goals
      srbgraph paths --store ~/srb-store --format csv -o paths.csv
    """
    from .paths import find_paths
    from .views import paths_view

    with open_store(data_dir, store_dir, endpoint, engine) as store:
        found = find_paths(store, goals, obstacle=obstacle, measure=measure, lang=lang)
    reverse = bool(measure or obstacle) and not goals
    emit(paths_view(found, fmt, lang, reverse=reverse), output)


def _display(term, fmt: str):
    from .store import IRI, Literal
    from .queries import PREFIXES

    if term is None:
        return None
    if isinstance(term, IRI):
        text = str(term)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return text
    if isinstance(term, Literal) and fmt in ("json", "jsonl"):
        return term.value()
    return str(term)


@cli.command(context_settings=CONTEXT)
@click.argument("query_spec", metavar="NAME|FILE|-")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter; repeatable. The value is bound as an RDF term, never "
                   "pasted into the query text.")
@store_options
@lang_option
@output_options()
def query(query_spec, params, data_dir, store_dir, endpoint, engine, lang, fmt, output):
    """Run a SPARQL SELECT query: a named query, a .rq file, or '-' for standard input.

    Named queries carry a header with title, description and parameters: `srbgraph queries`
    lists them. IRIs are shown as prefixed names (srbr:…, srb:…).

    \b
    Examples:
      srbgraph query obstacles-ranked
      srbgraph query paths --param goal="Orientierung an Bedarfen" --format md
      srbgraph query measures-for-obstacle -p obstacle=obstacle-fachkraeftemangel --lang en
      srbgraph query my-question.rq --format csv -o answer.csv
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | srbgraph query -
    """
    from .output import render
    from .queries import bind, load
    from .store import iter_params

    stdin_text = click.get_text_stream("stdin").read() if query_spec == "-" else None
    named = load(query_spec, stdin_text)
    with open_store(data_dir, store_dir, endpoint, engine) as store:
        terms = bind(named, dict(iter_params(params)), store, lang)
        result = store.select(named.text, terms)
    rows = [[_display(t, fmt) for t in row] for row in result.rows]
    emit(render(result.variables, rows, fmt), output)


@cli.command(context_settings=CONTEXT)
@output_options(("table", "json", "md"), default="table")
def queries(fmt, output):
    """List the named queries with their title and parameters.

    \b
    Examples:
      srbgraph queries
      srbgraph queries --format json
    """
    import json

    from .output import render
    from .queries import all_named

    found = all_named()
    if fmt == "json":
        emit(json.dumps([q.as_dict() for q in found], ensure_ascii=False, indent=2), output)
        return
    rows = [[q.name, q.title, ", ".join(f"{p.name} ({p.type})" for p in q.parameters.values())] for q in found]
    emit(render(["Name", "Titel / title", "Parameter"], rows, fmt), output)


@cli.command(context_settings=CONTEXT)
@store_options
@lang_option
@output_options()
def gaps(data_dir, store_dir, endpoint, engine, lang, fmt, output):
    """Find gaps: obstacles no measure addresses, goals without indicators, measures with no obstacle.

    \b
    Examples:
      srbgraph gaps
      srbgraph gaps --lang en --format json
    """
    from .analysis import GAP_QUERIES, gaps as find_gaps
    from .output import render

    with open_store(data_dir, store_dir, endpoint, engine) as store:
        found = find_gaps(store, lang)
    kind_label = {k: (de if lang == "de" else en) for k, (de, en) in GAP_QUERIES.items()}
    headers = ["Lücke", "id", "Bezeichnung", "Hinweis"] if lang == "de" else ["gap", "id", "label", "detail"]
    emit(render(headers, [[kind_label[g.kind], g.id, g.label, g.detail] for g in found], fmt), output)


@cli.command(context_settings=CONTEXT)
@click.option("--kind", "kinds", type=click.Choice(["obstacle", "measure"]), multiple=True,
              help="Rank only obstacles or only measures [default: both].")
@click.option("--top", type=click.IntRange(min=1), help="Show only the first N.")
@store_options
@lang_option
@output_options()
def rank(kinds, top, data_dir, store_dir, endpoint, engine, lang, fmt, output):
    """Rank obstacles and measures by reach: goals touched, then betweenness centrality.

    An obstacle touches the goals it hinders directly or through a development need; a measure
    the goals of the obstacles it addresses and the goals it supports.

    \b
    Examples:
      srbgraph rank
      srbgraph rank --kind measure --top 10 --format md
    """
    from .analysis import rank as rank_entities
    from .output import render

    wanted = tuple(k.capitalize() for k in kinds) or ("Obstacle", "Measure")
    with open_store(data_dir, store_dir, endpoint, engine) as store:
        ranked = rank_entities(store, lang, wanted)
    ranked = ranked[:top] if top else ranked
    kind_words = {"Obstacle": "Bremse", "Measure": "Maßnahme"} if lang == "de" else {}
    headers = (["Art", "id", "Bezeichnung", "Ziele", "Betweenness", "Grad"] if lang == "de"
               else ["kind", "id", "label", "goals", "betweenness", "degree"])
    rows = [[kind_words.get(r.kind, r.kind), r.id, r.label, r.goals, r.betweenness, r.degree] for r in ranked]
    emit(render(headers, rows, fmt), output)


@cli.command(context_settings=CONTEXT)
@store_options
@output_options(("table", "json", "md", "csv"), default="table")
def stats(data_dir, store_dir, endpoint, engine, fmt, output):
    """Count individuals per class and links per relation.

    \b
    Examples:
      srbgraph stats
      srbgraph stats --format json
    """
    import json

    from .output import render
    from .stats import graph_stats

    with open_store(data_dir, store_dir, endpoint, engine) as store:
        result = graph_stats(store)
    if fmt == "json":
        emit(json.dumps(result, ensure_ascii=False, indent=2), output)
        return
    german = result["labels_de"]
    classes = render(["Klasse", "class", "Anzahl / count"],
                     [[german.get(k, ""), k, v] for k, v in result["classes"].items()], fmt)
    relations = render(["Beziehung", "relation", "Anzahl / count"],
                       [[german.get(k, ""), k, v] for k, v in result["relations"].items()], fmt)
    emit(f"{classes}\n\n{relations}\n\n{result['triples']:,} triples", output)


def main() -> None:  # console-script entry point
    """Runs the command; usage errors (unknown option, bad choice …) are one line too, with a
    pointer to --help, instead of click's usage block."""
    try:
        code = cli.main(prog_name="srbgraph", standalone_mode=False)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "srbgraph"
        click.echo(f"srbgraph: error: {exc.format_message()} (see '{command} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"srbgraph: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("srbgraph: aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
