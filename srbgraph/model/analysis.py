"""Gap analysis and ranking over the path network (named queries + networkx)."""
from __future__ import annotations

from dataclasses import dataclass

from ..stores.select import as_store
from ..terms import SRB, Literal, local_id
from . import catalogue as queries

#: the named queries that find gaps (their names are the kinds of gap); each gap is an open end of
#: the path view: an obstacle or need where a path stops, an entity no path reaches
GAP_QUERIES = ("obstacles-without-measure", "obstacles-without-goal", "needs-without-obstacle", "needs-without-goal",
               "goals-without-indicators", "indicators-without-goal", "measures-without-path")


#: kind of gap → the links that would close it, as (relation, end): the rejected links that would
#: close a gap of that kind are those of the relation whose end (``source`` or ``target``) is the
#: entity of the gap
GAP_LINKS = {"obstacles-without-measure": (("addresses", "target"),),
             "obstacles-without-goal": (("hinders", "source"),),
             "needs-without-obstacle": (("hinders", "target"),),
             "needs-without-goal": (("requires", "target"),),
             "goals-without-indicators": (("measuredBy", "source"),),
             "indicators-without-goal": (("measuredBy", "target"),),
             "measures-without-path": (("addresses", "source"), ("supports", "source"))}


@dataclass
class Gap:
    kind: str  # the named query that found it
    id: str
    label: str
    cls: str = ""  # goals-without-indicators: the goal's class (its label in the language asked for, else its local name)
    rejected: tuple[str, ...] = ()  # with include_rejected: ids of the rejected links that would close it


def gaps(source, lang: str = "de", support: str = "any", include_rejected: bool = False) -> list[Gap]:
    """The open ends of the paths: obstacles no measure addresses, obstacles that hinder nothing,
    needs no obstacle hinders, needs no goal requires, goals without indicators, indicators no
    goal is measured by, measures on no path (neither addressing an obstacle nor supporting a
    goal); with *support* ``stated`` only the links the documentation states count (so a link the
    curation read does not close a gap).

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
            if name == "goals-without-indicators":
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
        for kind, ends in GAP_LINKS.items():
            for relation, end in ends:
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


def goals_reached(paths) -> dict[str, set[str]]:
    """IRI → the goals whose paths pass it (their own goal; indicators and goal links aside), so
    that ``rank`` counts the paths ``paths`` shows."""
    from .paths import PATH_KINDS

    reached: dict[str, set[str]] = {}
    for path in paths:
        if path.kind in PATH_KINDS:
            for node in path.nodes:
                reached.setdefault(node.iri, set()).add(path.goal.iri)
    return reached


def rank(source, lang: str = "de", kinds: tuple[str, ...] = ("Obstacle", "Measure"),
         support: str = "any", include_rejected: bool = False) -> list[Ranked]:
    """Obstacles and measures by reach: the goals whose paths pass them (as ``paths`` shows them),
    then betweenness centrality in the (undirected) path network; with *support* ``stated`` in the
    network of stated links only; with *include_rejected* the links the reviewers rejected count again, and each entity says how many
    of its links are such (:attr:`Ranked.rejected`)."""
    import networkx as nx

    from .paths import find_paths
    from .rejected import find_paths_with_rejected

    store = as_store(source)
    graph = path_network(store, support, include_rejected)
    listing = (find_paths_with_rejected if include_rejected else find_paths)(store, lang=lang, support=support)
    reached = goals_reached(listing)
    centrality = nx.betweenness_centrality(graph.to_undirected(), normalized=True)
    labels = {str(r[0]): str((r[2] if lang == "de" else r[3]) or "")
              for r in store.select(queries.named("individuals").text).rows}
    ranked = [
        Ranked(local_id(node), labels.get(node, local_id(node)), data["kind"],
               len(reached.get(node, ())), round(centrality.get(node, 0.0), 4), graph.degree(node),
               sum(1 for edge in (*graph.in_edges(node, data=True), *graph.out_edges(node, data=True))
                   if edge[2]["rejected"]))
        for node, data in graph.nodes(data=True) if data["kind"] in kinds
    ]
    ranked.sort(key=lambda r: (-r.goals, -r.betweenness, r.label.lower()))
    return ranked
