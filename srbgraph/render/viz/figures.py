"""Linked figures in the tooltip of a Region node: what ``srbgraph link`` attached to a
youth-office district (per table and Stichtag, one line per column), beside the workshops drawn
at it.

Kept apart from the page itself: :func:`attach_figures` only fills :attr:`VizNode.figures`
(``{"title": …, "lines": […]}``), which the page's tooltip shows as text.
"""
from __future__ import annotations

import re

from ..i18n import LANGS, WORDS
from .view import View

#: figure lines shown in one tooltip (the rest are counted)
MAX_LINES = 16


def _word(key: str, lang: str) -> str:
    return WORDS[key][LANGS.index(lang)]


def number(text: str, lang: str) -> str:
    """``12406`` as ``12.406`` (German) or ``12,406`` (English); ``46.0`` as ``46,0`` / ``46.0``:
    the digits as the value has them; anything that is not a number as it is."""
    match = re.fullmatch(r"(-?)(\d+)(?:\.(\d+))?", text.strip())
    if not match:
        return text
    sign, whole, fraction = match.groups()
    shown = f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")
    return shown.translate(str.maketrans(",.", ".,")) if lang == "de" else shown


def figure_lines(figures: list[dict], lang: str) -> list[str]:
    """The figures grouped by table and Stichtag: a heading (with what the figures cover, where a
    note says it), then ``  column: value (sign) — note`` for each number or official sign."""
    lines: list[str] = []
    heading = None
    for figure in figures:
        if not figure.get("numeric") and not figure.get("sign") and not figure.get("valueNote"):
            continue  # the key and name columns of a table are not figures
        table = (figure.get("dataset") or "").rsplit("/", 1)[-1]
        group = f"{table} {figure['date']}" if figure.get("date") else table
        if figure.get("coverage"):
            group += f" — {figure['coverage']}"
        if group != heading:
            lines.append(group)
            heading = group
        value = number(figure["value"], lang) if figure.get("value") is not None else "—"
        sign = f" ({figure['sign']})" if figure.get("sign") else ""
        note = f" — {figure['valueNote']}" if figure.get("valueNote") else ""
        lines.append(f"  {figure['column']}: {value}{sign}{note}")
    return lines


def attach_figures(view: View, figures: dict[str, list[dict]]) -> int:
    """Put *figures* (region IRI → figures, :func:`srbgraph.model.districts.district_figures`) into
    the tooltips of the Region nodes of *view*; returns how many nodes got figures."""
    lang = view.lang
    count = 0
    for node in view.nodes.values():
        lines = figure_lines(figures.get(node.iri, []), lang) if node.cls == "Region" else []
        if not lines:
            continue
        if len(lines) > MAX_LINES:
            lines = lines[:MAX_LINES] + [_word("more-figures", lang).format(n=len(lines) - MAX_LINES)]
        node.figures = {"title": _word("linked-figures", lang), "lines": lines}
        count += 1
    return count
