"""The youth-office districts (Jugendamtsbezirke) of Rhineland-Palatinate as the curated graph
describes them, and figures of Gemeinden summed into them.

In Rhineland-Palatinate a Kreis is not always a youth-office district: Andernach and Mayen
(Landkreis Mayen-Koblenz), Neuwied, Bad Kreuznach and Idar-Oberstein (Landkreis Birkenfeld) have a
Jugendamt of their own. :func:`youth_offices` reads the 41 districts from the graph
(``srb:hasOwnYouthOffice true``) and, through ``srb:liesIn``, which cities with their own Jugendamt
lie in which Landkreis. A figure for such a Kreis covers two or three youth offices
(:meth:`YouthOffices.also_covered`); a table of Gemeinden can be summed into the 41 districts —
the five cities on their own, the rest of their Kreis as the Kreisjugendamt (:func:`aggregate`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import SrbError, did_you_mean, shown
from ..terms import fold
from .genesis import SIGNS, Cell, StatRow, StatTable, decimal_text, typed_date
from .link_keys import official_key


@dataclass(frozen=True)
class District:
    iri: str
    label_de: str
    label_en: str
    ags: str
    kind: str

    @property
    def id(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


YOUTH_OFFICES_QUERY = """
PREFIX srb: <https://w3id.org/srbgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?region ?de ?en ?ags ?kind ?kreis WHERE {
  ?region a srb:Region ; srb:ags ?ags ; srb:hasOwnYouthOffice true .
  OPTIONAL { ?region rdfs:label ?de . FILTER(lang(?de) = "de") }
  OPTIONAL { ?region rdfs:label ?en . FILTER(lang(?en) = "en") }
  OPTIONAL { ?region srb:regionKind ?kind }
  OPTIONAL { ?region srb:liesIn ?in . ?in srb:ags ?kreis ; srb:hasOwnYouthOffice true }
}"""


@dataclass
class YouthOffices:
    districts: dict[str, District]  # official key → youth-office district
    cities_in: dict[str, list[District]] = field(default_factory=dict)  # Kreis key → its cities with a Jugendamt

    def also_covered(self, kreis: str) -> list[District]:
        """The cities with a Jugendamt of their own that a figure for the Kreis *kreis* includes."""
        return self.cities_in.get(kreis, [])

    def is_city_kreis(self, kreis: str) -> bool:
        """*kreis* is a kreisfreie Stadt: its only Gemeinde is written ``<kreis>000``."""
        district = self.districts.get(kreis)
        return bool(district) and "stadt" in district.kind.lower() and len(district.ags) == 5

    def of_gemeinde(self, ags: str) -> District | None:
        """The youth-office district of the Gemeinde *ags* (8 digits): a city with its own
        Jugendamt, else the district of its Kreis (None outside Rhineland-Palatinate)."""
        return self.districts.get(ags) or self.districts.get(ags[:5])


def youth_offices(store) -> YouthOffices:
    """The youth-office districts in *store*'s curated graph."""
    districts: dict[str, District] = {}
    kreis_of: dict[str, str] = {}
    for iri, de, en, ags, kind, kreis in store.select_values(YOUTH_OFFICES_QUERY):
        districts[ags] = District(iri, de or en or iri, en or de or iri, ags, kind or "")
        if kreis and len(ags) == 8:
            kreis_of[ags] = kreis
    cities: dict[str, list[District]] = {}
    for ags in sorted(kreis_of):
        cities.setdefault(kreis_of[ags], []).append(districts[ags])
    return YouthOffices(dict(sorted(districts.items())), cities)


def names(districts: list[District], lang: str) -> str:
    """``Andernach und Mayen`` / ``Andernach and Mayen``."""
    labels = [d.label_de if lang == "de" else d.label_en for d in districts]
    word = " und " if lang == "de" else " and "
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + word + labels[-1]


def kreis_note(kreis: District, cities: list[District]) -> tuple[str, str]:
    """The note (German, English) on a figure for a Kreis that holds cities with a Jugendamt."""
    de = (f"Zahl für den ganzen {kreis.label_de}, einschließlich {names(cities, 'de')} (eigenes Jugendamt): "
          "nicht die Zahl des Kreisjugendamts")
    en = (f"Figure for the whole {kreis.label_en}, including {names(cities, 'en')} (a youth office of "
          f"{'its' if len(cities) == 1 else 'their'} own): not the figure of the district youth office")
    return de, en


# --------------------------------------------------------------------------------------------
# keys of Gemeinden
# --------------------------------------------------------------------------------------------
def key_level(key: str, offices: YouthOffices) -> tuple[str, str]:
    """``(level, key)`` of a region key: ``gemeinde`` (the 8-digit AGS, also from a 12-digit ARS),
    ``kreis`` (5 digits), ``aggregate`` (Deutschland ``DG``, a Land, a Regierungsbezirk or
    statistical region, a Gemeindeverband, a Kreis written as AGS or ARS) or ``other``."""
    text = re.sub(r"\s", "", key or "")
    if text == "DG":
        return "aggregate", text
    if not text.isdigit():
        return "other", text
    text = official_key(text)
    if len(text) in (2, 3, 9):
        return "aggregate", text
    if len(text) == 5:
        return "kreis", text
    if len(text) == 8:
        whole_kreis = (text.endswith("000") and text[:5] in offices.districts
                       and not offices.is_city_kreis(text[:5]))
        return ("aggregate" if whole_kreis else "gemeinde"), text
    return "other", text


# --------------------------------------------------------------------------------------------
# which columns are summed
# --------------------------------------------------------------------------------------------
#: words of a column's name or unit that say its values are rates, shares or averages
RATE_WORDS = ("prozent", "%", "‰", "promille", "quote", "anteil", "durchschnitt", "mittelwert", "median",
              "je ", "pro ", "rate", "dichte", "verhältnis", "index", "quotient", "mittlere")


def is_rate(name: str, unit: str) -> bool:
    text = f" {name} {unit} ".lower()
    return any(word in text for word in RATE_WORDS)


def summed_columns(table: StatTable, sums, where: str) -> tuple[list[int], list[str], list[str]]:
    """The indices of the columns to sum, the names of those left out, and warnings. Without
    *sums* every column of numbers is summed and a column of rates, shares or averages is refused;
    with *sums* exactly the columns named there are summed, as counts."""
    headers = [c.name for c in table.columns]
    numeric = [i for i, _c in enumerate(table.columns)
               if any(row.cells[i].number is not None or row.cells[i].sign for row in table.rows)]
    warnings = []
    if sums:
        chosen = []
        for wanted in sums:
            found = [i for i, h in enumerate(headers) if h == wanted] or \
                    [i for i, h in enumerate(headers) if fold(h) == fold(wanted)]
            if not found:
                hint = did_you_mean(wanted, headers, cutoff=0.5, otherwise=f" (columns: {', '.join(headers)})")
                raise SrbError(f"{where}: --sum names the column {shown(wanted)}, which the table does not have{hint}")
            if found[0] not in numeric:
                raise SrbError(f"{where}:{table.header_line}: column {table.columns[found[0]].position} "
                               f"{shown(headers[found[0]])}, named by --sum, holds no numbers")
            chosen.append(found[0])
        for i in chosen:
            if is_rate(headers[i], table.columns[i].unit):
                warnings.append(f"the column {shown(headers[i])} looks like rates, shares or averages; it is "
                                "summed as counts because --sum names it")
        chosen = sorted(set(chosen))
    else:
        for i in numeric:
            if is_rate(headers[i], table.columns[i].unit):
                unit = f" ({table.columns[i].unit})" if table.columns[i].unit else ""
                raise SrbError(f"{where}:{table.header_line}: column {table.columns[i].position} "
                               f"{shown(headers[i])}{unit} holds rates, shares or averages, which cannot be "
                               "summed into youth-office districts; name the columns to sum with --sum COLUMN "
                               "(a column named there is summed as counts)")
        chosen = numeric
    left_out = [h for i, h in enumerate(headers) if i not in chosen]
    if not chosen:
        raise SrbError(f"{where}: no column of numbers to sum into youth-office districts")
    return chosen, left_out, warnings


# --------------------------------------------------------------------------------------------
# summing Gemeinden into districts
# --------------------------------------------------------------------------------------------
@dataclass
class DistrictSum:
    district: District
    date: str | None
    rows: list[tuple[int, StatRow]]  # (data row number, row) of the Gemeinden summed
    cells: list[Cell] = field(default_factory=list)  # per summed column: the sum, or no value
    #: per summed column: the Gemeinden without a value, ``(key, sign)`` (sign None: an empty cell)
    gaps: list[list[tuple[str, str | None]]] = field(default_factory=list)


@dataclass
class Aggregation:
    columns: list[int]
    left_out: list[str]
    sums: list[DistrictSum]
    matched: list[tuple[int, StatRow, District]] = field(default_factory=list)
    unmatched: list[tuple[int, StatRow, str]] = field(default_factory=list)
    skipped: list[tuple[int, StatRow]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def aggregate(table: StatTable, offices: YouthOffices, sums=(), where: str = "the table") -> Aggregation:
    """Sum the Gemeinden of *table* into the youth-office districts, per Stichtag. A district in
    which one Gemeinde has no value (a sign such as ``.``, or an empty cell) gets no value, not a
    sum that is too small; ``-`` counts as 0; a sum over a value in brackets is of limited value."""
    columns, left_out, warnings = summed_columns(table, sums, where)
    result = Aggregation(columns, left_out, [], warnings=warnings)
    groups: dict[tuple[str, str | None], list[tuple[int, StatRow]]] = {}
    cities: dict[tuple[str, str | None], tuple[int, StatRow]] = {}
    seen: dict[tuple[str, str | None], int] = {}
    for number, row in enumerate(table.rows, start=1):
        level, key = key_level(row.key, offices)
        if level == "kreis" and offices.is_city_kreis(key):
            cities[(key, row.date)] = (number, row)  # used when the city has no 8-digit row
        if level in ("aggregate", "kreis"):
            result.skipped.append((number, row))
            continue
        district = offices.of_gemeinde(key) if level == "gemeinde" else None
        if district is None:
            why = (f"the Gemeinde {key} lies in no youth-office district of Rhineland-Palatinate"
                   if level == "gemeinde" else f"not an official key: {shown(row.key)}")
            result.unmatched.append((number, row, why))
            continue
        if (key, row.date) in seen:
            raise SrbError(f"{where}:{row.line}: the Gemeinde {key} appears again"
                           f"{f' for {row.date}' if row.date else ''} (first at line {seen[(key, row.date)]}); "
                           "it would be summed twice")
        seen[(key, row.date)] = row.line
        groups.setdefault((district.ags, row.date), []).append((number, row))
        result.matched.append((number, row, district))
    if groups:  # a table of Gemeinden (a table of Kreise has none to sum)
        _add_city_rows(result, groups, cities, offices)
    for (ags, date), rows in sorted(groups.items(), key=lambda item: (item[0][0], _date_key(item[0][1]))):
        result.sums.append(_district_sum(offices.districts[ags], date, rows, columns))
    return result


def _add_city_rows(result: Aggregation, groups, cities, offices: YouthOffices) -> None:
    """A kreisfreie Stadt written only by its 5-digit key (no ``<key>000`` row) is its own Gemeinde."""
    for (kreis, date), (number, row) in cities.items():
        if (kreis, date) not in groups:
            groups[(kreis, date)] = [(number, row)]
            result.skipped.remove((number, row))
            result.matched.append((number, row, offices.districts[kreis]))
    result.matched.sort(key=lambda item: item[0])


def _date_key(date: str | None) -> str:
    typed = typed_date(date)
    return typed[0] if typed else (date or "")


def _district_sum(district: District, date, rows, columns: list[int]) -> DistrictSum:
    result = DistrictSum(district, date, rows)
    for i in columns:
        gaps = [(row.key, row.cells[i].sign.sign if row.cells[i].sign else None)
                for _n, row in rows if row.cells[i].number is None]
        result.gaps.append(gaps)
        if gaps:
            result.cells.append(Cell(None))
            continue
        total = sum((row.cells[i].number for _n, row in rows), Decimal(0))
        limited = any(row.cells[i].sign is SIGNS["()"] for _n, row in rows)
        result.cells.append(Cell(decimal_text(total), SIGNS["()"] if limited else None))
    return result


# --------------------------------------------------------------------------------------------
# the linked figures of each district, as the cross query gives them
# --------------------------------------------------------------------------------------------
def district_figures(store, lang: str = "de") -> dict[str, list[dict]]:
    """Region IRI → the figures linked to it (``dataset``, ``date``, ``column``, ``value``,
    ``sign``, ``valueNote``, ``coverage``, and ``numeric``: the value is a number), from the named
    query ``linked-figures`` on *store* (the store the tables were linked into). Regions without
    figures are left out."""
    from .queries import bind, named

    query = named("linked-figures")
    result = store.select(query.text, bind(query, {}, store, lang))
    wanted = ("dataset", "date", "column", "value", "sign", "valueNote", "coverage")
    figures: dict[str, list[dict]] = {}
    for row in result.rows:
        values = dict(zip(result.variables, row))
        if values.get("column") is None:
            continue
        figure = {name: (None if values.get(name) is None else str(values[name])) for name in wanted}
        datatype = getattr(values.get("value"), "datatype", None) or ""
        figure["numeric"] = datatype.endswith(("#integer", "#decimal", "#double", "#float"))
        shown_already = figures.setdefault(str(values["region"]), [])
        if figure not in shown_already:  # one row per workshop beside it: the figure once
            shown_already.append(figure)
    return figures
