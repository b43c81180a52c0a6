"""The view as a file: the interactive page (from :mod:`.html`), GraphML and GEXF for Gephi and
Cytoscape (through networkx), DOT for Graphviz, and SVG or PNG drawn by Graphviz' own ``dot``.

:func:`render` gives the bytes of one format, :func:`format_for` picks the format from an option or
a file extension, and :func:`write` writes the file atomically.
"""
from __future__ import annotations

from pathlib import Path

from ...errors import SrbError
from .html import render_html
from .layout import layout
from .style import CLASS_FONT, GREY, RELATION_STYLES, class_style, wrap
from .view import View

#: Output formats of :func:`render`, with the file extension each gets.
FORMATS = {"html": ".html", "graphml": ".graphml", "gexf": ".gexf", "dot": ".dot", "svg": ".svg", "png": ".png"}
#: Default output file (in the current directory) when no ``--output`` is given.
DEFAULT_NAME = "srbgraph-graph"


def to_networkx(view: View):
    """The view as a :class:`networkx.MultiDiGraph` (attributes: label, label_de, label_en, class,
    class_label, definition, x, y; edges: relation, label, chain, support — stated, interpreted or
    empty for a link without assertion — and rejected)."""
    import networkx as nx

    if not view.laid_out:
        layout(view)
    g = nx.MultiDiGraph(name=view.title)
    for node in view.nodes.values():
        g.add_node(node.id, label=node.label(view.lang), label_de=node.label_de, label_en=node.label_en,
                   iri=node.iri, **{"class": node.cls}, class_label=node.class_label(view.lang),
                   definition=node.definition(view.lang), x=float(node.x), y=float(node.y))
    for e in view.edges:
        g.add_edge(e.source, e.target, key=e.relation, relation=e.relation, label=e.label(view.lang),
                   chain=e.chain, support=e.support or "", rejected=e.rejected)
    return g


def _gexf(view: View) -> bytes:
    import networkx as nx

    g = to_networkx(view)
    for node_id, data in g.nodes(data=True):
        colour, _shape = class_style(view.nodes[node_id].cls)
        data["viz"] = {"position": {"x": data["x"], "y": -data["y"], "z": 0.0},
                       "color": {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16),
                                 "a": 1.0}}
    return ("\n".join(nx.generate_gexf(g)) + "\n").encode("utf-8")


def _graphml(view: View) -> bytes:
    import networkx as nx

    return ("\n".join(nx.generate_graphml(to_networkx(view))) + "\n").encode("utf-8")


_DOT_SHAPES = {"star": "star", "triangle": "triangle", "triangleDown": "invtriangle", "square": "box",
               "diamond": "diamond", "hexagon": "hexagon", "dot": "ellipse"}


def _dot_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def render_dot(view: View) -> str:
    """The view in the Graphviz DOT language. Nodes carry the positions of the HTML page
    (``pos``, in points): ``neato -n2`` keeps them, ``dot`` lays the graph out anew."""
    if not view.laid_out:
        layout(view)
    lang = view.lang
    lines = ["digraph srbgraph {",
             f"  graph [label={_dot_string(view.title)}, labelloc=t, fontsize=24, fontname=\"DejaVu Sans\","
             f" rankdir={'LR' if view.kind == 'paths' else 'TB'}, outputorder=edgesfirst, overlap=true];",
             '  node [style=filled, fixedsize=true, width=0.22, height=0.22, penwidth=0.8, '
             'fontname="DejaVu Sans", fontsize=9];',
             '  edge [fontname="DejaVu Sans", fontsize=7, arrowsize=0.5, fontcolor="#555555"];',
             "  forcelabels=true;"]
    scale = 0.75  # pixels → points
    for node in view.nodes.values():
        colour, shape = class_style(node.cls)
        size = ", width=0.34, height=0.34, fontsize=12" if node.cls in CLASS_FONT and CLASS_FONT[node.cls] >= 20 else ""
        # the label beside a small shape (xlabel), as on the page; "label" is the text Graphviz
        # tools show when the drawing is laid out anew with `dot`
        lines.append(f"  {_dot_string(node.id)} [label=\"\", xlabel={_dot_string(wrap(node.label(lang)))}, "
                     f"shape={_DOT_SHAPES.get(shape, 'ellipse')}, fillcolor={_dot_string(colour)}{size}, "
                     f"tooltip={_dot_string(node.label(lang) + ' (' + node.class_label(lang) + ')')}, "
                     f"pos=\"{node.x * scale:.1f},{-node.y * scale:.1f}\"];")
    for e in view.edges:
        colour = RELATION_STYLES.get(e.relation, (GREY, False))[0]
        if view.kind == "paths" and not e.chain:
            colour = "#cccccc"
        # as on the page: stated solid, interpreted dashed, rejected dotted and faint
        style = ", style=dotted" if e.rejected else ", style=dashed" if e.support == "interpreted" else ""
        if e.rejected:
            colour += "55"
        width = ", penwidth=2.5" if e.chain else ""
        label = "" if view.kind == "whole" else f"label={_dot_string(e.label(lang))}, "
        lines.append(f"  {_dot_string(e.source)} -> {_dot_string(e.target)} [{label}"
                     f"tooltip={_dot_string(e.label(lang))}, color={_dot_string(colour)}{style}{width}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _graphviz(view: View, fmt: str) -> bytes:
    import shutil
    import subprocess

    dot = shutil.which("dot")
    if dot is None:
        raise SrbError(f"--format {fmt} needs Graphviz, which is not installed "
                       "(Debian/Ubuntu: apt-get install graphviz); --format dot or html work without it")
    result = subprocess.run([dot, "-Kneato", "-n2", f"-T{fmt}"], input=render_dot(view).encode("utf-8"),
                            capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SrbError(f"Graphviz failed: {message[-1] if message else f'exit {result.returncode}'}")
    return result.stdout


def render(view: View, fmt: str = "html") -> bytes:
    """The view as bytes in *fmt* (one of :data:`FORMATS`)."""
    if fmt == "html":
        return render_html(view).encode("utf-8")
    if fmt == "graphml":
        return _graphml(view)
    if fmt == "gexf":
        return _gexf(view)
    if fmt == "dot":
        return render_dot(view).encode("utf-8")
    if fmt in ("svg", "png"):
        return _graphviz(view, fmt)
    raise SrbError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")


def format_for(output: Path | None, given: str | None) -> str:
    """The format named by *given*, else by the extension of *output*, else html."""
    if given:
        return given
    if output is not None:
        suffix = Path(output).suffix.lower()
        for fmt, ext in FORMATS.items():
            if suffix == ext or (fmt == "html" and suffix == ".htm") or (fmt == "dot" and suffix == ".gv"):
                return fmt
    return "html"


def write(view: View, output: Path | str | None = None, fmt: str | None = None) -> Path:
    """Render *view* and write it atomically to *output* (default: ``srbgraph-graph.<ext>`` in the
    current directory); returns the path written."""
    from ...files import write_atomic

    fmt = format_for(Path(output) if output else None, fmt)
    path = Path(output) if output else Path.cwd() / f"{DEFAULT_NAME}{FORMATS[fmt]}"
    payload = render(view, fmt)
    write_atomic(path, payload)
    return path
