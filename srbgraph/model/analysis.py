"""Gap analysis and ranking over the path network (named queries + networkx)."""
from __future__ import annotations

from dataclasses import dataclass

from ..stores.select import as_store
from ..terms import SRB, Literal, local_id
from . import catalogue as queries

#: the named queries that find gaps (their names are the kinds of gap)
GAP_QUERIES = ("obstacles-without-measure", "needs-without-goal", "goals-without-indicators",
               "indicators-without-goal", "measures-without-obstacle")


@dataclass
class Gap:
    kind: str  # the named query that found it
    id: str
    label: str
    goals: int | None = None  # measures-without-obstacle: the goals the measure supports
    cls: str = ""  # goals-without-indicators: the goal's class (local name)


def gaps(source, lang: str = "de", support: str = "any") -> list[Gap]:
    """Obstacles no measure addresses, needs no goal requires, goals without indicators, indicators
    no goal is measured by, measures that address no obstacle; with *support* ``stated`` only the
    links the documentation states count (so a link the curation read does not close a gap)."""
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
                gap.cls = str(row[2])[len(SRB):]
            found.append(gap)
    return found


@dataclass
class Ranked:
    id: str
    label: str
    kind: str  # Obstacle or Measure
    goals: int  # goals reached (hindered, or served)
    betweenness: float
    degree: int


def path_network(source, support: str = "any"):
    """The goal/need/obstacle/measure network as a networkx DiGraph (node attribute ``kind``, edge
    attributes ``relation`` and ``support``); with *support* ``stated`` only the stated links."""
    import networkx as nx

    store = as_store(source)
    graph = nx.DiGraph()
    for src, src_cls, relation, dst, dst_cls, level in store.select(queries.named("path-edges").text).rows:
        level = str(level)[len(SRB):] if level is not None else None
        if support == "stated" and level != "stated":
            continue
        graph.add_node(str(src), kind=str(src_cls)[len(SRB):])
        graph.add_node(str(dst), kind=str(dst_cls)[len(SRB):])
        graph.add_edge(str(src), str(dst), relation=str(relation)[len(SRB):], support=level)
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
         support: str = "any") -> list[Ranked]:
    """Obstacles and measures by reach: goals touched, then betweenness centrality in the
    (undirected) path network; with *support* ``stated`` in the network of stated links only."""
    import networkx as nx

    store = as_store(source)
    graph = path_network(store, support)
    centrality = nx.betweenness_centrality(graph.to_undirected(), normalized=True)
    labels = {str(r[0]): str((r[2] if lang == "de" else r[3]) or "")
              for r in store.select(queries.named("individuals").text).rows}
    ranked = [
        Ranked(local_id(node), labels.get(node, local_id(node)), data["kind"],
               len(_goals_reached(graph, node)), round(centrality.get(node, 0.0), 4), graph.degree(node))
        for node, data in graph.nodes(data=True) if data["kind"] in kinds
    ]
    ranked.sort(key=lambda r: (-r.goals, -r.betweenness, r.label.lower()))
    return ranked
