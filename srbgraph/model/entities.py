"""Entities as readers name them: an id, an IRI or a German or English label, found tolerantly.

A replaced entity (merged into another or renamed: ``dcterms:isReplacedBy``, the contract's
"Replaced entities") is no live entity, but its id still names something: every look-up of it
leads to its successor, and tells the caller so (``on_replaced``, a :class:`Replacement`), so a
command can say "OLD ist ersetzt durch NEW". Its old label leads there too, where it fits no live
entity.
"""
from __future__ import annotations

import re
from typing import Callable, NamedTuple

from ..errors import SrbError, did_you_mean
from ..stores.select import as_store
from ..terms import SRB, SRBR, fold, local_id
from . import catalogue as queries


class Node(NamedTuple):
    """An individual as a reader sees it: its IRI, id and label (in the language asked for), and
    its kind where a path knows it (goal, need, obstacle, measure, indicator)."""

    iri: str
    id: str
    text: str = ""
    kind: str = ""

    def label(self, lang: str | None = None) -> str:  # noqa: ARG002 - kept for a uniform call
        return self.text or self.id


class Replacement(NamedTuple):
    """A name that named a replaced entity (``old``, its IRI) and the successor it led to (``new``)."""

    old: str
    new: str

    @property
    def old_id(self) -> str:
        return local_id(self.old)

    @property
    def new_id(self) -> str:
        return local_id(self.new)


#: what a caller is told when a name led to a replaced entity's successor
OnReplaced = Callable[[Replacement], None]

#: the kinds of things on a path: word → class (local name in srb:)
PATH_KINDS = {"goal": "Goal", "need": "DevelopmentNeed", "obstacle": "Obstacle", "measure": "Measure"}
#: … and the success indicators beside them: what ``srbgraph paths NAME`` takes
ENTITY_KINDS = {**PATH_KINDS, "indicator": "Indicator"}
_KIND_WORDS = {cls: word for word, cls in ENTITY_KINDS.items()}
#: a partial name must be at least this long (folded) to be taken for a whole label
_SHORTEST_PART = 4


def resolve(source, name: str, cls=None, *, on_replaced: OnReplaced | None = None):
    """The IRI of the individual named *name* — its id, IRI, or German or English label (case,
    umlaut spelling and hyphenation do not matter; a part of one label that fits no other label
    will do) — among the members of *cls* (an IRI; default: every individual). Raises with
    "did you mean" when nothing fits, and lists the candidates when several do. A replaced
    entity's id (or old label) gives its successor, and *on_replaced* is told."""
    from ..terms import IRI

    store = as_store(source)
    if cls is None:
        rows = [(r[0], "entity", r[2], r[3]) for r in store.select(queries.named("individuals").text).rows]
        kind = "entity"
    else:
        cls = IRI(str(cls))
        local = str(cls)[len(SRB):] if str(cls).startswith(SRB) else str(cls).rsplit("#", 1)[-1]
        kind = _KIND_WORDS.get(local, local.lower())
        rows = [(r[0], kind, r[1], r[2]) for r in store.select(queries.named("entities").text, {"class": cls}).rows]
    return _find(name, rows + _replaced_rows(store), kind, on_replaced)[1]


def resolve_any(source, name: str, kinds: dict[str, str] = PATH_KINDS, *,
                on_replaced: OnReplaced | None = None) -> tuple[str, str]:
    """``(kind, IRI)`` of the goal, need, obstacle or measure (or other *kinds*: word → class)
    named *name*, found as :func:`resolve` finds it — a replaced entity's id gives its successor
    (and *on_replaced* is told) — among the entities of those kinds and the replaced entities,
    both kept between runs where the store keeps results (see
    :meth:`~srbgraph.stores.base.Store.remember`)."""
    from ..terms import IRI

    store = as_store(source)
    text, replaced = queries.named("entities").text, queries.named("replaced").text

    def every_entity() -> list[tuple]:
        return [(entity, kind, label_de, label_en, None) for kind, cls in kinds.items()
                for entity, label_de, label_en in store.select_values(text, {"class": IRI(SRB + cls)})
                ] + _replaced_rows(store)

    rows = store.remember("entities-" + "-".join(kinds), (text, replaced, *(f"{k}={c}" for k, c in kinds.items())),
                          every_entity, to_rows=list, from_rows=list)
    words = list(kinds)
    return _find(name, rows, ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0],
                 on_replaced)


def _replaced_rows(store) -> list[tuple]:
    """``(old IRI, "replaced", label_de, label_en, successor IRI)`` of every replaced entity."""
    return [(entity, "replaced", label_de, label_en, successor)
            for entity, _cls, label_de, label_en, successor in store.select_values(queries.named("replaced").text)]


def _find(name: str, rows, kind: str, on_replaced: OnReplaced | None = None) -> tuple[str, str]:
    """The one ``(kind, IRI)`` of *rows* (iri, kind, label_de, label_en[, successor]) that *name*
    names. Rows with a successor are replaced entities: their id (or IRI) names the successor,
    and so does their old label where it fits no live entity."""
    from ..terms import IRI

    live = [row[:4] for row in rows if len(row) < 5 or not row[4]]
    moved = {str(row[0]): row for row in rows if len(row) > 4 and row[4]}
    index = _index(live)
    wanted = fold(name)
    hits = index.get(wanted, set())
    old = None if hits else _replaced_named(name, wanted, moved, by_id=True)
    if not hits and old is None:
        hits = _partly(index, wanted)
        old = None if hits else _replaced_named(name, wanted, moved, by_id=False)
    if old is not None:
        return _successor(name, old, str(moved[old][4]), live, kind, on_replaced)
    if len(hits) == 1:
        what, iri = next(iter(hits))
        return what, IRI(iri)
    if hits:
        raise SrbError(f"'{name}' fits more than one {kind}: {_listed(hits)}; give the id or more of the label")
    by_key = {key: local_id(iri) for key, found in index.items() for _what, iri in found}
    hint = did_you_mean(wanted, list(by_key), n=3)
    if hint:
        names = [by_key[key] for key in re.findall(r"'([^']*)'", hint)]
        hint = f" (did you mean {', '.join(repr(n) for n in dict.fromkeys(names))}?)"
    raise SrbError(f"no {kind} named '{name}'{hint}")


def _index(rows) -> dict[str, set[tuple[str, str]]]:
    """Folded id, labels and IRI → the ``(kind, IRI)`` they name."""
    index: dict[str, set[tuple[str, str]]] = {}
    for iri, what, label_de, label_en in rows:
        iri = str(iri)
        for key in (local_id(iri), label_de, label_en, iri):
            if key:
                index.setdefault(fold(str(key)), set()).add((what, iri))
    return index


def _partly(index: dict, wanted: str) -> set[tuple[str, str]]:
    """What a part of one label names (the part long enough to mean something)."""
    if len(wanted) < _SHORTEST_PART:
        return set()
    return {hit for key, found in index.items() if wanted in key for hit in found}


def _listed(hits) -> str:
    shown = ", ".join(f"{local_id(iri)} ({what})" for what, iri in sorted(hits)[:6])
    return shown + (f" and {len(hits) - 6} more" if len(hits) > 6 else "")


def _replaced_named(name: str, wanted: str, moved: dict, *, by_id: bool) -> str | None:
    """The replaced entity whose id or IRI (*by_id*) or else whose old label is *wanted*, or None;
    raises when old labels of entities with different successors fit."""
    found = {old: str(row[4]) for old, row in moved.items()
             if wanted in ({fold(local_id(old)), fold(old)} if by_id else {fold(str(l)) for l in row[2:4] if l})}
    if len(set(found.values())) > 1:
        raise SrbError(f"'{name}' fits more than one replaced entity: {', '.join(local_id(o) for o in sorted(found))}; "
                       "give the id")
    return min(found) if found else None


def _successor(name: str, old: str, new: str, live, kind: str, on_replaced: OnReplaced | None) -> tuple[str, str]:
    """``(kind, IRI)`` of the successor *new* of the replaced entity *old*, the caller told."""
    from ..terms import IRI

    what = next((row[1] for row in live if str(row[0]) == new), None)
    if what is None:
        raise SrbError(f"'{name}' is replaced by '{local_id(new)}', which is no {kind}")
    if on_replaced is not None:
        on_replaced(Replacement(old, new))
    return what, IRI(new)


_IS_A = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
         "ASK { ?entity a/rdfs:subClassOf* ?class }")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _by_id(name: str):
    """The IRI for a name written as an id (``goal-…``), without asking the store."""
    from ..terms import IRI

    return IRI(SRBR + name) if _ID.match(name) else None
