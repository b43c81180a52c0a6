"""Turn results into what a person reads: tables, trees, CSV, JSON."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Sequence

from .paths import Node, Path

CLASS_WORDS = {
    "de": {"goal": "Ziel", "need": "Bedarf", "obstacle": "Bremse", "measure": "Maßnahme",
           "none": "(noch keine Maßnahme)", "count": "{n} Pfade Ziel → Bremse → Maßnahme"},
    "en": {"goal": "Goal", "need": "Need", "obstacle": "Obstacle", "measure": "Measure",
           "none": "(no measure yet)", "count": "{n} goal → obstacle → measure paths"},
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with a header rule; columns padded to their widest cell."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    def line(row):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip()
    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(["" if c is None else c for c in row] for row in rows)
    return buffer.getvalue()


def _label(node: Node | None, lang: str) -> str:
    return "" if node is None else node.label(lang)


def paths_rows(paths: Sequence[Path], lang: str) -> tuple[list[str], list[list[str]]]:
    words = CLASS_WORDS[lang]
    headers = [words["goal"], words["need"], words["obstacle"], words["measure"]]
    rows = [[_label(p.goal, lang), _label(p.need, lang), _label(p.obstacle, lang), _label(p.measure, lang)]
            for p in paths]
    return headers, rows


def paths_tree(paths: Sequence[Path], lang: str = "de") -> str:
    """Goals as roots; under each, its needs and obstacles; under each obstacle, its measures."""
    words = CLASS_WORDS[lang]
    tree: dict = {}
    for p in paths:
        branch = tree.setdefault(p.goal, {})
        branch = branch.setdefault(p.need, {}) if p.need else branch.setdefault(None, {})
        measures = branch.setdefault(p.obstacle, [])
        if p.measure and p.measure not in measures:
            measures.append(p.measure)

    out: list[str] = []

    def add(prefix: str, last: bool, text: str) -> str:
        out.append(f"{prefix}{'└─ ' if last else '├─ '}{text}")
        return prefix + ("   " if last else "│  ")

    for goal, branches in tree.items():
        out.append(f"{words['goal']}: {goal.label(lang)}  [{goal.id}]")
        direct = branches.get(None, {})
        groups = [(None, direct)] if direct else []
        groups += [(need, obs) for need, obs in branches.items() if need is not None]
        for gi, (need, obstacles) in enumerate(groups):
            last_group = gi == len(groups) - 1
            prefix = ""
            if need is not None:
                prefix = add("", last_group, f"{words['need']}: {need.label(lang)}")
            obstacle_items = list(obstacles.items())
            for oi, (obstacle, measures) in enumerate(obstacle_items):
                last_obstacle = oi == len(obstacle_items) - 1 and (need is not None or last_group)
                inner = add(prefix, last_obstacle, f"{words['obstacle']}: {obstacle.label(lang)}")
                if not measures:
                    add(inner, True, words["none"])
                for mi, measure in enumerate(measures):
                    add(inner, mi == len(measures) - 1, f"{words['measure']}: {measure.label(lang)}")
        out.append("")
    complete = sum(1 for p in paths if p.measure is not None)
    out.append(words["count"].format(n=complete))
    return "\n".join(out)


def paths_view(paths: Sequence[Path], fmt: str, lang: str) -> str:
    if fmt == "tree":
        return paths_tree(paths, lang)
    if fmt == "json":
        return json.dumps([p.as_dict(lang) for p in paths], ensure_ascii=False, indent=2)
    headers, rows = paths_rows(paths, lang)
    if fmt == "csv":
        return csv_text(headers, rows).rstrip("\n")
    return table(headers, rows)
