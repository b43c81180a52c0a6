"""Expert reviews of path links, as the data files write them, and the one rule that decides a link.

A review lives on the link mapping it judges (see :mod:`srbgraph.curated.links`)::

    hinders:
      - to: goal-fachpersonal-gewinnen-sichern
        support: interpreted
        rationale: "…"
        evidence: [{quote: "…", section: "…"}]
        reviews:
          - reviewer: "Dr. M. Muster"
            date: 2026-12-01
            verdict: bestätigt          # bestätigt | abgelehnt | unklar (or confirmed | rejected | unclear)
            comment: "Steht so im Abschnitt Ziele vereinbaren."

Why on the link and not in a file of their own: a curator who edits or removes a link sees its
reviews in the same place, and a review cannot outlive (or silently drift from) the link it judged;
`srbgraph review import` writes them there, adding lines only.

The rule (:func:`link_status`, the vocabulary contract's "Reviews"): a link is *rejected* when at
least one reviewer rejects it and none confirms it; it is *disputed* when one confirms and another
rejects (it then stays as it is until they agree); *confirmed* when one confirms and none rejects;
*unclear* when its only verdicts are "unklar"; *unreviewed* without reviews.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..errors import Problem, shown

VERDICTS = ("confirmed", "rejected", "unclear")
#: the German word of each verdict: what the data files, the workbook and the drop-down say
VERDICT_DE = {"confirmed": "bestätigt", "rejected": "abgelehnt", "unclear": "unklar"}
#: every status a link can have after its reviews (see :func:`link_status`)
STATUSES = ("unreviewed", "confirmed", "rejected", "disputed", "unclear")
REVIEW_KEYS = ("reviewer", "date", "verdict", "comment")


def _folded(text: str) -> str:
    text = text.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


_WORDS = {_folded(word): verdict for verdict, word in VERDICT_DE.items()} | {v: v for v in VERDICTS}


def verdict_of(word: Any) -> str | None:
    """The verdict (``confirmed``, ``rejected``, ``unclear``) a German or English *word* names —
    case, surrounding spaces and umlaut spelling (``bestaetigt``) do not matter — else None."""
    return _WORDS.get(_folded(word)) if isinstance(word, str) else None


def reviewer_slug(name: str) -> str:
    """The id part of a reviewer's name, as in ``srbr:agent/<slug>``: ``Dr. M. Müller`` →
    ``dr-m-mueller`` (empty when the name holds no letter or digit of the Latin alphabet)."""
    return re.sub(r"[^a-z0-9]+", "-", _folded(name)).strip("-")


@dataclass(frozen=True)
class Review:
    """One reviewer's verdict on one link, as the data file states it (validated)."""

    reviewer: str
    date: dt.date
    verdict: str  # confirmed | rejected | unclear
    comment: str = ""
    line: int = 0

    @property
    def slug(self) -> str:
        return reviewer_slug(self.reviewer)


def link_status(verdicts: Iterable[str]) -> str:
    """The status of a link whose reviewers gave *verdicts* (see the module's docstring)."""
    given = set(verdicts)
    if not given:
        return "unreviewed"
    if "confirmed" in given and "rejected" in given:
        return "disputed"
    if "rejected" in given:
        return "rejected"
    return "confirmed" if "confirmed" in given else "unclear"


def as_date(value: Any) -> dt.date | None:
    """A review's date: a YAML date, or a text written YYYY-MM-DD; None when it is neither."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_reviews(items: Any) -> tuple[Review, ...]:
    """The well-formed reviews of a link's ``reviews`` list (what :func:`check_reviews` finds no
    fault in is all of them)."""
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        reviewer, date, verdict = item.get("reviewer"), as_date(item.get("date")), verdict_of(item.get("verdict"))
        comment = item.get("comment")
        if isinstance(reviewer, str) and reviewer.strip() and date and verdict:
            found.append(Review(" ".join(reviewer.split()), date, verdict,
                                comment.strip() if isinstance(comment, str) else "", getattr(item, "line", 0)))
    return tuple(found)


def check_reviews(value: Any, line: int, what: str, fault: Callable[[str, int], None]) -> None:
    """Every fault of a link's ``reviews`` list, each reported as ``fault(message, line)``: a list of
    mappings {reviewer, date, verdict, comment}; reviewer a name, date YYYY-MM-DD, verdict one of
    the words, one review per reviewer."""
    if not isinstance(value, list):
        fault(f"{what}: 'reviews' must be a list of {{reviewer, date, verdict, comment}}", line)
        return
    seen: dict[str, int] = {}
    for number, item in enumerate(value, start=1):
        at = getattr(item, "line", line)
        label = f"{what}: review #{number}"
        if not isinstance(item, dict):
            fault(f"{label} must be a mapping {{reviewer, date, verdict, comment}}", at)
            continue
        keys = getattr(item, "key_lines", {})
        for key in item:
            if key not in REVIEW_KEYS:
                fault(f"{label}: unknown field {shown(key)} (a review has {', '.join(REVIEW_KEYS)})",
                      keys.get(key, at))
        reviewer = item.get("reviewer")
        if not isinstance(reviewer, str) or not reviewer.strip():
            fault(f"{label}: 'reviewer' must name who reviewed", keys.get("reviewer", at))
        elif not reviewer_slug(reviewer):
            fault(f"{label}: the reviewer's name {shown(reviewer)} needs a letter or digit (a-z, 0-9)",
                  keys.get("reviewer", at))
        elif reviewer_slug(reviewer) in seen:
            fault(f"{label}: {shown(reviewer)} reviewed this link already (line {seen[reviewer_slug(reviewer)]}); "
                  "one review per reviewer and link", keys.get("reviewer", at))
        else:
            seen[reviewer_slug(reviewer)] = at
        if as_date(item.get("date")) is None:
            fault(f"{label}: 'date' must be a date written YYYY-MM-DD, got {shown(item.get('date'))}",
                  keys.get("date", at))
        if verdict_of(item.get("verdict")) is None:
            fault(f"{label}: 'verdict' must be bestätigt, abgelehnt or unklar (or confirmed, rejected, unclear), "
                  f"got {shown(item.get('verdict'))}", keys.get("verdict", at))
        if "comment" in item and item["comment"] is not None and not isinstance(item["comment"], str):
            fault(f"{label}: 'comment' must be a text", keys.get("comment", at))


def check_reviewer_names(reviews: Iterable[tuple[Review, str, int]]) -> list[Problem]:
    """Two different names that give the same reviewer id (``M. Muster`` and ``M Muster``) would be
    one person in the graph: each such name is a problem. *reviews* are ``(review, file, line)``."""
    first: dict[str, tuple[str, str, int]] = {}
    problems = []
    for review, file, line in reviews:
        known = first.setdefault(review.slug, (review.reviewer, file, line))
        if known[0] != review.reviewer:
            problems.append(Problem(file, review.line or line, "",
                                    f"reviewer {shown(review.reviewer)} and {shown(known[0])} ({known[1]}:{known[2]}) "
                                    f"give the same id 'agent/{review.slug}': write the name the same way"))
    return problems


def fingerprint(subject: str, relation: str, target: str, support: str, evidence: Iterable[dict]) -> str:
    """What a reviewer saw of a link: a hash of its ends, relation, support and quotes (with their
    sections; spacing ignored). The review workbook keeps it per row; an import refuses a row whose
    link no longer has it (the link changed since the export)."""
    quotes = [[" ".join(str(item.get("quote", "")).split()), " ".join(str(item.get("section", "")).split())]
              for item in evidence]
    text = json.dumps([subject, relation, target, support, quotes], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
