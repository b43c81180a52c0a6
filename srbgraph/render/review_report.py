"""The state of a review round as a person reads it: counts per support level and status, the links
not yet reviewed, the disagreements, and the reviewers' agreement (``srbgraph review status``)."""
from __future__ import annotations

import json

from ..curated.reviews import STATUSES
from ..model.review import RoundState
from .i18n import word
from .tables import render


def kappa_text(value: float | None, lang: str) -> str:
    return word("kappa-undefined", lang) if value is None else f"{value:.2f}".replace(".", "," if lang == "de" else ".")


def status_text(state: RoundState, lang: str = "de") -> str:
    """The report as text: a table of counts, then disagreements and agreement."""
    reviewed = len(state.links) - len(state.unreviewed)
    lines = [word("review-round", lang, n=len(state.links), reviewed=reviewed, open=len(state.unreviewed)), ""]
    headers = [word("support", lang)] + [word(f"status-{status}", lang) for status in STATUSES] + [word("count", lang)]
    counts = state.counts
    rows = [[word(f"{level}-long", lang) if level in ("stated", "interpreted") else level,
             *(counts[level][s] for s in STATUSES), sum(counts[level].values())] for level in counts]
    lines += [render(headers, rows, "table"), ""]
    lines.append(f"{word('reviewers', lang)}: {', '.join(state.reviewers) or word('no-reviewers', lang)}")
    lines += ["", f"{word('disagreements', lang)}:"]
    if not state.disagreements:
        lines.append("  " + word("no-disagreements", lang))
    for link in state.disagreements:
        verdicts = "; ".join(f"{v.reviewer}: {word('status-' + v.verdict, lang)}" for v in link.verdicts)
        lines.append(f"  {link.id} ({link.subject_label} → {link.object_label}) — "
                     f"{word('status-' + link.status, lang)}: {verdicts}")
    lines += ["", f"{word('agreement', lang)}:"]
    agreements = state.agreements
    if not agreements:
        lines.append("  " + word("no-agreement", lang))
    for a in agreements:
        lines.append("  " + word("agreement-line", lang, a=a.first, b=a.second, agreed=a.agreed, n=a.links,
                                 kappa=kappa_text(a.kappa, lang)))
    return "\n".join(lines)


def status_rows(state: RoundState, lang: str = "de") -> tuple[list[str], list[list]]:
    """One row per link — id, ends, relation, support, status, and one column per reviewer with
    the verdict — the material of the counts, for a spreadsheet."""
    reviewers = state.reviewers
    headers = [word("link", lang), word("from", lang), word("relation", lang), word("to", lang),
               word("support", lang), word("status", lang), word("deprecated", lang), *reviewers]
    rows = []
    for link in state.links:
        given = {v.reviewer: word("status-" + v.verdict, lang) for v in link.verdicts}
        rows.append([link.id, link.subject_label, link.relation, link.object_label,
                     word(f"{link.support}-long", lang) if link.support in ("stated", "interpreted") else "",
                     word("status-" + link.status, lang), "true" if link.deprecated else "",
                     *(given.get(r, "") for r in reviewers)])
    return headers, rows


def status_view(state: RoundState, fmt: str, lang: str = "de") -> str:
    """The report in *fmt*: ``table`` (text), ``json`` (everything) or ``csv`` (one row per link)."""
    if fmt == "json":
        return json.dumps(state.as_dict(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        headers, rows = status_rows(state, lang)
        return render(headers, rows, "csv")
    return status_text(state, lang)
