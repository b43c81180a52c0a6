"""The value of a table cell as an RDF literal: what ``srbgraph link`` writes for each column of a
linked row, and what a GENESIS table's cells are read as.

German tables write ``1.234`` for one thousand two hundred and thirty-four and ``1.234,5`` for a
decimal; a column that writes ``12.5`` is read the English way (:func:`column_style` decides per
column). Dates (``31.12.2023``, ``2023-12-31``) become ``xsd:date``; a key such as ``07131`` stays
text; the placeholders statistical offices write for "no value" (:data:`MISSING`) are no value.
"""
from __future__ import annotations

import datetime as dt
import re

from ..terms import NAMESPACES

XSD = NAMESPACES["xsd"]
#: what a cell holds where a table has no value
MISSING = {"", "-", "–", ".", "x", "X", "...", "…", "/", "k.A.", "k. A.", "n.v."}

_INT_DE = re.compile(r"-?\d{1,3}(?:\.\d{3})+")
_DEC_DE = re.compile(r"-?\d{1,3}(?:\.\d{3})*,\d+|-?\d+,\d+")
_DEC_EN = re.compile(r"-?\d+\.\d+")
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def decimal_style(text: str) -> str | None:
    """``"de"`` for a decimal written with a comma (``1.234,5``), ``"en"`` for one with a point
    (``12.5``, but not ``1.234``, which is German for 1234), None for anything else."""
    if _DEC_DE.fullmatch(text):
        return "de"
    if _DEC_EN.fullmatch(text) and not _INT_DE.fullmatch(text):
        return "en"
    return None


def column_style(cells) -> str:
    """``"en"`` when a column writes decimals with a point (``12.5``), else ``"de"`` (``1.234`` is
    one thousand two hundred and thirty-four): decided by its first decimal."""
    for cell in cells:
        if isinstance(cell, str):
            style = decimal_style(cell.strip())
            if style:
                return style
    return "de"


def typed(cell, style: str = "de") -> tuple[str, str] | None:
    """``(lexical form, datatype IRI)`` of a cell, or None for an empty or missing value."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        return ("true" if cell else "false", XSD + "boolean")
    if isinstance(cell, int):
        return (str(cell), XSD + "integer")
    if isinstance(cell, float):
        return (repr(cell) if not cell.is_integer() else str(int(cell)),
                XSD + ("decimal" if not cell.is_integer() else "integer"))
    if isinstance(cell, dt.datetime):
        return (cell.date().isoformat(), XSD + "date") if cell.time() == dt.time() else (
            cell.isoformat(), XSD + "dateTime")
    if isinstance(cell, dt.date):
        return (cell.isoformat(), XSD + "date")
    text = " ".join(str(cell).split())
    if text in MISSING:
        return None
    if re.fullmatch(r"-?[1-9]\d*|0", text):
        return (text, XSD + "integer")
    if style == "de":
        if _INT_DE.fullmatch(text):
            return (text.replace(".", ""), XSD + "integer")
        if _DEC_DE.fullmatch(text):
            return (text.replace(".", "").replace(",", "."), XSD + "decimal")
    elif _DEC_EN.fullmatch(text):
        return (text, XSD + "decimal")
    match = _DATE_DE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return (dt.date(year, month, day).isoformat(), XSD + "date")
        except ValueError:
            pass
    if _DATE_ISO.fullmatch(text):
        try:
            return (dt.date.fromisoformat(text).isoformat(), XSD + "date")
        except ValueError:
            pass
    return (str(cell), XSD + "string")  # as the cell holds it; "07131" stays text
