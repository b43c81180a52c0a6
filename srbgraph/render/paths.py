"""Path results as a person reads them: trees, tables, CSV, JSON."""
from __future__ import annotations

import json
from typing import Sequence

from ..model.entities import Node
from ..model.paths import Path
from .i18n import word
from .tables import render


def _words(lang: str) -> dict[str, str]:
    keys = {"goal": "goal", "need": "need", "obstacle": "obstacle", "measure": "measure",
            "none": "no-measure", "count": "paths-count", "empty": "no-paths"}
    return {name: word(key, lang) for name, key in keys.items()}


def _label(node: Node | None) -> str:
    return "" if node is None else node.label()


def paths_rows(paths: Sequence[Path], lang: str) -> tuple[list[str], list[list[str]]]:
    words = _words(lang)
    headers = [words["goal"], words["need"], words["obstacle"], words["measure"]]
    rows = [[_label(p.goal), _label(p.need), _label(p.obstacle), _label(p.measure)] for p in paths]
    return headers, rows


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
    tree.lines.append(words["count"].format(n=complete))
    return "\n".join(tree.lines)


def _forward_tree(paths, words, tree: _Tree) -> None:
    goals: dict = {}
    for p in paths:
        measures = goals.setdefault(p.goal, {}).setdefault(p.need, {}).setdefault(p.obstacle, [])
        if p.measure and p.measure not in measures:
            measures.append(p.measure)
    for goal, by_need in goals.items():
        tree.lines.append(f"{words['goal']}: {goal.label()}  [{goal.id}]")
        groups = sorted(by_need.items(), key=lambda kv: kv[0] is not None)  # direct obstacles first
        for gi, (need, obstacles) in enumerate(groups):
            last_group = gi == len(groups) - 1
            prefix = tree.add("", last_group, f"{words['need']}: {need.label()}") if need else ""
            items = list(obstacles.items())
            for oi, (obstacle, measures) in enumerate(items):
                last = oi == len(items) - 1 and (need is not None or last_group)
                inner = tree.add(prefix, last, f"{words['obstacle']}: {obstacle.label()}")
                if not measures:
                    tree.add(inner, True, words["none"])
                for mi, measure in enumerate(measures):
                    tree.add(inner, mi == len(measures) - 1, f"{words['measure']}: {measure.label()}")
        tree.lines.append("")


def _reverse_tree(paths, words, tree: _Tree) -> None:
    measures: dict = {}
    for p in paths:
        if p.measure is None:
            continue
        goals = measures.setdefault(p.measure, {}).setdefault(p.obstacle, [])
        entry = (p.need, p.goal)
        if entry not in goals:
            goals.append(entry)
    for measure, obstacles in measures.items():
        tree.lines.append(f"{words['measure']}: {measure.label()}  [{measure.id}]")
        items = list(obstacles.items())
        for oi, (obstacle, targets) in enumerate(items):
            inner = tree.add("", oi == len(items) - 1, f"{words['obstacle']}: {obstacle.label()}")
            for ti, (need, goal) in enumerate(targets):
                text = f"{words['goal']}: {goal.label()}"
                if need is not None:
                    text = f"{words['need']}: {need.label()} → {text}"
                tree.add(inner, ti == len(targets) - 1, text)
        tree.lines.append("")


def paths_view(paths: Sequence[Path], fmt: str, lang: str, *, reverse: bool = False) -> str:
    if fmt == "tree":
        return paths_tree(paths, lang, reverse=reverse)
    if fmt == "json":
        return json.dumps([p.as_dict() for p in paths], ensure_ascii=False, indent=2)
    headers, rows = paths_rows(paths, lang)
    return render(headers, rows, fmt)
