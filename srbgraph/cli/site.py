"""``srbgraph site``: the graph published as a static folder (start page, a page per entity,
paths, gaps, review status, graph, search, SPARQL in the browser, RDF, ontology)."""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONTEXT, graph_options, say


@click.command(context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("srbgraph-site"),
              show_default=True,
              help="Folder of the site. Replaced whole when the site is written (a folder holding anything "
                   "else than an earlier site is refused).")
@click.option("--lang", type=click.Choice(["de", "en", "both"]), default="de", show_default=True,
              help="Language of the pages; 'both' writes de/ and en/ with a switch on every page.")
@graph_options
def site(output: Path, lang: str, origin):
    """Publish the graph as a static site: a folder that opens from disk or from any web host.

    Nothing is loaded from another host and every address is relative: open DIR/index.html in a
    browser straight from the disk (file://), put the folder on any web space, or mail it as a zip.

    \b
    index.html              start: goals with their paths, gaps, what touches most goals, how to read ●/○
    resource/ID.html        every entity: quotes with section, links in and out with support and
                            verdicts, the paths through it; resource/ID.ttl beside it (RDF)
    ontology/TERM.html      every class and property; ontology.html the ontology documentation
    paths.html gaps.html    the paths as a tree and a table (filter by goal and support), the gaps,
    review.html             the state of the expert review
    graph.html              the interactive graph, each node linked to its page
    search.html             labels, aliases and quotes; umlauts and case forgiven
    sparql.html             SPARQL in the browser (Oxigraph WebAssembly), with the named queries
    data/ void.ttl          the whole graph as Turtle, N-Triples, RDF/XML, JSON-LD; its VoID

    \b
    Examples:
      srbgraph site                                # ./srbgraph-site/, German
      srbgraph site -o srb-site --lang both        # de/ and en/ with a language switch
      srbgraph site -o my-site --data my-data/     # from your own copy of the data
      srbgraph site -o linked-site --store srb-store   # a store with linked district figures
    """
    from ..site import write_site

    with origin.open(say) as store:
        result = write_site(output, store, lang=lang, notify=say)
    parts = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(result.sizes.items(), key=lambda x: -x[1])[:6])
    click.echo(f"{result.files} files, {result.bytes / 1e6:.1f} MB ({parts}) in {result.seconds:.1f} s")
    click.echo(f"open {output / 'index.html'}")
