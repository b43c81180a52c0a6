"""Pictures of the graph: an interactive, self-contained HTML page (pyvis / vis-network) and files
for Gephi, Cytoscape and Graphviz.

The pipeline is ``build_view`` (which part of the graph to show) → ``layout`` (positions, computed
here in Python so that the page stands still at once) → ``render`` (``html``, ``graphml``, ``gexf``,
``dot``, ``svg``, ``png``)::

    from srbgraph.graph import load
    from srbgraph import viz

    graph = load()
    view = viz.build_view(graph, paths=["goal-fachpersonal-gewinnen-sichern"], lang="en")
    viz.write(view, "paths.html")

The HTML page works offline: vis-network and every style are inlined and no URL of a network host
is left in it. Node data reach the page only as JSON inside a script (``<``, ``>`` and ``&``
escaped), and the page builds tooltips, the legend and the search list as DOM text nodes, so a
label such as ``<img src=x onerror=alert(1)>`` shows as text and runs nothing.
"""
from __future__ import annotations

import colorsys
import math
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from ..errors import SrbError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: Output formats of :func:`render`, with the file extension each gets.
FORMATS = {"html": ".html", "graphml": ".graphml", "gexf": ".gexf", "dot": ".dot", "svg": ".svg", "png": ".png"}
#: Default output file (in the current directory) when no ``--output`` is given.
DEFAULT_NAME = "srbgraph-graph"

# ---------------------------------------------------------------------------------------------
# Looks: colour and shape by class, colour and dashes by relation
# ---------------------------------------------------------------------------------------------

#: class → (colour, vis-network shape). Shapes group families of classes: goals are stars,
#: needs triangles, obstacles triangles pointing down, measures squares, indicators and questions
#: diamonds, findings and statements hexagons, actors, events and context dots.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "GuidingGoal": ("#a0700c", "star"),
    "ActionGoal": ("#f2b701", "star"),
    "GoalFragment": ("#f5d77a", "star"),
    "Goal": ("#f2b701", "star"),
    "DevelopmentNeed": ("#f28e2b", "triangle"),
    "Obstacle": ("#d62728", "triangleDown"),
    "Measure": ("#2ca02c", "square"),
    "Indicator": ("#17becf", "diamond"),
    "ResearchQuestion": ("#0b6e75", "diamond"),
    "ReflectionQuestion": ("#8fd3db", "diamond"),
    "Finding": ("#9467bd", "hexagon"),
    "SiteResult": ("#c5b0d5", "hexagon"),
    "TheoryTableEntry": ("#8c564b", "hexagon"),
    "ParticipationProcess": ("#e377c2", "hexagon"),
    "TopicToContinue": ("#bcbd22", "hexagon"),
    "PostponedTopic": ("#dbdb8d", "hexagon"),
    "OpenTopic": ("#7f7f7f", "hexagon"),
    "Statement": ("#f7a8b8", "hexagon"),
    "StatementCluster": ("#b5446e", "hexagon"),
    "Organisation": ("#1f77b4", "dot"),
    "StakeholderGroup": ("#6baed6", "dot"),
    "Person": ("#08306b", "dot"),
    "Role": ("#a6c8e3", "dot"),
    "WorkingGroup": ("#4a4a9c", "dot"),
    "Workshop": ("#525252", "square"),
    "WorkshopSeries": ("#252525", "square"),
    "Region": ("#969696", "square"),
    "Theme": ("#e6550d", "dot"),
    "Principle": ("#31a354", "diamond"),
    "Phase": ("#756bb1", "triangle"),
    "Method": ("#636363", "hexagon"),
    "MethodStep": ("#bdbdbd", "hexagon"),
    "Document": ("#c7b299", "square"),
}
#: Font size of node labels by class: the goals stay legible when the whole graph is in view.
CLASS_FONT = {"GuidingGoal": 30, "ActionGoal": 26, "GoalFragment": 18, "DevelopmentNeed": 16,
              "Obstacle": 16, "Measure": 15, "Theme": 22, "Workshop": 20, "WorkshopSeries": 22}
#: relation → (colour, dashed). Relations not listed are drawn in grey.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "hinders": ("#d62728", False),
    "addresses": ("#2ca02c", False),
    "supports": ("#1f77b4", False),
    "requires": ("#f28e2b", False),
    "measuredBy": ("#17becf", True),
    "contributesTo": ("#a0700c", False),
    "fragmentOf": ("#c9a227", True),
    "aboutTheme": ("#e6550d", True),
    "involves": ("#9ecae1", True),
    "proposedBy": ("#4a4a9c", True),
}
GREY = "#9a9a9a"
#: Layers of the path view, left to right.
PATH_LAYERS = ("Goal", "DevelopmentNeed", "Obstacle", "Measure")
#: Relations of a goal → need → obstacle → measure chain.
CHAIN_RELATIONS = ("requires", "hinders", "addresses")

WORDS = {
    "de": {"whole": "ganzer Graph", "focus": "Umgebung von {label} (Tiefe {depth})",
           "paths": "Ziel → Bedarf → Bremse → Maßnahme", "nodes": "Knoten", "edges": "Kanten",
           "search": "Knoten suchen …", "reset": "Alles zeigen", "classes": "Klassen",
           "relations": "Beziehungen", "chain": "Kette (Pfad)", "more": "+ {n} weitere Belege",
           "hint": "Klick: Nachbarschaft hervorheben · Mausrad: Zoom · Ziehen: verschieben",
           "notfound": "nichts gefunden", "title": "SRB-Wissensgraph"},
    "en": {"whole": "whole graph", "focus": "neighbourhood of {label} (depth {depth})",
           "paths": "goal → need → obstacle → measure", "nodes": "nodes", "edges": "edges",
           "search": "Find a node …", "reset": "Show all", "classes": "Classes",
           "relations": "Relations", "chain": "chain (path)", "more": "+ {n} more quotes",
           "hint": "click: highlight neighbourhood · wheel: zoom · drag: pan",
           "notfound": "nothing found", "title": "SRB knowledge graph"},
}


def class_style(cls: str) -> tuple[str, str]:
    """Colour and shape of a class; classes without a style get a stable colour of their own."""
    if cls in CLASS_STYLES:
        return CLASS_STYLES[cls]
    hue = (sum(map(ord, cls)) * 37 % 360) / 360
    r, g, b = colorsys.hls_to_rgb(hue, 0.5, 0.55)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}", "dot"


# ---------------------------------------------------------------------------------------------
# The view: which nodes and edges, with everything a reader sees about them
# ---------------------------------------------------------------------------------------------

@dataclass
class VizNode:
    id: str
    iri: str
    cls: str
    label_de: str
    label_en: str
    class_de: str
    class_en: str
    definition_de: str = ""
    definition_en: str = ""
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (quote, section)
    x: float = 0.0
    y: float = 0.0
    layer: int | None = None  # column in the path view
    depth: int | None = None  # distance from the focus

    def label(self, lang: str) -> str:
        first, second = (self.label_de, self.label_en) if lang == "de" else (self.label_en, self.label_de)
        return first or second or self.id

    def class_label(self, lang: str) -> str:
        return (self.class_de if lang == "de" else self.class_en) or self.cls

    def definition(self, lang: str) -> str:
        first, second = ((self.definition_de, self.definition_en) if lang == "de"
                         else (self.definition_en, self.definition_de))
        return first or second


@dataclass
class VizEdge:
    source: str
    target: str
    relation: str
    label_de: str
    label_en: str
    chain: bool = False

    @property
    def id(self) -> str:
        return f"{self.source}|{self.relation}|{self.target}"

    def label(self, lang: str) -> str:
        return (self.label_de if lang == "de" else self.label_en) or self.relation


@dataclass
class View:
    """A part of the graph ready to draw: nodes by id, edges, a title and the kind of view."""

    nodes: dict[str, VizNode]
    edges: list[VizEdge]
    kind: str  # "whole", "focus" or "paths"
    lang: str = "de"
    title: str = ""
    laid_out: bool = False
    regions: list[dict] = field(default_factory=list)  # class regions of the whole-graph layout

    def neighbours(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {n: set() for n in self.nodes}
        for e in self.edges:
            result[e.source].add(e.target)
            result[e.target].add(e.source)
        return result


class _Facts:
    """Everything :func:`build_view` needs, read from the rdflib graph in one pass."""

    def __init__(self, graph: "Graph"):
        from rdflib import RDF, RDFS, Literal, URIRef
        from rdflib.namespace import SKOS

        from ..curated.vocabulary import SRB, SRBR

        srb, srbr = str(SRB), str(SRBR)
        self.types: dict[str, str] = {}
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        definitions: dict[str, dict[str, str]] = defaultdict(dict)
        self.links: list[tuple[str, str, str]] = []
        evidence_of: dict[str, list[str]] = defaultdict(list)
        quote: dict[str, str] = {}
        section: dict[str, str] = {}
        self.superclass: dict[str, set[str]] = defaultdict(set)
        has_evidence, q_prop, s_prop = SRB.hasEvidence, SRB.quote, SRB.section
        for s, p, o in graph:
            s_text = str(s)
            if p == RDF.type:
                if isinstance(o, URIRef) and str(o).startswith(srb):
                    self.types[s_text] = str(o)[len(srb):]
            elif p == RDFS.label and isinstance(o, Literal):
                labels[s_text][o.language or ""] = str(o)
            elif p == SKOS.definition and isinstance(o, Literal):
                definitions[s_text][o.language or ""] = str(o)
            elif p == has_evidence:
                evidence_of[s_text].append(str(o))
            elif p == q_prop:
                quote[s_text] = str(o)
            elif p == s_prop:
                section[s_text] = str(o)
            elif p == RDFS.subClassOf:
                if s_text.startswith(srb) and str(o).startswith(srb):
                    self.superclass[s_text[len(srb):]].add(str(o)[len(srb):])
            elif (str(p).startswith(srb) and isinstance(o, URIRef) and s_text.startswith(srbr)
                  and str(o).startswith(srbr)):
                self.links.append((s_text, str(p)[len(srb):], str(o)))
        self.srb, self.srbr = srb, srbr
        self.labels = labels
        self.definitions = definitions
        self.individuals = {iri for iri, cls in self.types.items()
                            if iri.startswith(srbr) and cls != "Evidence"}
        self.evidence: dict[str, list[tuple[str, str]]] = {}
        for iri, items in evidence_of.items():
            def order(ev: str):
                tail = ev.rsplit("-", 1)[-1]
                return (int(tail) if tail.isdigit() else 0, ev)
            self.evidence[iri] = [(quote.get(ev, ""), section.get(ev, "")) for ev in sorted(items, key=order)]

    def ident(self, iri: str) -> str:
        return iri[len(self.srbr):] if iri.startswith(self.srbr) else iri

    def is_a(self, cls: str, wanted: set[str]) -> bool:
        seen, todo = set(), [cls]
        while todo:
            c = todo.pop()
            if c in wanted:
                return True
            if c not in seen:
                seen.add(c)
                todo.extend(self.superclass.get(c, ()))
        return False

    def term_label(self, local: str, lang: str) -> str:
        return self.labels.get(self.srb + local, {}).get(lang, "")

    def node(self, iri: str) -> VizNode:
        cls = self.types.get(iri, "Entity")
        labels, definitions = self.labels.get(iri, {}), self.definitions.get(iri, {})
        return VizNode(
            id=self.ident(iri), iri=iri, cls=cls,
            label_de=labels.get("de", ""), label_en=labels.get("en", "") or labels.get("", ""),
            class_de=self.term_label(cls, "de"), class_en=self.term_label(cls, "en"),
            definition_de=definitions.get("de", ""), definition_en=definitions.get("en", ""),
            evidence=list(self.evidence.get(iri, [])),
        )


def _resolve_classes(facts: _Facts, names: Iterable[str]) -> set[str]:
    from difflib import get_close_matches

    from ..terms import fold

    known = {c for c in facts.types.values()} | set(facts.superclass) | {
        s for sup in facts.superclass.values() for s in sup}
    index: dict[str, str] = {}
    for cls in known:
        for key in (cls, facts.term_label(cls, "de"), facts.term_label(cls, "en")):
            if key:
                index.setdefault(fold(key), cls)
    result = set()
    for raw in names:
        for name in filter(None, (part.strip() for part in raw.split(","))):
            hit = index.get(fold(name))
            if hit is None:
                close = get_close_matches(fold(name), list(index), n=3, cutoff=0.6)
                hint = f" (did you mean {', '.join(repr(index[c]) for c in close)}?)" if close else ""
                raise SrbError(f"no class named '{name}'{hint}")
            result.add(hit)
    return result


def build_view(
    graph: "Graph",
    *,
    focus: str | None = None,
    depth: int = 1,
    paths: Sequence[str] | None = None,
    classes: Iterable[str] = (),
    themes: Iterable[str] = (),
    workshops: Iterable[str] = (),
    lang: str = "de",
) -> View:
    """The part of *graph* to draw.

    * default: every individual except the ``srb:Evidence`` nodes (their quotes go into the
      tooltips) and every ``srb:`` relation between them;
    * ``focus``: the entity (id or label) and what lies within *depth* links of it;
    * ``paths``: the goal → need → obstacle → measure subgraph of the given goals (``[]``: every
      goal), the edges of the chains marked ``chain``;
    * ``classes``: keep only individuals of these classes (names or labels; subclasses count);
    * ``themes`` / ``workshops``: keep only the theme or workshop and the entities linked to it
      directly; in the path view, keep the chains with such an entity.
    """
    from ..model.entities import resolve
    from ..model.paths import find_paths

    if lang not in WORDS:
        raise SrbError(f"unknown language '{lang}' (use de or en)")
    if focus is not None and paths is not None:
        raise SrbError("give either --focus or --paths, not both")
    if depth < 0:
        raise SrbError("--depth must be 0 or more")
    facts = _Facts(graph)
    words = WORDS[lang]
    adjacency: dict[str, set[str]] = defaultdict(set)
    for s, _p, o in facts.links:
        if s in facts.individuals and o in facts.individuals:
            adjacency[s].add(o)
            adjacency[o].add(s)

    def linked_to(names: Iterable[str], cls) -> set[str] | None:
        names = list(names)
        if not names:
            return None
        keep: set[str] = set()
        for name in names:
            iri = str(resolve(graph, name, cls))
            keep |= {iri} | adjacency[iri]
        return keep

    from ..curated.vocabulary import SRB

    theme_keep = linked_to(themes, SRB.Theme)
    workshop_keep = linked_to(workshops, SRB.Workshop)
    wanted_classes = _resolve_classes(facts, classes) if classes else None

    def passes(iri: str) -> bool:
        if wanted_classes is not None and not facts.is_a(facts.types[iri], wanted_classes):
            return False
        if theme_keep is not None and iri not in theme_keep:
            return False
        return workshop_keep is None or iri in workshop_keep

    chain_edges: set[tuple[str, str, str]] = set()
    layers: dict[str, int] = {}
    depths: dict[str, int] = {}
    if paths is not None:
        kind = "paths"
        found = find_paths(graph, list(paths), lang=lang)
        chosen: set[str] = set()
        for p in found:
            members = [str(n.iri) for n in (p.goal, p.need, p.obstacle, p.measure) if n is not None]
            if theme_keep is not None and not any(m in theme_keep for m in members):
                continue
            if workshop_keep is not None and not any(m in workshop_keep for m in members):
                continue
            members = [m for m in members if wanted_classes is None or facts.is_a(facts.types[m], wanted_classes)]
            chosen.update(members)
            goal, need, obstacle = str(p.goal.iri), p.need and str(p.need.iri), str(p.obstacle.iri)
            if need:
                chain_edges.add((goal, "requires", need))
                chain_edges.add((obstacle, "hinders", need))
            else:
                chain_edges.add((obstacle, "hinders", goal))
            if p.measure is not None:
                chain_edges.add((str(p.measure.iri), "addresses", obstacle))
        for iri in chosen:
            cls = facts.types[iri]
            layers[iri] = next(i for i, top in enumerate(PATH_LAYERS) if facts.is_a(cls, {top}))
        title = words["paths"]
        if paths:
            title += ": " + ", ".join(facts.node(str(resolve(graph, g, SRB.Goal))).label(lang) for g in paths)
    elif focus is not None:
        kind = "focus"
        start = str(resolve(graph, focus))
        if start not in facts.individuals:
            raise SrbError(f"'{focus}' is evidence, not an entity of the graph; give the entity it belongs to")
        depths = {start: 0}
        queue = deque([start])
        while queue:
            current = queue.popleft()
            if depths[current] >= depth:
                continue
            for nxt in sorted(adjacency[current]):
                if nxt not in depths:
                    depths[nxt] = depths[current] + 1
                    queue.append(nxt)
        chosen = {iri for iri in depths if iri == start or passes(iri)}
        title = words["focus"].format(label=facts.node(start).label(lang), depth=depth)
    else:
        kind = "whole"
        chosen = {iri for iri in facts.individuals if passes(iri)}
        title = words["whole"]

    nodes: dict[str, VizNode] = {}
    for iri in sorted(chosen, key=facts.ident):
        node = facts.node(iri)
        node.layer = layers.get(iri)
        node.depth = depths.get(iri)
        nodes[node.id] = node
    edges = []
    for s, p, o in sorted(facts.links):
        if s in chosen and o in chosen and p != "hasEvidence":
            edges.append(VizEdge(facts.ident(s), facts.ident(o), p, facts.term_label(p, "de"),
                                 facts.term_label(p, "en"), chain=(s, p, o) in chain_edges))
    if not nodes:
        raise SrbError("nothing to show: the filters leave no node")
    full_title = f"{words['title']} — {title} ({len(nodes):,} {words['nodes']}, {len(edges):,} {words['edges']})"
    return View(nodes, edges, kind, lang, full_title)


# ---------------------------------------------------------------------------------------------
# Layout: positions in pixels, computed here so that the page needs no physics
# ---------------------------------------------------------------------------------------------

def layout(view: View, seed: int = 7) -> View:
    """Give every node of *view* a position (in place): layered columns for the path view, rings
    around the focus for a neighbourhood, a force-directed layout seeded by class for the rest."""
    if view.kind == "paths":
        _layered(view)
    elif view.kind == "focus":
        _radial(view)
    else:
        _force(view, seed)
    view.laid_out = True
    return view


def _layered(view: View, column: float = 640.0, row: float = 34.0) -> None:
    columns: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes.values():
        columns[node.layer or 0].append(node.id)
    neighbours = view.neighbours()
    order = {}
    for layer, ids in columns.items():
        ids.sort(key=lambda i: view.nodes[i].label(view.lang).lower())
        order.update({i: k / max(len(ids) - 1, 1) for k, i in enumerate(ids)})
    present = sorted(columns)
    for _sweep in range(6):  # barycentre sweeps, left to right and back
        for layer in present[1:] + present[-2::-1]:
            ids = columns[layer]

            def centre(i):
                others = [order[n] for n in neighbours[i] if view.nodes[n].layer != layer]
                return sum(others) / len(others) if others else order[i]
            ids.sort(key=lambda i: (centre(i), order[i]))
            order.update({i: k / max(len(ids) - 1, 1) for k, i in enumerate(ids)})
    # each node takes the height of its wrapped label; every column spreads over the tallest one
    def need(i):
        node = view.nodes[i]
        lines = _wrap(node.label(view.lang), _wrap_width(view)).count("\n") + 1
        return lines * (_font_size(view, node.cls) * 1.25) + row

    height = max(sum(need(i) for i in ids) for ids in columns.values())
    for layer, ids in columns.items():
        spare = (height - sum(need(i) for i in ids)) / len(ids)
        y = -height / 2
        for i in ids:
            share = need(i) + spare
            view.nodes[i].x = present.index(layer) * column
            view.nodes[i].y = round(y + share / 2, 1)
            y += share


def _radial(view: View, ring: float = 420.0, spacing: float = 190.0) -> None:
    neighbours = view.neighbours()
    by_depth: dict[int, list[str]] = defaultdict(list)
    for node in view.nodes.values():
        by_depth[node.depth or 0].append(node.id)
    angle: dict[str, float] = {}
    for d in sorted(by_depth):
        ids = by_depth[d]
        if d == 0:
            for i in ids:
                angle[i] = 0.0
                view.nodes[i].x = view.nodes[i].y = 0.0
            continue

        def parent_angle(i):
            parents = [angle[n] for n in neighbours[i] if n in angle and (view.nodes[n].depth or 0) < d]
            return (min(parents) if parents else 0.0, view.nodes[i].cls, view.nodes[i].label(view.lang))
        ids.sort(key=parent_angle)
        radius = max(d * ring, len(ids) * spacing / (2 * math.pi))
        for k, i in enumerate(ids):
            a = 2 * math.pi * k / len(ids)
            angle[i] = a
            view.nodes[i].x = radius * math.cos(a)
            view.nodes[i].y = radius * math.sin(a)


def _force(view: View, seed: int, unit: float = 70.0) -> None:
    """Class clusters: each class gets a round region of its own (regions of classes with many
    links between them lie close), its members start on a sunflower spiral there and a
    force-directed pass, pulled towards the region's centre, draws linked nodes together."""
    import numpy as np

    ids = list(view.nodes)
    n = len(ids)
    members: dict[str, list[int]] = defaultdict(list)
    for k, i in enumerate(ids):
        members[view.nodes[i].cls].append(k)
    classes = sorted(members, key=lambda c: (-len(members[c]), c))
    # classes with large labels (the goals) get more room per member
    room = {c: max(1.0, CLASS_FONT.get(c, 13) / 13) ** 1.5 for c in classes}
    radius = {c: 0.62 * math.sqrt(len(members[c])) * room[c] + 0.8 for c in classes}
    # 1. class regions: a small force layout of the classes, weighted by the links between them
    index = {i: k for k, i in enumerate(ids)}
    pairs = sorted({(index[e.source], index[e.target]) for e in view.edges if e.source != e.target})
    cls_of = [view.nodes[i].cls for i in ids]
    c_index = {c: k for k, c in enumerate(classes)}
    weight: dict[tuple[int, int], int] = defaultdict(int)
    for a, b in pairs:
        ca, cb = c_index[cls_of[a]], c_index[cls_of[b]]
        if ca != cb:
            weight[(min(ca, cb), max(ca, cb))] += 1
    m = len(classes)
    golden = math.pi * (3 - math.sqrt(5))
    total = sum(radius.values())
    anchors = np.array([[math.cos(golden * k) * math.sqrt(k + 0.5), math.sin(golden * k) * math.sqrt(k + 0.5)]
                        for k in range(m)]) * (total / max(m, 1))
    sizes = np.array([radius[c] for c in classes])
    if m > 1:
        class_pairs = list(weight)
        strength = np.array([weight[p] for p in class_pairs], dtype=float)
        strength = strength / strength.max() if len(strength) else strength
        for step in range(450):
            disp = np.zeros_like(anchors)
            d = anchors[:, None, :] - anchors[None, :, :]
            dist = np.maximum(np.sqrt((d * d).sum(axis=2)), 1e-6)
            gap = sizes[:, None] + sizes[None, :] + 0.9
            overlap = np.where(dist < gap, (gap - dist) / dist, 0.0)
            np.fill_diagonal(overlap, 0.0)
            disp += (d * overlap[:, :, None]).sum(axis=1) * 0.5
            for (a, b), w in zip(class_pairs, strength):
                delta = anchors[a] - anchors[b]
                pull = delta * 0.02 * w
                disp[a] -= pull
                disp[b] += pull
            if step < 250:
                disp -= anchors * 0.004  # a little gravity keeps the regions together
            else:  # the last steps only push regions apart, so that none overlap
                disp = (d * overlap[:, :, None]).sum(axis=1) * 0.5
            anchors += disp
    # 2. members on a sunflower spiral in their region, ordered by label
    pos = np.zeros((n, 2))
    for c in classes:
        ordered = sorted(members[c], key=lambda k: view.nodes[ids[k]].label(view.lang).lower())
        for j, k in enumerate(ordered):
            r = 0.62 * math.sqrt(j + 0.5) * room[c]
            pos[k] = anchors[c_index[c]] + (r * math.cos(golden * j), r * math.sin(golden * j))
    # 3. a force-directed pass inside the regions
    home = anchors[[c_index[c] for c in cls_of]]
    limit = np.array([radius[c] for c in cls_of])
    inside = [(a, b) for a, b in pairs if cls_of[a] == cls_of[b]]
    pos = fruchterman_reingold(pos, inside, k=0.5, iterations=50, groups=[members[c] for c in classes],
                               home=home, limit=limit, temperature=0.25,
                               spread=np.array([room[c] for c in cls_of]), seed=seed)
    for i, (x, y) in zip(ids, pos * unit):
        view.nodes[i].x = round(float(x), 1)
        view.nodes[i].y = round(float(y), 1)
    view.regions = []
    for c in classes:
        centre = anchors[c_index[c]]
        spread = float(np.sqrt(((pos[members[c]] - centre) ** 2).sum(axis=1)).max())
        view.regions.append({"cls": c, "x": round(float(centre[0] * unit), 1), "y": round(float(centre[1] * unit), 1),
                             "r": round((min(spread, radius[c]) + 0.45) * unit, 1)})


def fruchterman_reingold(pos, pairs: Sequence[tuple[int, int]], k: float, iterations: int = 60,
                         groups: Sequence[Sequence[int]] | None = None, home=None, limit=None,
                         temperature: float = 0.3, spread=None, exact_up_to: int = 600,
                         sample: int = 150, seed: int = 7):
    """Force-directed positions (Fruchterman & Reingold) from the start positions *pos* (n × 2),
    with numpy: linked nodes (*pairs*) attract, nodes repel the others of their group (*groups*,
    default: all nodes). With *home* (n × 2) and *limit* (n), each node is pulled towards its
    home and kept within *limit* of it. *spread* (n) scales the repulsion of each node. In a group
    of more than *exact_up_to* nodes each node repels a random *sample* of the group instead of
    all (5,000 nodes then take seconds, not minutes)."""
    import numpy as np

    pos = np.array(pos, dtype=np.float64)
    n = len(pos)
    groups = [np.asarray(g, dtype=np.int64) for g in (groups if groups is not None else [range(n)])]
    src = np.array([a for a, _ in pairs], dtype=np.int64)
    dst = np.array([b for _, b in pairs], dtype=np.int64)
    cooling = temperature / (iterations + 1)
    rng = np.random.default_rng(seed)
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        for group in groups:
            if len(group) < 2:
                continue
            sub = pos[group]
            if len(group) > exact_up_to:  # many nodes: each repels a random sample, weighted for all
                others = rng.integers(0, len(group), size=(len(group), sample))
                d = sub[:, None, :] - sub[others]
                dist2 = np.maximum((d * d).sum(axis=2), 1e-6)
                push = (d * (k * k / dist2)[:, :, None]).sum(axis=1) * (len(group) / sample)
                if spread is not None:
                    push *= spread[group, None] ** 2
                disp[group] += push
                continue
            for s in range(0, len(group), 512):
                d = sub[s:s + 512, None, :] - sub[None, :, :]
                dist2 = np.maximum((d * d).sum(axis=2), 1e-6)
                push = (d * (k * k / dist2)[:, :, None]).sum(axis=1)
                if spread is not None:
                    push *= spread[group[s:s + 512], None] ** 2
                disp[group[s:s + 512]] += push
        if len(src):
            delta = pos[src] - pos[dst]
            force = delta * (np.sqrt((delta * delta).sum(axis=1)) / k)[:, None]
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        if home is not None:
            away = pos - home
            disp -= away * (np.sqrt((away * away).sum(axis=1)) / k)[:, None] * 0.3
        length = np.maximum(np.sqrt((disp * disp).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
        if home is not None and limit is not None:
            away = pos - home
            dist = np.maximum(np.sqrt((away * away).sum(axis=1)), 1e-9)
            pos = home + away * (np.minimum(dist, limit) / dist)[:, None]
    return pos


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

def _wrap_width(view: View) -> int:
    return 34 if view.kind == "paths" else 26


def _font_size(view: View, cls: str) -> int:
    return CLASS_FONT.get(cls, 13) + (4 if view.kind != "whole" else 0)


def _wrap(text: str, width: int = 26) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _legend(view: View) -> tuple[list[dict], list[dict]]:
    lang = view.lang
    counts: dict[str, int] = defaultdict(int)
    sample: dict[str, VizNode] = {}
    for node in view.nodes.values():
        counts[node.cls] += 1
        sample.setdefault(node.cls, node)

    def both(first: str, second: str) -> str:  # German with English beside it
        return f"{first} ({second})" if first and second and first != second else first or second

    classes = []
    for cls in sorted(counts, key=lambda c: sample[c].class_label(lang).lower()):
        colour, shape = class_style(cls)
        node = sample[cls]
        text = both(node.class_de, node.class_en) if lang == "de" else both(node.class_en, node.class_de)
        classes.append({"cls": cls, "label": text or cls, "colour": colour, "shape": shape, "count": counts[cls]})
    rel_counts: dict[str, int] = defaultdict(int)
    rel_sample: dict[str, VizEdge] = {}
    for e in view.edges:
        rel_counts[e.relation] += 1
        rel_sample.setdefault(e.relation, e)
    relations = []
    for rel in sorted(rel_counts, key=lambda r: rel_sample[r].label(lang).lower()):
        colour, dashed = RELATION_STYLES.get(rel, (GREY, False))
        e = rel_sample[rel]
        text = both(e.label_de, e.label_en) if lang == "de" else both(e.label_en, e.label_de)
        relations.append({"rel": rel, "label": text or rel, "colour": colour, "dashed": dashed,
                          "count": rel_counts[rel]})
    return classes, relations


def _vis_data(view: View) -> tuple[list[dict], list[dict], dict]:
    lang = view.lang
    other = "en" if lang == "de" else "de"
    degree: dict[str, int] = defaultdict(int)
    for e in view.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    big = len(view.nodes) > 1500
    nodes = []
    for node in view.nodes.values():
        colour, shape = class_style(node.cls)
        label = node.label(lang)
        size = 9 + min(16, 2.2 * math.sqrt(degree[node.id]))
        if node.cls in ("GuidingGoal", "ActionGoal"):
            size += 8
        nodes.append({
            "id": node.id, "label": _wrap(label, _wrap_width(view)), "x": node.x, "y": node.y, "shape": shape,
            "size": round(size, 1),
            "color": {"background": colour, "border": "#333333",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "font": {"size": _font_size(view, node.cls)},
            # what the page's own script turns into text nodes (tooltip, search list)
            "srb": {"label": label, "other": node.label(other) if node.label(other) != label else "",
                    "id": node.id, "cls": node.class_label(lang), "definition": node.definition(lang),
                    "evidence": [list(ev) for ev in node.evidence]},
        })
    edges = []
    for e in view.edges:
        colour, dashed = RELATION_STYLES.get(e.relation, (GREY, False))
        faint = view.kind == "paths" and not e.chain
        edges.append({
            "id": e.id, "from": e.source, "to": e.target, "label": e.label(lang),
            "color": {"color": "#cccccc" if faint else colour, "highlight": colour, "hover": colour,
                      "opacity": 0.9},
            "dashes": dashed, "width": 3.5 if e.chain else 1.2,
            "srb": {"relation": e.relation, "chain": e.chain},
        })
    options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": not big, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"face": "DejaVu Sans, Arial, sans-serif", "color": "#222222",
                                             "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3},
                  "smooth": ({"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal",
                              "roundness": 0.45} if view.kind == "paths" else False),
                  "selectionWidth": 1.5},
    }
    return nodes, edges, options


def render_html(view: View) -> str:
    """The interactive page as one self-contained HTML string (pyvis' ``generate_html`` with
    srbgraph's own template: no CDN, no Bootstrap, tooltips as text)."""
    import jinja2
    import pyvis
    from pyvis.network import Network

    if not view.laid_out:
        layout(view)
    nodes, edges, options = _vis_data(view)
    classes, relations = _legend(view)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    # pyvis' add_node/add_edge check for duplicates in a list (quadratic): the lists are set directly.
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.options = options
    assets = Path(pyvis.__file__).resolve().parent / "templates"
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader({"srbgraph-viz.html": _TEMPLATE}),
                                    jinja2.FileSystemLoader(str(assets))]),
        autoescape=True,
    )
    env.globals["srb"] = {"title": view.title, "lang": view.lang, "words": WORDS[view.lang],
                          "legend": {"classes": classes, "relations": relations}, "kind": view.kind}
    env.globals["srb_options"] = options
    names = {c["cls"]: c["label"] for c in classes}
    env.globals["srb"]["regions"] = [dict(r, label=names.get(r["cls"], r["cls"]), colour=class_style(r["cls"])[0])
                                     for r in view.regions]
    net.templateEnv = env
    net.path = "srbgraph-viz.html"
    html = net.generate_html()
    _check_offline(html)
    return html


_NETWORK_REFERENCE = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.IGNORECASE)


def _check_offline(html: str) -> None:
    """Refuse a page that would load anything from a network host (the data lines aside: they are
    JSON text, shown as text)."""
    html = re.sub(r"^  var (NODES|EDGES|OPTIONS|SRB) = .*$", "", html, flags=re.MULTILINE)
    hit = _NETWORK_REFERENCE.search(html)
    if hit:
        start = max(hit.start() - 60, 0)
        raise SrbError(f"internal error: the page refers to a network host: …{html[start:hit.end() + 60]}…")


def to_networkx(view: View):
    """The view as a :class:`networkx.MultiDiGraph` (attributes: label, label_de, label_en, class,
    class_label, definition, x, y; edges: relation, label, chain)."""
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
                   chain=e.chain)
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
        lines.append(f"  {_dot_string(node.id)} [label=\"\", xlabel={_dot_string(_wrap(node.label(lang)))}, "
                     f"shape={_DOT_SHAPES.get(shape, 'ellipse')}, fillcolor={_dot_string(colour)}{size}, "
                     f"tooltip={_dot_string(node.label(lang) + ' (' + node.class_label(lang) + ')')}, "
                     f"pos=\"{node.x * scale:.1f},{-node.y * scale:.1f}\"];")
    for e in view.edges:
        colour, dashed = RELATION_STYLES.get(e.relation, (GREY, False))
        if view.kind == "paths" and not e.chain:
            colour = "#cccccc"
        style = ", style=dashed" if dashed else ""
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
    from ..files import write_atomic

    fmt = format_for(Path(output) if output else None, fmt)
    path = Path(output) if output else Path.cwd() / f"{DEFAULT_NAME}{FORMATS[fmt]}"
    payload = render(view, fmt)
    write_atomic(path, payload)
    return path


# The page. pyvis renders it (``generate_html``) with vis-network inlined from pyvis' own copy.
# Everything a reader sees of the data is set with textContent by the script below.
_TEMPLATE = r"""<!DOCTYPE html>
<html lang="{{ srb.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{{ srb.title }}</title>
<style>{% include 'lib/vis-9.1.2/vis-network.css' %}</style>
<script>{% include 'lib/vis-9.1.2/vis-network.min.js' %}</script>
<style>
  html, body { margin: 0; height: 100%; font-family: "DejaVu Sans", Arial, sans-serif; color: #222; }
  body { display: flex; flex-direction: column; }
  header { display: flex; align-items: center; gap: 12px; padding: 6px 12px; border-bottom: 1px solid #ddd;
           background: #fafafa; flex-wrap: wrap; }
  header h1 { font-size: 17px; margin: 0; font-weight: 600; flex: 1 1 auto; }
  header input { font-size: 14px; padding: 4px 8px; width: 320px; }
  header button { font-size: 14px; padding: 4px 10px; }
  #srb-status { font-size: 12px; color: #666; min-width: 8em; }
  main { flex: 1 1 auto; display: flex; min-height: 0; }
  #srb-network { flex: 1 1 auto; position: relative; background: #ffffff; }
  aside { width: 290px; overflow-y: auto; border-left: 1px solid #ddd; padding: 8px 10px; font-size: 12.5px;
          background: #fcfcfc; }
  aside h2 { font-size: 13px; margin: 8px 0 4px; }
  aside ul { list-style: none; margin: 0; padding: 0; }
  aside li { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
  aside li .count { margin-left: auto; color: #777; }
  aside .hint { color: #666; font-size: 11.5px; margin-top: 10px; }
  div.vis-tooltip { max-width: 460px; white-space: normal; font-family: inherit; font-size: 12.5px;
                    background: #fffef6; border: 1px solid #999; padding: 8px; line-height: 1.35; }
  .srb-tip-label { font-weight: 700; font-size: 14px; }
  .srb-tip-other { color: #555; font-style: italic; }
  .srb-tip-class { color: #333; margin: 2px 0 4px; }
  .srb-tip-definition { margin: 4px 0; }
  .srb-tip-quote { margin-top: 5px; }
  .srb-tip-section { color: #666; font-size: 11.5px; }
</style>
</head>
<body>
<header>
  <h1 id="srb-title">{{ srb.title }}</h1>
  <input id="srb-search" type="search" list="srb-options" placeholder="{{ srb.words.search }}" autocomplete="off">
  <datalist id="srb-options"></datalist>
  <button id="srb-reset" type="button">{{ srb.words.reset }}</button>
  <span id="srb-status"></span>
</header>
<main>
  <div id="srb-network"></div>
  <aside id="srb-legend">
    <h2>{{ srb.words.classes }}</h2><ul id="srb-legend-classes"></ul>
    <h2>{{ srb.words.relations }}</h2><ul id="srb-legend-relations"></ul>
    <p class="hint">{{ srb.words.hint }}</p>
  </aside>
</main>
<script>
(function () {
  "use strict";
  var NODES = {{ nodes|tojson }};
  var EDGES = {{ edges|tojson }};
  var OPTIONS = {{ srb_options|tojson }};
  var SRB = {{ srb|tojson }};
  var words = SRB.words;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function tooltip(info) {
    var box = el("div", "srb-tip");
    box.appendChild(el("div", "srb-tip-label", info.label));
    if (info.other) { box.appendChild(el("div", "srb-tip-other", info.other)); }
    box.appendChild(el("div", "srb-tip-class", info.cls + " · " + info.id));
    if (info.definition) { box.appendChild(el("div", "srb-tip-definition", info.definition)); }
    var shown = info.evidence.slice(0, 4);
    shown.forEach(function (ev) {
      box.appendChild(el("div", "srb-tip-quote", "„" + ev[0] + "“"));
      if (ev[1]) { box.appendChild(el("div", "srb-tip-section", "— " + ev[1])); }
    });
    if (info.evidence.length > shown.length) {
      box.appendChild(el("div", "srb-tip-section", words.more.replace("{n}", info.evidence.length - shown.length)));
    }
    return box;
  }
  var original = {};
  NODES.forEach(function (n) { n.title = tooltip(n.srb); original[n.id] = {color: n.color, font: n.font}; });
  var originalEdges = {};
  EDGES.forEach(function (e) { originalEdges[e.id] = {color: e.color, font: {color: "#444444"}}; });

  var nodes = new vis.DataSet(NODES);
  var edges = new vis.DataSet(EDGES);
  var container = document.getElementById("srb-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, OPTIONS);
  var state = {network: network, nodes: nodes, edges: edges, highlighted: null, drawn: false,
               drawnAt: null, errors: []};
  window.srbViz = state;
  // class regions of the whole-graph layout: a faint disc and a caption of constant screen size
  function rgba(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return "rgba(" + (v >> 16) + "," + ((v >> 8) & 255) + "," + (v & 255) + "," + alpha + ")";
  }
  network.on("beforeDrawing", function (ctx) {
    SRB.regions.forEach(function (r) {
      ctx.beginPath(); ctx.arc(r.x, r.y, r.r, 0, 2 * Math.PI);
      ctx.fillStyle = rgba(r.colour, 0.08); ctx.fill();
    });
  });
  network.on("afterDrawing", function (ctx) {
    if (!SRB.regions.length) { return; }
    var scale = network.getScale();
    ctx.font = "bold " + (14 / scale) + "px DejaVu Sans, Arial, sans-serif";
    ctx.textAlign = "center"; ctx.textBaseline = "bottom";
    ctx.lineWidth = 4 / scale; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.fillStyle = "#333333";
    SRB.regions.forEach(function (r) {
      var text = r.label.replace(/ \(.*\)$/, "");
      ctx.strokeText(text, r.x, r.y - r.r - 4 / scale);
      ctx.fillText(text, r.x, r.y - r.r - 4 / scale);
    });
  });
  network.once("afterDrawing", function () { state.drawn = true; state.drawnAt = performance.now(); });
  network.fit({animation: false});

  // legend: one line per class and relation present, built from text nodes
  var SVG = "http://www.w3.org/2000/svg";
  function icon(shape, colour) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "16"); svg.setAttribute("height", "16"); svg.setAttribute("viewBox", "0 0 16 16");
    var points = {
      star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.8 3.5,15 5,9.5 1,6 6,6",
      triangle: "8,1.5 15,14.5 1,14.5", triangleDown: "1,1.5 15,1.5 8,14.5",
      diamond: "8,1 15,8 8,15 1,8", hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
      square: "2,2 14,2 14,14 2,14"
    }[shape];
    var s;
    if (points) { s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", points); }
    else { s = document.createElementNS(SVG, "circle"); s.setAttribute("cx", "8"); s.setAttribute("cy", "8"); s.setAttribute("r", "6.5"); }
    s.setAttribute("fill", colour); s.setAttribute("stroke", "#333"); s.setAttribute("stroke-width", "0.8");
    svg.appendChild(s);
    return svg;
  }
  function line(colour, dashed, width) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "10");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", colour); l.setAttribute("stroke-width", String(width || 2));
    if (dashed) { l.setAttribute("stroke-dasharray", "4,3"); }
    svg.appendChild(l);
    return svg;
  }
  var classList = document.getElementById("srb-legend-classes");
  SRB.legend.classes.forEach(function (c) {
    var li = el("li"); li.dataset.cls = c.cls;
    li.appendChild(icon(c.shape, c.colour)); li.appendChild(el("span", "name", c.label));
    li.appendChild(el("span", "count", c.count.toLocaleString()));
    classList.appendChild(li);
  });
  var relationList = document.getElementById("srb-legend-relations");
  if (SRB.kind === "paths") {
    var li = el("li"); li.appendChild(line("#555", false, 4)); li.appendChild(el("span", "name", words.chain));
    relationList.appendChild(li);
  }
  SRB.legend.relations.forEach(function (r) {
    var li = el("li"); li.dataset.rel = r.rel;
    li.appendChild(line(r.colour, r.dashed)); li.appendChild(el("span", "name", r.label));
    li.appendChild(el("span", "count", r.count.toLocaleString()));
    relationList.appendChild(li);
  });

  // highlight a node's neighbourhood; everything else fades
  var FADED = {background: "#eeeeee", border: "#dddddd", highlight: {background: "#eeeeee", border: "#dddddd"},
               hover: {background: "#eeeeee", border: "#dddddd"}};
  function highlight(id) {
    var keep = {}; keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var keepEdges = {};
    network.getConnectedEdges(id).forEach(function (e) { keepEdges[e] = true; });
    nodes.update(NODES.map(function (n) {
      return keep[n.id] ? {id: n.id, color: original[n.id].color, font: {color: "#222222"}}
                        : {id: n.id, color: FADED, font: {color: "rgba(0,0,0,0.18)"}};
    }));
    edges.update(EDGES.map(function (e) {
      return keepEdges[e.id] ? {id: e.id, hidden: false, font: {color: "#444444"}}
                             : {id: e.id, hidden: false, color: {color: "#eeeeee", opacity: 0.5}, font: {color: "rgba(0,0,0,0)"}};
    }));
    state.highlighted = Object.keys(keep).sort();
  }
  function reset() {
    nodes.update(NODES.map(function (n) { return {id: n.id, color: original[n.id].color, font: {color: "#222222"}}; }));
    edges.update(EDGES.map(function (e) { return {id: e.id, color: originalEdges[e.id].color, font: {color: "#444444"}}; }));
    state.highlighted = null;
    network.unselectAll();
  }
  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); } else if (state.highlighted) { reset(); }
  });

  // search: a list of every label (and id) to choose from; Enter picks the best match
  var options = document.getElementById("srb-options");
  var byKey = {};
  function fold(s) { return String(s).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").trim(); }
  NODES.slice().sort(function (a, b) { return a.srb.label.localeCompare(b.srb.label); }).forEach(function (n) {
    var o = document.createElement("option");
    o.value = n.srb.label; o.textContent = n.srb.cls;
    options.appendChild(o);
    [n.srb.label, n.srb.other, n.id].forEach(function (k) { if (k && !(fold(k) in byKey)) { byKey[fold(k)] = n.id; } });
  });
  function find(text) {
    var key = fold(text);
    if (!key) { return null; }
    if (key in byKey) { return byKey[key]; }
    var hit = null;
    Object.keys(byKey).some(function (k) { if (k.indexOf(key) >= 0) { hit = byKey[k]; return true; } return false; });
    return hit;
  }
  var status = document.getElementById("srb-status");
  function choose(text) {
    var id = find(text);
    if (!id) { status.textContent = words.notfound; return null; }
    status.textContent = "";
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false});
    highlight(id);
    return id;
  }
  state.choose = choose;
  var search = document.getElementById("srb-search");
  search.addEventListener("change", function () { choose(search.value); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { choose(search.value); } });
  document.getElementById("srb-reset").addEventListener("click", function () {
    search.value = ""; status.textContent = ""; reset(); network.fit({animation: false});
  });
})();
</script>
</body>
</html>
"""
