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


class AlsoFits(NamedTuple):
    """A name that fitted several entities, of which one of the kinds the command takes was chosen
    (``chosen``, its IRI); ``others``: ``(IRI, kind label, label)`` of the other entities it fits,
    the kind label and the label in the language asked for."""

    name: str
    chosen: str
    others: tuple[tuple[str, str, str], ...]

    @property
    def chosen_id(self) -> str:
        return local_id(self.chosen)


#: what a caller is told about how a name was read: that it led to a replaced entity's successor
#: (a :class:`Replacement`), or that it fits other entities beside the one chosen (:class:`AlsoFits`)
OnReplaced = Callable[["Replacement | AlsoFits"], None]

#: the kinds of things on a path: word → class (local name in srb:)
PATH_KINDS = {"goal": "Goal", "need": "DevelopmentNeed", "obstacle": "Obstacle", "measure": "Measure"}
#: … and the success indicators beside them: what ``srbgraph paths NAME`` takes
ENTITY_KINDS = {**PATH_KINDS, "indicator": "Indicator"}
_KIND_WORDS = {cls: word for word, cls in ENTITY_KINDS.items()}
#: the subclasses of srb:Goal (a goal's kind word is "goal")
_GOAL_CLASSES = frozenset({"Goal", "GuidingGoal", "ActionGoal", "GoalFragment"})
#: classes whose members are records about other things — a link's assertion, a quote, a review,
#: a linked figure — not things a reader names: a look-up never offers them
RECORD_CLASSES = frozenset({"Assertion", "Evidence", "Review", "Verdict", "LinkedRecord", "CellNote",
                            "SupportLevel"})
#: classes that stand above others: an entity's kind is its most special class
_GENERAL = frozenset({"Finding", "Goal", "Actor"})
#: a partial name must be at least this long (folded) to be taken for a whole label
_SHORTEST_PART = 4

_CLASS_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?labelDe ?labelEn WHERE {
  ?class rdfs:label ?label .
  FILTER(STRSTARTS(STR(?class), "https://w3id.org/srbgraph/ontology#"))
  OPTIONAL { ?class rdfs:label ?labelDe . FILTER(lang(?labelDe) = "de") }
  OPTIONAL { ?class rdfs:label ?labelEn . FILTER(lang(?labelEn) = "en") }
}"""


def _class_of(local: str) -> str:
    return local[len(SRB):] if local.startswith(SRB) else local.rsplit("#", 1)[-1]


def named_rows(store) -> list[tuple]:
    """``(IRI, kind word or "", label_de, label_en, None, class)`` of every curated individual a
    reader may name (no record: :data:`RECORD_CLASSES`), once each, with its most special class;
    the kind word where the class is one of :data:`ENTITY_KINDS` (or a goal's subclass)."""
    classes: dict[str, list[str]] = {}
    labels: dict[str, tuple] = {}
    for entity, cls, label_de, label_en in store.select_values(queries.named("individuals").text):
        entity, cls = str(entity), _class_of(str(cls))
        if "/" in local_id(entity):  # a link's or a quote's record (link/…, evidence/…)
            continue
        classes.setdefault(entity, []).append(cls)
        labels[entity] = (label_de, label_en)
    rows = []
    for entity, found in classes.items():
        if RECORD_CLASSES & set(found):
            continue
        special = min(found, key=lambda c: (c in _GENERAL, c))
        kind = "goal" if _GOAL_CLASSES & set(found) else next(
            (_KIND_WORDS[c] for c in found if c in _KIND_WORDS), "")
        label_de, label_en = labels[entity]
        rows.append((entity, kind, _text(label_de), _text(label_en), None, special))
    return rows


def _text(value) -> str | None:
    return None if value is None else str(value)


def resolve(source, name: str, cls=None, *, on_replaced: OnReplaced | None = None, lang: str = "de"):
    """The IRI of the individual named *name* — its id, IRI, or German or English label (case,
    umlaut spelling and hyphenation do not matter; a part of one label that fits no other label
    will do) — among the members of *cls* (an IRI; default: every individual a reader may name,
    records of links, quotes and reviews never). Raises with "did you mean" when nothing fits, and
    lists the candidates with their kind (in *lang*) when several do. Without *cls*, a name that
    fits exactly one goal, need, obstacle, measure or indicator beside other entities names it, and
    *on_replaced* is told the others (:class:`AlsoFits`). A replaced entity's id (or old label)
    gives its successor, and *on_replaced* is told."""
    from ..terms import IRI

    store = as_store(source)
    if cls is None:
        rows = named_rows(store)
        return _find(name, rows + _replaced_rows(store), "entity", on_replaced, store=store, lang=lang,
                     strict=False)[1]
    cls = IRI(str(cls))
    local = _class_of(str(cls))
    kind = _KIND_WORDS.get(local, local.lower())
    rows = [(r[0], kind, r[1], r[2], None, local)
            for r in store.select(queries.named("entities").text, {"class": cls}).rows]
    return _find(name, rows + _replaced_rows(store), kind, on_replaced, store=store, lang=lang)[1]


def resolve_any(source, name: str, kinds: dict[str, str] = PATH_KINDS, *,
                on_replaced: OnReplaced | None = None, lang: str = "de") -> tuple[str, str]:
    """``(kind, IRI)`` of the goal, need, obstacle or measure (or other *kinds*: word → class)
    named *name*, found as :func:`resolve` finds it — a replaced entity's id gives its successor
    (and *on_replaced* is told) — among the entities of those kinds and the replaced entities,
    both kept between runs where the store keeps results (see
    :meth:`~srbgraph.stores.base.Store.remember`). A name that fits one entity of these kinds and
    entities of other kinds (a finding that quotes the measure's label) names the one, and
    *on_replaced* is told the others (:class:`AlsoFits`)."""
    from ..terms import IRI

    store = as_store(source)
    text, replaced = queries.named("entities").text, queries.named("replaced").text

    def every_entity() -> list[tuple]:
        taken = [(str(entity), kind, _text(label_de), _text(label_en), None, cls) for kind, cls in kinds.items()
                 for entity, label_de, label_en in store.select_values(text, {"class": IRI(SRB + cls)})]
        seen = {row[0] for row in taken}
        others = [(*row[:1], "", *row[2:]) for row in named_rows(store) if row[0] not in seen]
        return taken + others + _replaced_rows(store)

    rows = store.remember("names-" + "-".join(kinds),
                          (text, replaced, queries.named("individuals").text, *(f"{k}={c}" for k, c in kinds.items())),
                          every_entity, to_rows=list, from_rows=list)
    words = list(kinds)
    return _find(name, rows, ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0],
                 on_replaced, store=store, lang=lang)


def _replaced_rows(store) -> list[tuple]:
    """``(old IRI, "replaced", label_de, label_en, successor IRI, class)`` of every replaced entity."""
    return [(str(entity), "replaced", _text(label_de), _text(label_en), str(successor),
             _class_of(str(cls)) if cls else "")
            for entity, cls, label_de, label_en, successor in store.select_values(queries.named("replaced").text)]


def _find(name: str, rows, kind: str, on_replaced: OnReplaced | None = None, *, store=None, lang: str = "de",
          strict: bool = True) -> tuple[str, str]:
    """The one ``(kind, IRI)`` of *rows* (iri, kind, label_de, label_en, successor, class) that
    *name* names. A row of kind "" is an entity of a kind the caller does not take (*strict*) or
    takes only where no other fits. Rows with a successor are replaced entities: their id (or IRI)
    names the successor, and so does their old label where it fits no live entity."""
    from ..terms import IRI

    live = [row for row in rows if not row[4]]
    moved = {str(row[0]): row for row in rows if row[4]}
    index = _index(live)
    wanted = fold(name)
    hits = index.get(wanted, set())
    old = None if hits else _replaced_named(name, wanted, moved, by_id=True)
    if not hits and old is None:
        hits = _partly(index, wanted)
        old = None if hits else _replaced_named(name, wanted, moved, by_id=False)
    if old is not None:
        return _successor(name, old, str(moved[old][4]), live, kind, on_replaced, strict)
    taken = {hit for hit in hits if hit[0]}
    others = hits - taken
    if not taken and not strict:
        taken, others = others, set()
    described = _Describer(live, store, lang)
    if len(taken) == 1:
        what, iri = next(iter(taken))
        if others and on_replaced is not None:
            on_replaced(AlsoFits(name, iri, tuple(described.one(o) for _w, o in sorted(others, key=_by_iri))))
        return what, IRI(iri)
    if taken:
        raise SrbError(f"'{name}' fits more than one {kind}: {described.listed(taken)}; "
                       "give the id or more of the label")
    if others:
        raise SrbError(f"'{name}' names no {kind}, only {described.listed(others)}")
    by_key = {key: local_id(iri) for key, found in index.items() for what, iri in found if what or not strict}
    hint = did_you_mean(wanted, list(by_key), n=3)
    if hint:
        names = [by_key[key] for key in re.findall(r"'([^']*)'", hint)]
        hint = f" (did you mean {', '.join(repr(n) for n in dict.fromkeys(names))}?)"
    raise SrbError(f"no {kind} named '{name}'{hint}")


def _by_iri(hit: tuple[str, str]) -> str:
    return hit[1]


class _Describer:
    """Candidates as a reader tells them apart: id, kind (the class's label in *lang*, its first
    word where the ontology gives several: "Bremse / Hürde" → "Bremse") and label."""

    def __init__(self, rows, store, lang: str):
        self.rows = {str(row[0]): row for row in rows}
        self.store, self.lang = store, lang
        self._kinds: dict[str, str] | None = None

    def kind(self, cls: str) -> str:
        if self._kinds is None:
            self._kinds = {}
            if self.store is not None:  # kept between runs where the store keeps results
                store = self.store
                rows = store.remember("class-labels", (_CLASS_LABELS,), lambda: [
                    (str(iri), _text(de), _text(en)) for iri, de, en in store.select_values(_CLASS_LABELS)],
                    to_rows=list, from_rows=list)
                for iri, label_de, label_en in rows:
                    label = label_en if self.lang == "en" else label_de
                    if label is not None:
                        self._kinds[_class_of(str(iri))] = str(label).split(" / ")[0]
        return self._kinds.get(cls, cls)

    def one(self, iri: str) -> tuple[str, str, str]:
        row = self.rows.get(iri)
        if row is None:
            return iri, "", ""
        label = (row[3] if self.lang == "en" else row[2]) or row[2] or row[3] or ""
        return iri, self.kind(row[5] or ""), label

    def listed(self, hits) -> str:
        shown = []
        for _what, iri in sorted(hits, key=lambda hit: (not hit[0], hit[1]))[:12]:
            iri, kind, label = self.one(iri)
            shown.append(f"{local_id(iri)} ({kind}: {label})" if label else f"{local_id(iri)} ({kind})")
        return ", ".join(shown) + (f" and {len(hits) - 12} more" if len(hits) > 12 else "")


def _index(rows) -> dict[str, set[tuple[str, str]]]:
    """Folded id, labels and IRI → the ``(kind, IRI)`` they name."""
    index: dict[str, set[tuple[str, str]]] = {}
    for iri, what, label_de, label_en, *_rest in rows:
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


def _replaced_named(name: str, wanted: str, moved: dict, *, by_id: bool) -> str | None:
    """The replaced entity whose id or IRI (*by_id*) or else whose old label is *wanted*, or None;
    raises when old labels of entities with different successors fit."""
    found = {old: str(row[4]) for old, row in moved.items()
             if wanted in ({fold(local_id(old)), fold(old)} if by_id else {fold(str(l)) for l in row[2:4] if l})}
    if len(set(found.values())) > 1:
        raise SrbError(f"'{name}' fits more than one replaced entity: {', '.join(local_id(o) for o in sorted(found))}; "
                       "give the id")
    return min(found) if found else None


def _successor(name: str, old: str, new: str, live, kind: str, on_replaced: OnReplaced | None,
               strict: bool = True) -> tuple[str, str]:
    """``(kind, IRI)`` of the successor *new* of the replaced entity *old*, the caller told."""
    from ..terms import IRI

    what = next((row[1] for row in live if str(row[0]) == new), None)
    if what is None or (strict and not what):
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


#: the relations a reader names between two entities (the ontology's object properties in srb:)
_RELATIONS = """PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?property ?labelDe ?labelEn WHERE {
  ?property a owl:ObjectProperty .
  FILTER(STRSTARTS(STR(?property), "https://w3id.org/srbgraph/ontology#"))
  OPTIONAL { ?property rdfs:label ?labelDe . FILTER(lang(?labelDe) = "de") }
  OPTIONAL { ?property rdfs:label ?labelEn . FILTER(lang(?labelEn) = "en") }
}"""


def relations(source) -> dict[str, tuple[str, str]]:
    """Every relation of the ontology: its local name → its German and English label."""
    return {str(prop)[len(SRB):]: (_text(de) or "", _text(en) or "")
            for prop, de, en in as_store(source).select_values(_RELATIONS)}


def resolve_relation(source, name: str, lang: str = "de", among: tuple[str, ...] | None = None) -> str:
    """The local name (``hinders``) of the relation named *name*: its name (``hinders``,
    ``srb:hinders``, the IRI) or its label in either language as the ontology gives it and the
    views print it (``bremst``, ``setzt an bei``, ``hinders``, ``contributes to``), or the first
    words of one label that fit no other (``setzt an``, ``trägt bei``); case, umlauts and hyphens do
    not matter. *among*: only these relations. Raises naming the accepted words (in *lang* first)."""
    known = relations(source)
    if among is not None:
        known = {local: labels for local, labels in known.items() if local in among}
    text = name.strip()
    for prefix in (SRB, "srb:"):
        text = text.removeprefix(prefix)
    wanted = fold(text)
    exact = {local for local, labels in known.items() if wanted in {fold(local), *(fold(l) for l in labels if l)}}
    if len(exact) == 1:
        return exact.pop()
    begun = {local for local, labels in known.items()
             if any(_whole_words(l, text) for l in labels if l)}
    if len(begun) == 1 and not exact:
        return begun.pop()
    first = 0 if lang == "de" else 1
    words = "; ".join(f"{labels[first] or local} ({local})" for local, labels in sorted(known.items()))
    fits = exact or begun
    if fits:
        raise SrbError(f"'{name}' fits more than one relation: {', '.join(sorted(fits))}; the relations: {words}")
    raise SrbError(f"no relation named '{name}'; the relations: {words}")


def _whole_words(label: str, given: str) -> bool:
    """Whether *given* is the first whole words of *label* ("setzt an" of "setzt an bei", not "setz")."""
    words, said = [fold(w) for w in label.split()], [fold(w) for w in given.split()]
    return bool(said) and said == words[:len(said)]
