"""``srbgraph link``: attach an outside table (CSV, XLSX, RDF) to the regions by key or name."""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONTEXT, emit, say


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--key", metavar="COLUMN",
              help="Column (RDF: property) holding the official key or the name of the region "
                   "[default: from --mapping].")
@click.option("--key-type", type=click.Choice(["auto", "ags", "name"]), default="auto", show_default=True,
              help="ags: Kreisschlüssel/AGS/ARS; name: tolerant name matching; auto: ags when most "
                   "keys are digits (a warning names the rows that are not).")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file: key, key_type, columns (header → name), licence, name.")
@click.option("--name", help="Name of the linked graph …/graph/linked/<name> [default: the file name].")
@click.option("--licence", "--license", "licence", metavar="LICENCE",
              help="Licence of the data (an IRI, or dl-de/by-2-0, dl-de/zero-2-0, cc-by-4.0, cc0-1.0).")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Persistent Oxigraph store to link into [default: the folder 'store' in the build "
                   "cache, printed at the end]; query it with --store.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of curated YAML files [default: the data shipped with srbgraph].")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of standard output.")
def link(file, key, key_type, mapping, name, licence, store_dir, data_dir, fmt, output):
    """Link a table (CSV, XLSX, RDF) to the youth-office districts through official keys or names.

    Every row is attached to a region (Gebiet) of data/regions.yaml by its official key
    (Kreisschlüssel, AGS) or by its name, spelled as offices do ("Kreisverwaltung Kusel",
    "Kaiserslautern, Stadt", "Landau i. d. Pf."). A name that fits two regions (Kaiserslautern,
    Bad Kreuznach, Neuwied without "Stadt" or "Landkreis") is reported as ambiguous, never guessed.
    The rows go, with typed values and provenance, into the named graph
    https://w3id.org/srbgraph/graph/linked/<name> of a persistent store; linking the same file
    again replaces it. The report says what happened to every row (matched, unmatched, ambiguous).

    \b
    Examples:
      srbgraph link kita-statistik.csv --key Jugendamt --key-type name
      srbgraph link zuweisung.xlsx --key Kreisschlüssel --licence dl-de/by-2-0
      srbgraph link 22541.csv --mapping 22541.yaml --format json
      srbgraph link kreise.ttl --key kreisschluessel --store srb-store
      srbgraph query linked-figures -p column="Plätze" --store ~/.cache/srbgraph/shipped/store
    """
    import json

    from ..build_cache import cache_dir
    from ..errors import clip
    from ..model.link import link_table
    from ..stores.select import GraphSource

    store_dir = store_dir or cache_dir(data_dir) / "store"
    with GraphSource(data=data_dir, store=store_dir).open(say) as store:
        report = link_table(store, file, key=key, key_type=key_type, mapping=mapping, name=name,
                            licence=licence)
    for warning in report.warnings:
        click.echo(f"srbgraph: warning: {file}: {warning}", err=True)
    if fmt == "json":
        emit(json.dumps({**report.as_dict(), "store": str(store_dir)}, ensure_ascii=False, indent=2), output)
        return
    lines = [f"Zeile / row {m['row']}: {clip(m['key'])} → {m['region']} ({m['label']})" for m in report.matched]
    lines += [f"Zeile / row {a['row']}: {clip(a['key'])}: mehrdeutig / ambiguous: {' | '.join(a['labels'])} "
              "— not linked; write 'Stadt …' or 'Landkreis …' or use the key" for a in report.ambiguous]
    lines += [f"Zeile / row {u['row']}: {clip(u['key'])}: nicht zugeordnet / unmatched: {u['reason']}"
              for u in report.unmatched]
    for old in report.replaced:
        lines.append(f"replaced {old} (the same file linked before)")
    total = len(report.matched) + len(report.unmatched) + len(report.ambiguous)
    lines.append(f"{len(report.matched)} of {total} rows linked by {report.key_type} "
                 f"({len(report.unmatched)} unmatched, {len(report.ambiguous)} ambiguous) → "
                 f"{report.graph} in {store_dir}")
    emit("\n".join(lines), output)
