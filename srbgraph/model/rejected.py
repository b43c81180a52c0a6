"""Paths with the links the reviewers rejected taken back (``--include-rejected``).

A rejected link keeps its assertion (``owl:deprecated true``) but has no direct triple, so the path
queries, which follow the direct triples, pass it by. To take it back this module does not keep a
second form of each path query (every hop a UNION of the triple and the deprecated assertion: one
more query text per store to keep equal, and a slower plan on a large graph for an answer rarely
asked for). It reads the network as edges — the query ``path-edges`` (the network ``rank`` uses)
plus the query ``rejected-links`` — and assembles the rows of ``path-ids`` and ``goal-links`` from
them exactly as those queries find them; :func:`~srbgraph.model.paths.paths_of_rows` makes the paths.
``tests/test_review.py`` holds the assembly to the queries' answer on a graph without rejected links.
Both queries are plain SPARQL, so every store gives the same answer; where nothing was rejected the
usual path queries answer.

It also says why an answer looks as it does: :func:`why_empty` why a question for paths found
none, :func:`open_ends` what stands beside a path that ends at an obstacle no measure addresses —
the documentation's own statement about it (the quote of the finding the obstacle was drawn from,
``prov:wasDerivedFrom``: "konkrete Lösungsstrategien wurden nicht angesprochen") and the measures
that serve the same goals — so that an open end reads as a finding, not as an error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

from ..stores.select import as_store
from ..terms import IRI, SRB, Literal, local_id
from . import catalogue as queries
from .entities import ENTITY_KINDS, Node
from .paths import (
    GOAL_LINKS,
    STATED,
    SUBJECT_ABOVE,
    Path,
    filter_ends,
    find_paths,
    paths_of_rows,
    paths_through,
    through,
    with_support,
)

#: the classes of the goals a path starts at (the subclasses of srb:Goal in the ontology)
GOAL_CLASSES = frozenset({"GuidingGoal", "ActionGoal", "GoalFragment"})
PATH_HOPS = ("requires", "hinders", "addresses", "supports", "measuredBy", *GOAL_LINKS)


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


def paths_with_rejected(source, lang: str = "de") -> list[Path] | None:
    """Every path over the kept and the rejected links, sorted as :func:`find_paths` sorts; None
    when no path link was rejected (the usual answer is then the whole answer)."""
    store = as_store(source)
    rejected = [r for r in rejected_links(store) if r.relation in PATH_HOPS]
    return assembled_paths(store, rejected, lang) if rejected else None


def assembled_paths(source, rejected: list[RejectedLink], lang: str = "de") -> list[Path]:
    """Every path and goal link over the kept links and *rejected*, assembled from the edges as
    the queries ``path-ids`` and ``goal-links`` find them, sorted as
    :func:`~srbgraph.model.paths.find_paths` sorts."""
    store = as_store(source)
    rows = [(src, _local(sc), _local(rel), dst, _local(dc), _local(level))
            for src, sc, rel, dst, dc, level in store.select_values(queries.named("path-edges").text)]
    rows += [(r.source, r.source_class, r.relation, r.target, r.target_class, r.support) for r in rejected
             if r.source_class is not None and r.target_class is not None]
    below: dict[str, dict[str, list[str]]] = {name: {} for name in PATH_HOPS}  # relation → upper → lowers
    goals, supports, link_rows, classes = set(), {}, [], {}
    for src, src_class, relation, dst, dst_class, level in rows:
        goals.update(end for end, cls in ((src, src_class), (dst, dst_class)) if cls in GOAL_CLASSES)
        classes.update(((src, src_class), (dst, dst_class)))
        if relation not in PATH_HOPS:
            continue
        supports[(src, relation, dst)] = level
        upper, lower = (src, dst) if relation in SUBJECT_ABOVE else (dst, src)
        if relation in ("measuredBy", *GOAL_LINKS):
            link_rows.append((upper, relation, lower))
        elif lower not in below[relation].setdefault(upper, []):
            below[relation][upper].append(lower)

    def under(relation: str, upper: str) -> list:
        return sorted(below[relation].get(upper, []))

    path_rows = []
    for goal in sorted(goals):
        for obstacle in under("hinders", goal):
            path_rows += [(goal, None, obstacle, m) for m in under("addresses", obstacle) or [None]]
        for need in under("requires", goal):
            path_rows += [(goal, need, o, m) for o in under("hinders", need) or [None]
                          for m in (under("addresses", o) if o else []) or [None]]
        path_rows += [(goal, None, None, m) for m in under("supports", goal)]
    # the paths no goal reaches (as the query "paths-without-goal" finds them)
    required = {need for needs in below["requires"].values() for need in needs}
    hindering = {o for lowers in below["hinders"].values() for o in lowers}
    for need in sorted(u for u in below["hinders"] if classes.get(u) == "DevelopmentNeed" and u not in required):
        path_rows += [(None, need, o, m) for o in under("hinders", need) for m in under("addresses", o) or [None]]
    for obstacle in sorted(u for u in below["addresses"] if u not in hindering):
        path_rows += [(None, None, obstacle, m) for m in under("addresses", obstacle)]
    labels = dict(store.select_values(queries.named("labels").text, {"lang": Literal(lang)}))
    return paths_of_rows(path_rows, link_rows, labels, supports)


def _iri(store, name, cls: str) -> str:
    from .entities import resolve

    return str(name) if isinstance(name, IRI) else str(resolve(store, name, IRI(SRB + cls)))


def find_paths_with_rejected(source, goals: Iterable[str] = (), *, obstacle=None, measure=None,
                             lang: str = "de", support: str = "any") -> list[Path]:
    """:func:`~srbgraph.model.paths.find_paths` over the kept and the rejected links."""
    store = as_store(source)
    every = paths_with_rejected(store, lang)
    if every is None:
        return find_paths(store, goals, obstacle=obstacle, measure=measure, lang=lang, support=support)
    if goals:
        every = through(every, [("goal", _iri(store, goal, "Goal")) for goal in goals])
        return with_support(filter_ends(store, every, obstacle, measure), support)
    # the paths through an obstacle or to a measure climb to the goals above theirs
    return with_support(filter_ends(store, every, obstacle, measure, every=every), support)


def paths_through_with_rejected(source, names: Iterable[str], *, lang: str = "de", support: str = "any",
                                on_replaced=None) -> tuple[list[Path], list[str]]:
    """``(paths, kinds)`` as :func:`~srbgraph.model.paths.paths_through` gives them, over the kept
    and the rejected links."""
    from .entities import resolve_any

    store = as_store(source)
    every = paths_with_rejected(store, lang)
    if every is None:
        return paths_through(store, names, lang=lang, support=support, on_replaced=on_replaced)
    wanted = [resolve_any(store, name, ENTITY_KINDS, on_replaced=on_replaced, lang=lang) for name in names]
    return (with_support(through(every, wanted), support, {str(iri) for _kind, iri in wanted}),
            [kind for kind, _iri in wanted])


class EmptyAnswer(NamedTuple):
    """Why a question for paths found none: what was asked for, and what else there is."""

    entities: list[Node]  # the named entities (with their kind and label)
    support: str  # the support asked for
    interpreted: int  # the paths there are when interpreted links count too (with support "stated")
    rejected: int  # the links its reviewers rejected that touch the named entities (or any, without names)


def why_empty(source, names: Iterable[str], support: str, lang: str = "de") -> EmptyAnswer:
    """What to say when the paths through *names* (or all paths) with *support* are none."""
    from ..terms import SRBR
    from .entities import resolve_any

    store = as_store(source)
    wanted = [resolve_any(store, name, ENTITY_KINDS, lang=lang) for name in names]
    iris = {str(iri) for _kind, iri in wanted}
    labels = dict(store.select_values(queries.named("labels").text, {"lang": Literal(lang)},
                                      values=(["entity"], [[IRI(i)] for i in iris]))) if iris else {}
    entities = [Node(str(iri), str(iri).removeprefix(SRBR), labels.get(str(iri), ""), kind) for kind, iri in wanted]
    interpreted = 0
    if support == STATED:
        interpreted = len(paths_through(store, names, lang=lang)[0] if names else find_paths(store, lang=lang))
    rejected = sum(1 for link in rejected_links(store) if not iris or {link.source, link.target} & iris)
    return EmptyAnswer(entities, support, interpreted, rejected)


class OpenEnd(NamedTuple):
    """An obstacle (or need) where paths end without a measure, and what stands beside it."""

    entity: Node
    #: what the documentation itself says about it: ``(finding id, finding label, quote)``
    statements: list[tuple[str, str, str]]
    #: the goals its paths start from, each with the measures that serve it on other paths
    goals: list[tuple[Node, list[Node]]]


_DERIVED = """PREFIX srb:  <https://w3id.org/srbgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?finding ?labelDe ?labelEn ?quote WHERE {
  ?entity a/rdfs:subClassOf* ?class ; prov:wasDerivedFrom ?finding .
  VALUES ?class { srb:Obstacle srb:DevelopmentNeed }
  ?finding a/rdfs:subClassOf* srb:Finding ; srb:hasEvidence ?evidence .
  ?evidence srb:quote ?quote .
  OPTIONAL { ?finding rdfs:label ?labelDe . FILTER(lang(?labelDe) = "de") }
  OPTIONAL { ?finding rdfs:label ?labelEn . FILTER(lang(?labelEn) = "en") }
}
ORDER BY ?entity ?finding ?evidence"""
#: how many measures are named per goal (the rest: ``srbgraph paths GOAL``)
SHOWN_MEASURES = 5


def open_ends(source, paths: list[Path], lang: str = "de", support: str = "any") -> list[OpenEnd]:
    """For every obstacle or need where one of *paths* ends without a measure: the documentation's
    own statement about it (the quotes of the findings it was derived from) and, for each goal of
    those paths, the measures on the other paths of that goal (read from the kept listing of every
    path; the statements are kept beside it where the store keeps results)."""
    store = as_store(source)
    ends: dict[str, tuple[Node, dict[str, Node]]] = {}
    for p in paths:
        if p.kind in ("need", "obstacle", "no-goal") and not p.complete and p.end.kind in ("need", "obstacle"):
            goals = ends.setdefault(p.end.iri, (p.end, {}))[1]
            goals.update((node.iri, node) for node in p.nodes if node.kind == "goal")
    if not ends:
        return []
    rows = store.remember("derived-statements", (_DERIVED,), lambda: [
        [str(e), str(f), _text(de), _text(en), str(q)] for e, f, de, en, q in store.select_values(_DERIVED)],
        to_rows=list, from_rows=list)
    every = with_support(find_paths(store, lang=lang), support)
    serving: dict[str, dict[str, Node]] = {}
    for p in every:
        if p.complete and p.goal is not None:
            serving.setdefault(p.goal.iri, {}).setdefault(p.measure.iri, p.measure)
    found = []
    for iri, (entity, goals) in ends.items():
        said = [(local_id(f), (en if lang == "en" else de) or de or en or "", q) for e, f, de, en, q in rows if e == iri]
        found.append(OpenEnd(entity, said, [(goal, sorted(serving.get(g, {}).values(), key=lambda n: (n.label(), n.iri)))
                                            for g, goal in goals.items()]))
    return found


def _text(value) -> str | None:
    return None if value is None else str(value)
