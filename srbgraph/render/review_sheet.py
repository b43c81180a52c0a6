"""The review workbook: one row per path link for experts who work in spreadsheets, and reading
their verdicts back.

Sheet "Prüfung (review)": the link's id, the relation in German, both ends' German labels, support,
the quotes with their sections, the curation's rationale and the verdicts given so far; then the
reviewer's two columns, "Urteil (verdict)" (a drop-down: bestätigt / abgelehnt / unklar) and
"Kommentar (comment)"; and a hidden column with the fingerprint of what the reviewer saw (ends,
relation, support, quotes: :func:`srbgraph.curated.reviews.fingerprint`), so that an import can
tell a row whose link changed since. Frozen header, filters, wrapped text. Sheet "Anleitung
(how-to)" says in German what to do.

Every cell that holds text from the data is written as a string (never a formula), and a text
that starts with ``=``, ``+``, ``-`` or ``@`` also carries Excel's "quote prefix" style, so that
editing the cell keeps it text (in Excel and in LibreOffice). The CSV form has the same columns;
such a cell gets a leading ``'`` there (the spreadsheet convention), which reading it back removes.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from ..curated.links import Link, links_of
from ..curated.read import Curation
from ..curated.review_import import COLUMNS, SheetRow
from ..curated.reviews import VERDICT_DE
from ..errors import SrbError
from .tables import fit_cell

SHEET = "Prüfung (review)"
HOWTO_SHEET = "Anleitung (how-to)"
ONLY = ("interpreted", "stated", "unreviewed")
#: characters that make a spreadsheet take a cell for a formula (or a command) when it starts with one
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: column key → width in characters
WIDTHS = {"link": 24, "from": 26, "relation": 11, "to": 26, "support": 12, "quotes": 52, "rationale": 44,
          "earlier": 18, "verdict": 13, "comment": 30, "fingerprint": 18}
#: the size of the data text, and the height of one of its lines, in points
FONT_SIZE, LINE_HEIGHT = 9, 12
#: the largest review file read back (the workbook of every shipped link is some 35 kB)
MAX_REVIEW_FILE = 50 * 1024 * 1024
SUPPORT_DE = {"stated": "in der Quelle genannt", "interpreted": "Lesart der Kuration"}

HOWTO = [
    ("Begutachtung der Verknüpfungen (review of the links)", True),
    ("Jede Zeile des Blatts „Prüfung (review)“ ist eine Verknüpfung der Wissensbasis: etwa „Bremse X bremst "
     "Ziel Y“ oder „Maßnahme Z setzt an bei Bremse X“. Daneben stehen die Belegstellen aus der Dokumentation "
     "der Workshoptagungen und – wo die Kuration die Verbindung selbst gezogen hat – ihre Begründung.", False),
    ("Bitte prüfen Sie, ob die Dokumentation die Verknüpfung trägt, und wählen Sie in der Spalte „Urteil "
     "(verdict)“: bestätigt (sie ist getragen), abgelehnt (sie ist nicht getragen) oder unklar (Sie können es "
     "nicht entscheiden). In „Kommentar (comment)“ können Sie Ihr Urteil begründen oder eine andere "
     "Verknüpfung vorschlagen. Lassen Sie eine Zeile leer, wenn Sie sie nicht beurteilen möchten.", False),
    ("Ändern Sie bitte nichts in den übrigen Spalten und löschen Sie keine Spalten: die Kennung in Spalte A "
     "und die ausgeblendete Spalte „Fingerabdruck“ ordnen Ihr Urteil der Verknüpfung zu. Sortieren und "
     "Filtern ist unbedenklich.", False),
    ("Eine Verknüpfung, die abgelehnt und von niemandem bestätigt wird, bleibt als verworfen erhalten, "
     "erscheint aber nicht mehr in Pfaden, Lücken und Rangfolgen. Urteilen zwei Gutachter:innen verschieden, "
     "bleibt sie, wie sie ist, bis sie sich einigen.", False),
    ("Senden Sie die Datei an die Kuration zurück; sie liest Ihre Urteile mit "
     "„srbgraph review import DATEI --reviewer \"Ihr Name\"“ ein.", False),
    ("In English: judge in column „Urteil (verdict)“ whether the documentation bears each link (bestätigt = "
     "confirmed, abgelehnt = rejected, unklar = unclear), add a comment where useful, leave the other columns "
     "as they are, and send the file back.", False),
]


def _entity_labels(curation: Curation) -> dict[str, str]:
    return {e.id: (e.fields.get("label_de") or e.id).strip() if isinstance(e.fields.get("label_de"), str) else e.id
            for e in curation.entities}


def relation_words(vocabulary) -> dict[str, str]:
    """Relation name → its German label in the ontology (``hinders`` → ``bremst``)."""
    from rdflib import RDFS

    return {name: next((str(v) for v in vocabulary.graph.objects(spec.iri, RDFS.label)
                        if getattr(v, "language", None) == "de"), name)
            for name, spec in vocabulary.fields.items()}


def _quotes(link: Link) -> str:
    return "\n\n".join(f"„{' '.join(str(e.get('quote', '')).split())}“ — Abschnitt: "
                       f"{' '.join(str(e.get('section', '')).split())}" for e in link.evidence)


def _earlier(link: Link) -> str:
    return "\n".join(f"{r.reviewer}, {r.date.isoformat()}: {VERDICT_DE[r.verdict]}" + (f" – {r.comment}" if r.comment else "")
                     for r in link.reviews)


def sheet_rows(curation: Curation, vocabulary, only: str | None = None) -> list[dict[str, str]]:
    """One row (column key → text) per link of *curation*, in the order of the data files; *only*
    ``interpreted``, ``stated`` or ``unreviewed`` keeps those links."""
    if only is not None and only not in ONLY:
        raise SrbError(f"--only must be one of {', '.join(ONLY)}, got {only!r}")
    labels, relations = _entity_labels(curation), relation_words(vocabulary)
    rows = []
    for entity in curation.entities:
        for link in links_of(entity):
            if (only in SUPPORT_DE and link.support != only) or (only == "unreviewed" and link.reviews):
                continue
            rows.append({"link": link.id, "from": labels.get(link.subject, link.subject),
                         "relation": relations.get(link.relation, link.relation),
                         "to": labels.get(link.target, link.target), "support": SUPPORT_DE[link.support],
                         "quotes": _quotes(link), "rationale": link.rationale, "earlier": _earlier(link),
                         "verdict": "", "comment": "", "fingerprint": link.fingerprint})
    return rows


def inert(text: str) -> str:
    """*text* for a CSV cell a spreadsheet opens: one that starts like a formula gets a leading ``'``."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[dict[str, str]]) -> str:
    """The rows as CSV (UTF-8 with a byte-order mark when written, so that Excel reads the umlauts),
    every cell spreadsheet-safe (:func:`inert`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _key, header in COLUMNS])
    writer.writerows([inert(row[key]) for key, _header in COLUMNS] for row in rows)
    return buffer.getvalue()


def _text_cell(sheet, row: int, column: int, value: str):
    """A cell that holds *value* as text, whatever it starts with (cut, and its control characters
    shown, as :func:`~srbgraph.render.export.fit_cell` does: a workbook cannot hold either)."""
    cell = sheet.cell(row=row, column=column, value=fit_cell(value))
    cell.data_type = "s"  # never a formula, even for "=…"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True  # and it stays text when someone edits it
    return cell


def xlsx_bytes(rows: list[dict[str, str]]) -> bytes:
    """The review workbook (see the module's docstring)."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    book.properties.created = book.properties.modified = dt.datetime(2023, 1, 1)
    book.properties.creator = "srbgraph"
    keys = [key for key, _header in COLUMNS]
    for column, (_key, header) in enumerate(COLUMNS, start=1):
        cell = _text_cell(sheet, 1, column, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE4EE")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 30  # the headers take two lines
    own = PatternFill("solid", fgColor="FFF6D5")  # the reviewer's columns stand out
    small = Font(size=FONT_SIZE)
    for number, row in enumerate(rows, start=2):
        for column, key in enumerate(keys, start=1):
            cell = _text_cell(sheet, number, column, row[key])
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = small
            if key in ("verdict", "comment"):
                cell.fill = own
                cell.number_format = "@"  # what the reviewer types stays text
        sheet.row_dimensions[number].height = row_height(row)
    _finish_sheet(sheet, keys, len(rows))
    _howto(book.create_sheet(HOWTO_SHEET))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row_height(row: dict[str, str]) -> float:
    """The height (points) that shows all of *row*'s wrapped text: spreadsheet programs size a row
    to its text only when they edit it, so a written file says it (a line of a column holds about
    1.45 characters per unit of width at this font size)."""
    import math

    def lines(key: str) -> int:
        per_line = max(1, int(WIDTHS[key] * 1.45))
        return sum(max(1, math.ceil(len(part) / per_line)) for part in row[key].split("\n"))

    return min(409, LINE_HEIGHT * max(lines(key) for key in WIDTHS if key != "fingerprint") + 4)


def _finish_sheet(sheet, keys: list[str], count: int) -> None:
    """Widths, the hidden fingerprint, frozen header, filters, the verdict drop-down, page setup."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last = get_column_letter(len(keys))
    for column, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[key]
    sheet.column_dimensions[get_column_letter(keys.index("fingerprint") + 1)].hidden = True
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    verdict = get_column_letter(keys.index("verdict") + 1)
    choice = DataValidation(type="list", formula1='"' + ",".join(VERDICT_DE.values()) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Urteil (verdict)",
                            error="Bitte bestätigt, abgelehnt oder unklar wählen (confirmed, rejected, unclear).",
                            showInputMessage=True, promptTitle="Urteil (verdict)",
                            prompt="bestätigt, abgelehnt oder unklar")
    choice.add(f"{verdict}2:{verdict}{max(count + 1, 2)}")
    sheet.add_data_validation(choice)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _howto(sheet) -> None:
    """The how-to: one paragraph per row, each row as high as its text (see :func:`row_height`)."""
    import math

    from openpyxl.styles import Alignment, Font

    width = 80
    sheet.column_dimensions["A"].width = width
    for number, (text, heading) in enumerate(HOWTO, start=1):
        cell = _text_cell(sheet, number, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(bold=heading, size=13 if heading else 11)
        sheet.row_dimensions[number].height = 8 + 16 * (1 if heading else math.ceil(len(text) / width))
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_margins.left = sheet.page_margins.right = 0.5


def write_review_file(rows: list[dict[str, str]], output: Path) -> None:
    """The workbook (``.xlsx``) or the CSV (``.csv``) at *output*, written atomically."""
    from ..files import write_atomic

    suffix = Path(output).suffix.lower()
    if suffix == ".xlsx":
        write_atomic(output, xlsx_bytes(rows))
    elif suffix == ".csv":
        write_atomic(output, csv_text(rows).encode("utf-8-sig"))
    else:
        raise SrbError(f"{output}: the review file must end in .xlsx (a workbook) or .csv")


# ------------------------------------------------------------------------------------------------
# reading a filled-in file back
# ------------------------------------------------------------------------------------------------
_HEADERS = {" ".join(header.split()).lower(): key for key, header in COLUMNS}


def _columns(header: list, where: str) -> dict[str, int] | None:
    """Column key → index in a header row; None for a sheet that is not a review sheet."""
    found = {}
    for index, text in enumerate(header):
        key = _HEADERS.get(" ".join(str(text or "").split()).lower())
        if key and key not in found:
            found[key] = index
    if "link" not in found or "verdict" not in found:
        return None
    if "fingerprint" not in found:
        raise SrbError(f"{where}: the column 'Fingerabdruck (fingerprint)' is missing (it is hidden in the "
                       "workbook srbgraph review export writes: export again and keep every column)")
    return found


def _cell_text(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _rows_of(table: list[list], columns: dict[str, int], file: str, sheet: str | None, *,
             unquote: bool) -> list[SheetRow]:
    return [SheetRow(file, sheet, number, *item) for number, row in enumerate(table[1:], start=2)
            for item in _fields(row, columns, unquote=unquote)]


def _numbered_rows(rows, columns: dict[str, int], file: str, sheet: str) -> list[SheetRow]:
    """The review rows of a streamed sheet (``(row number, values)`` pairs), numbered as the
    spreadsheet numbers them."""
    found = []
    for number, row in rows:
        found += [SheetRow(file, sheet, number, *item) for item in _fields(row, columns, unquote=False)]
    return found


def _fields(row: list, columns: dict[str, int], *, unquote: bool) -> list[tuple[str, str, str, str]]:
    """(link, verdict, comment, fingerprint) of *row*, or nothing for an empty row."""
    if not any(_cell_text(v).strip() for v in row):
        return []

    def get(key: str) -> str:
        index = columns.get(key)
        text = _cell_text(row[index]) if index is not None and index < len(row) else ""
        if unquote and text.startswith("'") and text[1:2] and text[1] in "=+-@\t\r":
            text = text[1:]
        return text.strip()

    return [(get("link"), get("verdict"), get("comment"), get("fingerprint"))]


def read_review_file(path: Path) -> list[SheetRow]:
    """The rows of every review sheet of the workbook or CSV at *path* (a sheet without the
    columns 'Verknüpfung (link)' and 'Urteil (verdict)' — the how-to — is passed over)."""
    path = Path(path)
    from ..curated.read import display_path

    shown = display_path(path)
    if path.stat().st_size > MAX_REVIEW_FILE:
        raise SrbError(f"{shown}: larger than {MAX_REVIEW_FILE // (1024 * 1024)} MB; a review file of every link is "
                       "well under one")
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        first = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first.count)
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        columns = _columns(table[0] if table else [], shown)
        if columns is None:
            raise SrbError(f"{shown}: not a review file (no columns 'Verknüpfung (link)' and 'Urteil (verdict)')")
        return _rows_of(table, columns, shown, None, unquote=True)
    if path.suffix.lower() != ".xlsx":
        raise SrbError(f"{shown}: a review file ends in .xlsx or .csv")
    from ..limits import MAX_COLUMNS, MAX_REVIEW_CELLS, MAX_REVIEW_INFLATED, MAX_REVIEW_ROWS
    from ..workbooks import Limits, open_workbook

    # streamed and capped; hidden sheets passed over (a reviewer does not see them); a formula is
    # read as its text "=…", never as the value it would compute (it is then no verdict word)
    limits = Limits(columns=MAX_COLUMNS, rows=MAX_REVIEW_ROWS, cells=MAX_REVIEW_CELLS, inflated=MAX_REVIEW_INFLATED)
    found: list[SheetRow] = []
    sheets = 0
    with open_workbook(path, where=shown, formulas=True, limits=limits, first_sheet_label=False) as book:
        for sheet in book.sheets:
            rows = sheet.rows()
            first = next(rows, None)
            if first is None:
                continue
            columns = _columns(first[1], f"{shown}: sheet '{sheet.title}'")
            if columns is not None:
                sheets += 1
                found += _numbered_rows(rows, columns, shown, sheet.title)
    if not sheets:
        raise SrbError(f"{shown}: no review sheet (a sheet with the columns 'Verknüpfung (link)' and 'Urteil (verdict)')")
    return found
