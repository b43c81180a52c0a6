"""Entities as readers name them: an id, an IRI or a German or English label, found tolerantly."""
from __future__ import annotations

import re
from typing import NamedTuple

from ..errors import SrbError, did_you_mean
from ..stores.select import as_store
from ..terms import SRB, SRBR, fold, local_id
from . import catalogue as queries


class Node(NamedTuple):
    """An individual as a reader sees it: its IRI, id and label (in the language asked for)."""

    iri: str
    id: str
    text: str = ""

    def label(self, lang: str | None = None) -> str:  # noqa: ARG002 - kept for a uniform call
        return self.text or self.id


#: the kinds of things on a path: word → class (local name in srb:)
PATH_KINDS = {"goal": "Goal", "need": "DevelopmentNeed", "obstacle": "Obstacle", "measure": "Measure"}
_KIND_WORDS = {cls: word for word, cls in PATH_KINDS.items()}
#: a partial name must be at least this long (folded) to be taken for a whole label
_SHORTEST_PART = 4


def resolve(source, name: str, cls=None):
    """The IRI of the individual named *name* — its id, IRI, or German or English label (case,
    umlaut spelling and hyphenation do not matter; a part of one label that fits no other label
    will do) — among the members of *cls* (an IRI; default: every individual). Raises with
    "did you mean" when nothing fits, and lists the candidates when several do."""
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
    return _find(name, rows, kind)[1]


def resolve_any(source, name: str, kinds: dict[str, str] = PATH_KINDS) -> tuple[str, str]:
    """``(kind, IRI)`` of the goal, need, obstacle or measure (or other *kinds*: word → class)
    named *name*, found as :func:`resolve` finds it (the entities of those kinds are kept between
    runs where the store keeps results, see :meth:`~srbgraph.stores.base.Store.remember`)."""
    from ..terms import IRI

    store = as_store(source)
    text = queries.named("entities").text

    def every_entity() -> list[tuple]:
        return [(entity, kind, label_de, label_en) for kind, cls in kinds.items()
                for entity, label_de, label_en in store.select_values(text, {"class": IRI(SRB + cls)})]

    rows = store.remember("entities-" + "-".join(kinds), (text, *(f"{k}={c}" for k, c in kinds.items())),
                          every_entity, to_rows=list, from_rows=list)
    words = list(kinds)
    return _find(name, rows, ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0])


def _find(name: str, rows, kind: str) -> tuple[str, str]:
    """The one ``(kind, IRI)`` of *rows* (iri, kind, label_de, label_en) that *name* names."""
    from ..terms import IRI

    index: dict[str, set[tuple[str, str]]] = {}
    labels: dict[str, str] = {}
    for iri, what, label_de, label_en in rows:
        iri = str(iri)
        labels[iri] = str(label_de or label_en or "")
        for key in (local_id(iri), label_de, label_en, iri):
            if key:
                index.setdefault(fold(str(key)), set()).add((what, iri))
    wanted = fold(name)
    hits = index.get(wanted, set())
    if not hits and len(wanted) >= _SHORTEST_PART:
        hits = {hit for key, found in index.items() if wanted in key for hit in found}
    if len(hits) == 1:
        what, iri = next(iter(hits))
        return what, IRI(iri)
    if hits:
        shown = ", ".join(f"{local_id(iri)} ({what})" for what, iri in sorted(hits)[:6])
        more = f" and {len(hits) - 6} more" if len(hits) > 6 else ""
        raise SrbError(f"'{name}' fits more than one {kind}: {shown}{more}; give the id or more of the label")
    by_key = {key: local_id(iri) for key, found in index.items() for _what, iri in found}
    hint = did_you_mean(wanted, list(by_key), n=3)
    if hint:
        names = [by_key[key] for key in re.findall(r"'([^']*)'", hint)]
        hint = f" (did you mean {', '.join(repr(n) for n in dict.fromkeys(names))}?)"
    raise SrbError(f"no {kind} named '{name}'{hint}")


_IS_A = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
         "ASK { ?entity a/rdfs:subClassOf* ?class }")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _by_id(name: str):
    """The IRI for a name written as an id (``goal-…``), without asking the store."""
    from ..terms import IRI

    return IRI(SRBR + name) if _ID.match(name) else None
