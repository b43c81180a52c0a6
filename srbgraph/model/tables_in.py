"""Reading the tables that ``srbgraph link`` attaches: CSV, XLSX (first sheet), RDF, and the YAML
mapping file beside them; each checked against :mod:`srbgraph.limits` before a parser sees it.

A cell keeps the text it holds (a leading tab or apostrophe included): whatever protects a
spreadsheet user is done where srbgraph writes, not here.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SrbError, clip, first_line, shown
from ..limits import (
    MAX_COLUMNS,
    MAX_TABLE_BYTES,
    MAX_XLSX_CELLS,
    MAX_YAML_BYTES,
    check_rdf_file,
    check_size,
    check_xlsx_archive,
)
from ..rdf_io import parser_for
from ..terms import NAMESPACES

RDF_TYPE = NAMESPACES["rdf"] + "type"


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    subjects: list[str] | None = None  # RDF input: the original subject of each row
    properties: list[str] | None = None  # RDF input: the original property of each column


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else ISO-8859-1 (Latin-1, which GENESIS
    downloads use: the same letters; it decodes the five bytes Windows-1252 leaves undefined)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_csv(data: bytes, where: str = "the table") -> Table:
    """The header and rows of a CSV/TSV table. Refused, in one line naming the file and line: a
    NUL byte (not a text table: UTF-16, or a binary file), a header without rows, a row with
    filled cells beyond the header (they would be dropped without a word)."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SrbError(f"{where}:{line}: a NUL byte: not a text table (UTF-16 or binary? "
                       "save it as CSV in UTF-8)")
    text = decode(data)
    sample = "\n".join(text.splitlines()[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        numbered = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise SrbError(f"{where}:{reader.line_num}: {clip(exc)}") from None
    if not numbered:
        raise SrbError(f"{where}: the table is empty")
    if len(numbered) == 1:
        raise SrbError(f"{where}: the table has a header but no rows")
    width = len(numbered[0][1])
    for line, row in numbered[1:]:
        if any(cell.strip() for cell in row[width:]):
            raise SrbError(f"{where}:{line}: {len(row)} cells, the header has {width}: "
                           "a value beyond the last column")
    rows = [row for _line, row in numbered]
    return Table([h.strip() for h in rows[0]], [r for r in rows[1:]])


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    check_xlsx_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise SrbError(f"cannot read {path} as an XLSX workbook: {clip(exc)}") from None
    try:
        if not book.worksheets:
            raise SrbError(f"{path}: the workbook has no worksheet")
        rows = _sheet_rows(book.worksheets[0], path)
    finally:
        book.close()
    if not rows:
        raise SrbError(f"the first sheet of {path} is empty")
    return Table(["" if h is None else str(h).strip() for h in rows[0]], rows[1:])


def _sheet_rows(sheet, path: Path) -> list[list]:
    """The non-empty rows of *sheet*, refused before reading when the sheet declares more than
    srbgraph reads (openpyxl pads every row to the declared width and fills up to the declared
    height), and stopped while reading when it holds more than it declared."""
    columns, height = sheet.max_column, sheet.max_row
    if columns and height and (columns > MAX_COLUMNS or columns * height > MAX_XLSX_CELLS):
        raise SrbError(f"{path}: the first sheet declares {columns:,} columns × {height:,} rows; "
                       f"srbgraph reads at most {MAX_COLUMNS:,} columns and {MAX_XLSX_CELLS:,} cells")
    rows: list[list] = []
    cells = 0
    try:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_XLSX_CELLS:
                raise SrbError(f"{path}: the first sheet holds more than {MAX_XLSX_CELLS:,} cells; "
                               f"srbgraph reads at most {MAX_XLSX_CELLS:,}")
            if any(c not in (None, "") for c in row):
                rows.append(list(row))
    except SrbError:
        raise
    except Exception as exc:  # a broken sheet part: openpyxl and the XML parser raise many kinds
        raise SrbError(f"cannot read the first sheet of {path}: {clip(exc)}") from None
    return rows


def read_rdf(path: Path, key: str) -> Table:
    import rdflib

    fmt = parser_for(path)
    check_rdf_file(path, fmt)
    graph = rdflib.Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib parsers raise many kinds
        raise SrbError(f"cannot read {path} as RDF: {first_line(exc)}") from None
    properties = sorted({str(p) for p in graph.predicates() if str(p) != RDF_TYPE})

    def local(iri: str) -> str:
        return re.split(r"[#/]", iri)[-1]

    key_props = [p for p in properties if p == key or local(p) == key]
    if not key_props:
        raise SrbError(f"no property {shown(key)} in {path} (its properties: "
                       f"{clip(', '.join(local(p) for p in properties[:12]), 160)})")
    key_prop = key_props[0]
    properties.remove(key_prop)
    properties.insert(0, key_prop)
    subjects = sorted({str(s) for s in graph.subjects(rdflib.URIRef(key_prop), None)})
    rows = []
    for subject in subjects:
        row = []
        for prop in properties:
            value = graph.value(rdflib.URIRef(subject), rdflib.URIRef(prop))
            row.append(value.toPython() if isinstance(value, rdflib.Literal) else None)
        rows.append(row)
    return Table([local(p) for p in properties], rows, subjects, properties)


def read_table(path: Path, key: str | None) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        table = read_xlsx(path)
    elif parser_for(path):
        if not key:
            raise SrbError("RDF input needs --key PROPERTY (the property holding the key or name)")
        table = read_rdf(path, key)
    else:
        check_size(path, MAX_TABLE_BYTES, "tables")
        table = read_csv(path.read_bytes(), str(path))
    if len(table.headers) > MAX_COLUMNS:
        raise SrbError(f"{path}: the table has {len(table.headers):,} columns; srbgraph reads at most "
                       f"{MAX_COLUMNS:,}")
    return table


def read_mapping(path: Path) -> dict:
    import yaml

    from ..curated.read import SafeLoader

    try:
        check_size(path, MAX_YAML_BYTES, "mapping files")
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506
    except FileNotFoundError:
        raise SrbError(f"mapping file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise SrbError(f"mapping file {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise SrbError(f"{path}:{mark.line + 1 if mark else 0}: {clip(what, 160)}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise SrbError(f"mapping file {path} is not valid YAML: {clip(exc)}") from None
    if not isinstance(doc, dict):
        raise SrbError(f"mapping file {path} must be a mapping (key:, key_type:, columns:, licence:)")
    unknown = set(doc) - {"key", "key_type", "columns", "licence", "name"}
    if unknown:
        raise SrbError(f"mapping file {path}: unknown field {shown(str(sorted(unknown, key=str)[0]))} "
                       "(known: key, key_type, columns, licence, name)")
    if not isinstance(doc.get("columns", {}), dict):
        raise SrbError(f"mapping file {path}: 'columns' must map a column header to a name")
    return doc
