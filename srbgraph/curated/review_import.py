"""Reviewers' verdicts from a filled-in review file into the data files.

:func:`plan_import` checks every row against the data as it is now and says what would change;
:func:`apply_import` writes it. A row is refused when its link is unknown, its verdict word is not
one of the words, it gives a comment without a verdict, or the same link stands in it twice (in one
sheet or in two): each such row is one line naming file, sheet, row and link, and then nothing at
all is written. A row whose link changed since the export (its fingerprint differs: ends, relation,
support or quotes) is *stale*: reported and passed over, while the other rows are written — the
reviewer judged something that is no longer there. A row whose link lost an end to a merge (the old
id is a replaced entity) is stale too, reported with the id the link has now.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, SrbError, ValidationFailed, shown
from .links import Link, links_of
from .read import Curation
from .reviews import Review, reviewer_slug, verdict_of
from .yaml_edit import ReviewEdit, add_reviews

#: the columns of a review file: key → header (German, English beside it)
COLUMNS = (
    ("link", "Verknüpfung (link)"),
    ("from", "Von (from)"),
    ("relation", "Beziehung (relation)"),
    ("to", "Nach (to)"),
    ("support", "Stützung (support)"),
    ("quotes", "Belege mit Abschnitt (quotes with section)"),
    ("rationale", "Begründung der Kuration (rationale)"),
    ("earlier", "Bisherige Urteile (earlier verdicts)"),
    ("verdict", "Urteil (verdict)"),
    ("comment", "Kommentar (comment)"),
    ("fingerprint", "Fingerabdruck (fingerprint)"),
)


@dataclass(frozen=True)
class SheetRow:
    """One row of a review file, as read."""

    file: str
    sheet: str | None  # None for a CSV file
    row: int
    link: str
    verdict: str
    comment: str
    fingerprint: str

    @property
    def where(self) -> str:
        return f"{self.file}: sheet '{self.sheet}' row {self.row}" if self.sheet else f"{self.file}:{self.row}"

    def problem(self, message: str) -> str:
        return f"{self.where}: {self.link or '(no link id)'}: {message}"


@dataclass(frozen=True)
class Change:
    """One verdict to write: *review* onto *link*, replacing *replaces* (the same reviewer's earlier one)."""

    link: Link
    review: Review
    row: SheetRow
    replaces: Review | None = None


@dataclass
class Plan:
    """What an import would do."""

    reviewer: str
    date: dt.date
    changes: list[Change] = field(default_factory=list)
    unchanged: list[SheetRow] = field(default_factory=list)  # the verdict is recorded already
    stale: list[SheetRow] = field(default_factory=list)  # the link changed since the export
    moved: dict[SheetRow, str] = field(default_factory=dict)  # stale rows whose end was merged: old → new
    problems: list[str] = field(default_factory=list)
    empty: int = 0  # rows without a verdict


def _check_reviewer(reviewer: str, curation: Curation) -> list[str]:
    if not reviewer.strip() or not reviewer_slug(reviewer):
        return [f"--reviewer must be a name with letters or digits, got {shown(reviewer)}"]
    for entity in curation.entities:
        for link in links_of(entity):
            for review in link.reviews:
                if review.slug == reviewer_slug(reviewer) and review.reviewer != " ".join(reviewer.split()):
                    return [f"--reviewer {shown(reviewer)} and {shown(review.reviewer)} ({link.file}:{review.line or link.line}) "
                            f"give the same reviewer id 'agent/{review.slug}': write the name as there"]
    return []


def plan_import(rows: list[SheetRow], curation: Curation, reviewer: str, date: dt.date) -> Plan:
    """What importing *rows* as the verdicts of *reviewer* on *date* would change in *curation*."""
    reviewer = " ".join(reviewer.split())
    plan = Plan(reviewer, date, problems=_check_reviewer(reviewer, curation))
    links = {link.id: link for entity in curation.entities for link in links_of(entity)}
    successors = {e.id: e.replaced_by for e in curation.entities if e.id and e.replaced_by}
    seen: dict[str, SheetRow] = {}
    for row in rows:
        if not row.verdict and not row.comment:
            plan.empty += 1
            continue
        verdict = verdict_of(row.verdict)
        link = links.get(row.link)
        moved = _moved(row.link, successors)
        if link is None and moved is not None:  # an end was merged or renamed since the export
            plan.stale.append(row)
            plan.moved[row] = moved
            continue
        if link is None:
            plan.problems.append(row.problem("no such link in the data (removed or renamed since the export?)"))
            continue
        if row.link in seen:
            first = seen[row.link]
            plan.problems.append(row.problem(f"given already at {first.where}: one verdict per reviewer and link"))
            continue
        seen[row.link] = row
        if not row.verdict:
            plan.problems.append(row.problem("a comment without a verdict: choose bestätigt, abgelehnt or unklar"))
            continue
        if verdict is None:
            plan.problems.append(row.problem(f"unknown verdict {shown(row.verdict)} "
                                             "(bestätigt, abgelehnt or unklar; or confirmed, rejected, unclear)"))
            continue
        if not row.fingerprint:
            plan.problems.append(row.problem("no fingerprint (the hidden column was emptied): export again"))
            continue
        if row.fingerprint != link.fingerprint:
            plan.stale.append(row)
            continue
        earlier = next((r for r in link.reviews if r.slug == reviewer_slug(reviewer)), None)
        if earlier is not None and earlier.verdict == verdict and earlier.comment == row.comment:
            plan.unchanged.append(row)
            continue
        plan.changes.append(Change(link, Review(reviewer, date, verdict, row.comment), row, earlier))
    return plan


def _moved(link_id: str, successors: dict[str, str]) -> str | None:
    """How the ends of the link *link_id* moved (``old → new``) where one of them is a replaced
    entity (merged, renamed, re-kinded), or None: the verdict was given on the old ends, so it is
    reported as stale with where they went, never carried over unseen."""
    parts = link_id.split("/")
    if len(parts) != 4 or parts[0] != "link":
        return None
    ends = [end for end in (parts[1], parts[3]) if end in successors]
    return "; ".join(f"{end} → {successors[end]}" for end in ends) or None


def apply_import(plan: Plan, inputs) -> list[Path]:
    """Write the changes of *plan* into the data files of *inputs* (read by
    :func:`~srbgraph.curated.inputs.read_inputs`, the files the plan was made from). Every new file
    text is made and the whole data folder re-read and validated with it before the first file is
    written; then each file is replaced atomically. Returns the files written."""
    from ..files import write_atomic_many
    from .read import display_path, read_folder
    from .validate import validate
    from .vocabulary import Vocabulary

    if plan.problems:
        raise SrbError(f"{len(plan.problems)} problem(s) in the review file; nothing was written")
    _refuse_installed(inputs.folder)
    by_file: dict[str, list[ReviewEdit]] = defaultdict(list)
    for change in plan.changes:
        link, review = change.link, change.review
        by_file[link.file].append(ReviewEdit(link.subject, link.relation, link.target, review.reviewer,
                                             review.date, review.verdict, review.comment))
    paths = {display_path(path): path for path, _data in inputs.files}
    contents = dict(inputs.files)
    for name, edits in by_file.items():
        path = paths[name]
        contents[path] = add_reviews(contents[path].decode("utf-8"), edits, name).encode("utf-8")
    vocabulary = Vocabulary.from_bytes(inputs.ontology_bytes, str(inputs.ontology))
    problems: list[Problem] = validate(read_folder(inputs.folder, list(contents.items())), vocabulary)
    if problems:
        raise ValidationFailed(problems)
    written = [paths[name] for name in sorted(by_file)]
    before = dict(inputs.files)
    for path in written:
        if path.read_bytes() != before[path]:
            raise SrbError(f"{display_path(path)} changed while the reviews were being imported; nothing was "
                           "written (run the import again)")
    write_atomic_many({path: contents[path] for path in written})
    return written


def _refuse_installed(folder: Path) -> None:
    """The data inside an installed package is not the curators' copy: reviews go into a folder of
    theirs (``--data``)."""
    from .. import resources

    installed = resources.data_dir()
    if installed.resolve() == Path(folder).resolve() and "_shipped" in installed.parts:
        raise SrbError(f"{folder} is the data inside the installed package: copy it to a folder of your own "
                       "with `srbgraph data init DIR` and import into that one with --data DIR")
