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

#: Commands that live in their own module (``srbgraph/commands/…``): name → "module:attribute".
#: The module is imported only when the command runs or help lists it; keep their top-level
#: imports to click and the standard library.
LAZY_COMMANDS: dict[str, str] = {
    "build": "srbgraph.cli.data:build",
    "validate": "srbgraph.cli.data:validate",
    "check-evidence": "srbgraph.cli.data:check_evidence",
    "evidence": "srbgraph.cli.data:evidence",
    "paths": "srbgraph.cli.query:paths",
    "query": "srbgraph.cli.query:query",
    "queries": "srbgraph.cli.query:queries",
    "gaps": "srbgraph.cli.query:gaps",
    "rank": "srbgraph.cli.query:rank",
    "stats": "srbgraph.cli.query:stats",
    "viz": "srbgraph.cli.viz:viz",
    "check": "srbgraph.cli.check:check",
    "docs": "srbgraph.cli.docs:docs",
    "export": "srbgraph.cli.export:export",
    "link": "srbgraph.cli.link:link",
    "serve": "srbgraph.cli.serve:serve",
    "push": "srbgraph.cli.push:push",
    "review": "srbgraph.cli.review:review",
    "schema": "srbgraph.cli.schema:schema",
}


class Cli(click.Group):
    """Prints user errors as one line (``srbgraph: error: …``) unless ``--traceback`` is given,
    and loads the commands of :data:`LAZY_COMMANDS` on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str):
        if name in LAZY_COMMANDS and name not in self.commands:
            import importlib

            module, attribute = LAZY_COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
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
            for problem in exc.problems:
                click.echo(str(problem), err=True)
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
    click.echo(f"srbgraph: error: {message}", err=True)
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
      srbgraph paths                         # all goal → obstacle → measure paths
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
