"""``srbgraph docs``: static HTML documentation of the ontology and a catalogue of the data."""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONTEXT, graph_options, lang_option, say


@click.command(context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="Folder to write the pages into (created when missing).")
@graph_options
@lang_option
@click.option("--pylode/--no-pylode", default=True, show_default=True,
              help="Make the ontology page with pyLODE (else srbgraph's own page).")
def docs(output: Path, origin, lang: str, pylode: bool):
    """Write static, self-contained HTML pages that open offline in any browser.

    \b
    index.html      links to the two pages below
    ontology.html   the ontology: classes, relations, values, labels and definitions (pyLODE)
    catalogue.html  the data: individuals per class, goal → need → obstacle → measure paths,
                    the success indicators with rank, goal and working group

    \b
    Examples:
      srbgraph docs                       # into ./site/
      srbgraph docs --output public/ --lang en
    """
    from ..render.docs import write_docs

    result = write_docs(output, lang=lang, use_pylode=pylode, graph=origin.rdflib_graph(say))
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    for path in result.files:
        click.echo(str(path))
    click.echo(f"ontology page by {result.ontology_by}; open {output / 'index.html'}", err=True)
