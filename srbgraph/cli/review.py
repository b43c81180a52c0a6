"""``srbgraph review``: experts confirm or reject the path links in a spreadsheet.

export writes the workbook, import reads the verdicts back into the data files, status says where
the review round stands. Only click and the standard library are imported here.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..errors import SrbError, ValidationFailed
from .options import (
    CONTEXT,
    QUERY_TIMEOUT,
    data_option,
    emit,
    graph_options,
    lang_option,
    output_options,
    say,
)


@click.group(context_settings=CONTEXT)
def review():
    """Expert review of the path links: a workbook out, verdicts back in, the state of the round.

    Most links between goals, needs, obstacles and measures are the curation's reading. Reviewers
    — the researchers who ran the workshops, analysts of the ministry and the youth offices — judge
    each one in a spreadsheet: bestätigt (confirmed), abgelehnt (rejected) or unklar (unclear).
    The verdicts are written onto the links in the data files. A link that a reviewer rejects and
    none confirms stays in the graph as a deprecated assertion with its reviews, but paths, gaps,
    rank and viz leave it out (--include-rejected shows it, marked); reviewers who disagree leave
    the link as it is.

    \b
    Examples:
      srbgraph review export -o review.xlsx
      srbgraph review status
    """


@review.command("export", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("review.xlsx"),
              show_default=True, help="The review file: a workbook (.xlsx) or a CSV table (.csv).")
@click.option("--only", type=click.Choice(["interpreted", "stated", "unreviewed"]),
              help="Only the links the curation interpreted, only those the documentation states, or only "
                   "those nobody has reviewed yet [default: every link].")
@data_option
def export(output, only, data_dir):
    """Write the review workbook: one row per path link, for reviewers without srbgraph.

    Each row shows the link's id, the relation in German, both ends' German labels, the support,
    the quotes with their sections, the curation's rationale and the verdicts given so far; the
    reviewer fills in "Urteil (verdict)" (a drop-down: bestätigt / abgelehnt / unklar) and
    "Kommentar (comment)". A hidden column keeps a fingerprint of what the reviewer saw; a second
    sheet explains the task in German. A .csv file gets the same columns.

    \b
    Examples:
      srbgraph review export
      srbgraph review export --only interpreted -o review.xlsx
      srbgraph review export --only unreviewed -o offen.csv --data my-data
    """
    from ..curated.build import check_data
    from ..render.review_sheet import sheet_rows, write_review_file

    curation, vocabulary, problems = check_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    rows = sheet_rows(curation, vocabulary, only)
    write_review_file(rows, output)
    say(f"wrote {output}: {len(rows)} link{'s' if len(rows) != 1 else ''} to review")


@review.command("import", context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer", required=True, metavar="NAME", help="Who gave the verdicts (their name as it should stand).")
@click.option("--date", "when", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="When the verdicts were given [default: today].")
@click.option("--apply", "apply_", is_flag=True, help="Write the verdicts into the data files (without it: only show).")
@click.option("--timeout", type=click.FloatRange(min=0), default=QUERY_TIMEOUT, show_default=True, metavar="S",
              help="Stop reading the review file after S seconds (0: no limit); writing is never cut short.")
@data_option
def import_(file, reviewer, when, apply_, timeout, data_dir):
    """Read the verdicts of a filled-in review file back into the data files.

    Without --apply it prints what it would change; with it, it writes each verdict onto its link in
    the YAML file, in place: the files keep their comments, order, quoting and line breaks, and the
    diff only adds lines (a changed verdict of the same reviewer replaces their own lines). A row
    whose link changed since the export (ends, support or quotes) is reported and not applied. An
    unknown verdict word, a link that does not exist, a comment without a verdict or the same link
    twice (in one sheet or two) is one line each, and then nothing is written.

    \b
    Examples:
      srbgraph review import geprueft.xlsx --reviewer "Dr. M. Muster"
      srbgraph review import geprueft.xlsx --reviewer "Dr. M. Muster" --date 2026-12-01 --apply --data my-data
    """
    from ..curated.inputs import read_inputs
    from ..curated.read import read_folder
    from ..curated.review_import import apply_import, plan_import
    from ..curated.validate import validate
    from ..curated.vocabulary import Vocabulary
    from ..render.review_sheet import read_review_file

    if apply_:  # one writer at a time, from the first read of the data to the last write
        from ..curated.review_import import _refuse_installed
        from ..files import data_lock
        from ..resources import data_folder

        _refuse_installed(data_folder(data_dir))
        click.get_current_context().with_resource(data_lock(data_folder(data_dir), say))
    inputs = read_inputs(data_dir)
    curation = read_folder(inputs.folder, inputs.files)
    problems = validate(curation, Vocabulary.from_bytes(inputs.ontology_bytes, str(inputs.ontology)))
    if problems:
        raise ValidationFailed(problems)
    from ..stores.killable import command_limits

    with command_limits(timeout or None):  # reading an untrusted workbook: bounded in time too
        plan = plan_import(read_review_file(file), curation, reviewer, (when.date() if when else dt.date.today()))
    from ..limits import more_problems

    from ..terminal import clean

    for line in more_problems(plan.problems):  # a few dozen lines, then a count
        click.echo(clean(line), err=True)  # a row's cells are the reviewer's: nothing that steers the terminal
    if plan.problems:
        raise SrbError(f"{len(plan.problems)} problem{'s' if len(plan.problems) != 1 else ''} in {file}; "
                       "nothing was written")
    _report(plan, apply_)
    if apply_ and plan.changes:
        written = apply_import(plan, inputs)
        say(f"wrote {len(plan.changes)} verdict{'s' if len(plan.changes) != 1 else ''} of {plan.reviewer} into "
            + ", ".join(str(path) for path in written))


def _report(plan, applying: bool) -> None:
    from ..curated.reviews import VERDICT_DE
    from ..terminal import clean

    for change in plan.changes:
        link, new = change.link, change.review
        was = f" (was {VERDICT_DE[change.replaces.verdict]})" if change.replaces else ""
        click.echo(clean(f"{'~' if change.replaces else '+'} {link.id}: {VERDICT_DE[new.verdict]}{was}"
                         f"{' – ' + new.comment if new.comment else ''}  [{link.file}:{link.line}]"))
    for row in plan.stale:
        if row in plan.moved:
            say(row.problem(f"an end of the link was merged into another entry since the export "
                            f"({plan.moved[row]}): not applied; export it again and review it anew"))
        else:
            say(row.problem("the link changed since the export (ends, support or quotes): not applied; "
                            "export it again and review it anew"))
    n = len(plan.changes)
    verb = "to write" if not applying else "written"
    say(f"{n} verdict{'s' if n != 1 else ''} of {plan.reviewer} ({plan.date.isoformat()}) {verb}, "
        f"{len(plan.unchanged)} already recorded, {len(plan.stale)} stale, {plan.empty} rows without a verdict"
        + ("" if applying or not n else "; --apply writes them"))


@review.command("status", context_settings=CONTEXT)
@graph_options
@lang_option
@output_options(("table", "json", "csv"), default="table")
def status(origin, lang, fmt, output):
    """Where the review round stands: counts, open links, disagreements, agreement.

    Counts the links per support level and status (ungeprüft, bestätigt, abgelehnt, uneinig,
    unklar), names the reviewers, lists the links whose reviewers gave different verdicts, and for
    every two reviewers with links in common gives Cohen's kappa (the three verdicts are the
    categories; "unklar" is one of its own). JSON carries all of it; CSV has one row per link with
    each reviewer's verdict.

    \b
    Examples:
      srbgraph review status
      srbgraph review status --format json
      srbgraph review status --data my-data --format csv -o review-status.csv
    """
    from ..model.review import round_state
    from ..render.review_report import status_view

    with origin.open(say) as store:
        state = round_state(store, lang)
    emit(status_view(state, fmt, lang), output)
