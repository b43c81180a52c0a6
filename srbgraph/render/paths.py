"""Path results as a person reads them: trees, tables, CSV, JSON."""
from __future__ import annotations

import json
from typing import Sequence

from ..model.entities import Node
from ..model.paths import Path
from .i18n import word
from .tables import render

#: the marker of a hop's support in the tree: stated, interpreted, unknown
MARKS = {"stated": "●", "interpreted": "○", None: "?"}


def _words(lang: str) -> dict[str, str]:
    keys = {"goal": "goal", "need": "need", "obstacle": "obstacle", "measure": "measure",
            "none": "no-measure", "count": "paths-count", "empty": "no-paths"}
    return {name: word(key, lang) for name, key in keys.items()}


def _label(node: Node | None) -> str:
    return "" if node is None else node.label()


def _level(support: str | None, lang: str) -> str:
    return word(support, lang) if support else word("unknown-support", lang)


def paths_rows(paths: Sequence[Path], lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and one row per path: the four ends, the support of each hop (empty where the path
    has no such hop) and the path's weakest support."""
    words = _words(lang)
    headers = [words["goal"], words["need"], words["obstacle"], words["measure"],
               word("hop-requires", lang), word("hop-hinders", lang), word("hop-addresses", lang),
               word("weakest-support", lang)]
    rows = [[_label(p.goal), _label(p.need), _label(p.obstacle), _label(p.measure),
             _level(p.requires, lang) if p.need else "", _level(p.hinders, lang),
             _level(p.addresses, lang) if p.measure else "", _level(p.support, lang)] for p in paths]
    return headers, rows


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


def paths_tree(paths: Sequence[Path], lang: str = "de", *, reverse: bool = False) -> str:
    """Goals as roots; under each its needs and obstacles; under each obstacle its measures.
    With *reverse*, measures are the roots and the tree runs back to the goals."""
    words = _words(lang)
    if not paths:
        return words["empty"]
    tree = _Tree()
    if reverse:
        _reverse_tree(paths, words, tree)
    else:
        _forward_tree(paths, words, tree)
    complete = sum(1 for p in paths if p.measure is not None)
    unknown = any(p.support is None for p in paths)
    tree.lines.append(word("support-legend", lang) + (word("support-legend-unknown", lang) if unknown else ""))
    tree.lines.append(f"{words['count'].format(n=complete)}; {support_summary(paths, lang)}")
    return "\n".join(tree.lines)


def _forward_tree(paths, words, tree: _Tree) -> None:
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
            prefix = (tree.add("", last_group, f"{MARKS[requires]} {words['need']}: {need.label()}")
                      if need else "")
            items = list(obstacles.items())
            for oi, (obstacle, (hinders, measures)) in enumerate(items):
                last = oi == len(items) - 1 and (need is not None or last_group)
                inner = tree.add(prefix, last, f"{MARKS[hinders]} {words['obstacle']}: {obstacle.label()}")
                if not measures:
                    tree.add(inner, True, words["none"])
                for mi, (measure, addresses) in enumerate(measures.items()):
                    tree.add(inner, mi == len(measures) - 1,
                             f"{MARKS[addresses]} {words['measure']}: {measure.label()}")
        tree.lines.append("")


def _reverse_tree(paths, words, tree: _Tree) -> None:
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
            mark = f"{MARKS[addresses]} " if measure is not None else ""
            inner = tree.add("", oi == len(items) - 1, f"{mark}{words['obstacle']}: {obstacle.label()}")
            for ti, (need, goal, hinders, requires) in enumerate(targets):
                if need is None:
                    text = f"{MARKS[hinders]} {words['goal']}: {goal.label()}"
                else:
                    text = (f"{MARKS[hinders]} {words['need']}: {need.label()} → "
                            f"{MARKS[requires]} {words['goal']}: {goal.label()}")
                tree.add(inner, ti == len(targets) - 1, text)
        tree.lines.append("")


def paths_view(paths: Sequence[Path], fmt: str, lang: str, *, reverse: bool = False) -> str:
    if fmt == "tree":
        return paths_tree(paths, lang, reverse=reverse)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in paths], ensure_ascii=False, indent=2)
    headers, rows = paths_rows(paths, lang)
    return render(headers, rows, fmt)
