"""Goal → (development need) → obstacle → measure paths, and finding entities by id or label.

Both work on any store (:mod:`srbgraph.store`); an rdflib graph is accepted too.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import get_close_matches
from typing import Iterable, NamedTuple

from . import queries
from .errors import SrbError
from .namespaces import SRB, SRBR


def as_store(source):
    """A :class:`~srbgraph.store.Store` for *source* (a store already, or an rdflib graph)."""
    from .store import RdflibStore, Store

    if isinstance(source, Store):
        return source
    if hasattr(source, "query") and hasattr(source, "triples"):
        return RdflibStore(source)
    raise TypeError(f"expected a srbgraph store or an rdflib graph, got {type(source).__name__}")


def local_id(iri: str) -> str:
    return iri[len(SRBR):] if iri.startswith(SRBR) else iri


class Node(NamedTuple):
    """An individual as a reader sees it: its IRI, id and label (in the language asked for)."""

    iri: str
    id: str
    text: str = ""

    def label(self, lang: str | None = None) -> str:  # noqa: ARG002 - kept for a uniform call
        return self.text or self.id


class Path(NamedTuple):
    goal: Node
    need: Node | None
    obstacle: Node
    measure: Node | None

    def as_dict(self, lang: str | None = None) -> dict:  # noqa: ARG002
        def part(node: Node | None):
            return None if node is None else {"id": node.id, "label": node.label()}

        return {"goal": part(self.goal), "need": part(self.need), "obstacle": part(self.obstacle),
                "measure": part(self.measure)}


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents, hyphens, spaces and punctuation dropped:
    ``Fachkräfte-mangel`` and ``fachkraeftemangel`` fold alike."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


_KIND_WORDS = {"Goal": "goal", "Obstacle": "obstacle", "Measure": "measure", "DevelopmentNeed": "need"}


def resolve(source, name: str, cls=None):
    """The IRI of the individual named *name* — its id, IRI, or German or English label (case,
    umlaut spelling and hyphenation do not matter) — among the members of *cls* (an IRI; default:
    every individual). Raises with "did you mean" when nothing fits."""
    from .store import IRI

    store = as_store(source)
    cls = IRI(str(cls)) if cls is not None else None
    if cls is None:
        rows = [(r[0], r[2], r[3]) for r in store.select(queries.named("individuals").text).rows]
    else:
        rows = store.select(queries.named("entities").text, {"class": cls}).rows
    index: dict[str, set[str]] = {}
    for iri, label_de, label_en in rows:
        iri = str(iri)
        for key in (local_id(iri), label_de, label_en, iri):
            if key:
                index.setdefault(fold(str(key)), set()).add(iri)
    wanted = fold(name)
    hits = index.get(wanted, set())
    kind = "entity" if cls is None else _KIND_WORDS.get(str(cls)[len(SRB):], str(cls).rsplit("#", 1)[-1].lower())
    if len(hits) == 1:
        return IRI(next(iter(hits)))
    if len(hits) > 1:
        raise SrbError(f"'{name}' names more than one {kind}: {', '.join(sorted(local_id(h) for h in hits))}")
    suggestions: list[str] = []
    close = get_close_matches(wanted, list(index), n=3, cutoff=0.6)
    partial = sorted(k for k in index if wanted and wanted in k)[:3]
    for key in close + partial:
        for iri in sorted(index[key]):
            if local_id(iri) not in suggestions:
                suggestions.append(local_id(iri))
    hint = f" (did you mean {', '.join(repr(s) for s in suggestions[:3])}?)" if suggestions else ""
    raise SrbError(f"no {kind} named '{name}'{hint}")


def find_paths(
    source,
    goals: Iterable[str] = (),
    *,
    obstacle: str | None = None,
    measure: str | None = None,
    lang: str = "de",
) -> list[Path]:
    """Goal → (need) → obstacle → measure paths: all of them, or those starting at *goals*,
    passing *obstacle* or ending at *measure* (each an id or a label)."""
    from .store import IRI, Literal

    store = as_store(source)
    query = queries.named("paths")
    lang_term = Literal(lang)
    goal_class = IRI(SRB + "Goal")
    starts = [_by_id(g) or resolve(store, g, goal_class) for g in goals] or [None]
    obstacles = [resolve(store, obstacle, IRI(SRB + "Obstacle"))] if obstacle else [None]
    wanted_measure = resolve(store, measure, IRI(SRB + "Measure")) if measure else None
    if wanted_measure is not None:
        addressed = store.select(
            "SELECT ?o WHERE { ?m <" + SRB + "addresses> ?o }", {"m": wanted_measure}).rows
        found = {str(row[0]) for row in addressed}
        obstacles = [o for o in obstacles if o is None or str(o) in found] if obstacle else \
            [IRI(o) for o in sorted(found)]
    result: list[Path] = []
    seen = set()
    nodes: dict = {}

    def node(iri, label):
        if iri is None:
            return None
        key = (iri, label)
        found = nodes.get(key)
        if found is None:
            found = nodes[key] = Node(iri, local_id(iri), label or "")
        return found

    passes = [(start, through) for start in starts for through in obstacles]
    for start, through in passes:
        params = {"lang": lang_term}
        if start is not None:
            params["goal"] = start
        if through is not None:
            params["obstacle"] = through
        for goal, goal_l, need, need_l, obst, obst_l, meas, meas_l in store.select_values(query.text, params):
            if wanted_measure is not None and meas != str(wanted_measure):
                continue
            if len(passes) > 1:  # one pass has no duplicates: each row is one path
                key = (goal, need, obst, meas)
                if key in seen:
                    continue
                seen.add(key)
            result.append(Path(node(goal, goal_l), node(need, need_l), node(obst, obst_l), node(meas, meas_l)))
    for start in starts:  # an id taken as given must name a goal (checked only when it found nothing)
        if start is not None and not any(str(p.goal.iri) == str(start) for p in result):
            if not store.ask(_IS_A, {"entity": start, "class": goal_class}):
                resolve(store, local_id(str(start)), goal_class)  # raises with "did you mean"
    keys: dict = {}  # sorted here by label: sorting by label in SPARQL costs more (measured at 10^6)

    def sort_key(node):
        if node is None:
            return ""
        key = keys.get(node)
        if key is None:
            key = keys[node] = (node.text or node.id).lower()
        return key

    result.sort(key=lambda p: (sort_key(p.goal), sort_key(p.need), sort_key(p.obstacle), sort_key(p.measure)))
    return result


_IS_A = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
         "ASK { ?entity a/rdfs:subClassOf* ?class }")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _by_id(name: str):
    """The IRI for a name written as an id (``goal-…``), without asking the store."""
    from .store import IRI

    return IRI(SRBR + name) if _ID.match(name) else None
