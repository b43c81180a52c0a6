"""``srbgraph viz``: the graph as an interactive page in the browser, or as a file for Gephi,
Cytoscape and Graphviz."""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONTEXT, graph_options, lang_option, say, say_replaced

FORMAT_CHOICES = ["html", "graphml", "gexf", "dot", "svg", "png"]


@click.command("viz", context_settings=CONTEXT)
@click.argument("goals", nargs=-1, metavar="[GOAL]...")
@click.option("--paths", "path_view", is_flag=True,
              help="Show the goal → need → obstacle → measure subgraph (of GOAL…, else of every goal), "
                   "the chains drawn thick.")
@click.option("--focus", metavar="ENTITY", help="Show the neighbourhood of one entity (id or label).")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="How many links away from --focus to go.")
@click.option("--classes", "classes", multiple=True, metavar="CLASS[,CLASS…]",
              help="Keep only these classes (names or labels; subclasses count), e.g. Goal,Obstacle,Measure.")
@click.option("--theme", "themes", multiple=True, metavar="THEME",
              help="Keep only the theme and what is linked to it (id or label; repeatable).")
@click.option("--workshop", "workshops", multiple=True, metavar="WORKSHOP",
              help="Keep only the workshop and what is linked to it (id or label; repeatable).")
@click.option("--include-rejected", is_flag=True,
              help="Draw the links that expert reviewers rejected, too (faint; the graph keeps their assertion).")
@lang_option
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES),
              help="html (interactive page), graphml/gexf (Gephi, Cytoscape), dot (Graphviz), svg/png "
                   "(drawn by Graphviz) [default: from the --output extension, else html].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, atomically [default: srbgraph-graph.<ext> in the current directory].")
@click.option("--open", "open_it", is_flag=True, help="Open the written file in the web browser.")
@graph_options
def viz(goals, path_view, focus, depth, classes, themes, workshops, include_rejected, lang, fmt, output, open_it,
        origin):
    """Draw the graph: an interactive HTML page that works offline, or a file for other tools.

    The page shows colour and shape by class with a legend, arrows labelled by relation and drawn
    by how the documentation supports them (stated: solid, interpreted: dashed), tooltips, and a
    detail panel on click: labels, class, definition, every quote with its section, the links by
    relation (click one to move there); for a link its support, quotes, rationale and reviews. In
    the page: focus on a node and grow or shrink it (− / +), only the paths through a node, filters
    by class, theme, workshop and support that dim or hide, the view kept in the address (bookmark
    it, send it), and a PNG of the picture. Positions are computed beforehand, so the picture
    stands still at once. Evidence nodes are not drawn: their quotes are in the panel. With
    --store, the panel and tooltip of a youth-office district also show the figures linked into
    that store (srbgraph link), per table, Stichtag and column.

    Views: the whole graph (default), --focus ENTITY --depth N, or --paths [GOAL…]; narrow any of
    them with --classes, --theme and --workshop. Without --output the file is
    ./srbgraph-graph.html (or .graphml, .gexf, .dot, .svg, .png). svg and png need Graphviz.

    \b
    Examples:
      srbgraph viz --open                                  # whole graph → ./srbgraph-graph.html
      srbgraph viz --paths -o paths.html                   # every goal → need → obstacle → measure chain
      srbgraph viz --paths "Orientierung an Bedarfen" --lang en  # the chains of one goal
      srbgraph viz --focus Fachkräftemangel --depth 2      # neighbourhood of one entity
      srbgraph viz --classes Goal,Obstacle,Measure --theme "Personelle Ressourcen"
      srbgraph viz --workshop workshop-trier -o trier.svg  # drawn by Graphviz
      srbgraph viz -f graphml -o srb.graphml               # for Gephi or Cytoscape
    """
    import webbrowser

    from ..errors import SrbError
    from ..render.viz import build_view, write

    if goals and not path_view:
        raise SrbError("GOAL arguments go with --paths (e.g. srbgraph viz --paths GOAL)")
    with origin.open(say) as store:
        if focus:  # the name read here, so that a name that fits other entries too says so
            from ..model.entities import resolve

            focus = str(resolve(store, focus, on_replaced=say_replaced(lang), lang=lang))
        view = build_view(store, focus=focus, depth=depth, paths=list(goals) if path_view else None,
                          classes=classes, themes=themes, workshops=workshops, lang=lang,
                          include_rejected=include_rejected)
        if origin.store:
            _add_figures(view, store)
    path = write(view, output, fmt)
    click.echo(f"wrote {path} ({len(view.nodes):,} nodes, {len(view.edges):,} edges)", err=True)
    if open_it:
        webbrowser.open(path.resolve().as_uri())


def _add_figures(view, store) -> None:
    """The figures linked into the store (``srbgraph link``) in the panels and tooltips of the region nodes."""
    from ..model.districts import district_figures
    from ..render.viz.figures import attach_figures

    count = attach_figures(view, district_figures(store, view.lang))
    if count:
        click.echo(f"linked figures of {count} regions in their tooltips", err=True)
