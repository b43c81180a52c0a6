"""Path results as a person reads them: trees, tables, CSV, JSON.

Each hop carries two markers: how the documentation supports it (● stated, ○ interpreted) and,
where experts reviewed the link, their verdict beside it (✓ confirmed, ✗ rejected — shown only with
``--include-rejected`` —, ≠ reviewers disagree). Tables, CSV and JSON carry the verdicts in full.
"""
from __future__ import annotations

import json
from typing import Callable, Mapping, Sequence

from ..model.entities import Node
from ..model.paths import Path
from .i18n import word
from .tables import render

#: the marker of a hop's support in the tree: stated, interpreted, unknown
MARKS = {"stated": "●", "interpreted": "○", None: "?"}
#: the second marker, beside the first: the reviewers' verdict on the hop's link (none: not reviewed,
#: or only "unklar")
REVIEW_MARKS = {"confirmed": "✓", "rejected": "✗", "disputed": "≠"}


def _words(lang: str) -> dict[str, str]:
    keys = {"goal": "goal", "need": "need", "obstacle": "obstacle", "measure": "measure",
            "none": "no-measure", "count": "paths-count", "empty": "no-paths"}
    return {name: word(key, lang) for name, key in keys.items()}


def _label(node: Node | None) -> str:
    return "" if node is None else node.label()


def _level(support: str | None, lang: str) -> str:
    return word(support, lang) if support else word("unknown-support", lang)


def _statuses(path: Path, reviews: Mapping | None) -> dict[str, str]:
    """hop relation → the status of its link's reviews (``unreviewed`` where nobody reviewed it)."""
    reviews = reviews or {}
    return {relation: reviews[(subject, relation, obj)].status if (subject, relation, obj) in reviews else "unreviewed"
            for relation, subject, obj in path.hop_links()}


def paths_rows(paths: Sequence[Path], lang: str, reviews: Mapping | None = None) -> tuple[list[str], list[list[str]]]:
    """Headers and one row per path: the four ends, the support of each hop (empty where the path
    has no such hop), the path's weakest support, and the reviewers' verdict on each hop's link
    (:mod:`srbgraph.model.review`; ``ungeprüft`` where nobody reviewed it)."""
    words = _words(lang)
    headers = [words["goal"], words["need"], words["obstacle"], words["measure"],
               word("hop-requires", lang), word("hop-hinders", lang), word("hop-addresses", lang),
               word("weakest-support", lang), word("review-requires", lang), word("review-hinders", lang),
               word("review-addresses", lang)]
    rows = []
    for p in paths:
        status = _statuses(p, reviews)
        rows.append([_label(p.goal), _label(p.need), _label(p.obstacle), _label(p.measure),
                     _level(p.requires, lang) if p.need else "", _level(p.hinders, lang),
                     _level(p.addresses, lang) if p.measure else "", _level(p.support, lang),
                     *(word(f"status-{status[hop]}", lang) if hop in status else ""
                       for hop in ("requires", "hinders", "addresses"))])
    return headers, rows


def paths_json(paths: Sequence[Path], reviews: Mapping | None = None) -> str:
    """The paths as JSON: each with its ends and supports (:meth:`Path.as_dict`) and ``reviews``:
    for each hop, the status of its link and every verdict on it."""
    reviews = reviews or {}
    found = []
    for p in paths:
        record = p.as_dict()
        record["reviews"] = {}
        for relation, subject, obj in p.hop_links():
            entry = reviews.get((subject, relation, obj))
            record["reviews"][relation] = {"status": entry.status if entry else "unreviewed",
                                           "verdicts": [v.as_dict() for v in entry.verdicts] if entry else []}
        found.append(record)
    return json.dumps(found, ensure_ascii=False, indent=2)


def support_summary(paths: Sequence[Path], lang: str) -> str:
    """How many of *paths* are stated in every hop, how many have interpreted hops (and unknown)."""
    counts = {level: sum(1 for p in paths if p.support == level) for level in ("stated", "interpreted", None)}
    text = word("support-count", lang, total=len(paths), stated=counts["stated"],
                interpreted=counts["interpreted"])
    return text + (word("support-count-unknown", lang, n=counts[None]) if counts[None] else "")


class _Tree:
    def __init__(self):
        self.lines: list[str] = []

    def add(self, prefix: str, last: bool, text: str) -> str:
        self.lines.append(f"{prefix}{'└─ ' if last else '├─ '}{text}")
        return prefix + ("   " if last else "│  ")


#: the marker of one hop: marker(relation, subject node, object node, support) → "●", "○✓" …
Marker = Callable[[str, Node, Node, "str | None"], str]


def _marker(reviews: Mapping | None, used: set) -> Marker:
    """The markers of a hop: its support, and beside it the reviewers' verdict (recorded in *used*)."""
    def mark(relation: str, subject: Node, obj: Node, support: str | None) -> str:
        entry = (reviews or {}).get((subject.iri, relation, obj.iri))
        second = REVIEW_MARKS.get(entry.status, "") if entry else ""
        if second:
            used.add(entry.status)
        return MARKS[support] + second
    return mark


def paths_tree(paths: Sequence[Path], lang: str = "de", *, reverse: bool = False,
               reviews: Mapping | None = None) -> str:
    """Goals as roots; under each its needs and obstacles; under each obstacle its measures.
    With *reverse*, measures are the roots and the tree runs back to the goals. *reviews*
    (:func:`~srbgraph.model.review.review_index`) puts the verdict marker beside the support marker."""
    words = _words(lang)
    if not paths:
        return words["empty"]
    tree = _Tree()
    used: set = set()
    mark = _marker(reviews, used)
    if reverse:
        _reverse_tree(paths, words, tree, mark)
    else:
        _forward_tree(paths, words, tree, mark)
    complete = sum(1 for p in paths if p.measure is not None)
    unknown = any(p.support is None for p in paths)
    tree.lines.append(word("support-legend", lang) + (word("support-legend-unknown", lang) if unknown else ""))
    if used:
        tree.lines.append(" · ".join(word(f"review-legend-{status}", lang)
                                     for status in REVIEW_MARKS if status in used))
    open_ends = word("paths-open", lang, n=len(paths) - complete) if complete < len(paths) else ""
    tree.lines.append(f"{words['count'].format(n=complete)}{open_ends}; {support_summary(paths, lang)}")
    return "\n".join(tree.lines)


def _forward_tree(paths, words, tree: _Tree, mark: Marker) -> None:
    """Goal → need (marker: requires) → obstacle (marker: hinders) → measure (marker: addresses)."""
    goals: dict = {}
    for p in paths:
        by_need = goals.setdefault(p.goal, {})
        group = by_need.setdefault(p.need, (p.requires, {}))[1]
        hinders, measures = group.setdefault(p.obstacle, (p.hinders, {}))
        if p.measure is not None:
            measures.setdefault(p.measure, p.addresses)
    for goal, by_need in goals.items():
        tree.lines.append(f"{words['goal']}: {goal.label()}  [{goal.id}]")
        groups = sorted(by_need.items(), key=lambda kv: kv[0] is not None)  # direct obstacles first
        for gi, (need, (requires, obstacles)) in enumerate(groups):
            last_group = gi == len(groups) - 1
            prefix = (tree.add("", last_group, f"{mark('requires', goal, need, requires)} {words['need']}: "
                                                   f"{need.label()}") if need else "")
            items = list(obstacles.items())
            for oi, (obstacle, (hinders, measures)) in enumerate(items):
                last = oi == len(items) - 1 and (need is not None or last_group)
                inner = tree.add(prefix, last, f"{mark('hinders', obstacle, need or goal, hinders)} "
                                               f"{words['obstacle']}: {obstacle.label()}")
                if not measures:
                    tree.add(inner, True, words["none"])
                for mi, (measure, addresses) in enumerate(measures.items()):
                    tree.add(inner, mi == len(measures) - 1,
                             f"{mark('addresses', measure, obstacle, addresses)} {words['measure']}: {measure.label()}")
        tree.lines.append("")


def _reverse_tree(paths, words, tree: _Tree, mark: Marker) -> None:
    """Measure → obstacle (marker: addresses) → need (marker: hinders) → goal (marker: requires);
    obstacles no measure addresses stand under one last root, "(no measure yet)"."""
    roots: dict = {}
    for p in paths:
        obstacles = roots.setdefault(p.measure, {})
        addresses, targets = obstacles.setdefault(p.obstacle, (p.addresses, []))
        entry = (p.need, p.goal, p.hinders, p.requires)
        if entry not in targets:
            targets.append(entry)
    ordered = sorted(roots.items(), key=lambda kv: kv[0] is None)  # "no measure yet" last
    for measure, obstacles in ordered:
        if measure is None:
            tree.lines.append(words["none"])
        else:
            tree.lines.append(f"{words['measure']}: {measure.label()}  [{measure.id}]")
        items = list(obstacles.items())
        for oi, (obstacle, (addresses, targets)) in enumerate(items):
            first = f"{mark('addresses', measure, obstacle, addresses)} " if measure is not None else ""
            inner = tree.add("", oi == len(items) - 1, f"{first}{words['obstacle']}: {obstacle.label()}")
            for ti, (need, goal, hinders, requires) in enumerate(targets):
                if need is None:
                    text = f"{mark('hinders', obstacle, goal, hinders)} {words['goal']}: {goal.label()}"
                else:
                    text = (f"{mark('hinders', obstacle, need, hinders)} {words['need']}: {need.label()} → "
                            f"{mark('requires', goal, need, requires)} {words['goal']}: {goal.label()}")
                tree.add(inner, ti == len(targets) - 1, text)
        tree.lines.append("")


def paths_view(paths: Sequence[Path], fmt: str, lang: str, *, reverse: bool = False,
               reviews: Mapping | None = None) -> str:
    """*paths* in *fmt* (tree, json or a table format), with the verdicts of *reviews* (a
    :func:`~srbgraph.model.review.review_index`)."""
    if fmt == "tree":
        return paths_tree(paths, lang, reverse=reverse, reviews=reviews)
    if fmt == "json":
        return paths_json(paths, reviews)
    headers, rows = paths_rows(paths, lang, reviews)
    return render(headers, rows, fmt)
