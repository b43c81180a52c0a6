"""The command ``candidates``: passages of the source that name two path entities no link connects."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import SrbError
from .options import CONTEXT, emit, graph_options, lang_option, output_options, query_limits, say


@click.command(context_settings=CONTEXT)
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from (it is not shipped with srbgraph).")
@click.option("--limit", type=click.IntRange(min=0), default=0, metavar="N",
              help="Show only the N best candidates [default: all].")
@graph_options
@query_limits()
@lang_option(help="Language of the headers and kinds: German (de) or English (en).")
@output_options()
def candidates(source, limit, origin, lang, fmt, output):
    """List passages of the source that name two path entities no link connects: candidates for links.

    A recall aid for curators, like the co-occurrence tables of MAXQDA or ATLAS.ti. The source text
    is cut into passages — sentences, list items with the line that introduces their list, and two
    or three sentences of which each takes up the one before ("Daher …", "Diese Faktoren …"). A
    passage names a goal, development need, obstacle, measure or indicator when it holds one of its
    names word for word (German label, alternative label, label of an entity it replaced; word
    endings forgiven) or enough of its distinctive word stems. Listed are the two entities a
    passage names that a path relation could connect and no link does (a link reviewers rejected
    counts as a link), with the relation, best first.

    The score is the mean strength of the two mentions (1.0 by name, up to 0.8 by stems) plus 0.3
    when the passage holds a cue word of that relation ("gebremst", "Hürde", "Voraussetzung",
    "braucht", "Basis für", "dient", "Daher", "um … zu" …), which the row shows. The rule for
    reading a link stays the curator's: a candidate is a place to look, not a link.

    \b
    Examples:
      srbgraph candidates --source documentation.txt
      srbgraph candidates --source documentation.txt --limit 10 --lang en
      srbgraph candidates --source documentation.txt --format csv -o candidates.csv
      SRBGRAPH_SOURCE=documentation.txt srbgraph candidates --format json
      srbgraph candidates --source documentation.txt --data my-data/ --format md
    """
    from ..curated.source_text import read_source
    from ..model.candidates import find_candidates
    from ..render.candidates import candidates_view

    if source is None:
        raise SrbError("give the source text with --source FILE (or set SRBGRAPH_SOURCE)")
    text = read_source(source)
    with origin.open(say) as store:
        found = find_candidates(store, text, lang=lang)
    emit(candidates_view(found, fmt, lang, limit or None), output)
