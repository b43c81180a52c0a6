"""The ``srbgraph`` command: a thin layer over the library.

Only click is imported at start-up; each command imports what it needs, so ``srbgraph --help``
stays instant and no command pays for another's libraries.
"""
from __future__ import annotations

import os
import sys

import click

from .._version import __version__
from ..errors import SrbError, ValidationFailed
from .options import CONTEXT

#: Commands that live in their own module (``srbgraph/cli/…``): name → ("module:attribute",
#: summary). The module is imported only when the command runs or its own help is asked for;
#: ``srbgraph --help`` lists the summaries from here (the first sentence of each command's help,
#: ``tests/test_cli.py`` keeps them in step), so it imports no command module. Keep the command
#: modules' top-level imports to click and the standard library.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("srbgraph.cli.data:build",
              "Build the RDF graph: ontology + curated data, validated, written atomically."),
    "candidates": ("srbgraph.cli.candidates:candidates",
                   "List passages of the source that name two path entities no link connects: candidates for links."),
    "check": ("srbgraph.cli.check:check",
              "Run every check in one report and exit with 1 on any violation."),
    "check-evidence": ("srbgraph.cli.data:check_evidence",
                       "Check that every evidence quote and section stands in the source text."),
    "data": ("srbgraph.cli.data:data",
             "Your own copy of the curated data, to edit and to import reviews into."),
    "docs": ("srbgraph.cli.docs:docs",
             "Write static, self-contained HTML pages that open offline in any browser."),
    "evidence": ("srbgraph.cli.data:evidence",
                 "Show the quotes of an entity or of a link in the source, with the lines around them."),
    "export": ("srbgraph.cli.export:export",
               "Export the graph (ontology + data) as RDF, or as tables per class for reports."),
    "gaps": ("srbgraph.cli.query:gaps",
             "Find gaps: where paths end early or nothing reaches an entity."),
    "link": ("srbgraph.cli.link:link",
             "Link a table (CSV, XLSX, RDF) to the youth-office districts through official keys or names."),
    "paths": ("srbgraph.cli.query:paths",
              "Trace the paths from goals to measures, in both directions."),
    "push": ("srbgraph.cli.push:push",
             "Load the built graph into a triple store, replacing one named graph."),
    "queries": ("srbgraph.cli.query:queries",
                "List the named queries with their title and parameters."),
    "query": ("srbgraph.cli.query:query",
              "Run a SPARQL query: a named query, a .rq file, or '-' for standard input."),
    "rank": ("srbgraph.cli.query:rank",
             "Rank obstacles and measures by reach: goals touched, then betweenness centrality."),
    "review": ("srbgraph.cli.review:review",
               "Expert review of the path links: a workbook out, verdicts back in, the state of the round."),
    "schema": ("srbgraph.cli.schema:schema",
               "Write the JSON Schema of the data files, generated from the ontology."),
    "serve": ("srbgraph.cli.serve:serve",
              "Serve the graph read-only: a SPARQL 1.1 endpoint, a query workbench, a page for every IRI."),
    "site": ("srbgraph.cli.site:site",
             "Publish the graph as a static site: a folder that opens from disk or from any web host."),
    "stats": ("srbgraph.cli.query:stats",
              "Count individuals per class and links per relation."),
    "validate": ("srbgraph.cli.data:validate",
                 "Check the curated data against the ontology and the curation rules, without building."),
    "viz": ("srbgraph.cli.viz:viz",
            "Draw the graph: an interactive HTML page that works offline, or a file for other tools."),
}


class Cli(click.Group):
    """Prints user errors as one line (``srbgraph: error: …``) unless ``--traceback`` is given,
    and loads the commands of :data:`LAZY_COMMANDS` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[name][0].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands, each with its summary: from :data:`LAZY_COMMANDS` for a command
        not loaded yet, so that listing them loads none."""
        from click.utils import make_default_short_help

        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            if name in self.commands or name not in LAZY_COMMANDS:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, make_default_short_help(LAZY_COMMANDS[name][1], limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return self._invoke(ctx)
        finally:  # one line at the end where data or a reviewer's text lost control characters
            from ..terminal import take_note

            note = take_note()
            if note:
                click.echo(note, err=True)

    def _invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except ValidationFailed as exc:
            if ctx.meta.get("srbgraph.traceback"):
                raise
            from ..terminal import clean

            for problem in exc.problems:
                click.echo(clean(str(problem)), err=True)
            fail(str(exc))
        except (SrbError, OSError) as exc:
            if ctx.meta.get("srbgraph.traceback"):
                raise
            fail(str(exc) if isinstance(exc, SrbError) else f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
        except KeyboardInterrupt:
            click.echo("srbgraph: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # an unexpected failure: still one line, with a pointer
            if ctx.meta.get("srbgraph.traceback"):
                raise
            fail(f"{type(exc).__name__}: {exc} (run with --traceback for details)")


def fail(message: str, code: int = 1):
    from ..terminal import clean

    click.echo(f"srbgraph: error: {clean(message)}", err=True)
    sys.exit(code)


@click.group(cls=Cli, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="srbgraph")
@click.option("--traceback", is_flag=True, help="Show the full Python traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool):
    """Knowledge graph of the Sozialraumbudget (SRB) workshops 2023 in Rhineland-Palatinate.

    Builds an RDF graph from the ontology and the curated, quote-backed data, and traces
    goal → development need → obstacle → measure paths.

    \b
    Examples:
      srbgraph paths                         # all paths from goals to measures
      srbgraph paths "Fachkräfte gewinnen"   # paths of one goal (id or label)
      srbgraph build --output srb.ttl        # write the whole graph as Turtle
      srbgraph check-evidence --source ../shared/seed/000_5a4910b2f8e476fd.txt
    """
    ctx.meta["srbgraph.traceback"] = traceback


def main() -> None:  # console-script entry point
    """Runs the command; usage errors (unknown option, bad choice …) are one line too, with a
    pointer to --help, instead of click's usage block."""
    try:
        code = cli.main(prog_name="srbgraph", standalone_mode=False)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "srbgraph"
        click.echo(f"srbgraph: error: {exc.format_message()} (see '{command} --help')", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(f"srbgraph: error: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("srbgraph: aborted", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
