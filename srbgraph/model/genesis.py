"""GENESIS tables of the Statistische Ämter des Bundes und der Länder (Regionaldatenbank
Deutschland, GENESIS-Online, the Statistische Landesämter) as ``srbgraph link`` reads them.

A GENESIS CSV download (``;``, ISO-8859-1) looks like this::

    22541-01-01-4;;;;                                   ← title lines: the table code …
    Kindertageseinrichtungen, genehmigte Plätze …;;;;    ← … and the title
    ;;;Tageseinrichtungen;Genehmigte Plätze              ← header rows: the column names …
    ;;;Anzahl;Anzahl                                     ← … and, last, the units
    01.03.2023;DG;Deutschland;60.012;3.982.146           ← data rows: Stichtag, key, name, values
    01.03.2023;07131;Ahrweiler, Landkreis;94;(5.120)
    __________                                           ← the footer: notes, licence, "Stand:"
    Stand: 12.04.2024 / 10:23:45

Values are German numbers (``12.406`` is twelve thousand four hundred and six, ``27,3`` a decimal)
or the official signs of Destatis' "Zeichenerklärung" (:data:`SIGNS`): ``-`` nothing there
(exactly zero), ``.`` unknown or secret, ``x`` not meaningful, ``/`` not reliable enough, ``...``
not yet available, and a number in brackets ``(123)``, of limited value.

:func:`read_genesis` gives a :class:`StatTable` (or None for a file that is not a GENESIS table);
:func:`stat_table` turns a plain table with a key column into the same shape, so that the district
aggregation (:mod:`.districts`) works on both.
"""
from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterator

from ..errors import SrbError, clip, shown
from ..limits import MAX_COLUMNS, MAX_TABLE_BYTES, check_size
from .cells import XSD, column_style, typed
from .tables_in import file_chunks, table_encoding

#: a table code on the first line: ``22541-01-01-4`` (Regionaldatenbank), ``22541-0001``
#: (GENESIS-Online), ``Tabelle: 12411-01-01-4``
TABLE_CODE = re.compile(r"(?:Tabelle\s*:?\s*)?(\d{5}-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)\b.*")
#: the first cell of a data row: the Stichtag (``01.03.2023``) or a year (``2023``)
STICHTAG = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})|(\d{4})")
#: the second cell of a data row: ``DG`` (Deutschland) or an official key of 2 to 12 digits
REGION_KEY = re.compile(r"DG|\d{2,12}")
_STAND = re.compile(r"Stand:\s*(\d{2})\.(\d{2})\.(\d{4})(?:\s*/\s*(\d{2}):(\d{2})(?::(\d{2}))?)?")
#: footer lines kept as provenance (a longer footer is cut there)
MAX_FOOTER_LINES = 60
#: lines read to decide whether a file is a GENESIS table
_SNIFF_LINES = 80


@dataclass(frozen=True)
class Sign:
    sign: str  # the sign as the Zeichenerklärung writes it
    de: str
    en: str
    zero: bool = False  # the sign stands for the number 0
    limited: bool = False  # a number of limited value follows in brackets


#: The official signs (Destatis, Zeichenerklärung; DIN 55301), with the spellings a file may use.
SIGNS = {
    "-": Sign("-", "nichts vorhanden (genau null)", "nothing there (exactly zero)", zero=True),
    ".": Sign(".", "Zahlenwert unbekannt oder geheim zu halten", "number unknown or kept secret"),
    "x": Sign("x", "Tabellenfach gesperrt, weil Aussage nicht sinnvoll", "not meaningful"),
    "/": Sign("/", "keine Angabe, da Zahlenwert nicht sicher genug", "not reliable enough"),
    "...": Sign("...", "Angabe fällt später an", "not yet available"),
    "()": Sign("()", "Aussagewert eingeschränkt", "of limited value", limited=True),
}
_SPELLINGS = {"-": "-", "–": "-", "—": "-", ".": ".", "·": ".", "x": "x", "X": "x", "×": "x", "/": "/",
              "...": "...", "…": "..."}


@dataclass(frozen=True)
class Cell:
    """One value: its typed form (``(lexical, datatype)``, None for no value) and the official sign
    it was written with (None for a plain number or text)."""

    value: tuple[str, str] | None
    sign: Sign | None = None

    @property
    def number(self) -> Decimal | None:
        if self.value and self.value[1] in (XSD + "integer", XSD + "decimal"):
            return Decimal(self.value[0])
        return None


def genesis_cell(text) -> Cell:
    """A value cell of a GENESIS table: a German number, an official sign, or ``(number)``."""
    raw = "" if text is None else " ".join(str(text).split())
    if raw in _SPELLINGS:
        sign = SIGNS[_SPELLINGS[raw]]
        return Cell((("0", XSD + "integer") if sign.zero else None), sign)
    bracket = re.fullmatch(r"\(\s*(.+?)\s*\)", raw)
    if bracket:
        value = typed(bracket.group(1), "de")
        if value and value[1] in (XSD + "integer", XSD + "decimal"):
            return Cell(value, SIGNS["()"])
    if not raw:
        return Cell(None)
    return Cell(typed(raw, "de"))


@dataclass
class StatColumn:
    name: str  # the column's name (rdfs:label of its property)
    unit: str = ""  # the unit row of a GENESIS table (Anzahl, Prozent, EUR …)
    position: int = 0  # the column in the file (1 = the first), for messages


@dataclass
class StatRow:
    line: int  # line of the file (XLSX: row of the sheet), for messages
    date: str | None  # the Stichtag (or year) as written; None in a table without one
    key: str  # the region key as written
    name: str  # the region's name as written (stripped of its indentation); "" when there is none
    cells: list[Cell]  # one per value column


@dataclass
class StatTable:
    """A table of figures per region (and Stichtag): GENESIS, or a plain table read for aggregation."""

    columns: list[StatColumn]
    rows: list[StatRow]  # a GENESIS file: GenesisRows, read from the file as they are iterated
    genesis: bool = True
    code: str | None = None  # the table code (22541-01-01-4)
    title: str = ""  # the title lines, joined
    footer: list[str] = field(default_factory=list)
    stand: tuple[str, str] | None = None  # the "Stand:" of the footer, typed
    header_line: int = 1  # the line of the (last) header row, for messages about a column
    key_header: str = "Schlüssel"
    name_header: str = "Gebiet"
    date_header: str = "Stichtag"

    @property
    def licence(self) -> str | None:
        """The licence the footer names (``dl-de/by-2-0`` or ``dl-de/zero-2-0``), else None."""
        text = " ".join(self.footer).lower()
        if "datenlizenz deutschland" not in text or "2.0" not in text:
            return None
        return "dl-de/zero-2-0" if "zero" in text else "dl-de/by-2-0" if "namensnennung" in text else None


def typed_date(text: str | None) -> tuple[str, str] | None:
    """The Stichtag ``01.03.2023`` as ``("2023-03-01", xsd:date)``; a year ``2023`` as xsd:gYear."""
    match = STICHTAG.fullmatch((text or "").strip())
    if not match:
        return None
    if match.group(4):
        return (match.group(4), XSD + "gYear")
    value = typed(match.group(0))
    return value if value and value[1] == XSD + "date" else None


# --------------------------------------------------------------------------------------------
# reading a GENESIS CSV
# --------------------------------------------------------------------------------------------
def _records(path: Path, encoding: str, where: str) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of every non-empty record of the file *path* split at ``;``, read as they
    come (a table of a million rows is never in memory as a whole)."""
    start = 1
    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise SrbError(f"{where}:{reader.line_num}: {clip(exc)}") from None
        except UnicodeDecodeError as exc:
            raise SrbError(f"{where}:{start}: not {encoding} text ({exc.reason})") from None


def _is_data(cells: list[str]) -> bool:
    return (len(cells) >= 4 and bool(STICHTAG.fullmatch(cells[0].strip()))
            and bool(REGION_KEY.fullmatch(cells[1].strip())))


def _is_header(cells: list[str]) -> bool:
    return any(cell.strip() for cell in cells[3:])


def looks_like_genesis(records: list[tuple[int, list[str]]]) -> int | None:
    """The index of the first data row when *records* are a GENESIS table — a data row (Stichtag;
    key; name; values) under a header row (empty first cells, column names from the fourth on) and
    title lines or a table code above — else None."""
    for index, (_line, cells) in enumerate(records[:_SNIFF_LINES]):
        if _is_data(cells):
            above = [c for _l, c in records[:index]]
            headers = [c for c in above if _is_header(c) and not c[0].strip()]
            titled = any(not _is_header(c) for c in above)
            return index if headers and (titled or len(headers) > 1) else None
    return None


def read_genesis(path: Path) -> StatTable | None:
    """The GENESIS table in the CSV file *path*, or None when it is not one (another table, an
    XLSX workbook, an RDF file). Errors name the file and the line. The head is read here and the
    whole file checked once (errors, footer); the rows are read again, as they come, by whoever
    iterates ``table.rows`` (:class:`GenesisRows`): memory does not grow with the rows."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ttl", ".nt", ".rdf", ".owl", ".xml", ".jsonld", ".json",
                               ".nq", ".trig", ".n3"):
        return None
    check_size(path, MAX_TABLE_BYTES, "tables")
    where = str(path)
    encoding = table_encoding(file_chunks(path), where)
    records = _records(path, encoding, where)
    try:
        sniffed = list(itertools.islice(records, _SNIFF_LINES))
    finally:
        records.close()
    first = looks_like_genesis(sniffed)
    if first is None:
        return None
    table = _head(sniffed[:first], where)
    rows = GenesisRows(path, encoding, where, first, len(table.columns) + 3)
    table.footer = rows.check()
    table.rows = rows
    table.stand = _stand(table.footer)
    return table


class GenesisRows:
    """The data rows of a GENESIS CSV file, read from the file each time they are iterated."""

    def __init__(self, path: Path, encoding: str, where: str, first: int, width: int):
        self.path, self.encoding, self.where, self.first, self.width = path, encoding, where, first, width

    def _body(self):
        return itertools.islice(_records(self.path, self.encoding, self.where), self.first, None)

    def __iter__(self) -> Iterator[StatRow]:
        for line, cells in self._body():
            if not _is_data(cells):
                return
            yield _row(line, cells, self.width, self.where)

    def check(self) -> list[str]:
        """Read the body once: a data row after the footer began, or one whose cells do not fit
        the header, is an error naming its line. Returns the footer (:func:`_footer`)."""
        where, width = self.where, self.width
        end = None  # (line, cells) of the first record of the footer
        footer: list[tuple[int, list[str]]] = []
        for line, cells in self._body():
            if end is None:
                if _is_data(cells):
                    _row(line, cells, width, where)
                    continue
                if len(cells) >= 2 and STICHTAG.fullmatch(cells[0].strip()) and REGION_KEY.fullmatch(cells[1].strip()):
                    raise SrbError(f"{where}:{line}: the data row has {len(cells)} cells, the header {width} "
                                   "(is the file cut off?)")
                end = (line, cells)
            if _is_data(cells) and len(cells) >= width:
                row = clip(";".join(c.strip() for c in cells[:3]), 60)
                raise SrbError(f"{where}:{line}: a data row ({row}) after the end of the table at line "
                               f"{end[0]} ({shown(';'.join(end[1]), 40)}); is a line between them broken?")
            if len(footer) < MAX_FOOTER_LINES * 2:
                footer.append((line, cells))
        return _footer(footer)


def _footer(records) -> list[str]:
    """The footer's records as text (a quoted note spanning lines keeps its line breaks), without
    the ``__________`` rule; at most :data:`MAX_FOOTER_LINES`."""
    texts = []
    for _line, cells in records:
        text = " ".join(c for c in cells if c.strip())
        text = "\n".join(" ".join(part.split()) for part in text.splitlines())
        if text.strip("_ \n"):
            texts.append(text)
    return texts[:MAX_FOOTER_LINES]


def _head(head: list[tuple[int, list[str]]], where: str) -> StatTable:
    """The title lines (code and title) and the header rows (names, then units) above the data."""
    titles = [" ".join(c.strip() for c in cells if c.strip()) for _l, cells in head if not _is_header(cells)]
    headers = [(line, cells) for line, cells in head if _is_header(cells)]
    code = None
    if titles and (match := TABLE_CODE.fullmatch(titles[0])):
        code = match.group(1)
        rest = titles[0][match.end(1):].strip(" :-–")
        titles = ([rest] if rest else []) + titles[1:]
    width = max(max(i for i, c in enumerate(cells) if c.strip()) + 1 for _l, cells in headers)
    if width - 3 > MAX_COLUMNS:
        raise SrbError(f"{where}: the table has {width - 3:,} value columns; srbgraph reads at most "
                       f"{MAX_COLUMNS:,}")
    grid = [[(cells[i].strip() if i < len(cells) else "") for i in range(width)] for _l, cells in headers]
    units = grid[-1] if len(grid) > 1 else [""] * width
    names = grid[:-1] if len(grid) > 1 else grid
    columns = []
    for i in range(3, width):
        parts = list(dict.fromkeys(row[i] for row in names if row[i]))
        columns.append(StatColumn(" ".join(parts) or f"Spalte {i + 1}", units[i], i + 1))
    if not any(c.name != f"Spalte {i + 4}" for i, c in enumerate(columns)):
        raise SrbError(f"{where}:{headers[0][0]}: the header rows name no value column")
    first = [row[:3] for row in names]
    table = StatTable(columns, [], code=code, title=" ".join(titles), header_line=headers[-1][0])
    table.date_header = next((r[0] for r in first if r[0]), "Stichtag")
    table.key_header = next((r[1] for r in first if r[1]), "Schlüssel")
    table.name_header = next((r[2] for r in first if r[2]), "Gebiet")
    return table


def _row(line: int, cells: list[str], width: int, where: str) -> StatRow:
    if len(cells) < width:
        raise SrbError(f"{where}:{line}: the data row has {len(cells)} cells, the header {width}")
    extra = [i + 1 for i, c in enumerate(cells[width:], start=width) if c.strip()]
    if extra:
        raise SrbError(f"{where}:{line}: column {extra[0]}: a value beyond the {width} columns of the header")
    return StatRow(line, cells[0].strip(), cells[1].strip(), cells[2].strip(),
                   [genesis_cell(c) for c in cells[3:width]])


def _stand(footer: list[str]) -> tuple[str, str] | None:
    for text in footer:
        match = _STAND.search(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            if hour:
                return (f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}", XSD + "dateTime")
            return (f"{year}-{month}-{day}", XSD + "date")
    return None


# --------------------------------------------------------------------------------------------
# a plain table in the same shape (for --aggregate)
# --------------------------------------------------------------------------------------------
def stat_table(table, key_index: int, headers: list[str]) -> StatTable:
    """A plain :class:`~srbgraph.model.tables_in.Table` (CSV, XLSX, RDF) with its key column at
    *key_index* as a :class:`StatTable`: every other column a value column, typed as ``link``
    types plain tables (``-`` there is no value), no Stichtag."""
    value_columns = [i for i in range(len(headers)) if i != key_index]
    styles = {i: column_style([row[i] if i < len(row) else None for row in table.rows]) for i in value_columns}
    rows = []
    for number, row in enumerate(table.rows, start=1):
        cell = row[key_index] if key_index < len(row) else None
        key = "" if cell is None else str(int(cell) if isinstance(cell, float) and cell.is_integer() else cell)
        cells = [Cell(typed(row[i] if i < len(row) else None, styles[i])) for i in value_columns]
        rows.append(StatRow(number + 1, None, key.strip(), "", cells))
    return StatTable([StatColumn(headers[i], "", i + 1) for i in value_columns], rows, genesis=False,
                     key_header=headers[key_index])


def decimal_text(value: Decimal) -> tuple[str, str]:
    """A sum as a typed literal: xsd:integer when whole, else xsd:decimal (no exponent)."""
    if value == value.to_integral_value():
        return (str(int(value)), XSD + "integer")
    try:
        text = format(value.normalize(), "f")
    except InvalidOperation:  # pragma: no cover - a finite Decimal always formats
        text = str(value)
    return (text, XSD + "decimal")
