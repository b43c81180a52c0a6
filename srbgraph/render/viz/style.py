"""How the picture looks: colour and shape by class, colour and dashes by relation, font sizes and
label wrapping, and the words of the page in German and English (``WORDS``).

Everything here is plain data or a small pure function; the page (:mod:`.html`), the layout
(:mod:`.layout`) and the file formats (:mod:`.formats`) all draw on it.
"""
from __future__ import annotations

import colorsys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .view import View

# ---------------------------------------------------------------------------------------------
# Looks: colour and shape by class, colour and dashes by relation
# ---------------------------------------------------------------------------------------------

#: class → (colour, vis-network shape). Shapes group families of classes: goals are stars,
#: needs triangles, obstacles triangles pointing down, measures squares, indicators and questions
#: diamonds, findings and statements hexagons, actors, events and context dots.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "GuidingGoal": ("#a0700c", "star"),
    "ActionGoal": ("#f2b701", "star"),
    "GoalFragment": ("#f5d77a", "star"),
    "Goal": ("#f2b701", "star"),
    "DevelopmentNeed": ("#f28e2b", "triangle"),
    "Obstacle": ("#d62728", "triangleDown"),
    "Measure": ("#2ca02c", "square"),
    "Indicator": ("#17becf", "diamond"),
    "ResearchQuestion": ("#0b6e75", "diamond"),
    "ReflectionQuestion": ("#8fd3db", "diamond"),
    "Finding": ("#9467bd", "hexagon"),
    "SiteResult": ("#c5b0d5", "hexagon"),
    "TheoryTableEntry": ("#8c564b", "hexagon"),
    "ParticipationProcess": ("#e377c2", "hexagon"),
    "TopicToContinue": ("#bcbd22", "hexagon"),
    "PostponedTopic": ("#dbdb8d", "hexagon"),
    "OpenTopic": ("#7f7f7f", "hexagon"),
    "Statement": ("#f7a8b8", "hexagon"),
    "StatementCluster": ("#b5446e", "hexagon"),
    "Organisation": ("#1f77b4", "dot"),
    "StakeholderGroup": ("#6baed6", "dot"),
    "Person": ("#08306b", "dot"),
    "Role": ("#a6c8e3", "dot"),
    "WorkingGroup": ("#4a4a9c", "dot"),
    "Workshop": ("#525252", "square"),
    "WorkshopSeries": ("#252525", "square"),
    "Region": ("#969696", "square"),
    "Theme": ("#e6550d", "dot"),
    "Principle": ("#31a354", "diamond"),
    "Phase": ("#756bb1", "triangle"),
    "Method": ("#636363", "hexagon"),
    "MethodStep": ("#bdbdbd", "hexagon"),
    "Document": ("#c7b299", "square"),
}
#: Font size of node labels by class: the goals stay legible when the whole graph is in view.
CLASS_FONT = {"GuidingGoal": 30, "ActionGoal": 26, "GoalFragment": 18, "DevelopmentNeed": 16,
              "Obstacle": 16, "Measure": 15, "Theme": 22, "Workshop": 20, "WorkshopSeries": 22}
#: relation → (colour, dashed). Relations not listed are drawn in grey.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "hinders": ("#d62728", False),
    "addresses": ("#2ca02c", False),
    "supports": ("#1f77b4", False),
    "requires": ("#f28e2b", False),
    "measuredBy": ("#17becf", True),
    "contributesTo": ("#a0700c", False),
    "fragmentOf": ("#c9a227", True),
    "aboutTheme": ("#e6550d", True),
    "involves": ("#9ecae1", True),
    "proposedBy": ("#4a4a9c", True),
}
GREY = "#9a9a9a"

WORDS = {
    "de": {"whole": "ganzer Graph", "focus": "Umgebung von {label} (Tiefe {depth})",
           "paths": "Ziel → Bedarf → Bremse → Maßnahme", "nodes": "Knoten", "edges": "Kanten",
           "search": "Knoten suchen …", "reset": "Alles zeigen", "classes": "Klassen",
           "relations": "Beziehungen", "chain": "Kette (Pfad)", "more": "+ {n} weitere Belege",
           "hint": "Klick: Nachbarschaft hervorheben · Mausrad: Zoom · Ziehen: verschieben",
           "notfound": "nichts gefunden", "title": "SRB-Wissensgraph"},
    "en": {"whole": "whole graph", "focus": "neighbourhood of {label} (depth {depth})",
           "paths": "goal → need → obstacle → measure", "nodes": "nodes", "edges": "edges",
           "search": "Find a node …", "reset": "Show all", "classes": "Classes",
           "relations": "Relations", "chain": "chain (path)", "more": "+ {n} more quotes",
           "hint": "click: highlight neighbourhood · wheel: zoom · drag: pan",
           "notfound": "nothing found", "title": "SRB knowledge graph"},
}


def class_style(cls: str) -> tuple[str, str]:
    """Colour and shape of a class; classes without a style get a stable colour of their own."""
    if cls in CLASS_STYLES:
        return CLASS_STYLES[cls]
    hue = (sum(map(ord, cls)) * 37 % 360) / 360
    r, g, b = colorsys.hls_to_rgb(hue, 0.5, 0.55)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}", "dot"


# ---------------------------------------------------------------------------------------------
# Labels: font size and line wrapping
# ---------------------------------------------------------------------------------------------

def wrap_width(view: View) -> int:
    """Characters per label line: wider in the path view, whose columns have room."""
    return 34 if view.kind == "paths" else 26


def font_size(view: View, cls: str) -> int:
    """Label font size of a class; larger in the smaller views (a neighbourhood, the chains)."""
    return CLASS_FONT.get(cls, 13) + (4 if view.kind != "whole" else 0)


def wrap(text: str, width: int = 26) -> str:
    """*text* broken at spaces into lines of at most *width* characters (a longer word stays whole)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)
