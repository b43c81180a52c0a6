"""Which part of the graph to draw, with everything a reader sees about it.

:func:`build_view` reads the rdflib graph in one pass (:class:`_Facts`), chooses the nodes and
edges of the whole graph, of the neighbourhood of one entity (``focus``) or of the goal → need →
obstacle → measure chains (``paths``), applies the class, theme and workshop filters, and returns a
:class:`View` of :class:`VizNode` and :class:`VizEdge`. Positions are left to :mod:`.layout`.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from ...errors import SrbError
from .style import WORDS

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: Layers of the path view, left to right.
PATH_LAYERS = ("Goal", "DevelopmentNeed", "Obstacle", "Measure")
#: Relations of a goal → need → obstacle → measure chain.
CHAIN_RELATIONS = ("requires", "hinders", "addresses")


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
    figures: dict | None = None  # a region's linked figures: {"title", "lines"} (render/viz/figures.py)

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
    support: str | None = None  # how the source supports the link: stated, interpreted (None: not said)

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

        from ...curated.vocabulary import SRB, SRBR

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
        reified: dict[str, dict[str, str]] = defaultdict(dict)  # link assertions: part → value
        self.rationale: dict[str, dict[str, str]] = defaultdict(dict)
        parts = {RDF.subject: "s", RDF.predicate: "p", RDF.object: "o", SRB.support: "support"}
        for s, p, o in graph:
            s_text = str(s)
            if p in parts:
                reified[s_text][parts[p]] = str(o)
            elif p == SRB.rationale:
                self.rationale[s_text][getattr(o, "language", None) or ""] = str(o)
            elif p == RDF.type:
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
                            if iri.startswith(srbr) and cls not in ("Evidence", "Assertion")}
        #: (subject, relation, object) → (assertion IRI, support level) of every path link
        self.assertions = {(r["s"], r["p"][len(srb):], r["o"]): (iri, r.get("support", "")[len(srb):] or None)
                           for iri, r in reified.items() if {"s", "p", "o"} <= set(r) and r["p"].startswith(srb)}
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

    def adjacency(self) -> dict[str, set[str]]:
        """Each individual's neighbours over the links between individuals, either direction."""
        adjacency: dict[str, set[str]] = defaultdict(set)
        for s, _p, o in self.links:
            if s in self.individuals and o in self.individuals:
                adjacency[s].add(o)
                adjacency[o].add(s)
        return adjacency


def _resolve_classes(facts: _Facts, names: Iterable[str]) -> set[str]:
    from difflib import get_close_matches

    from ...terms import fold

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


# ---------------------------------------------------------------------------------------------
# Choosing: the filters, then the whole graph, a neighbourhood or the chains
# ---------------------------------------------------------------------------------------------

@dataclass
class _Filters:
    """The ``classes``, ``themes`` and ``workshops`` filters of :func:`build_view`; ``None`` where
    a filter is not given."""

    facts: _Facts
    themes: set[str] | None  # the themes and the entities linked to them directly (IRIs)
    workshops: set[str] | None  # the workshops and the entities linked to them directly (IRIs)
    classes: set[str] | None  # class names; subclasses count

    def of_class(self, iri: str) -> bool:
        return self.classes is None or self.facts.is_a(self.facts.types[iri], self.classes)

    def passes(self, iri: str) -> bool:
        if not self.of_class(iri):
            return False
        if self.themes is not None and iri not in self.themes:
            return False
        return self.workshops is None or iri in self.workshops

    def keeps_chain(self, members: Sequence[str]) -> bool:
        """A chain stays when it holds an entity of each theme and workshop filter given."""
        if self.themes is not None and not any(m in self.themes for m in members):
            return False
        return self.workshops is None or any(m in self.workshops for m in members)


def _filters(graph: "Graph", facts: _Facts, adjacency: dict[str, set[str]], classes: Iterable[str],
             themes: Iterable[str], workshops: Iterable[str]) -> _Filters:
    from ...curated.vocabulary import SRB
    from ...model.entities import resolve

    def linked_to(names: Iterable[str], cls) -> set[str] | None:
        names = list(names)
        if not names:
            return None
        keep: set[str] = set()
        for name in names:
            iri = str(resolve(graph, name, cls))
            keep |= {iri} | adjacency[iri]
        return keep

    theme_keep = linked_to(themes, SRB.Theme)
    workshop_keep = linked_to(workshops, SRB.Workshop)
    wanted_classes = _resolve_classes(facts, classes) if classes else None
    return _Filters(facts, theme_keep, workshop_keep, wanted_classes)


@dataclass
class _Selection:
    """The chosen individuals (IRIs) of a view, its kind and title, and what the layout needs."""

    kind: str
    chosen: set[str]
    title: str
    layers: dict[str, int] = field(default_factory=dict)  # IRI → column of the path view
    depths: dict[str, int] = field(default_factory=dict)  # IRI → distance from the focus
    chain_edges: set[tuple[str, str, str]] = field(default_factory=set)  # (s, relation, o) IRIs


def _select_paths(graph: "Graph", facts: _Facts, paths: Sequence[str], filters: _Filters,
                  lang: str) -> _Selection:
    """The members of the goal → need → obstacle → measure chains of *paths* (``[]``: every goal)."""
    from ...curated.vocabulary import SRB
    from ...model.entities import resolve
    from ...model.paths import find_paths

    found = find_paths(graph, list(paths), lang=lang)
    chosen: set[str] = set()
    chain_edges: set[tuple[str, str, str]] = set()
    for p in found:
        members = [str(n.iri) for n in (p.goal, p.need, p.obstacle, p.measure) if n is not None]
        if not filters.keeps_chain(members):
            continue
        chosen.update(m for m in members if filters.of_class(m))
        goal, need, obstacle = str(p.goal.iri), p.need and str(p.need.iri), str(p.obstacle.iri)
        if need:
            chain_edges.add((goal, "requires", need))
            chain_edges.add((obstacle, "hinders", need))
        else:
            chain_edges.add((obstacle, "hinders", goal))
        if p.measure is not None:
            chain_edges.add((str(p.measure.iri), "addresses", obstacle))
    layers = {iri: next(i for i, top in enumerate(PATH_LAYERS) if facts.is_a(facts.types[iri], {top}))
              for iri in chosen}
    title = WORDS[lang]["paths"]
    if paths:
        title += ": " + ", ".join(facts.node(str(resolve(graph, g, SRB.Goal))).label(lang) for g in paths)
    return _Selection("paths", chosen, title, layers=layers, chain_edges=chain_edges)


def _distances(adjacency: dict[str, set[str]], start: str, depth: int) -> dict[str, int]:
    """Breadth first from *start*: every individual within *depth* links, with its distance."""
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
    return depths


def _select_focus(graph: "Graph", facts: _Facts, adjacency: dict[str, set[str]], focus: str, depth: int,
                  filters: _Filters, lang: str) -> _Selection:
    """The entity *focus* (id or label) and what lies within *depth* links of it."""
    from ...model.entities import resolve

    start = str(resolve(graph, focus))
    if start not in facts.individuals:
        raise SrbError(f"'{focus}' is evidence, not an entity of the graph; give the entity it belongs to")
    depths = _distances(adjacency, start, depth)
    chosen = {iri for iri in depths if iri == start or filters.passes(iri)}
    title = WORDS[lang]["focus"].format(label=facts.node(start).label(lang), depth=depth)
    return _Selection("focus", chosen, title, depths=depths)


def _nodes_and_edges(facts: _Facts, selection: _Selection) -> tuple[dict[str, VizNode], list[VizEdge]]:
    """The chosen nodes in id order, and every link between two of them (``hasEvidence`` aside)."""
    chosen = selection.chosen
    nodes: dict[str, VizNode] = {}
    for iri in sorted(chosen, key=facts.ident):
        node = facts.node(iri)
        node.layer = selection.layers.get(iri)
        node.depth = selection.depths.get(iri)
        nodes[node.id] = node
    edges = []
    for s, p, o in sorted(facts.links):
        if s in chosen and o in chosen and p != "hasEvidence":
            edges.append(VizEdge(facts.ident(s), facts.ident(o), p, facts.term_label(p, "de"),
                                 facts.term_label(p, "en"), chain=(s, p, o) in selection.chain_edges,
                                 support=facts.assertions.get((s, p, o), (None, None))[1]))
    return nodes, edges


def _check_arguments(focus: str | None, depth: int, paths: Sequence[str] | None, lang: str) -> None:
    if lang not in WORDS:
        raise SrbError(f"unknown language '{lang}' (use de or en)")
    if focus is not None and paths is not None:
        raise SrbError("give either --focus or --paths, not both")
    if depth < 0:
        raise SrbError("--depth must be 0 or more")


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
    _check_arguments(focus, depth, paths, lang)
    facts = _Facts(graph)
    adjacency = facts.adjacency()
    filters = _filters(graph, facts, adjacency, classes, themes, workshops)
    if paths is not None:
        selection = _select_paths(graph, facts, paths, filters, lang)
    elif focus is not None:
        selection = _select_focus(graph, facts, adjacency, focus, depth, filters, lang)
    else:
        selection = _Selection("whole", {iri for iri in facts.individuals if filters.passes(iri)},
                               WORDS[lang]["whole"])
    nodes, edges = _nodes_and_edges(facts, selection)
    if not nodes:
        raise SrbError("nothing to show: the filters leave no node")
    words = WORDS[lang]
    full_title = (f"{words['title']} — {selection.title} "
                  f"({len(nodes):,} {words['nodes']}, {len(edges):,} {words['edges']})")
    return View(nodes, edges, selection.kind, lang, full_title)
