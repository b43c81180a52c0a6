"""The views of the whole graph on the published site: the paths, the gaps and the review status.

Each page says what the command line says (``srbgraph paths``, ``srbgraph gaps``, ``srbgraph review
status``) and reads it from the same library calls, so the site and the command line never tell two
stories; what the page adds is links: every entity to its page, every hop's marker (● stated,
○ interpreted) to the page of the link's assertion, where its quote and rationale stand.

The paths page holds every path twice, as a tree per goal (the paths merged where they begin
alike, as the command line's tree) and as a table (one row per path). Both are written whole into
the page; the filters (by support, by goal) only show and hide rows that are there
(``static/views.js``), so without script every path is visible, and what a reader sees is always
what the server wrote, never text a script put together. A link its reviewers rejected is left
out, as the command line leaves it out by default, and the page says how many are.
"""
from __future__ import annotations

from ..terms import SRB, SRBR

STATED = "stated"
#: the columns of the path table, each the kind of node it holds (``upper``: the goals above the goal)
COLUMNS = ("upper", "goal", "need", "obstacle", "measure", "indicator")


def write(part) -> None:
    """The three views of *part*'s language: paths, gaps, review status."""
    from ..model.review import every_link

    store = part.site.store
    links = {(link.subject, link.relation, link.object): link for link in every_link(store, part.lang)}
    _write_paths(part, links)
    _write_gaps(part)
    _write_review(part, links)


class _Links:
    """Site paths and hrefs of the entities and link assertions shown on one page."""

    def __init__(self, part, name: str, links: dict | None = None):
        self.part, self.here, self.links = part, part.page(name), links or {}

    def href(self, iri: str | None) -> str | None:
        target = self.part.page_of(iri) if iri else None
        return self.part.url(self.here, target) if target else None

    def entity(self, node) -> dict:
        """A node of a path: its label, id and the address of its page (None: it has none)."""
        return {"label": node.label() or node.id, "id": node.id, "href": self.href(node.iri), "kind": node.kind}

    def hop(self, hop) -> dict:
        """A hop's markers: its support (● ○ ?) and the reviewers' verdict, with their words and the
        address of the link assertion's page."""
        from ..render.i18n import word
        from ..render.paths import MARKS, REVIEW_MARKS

        lang = self.part.lang
        link = self.links.get(hop.link)
        status = link.status if link and link.verdicts else "unreviewed"
        words = [word(f"{hop.support}-long", lang) if hop.support else word("unknown-support", lang),
                 word("rel-" + hop.relation, lang)]
        if status in REVIEW_MARKS:
            words.append(word("site-review-said", lang, status=word("status-" + status, lang)))
        return {"mark": MARKS[hop.support], "review": REVIEW_MARKS.get(status, ""), "support": hop.support or "",
                "title": " – ".join(words), "href": self.href(link.assertion) if link and link.assertion else None}


# ------------------------------------------------------------------------------------------------
# paths
# ------------------------------------------------------------------------------------------------
def _write_paths(part, links: dict) -> None:
    from ..model.paths import find_paths
    from ..render.i18n import word
    from ..render.paths import REVIEW_MARKS, count_line

    lang = part.lang
    store = part.site.store
    paths = find_paths(store, lang=lang)
    at = _Links(part, "paths.html", links)
    roots = _tree(paths, at)
    rows = [_row(path, at) for path in paths]
    goals = sorted({(root["entity"]["label"], root["goal"]) for root in roots if root["goal"]},
                   key=lambda item: (item[0].lower(), item[1]))
    used = {status for status in REVIEW_MARKS if any(
        (entry := links.get(hop.link)) is not None and entry.verdicts and entry.status == status
        for path in paths for hop in path.hops)}
    part.render("paths.html", "paths.html", roots=roots, rows=rows, goals=goals, summary=count_line(paths, lang),
                total=len(paths), stated=sum(1 for p in paths if p.support == STATED),
                unknown=any(hop.support is None for p in paths for hop in p.hops),
                review_legend=[(REVIEW_MARKS[status], word("site-review-legend-" + status, lang))
                               for status in REVIEW_MARKS if status in used],
                rejected=_rejected_count(store), review_page=part.url(at.here, part.page("review.html")))


def _rejected_count(store) -> int:
    """How many path links its reviewers rejected (they are on no path; the command line leaves
    them out by default and says so)."""
    from ..model.rejected import PATH_HOPS, rejected_links

    return sum(1 for link in rejected_links(store) if link.relation in PATH_HOPS)


def _tree(paths, at: _Links) -> list[dict]:
    """The paths as the command line's tree (:class:`srbgraph.render.paths.Branch`: merged where
    they begin alike), as nested dicts for the template; each branch knows whether a path stated in
    every hop passes it (the filter by support keeps those) and says where a path ends early."""
    from ..render.i18n import word
    from ..render.paths import Branch, open_words

    lang = at.part.lang
    roots: dict[str, tuple] = {}
    for path in paths:
        root = roots.setdefault(path.head.iri, (path.head, Branch(), []))
        root[1].add(path.hops, False, path.kind == "no-goal")
        root[2].append(path)

    def branch(node) -> dict:
        children = [branch(child) for child in node.children.values()]
        lower = node.hop.lower
        end = None
        if node.ends and lower.kind in ("need", "obstacle"):
            end = open_words(lower.kind, lang, False)
        elif node.no_goal:
            end = word("no-goal", lang)
        stated = node.hop.support == STATED and (node.ends or any(child["stated"] for child in children))
        return {"hop": at.hop(node.hop), "relation": word("to-" + node.hop.relation, lang),
                "entity": at.entity(lower), "children": children, "end": end, "stated": stated}

    found = []
    for head, root, own in roots.values():
        children = [branch(child) for child in root.children.values()]
        no_goal = head.kind != "goal"
        found.append({"entity": at.entity(head), "kind": word(head.kind or "goal", lang), "children": children,
                      "goal": "" if no_goal else head.iri, "paths": len(own),
                      "note": word("no-goal", lang) if no_goal else None,
                      "stated": any(child["stated"] for child in children)})
    return found


def _row(path, at: _Links) -> dict:
    """One row of the path table: its kind, the goal it hangs under (the filter's key), its support,
    and per column the node with the marker of the hop that leads to it; an open end says what the
    path lacks in the column it stops before."""
    from ..model.paths import PATH_KINDS
    from ..render.i18n import word
    from ..render.paths import MARKS, open_words

    lang = at.part.lang
    into = {hop.lower.iri: hop for hop in path.hops}
    cells: dict[str, dict] = {column: {"nodes": [], "end": None} for column in COLUMNS}
    for node in path.upper_goals:
        cells["upper"]["nodes"].append({"entity": at.entity(node), "hop": at.hop(into[node.iri]) if node.iri in into else None})
    for column in COLUMNS[1:]:
        node = path.of_kind(column)
        if node is not None:
            cells[column]["nodes"].append({"entity": at.entity(node),
                                           "hop": at.hop(into[node.iri]) if node.iri in into else None})
    if path.kind == "no-goal":
        cells["goal"]["end"] = word("no-goal", lang)
    if path.kind in (*PATH_KINDS, "no-goal") and not path.complete:
        cells["obstacle" if path.end.kind == "need" else "measure"]["end"] = open_words(path.end.kind, lang, False)
    support = path.support
    return {"kind": word(f"kind-{path.kind}", lang), "goal": path.head.iri if path.head.kind == "goal" else "",
            "stated": support == STATED, "cells": [cells[column] for column in COLUMNS],
            "support": {"mark": MARKS[support], "title": word(f"{support}-long", lang) if support
                        else word("unknown-support", lang)},
            "open": path.kind in (*PATH_KINDS, "no-goal") and not path.complete}


# ------------------------------------------------------------------------------------------------
# gaps
# ------------------------------------------------------------------------------------------------
def _write_gaps(part) -> None:
    """``srbgraph gaps``: every open end, grouped by kind, each with its page; beside an obstacle
    or need where paths stop, what the documentation says about it and the measures that serve the
    same goals (:func:`srbgraph.model.rejected.open_ends`, as ``srbgraph paths NAME`` shows them)."""
    from ..model.analysis import GAP_QUERIES, gaps
    from ..model.paths import find_paths
    from ..model.rejected import SHOWN_MEASURES, open_ends
    from ..render.i18n import word

    lang, store = part.lang, part.site.store
    at = _Links(part, "gaps.html")
    found = gaps(store, lang)
    ends = {end.entity.iri: end for end in open_ends(store, find_paths(store, lang=lang), lang)}
    groups = []
    for kind in GAP_QUERIES:
        items = []
        for gap in (g for g in found if g.kind == kind):
            iri = SRBR + gap.id
            end = ends.get(iri)
            said = [{"quote": quote, "finding": finding, "href": at.href(SRBR + finding)}
                    for finding, _label, quote in end.statements] if end else []
            serving = [{"goal": at.entity(goal), "measures": [at.entity(m) for m in measures[:SHOWN_MEASURES]],
                        "more": max(0, len(measures) - SHOWN_MEASURES)} for goal, measures in end.goals] if end else []
            items.append({"label": gap.label or gap.id, "id": gap.id, "href": at.href(iri), "detail": gap.cls,
                          "said": said, "serving": serving})
        if items:
            groups.append({"kind": kind, "title": word(kind, lang), "items": items})
    part.render("gaps.html", "gaps.html", groups=groups, total=len(found), empty=word("empty-gaps", lang))


# ------------------------------------------------------------------------------------------------
# review status
# ------------------------------------------------------------------------------------------------
def _write_review(part, links: dict) -> None:
    """``srbgraph review status``: the counts per support and status, the reviewers, every link
    with its verdicts, the disagreements and Cohen's kappa of each pair of reviewers."""
    from ..curated.reviews import STATUSES
    from ..model.review import RoundState
    from ..render.i18n import word
    from ..render.review_report import kappa_text

    lang = part.lang
    state = RoundState(list(links.values()))
    at = _Links(part, "review.html", links)
    counts = state.counts
    reviewed = len(state.links) - len(state.unreviewed)
    rows = [{"level": word(f"{level}-long", lang) if level in ("stated", "interpreted") else word("unknown-support", lang),
             "counts": [counts[level][status] for status in STATUSES], "total": sum(counts[level].values())}
            for level in counts]
    totals = [sum(counts[level][status] for level in counts) for status in STATUSES]
    agreements = [word("agreement-line", lang, a=a.first, b=a.second, agreed=a.agreed, n=a.links,
                       kappa=kappa_text(a.kappa, lang)) for a in state.agreements]
    part.render("review.html", "review.html",
                summary=word("review-round", lang, n=len(state.links), reviewed=reviewed, open=len(state.unreviewed)),
                statuses=[word("status-" + status, lang) for status in STATUSES], rows=rows, totals=totals,
                total=len(state.links), reviewers=state.reviewers, agreements=agreements,
                links=[_link(link, at) for link in _ordered(state.links)],
                disagreements=[_link(link, at) for link in _ordered(state.disagreements)])


def _ordered(links) -> list:
    """Links by the labels of their ends (as a reader looks them up), then by id."""
    return sorted(links, key=lambda link: (link.subject_label.lower(), link.relation, link.object_label.lower(), link.id))


def _link(link, at: _Links) -> dict:
    """A link of the review page: its ends, relation, support, status and verdicts, with their pages."""
    from ..render.i18n import WORDS, word

    lang = at.part.lang
    return {"id": link.id, "href": at.href(link.assertion),
            "subject": {"label": link.subject_label, "href": at.href(link.subject)},
            "object": {"label": link.object_label, "href": at.href(link.object)},
            "relation": word("rel-" + link.relation, lang) if "rel-" + link.relation in WORDS else link.relation,
            "relation_href": at.href(SRB + link.relation),
            "support": word(f"{link.support}-long", lang) if link.support in ("stated", "interpreted") else "",
            "status": word("status-" + link.status, lang), "status_key": link.status,
            "verdicts": [{"reviewer": v.reviewer, "verdict": word("status-" + v.verdict, lang), "date": v.date,
                          "comment": v.comment} for v in link.verdicts]}

