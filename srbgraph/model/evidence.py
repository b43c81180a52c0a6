"""The evidence of an entity or of a link, read in the source: each quote with the lines around it.

A reader who wants to check a link ("does the document really say that this obstacle hinders that
goal?") gets every quote the link rests on, where it stands in the source text, two lines before
and after, and the section — so the check takes seconds, not a search through 90 pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..curated.source_text import SourceText
from ..errors import SrbError
from ..stores.select import as_store
from ..terms import IRI, SRB, SRBR, Literal, local_id
from .entities import AlsoFits, Replacement, relations, resolve, resolve_relation

_EVIDENCE = """PREFIX srb: <https://w3id.org/srbgraph/ontology#>
SELECT ?evidence ?quote ?section ?file WHERE {
  ?subject srb:hasEvidence ?evidence . ?evidence srb:quote ?quote ; srb:section ?section .
  OPTIONAL { ?evidence srb:sourceFile ?file }
}"""
_ASSERTION = """PREFIX srb: <https://w3id.org/srbgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?assertion ?support ?rationale WHERE {
  ?assertion rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; srb:support ?support .
  OPTIONAL { ?assertion srb:rationale ?rationale . FILTER(lang(?rationale) = ?lang) }
}"""
#: the relations links of the graph have (each link has an assertion that names it)
_LINK_RELATIONS = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?p WHERE { ?assertion rdf:predicate ?p }"""
_LABEL = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?entity rdfs:label ?label . FILTER(lang(?label) = ?lang) }"""


@dataclass
class Passage:
    """One quote, and where it stands: the lines around it, the quote's spans on them."""

    quote: str
    section: str
    file: str  # the text it stands in (the source, or a reference file)
    found: bool = False
    first_line: int = 0  # number of the first line in *lines*
    lines: list[str] = field(default_factory=list)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # index in lines → (start, end) of the quote


@dataclass
class Evidence:
    """What is shown for one entity or one link."""

    title: str  # "srbr:x" or "srbr:s hinders srbr:o", with labels
    support: str | None = None  # a link's support level (stated, interpreted)
    rationale: str = ""
    passages: list[Passage] = field(default_factory=list)
    #: names that named a replaced entity: an entity shows its own quotes, a link its successor's
    replacements: list[Replacement] = field(default_factory=list)
    #: names that fit other entities beside the one shown (a finding that quotes a goal's label)
    also: list[AlsoFits] = field(default_factory=list)


def evidence_in_context(source, names: list[str], text: SourceText, *, reference_dir: Path | None = None,
                        lang: str = "de", around: int = 2) -> Evidence:
    """The evidence of the entity ``names[0]``, or of the link ``names`` = SUBJECT RELATION OBJECT,
    each quote placed in *text* (or in the reference file its evidence names) with *around* lines.
    A replaced entity shows its own quotes, and :attr:`Evidence.replacements` names its successor."""
    store = as_store(source)
    told: list = []
    if len(names) == 1:
        iri = resolve(store, names[0], on_replaced=told.append, lang=lang)
        moved = [t for t in told if isinstance(t, Replacement)]
        iri = IRI(moved[0].old) if moved else iri  # its own quotes, not its successor's
        subject, found = iri, Evidence(_title(store, iri, lang))
    elif len(names) == 3:
        subject, found = _link(store, names, lang, told.append)
    else:
        raise SrbError("give an entity (ID) or a link (SUBJECT RELATION OBJECT), e.g. "
                       "srbgraph evidence obstacle-haltung-der-akteure hinders need-intensivere-beteiligung-aller-akteure")
    rows = store.select(_EVIDENCE, {"subject": subject}).rows
    references: dict[str, SourceText] = {}
    for _ev, quote, section, file in sorted(rows, key=lambda r: _order(str(r[0]))):
        where = text
        if file is not None:
            where = references.get(str(file)) or _reference(str(file), reference_dir, references)
        found.passages.append(place(where, str(quote), str(section), around))
    found.replacements = [t for t in told if isinstance(t, Replacement)]
    found.also = [t for t in told if isinstance(t, AlsoFits)]
    return found


def _link(store, names: list[str], lang: str, on_replaced):
    subject_name, relation, object_name = names
    subject = resolve(store, subject_name, on_replaced=on_replaced, lang=lang)
    target = resolve(store, object_name, on_replaced=on_replaced, lang=lang)
    relation = resolve_relation(store, relation, lang, among=tuple(
        str(p)[len(SRB):] for (p,) in store.select_values(_LINK_RELATIONS) if str(p).startswith(SRB)))
    predicate = IRI(SRB + relation)
    rows = store.select(_ASSERTION, {"s": subject, "p": predicate, "o": target, "lang": Literal(lang)}).rows
    if not rows:
        reverse = store.select(_ASSERTION, {"s": target, "p": predicate, "o": subject, "lang": Literal(lang)}).rows
        turned = (f"; the graph has it the other way round: srbgraph evidence {local_id(target)} {relation} "
                  f"{local_id(subject)}") if reverse else f" (srbgraph paths {local_id(subject)} lists its links)"
        raise SrbError(f"no link {local_id(subject)} {relation} {local_id(target)} in the graph{turned}")
    assertion, support, rationale = rows[0]
    labels = relations(store).get(relation, ("", ""))
    shown = (labels[1] if lang == "en" else labels[0]) or relation
    title = f"{_title(store, subject, lang)} {shown} {_title(store, target, lang)}"
    return assertion, Evidence(title, str(support)[len(SRB):], str(rationale or ""))


def _title(store, iri, lang: str) -> str:
    rows = store.select(_LABEL, {"entity": IRI(iri), "lang": Literal(lang)}).rows
    shown = f"srbr:{str(iri)[len(SRBR):]}" if str(iri).startswith(SRBR) else str(iri)
    return f"{shown} ({rows[0][0]})" if rows else shown


def _order(evidence_iri: str) -> tuple:
    tail = evidence_iri.rsplit("-", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, evidence_iri)


def _reference(name: str, folder: Path | None, cache: dict) -> SourceText:
    if folder is None:
        raise SrbError(f"a quote stands in the reference file {name}; give its folder with --reference-dir")
    path = Path(folder) / name.split("/", 1)[-1]
    cache[name] = SourceText.from_file(path)
    return cache[name]


def place(text: SourceText, quote: str, section: str, around: int = 2) -> Passage:
    """*quote* placed in *text*: the lines it covers and *around* lines before and after."""
    passage = Passage(quote, section, text.name)
    where = text.locate(quote)
    if where is None:
        return passage
    start, end = where
    lines = text.text.split("\n")
    first = text.text.count("\n", 0, start)
    last = text.text.count("\n", 0, max(end - 1, start))
    top, bottom = _widen(lines, first, -1, around), _widen(lines, last, 1, around)
    passage.found, passage.first_line, passage.lines = True, top + 1, lines[top:bottom + 1]
    offset = sum(len(line) + 1 for line in lines[:top])
    for index in range(first - top, last - top + 1):
        line_start = offset + sum(len(line) + 1 for line in passage.lines[:index])
        line = passage.lines[index]
        a, b = max(start, line_start) - line_start, min(end, line_start + len(line)) - line_start
        while b > a and line[b - 1].isspace():
            b -= 1
        if b > a:
            passage.spans[index] = (a, b)
    return passage


def _widen(lines: list[str], at: int, step: int, count: int) -> int:
    """The index *count* non-blank lines away from *at* in direction *step* (the text extracted
    from the PDF has a blank line between most lines)."""
    while count > 0 and 0 <= at + step < len(lines):
        at += step
        count -= bool(lines[at].strip())
    return at
