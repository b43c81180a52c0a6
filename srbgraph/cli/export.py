"""``srbgraph export``: the graph as RDF for other tools, or as tables for reports."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import CONTEXT, graph_options, lang_option, say

FORMATS = ["ttl", "nt", "xml", "jsonld", "csv", "xlsx"]


@click.command(context_settings=CONTEXT)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="ttl, nt, xml (RDF/XML, opens in Protégé), jsonld; csv (a folder, one file per "
                   "class) or xlsx (one workbook, one sheet per class).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File (folder for csv) to write [default: RDF to standard output, "
                   "csv to ./srbgraph-csv/, xlsx to ./srbgraph.xlsx].")
@graph_options
@lang_option
def export(fmt: str, output: Path | None, origin, lang: str):
    """Export the graph (ontology + data) as RDF, or as tables per class for reports.

    A table has a row per individual: id, German and English label, definitions, note, the
    linked individuals by label (one column per relation), values such as rank, and the evidence
    quotes and sections.

    \b
    Examples:
      srbgraph export --format xml --output srb.rdf     # RDF/XML for Protégé
      srbgraph export --format jsonld > srb.jsonld
      srbgraph export --format csv --output tables/     # tables/Obstacle.csv, tables/Measure.csv …
      srbgraph export --format xlsx --output srb.xlsx --lang en
    """
    from ..render.export import export as run

    graph = origin.rdflib_graph(say)
    result = run(graph, fmt, None if output is not None and str(output) == "-" else output, lang=lang, notify=say)
    if isinstance(result, bytes):
        sys.stdout.buffer.write(result)
        sys.stdout.flush()
        return
    click.echo(f"wrote {len(result)} file{'s' if len(result) != 1 else ''}: "
               + (str(result[0]) if len(result) == 1 else f"{result[0].parent}/ ({', '.join(p.name for p in result)})"),
               err=True)
