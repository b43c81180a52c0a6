"""``srbgraph link``: attach an outside table (CSV, XLSX, RDF) to the regions by key or name."""
from __future__ import annotations

from pathlib import Path

import click

from .options import CONTEXT, data_option, emit, query_limits, say


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
@click.option("--aggregate", "aggregate_to", type=click.Choice(["jugendamt"]),
              help="Sum a table of Gemeinden (8-digit AGS or 12-digit ARS) into the 41 youth-office "
                   "districts: the five cities with their own Jugendamt on their own, the rest of their "
                   "Kreis as the Kreisjugendamt. Only counts are summed.")
@click.option("--sum", "sums", multiple=True, metavar="COLUMN",
              help="With --aggregate: sum exactly this column (repeatable), as counts even where its name "
                   "or unit says rate, share or average [default: every column of counts; a column of "
                   "rates is refused].")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Persistent Oxigraph store to link into [default: the folder 'store' in the build "
                   "cache, printed at the end, which every command then reads without --store].")
@data_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE (atomically) instead of standard output.")
@query_limits()
def link(file, key, key_type, mapping, name, licence, aggregate_to, sums, store_dir, data_dir, fmt, output):
    """Link a table (CSV, XLSX, RDF) to the youth-office districts through official keys or names.

    Every row is attached to a region (Gebiet) of data/regions.yaml by its official key
    (Kreisschlüssel, AGS) or by its name, spelled as offices do ("Kreisverwaltung Kusel",
    "Kaiserslautern, Stadt", "Landau i. d. Pf.", "Stadt Ludwigshafen a. Rh.", "Lkr. Kusel"). A name that fits two regions (Kaiserslautern,
    Bad Kreuznach, Neuwied without "Stadt" or "Landkreis") is reported as ambiguous, never guessed.
    The rows go, with typed values and provenance, into the named graph
    https://w3id.org/srbgraph/graph/linked/<name> of a persistent store; linking the same file
    again replaces it. Without --store that is the store every command (query, paths, viz, serve …)
    reads when given no other source: a figure linked once is seen everywhere. The report says what happened to every row (matched, unmatched, ambiguous).

    A GENESIS table of the Regionaldatenbank or a Statistisches Landesamt (CSV) is recognised by
    itself: title and footer become provenance, the Stichtag a dimension, the official signs are
    kept (- is 0, (123) is 123 of limited value, . x / ... are no value), aggregate rows
    (Deutschland, Land, statistical regions) are skipped and counted. A figure for a Kreis that
    holds a city with its own Jugendamt (Mayen-Koblenz, Neuwied, Bad Kreuznach, Birkenfeld) is
    flagged: it is not the figure of the Kreisjugendamt — in any table, unless the table has rows of
    its own for those cities. --aggregate jugendamt sums a table of
    Gemeinden into the 41 youth-office districts.

    \b
    Examples:
      srbgraph link 22541-01-01-4.csv --format json        # GENESIS: no other option needed
      srbgraph link 22543-gemeinden.csv --aggregate jugendamt --sum "Kinder in Tageseinrichtungen"
      srbgraph link kita-statistik.csv --key Jugendamt --key-type name
      srbgraph link zuweisung.xlsx --key Kreisschlüssel --licence dl-de/by-2-0
      srbgraph link 22541.csv --mapping 22541.yaml --format json
      srbgraph link kreise.ttl --key kreisschluessel --store srb-store
      srbgraph query linked-figures -p column="Plätze"     # no --store: the store linked into
    """
    import json

    from ..build_cache import cache_dir
    from ..errors import clip
    from ..limits import more_problems
    from ..model.link_statistics import check_request, link_file
    from ..stores.select import GraphSource

    check_request(file, aggregate_to, sums)  # before the store is opened (and maybe loaded)
    store_dir = store_dir or cache_dir(data_dir) / "store"
    with GraphSource(data=data_dir, store=store_dir).open(say) as store:
        report = link_file(store, file, key=key, key_type=key_type, mapping=mapping, name=name,
                           licence=licence, aggregate_to=aggregate_to, sums=sums)
    for warning in report.warnings:
        click.echo(f"srbgraph: warning: {file}: {warning}", err=True)
    if fmt == "json":
        emit(json.dumps({**report.as_dict(), "store": str(store_dir)}, ensure_ascii=False, indent=2), output)
        return
    info = report.as_dict()
    lines = _statistics_head(info)

    def where(entry: dict) -> str:
        date = f" {entry['date']}" if entry.get("date") else ""
        return f"Zeile / row {entry['row']}: {clip(entry['key'])}{date}"

    counts = report.counts
    lines += [f"{where(m)} → {m['region']} ({m['label']})" for m in report.matched]
    # the rows not linked: a few dozen lines, then a count (a million bad rows make one screen)
    lines += more_problems([f"{where(a)}: mehrdeutig / ambiguous: {' | '.join(a['labels'])} "
                            "— not linked; write 'Stadt …' or 'Landkreis …' or use the key" for a in report.ambiguous]
                           + [f"{where(u)}: nicht zugeordnet / unmatched: {u['reason']}" for u in report.unmatched]
                           + [""] * (counts["ambiguous"] + counts["unmatched"] - len(report.ambiguous)
                                     - len(report.unmatched)))
    lines += [f"{where(f)}: Kreiszahl, nicht Jugendamtsbezirk / Kreis figure, not a youth-office district "
              f"(also covers {', '.join(f['also_covers'])})" for f in info.get("not_youth_office_district", [])]
    for old in report.replaced:
        lines.append(f"replaced {old} (the same file linked before)")
    total = counts["matched"] + counts["unmatched"] + counts["ambiguous"]
    skipped = info.get("aggregates", {}).get("count")
    lines.append(f"{counts['matched']} of {total} rows linked by {report.key_type} "
                 f"({counts['unmatched']} unmatched, {counts['ambiguous']} ambiguous"
                 f"{f'; {skipped} aggregate rows skipped' if skipped else ''}) → {report.graph} in {store_dir}")
    emit("\n".join(lines), output)


def _statistics_head(info: dict) -> list[str]:
    """The lines about a GENESIS table and an aggregation that open the text report."""
    from ..errors import clip

    lines = []
    table = info.get("table") or {}
    if table.get("format") == "genesis":
        stand = f" (Stand {table['stand']})" if table.get("stand") else ""
        title = clip(table.get("title") or "", 120)
        lines.append(f"GENESIS-Tabelle / table {table.get('code') or '?'}: {title}{stand}")
    aggregation = info.get("aggregation")
    if aggregation:
        lines.append(f"summiert in Jugendamtsbezirke / summed into youth-office districts: "
                     f"{', '.join(aggregation['summed'])}")
        for d in aggregation["districts"]:
            values = ", ".join(f"{k} {'—' if v is None else v}" for k, v in d["values"].items())
            date = f" {d['date']}" if d.get("date") else ""
            lines.append(f"{d['region']}{date}: {values} (Gemeinden / municipalities: {d['gemeinden']})")
    return lines
