"""Static HTML documentation: the ontology (pyLODE) and a catalogue of the data.

``write_docs(folder)`` writes three self-contained pages that open offline from the file system:

* ``ontology.html`` — the ontology documentation made by pyLODE (its OntPub profile). Where pyLODE
  cannot be imported or fails, srbgraph writes its own page from the ontology graph instead and
  says so in the page and in the returned notes.
* ``catalogue.html`` — the data: individuals per class, the goal → need → obstacle → measure
  path table, the table of success indicators and the replaced entities (merged or renamed: old
  id → successor; they count in no class).
* ``index.html`` — links to both.

Every text taken from the graph is HTML-escaped.
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

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: right; } .en { color: #555; }
code { background: #f5f5f5; padding: 0 .2em; } .note { color: #555; font-style: italic; }
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, lang: str = "de") -> str:
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def html_table(headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "\n".join(
        "<tr>" + "".join(f'<td class="n">{esc(c)}</td>' if i in numeric else f"<td>{esc(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
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


def pylode_html(ontology: Path) -> str:
    """The pyLODE (OntPub) page of the ontology file; raises on any failure of pyLODE."""
    OntPub = _quiet_import_pylode()
    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.WARNING))
    try:
        return OntPub(ontology=str(ontology)).make_html(include_css=True)
    finally:
        root.setLevel(level)


def own_ontology_html(graph: Graph, reason: str = "") -> str:
    """srbgraph's own ontology page (used when pyLODE is not available)."""
    title = label(graph, ONTOLOGY_IRI, "de")
    titles = {getattr(v, "language", None): str(v) for v in graph.objects(ONTOLOGY_IRI, DCTERMS.title)}
    descriptions = {getattr(v, "language", None): str(v) for v in graph.objects(ONTOLOGY_IRI, DCTERMS.description)}
    parts = [f"<h1>{esc(titles.get('de', title))}</h1>",
             f'<p class="en">{esc(titles.get("en", ""))}</p>',
             f"<p>{esc(descriptions.get('de', ''))}</p>", f'<p class="en">{esc(descriptions.get("en", ""))}</p>',
             f"<p>IRI: <code>{esc(ONTOLOGY_IRI)}</code>; Version: {esc(graph.value(ONTOLOGY_IRI, OWL.versionInfo))}; "
             f"Lizenz / licence: {esc(graph.value(ONTOLOGY_IRI, DCTERMS.license))}</p>"]
    if reason:
        parts.append(f'<p class="note">{esc(reason)}</p>')
    for kind, heading in ((OWL.Class, "Klassen / classes"), (OWL.ObjectProperty, "Beziehungen / object properties"),
                          (OWL.DatatypeProperty, "Werte / datatype properties")):
        terms = sorted(t for t in graph.subjects(RDF.type, kind)
                       if isinstance(t, URIRef) and graph.value(t, RDFS.isDefinedBy) is not None)
        rows = []
        for term in terms:
            definitions = {getattr(v, "language", None): str(v) for v in graph.objects(term, SKOS.definition)}
            extra = []
            for predicate, word in ((RDFS.subClassOf, "⊑"), (RDFS.domain, "domain"), (RDFS.range, "range"),
                                    (OWL.inverseOf, "inverse")):
                for value in graph.objects(term, predicate):
                    if isinstance(value, URIRef):
                        extra.append(f"{word} {label(graph, value, 'en')}")
            rows.append([str(term).replace(str(SRB), "srb:"), label(graph, term, "de"), label(graph, term, "en"),
                         definitions.get("de", ""), definitions.get("en", ""), "; ".join(extra)])
        parts.append(f'<h2 id="{esc(kind.rsplit("#", 1)[-1])}">{esc(heading)} ({len(rows)})</h2>')
        parts.append(html_table(["IRI", "Label (de)", "label (en)", "Definition (de)", "definition (en)",
                                 "Axiome / axioms"], rows))
    return page(titles.get("de", title), "\n".join(parts))


# --------------------------------------------------------------------------------------------
#  Data catalogue
# --------------------------------------------------------------------------------------------

def catalogue_html(graph: Graph, lang: str = "de") -> str:
    """The data catalogue: counts per class, the path table, the indicator table."""
    from ..model.paths import find_paths
    from .paths import paths_rows

    counts: dict[str, int] = defaultdict(int)
    replaced = set(graph.subjects(DCTERMS.isReplacedBy, None))
    for subject, cls in graph.subject_objects(RDF.type):
        if str(subject).startswith(str(SRBR)) and str(cls).startswith(str(SRB)) and subject not in replaced:
            counts[str(cls)[len(SRB):]] += 1
    parts = ["<h1>srbgraph – Datenkatalog / data catalogue</h1>",
             f"<p>{len(graph):,} Tripel / triples · {sum(counts.values()):,} "
             "Individuen / individuals (ohne Belege / without evidence: "
             f"{sum(n for c, n in counts.items() if c != 'Evidence'):,})</p>",
             '<p><a href="ontology.html">Ontologie / ontology</a></p>']

    class_rows = [[label(graph, SRB[name], "de"), label(graph, SRB[name], "en"), name, n]
                  for name, n in sorted(counts.items())]
    parts += ['<h2 id="classes">Individuen je Klasse / individuals per class</h2>',
              html_table(["Klasse", "class", "IRI (srb:)", "Anzahl / count"], class_rows, numeric={3})]

    paths = find_paths(graph, lang=lang)
    headers, rows = paths_rows(paths, lang)
    parts += [f'<h2 id="paths">Pfade Ziel → Maßnahme / paths ({len(rows)})</h2>',
              html_table(headers, rows)]

    goals_of: dict[URIRef, list[URIRef]] = defaultdict(list)
    for goal, indicator in graph.subject_objects(SRB.measuredBy):
        goals_of[indicator].append(goal)
    indicator_rows = []
    for indicator in sorted(set(graph.subjects(RDF.type, SRB.Indicator)) - replaced):
        rank = graph.value(indicator, SRB.rank)
        groups = sorted(label(graph, g, lang) for g in graph.objects(indicator, SRB.proposedBy))
        indicator_rows.append([
            str(indicator).replace(str(SRBR), ""), label(graph, indicator, "de"), label(graph, indicator, "en"),
            "" if rank is None else int(rank),
            "ja / yes" if str(graph.value(indicator, SRB.mostImportant)).lower() == "true" else "",
            "; ".join(sorted(label(graph, g, lang) for g in goals_of.get(indicator, []))),
            "; ".join(groups)])
    indicator_rows.sort(key=lambda r: (r[6], r[3] if r[3] != "" else 9, r[0]))
    parts += [f'<h2 id="indicators">Erfolgsindikatoren / success indicators ({len(indicator_rows)})</h2>',
              html_table(["id", "Erfolgsindikator (de)", "indicator (en)", "Rang / rank",
                          "wichtigster / most important", "Ziel / goal", "Arbeitsgruppe / working group"],
                         indicator_rows, numeric={3})]
    parts += _replaced_section(graph, replaced, lang)
    return page("srbgraph – Datenkatalog / data catalogue", "\n".join(parts), lang)


def _replaced_section(graph: Graph, replaced: set, lang: str) -> list[str]:
    """The replaced entities: old id, label and class → the successor (id and label)."""
    if not replaced:
        return []

    def ident(node) -> str:
        return str(node).replace(str(SRBR), "")

    rows = []
    for old in sorted(replaced):
        new = graph.value(old, DCTERMS.isReplacedBy)
        kinds = "; ".join(sorted(label(graph, c, lang) for c in graph.objects(old, RDF.type) if str(c).startswith(str(SRB))))
        rows.append([ident(old), label(graph, old, lang), kinds, ident(new), label(graph, new, lang)])
    return [f'<h2 id="replaced">Ersetzte Einträge / replaced entities ({len(rows)})</h2>',
            "<p>Zusammengeführt oder umbenannt; jede Suche nach der alten Kennung führt zum Nachfolger / "
            "merged or renamed; every look-up of the old id leads to the successor.</p>",
            html_table(["alte id / old id", "Bezeichnung / label", "Klasse / class", "ersetzt durch / replaced by",
                        "Nachfolger / successor"], rows)]


def index_html(notes: list[str]) -> str:
    items = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return page("srbgraph", "<h1>srbgraph</h1>\n<ul>"
                '<li><a href="ontology.html">Ontologie / ontology</a></li>'
                '<li><a href="catalogue.html">Datenkatalog / data catalogue</a></li></ul>' + items)


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
    if use_pylode:
        try:
            ontology_page = pylode_html(ontology_file)
        except Exception as exc:  # pyLODE missing, or broken in this version: write our own page
            result.notes.append(f"pyLODE could not be used ({type(exc).__name__}: "
                                f"{str(exc).splitlines()[0][:200] if str(exc) else ''}); "
                                "wrote srbgraph's own ontology page instead")
    if ontology_page is None:
        result.ontology_by = "srbgraph"
        onto = Graph().parse(ontology_file, format="turtle")
        reason = result.notes[0] if result.notes else "pyLODE not used (--no-pylode)"
        ontology_page = own_ontology_html(onto, reason)
    pages = {"ontology.html": ontology_page, "catalogue.html": catalogue_html(graph, lang),
             "index.html": index_html(result.notes)}
    for name, text in pages.items():
        path = output / name
        write_atomic(path, text.encode("utf-8"))
        result.files.append(path)
    return result
