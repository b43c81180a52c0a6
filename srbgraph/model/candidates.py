"""Candidate links for curators: passages of the source that name two path entities no link connects.

A recall aid in the manner of the co-occurrence tables of MAXQDA or ATLAS.ti. The source text is cut
into passages (:mod:`srbgraph.curated.passages`: sentences, list items with their heading, and two
or three sentences of which each takes up the one before: "Daher", "Diese Faktoren" …). A passage
*mentions* a goal (guiding goal, action goal, goal fragment), development need, obstacle, measure or
indicator when it holds

* one of its **names** — its German label, an ``skos:altLabel``, the label of an entity it replaced
  (``dcterms:isReplacedBy``), or a label without its part in brackets — word for word up to word
  endings (:mod:`srbgraph.curated.stemming`): strength 1.0; or
* enough of one name's **distinctive stems** — the stems of its words that are no function words and
  stand in the names of at most one entity in fifteen (:data:`COMMON_SHARE`; "Sozialraumbudget",
  "Kita", "Finanzierung", "Beteiligung", "Akteur" are too common to tell entities apart): all of
  them where a name has up to three, else at least three that hold at least :data:`LEAST_SHARE`
  of their weight (a stem weighs 1 / the number of entities whose names hold it); a name of one
  such word is found by that word. A stem is also found as part of a compound (``Koordination`` in
  ``Koordinationsstelle``), a compound as its two parts near each other (``Fachkräftemangel`` in
  "Mangel an Fachkräften") or, beside another stem found whole, as its last part (``Befristung``
  for ``Stellenbefristung``). Strength: 0.8 × the share of the weight found.

Every two entities a passage mentions that some path relation
(:data:`~srbgraph.model.paths.RELATIONS`, read when it runs) could connect by the classes of
its ``rdfs:domain`` and ``rdfs:range``, and that no link of the graph connects (in either direction,
a rejected one included: the curation has weighed that pair), are a **candidate** — unless one of
the two is found only in the words of the other, or, in a list item, both only in its heading, or,
in connected sentences, both in one of them (that sentence is a candidate of its own). Its **score** is the mean strength of the two
mentions, plus :data:`CUE` when the passage holds a cue word of the relation that could connect them
(:data:`CUES`: "gebremst", "Hürde", "Voraussetzung", "braucht", "Basis für", "dient", "Daher",
"um … zu" …), which the candidate then shows. Best first: by score, then by place in the source.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from bisect import bisect_left, bisect_right
from itertools import combinations

from ..curated.passages import Passage, connected, passages
from ..curated.stemming import is_stop_word, stem, tokens
from ..stores.select import as_store
from ..terms import SRB, Literal, local_id
from . import catalogue

#: a stem in the names of more than this share of the path entities (and more than two) says too
#: little to find one
COMMON_SHARE = 1 / 15
#: always too common to tell entities apart: the documentation's subject itself
ALWAYS_COMMON = frozenset({"sozialraumbudget", "kita"})
#: the share of a name's distinctive stems a passage must hold (of more than three; of up to three: all)
LEAST_SHARE = 0.5
#: score added for a cue word of the relation that could connect the two
CUE = 0.3
#: how many words apart the two parts of a compound may stand ("Mangel an Fachkräften")
NEAR = 4
#: strength of a mention by a name's words (by its distinctive stems: this × the share found)
NAME, STEMS = 1.0, 0.8

#: relation → cue words (regular expressions on the text in lower case, umlauts as plain vowels,
#: ß as s); after the reading rule of docs/link-reading.md
CUES: dict[str, tuple[str, ...]] = {
    "hinders": (r"\bbrems\w*", r"\bgebremst\b", r"\bhurden?\b", r"\bstorfaktor\w*", r"\bproblem\w*",
                r"\bherausforderung\w*", r"\bbegrenz\w*", r"\brisikofaktor\w*", r"\bwiderspruch\b",
                r"\bfehl(?:t|en|ende[nrs]?)\b", r"\b(?:ver)?hinder\w*", r"\berschwer\w*", r"\bschwierigkeit\w*"),
    "requires": (r"\bvoraussetzung\w*", r"\bbrauch(?:t|en)\b", r"\bbedarf (?:es|einer|eines|der|des)\b",
                 r"\bnotwendig fur\b", r"\bgrundlegend fur\b", r"\bbasis fur\b", r"\berforderlich\w*",
                 r"\bbenotig\w*"),
    "basisFor": (r"\bbasis fur\b", r"\bgrundlage fur\b"),
    "supports": (r"\bdien(?:t|en|lich)\b", r"\bum\b(?:\s+\S+){1,8}?\s+zu\b", r"\bdaher\b", r"\baufgabe darin\b",
                 r"\bessenziell zur?\b", r"\bchance fur\b"),
    "measuredBy": (r"\berfolgsindikator\w*", r"\bindikator\w*", r"\bworan erkenne\w*", r"\bmessbar\w*",
                   r"\bmesswert\w*"),
    "contributesTo": (r"\bleitziel\w*", r"\bbeitrag\w*", r"\bbeitragen\b"),
    "fragmentOf": (r"\bleitziel\w*", r"\bzielfragment\w*", r"\bfragment\w*", r"\bdas heist\b"),
}
CUES["addresses"] = CUES["supports"]
_CUE_FOLD = str.maketrans("ÄÖÜäöüß", "aouaous")

_RELATION_ENDS = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?relation ?side ?class WHERE {
  VALUES ?side { rdfs:domain rdfs:range }
  ?relation ?side ?end .
  OPTIONAL { ?end owl:unionOf/rdf:rest*/rdf:first ?member }
  BIND(COALESCE(?member, ?end) AS ?class)
  FILTER(isIRI(?class))
}"""


@dataclass(frozen=True)
class PathEntity:
    """A goal, need, obstacle, measure or indicator with the names it is looked for by."""

    iri: str
    kind: str  # the label of its class (Handlungsziel, Bremse / Hürde / Störfaktor …)
    classes: frozenset  # its classes and the top path class they fall under (IRIs)
    names: tuple  # German names: label, alternative labels, labels of the entities it replaced

    @property
    def id(self) -> str:
        return local_id(self.iri)


@dataclass(frozen=True)
class Mention:
    entity: PathEntity
    strength: float
    places: frozenset  # indexes of the passage's words it was found in


@dataclass(frozen=True)
class Candidate:
    """Two entities one passage names and no link connects, the relation that could, and why."""

    score: float
    first: PathEntity  # the subject of *relation*
    second: PathEntity
    relation: str
    cue: str  # the cue word of the passage (as written), or ""
    passage: Passage
    excerpt: str  # the passage, cut to about EXCERPT characters around the two mentions


@dataclass
class CandidateReport:
    candidates: list[Candidate] = field(default_factory=list)
    passages: int = 0
    entities: int = 0


#: how many characters of a passage a candidate shows
EXCERPT = 300


def find_candidates(source, text: str, lang: str = "de") -> CandidateReport:
    """The candidates of the source *text* (see the module's description) against the graph of
    *source* (a store or an rdflib graph), best first; kinds in *lang*."""
    from .paths import RELATIONS  # the path relations (as curated.links.LINK_RELATIONS, without YAML)

    store = as_store(source)
    entities = path_entities(store, lang)
    ends = relation_ends(store, RELATIONS)
    linked = linked_pairs(store, RELATIONS)
    index = NameIndex(entities)
    found = passages(text)
    mentions = {id(p): index.mentions(p) for p in found}
    candidates: dict[tuple, Candidate] = {}
    for passage in found:
        _pair_up(passage, mentions[id(passage)], ends, linked, candidates)
    for run, joined in connected(found):
        known = {frozenset((a.entity.iri, b.entity.iri)) for p in run
                 for a, b in combinations(mentions[id(p)], 2)}
        both, starts, offset = [], [], 0
        for sentence in run:  # the mentions of each sentence, their word indexes moved behind the ones before
            starts.append(offset)
            both += [Mention(m.entity, m.strength, frozenset(at + offset for at in m.places))
                     for m in mentions[id(sentence)]]
            offset += len(tokens(sentence.text))
        _pair_up(joined, both, ends, linked, candidates, skip=known, sentences=starts)
    ranked = sorted(candidates.values(), key=lambda c: (-c.score, c.passage.line, c.first.id, c.second.id))
    return CandidateReport(ranked, len(found), len(entities))


def path_entities(source, lang: str = "de") -> list[PathEntity]:
    """Every path entity with its names (the named query ``path-entities``)."""
    rows = as_store(source).select(catalogue.named("path-entities").text, {"lang": Literal(lang)}).rows
    classes: dict[str, set] = defaultdict(set)
    names: dict[str, list] = defaultdict(list)
    kinds: dict[str, dict] = defaultdict(dict)
    for entity, cls, top, class_label, _label, name in rows:
        entity = str(entity)
        classes[entity] |= {str(cls), str(top)}
        kinds[entity][str(cls)] = (str(cls) == str(top), str(class_label or local_id(str(cls))))
        if name is not None and str(name) not in names[entity]:
            names[entity].append(str(name))
    found = []
    for entity, by_class in kinds.items():
        # the most specific class names the kind: one below its top path class, where there is one
        kind = min(by_class.values())[1]
        found.append(PathEntity(entity, kind, frozenset(classes[entity]), tuple(names[entity])))
    return sorted(found, key=lambda e: e.iri)


def relation_ends(source, relations) -> dict[str, tuple[frozenset, frozenset]]:
    """relation → (classes of its domain, classes of its range), as the graph's ontology declares
    them (a union of classes as its members); a relation without a domain and a range there is left out."""
    domains: dict[str, set] = defaultdict(set)
    ranges: dict[str, set] = defaultdict(set)
    for relation, side, cls in as_store(source).select(_RELATION_ENDS).rows:
        name = str(relation)[len(SRB):] if str(relation).startswith(SRB) else ""
        if name in relations:
            (domains if str(side).endswith("domain") else ranges)[name].add(str(cls))
    return {name: (frozenset(domains[name]), frozenset(ranges[name])) for name in relations
            if domains[name] and ranges[name]}


def linked_pairs(source, relations) -> set[frozenset]:
    """The pairs of entities a link of one of *relations* connects (``links``: every link with its
    assertion, a rejected one included)."""
    result = as_store(source).select(catalogue.named("links").text, {"lang": Literal("de")})
    at = {name: result.variables.index(name) for name in ("subject", "relation", "object")}
    return {frozenset((str(row[at["subject"]]), str(row[at["object"]]))) for row in result.rows
            if str(row[at["relation"]]).removeprefix(SRB) in relations}


class NameIndex:
    """The path entities' names, ready to be found in passages."""

    def __init__(self, entities: list[PathEntity]):
        self.entities = entities
        content = {e.iri: {t.stem for name in e.names for t in tokens(name) if _is_content(t.stem)}
                   for e in entities}
        frequency: dict[str, int] = defaultdict(int)
        for stems in content.values():
            for item in stems:
                frequency[item] += 1
        limit = max(COMMON_SHARE * len(entities), 2)
        self.common = {s for s, n in frequency.items() if n > limit} | ALWAYS_COMMON
        #: a stem's weight: the fewer entities' names hold it, the more it tells
        self.weight = {s: 1 / n for s, n in frequency.items()}
        # per entity: (word stems of a name, its distinctive stems, whether it has no other content)
        self.names: dict[str, list[tuple[tuple, frozenset, bool]]] = {}
        for entity in entities:
            forms = []
            for name in _variants(entity.names):
                words = tuple(t.stem for t in tokens(name))
                stems = {s for s in words if _is_content(s)}
                forms.append((words, frozenset(stems - self.common), len(stems) == 1))
            self.names[entity.iri] = forms
        wanted = {s for forms in self.names.values() for _w, distinct, _one in forms for s in distinct}
        self.wanted = wanted
        self.splits = {s: _splits(s) for s in wanted if len(s) >= 8}
        # the last part of a compound stands for it ("Befristung" for "Stellenbefristung")
        self.heads: dict[str, set] = defaultdict(set)
        for item in wanted:
            for size in range(6, len(item) - 3):
                self.heads[item[-size:]].add(item)

    def mentions(self, passage: Passage) -> list[Mention]:
        """The entities *passage* mentions (in its heading and its text), each at its strongest."""
        stems = [t.stem for t in tokens(passage.full)]
        hits, heads = self._stem_hits(stems)
        found = []
        for entity in self.entities:
            best: Mention | None = None
            for words, distinct, single in self.names[entity.iri]:
                mention = _by_words(entity, words, stems) or self._by_stems(entity, distinct, single, hits, heads)
                if mention and (best is None or mention.strength > best.strength):
                    best = mention
            if best:
                found.append(best)
        return found

    def _by_stems(self, entity: PathEntity, distinct: frozenset, single: bool, hits: dict,
                  heads: dict) -> Mention | None:
        """A mention by enough of a name's distinctive stems: all of up to three; else at least
        three, holding at least :data:`LEAST_SHARE` of their weight. A compound found only by its
        last part counts where the name has other distinctive stems, one of them found whole. Its
        strength: :data:`STEMS` × the share of the weight found."""
        if not distinct or (len(distinct) == 1 and not single):
            return None
        whole = [s for s in distinct if hits.get(s)]
        if not whole:
            return None
        found = whole + [s for s in distinct if len(distinct) > 1 and s in heads]
        share = sum(self.weight.get(s, 1.0) for s in found) / sum(self.weight.get(s, 1.0) for s in distinct)
        if len(found) < len(distinct) and (len(distinct) <= 3 or len(found) < 3 or share < LEAST_SHARE):
            return None
        places = frozenset(at for s in found for at in hits.get(s) or heads[s])
        return Mention(entity, round(STEMS * share, 2), places)

    def _stem_hits(self, stems: list[str]) -> tuple[dict[str, set], dict[str, set]]:
        """distinctive stem → indexes of the words it is found in: the word itself, a compound
        that starts or ends with it (and has four letters more), or its two parts at most
        :data:`NEAR` words apart; and, apart, compound stem → indexes of its last part (of six
        letters or more: "Befristung" for "Stellenbefristung"), where it is not found whole."""
        where: dict[str, set] = defaultdict(set)
        for at, item in enumerate(stems):
            where[item].add(at)
        hits: dict[str, set] = defaultdict(set)
        heads: dict[str, set] = defaultdict(set)
        for item, places in where.items():
            if item in self.wanted:
                hits[item] |= places
            for size in range(5, len(item) - 3):
                for part in (item[:size], item[-size:]):
                    if part in self.wanted:
                        hits[part] |= places
            if len(item) >= 6:
                for compound in self.heads.get(item, ()):
                    heads[compound] |= places
        for item, splits in self.splits.items():
            for left, right in splits:
                near = _near(where.get(left, ()), where.get(right, ()))
                if near:
                    hits[item] |= near
                    break
        return hits, {item: places for item, places in heads.items() if item not in hits}


def _near(lefts, rights) -> set[int]:
    """The places of *lefts* and *rights* (word indexes) that stand at most :data:`NEAR` words from
    one of the other (each left place looked up among the sorted right ones: no pair is tried twice)."""
    if not lefts or not rights:
        return set()
    rights = sorted(rights)
    found: set[int] = set()
    for at in lefts:
        low, high = bisect_left(rights, at - NEAR), bisect_right(rights, at + NEAR)
        if low < high:
            found.add(at)
            found.update(rights[low:high])
    return found


def _is_content(item: str) -> bool:
    return len(item) >= 3 and not is_stop_word(item)


def _variants(names) -> list[str]:
    """The names, and each without its parts in brackets where two words or more remain."""
    found = list(names)
    for name in names:
        short = " ".join(re.sub(r"\([^()]*\)", " ", name).split())
        if short != name and len([t for t in tokens(short) if _is_content(t.stem)]) >= 2 and short not in found:
            found.append(short)
    return found


def _splits(item: str) -> list[tuple[str, str]]:
    """The ways a compound's stem parts into two stems of four letters or more (the first also as
    a noun's stem, without a joining e/s/n)."""
    found = []
    for at in range(4, len(item) - 3):
        left, right = item[:at], item[at:]
        if is_stop_word(right):
            continue
        for part in dict.fromkeys((left, stem(left, noun=True))):
            if len(part) >= 4:
                found.append((part, right))
    return found


def _by_words(entity: PathEntity, words: tuple, stems: list[str]) -> Mention | None:
    """A mention by a name word for word (up to endings)."""
    size = len(words)
    if not size:
        return None
    for at in range(len(stems) - size + 1):
        if stems[at] == words[0] and tuple(stems[at:at + size]) == words:
            return Mention(entity, NAME, frozenset(range(at, at + size)))
    return None


def _pair_up(passage: Passage, mentions: list[Mention], ends: dict, linked: set, out: dict, *,
             skip: set = frozenset(), sentences: list[int] | None = None) -> None:
    """Add to *out* the candidates of one passage (see the module's description); of connected
    sentences only pairs whose ends stand in different sentences (*sentences*: the index of each
    one's first word) and that no single sentence names together (*skip*)."""
    heading = len(tokens(passage.heading)) if passage.kind == "item" else 0
    cues = None  # the passage's cue words, found once where a pair needs them
    for a, b in combinations(mentions, 2):
        pair = frozenset((a.entity.iri, b.entity.iri))
        if a.entity.iri == b.entity.iri or pair in linked or pair in skip:
            continue
        if a.places <= b.places or b.places <= a.places:
            continue  # one is found only in the other's words
        if heading and max(a.places | b.places) < heading:
            continue  # both only in the heading of a list item: the item adds nothing
        if sentences and _sentence(a, sentences) == _sentence(b, sentences):
            continue
        if min(b.places) < min(a.places):
            a, b = b, a  # the one named first is the subject where a relation could run either way
        options = _relations(a, b, ends)
        if not options:
            continue
        if cues is None:
            cues = _cues(_cue_text(passage.full))
        candidate = _candidate(passage, cues, a, b, options)
        key = (passage.line, passage.kind, candidate.first.iri, candidate.second.iri)
        if key not in out or out[key].score < candidate.score:
            out[key] = candidate


def _sentence(mention: Mention, starts: list[int]) -> int:
    """Which of connected sentences (their first words at *starts*) the mention begins in."""
    return max(at for at, start in enumerate(starts) if start <= min(mention.places))


def _relations(a: Mention, b: Mention, ends: dict) -> list[tuple[str, Mention, Mention]]:
    """(relation, subject, object) for every relation that could connect the two."""
    found = []
    for relation, (domain, range_) in ends.items():
        if a.entity.classes & domain and b.entity.classes & range_:
            found.append((relation, a, b))
        if b.entity.classes & domain and a.entity.classes & range_:
            found.append((relation, b, a))
    return found


def _candidate(passage: Passage, cues: dict, a: Mention, b: Mention, options) -> Candidate:
    fitting = [(relation, s, o) for relation, s, o in options if relation in cues]
    relation, subject, target = (fitting or options)[0]
    score = round((a.strength + b.strength) / 2 + (CUE if fitting else 0.0), 2)
    span = cues[relation] if fitting else None
    return Candidate(score, subject.entity, target.entity, relation, passage.full[slice(*span)] if span else "",
                     passage, _excerpt(passage, a.places | b.places, span))


def _cue_text(text: str) -> str:
    """*text* folded as :data:`CUES` are written (lower case, umlauts as plain vowels, ß as s), each
    character one character, so that a cue's place is its place in *text*."""
    return "".join(ch.lower()[:1] for ch in text).translate(_CUE_FOLD)


def _cues(text: str) -> dict[str, tuple[int, int]]:
    """relation → the place of its first cue word in *text* (folded as :data:`CUES` are written)."""
    found = {}
    for relation, patterns in CUES.items():
        places = [m.span() for p in patterns for m in [re.search(p, text)] if m]
        if places:
            found[relation] = min(places)
    return found


def _excerpt(passage: Passage, places: frozenset, cue: tuple[int, int] | None = None) -> str:
    """The passage, cut to about :data:`EXCERPT` characters around the words at *places* and the cue
    word at *cue*; where they stand further apart, its start and its end with "…" between."""
    text = passage.full
    if len(text) <= EXCERPT:
        return text
    words = tokens(text)
    low = min([words[at].start for at in places] + ([cue[0]] if cue else []))
    high = max([words[at].end for at in places] + ([cue[1]] if cue else []))
    if high - low <= EXCERPT:
        low = max(0, min(low - (EXCERPT - (high - low)) // 2, len(text) - EXCERPT))
        high = low + EXCERPT
        middle = _words(text, low, high)
    else:
        half = EXCERPT // 2
        middle = f"{_words(text, low, low + half)} … {_words(text, high - half, high)}"
    return ("…" if low > 0 else "") + middle + ("…" if high < len(text) else "")


def _words(text: str, begin: int, end: int) -> str:
    """``text[begin:end]`` without a word cut at either end."""
    part = text[begin:end]
    if begin > 0 and text[begin - 1].isalnum() and text[begin].isalnum() and " " in part:
        part = part.split(" ", 1)[1]
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum() and " " in part:
        part = part.rsplit(" ", 1)[0]
    return part.strip()
