"""Commands that query the graph: paths, query, queries, gaps, rank, stats.

Each reads the graph from the same ``origin`` (see :func:`~srbgraph.cli.options.graph_options`),
calls the library and hands rows to one renderer.
"""
from __future__ import annotations

import click

from ..errors import QueryError
from ..render.tables import TABULAR
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
        ends = []
        if fmt == "tree" and (names or obstacle):  # a focused answer: beside each open end what the
            # documentation says of it and the goal's other measures (the overview counts its gaps: `gaps`)
            from ..model.rejected import open_ends

            ends = open_ends(store, found, lang, support)
    emit(paths_view(found, fmt, lang, reverse=reverse, reviews=reviews, stated=support == "stated",
                    open_ends=ends), output)


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


#: ``--format`` names of a graph (CONSTRUCT, DESCRIBE) → the format of :mod:`srbgraph.rdf_io`; the
#: short names are those of `srbgraph build` and `export`
GRAPH_FORMATS = {"turtle": "ttl", "ttl": "ttl", "ntriples": "nt", "nt": "nt", "rdfxml": "xml", "xml": "xml",
                 "jsonld": "jsonld"}


@click.command(context_settings=CONTEXT)
@click.argument("query_spec", metavar="NAME|FILE|-")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter; repeatable. The value is bound as an RDF term, never "
                   "pasted into the query text.")
@click.option("--exit-status", is_flag=True,
              help="For an ASK query: exit with 1 when the answer is false (0 when true).")
@graph_options
@options.query_limits(service=True)
@lang_option
@output_options((*TABULAR, *GRAPH_FORMATS), default=None)
def query(query_spec, params, exit_status, origin, lang, fmt, output):
    """Run a SPARQL query: a named query, a .rq file, or '-' for standard input.

    Named queries carry a header with title, description and parameters: `srbgraph queries`
    lists them. IRIs are shown as prefixed names (srbr:…, srb:…).

    Every form of query answers. SELECT: rows, as a table (the default) or in --format csv, tsv,
    json, jsonl, md. ASK: ja or nein (yes or no with --lang en); true or false in csv and tsv, and
    in json the SPARQL answer {"head":{},"boolean":true}; exit status 0 either way (with
    --exit-status: 1 when false). CONSTRUCT and DESCRIBE: the graph, as Turtle (the default),
    N-Triples, RDF/XML or JSON-LD (--format turtle, ntriples, rdfxml, jsonld; with -o FILE and no
    --format the file's suffix decides: .ttl, .nt, .rdf, .jsonld).

    Your own query (a file or '-') may use the graph's prefixes without declaring them: srb:,
    srbr:, rdf:, rdfs:, owl:, xsd:, skos:, dcterms:, schema:, prov:, vann: are added where the
    query uses them undeclared (a note on standard error names them); a prefix the query declares
    is never replaced. A query that mentions ?lang without giving it a value gets --lang as ?lang
    (bound as a parameter is, -p lang=… binds another value). Syntax errors say the line and column
    of your text and what was expected there.

    \b
    Examples:
      srbgraph query obstacles-ranked
      srbgraph query paths --param goal="Orientierung an Bedarfen" --format md
      srbgraph query measures-for-obstacle -p obstacle=obstacle-fachkraeftemangel --lang en
      srbgraph query my-question.rq --format csv -o answer.csv
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | srbgraph query -
      echo 'SELECT ?m ?l WHERE { ?m a srb:Measure ; rdfs:label ?l FILTER(lang(?l) = ?lang) }' | srbgraph query - --lang en
      echo 'ASK { ?m a <https://w3id.org/srbgraph/ontology#Measure> }' | srbgraph query -
      echo 'DESCRIBE <https://w3id.org/srbgraph/resource/obstacle-fachkraeftemangel>' | srbgraph query - -f rdfxml
      echo 'CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/srbgraph/ontology#ActionGoal> ; ?p ?o }' | srbgraph query - -o goals.ttl
    """
    from ..model.queries import bind, load
    from ..stores.base import Triples
    from .options import iter_params

    stdin_text = _read_stdin() if query_spec == "-" else None
    named = load(query_spec, stdin_text)
    shipped = _shipped(named)
    # the text the guard reads is the text the engine runs: the prefixes are added before either sees it
    text, skip = (named.text, 0) if shipped else _own_prefixes(named.text)
    with origin.open(say) as store:
        terms = bind(named, dict(iter_params(params)), store, lang)
        if not shipped:
            _bind_lang(text, named, terms, lang)
        try:
            if shipped or not origin.local:  # our own text, or the endpoint's engine
                result = store.answer(text, terms)
            else:  # a caller's text: in a child without network, so a crash of the engine is one line
                from ..stores.sandbox import run_in_child

                opened = _for_child(store)
                result = run_in_child(lambda: opened().answer(text, terms), network=bool(store.allow_service))
        except QueryError as exc:
            raise QueryError(_in_words(str(exc), text, terms, skip)) from None
    if isinstance(result, Triples):  # RDF keeps its bytes in a pipe or file (a tab in a literal stays a tab)
        import sys

        emit(_graph_text(result, fmt, output).rstrip("\n"), output, cleaned=not sys.stdout.isatty())
    elif isinstance(result, bool):
        emit(_boolean_text(result, _fitting(fmt, "ASK"), lang), output)
        if exit_status and not result:
            click.get_current_context().exit(1)
    else:
        from ..render.tables import render

        fmt = _fitting(fmt, "SELECT")
        rows = [[_display(t, fmt) for t in row] for row in result.rows]
        from ..render.i18n import word

        emit(render(result.variables, rows, fmt, empty=word("empty-query", lang)), output)


def _fitting(fmt: str | None, form: str) -> str:
    """The table format *fmt* (default: table), or one line saying that a graph format does not fit
    the rows or the truth value a *form* query gives."""
    if fmt is None:
        return "table"
    if fmt in GRAPH_FORMATS:
        from ..errors import SrbError

        what = "a SELECT query gives rows" if form == "SELECT" else "an ASK query gives a truth value"
        raise SrbError(f"--format {fmt} writes a graph, but {what}: use one of "
                       f"{', '.join(TABULAR)} (graph formats are for CONSTRUCT and DESCRIBE)")
    return fmt


def _graph_text(triples, fmt: str | None, output) -> str:
    """A CONSTRUCT or DESCRIBE result in the graph format *fmt* (default: by the suffix of
    *output*, else Turtle), written by :func:`srbgraph.rdf_io.serialize` (the same bytes for the
    same graph, the project's prefixes); a table format is refused in one line."""
    from rdflib import Graph

    from ..curated.vocabulary import PREFIXES
    from ..errors import SrbError, first_line
    from ..rdf_io import format_for, serialize

    if fmt is not None and fmt not in GRAPH_FORMATS:
        raise SrbError(f"--format {fmt} writes rows, but a CONSTRUCT or DESCRIBE query gives a graph: use one "
                       f"of {', '.join(_GRAPH_NAMES)}")
    key = GRAPH_FORMATS[fmt] if fmt else format_for(output)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    graph.parse(data=triples.ntriples, format="nt")
    try:
        return serialize(graph, key).decode("utf-8")
    except Exception as exc:  # rdflib's writers raise many kinds (RDF/XML: a predicate without an XML name)
        hint = " (Turtle, N-Triples and JSON-LD write any graph)" if key == "xml" else ""
        raise SrbError(f"cannot write this graph as {_GRAPH_TITLES[key]}: {first_line(exc)}{hint}") from None


#: the graph formats by their long names, as a refusal lists them
_GRAPH_NAMES = ("turtle", "ntriples", "rdfxml", "jsonld")
_GRAPH_TITLES = {"ttl": "Turtle", "nt": "N-Triples", "xml": "RDF/XML", "jsonld": "JSON-LD"}


def _boolean_text(value: bool, fmt: str, lang: str) -> str:
    """An ASK answer: a word of the view's language in a table or Markdown; ``true``/``false`` in
    CSV and TSV (one value); in JSON the SPARQL 1.1 JSON result (``{"head":{},"boolean":true}``),
    the same object on one line in JSON Lines."""
    if fmt in ("json", "jsonl"):
        import json

        return json.dumps({"head": {}, "boolean": value}, separators=(",", ":"))
    if fmt in ("csv", "tsv"):
        return "true" if value else "false"
    from ..render.i18n import word

    return word("answer-true" if value else "answer-false", lang)


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
    from ..render.i18n import word
    from ..render.tables import render

    found = all_named()
    if fmt == "json":
        emit(json.dumps([q.as_dict() for q in found], ensure_ascii=False, indent=2), output)
        return
    rows = [[q.name, q.title_in(lang), ", ".join(f"{p.name} ({p.type})" for p in q.parameters.values())] for q in found]
    emit(render([word("name", lang), word("title", lang), word("parameters", lang)], rows, fmt), output)


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
    emit(render(headers, rows, fmt, empty=word("empty-gaps", lang)), output)


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
    emit(render(headers, rows, fmt, empty=word("empty-rank", lang)), output)


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
    from ..render.i18n import word
    from ..render.tables import render

    with origin.open(say) as store:
        result = graph_stats(store)
    if fmt == "json":
        emit(json.dumps(result, ensure_ascii=False, indent=2), output)
        return
    names = result["labels_de"] if lang == "de" else result["labels_en"]
    classes = render([word("class", lang), "id", word("count", lang)],
                     [[names.get(k, ""), f"srb:{k}", v] for k, v in result["classes"].items()], fmt)
    relations = render([word("relation", lang), "id", word("count", lang)],
                       [[names.get(k, ""), f"srb:{k}", v] for k, v in result["relations"].items()], fmt)
    emit(f"{classes}\n\n{relations}\n\n{word('triples', lang, n=format(result['triples'], ','))}", output)


def _own_prefixes(text: str) -> tuple[str, int]:
    """A caller's *text* with the graph's prefixes (``srb:``, ``srbr:``, ``rdfs:`` …, those of
    :data:`srbgraph.terms.NAMESPACES`) declared where it uses them undeclared, one note on standard
    error naming them, and the number of lines added before the caller's first line."""
    from ..stores.sparql import with_prefixes
    from ..terms import NAMESPACES

    text, added = with_prefixes(text, NAMESPACES)
    if added:
        say(f"note: {' '.join(added)} added (the query uses {'them' if len(added) > 1 else 'it'} undeclared)")
    return text, 1 if added else 0


def _bind_lang(text: str, named, terms: dict, lang: str) -> None:
    """``--lang`` as the value of ``?lang`` in a caller's query that mentions ``?lang`` without
    giving it a value (no ``AS ?lang``, no ``VALUES ?lang``), as a parameter is bound: a ``VALUES``
    block, never text pasted in. ``-p lang=…`` and a declared ``lang`` parameter win."""
    from ..stores.sparql import free_variable
    from ..terms import Literal

    if "lang" in terms or "lang" in named.parameters or not free_variable(text, "lang"):
        return
    terms["lang"] = Literal(lang)
    say(f'note: ?lang bound to "{lang}" (--lang {lang}; -p lang=… binds another value)')


def _in_words(message: str, text: str, terms: dict, skip: int) -> str:
    """The engine's error about *text* in words (:func:`srbgraph.stores.sparql.plain_syntax_error`,
    as ``srbgraph serve`` says it), its line the caller's line."""
    from ..stores.sparql import bind_values, plain_syntax_error

    if not message.startswith("SPARQL syntax error at line "):  # the guard's: "… at line 2, column 18"
        import re

        return re.sub(r"\bline (\d+), column", lambda m: f"line {max(int(m[1]) - skip, 1)}, column", message) \
            if skip else message
    try:
        ran = bind_values(text, terms)  # the text the engine parsed (parameters in its WHERE group)
    except QueryError:
        ran = text
    return plain_syntax_error(message, ran, skip_lines=skip)


def _shipped(named) -> bool:
    """Whether *named* is one of the queries shipped with srbgraph (not a caller's file or text)."""
    from .. import resources

    try:
        return named.path.resolve().parent == resources.queries_dir().resolve()
    except OSError:
        return False


def _for_child(store):
    """How the child gets the store to query: a persistent store opened again, read-only (a RocksDB
    handle is not to be shared across a fork), after this process closed its own — a store just
    loaded or refreshed is still settling its files (flush, compaction), and a read-only view
    opened meanwhile finds files already gone; any other store as it is (a fork shares its graph)."""
    from ..stores.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore) and store.path is not None:
        path, allowed = store.path, store.allow_service
        store.close()

        def again():
            opened = OxigraphStore(path, read_only=True)
            opened.allow_service = allowed
            return opened
        return again
    return lambda: store


def _read_stdin() -> str:
    """The query on standard input, bounded like a query file."""
    import sys

    from ..limits import read_query

    return read_query(sys.stdin.buffer, "<stdin>")
