"""Reading an XLSX workbook someone else made — a filled-in review file, a table to link — in
bounded memory and time. ``srbgraph review import`` and ``srbgraph link`` both read through here.

Why not ``openpyxl.load_workbook(...).worksheets[0].iter_rows()``: a workbook is a zip archive of
XML that tells the reader how large it is, and openpyxl believes it. Its normal mode builds every
cell as an object (gigabytes for a few million rows); its read-only mode pads every row to the
width the sheet *declares* and yields an empty row for every row number skipped — a 1.8 KB file
with one cell at XFD1048576 becomes 17 billion padded cells — and, for a sheet without a declared
dimension, parses the whole sheet just to open the workbook. So:

* the archive is checked before any XML parser sees it (:func:`srbgraph.limits.check_xlsx_archive`:
  members, what they inflate to in all and each against its compressed size, no DTD);
* openpyxl reads only the small parts (workbook, relations, shared strings, styles); each sheet is
  streamed here, cell by cell, with openpyxl's own cell parser (types, shared strings, dates,
  formulas), and every finished cell and row is dropped at once: memory is one row, never the sheet;
* nothing is padded: a row is as long as its last filled cell; the declared dimension is checked
  (a sheet that says it is huge is refused before its first row) but never relied on — the caps on
  columns, rows and cells count what actually comes;
* hidden and very hidden sheets are passed over (a reviewer cannot see them, so nothing in them is
  a reviewer's verdict);
* a formula is read as its text (``=…``) when *formulas* is set, so that a formula is never taken
  for the value it would compute; else its cached value, as a spreadsheet shows it.

Every refusal is one :class:`~srbgraph.errors.SrbError` line naming the file, the sheet and the row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import SrbError, clip, shown
from .limits import MAX_COLUMNS, MAX_XLSX_CELLS, MAX_XLSX_INFLATED, MAX_XLSX_ROWS, check_xlsx_archive

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _DATA, _DIMENSION = _MAIN + "row", _MAIN + "c", _MAIN + "sheetData", _MAIN + "dimension"


@dataclass(frozen=True)
class Limits:
    """How much one workbook may hold: columns per row, rows and cells (all sheets together), and
    what its archive may inflate to."""

    columns: int = MAX_COLUMNS
    rows: int = MAX_XLSX_ROWS
    cells: int = MAX_XLSX_CELLS
    inflated: int = MAX_XLSX_INFLATED


@dataclass
class Sheet:
    """A visible sheet of a workbook open in :func:`open_workbook`; :meth:`rows` streams it."""

    book: "Workbook"
    title: str
    target: str  # the archive member holding the sheet's XML
    first: bool  # the first visible sheet (messages of ``link`` call it so)

    @property
    def label(self) -> str:
        return "the first sheet" if self.first and self.book.first_sheet_label else f"sheet {shown(self.title)}"

    def rows(self) -> Iterator[tuple[int, list]]:
        """``(row number, values)`` of each row that holds a value, in the order of the file; the
        values run from column A to the row's last filled cell (None where a cell is empty)."""
        from xml.etree.ElementTree import ParseError, iterparse

        from openpyxl.worksheet._reader import WorkSheetParser

        book, limits = self.book, self.book.limits
        try:
            source = book.archive.open(self.target)
        except KeyError:
            raise SrbError(f"{book.where}: {self.label}: its part {shown(self.target)} is missing") from None
        parser = WorkSheetParser(source, book.shared_strings, data_only=not book.formulas,
                                 epoch=book.epoch, date_formats=book.date_formats,
                                 timedelta_formats=book.timedelta_formats)
        number = 0
        row_element = data = None
        values: dict[int, object] = {}
        try:
            with source:
                for event, element in iterparse(source, events=("start", "end")):
                    tag = element.tag
                    if event == "start":
                        if tag == _ROW:
                            row_element, values = element, {}
                            number = _row_number(element.get("r"), number)
                            parser.row_counter, parser.col_counter = number, 0
                        elif tag == _DATA:
                            data = element
                        continue
                    if tag == _CELL and row_element is not None:
                        self._cell(parser.parse_cell(element), number, values)
                        row_element.remove(element)  # the row never holds more than one cell
                    elif tag == _ROW:
                        book.rows += 1
                        if book.rows > limits.rows:
                            raise SrbError(f"{book.where}: {self.label} row {number:,}: more than {limits.rows:,} "
                                           f"rows; srbgraph reads at most {limits.rows:,}")
                        if data is not None:
                            data.remove(element)
                        row_element = None
                        if values:
                            row = [None] * max(values)
                            for column, value in values.items():
                                row[column - 1] = value
                            yield number, row
                    elif tag == _DIMENSION:
                        self._declared(element.get("ref") or "")
        except SrbError:
            raise
        except (ParseError, ValueError, KeyError, IndexError, TypeError, OverflowError) as exc:
            raise SrbError(f"{book.where}: {self.label} row {number:,}: cannot read it: {clip(exc)}") from None

    def _cell(self, cell: dict, number: int, values: dict) -> None:
        book, limits = self.book, self.book.limits
        book.cells += 1
        if book.cells > limits.cells:
            raise SrbError(f"{book.where}: {self.label} row {number:,}: more than {limits.cells:,} cells; "
                           f"srbgraph reads at most {limits.cells:,}")
        value = cell["value"]
        if value is None or value == "":
            return
        column = cell["column"]
        if column > limits.columns:
            from openpyxl.utils import get_column_letter

            raise SrbError(f"{book.where}: {self.label} row {number:,}: a value in column {column:,} "
                           f"({get_column_letter(column)}); srbgraph reads at most {limits.columns:,} columns")
        values[column] = value

    def _declared(self, ref: str) -> None:
        """Refuse a sheet that declares more columns or cells than srbgraph reads (it is not trusted
        the other way: a sheet may hold more than it declares)."""
        from openpyxl.utils.cell import range_boundaries

        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref.split(" ")[0])
        except (ValueError, TypeError):
            return
        if not (max_col and max_row):
            return
        columns, height = max_col, max_row
        limits = self.book.limits
        if columns > limits.columns or columns * height > limits.cells:
            raise SrbError(f"{self.book.where}: {self.label} declares {columns:,} columns × {height:,} rows; "
                           f"srbgraph reads at most {limits.columns:,} columns and {limits.cells:,} cells")


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        raise SrbError(f"row number {shown(text)} is not a number") from None


@dataclass
class Workbook:
    """An XLSX workbook opened for streaming: its visible sheets, the names of the hidden ones."""

    where: str
    archive: object
    shared_strings: list
    epoch: object
    date_formats: set
    timedelta_formats: set
    formulas: bool
    limits: Limits
    first_sheet_label: bool = True
    sheets: list[Sheet] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    rows: int = 0  # rows read so far, all sheets together
    cells: int = 0  # cells read so far, all sheets together

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def open_workbook(path: Path, *, where: str | None = None, formulas: bool = False,
                  limits: Limits = Limits(), first_sheet_label: bool = True) -> Workbook:
    """The workbook *path* opened for streaming (use it in ``with``), after the archive checks.
    *where* names the file in messages (default: the path)."""
    import zipfile

    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    where = where or str(path)
    check_xlsx_archive(Path(path), limits.inflated)
    try:
        reader = ExcelReader(str(path), read_only=True, data_only=not formulas)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SrbError(f"{where}: not a readable XLSX workbook ({clip(exc)})") from None
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        found = [(sheet, rel) for sheet, rel in reader.parser.find_sheets()
                 if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
    except SrbError:
        reader.archive.close()
        raise
    except Exception as exc:  # openpyxl and the XML parser raise many kinds for a broken part
        reader.archive.close()
        raise SrbError(f"{where}: not a readable XLSX workbook ({clip(exc)})") from None
    wb = reader.wb
    book = Workbook(where, reader.archive, reader.shared_strings, wb.epoch, set(wb._date_formats),
                    set(wb._timedelta_formats), formulas, limits, first_sheet_label)
    for sheet, rel in found:
        if (sheet.state or "visible") != "visible":
            book.hidden.append(sheet.name)
        else:
            book.sheets.append(Sheet(book, sheet.name, rel.target, not book.sheets))
    return book

