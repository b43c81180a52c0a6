"""srbgraph link on GENESIS tables of the Regionaldatenbank (issue #19): title, header and footer
lines recognised, aggregates skipped and counted, German numbers and the official signs typed as
the Zeichenerklärung says, the Stichtag a dimension, Kreis figures that cover a city with its own
Jugendamt flagged, and Gemeinden summed into the 41 youth-office districts.

The expected figures are copied by hand from the fixtures (tests/fixtures/link/README.md); the sums
are worked out below, with the arithmetic beside them."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from srbgraph import resources
from srbgraph.model import queries
from srbgraph.model.genesis import genesis_cell
from srbgraph.model.link_statistics import link_file
from srbgraph.model.queries import bind
from srbgraph.stores.base import compare_key
from srbgraph.stores.oxigraph import OxigraphStore
from srbgraph.stores.rdflib_store import RdflibStore
from srbgraph.stores.select import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "link"
KREISE = FIXTURES / "genesis-22541-kreise.csv"
GEMEINDEN = FIXTURES / "genesis-22543-gemeinden.csv"
ARS = FIXTURES / "gemeinden-ars.csv"
XSD = "http://www.w3.org/2001/XMLSchema#"
SRB = "https://w3id.org/srbgraph/ontology#"
RES = "https://w3id.org/srbgraph/resource/"
PREFIXES = (f"PREFIX srb: <{SRB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "PREFIX dct: <http://purl.org/dc/terms/> ")
COUNTS = ["--sum", "Kinder in Tageseinrichtungen", "--sum", "Kinder unter 3 Jahren"]
#: the five cities with a Jugendamt of their own (reference/rlp-regions.csv)
CITIES = {"07137003": "region-andernach", "07137068": "region-mayen", "07133006": "region-bad-kreuznach",
          "07134045": "region-idar-oberstein", "07138045": "region-neuwied"}
#: the Kreise whose figure covers a city with its own Jugendamt, and those cities
SPLIT = {"07133": {"region-bad-kreuznach"}, "07134": {"region-idar-oberstein"},
         "07137": {"region-andernach", "region-mayen"}, "07138": {"region-neuwied"}}


#: a query that finds a linked record in any graph
NO_RECORDS = "SELECT ?r WHERE { GRAPH ?g { ?r a srb:LinkedRecord } } LIMIT 1"


def errors(result) -> list[str]:
    """The error lines of a run (stderr also tells of building the graph)."""
    return [line for line in result.err.splitlines() if line.startswith("srbgraph: error")]


def regions_by_key() -> dict[str, str]:
    """Official key → region id, read from the shipped data/regions.yaml (not from the code)."""
    doc = yaml.safe_load((resources.data_dir() / "regions.yaml").read_text(encoding="utf-8"))
    return {e["ags"]: e["id"] for e in doc["entities"] if "ags" in e}


def link_json(srbgraph, *args) -> dict:
    result = srbgraph("link", *args, "--format", "json")
    assert result.code == 0, result
    return json.loads(result.out)


def values(store_dir: Path, query: str) -> list[tuple]:
    with OxigraphStore(store_dir) as store:
        return store.select_values(PREFIXES + query)


def cell(store_dir: Path, region: str, date: str, column: str):
    """(value, datatype) of one figure, or None; and the official sign and meanings noted on it."""
    with OxigraphStore(store_dir) as store:
        found = store.select(PREFIXES + f"""
            SELECT ?v ?sign ?de ?en WHERE {{ GRAPH ?g {{
              ?r srb:aboutRegion <{RES}{region}> ; srb:referenceDate "{date}"^^<{XSD}date> .
              ?col rdfs:label "{column}" .
              OPTIONAL {{ ?r ?col ?v }}
              OPTIONAL {{ ?r srb:cellNote ?n . ?n srb:column ?col ; srb:sign ?sign ; rdfs:label ?de , ?en .
                         FILTER(lang(?de) = "de" && lang(?en) = "en") }} }} }}""")
    assert len(found) == 1, found.rows
    v, sign, de, en = found.rows[0]
    return (None if v is None else (str(v), v.datatype)), (None if sign is None else (str(sign), str(de), str(en)))


# --------------------------------------------------------------------------------------------
# Kreis level
# --------------------------------------------------------------------------------------------
def test_a_genesis_table_needs_no_option_every_kreis_matched_aggregates_counted(srbgraph):
    # exactly as the issue asks: `srbgraph link FILE -f json`, no other option (the store is the
    # default one in the build cache, which the isolated_cache fixture puts in a temporary folder)
    report = link_json(srbgraph, str(KREISE))
    assert report["unmatched"] == [] and report["ambiguous"] == []
    kreise = {key for key in regions_by_key() if len(key) == 5}
    assert len(kreise) == 36  # 24 Landkreise + 12 kreisfreie Städte
    matched = {(m["key"], m["date"]) for m in report["matched"]}
    assert matched == {(k, d) for k in kreise for d in ("01.03.2022", "01.03.2023")}  # 72 rows
    assert {m["key"]: m["region"] for m in report["matched"]} == {k: regions_by_key()[k] for k in kreise}
    skipped = report["aggregates"]
    assert skipped["count"] == 10 == len(skipped["rows"])
    assert sorted(r["key"] for r in skipped["rows"]) == sorted(["DG", "07", "071", "072", "073"] * 2)
    flagged = {(f["key"], f["date"]): set(f["also_covers"]) for f in report["not_youth_office_district"]}
    assert flagged == {(k, d): cities for k, cities in SPLIT.items() for d in ("01.03.2022", "01.03.2023")}
    assert report["dates"] == ["2022-03-01", "2023-03-01"]
    assert report["table"]["code"] == "22541-01-01-4" and report["table"]["stand"] == "2024-04-12T10:23:45"
    assert [(c["name"], c["unit"]) for c in report["table"]["columns"]] == [
        ("Tageseinrichtungen", "Anzahl"), ("Genehmigte Plätze", "Anzahl"), ("Tätige Personen", "Anzahl"),
        ("Anteil Ganztagsplätze", "Prozent")]
    assert report["warnings"] == []
    text = srbgraph("link", str(KREISE))
    assert "72 of 72 rows linked by ags (0 unmatched, 0 ambiguous; 10 aggregate rows skipped)" in text.out
    assert "07137 01.03.2023: Kreiszahl, nicht Jugendamtsbezirk" in text.out


def test_german_numbers_and_every_official_sign(srbgraph, tmp_path):
    store = tmp_path / "store"
    link_json(srbgraph, str(KREISE), "--store", str(store))
    integer, decimal = XSD + "integer", XSD + "decimal"
    # line 10: 01.03.2022;07111;Koblenz, kreisfreie Stadt;46;3.036;511;46,4
    assert cell(store, "region-koblenz", "2022-03-01", "Genehmigte Plätze") == (("3036", integer), None)
    assert cell(store, "region-koblenz", "2022-03-01", "Anteil Ganztagsplätze") == (("46.4", decimal), None)
    # line 37: Zweibrücken 2022, Anteil "-": nothing there, exactly zero (no note: it is a number)
    assert cell(store, "region-zweibruecken", "2022-03-01", "Anteil Ganztagsplätze") == (("0", integer), None)
    # line 75: Pirmasens 2023, Plätze "(15.747)": the number, of limited value
    assert cell(store, "region-pirmasens", "2023-03-01", "Genehmigte Plätze") == (
        ("15747", integer), ("()", "Aussagewert eingeschränkt", "of limited value"))
    # the others: no value, the sign and its meaning kept on the record
    assert cell(store, "region-lk-kusel", "2023-03-01", "Tätige Personen") == (   # line 84: "."
        None, (".", "Zahlenwert unbekannt oder geheim zu halten", "number unknown or kept secret"))
    assert cell(store, "region-lk-cochem-zell", "2022-03-01", "Anteil Ganztagsplätze") == (  # line 15: "x"
        None, ("x", "Tabellenfach gesperrt, weil Aussage nicht sinnvoll", "not meaningful"))
    assert cell(store, "region-lk-vulkaneifel", "2023-03-01", "Anteil Ganztagsplätze") == (  # line 66: "/"
        None, ("/", "keine Angabe, da Zahlenwert nicht sicher genug", "not reliable enough"))
    assert cell(store, "region-speyer", "2023-03-01", "Tätige Personen") == (  # line 76: "..."
        None, ("...", "Angabe fällt später an", "not yet available"))
    # the Stichtag is a dimension: one record per region and date, typed xsd:date
    dates = values(store, f"SELECT ?d WHERE {{ GRAPH ?g {{ ?r srb:aboutRegion <{RES}region-koblenz> ; "
                          "srb:referenceDate ?d } } ORDER BY ?d")
    assert dates == [("2022-03-01",), ("2023-03-01",)]
    typed = values(store, "SELECT DISTINCT (datatype(?d) AS ?t) WHERE { GRAPH ?g { ?r srb:referenceDate ?d } }")
    assert typed == [(XSD + "date",)]


def test_the_kreis_figures_add_up_to_the_land_row(srbgraph, tmp_path):
    """Every figure of two columns read right: the 36 Kreise sum to the Land row of the file."""
    store = tmp_path / "store"
    link_json(srbgraph, str(KREISE), "--store", str(store))

    def total(column: str, date: str) -> int:
        (found,) = values(store, f"""SELECT (SUM(?v) AS ?s) (COUNT(?v) AS ?n) WHERE {{ GRAPH ?g {{
            ?r srb:referenceDate "{date}"^^<{XSD}date> ; ?col ?v . ?col rdfs:label "{column}" }} }}""")
        assert found[1] == "36"
        return int(found[0])

    # line 8:  01.03.2022;07;Rheinland-Pfalz;3.691;274.273;…   line 49: 01.03.2023;07;…;3.617;274.581;…
    assert total("Tageseinrichtungen", "2022-03-01") == 3691
    assert total("Genehmigte Plätze", "2022-03-01") == 274273
    assert total("Tageseinrichtungen", "2023-03-01") == 3617
    assert total("Genehmigte Plätze", "2023-03-01") == 274581  # Pirmasens' (15.747) counted


def test_latin1_title_and_footer_become_provenance(srbgraph, tmp_path):
    data = KREISE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # ISO-8859-1, as the Regionaldatenbank writes it
    assert "Südliche Weinstraße".encode("latin-1") in data and "Plätze".encode("latin-1") in data
    store = tmp_path / "store"
    report = link_json(srbgraph, str(KREISE), "--store", str(store))
    graph = f"<{report['graph']}>"
    (code,), = values(store, f"SELECT ?c WHERE {{ GRAPH {graph} {{ {graph} srb:tableCode ?c }} }}")
    (title,), = values(store, f"SELECT ?t WHERE {{ GRAPH {graph} {{ {graph} dct:description ?t }} }}")
    (footer,), = values(store, f"SELECT ?f WHERE {{ GRAPH {graph} {{ {graph} rdfs:comment ?f }} }}")
    (stand,), = values(store, f"SELECT ?s WHERE {{ GRAPH {graph} {{ {graph} dct:modified ?s }} }}")
    (licence,), = values(store, f"SELECT ?l WHERE {{ GRAPH {graph} {{ {graph} dct:license ?l }} }}")
    assert code == "22541-01-01-4"
    assert title.startswith("Kindertageseinrichtungen, genehmigte Plätze, tätige Personen - Stichtag 01.03.")
    assert "Datenlizenz Deutschland" in footer and "(Stichtag geändert: bis 2008 der 15.03.)" in footer
    assert stand == "2024-04-12T10:23:45"
    assert licence == "https://www.govdata.de/dl-de/by-2-0"  # named in the footer
    units = dict(values(store, f"SELECT ?l ?u WHERE {{ GRAPH {graph} {{ ?c rdfs:label ?l ; srb:unit ?u }} }}"))
    assert units == {"Tageseinrichtungen": "Anzahl", "Genehmigte Plätze": "Anzahl", "Tätige Personen": "Anzahl",
                     "Anteil Ganztagsplätze": "Prozent"}


def test_a_flagged_kreis_figure_carries_a_note_in_both_languages(srbgraph, tmp_path):
    store = tmp_path / "store"
    link_json(srbgraph, str(KREISE), "--store", str(store))
    covers = values(store, f"SELECT ?date ?city WHERE {{ GRAPH ?g {{ ?r srb:aboutRegion "
                           f"<{RES}region-lk-mayen-koblenz> ; srb:referenceDate ?date ; srb:alsoCovers ?city }} }}")
    assert sorted(covers) == sorted((d, RES + c) for d in ("2022-03-01", "2023-03-01")
                                    for c in ("region-andernach", "region-mayen"))
    notes = dict(values(store, f"SELECT (lang(?c) AS ?l) ?c WHERE {{ GRAPH ?g {{ ?r srb:aboutRegion "
                               f"<{RES}region-lk-neuwied> ; srb:referenceDate \"2023-03-01\"^^<{XSD}date> ; "
                               "rdfs:comment ?c } }"))
    assert notes == {
        "de": "Zahl für den ganzen Landkreis Neuwied, einschließlich Neuwied (eigenes Jugendamt): nicht die Zahl "
              "des Kreisjugendamts",
        "en": "Figure for the whole Neuwied district, including Neuwied (a youth office of its own): not the "
              "figure of the district youth office"}
    # an ordinary Kreis is not flagged
    assert values(store, f"SELECT ?c WHERE {{ GRAPH ?g {{ ?r srb:aboutRegion <{RES}region-lk-ahrweiler> ; "
                         "srb:alsoCovers ?c } }") == []


# --------------------------------------------------------------------------------------------
# Gemeinde level: --aggregate jugendamt
# --------------------------------------------------------------------------------------------
#: "Kinder in Tageseinrichtungen" on 01.03.2023 per youth-office district, worked out by hand from
#: the fixture (the kreisfreie Städte and the five cities: their one Gemeinde; the Landkreise: their
#: shaped Gemeinden 001 and 002, and Ingelheim (07339030) in Mainz-Bingen)
KINDER_2023 = {
    "region-koblenz": 4212, "region-trier": 3987, "region-frankenthal": 1634, "region-kaiserslautern": 3540,
    "region-landau-in-der-pfalz": 1702, "region-ludwigshafen-am-rhein": 6893, "region-mainz": 8120,
    "region-neustadt-an-der-weinstrasse": 1955, "region-pirmasens": 1311, "region-speyer": 1788,
    "region-worms": 3004, "region-zweibruecken": 1099,
    "region-bad-kreuznach": 2341, "region-idar-oberstein": 1540, "region-andernach": 1605,
    "region-mayen": 1150, "region-neuwied": 2222,
    "region-lk-ahrweiler": 2055,                  # 1.210 + 845
    "region-lk-altenkirchen": 2398,               # 1.432 + 966
    "region-lk-bad-kreuznach": 1820,              # 1.118 + 702, without the city (2.341)
    "region-lk-birkenfeld": 1495,                 # 880 + 615, without Idar-Oberstein (1.540)
    "region-lk-cochem-zell": 1753,                # 1.020 + 733
    "region-lk-mayen-koblenz": 3495,              # 2.105 + 1.390, without Andernach and Mayen
    "region-lk-neuwied": 3081,                    # 1.877 + 1.204, without the city (2.222)
    "region-lk-rhein-hunsrueck-kreis": 2330,      # 1.340 + 990
    "region-lk-rhein-lahn-kreis": 2478,           # 1.466 + 1.012
    "region-lk-westerwaldkreis": 4325,            # 2.450 + 1.875
    "region-lk-bernkastel-wittlich": 2601,        # 1.560 + 1.041
    "region-lk-eifelkreis-bitburg-pruem": 2444,   # 1.333 + 1.111
    "region-lk-vulkaneifel": 1531,                # 877 + 654
    "region-lk-trier-saarburg": 3640,             # 2.010 + 1.630
    "region-lk-alzey-worms": 3000,                # 1.720 + 1.280
    "region-lk-bad-duerkheim": 2995,              # 1.690 + 1.305
    "region-lk-donnersbergkreis": 1740,           # 980 + 760
    "region-lk-germersheim": 3186,                # 1.820 + 1.366
    "region-lk-kaiserslautern": 2600,             # 1.499 + 1.101
    "region-lk-kusel": None,                      # 930 + "." (07336002 secret): no sum, not 930
    "region-lk-suedliche-weinstrasse": 2550,      # 1.460 + 1.090
    "region-lk-rhein-pfalz-kreis": 3810,          # 2.030 + 1.780
    "region-lk-mainz-bingen": 5635,               # 2.240 + 1.520 + 1.875 (Ingelheim, no Jugendamt of its own)
    "region-lk-suedwestpfalz": 1965,              # 1.120 + 845
}


def test_gemeinden_are_summed_into_the_41_youth_office_districts(srbgraph, tmp_path):
    store = tmp_path / "store"
    report = link_json(srbgraph, str(GEMEINDEN), "--aggregate", "jugendamt", *COUNTS, "--store", str(store))
    districts = report["aggregation"]["districts"]
    assert len({d["region"] for d in districts}) == 41 == len(KINDER_2023) and len(districts) == 82
    by = {(d["region"], d["date"]): d for d in districts}
    assert {r: by[(r, "01.03.2023")]["values"]["Kinder in Tageseinrichtungen"] for r in KINDER_2023} == KINDER_2023
    # 01.03.2022: each shaped Gemeinde 100 fewer, except those written otherwise in the fixture
    assert by[("region-lk-mayen-koblenz", "01.03.2022")]["values"]["Kinder in Tageseinrichtungen"] == 3295  # 2.005 + 1.290
    assert by[("region-andernach", "01.03.2022")]["values"]["Kinder in Tageseinrichtungen"] == 1505
    assert by[("region-lk-kusel", "01.03.2022")]["values"]["Kinder in Tageseinrichtungen"] == 1565  # 830 + 735
    assert by[("region-lk-mainz-bingen", "01.03.2022")]["values"]["Kinder in Tageseinrichtungen"] == 5335  # 2.140+1.420+1.775
    under3 = {k: d["values"]["Kinder unter 3 Jahren"] for k, d in by.items()}
    assert under3[("region-lk-mayen-koblenz", "01.03.2023")] == 853      # 520 + 333
    assert under3[("region-lk-birkenfeld", "01.03.2023")] == 355         # 205 + 150
    assert under3[("region-idar-oberstein", "01.03.2023")] is None       # "...": not yet available
    assert under3[("region-lk-rhein-hunsrueck-kreis", "01.03.2023")] == 251  # "-" (0) + 251
    assert under3[("region-lk-bernkastel-wittlich", "01.03.2023")] == 437    # 380 + (57)
    assert by[("region-lk-bernkastel-wittlich", "01.03.2023")]["limited_value"] == ["Kinder unter 3 Jahren"]
    assert under3[("region-lk-donnersbergkreis", "01.03.2022")] is None  # "x" in 07333001
    assert under3[("region-lk-donnersbergkreis", "01.03.2023")] == 414   # 233 + 181
    assert by[("region-lk-kusel", "01.03.2023")]["no_value"] == {"Kinder in Tageseinrichtungen": ["07336002 (.)"]}
    assert by[("region-lk-mayen-koblenz", "01.03.2023")]["gemeinden"] == 2
    assert by[("region-lk-mainz-bingen", "01.03.2023")]["gemeinden"] == 3


def test_each_gemeinde_goes_to_its_city_or_else_to_its_kreis(srbgraph, tmp_path):
    """The assignment by the five city AGS, else by the first five digits (the Kreis)."""
    report = link_json(srbgraph, str(GEMEINDEN), "--aggregate", "jugendamt", *COUNTS,
                       "--store", str(tmp_path / "store"))
    kreis = regions_by_key()
    for m in report["matched"]:
        assert m["region"] == CITIES.get(m["key"], kreis[m["key"][:5]]), m
    assert len(report["matched"]) == 2 * (12 + 5 + 24 * 2 + 1)  # per date: 12 Städte, 5 cities, 48 shaped, Ingelheim
    # München (09162000) fits no district: reported, not dropped in silence
    assert [(u["key"], u["date"]) for u in report["unmatched"]] == [("09162000", "01.03.2022"),
                                                                    ("09162000", "01.03.2023")]
    # per date: Deutschland, the Land, 3 statistical regions, 36 Kreise, 1 Verbandsgemeinde
    assert report["aggregates"]["count"] == 2 * (1 + 1 + 3 + 36 + 1)
    assert "071315001" in {r["key"] for r in report["aggregates"]["rows"]}


def test_a_district_with_a_secret_gemeinde_gets_no_value_and_a_note(srbgraph, tmp_path):
    store = tmp_path / "store"
    report = link_json(srbgraph, str(GEMEINDEN), "--aggregate", "jugendamt", *COUNTS, "--store", str(store))
    assert cell(store, "region-lk-kusel", "2023-03-01", "Kinder in Tageseinrichtungen") == (
        None, (".", "keine Summe: 1 Gemeinde ohne Wert: 07336002 (.)",
               "no sum: 1 municipality without a value: 07336002 (.)"))
    assert cell(store, "region-lk-kusel", "2023-03-01", "Kinder unter 3 Jahren") == (
        ("372", XSD + "integer"), None)  # 222 + 150
    graph = f"<{report['graph']}>"
    aggregation = values(store, f"SELECT ?a WHERE {{ GRAPH {graph} {{ {graph} srb:aggregation ?a "
                                "FILTER(lang(?a) = 'en') } }")
    assert aggregation and "summed: Kinder in Tageseinrichtungen, Kinder unter 3 Jahren" in aggregation[0][0]
    counts = values(store, f"SELECT ?n WHERE {{ GRAPH ?g {{ ?r srb:aboutRegion <{RES}region-lk-mainz-bingen> ; "
                           f"srb:referenceDate \"2023-03-01\"^^<{XSD}date> ; srb:sourceRowCount ?n }} }}")
    assert counts == [("3",)]


def test_a_column_of_rates_is_refused_unless_sum_says_otherwise(srbgraph, tmp_path):
    store = tmp_path / "store"
    refused = srbgraph("link", str(GEMEINDEN), "--aggregate", "jugendamt", "--store", str(store))
    assert refused.code == 1 and refused.out == ""
    [line] = errors(refused)  # one line
    assert (f"{GEMEINDEN}:5: column 6 'Betreuungsquote unter 3 Jahren' (Prozent) holds rates, shares or "
            "averages") in line
    assert values(store, NO_RECORDS) == []  # nothing written
    # --sum names the columns of counts: the rate is left out, and said so
    chosen = srbgraph("link", str(GEMEINDEN), "--aggregate", "jugendamt", "--sum", "Kinder in Tageseinrichtungen",
                      "--store", str(store), "-f", "json")
    assert chosen.code == 0, chosen
    assert "not summed (left out): Kinder unter 3 Jahren, Betreuungsquote unter 3 Jahren" in chosen.err
    assert json.loads(chosen.out)["aggregation"]["summed"] == ["Kinder in Tageseinrichtungen"]
    # --sum naming the rate itself: summed as the user says, with a warning
    forced = srbgraph("link", str(GEMEINDEN), "--aggregate", "jugendamt", "--sum", "Betreuungsquote unter 3 Jahren",
                      "--store", str(store), "-f", "json")
    assert forced.code == 0 and "looks like rates, shares or averages" in forced.err


def test_ars_keys_of_a_plain_table_are_summed_as_well(srbgraph, tmp_path):
    report = link_json(srbgraph, str(ARS), "--key", "ARS", "--aggregate", "jugendamt",
                       "--store", str(tmp_path / "store"))
    sums = {d["region"]: d["values"]["Kinder in Tageseinrichtungen"] for d in report["aggregation"]["districts"]}
    assert sums == {"region-koblenz": 4212,            # 071110000000: the kreisfreie Stadt's one Gemeinde
                    "region-andernach": 1605,          # 071370003003
                    "region-mayen": 1150,              # 071370068068
                    "region-lk-mayen-koblenz": 3495,   # 071375001001 + 071375001002 = 2.105 + 1.390
                    "region-lk-mainz-bingen": 1875}    # 073390030030 Ingelheim
    # the Verbandsgemeinde (…5001000) and the Kreis (071370000000) are aggregates, not Gemeinden
    assert sorted(r["key"] for r in report["aggregates"]["rows"]) == ["071370000000", "071375001000"]
    assert report["unmatched"] == []


# --------------------------------------------------------------------------------------------
# the cross queries and the picture
# --------------------------------------------------------------------------------------------
@pytest.fixture
def linked_store(tmp_path):
    """Both fixtures linked, and a workshop held in Andernach (a city with its own Jugendamt, lying
    in the Landkreis Mayen-Koblenz) with one statement, added to the curated graph of the store."""
    store = open_store(store_dir=tmp_path / "store")
    link_file(store, KREISE)
    link_file(store, GEMEINDEN, aggregate_to="jugendamt", sums=COUNTS[1::2])
    store.update(f"""INSERT DATA {{ <{RES}workshop-test-andernach> a <{SRB}Workshop> ;
        <{SRB}heldIn> <{RES}region-andernach> . <{RES}statement-test> <{SRB}statedAt> <{RES}workshop-test-andernach> }}""")
    yield store
    store.close()


def run(store, name: str, **params):
    q = queries.named(name)
    return store.select(q.text, bind(q, params, store, "de"))


def test_linked_figures_per_district_and_date_never_the_kreis_figure_as_the_kreisjugendamts(linked_store):
    result = run(linked_store, "linked-figures", column="Genehmigte Plätze")
    rows = [dict(zip(result.variables, (None if t is None else str(t) for t in row))) for row in result.rows]
    mayen_koblenz = [r for r in rows if r["region"] == RES + "region-lk-mayen-koblenz"]
    # line 16 and 57 of the Kreis table: 2.924 (2022), 10.530 (2023), each marked as the whole Kreis
    assert sorted((r["date"], r["value"]) for r in mayen_koblenz) == [("2022-03-01", "2924"), ("2023-03-01", "10530")]
    assert all(r["coverage"].startswith("Zahl für den ganzen Landkreis Mayen-Koblenz, einschließlich Andernach "
                                        "und Mayen") for r in mayen_koblenz)
    # the workshop in Andernach is Andernach's, not the Kreisjugendamt Mayen-Koblenz's
    assert all(r["workshop"] is None for r in mayen_koblenz)
    andernach = run(linked_store, "linked-figures", column="Kinder in Tageseinrichtungen")
    found = {(str(row[4]), str(row[6]), str(row[10])) for row in andernach.rows
             if str(row[0]) == RES + "region-andernach"}
    assert found == {("2022-03-01", "1505", RES + "workshop-test-andernach"),
                     ("2023-03-01", "1605", RES + "workshop-test-andernach")}
    # a value that is not there is shown with its sign: Speyer's staff 2023 ("...")
    staff = run(linked_store, "linked-figures", column="Tätige Personen")
    speyer = [row for row in staff.rows if str(row[0]) == RES + "region-speyer" and str(row[4]) == "2023-03-01"]
    assert [(row[6], str(row[7]), str(row[8])) for row in speyer] == [(None, "...", "Angabe fällt später an")]


def test_results_above_a_threshold_leave_out_kreis_figures_that_cover_a_city(linked_store):
    places = run(linked_store, "workshop-results-where-figure-above", column="Genehmigte Plätze", threshold="0")
    regions = {str(row[0]).rsplit("/", 1)[-1] for row in places.rows}
    # Koblenz, Trier and Pirmasens have workshops; Mayen-Koblenz' Kreis figure (10.530) covers
    # Andernach and Mayen and is no figure of the district in which a workshop was held
    assert regions == {"region-koblenz", "region-trier", "region-pirmasens", "region-lk-mainz-bingen"}
    children = run(linked_store, "workshop-results-where-figure-above", column="Kinder in Tageseinrichtungen",
                   threshold="1550")
    found = {(str(row[0]).rsplit("/", 1)[-1], str(row[3]), str(row[5])) for row in children.rows}
    # Andernach's sum (1.505 in 2022, 1.605 in 2023) beside the Andernach workshop, only 2023 above 1.550
    assert ("region-andernach", "2023-03-01", "1605") in found
    assert ("region-andernach", "2022-03-01", "1505") not in found
    assert not any(region == "region-lk-mayen-koblenz" for region, _d, _v in found)


@pytest.mark.parametrize("name, params", [
    # every column: flagged Kreis figures, signs, notes and sums side by side (with one column, rdflib
    # leaves out the districts that lack it, where Oxigraph keeps them with an empty figure)
    ("linked-figures", {}),
    ("workshop-results-where-figure-above", {"column": "Tätige Personen"}),
])
def test_cross_queries_on_genesis_data_agree_on_oxigraph_and_rdflib(linked_store, name, params):
    import pyoxigraph
    import rdflib
    from test_link import _to_rdflib

    dataset = rdflib.Dataset()
    for quad in linked_store.store.quads_for_pattern(None, None, None, None):
        graph = quad.graph_name
        context = (dataset.default_graph if isinstance(graph, pyoxigraph.DefaultGraph)
                   else dataset.graph(rdflib.URIRef(graph.value)))
        context.add(tuple(_to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    on_rdflib = RdflibStore(dataset)
    on_ox = run(linked_store, name, **params)
    q = queries.named(name)
    on_rd = on_rdflib.select(q.text, bind(q, params, on_rdflib, "de"))
    assert on_ox.variables == on_rd.variables and len(on_ox) > 30
    assert compare_key(on_ox) == compare_key(on_rd)


def test_viz_shows_the_figures_of_a_district_in_its_tooltip_and_panel(srbgraph, tmp_path):
    import re

    store = tmp_path / "store"
    link_json(srbgraph, str(KREISE), "--store", str(store))
    result = srbgraph("viz", "--store", str(store), "-o", str(tmp_path / "page.html"))
    assert result.code == 0, result
    assert "linked figures of 36 regions in their tooltips" in result.err  # 24 Landkreise + 12 Städte
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    nodes = {n["id"]: n for n in json.loads(re.search(r"var DATA = (.*);\n", page).group(1))["nodes"]}
    lines = nodes["region-lk-mayen-koblenz"]["figures"]["lines"]
    assert lines[0] == ("genesis-22541-kreise 2022-03-01 — Zahl für den ganzen Landkreis Mayen-Koblenz, "
                        "einschließlich Andernach und Mayen (eigenes Jugendamt): nicht die Zahl des Kreisjugendamts")
    assert "  Genehmigte Plätze: 2.924" in lines
    speyer = nodes["region-speyer"]["figures"]["lines"]
    assert "  Tätige Personen: — (...) — Angabe fällt später an" in speyer
    assert "figures" not in nodes["region-andernach"]  # the Kreis table has no row for it
    # and the page's own script turns them into the text of the tooltip and of the detail panel
    from playwright.sync_api import sync_playwright
    from test_viz import CHROMIUM

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            view = chromium.new_page()
            failures = []
            view.on("pageerror", lambda error: failures.append(str(error)))
            view.goto((tmp_path / "page.html").as_uri())
            view.wait_for_function("() => window.srbViz && window.srbViz.nodes")
            tip = view.evaluate("() => window.srbViz.nodes.get('region-lk-mayen-koblenz').title.textContent")
            view.evaluate("() => window.srbViz.selectNode('region-lk-mayen-koblenz', false)")
            panel = view.inner_text("#srb-panel")
        finally:
            chromium.close()
    assert failures == []
    assert "Verknüpfte Kennzahlen (linked figures)" in tip and "Genehmigte Plätze: 2.924" in tip
    assert "Verknüpfte Kennzahlen (linked figures)" in panel and "Genehmigte Plätze: 2.924" in panel


# --------------------------------------------------------------------------------------------
# errors: one line, file and line named, nothing written
# --------------------------------------------------------------------------------------------
def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = KREISE.read_bytes().decode("latin-1").replace(old, new, 1)
    path = tmp_path / "broken.csv"
    path.write_bytes(text.encode("latin-1"))
    return path


@pytest.mark.parametrize("old, new, message", [
    ("01.03.2022;07131;      Ahrweiler, Landkreis;36;3.132;641;39,8",
     "01.03.2022;07131;      Ahrweiler, Landkreis;36;3.132;641", "broken.csv:11: the data row has 6 cells, the header 7"),
    ("01.03.2022;07131;      Ahrweiler, Landkreis;36;3.132;641;39,8",
     "31.02.2022;07131;      Ahrweiler, Landkreis;36;3.132;641;39,8",
     "broken.csv:11: column 1: the Stichtag '31.02.2022' is not a date"),
    ("01.03.2022;07132;", "Anmerkung\r\n01.03.2022;07132;",
     ("broken.csv:13: a data row (01.03.2022;07132;Altenkirchen (Westerwald), Landkreis) after the end of "
      "the table at line 12")),
])
def test_a_broken_genesis_table_is_one_line_naming_file_and_line(srbgraph, tmp_path, old, new, message):
    store = tmp_path / "store"
    result = srbgraph("link", str(_broken(tmp_path, old, new)), "--store", str(store))
    assert result.code == 1 and [message in line for line in errors(result)] == [True], result
    assert not store.exists() or values(store, NO_RECORDS) == []


def test_a_download_cut_off_in_a_data_row_is_refused_not_taken_as_footer(srbgraph, tmp_path):
    """A download that ends in the middle of a row: before, the broken row became the footer and
    every row after it was lost, with exit 0."""
    data = KREISE.read_bytes()
    key = data.index(b"07111")
    cut = tmp_path / "cut.csv"
    cut.write_bytes(data[:data.index(b";", data.index(b";", key) + 1)])  # after the key and the name
    store = tmp_path / "store"
    result = srbgraph("link", str(cut), "--store", str(store))
    assert result.code == 1
    [line] = errors(result)
    assert re.search(rf"{re.escape(str(cut))}:\d+: the data row has 3 cells, the header \d+ \(is the file cut off\?\)", line)
    assert not store.exists() or values(store, NO_RECORDS) == []


def test_options_that_do_not_fit_are_refused(srbgraph, tmp_path):
    store = str(tmp_path / "store")
    keyed = srbgraph("link", str(KREISE), "--key", "Schlüssel", "--store", store)
    assert keyed.code == 1 and "is a GENESIS table, keyed by the region key in its second column: --key" in keyed.err
    alone = srbgraph("link", str(KREISE), "--sum", "Tageseinrichtungen", "--store", store)
    assert alone.code == 1 and "--sum goes with --aggregate jugendamt" in alone.err
    kreise = srbgraph("link", str(KREISE), "--aggregate", "jugendamt", "--sum", "Tageseinrichtungen", "--store", store)
    assert kreise.code == 1 and "no Gemeinde (8-digit AGS or 12-digit ARS) of Rhineland-Palatinate to sum" in kreise.err
    unknown = srbgraph("link", str(GEMEINDEN), "--aggregate", "jugendamt", "--sum", "Kinder unter 3", "--store", store)
    assert unknown.code == 1 and "did you mean 'Kinder unter 3 Jahren'" in unknown.err


def test_cells_as_the_zeichenerklaerung_reads_them():
    integer, decimal = XSD + "integer", XSD + "decimal"
    assert genesis_cell("12.406").value == ("12406", integer)
    assert genesis_cell("27,3").value == ("27.3", decimal)
    assert genesis_cell("-").value == ("0", integer) and genesis_cell("-").sign.zero
    assert genesis_cell("(1.234,5)").value == ("1234.5", decimal) and genesis_cell("(1.234,5)").sign.limited
    assert [genesis_cell(s).value for s in (".", "x", "X", "/", "...", "…")] == [None] * 6
    assert [genesis_cell(s).sign.sign for s in (".", "x", "X", "/", "...", "…")] == [".", "x", "x", "/", "...", "..."]
    assert genesis_cell("").value is None and genesis_cell("").sign is None
