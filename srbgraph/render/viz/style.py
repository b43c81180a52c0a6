"""How the picture looks: colour and shape by class, colour and dashes by relation, font sizes and
label wrapping, and the words of the page in German and English (``WORDS``).

Everything here is plain data or a small pure function; the page (:mod:`.html`), the layout
(:mod:`.layout`), the view (:mod:`.view`, for the page's words) and the file formats
(:mod:`.formats`) all draw on it. It knows no view: the functions take the kind of view
(``"whole"``, ``"focus"``, ``"paths"``), so the modules form a line, not a circle.
"""
from __future__ import annotations

import colorsys

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
#: relation → (colour, dashed). Relations not listed are drawn in grey. Dashes show how the source
#: supports a link (interpreted: dashed, in every format), so no relation is dashed for itself.
RELATION_STYLES: dict[str, tuple[str, bool]] = {
    "hinders": ("#d62728", False),
    "addresses": ("#2ca02c", False),
    "supports": ("#1f77b4", False),
    "requires": ("#f28e2b", False),
    "measuredBy": ("#17becf", False),
    "contributesTo": ("#a0700c", False),
    "fragmentOf": ("#c9a227", False),
    "basisFor": ("#8c564b", False),
    "aboutTheme": ("#e6550d", False),
    "involves": ("#9ecae1", False),
    "proposedBy": ("#4a4a9c", False),
}
GREY = "#9a9a9a"

#: The page's words in the language of the page, from :mod:`srbgraph.render.i18n` (the one home of
#: every German and English word): the ``viz-…`` entries under their short names, and the words
#: for the support of a link shared with ``srbgraph paths`` and ``srbgraph evidence``.
def _page_words(lang: str) -> dict[str, str]:
    from ..i18n import WORDS as ALL, word

    words = {key[len("viz-"):]: word(key, lang) for key in ALL if key.startswith("viz-")}
    words.update({"stated": word("stated-long", lang), "interpreted": word("interpreted-long", lang),
                  "stated-short": word("stated", lang), "interpreted-short": word("interpreted", lang),
                  "rationale": word("rationale", lang)})
    return words


WORDS = {lang: _page_words(lang) for lang in ("de", "en")}


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

def wrap_width(kind: str) -> int:
    """Characters per label line in a view of *kind*: wider in the path view, whose columns have room."""
    return 34 if kind == "paths" else 26


def font_size(kind: str, cls: str) -> int:
    """Label font size of a class in a view of *kind*; larger in the smaller views (a neighbourhood,
    the chains)."""
    return CLASS_FONT.get(cls, 13) + (4 if kind != "whole" else 0)


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


# ---------------------------------------------------------------------------------------------
# How much room a label takes: widths of DejaVu Sans (the page's first font; Arial and the
# usual sans-serif fonts are narrower), in em, by groups of characters, rounded up
# ---------------------------------------------------------------------------------------------

_WIDTHS = {
    0.30: "ijlIJ'",
    0.33: " ,.·‘’:;|/\\",
    0.42: "!()[]frt-",
    0.56: "*_`–?szc„“”\"",
    0.71: "ABCKRVXZÄ",
    0.80: "DGHNOQUÖÜ&",
    0.87: "#+<=>^~→Mw",
    1.00: "%@—…mW",
}
_WIDTH = {ch: width for width, chars in _WIDTHS.items() for ch in chars}
#: every other character of the Latin alphabets (lower case, digits, E F L P S T Y …)
_DEFAULT_WIDTH = 0.65
#: height of one label line, in font sizes (vis-network gives each line the font size)
LINE_HEIGHT = 1.0


def text_width(text: str, size: float) -> float:
    """The width in pixels of one line of *text* at font *size* (an upper bound for DejaVu Sans)."""
    return size * sum(_WIDTH.get(ch, _DEFAULT_WIDTH if ch < "\u2e80" else 1.0) for ch in text)


def label_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in pixels of a (wrapped, multi-line) label at font *size*."""
    lines = text.split("\n")
    return max(text_width(line, size) for line in lines), len(lines) * size * LINE_HEIGHT
