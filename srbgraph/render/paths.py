"""Path results as a person reads them: trees, tables, CSV, JSON.

Each hop carries two markers: how the documentation supports it (● stated, ○ interpreted) and,
where experts reviewed the link, their verdict beside it (✓ confirmed, ✗ rejected — shown only with
``--include-rejected`` —, ≠ reviewers disagree). Tables, CSV and JSON carry the verdicts in full.

A tree is the paths merged where they begin alike: the goals are the roots, every hop a branch
(with *reverse*, the paths are read from their end, so a measure is the root and the branches lead
back to the goals). The kind of each hop says what it leads to: a need, an obstacle, a measure
that addresses the obstacle or serves the goal directly, an indicator, a goal below.
"""
from __future__ import annotations

import json
from typing import Mapping, Sequence

from ..model.paths import GOAL_LINKS, PATH_KINDS, Hop, Path, weakest
from .i18n import word
from .tables import render

#: the marker of a hop's support in the tree: stated, interpreted, unknown
MARKS = {"stated": "●", "interpreted": "○", None: "?"}
#: the second marker, beside the first: the reviewers' verdict on the hop's link (none: not reviewed,
#: or only "unklar")
REVIEW_MARKS = {"confirmed": "✓", "rejected": "✗", "disputed": "≠"}
#: the columns of a table that hold a hop's support and its verdict: column → relations
HOP_COLUMNS = {"goals": GOAL_LINKS, "requires": ("requires",), "hinders": ("hinders",),
               "addresses": ("addresses",), "supports": ("supports",), "measuredBy": ("measuredBy",)}


def _label(node) -> str:
    return "" if node is None else node.label()


def _level(support: str | None, lang: str) -> str:
    return word(f"{support}-long", lang) if support else word("unknown-support", lang)


def _status(hop: Hop, reviews: Mapping | None) -> str:
    """The status of the reviews of *hop*'s link (``unreviewed`` where nobody reviewed it)."""
    entry = (reviews or {}).get(hop.link)
    return entry.status if entry else "unreviewed"


def paths_rows(paths: Sequence[Path], lang: str, reviews: Mapping | None = None) -> tuple[list[str], list[list]]:
    """Headers and one row per path: its kind; the goals above its goal, its goal, need, obstacle,
    measure and indicator; the support of each kind of hop (empty where the path has none; a path
    over several goal links gets the weakest of them); the path's weakest support; and the
    reviewers' verdict on each kind of hop (:mod:`srbgraph.model.review`; ``ungeprüft`` where
    nobody reviewed it)."""
    headers = [word("path-kind", lang), word("upper-goal", lang), word("goal", lang), word("need", lang),
               word("obstacle", lang), word("measure", lang), word("indicator", lang),
               *(word(f"hop-{column}", lang) for column in HOP_COLUMNS), word("weakest-support", lang),
               *(word(f"review-{column}", lang) for column in HOP_COLUMNS)]
    rows = []
    for p in paths:
        hops = {column: [hop for hop in p.hops if hop.relation in relations] for column, relations in HOP_COLUMNS.items()}
        supports = [_level(weakest(found), lang) if found else "" for found in hops.values()]
        verdicts = ["; ".join(dict.fromkeys(word(f"status-{_status(hop, reviews)}", lang) for hop in found))
                    for found in hops.values()]
        rows.append([word(f"kind-{p.kind}", lang), " → ".join(n.label() for n in p.upper_goals),
                     _label(p.goal), _label(p.need), _label(p.obstacle), _label(p.measure), _label(p.indicator),
                     *supports, _level(p.support, lang), *verdicts])
    return headers, rows


def paths_json(paths: Sequence[Path], reviews: Mapping | None = None) -> str:
    """The paths as JSON: each with its kind, ends and hops (:meth:`Path.as_dict`), and for each hop
    ``review``: the status of its link and every verdict on it."""
    found = []
    for p in paths:
        record = p.as_dict()
        for hop, entry in zip(p.hops, record["hops"]):
            review = (reviews or {}).get(hop.link)
            entry["review"] = {"status": review.status if review else "unreviewed",
                               "verdicts": [v.as_dict() for v in review.verdicts] if review else []}
        found.append(record)
    return json.dumps(found, ensure_ascii=False, indent=2)


def count_line(paths: Sequence[Path], lang: str, stated: bool = False) -> str:
    """How many paths of each kind *paths* hold, how many end without a measure (*stated*: without
    a measure the text states), those no goal reaches, the indicators and goal links beside them,
    and how the paths are supported."""
    proper = [p for p in paths if p.kind in PATH_KINDS or p.kind in ("partial", "no-goal")]
    by_kind = {kind: sum(1 for p in proper if p.kind == kind) for kind in (*PATH_KINDS, "partial", "no-goal")}
    whole = [p for p in proper if p.kind in PATH_KINDS]
    text = word("paths-count", lang, n=len(whole), **{k: by_kind[k] for k in PATH_KINDS})
    open_ends = sum(1 for p in whole if not p.complete)
    if open_ends:
        text += word("paths-open-stated" if stated else "paths-open", lang, n=open_ends)
    if by_kind["no-goal"]:
        text += word("paths-no-goal", lang, n=by_kind["no-goal"])
    if by_kind["partial"]:
        text += word("paths-partial", lang, n=by_kind["partial"])
    indicators = sum(1 for p in paths if p.kind == "indicator")
    links = sum(1 for p in paths if p.kind in GOAL_LINKS)
    if indicators or links:
        text += word("goal-links-count", lang, indicators=indicators, links=links)
    return f"{text}; {support_summary(proper, lang)}"


def support_summary(paths: Sequence[Path], lang: str) -> str:
    """How many of *paths* are stated in every hop, how many have interpreted hops (and unknown)."""
    counts = {level: sum(1 for p in paths if p.support == level) for level in ("stated", "interpreted", None)}
    text = word("support-count-one" if len(paths) == 1 else "support-count", lang, total=len(paths), stated=counts["stated"],
                interpreted=counts["interpreted"])
    return text + (word("support-count-unknown", lang, n=counts[None]) if counts[None] else "")


class Branch:
    """A node of the tree: the hop that leads to it and the branches below it, in the order seen."""

    __slots__ = ("hop", "children", "ends", "no_goal")

    def __init__(self, hop: Hop | None = None):
        self.hop = hop
        self.children: dict[tuple, Branch] = {}
        self.ends = False  # a path ends here
        self.no_goal = False  # … a path that starts at no goal, read back from its end

    def add(self, hops: Sequence[Hop], reverse: bool, no_goal: bool = False) -> None:
        branch = self
        for hop in hops:
            key = (hop.relation, (hop.upper if reverse else hop.lower).iri)
            branch = branch.children.setdefault(key, Branch(hop))
        branch.ends = True
        branch.no_goal |= no_goal


def paths_tree(paths: Sequence[Path], lang: str = "de", *, reverse: bool = False,
               reviews: Mapping | None = None, stated: bool = False, open_ends: Sequence = ()) -> str:
    """The paths as a tree: goals as roots, each hop a branch, marked with its support and the
    reviewers' verdict; with *reverse*, read from their end (measures as roots, back to the goals).
    *stated*: the view of what the text states (an open end then says no *stated* measure).
    *open_ends* (:func:`~srbgraph.model.rejected.open_ends`): under the tree, what the
    documentation says about each obstacle no measure addresses, and the measures that serve the
    same goals. Where reviewers rejected links of the entities shown (and they are left out), a
    line says how many and how to show them."""
    if not paths:
        return word("no-paths", lang)
    lines: list[str] = []
    used: set = set()
    roots: dict[str, tuple] = {}
    for p in paths:
        top = p.end if reverse else p.head
        root = roots.setdefault(top.iri, (top, Branch()))[1]
        root.add(list(reversed(p.hops)) if reverse else p.hops, reverse, p.kind == "no-goal")
    for top, root in roots.values():
        open_end = f" — {open_words(top.kind, lang, stated)}" if reverse and top.kind in ("need", "obstacle") else ""
        if not reverse and top.kind in ("need", "obstacle") and any(p.kind == "no-goal" and p.head is top for p in paths):
            open_end = f" — {word('no-goal', lang)}"
        lines.append(f"{word(top.kind or 'goal', lang)}: {top.label()}  [{top.id}]{open_end}")
        _branches(root, "", lines, lang, reverse, stated, _marker(reviews, used))
        lines.append("")
    unknown = any(hop.support is None for p in paths for hop in p.hops)
    lines.append(word("support-legend", lang) + (word("support-legend-unknown", lang) if unknown else ""))
    if used:
        lines.append(" · ".join(word(f"review-legend-{status}", lang) for status in REVIEW_MARKS if status in used))
    lines.append(count_line(paths, lang, stated))
    lines += _rejected_note(paths, reviews, lang)
    for end in open_ends:
        lines += _open_end(end, lang)
    return "\n".join(lines)


def _rejected_note(paths: Sequence[Path], reviews: Mapping | None, lang: str) -> list[str]:
    """One line where links reviewers rejected touch the entities shown and are left out."""
    shown = {node.iri for p in paths for node in p.nodes}
    on_paths = {hop.link for p in paths for hop in p.hops}
    left_out = [key for key, entry in (reviews or {}).items()
                if entry.status == "rejected" and key not in on_paths and {key[0], key[2]} & shown]
    return [word("empty-rejected", lang, n=len(left_out))] if left_out else []


def _open_end(end, lang: str) -> list[str]:
    """What stands beside an obstacle no measure addresses: the documentation's statement, and
    the measures that serve the same goals (a few by name, the rest behind ``srbgraph paths``)."""
    from ..model.rejected import SHOWN_MEASURES
    from ..terminal import clean

    lines = ["", word("open-end", lang, kind=word(end.entity.kind, lang), label=clean(end.entity.label()))]
    lines += [f"  {word('open-end-said', lang)}: „{clean(quote)}“ ({finding})" for finding, _label, quote in end.statements]
    for goal, measures in end.goals:
        if not measures:
            lines.append(f"  {word('open-end-no-measures', lang, goal=clean(goal.label()))}")
            continue
        lines.append(f"  {word('open-end-measures', lang, n=len(measures), goal=clean(goal.label()), id=goal.id)}:")
        lines += [f"    – {clean(m.label())}" for m in measures[:SHOWN_MEASURES]]
        if len(measures) > SHOWN_MEASURES:
            lines.append("    – …")
    return lines


def _marker(reviews: Mapping | None, used: set):
    """The markers of a hop: its support, and beside it the reviewers' verdict (recorded in *used*)."""
    def mark(hop: Hop) -> str:
        entry = (reviews or {}).get(hop.link)
        second = REVIEW_MARKS.get(entry.status, "") if entry else ""
        if second:
            used.add(entry.status)
        return MARKS[hop.support] + second
    return mark


def _branches(branch: Branch, prefix: str, lines: list[str], lang: str, reverse: bool, stated: bool,
              mark) -> None:
    """The branches below *branch*, each after its hop; where a path ends early (at a need or an
    obstacle) a last line says so."""
    items = list(branch.children.values())
    for i, child in enumerate(items):
        last = i == len(items) - 1
        lines.append(f"{prefix}{'└─ ' if last else '├─ '}{_hop_text(child.hop, lang, reverse, mark)}")
        inner = prefix + ("   " if last else "│  ")
        _branches(child, inner, lines, lang, reverse, stated, mark)
        if child.ends and not reverse and child.hop.lower.kind in ("need", "obstacle"):
            lines.append(f"{inner}└─ {open_words(child.hop.lower.kind, lang, stated)}")
        elif child.no_goal:  # read back from its end to a start the text ties to no goal
            lines.append(f"{inner}└─ {word('no-goal', lang)}")


def open_words(kind: str, lang: str, stated: bool) -> str:
    """What a path that ends early at a need or an obstacle lacks."""
    if kind == "need":
        return word("no-obstacle", lang)
    return word("no-stated-measure" if stated else "no-measure", lang)


def _hop_text(hop: Hop, lang: str, reverse: bool, mark) -> str:
    """A hop as the tree shows it: its markers, what it leads to, and that entity's label (one line,
    nothing in it that steers a terminal)."""
    from ..terminal import clean

    if not reverse:
        return f"{mark(hop)} {word(f'to-{hop.relation}', lang)}: {clean(hop.lower.label())}"
    what = word(f"back-{hop.relation}", lang)
    if hop.relation == "hinders":
        what += " " + word(hop.upper.kind or "goal", lang)
    return f"{mark(hop)} {what}: {clean(hop.upper.label())}"


def empty_answer(why, lang: str) -> str:
    """What an empty answer means (:func:`~srbgraph.model.rejected.why_empty`): a named entity on no
    path is a finding — the data tie it to nothing — not "the documentation says nothing"; with
    --support stated, how many paths there are with the curation's reading; rejected links."""
    lines = []
    if why.support == "stated" and why.interpreted:
        lines.append(word("empty-stated", lang, n=why.interpreted))
    elif why.entities:
        lines += [word("empty-entity", lang, kind=word(node.kind, lang), label=node.label(), id=node.id)
                  for node in why.entities]
    else:
        lines.append(word("no-paths", lang))
    if why.rejected:
        lines.append(word("empty-rejected", lang, n=why.rejected))
    return "\n".join(lines)


def paths_view(paths: Sequence[Path], fmt: str, lang: str, *, reverse: bool = False,
               reviews: Mapping | None = None, stated: bool = False, open_ends: Sequence = ()) -> str:
    """*paths* in *fmt* (tree, json or a table format), with the verdicts of *reviews* (a
    :func:`~srbgraph.model.review.review_index`) and, in a tree, what stands beside the open ends
    (:func:`~srbgraph.model.rejected.open_ends`)."""
    if fmt == "tree":
        return paths_tree(paths, lang, reverse=reverse, reviews=reviews, stated=stated, open_ends=open_ends)
    if fmt == "json":
        return paths_json(paths, reviews)
    headers, rows = paths_rows(paths, lang, reviews)
    return render(headers, rows, fmt, empty=word("no-paths", lang))
