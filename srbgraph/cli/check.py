"""``srbgraph check``: data validation, evidence, SHACL, OWL reasoning and ontology quality."""
from __future__ import annotations

import sys
from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.command(context_settings=CONTEXT)
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of curated YAML files [default: the data shipped with srbgraph].")
@click.option("--graph", "graph_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Check this built graph file instead (ttl, nt, rdf/xml/owl, jsonld).")
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from; without it the evidence check is not run.")
@click.option("--pellet/--no-pellet", default=True, show_default=True,
              help="Also try the Pellet reasoner (reported as 'not available' where it cannot run).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
def check(data_dir: Path | None, graph_file: Path | None, source: Path | None, pellet: bool, fmt: str):
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
      srbgraph check --source ../shared/seed/000_5a4910b2f8e476fd.txt
      srbgraph check --graph srb.ttl --format json
      srbgraph check --data my-data/ --no-pellet
    """
    from ..checks.report import run_check

    report = run_check(data_dir, graph_file, source, pellet=pellet)
    click.echo(report.json() if fmt == "json" else report.text())
    if not report.ok:
        sys.exit(1)
