"""Rows as people read them: ``table`` (aligned text), ``csv``, ``tsv``, ``json`` (a list of
objects), ``jsonl`` (one object per line) or ``md`` (a Markdown table for reports).

CSV and TSV are opened in spreadsheets: a text cell that a spreadsheet would take for a formula
(``=…``, ``+…``, ``-…``, ``@…``, or a leading tab or carriage return) is written with a leading
apostrophe, as OWASP advises against CSV injection; numbers (int, float, Decimal) stay numbers."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from typing import Any, Sequence

from ..limits import XLSX_CELL_CHARS

TABULAR = ("table", "csv", "tsv", "json", "jsonl", "md")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """*text* as a spreadsheet cell that stays text: a leading ``'`` where it would start a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def spreadsheet_cell(value: Any) -> str:
    """A CSV/TSV cell: numbers as written, booleans as true/false, any text protected."""
    if _is_number(value):
        return str(value)
    return spreadsheet_text(_cell(value))


#: control characters XML 1.0 cannot carry (tab, line feed and carriage return it can): openpyxl refuses a
#: text holding one, so each is written as U+FFFD, visibly, instead of failing the whole workbook
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def fit_cell(value, limit: int | None = None):
    """*value* for an XLSX cell: the control characters a workbook cannot hold shown as U+FFFD, and a
    text longer than a cell holds (:data:`srbgraph.limits.XLSX_CELL_CHARS`) cut with a visible marker
    at its end that says how long it was — Excel refuses to open a workbook with a longer cell, and
    openpyxl writes one without a word."""
    limit = XLSX_CELL_CHARS if limit is None else limit
    if not isinstance(value, str):
        return value
    value = _UNWRITABLE.sub("\ufffd", value)
    if len(value) <= limit:
        return value
    marker = f" … [cut: {len(value):,} characters, a cell holds {limit:,}; the CSV export keeps the whole text]"
    return value[:limit - len(marker)] + marker


def _is_number(value: Any) -> bool:
    """int, float or Decimal, not bool (decimal is looked up, not imported: a value can only be a
    Decimal where something imported the module already, and start-up stays 2 ms shorter)."""
    if isinstance(value, bool):
        return False
    decimal = sys.modules.get("decimal")
    return isinstance(value, (int, float)) or (decimal is not None and isinstance(value, decimal.Decimal))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table",
           empty: str | None = None) -> str:
    """Render a table of *rows* under *headers* in one of :data:`TABULAR`. *empty*: the line that
    says why there are no rows, under the header of a ``table`` or ``md`` table without rows (a
    header alone reads like a fault; CSV and JSON stay plain data)."""
    if not rows and empty and fmt in ("table", "md"):
        return render(headers, rows, fmt) + "\n" + ("" if fmt == "table" else "\n") + empty
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], ensure_ascii=False, indent=2,
                          default=str)
    if fmt == "jsonl":
        return "\n".join(json.dumps(dict(zip(headers, row)), ensure_ascii=False, default=str)
                         for row in rows)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow([spreadsheet_cell(h) for h in headers])
        writer.writerows([spreadsheet_cell(c) for c in row] for row in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    if fmt == "md":
        def md(row):
            return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in row) + " |"
        return "\n".join([md(cells[0]), "| " + " | ".join("---" for _ in headers) + " |"]
                         + [md(r) for r in cells[1:]])
    if fmt != "table":
        raise ValueError(f"unknown tabular format {fmt!r}")
    from ..terminal import clean  # a table is read on a terminal: each cell one line, nothing that steers it

    cells = [[clean(c) for c in row] for row in cells]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()
    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])
