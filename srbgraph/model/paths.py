"""Paths from a goal to a measure, each a sequence of hops with how the source supports it.

A path starts at a goal and runs down through what the graph has: goal → need (``requires``) →
obstacle (``hinders`` the need) → measure (``addresses`` the obstacle); goal → obstacle (``hinders``
the goal) → measure; or goal → measure (``supports``, a measure that serves the goal directly). A
path may end early — a need no obstacle hinders, an obstacle no measure addresses: an open gap.
Beside the paths hang the links of a goal that are not paths to a measure (:data:`GOAL_LINKS` and
``measuredBy``): a goal's indicators, and the goals above and below it — an action goal
contributes to the guiding goal, a fragment belongs to it, a goal is the basis for another. Each
is a one-hop path of its own kind, and a path through a goal runs on into the goals below it
(roll-up: the guiding goal's answer holds the paths of every goal that contributes to it).

Each hop is ``stated`` (the documentation connects the two ends), ``interpreted`` (the curation
does, with a rationale) or, in a graph without link assertions, unknown (None); a path is as strong
as its weakest hop (:attr:`Path.support`). The view of what the text states (:func:`stated_view`)
keeps the runs of stated hops, so that every stated link is shown and no interpreted one.

Works on any store (:mod:`srbgraph.stores`); an rdflib graph is accepted too.
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from typing import NamedTuple

from ..errors import SrbError
from ..stores.select import as_store
from ..terms import SRB, SRBR
from . import catalogue as queries
from .entities import _IS_A, ENTITY_KINDS, Node, _by_id, resolve, resolve_any

STATED, INTERPRETED = "stated", "interpreted"
#: support levels as the store gives them (IRIs) → their names
_LEVELS = {SRB + STATED: STATED, SRB + INTERPRETED: INTERPRETED, STATED: STATED, INTERPRETED: INTERPRETED}
SUPPORT_CHOICES = ("any", STATED)

#: the relations between two goals: the upper goal (the guiding goal, or the goal that is the basis)
#: and the lower one; a path through the upper goal runs on into the paths of the lower one
GOAL_LINKS = ("contributesTo", "fragmentOf", "basisFor")
#: every relation a path or a goal's link can have, in the order a goal's hops are shown
RELATIONS = ("requires", "hinders", "supports", "addresses", "basisFor", "contributesTo", "fragmentOf",
             "measuredBy")
#: the relations whose subject is the upper end (nearer the goal); for the others it is the object
SUBJECT_ABOVE = frozenset({"requires", "measuredBy", "basisFor"})
#: the kind of the lower end of a hop, by relation (the upper end of the first hop is a goal)
_LOWER_KIND = {"requires": "need", "hinders": "obstacle", "addresses": "measure", "supports": "measure",
               "measuredBy": "indicator", "contributesTo": "goal", "fragmentOf": "goal", "basisFor": "goal"}
#: the kinds of path: how a path leaves its goal (goal links and indicators are kinds of their own;
#: "partial": a run of stated hops that does not start at a goal, see :func:`stated_view`)
PATH_KINDS = ("need", "obstacle", "direct")
KINDS = (*PATH_KINDS, "no-goal", "indicator", *GOAL_LINKS, "partial")
_KIND_OF_FIRST = {"requires": "need", "hinders": "obstacle", "supports": "direct", "measuredBy": "indicator"}
_ORDER = {relation: i for i, relation in enumerate(RELATIONS)}


class Hop(NamedTuple):
    """One link of a path, seen from the goal: *upper* is the end nearer the goal."""

    relation: str
    upper: Node
    lower: Node
    support: str | None = None

    @property
    def link(self) -> tuple[str, str, str]:
        """``(subject IRI, relation, object IRI)``: the link as the graph names it (its reviews are
        keyed so, see :mod:`srbgraph.model.review`)."""
        if self.relation in SUBJECT_ABOVE:
            return self.upper.iri, self.relation, self.lower.iri
        return self.lower.iri, self.relation, self.upper.iri

    @property
    def subject(self) -> Node:
        return self.upper if self.relation in SUBJECT_ABOVE else self.lower

    @property
    def object(self) -> Node:
        return self.lower if self.relation in SUBJECT_ABOVE else self.upper


def weakest(hops: Iterable[Hop]) -> str | None:
    """The weakest support of *hops*: stated only if every hop is stated; None where a hop's
    support is not known (a graph without link assertions)."""
    levels = {hop.support for hop in hops}
    if None in levels:
        return None
    return INTERPRETED if INTERPRETED in levels else STATED


class Path(NamedTuple):
    """A path: its hops from the top (a goal; or a need or obstacle no goal reaches; or in the
    stated view the first stated link) down. *cut*: a run of stated hops cut out of a longer path."""

    hops: tuple[Hop, ...]
    cut: bool = False

    @property
    def head(self) -> Node:
        return self.hops[0].upper

    @property
    def end(self) -> Node:
        return self.hops[-1].lower

    @property
    def nodes(self) -> tuple[Node, ...]:
        return (self.hops[0].upper, *(hop.lower for hop in self.hops))

    @property
    def kind(self) -> str:
        """``need``, ``obstacle`` or ``direct`` (how the path leaves its goal), ``indicator``, a goal
        link (``contributesTo``, ``fragmentOf``, ``basisFor``), ``no-goal`` (it starts at a need or
        obstacle the text ties to no goal) or ``partial`` (a stated run whose start is tied to a goal
        only by a reading; see :data:`KINDS`)."""
        if self.hops[0].upper.kind != "goal":
            return "partial" if self.cut else "no-goal"
        relations = [hop.relation for hop in self.hops if hop.relation not in GOAL_LINKS]
        return _KIND_OF_FIRST.get(relations[0], "partial") if relations else self.hops[-1].relation

    @property
    def complete(self) -> bool:
        """Does the path end at a measure?"""
        return self.hops[-1].lower.kind == "measure"

    @property
    def support(self) -> str | None:
        """The weakest support of the hops (:func:`weakest`)."""
        return weakest(self.hops)

    def of_kind(self, kind: str) -> Node | None:
        """The node of *kind* on the path (``goal``: its own goal, the lowest goal on it), or None."""
        found = None
        for node in self.nodes:
            if node.kind == kind:
                found = node
                if kind != "goal":
                    return found
        return found

    goal = property(lambda self: self.of_kind("goal"))
    need = property(lambda self: self.of_kind("need"))
    obstacle = property(lambda self: self.of_kind("obstacle"))
    measure = property(lambda self: self.of_kind("measure"))
    indicator = property(lambda self: self.of_kind("indicator"))

    @property
    def upper_goals(self) -> tuple[Node, ...]:
        """The goals above the path's own goal (rolled up to, or a goal link's upper end)."""
        goals = [node for node in self.nodes if node.kind == "goal"]
        return tuple(goals[:-1])

    def as_dict(self) -> dict:
        def part(node: Node | None):
            return None if node is None else {"id": node.id, "label": node.label()}

        return {"kind": self.kind, "complete": self.complete, "support": self.support,
                "upper": [part(node) for node in self.upper_goals], "goal": part(self.goal),
                "need": part(self.need), "obstacle": part(self.obstacle), "measure": part(self.measure),
                "indicator": part(self.indicator),
                "hops": [{"relation": hop.relation, "subject": part(hop.subject), "object": part(hop.object),
                          "support": hop.support} for hop in self.hops]}


def find_paths(
    source,
    goals: Iterable[str] = (),
    *,
    obstacle: str | None = None,
    measure: str | None = None,
    lang: str = "de",
    cache: bool = True,
    support: str = "any",
) -> list[Path]:
    """Every path and goal link of the graph, or those of *goals* (each an id or a label; a
    goal's paths run on into the goals below it), passing *obstacle* or ending at *measure* (each
    an id or a label); with *support* ``stated`` the runs of stated hops (:func:`stated_view`).
    Sorted by the labels along each path (ties by IRI), so every store gives the same order.

    Every path of an embedded store is read in four queries (``path-ids``, ``goal-links``,
    ``labels``, ``link-support``) joined here; on a persistent store or a build the sorted result
    is kept until the store changes (*cache* False: always ask the store). One goal's paths are
    asked for that goal alone. The links its reviewers rejected have no direct triple and so are
    on no path (:mod:`srbgraph.model.rejected` takes them back)."""
    store = as_store(source)
    _check_support(support)
    every = None
    if goals and not store.prefers_kept():
        found = _goal_paths(store, [_goal_iri(store, goal, checked=False) for goal in goals], lang)
        for goal in goals:  # an id taken as given must name a goal (asked only when it found nothing)
            iri = str(_goal_iri(store, goal, checked=False))
            if not any(node.iri == iri for p in found for node in p.nodes):
                _goal_iri(store, goal)
    else:
        every = found = _every_path(store, lang, cache)
        if goals:
            found, every = through(every, [("goal", _goal_iri(store, goal)) for goal in goals]), None
    # without goals, the paths through an obstacle or to a measure climb to the goals above theirs
    return with_support(filter_ends(store, found, obstacle, measure, every=every), support)


def _check_support(support: str) -> None:
    if support not in SUPPORT_CHOICES:
        raise SrbError(f"support must be one of {', '.join(SUPPORT_CHOICES)}, got {support!r}")


def with_support(paths: list[Path], support: str = "any", named: set[str] | None = None) -> list[Path]:
    """*paths* as the *support* asked for shows them: all (``any``), or the runs of stated hops
    (``stated``; with *named*, those that pass one of these IRIs)."""
    _check_support(support)
    return paths if support == "any" else stated_view(paths, named)


def filter_ends(source, paths: list[Path], obstacle=None, measure=None, *, every: list[Path] | None = None
                ) -> list[Path]:
    """Of *paths*, those that pass *obstacle* and end at *measure* (an id, label or IRI; None: any);
    with *every* (the whole listing), carried up to the goals above theirs (:func:`rolled_up`), as
    the paths through a named obstacle or measure are."""
    if obstacle is None and measure is None:
        return paths
    from ..terms import IRI

    store = as_store(source)
    passing = str(_given(obstacle) or _by_id(obstacle) or resolve(store, obstacle, IRI(SRB + "Obstacle"))) \
        if obstacle else None
    ending = str(_given(measure) or _by_id(measure) or resolve(store, measure, IRI(SRB + "Measure"))) \
        if measure else None
    kept = [p for p in paths if (passing is None or any(n.iri == passing for n in p.nodes))
            and (ending is None or p.end.iri == ending)]
    return kept if every is None else sort_paths(rolled_up(every, kept))


def paths_through(source, names: Iterable[str], *, lang: str = "de", support: str = "any",
                  on_replaced=None) -> tuple[list[Path], list[str]]:
    """``(paths, kinds)``: the paths through each of *names* — a goal, development need, obstacle,
    measure or indicator, by id or label, whatever its kind (see
    :func:`~srbgraph.model.entities.resolve_any`) — merged and sorted as :func:`find_paths` sorts
    them; *kinds* says what each name was. A goal's paths run on into the goals below it (the
    guiding goal's hold every goal's); an indicator brings the paths of the goals it indicates. A
    replaced entity's id leads to its successor (*on_replaced* is told, see
    :func:`~srbgraph.model.entities.resolve_any`)."""
    store = as_store(source)
    _check_support(support)
    wanted = [resolve_any(store, name, ENTITY_KINDS, on_replaced=on_replaced, lang=lang) for name in names]
    return paths_at(store, wanted, lang=lang, support=support), [kind for kind, _iri in wanted]


def paths_at(source, wanted: list[tuple[str, str]], *, lang: str = "de", support: str = "any") -> list[Path]:
    """The paths through the entities *wanted*, each ``(kind, IRI)`` as :func:`paths_through`
    resolves a name (for a caller that knows them already: no look-up of names)."""
    store = as_store(source)
    _check_support(support)
    if all(kind == "goal" for kind, _iri in wanted) and not store.prefers_kept():
        found = _goal_paths(store, [iri for _kind, iri in wanted], lang)  # fast on a large store
    else:
        found = through(_every_path(store, lang, True), wanted)
    return with_support(found, support, {str(iri) for _kind, iri in wanted})


def through(every: list[Path], wanted: list[tuple[str, str]]) -> list[Path]:
    """Of the listing *every*, the paths through the entities *wanted* (``(kind, IRI)``), with the
    paths of a goal rolled down into the goals below it and an indicator's goals' paths; sorted."""
    iris = {str(iri) for _kind, iri in wanted}
    goals = {str(iri) for kind, iri in wanted if kind == "goal"}
    goals |= {p.goal.iri for p in every if p.kind == "indicator" and p.end.iri in iris}
    others = iris - goals  # needs, obstacles, measures, indicators: their paths climb to the goals above
    passing = [p for p in every if any(node.iri in iris for node in p.nodes)]
    climbing = {p: None for p in passing if p.head.iri not in goals and any(node.iri in others for node in p.nodes)}
    found = dict.fromkeys(rolled_up(every, list(climbing)))
    found.update(dict.fromkeys(p for p in passing if p not in climbing))
    found.update(dict.fromkeys(rolled_down(every, goals)))
    return sort_paths(list(found))


def rolled_up(every: list[Path], paths: list[Path]) -> list[Path]:
    """*paths* carried up from their goal to the goals above it (the guiding goal, a goal it is
    the basis of), as far as goal links in the listing *every* lead: each path's longest runs
    upwards, or the path itself where its head has no goal above it."""
    above: dict[str, list[Path]] = {}
    for link in every:
        if len(link.hops) == 1 and link.hops[0].relation in GOAL_LINKS:
            above.setdefault(link.end.iri, []).append(link)
    found: list[Path] = []

    def climb(path: Path, seen: frozenset) -> None:
        uppers = [link for link in above.get(path.head.iri, ()) if link.head.iri not in seen]
        if not uppers:
            found.append(path)
        for link in uppers:
            climb(Path(link.hops + path.hops, path.cut), seen | {link.head.iri})

    for path in paths:
        climb(path, frozenset({path.head.iri}))
    return found


def rolled_down(every: list[Path], goals: set[str]) -> list[Path]:
    """The paths of *goals* in the listing *every*, each goal's own and those of the goals below it
    (a goal link's lower end), prefixed with the goal links that lead there; sorted."""
    by_head: dict[str, list[Path]] = {}
    for path in every:
        if path.head.kind == "goal":
            by_head.setdefault(path.head.iri, []).append(path)
    found: list[Path] = []

    def walk(goal: str, prefix: tuple[Hop, ...], seen: frozenset) -> None:
        for path in by_head.get(goal, ()):
            found.append(Path(prefix + path.hops))
            last = path.hops[-1]
            if len(path.hops) == 1 and last.relation in GOAL_LINKS and last.lower.iri not in seen:
                walk(last.lower.iri, prefix + path.hops, seen | {last.lower.iri})

    for goal in sorted(goals):
        walk(goal, (), frozenset({goal}))
    return sort_paths(list(dict.fromkeys(found)))


def stated_view(paths: list[Path], named: set[str] | None = None) -> list[Path]:
    """What the documentation itself states of *paths*: every maximal run of stated hops, once
    (a run that stands inside a longer one is left out), sorted. A run that does not start at a
    goal is a ``partial`` path: the text states it, but ties its top to a goal only by a reading.
    With *named* (IRIs), only the runs that pass one of them."""
    runs: dict[tuple[Hop, ...], bool] = {}  # run → cut out of a longer path (its start only read)
    for path in paths:
        run: list[Hop] = []
        for hop in (*path.hops, None):
            if hop is not None and hop.support == STATED:
                run.append(hop)
            elif run:
                cut = run[0] is not path.hops[0]
                runs[tuple(run)] = runs.get(tuple(run), True) and cut
                run = []
    containing: dict[Hop, list[tuple[Hop, ...]]] = {}
    for run in runs:
        for hop in run:
            containing.setdefault(hop, []).append(run)

    def inside_another(run: tuple[Hop, ...]) -> bool:
        size = len(run)
        return any(len(other) > size and any(other[i:i + size] == run for i in range(len(other) - size + 1))
                   for other in containing[run[0]])

    kept = [Path(run, cut) for run, cut in runs.items() if not inside_another(run)]
    if named is not None:
        kept = [p for p in kept if any(node.iri in named for node in p.nodes)]
    return sort_paths(kept)


def sort_paths(paths: list[Path]) -> list[Path]:
    """*paths* by the labels along them (lower case; ties by IRI): head, then each hop by its
    relation (:data:`RELATIONS` order) and the label of its lower end."""
    nodes = {node.iri: node for path in paths for node in path.nodes}
    by_label = sorted((node.label().lower(), iri) for iri, node in nodes.items())
    rank = {iri: i for i, (_text, iri) in enumerate(by_label)}
    # a path's key: its head's rank, then one number per hop for its relation and its lower end
    order, width = _ORDER, len(by_label) + 1

    def key(path: Path) -> tuple:
        hops = path.hops
        return (rank[hops[0].upper.iri], *[order[hop.relation] * width + rank[hop.lower.iri] for hop in hops])

    return sorted(paths, key=key)


def _goal_iri(store, goal, checked: bool = True):
    """The IRI of the goal *goal* (an IRI, an id or a label); an id must name a goal (asked of the
    store unless *checked* is False: the caller checks it when the id finds nothing)."""
    from ..terms import IRI

    given = _given(goal)
    if given is not None:
        return given
    iri = _by_id(goal)
    goal_class = IRI(SRB + "Goal")
    if iri is None or (checked and not store.ask(_IS_A, {"entity": iri, "class": goal_class})):
        return resolve(store, goal, goal_class)  # a label, or an id that names no goal: "did you mean"
    return iri


def _goal_paths(store, goals: list, lang: str) -> list[Path]:
    """The paths of *goals* and the goals below them, asked of the store for these goals alone:
    ``path-ids`` and ``goal-links`` bound to each goal, then the labels and supports of just these
    nodes and links (a ``VALUES`` block), which stays fast however large the graph is."""
    from ..terms import IRI

    path_rows: list[tuple] = []
    link_rows: list[tuple] = []
    asked = {str(goal) for goal in goals}
    todo, seen = sorted(asked), set()
    while todo:
        goal = todo.pop()
        if goal in seen:
            continue
        seen.add(goal)
        path_rows += store.select_values(queries.named("path-ids").text, {"goal": IRI(goal)})
        for upper, relation, lower in store.select_values(queries.named("goal-links").text, {"upper": IRI(goal)}):
            link_rows.append((upper, relation, lower))
            if relation[len(SRB):] in GOAL_LINKS:
                todo.append(lower)
        if goal in asked:  # the links above an asked goal (it contributes to, it builds on)
            link_rows += store.select_values(queries.named("goal-links").text, {"lower": IRI(goal)})
    every = _assemble(store, path_rows, link_rows, lang, restricted=True)
    return through(every, [("goal", goal) for goal in goals])


def _assemble(store, path_rows: list[tuple], link_rows: list[tuple], lang: str, *,
              restricted: bool) -> list[Path]:
    """Paths from rows of ``path-ids`` (goal, need, obstacle, measure) and ``goal-links`` (upper,
    relation IRI, lower), with labels and supports: of every node and link (``labels``,
    ``link-support``), or, *restricted*, of just these (fast for a few paths on a large graph;
    on an endpoint it does not fetch every label of the server)."""
    from ..terms import IRI, Literal

    labels_text, support_text = queries.named("labels").text, queries.named("link-support").text
    link_rows = [(upper, relation[len(SRB):], lower) for upper, relation, lower in link_rows]
    label_values = support_values = None
    if restricted:
        iris = sorted({iri for row in (*path_rows, *link_rows) for iri in (row[0], row[-1], *row[1:3])
                       if iri is not None and iri.startswith(SRBR)})
        if not iris:
            return []
        # one VALUES block carrying the language too: rdflib joins two blocks slowly (0.24 s against
        # 0.04 s for 46 labels of the shipped graph)
        label_values = (["entity", "lang"], [[IRI(iri), Literal(lang)] for iri in iris])
        wanted = sorted(_links_of_rows(path_rows, link_rows))  # each link once, looked up by its three ends
        support_values = (["subject", "relation", "object"], [[IRI(s), IRI(SRB + r), IRI(o)] for s, r, o in wanted])
    labels = dict(store.select_values(labels_text, None if restricted else {"lang": Literal(lang)},
                                      values=label_values))
    supports = {(s, p[len(SRB):], o): level for s, p, o, level in store.select_values(support_text,
                                                                                       values=support_values)}
    return paths_of_rows(path_rows, link_rows, labels, supports)


def _links_of_rows(path_rows: Iterable[tuple], link_rows: Iterable[tuple]) -> set[tuple[str, str, str]]:
    """The links ``(subject, relation, object)`` the rows of ``path-ids`` and ``goal-links`` pass."""
    found = set()
    for goal, need, obstacle, measure in path_rows:
        if need is not None and goal is not None:
            found.add((goal, "requires", need))
        if obstacle is not None and (need or goal) is not None:
            found.add((obstacle, "hinders", need or goal))
        if measure is not None:
            found.add((measure, "addresses", obstacle) if obstacle is not None else (measure, "supports", goal))
    for upper, relation, lower in link_rows:
        found.add((upper, relation, lower) if relation in SUBJECT_ABOVE else (lower, relation, upper))
    return found


def paths_of_rows(path_rows: Iterable[tuple], link_rows: Iterable[tuple], labels: dict,
                  supports: dict) -> list[Path]:
    """Sorted paths from *path_rows* (goal, need, obstacle, measure: IRIs or None, as ``path-ids``
    gives them) and *link_rows* (upper, relation name, lower: a goal's indicator or a goal link),
    with *labels* (IRI → label) and *supports* ((subject, relation name, object) → support).

    Each node is made once however many paths pass it, and the hops are made without a call per
    hop: at 10^6 triples this join is most of what srbgraph adds to the engine's time."""
    rows = list(dict.fromkeys(path_rows))
    links = list(dict.fromkeys(link_rows))
    nodes: dict = {None: None}
    new = tuple.__new__
    columns = list(zip(*rows)) if rows else [(), (), (), ()]
    kinds = [("goal", columns[0]), ("need", columns[1]), ("obstacle", columns[2]), ("measure", columns[3]),
             ("goal", [upper for upper, _r, _l in links]),
             *((_LOWER_KIND[relation], [lower]) for _u, relation, lower in links)]
    for kind, column in kinds:
        for iri in set(column).difference(nodes):  # (None stands for a missing end)
            nodes[iri] = new(Node, (iri, iri.removeprefix(SRBR), labels.get(iri) or "", kind))
    get, level = supports.get, _LEVELS.get
    paths = []
    for goal, need, obstacle, measure in rows:
        if goal is None:  # a need no goal requires, or an obstacle that hinders nothing
            hops = []
            if need is not None:
                hops.append(new(Hop, ("hinders", nodes[need], nodes[obstacle], level(get((obstacle, "hinders", need))))))
            if measure is not None:
                hops.append(new(Hop, ("addresses", nodes[obstacle], nodes[measure],
                                      level(get((measure, "addresses", obstacle))))))
            paths.append(new(Path, (tuple(hops), False)))
            continue
        top = nodes[goal]
        if need is not None:
            below = nodes[need]
            hops = [new(Hop, ("requires", top, below, level(get((goal, "requires", need)))))]
            via, above = need, below
        elif obstacle is None:  # a measure that serves the goal directly
            paths.append(new(Path, ((new(Hop, ("supports", top, nodes[measure],
                                               level(get((measure, "supports", goal))))),), False)))
            continue
        else:
            hops, via, above = [], goal, top
        if obstacle is not None:
            brake = nodes[obstacle]
            hops.append(new(Hop, ("hinders", above, brake, level(get((obstacle, "hinders", via))))))
            if measure is not None:
                hops.append(new(Hop, ("addresses", brake, nodes[measure],
                                      level(get((measure, "addresses", obstacle))))))
        paths.append(new(Path, (tuple(hops), False)))
    for upper, relation, lower in links:
        link = (upper, relation, lower) if relation in SUBJECT_ABOVE else (lower, relation, upper)
        paths.append(new(Path, ((new(Hop, (relation, nodes[upper], nodes[lower], level(get(link)))),), False)))
    return sort_paths(paths)


def _every_path(store, lang: str, cache: bool) -> list[Path]:
    """Every path and goal link of *store*, sorted (kept where the store keeps results)."""
    def compute() -> list[Path]:  # an endpoint is asked for the labels of the path's nodes only
        rows = store.select_values(queries.named("path-ids").text)
        rows += [(None, *row) for row in store.select_values(queries.named("paths-without-goal").text)]
        return _assemble(store, rows, store.select_values(queries.named("goal-links").text), lang,
                         restricted=not store.embedded)

    with collector_paused():  # a hundred thousand small objects: the GC would walk them all again and again
        if not cache:
            return compute()
        inputs = (_LISTING_FORMAT, *(queries.named(name).text
                  for name in ("path-ids", "paths-without-goal", "goal-links", "labels", "link-support")))
        return store.remember(f"paths-{lang}", inputs, compute, to_rows=listing_rows, from_rows=listing_of_rows)


#: codes of the relations and supports in a kept listing (small numbers instead of words)
_RELATION_CODES = {relation: i for i, relation in enumerate(RELATIONS)}
_SUPPORT_CODES = {None: 0, STATED: 1, INTERPRETED: 2}
#: the form of a kept listing, among what it was computed from: a listing kept in another form
#: (other codes) is computed anew, not misread
_LISTING_FORMAT = f"listing 2: {' '.join(RELATIONS)}; {' '.join(map(str, _SUPPORT_CODES))}; cut = negative head"


def listing_rows(paths: list[Path]) -> list[list]:
    """*paths* as rows to keep: one row ``[iri, label, kind]`` per node, then one row per path
    ``[node number, relation code, node number, support code, …]`` (JSON, a few bytes a hop)."""
    numbers: dict[str, int] = {}
    rows: list[list] = []
    for path in paths:
        for node in path.nodes:
            if node.iri not in numbers:
                numbers[node.iri] = len(rows)
                rows.append([node.iri, node.text, node.kind])
    for path in paths:
        row = [-1 - numbers[path.head.iri] if path.cut else numbers[path.head.iri]]
        for hop in path.hops:
            row += [_RELATION_CODES[hop.relation], numbers[hop.lower.iri], _SUPPORT_CODES[hop.support]]
        rows.append(row)
    return rows


def listing_of_rows(rows: list) -> list[Path]:
    """The paths that :func:`listing_rows` kept, in their order."""
    supports = list(_SUPPORT_CODES)
    nodes: list[Node] = []
    paths = []
    for row in rows:
        if isinstance(row[0], str):
            iri, text, kind = row
            nodes.append(Node(iri, iri.removeprefix(SRBR), text or "", kind))
            continue
        cut = row[0] < 0
        upper = nodes[-1 - row[0] if cut else row[0]]
        hops = []
        for at in range(1, len(row), 3):
            lower = nodes[row[at + 1]]
            hops.append(Hop(RELATIONS[row[at]], upper, lower, supports[row[at + 2]]))
            upper = lower
        paths.append(Path(tuple(hops), cut))
    return paths


def _given(name):
    """*name* when it is an IRI already (resolved by the caller), else None."""
    from ..terms import IRI

    return name if isinstance(name, IRI) else None


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while many objects that form no cycles are made."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

