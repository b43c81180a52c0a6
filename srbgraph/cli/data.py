"""Commands on the curated data and its evidence: build, validate, check-evidence, evidence."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import SrbError, ValidationFailed
from .options import (
    CONTEXT,
    REPORT,
    data_option,
    emit,
    graph_options,
    lang_option,
    output_options,
    query_limits,
    say,
)


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
    from ..build_cache import cache_dir, put
    from ..curated.build import build_graph
    from ..curated.inputs import read_inputs
    from ..files import write_atomic
    from ..rdf_io import FORMATS, canonical, format_for, serialize

    fmt = format_for(output, fmt)
    inputs = read_inputs(data_dir)  # read once: the cache's fingerprint describes these bytes
    graph = canonical(build_graph(inputs=inputs))
    payload = serialize(graph, fmt, is_canonical=True)
    nt = payload if fmt == "nt" else serialize(graph, "nt", is_canonical=True)
    put(inputs, nt, data_dir)  # the cache holds the plain graph, also after --reason
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
        path = output or cache_dir(data_dir) / f"graph{'-reasoned' if reason else ''}{FORMATS[fmt][1]}"
        write_atomic(path, payload)
        target = str(path)
    entities = len(set(graph.subjects(None, None)))
    click.echo(f"built {len(graph):,} triples about {entities:,} subjects → {target}", err=True)


@click.command(context_settings=CONTEXT)
@data_option
@output_options(REPORT, default="text")
def validate(data_dir: Path | None, fmt: str, output: Path | None):
    """Check the curated data against the ontology and the curation rules, without building.

    Reports every problem in one run, one line each (file:line: entity: problem), and exits
    with 1 when there is any. With --format json the problems are a list of objects (file, line,
    entity, message) on standard output.

    \b
    Examples:
      srbgraph validate
      srbgraph validate --data my-data/ --format json
    """
    import json

    from ..curated.build import check_data

    curation, _vocabulary, problems = check_data(data_dir)
    if fmt == "json":
        emit(json.dumps({"entities": len(curation.entities), "files": len(curation.files),
                         "problems": [vars(p) | {"text": str(p)} for p in problems]},
                        ensure_ascii=False, indent=2), output)
        if problems:
            sys.exit(1)
        return
    if problems:
        raise ValidationFailed(problems)
    emit(f"ok: {len(curation.entities):,} entities in {len(curation.files)} files, no problems", output)


@click.command("check-evidence", context_settings=CONTEXT)
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from (it is not shipped with srbgraph).")
@click.option("--reference-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the reference files that evidence 'source: reference/<file>' names "
                   "[default: 'reference' beside the source text's folder].")
@data_option
@output_options(REPORT, default="text")
def check_evidence(source: Path | None, reference_dir: Path | None, data_dir: Path | None, fmt: str,
                   output: Path | None):
    """Check that every evidence quote and section stands in the source text.

    The source text is the text of the IBEB documentation of the four SRB workshops of 2023
    ("Wie entlastet/bereichert das Sozialraumbudget die Kita-Praxis?"), extracted from its PDF.
    It is not shipped with srbgraph: give the file with --source or SRBGRAPH_SOURCE.
    Whitespace, line-end hyphenation and the style of quotation marks are ignored; anything
    else must match. Each miss is listed with the closest passage of the source and its line.

    \b
    Examples:
      srbgraph check-evidence --source documentation.txt
      SRBGRAPH_SOURCE=documentation.txt srbgraph check-evidence --format json
    """
    import json

    from ..checks.evidence import check_evidence as run

    if source is None:
        raise SrbError("give the source text with --source FILE (or set SRBGRAPH_SOURCE)")
    report = run(source, data_dir, reference_dir)
    if fmt == "json":
        emit(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), output)
    else:
        lines = [str(miss) for miss in report.misses]
        lines.append(f"{report.found:,} of {report.quotes:,} quotes of {report.entities:,} entities and "
                     f"{report.links:,} links found in {source}" + ("" if report.ok else f"; {len(report.misses)} problems"))
        emit("\n".join(lines), output)
    if not report.ok:
        sys.exit(1)


@click.command(context_settings=CONTEXT)
@click.argument("names", nargs=-1, required=True, metavar="ID | SUBJECT RELATION OBJECT")
@click.option("--source", type=click.Path(dir_okay=False, path_type=Path),
              envvar="SRBGRAPH_SOURCE", show_envvar=True,
              help="The source text the quotes come from (it is not shipped with srbgraph).")
@click.option("--reference-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the reference files that evidence 'source: reference/<file>' names "
                   "[default: 'reference' beside the source text's folder].")
@click.option("--context", "around", type=click.IntRange(0, 20), default=2, show_default=True,
              help="Lines of the source shown before and after each quote.")
@graph_options
@query_limits()
@lang_option
@output_options(("text",), default="text")
def evidence(names, source, reference_dir, around, origin, lang, fmt, output):
    """Show the quotes of an entity or of a link in the source, with the lines around them.

    ID is an entity (its id or label; a name that fits a goal, need, obstacle, measure or
    indicator and also a finding shows the first, and a line names the others); SUBJECT RELATION
    OBJECT is a link, the relation named in either language (bremst / hinders, setzt an bei /
    addresses, erfordert / requires, unterstützt / supports, wird gemessen an / measuredBy, trägt
    bei zu / contributesTo, ist Basis für / basisFor …; the first words of one will do: "setzt
    an"). Each quote is shown where it stands
    in the source text, the matched words in bold (on a terminal) or between ** (piped), with
    its section; a link adds how the documentation supports it and the curation's rationale.

    \b
    Examples:
      srbgraph evidence obstacle-fachkraeftemangel --source documentation.txt
      srbgraph evidence obstacle-haltung-der-akteure hinders need-intensivere-beteiligung-aller-akteure --source documentation.txt
      srbgraph evidence Netzwerkarbeit "setzt an" "Haltung der Akteur" --source documentation.txt
      srbgraph evidence goal-fachpersonal-gewinnen-sichern measuredBy ind-wg03-1 --source documentation.txt --context 4
    """
    from ..checks.evidence import reference_folder
    from ..curated.source_text import SourceText
    from ..model.evidence import evidence_in_context
    from ..render.evidence import evidence_text

    if source is None:
        raise SrbError("give the source text with --source FILE (or set SRBGRAPH_SOURCE)")
    text = SourceText.from_file(source)
    with origin.open(say) as store:
        found = evidence_in_context(store, list(names), text, lang=lang, around=around,
                                    reference_dir=reference_folder(source, reference_dir))
    bold = output is None and sys.stdout.isatty()
    emit(evidence_text(found, lang, bold=bold), output, cleaned=True)  # its renderer cleans the data


@click.group("data", context_settings=CONTEXT)
def data():
    """Your own copy of the curated data, to edit and to import reviews into.

    After a plain install (`pip install .`) the curated data live inside the installed package,
    which srbgraph reads but never writes. `srbgraph data init DIR` copies them to a folder of
    your own; every command then reads that copy with --data DIR.

    \b
    Examples:
      srbgraph data init kita-data
      srbgraph validate --data kita-data
    """


@data.command("init", context_settings=CONTEXT)
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
def data_init(folder: Path):
    """Copy the shipped curated data into DIR, a new or empty folder of your own.

    DIR gets every data file (*.yaml) and a README.txt that says what the folder is; edit the
    files, import reviews into them (`srbgraph review import FILE --reviewer NAME --data DIR
    --apply`) and read them with --data DIR (`srbgraph paths --data DIR`, `srbgraph build --data
    DIR`). A folder that holds anything already is refused: nothing of yours is overwritten.

    \b
    Examples:
      srbgraph data init own-data
      srbgraph paths Fachkräftemangel --data own-data
    """
    from .. import resources
    from ..files import write_atomic_many

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SrbError(f"{folder} is not an empty folder: give a new or empty one (nothing was copied)")
    files = {folder / path.name: path.read_bytes() for path in resources.data_files(resources.data_dir())}
    files[folder / "README.txt"] = DATA_README.format(version=_version()).encode("utf-8")
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic_many(files)  # all files or none
    except OSError:
        if made:
            folder.rmdir()
        raise
    say(f"copied {len(files) - 1} data files to {folder} (and README.txt); read and edit them with --data {folder}")


#: the README of a folder made by ``srbgraph data init``
DATA_README = """\
The curated data of srbgraph {version}, copied by `srbgraph data init` to be edited here.
Read them with --data (e.g. `srbgraph paths --data THIS-FOLDER`), import reviews into them with
`srbgraph review import FILE --reviewer NAME --data THIS-FOLDER --apply`, check them with
`srbgraph validate --data THIS-FOLDER`. The file format: `srbgraph schema`, docs/curation.md.
"""


def _version() -> str:
    from .._version import __version__

    return __version__
