"""Goal → (development need) → obstacle → measure paths, each hop with how the source supports it.

A path has up to three hops — the goal *requires* the need, the obstacle *hinders* the goal or the
need, the measure *addresses* the obstacle — and each hop is ``stated`` (the documentation connects
the two ends), ``interpreted`` (the curation does, with a rationale) or, in a graph without link
assertions, unknown (None). A path is as strong as its weakest hop (:attr:`Path.support`).

Works on any store (:mod:`srbgraph.stores`); an rdflib graph is accepted too.
"""
from __future__ import annotations

from contextlib import contextmanager
from operator import itemgetter, methodcaller
from typing import Iterable, NamedTuple

from ..errors import SrbError
from ..stores.select import as_store
from ..terms import SRB, SRBR, local_id
from . import catalogue as queries
from .entities import _IS_A, Node, _by_id, resolve, resolve_any

STATED, INTERPRETED = "stated", "interpreted"
#: support levels as the store gives them (IRIs) → their names
_LEVELS = {SRB + STATED: STATED, SRB + INTERPRETED: INTERPRETED}
SUPPORT_CHOICES = ("any", STATED)


class Path(NamedTuple):
    goal: Node
    need: Node | None
    obstacle: Node
    measure: Node | None
    requires: str | None = None  # support of "goal requires need" (None: no need, or not known)
    hinders: str | None = None  # support of "obstacle hinders goal or need"
    addresses: str | None = None  # support of "measure addresses obstacle" (None: no measure, or not known)

    def hops(self) -> list[tuple[str, str | None]]:
        """``(relation, support)`` of each hop the path has, in path order."""
        hops = [("requires", self.requires)] if self.need is not None else []
        hops.append(("hinders", self.hinders))
        if self.measure is not None:
            hops.append(("addresses", self.addresses))
        return hops

    def hop_links(self) -> list[tuple[str, str, str]]:
        """``(relation, subject IRI, object IRI)`` of each hop the path has, in path order: the
        links as the graph names them (their reviews are keyed so, see :mod:`srbgraph.model.review`)."""
        via = self.need if self.need is not None else self.goal
        links = [("requires", self.goal.iri, self.need.iri)] if self.need is not None else []
        links.append(("hinders", self.obstacle.iri, via.iri))
        if self.measure is not None:
            links.append(("addresses", self.measure.iri, self.obstacle.iri))
        return links

    @property
    def support(self) -> str | None:
        """The weakest support of the hops: stated only if every hop is stated; None where a hop's
        support is not known (a graph without link assertions)."""
        levels = [support for _relation, support in self.hops()]
        if None in levels:
            return None
        return INTERPRETED if INTERPRETED in levels else STATED

    def as_dict(self, lang: str | None = None) -> dict:  # noqa: ARG002
        def part(node: Node | None):
            return None if node is None else {"id": node.id, "label": node.label()}

        return {"goal": part(self.goal), "need": part(self.need), "obstacle": part(self.obstacle),
                "measure": part(self.measure), "requires": self.requires if self.need else None,
                "hinders": self.hinders, "addresses": self.addresses if self.measure else None,
                "support": self.support}


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
    """Goal → (need) → obstacle → measure paths: all of them, or those starting at *goals*,
    passing *obstacle* or ending at *measure* (each an id or a label); with *support* ``stated``
    only the paths whose every hop the documentation states. Sorted by the labels of goal, need,
    obstacle and measure (ties by IRI), so every store gives the same order.

    Every path of an embedded store is read in two queries (``path-links`` and ``labels``, joined
    here) instead of ``paths`` with its four label look-ups per row (an endpoint gets ``paths``:
    ``labels`` would fetch every label of a shared server); on a persistent store the sorted
    result is kept in the cache folder until the store changes (*cache* False: always ask
    the store).

    The links its reviewers rejected have no direct triple and so are on no path
    (:mod:`srbgraph.model.rejected` takes them back)."""
    store = as_store(source)
    if not goals and obstacle is None and measure is None and store.embedded:
        return with_support(_every_path(store, lang, cache), support)
    return with_support(_sorted_paths(_filtered_rows(store, goals, obstacle, measure, lang)), support)


def with_support(paths: list[Path], support: str = "any") -> list[Path]:
    """*paths* whose hops have the *support* asked for: ``any``, or ``stated`` (every hop)."""
    if support not in SUPPORT_CHOICES:
        raise SrbError(f"support must be one of {', '.join(SUPPORT_CHOICES)}, got {support!r}")
    return paths if support == "any" else [p for p in paths if p.support == STATED]


def paths_through(source, names: Iterable[str], *, lang: str = "de",
                  support: str = "any") -> tuple[list[Path], list[str]]:
    """``(paths, kinds)``: the paths through each of *names* — a goal, development need, obstacle
    or measure, by id or label, whatever its kind (see :func:`~srbgraph.model.entities.resolve_any`)
    — merged and sorted as :func:`find_paths` sorts them; *kinds* says what each name was."""
    from ..terms import IRI

    store = as_store(source)
    if store.prefers_kept():
        return _through_listing(store, names, lang, support)
    found: dict[tuple, tuple] = {}
    kinds = []
    for name in names:
        kind, iri = resolve_any(store, name)
        kinds.append(kind)
        if kind == "goal":
            rows = _filtered_rows(store, [iri], None, None, lang)
        elif kind == "obstacle":
            rows = _filtered_rows(store, [], iri, None, lang)
        elif kind == "measure":
            rows = _filtered_rows(store, [], None, iri, lang)
        else:
            goals = [IRI(row[0]) for row in store.select_values(_GOALS_OF_NEED, {"need": iri})]
            rows = [row for row in _filtered_rows(store, goals, None, None, lang) if row[2] == str(iri)] if goals else []
        for row in rows:
            found.setdefault(row[0:8:2], row)
    return with_support(_sorted_paths(list(found.values())), support), kinds


#: where each kind of entity stands in a :class:`Path`
_POSITIONS = {"goal": 0, "need": 1, "obstacle": 2, "measure": 3}


def _through_listing(store, names: Iterable[str], lang: str, support: str) -> tuple[list[Path], list[str]]:
    """:func:`paths_through` answered from the kept listing of every path (a build not read yet:
    filtering the listing spares reading the graph). The same paths in the same order: the
    listing is sorted as :func:`_sorted_paths` sorts, and a part of it keeps that order."""
    wanted = [resolve_any(store, name) for name in names]
    ends = {(_POSITIONS[kind], str(iri)) for kind, iri in wanted}
    found = [path for path in _every_path(store, lang, True)
             if any(path[position] is not None and path[position].iri == iri for position, iri in ends)]
    return with_support(found, support), [kind for kind, _iri in wanted]


_GOALS_OF_NEED = "SELECT ?goal WHERE { ?goal <" + SRB + "requires> ?need }"


def _filtered_rows(store, goals, obstacle, measure, lang) -> list[tuple]:
    """Rows (goal, label, need, label, obstacle, label, measure, label, requires, hinders,
    addresses support) of the paths from *goals* through *obstacle* to *measure*, one pass per
    start goal and obstacle: the query ``paths`` on an endpoint; on an embedded store ``path-ids``,
    whose links are then labelled and given their support by :func:`_joined`."""
    from ..terms import IRI, Literal

    embedded = store.embedded
    query = queries.named("path-ids" if embedded else "paths")
    measure_column, key_columns = (3, slice(0, 4)) if embedded else (6, slice(0, 8, 2))
    goal_class = IRI(SRB + "Goal")
    starts = [_given(g) or _by_id(g) or resolve(store, g, goal_class) for g in goals] or [None]
    obstacles = [_given(obstacle) or resolve(store, obstacle, IRI(SRB + "Obstacle"))] if obstacle else [None]
    wanted_measure = (_given(measure) or resolve(store, measure, IRI(SRB + "Measure"))) if measure else None
    if wanted_measure is not None:
        addressed = store.select(
            "SELECT ?o WHERE { ?m <" + SRB + "addresses> ?o }", {"m": wanted_measure}).rows
        found = {str(row[0]) for row in addressed}
        obstacles = [o for o in obstacles if o is None or str(o) in found] if obstacle else \
            [IRI(o) for o in sorted(found)]
    rows: list[tuple] = []
    seen = set()
    for start, through in [(start, through) for start in starts for through in obstacles]:
        params = {} if embedded else {"lang": Literal(lang)}
        if start is not None:
            params["goal"] = start
        if through is not None:
            params["obstacle"] = through
        for row in store.select_values(query.text, params):
            if wanted_measure is not None and row[measure_column] != str(wanted_measure):
                continue
            key = row[key_columns]  # a store whose default graph is a union of graphs may repeat a path
            if key not in seen:
                seen.add(key)
                rows.append(row)
    for start in starts:  # an id taken as given must name a goal (checked only when it found nothing)
        if start is not None and not any(row[0] == str(start) for row in rows):
            if not store.ask(_IS_A, {"entity": start, "class": goal_class}):
                resolve(store, local_id(str(start)), goal_class)  # raises with "did you mean"
    return _joined(store, rows, lang) if embedded else rows


def _joined(store, links: list[tuple], lang: str) -> list[tuple]:
    """*links* (goal, via, obstacle, measure) of a few paths as rows with labels and the support
    of each hop: the labels and supports of just these nodes and links, looked up in two queries
    restricted to them (a ``VALUES`` block), which stays fast however large the graph is."""
    from ..stores.sparql import restrict
    from ..terms import IRI, Literal

    if not links:
        return []
    nodes = sorted({iri for link in links for iri in link if iri is not None})
    labels = dict(store.select_values(restrict(queries.named("labels").text, ["entity"], [[IRI(n)] for n in nodes]),
                                      {"lang": Literal(lang)}))
    links = _without_unlabelled_measures(links, labels)
    hops = sorted({hop for goal, via, obstacle, measure in links for hop in _hops(goal, via, obstacle, measure)})
    support = _supports(store, [[IRI(s), IRI(SRB + p), IRI(o)] for s, p, o in hops])
    rows = []
    for goal, via, obstacle, measure in links:
        need = None if via == goal else via
        rows.append((goal, labels.get(goal), need, labels.get(need), obstacle, labels.get(obstacle), measure,
                     labels.get(measure), support.get((goal, "requires", via)) if need else None,
                     support.get((obstacle, "hinders", via)), support.get((measure, "addresses", obstacle))))
    return rows


def _hops(goal, via, obstacle, measure) -> list[tuple[str, str, str]]:
    hops = [(obstacle, "hinders", via)]
    if via != goal:
        hops.append((goal, "requires", via))
    if measure is not None:
        hops.append((measure, "addresses", obstacle))
    return hops


def _supports(store, rows: list | None = None) -> dict[tuple[str, str, str], str]:
    """(subject, relation, object) → support IRI of the path links: all of them, or those of *rows*."""
    from ..stores.sparql import restrict

    text = queries.named("link-support").text
    if rows is not None:
        if not rows:
            return {}
        text = restrict(text, ["subject", "relation", "object"], rows)
    return {(s, p[len(SRB):], o): level for s, p, o, level in store.select_values(text)}


def _sorted_paths(rows: list[tuple], *, presorted: bool = False) -> list[Path]:
    """``Path`` objects for *rows* (goal, label, need, label, obstacle, label, measure, label and
    the support of requires, hinders, addresses), sorted by the labels of goal, need, obstacle and
    measure (lower case; ties by IRI) unless they are *presorted*."""
    labels: dict = {}
    for column in (6, 4, 2, 0):
        labels.update(zip(map(itemgetter(column), rows), map(itemgetter(column + 1), rows)))
    columns = [list(map(itemgetter(column), rows)) for column in (0, 2, 4, 6, 8, 9, 10)]
    return _paths_from_columns(columns, labels, presorted=presorted)


def _paths_from_columns(columns: list[list], labels: dict, *, presorted: bool = False) -> list[Path]:
    """``Path`` objects from seven columns: four of IRIs (goal, need, obstacle, measure; None where a
    path has no need or measure) and three of supports (IRIs or names of the levels, or None), and
    a map IRI → label. Each node is made and ranked once, however many paths pass it (a large
    listing has ten times more paths than nodes), and the loops run in C (map, zip, sorted): at
    10^6 triples this is most of what srbgraph adds to the engine's time."""
    from functools import partial
    from itertools import chain

    nodes_columns, support_columns = columns[:4], columns[4:]
    iris = [iri for iri in dict.fromkeys(chain(*nodes_columns)) if iri is not None]
    ids = list(map(methodcaller("removeprefix", SRBR), iris))
    texts = [text or "" for text in map(labels.get, iris)]
    nodes = dict(zip(iris, map(partial(tuple.__new__, Node), zip(iris, ids, texts))))
    nodes[None] = None
    level = {**_LEVELS, STATED: STATED, INTERPRETED: INTERPRETED}.get
    support_columns = [list(map(level, column)) for column in support_columns]
    if not presorted and nodes_columns and nodes_columns[0]:
        shown = [text or ident for text, ident in zip(texts, ids)]
        by_label = sorted(zip(map(str.lower, shown), iris))
        rank = dict(zip(map(itemgetter(1), by_label), range(len(by_label))))
        rank[None] = -1
        keys = list(zip(*(map(rank.__getitem__, column) for column in nodes_columns)))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        nodes_columns = [list(map(column.__getitem__, order)) for column in nodes_columns]
        support_columns = [list(map(column.__getitem__, order)) for column in support_columns]
    node = nodes.__getitem__
    return list(map(partial(tuple.__new__, Path),
                    zip(*(map(node, column) for column in nodes_columns), *support_columns)))


def _linked_paths(store, lang: str) -> list[Path]:
    """Every path, from the queries ``path-ids``, ``labels`` and ``link-support`` joined here: the
    same paths as the query ``paths`` gives, in far less time on a large graph (``paths`` looks up
    four labels and three supports per row)."""
    from ..terms import Literal

    labels = dict(store.select_values(queries.named("labels").text, {"lang": Literal(lang)}))
    links = store.select_values(queries.named("path-ids").text)
    get = _supports(store).get
    return paths_of_links([(goal, via, obstacle, measure,
                            get((goal, "requires", via)) if via != goal else None, get((obstacle, "hinders", via)),
                            get((measure, "addresses", obstacle)) if measure else None)
                           for goal, via, obstacle, measure in links], labels)


def paths_of_links(links: list[tuple], labels: dict) -> list[Path]:
    """Paths from *links* — rows (goal, via, obstacle, measure, requires, hinders, addresses
    support), as the query ``path-links`` gives them — and *labels* (IRI → label), sorted."""
    if not all(map(labels.__contains__, filter(None, map(itemgetter(3), links)))):
        links = _without_unlabelled_measures(links, labels)
    if not links:
        return []
    goals, vias, obstacles, measures, requires, hinders, addresses = map(list, zip(*links))
    needs = [None if via == goal else via for goal, via in zip(goals, vias)]
    return _paths_from_columns([goals, needs, obstacles, measures, requires, hinders, addresses], labels)


def _without_unlabelled_measures(links: list[tuple], labels: dict) -> list[tuple]:
    """*links* (goal, via, obstacle, measure, and optionally the supports of requires, hinders and
    addresses) as the query ``paths`` sees them: a measure without
    a label in the language asked for is left out, and an obstacle left with no measure keeps one
    link without."""
    def head(link: tuple) -> tuple:  # the path up to the obstacle (with its supports, where given)
        return (*link[:3], *link[4:6])

    kept = [link for link in links if link[3] is None or link[3] in labels]
    served = {head(link) for link in kept}
    bare = dict.fromkeys(head(link) for link in links if head(link) not in served)
    return kept + [(*key[:3], None, *key[3:], *(None,) * (len(key) > 3)) for key in bare]


def _every_path(store, lang: str, cache: bool) -> list[Path]:
    with collector_paused():  # a hundred thousand small objects: the GC would walk them all again and again
        if not cache:
            return _linked_paths(store, lang)
        inputs = tuple(queries.named(name).text for name in ("path-ids", "labels", "link-support"))
        return store.remember(f"paths-{lang}", inputs, lambda: _linked_paths(store, lang),
                              to_rows=lambda paths: [_row_of(p) for p in paths],
                              from_rows=lambda rows: _sorted_paths(rows, presorted=True))


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


def _row_of(path: Path) -> tuple:
    def part(node):
        return (None, None) if node is None else (node.iri, node.text or None)
    return (*part(path.goal), *part(path.need), *part(path.obstacle), *part(path.measure),
            path.requires, path.hinders, path.addresses)
