"""Gap analysis and ranking over the path network (named queries + networkx)."""
from __future__ import annotations

from dataclasses import dataclass

from ..stores.select import as_store
from ..terms import SRB, Literal, local_id
from . import catalogue as queries

#: the named queries that find gaps (their names are the kinds of gap)
GAP_QUERIES = ("obstacles-without-measure", "needs-without-goal", "goals-without-indicators",
               "indicators-without-goal", "measures-without-obstacle")


#: kind of gap → (relation, end): the rejected links that would close a gap of that kind are those
#: of the relation whose end (``source`` or ``target``) is the entity of the gap
GAP_LINKS = {"obstacles-without-measure": ("addresses", "target"), "needs-without-goal": ("requires", "target"),
             "goals-without-indicators": ("measuredBy", "source"), "indicators-without-goal": ("measuredBy", "target"),
             "measures-without-obstacle": ("addresses", "source")}


@dataclass
class Gap:
    kind: str  # the named query that found it
    id: str
    label: str
    goals: int | None = None  # measures-without-obstacle: the goals the measure supports
    cls: str = ""  # goals-without-indicators: the goal's class (its label in the language asked for, else its local name)
    rejected: tuple[str, ...] = ()  # with include_rejected: ids of the rejected links that would close it


def gaps(source, lang: str = "de", support: str = "any", include_rejected: bool = False) -> list[Gap]:
    """Obstacles no measure addresses, needs no goal requires, goals without indicators, indicators
    no goal is measured by, measures that address no obstacle; with *support* ``stated`` only the
    links the documentation states count (so a link the curation read does not close a gap).

    A link the reviewers rejected closes no gap. With *include_rejected* each gap that a rejected
    link would close names that link (:attr:`Gap.rejected`): the answer shows what the rejections
    opened."""
    store = as_store(source)
    found = []
    for name in GAP_QUERIES:
        query = queries.named(name)
        result = store.select(query.text, {"lang": Literal(lang), "support": Literal(support)})
        for row in result.rows:
            gap = Gap(name, local_id(str(row[0])), str(row[1] or ""))
            if name == "measures-without-obstacle":
                gap.goals = int(row[2])
            elif name == "goals-without-indicators":
                gap.cls = str(row[3] or "") or str(row[2])[len(SRB):]
            found.append(gap)
    if include_rejected:
        _mark_rejected(store, found, support)
    return found


def _mark_rejected(store, found: list[Gap], support: str) -> None:
    """Name in each gap of *found* the rejected links (of the *support* asked for) that would close it."""
    from .rejected import rejected_links

    closing: dict[tuple[str, str], list[str]] = {}
    for link in rejected_links(store):
        if support == "stated" and link.support != "stated":
            continue
        for kind, (relation, end) in GAP_LINKS.items():
            if link.relation == relation:
                entity = link.target if end == "target" else link.source
                closing.setdefault((kind, local_id(entity)), []).append(link.id)
    for gap in found:
        gap.rejected = tuple(sorted(closing.get((gap.kind, gap.id), ())))


@dataclass
class Ranked:
    id: str
    label: str
    kind: str  # Obstacle or Measure
    goals: int  # goals reached (hindered, or served)
    betweenness: float
    degree: int
    rejected: int = 0  # with include_rejected: the rejected links among its links


def path_network(source, support: str = "any", include_rejected: bool = False):
    """The goal/need/obstacle/measure network as a networkx DiGraph (node attribute ``kind``, edge
    attributes ``relation``, ``support`` and ``rejected``); with *support* ``stated`` only the
    stated links; with *include_rejected* also the links the reviewers rejected (``rejected`` True),
    which otherwise are not in it (they have no direct triple)."""
    import networkx as nx

    store = as_store(source)
    graph = nx.DiGraph()
    edges = [(str(src), str(src_cls)[len(SRB):], str(relation)[len(SRB):], str(dst), str(dst_cls)[len(SRB):],
              str(level)[len(SRB):] if level is not None else None, False)
             for src, src_cls, relation, dst, dst_cls, level in store.select(queries.named("path-edges").text).rows]
    if include_rejected:
        from .rejected import rejected_links

        edges += [(r.source, r.source_class, r.relation, r.target, r.target_class, r.support, True)
                  for r in rejected_links(store) if r.source_class and r.target_class
                  and r.relation in ("requires", "hinders", "addresses", "supports") and r.target_class != "Indicator"]
    for src, src_cls, relation, dst, dst_cls, level, rejected in edges:
        if support == "stated" and level != "stated":
            continue
        graph.add_node(src, kind=src_cls)
        graph.add_node(dst, kind=dst_cls)
        graph.add_edge(src, dst, relation=relation, support=level, rejected=rejected)
    return graph


def _goals_reached(graph, node: str) -> set[str]:
    """Goals a node reaches along the direction of the paths (measure → obstacle → need ← goal)."""
    goal_kinds = {"GuidingGoal", "ActionGoal", "GoalFragment"}
    reached, todo, seen = set(), [node], {node}
    while todo:
        current = todo.pop()
        for _, target, data in graph.out_edges(current, data=True):
            kind = graph.nodes[target]["kind"]
            if kind in goal_kinds:
                reached.add(target)
            elif kind == "DevelopmentNeed":
                reached.update(g for g, _ in graph.in_edges(target) if graph.nodes[g]["kind"] in goal_kinds)
            elif target not in seen:
                seen.add(target)
                todo.append(target)
    return reached


def rank(source, lang: str = "de", kinds: tuple[str, ...] = ("Obstacle", "Measure"),
         support: str = "any", include_rejected: bool = False) -> list[Ranked]:
    """Obstacles and measures by reach: goals touched, then betweenness centrality in the
    (undirected) path network; with *support* ``stated`` in the network of stated links only; with
    *include_rejected* the links the reviewers rejected count again, and each entity says how many
    of its links are such (:attr:`Ranked.rejected`)."""
    import networkx as nx

    store = as_store(source)
    graph = path_network(store, support, include_rejected)
    centrality = nx.betweenness_centrality(graph.to_undirected(), normalized=True)
    labels = {str(r[0]): str((r[2] if lang == "de" else r[3]) or "")
              for r in store.select(queries.named("individuals").text).rows}
    ranked = [
        Ranked(local_id(node), labels.get(node, local_id(node)), data["kind"],
               len(_goals_reached(graph, node)), round(centrality.get(node, 0.0), 4), graph.degree(node),
               sum(1 for edge in (*graph.in_edges(node, data=True), *graph.out_edges(node, data=True))
                   if edge[2]["rejected"]))
        for node, data in graph.nodes(data=True) if data["kind"] in kinds
    ]
    ranked.sort(key=lambda r: (-r.goals, -r.betweenness, r.label.lower()))
    return ranked
