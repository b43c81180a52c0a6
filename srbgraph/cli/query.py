"""Commands that query the graph: paths, query, queries, gaps, rank, stats."""
from __future__ import annotations

import click

from .options import (
    CONTEXT,
    emit,
    lang_option,
    open_store,
    output_options,
    store_options,
)


@click.command(context_settings=CONTEXT)
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
    from ..model.paths import find_paths
    from ..render.paths import paths_view

    with open_store(data_dir, store_dir, endpoint, engine) as store:
        found = find_paths(store, goals, obstacle=obstacle, measure=measure, lang=lang)
    reverse = bool(measure or obstacle) and not goals
    emit(paths_view(found, fmt, lang, reverse=reverse), output)


def _display(term, fmt: str):
    from ..model.queries import PREFIXES
    from ..terms import IRI, Literal

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
    if isinstance(term, Literal) and fmt in ("csv", "tsv"):
        return _number(term)
    return str(term)


_INTEGERS = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
             "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
             "unsignedShort", "unsignedByte"}


def _number(term):
    """A numeric literal as a number (integers and decimals with their own digits: ``-5``,
    ``0.10``), so that the CSV writer protects text and leaves numbers alone; any other literal,
    and a number that is not finite, as its text."""
    from decimal import Decimal, InvalidOperation

    from ..terms import XSD

    kind = (term.datatype or "")[len(XSD):] if (term.datatype or "").startswith(XSD) else ""
    text = str(term).strip()
    try:
        if kind in _INTEGERS:
            return int(text)
        if kind == "decimal":
            number = Decimal(text)
            return number if number.is_finite() else str(term)
        if kind in ("double", "float"):
            number = float(text)
            return number if number == number and abs(number) != float("inf") else str(term)
    except (ValueError, InvalidOperation):
        pass
    return str(term)


@click.command(context_settings=CONTEXT)
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
    from ..model.queries import bind, load
    from ..render.tables import render
    from .options import iter_params

    stdin_text = click.get_text_stream("stdin").read() if query_spec == "-" else None
    named = load(query_spec, stdin_text)
    with open_store(data_dir, store_dir, endpoint, engine) as store:
        terms = bind(named, dict(iter_params(params)), store, lang)
        result = store.select(named.text, terms)
    rows = [[_display(t, fmt) for t in row] for row in result.rows]
    emit(render(result.variables, rows, fmt), output)


@click.command(context_settings=CONTEXT)
@output_options(("table", "json", "md"), default="table")
def queries(fmt, output):
    """List the named queries with their title and parameters.

    \b
    Examples:
      srbgraph queries
      srbgraph queries --format json
    """
    import json

    from ..model.queries import all_named
    from ..render.tables import render

    found = all_named()
    if fmt == "json":
        emit(json.dumps([q.as_dict() for q in found], ensure_ascii=False, indent=2), output)
        return
    rows = [[q.name, q.title, ", ".join(f"{p.name} ({p.type})" for p in q.parameters.values())] for q in found]
    emit(render(["Name", "Titel / title", "Parameter"], rows, fmt), output)


@click.command(context_settings=CONTEXT)
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
    from ..model.analysis import GAP_QUERIES
    from ..model.analysis import gaps as find_gaps
    from ..render.tables import render

    with open_store(data_dir, store_dir, endpoint, engine) as store:
        found = find_gaps(store, lang)
    kind_label = {k: (de if lang == "de" else en) for k, (de, en) in GAP_QUERIES.items()}
    headers = ["Lücke", "id", "Bezeichnung", "Hinweis"] if lang == "de" else ["gap", "id", "label", "detail"]
    emit(render(headers, [[kind_label[g.kind], g.id, g.label, g.detail] for g in found], fmt), output)


@click.command(context_settings=CONTEXT)
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
    from ..model.analysis import rank as rank_entities
    from ..render.tables import render

    wanted = tuple(k.capitalize() for k in kinds) or ("Obstacle", "Measure")
    with open_store(data_dir, store_dir, endpoint, engine) as store:
        ranked = rank_entities(store, lang, wanted)
    ranked = ranked[:top] if top else ranked
    kind_words = {"Obstacle": "Bremse", "Measure": "Maßnahme"} if lang == "de" else {}
    headers = (["Art", "id", "Bezeichnung", "Ziele", "Betweenness", "Grad"] if lang == "de"
               else ["kind", "id", "label", "goals", "betweenness", "degree"])
    rows = [[kind_words.get(r.kind, r.kind), r.id, r.label, r.goals, r.betweenness, r.degree] for r in ranked]
    emit(render(headers, rows, fmt), output)


@click.command(context_settings=CONTEXT)
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

    from ..model.stats import graph_stats
    from ..render.tables import render

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
