"""Commands that query the graph: paths, query, queries, gaps, rank, stats.

Each reads the graph from the same ``origin`` (see :func:`~srbgraph.cli.options.graph_options`),
calls the library and hands rows to one renderer.
"""
from __future__ import annotations

import click

from . import options
from .options import (
    CONTEXT,
    emit,
    graph_options,
    lang_option,
    output_options,
    rejected_option,
    say,
    support_option,
)


@click.command(context_settings=CONTEXT)
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--obstacle", metavar="OBSTACLE", help="Only paths through this obstacle (id or label).")
@click.option("--measure", metavar="MEASURE",
              help="Only paths ending at this measure (id or label); the tree then runs from the "
                   "measure back to the goals.")
@support_option
@rejected_option
@graph_options
@options.query_limits()
@lang_option
@output_options(("tree", "table", "json", "jsonl", "csv", "tsv", "md"), default="tree")
def paths(names, obstacle, measure, support, include_rejected, origin, lang, fmt, output):
    """Trace the paths from goals to measures, in both directions.

    A path runs from a goal over a development need and an obstacle to a measure, over an
    obstacle that hinders the goal itself, or directly to a measure that serves the goal; it may
    end early (no obstacle named for a need, no measure for an obstacle: a gap the documentation
    leaves open). Beside the paths each goal shows its success indicators and the goals above and
    below it: an action goal contributes to the guiding goal, whose answer holds the paths of every
    goal below it.

    NAME is a goal, development need, obstacle, measure or success indicator — its id, or its
    German or English label, or a part of the label that fits no other; case, umlauts
    (Fachkraefte = Fachkräfte) and hyphens do not matter. The paths through every NAME are shown;
    for an obstacle or a measure the tree runs back to the goals. The paths through a need, an
    obstacle or a measure climb on to the goals above theirs (the guiding goal, a goal that is the
    basis). A name that fits several entries lists them with their kind; an unknown name gets a
    "did you mean"; the id of an entry merged into another leads to its successor, and a line
    says so. Without NAME, every goal is shown.

    Each hop says how the documentation supports it: ● stated (the text connects the two ends),
    ○ interpreted (the curation does; `srbgraph evidence SUBJECT RELATION OBJECT` shows why).
    Tables and CSV carry the kind of path, a column per kind of hop and the path's weakest support.
    --support stated shows what the text itself states: every stated link, in runs of stated hops
    (a run whose start the text ties to a goal only by a reading is a partial path).

    Where experts reviewed a link (`srbgraph review`), a second marker stands beside the first:
    ✓ confirmed, ≠ reviewers disagree. A link its reviewers rejected is left out;
    --include-rejected takes it back, marked ✗. Tables, CSV and JSON carry the verdict of each hop.

    \b
    Examples:
      srbgraph paths
      srbgraph paths goal-fachpersonal-gewinnen-sichern --format table
      srbgraph paths "Weiterentwicklung des Sozialraumbudgets"   # the guiding goal: every goal below it
      srbgraph paths "Orientierung an Bedarfen" --lang en --format json
      srbgraph paths measure-ausbau-kernteam            # a measure: back to the goals it serves
      srbgraph paths --support stated                  # only what the documentation states
      srbgraph paths --include-rejected --format csv   # with the links reviewers rejected, marked
      srbgraph paths Fachkräftemangel                  # an obstacle: back to its goals
      srbgraph paths --obstacle "Haltung der Akteur" --measure measure-strukturen-netzwerkarbeit
      srbgraph paths --store srb-store --format csv -o paths.csv
    """
    from ..model.paths import filter_ends
    from ..model.review import review_index
    from ..render.paths import paths_view

    if include_rejected:
        from ..model.rejected import find_paths_with_rejected as find_paths
        from ..model.rejected import paths_through_with_rejected as paths_through
    else:
        from ..model.paths import find_paths, paths_through
    with origin.open(say) as store:
        if names:
            found, kinds = paths_through(store, names, lang=lang, support=support,
                                         on_replaced=options.say_replaced(lang))
            found = filter_ends(store, found, obstacle, measure)
            reverse = all(kind in ("obstacle", "measure") for kind in kinds) or bool(measure)
        else:
            found = find_paths(store, obstacle=obstacle, measure=measure, lang=lang, support=support)
            reverse = bool(measure or obstacle)
        reviews = review_index(store)
        if not found and fmt == "tree":  # say why: "nothing found" must not read as "the text says nothing"
            from ..model.rejected import why_empty
            from ..render.paths import empty_answer

            emit(empty_answer(why_empty(store, names, support, lang), lang), output)
            return
    emit(paths_view(found, fmt, lang, reverse=reverse, reviews=reviews, stated=support == "stated"), output)


def _display(term, fmt: str):
    """A result term as a cell: IRIs as prefixed names, numbers as numbers, the rest as text."""
    from ..terms import IRI, Literal, shorten

    if term is None:
        return None
    if isinstance(term, IRI):
        return shorten(term)
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
@graph_options
@options.query_limits(service=True)
@lang_option
@output_options()
def query(query_spec, params, origin, lang, fmt, output):
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

    stdin_text = _read_stdin() if query_spec == "-" else None
    named = load(query_spec, stdin_text)
    with origin.open(say) as store:
        terms = bind(named, dict(iter_params(params)), store, lang)
        result = store.select(named.text, terms)
    rows = [[_display(t, fmt) for t in row] for row in result.rows]
    emit(render(result.variables, rows, fmt), output)


@click.command(context_settings=CONTEXT)
@lang_option
@output_options(("table", "json", "md", "csv"), default="table")
def queries(lang, fmt, output):
    """List the named queries with their title and parameters.

    \b
    Examples:
      srbgraph queries
      srbgraph queries --format json
    """
    import json

    from ..model.queries import all_named
    from ..render.i18n import both
    from ..render.tables import render

    found = all_named()
    if fmt == "json":
        emit(json.dumps([q.as_dict() for q in found], ensure_ascii=False, indent=2), output)
        return
    rows = [[q.name, q.title, ", ".join(f"{p.name} ({p.type})" for p in q.parameters.values())] for q in found]
    emit(render([both("name", lang), both("title", lang), both("parameters", lang)], rows, fmt), output)


@click.command(context_settings=CONTEXT)
@support_option
@rejected_option
@graph_options
@options.query_limits()
@lang_option
@output_options()
def gaps(support, include_rejected, origin, lang, fmt, output):
    """Find gaps: where paths end early or nothing reaches an entity.

    Obstacles no measure addresses and needs no obstacle hinders (where a path from a goal ends
    early, as `srbgraph paths` shows it), obstacles that hinder nothing and needs no goal requires
    (where a path starts without a goal), goals without indicators, indicators without goal,
    measures on no path (neither addressing an obstacle nor serving a goal). An obstacle for which
    the documentation names no measure stays open here: that is a finding, not a fault of the
    data. With --support stated only the links the documentation states close a gap. A link expert reviewers rejected closes no gap; with --include-rejected each gap that
    such a link would close names it (column "abgelehnte Verknüpfungen").

    \b
    Examples:
      srbgraph gaps
      srbgraph gaps --lang en --format json
      srbgraph gaps --support stated
      srbgraph gaps --include-rejected
    """
    from ..model.analysis import gaps as find_gaps
    from ..render.i18n import word
    from ..render.tables import render

    with origin.open(say) as store:
        found = find_gaps(store, lang, support, include_rejected)

    headers = [word(key, lang) for key in ("gap", "id", "label", "detail")]
    rows = [[word(g.kind, lang), g.id, g.label, g.cls] for g in found]
    if include_rejected:
        headers.append(word("rejected-links", lang))
        rows = [row + ["; ".join(g.rejected)] for row, g in zip(rows, found)]
    emit(render(headers, rows, fmt), output)


@click.command(context_settings=CONTEXT)
@click.option("--kind", "kinds", type=click.Choice(["obstacle", "measure"]), multiple=True,
              help="Rank only obstacles or only measures [default: both].")
@click.option("--top", type=click.IntRange(min=1), help="Show only the first N.")
@support_option
@rejected_option
@graph_options
@options.query_limits()
@lang_option
@output_options()
def rank(kinds, top, support, include_rejected, origin, lang, fmt, output):
    """Rank obstacles and measures by reach: goals touched, then betweenness centrality.

    An obstacle or measure touches the goals whose paths pass it, as `srbgraph paths` shows them:
    an obstacle the goals it hinders directly or through a development need, a measure the goals
    of the obstacles it addresses and the goals it serves directly. Links expert reviewers
    rejected are not in the network; --include-rejected counts them again and says how many of
    each entry's links are such (column "abgelehnte Verknüpfungen").

    \b
    Examples:
      srbgraph rank
      srbgraph rank --kind measure --top 10 --format md
      srbgraph rank --support stated
      srbgraph rank --include-rejected --top 5
    """
    from ..model.analysis import rank as rank_entities
    from ..render.i18n import word
    from ..render.tables import render

    wanted = tuple(k.capitalize() for k in kinds) or ("Obstacle", "Measure")
    with origin.open(say) as store:
        ranked = rank_entities(store, lang, wanted, support, include_rejected)
    ranked = ranked[:top] if top else ranked
    kind_words = {"Obstacle": word("obstacle", lang), "Measure": word("measure", lang)}
    headers = [word(key, lang) for key in ("kind", "id", "label", "goals", "betweenness", "degree")]
    rows = [[kind_words.get(r.kind, r.kind), r.id, r.label, r.goals, r.betweenness, r.degree] for r in ranked]
    if include_rejected:
        headers.append(word("rejected-links", lang))
        rows = [row + [r.rejected] for row, r in zip(rows, ranked)]
    emit(render(headers, rows, fmt), output)


@click.command(context_settings=CONTEXT)
@graph_options
@options.query_limits()
@lang_option
@output_options(("table", "json", "md", "csv"), default="table")
def stats(origin, lang, fmt, output):
    """Count individuals per class and links per relation.

    \b
    Examples:
      srbgraph stats
      srbgraph stats --lang en --format json
    """
    import json

    from ..model.stats import graph_stats
    from ..render.i18n import both, word
    from ..render.tables import render

    with origin.open(say) as store:
        result = graph_stats(store)
    if fmt == "json":
        emit(json.dumps(result, ensure_ascii=False, indent=2), output)
        return
    names = result["labels_de"] if lang == "de" else result["labels_en"]
    classes = render([word("class", lang), "id", both("count", lang)],
                     [[names.get(k, ""), k, v] for k, v in result["classes"].items()], fmt)
    relations = render([word("relation", lang), "id", both("count", lang)],
                       [[names.get(k, ""), k, v] for k, v in result["relations"].items()], fmt)
    emit(f"{classes}\n\n{relations}\n\n{word('triples', lang, n=format(result['triples'], ','))}", output)


def _read_stdin() -> str:
    """The query on standard input, bounded like a query file."""
    import sys

    from ..limits import read_query

    return read_query(sys.stdin.buffer, "<stdin>")
