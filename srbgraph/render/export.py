"""Export the graph for other tools: RDF (Turtle, N-Triples, RDF/XML for Protégé, JSON-LD) and
tables for reports (a CSV folder with one file per class, or one XLSX workbook with one sheet per
class).

A table has one row per individual of that class (its direct type): ``id``, ``label_de``,
``label_en``, ``definition_de``, ``definition_en``, ``note``, ``note_de``, one column per relation (the labels
of the linked individuals, ``; ``-separated; links made with a property that has an
``owl:inverseOf`` also appear, under the inverse's name, in the row they point to), one per value (``rank`` …), and the evidence:
``evidence_quotes`` and ``evidence_sections`` (`` | ``-separated, in the same order). The column
names are the field names of ``data/*.yaml``. Replaced entities (merged or renamed, with
``dcterms:isReplacedBy``) are in no class table but in one of their own, ``replaced``, as
``data/replaced.yaml`` writes them: ``id``, ``type``, the labels, ``isReplacedBy``, ``note``, ``note_de``, evidence.
"""
from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from ..curated.vocabulary import ALIASES, SRB, SRBR
from ..errors import SrbError
from ..files import write_atomic
from ..limits import XLSX_CELL_CHARS
from ..rdf_io import FORMATS, serialize
from .tables import FORMULA_START, fit_cell

RDF_FORMATS = tuple(FORMATS)  # ttl nt xml jsonld
TABLE_FORMATS = ("csv", "xlsx")
ALL_FORMATS = RDF_FORMATS + TABLE_FORMATS

FIXED = ["id", "label_de", "label_en", "definition_de", "definition_en", "note", "note_de"]
EVIDENCE = ["evidence_quotes", "evidence_sections"]
_ALIAS_NAMES = {iri: name for name, iri in ALIASES.items()}


def _field_name(predicate: URIRef) -> str | None:
    if predicate in _ALIAS_NAMES:
        return _ALIAS_NAMES[predicate]
    text = str(predicate)
    if text.startswith(str(SRB)):
        return text[len(SRB):]
    return None


def _text(value) -> str:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, bool):
            return "true" if python else "false"
        return str(python)
    return str(value)


def _joined(items: list):
    """The values of one field: a single number stays a number (a numeric cell in XLSX, never
    taken for a formula in CSV), anything else is text, ``; ``-separated."""
    if len(items) == 1 and isinstance(items[0], Literal):
        python = items[0].toPython()
        if isinstance(python, (int, float, Decimal)) and not isinstance(python, bool):
            return python
    return "; ".join(sorted(_text(v) for v in items))


def class_tables(graph: Graph, lang: str = "de") -> dict[str, tuple[list[str], list[list[str]]]]:
    """Class name → (headers, rows), one table per ``srb:`` class that has individuals."""
    srb, srbr = str(SRB), str(SRBR)
    labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
    for subject, value in graph.subject_objects(RDFS.label):
        labels[subject][getattr(value, "language", None) or ""] = str(value)

    def name_of(node) -> str:
        found = labels.get(node, {})
        other = "en" if lang == "de" else "de"
        text = str(node)
        return found.get(lang) or found.get(other) or (text[len(srbr):] if text.startswith(srbr) else text)

    relations = {p for p in graph.subjects(RDF.type, OWL.ObjectProperty)}
    replaced = set(graph.subjects(DCTERMS.isReplacedBy, None))
    members: dict[str, list[URIRef]] = defaultdict(list)
    for subject, cls in graph.subject_objects(RDF.type):
        if (isinstance(subject, URIRef) and str(subject).startswith(srbr) and str(cls).startswith(srb)
                and cls != SRB.Evidence and subject not in replaced):
            members[str(cls)[len(srb):]].append(subject)

    # links into an individual through a property with a declared inverse (measuredBy ↔ indicates,
    # hinders ↔ hinderedBy …) show up under the inverse's name, so an indicator's row names its goal
    inverse = {a: b for a, b in graph.subject_objects(OWL.inverseOf) if isinstance(b, URIRef)}
    incoming: dict[URIRef, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for predicate, back in inverse.items():
        name = _field_name(back)
        if name is None:
            continue
        for subject, obj in graph.subject_objects(predicate):
            if isinstance(obj, URIRef) and str(obj).startswith(srbr):
                incoming[obj][name].add(name_of(subject))

    tables = {}
    for cls_name in sorted(members):
        records = []
        relation_columns: set[str] = set()
        value_columns: set[str] = set()
        for subject in sorted(set(members[cls_name])):
            record: dict[str, str] = {"id": str(subject)[len(srbr):]}
            record["label_de"] = labels.get(subject, {}).get("de", "")
            record["label_en"] = labels.get(subject, {}).get("en", "")
            definitions = {getattr(v, "language", None): str(v) for v in graph.objects(subject, SKOS.definition)}
            record["definition_de"] = definitions.get("de", "")
            record["definition_en"] = definitions.get("en", "")
            record["note"], record["note_de"] = _notes(graph, subject)
            linked: dict[str, list[str]] = defaultdict(list)
            values: dict[str, list] = defaultdict(list)
            for predicate, obj in graph.predicate_objects(subject):
                if predicate == SRB.hasEvidence:
                    continue
                name = _field_name(predicate)
                if name is None:
                    continue
                if predicate in relations and isinstance(obj, URIRef):
                    linked[name].append(name_of(obj))
                elif isinstance(obj, Literal):
                    values[name].append(obj)
            for name, items in incoming.get(subject, {}).items():
                linked[name].extend(items)
            for name, items in linked.items():
                record[name] = "; ".join(sorted(set(items)))
                relation_columns.add(name)
            for name, items in values.items():
                record[name] = _joined(items)
                value_columns.add(name)
            evidence = sorted(graph.objects(subject, SRB.hasEvidence), key=_evidence_order)
            record["evidence_quotes"] = " | ".join(str(graph.value(e, SRB.quote) or "") for e in evidence)
            record["evidence_sections"] = " | ".join(str(graph.value(e, SRB.section) or "") for e in evidence)
            records.append(record)
        headers = FIXED + sorted(relation_columns) + sorted(value_columns) + EVIDENCE
        tables[cls_name] = (headers, [[r.get(h, "") for h in headers] for r in records])
    if replaced:
        tables["replaced"] = _replaced_table(graph, sorted(replaced), labels)
    return tables


def _notes(graph: Graph, subject) -> tuple[str, str]:
    """The curators' note of *subject* in English (``note``, as the data file writes it) and in German
    (``note_de``, its ``@de`` form), each its own column as the labels and definitions are."""
    notes = sorted(graph.objects(subject, SKOS.editorialNote))
    return (" ".join(str(v) for v in notes if getattr(v, "language", None) != "de"),
            " ".join(str(v) for v in notes if getattr(v, "language", None) == "de"))


def _replaced_table(graph: Graph, replaced: list, labels: dict) -> tuple[list[str], list[list[str]]]:
    """The replaced entities, one row each, with the class they had and their successor's id."""
    srb, srbr = str(SRB), str(SRBR)
    headers = ["id", "type", "label_de", "label_en", "isReplacedBy", "note", "note_de"] + EVIDENCE
    rows = []
    for subject in replaced:
        kinds = sorted(str(c)[len(srb):] for c in graph.objects(subject, RDF.type) if str(c).startswith(srb))
        evidence = sorted(graph.objects(subject, SRB.hasEvidence), key=_evidence_order)
        rows.append([str(subject)[len(srbr):], "; ".join(kinds), labels.get(subject, {}).get("de", ""),
                     labels.get(subject, {}).get("en", ""),
                     "; ".join(sorted(str(s)[len(srbr):] for s in graph.objects(subject, DCTERMS.isReplacedBy))),
                     *_notes(graph, subject),
                     " | ".join(str(graph.value(e, SRB.quote) or "") for e in evidence),
                     " | ".join(str(graph.value(e, SRB.section) or "") for e in evidence)])
    return headers, rows


def _evidence_order(node) -> tuple:
    stem, _, number = str(node).rpartition("-")
    return (stem, int(number) if number.isdigit() else 0, str(node))


def csv_files(tables) -> dict[str, bytes]:
    import csv

    from .tables import spreadsheet_cell

    files = {}
    for name, (headers, rows) in tables.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([spreadsheet_cell(h) for h in headers])
        writer.writerows([spreadsheet_cell(c) for c in row] for row in rows)
        files[f"{name}.csv"] = buffer.getvalue().encode("utf-8")
    return files


def _as_text(cell) -> None:
    """Keep a text cell text: openpyxl makes a formula of a string that starts with ``=`` (and an
    error value of ``#N/A`` …); the cell is stored as a string instead, and the quote prefix (the
    apostrophe a person types in Excel or LibreOffice) keeps it text when someone edits it."""
    value = cell.value
    if not isinstance(value, str):
        return
    if cell.data_type != "s":
        cell.data_type = "s"
    if value.startswith(FORMULA_START) or value.startswith("#"):
        cell.quotePrefix = True


def xlsx_bytes(tables, cut: list | None = None) -> bytes:
    """One workbook, one sheet per class, a bold frozen header row; every text a text cell. A text
    too long for a cell is cut (:func:`fit_cell`); *cut*, when given, collects ``(sheet, id,
    column)`` of each."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    fixed_time = dt.datetime(2023, 1, 1)
    book.properties.created = book.properties.modified = fixed_time
    book.properties.creator = "srbgraph"
    for name, (headers, rows) in tables.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            _as_text(cell)
        for row in rows:
            fitted = [fit_cell(value) for value in row]
            if cut is not None:
                cut.extend((name, row[0], header)
                           for header, value, was in zip(headers, fitted, row) if value is not was)
            sheet.append(fitted)
        sheet.freeze_panes = "B2"
        for index, header in enumerate(headers, start=1):
            width = 14 if header == "id" else 40 if header.startswith(("label", "evidence", "definition")) else 24
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                _as_text(cell)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def default_output(fmt: str) -> Path | None:
    """Where an export goes without --output: RDF to standard output (None), tables into the
    current folder."""
    return {"csv": Path("srbgraph-csv"), "xlsx": Path("srbgraph.xlsx")}.get(fmt)


def export(graph: Graph, fmt: str, output: Path | None, *, lang: str = "de",
           notify=None) -> list[Path] | bytes:
    """Export *graph* as *fmt*. RDF with *output* None returns the bytes; otherwise the written
    files are returned. Everything is rendered before the first file is written. *notify* gets one
    line when an XLSX cell had to be cut."""
    if fmt not in ALL_FORMATS:
        raise SrbError(f"unknown export format '{fmt}' (choose one of {', '.join(ALL_FORMATS)})")
    if fmt in RDF_FORMATS:
        payload = serialize(graph, fmt)
        if output is None:
            return payload
        write_atomic(Path(output), payload)
        return [Path(output)]
    tables = class_tables(graph, lang)
    if fmt == "xlsx":
        target = Path(output or default_output(fmt))
        cut: list = []
        write_atomic(target, xlsx_bytes(tables, cut))
        if cut and notify is not None:
            sheet, ident, column = cut[0]
            notify(f"note: {len(cut)} cell{'s' if len(cut) != 1 else ''} of {target} cut to {XLSX_CELL_CHARS:,} "
                   f"characters, the most a cell holds (first: sheet {sheet}, {ident}, {column}); the CSV export "
                   "keeps the whole text")
        return [target]
    folder = Path(output or default_output(fmt))
    if folder.exists() and not folder.is_dir():
        raise SrbError(f"--output for csv must be a folder, and {folder} is a file")
    files = csv_files(tables)
    written = []
    for name, data in files.items():
        write_atomic(folder / name, data)
        written.append(folder / name)
    return written
