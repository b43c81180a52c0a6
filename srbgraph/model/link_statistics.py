"""Linking official statistics: a GENESIS table (recognised by itself), and any table of Gemeinden
summed into the 41 youth-office districts (``--aggregate jugendamt``).

:func:`link_file` is what ``srbgraph link`` does: a GENESIS table or an aggregation is linked here,
any other table by :func:`~srbgraph.model.link.link_table` as before.

A GENESIS table gives one ``srb:LinkedRecord`` per region and Stichtag (``srb:referenceDate``,
``xsd:date``); its aggregate rows (Deutschland, the Land, the statistical regions, Gemeindeverbände)
are skipped and counted. A value written with an official sign keeps it in an ``srb:CellNote``
(``srb:column``, ``srb:sign``, the meaning as ``rdfs:label`` in German and English): ``-`` is the
number 0, ``(123)`` the number 123 of limited value, the other signs no value. A figure for a Kreis
that holds a city with its own Jugendamt is linked to the Kreis and flagged (``srb:alsoCovers`` the
cities, a note as ``rdfs:comment``): it is not the figure of the Kreisjugendamt.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SrbError, clip, did_you_mean, shown
from ..terms import SRB, Literal
from .districts import (
    Aggregation,
    YouthOffices,
    aggregate,
    key_level,
    kreis_note,
    names,
    youth_offices,
)
from .genesis import Cell, StatColumn, StatTable, read_genesis, stat_table, typed_date
from .link import (
    DCT,
    LINKED_DATA,
    LINKED_GRAPH,
    MAX_LISTED_ROWS,
    RDFS_LABEL,
    XSD,
    LinkReport,
    Matcher,
    NTriples,
    _iri,
    _key_index,
    _lit,
    _provenance,
    file_sha256,
    link_table,
    regions_of,
    replace_graph,
    slug,
)
from .tables_in import RDF_TYPE, read_mapping, read_table

RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"


@dataclass
class StatisticsReport(LinkReport):
    """What happened to every row of a GENESIS table or an aggregation (JSON: ``as_dict()``)."""

    table: dict = field(default_factory=dict)  # format, code, title, stand
    dates: list = field(default_factory=list)  # the Stichtage, as xsd:date
    aggregates: dict = field(default_factory=lambda: {"count": 0, "rows": []})  # skipped aggregate rows
    not_youth_office_district: list = field(default_factory=list)  # Kreis figures that cover cities too
    aggregation: dict | None = None  # --aggregate: columns summed and left out, the districts


def check_request(path: Path, aggregate_to: str | None = None, sums=()) -> None:
    """Refuse, before any store is opened, a request :func:`link_file` cannot carry out: a file
    that is not there, an unknown aggregation, ``--sum`` without ``--aggregate``."""
    if not Path(path).is_file():
        raise SrbError(f"file not found: {path}")
    if aggregate_to not in (None, "jugendamt"):
        raise SrbError(f"--aggregate must be jugendamt, got {shown(aggregate_to)}")
    if sums and not aggregate_to:
        raise SrbError("--sum goes with --aggregate jugendamt (it names the columns to sum)")


def link_file(store, path: Path, *, key: str | None = None, key_type: str = "auto",
              mapping: Path | None = None, name: str | None = None, licence: str | None = None,
              aggregate_to: str | None = None, sums=(), today=None) -> LinkReport:
    """Link *path* as ``srbgraph link`` does: a GENESIS table by itself, a table of Gemeinden summed
    into the youth-office districts with ``aggregate_to="jugendamt"``, any other table by *key*."""
    path = Path(path)
    check_request(path, aggregate_to, sums)
    table = read_genesis(path)
    if table is None and not aggregate_to:
        return link_table(store, path, key=key, key_type=key_type, mapping=mapping, name=name,
                          licence=licence, today=today)
    spec = read_mapping(mapping) if mapping else {}
    if table is not None:
        given = ("--key" if key else "--key-type" if key_type != "auto"
                 else "the key of the mapping file" if spec.get("key") or spec.get("key_type") else None)
        if given:
            raise SrbError(f"{path.name} is a GENESIS table, keyed by the region key in its second column: "
                           f"{given} does not apply")
    else:
        table = _plain_table(path, key or spec.get("key"), spec.get("key_type", key_type)
                             if key_type == "auto" else key_type)
    _rename(table, spec.get("columns") or {}, path)
    regions = regions_of(store)
    if not regions:
        raise SrbError("the store holds no regions with official keys (data/regions.yaml)")
    name = slug(name or spec.get("name") or path.stem)
    checksum = file_sha256(path)
    report = StatisticsReport(name=name, graph=LINKED_GRAPH + name, file=str(path), sha256=checksum,
                              key=table.key_header, key_type="ags", table=_table_info(table))
    out = _Triples(report)
    offices = youth_offices(store)
    if aggregate_to:
        _aggregated(out, table, offices, sums, str(path))
    else:
        _records(out, table, Matcher(regions), offices, str(path))
    out.lines.extend(_provenance(report.graph, name, path.name, checksum,
                                 licence or spec.get("licence") or table.licence, today))
    out.lines.extend(_table_provenance(report.graph, table, report.aggregation))
    report.triples = out.lines.count
    report.replaced = replace_graph(store, report.graph, checksum, out.lines.text())
    return report


def _plain_table(path: Path, key: str | None, key_type: str) -> StatTable:
    """A plain table (CSV, XLSX, RDF) with official keys, to be summed into districts. The
    aggregation sums in several passes, so the table is read into memory here: its rows as the
    file gives them and, typed, as :class:`~.genesis.StatRow` — O(rows of the file), which a table
    of Gemeinden (about 2,300 in Rhineland-Palatinate, 11,000 in Germany) keeps small."""
    if key_type == "name":
        raise SrbError("--aggregate jugendamt needs official keys (8-digit AGS or 12-digit ARS), not names")
    table = read_table(path, key)
    table.rows = list(table.rows)  # summed in several passes (and typed column by column)
    index = _key_index(table, key, {}, path)
    headers = [h or f"column {i + 1}" for i, h in enumerate(table.headers)]
    return stat_table(table, index, headers)


def _rename(table: StatTable, renames: dict, path: Path) -> None:
    """The mapping file's ``columns`` (header → name) applied to the value columns."""
    headers = [c.name for c in table.columns]
    for old, new in renames.items():
        old = str(old).strip()
        if old not in headers:
            hint = did_you_mean(old, headers, cutoff=0.5, otherwise=f" (its columns: {clip(', '.join(headers), 160)})")
            raise SrbError(f"mapping names column {shown(old)}, which {path.name} does not have{hint}")
        table.columns[headers.index(old)].name = str(new).strip()


def _table_info(table: StatTable) -> dict:
    info = {"format": "genesis" if table.genesis else "table", "code": table.code, "title": table.title or None,
            "stand": table.stand[0] if table.stand else None}
    info["columns"] = [{"name": c.name, "unit": c.unit or None} for c in table.columns]
    return info


# --------------------------------------------------------------------------------------------
# triples
# --------------------------------------------------------------------------------------------
def _lang(text: str, lang: str) -> str:
    return Literal(text, language=lang).n3()


class _Triples:
    """The N-Triples of one linked graph, written as the records come (into one text: :class:`NTriples`)."""

    def __init__(self, report: StatisticsReport):
        self.report = report
        self.base = LINKED_DATA + report.name + "/"
        self.graph = _iri(report.graph)
        self.lines = NTriples()
        self.slugs: dict[str, int] = {}

    def add(self, line: str) -> None:
        self.lines.add(line)

    def column(self, column: StatColumn) -> str:
        """The property of *column* (its label and unit written once)."""
        s = slug(column.name)
        self.slugs[s] = self.slugs.get(s, 0) + 1
        iri = self.base + "column/" + (s if self.slugs[s] == 1 else f"{s}-{self.slugs[s]}")
        self.add(f"{_iri(iri)} <{RDFS_LABEL}> {_lit(column.name)} .")
        if column.unit:
            self.add(f"{_iri(iri)} <{SRB}unit> {_lit(column.unit)} .")
        return iri

    def record(self, number: int, region: str | None, date: tuple[str, str] | None) -> str:
        iri = self.base + f"row/{number}"
        s = _iri(iri)
        self.add(f"{s} <{RDF_TYPE}> <{SRB}LinkedRecord> .")
        self.add(f"{s} <{DCT}isPartOf> {self.graph} .")
        if region:
            self.add(f"{s} <{SRB}aboutRegion> {_iri(region)} .")
        if date:
            self.add(f"{s} <{SRB}referenceDate> {_lit(*date)} .")
        return iri

    def value(self, record: str, column: str, cell: Cell) -> None:
        """The value of *cell*, and a note where an official sign stands (``-`` is just 0)."""
        if cell.value is not None:
            self.add(f"{_iri(record)} {_iri(column)} {_lit(*cell.value)} .")
        if cell.sign and not cell.sign.zero:
            self.note(record, column, [cell.sign.sign], cell.sign.de, cell.sign.en)

    def note(self, record: str, column: str, signs: list[str], de: str, en: str) -> None:
        note = _iri(record + "/cell/" + column.rsplit("/", 1)[-1])
        self.add(f"{_iri(record)} <{SRB}cellNote> {note} .")
        self.add(f"{note} <{RDF_TYPE}> <{SRB}CellNote> .")
        self.add(f"{note} <{SRB}column> {_iri(column)} .")
        if signs:
            self.add(f"{note} <{SRB}sign> {_lit(' '.join(signs))} .")
        self.add(f"{note} <{RDFS_LABEL}> {_lang(de, 'de')} .")
        self.add(f"{note} <{RDFS_LABEL}> {_lang(en, 'en')} .")

    def comment(self, record: str, de: str, en: str) -> None:
        self.add(f"{_iri(record)} <{RDFS_COMMENT}> {_lang(de, 'de')} .")
        self.add(f"{_iri(record)} <{RDFS_COMMENT}> {_lang(en, 'en')} .")


def _date(table: StatTable, row, where: str) -> tuple[str, str] | None:
    if row.date is None:
        return None
    value = typed_date(row.date)
    if value is None:
        raise SrbError(f"{where}:{row.line}: column 1: the {table.date_header} {shown(row.date)} is not a date")
    return value


def _records(out: _Triples, table: StatTable, matcher: Matcher, offices: YouthOffices, where: str) -> None:
    """One record per linked data row, written as the rows come (aggregate rows skipped and
    counted, unmatched rows counted and the first ones listed: neither is kept, so memory grows
    with the linked rows only); Kreis figures that cover a city with its own Jugendamt flagged."""
    from ..limits import MAX_PROBLEM_LINES

    report = out.report
    key_column = out.column(StatColumn(table.key_header))
    name_column = out.column(StatColumn(table.name_header))
    columns = [out.column(c) for c in table.columns]
    seen: dict[tuple[str, str | None], int] = {}
    repeats: list[str] = []
    dates: set[str] = set()
    odd = _OddCells(table)
    aggregates = 0
    for number, row in enumerate(table.rows, start=1):
        odd.look(row)
        if (typed_row_date := typed_date(row.date)):
            dates.add(typed_row_date[0])
        entry = {"row": number, "line": row.line, "key": row.key, "name": row.name, "date": row.date}
        level, key = key_level(row.key, offices)
        if level == "aggregate":
            aggregates += 1
            if len(report.aggregates["rows"]) < MAX_LISTED_ROWS:
                report.aggregates["rows"].append(entry)
            continue
        date = _date(table, row, where)
        found, why = matcher.by_key(row.key) if level != "other" else ([], f"not an official key: {shown(row.key)}")
        region = found[0] if found else None
        if region is None:
            if level == "gemeinde":
                why += " (a Gemeinde: --aggregate jugendamt sums Gemeinden into the youth-office districts)"
            report.add("unmatched", {**entry, "reason": why})
            continue
        if (key, row.date) in seen:
            repeats.append(f"line {row.line}: the key {row.key}{f' for {row.date}' if row.date else ''} "
                           f"repeats (first at line {seen[(key, row.date)]})")
        seen.setdefault((key, row.date), row.line)
        record = out.record(number, region.iri, date)
        out.add(f"{_iri(record)} {_iri(key_column)} {_lit(row.key)} .")
        if row.name:
            out.add(f"{_iri(record)} {_iri(name_column)} {_lit(row.name)} .")
        for column, cell in zip(columns, row.cells):
            out.value(record, column, cell)
        report.add("matched", {**entry, "region": region.id, "label": region.label})
        cities = offices.also_covered(key) if level == "kreis" else []
        if cities:
            _flag(out, record, entry, offices.districts[key], cities)
    report.warnings += repeats[:MAX_PROBLEM_LINES]
    if len(repeats) > MAX_PROBLEM_LINES:
        report.warnings.append(f"… and {len(repeats) - MAX_PROBLEM_LINES:,} more repeated keys")
    report.aggregates["count"] = aggregates
    report.dates = sorted(dates)
    report.warnings += odd.warnings()


def _flag(out: _Triples, record: str, entry: dict, kreis, cities) -> None:
    de, en = kreis_note(kreis, cities)
    for city in cities:
        out.add(f"{_iri(record)} <{SRB}alsoCovers> {_iri(city.iri)} .")
    out.comment(record, de, en)
    out.report.not_youth_office_district.append(
        {**entry, "region": kreis.id, "label": kreis.label_de, "also_covers": [c.id for c in cities],
         "note": en})


class _OddCells:
    """The value cells of a GENESIS table that are neither numbers nor signs: counted, the first
    five named in one warning."""

    def __init__(self, table: StatTable):
        self.table, self.count, self.first = table, 0, []

    def look(self, row) -> None:
        if not self.table.genesis:
            return
        for column, cell in zip(self.table.columns, row.cells):
            if cell.value and cell.value[1] == XSD + "string":
                self.count += 1
                if len(self.first) < 5:
                    self.first.append(f"line {row.line} column {column.position}: {shown(cell.value[0], 30)}")

    def warnings(self) -> list[str]:
        if not self.count:
            return []
        more = f" and {self.count - 5:,} more" if self.count > 5 else ""
        text = f"{self.count:,} value cells are neither numbers nor official signs and are kept as text: "
        return [text + f"{'; '.join(self.first)}{more}"]


# --------------------------------------------------------------------------------------------
# --aggregate jugendamt
# --------------------------------------------------------------------------------------------
def _aggregated(out: _Triples, table: StatTable, offices: YouthOffices, sums, where: str) -> None:
    """One record per youth-office district and Stichtag, summed from its Gemeinden.

    Unlike linking, which streams, this holds every data row of the table in memory (typed, as
    :class:`~.genesis.StatRow`: about a kilobyte per row of a few columns), and the aggregation
    (:func:`~.districts.aggregate`) the rows of each district and those it skips or cannot place:
    it sums in several passes over them (dates checked, rows placed, columns judged summable,
    sums). O(rows of the file), on purpose: a table of Gemeinden has some thousands of rows (every
    Gemeinde of Germany: 11,000 per Stichtag), and the file-size cap bounds the rest."""
    table.rows = list(table.rows)  # summed in several passes: a table of Gemeinden, read once
    for row in table.rows:
        _date(table, row, where)
    result = aggregate(table, offices, sums, where)
    if not result.sums:
        raise SrbError(f"{where}: no Gemeinde (8-digit AGS or 12-digit ARS) of Rhineland-Palatinate to sum; "
                       f"{len(result.skipped):,} rows are Kreise or larger areas, {len(result.unmatched):,} "
                       "fit no district")
    report = out.report
    report.warnings += result.warnings
    if result.left_out:
        report.warnings.append(f"not summed (left out): {clip(', '.join(result.left_out), 200)}")
    report.counts = {"matched": len(result.matched), "unmatched": len(result.unmatched), "ambiguous": 0}
    report.matched = [{"row": n, "line": row.line, "key": row.key, "name": row.name, "date": row.date,
                       "region": d.id, "label": d.label_de} for n, row, d in result.matched]
    report.unmatched = [{"row": n, "line": row.line, "key": row.key, "name": row.name, "date": row.date,
                         "reason": why} for n, row, why in result.unmatched]
    report.aggregates = {"count": len(result.skipped),
                         "rows": [{"row": n, "line": row.line, "key": row.key, "name": row.name, "date": row.date}
                                  for n, row in result.skipped]}
    report.dates = sorted({d[0] for row in table.rows if (d := typed_date(row.date))})
    columns = [out.column(table.columns[i]) for i in result.columns]
    districts = []
    for number, summed in enumerate(result.sums, start=1):
        record = out.record(number, summed.district.iri, typed_date(summed.date))
        out.add(f"{_iri(record)} <{SRB}sourceRowCount> {_lit(str(len(summed.rows)), XSD + 'integer')} .")
        out.comment(record, *_sum_note(summed, offices))
        for column, cell, gaps in zip(columns, summed.cells, summed.gaps):
            out.value(record, column, cell)
            if gaps:
                _gap_note(out, record, column, gaps)
        districts.append(_district_entry(summed, table, result))
    report.aggregation = {"to": "jugendamt", "summed": [table.columns[i].name for i in result.columns],
                          "left_out": result.left_out, "districts": districts}


def _gap_note(out: _Triples, record: str, column: str, gaps: list[tuple[str, str | None]]) -> None:
    """The note on a district value left empty because Gemeinden of it have no value."""
    listed = clip(", ".join(f"{key} ({sign or 'leer / empty'})" for key, sign in gaps), 300)
    signs = sorted({sign for _key, sign in gaps if sign})
    de = f"keine Summe: {len(gaps)} Gemeinde{'n' if len(gaps) != 1 else ''} ohne Wert: {listed}"
    en = f"no sum: {len(gaps)} municipalit{'ies' if len(gaps) != 1 else 'y'} without a value: {listed}"
    out.note(record, column, signs, de, en)


def _sum_note(summed, offices: YouthOffices) -> tuple[str, str]:
    district, count = summed.district, len(summed.rows)
    cities = offices.also_covered(district.ags)
    without_de = f" ohne {names(cities, 'de')}" if cities else ""
    without_en = f" without {names(cities, 'en')}" if cities else ""
    de = f"Summe von {count} Gemeinde{'n' if count != 1 else ''} im Jugendamtsbezirk {district.label_de}{without_de}"
    en = (f"Sum of {count} municipalit{'ies' if count != 1 else 'y'} in the youth-office district "
          f"{district.label_en}{without_en}")
    return de, en


def _district_entry(summed, table: StatTable, result: Aggregation) -> dict:
    values = {}
    for i, cell, gaps in zip(result.columns, summed.cells, summed.gaps):
        if cell.value is None:
            values[table.columns[i].name] = None
        else:
            text = cell.value[0]
            values[table.columns[i].name] = int(text) if cell.value[1] == XSD + "integer" else float(text)
    entry = {"region": summed.district.id, "label": summed.district.label_de, "date": summed.date,
             "gemeinden": len(summed.rows), "values": values}
    gaps = {table.columns[i].name: [f"{key} ({sign or 'empty'})" for key, sign in g]
            for i, g in zip(result.columns, summed.gaps) if g}
    limited = [table.columns[i].name for i, c in zip(result.columns, summed.cells) if c.sign]
    if gaps:
        entry["no_value"] = gaps
    if limited:
        entry["limited_value"] = limited
    return entry


def _table_provenance(graph: str, table: StatTable, aggregation: dict | None) -> list[str]:
    """The table code, title, footer and Stand of a GENESIS table; how an aggregation summed."""
    g = _iri(graph)
    lines = []
    if table.code:
        lines.append(f"{g} <{SRB}tableCode> {_lit(table.code)} .")
    if table.title:
        lines.append(f"{g} <{DCT}description> {_lit(table.title)} .")
    if table.footer:
        lines.append(f"{g} <{RDFS_COMMENT}> {_lit(chr(10).join(table.footer))} .")
    if table.stand:
        lines.append(f"{g} <{DCT}modified> {_lit(*table.stand)} .")
    if aggregation:
        summed = ", ".join(aggregation["summed"])
        lines.append(f"{g} <{SRB}aggregation> " + _lang(
            "Gemeinden zu den Jugendamtsbezirken summiert: die Städte mit eigenem Jugendamt für sich, die "
            f"übrigen Gemeinden eines Kreises als Kreisjugendamt; summiert: {summed}; ein Bezirk, in dem eine "
            "Gemeinde keinen Wert hat, erhält keinen Wert", "de") + " .")
        lines.append(f"{g} <{SRB}aggregation> " + _lang(
            "Municipalities summed into the youth-office districts: the cities with a youth office of their "
            f"own on their own, the other municipalities of a Kreis as the district youth office; summed: "
            f"{summed}; a district in which a municipality has no value gets no value", "en") + " .")
    return lines
