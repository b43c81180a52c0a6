"""Goal → (development need) → obstacle → measure paths, and finding entities by id or label."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Iterable

from rdflib import RDF, RDFS, Graph, URIRef

from . import queries
from .errors import SrbError
from .vocabulary import SRB, SRBR


@dataclass(frozen=True)
class Node:
    """An individual of the graph as a reader sees it."""

    iri: URIRef
    id: str
    label_de: str
    label_en: str

    def label(self, lang: str = "de") -> str:
        first, second = (self.label_de, self.label_en) if lang == "de" else (self.label_en, self.label_de)
        return first or second or self.id


@dataclass(frozen=True)
class Path:
    goal: Node
    need: Node | None
    obstacle: Node
    measure: Node | None

    def as_dict(self, lang: str = "de") -> dict:
        def part(node: Node | None):
            return None if node is None else {"id": node.id, "label": node.label(lang)}

        return {"goal": part(self.goal), "need": part(self.need), "obstacle": part(self.obstacle),
                "measure": part(self.measure)}


class Labels:
    """German and English labels of the graph's individuals, read once."""

    def __init__(self, graph: Graph):
        self.de: dict[URIRef, str] = {}
        self.en: dict[URIRef, str] = {}
        for subject, label in graph.subject_objects(RDFS.label):
            lang = getattr(label, "language", None)
            if lang == "de":
                self.de[subject] = str(label)
            elif lang == "en":
                self.en[subject] = str(label)

    def node(self, iri: URIRef | None) -> Node | None:
        if iri is None:
            return None
        text = str(iri)
        ident = text[len(SRBR):] if text.startswith(str(SRBR)) else text
        return Node(iri, ident, self.de.get(iri, ""), self.en.get(iri, ""))


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents, hyphens, spaces and punctuation dropped:
    ``Fachkräfte-mangel`` and ``fachkraeftemangel`` fold alike."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)


def resolve(graph: Graph, name: str, cls: URIRef | None = None) -> URIRef:
    """The individual named *name*: its id, its IRI, or its German or English label (case, umlaut
    spelling and hyphenation do not matter). Raises with "did you mean" when nothing fits."""
    members: Iterable[URIRef]
    if cls is None:
        members = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(str(SRBR))}
    else:
        classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
        members = {s for c in classes for s in graph.subjects(RDF.type, c)}
    labels = Labels(graph)
    index: dict[str, set[URIRef]] = {}
    for iri in members:
        node = labels.node(iri)
        for key in (node.id, node.label_de, node.label_en, str(iri)):
            if key:
                index.setdefault(fold(key), set()).add(iri)
    wanted = fold(name)
    hits = index.get(wanted, set())
    if len(hits) == 1:
        return next(iter(hits))
    kind = "entity" if cls is None else str(cls).rsplit("#", 1)[-1].lower()
    if len(hits) > 1:
        ids = ", ".join(sorted(labels.node(h).id for h in hits))
        raise SrbError(f"'{name}' names more than one {kind}: {ids}")
    close = get_close_matches(wanted, list(index), n=3, cutoff=0.6)
    partial = sorted(k for k in index if wanted and wanted in k)[:3]
    suggestions = []
    for key in close + partial:
        for iri in sorted(index[key]):
            ident = labels.node(iri).id
            if ident not in suggestions:
                suggestions.append(ident)
    hint = f" (did you mean {', '.join(repr(s) for s in suggestions[:3])}?)" if suggestions else ""
    raise SrbError(f"no {kind} named '{name}'{hint}")


def find_paths(graph: Graph, goals: Iterable[str] = (), lang: str = "de") -> list[Path]:
    """All goal → (need) → obstacle → measure paths, or those starting at *goals* (ids or labels)."""
    query = queries.named("paths")
    labels = Labels(graph)
    starts = [resolve(graph, g, SRB.Goal) for g in goals] or [None]
    result: list[Path] = []
    seen = set()
    for start in starts:
        bindings = {"goal": start} if start is not None else {}
        for row in graph.query(query.text, initBindings=bindings):
            goal = start if start is not None else row.goal
            key = (goal, row.need, row.obstacle, row.measure)
            if key in seen:
                continue
            seen.add(key)
            result.append(Path(labels.node(goal), labels.node(row.need), labels.node(row.obstacle),
                               labels.node(row.measure)))
    result.sort(key=lambda p: (p.goal.label(lang).lower(), p.need.label(lang).lower() if p.need else "",
                               p.obstacle.label(lang).lower(),
                               p.measure.label(lang).lower() if p.measure else ""))
    return result
