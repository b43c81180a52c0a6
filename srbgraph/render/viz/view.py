"""Which part of the graph to draw, with everything a reader sees about it.

:func:`build_view` reads the graph — an rdflib graph or any store — into :class:`~.facts.Facts`,
chooses the nodes and edges of the whole graph, of the neighbourhood of one entity (``focus``:
name and neighbourhood asked of the store, see :mod:`srbgraph.model.neighbourhood`) or of the
goal → need → obstacle → measure chains (``paths``), applies the class, theme and workshop filters,
and returns a :class:`View` of :class:`VizNode` and :class:`VizEdge`: labels, definitions, quotes,
the support, rationale, quotes and reviews of each link. Positions are left to :mod:`.layout`.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from ...errors import SrbError
from ...terms import SRB
from .facts import Facts, Review, rows_of_store, rows_of_terms
from .style import WORDS

#: Layers of the path view, left to right.
PATH_LAYERS = ("Goal", "DevelopmentNeed", "Obstacle", "Measure")
#: Relations of a path from a goal to a measure, and between goals.
CHAIN_RELATIONS = ("requires", "hinders", "addresses", "supports", "contributesTo", "fragmentOf", "basisFor")
#: Links to entities outside the view listed per node (the rest are counted)
OUTSIDE_LISTED = 40


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
    themes: list[str] = field(default_factory=list)  # ids of the themes it is linked to (or is)
    workshops: list[str] = field(default_factory=list)  # ids of the workshops it is linked to (or is)
    #: links to entities outside the view: (relation, "out" or "in", other id, other label)
    outside: list[tuple[str, str, str, str]] = field(default_factory=list)
    outside_more: int = 0  # further links outside the view, not listed
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
    assertion: str | None = None  # IRI of the link assertion
    rationale: dict[str, str] = field(default_factory=dict)  # language → the curation's rationale
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (quote, section) the link rests on
    reviews: list[Review] = field(default_factory=list)
    rejected: bool = False  # its reviewers reject it (drawn only with include_rejected)

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
    focus: str | None = None  # id of the focus entity
    depth: int | None = None  # depth of the focus view
    themes: list[tuple[str, str]] = field(default_factory=list)  # (id, label) of the themes nodes link to
    workshops: list[tuple[str, str]] = field(default_factory=list)  # (id, label), likewise
    verdicts: dict[str, str] = field(default_factory=dict)  # verdict (local name) → its label
    goal_classes: list[str] = field(default_factory=list)  # classes of the view that are goals
    #: relation (local name) → its label in the view's language, for every relation a node's
    #: panel names (the links drawn and those to entities outside the view)
    relation_names: dict[str, str] = field(default_factory=dict)

    def neighbours(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {n: set() for n in self.nodes}
        for e in self.edges:
            result[e.source].add(e.target)
            result[e.target].add(e.source)
        return result


def _resolve_classes(facts: Facts, names: Iterable[str]) -> set[str]:
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

    facts: Facts
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


def _filters(store, facts: Facts, adjacency: dict[str, set[str]], classes: Iterable[str],
             themes: Iterable[str], workshops: Iterable[str]) -> _Filters:
    from ...model.entities import resolve
    from ...terms import IRI

    def linked_to(names: Iterable[str], cls: str) -> set[str] | None:
        names = list(names)
        if not names:
            return None
        keep: set[str] = set()
        for name in names:
            iri = str(resolve(store, name, IRI(SRB + cls)))
            keep |= {iri} | adjacency[iri]
        return keep

    theme_keep = linked_to(themes, "Theme")
    workshop_keep = linked_to(workshops, "Workshop")
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
    focus: str | None = None  # IRI of the focus entity


def _select_paths(store, facts: Facts, paths: Sequence[str], filters: _Filters, lang: str) -> _Selection:
    """The members of the goal → need → obstacle → measure chains of *paths* (``[]``: every goal)."""
    from ...model.entities import resolve
    from ...model.paths import find_paths
    from ...terms import IRI

    found = [p for p in find_paths(store, list(paths), lang=lang) if p.kind != "indicator"]
    chosen: set[str] = set()
    chain_edges: set[tuple[str, str, str]] = set()
    for p in found:
        members = [str(n.iri) for n in p.nodes]
        if not filters.keeps_chain(members):
            continue
        chosen.update(m for m in members if filters.of_class(m))
        chain_edges.update(hop.link for hop in p.hops)
    layers = {iri: next(i for i, top in enumerate(PATH_LAYERS) if facts.is_a(facts.types[iri], {top}))
              for iri in chosen}
    title = WORDS[lang]["paths"]
    if paths:
        title += ": " + ", ".join(facts.label(str(resolve(store, g, IRI(SRB + "Goal"))), lang) for g in paths)
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


def _focus_facts(store, focus: str, depth: int, rejected: bool) -> tuple[Facts, str, dict[str, int]]:
    """The facts of the neighbourhood of *focus* (id or label), its IRI and the distances (over
    rejected links, too, with *rejected*). An rdflib graph is read whole (its SPARQL is slow); any
    other store is asked for the name, the neighbourhood and what the picture needs of it
    (:mod:`srbgraph.model.neighbourhood`)."""
    from ...model.entities import resolve
    from ...model.neighbourhood import described, within
    from ...stores.rdflib_store import RdflibStore

    start = str(resolve(store, focus))
    if isinstance(store, RdflibStore):
        facts = Facts(rows_of_store(store))
        depths = _distances(facts.adjacency(rejected), start, depth) if start in facts.individuals else {}
    else:
        depths = within(store, start, depth, rejected=rejected)
        facts = Facts(rows_of_terms(described(store, depths)))
    if start not in facts.individuals:
        raise SrbError(f"'{focus}' is evidence, not an entity of the graph; give the entity it belongs to")
    return facts, start, depths


def _select_focus(facts: Facts, start: str, depths: dict[str, int], depth: int, filters: _Filters,
                  lang: str) -> _Selection:
    """The entity *start* (an IRI) and what lies within *depth* links of it (*depths*)."""
    chosen = {iri for iri in depths if iri == start or filters.passes(iri)}
    title = WORDS[lang]["focus"].format(label=facts.label(start, lang), depth=depth)
    return _Selection("focus", chosen, title, depths=depths, focus=start)


# ---------------------------------------------------------------------------------------------
# Nodes and edges of the chosen individuals
# ---------------------------------------------------------------------------------------------

def _node(facts: Facts, iri: str, adjacency: dict[str, set[str]]) -> VizNode:
    cls = facts.types.get(iri, "Entity")
    labels, definitions = facts.labels.get(iri, {}), facts.definitions.get(iri, {})
    around = adjacency.get(iri, set()) | {iri}

    def linked(kind: str) -> list[str]:
        return sorted(facts.ident(n) for n in around if facts.is_a(facts.types.get(n, ""), {kind}))

    return VizNode(
        id=facts.ident(iri), iri=iri, cls=cls,
        label_de=labels.get("de", ""), label_en=labels.get("en", "") or labels.get("", ""),
        class_de=facts.term_label(cls, "de"), class_en=facts.term_label(cls, "en"),
        definition_de=definitions.get("de", ""), definition_en=definitions.get("en", ""),
        evidence=list(facts.evidence.get(iri, [])), themes=linked("Theme"), workshops=linked("Workshop"),
    )


def _edge(facts: Facts, link: tuple[str, str, str], chain: bool, rejected: bool) -> VizEdge:
    s, p, o = link
    assertion = facts.assertions.get(link)
    return VizEdge(facts.ident(s), facts.ident(o), p, facts.term_label(p, "de"), facts.term_label(p, "en"),
                   chain=chain, support=facts.support.get(assertion) if assertion else None,
                   assertion=assertion, rationale=dict(facts.rationale.get(assertion, {})) if assertion else {},
                   evidence=list(facts.evidence.get(assertion, [])) if assertion else [],
                   reviews=facts.reviews(assertion) if assertion else [], rejected=rejected)


def _edges(facts: Facts, selection: _Selection, include_rejected: bool) -> list[VizEdge]:
    """Every link between two chosen individuals; a link its reviewers reject (whether or not the
    graph still holds its direct triple) only with *include_rejected*."""
    chosen = selection.chosen
    links = {link for link in facts.links if link[0] in chosen and link[2] in chosen}
    links |= {link for link in facts.assertions if link[0] in chosen and link[2] in chosen}
    edges = []
    for link in sorted(links):
        assertion = facts.assertions.get(link)
        rejected = assertion is not None and facts.rejected(assertion)
        if link not in facts.links and not rejected:
            continue  # an assertion whose link the graph does not hold, and no review rejects: not drawn
        if rejected and not include_rejected:
            continue
        edges.append(_edge(facts, link, link in selection.chain_edges, rejected))
    return edges


def _outside(facts: Facts, nodes: dict[str, VizNode], chosen: set[str], lang: str) -> None:
    """Each node's links to entities outside the view (listed up to OUTSIDE_LISTED, then counted)."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    for s, p, o in sorted(facts.links):
        for here, there, direction in ((s, o, "out"), (o, s, "in")):
            if here in chosen and there not in chosen and there in facts.individuals:
                found.setdefault(here, []).append((p, direction, facts.ident(there), facts.label(there, lang)))
    for iri, links in found.items():
        node = nodes[facts.ident(iri)]
        node.outside = links[:OUTSIDE_LISTED]
        node.outside_more = max(0, len(links) - OUTSIDE_LISTED)


def _nodes_and_edges(facts: Facts, selection: _Selection, lang: str,
                     include_rejected: bool) -> tuple[dict[str, VizNode], list[VizEdge]]:
    """The chosen nodes in id order, and the links between two of them (see :func:`_edges`)."""
    adjacency = facts.adjacency()
    nodes: dict[str, VizNode] = {}
    for iri in sorted(selection.chosen, key=facts.ident):
        node = _node(facts, iri, adjacency)
        node.layer = selection.layers.get(iri)
        node.depth = selection.depths.get(iri)
        nodes[node.id] = node
    _outside(facts, nodes, selection.chosen, lang)
    return nodes, _edges(facts, selection, include_rejected)


def _linked_entities(facts: Facts, nodes: dict[str, VizNode], attribute: str, lang: str) -> list[tuple[str, str]]:
    """(id, label) of the themes or workshops the nodes link to, by label."""
    from ...terms import SRBR

    ids = {i for node in nodes.values() for i in getattr(node, attribute)}
    return sorted(((i, facts.label(SRBR + i, lang)) for i in ids), key=lambda pair: (pair[1].lower(), pair[0]))


def _verdicts(facts: Facts, edges: list[VizEdge], lang: str) -> dict[str, str]:
    """The label of every verdict of the vocabulary and of the reviews drawn (local name → label)."""
    names = {"confirmed", "rejected", "unclear"} | {r.verdict for e in edges for r in e.reviews}
    return {name: facts.term_label(name, lang) or name for name in sorted(names)}


def _check_arguments(focus: str | None, depth: int, paths: Sequence[str] | None, lang: str) -> None:
    if lang not in WORDS:
        raise SrbError(f"unknown language '{lang}' (use de or en)")
    if focus is not None and paths is not None:
        raise SrbError("give either --focus or --paths, not both")
    if depth < 0:
        raise SrbError("--depth must be 0 or more")


def build_view(
    source,
    *,
    focus: str | None = None,
    depth: int = 1,
    paths: Sequence[str] | None = None,
    classes: Iterable[str] = (),
    themes: Iterable[str] = (),
    workshops: Iterable[str] = (),
    lang: str = "de",
    include_rejected: bool = False,
) -> View:
    """The part of *source* (an rdflib graph or a :class:`~srbgraph.stores.base.Store`) to draw.

    * default: every individual except evidence, link assertions and reviews (their content goes
      to the nodes and edges they describe) and every ``srb:`` relation between them;
    * ``focus``: the entity (id or label) and what lies within *depth* links of it (on a store,
      only this neighbourhood is read; with ``include_rejected``, over rejected links, too);
    * ``paths``: the goal → need → obstacle → measure subgraph of the given goals (``[]``: every
      goal), the edges of the chains marked ``chain``;
    * ``classes``: keep only individuals of these classes (names or labels; subclasses count);
    * ``themes`` / ``workshops``: keep only the theme or workshop and the entities linked to it
      directly; in the path view, keep the chains with such an entity;
    * ``include_rejected``: draw the links that their reviewers reject, too (marked ``rejected``).
    """
    from ...model.paths import collector_paused
    from ...stores.select import as_store

    _check_arguments(focus, depth, paths, lang)
    store = as_store(source)
    with collector_paused():
        if focus is not None:
            facts, start, depths = _focus_facts(store, focus, depth, include_rejected)
        else:
            facts = Facts(rows_of_store(store))
    adjacency = facts.adjacency()
    filters = _filters(store, facts, adjacency, classes, themes, workshops)
    if paths is not None:
        selection = _select_paths(store, facts, paths, filters, lang)
    elif focus is not None:
        selection = _select_focus(facts, start, depths, depth, filters, lang)
    else:
        selection = _Selection("whole", {iri for iri in facts.individuals if filters.passes(iri)},
                               WORDS[lang]["whole"])
    nodes, edges = _nodes_and_edges(facts, selection, lang, include_rejected)
    if not nodes:
        raise SrbError("nothing to show: the filters leave no node")
    words = WORDS[lang]
    full_title = (f"{words['title']} — {selection.title} "
                  f"({len(nodes):,} {words['nodes']}, {len(edges):,} {words['edges']})")
    return View(nodes, edges, selection.kind, lang, full_title,
                focus=facts.ident(selection.focus) if selection.focus else None,
                depth=depth if selection.kind == "focus" else None,
                themes=_linked_entities(facts, nodes, "themes", lang),
                workshops=_linked_entities(facts, nodes, "workshops", lang),
                verdicts=_verdicts(facts, edges, lang),
                goal_classes=sorted({n.cls for n in nodes.values() if facts.is_a(n.cls, {"Goal"})}),
                relation_names=_relation_names(facts, nodes, edges, lang))


def _relation_names(facts: Facts, nodes: dict[str, VizNode], edges: list[VizEdge], lang: str) -> dict[str, str]:
    """The label in *lang* of every relation drawn or listed as a link outside the view (the
    ontology's ``rdfs:label``; the local name only where the ontology has none)."""
    relations = {e.relation for e in edges} | {link[0] for node in nodes.values() for link in node.outside}
    return {rel: facts.term_label(rel, lang) or rel for rel in sorted(relations)}
