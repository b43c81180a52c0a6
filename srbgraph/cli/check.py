"""``srbgraph check``: data validation, evidence, SHACL, OWL reasoning and ontology quality."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import CONTEXT, REPORT, emit, graph_options, output_options


@click.command(context_settings=CONTEXT)
@graph_options
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from; without it the evidence check is not run.")
@click.option("--pellet/--no-pellet", default=True, show_default=True,
              help="Also try the Pellet reasoner (reported as 'not available' where it cannot run).")
@output_options(REPORT, default="text")
def check(origin, source: Path | None, pellet: bool, fmt: str, output: Path | None):
    """Run every check in one report and exit with 1 on any violation.

    \b
    The checks / Prüfungen:
      data validation   the curated YAML against the ontology and the curation rules
      evidence          every quote and section stands in the source text
      SHACL             the graph against ontology/shapes.ttl (pyshacl)
      OWL reasoning     consistency with HermiT (Java), Pellet as an extra; without Java
                        (or with SRBGRAPH_NO_JAVA=1) owlrl, OWL 2 RL in pure Python
      ontology quality  labels and definitions (de, en) on every term, no undefined or
                        unexplained unused terms, a complete header

    \b
    Examples:
      srbgraph check
      srbgraph check --source documentation.txt
      srbgraph check --graph srb.ttl --format json
      srbgraph check --data my-data/ --no-pellet
    """
    from ..checks.report import run_check

    report = run_check(source=source, origin=origin, pellet=pellet)
    emit(report.json() if fmt == "json" else report.text(), output)
    if not report.ok:
        sys.exit(1)
