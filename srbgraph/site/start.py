"""The start page: what the documentation is, its guiding goal and action goals with their paths,
the gaps, the brakes and measures most paths pass, how to read the marks, the data to download —
and, with both languages, the page at the top that lets a reader choose one."""
from __future__ import annotations

from dataclasses import dataclass

from ..model.paths import PATH_KINDS, find_paths
from ..render.i18n import word
from ..render.paths import count_line
from .context import Part, Site
from .rdf import DUMPS

#: brakes and measures named on the start page (the most connected; the paths page has them all)
MOST_RANKED = 5
_GOALS = """PREFIX srb: <https://w3id.org/srbgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?goal ?class WHERE { VALUES ?class { srb:GuidingGoal srb:ActionGoal } ?goal a ?class .
  FILTER NOT EXISTS { ?goal <http://purl.org/dc/terms/isReplacedBy> ?successor } }"""


@dataclass
class GoalRow:
    iri: str
    label: str
    href: str | None
    paths: int  # paths that start at the goal (via a need, a brake, or straight to a measure)
    open_ends: int  # of those: ending without a measure


def write(part: Part) -> None:
    from ..model.analysis import gaps, rank

    store, lang, here = part.site.store, part.lang, part.page("index.html")
    every = find_paths(store, lang=lang)
    proper = [p for p in every if p.kind in PATH_KINDS]
    labels = {node.iri: node.text for p in every for node in p.nodes}
    goals: dict[str, list[GoalRow]] = {"GuidingGoal": [], "ActionGoal": []}
    for iri, cls in sorted(store.select_values(_GOALS)):
        own = [p for p in proper if p.head.iri == iri]
        target = part.page_of(iri)
        goals[cls.rsplit("#", 1)[-1]].append(GoalRow(iri, labels.get(iri) or _label(store, iri, lang),
                                                     part.url(here, target) if target else None,
                                                     len(own), sum(1 for p in own if not p.complete)))
    for rows in goals.values():
        rows.sort(key=lambda row: (-row.paths, row.label))
    ranked = rank(store, lang=lang)
    top = {kind: [r for r in ranked if r.kind == kind][:MOST_RANKED] for kind in ("Obstacle", "Measure")}
    found_gaps = gaps(store, lang=lang)
    part.render("index.html", "site_start.html", goals=goals, top=top, summary=count_line(every, lang),
                gaps=len(found_gaps), dumps=list(DUMPS), entity_href=lambda ident: _entity(part, here, ident),
                marks=[("●", word("stated-long", lang)), ("○", word("interpreted-long", lang)),
                       ("✓", word("status-confirmed", lang)), ("✗", word("status-rejected", lang)),
                       ("?", word("status-unclear", lang))])


def _entity(part: Part, here: str, ident: str) -> str | None:
    from ..terms import SRBR

    target = part.page_of(SRBR + ident)
    return part.url(here, target) if target else None


def _label(store, iri: str, lang: str) -> str:
    from ..model.describe import describe

    found = describe(store, iri, lang)
    return found.label(iri, lang) if found else iri.rsplit("/", 1)[-1]


def write_choice(site: Site) -> None:
    """With both languages: ``index.html`` at the top, in both, leading to ``de/`` and ``en/``."""
    from .context import environment

    html = environment().get_template("site_choice.html").render(
        choices=[(lang, f"{lang}/index.html", word("site-name", lang), word("site-choose", lang)) for lang in site.langs])
    site.files.add("index.html", html)
