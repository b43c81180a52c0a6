"""Paths with the links the reviewers rejected taken back (``--include-rejected``).

A rejected link keeps its assertion (``owl:deprecated true``) but has no direct triple, so the path
queries, which follow the direct triples, pass it by. To take it back this module does not keep a
second form of each path query (every hop a UNION of the triple and the deprecated assertion: one
more query text per store to keep equal, and a slower plan on a large graph for an answer rarely
asked for). It reads the network as edges — the query ``path-edges`` (the network ``rank`` uses)
plus the query ``rejected-links`` — and assembles the paths from them exactly as the query
``path-links`` does: goal → (need the goal requires) → obstacle that hinders the goal or the need →
each measure that addresses the obstacle, or none. ``tests/test_review.py`` holds the assembly to
the query's answer on a graph without rejected links. Both queries are plain SPARQL, so every store
gives the same answer; where nothing was rejected the usual path queries answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..stores.select import as_store
from ..terms import IRI, SRB, Literal, local_id
from . import catalogue as queries
from .paths import Path, find_paths, paths_of_links, paths_through, with_support

#: the classes of the goals a path starts at (the subclasses of srb:Goal in the ontology)
GOAL_CLASSES = frozenset({"GuidingGoal", "ActionGoal", "GoalFragment"})
PATH_HOPS = ("requires", "hinders", "addresses")


@dataclass(frozen=True)
class RejectedLink:
    """A link its reviewers rejected, as its deprecated assertion states it."""

    source: str
    source_class: str | None
    relation: str
    target: str
    target_class: str | None
    support: str | None

    @property
    def id(self) -> str:
        return f"link/{local_id(self.source)}/{self.relation}/{local_id(self.target)}"


def _local(iri: str | None) -> str | None:
    return None if iri is None else iri[len(SRB):] if iri.startswith(SRB) else iri


def rejected_links(source) -> list[RejectedLink]:
    """Every link the reviewers rejected (query ``rejected-links``), once each."""
    found: dict[tuple, RejectedLink] = {}
    for (_assertion, src, src_class, relation, target, target_class,
         support) in as_store(source).select_values(queries.named("rejected-links").text):
        key = (src, relation, target)
        if key not in found or found[key].source_class is None or found[key].target_class is None:
            found[key] = RejectedLink(src, _local(src_class), _local(relation), target, _local(target_class),
                                      _local(support))
    return list(found.values())


def _network(store, rejected: list[RejectedLink]) -> tuple[dict, set]:
    """``(hops, goals)``: relation → source → {target: support} over the kept and the rejected
    links, and the goals among their ends."""
    hops: dict[str, dict[str, dict[str, str | None]]] = {name: {} for name in PATH_HOPS}
    goals: set[str] = set()
    rows = [(src, _local(sc), _local(rel), dst, _local(dc), _local(level))
            for src, sc, rel, dst, dc, level in store.select_values(queries.named("path-edges").text)]
    rows += [(r.source, r.source_class, r.relation, r.target, r.target_class, r.support) for r in rejected]
    for src, src_class, relation, dst, dst_class, level in rows:
        if src_class in GOAL_CLASSES:
            goals.add(src)
        if dst_class in GOAL_CLASSES:
            goals.add(dst)
        if relation in hops and src_class is not None and dst_class is not None:
            hops[relation].setdefault(src, {})[dst] = level
    return hops, goals


def paths_with_rejected(source, lang: str = "de") -> list[Path] | None:
    """Every path over the kept and the rejected links, sorted as :func:`find_paths` sorts; None
    when no path link was rejected (the usual answer is then the whole answer)."""
    store = as_store(source)
    rejected = [r for r in rejected_links(store) if r.relation in PATH_HOPS]
    return assembled_paths(store, rejected, lang) if rejected else None


def assembled_paths(source, rejected: list[RejectedLink], lang: str = "de") -> list[Path]:
    """Every path over the kept links and *rejected*, assembled from the edges as the query
    ``path-links`` assembles them (goal → need it requires, or the goal itself → obstacle that
    hinders it → each measure that addresses the obstacle, or none), sorted as
    :func:`~srbgraph.model.paths.find_paths` sorts."""
    store = as_store(source)
    hops, goals = _network(store, rejected)
    hindered_by: dict[str, dict[str, str | None]] = {}
    for obstacle, targets in hops["hinders"].items():
        for via, level in targets.items():
            hindered_by.setdefault(via, {})[obstacle] = level
    addressed_by: dict[str, dict[str, str | None]] = {}
    for measure, obstacles in hops["addresses"].items():
        for obstacle, level in obstacles.items():
            addressed_by.setdefault(obstacle, {})[measure] = level
    links = []
    for goal in sorted(goals):
        vias = [(goal, None), *sorted(hops["requires"].get(goal, {}).items())]
        for via, requires in vias:
            for obstacle, hinders in sorted(hindered_by.get(via, {}).items()):
                measures = sorted(addressed_by.get(obstacle, {}).items()) or [(None, None)]
                links += [(goal, via, obstacle, measure, requires, hinders, addresses)
                          for measure, addresses in measures]
    labels = dict(store.select_values(queries.named("labels").text, {"lang": Literal(lang)}))
    return paths_of_links(links, labels)


def _iri(store, name, cls: str) -> str:
    from .entities import resolve

    return str(name) if isinstance(name, IRI) else str(resolve(store, name, IRI(SRB + cls)))


def filter_paths(source, paths: list[Path], goals: Iterable[str], obstacle, measure) -> list[Path]:
    """Of *paths*, those that start at one of *goals*, pass *obstacle* and end at *measure* (each
    an id, a label or an IRI; None or empty: any), in their order."""
    store = as_store(source)
    starts = {_iri(store, goal, "Goal") for goal in goals}
    through = _iri(store, obstacle, "Obstacle") if obstacle else None
    ending = _iri(store, measure, "Measure") if measure else None
    return [p for p in paths if (not starts or p.goal.iri in starts)
            and (through is None or p.obstacle.iri == through)
            and (ending is None or (p.measure is not None and p.measure.iri == ending))]


def find_paths_with_rejected(source, goals: Iterable[str] = (), *, obstacle=None, measure=None,
                             lang: str = "de", support: str = "any") -> list[Path]:
    """:func:`~srbgraph.model.paths.find_paths` over the kept and the rejected links."""
    store = as_store(source)
    every = paths_with_rejected(store, lang)
    if every is None:
        return find_paths(store, goals, obstacle=obstacle, measure=measure, lang=lang, support=support)
    return with_support(filter_paths(store, every, list(goals), obstacle, measure), support)


def paths_through_with_rejected(source, names: Iterable[str], *, lang: str = "de",
                                support: str = "any") -> tuple[list[Path], list[str]]:
    """``(paths, kinds)`` as :func:`~srbgraph.model.paths.paths_through` gives them, over the kept
    and the rejected links."""
    from .entities import resolve_any

    store = as_store(source)
    every = paths_with_rejected(store, lang)
    if every is None:
        return paths_through(store, names, lang=lang, support=support)
    wanted = [resolve_any(store, name) for name in names]
    kinds = [kind for kind, _iri in wanted]

    def passes(path: Path) -> bool:
        return any(getattr(path, kind) is not None and getattr(path, kind).iri == str(iri) for kind, iri in wanted)

    return with_support([p for p in every if passes(p)], support), kinds
