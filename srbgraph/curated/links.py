"""Path links with their support: how the source supports each link between goals, needs,
obstacles, measures and indicators.

For the relations of :data:`LINK_RELATIONS` a link is written as a small mapping::

    hinders:
      - to: need-ermittlung-finanzierung-sachmittel
        support: stated            # the document connects the two ends: a quote names both
        evidence:
          - quote: "Diese Faktoren werden von … gebremst."
            section: "… gemeinsam entwickeln > S.M.A.R.T."
      - to: goal-fachpersonal-gewinnen-sichern
        support: interpreted       # the curation connects them, and says why
        rationale: "Deutsch: warum die Kuration die Enden verbindet …"
        rationale_en: "English, optional"
        evidence: [{quote: …, section: …}]
        reviews:                   # optional: experts' verdicts (srbgraph review import writes them)
          - {reviewer: "Dr. M. Muster", date: 2026-12-01, verdict: bestätigt, comment: "…"}

A link that says neither is refused: the short form (``hinders: [goal-x]``) cannot say how the
source supports it. Each link becomes, in the graph, the direct triple and one ``srb:Assertion``
(:func:`assertion_iri`); a link its reviewers reject (see :mod:`srbgraph.curated.reviews`) keeps
the assertion, deprecated, and loses the direct triple.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..errors import Problem, shown
from .read import Entity
from .reviews import check_reviews, fingerprint, link_status, parse_reviews

#: the path relations whose every link says how the source supports it
LINK_RELATIONS = ("requires", "hinders", "addresses", "supports", "measuredBy", "contributesTo", "fragmentOf",
                  "basisFor")
SUPPORT_LEVELS = ("stated", "interpreted")
LINK_KEYS = ("to", "support", "evidence", "rationale", "rationale_en", "reviews")


@dataclass(frozen=True)
class Link:
    """One path link as the data states it (validated)."""

    subject: str
    relation: str
    target: str
    support: str
    evidence: tuple = ()
    rationale: str = ""
    rationale_en: str = ""
    line: int = 0
    file: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    reviews: tuple = ()  # of :class:`~srbgraph.curated.reviews.Review`

    @property
    def id(self) -> str:
        """The stable id of the link (``link/<subject>/<relation>/<target>``), as in its IRI."""
        return link_id(self.subject, self.relation, self.target)

    @property
    def status(self) -> str:
        """unreviewed, confirmed, rejected, disputed or unclear (:func:`~srbgraph.curated.reviews.link_status`)."""
        return link_status(review.verdict for review in self.reviews)

    @property
    def fingerprint(self) -> str:
        """What a reviewer sees of the link, hashed (:func:`~srbgraph.curated.reviews.fingerprint`)."""
        return fingerprint(self.subject, self.relation, self.target, self.support, self.evidence)


def link_id(subject: str, relation: str, target: str) -> str:
    return f"link/{subject}/{relation}/{target}"


def links_of(entity: Entity) -> Iterable[Link]:
    """The well-formed links of *entity* (what :func:`check_links` found no fault in)."""
    for relation in LINK_RELATIONS:
        items = entity.fields.get(relation)
        for item in items if isinstance(items, list) else [items] if items is not None else []:
            if isinstance(item, dict) and isinstance(item.get("to"), str) and item.get("support") in SUPPORT_LEVELS:
                yield Link(entity.id, relation, item["to"], item["support"],
                           tuple(e for e in item.get("evidence") or [] if isinstance(e, dict)),
                           _text(item.get("rationale")), _text(item.get("rationale_en")),
                           getattr(item, "line", entity.line_of(relation)), entity.file,
                           {k: v for k, v in item.items() if k not in LINK_KEYS},
                           parse_reviews(item.get("reviews")))


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def check_links(entity: Entity, relation: str, value: Any, check_evidence) -> tuple[list[Problem], list[tuple[str, int]]]:
    """``(problems, targets)`` of the links under *relation*: every problem in the link mappings,
    and the ``(target id, line)`` of each link that names one. *check_evidence(items, line, what)*
    checks an evidence list the way an entity's evidence is checked."""
    problems: list[Problem] = []
    targets: list[tuple[str, int]] = []
    items = value if isinstance(value, list) else [value]
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        line = getattr(item, "line", entity.line_of(relation))

        def fault(message: str, at: int = line) -> None:
            problems.append(Problem(entity.file, at, entity.name, message))

        if not isinstance(item, dict):
            fault(f"'{relation}' → {shown(item)}: a link needs its support — write it as a mapping "
                  "{to, support: stated|interpreted, evidence, rationale} (see docs/curation.md)")
            if isinstance(item, str):
                targets.append((item, line))
            continue
        keys = getattr(item, "key_lines", {})
        for key in item:
            if key not in LINK_KEYS:
                fault(f"'{relation}' link #{number}: unknown field {shown(key)} (a link has {', '.join(LINK_KEYS)})",
                      keys.get(key, line))
        target = item.get("to")
        if not isinstance(target, str) or not target:
            fault(f"'{relation}' link #{number}: 'to' must name the id of the other end")
            continue
        targets.append((target, line))
        if target in seen:
            fault(f"'{relation}' → '{target}' is given twice")
        seen.add(target)
        support = item.get("support")
        what = f"'{relation}' → '{target}'"
        if support is None:
            fault(f"{what}: no support — say 'support: stated' (a quote names both ends) or "
                  "'support: interpreted' (with a rationale)")
        elif support not in SUPPORT_LEVELS:
            fault(f"{what}: support must be stated or interpreted, got {shown(support)}", keys.get("support", line))
        evidence = item.get("evidence")
        if not evidence:
            fault(f"{what}: a stated link needs a quote that names both ends (evidence)" if support == "stated"
                  else f"{what}: a link cites the quotes it rests on (evidence)")
        else:
            problems.extend(check_evidence(evidence, keys.get("evidence", line), f"{what}: evidence"))
        for key in ("rationale", "rationale_en"):
            if key in item and not isinstance(item[key], str):
                fault(f"{what}: '{key}' must be a text", keys.get(key, line))
        if support == "interpreted" and not _text(item.get("rationale")):
            fault(f"{what}: an interpreted link needs a rationale (German: why the curation draws it)")
        if "reviews" in item:
            check_reviews(item["reviews"], keys.get("reviews", line), what, fault)
    return problems, targets


#: how many links one rationale may stand on: one reading, said once, may serve a pair of links (both
#: brakes of the worked path for one factor …), but a collective statement copied into every goal
#: is modelled once instead (docs/link-reading.md)
MAX_LINKS_PER_RATIONALE = 2


def check_rationales(entities: Iterable[Entity]) -> Iterable[Problem]:
    """No German rationale text stands on more than :data:`MAX_LINKS_PER_RATIONALE` links: each
    link beyond says where the text stood first."""
    first: dict[str, list[Link]] = {}
    for entity in entities:
        for link in links_of(entity):
            if link.rationale:
                first.setdefault(link.rationale, []).append(link)
    for text, found in first.items():
        for link in found[MAX_LINKS_PER_RATIONALE:]:
            yield Problem(link.file, link.line, link.subject,
                          f"'{link.relation}' → '{link.target}': the same rationale stands on {len(found)} links "
                          f"(first at {found[0].file}:{found[0].line}); a rationale says why *this* link is "
                          f"read, and a collective statement is modelled once (docs/link-reading.md)")
