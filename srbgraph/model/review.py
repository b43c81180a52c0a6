"""Expert reviews as the graph holds them: the verdicts on each link, the status of each link, and
the state of a review round (counts, links not yet reviewed, disagreements, Cohen's kappa).

Read from any store with the named queries ``link-reviews`` and ``link-assertions`` (plain SPARQL
1.1, the same answer on every store); the rule that decides a link's status is the data's own
(:func:`srbgraph.curated.reviews.link_status`), so the graph and the data files never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

from ..curated.reviews import STATUSES, VERDICTS, link_status
from ..stores.select import as_store
from ..terms import SRB, Literal, local_id
from . import catalogue as queries

#: a link in the graph: (subject IRI, relation local name, object IRI)
LinkKey = tuple[str, str, str]


@dataclass(frozen=True)
class Verdict:
    """One reviewer's verdict on one link, as the graph gives it."""

    reviewer: str
    verdict: str  # confirmed | rejected | unclear
    date: str = ""
    comment: str = ""

    def as_dict(self) -> dict:
        return {"reviewer": self.reviewer, "verdict": self.verdict, "date": self.date, "comment": self.comment}


@dataclass
class LinkReviews:
    """A link and its verdicts (none for a link nobody reviewed yet)."""

    subject: str
    relation: str
    object: str
    support: str | None = None
    deprecated: bool = False
    verdicts: list[Verdict] = field(default_factory=list)
    subject_label: str = ""
    object_label: str = ""
    assertion: str = ""  # the IRI of the link's assertion (a page of the published site links to it)

    @property
    def id(self) -> str:
        return f"link/{local_id(self.subject)}/{self.relation}/{local_id(self.object)}"

    @property
    def status(self) -> str:
        return link_status(v.verdict for v in self.verdicts)

    @property
    def disagreement(self) -> bool:
        """Whether its reviewers gave different verdicts (``unklar`` beside ``bestätigt`` counts)."""
        return len({v.verdict for v in self.verdicts}) > 1

    def as_dict(self) -> dict:
        return {"link": self.id, "subject": local_id(self.subject), "relation": self.relation,
                "object": local_id(self.object), "support": self.support, "status": self.status,
                "deprecated": self.deprecated, "verdicts": [v.as_dict() for v in self.verdicts]}


def _name(iri: str | None) -> str | None:
    return None if iri is None else iri[len(SRB):] if iri.startswith(SRB) else iri


def _true(value: str | None) -> bool:
    return value in ("true", "1")


def review_index(source) -> dict[LinkKey, LinkReviews]:
    """Every reviewed link of the graph → its :class:`LinkReviews` (query ``link-reviews``; kept
    between runs where the store keeps results, see :meth:`~srbgraph.stores.base.Store.remember`)."""
    store = as_store(source)
    text = queries.named("link-reviews").text
    rows = store.remember("link-reviews", (text,), lambda: store.select_values(text), to_rows=list, from_rows=list)
    index: dict[LinkKey, LinkReviews] = {}
    for (_assertion, subject, relation, obj, support, deprecated, _review, reviewer, verdict, date,
         comment) in rows:
        key = (subject, _name(relation), obj)
        entry = index.setdefault(key, LinkReviews(subject, key[1], obj, _name(support), _true(deprecated)))
        entry.verdicts.append(Verdict(reviewer or "", _name(verdict), date or "", comment or ""))
    for entry in index.values():
        entry.verdicts.sort(key=lambda v: (v.reviewer.lower(), v.reviewer))
    return index


def every_link(source, lang: str = "de") -> list[LinkReviews]:
    """Every link assertion of the graph with its verdicts (query ``link-assertions``), in the
    order of subject, relation and object."""
    store = as_store(source)
    reviews = review_index(store)
    found = []
    for (assertion, subject, subject_label, relation, obj, object_label, support,
         deprecated) in store.select_values(queries.named("link-assertions").text, {"lang": Literal(lang)}):
        key = (subject, _name(relation), obj)
        found.append(LinkReviews(subject, key[1], obj, _name(support), _true(deprecated),
                                 list(reviews[key].verdicts) if key in reviews else [],
                                 subject_label or local_id(subject), object_label or local_id(obj), assertion))
    return found


# ------------------------------------------------------------------------------------------------
# agreement
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agreement:
    """How far two reviewers agree over the links both reviewed."""

    first: str
    second: str
    links: int  # reviewed by both
    agreed: int  # same verdict
    kappa: float | None  # None: undefined (no common link, or chance agreement is 1)

    def as_dict(self) -> dict:
        return {"reviewers": [self.first, self.second], "links": self.links, "agreed": self.agreed,
                "observed": round(self.agreed / self.links, 4) if self.links else None,
                "kappa": None if self.kappa is None else round(self.kappa, 4)}


def cohen_kappa(pairs: Iterable[tuple[str, str]], categories: Iterable[str] = VERDICTS) -> float | None:
    """Cohen's kappa of two raters over *pairs* (one pair of categories per item): observed agreement
    p_o corrected for the agreement p_e that their own frequencies give by chance,
    κ = (p_o − p_e) / (1 − p_e). None when there is no item, or when p_e = 1 (both gave one and the
    same category to every item: agreement is perfect but chance explains all of it, κ is 0/0).

    Here the categories are the three verdicts; ``unklar`` is a category of its own, so "unklar"
    beside "bestätigt" counts as disagreement (a reviewer who cannot decide a link has not agreed
    that it holds)."""
    pairs = list(pairs)
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for a, b in pairs if a == b) / n
    chance = sum((sum(1 for a, _ in pairs if a == c) / n) * (sum(1 for _, b in pairs if b == c) / n)
                 for c in categories)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def agreements(links: Iterable[LinkReviews]) -> list[Agreement]:
    """Cohen's kappa for every pair of reviewers who reviewed at least one link in common."""
    by_reviewer: dict[str, dict[str, str]] = {}
    for link in links:
        for verdict in link.verdicts:
            by_reviewer.setdefault(verdict.reviewer, {})[link.id] = verdict.verdict
    found = []
    for first, second in combinations(sorted(by_reviewer, key=str.lower), 2):
        common = sorted(set(by_reviewer[first]) & set(by_reviewer[second]))
        if not common:
            continue
        pairs = [(by_reviewer[first][i], by_reviewer[second][i]) for i in common]
        found.append(Agreement(first, second, len(pairs), sum(1 for a, b in pairs if a == b), cohen_kappa(pairs)))
    return found


@dataclass
class RoundState:
    """Where a review round stands: the links, counted by support level and status."""

    links: list[LinkReviews]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """support level → status → number of links (every status, zeros included)."""
        levels = sorted({link.support or "unknown" for link in self.links})
        counts = {level: dict.fromkeys(STATUSES, 0) for level in levels}
        for link in self.links:
            counts[link.support or "unknown"][link.status] += 1
        return counts

    @property
    def unreviewed(self) -> list[LinkReviews]:
        return [link for link in self.links if not link.verdicts]

    @property
    def disagreements(self) -> list[LinkReviews]:
        return [link for link in self.links if link.disagreement]

    @property
    def reviewers(self) -> list[str]:
        return sorted({v.reviewer for link in self.links for v in link.verdicts}, key=str.lower)

    @property
    def agreements(self) -> list[Agreement]:
        return agreements(self.links)

    def as_dict(self) -> dict:
        return {"links": len(self.links), "reviewers": self.reviewers, "counts": self.counts,
                "unreviewed": [link.id for link in self.unreviewed],
                "disagreements": [link.as_dict() for link in self.disagreements],
                "agreement": [a.as_dict() for a in self.agreements]}


def round_state(source, lang: str = "de") -> RoundState:
    """The state of the review round in the graph of *source*."""
    return RoundState(every_link(source, lang))
