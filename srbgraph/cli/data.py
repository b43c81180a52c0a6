"""Commands on the curated data: build, validate, check-evidence."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import SrbError, ValidationFailed
from .options import CONTEXT, data_option


def _format_for(output: Path | None, given: str | None) -> str:
    if given:
        return given
    if output is not None and str(output) != "-":
        by_ext = {".ttl": "ttl", ".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
                  ".jsonld": "jsonld", ".json": "jsonld"}
        if output.suffix.lower() in by_ext:
            return by_ext[output.suffix.lower()]
    return "ttl"


@click.command(context_settings=CONTEXT)
@data_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write, '-' for standard output "
                   "[default: graph.<ext> in the build cache, printed at the end].")
@click.option("-f", "--format", "fmt", type=click.Choice(["ttl", "nt", "xml", "jsonld"]),
              help="RDF format [default: from the --output extension, else ttl].")
@click.option("--reason", is_flag=True,
              help="Also write what an OWL reasoner infers: every class of every individual and the "
                   "inverse relations (hinderedBy, addressedBy …); HermiT, or owlrl without Java. "
                   "Refuses an inconsistent graph. [default file: graph-reasoned.<ext> in the cache]")
def build(data_dir: Path | None, output: Path | None, fmt: str | None, reason: bool):
    """Build the RDF graph: ontology + curated data, validated, written atomically.

    The same input always gives byte-identical output. Without --output the graph goes into the
    build cache ($SRBGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/srbgraph, else ~/.cache/srbgraph), which
    the other commands reuse until a data file or the ontology changes.

    \b
    Examples:
      srbgraph build                                # validate, build, print where it went
      srbgraph build -o srb.ttl                     # Turtle into ./srb.ttl
      srbgraph build -o srb.rdf                     # RDF/XML (Protégé), format from the extension
      srbgraph build --data my-data/ -f nt -o -     # your own data, N-Triples to stdout
      srbgraph build --reason -o srb-inferred.ttl   # with inferred types and inverse relations
    """
    from .. import build_cache as cache
    from ..curated.build import build_graph
    from ..files import write_atomic
    from ..rdf_io import FORMATS, canonical, serialize

    fmt = _format_for(output, fmt)
    graph = canonical(build_graph(data_dir))
    payload = serialize(graph, fmt, is_canonical=True)
    nt = payload if fmt == "nt" else serialize(graph, "nt", is_canonical=True)
    cache.store(nt, data_dir)  # the cache holds the plain graph, also after --reason
    if reason:
        from ..checks.reasoning import materialize

        reasoned, report = materialize(graph)
        added = len(reasoned) - len(graph)
        graph = canonical(reasoned)
        payload = serialize(graph, fmt, is_canonical=True)
        click.echo(f"{report.reasoner}: consistent; {added:,} inferred triples added "
                   f"({report.seconds:.1f} s)", err=True)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        target = "standard output"
    else:
        path = output or cache.cache_dir(data_dir) / f"graph{'-reasoned' if reason else ''}{FORMATS[fmt][1]}"
        write_atomic(path, payload)
        target = str(path)
    entities = len(set(graph.subjects(None, None)))
    click.echo(f"built {len(graph):,} triples about {entities:,} subjects → {target}", err=True)


@click.command(context_settings=CONTEXT)
@data_option
def validate(data_dir: Path | None):
    """Check the curated data against the ontology and the curation rules, without building.

    Reports every problem in one run, one line each (file:line: entity: problem), and exits
    with 1 when there is any.

    \b
    Examples:
      srbgraph validate
      srbgraph validate --data my-data/
    """
    from ..curated.build import check_data

    curation, _vocabulary, problems = check_data(data_dir)
    if problems:
        raise ValidationFailed(problems)
    click.echo(f"ok: {len(curation.entities):,} entities in {len(curation.files)} files, no problems")


@click.command("check-evidence", context_settings=CONTEXT)
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from (it is not shipped with srbgraph).")
@click.option("--reference-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the reference files that evidence 'source: reference/<file>' names "
                   "[default: 'reference' beside the source text's folder].")
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
def check_evidence(source: Path | None, reference_dir: Path | None, data_dir: Path | None, fmt: str):
    """Check that every evidence quote and section stands in the source text.

    Whitespace, line-end hyphenation and the style of quotation marks are ignored; anything
    else must match. Each miss is listed with the closest passage of the source and its line.

    \b
    Examples:
      srbgraph check-evidence --source ../shared/seed/000_5a4910b2f8e476fd.txt
      SRBGRAPH_SOURCE=source.txt srbgraph check-evidence --format json
    """
    import json

    from ..checks.evidence import check_evidence as run

    if source is None:
        raise SrbError("give the source text with --source FILE (or set SRBGRAPH_SOURCE)")
    report = run(source, data_dir, reference_dir)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for miss in report.misses:
            click.echo(str(miss))
        click.echo(f"{report.found:,} of {report.quotes:,} quotes of {report.entities:,} entities "
                   f"found in {source}" + ("" if report.ok else f"; {len(report.misses)} problems"))
    if not report.ok:
        sys.exit(1)
