"""Candidate links as a table: rank, score, both entities with their kinds, the relation that could
connect them, the cue word, section, line and passage — in any of the formats of
:mod:`srbgraph.render.tables` (CSV and TSV protected against formulas there)."""
from __future__ import annotations

from .i18n import word
from .tables import render

COLUMNS = ("candidate-rank", "candidate-score", "candidate-first", "candidate-first-kind", "candidate-relation",
           "candidate-second", "candidate-second-kind", "candidate-cue", "section", "line", "candidate-passage")


def candidate_rows(report, lang: str = "de", limit: int | None = None, *,
                   words: bool = False) -> tuple[list[str], list[list]]:
    """Headers (in *lang*) and one row per candidate of *report* (a
    :class:`~srbgraph.model.candidates.CandidateReport`), the best *limit* of them (None: all);
    *words*: the relation as the view's language says it (a table read by a person), else its name
    (data for programs)."""
    from .i18n import WORDS

    shown = report.candidates[:limit] if limit else report.candidates
    # the relation in the view's language (its name where i18n has no word for it)
    rows = [[rank, c.score, c.first.id, c.first.kind,
             word(f"rel-{c.relation}", lang) if words and f"rel-{c.relation}" in WORDS else c.relation, c.second.id,
             c.second.kind, c.cue,
             c.passage.section, c.passage.line, c.excerpt] for rank, c in enumerate(shown, 1)]
    return [word(key, lang) for key in COLUMNS], rows


def candidates_view(report, fmt: str = "table", lang: str = "de", limit: int | None = None) -> str:
    """The candidates as *fmt*; a table ends with how many there are and how many are shown."""
    headers, rows = candidate_rows(report, lang, limit, words=fmt in ("table", "md"))
    text = render(headers, rows, fmt)
    if fmt != "table":
        return text
    summary = word("candidates-count", lang, n=len(report.candidates), passages=report.passages,
                   entities=report.entities)
    if len(rows) < len(report.candidates):
        summary += word("candidates-shown", lang, shown=len(rows))
    return f"{text}\n\n{summary}"
