"""Static HTML documentation: the ontology (pyLODE) and a catalogue of the data.

``write_docs(folder)`` writes three self-contained pages that open offline from the file system:

* ``ontology.html`` — in English, the ontology documentation made by pyLODE (its OntPub profile),
  given only the English labels and definitions (pyLODE glues the labels of all languages
  together, and its own words are English). In German, and where pyLODE cannot be imported or
  fails, srbgraph writes its own page from the ontology graph instead and says so in the page
  (and, for a failure, in the returned notes).
* ``catalogue.html`` — the data: individuals per class, the goal → need → obstacle → measure
  path table, the table of success indicators and the replaced entities (merged or renamed: old
  id → successor; they count in no class).
* ``index.html`` — links to both.

Every page is in one language (``lang``, German by default): srbgraph's own words from
:mod:`srbgraph.render.i18n`, labels and definitions in that language. Ids and IRIs stand in
``<code>``; the body is a ``main`` landmark. Every text taken from the graph is HTML-escaped.
"""
from __future__ import annotations

import html
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..curated.vocabulary import ONTOLOGY_IRI, SRB, SRBR
from .i18n import word

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: right; }
code { background: #f5f5f5; padding: 0 .2em; } .note { color: #555; font-style: italic; }
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, lang: str = "de") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{_in_main(body)}\n</body>\n</html>\n")


def _in_main(body: str) -> str:
    """The body inside a ``main`` landmark (once)."""
    return body if body.startswith("<main>") else f"<main>\n{body}\n</main>"


def html_table(headers: list[str], rows: list[list], numeric: set[int] = frozenset(),
               code: set[int] = frozenset()) -> str:
    """A table; the columns in *numeric* right-aligned, those in *code* identifiers (ids, IRIs)."""
    def cell(i, c) -> str:
        if i in numeric:
            return f'<td class="n">{esc(c)}</td>'
        return f"<td><code>{esc(c)}</code></td>" if i in code and c != "" else f"<td>{esc(c)}</td>"

    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    body = "\n".join("<tr>" + "".join(cell(i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def label(graph: Graph, term, lang: str) -> str:
    values = {getattr(v, "language", None): str(v) for v in graph.objects(term, RDFS.label)}
    other = "en" if lang == "de" else "de"
    if values.get(lang) or values.get(other) or values.get(None):
        return values.get(lang) or values.get(other) or values.get(None)
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# --------------------------------------------------------------------------------------------
#  Ontology page
# --------------------------------------------------------------------------------------------

def _quiet_import_pylode():
    """Import pyLODE without letting it reconfigure logging (its loader calls
    ``logging.basicConfig(level=DEBUG)`` at import time)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from pylode import OntPub
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return OntPub


def pylode_html(ontology: Path, lang: str = "en") -> str:
    """The pyLODE (OntPub) page of the ontology file; raises on any failure of pyLODE.

    pyLODE writes every label and definition of a term one after the other without saying which
    language each is in ("Maßnahmemeasure"), and its own words are English: it is given a copy of
    the ontology with only the *lang* (English) labels, definitions, titles and descriptions, and
    its page gets ``<html lang>`` and colours that meet WCAG 2.1 AA contrast."""
    OntPub = _quiet_import_pylode()
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.WARNING))
    try:
        text = OntPub(ontology=_one_language(Graph().parse(ontology, format="turtle"), lang)).make_html(include_css=True)
    finally:
        root.setLevel(level)
    return _accessible_pylode(text, lang)


#: pyLODE's light superscripts (fp, op, c …) and links, darkened to a contrast of 4.5:1 at least
_PYLODE_CONTRAST = """
.sup-c, .sup-op, .sup-fp, .sup-dp, .sup-ap, .sup-p, .sup-ni, .sup-ifp { color: #1f4e79 !important; }
a, a:visited { color: #0b57a4; }
#pylode > p, #pylode > p span { color: #595959 !important; }
"""


def _one_language(graph: Graph, lang: str) -> Graph:
    """*graph* without the texts of the other language (labels, definitions, titles …)."""
    other = [(s, p, o) for s, p, o in graph if getattr(o, "language", None) not in (None, lang)]
    for triple in other:
        graph.remove(triple)
    return graph


def _accessible_pylode(text: str, lang: str) -> str:
    import re

    text = re.sub(r"<html(?![^>]*\blang=)", f'<html lang="{lang}"', text, count=1)
    return text.replace("</head>", f"<style>{_PYLODE_CONTRAST}</style>\n</head>", 1)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class OntologyDoc:
    """The ontology as its documentation shows it in one language: the header and, per kind of
    term (classes, object and datatype properties), rows of ``(IRI, srb:name, label, definition,
    axioms)``."""

    title: str
    description: str
    version: str
    licence: str
    sections: list[tuple[str, str, list[tuple[str, str, str, str, str]]]] = field(default_factory=list)


def ontology_doc(graph: Graph, lang: str = "de") -> OntologyDoc:
    """The ontology of *graph* read for its documentation in *lang* alone (the other language's
    documentation has the others): srbgraph's own page and the published site's."""
    def in_lang(term, predicate) -> str:
        values = {getattr(v, "language", None): str(v) for v in graph.objects(term, predicate)}
        return values.get(lang, "")

    doc = OntologyDoc(in_lang(ONTOLOGY_IRI, DCTERMS.title) or label(graph, ONTOLOGY_IRI, lang),
                      in_lang(ONTOLOGY_IRI, DCTERMS.description), str(graph.value(ONTOLOGY_IRI, OWL.versionInfo)),
                      str(graph.value(ONTOLOGY_IRI, DCTERMS.license)))
    for kind, key in ((OWL.Class, "docs-onto-classes"), (OWL.ObjectProperty, "docs-onto-object"),
                      (OWL.DatatypeProperty, "docs-onto-datatype")):
        terms = sorted(t for t in graph.subjects(RDF.type, kind)
                       if isinstance(t, URIRef) and graph.value(t, RDFS.isDefinedBy) is not None)
        rows = []
        for term in terms:
            extra = []
            for predicate, sign in ((RDFS.subClassOf, "⊑"), (RDFS.domain, "domain"), (RDFS.range, "range"),
                                    (OWL.inverseOf, "inverse")):
                for value in graph.objects(term, predicate):
                    if isinstance(value, URIRef):  # a term of another vocabulary by its prefixed name
                        shown = label(graph, value, lang) if str(value).startswith(str(SRB)) else graph.namespace_manager.normalizeUri(value)
                        extra.append(f"{sign} {shown}")
            rows.append((str(term), str(term).replace(str(SRB), "srb:"), label(graph, term, lang),
                         in_lang(term, SKOS.definition), "; ".join(extra)))
        doc.sections.append((str(kind).rsplit("#", 1)[-1], _capital(word(key, lang)), rows))
    return doc


def own_ontology_html(graph: Graph, reason: str = "", lang: str = "de") -> str:
    """srbgraph's own ontology page in *lang* alone: each term with its label and definition in
    that language (the page of the other language has the others)."""
    def w(key: str) -> str:
        return _capital(word(key, lang))

    doc = ontology_doc(graph, lang)
    parts = [f"<h1>{esc(doc.title)}</h1>", f"<p>{esc(doc.description)}</p>",
             f"<p>IRI: <code>{esc(ONTOLOGY_IRI)}</code>; {w('docs-version')}: "
             f"{esc(doc.version)}; {w('docs-licence')}: <code>{esc(doc.licence)}</code></p>"]
    if reason:
        parts.append(f'<p class="note">{esc(reason)}</p>')
    for anchor, heading, rows in doc.sections:
        parts.append(f'<h2 id="{esc(anchor)}">{esc(heading)} ({len(rows)})</h2>')
        parts.append(html_table(["IRI", w("label"), w("definition"), w("docs-axioms")],
                                [list(row[1:]) for row in rows], code={0}))
    return page(doc.title, "\n".join(parts), lang)


# --------------------------------------------------------------------------------------------
#  Data catalogue
# --------------------------------------------------------------------------------------------

def catalogue_html(graph: Graph, lang: str = "de") -> str:
    """The data catalogue in *lang*: counts per class, the path table, the indicator table."""
    from ..model.paths import find_paths
    from .paths import paths_rows

    def w(key: str, **values) -> str:
        return _capital(word(key, lang, **values))

    counts: dict[str, int] = defaultdict(int)
    replaced = set(graph.subjects(DCTERMS.isReplacedBy, None))
    for subject, cls in graph.subject_objects(RDF.type):
        if str(subject).startswith(str(SRBR)) and str(cls).startswith(str(SRB)) and subject not in replaced:
            counts[str(cls)[len(SRB):]] += 1
    number = (lambda n: f"{n:,}".replace(",", ".")) if lang == "de" else (lambda n: f"{n:,}")
    parts = [f"<h1>{esc(word('docs-catalogue-title', lang))}</h1>",
             f"<p>{esc(w('docs-counts', triples=number(len(graph)), individuals=number(sum(counts.values())), without=number(sum(n for c, n in counts.items() if c != 'Evidence'))))}</p>",
             f'<p><a href="ontology.html">{esc(w("docs-ontology"))}</a></p>']

    class_rows = [[label(graph, SRB[name], lang), name, n] for name, n in sorted(counts.items())]
    parts += [f'<h2 id="classes">{esc(w("docs-classes"))}</h2>',
              html_table([w("class"), "IRI (srb:)", w("count")], class_rows, numeric={2}, code={1})]

    paths = find_paths(graph, lang=lang)
    headers, rows = paths_rows(paths, lang)
    parts += [f'<h2 id="paths">{esc(w("docs-paths", n=len(rows)))}</h2>', html_table(headers, rows)]

    goals_of: dict[URIRef, list[URIRef]] = defaultdict(list)
    for goal, indicator in graph.subject_objects(SRB.measuredBy):
        goals_of[indicator].append(goal)
    indicator_rows = []
    for indicator in sorted(set(graph.subjects(RDF.type, SRB.Indicator)) - replaced):
        rank = graph.value(indicator, SRB.rank)
        groups = sorted(label(graph, g, lang) for g in graph.objects(indicator, SRB.proposedBy))
        indicator_rows.append([
            str(indicator).replace(str(SRBR), ""), label(graph, indicator, lang),
            "" if rank is None else int(rank),
            word("docs-yes", lang) if str(graph.value(indicator, SRB.mostImportant)).lower() == "true" else "",
            "; ".join(sorted(label(graph, g, lang) for g in goals_of.get(indicator, []))),
            "; ".join(groups)])
    indicator_rows.sort(key=lambda r: (r[5], r[2] if r[2] != "" else 9, r[0]))
    parts += [f'<h2 id="indicators">{esc(w("docs-indicators", n=len(indicator_rows)))}</h2>',
              html_table(["id", w("indicator"), w("docs-rank"), w("docs-most-important"), w("goal"),
                          w("docs-working-group")], indicator_rows, numeric={2}, code={0})]
    parts += _replaced_section(graph, replaced, lang)
    return page(word("docs-catalogue-title", lang), "\n".join(parts), lang)


def _replaced_section(graph: Graph, replaced: set, lang: str) -> list[str]:
    """The replaced entities: old id, label and class → the successor (id and label)."""
    if not replaced:
        return []

    def ident(node) -> str:
        return str(node).replace(str(SRBR), "")

    def w(key: str, **values) -> str:
        return _capital(word(key, lang, **values))

    rows = []
    for old in sorted(replaced):
        new = graph.value(old, DCTERMS.isReplacedBy)
        kinds = "; ".join(sorted(label(graph, c, lang) for c in graph.objects(old, RDF.type) if str(c).startswith(str(SRB))))
        rows.append([ident(old), label(graph, old, lang), kinds, ident(new), label(graph, new, lang)])
    return [f'<h2 id="replaced">{esc(w("docs-replaced", n=len(rows)))}</h2>',
            f"<p>{esc(word('docs-replaced-note', lang))}</p>",
            html_table([w("docs-old-id"), w("label"), w("class"), w("docs-replaced-by"), w("docs-successor")], rows,
                       code={0, 3})]


def index_html(notes: list[str], lang: str = "de") -> str:
    items = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return page("srbgraph", "<main>\n<h1>srbgraph</h1>\n<ul>"
                f'<li><a href="ontology.html">{esc(_capital(word("docs-ontology", lang)))}</a></li>'
                f'<li><a href="catalogue.html">{esc(_capital(word("docs-catalogue", lang)))}</a></li></ul>'
                + items + "\n</main>", lang)


@dataclass
class DocsResult:
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ontology_by: str = "pyLODE"


def write_docs(output: Path, data_dir: Path | None = None, *, lang: str = "de",
               use_pylode: bool = True, graph: Graph | None = None) -> DocsResult:
    """Write ``index.html``, ``ontology.html`` and ``catalogue.html`` into *output* (atomically);
    the catalogue shows *graph* (default: the graph of *data_dir*)."""
    from .. import resources
    from ..build_cache import load
    from ..files import write_atomic

    output = Path(output)
    result = DocsResult()
    ontology_file = resources.ontology_file()
    if graph is None:
        graph = load(data_dir, notify=None)
    ontology_page = None
    reason = ""
    if use_pylode and lang != "en":  # pyLODE's own words are English: one language per page
        reason = word("docs-german-own", lang)
    elif use_pylode:
        try:
            ontology_page = pylode_html(ontology_file)  # English: the only language pyLODE speaks
        except Exception as exc:  # pyLODE missing, or broken in this version: write our own page
            result.notes.append(f"pyLODE could not be used ({type(exc).__name__}: "
                                f"{str(exc).splitlines()[0][:200] if str(exc) else ''}); "
                                "wrote srbgraph's own ontology page instead")
    if ontology_page is None:
        result.ontology_by = "srbgraph"
        onto = Graph().parse(ontology_file, format="turtle")
        reason = reason or (result.notes[0] if result.notes else "pyLODE not used (--no-pylode)")
        ontology_page = own_ontology_html(onto, reason, lang)
    pages = {"ontology.html": ontology_page, "catalogue.html": catalogue_html(graph, lang),
             "index.html": index_html(result.notes, lang)}
    for name, text in pages.items():
        path = output / name
        write_atomic(path, text.encode("utf-8"))
        result.files.append(path)
    return result
