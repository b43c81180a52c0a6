"""Entities as readers name them: an id, an IRI or a German or English label, found tolerantly."""
from __future__ import annotations

import re
from difflib import get_close_matches
from typing import NamedTuple

from ..errors import SrbError
from ..stores.select import as_store
from ..terms import SRB, SRBR, fold, local_id
from . import queries


class Node(NamedTuple):
    """An individual as a reader sees it: its IRI, id and label (in the language asked for)."""

    iri: str
    id: str
    text: str = ""

    def label(self, lang: str | None = None) -> str:  # noqa: ARG002 - kept for a uniform call
        return self.text or self.id


_KIND_WORDS = {"Goal": "goal", "Obstacle": "obstacle", "Measure": "measure", "DevelopmentNeed": "need"}


def resolve(source, name: str, cls=None):
    """The IRI of the individual named *name* — its id, IRI, or German or English label (case,
    umlaut spelling and hyphenation do not matter) — among the members of *cls* (an IRI; default:
    every individual). Raises with "did you mean" when nothing fits."""
    from ..terms import IRI

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


_IS_A = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
         "ASK { ?entity a/rdfs:subClassOf* ?class }")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _by_id(name: str):
    """The IRI for a name written as an id (``goal-…``), without asking the store."""
    from ..terms import IRI

    return IRI(SRBR + name) if _ID.match(name) else None
